"""`foi review` and `foi compare`."""
from __future__ import annotations

import csv
import io
from typing import Optional

import typer
from rich import box
from rich.table import Table

from .. import build as build_mod
from ..compare import compare
from ..db import open_db
from ..errors import FoiError
from ..figures.review import decide, items_to_review
from .common import console, get_workspace, print_json

app = typer.Typer()


def _db(ws):
    if not ws.db_path.exists():
        raise FoiError(f"{ws.db_path} does not exist yet: run `foi build` first")
    return open_db(ws.db_path)


@app.command("review")
def review_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="The request."),
    action: Optional[str] = typer.Argument(None, help="confirm, correct, suppressed or reject (default: list what needs review)."),
    key: Optional[str] = typer.Argument(None, help="The figure's key, from the list."),
    value: Optional[int] = typer.Argument(None, help="For correct: the right value."),
    force: Optional[str] = typer.Option(None, "--force", help="Only this force."),
    note: Optional[str] = typer.Option(None, help="Why (kept in corrections.yml)."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """List the figures that need review, or confirm or correct one.

    Decisions go to requests/SLUG/corrections.yml and are applied by every build.
    """
    ws = get_workspace(ctx)
    ws.load_request(slug)
    db = _db(ws)
    if action is None:
        items = items_to_review(db, slug, force=force)
        if json_output:
            print_json(items)
            return
        table = Table(title=f"{slug}: {len(items)} figures need review", title_justify="left", box=box.SIMPLE_HEAD)
        for column in ("key", "force", "measure", "period", "read", "value", "source", "why"):
            table.add_column(column, overflow="fold")
        for r in items:
            shown = "suppressed" if r["suppressed"] else ("" if r["value"] is None else str(r["value"]))
            source = f"{r['document_path'] or r['document']} p.{r['page']} table {r['table_number']} row {r['row']} col {r['col']}"
            table.add_row(r["key"], r["force"], r["measure"], r["period"], r["raw_text"] or "", shown, source, r["review_reasons"] or "")
        console.print(table)
        if items:
            console.print(f"Confirm with `foi review {slug} confirm KEY`, or `foi review {slug} correct KEY VALUE`.")
        return
    if key is None:
        raise FoiError(f"'{action}' needs the figure's key: `foi review {slug}` lists them")
    correction = decide(ws, db, slug, key, action, value=value, note=note)
    db.close()
    build_mod.build(ws)  # apply it now, as every later build will
    console.print(
        f"{action}: {correction.force} {correction.measure} {correction.period}"
        + (f" = {correction.value}" if correction.value is not None else "")
        + f" (saved in requests/{slug}/corrections.yml)",
        highlight=False,
    )


@app.command("compare")
def compare_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="The request."),
    measure: Optional[str] = typer.Option(None, help="One measure, by period (default: every measure's total)."),
    per_officers: bool = typer.Option(False, "--per-officers", help="Add rates per 1,000 officers."),
    breakdown: Optional[str] = typer.Option(None, "--breakdown", help="By the categories of this breakdown, force by force."),
    period: Optional[str] = typer.Option(None, "--period", help="With --breakdown: one period (default: summed over periods)."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
    csv_output: bool = typer.Option(False, "--csv", help="Print CSV."),
):
    """The figures of one request side by side, force by force."""
    ws = get_workspace(ctx)
    if breakdown is not None:
        from ..compare_breakdown import compare_breakdown
        from .categories import print_breakdown

        result = compare_breakdown(_db(ws), ws.load_request(slug), breakdown, measure=measure, period=period)
        return print_breakdown(result, json_output=json_output, csv_output=csv_output)
    result = compare(_db(ws), slug, measure=measure, per_officers=per_officers)
    if json_output:
        print_json(result.to_json())
        return
    headers = ["force", "state"] + result.columns + ["covers"]
    if per_officers:
        rate_columns = ["total"] if measure else result.columns
        headers += [f"{c} per 1,000" for c in rate_columns] + ["officers (year)"]
    rows = []
    for r in result.rows:
        status = r.state if r.state != "responded" else (r.outcome or "responded")
        line = [r.name if csv_output else r.short_name, status] + [r.cells[c].text() if c in r.cells else "" for c in result.columns] + [r.covers or ""]
        if per_officers:
            line += [("" if r.rates.get(c) is None else f"{r.rates[c]:.2f}") for c in rate_columns]
            line.append(f"{r.officers:,.0f} ({r.officer_year})" if r.officers else "")
        rows.append(line)
    if csv_output:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
        typer.echo(out.getvalue(), nl=False)
        return
    title = f"{slug}: {measure + ' by period' if measure else 'totals'}"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for h in headers:
        # measure keys wrap at their underscores; names and states stay on one line
        table.add_column(h.replace("_", " "), justify="left" if h in ("force", "state", "covers") else "right",
                         no_wrap=h in ("force", "state"))
    for line in rows:
        table.add_row(*line)
    console.print(table)
    for note in result.notes:
        console.print(note, highlight=False)
