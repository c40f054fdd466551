"""A case's statutory clock, day by day, as a reader can check it.

`explain(...)` lays out every day from the day of receipt (day 0) to the due date: each working
day with its number, each day not counted with the reason (a weekend, which bank holiday in which
nation, the fee period, a clarification awaited), and what happened on it. It then states the
due date, the response, the internal review and the flags as `cases.replay` computed them. `foi status SLUG FORCE --explain` prints it; `foi build` writes it to the `clocks`
table, laid out by the `case_days` and `case_clocks` views.

The day-by-day count and `deadlines.due_date` are two ways to reach the same 20th working day;
the tests check that they always agree.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Optional

from . import cases, deadlines, forces
from .errors import FoiError
from .workspace import Event, Request, Workspace, read_events

WORKING_DAYS_RULE = {
    deadlines.FOIA: (
        "a working day is any day but a Saturday, a Sunday, Christmas Day, Good Friday or a bank holiday"
        " in any part of the United Kingdom (s.10(6))"
    ),
    deadlines.FOISA: (
        "a working day is any day but a Saturday, a Sunday, Christmas Day or a bank holiday in Scotland (s.73)"
    ),
}
FEE_SECTION = {deadlines.FOIA: "s.10(2)", deadlines.FOISA: "s.10(3)"}
REVIEW_RULE = {
    deadlines.FOIA: "20 working days (the ICO's guidance; never more than 40)",
    deadlines.FOISA: "20 working days (s.21(1); no extension)",
}
EVENT_NOTES = {
    "acknowledged": "the force acknowledged the request",
    "responded": "the force responded",
    "withdrawn": "the request was withdrawn",
    "complaint": "complaint to the regulator",
}
MAX_DAYS = 3 * 366  # a clock stopped for longer than this is not walked further


@dataclass
class ClockDay:
    date: dt.date
    day: Optional[int]  # the working day's number in the count; 0 for the day the count starts
    note: str  # why the day is not counted, and what happened on it

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(), "weekday": self.date.strftime("%a"), "day": self.day, "note": self.note}


@dataclass
class Explanation:
    request: str
    force: str
    force_name: str
    law: str
    as_of: dt.date
    status: cases.CaseStatus
    days: list[ClockDay] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # the due date, the response, the review, the flags

    @property
    def law_name(self) -> str:
        return deadlines.LAW_NAMES[self.law]

    @property
    def rules(self) -> list[str]:
        return [
            f"{self.law_name} ({self.law}): due on the 20th working day after receipt, the day of receipt"
            " being day 0 (s.10(1))",
            WORKING_DAYS_RULE[self.law][0].upper() + WORKING_DAYS_RULE[self.law][1:] + f"; bank holidays from the holidays package {deadlines.holidays_version()}",
        ]

    def to_json(self) -> dict:
        return {
            "request": self.request,
            "force": self.force,
            "force_name": self.force_name,
            "law": self.law,
            "law_name": self.law_name,
            "rules": self.rules,
            "holidays_version": deadlines.holidays_version(),
            "as_of": self.as_of.isoformat(),
            "days": [d.to_json() for d in self.days],
            "summary": list(self.summary),
            "status": self.status.to_json(),
        }


def _walk(events: list[Event], law: str, as_of: dt.date, days_allowed: int = deadlines.RESPONSE_DAYS) -> list[ClockDay]:
    """Every day from receipt to the 20th working day (or until the clock stops for good)."""
    sent = next((e.date for e in events if e.event == "sent"), None)
    if sent is None:
        return []
    by_date: dict[dt.date, list[Event]] = {}
    for e in events:
        by_date.setdefault(e.date, []).append(e)
    fee = FEE_SECTION[law]
    out: list[ClockDay] = []
    count: Optional[int] = None  # None until the request is received
    stopped: Optional[str] = None  # "clarification" or "fee"
    day = sent
    for _ in range(MAX_DAYS):
        notes: list[str] = []
        restart = disregarded = finished = False
        for e in by_date.get(day, []):
            kind = e.event
            if kind == "sent":
                count, restart = 0, True
                notes.append("request received")
            elif kind == "clarification-requested":
                stopped = "clarification"
                notes.append("clarification requested: the clock stops (s.1(3))")
            elif kind == "clarified":
                stopped, count, restart = None, 0, True
                notes.append("clarification received: the count starts again (s.1(3), s.10(1))")
            elif kind == "fee-notice":
                stopped = "fee"
                notes.append(f"fees notice given: the fee period begins, this day disregarded ({fee})")
            elif kind == "fee-paid":
                stopped, disregarded = None, True  # the day of payment is itself disregarded
                notes.append(f"fee received: the fee period ends, this day disregarded ({fee})")
            elif kind == "extended":
                notes.append(f"the force extends the deadline to {e.until} (s.10(3))")
            elif kind in EVENT_NOTES:
                notes.append(EVENT_NOTES[kind])
                finished = finished or kind == "withdrawn" or (kind == "responded" and stopped is not None)
        number: Optional[int] = None
        if restart:
            number = 0
        elif stopped == "clarification":
            if not notes:
                notes.append("clock stopped: awaiting clarification")
        elif stopped == "fee" or disregarded:
            if not notes:
                notes.append(f"fee period: disregarded ({fee})")
        else:
            reason = deadlines.non_working_reason(day, law)
            if reason:
                notes.insert(0, reason)
            else:
                count = (count or 0) + 1
                number = count
        if number == days_allowed:
            notes.append(f"due: the {days_allowed}th working day")
            finished = True
        if day == as_of:
            notes.append("as of this day")
        out.append(ClockDay(day, number, "; ".join(notes)))
        if finished or (stopped and day >= as_of):
            break
        day += dt.timedelta(days=1)
    return out


def _summary(status: cases.CaseStatus, events: list[Event], as_of: dt.date) -> list[str]:
    law = status.law
    lines: list[str] = []
    if status.state == "not-sent":
        return ["Not sent yet: no clock is running."]
    extensions = [e for e in events if e.event == "extended"]
    if status.due is None:
        why = {"awaiting-clarification": "awaiting clarification", "fee-pending": "awaiting the fee"}.get(status.state)
        lines.append(f"Due: no date while the clock is stopped ({why or status.state}).")
    elif extensions:
        lines.append(f"Due: {status.due}, the date the force gave when it extended the deadline on {extensions[-1].date} (s.10(3)).")
    else:
        lines.append(f"Due: {status.due}, the 20th working day.")
    if status.extension_working_days is not None:
        verdict = (
            "more than the 20 the ICO considers reasonable"
            if status.extension_beyond_ico else "within the 20 the ICO considers reasonable"
        )
        lines.append(
            f"Extension: {status.extension_working_days} working days beyond the s.10(1) date, {verdict}."
        )
    if status.responded:
        if status.on_time is None:
            timing = ""
        elif status.on_time:
            timing = ", on time"
        else:
            assert status.due is not None  # on_time is only ever set against a due date
            late = deadlines.working_days_between(status.due, status.responded, law)
            timing = f", {late} working day{'s' if late != 1 else ''} late"
        lines.append(f"Responded: {status.responded}, working day {status.working_days_to_respond}{timing}.")
    if status.state in cases.OWED_STATES and status.due:
        if status.overdue:
            line = f"As of {as_of}: overdue by {_working_days(status.working_days_overdue)}"
            if status.very_overdue:
                line += f"; very overdue (more than {deadlines.VERY_OVERDUE_DAYS} working days since receipt)"
            lines.append(line + ".")
        else:
            left = deadlines.working_days_between(as_of, status.due, law)
            lines.append(
                f"As of {as_of}: " + (f"{left} working day{'s' if left != 1 else ''} left." if left else "due that day.")
            )
    if status.fee_lapsed:
        lines.append(f"As of {as_of}: the fee was not paid within three months; the request has lapsed (s.9).")
    if status.review_requested:
        line = f"Internal review: asked for on {status.review_requested}, due on {status.review_due}, {REVIEW_RULE[law]}"
        if status.review_overdue:
            line += f"; overdue by {_working_days(status.review_working_days_overdue)}"
            if status.review_very_overdue:
                line += f"; very overdue (more than {deadlines.REVIEW_VERY_OVERDUE_DAYS} working days)"
        lines.append(line + ".")
    answered = [e for e in events if e.event == "review-responded"]
    if answered and status.state != "internal-review":
        requested = [e for e in events if e.event == "review-requested"]
        if requested:
            taken = deadlines.working_days_between(requested[-1].date, answered[-1].date, law)
            lines.append(
                f"Internal review: asked for on {requested[-1].date}, answered on {answered[-1].date},"
                f" after {taken} working days ({REVIEW_RULE[law]})."
            )
    return lines


def _working_days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def explain(request: str, force: str, law: str, events: list[Event], as_of: dt.date) -> Explanation:
    """The clock of one case on `as_of`, counting only events dated on or before it."""
    known = cases.ordered(e for e in events if e.date <= as_of)
    status = cases.replay(request, force, law, known, as_of)
    try:
        force_name = forces.get_force(force).name
    except FoiError:
        force_name = force
    return Explanation(
        request=request,
        force=force,
        force_name=force_name,
        law=law,
        as_of=as_of,
        status=status,
        days=_walk(known, law, as_of),
        summary=_summary(status, known, as_of),
    )


def request_explanations(ws: Workspace, request: Request, as_of: dt.date) -> list[Explanation]:
    """One Explanation per recipient of the request."""
    by_force: dict[str, list[Event]] = {}
    for e in read_events(ws.log_path(request.slug)):
        by_force.setdefault(e.force, []).append(e)
    return [
        explain(request.slug, f, cases.force_law(f), by_force.get(f, []), as_of) for f in request.recipients
    ]


def explain_case(ws: Workspace, slug: str, force: str, as_of: dt.date) -> Explanation:
    """The Explanation of one case of the workspace (the force must be among the recipients)."""
    request = ws.load_request(slug)
    chosen = forces.get_force(force).id  # an unknown id gets the "did you mean" message
    cases.chosen_recipients(request, [chosen])
    events = [e for e in read_events(ws.log_path(slug)) if e.force == chosen]
    return explain(slug, chosen, cases.force_law(chosen), events, as_of)


def clock_row(explanation: Explanation) -> dict:
    """The `clocks` row of one case: its days as JSON (the `case_days` view), its summary."""
    return {
        "request": explanation.request,
        "force": explanation.force,
        "days": json.dumps([d.to_json() for d in explanation.days], ensure_ascii=False),
        "summary": " ".join(explanation.summary),
    }
