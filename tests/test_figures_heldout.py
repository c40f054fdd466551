"""Held-out evaluation of the figures extractor on letters written the way forces write them.

The letters come from tests/eval_letters/make.py (its docstring lists what they vary); their true
figures are in tests/eval_letters/truth.json. benchmarks/score_figures.py builds a workspace with
them and scores every figure. The bar: no wrong figure without needs_review, and at least 95% of
the true figures right. These letters are not to be tuned to the engine, nor the engine to them
by reading them: they measure how it does on documents it was not written against.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import score_figures
from tests.conftest import load_json
from tests.eval_letters import make

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("eval-letters")
    make.make(out)
    return out


def test_letters_match_the_committed_truth(letters):
    generated = load_json(letters / "truth.json")
    committed = load_json(HERE / "eval_letters" / "truth.json")
    assert generated == committed, "run `python tests/eval_letters/make.py OUT_DIR` to refresh truth.json"
    assert len(generated["letters"]) >= 24
    assert sum(l["request"] == "fy" for l in generated["letters"]) >= 4


def test_letters_are_byte_identical_each_run(letters, tmp_path):
    make.make(tmp_path)
    first = {p.relative_to(letters): p.read_bytes() for p in letters.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_heldout_letters(letters, tmp_path):
    score_figures.assert_meets(score_figures.score(letters, tmp_path / "ws"), min_right=0.95)
