"""The example's second request, hospital-crimes: figures with breakdowns, built end to end.

Its documents are written by examples/make_breakdown_responses.py, which also writes
examples/hospital_crimes_truth.json. The request is copied into a temporary workspace and
built; its figures are held to that truth: the listings' counts exactly, and no figure read
from a table wrong without being flagged for review.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foi.build import build
from foi.compare_breakdown import FORCE_TOTAL, compare_breakdown
from foi.db import open_db
from foi.figures.records import figures_from_listings
from foi.figures.spec import MeasureSpec
from foi.figures.store import load_tables
from tests.conftest import copy_example, load_json

REPO = Path(__file__).resolve().parents[1]
SLUG = "hospital-crimes"
AS_OF = dt.date(2026, 11, 24)
TRUTH = load_json(REPO / "examples" / "hospital_crimes_truth.json")
SAMPLE = "SAMPLE DATA: invented for the foi example; not a real force response"
LISTINGS = [f for f, e in TRUTH["forces"].items() if "listing" in e["layout"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    ws = copy_example(tmp_path_factory.mktemp("example2") / "ws", slugs=[SLUG])
    build(ws, as_of=AS_OF, jobs=1)
    db = open_db(ws.db_path)
    yield ws, db
    db.close()


def _key(f) -> tuple:
    return (f["measure"], f["period"], f["breakdown"], f["category"])


def _truth(force: str, derived: bool) -> dict[tuple, int]:
    return {_key(f): f["value"] for f in TRUTH["forces"][force]["figures"] if f["derived"] == derived}


def test_documents_read_and_say_they_are_samples(built):
    _ws, db = built
    docs = {d["id"]: d for d in db.query("select * from documents where request = ?", [SLUG])}
    expected = {f"{SLUG}/{force}/{name}" for force, e in TRUTH["forces"].items() for name in e["documents"]}
    assert set(docs) == expected
    for doc_id, d in docs.items():
        assert not d["error"] and not d["needs_ocr"], doc_id
        text = " ".join(r["text"] or "" for r in db.query("select text from pages where document = ?", [doc_id]))
        cells = " ".join(r["text"] or "" for r in db.query("select text from cells where document = ?", [doc_id]))
        assert SAMPLE in " ".join((text + " " + cells).split()), doc_id


def test_the_cases_follow_the_event_log(built):
    _ws, db = built
    cases = {c["force"]: c for c in db.query("select * from cases where request = ?", [SLUG])}
    responded = {f for f, c in cases.items() if c["state"] == "responded"}
    assert responded == set(TRUTH["forces"])
    assert {c["state"] for f, c in cases.items() if f not in responded} == {"awaiting-response"}


def test_the_listings_count_to_the_truth(built):
    """Counted from the stored tables of each listing, whatever extract_figures does with them."""
    ws, db = built
    r = ws.load_request(SLUG)
    spec = MeasureSpec(measures=r.measures, periods=r.periods, since=r.since, until=r.until, breakdowns=r.breakdowns)
    assert len(LISTINGS) == 2
    for force in LISTINGS:
        (doc,) = list(db.query("select id from documents where request = ? and force = ?", [SLUG, force]))
        figures = figures_from_listings(load_tables(db, doc["id"]), spec)
        got = {(f.measure, f.period, f.breakdown, f.category): f.value for f in figures}
        truth = _truth(force, derived=True)
        assert {k: got.get(k) for k in truth} == truth, force
        assert not any(f.needs_review for f in figures), force


def test_figures_in_the_database_are_right_or_flagged(built):
    _ws, db = built
    figures = [dict(r) for r in db.query("select * from figures where request = ?", [SLUG])]
    wrong = []
    for f in figures:
        truth = _truth(f["force"], derived=bool(f["derived"]))
        if _key(f) in truth and truth[_key(f)] != f["value"] and not f["needs_review"]:
            wrong.append(f)
    assert wrong == []
    # the listings' counts, once extract_figures counts them, are every count of the truth
    derived = [f for f in figures if f["derived"]]
    if derived:
        for force in LISTINGS:
            got = {_key(f): f["value"] for f in derived if f["force"] == force}
            truth = _truth(force, derived=True)
            assert {k: got.get(k) for k in truth} == truth, force


def test_compare_by_crime_type(built):
    ws, db = built
    result = compare_breakdown(db, ws.load_request(SLUG), "crime_type")
    rows = dict(result.rows)
    assert "west-yorkshire" in result.forces
    wy = [f for f in TRUTH["forces"]["west-yorkshire"]["figures"]]
    total = sum(f["value"] for f in wy if f["breakdown"] is None)
    assert rows[FORCE_TOTAL]["west-yorkshire"].value == total
    # every crime type of the force in one row or another, adding up to its total
    assert sum(c["west-yorkshire"].value for r, c in result.rows
               if r != FORCE_TOTAL and not r.endswith("(all)") and "west-yorkshire" in c) == total


def test_every_printed_label_has_a_category(built):
    _ws, db = built
    rows = [dict(r) for r in db.query("select * from categories where request = ?", [SLUG])]
    crime = [r for r in rows if r["breakdown"] == "crime_type"]
    assert crime, "the table of crime types gives labels"
    # the example's crime types are all Home Office classes or sub classes, in the forces' own words
    assert [r["label"] for r in crime if not r["canonical"] or r["level"] not in ("class", "sub class")] == []
    # outcomes and hospitals have no canonical list: each label is in a group of its own kind
    assert [r["label"] for r in rows if r["breakdown"] != "crime_type" and (not r["canonical"] or r["level"])] == []
