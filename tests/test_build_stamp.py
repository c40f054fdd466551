"""`foi build` with nothing to do answers from the build's stamp, and only then.

The stamp may only ever save time: whatever changed since the last build (a file, foi.db, a
picture, the day, a setting in the environment) must reach a full build, and what the stamp
prints must be what that full build would print.
"""
import datetime as dt
import io
import json
import marshal
import os
import subprocess
import sys

import pytest

from foi import build_stamp
from foi.__main__ import BUILD_FLAGS, BUILD_VALUE_OPTIONS, GLOBAL_VALUE_OPTIONS, answered_from_stamp, plain_build
from foi.build import build

from .conftest import copy_example

DAY = "2024-06-03"
STALE_DECISION = """\
- force: merseyside
  measure: crimes
  period: 2099/00
  action: confirm
  source: {document: hospital-crimes/merseyside/gone.pdf, table: 1, row: 1, col: 1, text: '7'}
"""


@pytest.fixture
def example(tmp_path, clean_env):
    """The example's hospital-crimes request, with a review decision that no longer applies (so
    the build has a warning to print), built once."""
    ws = copy_example(tmp_path / "ws", slugs=["hospital-crimes"])
    (ws.case_dir("hospital-crimes") / "corrections.yml").write_text(STALE_DECISION, encoding="utf-8")
    report = build(ws, as_of=dt.date.fromisoformat(DAY), jobs=1)
    assert report.settled and report.figures.stale  # the warning is there to be printed again
    return ws


def foi(ws, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "foi", "--workspace", str(ws.root), "build", "--as-of", DAY, *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, check=True)


def without_seconds(text: str) -> str:
    data = json.loads(text)
    data["documents"]["seconds"] = 0
    return json.dumps(data)


def test_the_stamp_prints_what_a_full_build_with_nothing_to_do_prints(example):
    stamped_json, stamped_text = foi(example, "--json"), foi(example)
    assert build_stamp.fresh_report(example.root, DAY) is not None
    build_stamp.clear(example.root)  # the same builds again, the long way
    full_json = foi(example, "--json")
    build_stamp.clear(example.root)
    full_text = foi(example)
    assert without_seconds(stamped_json.stdout) == without_seconds(full_json.stdout)
    assert json.loads(stamped_json.stdout)["documents"]["parsed"] == 0
    assert (stamped_text.stdout, stamped_text.stderr) == (full_text.stdout, full_text.stderr)
    assert "corrections.yml: the decision on merseyside crimes 2099/00 was not applied" in stamped_text.stderr
    assert stamped_text.stdout.count("\n") == 1  # one line, whatever the width


def test_the_stamp_answers_before_the_command_line_is_loaded(example):
    answer = foi(example, "--json", env={"PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.split("|")[-1].strip() for line in answer.stderr.splitlines() if line.startswith("import time:")}
    assert "foi.build_stamp" in imported
    assert not imported & {"typer", "yaml", "sqlite_utils", "sqlite3", "rich", "foi.cli"}
    assert json.loads(answer.stdout)["figures"]["figures"] > 0


def test_the_stamp_check_imports_nothing_python_starts_without(example):
    """pathlib, json, hashlib and typing each took longer to import than the check takes (the
    first three bring in `re` or OpenSSL), datetime a third of it: the no-op build must not load them."""
    code = (
        "import sys, io; before = set(sys.modules)\n"
        "from foi.__main__ import answered_from_stamp\n"
        "sys.stdout = io.StringIO()\n"
        f"answered = answered_from_stamp(['--workspace', {str(example.root)!r}, 'build', '--as-of', {DAY!r}, '--json'])\n"
        "sys.stderr.write(repr((answered, sorted(set(sys.modules) - before))))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOI_")}  # a FOI_ setting is hashed: hashlib then
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    answered, loaded = eval(run.stderr)
    assert answered
    assert not set(loaded) & {"re", "json", "pathlib", "hashlib", "typing", "datetime", "sqlite3", "yaml", "typer",
                              "rich"}, loaded


def test_a_setting_in_the_environment_is_stamped_by_its_hash_only(example, monkeypatch):
    monkeypatch.setenv("FOI_SMTP_PASSWORD", "pw-not-on-disk-7f3a")
    build(example, as_of=dt.date.fromisoformat(DAY), jobs=1)
    stamp = build_stamp.stamp_path(example.root).read_bytes()
    assert b"FOI_SMTP_PASSWORD" in stamp and b"pw-not-on-disk-7f3a" not in stamp
    assert build_stamp.fresh_report(example.root, DAY) is not None
    monkeypatch.setenv("FOI_SMTP_PASSWORD", "another")
    assert build_stamp.fresh_report(example.root, DAY) is None


def touch(path):
    info = os.stat(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


def copy_keeping_time(ws):
    """Another file's bytes put in place of a document, with the document's size and times (`cp -p`)."""
    target = next((ws.responses_dir / "hospital-crimes" / "merseyside").iterdir())
    info = os.stat(target)
    data = bytearray(target.read_bytes())
    data[-1] = data[-1] ^ 1  # one bit different
    target.write_bytes(bytes(data))
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))


