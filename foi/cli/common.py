"""Small helpers shared by the CLI modules."""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from typing import Optional

import typer
from rich.console import Console
from rich.text import Text

from ..textout import json_text
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
    typer.echo(json_text(data))


def print_messages(lines: list[tuple[str, str, str]]) -> None:
    """A report's lines, (stream "out" or "err", style, text), each on one line whatever the
    terminal's width, its text taken literally (a path may hold "[")."""
    for stream, style, text in lines:
        (console if stream == "out" else err_console).print(Text(text, style=style), soft_wrap=True)


def print_csv(headers: list[str], rows: list[list]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    typer.echo(out.getvalue(), nl=False)
