"""Replay a case's events (one request to one force) into its state and statutory clock.

A case's state is set by its latest state-changing event; its due date follows the clock rules
of the law the force answers under (see deadlines.py):

- `sent` starts the clock: due on the 20th working day after receipt (day 0).
- `clarification-requested` stops it; `clarified` restarts it from day 0.
- `fee-notice` stops it; `fee-paid` resumes it: the working days from the notice to the payment,
  both days included, are disregarded (FOIA s.10(2), FOISA s.10(3)).
- `extended` replaces the due date with the one the authority states (FOIA only); more than 20
  working days beyond the s.10(1) date is flagged as beyond what the ICO considers reasonable.
- `review-requested`: the review is due in 20 working days (FOISA s.21(1); the ICO's guidance for
  FOIA), overdue after that and very overdue after 40.
- once responded, `due` stays the date the response was due, so lateness can be judged.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Optional

from . import deadlines, forces
from .errors import FoiError
from .workspace import EVENTS, OUTCOMES, Event, Request, Workspace, locked_log, read_events

STATE_OF_EVENT = {
    "sent": "awaiting-response",
    "clarification-requested": "awaiting-clarification",
    "clarified": "awaiting-response",
    "fee-notice": "fee-pending",
    "fee-paid": "awaiting-response",
    "extended": "extended",
    "responded": "responded",
    "review-requested": "internal-review",
    "review-responded": "responded",
    "complaint": "complaint",
    "withdrawn": "withdrawn",
}
STATES = (
    "not-sent",
    "awaiting-response",
    "awaiting-clarification",
    "fee-pending",
    "extended",
    "responded",
    "internal-review",
    "complaint",
    "withdrawn",
)
OWED_STATES = {"awaiting-response", "extended"}
EVENTS_WITH_OUTCOME = {"responded", "review-responded"}
FEE_LAPSE_MONTHS = 3  # FOIA s.9(2), FOISA s.9: unpaid within three months, the request lapses


@dataclass
class CaseStatus:
    request: str
    force: str
    law: str
    state: str = "not-sent"
    sent: Optional[dt.date] = None
    clock_start: Optional[dt.date] = None  # receipt, or receipt of the clarification
    due: Optional[dt.date] = None
    overdue: bool = False
    working_days_overdue: int = 0
    very_overdue: bool = False
    responded: Optional[dt.date] = None  # first response
    working_days_to_respond: Optional[int] = None
    on_time: Optional[bool] = None
    outcome: Optional[str] = None
    review_due: Optional[dt.date] = None
    fee_lapsed: bool = False
    ref: Optional[str] = None
    last_event: Optional[str] = None
    last_event_date: Optional[dt.date] = None
    # a public-interest extension: working days beyond the s.10(1) date, and whether that is
    # more than the 20 the ICO considers reasonable
    extension_working_days: Optional[int] = None
    extension_beyond_ico: bool = False
    # an internal review under way: asked for on review_requested, due on review_due
    review_requested: Optional[dt.date] = None
    review_overdue: bool = False
    review_working_days_overdue: int = 0
    review_very_overdue: bool = False

    def to_json(self) -> dict:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
        return out


def last_day_of_months(day: dt.date, months: int) -> dt.date:
    """The last day of the period of `months` months beginning with `day` (day included).

    The corresponding-date rule: the period ends the day before the same day of the month
    `months` later; where that month has no such day, on that month's last day.
    """
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if day.day > last:
        return dt.date(year, month, last)
    return dt.date(year, month, day.day) - dt.timedelta(days=1)


def ordered(events: Iterable[Event]) -> list[Event]:
    """Events by date, same-day events in the order they were recorded."""
    return sorted(events, key=lambda e: (e.date, e.line))


def replay(request: str, force: str, law: str, events: list[Event], as_of: dt.date) -> CaseStatus:
    """The state of one case on `as_of`, counting only events dated on or before it."""
    case = CaseStatus(request=request, force=force, law=law)
    due_at_fee_notice: Optional[dt.date] = None
    fee_notice_date: Optional[dt.date] = None
    statutory_due: Optional[dt.date] = None  # the s.10(1) date an extension is measured from
    counted_after: Optional[dt.date] = None  # day 0, or the last day of the latest fee period
    for e in ordered(e for e in events if e.date <= as_of):
        kind = e.event
        case.last_event, case.last_event_date = kind, e.date
        if e.ref:
            case.ref = e.ref
        if kind in STATE_OF_EVENT:
            case.state = STATE_OF_EVENT[kind]
        if kind == "sent":
            case.sent = case.sent or e.date
            case.clock_start = counted_after = e.date
            case.due = deadlines.due_date(e.date, law)
        elif kind == "clarification-requested":
            case.due = None
        elif kind == "clarified":
            case.clock_start = counted_after = e.date
            case.due = deadlines.due_date(e.date, law)
        elif kind == "fee-notice":
            fee_notice_date, due_at_fee_notice = e.date, case.due
            case.due = None
        elif kind == "fee-paid":
            # The working days from the notice to the payment, both included, are disregarded.
            if due_at_fee_notice and fee_notice_date and counted_after:
                case.due = deadlines.disregard_period(due_at_fee_notice, fee_notice_date, e.date, law, counted_after)
                counted_after = max(counted_after, e.date)
            fee_notice_date = None
        elif kind == "extended":
            if case.extension_working_days is None:
                statutory_due = case.due
            case.due = e.until
            if statutory_due and e.until is not None:  # None only in a hand-edited log (check_event refuses it)
                extra = deadlines.working_days_between(statutory_due, e.until, law)
                case.extension_working_days = extra
                case.extension_beyond_ico = extra > deadlines.ICO_EXTENSION_DAYS
        elif kind == "responded":
            if case.responded is None:
                case.responded = e.date
                if case.clock_start:
                    case.working_days_to_respond = deadlines.working_days_between(case.clock_start, e.date, law)
                if case.due:
                    case.on_time = e.date <= case.due
            case.outcome = e.outcome or case.outcome
            case.review_due = None
        elif kind == "review-requested":
            case.review_requested = e.date
            case.review_due = deadlines.review_due(e.date, law)
        elif kind == "review-responded":
            case.outcome = e.outcome or case.outcome
            case.review_due = None
    if case.state == "fee-pending" and fee_notice_date:
        case.fee_lapsed = as_of > last_day_of_months(fee_notice_date, FEE_LAPSE_MONTHS)
    if case.state == "internal-review" and case.review_due and as_of > case.review_due:
        case.review_overdue = True
        case.review_working_days_overdue = deadlines.working_days_between(case.review_due, as_of, law)
        assert case.review_requested is not None  # review_due is set only with it, by 'review-requested'
        case.review_very_overdue = (
            deadlines.working_days_between(case.review_requested, as_of, law) > deadlines.REVIEW_VERY_OVERDUE_DAYS
        )
    if case.state in OWED_STATES and case.due and as_of > case.due:
        case.overdue = True
        case.working_days_overdue = deadlines.working_days_between(case.due, as_of, law)
        if case.clock_start:
            case.very_overdue = deadlines.is_very_overdue(case.clock_start, as_of, law)
    return case


# ---------------------------------------------------------------- recording events


def check_event(new: Event, history: list[Event], law: str, today: dt.date) -> None:
    """Refuse an event that would make the case's history impossible."""
    kind = new.event
    if kind not in EVENTS:
        import difflib

        close = difflib.get_close_matches(kind, EVENTS, n=1)
        raise FoiError(f"unknown event '{kind}'" + (f"; did you mean '{close[0]}'?" if close else f"; events: {', '.join(EVENTS)}"))
    if new.date > today:
        raise FoiError(f"the date {new.date} is in the future")
    if new.outcome is not None:
        if new.outcome not in OUTCOMES:
            raise FoiError(f"unknown outcome '{new.outcome}'; outcomes: {', '.join(OUTCOMES)}")
        if kind not in EVENTS_WITH_OUTCOME:
            raise FoiError(f"'{kind}' takes no outcome (only responded and review-responded do)")
    if kind == "extended":
        if law == deadlines.FOISA:
            raise FoiError("FOISA has no public-interest extension: a late Scottish response is simply late")
        if new.until is None:
            raise FoiError("'extended' needs --until, the new date the force gives")
        if new.until <= new.date:
            raise FoiError(f"the extension's date {new.until} is not after {new.date}")
    elif new.until is not None:
        raise FoiError(f"'{kind}' takes no --until (only extended does)")

    past = ordered(e for e in history if e.date <= new.date)
    later = [e for e in history if e.date > new.date]
    sent = [e for e in history if e.event == "sent"]
    if kind == "sent":
        if sent:
            raise FoiError(f"already recorded as sent on {sent[0].date}")
        if later:
            raise FoiError(f"there are events after {new.date} already; a 'sent' must come first")
        return
    if not sent:
        raise FoiError(f"'{kind}' before the request was sent: record 'sent' first")
    if new.date < sent[0].date:
        raise FoiError(f"'{kind}' on {new.date} is before the request was sent on {sent[0].date}")
    if later:
        raise FoiError(
            f"there is already a later event ({later[0].event} on {later[0].date}); events must be recorded in date order"
        )
    state = replay("", "", law, past, new.date).state
    if state == "withdrawn":
        raise FoiError("the request was withdrawn; nothing can follow it")
    needs = {
        "clarified": ({"awaiting-clarification"}, "no clarification was requested"),
        "fee-paid": ({"fee-pending"}, "no fee notice is pending"),
        "review-requested": ({"responded"}, "there is no response to review yet"),
        "review-responded": ({"internal-review"}, "no internal review was requested"),
        "clarification-requested": (OWED_STATES, f"the case is {state}, not awaiting a response"),
        "fee-notice": (OWED_STATES, f"the case is {state}, not awaiting a response"),
        "extended": (OWED_STATES, f"the case is {state}, not awaiting a response"),
    }
    if kind in needs:
        allowed, why = needs[kind]
        if state not in allowed:
            raise FoiError(f"cannot record '{kind}': {why}")