def mangle_report(ws):
    path = build_stamp.stamp_path(ws.root)
    stamp = marshal.loads(path.read_bytes())
    stamp["report"]["messages"] = [["out", "built"]]  # the fingerprint still matches
    path.write_bytes(marshal.dumps(stamp))


CHANGES = {
    "a request file touched": lambda ws: touch(ws.request_path("hospital-crimes")),
    "a case's log touched": lambda ws: touch(ws.log_path("hospital-crimes")),
    "a document added": lambda ws: (ws.responses_dir / "hospital-crimes" / "merseyside" / "more.csv").write_text("a\n1\n"),
    "a document removed": lambda ws: next((ws.responses_dir / "hospital-crimes" / "northumbria").iterdir()).unlink(),
    "a document copied over with its size and time": lambda ws: copy_keeping_time(ws),
    "foi.db deleted": lambda ws: ws.db_path.unlink(),
    "foi.db written by another program": lambda ws: touch(ws.db_path),
    "a setting in the environment": lambda ws: os.environ.__setitem__("FOI_PDF_OBJECTS", "pdfminer"),
    "foi's code changed": lambda ws: touch(build_stamp.__file__),
    "a stamp that is not one": lambda ws: build_stamp.stamp_path(ws.root).write_text("{not json"),
    "a stamp's report edited by hand": lambda ws: mangle_report(ws),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_goes_to_a_full_build(example, change):
    code = build_stamp.__file__
    before = os.stat(code)
    try:
        assert build_stamp.fresh_report(example.root, DAY) is not None
        CHANGES[change](example)
        assert build_stamp.fresh_report(example.root, DAY) is None
    finally:
        os.utime(code, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.environ.pop("FOI_PDF_OBJECTS", None)


def test_another_day_goes_to_a_full_build(example):
    assert build_stamp.fresh_report(example.root, DAY) is not None
    assert build_stamp.fresh_report(example.root, "2024-06-04") is None  # case states are computed for a day


def test_an_unsettled_build_leaves_no_stamp(example):
    (example.responses_dir / "hospital-crimes" / "merseyside" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    report = build(example, as_of=dt.date.fromisoformat(DAY), jobs=1)
    assert report.documents.errors and not report.settled
    assert not build_stamp.stamp_path(example.root).exists()  # the next build reads it again and says so again
    assert "broken.pdf" in foi(example).stderr


def test_a_file_changed_during_the_build_leaves_no_stamp(example):
    (example.responses_dir / "hospital-crimes" / "merseyside" / "more.csv").write_text("year,crimes\n2020,1\n")

    def edit_meanwhile(doc_id, done, total):  # the log was read before this: the build may not have seen the change
        touch(example.log_path("hospital-crimes"))

    report = build(example, as_of=dt.date.fromisoformat(DAY), jobs=1, progress=edit_meanwhile)
    assert report.settled and report.documents.parsed == 1
    assert not build_stamp.stamp_path(example.root).exists()


def test_colours_on_a_terminal_are_left_to_the_command_line(example, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    args = ["--workspace", str(example.root), "build", "--as-of", DAY]
    assert not answered_from_stamp(args)  # the warning would be yellow
    assert answered_from_stamp(args + ["--json"])  # JSON has no colours
    assert json.loads(sys.stdout.getvalue())["cases"] > 0


def test_which_commands_the_stamp_may_answer(today):
    assert plain_build(["build"]) == (None, today.isoformat(), False)
    assert plain_build(["-w", "ws", "build", "--json", "-j", "2", "--strict"]) == ("ws", today.isoformat(), True)
    assert plain_build(["--workspace=ws", "build", "--as-of=2024-06-03", "--jobs=4"]) == ("ws", "2024-06-03", False)
    for args in (["status"], [], ["build", "--help"], ["build", "--as-of", "2024-13-01"], ["build", "--as-of", "20240603"],
                 ["build", "--jobs", "0"], ["build", "--jobs"], ["build", "extra"], ["build", "--workspace", "ws"],
                 ["build", "--json=1"], ["-w", "build"]):
        assert plain_build(args) is None, args


def test_the_stamp_knows_every_option_of_foi_build():
    """A new option of `foi build` must be taught to the stamp (or left to the command line) on purpose."""
    import typer.main

    from foi.cli import app

    group = typer.main.get_command(app)
    build_command = group.commands["build"]  # type: ignore[attr-defined]
    names = {name for p in build_command.params for name in p.opts}
    assert names == BUILD_VALUE_OPTIONS | BUILD_FLAGS
    assert {name for p in group.params for name in p.opts} == GLOBAL_VALUE_OPTIONS


def test_a_stamp_that_cannot_be_written_costs_only_time(example, monkeypatch):
    def disk_full(*args):
        raise OSError(28, "No space left on device")

    import types

    monkeypatch.setattr(build_stamp, "os", types.SimpleNamespace(**{**vars(os), "replace": disk_full}))  # its own os only
    report = build(example, as_of=dt.date.fromisoformat(DAY), jobs=1)
    assert report.settled and report.figures.figures > 0
    assert sorted(p.name for p in example.root.glob("foi.db-stamp*")) == []
