"""Every settings file foi reads is read one way: a broken one is one line naming the file and the line."""
from __future__ import annotations

import pytest

from foi.errors import FoiError
from foi.figures.categories import categories_path, load_categories
from foi.figures.corrections import corrections_path, load_corrections
from foi.mail.settings import force_addresses
from foi.publish import load_metadata

BROKEN = "first: 1\nsecond: [unclosed\nthird: 3\n"


def _readers(ws):
    case_dir = ws.case_dir("images")
    case_dir.mkdir(parents=True, exist_ok=True)
    return {
        "foi.local.yml": (ws.root / "foi.local.yml", ws.local_config),
        "forces.yml": (ws.root / "forces.yml", lambda: force_addresses(ws)),
        "metadata.yml": (ws.root / "metadata.yml", lambda: load_metadata(ws.root / "metadata.yml")),
        "categories.yml": (categories_path(case_dir), lambda: load_categories(categories_path(case_dir))),
        "corrections.yml": (corrections_path(case_dir), lambda: load_corrections(corrections_path(case_dir))),
    }


@pytest.mark.parametrize("name", ["foi.local.yml", "forces.yml", "metadata.yml", "categories.yml", "corrections.yml"])
def test_a_broken_settings_file_is_one_line_naming_it_and_the_line(workspace, name):
    path, read = _readers(workspace)[name]
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(FoiError) as raised:
        read()
    message = str(raised.value)
    assert message.startswith(f"{path}: not valid YAML (line ")
    assert "\n" not in message


@pytest.mark.parametrize("name", ["foi.local.yml", "categories.yml", "corrections.yml"])
def test_an_empty_settings_file_is_no_settings(workspace, name):
    path, read = _readers(workspace)[name]
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert not read()


@pytest.mark.parametrize("name", ["foi.local.yml", "corrections.yml"])
def test_a_settings_file_that_is_not_utf8_is_named(workspace, name):
    path, read = _readers(workspace)[name]
    path.write_bytes(b"name: \xff\xfe caf\xe9\n")
    with pytest.raises(FoiError, match="not UTF-8 text"):
        read()
