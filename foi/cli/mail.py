"""`foi inbox import`, `foi chase` and `foi review-request`: email in and out (see foi/mail/)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

import typer

from ..workspace import parse_date
from .common import console, date_option, err_console, get_workspace, print_json

if TYPE_CHECKING:  # foi.mail (email, SMTP, the case replay) is loaded by the commands that send or read mail
    from .. import mail

app = typer.Typer()
inbox_app = typer.Typer(no_args_is_help=True)

EML_DIR_HELP = "Write each message as an .eml file in this folder."
SMTP_HELP = "Send each message through this SMTP server, HOST[:PORT] (foi.local.yml's smtp settings apply to its host)."


@contextmanager
def progress_bar(description: str, more_than: int) -> Iterator[mail.Progress]:
    """A progress callback that shows a bar on standard error when there are more than `more_than` items."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    state: dict = {"task": None}

    def update(done: int, total: int) -> None:
        if total <= more_than:
            return
        if state["task"] is None:
            bar.start()
            state["task"] = bar.add_task(description, total=total)
        bar.update(state["task"], completed=done)

    try:
        yield update
    finally:
        if state["task"] is not None:
            bar.stop()


def report_failures(slug: str, failed: list[mail.Failure], what: str) -> None:
    if not failed:
        return
    err_console.print(f"{slug}: {what} failed for {len(failed)} force{'s' if len(failed) != 1 else ''}:", markup=False)
    for item in failed:
        err_console.print(f"  {item.force}: {item.error}", markup=False, soft_wrap=True)


@inbox_app.command("import")
def import_cli(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help=".eml files, mbox files or Maildir folders (or folders of .eml files)."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON: one item per message."),
):
    """Read replies, match them to cases, store them and their attachments, record what they say."""
    from .. import mail

    ws = get_workspace(ctx)
    with progress_bar("importing", 10) as progress:
        report = mail.import_mail(ws, paths, progress=progress)
    if json_output:
        print_json(report.to_json())
        return
    for m in report.messages:
        who = f"{m.request}/{m.force}" if m.request else "?"
        head = f"{m.date or 'undated'} {who}"
        if m.status == "recorded":
            # a recorded message always has its event (mail.py sets both together)
            what = m.event + (f" until {m.until}" if m.until else "") + (f" (ref {m.ref})" if m.ref else "")  # type: ignore[operator]
            line = f"{head}: {what}, matched by {m.matched_by}"
        elif m.status == "already-imported":
            line = f"{head}: already imported"
        elif m.status in ("refused", "unclassified", "unreadable"):
            line = f"{head}: {m.status} ({m.reason})"
        else:
            line = f"{head}: {m.status}: '{m.subject}' from {m.sender or '?'} ({m.reason})"
        if m.new_files:
            line += f"; stored {len(m.new_files)} new file{'s' if len(m.new_files) != 1 else ''}"
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    console.print(report.sentence(), markup=False, highlight=False)


def _check_outputs(eml_dir: Optional[Path], smtp: Optional[str]) -> None:
    if smtp is not None and not smtp.strip():
        raise typer.BadParameter("give HOST or HOST:PORT", param_hint="--smtp")


@app.command("chase")
def chase_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="The request."),
    eml_dir: Optional[Path] = typer.Option(None, "--eml-dir", help=EML_DIR_HELP),
    smtp: Optional[str] = typer.Option(None, "--smtp", help=SMTP_HELP),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Chase what is overdue on this day, YYYY-MM-DD (default today)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show who would be chased; write and send nothing."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Draft a reminder to each force whose response is overdue (FOIA or FOISA s.10); records nothing.

    Without --eml-dir or --smtp the drafts are printed.
    """
    from .. import mail

    _check_outputs(eml_dir, smtp)
    ws = get_workspace(ctx)
    day = date_option(as_of, "--as-of")
    with progress_bar("chasing", 3) as progress:
        result = mail.chase(ws, slug, as_of=day, eml_dir=eml_dir, smtp=smtp, dry_run=dry_run, progress=progress)
    if json_output:
        print_json(result.to_json())
    else:
        if result.drafts:
            for draft in result.drafts:
                console.print(draft.text.replace("\r\n", "\n"), markup=False, highlight=False)
                console.print("-" * 72, markup=False)
        items = result.chased or result.drafts
        if not items and not result.failed:
            console.print(f"{slug}: nothing overdue on {day}", markup=False)
        elif items:
            verb = "would chase" if dry_run else ("drafted reminders to" if result.drafts else "chased")
            console.print(f"{slug}: {verb} {len(items)} force{'s' if len(items) != 1 else ''} (as of {day}):", markup=False)
            for item in items:
                console.print(
                    f"  {item.force} <{item.to}>: due {item.due}, {item.working_days_overdue} working days overdue",
                    markup=False, highlight=False,
                )
    report_failures(slug, result.failed, "chasing")
    if result.failed:
        raise typer.Exit(1)


@app.command("review-request")
def review_request_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="The request."),
    force: str = typer.Argument(..., help="The force's id."),
    eml_dir: Optional[Path] = typer.Option(None, "--eml-dir", help=EML_DIR_HELP),
    smtp: Optional[str] = typer.Option(None, "--smtp", help=SMTP_HELP),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why you are not satisfied (needed with --smtp)."),
    date: Optional[str] = typer.Option(None, help="Date asked, YYYY-MM-DD (default today)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be sent; write, send and record nothing."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Ask a force for an internal review of its response (FOIA: ICO guidance; FOISA s.20).

    Written with --eml-dir or sent with --smtp, it is recorded as review-requested; without
    either, the draft is printed and nothing is recorded.
    """
    from .. import mail

    _check_outputs(eml_dir, smtp)
    ws = get_workspace(ctx)
    result = mail.request_review(
        ws, slug, force, date=parse_date(date, "--date") if date else None, reason=reason,
        eml_dir=eml_dir, smtp=smtp, dry_run=dry_run,
    )
    if json_output:
        print_json(result.to_json())
        return
    for warning in result.warnings:
        err_console.print(f"Warning: {warning}", markup=False)
    if result.draft:
        console.print(result.draft.replace("\r\n", "\n"), markup=False, highlight=False)
        return
    if dry_run:
        console.print(f"{slug} / {result.force}: would ask <{result.to}> for a review: {result.subject}", markup=False)
        return
    where = f" (written to {result.eml})" if result.eml else ""
    console.print(
        f"{slug} / {result.force}: review requested{where}; due by {result.review_due}", markup=False
    )
