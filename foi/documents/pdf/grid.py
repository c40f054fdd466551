"""A table found on one page (`Grid`), and what its cells' values say: figures, years, headers.

Both table finders (ruled.py, whitespace.py) make `Grid`s, in the coordinates of the frame they
read; joining over pages (continued.py) and reading a PDF (__init__.py) turn them into `Table`s.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ...dates import YEAR_PATTERN
from ...tables import BBox, Table


NUMBER = re.compile(
    r"^[\(\[]?[-–−+]?\s?[£$€]?\s?\d[\d,.\s]*(%|k|m|bn)?[\)\]]?\*?$|^[<>≤≥]\s?\d+$",
    re.IGNORECASE,
)


NULLISH = {"-", "–", "—", "*", "n/a", "na", "nil", "x", "(x)", "..", "…", "-%", "*%"}


def is_number_like(text: str) -> bool:
    """A number, or a dash or marker standing for one ("-", "n/a", "*")."""
    t = text.strip()
    if not t:
        return False
    return bool(NUMBER.match(t)) or t.lower() in NULLISH


def is_figure(text: str) -> bool:
    """A number (not a dash or a marker)."""
    t = text.strip()
    return bool(t) and bool(NUMBER.match(t)) and any(ch.isdigit() for ch in t)


RULE_TEXT = re.compile(r"^[-=_–—]{3,}( [-=_–—]{3,})*$")
YEAR_HEADING = re.compile(rf"^{YEAR_PATTERN}([/-]\d\d(\d\d)?)?$")


def is_data_row(cells: Sequence[str]) -> bool:
    """A row holding figures after its first cell; years heading columns ("2014 2015 2016",
    "2014/15 2015/16") make a header row, not a data row."""
    if not any(is_figure(v) for v in cells[1:]):
        return False
    figs = [v.strip() for v in cells if is_figure(v)]
    return not (len(figs) >= 2 and all(YEAR_HEADING.match(v) for v in figs))


FIGURE_CELL = re.compile(r"^[£$]?[<>]?\s?[\d][\d,.]*%?[*¹²³]?$")


def has_figures(rows: list[list[str]]) -> bool:
    """Cells that are numbers, other than years (a heading row of years is still headings)."""
    for row in rows:
        for cell in row:
            text = " ".join((cell or "").split())
            if FIGURE_CELL.match(text) and not re.fullmatch(YEAR_PATTERN, text):
                return True
    return False


@dataclass
class Grid:
    """A table found on one page, in page coordinates, before pages are joined."""

    page: int
    rows: list[list[str]]
    boxes: list[list[Optional[BBox]]]
    method: str
    header_rows: int = 0
    cols: list[tuple[float, float]] = field(default_factory=list)  # column x-bands, frame coords
    frame_rot: int = 0
    bbox: Optional[BBox] = None
    pages: Optional[list[list[int]]] = None
    frame_bbox: Optional[BBox] = None  # bbox in the frame's coordinates
    tail: Optional[tuple[int, BBox]] = None  # (page, frame bbox) of the last part, when joined
    caption: Optional[str] = None  # the title line just above the table

    def to_table(self) -> Table:
        pages = self.pages or [[self.page] * len(r) for r in self.rows]
        return Table(
            page=self.page,
            rows=self.rows,
            bbox=self.bbox,
            cell_bboxes=self.boxes,
            cell_pages=pages,
            method=self.method,
            caption=self.caption,
        )


def count_header_rows(rows: list[list[str]]) -> int:
    """Rows before the first data row (at most half the table); a table without figures has
    one header row."""
    for i, r in enumerate(rows):
        if is_data_row(r):
            return min(i, max(1, len(rows) // 2))
    return 1 if len(rows) > 1 else 0


def drop_empty_rows_and_columns(rows, boxes):
    """Rows and boxes without their empty rows and columns, and the kept columns' indexes."""
    if not rows:
        return rows, boxes, []
    column_count = max(len(r) for r in rows)
    keep_r = [i for i, r in enumerate(rows) if any(v.strip() for v in r)]
    keep_c = [c for c in range(column_count) if any(c < len(rows[i]) and rows[i][c].strip() for i in keep_r)]
    rows = [[rows[i][c] if c < len(rows[i]) else "" for c in keep_c] for i in keep_r]
    boxes = [[boxes[i][c] if c < len(boxes[i]) else None for c in keep_c] for i in keep_r]
    return rows, boxes, keep_c


def remap(row: list, mapping: list[int], n: int, fill=""):
    """`row` laid out over `n` columns: its value j goes to column mapping[j]."""
    out = [fill] * n
    for j, v in zip(mapping, row):
        out[j] = v
    return out
