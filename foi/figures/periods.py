"""Reading period labels: calendar years, financial years and totals.

`parse_period(text, kind)` turns a label a force wrote ("Jan-Dec 2013", "2013/14",
"01/04/2013 - 31/03/2014", "Grand total") into a `Period` whose key is the one the
figures table uses: "2013" for a calendar year, "2013-14" for a financial year (April to
March), "total" for a total. Anything that is not plainly one whole year of the kind asked
for is kept but marked uncertain, with a note that says why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..dates import CALENDAR, FINANCIAL, LAST_YEAR, MONTH_PATTERN, YEAR_PATTERN, make_date, month_number, read_year
from .values import ANY_DASH, DIGIT, SPACE_RUN, bilingual_halves

_MONTH_RE = MONTH_PATTERN + r"\.?"
_DASH_RE = r"\s*(?:-|to|until|till)\s*"

# footnote markers that may hang off a label: 2013*, 2013¹, 2013 (a), 2013 [1], 2013†
_MARKER_RE = re.compile(r"(?:\s*(?:\*+|[†‡§#¹²³⁴⁵⁶⁷⁸⁹⁰]+|\^\d+|\[\w{1,2}\]|\((?:[a-z]|\d{1,2}|note \d+)\)))+$")
# words that say a label covers only part of the period
_PARTIAL_RE = re.compile(
    r"\b(?:to date|ytd|fytd|year to date|part(?:ial)? year|so far|provisional|up to|as at|as of|"
    r"to \d{1,2}(?:st|nd|rd|th)? \w+|until|\d{1,2}(?:st|nd|rd|th)? \w+ only|q[1-4]|quarters?|half|h[12]|months?)\b"
)
_HARMLESS_WORDS = {"year", "calendar", "financial", "fy", "cy", "yr", "f/y", "c/y", "period", "the"}


@dataclass(frozen=True)
class Period:
    key: str  # "2013", "2013-14" or "total"
    certain: bool = True
    note: str = ""  # why it is uncertain, or what the label said


def _kind(kind: str) -> str:
    k = (kind or "").lower()
    if k.startswith("fin") or k in ("fy", "financial"):
        return FINANCIAL
    return CALENDAR


# Compiled once: a build parses thousands of labels, and a pattern built by joining strings
# would be hashed and looked up in re's cache at every call.
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")
_WORDED_DATE = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + _MONTH_RE + r")\s*,?\s*('?\d{2}|\d{4})")
_TOTAL_OF_SPAN = re.compile(r"(?:grand |overall )?totals?:?\s*(?:for |over )?\(?\s*(\d{4}|\d{2}/\d{2}|\d{4}/\d{2,4})"
                            r"\s*(?:-|to)\s*(\d{4}|\d{2}/\d{2}|\d{4}/\d{2,4}|\d{2})\s*\)?")
_TOTAL_SINCE = re.compile(r"(?:(?:all|total)\s+)?(?:since|from)\s+(\d{4}).*")
_YEAR_ENDING = re.compile(r"(?:the )?(?:(?:financial |calendar )?year|12 months|twelve months|fy|f/y)\s+"
                          r"(?:ending|ended|to|until)\s+(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + _MONTH_RE + r")\s*,?\s*(\d{4})")
_YEAR_PREFIX = re.compile(r"^(?:calendar year|financial year|fin(?:ancial)?\.? year|fy|f/y|cy|c/y|year|yr)\s*:?\s*")
_BARE_YEAR = re.compile(r"(\d{4})(?:\.0)?")
_YEAR_PAIR = re.compile(r"(\d{4}|\d{2})\s*(?:/|-|to|–)\s*(\d{4}|\d{2})")
_MONTHS_THEN_YEAR = re.compile(r"\(?(" + _MONTH_RE + r")" + _DASH_RE + r"(" + _MONTH_RE + r")\)?\s*,?\s*(\d{4})")
_YEAR_THEN_MONTHS = re.compile(r"(?P<y>\d{4})\s*\(?(" + _MONTH_RE + r")" + _DASH_RE + r"(" + _MONTH_RE + r")\)?")
_RANGE_SPLIT = re.compile(r"\s+(?:-|to|until|till)\s+|\s*-\s*(?=\d{1,2}[/.]|\d{1,2}\s+[a-z]|[a-z])")
_TOTAL_START = re.compile(r"(?:grand\s+|overall\s+)?total\b")
_A_YEAR = re.compile(r"\b" + YEAR_PATTERN + r"\b")
_BRACKETED_NOTE = re.compile(r"(.+?)\s*\(([^()]*)\)")
_MONTH_MARKER = re.compile(r"\((?:jan|apr)")
_WORD = re.compile(r"[a-z]+")


def _clean(text: str) -> str:
    s = (text or "").replace("\u00a0", " ").replace("\u2009", " ")
    s = ANY_DASH.sub("-", s)
    s = SPACE_RUN.sub(" ", s).strip().lower()
    return s


def fy_key(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _date(s: str) -> Optional[tuple[int, int, int]]:
    """(year, month, day) from '01/04/2013', '1.4.13', '1 April 2013', '1st Apr 2013', 'April 2013'."""
    s = s.strip().strip(",")
    m = _NUMERIC_DATE.fullmatch(s)
    if m:
        date = make_date(read_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        return (date.year, date.month, date.day) if date else None
    m = _WORDED_DATE.fullmatch(s)
    if m:
        mo = month_number(m.group(2))
        y = read_year(m.group(3).lstrip("'"))
        if y is None:
            return None
        if not m.group(1):
            return y, mo, 0  # day 0: month only
        date = make_date(y, mo, int(m.group(1)))
        return (date.year, date.month, date.day) if date else None
    return None


def _month_end(y: int, mo: int) -> int:
    if mo == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if mo in (4, 6, 9, 11) else 31


def _from_range(a: tuple[int, int, int], b: tuple[int, int, int]) -> Optional[tuple[str, bool, str]]:
    """A date range -> (key, whole period?, note)."""
    (y1, m1, d1), (y2, m2, d2) = a, b
    if (y2, m2) < (y1, m1):
        return None
    start_ok = d1 in (0, 1)
    end_ok = d2 in (0, _month_end(y2, m2))
    if y1 == y2 and m1 == 1 and m2 == 12 and start_ok and end_ok:
        return str(y1), True, ""
    if y2 == y1 + 1 and m1 == 4 and m2 == 3 and start_ok and end_ok:
        return fy_key(y1), True, ""
    months = (y2 - y1) * 12 + (m2 - m1) + 1
    if months <= 12:
        # part of a year: name it after the calendar or financial year it falls in
        if y1 == y2 and m1 != 4:
            return str(y1), False, "only part of a year"
        return (fy_key(y1 if m1 >= 4 else y1 - 1), False, "only part of a year")
    return "total", False, f"a range of several years ({y1}-{y2})"


_TOTAL_WORD = re.compile(r"(?:grand |overall |sub-? ?)?totals?:?")


def _parse_core(s: str) -> Optional[tuple[str, str, bool, str]]:
    """(key, 'calendar'|'financial'|'total', whole?, note) for a cleaned label, or None."""
    # totals
    if _TOTAL_WORD.fullmatch(s) or s in ("all years", "all", "overall", "sum", "total all years",
                                         "total for all years", "total for the period", "total for period"):
        if s.startswith("sub"):
            return "total", "total", False, "a subtotal"
        return "total", "total", True, ""
    if not DIGIT.search(s):
        return None  # every other label below has a year in it (most cells of a table get here)
    m = _TOTAL_OF_SPAN.fullmatch(s)
    if m:
        return "total", "total", True, f"total {m.group(1)}-{m.group(2)}"
    m = _TOTAL_SINCE.fullmatch(s)
    if m and ("total" in s or "all" in s):
        return "total", "total", True, f"total since {m.group(1)}"

    # "year ending 31 March 2014", "12 months to 31 December 2013", "year to March 2014"
    m = _YEAR_ENDING.fullmatch(s)
    if m:
        mo, y = month_number(m.group(2)), read_year(m.group(3))
        if y is None:
            return None
        d = int(m.group(1)) if m.group(1) else 0
        if d not in (0, _month_end(y, mo)):
            return None
        if mo == 12:
            return str(y), "calendar", True, ""
        if mo == 3:
            return fy_key(y - 1), "financial", True, ""
        return None

    # strip harmless prefixes
    s2 = _YEAR_PREFIX.sub("", s)

    # 2013 / 2013.0 (a spreadsheet number)
    m = _BARE_YEAR.fullmatch(s2)
    if m and read_year(m.group(1)):
        return m.group(1), "calendar", True, ""
    # financial years: 2013/14, 2013-14, 2013/2014, 2013 to 2014, 13/14, 13-14
    m = _YEAR_PAIR.fullmatch(s2)
    if m:
        a, b = m.group(1), m.group(2)
        ya = read_year(a)
        if ya is not None:
            yb = int(b) if len(b) == 4 else (ya // 100) * 100 + int(b)
            if len(b) == 2 and yb < ya:
                yb += 100
            if yb == ya + 1:
                if len(a) == 2 and len(b) == 2 and "/" not in s2 and "-" not in s2:
                    return None
                return fy_key(ya), "financial", True, ""
            if len(a) == 4 and yb > ya + 1 and yb <= LAST_YEAR:
                return "total", "total", False, f"a range of several years ({ya}-{yb})"
            if len(a) == 4 and yb == ya and len(b) == 4:
                return str(ya), "calendar", True, ""
        return None
    # Jan-Dec 2013 / January to December 2013 / 2013 (Jan-Dec) / 2013 Jan - Dec
    m = _MONTHS_THEN_YEAR.fullmatch(s2) or _YEAR_THEN_MONTHS.fullmatch(s2)
    if m:
        if "y" in m.groupdict() and m.groupdict()["y"]:
            y, ma, mb = int(m.group("y")), m.group(2), m.group(3)
        else:
            ma, mb, y = m.group(1), m.group(2), int(m.group(3))
        if read_year(str(y)) is None:
            return None
        r = _from_range((y, month_number(ma), 0), (y, month_number(mb), 0))
        if r:
            key, whole, note = r
            kind = "financial" if "-" in key else "calendar"
            return key, kind, whole, note
        return None
    # date ranges: 01/04/2013 - 31/03/2014, 1 April 2013 to 31 March 2014, April 2013 - March 2014, Apr 13 - Mar 14
    parts = _RANGE_SPLIT.split(s2, maxsplit=1)
    if len(parts) == 2:
        a, b = _date(parts[0]), _date(parts[1])
        if a and b:
            r = _from_range(a, b)
            if r:
                key, whole, note = r
                kind = "total" if key == "total" else ("financial" if "-" in key else "calendar")
                return key, kind, whole, note
    return None


def parse_period(text: str, kind: str = CALENDAR) -> Optional[Period]:
    """The period a label names, or None when it names none.

    kind: "calendar-year" or "financial-year", the kind the request asked for. A label of
    the other kind is kept under its own key but marked uncertain.
    """
    found = _parse_period(text, kind)
    if found is not None:
        return found
    s = " ".join((text or "").split())
    # Bilingual labels from Welsh forces: "Cyfanswm / Total", "Blwyddyn 2014 / Year 2014"
    parts = bilingual_halves(s)
    if parts:
        read = [r for r in (_parse_period(p, kind) for p in parts) if r is not None]
        if read and len({r.key for r in read}) == 1:
            return min(read, key=lambda r: r.certain)
    # "Total 1 Jan 2010 - 31 Dec 2015", "Total (1 January 2010 to 31 December 2015)"
    low = s.lower()
    if _TOTAL_START.match(low) and _A_YEAR.search(low):
        return Period("total", True, low)
    # A period with a note in brackets: "FY 2015/16 (to 31/12/15)", "2015 (provisional)"
    m = _BRACKETED_NOTE.fullmatch(s)
    if m:
        core = _parse_period(m.group(1), kind)
        if core is not None and core.key != "total":
            note = f"the label adds '({m.group(2)})': only part of the period?"
            return Period(core.key, False, "; ".join(filter(None, [core.note, note])))
    return None


def _parse_period(text: str, kind: str = CALENDAR) -> Optional[Period]:
    want = _kind(kind)
    s = _clean(text)
    if not s or len(s) > 60:
        return None
    notes = []
    certain = True
    m = _MARKER_RE.search(s)
    if m and m.start() > 0:
        marker = m.group(0).strip()
        core = s[: m.start()].strip()
        if _parse_core(core) is not None and not _MONTH_MARKER.fullmatch(marker):
            s = core
            certain = False
            notes.append(f"the label carries a footnote marker '{marker}' (check the letter's note: part year?)")
    r = _parse_core(s)
    if r is None:
        # a period with extra words: "2014 (to 30 June)", "2013/14 YTD", "FYTD 2014/15"
        partial = _PARTIAL_RE.search(s)
        r = _search_core(s)
        if r is None:
            return None
        key, pkind, whole, note, rest = r
        rest_words = [w for w in _WORD.findall(rest) if w not in _HARMLESS_WORDS]
        if key == "total" or (rest_words and not partial):
            return None  # "Officers dismissed 2013" or "2006-2014 officers" is not a period label
        if partial:
            whole = False
            note = note or f"only part of a year ('{text.strip()}')"
    else:
        key, pkind, whole, note = r
    if not whole:
        certain = False
        if note:
            notes.append(note)
    elif note and key == "total":
        notes.append(note)
    if pkind == "calendar" and want == FINANCIAL:
        certain = False
        notes.append("a calendar year in a request for financial years")
    elif pkind == "financial" and want == CALENDAR:
        certain = False
        notes.append("a financial year in a request for calendar years")
    return Period(key, certain, "; ".join(notes))


_SEARCH_RES = [
    re.compile(r"\b(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\s*(?:-|to)\s*\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b"),
    re.compile(r"\b((?:\d{1,2}\s+)?" + _MONTH_RE + r"\s+\d{4}\s*(?:-|to)\s*(?:\d{1,2}\s+)?" + _MONTH_RE + r"\s+\d{4})\b"),
    re.compile(r"\b(" + _MONTH_RE + r"\s*(?:-|to)\s*" + _MONTH_RE + r"\s*\d{4})\b"),
    re.compile(r"(?<![\d/])(\d{4}\s*(?:/|-)\s*\d{2,4})(?![\d/])"),
    re.compile(r"(?<![\d/])(\d{2}/\d{2})(?![\d/])"),
    re.compile(r"(?<![\d/.,])(\d{4})(?![\d/.,])"),
]


def _search_core(s: str):
    for rx in _SEARCH_RES:
        for m in rx.finditer(s):
            r = _parse_core(m.group(1).strip())
            if r is not None:
                rest = (s[: m.start(1)] + " " + s[m.end(1):]).strip()
                return (*r, rest)
    return None


def search_period(text: str, kind: str = CALENDAR) -> Optional[Period]:
    """A period named somewhere inside a longer text such as a table title; always uncertain.

    "since 2006", "2006 to 2014" and other spans of several years give "total".
    """
    s = _clean(text)
    if not s:
        return None
    m = re.search(r"\b(?:since|from)\s+(?:\d{1,2}\s+\w+\s+)?(\d{4})\b", s)
    if m:
        return Period("total", False, f"the title gives a span ('{m.group(0)}'), read as a total")
    m = re.search(r"(?<!\d)(\d{4})\s*(?:-|to)\s*(\d{4})(?!\d)", s)
    if m and int(m.group(2)) > int(m.group(1)) + 1:
        return Period("total", False, f"the title gives a span of years ({m.group(1)}-{m.group(2)}), read as a total")
    r = _search_core(s)
    if r is None:
        return None
    key, pkind, whole, note, _rest = r
    p = parse_period(key if key != "total" else "total", kind)
    notes = ["the period is taken from the table's title"]
    if note:
        notes.append(note)
    if p and p.note:
        notes.append(p.note)
    return Period(key, False, "; ".join(notes))


def period_start_year(key: str) -> Optional[int]:
    m = re.match(r"(\d{4})", key or "")
    return int(m.group(1)) if m else None


def in_requested_range(period_key: str, since: Optional[int] = None, until: Optional[int] = None) -> bool:
    """Whether a period key falls within the years asked for (a total always does).

    since/until are calendar years, or for financial years the year each one starts in.
    """
    if period_key == "total":
        return True
    y = period_start_year(period_key)
    if y is None:
        return True
    if since is not None and y < since:
        return False
    if until is not None and y > until:
        return False
    return True


_YEAR_TO_RE = re.compile(r"\b((?:the\s+)?(?:financial\s+|calendar\s+)?(?:year|12 months|twelve months)\s+(?:ending|ended|to|until)\s+"
                         r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?" + _MONTH_RE + r"\s*,?\s*\d{4})\b")


_YEAR_SPAN_RE = re.compile(r"(?<![\d/])(\d{4}\s*(?:-|to)\s*\d{4})(?![\d/])")
_BETWEEN_RE = re.compile(r"\bbetween\s+((?:\d{1,2}\s+[a-z]+\s+)?\d{4}\s+and\s+(?:\d{1,2}\s+[a-z]+\s+)?\d{4})\b")
_SINCE_RE = re.compile(r"\b(since\s+(?:\d{1,2}\s+[a-z]+\s+)?\d{4})\b")


def find_periods(text: str, kind: str = CALENDAR) -> list[tuple[int, int, Period]]:
    """Every period named in running text, with where it stands: [(start, end, Period)].

    "In 2012/13 ...", "April 2012 to March 2013", "the year to 31 March 2013", "2007: ...". A
    longer form wins over the years inside it; a span of years ("2006 to 2013") is a total."""
    s = _clean(text)  # same length as the text once white space is one space: positions hold on it
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, int, Period]] = []
    for rx in [_YEAR_TO_RE, _BETWEEN_RE, _SINCE_RE, _YEAR_SPAN_RE] + _SEARCH_RES:
        for m in rx.finditer(s):
            a, b = m.start(1), m.end(1)
            if any(a < y and x < b for x, y in taken):
                continue
            if rx is _SINCE_RE:
                p: Optional[Period] = Period("total", False, f"'{m.group(1)}': a span up to the letter, read as a total")
            else:
                p = parse_period(m.group(1).replace(" and ", " to "), kind)
            if p is None:
                continue
            taken.append((a, b))
            out.append((a, b, p))
    return sorted(out, key=lambda t: t[0])
