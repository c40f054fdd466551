import datetime as dt
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
