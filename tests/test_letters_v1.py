"""The independent evaluation set (../shared/eval/letters-v1): 52 force letters nobody here wrote.

A copy of its workspace is built once with `foi build`, and its own scorer reads the result
(benchmarks/score_figures.py `score_letters_v1`, as `--set v1` runs it). The test fails if the share
of figures right drops below the level reached, if any wrong figure goes unflagged, or if fewer
letters' outcomes are read right. The set lives beside the repository (shared/), not in it: locally
a missing set skips, under CI it fails.
"""
from __future__ import annotations

import pytest

from benchmarks.score_figures import LETTERS_V1, score_letters_v1
from tests.conftest import requires, requires_that

# The level reached (README, "How often it is right"); raise it when the engine improves.
MIN_RECALL = 1.0
MIN_OUTCOMES = 51  # of 52


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    requires_that((LETTERS_V1 / "score.py").exists(), f"the evaluation set beside the repository ({LETTERS_V1})")
    requires("ocrmypdf", "three of its letters are scans")
    return score_letters_v1(tmp_path_factory.mktemp("letters-v1") / "ws")


def test_figures_right_none_wrong_unflagged(scored):
    assert scored["silent_errors"] == 0, scored["text"]
    assert scored["recall"] >= MIN_RECALL, scored["text"]


def test_outcomes_read_right(scored):
    assert scored["documents"] == 52, scored["text"]
    assert scored["outcomes_right"] >= MIN_OUTCOMES, scored["text"]
