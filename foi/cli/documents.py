"""`foi response add` and `foi extract`."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import console, date_option, err_console, get_workspace, print_json

app = typer.Typer()
response_app = typer.Typer(no_args_is_help=True)


@response_app.command("add")
def response_add_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="The request."),
    force: str = typer.Argument(..., help="The force that responded."),
    files: list[Path] = typer.Argument(..., help="The documents it sent (PDF, XLSX, CSV, DOCX, EML ...)."),
    date: Optional[str] = typer.Option(None, help="Date of the response, YYYY-MM-DD (default today)."),
    outcome: Optional[str] = typer.Option(None, help="full, partial, refused, not-held or ncnd (default: read from the letter)."),
    ref: Optional[str] = typer.Option(None, help="The force's reference."),
):
    """Store documents a force sent, as received, and record its response."""
    from ..documents.responses import add_response  # the document readers: loaded by this command only

    ws = get_workspace(ctx)
    stored, recorded = add_response(ws, slug, force, files, date=date_option(date), outcome=outcome, ref=ref)
    for item in stored:
        state = "stored" if item.new else "already stored"
        console.print(f"{state}: {item.path.relative_to(ws.root)}", highlight=False)
    if recorded:
        console.print(f"{slug} / {force}: responded. Run `foi build` to read the documents.")


@app.command("extract")
def extract_cli(
    file: Path = typer.Argument(..., help="A PDF, spreadsheet, CSV or Word file.", exists=False),
    json_output: bool = typer.Option(False, "--json", help="Print the tables as JSON."),
    ocr_images: bool = typer.Option(True, "--ocr/--no-ocr", help="OCR pages that are only images, as the build does (when OCRmyPDF is installed)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Read a long PDF's pages in this many processes (default: one per core)."),
):
    """Print the tables found in one document (no workspace needed): what foi sees."""
    from rich import box
    from rich.table import Table as RichTable

    from ..documents.ingest import read_as_built
    from ..documents.workers import job_count
    from ..errors import FoiError

    if not file.is_file():
        raise FoiError(f"{file}: no such file")
    with err_console.status("reading ..."):
        parsed, warnings = read_as_built(file, ocr=ocr_images, jobs=job_count(jobs))
    for warning in warnings:
        err_console.print(f"[yellow]{warning}[/yellow]", highlight=False)
    if json_output:
        print_json([t.to_json() for t in parsed.tables])
        return
    if not parsed.tables:
        hint = " (its pages have no text layer: it needs OCR)" if parsed.needs_ocr else ""
        console.print(f"{file}: no tables found in {parsed.page_count} page(s){hint}")
        return
    for number, table in enumerate(parsed.tables, 1):
        where = f"sheet {table.sheet}" if table.sheet else f"page {table.page}"
        grid = RichTable(title=f"table {number}, {where} ({table.method})", title_justify="left", box=box.SIMPLE, show_header=False)
        for _ in range(table.n_cols):
            grid.add_column(overflow="fold")
        for row in table.rows:
            grid.add_row(*[c or "" for c in row] + [""] * (table.n_cols - len(row)))
        console.print(grid)
