"""`foi build`."""
from __future__ import annotations

from typing import Optional

import typer

from .common import console, date_option, err_console, get_workspace, print_json

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
    from ..documents.ocr import INSTALL_HINT

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
    docs, figs = report.documents, report.figures
    if json_output:
        print_json(
            {
                "requests": report.requests, "cases": report.cases, "events": report.events,
                "documents": {"found": docs.found, "parsed": docs.parsed, "unchanged": docs.unchanged,
                              "removed": docs.removed, "pages": docs.pages, "seconds": round(docs.seconds, 3),
                              "errors": [{"document": d, "error": e} for d, e in docs.errors],
                              "needs_ocr": docs.needs_ocr,
                              "ocr": {"documents": docs.ocr_documents, "pages": docs.ocr_pages, "from_cache": docs.ocr_cached,
                                      "seconds": round(docs.ocr_seconds, 3), "unavailable": docs.ocr_unavailable,
                                      "errors": [{"document": d, "error": e} for d, e in docs.ocr_errors]}},
                "figures": {"figures": figs.figures, "needs_review": figs.needs_review,
                            "stale_corrections": [{"request": r, "force": s.correction.force, "measure": s.correction.measure,
                                                   "period": s.correction.period, "reason": s.reason} for r, s in figs.stale],
                            "problems": [{"document": d, "problem": p} for d, p in figs.problems]},
            }
        )
    else:
        for doc_id, error in docs.errors:
            err_console.print(f"[red]responses/{doc_id}: {error}[/red]", highlight=False)
        ocr_errors = dict(docs.ocr_errors)
        for doc_id in docs.needs_ocr:
            if doc_id in ocr_errors:
                why = f"OCR failed: {ocr_errors[doc_id]}"
            else:
                why = f"they need OCR: {docs.ocr_unavailable or f'install it with `{INSTALL_HINT}`'}, then build again"
            err_console.print(f"[yellow]responses/{doc_id}: has pages without a text layer; {why}[/yellow]", highlight=False, soft_wrap=True)
        if docs.ocr_documents:
            err_console.print(
                f"OCR: {docs.ocr_pages} scanned page{'s' if docs.ocr_pages != 1 else ''} read in {docs.ocr_seconds:.1f}s"
                + (f", {docs.ocr_cached} documents from their OCR'd copies" if docs.ocr_cached else ""),
                highlight=False,
            )
        console.print(
            f"built {ws.db_path}: {report.requests} requests, {report.cases} cases, {report.events} events; "
            f"documents: {docs.parsed} parsed ({docs.pages} pages), {docs.unchanged} unchanged, {docs.removed} removed, "
            f"{len(docs.errors)} unreadable, in {docs.seconds:.1f}s; "
            f"figures: {figs.figures} ({figs.needs_review} need review)",
            highlight=False,
        )
        for doc_id, problem in figs.problems:
            err_console.print(f"[yellow]responses/{doc_id}: {problem}[/yellow]", highlight=False)
        for slug, stale in figs.stale:
            c = stale.correction
            err_console.print(
                f"[yellow]requests/{slug}/corrections.yml: the decision on {c.force} {c.measure} {c.period} was not applied: {stale.reason}[/yellow]",
                highlight=False,
            )
    if strict and docs.errors:
        raise typer.Exit(1)
