"""Chasing and reviews: a reminder to each force whose response is overdue (citing s.10 of the law
that applies; it records nothing), and a request for an internal review of a force's response
(FOIA: the ICO's guidance; FOISA s.20), recorded as `review-requested` once written or sent.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Optional, TypeVar

from .. import cases, deadlines, forces
from ..errors import FoiError
from ..workspace import Event, Workspace, read_events
from .composing import (
    LAW_NAMES, REGULATOR, case_token, compose_message, long_date, readable, request_subject, sign_off, wrap_paragraphs,
)
from .delivering import Failure, Outgoing, deliver
from .settings import Progress, Requester, recipient_addresses, requester_settings, smtp_settings


@dataclass
class Reminder:
    """A reminder to one force: where it goes, when the response was due and how late it is."""

    force: str
    to: str
    due: dt.date
    working_days_overdue: int
    subject: str

    def to_json(self) -> dict:
        return asdict(self) | {"due": self.due.isoformat()}


R = TypeVar("R", bound=Reminder)


@dataclass
class DraftReminder(Reminder):
    """A reminder neither written nor sent: its text is printed for the requester to send."""

    text: str  # the letter as a person reads it, headers first


@dataclass
class SentReminder(Reminder):
    """A reminder written as an .eml file and/or sent over SMTP."""

    eml: Optional[str]  # the file written, when there is one


@dataclass
class ChaseReport:
    """What `chase` did on `as_of`: the reminders sent (with `dry_run`, those it would send),
    those that failed, or the drafts when there was nowhere to write or send them."""

    request: str
    as_of: dt.date
    chased: list[Reminder] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    dry_run: bool = False
    drafts: list[DraftReminder] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self) | {
            "as_of": self.as_of.isoformat(),
            "chased": [r.to_json() for r in self.chased],
            "drafts": [r.to_json() for r in self.drafts],
        }


@dataclass
class ReviewReport:
    """A review request: where it goes and when the review is due; whether it was recorded, the
    .eml written, or the draft printed when there was nowhere to write or send it."""

    request: str
    force: str
    to: str
    subject: str
    review_due: dt.date
    warnings: list[str]
    dry_run: bool
    recorded: bool = False
    eml: Optional[str] = None
    draft: Optional[str] = None

    def to_json(self) -> dict:
        return asdict(self) | {"review_due": self.review_due.isoformat()}


def _case_history(ws: Workspace, slug: str, force_id: str) -> list[Event]:
    return cases.ordered(e for e in read_events(ws.log_path(slug)) if e.force == force_id)


def _original_message_id(history: list[Event]) -> Optional[str]:
    for e in history:
        if e.event == "sent" and e.extra.get("message_id"):
            return e.extra["message_id"]
    return None


def chase_outgoing(ws: Workspace, slug: str, as_of: Optional[dt.date] = None,
                   requester: Optional[Requester] = None) -> list[Outgoing]:
    """A reminder for each case of the request that is overdue on `as_of`."""
    as_of = as_of or dt.date.today()
    request = ws.load_request(slug)
    overdue = [c for c in cases.request_statuses(ws, request, as_of) if c.overdue]
    if not overdue:
        return []
    requester = requester or requester_settings(ws)
    addresses = recipient_addresses(ws, [c.force for c in overdue])
    out = []
    for case in overdue:
        force = forces.get_force(case.force)
        law = case.law or deadlines.FOIA
        act = LAW_NAMES[law]
        history = [e for e in _case_history(ws, slug, case.force) if e.date <= as_of]
        original = _original_message_id(history)
        # Overdue means past a due date, and `record_events` lets nothing in before `sent`.
        assert case.sent is not None and case.due is not None
        ref = f", your reference {case.ref}" if case.ref else ""
        extended = any(e.event == "extended" for e in history) and case.state == "extended"
        clarified = case.clock_start if case.clock_start and case.clock_start != case.sent else None
        paragraphs = [
            f"Dear {force.name},",
            f'On {long_date(case.sent)} I sent you a request for information under the {act}, "{request.title}"{ref}.',
        ]
        if extended:
            paragraphs.append(
                f"You told me you needed until {long_date(case.due)} to respond"
                + (" under section 10(3) of the Act to consider the public interest" if law == deadlines.FOIA else "")
                + f". That date has passed: as of {long_date(as_of)} your response is"
                f" {case.working_days_overdue} working day{'s' if case.working_days_overdue != 1 else ''} overdue."
            )
        else:
            receipt = f"receipt of my clarification of {long_date(clarified)}" if clarified else "receipt"
            paragraphs.append(
                f"Section 10(1) of the {act} requires you to respond promptly and in any event by the"
                f" twentieth working day following {receipt}, which was {long_date(case.due)}."
                f" As of {long_date(as_of)} your response is {case.working_days_overdue}"
                f" working day{'s' if case.working_days_overdue != 1 else ''} overdue."
            )
        if law == deadlines.FOISA:
            paragraphs.append(
                "Please send your response as soon as possible. If I do not hear from you, I may require a review"
                f" under section 20 of the Act and then apply to {REGULATOR[law]}."
            )
        else:
            paragraphs.append(
                "Please send your response as soon as possible. If I do not hear from you, I may complain to"
                f" {REGULATOR[law]} under section 50 of the Act."
            )
        paragraphs.append(sign_off(requester))
        subject = f"Overdue: {request_subject(request, force.id)}"
        msg = compose_message(requester, force, addresses[force.id], subject, wrap_paragraphs(paragraphs), None,
                              in_reply_to=original)
        out.append(Outgoing(force.id, f"{slug}--{force.id}--chase-{as_of.isoformat()}.eml", msg))
    return out


def chase(ws: Workspace, slug: str, as_of: Optional[dt.date] = None, eml_dir: Optional[Path] = None,
          smtp: Optional[str] = None, dry_run: bool = False, progress: Optional[Progress] = None) -> ChaseReport:
    """Draft (and write or send) a reminder for each overdue case. Records nothing."""
    as_of = as_of or dt.date.today()
    outgoing = chase_outgoing(ws, slug, as_of)
    settings = smtp_settings(ws, smtp) if smtp else None
    request = ws.load_request(slug)
    statuses = {c.force: c for c in cases.request_statuses(ws, request, as_of)}
    report = ChaseReport(request=slug, as_of=as_of, dry_run=dry_run)

    def reminder(o: Outgoing, kind: type[R], **more: Any) -> R:
        c = statuses[o.force]
        assert c.due is not None  # chase_outgoing drafted it because the case is past its due date
        return kind(force=o.force, to=parseaddr(str(o.message["To"]))[1], due=c.due,
                    working_days_overdue=c.working_days_overdue, subject=str(o.message["Subject"]), **more)

    if dry_run:
        report.chased = [reminder(o, Reminder) for o in outgoing]
        return report
    if eml_dir is None and settings is None:
        report.drafts = [reminder(o, DraftReminder, text=readable(o.message)) for o in outgoing]
        return report
    total = len(outgoing)
    for done, delivery in enumerate(deliver(outgoing, eml_dir, settings), 1):
        if delivery.error is not None:  # not delivery.ok
            report.failed.append(Failure(delivery.outgoing.force, delivery.error))
        else:
            eml = str(delivery.eml) if delivery.eml else None
            report.chased.append(reminder(delivery.outgoing, SentReminder, eml=eml))
        if progress:
            progress(done, total)
    return report


REASON_PLACEHOLDER = (
    "[Say here why you are not satisfied: the information withheld, the exemptions applied and why they do not"
    " apply, the time taken, ...]"
)


def _review_outgoing(ws: Workspace, slug: str, force_id: str, date: Optional[dt.date] = None,
                     reason: Optional[str] = None, requester: Optional[Requester] = None) -> tuple[Outgoing, Event, list[str]]:
    date = date or dt.date.today()
    request = ws.load_request(slug)
    force = forces.get_force(force_id)
    if force.id not in request.recipients:
        raise FoiError(f"{force.id} is not among the recipients of '{slug}' (the 'to' list in {request.path})")
    law = force.law or deadlines.FOIA
    act = LAW_NAMES[law]
    history = _case_history(ws, slug, force.id)
    case = cases.replay(slug, force.id, law, history, date)
    if case.state != "responded":
        raise FoiError(f"cannot ask {force.id} for a review of '{slug}': the case is {case.state}, not responded")
    responses = [e for e in history if e.event in ("responded", "review-responded") and e.date <= date]
    answered = responses[-1].date
    assert case.sent is not None  # it is responded, and `record_events` lets nothing in before `sent`
    review_due = deadlines.review_due(date, law)
    requester = requester or requester_settings(ws)
    address = recipient_addresses(ws, [force.id])[force.id]
    ref = f", your reference {case.ref}" if case.ref else ""
    warnings = []
    paragraphs = [f"Dear {force.name},"]
    if law == deadlines.FOISA:
        paragraphs.append(
            f"Under section 20(1) of the {act} I require you to review your response of {long_date(answered)}"
            f' to my request for information "{request.title}"{ref}, which I sent on {long_date(case.sent)}.'
        )
    else:
        paragraphs.append(
            f"I am writing to request an internal review of {force.name}'s handling of my request for information"
            f' under the {act}, "{request.title}"{ref}, which I sent on {long_date(case.sent)} and to which you'
            f" responded on {long_date(answered)}."
        )
    paragraphs.append(reason.strip() if reason and reason.strip() else REASON_PLACEHOLDER)
    if law == deadlines.FOISA:
        limit = deadlines.add_working_days(answered, 40, law)
        if date <= limit:
            paragraphs.append(
                "This requirement for review is made within 40 working days of your response, as section 20(5)"
                f" of the Act allows. Section 21(1) requires you to respond within 20 working days, by"
                f" {long_date(review_due)}. If I remain dissatisfied I may apply to {REGULATOR[law]} under"
                " section 47 of the Act."
            )
        else:
            warnings.append(
                f"the 40 working days for requiring a review (FOISA s.20(5)) ended on {limit}; {force.name} need not"
                " carry it out"
            )
            paragraphs.append(
                f"Section 21(1) of the Act requires you to respond within 20 working days, by {long_date(review_due)}."
                f" If I remain dissatisfied I may apply to {REGULATOR[law]} under section 47 of the Act."
            )
    else:
        paragraphs.append(
            "The Information Commissioner's guidance and the section 45 Code of Practice say an internal review"
            f" should take no more than 20 working days, so I expect your reply by {long_date(review_due)}."
            f" If I remain dissatisfied I may complain to {REGULATOR[law]} under section 50 of the Act."
        )
    paragraphs.append(sign_off(requester))
    token = case_token(slug, force.id)
    subject = f"Internal review: {request_subject(request, force.id)}"
    msg = compose_message(requester, force, address, subject, wrap_paragraphs(paragraphs), date,
                          in_reply_to=_original_message_id(history))
    event = Event(date=date, force=force.id, event="review-requested",
                  extra={"message_id": str(msg["Message-ID"]), "subject_token": token})
    return Outgoing(force.id, f"{slug}--{force.id}--review-{date.isoformat()}.eml", msg), event, warnings


def request_review(ws: Workspace, slug: str, force: str, date: Optional[dt.date] = None,
                   reason: Optional[str] = None, eml_dir: Optional[Path] = None, smtp: Optional[str] = None,
                   dry_run: bool = False) -> ReviewReport:
    """Draft a review request; written (eml_dir) or sent (smtp), it is recorded as `review-requested`."""
    today = dt.date.today()
    date = date or today
    outgoing, event, warnings = _review_outgoing(ws, slug, force, date, reason)
    settings = smtp_settings(ws, smtp) if smtp else None
    if settings and not (reason and reason.strip()):
        raise FoiError(
            "give the grounds for the review (--reason) before sending it over SMTP,"
            " or write a draft with --eml-dir and edit it"
        )
    request = ws.load_request(slug)
    # Refuse now what the log would refuse after sending.
    cases.check_event(event, _case_history(ws, slug, event.force), cases.force_law(event.force), today)
    report = ReviewReport(
        request=slug,
        force=event.force,
        to=parseaddr(str(outgoing.message["To"]))[1],
        subject=str(outgoing.message["Subject"]),
        review_due=deadlines.review_due(date, cases.force_law(event.force)),
        warnings=warnings,
        dry_run=dry_run,
    )
    if dry_run:
        return report
    if eml_dir is None and settings is None:
        report.draft = readable(outgoing.message)
        return report
    delivery = next(deliver([outgoing], eml_dir, settings))
    if not delivery.ok:
        raise FoiError(f"the review request to {event.force} was not sent: {delivery.error}")
    report.eml = str(delivery.eml) if delivery.eml else None
    cases.record_events(ws, request, [event], today=today)
    report.recorded = True
    return report
