"""The one rule for a missing tool (tests/conftest.py): skip on a developer's machine, fail under CI."""
import pytest

from tests.conftest import in_ci, requires, requires_that

MISSING = "foi-no-such-tool-anywhere"


@pytest.mark.parametrize("value, ci", [("true", True), ("TRUE", True), ("1", True), ("", False), ("false", False)])
def test_in_ci_reads_the_ci_variable(monkeypatch, value, ci):
    monkeypatch.setenv("CI", value)
    assert in_ci() is ci


def test_a_missing_tool_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{MISSING} is not installed \\(why\\)"):
        requires(MISSING, "why")


def test_a_missing_tool_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        requires(MISSING)
    with pytest.raises(pytest.fail.Exception, match="the set"):
        requires_that(False, "the set")


def test_a_tool_found_under_any_of_its_names_is_its_path(monkeypatch):
    monkeypatch.setenv("CI", "true")
    path = requires((MISSING, "python3"))
    assert path.endswith("python3")
    requires_that(True, "nothing")  # available: neither skips nor fails
