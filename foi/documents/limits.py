"""Per-document limits: no single document may hold the build hostage.

A hostile or broken file can make a reader run for hours or eat gigabytes from a few kilobytes:
nested form XObjects, a page 200 inches wide, a 2,500-page PDF, a ZIP part that inflates a
thousandfold, a table of 400,000 cells. Each limit below is checked as early as it can be,
before the expensive work where possible (`precheck`), and a document over one is recorded with
that as its `error`, so the next build does not try it again (unless the file changes).

Time and memory cannot be checked in advance: every document is read in a worker process
(foi.documents.workers) that is stopped when it runs past `seconds` and that cannot allocate
more than `memory_mb`.
"""
from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from typing import Any, Optional

from .errors import DocumentError


@dataclass(frozen=True)
class DocumentLimits:
    # Reading one document, OCR aside. Real letters and spreadsheets take well under 10 s;
    # a 4 KB PDF of nested form XObjects ran past 5 minutes.
    seconds: float = 120.0
    # OCR is slow by nature (Tesseract: a few seconds a page): each page OCR'd earns this much more.
    ocr_seconds_per_page: float = 60.0
    # Address space of a worker (and what it starts). A 100-page PDF needs a few hundred MB;
    # a 2.3 KB PDF with one 14,400-point page cost 3.9 GB.
    memory_mb: int = 3072
    file_mb: int = 200  # larger than any letter; a bigger file is most likely a mistake
    pages: int = 2000  # counted from the page tree, before any page is parsed
    # The longest side of a PDF page, in points (1/72 inch). A0 is 3,370; PDF's own ceiling is 14,400.
    page_side_points: float = 5000.0
    # All the parts of an XLSX or DOCX once unzipped (their own ZIP directory says, and zipfile
    # enforces it). Real ones are under 5 MB; 366 KB that unzipped to 44 MB took 5 minutes.
    unzipped_mb: int = 40
    # Cells in one table: figures are matched cell by cell. A 20 x 20,001 CSV took 262 s.
    table_cells: int = 50_000


DEFAULT_LIMITS = DocumentLimits()


class LimitExceeded(DocumentError):
    """A document over a limit; `limit` ("pages=2000") is recorded, so that a build with another
    value of that limit reads the document again, and one with the same value does not."""

    def __init__(self, message: str, limit: str):
        super().__init__(message)
        self.limit = limit


def limit_key(name: str, limits: DocumentLimits) -> str:
    return f"{name}={getattr(limits, name):g}"


def limit_changed(key: Optional[str], limits: DocumentLimits) -> bool:
    """True when `key` ("pages=2000") names a limit whose value is not the same in `limits`."""
    if not key or "=" not in key:
        return False
    name, _, value = key.partition("=")
    if not hasattr(limits, name):
        return True
    return limit_key(name, limits) != f"{name}={float(value):g}" if _number(value) else True


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
ENV_PREFIX = "FOI_LIMIT_"  # FOI_LIMIT_SECONDS=300 foi build: any field, upper-cased


def limits_from_env(environ=None) -> DocumentLimits:
    """The defaults, with any FOI_LIMIT_<FIELD> from the environment (a DocumentError names a bad one)."""
    from dataclasses import fields, replace

    environ = os.environ if environ is None else environ
    changes: dict[str, Any] = {}  # each field's own type: int or float
    for f in fields(DocumentLimits):
        name = ENV_PREFIX + f.name.upper()
        text = environ.get(name)
        if text is None or not text.strip():
            continue
        kind = float if isinstance(getattr(DEFAULT_LIMITS, f.name), float) else int
        try:
            value = kind(text.replace("_", "").replace(",", ""))
        except ValueError:
            value = -1
        if value < 0:
            raise DocumentError(f"{name}={text!r} is not a {'number' if kind is float else 'whole number'} of at least 0")
        changes[f.name] = value
    return replace(DEFAULT_LIMITS, **changes)


def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def precheck(path, kind: str, limits: DocumentLimits = DEFAULT_LIMITS) -> None:
    """Refuse a document over a limit that can be seen without reading it (DocumentError)."""
    size = os.path.getsize(path)
    if size > limits.file_mb * 1024 * 1024:
        raise LimitExceeded(f"file is too large ({size / 1e6:.0f} MB; the limit is {limits.file_mb} MB)", limit_key("file_mb", limits))
    if kind == "pdf":
        _precheck_pdf(path, limits)
    elif kind in ("xlsx", "docx"):
        _precheck_zip(path, limits)


def _precheck_pdf(path, limits: DocumentLimits) -> None:
    """Count pages and measure them from the page tree alone (no content is parsed)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with open(path, "rb") as f:
        try:
            doc = PDFDocument(PDFParser(f))
            pages = PDFPage.create_pages(doc)
        except Exception:
            return  # broken or encrypted: the reader says so in its own words
        count = 0
        try:
            for page in pages:
                count += 1
                if count > limits.pages:
                    raise LimitExceeded(f"document has more than {_fmt(limits.pages)} pages (the limit)", limit_key("pages", limits))
                box = _box(page, resolve1)
                if box:
                    unit = resolve1(page.attrs.get("UserUnit")) if isinstance(page.attrs, dict) else None
                    scale = float(unit) if isinstance(unit, (int, float)) and unit > 0 else 1.0
                    side = max(abs(box[2] - box[0]), abs(box[3] - box[1])) * scale
                    if side > limits.page_side_points:
                        raise LimitExceeded(
                            f"page {count} is {_fmt(side)} points across; the limit is {_fmt(limits.page_side_points)}"
                            " (a letter is 842)", limit_key("page_side_points", limits),
                        )
        except LimitExceeded:
            raise
        except Exception:
            return  # a damaged page tree: the reader decides


def _box(page, resolve1) -> Optional[list[float]]:
    for value in (page.mediabox, page.cropbox):
        try:
            box = [float(resolve1(v)) for v in resolve1(value)]
        except Exception:
            continue
        if len(box) == 4:
            return box
    return None


def _precheck_zip(path, limits: DocumentLimits) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader reports a damaged file in its own words
    if total > limits.unzipped_mb * 1024 * 1024:
        raise LimitExceeded(
            f"its parts unzip to {total / 1e6:,.0f} MB; the limit is {limits.unzipped_mb} MB", limit_key("unzipped_mb", limits)
        )


def check_tables(parsed, limits: DocumentLimits = DEFAULT_LIMITS) -> None:
    """Refuse a document with a table too big to extract figures from."""
    for number, table in enumerate(parsed.tables, 1):
        cells = table.n_rows * table.n_cols
        if cells > limits.table_cells:
            raise LimitExceeded(
                f"table {number} has {_fmt(cells)} cells ({table.n_rows:,} rows x {table.n_cols} columns);"
                f" the limit is {_fmt(limits.table_cells)}", limit_key("table_cells", limits),
            )
