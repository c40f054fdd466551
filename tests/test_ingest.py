"""Storing response documents and parsing them into the database, incrementally and safely."""
import datetime as dt

import pytest
import sqlite_utils

import foi.db
from typer.testing import CliRunner

from foi.build import build
from foi.cli import app
from foi.documents import ingest as ingest_mod
from foi.documents.responses import add_response
from foi.errors import FoiError
from tests.letters import letter_pdf

D = dt.date.fromisoformat
runner = CliRunner()

LETTER = [
    "Our ref: FOI 2024/00123",
    "Date: 12 March 2024",
    "Dear Requester,",
    "Thank you for your request. I can confirm that Kent Police holds the information you requested, "
    "and it is provided in full in the table below.",
]
TABLE = [["Year", "Officers investigated", "Allegations"], ["2013", "4", "6"], ["2014", "2", "3"], ["Total", "6", "9"]]


def test_response_add_stores_once_and_never_overwrites(sent_workspace, tmp_path):
    ws = sent_workspace
    first = letter_pdf(tmp_path / "letter.pdf", LETTER, TABLE)
    stored, recorded = add_response(ws, "images", "kent", [first], date=D("2024-03-12"))
    assert recorded and stored[0].new
    assert stored[0].path == ws.responses_dir / "images" / "kent" / "letter.pdf"
    # the same content again: recognised, stored once, no second event the same day
    again, recorded_again = add_response(ws, "images", "kent", [first], date=D("2024-03-12"))
    assert not again[0].new and not recorded_again
    # a different file with the same name: kept beside it, never over it
    (tmp_path / "other").mkdir()
    second = letter_pdf(tmp_path / "other" / "letter.pdf", ["Another letter."])
    stored2, _ = add_response(ws, "images", "kent", [second], date=D("2024-03-12"))
    assert stored2[0].new and stored2[0].path.name == "letter-2.pdf"
    assert (ws.responses_dir / "images" / "kent" / "letter.pdf").read_bytes() == first.read_bytes()


def test_response_add_refuses_before_storing(sent_workspace, tmp_path):
    pdf = letter_pdf(tmp_path / "letter.pdf", LETTER)
    with pytest.raises(FoiError, match="before the request was sent"):
        add_response(sent_workspace, "images", "kent", [pdf], date=D("2024-01-01"))
    assert not (sent_workspace.responses_dir / "images" / "kent").exists()
    with pytest.raises(FoiError, match="no such file"):
        add_response(sent_workspace, "images", "kent", [tmp_path / "missing.pdf"])


def test_build_parses_documents_into_tables_and_cells(sent_workspace, tmp_path):
    ws = sent_workspace
    add_response(ws, "images", "kent", [letter_pdf(tmp_path / "letter.pdf", LETTER, TABLE)], date=D("2024-03-12"))
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.parsed == 1 and not report.documents.errors
    db = sqlite_utils.Database(ws.db_path)
    doc = db["documents"].get("images/kent/letter.pdf")
    assert doc["pages"] == 1 and doc["kind"] == "pdf" and len(doc["sha256"]) == 64 and doc["error"] is None
    assert doc["letter_ref"] == "FOI 2024/00123" and doc["letter_date"] == "2024-03-12"
    assert doc["letter_outcome"] == "full"
    assert "Kent Police holds the information" in db["pages"].get(("images/kent/letter.pdf", 1))["text"]
    cells = {(c["row"], c["col"]): c for c in db["cells"].rows_where("document = ?", ["images/kent/letter.pdf"])}
    assert cells[(0, 1)]["text"] == "Officers investigated"
    assert cells[(1, 0)]["text"] == "2013" and cells[(3, 2)]["text"] == "9"
    assert cells[(3, 2)]["x0"] is not None and cells[(3, 2)]["page"] == 1
    # full-text search over page text
    hits = list(db.query("select document from pages where rowid in (select rowid from pages_fts where pages_fts match 'confirm')"))
    assert hits == [{"document": "images/kent/letter.pdf"}]


