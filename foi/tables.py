"""The one table model that every document reader produces.

A table is a grid of cells found on one page (its first page, when it continues over
pages). Each cell keeps its text and, where the reader knows it, its bounding box in PDF
points with a top-left origin (pdfplumber's convention), so a figure can be traced back to
the exact place on the page it came from.
"""
from __future__ import annotations

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
    error: Optional[str] = None

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def needs_ocr(self) -> bool:
        return any(p.needs_ocr for p in self.pages)
