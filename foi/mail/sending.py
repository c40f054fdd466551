"""Sending a request: one message per force, recorded as `sent` only once it has been written or
sent, so a failure half-way leaves the ones sent recorded and a re-run sends only to the rest.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from .. import cases
from ..errors import FoiError
from ..workspace import Event, Workspace, read_events
from .composing import case_token, compose_request
from .delivering import Failure, Outgoing, deliver
from .settings import Progress, force_addresses, recipient_addresses, requester_settings, smtp_settings


@dataclass
class Addressee:
    """A force the request goes to, at its FOI address (None when there is none)."""

    force: str
    to: Optional[str]


@dataclass
class ComposedRequest(Addressee):
    """A request composed for a force: its subject, the .eml it is written to, the SMTP server it goes through."""

    subject: str
    eml: Optional[str]
    smtp: Optional[str]


@dataclass
class SendReport:
    """What `send_request` did: the forces sent to now, those that failed, those sent to before.

    With `dry_run`, `sent` and `messages` say who would get what at which address.
    """

    request: str
    sent: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    dry_run: bool = False
    messages: list[Addressee] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _already_sent(event: Event, history: list[Event]) -> bool:
    return any(h.event == "sent" for h in history)


def send_request(ws: Workspace, slug: str, to: Optional[list[str]] = None, date: Optional[dt.date] = None,
                 eml_dir: Optional[Path] = None, smtp: Optional[str] = None, dry_run: bool = False,
                 progress: Optional[Progress] = None) -> SendReport:
    """Send the request to each chosen recipient not yet sent to, recording each `sent` as it goes.

    With `eml_dir`, write `<slug>--<force>.eml` there; with `smtp` ("HOST[:PORT]"), send it; with
    neither, only record (as `foi send` always did). With `dry_run`, nothing is done.
    """
    request = ws.load_request(slug)
    today = dt.date.today()
    date = date or today
    if date > today:
        raise FoiError(f"the date {date} is in the future")
    chosen = cases.chosen_recipients(request, to)
    history = read_events(ws.log_path(slug))
    sent_before = {e.force for e in history if e.event == "sent"}
    already = [f for f in chosen if f in sent_before]
    pending = [f for f in chosen if f not in sent_before]
    report = SendReport(request=slug, already_sent=already, dry_run=dry_run)
    delivering = eml_dir is not None or bool(smtp)

    if not delivering:
        if dry_run:
            known = force_addresses(ws)
            report.sent = pending
            report.messages = [Addressee(f, known.get(f) or None) for f in pending]
            return report
        new = [Event(date=date, force=f, event="sent") for f in pending]
        written = cases.record_events(ws, request, new, today=today, skip_if=_already_sent)
        report.sent = [e.force for e in written]
        return report

    requester = requester_settings(ws)
    settings = smtp_settings(ws, smtp) if smtp else None
    addresses = recipient_addresses(ws, pending)
    outgoing = [
        Outgoing(f, f"{slug}--{f}.eml", compose_request(ws, request, f, requester, date, address=addresses[f]))
        for f in pending
    ]
    report.messages = [
        ComposedRequest(
            force=o.force,
            to=addresses[o.force],
            subject=str(o.message["Subject"]),
            eml=str(Path(eml_dir) / o.filename) if eml_dir is not None else None,
            smtp=settings.where if settings else None,
        )
        for o in outgoing
    ]
    if dry_run:
        report.sent = pending
        return report

    total = len(outgoing)
    if progress:
        progress(0, total)
    for done, delivery in enumerate(deliver(outgoing, eml_dir, settings), 1):
        force_id = delivery.outgoing.force
        if delivery.error is not None:  # the same test as `not delivery.ok`, which mypy cannot see into
            report.failed.append(Failure(force_id, delivery.error))
        else:
            message = delivery.outgoing.message
            event = Event(
                date=date,
                force=force_id,
                event="sent",
                extra={"message_id": str(message["Message-ID"]), "subject_token": case_token(slug, force_id)},
            )
            try:
                written = cases.record_events(ws, request, [event], today=today, skip_if=_already_sent)
            except FoiError as e:
                report.failed.append(Failure(force_id, f"sent, but not recorded: {e}"))
            else:
                (report.sent if written else report.already_sent).append(force_id)
        if progress:
            progress(done, total)
    return report
