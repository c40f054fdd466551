"""Dates as UK police forces and requesters write them: the one home of these rules.

- `MONTHS` / `MONTH_PATTERN` / `month_number`: the month names and the short forms
  ("jan", "sept") they are written in.
- `FIRST_YEAR`..`LAST_YEAR` / `YEAR_PATTERN` / `is_plausible_year` / `read_year`: which
  years a letter or a table can mean; a two-digit year is 20xx below 70, 19xx from 70.
- `CALENDAR` / `FINANCIAL` / `PERIOD_KINDS`: the kinds of year a request asks figures for.
- `make_date`: a real calendar date in a plausible year, or None.
- `find_dates`: every date written in a text, in the styles letters and emails use:
  '12 June 2014', 'Monday, the 12th of June 2014', 'June 12, 2014', '12/06/2014' (day first),
  '12.06.14', '2014-06-12'.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        1,
    )
    for name in names
}
# longest first, so that an alternation tries "september" before "sep"; lower case: match with re.I
# or on lowered text
MONTH_PATTERN = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"

# Forces answer about years since the 1980s at the earliest; a four-digit number outside these
# years is a count or a reference, not a year.
FIRST_YEAR, LAST_YEAR = 1980, 2099
YEAR_PATTERN = r"(?:19[89]\d|20\d\d)"  # FIRST_YEAR..LAST_YEAR, for use inside a pattern
TWO_DIGIT_PIVOT = 70  # '13 is 2013, '85 is 1985

CALENDAR = "calendar-year"
FINANCIAL = "financial-year"  # April to March
PERIOD_KINDS = (CALENDAR, FINANCIAL)


def month_number(name: str) -> int:
    """1-12 for a month name or short form ('Sept.', 'june'); KeyError for anything else."""
    return MONTHS[name.lower().rstrip(".")]


def is_plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def read_year(digits: str) -> Optional[int]:
    """The year '2013' or '13' stands for, or None when it is no plausible year."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < TWO_DIGIT_PIVOT else 1900
    return year if is_plausible_year(year) else None


def make_date(year: Optional[int], month: int, day: int) -> Optional[dt.date]:
    """The date, or None for a day the calendar lacks or a year that is None or implausible."""
    if year is None or not is_plausible_year(year):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_DATE_PATTERNS = [
    ("dmy", re.compile(rf"(?i)\b{_WEEKDAY}?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_PATTERN})\.?,?\s+(\d{{4}})\b")),
    ("mdy", re.compile(rf"(?i)\b{_WEEKDAY}?({MONTH_PATTERN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")),
    # day first; not inside a longer run of numbers ('1.2.2014.3' is a version, not a date), but
    # a full stop may end the sentence after it
    ("num", re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/\-]|\.\d)")),
    ("iso", re.compile(r"(?<![\d/\-])(\d{4})-(\d{2})-(\d{2})(?![\d\-])")),
]


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every date in the text as (start, end, date), in order; where two readings overlap, the
    one that starts first wins, then the longer."""
    found = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if kind == "dmy":
                day, month, year = m.group(1), month_number(m.group(2)), m.group(3)
            elif kind == "mdy":
                month, day, year = month_number(m.group(1)), m.group(2), m.group(3)
            elif kind == "num":
                day, month, year = m.group(1), int(m.group(3)), m.group(4)
            else:
                year, month, day = m.group(1), int(m.group(2)), m.group(3)
            date = make_date(read_year(year), month, int(day))
            if date:
                found.append((m.start(), m.end(), date))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, dt.date]] = []
    for f in found:
        if out and f[0] < out[-1][1]:
            continue
        out.append(f)
    return out


def parse_uk_dates(text: str) -> list[dt.date]:
    """Every date written in the text, in order: '12 June 2014', '12th of June 2014', '12/06/2014' (day first)."""
    return [day for _, _, day in find_dates(text)]
