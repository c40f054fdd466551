"""`foi send`, `foi log` and `foi status`: a case's history and where it stands."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import FoiError
from ..workspace import EVENTS, OUTCOMES, Event, parse_date
from .common import console, date_option, err_console, get_workspace, print_json

if TYPE_CHECKING:  # foi.cases brings foi.deadlines and `holidays`: loaded by the commands that use them
    from .. import cases as cases_mod

app = typer.Typer()


@app.command("send")
def send_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="The request to send."),
    to: Optional[list[str]] = typer.Option(None, "--to", help="Only these forces or groups (repeatable)."),
    date: Optional[str] = typer.Option(None, help="Date sent, YYYY-MM-DD (default today)."),
    eml_dir: Optional[Path] = typer.Option(None, "--eml-dir", help="Also write one .eml file per recipient in this folder."),
    smtp: Optional[str] = typer.Option(
        None, "--smtp",
        help="Also send each message through this SMTP server, HOST[:PORT] (foi.local.yml's smtp settings apply to its host).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show who would be sent what at which address; do nothing."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Send the request to each recipient not yet sent to, and record it as sent.

    Without --eml-dir or --smtp it only records the request as sent (you sent it yourself).
    A recipient whose message fails is not recorded: run the same command again to retry.
    """
    from .. import mail
    from .mail import progress_bar, report_failures

    if smtp is not None and not smtp.strip():
        raise typer.BadParameter("give HOST or HOST:PORT", param_hint="--smtp")
    ws = get_workspace(ctx)
    with progress_bar("sending", 3) as progress:
        result = mail.send_request(
            ws, slug, to=to, date=date_option(date), eml_dir=eml_dir, smtp=smtp, dry_run=dry_run, progress=progress
        )
    if json_output:
        print_json(result.to_json())
    else:
        verb = "would send to" if dry_run else "sent to"
        how = []
        if eml_dir is not None:
            how.append(f".eml files in {eml_dir}")
        if smtp:
            how.append(f"by SMTP through {smtp}")
        if result.sent:
            console.print(
                f"{slug}: {verb} {len(result.sent)} forces: {', '.join(result.sent)}"
                + (f" ({'; '.join(how)})" if how and not dry_run else ""),
                markup=False, highlight=False,
            )
        if dry_run:
            for m in result.messages:
                console.print(
                    f"  {m.force} <{m.to or 'no address'}>" + (f": {m.subject}" if isinstance(m, mail.ComposedRequest) else ""),
                    markup=False, highlight=False,
                )
        if result.already_sent:
            console.print(f"{slug}: already sent to {len(result.already_sent)} forces", markup=False)
        if not result.sent and not result.failed:
            console.print(f"{slug}: nothing to send", markup=False)
    report_failures(slug, result.failed, "sending")
    if result.failed:
        err_console.print("Run the same command again to send to these only.", markup=False)
        raise typer.Exit(1)


@app.command("log")
def log_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="The request."),
    force: str = typer.Argument(..., help="The force's id."),
    event: str = typer.Argument(..., help=f"One of: {', '.join(EVENTS)}."),
    date: Optional[str] = typer.Option(None, help="When it happened, YYYY-MM-DD (default today)."),
    outcome: Optional[str] = typer.Option(None, help=f"For responded/review-responded: {', '.join(OUTCOMES)}."),
    until: Optional[str] = typer.Option(None, help="For extended: the new date the force gives."),
    ref: Optional[str] = typer.Option(None, help="The force's reference."),
    note: Optional[str] = typer.Option(None, help="A private note (never published)."),
):
    """Record an event in a case's history."""
    from .. import cases as cases_mod

    ws = get_workspace(ctx)
    request = ws.load_request(slug)
    new = Event(
        date=date_option(date),
        force=force,
        event=event,
        outcome=outcome,
        until=parse_date(until, "--until") if until else None,
        ref=ref,
        note=note,
    )
    cases_mod.record_events(ws, request, [new])
    console.print(f"{slug} / {force}: {event} on {new.date}")


