"""Small helpers shared by the CLI modules."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from typing import Optional

import typer
from rich.console import Console

from ..workspace import Workspace, find_workspace, parse_date

# Piped output is read by people too (in CI logs, in an email): give tables room rather than truncate.
console = Console() if sys.stdout.isatty() else Console(width=120)
err_console = Console(stderr=True)


def get_workspace(ctx: typer.Context) -> Workspace:
    obj = ctx.find_root().obj or {}
    return find_workspace(obj.get("workspace"))


def date_option(value: Optional[str], what: str = "--date") -> dt.date:
    return parse_date(value, what) if value else dt.date.today()


def print_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def print_csv(headers: list[str], rows: list[list]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    typer.echo(out.getvalue(), nl=False)
