"""`foi categories`: the printed labels of a request's breakdowns and their canonical categories."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import typer

from ..errors import FoiError
from .common import console, get_workspace, print_csv, print_json

if TYPE_CHECKING:  # loaded by the command, not at start-up
    from ..compare_breakdown import BreakdownComparison

app = typer.Typer()


@app.command("categories")
def categories_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="The request."),
    action: Optional[str] = typer.Argument(None, help="confirm (default: list the labels and their categories)."),
    label: Optional[str] = typer.Argument(None, help="For confirm: the label as printed."),
    canonical: Optional[str] = typer.Argument(None, help="For confirm: the canonical category it means."),
    breakdown: Optional[str] = typer.Option(None, "--breakdown", help="Only this breakdown (for confirm: the one the label belongs to)."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """List each force's printed category labels with the suggested canonical category, or confirm one.

    Confirmed mappings go to requests/SLUG/categories.yml and are used by every build.
    """
    from rich import box
    from rich.table import Table

    from ..db import open_db
    from ..figures.categories import categories_path, confirm_category, granularity, load_categories, suggest_categories

    ws = get_workspace(ctx)
    request = ws.load_request(slug)
    path = categories_path(ws.case_dir(slug))
    if action is not None:
        if action != "confirm":
            raise FoiError(f"unknown action '{action}': the only action is confirm")
        if not label or not canonical:
            raise FoiError("confirm needs the printed LABEL and the CANONICAL category")
        keys = list(request.breakdowns or {})
        if breakdown is None and len(keys) == 1:
            breakdown = keys[0]
        if breakdown not in keys:
            raise FoiError(f"say which breakdown with --breakdown ({', '.join(keys) or 'the request has none'})")
        confirm_category(path, breakdown, label, canonical)
        console.print(f"{breakdown}: '{label}' -> '{canonical}' (saved in requests/{slug}/categories.yml)", highlight=False)
        return
    if breakdown is not None and breakdown not in (request.breakdowns or {}):
        raise FoiError(f"'{breakdown}' is not a breakdown of {slug} (its breakdowns: {', '.join(request.breakdowns) or 'none'})")
    if not ws.db_path.exists():
        raise FoiError(f"{ws.db_path} does not exist yet: run `foi build` first")
    db = open_db(ws.db_path)
    rows = suggest_categories(db, request, load_categories(path), breakdown=breakdown)
    grain = granularity(rows)
    if json_output:
        print_json({"categories": [r.to_dict() | {"forces": r.forces} for r in rows], "granularity": grain})
        return
    table = Table(title=f"{slug}: {len(rows)} printed labels", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("breakdown", "label", "forces", "canonical", "score", "confirmed"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(r.breakdown, r.label, ", ".join(r.forces), r.canonical or "", "" if r.score is None else f"{r.score:.0f}",
                      "yes" if r.confirmed else "suggested")
    console.print(table)
    for g in grain:
        console.print(f"{g['breakdown']}: {g['force']} is {g['granularity']}: {g['detail']}", highlight=False)
    if rows:
        console.print(f"Confirm with `foi categories {slug} confirm LABEL CANONICAL --breakdown KEY`.", highlight=False)


def print_breakdown(result: BreakdownComparison, json_output: bool = False, csv_output: bool = False) -> None:
    """`foi compare --breakdown`: categories down, forces across."""
    from rich import box
    from rich.table import Table

    if json_output:
        print_json(result.to_json())
        return
    headers = [result.breakdown] + result.forces
    lines = [[category] + [cells[f].text() if f in cells else "" for f in result.forces] for category, cells in result.rows]
    if csv_output:
        print_csv(headers, lines)
        return
    title = f"{result.request}: {result.measure} by {result.breakdown}, {result.period or 'all periods'}"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for h in headers:
        table.add_column(h, justify="left" if h == result.breakdown else "right", overflow="fold")
    for line in lines:
        table.add_row(*line)
    console.print(table)
    for note in result.notes:
        console.print(note, highlight=False)
