"""Figures end to end: PDF -> tables -> figures in foi.db, review decisions surviving rebuilds, compare."""
import datetime as dt
import json

import pytest
import sqlite_utils
from typer.testing import CliRunner

from foi import cases
from foi.build import build
from foi.cli import app
from foi.compare import compare
from foi.documents.ingest import parse_one as _real_parse_one
from foi.documents.responses import add_response
from foi.errors import FoiError
from foi.figures.corrections import corrections_path, load_corrections
from foi.figures.review import decide, items_to_review
from tests.letters import letter_pdf

D = dt.date.fromisoformat
runner = CliRunner()

KENT_TABLE = [
    ["Year", "Officers investigated", "Number of allegations"],
    ["2013", "4", "6"],
    ["2014", "2", "3"],
    ["Total", "6", "9"],
]
MET_TABLE = [
    ["Year", "Officers", "Allegations"],
    ["2013", "19", "18"],
    ["2014", "<5", "7"],
]


def letter(ref):
    return [f"Our ref: {ref}", "Date: 12 March 2024", "I can confirm that the force holds the information you requested; it is provided below."]


@pytest.fixture
def built(sent_workspace, tmp_path):
    workspace = sent_workspace
    add_response(workspace, "images", "kent", [letter_pdf(tmp_path / "kent.pdf", letter("K/1"), KENT_TABLE)], date=D("2024-03-12"))
    add_response(workspace, "images", "metropolitan", [letter_pdf(tmp_path / "met.pdf", letter("M/1"), MET_TABLE)], date=D("2024-03-12"))
    cases.record_events(
        workspace, workspace.load_request("images"),
        [cases.Event(D("2024-03-01"), "northern-ireland", "responded", outcome="refused")],
    )
    build(workspace, as_of=D("2024-03-20"), jobs=1)
    return workspace


def figures(ws):
    db = sqlite_utils.Database(ws.db_path)
    return {(f["force"], f["measure"], f["period"]): f for f in db["figures"].rows}


def test_figures_are_tidy_and_traceable(built):
    figs = figures(built)
    kent = figs[("kent", "officers", "2013")]
    assert (kent["value"], kent["suppressed"], kent["needs_review"]) == (4, 0, 0)
    assert figs[("kent", "allegations", "total")]["value"] == 9
    assert kent["document"] == "images/kent/kent.pdf" and kent["page"] == 1 and kent["raw_text"] == "4"
    assert kent["x0"] is not None and kent["top"] is not None
    suppressed = figs[("metropolitan", "officers", "2014")]
    assert (suppressed["value"], suppressed["suppressed"]) == (None, 1)
    assert figs[("metropolitan", "allegations", "2013")]["value"] == 18


def test_review_decisions_survive_rebuilds_and_report_stale_cells(built, tmp_path):
    ws = built
    db = sqlite_utils.Database(ws.db_path)
    target = next(f for f in items_to_review(db, "images", include_all=True)
                  if (f["force"], f["measure"], f["period"]) == ("kent", "officers", "2014"))
    decide(ws, db, "images", target["key"], "correct", value=3, note="checked with the force")
    saved = load_corrections(corrections_path(ws.case_dir("images")))
    assert [(c.force, c.measure, c.period, c.value, c.cell_text) for c in saved] == [("kent", "officers", "2014", 3, "2")]
    build(ws, as_of=D("2024-03-20"), jobs=1)
    corrected = figures(ws)[("kent", "officers", "2014")]
    assert (corrected["value"], corrected["corrected"], corrected["needs_review"]) == (3, 1, 0)
    # the force sends a new version of the letter: that cell now reads differently
    new_table = [row[:] for row in KENT_TABLE]
    new_table[2][1] = "5"
    letter_pdf(ws.responses_dir / "images" / "kent" / "kent.pdf", letter("K/1"), new_table)
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    [(slug, stale)] = report.figures.stale
    assert slug == "images" and "now reads '5'" in stale.reason
    refreshed = figures(ws)[("kent", "officers", "2014")]
    assert refreshed["value"] == 5 and refreshed["needs_review"] == 1 and refreshed["corrected"] == 0


