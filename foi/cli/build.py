"""`foi build`."""
from __future__ import annotations

from typing import Optional

import typer

from .common import date_option, err_console, get_workspace, print_json, print_messages

app = typer.Typer()


@app.command("build")
def build_cli(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Compute case states as on this day (default today)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Parse documents in this many processes (default: one per core)."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any document could not be read."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """(Re)build foi.db from the workspace's files: only new or changed documents are parsed."""
    # imported here, not at start-up: a build with nothing to do should not wait for them
    from .. import build as build_mod

    ws = get_workspace(ctx)
    day = date_option(as_of, "--as-of")
    if json_output or not err_console.is_terminal:  # no bar to draw
        report = build_mod.build(ws, as_of=day, jobs=jobs)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
            console=err_console, transient=True,
        ) as bar:
            task = bar.add_task("", total=None)

            def progress(doc_id: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=doc_id)

            report = build_mod.build(ws, as_of=day, jobs=jobs, progress=progress)
    if json_output:
        print_json(report.to_json())
    else:
        print_messages(report.messages())
    if strict and report.documents.errors:
        raise typer.Exit(1)
