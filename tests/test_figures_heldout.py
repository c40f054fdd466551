"""Held-out evaluation of the figures extractor on letters written the way forces write them.

The letters come from tests/eval_letters/make.py (its docstring lists what they vary); their true
figures are in tests/eval_letters/truth.json. benchmarks/score_figures.py builds a workspace with
them and scores every figure. The bar: no wrong figure without needs_review, and at least 95% of
the true figures right. These letters are not to be tuned to the engine, nor the engine to them
by reading them: they measure how it does on documents it was not written against.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


make = _load("eval_letters_make", ROOT / "tests" / "eval_letters" / "make.py")
score_figures = _load("score_figures", ROOT / "benchmarks" / "score_figures.py")


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("eval-letters")
    make.make(out)
    return out


def test_letters_match_the_committed_truth(letters):
    generated = json.loads((letters / "truth.json").read_text(encoding="utf-8"))
    committed = json.loads((ROOT / "tests" / "eval_letters" / "truth.json").read_text(encoding="utf-8"))
    assert generated == committed, "run `python tests/eval_letters/make.py OUT_DIR` to refresh truth.json"
    assert len(generated["letters"]) >= 24
    assert sum(l["request"] == "fy" for l in generated["letters"]) >= 4


def test_letters_are_byte_identical_each_run(letters, tmp_path):
    make.make(tmp_path)
    first = {p.relative_to(letters): p.read_bytes() for p in letters.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_heldout_letters(letters, tmp_path, capsys):
    result = score_figures.score(letters, tmp_path / "ws")
    with capsys.disabled():
        print()
        score_figures.report(result, details=True)
    t = result["totals"]
    wrong_unflagged = [p for p in result["problems"] if p["kind"] in ("wrong_unflagged", "extra_unflagged")]
    assert t["wrong_unflagged"] + t["extra_unflagged"] == 0, (
        "wrong figures not flagged for review:\n"
        + "\n".join(f"{p['letter']} {p['force']} {p['measure']} {p['period']}: expected {p['expected']}, "
                    f"got {p['got']} ({p.get('raw_text')!r} under {p.get('header')!r})" for p in wrong_unflagged)
    )
    assert t["right"] >= 0.95 * t["true"], (
        f"{t['right']} of {t['true']} true figures right ({100 * t['right'] / t['true']:.1f}%), below 95%"
    )
