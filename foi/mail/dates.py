"""Dates as written in a message's text: '12 June 2014', '12th of June 2014', '12/06/2014' (day first)."""
from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
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
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-])")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_uk_dates(text: str) -> list[dt.date]:
    """Every date written in the text, in order: '12 June 2014', '12th of June 2014', '12/06/2014' (day first)."""
    found: list[tuple[int, dt.date]] = []
    taken: list[tuple[int, int]] = []

    def add(m, year, month, day):
        if any(a < m.end() and m.start() < b for a, b in taken):
            return
        try:
            found.append((m.start(), dt.date(year, month, day)))
            taken.append((m.start(), m.end()))
        except ValueError:
            pass

    for m in _ISO.finditer(text):
        add(m, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in _DMY.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            add(m, int(m.group(3)), month, int(m.group(1)))
    for m in _MDY.finditer(text):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            add(m, int(m.group(3)), month, int(m.group(2)))
    for m in _NUMERIC.finditer(text):
        year = int(m.group(4))
        add(m, year + 2000 if year < 100 else year, int(m.group(3)), int(m.group(1)))
    return [day for _, day in sorted(found, key=lambda x: x[0])]

