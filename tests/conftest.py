import datetime as dt
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from foi.workspace import init_workspace

REQUEST_YAML = textwrap.dedent(
    """\
    title: Officers investigated for obscene images
    body: |
      Please provide, for each calendar year since 2006, the number of officers investigated.
    to: [metropolitan, kent, police-scotland, northern-ireland]
    periods: calendar-year
    since: 2006
    measures:
      officers: [officers, officers investigated]
      allegations: [allegations]
    """
)


@pytest.fixture
def workspace(tmp_path: Path):
    ws, _ = init_workspace(tmp_path / "ws")
    ws.request_path("images").write_text(REQUEST_YAML, encoding="utf-8")
    return ws


@pytest.fixture
def today():
    return dt.date.today()


def in_ci() -> bool:
    """The one rule for "running under CI": CI=true (or 1), as .ci/run is run."""
    return os.environ.get("CI", "").lower() in ("true", "1")


def requires(tool: str, why: str = "") -> None:
    """Skip the calling test when an external tool is missing, except under CI, where a
    missing tool is a failure: a skipped test must never pass for a test that ran."""
    if shutil.which(tool):
        return
    message = f"{tool} is not installed" + (f" ({why})" if why else "")
    if in_ci():
        pytest.fail(f"CI must have it: {message}", pytrace=False)
    pytest.skip(message)
