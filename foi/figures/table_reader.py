"""Reading one table into figures (`TableReader`): classing its cells, finding its header
rows, label columns and period axis, and naming each value's measure, period and category.
How a table is read is told at the top of `foi.figures.extract`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from foi.tables import Table

from .figure import Figure
from .matching import (
    GENERIC, SURE_SCORE, UNIT, HeaderMatch, header_tokens, is_generic_header, is_unit_measure, match_header, word_score,
)
from .periods import Period, parse_period, search_period
from .spec import MeasureSpec
from .values import is_value_like, parse_value

EMPTY, PERIOD, VALUE, TEXT = "E", "P", "V", "T"
# a title naming another population than police officers puts every figure of the table in doubt
POPULATION_WORDS = {"staff", "civilian", "pcso", "special", "volunteer", "contractor", "employee"}
# Words in the text just before a table that say it is not the answer but something beside it:
# context, a comparison, all public complaints, the workforce, national figures.
CONTEXT_RE = re.compile(
    r"""(?ix)
    \b(?:context|background|comparison|compared\s+with|for\s+reference|by\s+way\s+of\s+illustration)\b
  | \bmembers\s+of\s+the\s+public\b | \bpublic\s+complaints?\b | \bcomplaints?\s+(?:made\s+)?by\s+the\s+public\b
  | \ball\s+(?:the\s+)?(?:complaints|allegations|cases|officers|misconduct)\b | \bof\s+(?:every|any|all)\s+kinds?\b
  | \bworkforce\b | \bstaff\s+numbers\b | \bnationally\b | \bnational\s+(?:figures|totals|statistics|data)\b
  | \ball\s+forces\b | \bacross\s+england\b
    """
)


# ----------------------------------------------------------------------------- helpers

def cell_text(cell) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).split())


def _freeze(measures: dict[str, list[str]]):
    return tuple((k, tuple(v)) for k, v in measures.items())


@lru_cache(maxsize=4096)
def _match_cached(text: str, frozen) -> HeaderMatch:
    return match_header(text, {k: list(v) for k, v in frozen})


@lru_cache(maxsize=4096)
def _period_cached(text: str, kind: str) -> Optional[Period]:
    return parse_period(text, kind)


_NOTE_START_RE = re.compile(r"^\s*(?:\*|-|–|—|†|‡|#|\[|\(|¹|²|³|note|notes|source|please|key|nb|n\.b|figures|"
                            r"where|data|this|these|the|all|some|\d+\s*[.)])", re.I)


WRAP_GAP_RATIO = 0.6  # a wrapped label's lines lie closer than this share of a line's height
WRAP_PIECE_MAX = 3  # the most characters a label's wrapped last line holds ("6" of "200|6", "/14")


def _is_word_piece(text: str) -> bool:
    """The end of a word broken by a narrow cell: a letter or two in lower case ("s", "d")."""
    return 1 <= len(text) <= 2 and text.isalpha() and text.islower()


def _looks_like_note(text: str) -> bool:
    words = text.split()
    return ("=" in text or len(words) > 6 or bool(_NOTE_START_RE.match(text)) and len(words) > 2)


@dataclass
class _Cand:
    r: int  # index in the cleaned grid
    c: int
    period: Optional[Period]
    period_label: str
    measure_text: str
    row_text: str
    col_text: str
    slot: str
    from_section: str = ""  # the section heading that named the measure of a bare "Total" / "Number" row
    section_breakdown: str = ""  # a section heading that names no measure: "North", "Male"
    row_parts: tuple[str, ...] = ()  # the row's label parts and the column's header parts, periods
    col_parts: tuple[str, ...] = ()  # taken out: a category is the last part, a group heading above it


class TableReader:
    def __init__(self, table: Table, index: int, spec: MeasureSpec, footnotes: dict, caption: Optional[str],
                 preamble: Optional[str] = None):
        self.table = table
        self.index = index
        self.spec = spec
        self.footnotes = footnotes
        self.frozen = _freeze(spec.measures)
        self.caption_extra = caption
        context = CONTEXT_RE.search(preamble or "")
        self.context_reason = (
            f"the text before this table ('{_shorten(preamble or '', context)}') suggests it is context, not the answer"
            if context else None
        )
        rows = [[cell_text(c) for c in (row or [])] for row in (table.rows or [])]
        n = max((len(r) for r in rows), default=0)
        rows = [r + [""] * (n - len(r)) for r in rows]
        self.rr = [i for i, r in enumerate(rows) if any(r)]
        self.cc = [j for j in range(n) if any(rows[i][j] for i in self.rr)]
        self.g = [[rows[i][j] for j in self.cc] for i in self.rr]
        self._unwrap_rows()
        self._join_wrapped_labels()
        self.raw = table.rows
        self.nr, self.nc = len(self.g), len(self.cc)

    def _unwrap_rows(self) -> None:
        """Join the lines of cells wrapped inside a narrow column back into one row.

        A Word table with narrow columns breaks words anywhere: "200" over "6", "Allegation"
        over "s". A row holding only such pieces, each under a cell of the row above, is that
        row's second line: a label completed into a period ("200" + "6" = 2006) or, above the
        data, headers finished by a letter or two ("Case" + "s")."""
        g, rr = self.g, self.rr
        r = 0
        while r + 1 < len(g):
            upper, lower = g[r], g[r + 1]
            pieces = [c for c, t in enumerate(lower) if t]
            if not pieces or any(not upper[c] for c in pieces):
                r += 1
                continue
            joined = None
            if len(pieces) == 1 and len(lower[pieces[0]]) <= WRAP_PIECE_MAX:
                c = pieces[0]
                glued = upper[c] + lower[c]
                if self._period(upper[c]) is None and self._period(glued) is not None:
                    joined = {c: glued}
            if joined is None and all(not is_value_like(t) and self._period(t) is None for t in upper if t) and all(
                not is_value_like(lower[c]) for c in pieces
            ) and any(_is_word_piece(lower[c]) for c in pieces):
                joined = {c: upper[c] + ("" if _is_word_piece(lower[c]) else " ") + lower[c] for c in pieces}
            if joined is None:
                r += 1
                continue
            for c, t in joined.items():
                upper[c] = t
            del g[r + 1]
            del rr[r + 1]

    def _join_wrapped_labels(self) -> None:
        """A category label wrapped over two or three lines of a white-space table, its numbers
        on one of them ("Violence against" / "the person  12  14" / "(with injury)"), is one
        label: a line holding only a label joins the row of figures it sits closest to, when it
        sits closer than rows sit to each other. (Tables by category only, where such labels
        are common: elsewhere a lone label line is a section heading.)"""
        if not self.spec.breakdowns or not self.table.cell_bboxes:
            return
        g, rr = self.g, self.rr

        def extent(i: int) -> Optional[tuple[float, float]]:
            cells = [self.table.cell_bbox(rr[i], self.cc[c]) for c in range(len(g[i])) if g[i][c]]
            boxes = [b for b in cells if b]
            return (min(b[1] for b in boxes), max(b[3] for b in boxes)) if boxes else None

        def label_only(i: int) -> bool:
            return bool(g[i][0]) and not any(g[i][1:]) and not is_value_like(g[i][0]) and self._period(g[i][0]) is None

        def figures_row(i: Optional[int]) -> bool:
            return i is not None and 0 <= i < len(g) and any(is_value_like(t) for t in g[i][1:])

        i = 0
        while i < len(g):
            here = extent(i) if label_only(i) else None
            if here is None:
                i += 1
                continue
            gaps = {}
            for j in (i - 1, i + 1):
                there = extent(j) if figures_row(j) else None
                if there is not None:
                    gaps[j] = here[0] - there[1] if j < i else there[0] - here[1]
            if not gaps:
                i += 1
                continue
            j = min(gaps, key=lambda k: gaps[k])
            tied = len(gaps) == 2 and abs(gaps[i - 1] - gaps[i + 1]) <= 1.0
            if tied or gaps[j] > WRAP_GAP_RATIO * (here[1] - here[0]):
                i += 1
                continue
            g[j][0] = (g[j][0] + " " + g[i][0]) if j < i else (g[i][0] + " " + g[j][0])
            del g[i]
            del rr[i]
            i = max(0, i - 1)

    # -- classing cells
    def _kind(self, t: str) -> str:
        if not t:
            return EMPTY
        if _period_cached(t, self.spec.periods) is not None:
            return PERIOD
        if is_value_like(t, self.footnotes):
            return VALUE
        return TEXT

    def _match(self, text: str) -> HeaderMatch:
        return _match_cached(text, self.frozen)

    def _period(self, text: str) -> Optional[Period]:
        return _period_cached(text, self.spec.periods)

    def read(self) -> list[Figure]:
        if self.nr == 0 or self.nc == 0:
            return []
        g = self.g
        kinds = [[self._kind(t) for t in row] for row in g]
        self.kinds = kinds
        # an index column 1, 2, 3 ... is a label, not figures
        if self.nc > 1:
            col0 = [g[r][0] for r in range(self.nr) if kinds[r][0] == VALUE]
            if len(col0) >= 3 and col0 == [str(i + 1) for i in range(len(col0))]:
                for r in range(self.nr):
                    if kinds[r][0] == VALUE:
                        kinds[r][0] = TEXT
        first = next((r for r in range(self.nr) if VALUE in kinds[r]), None)
        if first is None:
            return []
        data_rows = list(range(first, self.nr))
        # label columns: leading columns with (almost) no values in the data rows
        label_cols: list[int] = []
        for c in range(self.nc - 1):
            cells = [kinds[r][c] for r in data_rows if kinds[r][c] != EMPTY]
            if cells and sum(k == VALUE for k in cells) <= 0.2 * len(cells):
                label_cols.append(c)
            else:
                break
        value_cols = [c for c in range(self.nc) if c not in label_cols]
        if not value_cols:
            return []
        first_vc = value_cols[0]
        # header rows and titles
        header_rows: list[int] = []
        titles: list[str] = []
        section = ""
        for r in range(first):
            filled = [c for c in range(self.nc) if g[r][c]]
            if len(filled) == 1 and filled[0] == 0 and self.nc > 1:
                if header_rows and kinds[r][0] == TEXT and not _looks_like_note(g[r][0]):
                    section = g[r][0]  # a section row between the header and the data
                else:
                    titles.append(g[r][0])
            else:
                header_rows.append(r)
        self.titles = titles + ([self.caption_extra] if self.caption_extra else [])
        self.label_cols, self.value_cols, self.first_vc = label_cols, value_cols, first_vc
        # the heading over the label column(s): "Crime Group", "Hospital Name / Financial Year"
        self.corner = " ".join(g[h][c] for h in header_rows for c in label_cols if g[h][c])

        # walk the data rows: header blocks, sections, notes
        blocks: dict[int, list[int]] = {}
        block = header_rows
        sections: dict[int, str] = {}
        row_list: list[int] = []
        for r in data_rows:
            vk = [kinds[r][c] for c in value_cols]
            lk = [kinds[r][c] for c in label_cols]
            filled = [c for c in range(self.nc) if g[r][c]]
            if VALUE in vk:
                blocks[r] = block
                sections[r] = section
                row_list.append(r)
                continue
            if PERIOD in vk and PERIOD not in lk:
                block = [r]  # a new header row: a wide table wrapped, or a table continued
                continue
            if len(filled) == 1 and filled[0] == 0 and kinds[r][0] == TEXT:
                if _looks_like_note(g[r][0]):
                    continue
                section = g[r][0]
                continue
            # a repeated header row, a label with no values, ...: nothing to read
        if not row_list:
            return []

        # period axis: where the period labels are
        col_periods, row_periods = set(), set()
        for r in row_list:
            for c in label_cols:
                p = self._period(g[r][c]) if kinds[r][c] == PERIOD else None
                if p:
                    row_periods.add(p.key)
        for blk in {tuple(b) for b in blocks.values()}:
            for c in value_cols:
                for h in blk:
                    p = self._period(g[h][c]) if kinds[h][c] == PERIOD else None
                    if p:
                        col_periods.add(p.key)
        nc_ = len(col_periods - {"total"})
        nr_ = len(row_periods - {"total"})
        if nc_ > nr_:
            axis = "cols"
        elif nr_ > nc_:
            axis = "rows"
        elif col_periods and not row_periods:
            axis = "cols"
        elif row_periods and not col_periods:
            axis = "rows"
        else:
            axis = "none"
        self.axis = axis

        cands: list[_Cand] = []
        for r in row_list:
            rparts = self._row_parts(r, row_list)
            for c in value_cols:
                cparts = self._col_parts(blocks[r], c)
                period, plabel, rest_r, rest_c = self._split_period(rparts, cparts, axis)
                if period is False:
                    continue  # two different periods: not a table of this kind
                row_text = " ".join(rest_r)
                col_text = " ".join(rest_c)
                from_section = breakdown = ""
                if axis == "cols" and sections.get(r):
                    # a row label names its measure alone when it can ("Officers investigated"); a bare
                    # "Number recorded" or "Total" under a section row "Allegations" takes the section too
                    combined = " ".join([sections[r]] + rest_r)
                    alone = self._match(" ".join(t for t in (row_text, col_text) if t))
                    sec = self._match(sections[r])
                    if not sec.measure and not sec.negated and not is_generic_header(sections[r], self.spec.measures):
                        breakdown = sections[r]  # "North", "Male": the rows under it may be parts
                    if alone.negated:
                        pass
                    elif not alone.measure:
                        row_text = combined
                        from_section = sections[r]
                    elif not alone.certain:
                        both = self._match(" ".join(t for t in (combined, col_text) if t))
                        if both.measure and both.certain:
                            row_text = combined
                measure_text = " ".join(t for t in (row_text, col_text) if t)
                if from_section and not is_generic_header(" ".join(rest_r + rest_c), self.spec.measures):
                    from_section = ""  # the label adds a word of its own: "Substantiated" under "Allegations"
                # the series a cell belongs to: its measure wording (a column for periods down, a row
                # for periods across; a wrapped table's two halves share it)
                slot = " ".join(header_tokens(measure_text)) or (f"#c{c}" if axis != "cols" else f"#r{r}")
                cands.append(_Cand(r, c, period, plabel, measure_text, row_text, col_text, slot, from_section,
                                   breakdown, tuple(rest_r), tuple(rest_c)))
        return self._figures(cands, axis)

    def _row_parts(self, r: int, row_list: list[int]) -> list[str]:
        g = self.g
        parts: list[str] = []
        if not self.label_cols:
            return parts
        last = self.label_cols[-1]
        for l in self.label_cols:
            t = g[r][l]
            if not t and l != last and g[r][last]:
                # a group label carried down from the row above that had one
                for r2 in reversed([x for x in row_list if x < r]):
                    if g[r2][l]:
                        if g[r2][last]:
                            t = g[r2][l]
                        break
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        return parts

    def _col_parts(self, block: list[int], c: int) -> list[str]:
        g = self.g
        parts: list[str] = []
        for k, h in enumerate(block):
            t = g[h][c]
            lower = block[k + 1:]
            if not t and lower and any(g[h2][c] for h2 in lower):
                # a group header spanning this column from the left
                for c2 in range(c - 1, -1, -1):
                    if g[h][c2]:
                        if c2 >= self.first_vc and any(g[h2][c2] for h2 in lower):
                            t = g[h][c2]
                        break
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        return parts

    def _split_period(self, rparts, cparts, axis):
        """(period, label, row words, col words); period False when the cell has two periods."""
        def split(parts):
            ps: list[tuple[str, Period]] = []
            rest: list[str] = []
            for t in parts:
                p = self._period(t)
                if p:
                    ps.append((t, p))
                else:
                    rest.append(t)
            return ps, rest

        rps, rrest = split(rparts)
        cps, crest = split(cparts)
        on_axis = rps if axis == "rows" else cps if axis == "cols" else []
        off_axis = cps if axis == "rows" else rps if axis == "cols" else rps + cps
        # a "Total" on the other axis is the total of a measure ("Total allegations"), not of periods
        for t, p in off_axis:
            if p.key == "total":
                (rrest if (t, p) in rps else crest).insert(0, t)
            else:
                return False, "", [], []
        if len(on_axis) > 1 and len({p.key for _, p in on_axis}) > 1:
            return False, "", [], []
        if on_axis:
            t, p = on_axis[-1]
            return p, t, rrest, crest
        return None, "", rrest, crest

    def _breakdown_figure(self, cd: _Cand, title_text: str, title_match, title_period):
        """A cell of a table by category (rows by rank, columns by outcome, or both): its
        Figure, _NOT_READ when it is such a cell but gives no figure, None when it is not."""
        spec = self.spec
        row_cat = _category_side(self, cd.row_parts)
        col_cat = _category_side(self, cd.col_parts)
        if row_cat is None and col_cat is None:
            # the table's own Total row or column is the figure for the force as a whole
            if not (self.by_category and (_is_total_label(cd.row_parts) or _is_total_label(cd.col_parts))):
                return None
        reasons: list[str] = []
        # which breakdown each side is: the heading over it, else what the caption names
        named_rows = _breakdown_named(" ".join([self.corner, *cd.row_parts[:-1]]), spec.breakdowns)
        named_cols = [k for k in _breakdown_named(" ".join(cd.col_parts[:-1]), spec.breakdowns) if k not in named_rows]
        in_title = [k for k in _breakdown_named(title_text, spec.breakdowns) if k not in named_rows + named_cols]
        sides: list[tuple[str, str]] = []  # (breakdown key, category)
        for cat, named in ((row_cat, named_rows), (col_cat, named_cols)):
            if cat is None:
                continue
            if named:
                key = named[0]
            elif in_title:
                key = in_title.pop(0)
            elif len(spec.breakdowns) == 1:
                key = next(iter(spec.breakdowns))
                reasons.append(f"the table does not say what '{cat}' is a category of: read as {key}")
            else:
                return None  # categories of something the request did not ask for
            sides.append((key, cat))
        if len({k for k, _ in sides}) != len(sides):
            return None
        order = list(spec.breakdowns)
        sides.sort(key=lambda kc: order.index(kc[0]))
        # the measure: the other side's heading, else the caption, else the request's only measure
        other = " ".join(cd.col_parts if row_cat and not col_cat else cd.row_parts if col_cat and not row_cat else ())
        hm = self._match(other) if other.strip() else None
        if hm is not None and hm.measure:
            measure, header = hm.measure, other
            if not hm.certain:
                reasons.append(hm.reason)
        elif title_match is not None and title_match.measure:
            measure, header = title_match.measure, title_text
            if not title_match.certain and len(spec.measures) > 1:
                reasons.append(f"the measure is taken from the table's title: {title_match.reason}")
        elif len(spec.measures) == 1:
            measure, header = next(iter(spec.measures)), title_text or self.corner
        else:
            return _NOT_READ
        period, plabel = cd.period, cd.period_label
        if period is None:
            if title_period is None:
                return _NOT_READ
            period, plabel = title_period, title_text
        if self.context_reason:
            reasons.append(self.context_reason)
        return self._cell_figure(
            cd, measure, " / ".join(t for t in (header, *(c for _, c in sides)) if t), period, plabel, reasons, [],
            breakdown="+".join(k for k, _ in sides) or None, category=" | ".join(c for _, c in sides) or None,
        )

    def _cell_figure(self, cd: _Cand, measure: str, header: str, period: Period, plabel: str, reasons: list[str],
                     notes: list[str], breakdown: Optional[str] = None, category: Optional[str] = None) -> Figure:
        """The Figure of one value cell, its doubts about the period and the value added."""
        if not period.certain:
            reasons.append(period.note or f"the period label '{plabel}' is unclear")
        elif period.note:
            notes.append(period.note)
        text = self.g[cd.r][cd.c]
        v = parse_value(text, self.footnotes)
        if not v.certain:
            reasons.append(v.note)
        elif v.note:
            notes.append(v.note)
        r0, c0 = self.rr[cd.r], self.cc[cd.c]
        raw = self.raw[r0][c0] if r0 < len(self.raw) and c0 < len(self.raw[r0]) else text
        fig = Figure(
            measure=measure, period=period.key, value=v.value, suppressed=v.suppressed,
            needs_review=bool(reasons), review_reasons=[x for x in reasons if x],
            table_index=self.index, page=self.table.cell_page(r0, c0), row=r0, col=c0,
            raw_text="" if raw is None else str(raw), header=header, bbox=self.table.cell_bbox(r0, c0),
            period_label=plabel, notes=notes, breakdown=breakdown, category=category,
        )
        if fig.needs_review and not fig.review_reasons:
            fig.review_reasons.append("uncertain")
        fig._slot = cd.slot  # type: ignore[attr-defined]
        return fig

    def _figures(self, cands: list[_Cand], axis: str) -> list[Figure]:
        g = self.g
        spec = self.spec
        title_text = " ".join(t for t in self.titles if t)
        title_match = self._match(title_text) if title_text else None
        title_period = search_period(title_text, spec.periods) if title_text else None
        slots = {cd.slot for cd in cands}
        population = sorted(set(header_tokens(title_text)) & POPULATION_WORDS) if title_text else []
        generic_slots = {cd.slot for cd in cands if is_generic_header(cd.measure_text, spec.measures)}
        out: list[Figure] = []
        # a table by category: some row label or column heading is neither a measure nor a total
        self.by_category = bool(spec.breakdowns) and any(
            _category_side(self, cd.row_parts) or _category_side(self, cd.col_parts) for cd in cands)
        for cd in cands:
            if spec.breakdowns:
                made = self._breakdown_figure(cd, title_text, title_match, title_period)
                if made is not None:
                    if made is not _NOT_READ:
                        out.append(made)
                    continue
            reasons: list[str] = []
            notes: list[str] = []
            # the measure
            header = cd.measure_text
            if is_generic_header(cd.measure_text, spec.measures):
                has_total = "total" in header_tokens(cd.measure_text)
                if not (title_match and title_match.measure):
                    continue
                if len(generic_slots) != 1 or (has_total and len(slots) != 1):
                    continue
                measure = title_match.measure
                header = (title_text + " / " + cd.measure_text).strip(" /")
                if not title_match.certain:
                    reasons.append(f"the measure is taken from the table's title: {title_match.reason}")
                elif title_match.units_set_aside:
                    reasons.append(f"the measure is taken from the table's title '{title_text}', which names "
                                   f"{title_match.measure} and {', '.join(title_match.units_set_aside)}")
                elif len(slots) != 1:
                    reasons.append(f"the measure is taken from the table's title '{title_text}'")
            else:
                hm = self._match(cd.measure_text)
                if not hm.measure:
                    continue
                measure = hm.measure
                if not hm.certain:
                    reasons.append(hm.reason)
                # a row label or column header that names nothing itself ("Brent", "Male", "Gross misconduct")
                # beside one that names the measure: the figure is likely a part, not the whole
                for side in (cd.row_text, cd.col_text):
                    other = cd.col_text if side is cd.row_text else cd.row_text
                    if side and other and not is_generic_header(side, spec.measures):
                        alone = self._match(side)
                        if not alone.measure and not alone.negated:
                            reasons.append(f"'{side}' looks like a breakdown: this may be part of the figure, "
                                           f"not the whole")
                if cd.section_breakdown:
                    reasons.append(f"the row is under the heading '{cd.section_breakdown}', which looks like a "
                                   f"breakdown: this may be part of the figure, not the whole")
                if cd.from_section:
                    reasons.append(f"the measure is named only by the section heading '{cd.from_section}' "
                                   f"above the row")
                if (title_match and title_match.measure and title_match.certain and title_match.measure != measure
                        and not hm.alternatives and is_unit_measure(measure, spec.measures) and
                        not is_unit_measure(title_match.measure, spec.measures)):
                    # "Officers" under a title "Officers dismissed": the title says more
                    reasons.append(f"the header says {measure} but the table's title '{title_text}' "
                                   f"says {title_match.measure}")
                    measure = title_match.measure
            if population:
                reasons.append(f"the table's title '{title_text}' mentions {', '.join(population)}")
            if self.context_reason:
                reasons.append(self.context_reason)
            # the period
            period = cd.period
            plabel = cd.period_label
            if period is None:
                if title_period is None:
                    continue
                period = title_period
                plabel = title_text
            # an empty cell in an empty row is no figure
            if not g[cd.r][cd.c] and not any(g[cd.r][c] for c in self.value_cols):
                continue
            out.append(self._cell_figure(cd, measure, header, period, plabel, reasons, notes))
        return out


_NOT_READ = object()  # a cell of a breakdown table that gives no figure


def _category_side(reader: "TableReader", parts: tuple[str, ...]) -> Optional[str]:
    """The category a row's label or a column's heading names, or None when it names a measure,
    a total or nothing. ("No further action" is a category: a negation only matters where it
    names a measure, and then the matcher gives no measure either way.)"""
    if not parts:
        return None
    label = parts[-1]
    if is_generic_header(label, reader.spec.measures) or _names_measure_exactly(reader, " ".join(parts)):
        return None
    return " ".join(label.split())


def _names_measure_exactly(reader: "TableReader", text: str) -> bool:
    """A heading that is a measure's name, every word of it explained ("Crimes", "Officers
    dismissed"); "Theft offences" names a kind of offence, a category, though "offences" is a
    name of the measure."""
    hm = reader._match(text)
    if not hm.measure:
        return False
    alias_words = [w for a in reader.spec.measures[hm.measure] + [hm.measure.replace("_", " ")] for w in header_tokens(a)]
    return all(t in GENERIC or t in UNIT or any(word_score(w, t) >= SURE_SCORE for w in alias_words)
               for t in header_tokens(text))


def _is_total_label(parts: tuple[str, ...]) -> bool:
    """"Total", or "Total" under a group heading ("Outcome" over its own total column)."""
    toks = header_tokens(" ".join(parts))
    return "total" in toks and all(t in GENERIC for t in toks)


def _breakdown_named(text: str, breakdowns: dict[str, list[str]]) -> list[str]:
    """The breakdown keys a heading or caption names ("Crime type by outcome": two), in the
    request's order: every word of one of the key's texts is there (a shared stem will do).
    Words such as "type" and "outcome", which name no measure, do name a breakdown."""
    toks = header_tokens(text)
    if not toks:
        return []
    found = []
    for key, aliases in breakdowns.items():
        for alias in [*aliases, key.replace("_", " ")]:
            words = header_tokens(alias)
            if words and all(any(word_score(w, t) >= SURE_SCORE for t in toks) for w in words):
                found.append(key)
                break
    return found


def _shorten(text: str, match: "re.Match") -> str:
    """The words around what matched, for a review reason."""
    start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
    words = " ".join(text[start:end].split())
    return ("..." if start else "") + words + ("..." if end < len(text) else "")