def record_events(
    ws: Workspace,
    request: Request,
    new_events: list[Event],
    today: Optional[dt.date] = None,
    skip_if: Optional[Callable[[Event, list[Event]], bool]] = None,
) -> list[Event]:
    """Check and append events to a request's log under its lock; all or nothing.

    `skip_if(event, history)` lets a caller drop events that are already recorded (idempotent
    imports, resumable sends). Returns the events written.
    """
    today = today or dt.date.today()
    for e in new_events:
        if e.force not in request.recipients:
            forces.get_force(e.force)  # an unknown id gets the "did you mean" message
            raise FoiError(f"{e.force} is not among the recipients of '{request.slug}' (the 'to' list in {request.path})")
    with locked_log(ws, request.slug) as (history, append):
        written = []
        for e in new_events:
            case_history = [h for h in history if h.force == e.force]
            if skip_if and skip_if(e, case_history):
                continue
            check_event(e, case_history, force_law(e.force), today)
            history.append(e)
            written.append(e)
        if written:
            append(written)
    return written


def force_law(force_id: str) -> str:
    return forces.get_force(force_id).law


# ---------------------------------------------------------------- status


def request_statuses(ws: Workspace, request: Request, as_of: dt.date) -> list[CaseStatus]:
    """One CaseStatus per recipient of the request."""
    events = read_events(ws.log_path(request.slug))
    by_force: dict[str, list[Event]] = {}
    for e in events:
        by_force.setdefault(e.force, []).append(e)
    return [
        replay(request.slug, force_id, force_law(force_id), by_force.get(force_id, []), as_of)
        for force_id in request.recipients
    ]


