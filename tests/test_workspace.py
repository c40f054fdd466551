"""Workspaces, request files and their errors, forces and groups."""
from pathlib import Path

import pytest

from foi import forces
from foi.errors import FoiError
from foi.workspace import find_workspace, init_workspace, load_request_file, new_request
from tests.conftest import load_yaml


def write(ws, text, slug="req"):
    path = ws.request_path(slug)
    path.write_text(text, encoding="utf-8")
    return path


def test_init_is_idempotent_and_keeps_files(tmp_path):
    ws, created = init_workspace(tmp_path / "w")
    assert (ws.root / "requests").is_dir() and (ws.root / "responses").is_dir()
    assert "foi.local.yml" in (ws.root / ".gitignore").read_text()
    (ws.root / "metadata.yml").write_text("title: mine\n")
    _, again = init_workspace(tmp_path / "w")
    assert again == [] and (ws.root / "metadata.yml").read_text() == "title: mine\n"


def test_find_workspace_upwards_and_explicit(workspace, tmp_path, monkeypatch):
    deep = workspace.root / "responses" / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.delenv("FOI_WORKSPACE", raising=False)
    assert find_workspace(start=deep).root == workspace.root
    assert find_workspace(str(workspace.root)).root == workspace.root
    with pytest.raises(FoiError, match="not a foi workspace"):
        find_workspace(str(tmp_path))
    with pytest.raises(FoiError, match="no foi workspace"):
        find_workspace(start=tmp_path)


def test_valid_request_resolves_groups(workspace):
    path = write(workspace, "title: T\nbody: B\nto: [wales, metropolitan, dyfed-powys]\n")
    request = load_request_file(path)
    assert request.recipients == ["dyfed-powys", "gwent", "north-wales", "south-wales", "metropolitan"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        ("title: T\nbody: [oops\n", "line 3: expected ',' or ']'"),
        ("- a\n- b\n", "expected a mapping"),
        ("title: T\nbody: B\n", "missing required key 'to'"),
        ("title: T\nbody: B\nto: [kent]\ntitel: x\n", "line 4: unknown key 'titel'; did you mean 'title'"),
        ("title: T\nbody: B\nto: [kent, thames-vally]\n", "line 3: unknown force or group 'thames-vally'; did you mean thames-valley"),
        ("title: T\nbody: B\nto: [nca]\n", "not subject to FOI law"),
        ("title: T\nbody: B\nto: [kent]\nperiods: monthly\n", "line 4: 'periods' must be one of calendar-year, financial-year"),
        ("title: T\nbody: B\nto: [kent]\nsince: '2006-01-01'\n", "line 4: 'since' must be a year"),
        ("title: T\nbody: B\nto: [kent]\nmeasures: [a, b]\n", "line 4: 'measures' must map"),
        ("title: T\nbody: B\nto: [kent]\nmeasures:\n  Bad Key: [x]\n", "line 4: measure key 'Bad Key'"),
        ("title: [T]\nbody: B\nto: [kent]\n", "line 1: 'title' must be text"),
    ],
)
def test_bad_request_files_name_file_line_and_problem(workspace, text, message):
    path = write(workspace, text)
    with pytest.raises(FoiError) as info:
        load_request_file(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_bad_slug_and_non_utf8(workspace):
    path = workspace.requests_dir / "Bad_Slug.yml"
    path.write_text("title: T\nbody: B\nto: [kent]\n")
    with pytest.raises(FoiError, match="slug"):
        load_request_file(path)
    path = write(workspace, "")
    path.write_bytes(b"title: \xff\xfe\n")
    with pytest.raises(FoiError, match="not UTF-8"):
        load_request_file(path)


def test_new_request_scaffold_is_valid(workspace):
    path = new_request(workspace, "knives", to=["scotland"])
    request = load_request_file(path)
    assert request.recipients == ["police-scotland"] and request.periods == "calendar-year"
    with pytest.raises(FoiError, match="already exists"):
        new_request(workspace, "knives")


def test_unknown_request_suggests(workspace):
    with pytest.raises(FoiError, match="did you mean 'images'"):
        workspace.load_request("imagse")


def test_forces_list_and_groups():
    all_forces = forces.all_forces()
    assert len(all_forces) == 49
    assert all_forces["police-scotland"].law == "FOISA" and all_forces["kent"].law == "FOIA"
    assert len(forces.group_members("england-wales")) == 43
    assert len(forces.group_members("england")) == 39
    assert forces.group_members("wales") == ["dyfed-powys", "gwent", "north-wales", "south-wales"]
    assert len(forces.group_members("territorial")) == 45
    assert len(forces.group_members("all")) == 48  # every force but the NCA
    assert "nca" not in forces.group_members("all")
    assert forces.group_members("scotland") == ["police-scotland"]
    assert forces.group_members("northern-ireland") == ["northern-ireland"]


def test_unknown_force_suggests_nearest():
    assert "greater-manchester" in forces.suggest("greater-manchster")
    assert forces.suggest("Thames Valley Police") == ["thames-valley"]
    with pytest.raises(FoiError, match="did you mean"):
        forces.resolve(["merseysde"])


def test_new_workspaces_get_the_full_metadata_and_the_example_keeps_in_step(tmp_path):
    import yaml

    from foi.workspace import metadata_template

    ws, _ = init_workspace(tmp_path / "w")
    written = load_yaml(ws.root / "metadata.yml")
    assert written["title"] == "FOI requests to UK police forces"
    assert "comparison" in written["databases"]["foi"]["tables"]
    assert "datasette-dashboards" in written["plugins"]
    # the repository's example differs only in its title and description, and in the request and
    # measure its charts' selectors start on (a new workspace has no request yet to name)
    example = load_yaml(Path(__file__).parent.parent / "metadata.yml")
    template = yaml.safe_load(metadata_template())
    filters = example["plugins"]["datasette-dashboards"]["compare"]["filters"]
    assert (filters["request"].pop("default"), filters["measure"].pop("default")) == ("obscene-images", "allegations")
    for key in ("databases", "plugins", "license", "source"):
        assert example[key] == template[key], key
