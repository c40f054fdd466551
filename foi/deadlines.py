"""Statutory response clocks for FOIA 2000 and FOISA 2002.

Pure functions: no I/O. Holiday data comes from the ``holidays`` package
(union of the four UK nations for FOIA, Scotland alone for FOISA), with a
small table of corrections, and is cached per year.

Day counting: the day of receipt is day 0; day 1 is the first working day
after it (whatever day of the week the request arrived).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

__all__ = [
    "FOIA",
    "FOISA",
    "RESPONSE_DAYS",
    "REVIEW_DAYS",
    "VERY_OVERDUE_DAYS",
    "law_key",
    "is_working_day",
    "add_working_days",
    "working_days_between",
    "due_date",
    "review_due",
    "is_overdue",
    "is_very_overdue",
    "non_working_days",
]

FOIA = "FOIA"
FOISA = "FOISA"

RESPONSE_DAYS = 20  # FOIA s.10(1); FOISA s.10(1)
REVIEW_DAYS = 20  # FOISA s.21(1); ICO guidance / s.45 Code of Practice for FOIA
VERY_OVERDUE_DAYS = 40  # WhatDoTheyKnow's "long overdue" convention

# Nations whose bank holidays stop each clock.
# FOIA s.10(6): a bank holiday "in any part of the United Kingdom".
# FOISA s.73: a bank holiday "in Scotland".
_SUBDIVS = {
    FOIA: ("ENG", "WLS", "SCT", "NIR"),
    FOISA: ("SCT",),
}

# Corrections to the ``holidays`` data, applied on top of it.
# Additions protect against older package versions lacking one-off days
# (the project allows holidays>=0.50); removals fix known errors.
_ALL = ("ENG", "WLS", "SCT", "NIR")
_ADDITIONS: dict[str, frozenset[date]] = {
    s: frozenset(
        {
            date(2011, 4, 29),  # Royal wedding
            date(2012, 6, 4),  # Spring bank holiday moved (Diamond Jubilee)
            date(2012, 6, 5),  # Diamond Jubilee
            date(2020, 5, 8),  # Early May bank holiday moved (VE Day 75)
            date(2022, 6, 2),  # Spring bank holiday moved (Platinum Jubilee)
            date(2022, 6, 3),  # Platinum Jubilee
            date(2022, 9, 19),  # State funeral of Elizabeth II
            date(2023, 5, 8),  # Coronation of Charles III
        }
        | ({date(2026, 6, 15)} if s == "SCT" else set())  # Proclaimed 2026
    )
    for s in _ALL
}
_REMOVALS: dict[str, frozenset[date]] = {
    s: frozenset(
        {
            date(2012, 5, 28),  # moved to 2012-06-04
            date(2020, 5, 4),  # moved to 2020-05-08
            date(2022, 5, 30),  # moved to 2022-06-02
        }
        # St Andrew's Day became a Scottish bank holiday only when the
        # St Andrew's Day Bank Holiday (Scotland) Act 2007 came into force
        # on 16 January 2007; holidays lists it from 2006.
        | ({date(2006, 11, 30)} if s == "SCT" else set())
    )
    for s in _ALL
}

_LAW_ALIASES = {
    "FOIA": FOIA,
    "FOIA 2000": FOIA,
    "FOI ACT 2000": FOIA,
    "FREEDOM OF INFORMATION ACT 2000": FOIA,
    "FOISA": FOISA,
    "FOISA 2002": FOISA,
    "FOI(S)A": FOISA,
    "FOI(S)A 2002": FOISA,
    "FREEDOM OF INFORMATION (SCOTLAND) ACT 2002": FOISA,
}


def law_key(text: str) -> str:
    """Normalise a law name to ``FOIA`` (FOIA 2000) or ``FOISA`` (FOISA 2002)."""
    if text in (FOIA, FOISA):
        return text
    if isinstance(text, str):
        key = " ".join(text.replace(",", " ").split()).upper()
        if key in _LAW_ALIASES:
            return _LAW_ALIASES[key]
    raise ValueError(
        f"unknown law {text!r}: expected 'FOIA' (Freedom of Information Act 2000) "
        "or 'FOISA' (Freedom of Information (Scotland) Act 2002)"
    )


def _easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=None)
def _bank_holidays(year: int, subdiv: str) -> frozenset[date]:
    """Bank holidays of one nation in one year (Banking and Financial Dealings Act 1971)."""
    found = set(holidays.country_holidays("GB", subdiv=subdiv, years=year))
    found |= {d for d in _ADDITIONS[subdiv] if d.year == year}
    found -= _REMOVALS[subdiv]
    return frozenset(found)


@lru_cache(maxsize=None)
def _holidays(year: int, law: str) -> frozenset[date]:
    """All holiday dates (any weekday) that stop the clock for ``law`` in ``year``."""
    days: set[date] = set()
    for subdiv in _SUBDIVS[law]:
        days |= _bank_holidays(year, subdiv)
    # Christmas Day is named in both FOIA s.10(6) and FOISA s.73; Good Friday
    # in FOIA s.10(6) (and is a Scottish bank holiday for FOISA).
    days.add(date(year, 12, 25))
    days.add(_easter(year) - timedelta(days=2))
    return frozenset(days)


@lru_cache(maxsize=None)
def _working_ordinals(year: int, law: str) -> tuple[int, ...]:
    """Sorted proleptic ordinals of every working day in ``year``."""
    hols = _holidays(year, law)
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    out = []
    for o in range(first, last + 1):
        # date.fromordinal(1) is a Monday, so (o - 1) % 7 == date.weekday().
        if (o - 1) % 7 < 5 and date.fromordinal(o) not in hols:
            out.append(o)
    return tuple(out)


def _law(law: str) -> str:
    return law if law in _SUBDIVS else law_key(law)


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def non_working_days(year: int, law: str) -> frozenset[date]:
    """Weekday holidays in ``year`` under FOIA s.10(6) or FOISA s.73.

    Weekends are not listed, nor are holidays that fall on a weekend (their
    Monday/Tuesday substitutes are).
    """
    law = _law(law)
    return frozenset(d for d in _holidays(year, law) if d.weekday() < 5)


def is_working_day(day: date, law: str) -> bool:
    """Working day as defined by FOIA s.10(6) or FOISA s.73."""
    day = _as_date(day)
    return day.weekday() < 5 and day not in _holidays(day.year, _law(law))


def add_working_days(start: date, n: int, law: str) -> date:
    """The ``n``-th working day after ``start`` (``start`` is day 0; FOIA/FOISA s.10(1))."""
    start = _as_date(start)
    law = _law(law)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if n == 0:
        return start
    year = start.year
    days = _working_ordinals(year, law)
    idx = bisect_right(days, start.toordinal())
    while idx + n > len(days):
        n -= len(days) - idx
        year += 1
        days = _working_ordinals(year, law)
        idx = 0
    return date.fromordinal(days[idx + n - 1])


def working_days_between(start: date, end: date, law: str) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
    start, end = _as_date(start), _as_date(end)
    law = _law(law)
    if end <= start:
        return 0
    s, e = start.toordinal(), end.toordinal()
    total = 0
    for year in range(start.year, end.year + 1):
        days = _working_ordinals(year, law)
        lo = bisect_right(days, s) if year == start.year else 0
        hi = bisect_right(days, e) if year == end.year else len(days)
        total += hi - lo
    return total


def due_date(received: date, law: str, days: int = RESPONSE_DAYS) -> date:
    """Response deadline: the 20th working day after receipt (FOIA s.10(1); FOISA s.10(1))."""
    return add_working_days(received, days, law)


def review_due(requested: date, law: str) -> date:
    """Internal review deadline: 20 working days after the request for review.

    FOISA s.21(1) (statutory); FOIA s.45 Code of Practice para 5.4 (guidance).
    """
    return add_working_days(requested, REVIEW_DAYS, law)


def is_overdue(received: date, as_of: date, law: str, days: int = RESPONSE_DAYS) -> bool:
    """True from the day after the s.10(1) deadline (FOIA or FOISA)."""
    return _as_date(as_of) > due_date(received, law, days)


def is_very_overdue(received: date, as_of: date, law: str) -> bool:
    """More than 40 working days after receipt (WhatDoTheyKnow convention, FOIA/FOISA working days)."""
    return working_days_between(received, as_of, law) > VERY_OVERDUE_DAYS
