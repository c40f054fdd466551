"""The example workspace (this repository): its response documents build into the right figures.

The documents under responses/obscene-images/ are written by examples/make_sample_responses.py,
which also writes examples/sample_truth.json: every figure each document states. Here the
repository's requests/ and responses/ are copied into a temporary workspace and built, and the
figures are held to that truth: the Met's reconstructed totals exactly, and no invented figure
wrong without being flagged for review.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from foi.build import build
from foi.compare import compare
from foi.db import open_db
from tests.conftest import copy_example, load_json

REPO = Path(__file__).resolve().parents[1]
SLUG = "obscene-images"
AS_OF = dt.date(2026, 11, 24)
TRUTH = load_json(REPO / "examples" / "sample_truth.json")
MET_TOTALS = {"cases": 43, "allegations": 63, "officers": 55, "substantiated": 23, "dismissed": 7,
              "resigned_or_retired": 12}
SAMPLE = "SAMPLE DATA: invented for the foi example; not a real force response"
RECONSTRUCTION = "Reconstruction for the foi example"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    ws = copy_example(tmp_path_factory.mktemp("example") / "ws")
    report = build(ws, as_of=AS_OF, jobs=1)
    db = open_db(ws.db_path)
    yield ws, db, report
    db.close()


def _figures(db, force=None):
    sql = "select * from figures where request = ?"
    params = [SLUG]
    if force:
        sql += " and force = ?"
        params.append(force)
    return [dict(r) for r in db.query(sql, params)]


def _truth(force):
    return {(f["measure"], f["period"]): f for f in TRUTH["forces"][force]["figures"]}


def _matches(fig, true):
    return (true is not None and fig["value"] == true["value"]
            and bool(fig["suppressed"]) == bool(true["suppressed"]))


def test_every_document_reads_without_error(built):
    _ws, db, report = built
    docs = list(db.query("select id, error, needs_ocr from documents where request = ?", [SLUG]))
    expected = {f"{SLUG}/{force}/{name}" for force, e in TRUTH["forces"].items() for name in e["documents"]}
    assert {d["id"] for d in docs} == expected
    assert [d for d in docs if d["error"] or d["needs_ocr"]] == []


def test_every_document_says_what_it_is(built):
    """The reconstruction and the invented samples say so in the documents themselves."""
    _ws, db, _ = built
    for force, entry in TRUTH["forces"].items():
        for name in entry["documents"]:
            text = " ".join(r["text"] or "" for r in db.query(
                "select text from pages where document = ?", [f"{SLUG}/{force}/{name}"]))
            text = " ".join(text.split())
            marker = RECONSTRUCTION if entry["kind"] == "reconstructed" else SAMPLE
            assert marker in text, f"{force}/{name} does not say '{marker}'"


def test_met_totals_are_exact_and_sure(built):
    _ws, db, _ = built
    figs = {(f["measure"], f["period"]): f for f in _figures(db, "metropolitan")}
    for measure, value in MET_TOTALS.items():
        fig = figs.get((measure, "total"))
        assert fig is not None, f"Met {measure} total not extracted"
        assert fig["value"] == value and not fig["suppressed"], (measure, fig["value"])
        assert not fig["needs_review"], (measure, fig["review_reasons"])
    assert figs[("allegations", "2013")]["value"] == 18
    assert figs[("officers", "2013")]["value"] == 19
    # nothing made up for the Met: only the published figures
    assert set(figs) <= set(_truth("metropolitan"))


def test_met_totals_in_compare(built):
    _ws, db, _ = built
    row = next(r for r in compare(db, SLUG).rows if r.force == "metropolitan")
    assert {m: row.cells[m].value for m in MET_TOTALS} == MET_TOTALS
    assert not any(row.cells[m].needs_review or row.cells[m].derived for m in MET_TOTALS)


def test_no_figure_is_wrong_without_a_flag(built):
    _ws, db, _ = built
    wrong = []
    for fig in _figures(db):
        truth = _truth(fig["force"]) if fig["force"] in TRUTH["forces"] else {}
        if not _matches(fig, truth.get((fig["measure"], fig["period"]))) and not fig["needs_review"]:
            wrong.append((fig["force"], fig["measure"], fig["period"], fig["value"], fig["raw_text"], fig["header"]))
    assert wrong == []


def test_most_true_figures_are_extracted(built):
    _ws, db, _ = built
    figs = _figures(db)
    total = found = 0
    for force, entry in TRUTH["forces"].items():
        truth = _truth(force)
        got = {(f["measure"], f["period"]) for f in figs if f["force"] == force
               and _matches(f, truth.get((f["measure"], f["period"])))}
        total += len(truth)
        found += len(got & set(truth))
    assert total > 600
    assert found / total >= 0.9, f"{found} of {total} true figures extracted"


@pytest.mark.parametrize("force,outcome", [("dorset", "not-held"), ("greater-manchester", "refused")])
def test_letters_without_figures(built, force, outcome):
    _ws, db, _ = built
    assert _figures(db, force) == []
    case = next(db.query("select * from cases where request = ? and force = ?", [SLUG, force]))
    assert case["outcome"] == outcome
    letter = next(db.query("select letter_outcome from documents where request = ? and force = ?", [SLUG, force]))
    assert letter["letter_outcome"] == outcome


def test_outcomes_match_the_log(built):
    _ws, db, _ = built
    outcomes = {r["force"]: r["outcome"] for r in db.query(
        "select force, outcome from cases where request = ? and outcome is not null", [SLUG])}
    assert outcomes == {force: e["outcome"] for force, e in TRUTH["forces"].items()}


def test_letter_dates_match_the_log(built):
    _ws, db, _ = built
    for force, entry in TRUTH["forces"].items():
        dates = {r["letter_date"] for r in db.query(
            "select letter_date from documents where request = ? and force = ? and letter_date is not null",
            [SLUG, force])}
        assert dates == {entry["date"]}, force


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_script_is_deterministic_and_matches_the_committed_truth(tmp_path):
    script = REPO / "examples" / "make_sample_responses.py"
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        subprocess.run([sys.executable, str(script), "--out", str(out)], check=True, capture_output=True)
        runs.append(_digests(out))
    assert runs[0] == runs[1]
    generated = load_json(tmp_path / "a" / "examples" / "sample_truth.json")
    assert generated == TRUTH
    committed = {p.relative_to(REPO / "responses").as_posix() for p in (REPO / "responses" / SLUG).rglob("*")
                 if p.is_file()}
    written = {k[len("responses/"):] for k in runs[0] if k.startswith("responses/")}
    assert written == committed