def sort_most_overdue_first(cases: list[CaseStatus]) -> list[CaseStatus]:
    state_rank = {s: i for i, s in enumerate(STATES)}
    return sorted(
        cases,
        key=lambda c: (
            not c.overdue,
            -c.working_days_overdue,
            c.due or dt.date.max,
            state_rank.get(c.state, 99),
            c.force,
        ),
    )


@dataclass
class Summary:
    request: str
    cases: int
    sent: int
    answered: int
    awaiting: int
    overdue: int
    very_overdue: int

    def sentence(self) -> str:
        return (
            f"{self.answered} of {self.sent} answered, {self.overdue} overdue, {self.very_overdue} very overdue"
            + (f" ({self.cases - self.sent} not sent)" if self.cases > self.sent else "")
        )


def summarise(request: str, cases: list[CaseStatus]) -> Summary:
    sent = [c for c in cases if c.state != "not-sent"]
    return Summary(
        request=request,
        cases=len(cases),
        sent=len(sent),
        answered=sum(1 for c in cases if c.responded is not None),
        awaiting=sum(1 for c in cases if c.state in OWED_STATES),
        overdue=sum(1 for c in cases if c.overdue),
        very_overdue=sum(1 for c in cases if c.very_overdue),
    )


def chosen_recipients(request: Request, to: Optional[list[str]]) -> list[str]:
    """The forces named by `to` (ids or groups), which must be among the request's recipients."""
    chosen = forces.resolve(to) if to else request.recipients
    outside = [f for f in chosen if f not in request.recipients]
    if outside:
        raise FoiError(
            f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not among the recipients of"
            f" '{request.slug}' (the 'to' list in {request.path})"
        )
    return chosen


def status(ws: Workspace, slug: Optional[str], as_of: dt.date, overdue_only: bool = False
           ) -> list[tuple[Summary, list[CaseStatus]]]:
    """For each request (or the one named): its summary and its cases, most overdue first."""
    requests = [ws.load_request(slug)] if slug else ws.requests()
    report = []
    for request in requests:
        cases = request_statuses(ws, request, as_of)
        summary = summarise(request.slug, cases)
        if overdue_only:
            cases = [c for c in cases if c.overdue]
        report.append((summary, sort_most_overdue_first(cases)))
    return report
