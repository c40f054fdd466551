"""The one table model that every document reader produces.

A table is a grid of cells found on one page (its first page, when it continues over
pages). Each cell keeps its text and, where the reader knows it, its bounding box in PDF
points with a top-left origin (pdfplumber's convention), so a figure can be traced back to
the exact place on the page it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Table:
    page: int  # 1-based; for spreadsheets, the sheet's number
    rows: list[list[str]]
    bbox: Optional[BBox] = None
    # cell_bboxes[r][c] matches rows[r][c]; None where unknown (spreadsheets, Word files)
    cell_bboxes: Optional[list[list[Optional[BBox]]]] = None
    # cell_pages[r][c]: the page a cell is on, for tables that continue over pages
    cell_pages: Optional[list[list[int]]] = None
    method: str = ""  # how it was found: "lines", "text", "xlsx", "csv", "docx", ...
    sheet: Optional[str] = None  # spreadsheet sheet name
    # cells read by OCR one at a time (foi.documents.ocr_tables): Tesseract's lowest word
    # confidence (0-100) and, where the reading is doubtful, why; None where not known
    cell_confidence: Optional[list[list[Optional[float]]]] = None
    cell_notes: Optional[list[list[Optional[str]]]] = None
    # the title printed just above the table, outside it ("Table 1: Number of cases", a bold
    # "Allegations"): often the only place that names what a "Year | Number" table counts
    caption: Optional[str] = None

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell_page(self, r: int, c: int) -> int:
        if self.cell_pages and r < len(self.cell_pages) and c < len(self.cell_pages[r]):
            return self.cell_pages[r][c]
        return self.page

    def cell_bbox(self, r: int, c: int) -> Optional[BBox]:
        if self.cell_bboxes and r < len(self.cell_bboxes) and c < len(self.cell_bboxes[r]):
            return self.cell_bboxes[r][c]
        return None

    def cell_note(self, r: int, c: int) -> Optional[str]:
        if self.cell_notes and r < len(self.cell_notes) and c < len(self.cell_notes[r]):
            return self.cell_notes[r][c]
        return None

    def to_json(self) -> dict:
        """The contract's `foi extract --json` shape."""
        return {
            "page": self.page,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
            "rows": [[c if c is not None else "" for c in row] for row in self.rows],
        }


_CAPTION_MAX_WORDS = 20  # "Crimes recorded at hospitals by crime type and outcome, 1 April 2019 to 31 March 2024" fits
_CAPTION_BAD_END = (".", ",", ";", "?", "!")  # a sentence or a clause, not a title


def looks_like_caption(text: Optional[str]) -> bool:
    """A line that can title the table under it: a few words, not a sentence.

    The one rule every reader uses for the line before a table (a PDF line, a Word paragraph)."""
    words = " ".join((text or "").split())
    if not words or words.endswith(_CAPTION_BAD_END):
        return False
    n = len(words.split())
    letters = sum(ch.isalpha() for ch in words)
    return 1 <= n <= _CAPTION_MAX_WORDS and letters >= 3 and not re.match(r"^(page \d|\d+$)", words, re.I)


@dataclass
class PageText:
    number: int  # 1-based
    text: str
    width: Optional[float] = None
    height: Optional[float] = None
    chars: int = 0
    needs_ocr: bool = False  # no usable text layer


@dataclass
class ParsedDocument:
    """Everything a reader got out of one file."""

    kind: str  # pdf, xlsx, csv, docx, txt, eml ...
    pages: list[PageText] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    producer: Optional[str] = None
    page_count: int = 0
    error: Optional[str] = None  # the document as a whole could not be read
    warnings: list[str] = field(default_factory=list)  # parts skipped (a page's tables), the rest read

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def needs_ocr(self) -> bool:
        return any(p.needs_ocr for p in self.pages)
