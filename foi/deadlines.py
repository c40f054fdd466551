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
    "non_working_reason",
    "disregard_period",
    "holidays_version",
    "reload_holidays",
    "ICO_EXTENSION_DAYS",
    "REVIEW_VERY_OVERDUE_DAYS",
    "LAW_NAMES",
]

FOIA = "FOIA"
FOISA = "FOISA"

RESPONSE_DAYS = 20  # FOIA s.10(1); FOISA s.10(1)
REVIEW_DAYS = 20  # FOISA s.21(1); ICO guidance / s.45 Code of Practice for FOIA
VERY_OVERDUE_DAYS = 40  # WhatDoTheyKnow's "long overdue" convention
# The ICO: a public-interest extension (FOIA s.10(3)) should take no more than 20 extra working
# days (40 in all); an internal review should take 20 working days, and never more than 40.
ICO_EXTENSION_DAYS = 20
REVIEW_VERY_OVERDUE_DAYS = 40

# Nations whose bank holidays stop each clock.
# FOIA s.10(6): a bank holiday "in any part of the United Kingdom".
# FOISA s.73: a bank holiday "in Scotland".
_SUBDIVS = {
    FOIA: ("ENG", "WLS", "SCT", "NIR"),
    FOISA: ("SCT",),
}

# Bank holidays come from the ``holidays`` package, read when a clock is first computed in a
# process (so each ``foi build`` uses the package installed at that moment: a newly proclaimed
# bank holiday, once the package lists it, moves every open case's due date). The package has
# every one-off day since the 2011 royal wedding from version 0.91 (the Scottish bank holiday of
# 15 June 2026); pyproject.toml requires it. What follows corrects the package where it is wrong.
_ALL = ("ENG", "WLS", "SCT", "NIR")
NATIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
LAW_NAMES = {
    FOIA: "Freedom of Information Act 2000",
    FOISA: "Freedom of Information (Scotland) Act 2002",
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
def _bank_holiday_names(year: int, subdiv: str) -> dict[date, str]:
    """Bank holidays of one nation in one year, with their names (Banking and Financial Dealings Act 1971)."""
    found = dict(holidays.country_holidays("GB", subdiv=subdiv, years=year))
    return {d: name for d, name in found.items() if d not in _REMOVALS[subdiv]}


def _bank_holidays(year: int, subdiv: str) -> frozenset[date]:
    return frozenset(_bank_holiday_names(year, subdiv))


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


def disregard_period(due: date, first: date, last: date, law: str, counted_after: date) -> date:
    """``due`` once the working days from ``first`` to ``last``, both included, are disregarded.

    The fee period: FOIA s.10(2) and FOISA s.10(3) disregard "the working days in the period
    beginning with the day on which the fees notice is given [...] and ending with the day on
    which the fee is received". The working days counted before ``first`` stay counted; the
    rest are counted after ``last``. ``counted_after``: the day after which the count that ends
    on ``due`` runs (day 0, or the last day of an earlier disregarded period). A period that
    starts after ``due`` changes nothing.
    """
    due, first, last, counted_after = (_as_date(d) for d in (due, first, last, counted_after))
    law = _law(law)
    if last < first:
        raise ValueError(f"the period ends ({last}) before it begins ({first})")
    if first > due:
        return due
    # working days still to count: those from `first` (included) to `due`
    left = working_days_between(max(first - timedelta(days=1), counted_after), due, law)
    return add_working_days(max(last, counted_after), left, law)


def due_date(
    received: date, law: str, days: int = RESPONSE_DAYS, disregard: tuple[tuple[date, date], ...] = ()
) -> date:
    """Response deadline: the 20th working day after receipt (FOIA s.10(1); FOISA s.10(1)).

    ``disregard``: periods (first, last), both days included, whose working days do not count
    (the fee period: FOIA s.10(2), FOISA s.10(3)).
    """
    received = _as_date(received)
    due, counted_after = add_working_days(received, days, law), received
    for first, last in sorted(disregard):
        due = disregard_period(due, first, last, law, counted_after)
        counted_after = max(counted_after, _as_date(last))
    return due


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


def non_working_reason(day: date, law: str) -> str | None:
    """Why ``day`` is not a working day under ``law`` (FOIA s.10(6); FOISA s.73), or None.

    "weekend"; "Christmas Day"; or each bank holiday's name with the nations that have it:
    "Easter Monday: bank holiday in England, Wales and Northern Ireland" (under FOISA only
    Scotland's count).
    """
    day = _as_date(day)
    law = _law(law)
    if day.weekday() >= 5:
        return "weekend"
    if day not in _holidays(day.year, law):
        return None
    if (day.month, day.day) == (12, 25):
        return "Christmas Day"
    if day == _easter(day.year) - timedelta(days=2):  # named in FOIA s.10(6); a Scottish bank holiday
        return "Good Friday" if law == FOIA else "Good Friday: bank holiday in Scotland"
    by_name: dict[str, list[str]] = {}
    for subdiv in _SUBDIVS[law]:
        name = _bank_holiday_names(day.year, subdiv).get(day)
        if name:
            by_name.setdefault(name, []).append(subdiv)
    return "; ".join(f"{name}: bank holiday in {_nations(subdivs)}" for name, subdivs in by_name.items())


def _nations(subdivs: list[str]) -> str:
    if len(subdivs) == len(_ALL):
        return "the whole UK"
    names = [NATIONS[s] for s in subdivs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def holidays_version() -> str:
    """The version of the ``holidays`` package the bank holidays are read from."""
    return getattr(holidays, "__version__", "unknown")


def reload_holidays() -> None:
    """Forget the bank holidays read so far: the next clock reads the package again."""
    for cached in (_bank_holiday_names, _holidays, _working_ordinals):
        cached.cache_clear()
