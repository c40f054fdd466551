"""`foi review` and `foi compare`."""
from __future__ import annotations

from typing import Optional

import typer

from ..errors import FoiError
from .common import console, get_workspace, print_csv, print_json

app = typer.Typer()


def _db(ws):
    from ..db import open_db  # sqlite_utils: loaded by the commands that read foi.db, not at start-up

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
    from rich import box
    from rich.table import Table

    from .. import build as build_mod
    from ..figures.review import decide, items_to_review

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
    measure: Optional[str] = typer.Option(None, help="The measure to show (default: the request's first)."),
    by_period: bool = typer.Option(False, "--by-period", help="The measure's figures year by year."),
    all_measures: bool = typer.Option(False, "--all", help="Every measure's total side by side (wide)."),
    per_officers: bool = typer.Option(False, "--per-officers", help="With --all or --by-period: add the rates."),
    breakdown: Optional[str] = typer.Option(None, "--breakdown", help="By the categories of this breakdown, force by force."),
    period: Optional[str] = typer.Option(None, "--period", help="With --breakdown: one period (default: summed over periods)."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON (every measure; by period with --measure)."),
    csv_output: bool = typer.Option(False, "--csv", help="Print CSV (as --json)."),
):
    """The figures of one request side by side, force by force: one measure at a time, with its rate.

    Rates are per 1,000 officer-years with a 95% interval, and 'vs national' says whether a force
    is beyond the funnel plot's limits. --all and --by-period show the full width.
    """
    from rich import box
    from rich.table import Table

    from ..compare import compare

    ws = get_workspace(ctx)
    if breakdown is not None:
        from ..compare_breakdown import compare_breakdown
        from .categories import print_breakdown

        by_category = compare_breakdown(_db(ws), ws.load_request(slug), breakdown, measure=measure, period=period)
        return print_breakdown(by_category, json_output=json_output, csv_output=csv_output)
    db = _db(ws)
    if json_output or csv_output:
        result = compare(db, slug, measure=measure, per_officers=per_officers)  # the full width, as asked
    elif all_measures:
        result = compare(db, slug, per_officers=per_officers)
    else:
        totals = compare(db, slug)  # checks the request, and lists its measures
        measure = measure or (totals.columns[0] if totals.columns else None)
        if measure is not None and measure not in totals.columns:
            raise FoiError(f"'{measure}' is not a measure of '{slug}'; its measures: {', '.join(totals.columns)}")
        if not by_period:
            _print_one_measure(totals, measure)
            return
        result = compare(db, slug, measure=measure, per_officers=per_officers)
    if json_output:
        print_json(result.to_json())
        return
    headers = ["force", "answer"] + result.columns + ["covers"]
    rate_columns = (["total"] if result.measure else result.columns) if per_officers else []
    headers += [f"{c} per 1,000 a year (95% CI)" for c in rate_columns]
    rows = []
    for r in result.rows:
        line = [r.name if csv_output else r.short_name, r.answer] + [r.cells[c].text() if c in r.cells else "" for c in result.columns] + [r.covers or ""]
        line += [r.rate_text(result.measure if c == "total" else c) for c in rate_columns]
        rows.append(line)
    if csv_output:
        print_csv(headers, rows)
        return
    title = f"{slug}: {result.measure + ' by period' if result.measure else 'totals'}"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for h in headers:
        # measure keys wrap at their underscores; names and answers stay on one line
        table.add_column(h.replace("_", " "), justify="left" if h in ("force", "answer", "covers") else "right",
                         no_wrap=h in ("force", "answer"))
    for line in rows:
        table.add_row(*line)
    # the full width, as asked: no column is cut to "…" to fit the terminal
    from rich.console import Console

    needed = console.measure(table, options=console.options.update(max_width=2000)).maximum
    wide = Console(file=console.file, width=max(console.width, needed),  # color_system reads back a name Console takes:
                   force_terminal=console.is_terminal, color_system=console.color_system)  # type: ignore[arg-type]
    wide.print(table)
    for note in result.notes:
        console.print(note, highlight=False)


def _print_one_measure(result, measure: Optional[str]) -> None:
    """One measure, force by force, in under 100 columns: total, years, rate and interval, vs national."""
    from rich import box
    from rich.table import Table

    table = Table(title=f"{result.request}: {measure or 'no measures'}", title_justify="left", box=box.SIMPLE_HEAD)
    for h, justify in (("force", "left"), ("answer", "left"), ("total", "right"), ("covers", "left"),
                       ("per 1,000 a year (95% CI)", "right"), ("vs national", "left")):
        table.add_column(h, justify=justify, no_wrap=h in ("force", "total"))  # type: ignore[arg-type]  # each is one of rich's names
    national = None
    ranked = sorted(result.rows, key=lambda r: (
        -((r.rate_rows.get(measure) or {}).get("per_1000_officer_years") or -1), r.name))
    for r in ranked:
        row = r.rate_rows.get(measure) or {}
        national = national or row.get("national_rate")
        cell = r.cells.get(measure)
        total = cell.text() if cell else ""
        if row.get("total_low") is not None:
            total = f"{row['total_low']}-{row['total_high']}"
        funnel = row.get("funnel") or ""
        table.add_row(r.short_name, r.answer, total, row.get("covers") or "", r.rate_text(measure),
                      "" if funnel == "within" else funnel)
    width = min(console.width, 100)  # readable in a 100-column terminal; --all shows the full width
    console.print(table, width=width)
    if national is not None:
        console.print(f"National rate (the forces with a rate): {national:.2f} per 1,000 officers a year.",
                      highlight=False, width=width)
    others = [m for m in result.columns if m != measure]
    if others:
        console.print(f"Other measures: {', '.join(others)} (--measure M); all at once: --all.", highlight=False, width=width)
    for note in result.notes:
        console.print(note, highlight=False, width=width)
