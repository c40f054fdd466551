"""No single input may stop the whole workspace: what a user types, a force's email carries or a
hand edit leaves behind is either kept exactly or refused with one line naming the file."""
import datetime as dt
import os
import sqlite3
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from foi.build import build
from foi.cli import app
from foi.errors import FoiError
from foi.workspace import load_request_file, read_events

D = dt.date.fromisoformat
runner = CliRunner()
# Every character str.splitlines() breaks a line at
LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def foi(ws, *args):
    return runner.invoke(app, ["-w", str(ws.root), *args])


def one_line_error(result, *needles):
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    err = result.stderr.strip()
    assert "Traceback" not in result.output and len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.fixture
def sent(sent_workspace):
    """The conftest workspace with `images` sent (named for the many lines that use it)."""
    return sent_workspace


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=[hex(ord(c[-1])) for c in LINE_BREAKS])
def test_every_line_break_in_a_note_or_ref_is_kept_exactly_and_the_log_still_reads(sent, brk):
    note = f"called them{brk}they said{brk}"
    ref = f"FOI{brk}2024/1"
    result = foi(sent, "log", "images", "kent", "acknowledged", "--date", "2024-02-21", "--note", note, "--ref", ref)
    assert result.exit_code == 0, result.output
    log = sent.log_path("images")
    # the header, four `sent`, this event: one line each, by every rule of what a line is
    assert len(log.read_text(encoding="utf-8").splitlines()) == 6
    kent = [e for e in read_events(log) if e.force == "kent"]
    assert (kent[-1].note, kent[-1].ref) == (note, ref)
    # and every command still works after it
    assert foi(sent, "status", "images").exit_code == 0
    assert foi(sent, "log", "images", "kent", "responded", "--date", "2024-03-01", "--outcome", "full").exit_code == 0


def test_an_old_log_with_a_raw_unicode_line_break_still_reads(sent):
    log = sent.log_path("images")
    with open(log, "a", encoding="utf-8") as f:
        f.write('2024-02-21 kent acknowledged note="a\u2028b\x85c"\n')
    assert [e.note for e in read_events(log) if e.force == "kent" and e.note] == ["a\u2028b\x85c"]
    assert foi(sent, "status", "images").exit_code == 0


def test_a_non_utf8_byte_in_a_hand_edited_log_is_named_with_its_line(sent):
    log = sent.log_path("images")
    with open(log, "ab") as f:
        f.write(b"2024-02-21 kent acknowledged note=caf\xe9\n")
    lines = len(log.read_bytes().splitlines())
    one_line_error(foi(sent, "status"), f"{log}:{lines}", "not UTF-8")
    one_line_error(foi(sent, "build"), f"{log}:{lines}")


@pytest.mark.parametrize("title", ['Stats: #1 "x"', "two\nlines\nto: [kent]", "- a list?", "{not: a map}", "'quoted", "tab\there", "\u2028x"])
def test_request_new_writes_valid_yaml_whatever_the_title(workspace, title):
    result = foi(workspace, "request", "new", "stats", "--title", title)
    assert result.exit_code == 0, result.output
    request = load_request_file(workspace.request_path("stats"))
    assert request.title == title.strip()
    assert request.to == ["england-wales"]  # a newline in the title injected nothing
    text = workspace.request_path("stats").read_text(encoding="utf-8")
    assert text.startswith("# A request") and "measures:" in text  # still the commented template


def test_a_duplicate_key_in_a_request_file_is_refused_with_its_line(workspace):
    path = workspace.request_path("images")
    path.write_text(path.read_text() + "to: [kent]\n", encoding="utf-8")
    with pytest.raises(FoiError, match=r"images.yml: line 10: 'to' is given twice \(first on line 4\)"):
        load_request_file(path)
    nested = workspace.request_path("nested")
    nested.write_text("title: T\nbody: B\nto: [kent]\nmeasures:\n  officers: [a]\n  officers: [b]\n", encoding="utf-8")
    with pytest.raises(FoiError, match=r"line 6: 'officers' is given twice"):
        load_request_file(nested)
    one_line_error(foi(workspace, "status"), "given twice")