STATE_STYLE = {"responded": "green", "withdrawn": "dim", "not-sent": "dim", "complaint": "magenta", "internal-review": "cyan"}


@app.command("status")
def status_cli(
    ctx: typer.Context,
    slug: Optional[str] = typer.Argument(None, help="One request (default: all)."),
    force: Optional[str] = typer.Argument(None, help="One force of that request (default: all)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Compute as on this day, YYYY-MM-DD (default today)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only cases whose response is overdue."),
    explain: bool = typer.Option(
        False, "--explain", help="With SLUG FORCE: the case's clock day by day, each day counted or skipped and why."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Every case (request x force) with its state and deadline, most overdue first.

    `foi status SLUG FORCE --explain` shows how one case's due date is reached.
    """
    from rich import box
    from rich.table import Table

    from .. import cases as cases_mod

    ws = get_workspace(ctx)
    day = date_option(as_of, "--as-of")
    if explain or force:
        if not (slug and force):
            raise FoiError("--explain needs the request and the force: foi status SLUG FORCE --explain")
        from .. import clock

        explanation = clock.explain_case(ws, slug, force, day)
        if json_output:
            print_json(explanation.to_json() if explain else [explanation.status.to_json()])
            return
        if explain:
            typer.echo(render_explanation(explanation))
            return
        report = [(cases_mod.summarise(slug, [explanation.status]), [explanation.status])]
    else:
        report = cases_mod.status(ws, slug, as_of=day, overdue_only=overdue)
    if json_output:
        print_json([c.to_json() for _, cases in report for c in cases])
        return
    for summary, cases in report:
        request_title = f"{summary.request}: {summary.sentence()} (as of {day})"
        table = Table(title=request_title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for column in ("force", "state", "sent", "due", "late (wd)", "outcome", "flags"):
            table.add_column(column, justify="right" if column == "late (wd)" else "left", no_wrap=True)
        for c in cases:
            late = str(c.working_days_overdue) if c.overdue else ""
            if c.very_overdue:
                late += " (very)"
            style = "red" if c.overdue or c.review_overdue else STATE_STYLE.get(c.state)
            table.add_row(
                c.force, c.state, str(c.sent or ""), str(c.due or ""), late, c.outcome or "", case_flags(c), style=style
            )
        console.print(table)


def case_flags(c: cases_mod.CaseStatus) -> str:
    """The ICO's limits a case has passed, in a few words."""
    flags = []
    if c.extension_beyond_ico:
        flags.append(f"extended {c.extension_working_days} wd (ICO: 20 at most)")
    if c.review_overdue:
        flags.append(f"review {'very ' if c.review_very_overdue else ''}overdue ({c.review_working_days_overdue} wd)")
    if c.fee_lapsed:
        flags.append("fee unpaid: lapsed")
    return "; ".join(flags)


def render_explanation(explanation) -> str:
    """The clock as text: the rules, one line per day (three or more alike in one), the summary."""
    s = explanation.status
    lines = [
        f"{explanation.request} / {explanation.force} ({explanation.force_name}): {s.state}, as of {explanation.as_of}",
        *explanation.rules,
        "",
    ]
    days = explanation.days
    i = 0
    while i < len(days):
        d = days[i]
        j = i
        if d.day is None:
            while j + 1 < len(days) and days[j + 1].day is None and days[j + 1].note == d.note:
                j += 1
        if j - i >= 2:
            note = f"{d.note}, to {days[j].date:%a %Y-%m-%d} ({j - i + 1} days)"
            i_next = j + 1
        else:
            note, i_next = d.note, i + 1
        number = "-" if d.day is None else f"day {d.day}"
        lines.append(f"{d.date:%a %Y-%m-%d}  {number:<6}  {note}".rstrip())
        i = i_next
    if days:
        lines.append("")
    lines += explanation.summary
    return "\n".join(lines)
