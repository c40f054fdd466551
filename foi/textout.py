"""How foi prints JSON: one format for the command line and for the build's stamp, which
prints a stored report again without loading the command line (foi.build_stamp)."""
from __future__ import annotations

import json


def json_text(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
