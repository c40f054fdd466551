"""Fuzz: malformed inputs of every kind a user or a force can hand foi, through the real commands.

A seeded generator (FUZZ_SEED, FUZZ_COUNT inputs of each kind; FOI_FUZZ_SEED and FOI_FUZZ_COUNT
run other ones) makes request files, event notes and refs, email headers and attachment names,
and document bytes. For each, through the CLI: no traceback (a refusal is one line on stderr and
exit status 1), no file written outside the workspace, no event lost, and the workspace still
builds at the end.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
from email.utils import format_datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from foi import mail
from foi.cli import app
from foi.workspace import read_events
from tests.conftest import REQUEST_YAML
from tests.letters import letter_pdf

FUZZ_SEED = int(os.environ.get("FOI_FUZZ_SEED", "20261202"))
FUZZ_COUNT = int(os.environ.get("FOI_FUZZ_COUNT", "200"))
D = dt.date.fromisoformat
runner = CliRunner()

LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
NASTY = LINE_BREAKS + ['"', "'", "\\", "=", "#", ": ", "- ", "{", "}", "[", "]", "&a", "*a", "!!python/object", "%", "@",
                       "\t", " ", "\x00", "\x7f", "\ufeff", "\u202e", "é", "😀", "\udc80", "..", "/", "../../", "~",
                       "\\\\", "`", "$(", "|", "<script>", "=?utf-8?q?", "?=", "''", '""', "null", "true", "0x1f", "1e999"]


def nasty_text(rng: random.Random, max_parts: int = 8) -> str:
    parts = []
    for _ in range(rng.randint(1, max_parts)):
        roll = rng.random()
        if roll < 0.5:
            parts.append(rng.choice(NASTY))
        elif roll < 0.8:
            parts.append("".join(rng.choice("abc XYZ019-_.,") for _ in range(rng.randint(1, 12))))
        elif roll < 0.95:
            parts.append(chr(rng.randint(1, 0x2FFF)))
        else:
            parts.append("x" * rng.randint(200, 3000))
    return "".join(parts)


def run(ws, *args):
    return runner.invoke(app, ["-w", str(ws.root), *args])


def assert_clean(result, what):
    """Exit 0, or a user's mistake: one line on stderr, exit 1. Never a traceback."""
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{what}: {exc!r}"
    assert "Traceback" not in result.output, what
    assert result.exit_code in (0, 1), (what, result.exit_code, result.output[-500:])
    if result.exit_code == 1:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
        assert len(errors) == 1, (what, result.stderr[-500:])


def files_outside(tmp_path: Path, ws_root: Path) -> set[str]:
    """Every file under tmp_path but outside the workspace (and the tests' own scratch folder)."""
    scratch = tmp_path / "scratch"
    return {str(p) for p in tmp_path.rglob("*")
            if ws_root not in p.parents and p != ws_root and scratch not in p.parents and p != scratch}


@pytest.fixture
def fuzz_ws(sent_workspace, tmp_path, monkeypatch, clean_env):
    # Typer rebuilds its command tree on every CliRunner call; once is enough here (half the time)
    import typer.testing

    command = typer.testing._get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: command)
    workspace = sent_workspace
    (workspace.root / "foi.local.yml").write_text(yaml.safe_dump({"requester": {
        "name": "Zara Quillfeather", "email": "zq@example.org", "address": "1 Fuzz Lane\nTestville TV1 1TV"}}),
        encoding="utf-8")
    # a sibling folder outside the workspace: nothing may appear there or anywhere else outside
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "canary.txt").write_text("canary", encoding="utf-8")
    (tmp_path / "scratch").mkdir()
    monkeypatch.chdir(tmp_path / "outside")  # a path escaping relative to here would show too
    before = files_outside(tmp_path, workspace.root)
    yield workspace
    assert files_outside(tmp_path, workspace.root) == before, "a file was written outside the workspace"
    # and the workspace still builds afterwards
    result = run(workspace, "build", "--as-of", "2024-06-01", "--json")
    assert_clean(result, "final build")
    assert result.exit_code == 0, result.output
    assert run(workspace, "status", "--as-of", "2024-06-01").exit_code == 0


