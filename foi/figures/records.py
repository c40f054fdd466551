"""Listings of records: a table with one row per incident, counted into figures by foi.

A force may answer "by year, crime type and outcome" with the records themselves: an
Excel-made PDF or a spreadsheet with a header row ("Crime Ref | Financial Year | Crime Type |
Outcome | Hospital") and one row per crime. Such rows are not figures until counted. A table
is a listing when its header names a period column (a year, or a date whose year is taken
by the kind of period the request asks for) and at least one breakdown of the request, and
it has many rows with few numbers in them.

Each count is a `Figure` with `derived=True`: one per (measure, period) for the force as a
whole, one per (measure, period, breakdown, category) for each breakdown column, and one per
pair of breakdown columns (`breakdown="a+b"`, `category="X | Y"`, in the request's order).
`check_against_summary` holds the counts to the figures the force printed, when it printed
any for the same key.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Optional, Sequence

from foi.dates import make_date, read_year
from foi.tables import Table

from .figure import Figure
from .matching import header_tokens, match_header
from .periods import FINANCIAL, Period, fy_key, in_requested_range, parse_period
from .spec import MeasureSpec
from .values import is_value_like, parse_value

MIN_ROWS = 10  # fewer rows than this is a small table, read by the table reader, not counted
HEADER_SCAN = 6  # the header row is among the first rows (a title or a sample banner may sit above it)
BLANK = "(blank)"  # the category of a row whose breakdown cell is empty
# words of a header naming the column that dates each record
_PERIOD_WORDS = {"year", "date", "month", "fy", "period"}
_PERIOD_ONLY = _PERIOD_WORDS | {"financial", "calendar", "recorded", "reported", "occurred", "committed", "crime",
                                "offence", "incident", "created", "of", "when"}
_YES = {"y", "yes", "true", "1", "x", "✓"}
_NO = {"n", "no", "false", "0", ""}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _text(cell) -> str:
    return " ".join(str(cell or "").split())


# ----------------------------------------------------------------------------- reading one cell

def date_period(text: str, kind: str) -> Optional[Period]:
    """The period a record's date falls in: '2019-04-03' or '03/04/2019' -> '2019-20' (financial) or '2019'."""
    s = _text(text)
    m = _ISO_DATE.match(s)
    if m:
        date = make_date(read_year(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = _UK_DATE.match(s)
        if not m:
            return None
        date = make_date(read_year(m.group(3)), int(m.group(2)), int(m.group(1)))
    if date is None:
        return None
    if kind == FINANCIAL:
        return Period(fy_key(date.year if date.month >= 4 else date.year - 1))
    return Period(str(date.year))


def record_period(text: str, kind: str) -> Optional[Period]:
    """A record's period: a period label ('2019/20', '2019') or a date; never a total."""
    p = date_period(text, kind) or parse_period(text, kind)
    return p if p is not None and p.key != "total" else None


def _norm(text: str) -> tuple[str, ...]:
    return tuple(header_tokens(text))


def name_match(text: str, names: dict[str, list[str]], exact: bool = False) -> Optional[str]:
    """The key of `names` (breakdowns or measures) a header names: word for word (the
    request's own wording, even "Outcome", which the measure matcher finds too generic), else,
    unless `exact`, by the measure matcher when it is sure."""
    toks = _norm(text)
    if not toks:
        return None
    for key, aliases in names.items():
        if any(_norm(a) == toks for a in list(aliases) + [key.replace("_", " ")]):
            return key
    if exact:
        return None
    hm = match_header(text, names)
    return hm.measure if hm.measure and hm.certain else None


# ----------------------------------------------------------------------------- finding a listing

@dataclass
class Listing:
    table_index: int
    header_row: int
    period_col: int
    breakdown_cols: dict[str, int]  # breakdown key -> column, in the request's order
    measure_cols: dict[str, int] = field(default_factory=dict)  # a measure's yes/no or count column
    rows: list[int] = field(default_factory=list)  # the record rows
    measure: Optional[str] = None  # the measure every row counts (when no measure column says)
    measure_note: str = ""  # how the measure was chosen, when not by a column


def _is_period_header(text: str) -> bool:
    toks = set(_norm(text))
    return bool(toks & _PERIOD_WORDS) and toks <= _PERIOD_ONLY


def _is_yes_no(values: list[str]) -> bool:
    return bool(values) and all(v.lower() in _YES | _NO for v in values)


def find_listing(table: Table, table_index: int, spec: MeasureSpec) -> Optional[Listing]:
    """The listing a table is, or None."""
    rows = [[_text(c) for c in (r or [])] for r in (table.rows or [])]
    if len(rows) < MIN_ROWS + 1 or not spec.breakdowns:
        return None
    for h in range(min(HEADER_SCAN, len(rows))):
        header = rows[h]
        period_cols = [c for c, t in enumerate(header) if t and _is_period_header(t)]
        if not period_cols:
            continue
        breakdown_cols: dict[str, int] = {}
        measure_cols: dict[str, int] = {}
        for exact in (True, False):  # the request's own words first: "Crime Type" before "Crime Ref"
            for c, t in enumerate(header):
                if not t or c in period_cols or c in breakdown_cols.values():
                    continue
                key = name_match(t, spec.breakdowns, exact=exact)
                if key and key not in breakdown_cols:
                    breakdown_cols[key] = c
        if not breakdown_cols:
            continue
        data = [r for r in range(h + 1, len(rows)) if any(rows[r]) and rows[r] != header]
        # the period column is the one whose cells are periods or dates
        period_col = None
        for c in period_cols:
            cells = [rows[r][c] for r in data if c < len(rows[r]) and rows[r][c]]
            if cells and sum(record_period(t, spec.periods) is not None for t in cells) >= 0.8 * len(cells):
                period_col = c
                break
        if period_col is None:
            continue
        records = [r for r in data if period_col < len(rows[r]) and record_period(rows[r][period_col], spec.periods)]
        if len(records) < MIN_ROWS:
            return None
        used = {period_col, *breakdown_cols.values()}
        numeric_cols = []
        for c, t in enumerate(header):
            if c in used:
                continue
            cells = [rows[r][c] if c < len(rows[r]) else "" for r in records]
            measure = name_match(t, spec.measures) if t else None
            if measure and (_is_yes_no(cells) or all(not v or is_value_like(v) for v in cells)):
                measure_cols.setdefault(measure, c)
            elif sum(is_value_like(v) for v in cells if v) > 0.5 * len(cells):
                numeric_cols.append(c)
        # one row per (period, category) with a number beside it is a summary in long form, not records
        keys = Counter(tuple(rows[r][c] if c < len(rows[r]) else "" for c in sorted(used)) for r in records)
        if (numeric_cols or any(not _is_yes_no([rows[r][c] for r in records]) for c in measure_cols.values())) \
                and max(keys.values()) == 1:
            return None
        if numeric_cols and not measure_cols and len(numeric_cols) > 1:
            return None
        listing = Listing(table_index, h, period_col, {k: breakdown_cols[k] for k in spec.breakdowns
                                                       if k in breakdown_cols}, measure_cols, records)
        listing.measure, listing.measure_note = _listing_measure(table, rows, h, used, spec, set(measure_cols))
        if listing.measure is None and not measure_cols:
            return None
        return listing
    return None


def _listing_measure(table: Table, rows: list[list[str]], h: int, used: set[int], spec: MeasureSpec,
                     by_column: set[str]) -> tuple[Optional[str], str]:
    """The measure each row of a listing counts: the request's only measure, else the one its
    caption or title names, else the one the other headers name ("Crime Ref": crimes). None
    when that measure is counted by a column of its own (`by_column`)."""
    if len(spec.measures) == 1:
        only = next(iter(spec.measures))
        return (None if only in by_column else only), ""
    titles = [table.caption or ""] + [" ".join(t for t in rows[r] if t) for r in range(h)]
    for title in titles:
        hm = match_header(title, spec.measures) if title else None
        if hm and hm.measure:
            if hm.measure in by_column:
                return None, ""
            return hm.measure, "" if hm.certain else f"the measure is taken from the title '{title}': {hm.reason}"
    named = {name_match(t, spec.measures) for c, t in enumerate(rows[h]) if t and c not in used} - {None}
    named -= by_column
    if len(named) == 1:
        m = named.pop()
        return m, f"the measure is taken from the listing's columns ({m})"
    return None, ""


# ----------------------------------------------------------------------------- counting

def _pages(table: Table, rows: list[int], col: int) -> tuple[int, int]:
    pages = [table.cell_page(r, col) for r in rows]
    return (min(pages), max(pages)) if pages else (table.page, table.page)


def _where(table: Table, n: int, pages: tuple[int, int]) -> str:
    a, b = pages
    place = f"page {a}" if a == b else f"pages {a}–{b}"
    if table.sheet:
        place = f"sheet '{table.sheet}'"
    return f"counted by foi from {n} rows of the listing on {place}"


def count_records(table: Table, table_index: int, spec) -> list[Figure]:
    """The figures a listing of records gives, counted; [] when the table is not a listing."""
    spec = MeasureSpec.coerce(spec)
    listing = find_listing(table, table_index, spec)
    if listing is None:
        return []
    rows = [[_text(c) for c in (r or [])] for r in table.rows]

    def cell(r: int, c: int) -> str:
        return rows[r][c] if c < len(rows[r]) else ""

    # what each record adds to each measure: 1, or its yes/no or count column
    weights: list[tuple[str, int, dict[int, int]]] = []  # (measure, column or -1, row -> weight)
    if listing.measure:
        weights.append((listing.measure, -1, {r: 1 for r in listing.rows}))
    for measure, c in listing.measure_cols.items():
        w = {}
        for r in listing.rows:
            v = cell(r, c)
            if v.lower() in _YES and not v.isdigit():
                w[r] = 1
            elif v.lower() in _NO and not v.isdigit():
                w[r] = 0
            else:
                pv = parse_value(v)
                w[r] = pv.value or 0
        weights.append((measure, c, w))

    # a listing's rows are the records that have a period (find_listing), so none is dropped here
    periods = {r: p for r in listing.rows if (p := record_period(cell(r, listing.period_col), spec.periods)) is not None}
    keys = list(listing.breakdown_cols)
    groupings: list[tuple[Optional[str], list[int]]] = [(None, [])]
    groupings += [(k, [listing.breakdown_cols[k]]) for k in keys]
    groupings += [(f"{a}+{b}", [listing.breakdown_cols[a], listing.breakdown_cols[b]]) for a, b in combinations(keys, 2)]
    uncertain_periods = {r for r, p in periods.items() if not p.certain}
    out: list[Figure] = []
    for measure, mcol, weight in weights:
        for breakdown, cols in groupings:
            groups: dict[tuple[str, str], list[int]] = defaultdict(list)
            for r in listing.rows:
                category = " | ".join(cell(r, c) or BLANK for c in cols) if cols else ""
                groups[(periods[r].key, category)].append(r)
            for (period, category), members in groups.items():
                value = sum(weight[r] for r in members)
                pages = _pages(table, members, listing.period_col)
                fig = Figure(
                    measure=measure, period=period, value=value, suppressed=False, needs_review=False,
                    review_reasons=[], table_index=-1, page=pages[0], row=-1, col=-1, raw_text=str(value),
                    header=" / ".join(filter(None, [rows[listing.header_row][mcol] if mcol >= 0 else "",
                                                     *(rows[listing.header_row][c] for c in cols)])) or "rows",
                    period_label=cell(members[0], listing.period_col), breakdown=breakdown,
                    category=category or None, derived=True,
                )
                fig.notes.append(_where(table, len(members), pages))
                if listing.measure_note and mcol < 0:
                    fig.flag(listing.measure_note)
                odd = [r for r in members if r in uncertain_periods]
                if odd:
                    fig.flag(periods[odd[0]].note or "the period of some rows is unclear")
                if category and BLANK in category.split(" | "):
                    fig.flag("rows with an empty category cell")
                if period != "total" and not in_requested_range(period, spec.since, spec.until):
                    fig.flag(f"{period} is outside the years asked for ({spec.range_text()})")
                out.append(fig)
    return out


def _key(f: Figure) -> tuple:
    return (f.measure, f.period, f.breakdown or None, f.category or None)


def check_against_summary(derived: list[Figure], printed: list[Figure]) -> None:
    """Hold the counted figures to those the force printed for the same key: a count that
    disagrees is flagged, and the printed figure gets a note; one that agrees is `checked`."""
    by_key: dict[tuple, list[Figure]] = defaultdict(list)
    for f in printed:
        if not f.derived:
            by_key[_key(f)].append(f)
    for d in derived:
        for p in by_key.get(_key(d), []):
            if p.value is None:
                continue
            where = f"page {p.page}" + (f", table {p.table_index + 1}" if p.table_index >= 0 else "")
            if p.value == d.value:
                d.checked = True
                d.notes.append(f"agrees with the figure the force printed ({where})")
            else:
                d.flag(f"the force printed {p.value} for this ({where}), but its listing has {d.value} rows")
                note = f"foi counted {d.value} in the force's listing of records (page {d.page})"
                if note not in p.notes:
                    p.notes.append(note)


def is_listing(table: Table, spec) -> bool:
    """True when a table is a listing of records (for a table reader to leave alone)."""
    return find_listing(table, -1, MeasureSpec.coerce(spec)) is not None


def _continues(listing: Listing, first: Table, nxt: Table, spec: MeasureSpec) -> Optional[int]:
    """Where a listing's next part starts in the table after it (a page whose table a reader kept
    apart): after its repeated header, or at its first row when it has none but reads the same."""
    header = [_text(c) for c in first.rows[listing.header_row]]
    rows = [[_text(c) for c in (r or [])] for r in (nxt.rows or [])]
    for h in range(min(HEADER_SCAN, len(rows))):
        if rows[h] == header:
            return h + 1
    cells = [r[listing.period_col] for r in rows if len(r) == len(header) and listing.period_col < len(r)]
    if rows and len(cells) == len(rows) and sum(record_period(t, spec.periods) is not None for t in cells) >= 0.8 * len(rows):
        return 0
    return None


def _join_parts(tables: Sequence[Table], spec: MeasureSpec) -> list[tuple[int, Table]]:
    """The tables, with a listing's parts on later pages joined to it (keeping each cell's page)."""
    out: list[tuple[int, Table]] = []
    i = 0
    while i < len(tables):
        t = tables[i]
        listing = find_listing(t, i, spec)
        j = i + 1
        if listing is not None:
            rows = [list(r) for r in t.rows]
            pages = [[t.cell_page(r, c) for c in range(len(row))] for r, row in enumerate(t.rows)]
            while j < len(tables):
                start = _continues(listing, t, tables[j], spec)
                if start is None:
                    break
                nxt = tables[j]
                rows += [list(r) for r in nxt.rows[start:]]
                pages += [[nxt.cell_page(r, c) for c in range(len(nxt.rows[r]))] for r in range(start, len(nxt.rows))]
                j += 1
            if j > i + 1:
                t = Table(page=t.page, rows=rows, bbox=t.bbox, cell_pages=pages, method=t.method, sheet=t.sheet,
                          caption=t.caption)
        out.append((i, t))
        i = j
    return out


def figures_from_listings(tables: Sequence[Table], spec, printed: Optional[list[Figure]] = None) -> list[Figure]:
    """The counted figures of every listing among a document's tables (a listing kept apart page
    by page is joined first), checked against the figures the force printed (`printed`, when given)."""
    spec = MeasureSpec.coerce(spec)
    out: list[Figure] = []
    for i, t in _join_parts(tables, spec):
        out.extend(count_records(t, i, spec))
    if printed:
        check_against_summary(out, printed)
    return out