@pytest.mark.parametrize("args", [
    ["request", "new", "a" * 300],
    ["log", "a" * 300, "kent", "sent"],
    ["status", "b" * 300],
    ["send", "c" * 300],
])
def test_a_very_long_slug_is_one_line(workspace, args):
    one_line_error(foi(workspace, *args), "slug")


def test_serve_on_an_impossible_port_is_one_line(workspace):
    build(workspace, as_of=D("2024-03-01"))
    one_line_error(foi(workspace, "serve", "--port", "99999"), "99999")
    one_line_error(foi(workspace, "serve", "--port", "-1"), "-1")


METADATA_OF_THE_WRONG_SHAPE = [
    ("- a\n- b\n", "a mapping"),
    ("databases: [foi]\n", "databases"),
    ("databases:\n  foi:\n    tables: 3\n", "tables"),
    ("databases:\n  foi:\n    tables:\n      cases: [x]\n", "cases"),
    ("databases:\n  foi:\n    queries:\n      q: 5\n", "q"),
    ("title: [1, 2]\n", "title"),
    ("plugins: 3\n", "plugins"),
    ("extra_css_urls: 3\n", "extra_css_urls"),
]


def test_metadata_of_the_wrong_shape_is_one_line(workspace, tmp_path):
    build(workspace, as_of=D("2024-03-01"))
    for n, (text, needle) in enumerate(METADATA_OF_THE_WRONG_SHAPE):
        workspace.metadata_path.write_text(text, encoding="utf-8")
        one_line_error(foi(workspace, "serve", "--port", "0"), "metadata.yml", needle)
        if n < 3:  # publish reads it through the same check
            one_line_error(foi(workspace, "publish", str(tmp_path / "out"), "--no-requester"), "metadata.yml", needle)


def test_a_corrupt_database_is_set_aside_and_rebuilt(sent):
    build(sent, as_of=D("2024-03-01"))
    sent.db_path.write_bytes(b"this is not SQLite at all" * 100)
    result = foi(sent, "build", "--as-of", "2024-03-01")
    assert result.exit_code == 0, result.output
    kept = sorted(sent.root.glob("foi.db-broken-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not SQLite")
    assert "set aside" in result.stderr and str(kept[0].name) in result.stderr
    con = sqlite3.connect(sent.db_path)
    assert con.execute("select count(*) from cases").fetchone()[0] == 4


def test_a_truncated_database_is_set_aside_and_rebuilt(sent):
    build(sent, as_of=D("2024-03-01"))
    data = sent.db_path.read_bytes()
    sent.db_path.write_bytes(data[: len(data) // 3])
    result = foi(sent, "build", "--as-of", "2024-03-01")
    assert result.exit_code == 0, result.output
    assert len(list(sent.root.glob("foi.db-broken-*"))) == 1


def test_commands_that_read_a_corrupt_database_say_so_in_one_line(sent):
    build(sent, as_of=D("2024-03-01"))
    sent.db_path.write_bytes(b"\x00garbage" * 500)
    one_line_error(foi(sent, "compare", "images"), "foi.db", "foi build")


def test_two_builds_at_once_wait_or_say_another_is_running(sent, monkeypatch):
    from foi import dbfile

    build(sent, as_of=D("2024-03-01"))
    lock = dbfile.build_lock(sent, wait=0)
    lock.__enter__()
    try:
        monkeypatch.setattr(dbfile, "LOCK_WAIT_SECONDS", 0.5)
        result = foi(sent, "build")
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert [l for l in result.stderr.splitlines() if l.startswith("Error")] == [
            f"Error: another foi build is running on this workspace (process {os.getpid()}); run this one again when it has finished"
        ]
    finally:
        lock.__exit__(None, None, None)
    # and two real ones at once both finish, one after the other
    env = dict(os.environ, FOI_WORKSPACE=str(sent.root))
    procs = [subprocess.Popen([sys.executable, "-m", "foi", "build", "--as-of", "2024-03-01"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err.decode()
        assert b"Traceback" not in err