# ---------------------------------------------------------------- request files


def mutate_request(rng: random.Random) -> bytes:
    lines = REQUEST_YAML.splitlines()
    for _ in range(rng.randint(1, 4)):
        lines = lines or [""]
        op = rng.randrange(9)
        i = rng.randrange(len(lines))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])  # a key given twice, or a line out of place
        elif op == 2:
            pos = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:pos] + nasty_text(rng, 3) + lines[i][pos:]
        elif op == 3:
            key = lines[i].split(":")[0] if ":" in lines[i] else "title"
            lines[i] = f"{key}: {rng.choice(['', '~', '[]', '{}', '3', '-1', '2.5', 'yes', '!!binary aGk=', '&a x', '*a', '[kent, [x]]', '{a: b}', '|', '>-', json.dumps(nasty_text(rng))])}"
        elif op == 4:
            lines.insert(i, f"{nasty_text(rng, 2)}: {nasty_text(rng, 2)}")
        elif op == 5:
            lines[i] = "\t" + lines[i]
        elif op == 6:
            lines = lines[: rng.randint(0, len(lines))] or [""]
        elif op == 7:
            lines[i] = lines[i].replace("kent", rng.choice(["kentt", "KENT", "all", "", "kent, kent", "../kent", "a" * 300]))
        else:
            lines.insert(i, "  " * rng.randint(1, 30) + "- " * rng.randint(1, 30) + "x")
    text = "\n".join(lines)
    data = text.encode("utf-8", "surrogateescape") if rng.random() < 0.9 else text.encode("utf-8", "replace")
    if rng.random() < 0.1:
        pos = rng.randrange(len(data) + 1)
        data = data[:pos] + bytes([rng.choice([0xFF, 0xC3, 0x80, 0x00, 0xE2])]) + data[pos:]
    return data


def fuzz_request_files(fuzz_ws):
    rng = random.Random(FUZZ_SEED)
    path = fuzz_ws.request_path("fuzz")
    for n in range(FUZZ_COUNT):
        data = mutate_request(rng)
        path.write_bytes(data)
        result = run(fuzz_ws, "status", "fuzz", "--as-of", "2024-03-01")
        assert_clean(result, f"request file #{n}: {data[:200]!r}")
        if result.exit_code == 1:
            assert str(path) in result.stderr or "fuzz" in result.stderr, result.stderr
        path.unlink()
    assert run(fuzz_ws, "request", "new", "from-fuzz", "--title", nasty_text(rng)).exit_code in (0, 1)
    (fuzz_ws.request_path("from-fuzz")).unlink(missing_ok=True)


# ---------------------------------------------------------------- event notes and refs


def fuzz_event_notes_and_refs(fuzz_ws):
    rng = random.Random(FUZZ_SEED + 1)
    kept = []
    for n in range(FUZZ_COUNT):
        note, ref = nasty_text(rng), nasty_text(rng, 3)
        force = rng.choice(["kent", "metropolitan", "northern-ireland"])
        result = run(fuzz_ws, "log", "images", force, "acknowledged", "--date", "2024-02-21", "--note", note, "--ref", ref)
        assert_clean(result, f"event #{n}: note={note[:100]!r} ref={ref[:100]!r}")
        if result.exit_code == 0:
            kept.append((force, note, ref))
        else:  # only text that is not text at all (a lone surrogate, from bytes that are not UTF-8) is refused
            assert "not valid UTF-8 text" in result.stderr and any(0xD800 <= ord(c) <= 0xDFFF for c in note + ref), result.stderr
    events = [e for e in read_events(fuzz_ws.log_path("images")) if e.event == "acknowledged"]
    # no event lost, each read back exactly as given
    assert [(e.force, e.note, e.ref) for e in events] == kept
    assert len(kept) >= FUZZ_COUNT * 0.8
    text = fuzz_ws.log_path("images").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1 + 4 + len(kept)  # header, four sent, one line per event


# ---------------------------------------------------------------- email headers and attachment names