def test_reject_and_suppressed_decisions(built):
    ws = built
    db = sqlite_utils.Database(ws.db_path)
    items = {(f["force"], f["measure"], f["period"]): f for f in items_to_review(db, "images", include_all=True)}
    decide(ws, db, "images", items[("metropolitan", "allegations", "2014")]["key"], "suppressed")
    decide(ws, db, "images", items[("kent", "allegations", "2013")]["id"], "reject")
    build(ws, as_of=D("2024-03-20"), jobs=1)
    figs = figures(ws)
    assert figs[("metropolitan", "allegations", "2014")]["suppressed"] == 1
    assert ("kent", "allegations", "2013") not in figs
    with pytest.raises(FoiError, match="no figure"):
        decide(ws, db, "images", "deadbeef", "confirm")


def test_compare_shows_every_recipient_and_rates(built):
    db = sqlite_utils.Database(built.db_path)
    result = compare(db, "images", per_officers=True)
    rows = {r.force: r for r in result.rows}
    assert set(rows) == {"metropolitan", "kent", "police-scotland", "northern-ireland"}
    assert rows["kent"].cells["officers"].value == 6 and not rows["kent"].cells["officers"].derived
    # the Met gave no total: its allegations are summed from the years, and marked as such
    assert rows["metropolitan"].cells["allegations"].value == 25 and rows["metropolitan"].cells["allegations"].derived
    # a suppressed year means no total can be derived; "<5" makes it a range, 19 to 23
    assert rows["metropolitan"].cells["officers"].value is None and rows["metropolitan"].cells["officers"].suppressed
    met = rows["metropolitan"].rate_rows["officers"]
    assert (met["total_low"], met["total_high"], met["per_1000_officer_years"]) == (19, 23, None)
    assert rows["metropolitan"].rate_text("officers").endswith("(range)")
    assert rows["northern-ireland"].outcome == "refused" and rows["northern-ireland"].cells == {}
    assert rows["police-scotland"].state == "awaiting-response"
    # Kent's rate: 6 over its officers of 2013 and 2014 added up (officer-years), not one year's
    fte = sum(r["officers_fte"] for r in db.query("select officers_fte from officer_strength where force='kent' and year in (2013, 2014)"))
    kent = rows["kent"].rate_rows["officers"]
    assert (kent["officer_years"], kent["rate_years"]) == (round(fte, 2), "2013-2014")
    assert rows["kent"].rates["officers"] == round(6 / fte * 1000, 4)
    assert kent["ci95_low"] < rows["kent"].rates["officers"] < kent["ci95_high"]
    assert any("officer-years" in n for n in result.notes)