def test_outcome_read_from_letter_unless_logged(sent_workspace, tmp_path):
    ws = sent_workspace
    add_response(ws, "images", "kent", [letter_pdf(tmp_path / "kent.pdf", LETTER, TABLE)], date=D("2024-03-12"))
    refusal = [
        "Our reference: FOI/2024/777",
        "Date: 14 March 2024",
        "I estimate that the cost of complying with your request would exceed the appropriate limit. "
        "Section 12 of the Freedom of Information Act therefore applies and I am refusing your request.",
    ]
    add_response(ws, "images", "metropolitan", [letter_pdf(tmp_path / "met.pdf", refusal)], date=D("2024-03-14"), outcome="partial")
    build(ws, as_of=D("2024-03-20"), jobs=1)
    db = sqlite_utils.Database(ws.db_path)
    kent = db["cases"].get(("images", "kent"))
    assert (kent["outcome"], kent["outcome_source"]) == ("full", "letter")
    met = db["cases"].get(("images", "metropolitan"))
    assert (met["outcome"], met["outcome_source"]) == ("partial", "logged")  # the logged outcome wins
    assert db["documents"].get("images/metropolitan/met.pdf")["letter_outcome"] == "refused"


def test_rebuild_with_nothing_changed_parses_nothing(sent_workspace, tmp_path, monkeypatch):
    ws = sent_workspace
    add_response(ws, "images", "kent", [letter_pdf(tmp_path / "letter.pdf", LETTER, TABLE)], date=D("2024-03-12"))
    build(ws, as_of=D("2024-03-20"), jobs=1)

    def fail(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(ingest_mod, "parse_one", fail)
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.parsed == 0 and report.documents.unchanged == 1
    # touching the file without changing it re-hashes but does not re-parse
    path = ws.responses_dir / "images" / "kent" / "letter.pdf"
    path.write_bytes(path.read_bytes())
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.parsed == 0 and report.documents.unchanged == 1


def test_changed_and_removed_files_follow(sent_workspace, tmp_path):
    ws = sent_workspace
    folder = ws.responses_dir / "images" / "kent"
    folder.mkdir(parents=True)
    letter_pdf(folder / "a.pdf", ["First version."])  # dropped in by hand: picked up too
    build(ws, as_of=D("2024-03-20"), jobs=1)
    db = sqlite_utils.Database(ws.db_path)
    assert "First version" in db["pages"].get(("images/kent/a.pdf", 1))["text"]
    letter_pdf(folder / "a.pdf", ["Second version."])
    build(ws, as_of=D("2024-03-20"), jobs=1)
    assert "Second version" in db["pages"].get(("images/kent/a.pdf", 1))["text"]
    (folder / "a.pdf").unlink()
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.removed == 1 and db["documents"].count == 0 and db["pages"].count == 0


def bad_files(folder, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    good = letter_pdf(tmp_path / "good.pdf", LETTER, TABLE).read_bytes()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    (folder / "zip-named.pdf").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    c = canvas.Canvas(str(folder / "encrypted.pdf"), pagesize=A4, encrypt="secret")
    c.drawString(100, 700, "Secret")
    c.save()
    (folder / "good.pdf").write_bytes(good)


def test_bad_documents_are_recorded_and_the_build_goes_on(sent_workspace, tmp_path):
    ws = sent_workspace
    folder = ws.responses_dir / "images" / "kent"
    folder.mkdir(parents=True)
    bad_files(folder, tmp_path)
    report = build(ws, as_of=D("2024-03-20"), jobs=2)
    errors = dict(report.documents.errors)
    assert set(errors) == {f"images/kent/{n}.pdf" for n in ("empty", "truncated", "garbage", "zip-named", "encrypted")}
    assert "empty" in errors["images/kent/empty.pdf"]
    assert "encrypt" in errors["images/kent/encrypted.pdf"].lower() or "password" in errors["images/kent/encrypted.pdf"].lower()
    assert "zip" in errors["images/kent/zip-named.pdf"].lower() or "not a pdf" in errors["images/kent/zip-named.pdf"].lower()
    for message in errors.values():
        assert "\n" not in message and "Traceback" not in message
    db = sqlite_utils.Database(ws.db_path)
    assert db["documents"].get("images/kent/good.pdf")["error"] is None
    assert db["documents"].get("images/kent/encrypted.pdf")["error"] == errors["images/kent/encrypted.pdf"]
    # the CLI reports them one line each, exits 0, and non-zero with --strict
    result = runner.invoke(app, ["-w", str(ws.root), "build", "--as-of", "2024-03-20"])
    assert result.exit_code == 0
    (folder / "good.pdf").unlink()
    letter_pdf(folder / "good.pdf", ["changed"])  # something to parse so the errors are reported again
    for name in ("empty", "truncated"):
        (folder / f"{name}.pdf").touch()
    result = runner.invoke(app, ["-w", str(ws.root), "build", "--strict", "--as-of", "2024-03-20", "--json"])
    assert result.exit_code == 1


def test_a_crash_mid_document_leaves_the_database_as_it_was(sent_workspace, tmp_path, monkeypatch):
    ws = sent_workspace
    folder = ws.responses_dir / "images" / "kent"
    folder.mkdir(parents=True)
    letter_pdf(folder / "a.pdf", ["First version."], TABLE)
    build(ws, as_of=D("2024-03-20"), jobs=1)
    db = sqlite_utils.Database(ws.db_path)
    before = {t: list(db[t].rows) for t in ("documents", "pages", "tables", "cells")}
    letter_pdf(folder / "a.pdf", ["Second version."], TABLE + [["2015", "1", "1"]])
    real_insert_rows = foi.db.insert_rows

    def crash_on_cells(db, table, rows, *args, **kwargs):
        if table == "cells":
            raise KeyboardInterrupt("power cut")
        return real_insert_rows(db, table, rows, *args, **kwargs)

    monkeypatch.setattr(foi.db, "insert_rows", crash_on_cells)
    with pytest.raises(KeyboardInterrupt):
        build(ws, as_of=D("2024-03-20"), jobs=1)
    monkeypatch.undo()
    db = sqlite_utils.Database(ws.db_path)
    assert {t: list(db[t].rows) for t in before} == before


_LETTER_COLUMNS = ("letter_ref", "letter_date", "letter_outcome", "letter_outcome_evidence", "letter_law")


@pytest.mark.parametrize("cores", [1, 4])
def test_the_letter_is_read_in_the_parent_when_a_core_is_spare_and_reads_the_same(sent_workspace, tmp_path, monkeypatch, cores):
    # one job on a machine with a core to spare: the parent reads what the letter says while
    # the worker reads the next document; with no core to spare the worker reads it. Same rows.
    import os

    ws = sent_workspace
    add_response(ws, "images", "kent", [letter_pdf(tmp_path / "kent.pdf", LETTER, TABLE)], date=D("2024-03-12"))
    add_response(ws, "images", "metropolitan", [letter_pdf(tmp_path / "met.pdf", LETTER[:2] + [
        "The information you requested is exempt under section 40(2) and is withheld."])], date=D("2024-03-12"))
    parent = os.getpid()
    read_by: list[int] = []
    real = ingest_mod.letter_fields

    def recorded(parsed):
        read_by.append(os.getpid())  # in a worker this list is the worker's copy: the parent never sees it
        return real(parsed)

    monkeypatch.setattr(ingest_mod, "letter_fields", recorded)
    monkeypatch.setattr("os.cpu_count", lambda: cores)  # as job_count reads it
    build(ws, as_of=D("2024-03-20"), jobs=1)
    assert read_by == ([parent, parent] if cores > 1 else [])
    db = sqlite_utils.Database(ws.db_path)
    got = {r["id"]: tuple(r[c] for c in _LETTER_COLUMNS) for r in db["documents"].rows}
    by_worker = {}
    for doc_id in got:
        letter = ingest_mod.parse_one(doc_id, str(ws.root / db["documents"].get(doc_id)["path"])).letter
        by_worker[doc_id] = tuple(letter[c] for c in _LETTER_COLUMNS)
    assert got == by_worker
    assert got["images/kent/kent.pdf"][0] == "FOI 2024/00123" and got["images/metropolitan/met.pdf"][2] == "refused"


def test_a_letter_that_cannot_be_read_in_the_parent_fails_its_document_only(sent_workspace, tmp_path, monkeypatch):
    ws = sent_workspace
    add_response(ws, "images", "kent", [letter_pdf(tmp_path / "kent.pdf", LETTER, TABLE)], date=D("2024-03-12"))
    add_response(ws, "images", "metropolitan", [letter_pdf(tmp_path / "met.pdf", ["Our ref: M/1", "Nothing to see."])],
                 date=D("2024-03-12"))
    real = ingest_mod.letter_fields

    def broken_for_met(parsed):
        if "M/1" in parsed.text:
            raise ValueError("a fault in the letter reader")
        return real(parsed)

    monkeypatch.setattr(ingest_mod, "letter_fields", broken_for_met)
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.errors == [
        ("images/metropolitan/met.pdf", "could not be read (ValueError: a fault in the letter reader)")]
    db = sqlite_utils.Database(ws.db_path)
    assert db["documents"].get("images/kent/kent.pdf")["letter_ref"] == "FOI 2024/00123"