ATTACHMENT_NAMES = ["../../../../etc/passwd", "/etc/shadow", "..\\..\\win.ini", "a\x00b.pdf", "", ".", "..", ".hidden",
                    "C:\\Windows\\x.pdf", "%2e%2e%2fx.pdf", "con", "x" * 400 + ".pdf", "é" * 200 + ".xlsx", "a/b/c.csv",
                    "\u202etxt.exe", "x.pdf\n.sh", " ", "~/.ssh/id_rsa", "foi.local.yml", "../foi.db"]


def fuzz_message(rng: random.Random, n: int, tokens: list[str], msgids: list[str]) -> bytes:
    def header_value() -> str:
        roll = rng.random()
        if roll < 0.3:
            return nasty_text(rng, 4).replace("\n", " ").replace("\r", " ")
        if roll < 0.5:
            return "=?utf-8?b?" + rng.choice(["w6k=", "!!!", "", "////"]) + "?="
        return "".join(rng.choice("abc <>@.\"';:,()[]\\") for _ in range(rng.randint(0, 40)))

    headers = {
        "From": rng.choice([header_value(), "FOI <foi@kent.police.uk>", "x@attacker.example", "<>", ""]),
        "To": "zq@example.org",
        "Subject": rng.choice([header_value(), f"RE: request [foi:{rng.choice(tokens)}]", f"{header_value()} [foi:{rng.choice(tokens)}]"]),
        "Date": rng.choice([format_datetime(dt.datetime(2024, 2, 21 + rng.randint(0, 60) // 10, 10, tzinfo=dt.timezone.utc)),
                            header_value(), "Mon, 99 Foo 2024 99:99:99 +9999", "", "Thu, 01 Jan 1970 00:00:00 +0000",
                            "Fri, 31 Dec 9999 23:59:59 +0000"]),
        "Message-ID": rng.choice([f"<fuzz-{n}@x.example>", header_value(), "", f"<fuzz-{n}@x.example> <dup@x>"]),
    }
    if rng.random() < 0.5:
        headers["In-Reply-To"] = rng.choice(msgids + [header_value(), "<" * 50])
    boundary = f"b{n}"
    name = rng.choice(ATTACHMENT_NAMES + [nasty_text(rng, 3)])
    name_header = rng.choice([
        f'attachment; filename="{name}"',
        f"attachment; filename*=utf-8''{name}",
        f"attachment; filename*0*=utf-8''{name[:5]}; filename*1*={name[5:]}",
        f"attachment; filename*=bogus'xx'{name}",
        "attachment",
        f"inline; filename={name}",
    ]).replace("\n", " ").replace("\r", " ")
    body = rng.choice([
        "We acknowledge receipt of your request.",
        "Please find attached our response.",
        "We have decided to refuse your request under section 12.",
        nasty_text(rng),
    ])
    payload = rng.choice([b"%PDF-1.4 broken", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(50)),
                          b"year,officers\n2013,4\n", bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))])
    import base64

    lines = [f"{k}: {v}" for k, v in headers.items()]
    lines += ["MIME-Version: 1.0", f'Content-Type: multipart/mixed; boundary="{boundary}"', "",
              f"--{boundary}", "Content-Type: text/plain; charset=utf-8", "", body, f"--{boundary}",
              f"Content-Type: {rng.choice(['application/pdf', 'application/octet-stream', 'text/csv', 'image/png', 'x/y;;'])}",
              f"Content-Disposition: {name_header}", "Content-Transfer-Encoding: base64", "",
              base64.b64encode(payload).decode() if rng.random() < 0.9 else "!!!not base64!!!", f"--{boundary}--", ""]
    data = "\r\n".join(lines).encode("utf-8", "surrogateescape")
    if rng.random() < 0.1:
        data = data[: rng.randrange(len(data))]
    return data


