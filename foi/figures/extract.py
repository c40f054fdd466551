"""From a force's tables to tidy figures: one `Figure` per (measure, period) number.

How a table is read:

1. Empty rows and columns are dropped (keeping the original row and column numbers for
   provenance). Each cell is classed as a period label, a value (a count, a zero word, a
   suppression mark, a dash), text, or empty.
2. The first row holding a value starts the data. Rows above it are the header rows
   (a row with one cell in the first column is a title, used to name the measure of a
   one-measure table). Leading columns without values are the label columns.
3. Each value cell gets its column's header parts (top to bottom, a group header such as
   "Outcome" carried over the sub-columns it spans) and its row's label parts (left to
   right, a group label carried down, and in measure-as-row tables a section row such as
   "Allegations" above). Whichever axis holds the period labels is the period axis, so
   both orientations, nested year/measure headers and long "Year | Category | Number"
   layouts come out the same way. The remaining parts name the measure.
4. A header that says only "Number" or "Total" takes its measure from the table's title.

Then, over all tables: totals are checked against their parts, periods outside the
request's range are flagged, and the same measure and period found twice is kept once when
the values agree and flagged everywhere when they do not.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional, Sequence

from foi.tables import Table

from .figure import Figure
from .periods import in_requested_range, parse_period
from .prose import prose_figures
from .records import figures_from_listings
from .spec import MeasureSpec
from .table_reader import TableReader, cell_text
from .values import is_value_like, read_footnotes


# ----------------------------------------------------------------------------- checks

def _note_texts(table: Table) -> list[str]:
    out = []
    for row in table.rows or []:
        cells = [cell_text(c) for c in row or []]
        filled = [c for c in cells if c]
        if len(filled) == 1 and not is_value_like(filled[0]) and parse_period(filled[0]) is None:
            out.append(filled[0])
    return out


def _check_totals(figs: list[Figure]) -> None:
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figs:
        groups[(f.table_index, f.measure, getattr(f, "_slot", f.col))].append(f)
    for (_t, _measure, _s), group in groups.items():
        totals = [f for f in group if f.period == "total"]
        parts = [f for f in group if f.period != "total"]
        if len(totals) != 1 or not parts:
            continue
        tot = totals[0]
        if tot.value is None:
            continue
        known = [p.value for p in parts if p.value is not None]
        unknown = [p for p in parts if p.value is None]
        s = sum(known)
        if unknown:
            if s > tot.value:
                for f in group:
                    f.flag(f"the parts do not add up to the stated total (sum of the known parts {s} "
                           f"is more than the total {tot.value})")
                continue
            if any(p.suppressed for p in unknown):
                tot.flag("the parts include suppressed values, so the total cannot be checked")
            else:
                tot.flag("some parts are not clear figures, so the total cannot be checked")
                if s == tot.value:
                    for p in unknown:
                        p.notes.append("the total adds up if this cell means nil")
            continue
        if s == tot.value:
            for f in group:
                f.checked = True
        else:
            for f in group:
                f.flag(f"the parts do not add up to the stated total (sum {s}, total {tot.value})")


def _check_breakdowns(figs: list[Figure]) -> None:
    """Each breakdown of a total the letter states must add up to it: the categories of rank
    and, separately, those of outcome. One that does not is flagged, one that does is checked."""
    whole = defaultdict(list)
    for f in figs:
        if f.breakdown is None and f.value is not None:
            whole[(f.measure, f.period)].append(f.value)
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figs:
        if f.breakdown and "+" not in f.breakdown:
            groups[(f.measure, f.period, f.breakdown)].append(f)
    for (measure, period, breakdown), parts in groups.items():
        totals = set(whole.get((measure, period), []))
        if len(totals) != 1:
            continue
        total = totals.pop()
        known = [p.value for p in parts if p.value is not None]
        s = sum(known)
        if len(known) == len(parts) and s == total:
            for p in parts:
                p.checked = True
        elif s > total or len(known) == len(parts):
            for p in parts:
                p.flag(f"the {breakdown} categories add up to {s}, not the total of {total} the letter gives")


def _check_range(figs: list[Figure], spec: MeasureSpec) -> None:
    if spec.since is None and spec.until is None:
        return
    outside_groups = set()
    for f in figs:
        if f.period != "total" and not in_requested_range(f.period, spec.since, spec.until):
            f.flag(f"{f.period} is outside the years asked for ({spec.range_text()})")
            outside_groups.add((f.table_index, f.measure, getattr(f, "_slot", f.col)))
    for f in figs:
        if f.period == "total" and (f.table_index, f.measure, getattr(f, "_slot", f.col)) in outside_groups:
            f.flag("the total includes years outside those asked for")


def _where(f: Figure) -> str:
    return f"table {f.table_index + 1}, page {f.page}, row {f.row + 1}"


def _resolve_duplicates(figs: list[Figure]) -> list[Figure]:
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    order = []
    for f in figs:
        k = (f.measure, f.period, f.breakdown, f.category)
        if k not in groups:
            order.append(k)
        groups[k].append(f)
    out: list[Figure] = []
    for k in order:
        group = groups[k]
        if len(group) == 1:
            out.extend(group)
            continue
        vals = {(f.value, f.suppressed) for f in group}
        same_table = len({f.table_index for f in group}) < len(group)
        if len(vals) == 1 and not same_table:
            keep = sorted(group, key=lambda f: (f.needs_review, len(f.review_reasons)))[0]
            others = [f for f in group if f is not keep]
            keep.notes.append("the same figure also appears in " + "; ".join(_where(f) for f in others))
            out.append(keep)
            continue
        items = [f"{'suppressed' if f.suppressed else f.value if f.value is not None else repr(f.raw_text)}"
                 f" ({_where(f)})" for f in group]
        desc = ", ".join(items[:4]) + (f" and {len(items) - 4} more" if len(items) > 4 else "")
        what = "different figures" if len(vals) > 1 else "more than one figure in the same table"
        for f in group:
            of = f" ({f.category})" if f.category else ""
            f.flag(f"{what} for {f.measure} {f.period}{of}: {desc}")
            out.append(f)
    return out


# ----------------------------------------------------------------------------- entry points

def extract_figures(tables: Sequence[Table], spec, *, letter_text: Optional[str] = None,
                    footnotes: Optional[dict] = None, captions: Optional[Sequence[Optional[str]]] = None,
                    preambles: Optional[Sequence[Optional[str]]] = None,
                    page_texts: Optional[Sequence[str]] = None,
                    problems: Optional[list[str]] = None,
                    ) -> list[Figure]:
    """Every figure the request asks for in a letter's tables.

    spec: a MeasureSpec (or its dict). letter_text: the letter's text, searched for legends
    such as "- denotes nil". footnotes: a ready {symbol: meaning} dict instead (the note rows
    inside the tables are always read too). captions: a title for each table, where the
    reader found one outside the table. preambles: the text printed just before each table;
    a table introduced as context ("by way of background, all public complaints...") has
    every figure flagged. page_texts: the letter's text page by page; figures it gives in
    sentences are read too (`prose`), for what no table gives, each flagged for review.
    problems: where a table that could not be read is reported ("table 3: ..."); the other
    tables' figures are kept.
    """
    spec = MeasureSpec.coerce(spec)
    legend = dict(read_footnotes("\n".join([letter_text or ""] + [t for tb in tables for t in _note_texts(tb)])))
    if footnotes:
        legend.update(footnotes)
    figs: list[Figure] = []
    for i, t in enumerate(tables):
        cap = captions[i] if captions is not None and i < len(captions) else None
        # the caption read above the table, else a spreadsheet's sheet name ("By outcome")
        cap = cap or t.caption or t.sheet
        pre = preambles[i] if preambles is not None and i < len(preambles) else None
        try:
            figs.extend(TableReader(t, i, spec, legend, cap, pre).read())
        except Exception as exc:  # one table's fault never costs the letter's other figures
            if problems is not None:
                problems.append(f"table {i + 1} (page {t.page}): its figures could not be read "
                                f"({type(exc).__name__}: {str(exc)[:120]})")
    if page_texts:
        in_tables = {(f.measure, f.period) for f in figs if f.breakdown is None}
        figs.extend(f for f in prose_figures(list(page_texts), spec, tables) if (f.measure, f.period) not in in_tables)
    _check_totals(figs)
    _check_breakdowns(figs)
    _check_range(figs, spec)
    figs = _resolve_duplicates(figs)
    figs.extend(figures_from_listings(tables, spec, printed=figs))
    for f in figs:
        f.needs_review = bool(f.review_reasons) or f.needs_review
        if hasattr(f, "_slot"):
            delattr(f, "_slot")
    return figs


def tidy_rows(figures: Iterable[Figure], force: str) -> list[dict]:
    """The tidy table: force, measure, period, breakdown and category, value, suppressed, needs_review
    and where it came from."""
    return [
        {"force": force, "measure": f.measure, "period": f.period, "breakdown": f.breakdown, "category": f.category,
         "value": f.value,
         "suppressed": f.suppressed, "needs_review": f.needs_review,
         "review_reasons": "; ".join(f.review_reasons), "page": f.page, "table": f.table_index,
         "row": f.row, "col": f.col, "raw_text": f.raw_text, "header": f.header}
        for f in figures
    ]
