"""Held-out evaluation of foi.figures on synthetic force answers (tests/figures_eval/).

benchmarks/score_figures.py's `score_tables` runs the extractor on every letter's tables and judges
every true figure (measure, period) as the build-level sets are judged: right, wrong but flagged,
wrong and unflagged, or missing; an extracted figure with no truth at all (a "Not substantiated"
column read as a measure, police staff, a rank table) is an extra, and an unflagged extra counts as
wrong-and-unflagged. Run with -s to see the numbers.
"""
from __future__ import annotations

from benchmarks import score_figures
from tests.figures_eval.make_letters import make_letters


def test_figures_eval():
    result = score_figures.score_tables()
    assert result["totals"]["true"] >= 500
    score_figures.assert_meets(result, min_right=0.95)


def test_eval_set_is_varied_and_deterministic():
    a = make_letters()
    b = make_letters()
    assert len(a) >= 24
    assert [L.truth for L in a] == [L.truth for L in b]
    assert [[t.rows for t in L.tables] for L in a] == [[t.rows for t in L.tables] for L in b]
    # both orientations, both period kinds, suppression, dashes, totals
    cells = [c for L in a for t in L.tables for row in t.rows for c in row]
    assert any(c in ("<5", "*", "x", "[x]", "c") for c in cells)
    assert any(c in ("-", "–") for c in cells)
    assert any(c.lower().startswith(("total", "grand total")) for c in cells)
    assert {L.spec["periods"] for L in a} == {"calendar-year", "financial-year"}