def fuzz_email_headers_and_attachment_names(fuzz_ws, tmp_path):
    rng = random.Random(FUZZ_SEED + 2)
    request = fuzz_ws.load_request("images")
    tokens = [mail.case_token("images", f) for f in request.recipients] + ["0000000000", "zzzz"]
    msgids = [e.extra.get("message_id") or "<none@x>" for e in read_events(fuzz_ws.log_path("images"))]
    msgids = [m for m in msgids if m] + ["<sent-kent@example.org>"]
    box = tmp_path / "scratch" / "fuzz.mbox"
    with open(box, "wb") as f:
        for n in range(FUZZ_COUNT):
            f.write(b"From fuzz@example Thu Jan  1 00:00:00 2024\n")
            f.write(fuzz_message(rng, n, tokens, msgids).replace(b"\nFrom ", b"\n>From "))
            f.write(b"\n\n")
    result = run(fuzz_ws, "inbox", "import", str(box), "--json")
    assert_clean(result, "inbox import")
    assert result.exit_code == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert len(report) == FUZZ_COUNT  # every message accounted for: none stops the rest
    for item in report:
        for rel in item["files"]:
            stored = (fuzz_ws.root / rel).resolve()
            assert fuzz_ws.responses_dir.resolve() in stored.parents and stored.is_file()
            assert len(stored.name.encode("utf-8")) <= 160
    recorded = [m for m in report if m["status"] == "recorded"]
    events = [e for e in read_events(fuzz_ws.log_path("images")) if e.extra.get("source") == "email"]
    assert len(events) == len(recorded)  # every recorded event is in the log, none lost
    assert all(e.extra.get("sender_domain") for e in events)  # "unknown" when there is no sender to tell


# ---------------------------------------------------------------- document bytes


def mutate_document(rng: random.Random, seeds: list[bytes]) -> bytes:
    data = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(6)
        if op == 0 and data:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1 and data:
            del data[rng.randrange(len(data)):]
        elif op == 2:
            other = rng.choice(seeds)
            a = rng.randrange(len(other) + 1)
            data[rng.randrange(len(data) + 1):] = other[a:a + rng.randint(0, 2000)]
        elif op == 3:
            data[0:0] = rng.choice([b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe",
                                    b"From: x\nSubject: y\n\n", b"<html><body>", b"{\\rtf1"])
        elif op == 4 and data:
            a = rng.randrange(len(data))
            data[a:a] = data[a:a + rng.randint(1, 500)] * rng.randint(1, 5)
        else:
            data += bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
    return bytes(data)


def fuzz_document_bytes(fuzz_ws, tmp_path):
    rng = random.Random(FUZZ_SEED + 3)
    seeds = [letter_pdf(tmp_path / "scratch" / "seed.pdf", ["Dear requester,", "The information is provided in full below."],
                        [["Year", "Officers"], ["2013", "4"], ["2014", "2"]]).read_bytes(),
             b"Year,Officers investigated\n2013,4\n2014,2\nTotal,6\n",
             "Year;Officers\n2013;4\n2014;é\n".encode("latin-1")]
    from openpyxl import Workbook
    import io

    wb = Workbook()
    wb.active.append(["Year", "Officers"])
    wb.active.append([2013, 4])
    buf = io.BytesIO()
    wb.save(buf)
    seeds.append(buf.getvalue())
    names = [".pdf", ".xlsx", ".csv", ".txt", ".docx", ".eml", ""]
    folders = ["kent", "metropolitan", "police-scotland", "northern-ireland"]
    from foi.documents.ingest import find_documents

    before = len(find_documents(fuzz_ws.responses_dir))  # what the email phase stored
    written = 0
    for n in range(FUZZ_COUNT):
        folder = fuzz_ws.responses_dir / "images" / rng.choice(folders)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"fuzz-{n:03d}{rng.choice(names)}").write_bytes(mutate_document(rng, seeds))
        written += 1
    result = run(fuzz_ws, "build", "--as-of", "2024-06-01", "--json")
    assert_clean(result, "build of fuzzed documents")
    assert result.exit_code == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["documents"]["found"] == before + written and report["documents"]["parsed"] >= written
    for item in report["documents"]["errors"]:
        assert "\n" not in item["error"] and "Traceback" not in item["error"]


def test_fuzz_every_kind_of_input(fuzz_ws, tmp_path):
    """One workspace takes every kind in turn, so that the last build reads what all of them left."""
    fuzz_request_files(fuzz_ws)
    fuzz_event_notes_and_refs(fuzz_ws)
    fuzz_email_headers_and_attachment_names(fuzz_ws, tmp_path)
    fuzz_document_bytes(fuzz_ws, tmp_path)
