"""`foi build`."""
from __future__ import annotations

from typing import Optional

import typer

from .. import build as build_mod
from .common import console, date_option, get_workspace, print_json

app = typer.Typer()


@app.command("build")
def build_cli(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Compute case states as on this day (default today)."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """(Re)build foi.db from the workspace's files."""
    ws = get_workspace(ctx)
    report = build_mod.build(ws, as_of=date_option(as_of, "--as-of"))
    if json_output:
        print_json(report.__dict__)
        return
    console.print(
        f"built {ws.db_path}: {report.requests} requests, {report.cases} cases, {report.events} events"
    )