def test_compare_cli_formats(built):
    w = ["-w", str(built.root)]
    result = runner.invoke(app, w + ["compare", "images", "--measure", "allegations", "--json"])
    data = json.loads(result.output)
    assert data["columns"] == ["2013", "2014", "total"]
    kent = next(f for f in data["forces"] if f["force"] == "kent")
    assert kent["values"]["2013"]["value"] == 6 and kent["values"]["total"]["value"] == 9
    assert kent["rates"]["allegations"]["per_1000_officer_years"] is not None
    result = runner.invoke(app, w + ["compare", "images", "--csv"])
    lines = result.output.splitlines()
    assert lines[0] == "force,answer,officers,allegations,covers"
    assert "Kent Police,answered,6,9,2013 to 2014" in lines
    assert "Metropolitan Police Service,answered,part suppressed,25Σ,2013 to 2014" in lines
    # the terminal: one measure at a time, in 100 columns, with its rate and interval
    result = runner.invoke(app, w + ["compare", "images"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert max(len(line.rstrip()) for line in result.output.splitlines()) <= 100
    assert "officers" in result.output.splitlines()[0] and "Other measures: allegations" in result.output
    rate = next(r for r in compare(sqlite_utils.Database(built.db_path), "images").rows if r.force == "kent").rate_text("officers")
    assert rate and rate in result.output
    result = runner.invoke(app, w + ["compare", "images", "--all", "--per-officers"])
    assert result.exit_code == 0 and rate in result.output and "9" in result.output
    result = runner.invoke(app, w + ["compare", "images", "--measure", "allegations", "--by-period"])
    assert result.exit_code == 0 and "2013" in result.output and "2014" in result.output
    assert "…" not in result.output  # the full width, as asked
    result = runner.invoke(app, w + ["compare", "images", "--measure", "nope"])
    assert result.exit_code == 1 and "not a measure" in result.output
    result = runner.invoke(app, w + ["review", "images", "--json"])
    assert result.exit_code == 0 and isinstance(json.loads(result.output), list)


def test_unchanged_requests_are_not_extracted_again_but_still_report(built, monkeypatch):
    from foi.figures import store

    ws = built
    db = sqlite_utils.Database(ws.db_path)
    target = next(f for f in items_to_review(db, "images", include_all=True)
                  if (f["force"], f["measure"], f["period"]) == ("kent", "officers", "2013"))
    decide(ws, db, "images", target["key"], "confirm")
    # make the decision stale by editing it by hand to claim another cell text
    path = corrections_path(ws.case_dir("images"))
    path.write_text(path.read_text().replace("text: '4'", "text: '44'"))
    first = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert len(first.figures.stale) == 1

    def no_extraction(*args, **kwargs):
        raise AssertionError("extracted again")

    monkeypatch.setattr(store, "request_figures", no_extraction)
    again = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert again.figures.unchanged_requests == 1
    assert [s.reason for _, s in again.figures.stale] == [s.reason for _, s in first.figures.stale]
    assert again.figures.figures == first.figures.figures
    # a change to the request's measures is a change: figures are extracted again, nothing is re-parsed
    monkeypatch.undo()
    request_file = ws.request_path("images")
    request_file.write_text(request_file.read_text().replace("allegations: [allegations]", "allegations: [allegations, number of allegations]"))
    third = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert third.figures.unchanged_requests == 0 and third.documents.parsed == 0


def test_a_table_that_could_not_be_read_is_reported_until_it_is_fixed(sent_workspace, tmp_path, monkeypatch):
    """Like an unreadable document, a table whose figures could not be read is reported by every
    build, not only the one that read it (a build with nothing to do prints what a full one did)."""
    from foi.figures import extract

    ws = sent_workspace
    add_response(ws, "images", "kent", [letter_pdf(tmp_path / "kent.pdf", letter("K/1"), KENT_TABLE)], date=D("2024-03-12"))
    real_read = extract.TableReader.read

    def broken(self):
        raise ValueError("a fault in the reader")

    monkeypatch.setattr(extract.TableReader, "read", broken)
    first = build(ws, as_of=D("2024-03-20"), jobs=1)
    monkeypatch.setattr(extract.TableReader, "read", real_read)  # nothing changed: the request is not read again
    again = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert first.figures.problems == again.figures.problems == [
        ("images/kent/kent.pdf", "table 1 (page 1): its figures could not be read (ValueError: a fault in the reader)")]
    assert again.figures.unchanged_requests == 1
    touch = ws.responses_dir / "images" / "kent" / "kent.pdf"
    touch.write_bytes(touch.read_bytes() + b"\n")  # a changed file is read again: the problem goes
    assert build(ws, as_of=D("2024-03-20"), jobs=1).figures.problems == []


def test_figures_read_in_workers_are_the_figures_read_in_process(tmp_path):
    # each document's figures are read in a worker process when the build has several jobs;
    # they must be the same rows, in the same order, as one process gives
    from foi.figures.store import request_figures
    from tests.conftest import EXAMPLE_AS_OF, copy_example

    ws = copy_example(tmp_path / "ws")
    build(ws, as_of=EXAMPLE_AS_OF, jobs=1)
    db = sqlite_utils.Database(ws.db_path)
    for request in ws.requests():
        here: list = []
        there: list = []
        serial = request_figures(db, request, here, jobs=1)
        parallel = request_figures(db, request, there, jobs=2)
        assert serial, request.slug  # the example's requests have figures to compare
        assert parallel == serial
        assert there == here


def _figure_rows(ws) -> list[tuple]:
    db = sqlite_utils.Database(ws.db_path)
    return [tuple(r.values()) for r in db.query("select * from figures order by id")]


def _without_database(ws) -> None:
    for f in ws.db_path.parent.glob("foi.db*"):
        f.unlink()


def _slow_parse_one(*args):
    import time

    time.sleep(0.3)
    return _real_parse_one(*args)


def _slow_reading(monkeypatch):
    """Each document takes its worker at least 0.3 s: the parent is sure to wait, and to work meanwhile."""
    from foi.documents import ingest

    monkeypatch.setattr(ingest, "parse_one", _slow_parse_one)  # sent to the workers by name: module level


def test_figures_read_while_the_documents_are_read_are_the_figures_read_after(tmp_path, monkeypatch):
    # the build reads each document's figures while its workers read the next documents; those
    # must be the rows `request_figures` gives from the finished database, and none read twice
    from foi.figures import store
    from tests.conftest import EXAMPLE_AS_OF, copy_example

    ws = copy_example(tmp_path / "ws")
    read_ahead: list[str] = []
    read_after: list[str] = []
    real_read_one, real_figures = store.FiguresAhead.read_one, store.document_figures

    def counted_read_one(self):
        before = set(self.ready)
        did = real_read_one(self)
        read_ahead.extend(set(self.ready) - before)
        return did

    def counted_figures(slug, doc, *args):
        read_after.append(doc["id"])
        return real_figures(slug, doc, *args)

    monkeypatch.setattr(store.FiguresAhead, "read_one", counted_read_one)
    _slow_reading(monkeypatch)
    build(ws, as_of=EXAMPLE_AS_OF, jobs=1)  # fills read_ahead only: the build's own calls go through read_one
    monkeypatch.setattr(store, "document_figures", counted_figures)
    assert read_ahead, "no figures were read while the documents were read"
    built = _figure_rows(ws)
    # the same figures read from the finished database, none ahead
    _without_database(ws)
    monkeypatch.setattr(store.FiguresAhead, "read_one", lambda self: False)
    build(ws, as_of=EXAMPLE_AS_OF, jobs=1)
    assert sorted(read_after) == sorted(set(read_after)) and set(read_ahead) <= set(read_after)
    assert _figure_rows(ws) == built


def test_figures_read_ahead_are_not_taken_for_another_spec_or_row(tmp_path):
    from foi.figures.store import FiguresAhead, measure_spec
    from tests.conftest import EXAMPLE_AS_OF, copy_example

    ws = copy_example(tmp_path / "ws")
    build(ws, as_of=EXAMPLE_AS_OF, jobs=1)
    db = sqlite_utils.Database(ws.db_path)
    request = next(r for r in ws.requests() if r.measures)
    doc = next(db.query("select * from documents where request = ? and error is null order by id", [request.slug]))
    ahead = FiguresAhead(db, [request])
    ahead.document_written(doc["id"])
    assert ahead.read_one() is True and ahead.read_one() is False
    spec = measure_spec(request)
    other = measure_spec(request)
    other.measures = {**other.measures, "extra": ["something else"]}
    assert ahead.take(doc, other) is None  # asked for other measures: read again
    ahead.document_written(doc["id"])
    ahead.read_one()
    assert ahead.take(dict(doc, force="elsewhere"), spec) is None  # the row changed since
    ahead.document_written(doc["id"])
    ahead.read_one()
    rows, problems = ahead.take(doc, spec)
    assert rows and all(r["document"] == doc["id"] for r in rows)
    assert ahead.take(doc, spec) is None  # taken once


def test_figures_that_fail_while_the_documents_are_read_are_read_again_after(built, monkeypatch):
    from foi.figures import store

    ws = built
    expected = _figure_rows(ws)
    real_figures, real_read_one = store.document_figures, store.FiguresAhead.read_one
    ahead = {"now": False, "failed": 0, "after": 0}

    def read_one(self):
        ahead["now"] = True
        try:
            return real_read_one(self)
        finally:
            ahead["now"] = False

    def fails_ahead(*args):
        if ahead["now"]:
            ahead["failed"] += 1
            raise RuntimeError("a fault while reading ahead")
        ahead["after"] += 1
        return real_figures(*args)

    monkeypatch.setattr(store, "document_figures", fails_ahead)
    monkeypatch.setattr(store.FiguresAhead, "read_one", read_one)
    _slow_reading(monkeypatch)
    _without_database(ws)
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert ahead["failed"] >= 1 and ahead["after"] == 2 and report.figures.problems == []
    assert _figure_rows(ws) == expected
