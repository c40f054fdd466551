"""Read spreadsheet replies (.xlsx and .csv) into the common table model.

Each sheet becomes one `PageText` (its cells joined by tabs, rows by newlines, so it is
searchable) and one `Table` per block of non-empty rows; blocks are separated by fully
blank rows. Cells are rendered the way a user sees them in Excel: whole numbers without
".0", dates as ISO, percentages with their "%". Thousands separators from number formats
are not applied, so "1,234" in Excel reads "1234" here.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import re
import zipfile
from collections import Counter
from typing import Iterable, Iterator

from foi.documents.errors import DocumentError
from foi.documents.sniff import check_office_file, check_readable, is_encrypted_office_file
from foi.tables import PageText, ParsedDocument, Table

MAX_ROWS = 100_000


# --------------------------------------------------------------------------- shared


def _name(path) -> str:
    return os.path.basename(os.fspath(path))


def _blocks(rows: Iterable[list[str]]) -> Iterator[tuple[int, list[list[str]]]]:
    """Split rows into blocks of non-empty rows; yields (index of first row, rows).

    Rows come with trailing empty cells already removed; an empty list is a blank row.
    Each block is padded to a rectangle and empty edge columns are dropped.
    """
    block: list[list[str]] = []
    start = 0
    for i, row in enumerate(rows):
        if row:
            if not block:
                start = i
            block.append(row)
        elif block:
            yield start, _rectangle(block)
            block = []
    if block:
        yield start, _rectangle(block)


def _rectangle(block: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in block)
    first = min((next(i for i, c in enumerate(r) if c) for r in block), default=0)
    return [(r + [""] * (width - len(r)))[first:] for r in block]


def _trim(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


# --------------------------------------------------------------------------- xlsx

_DECIMALS = re.compile(r"0\.(0+)")


def _strip_format_literals(fmt: str) -> str:
    # drop quoted literals, escaped characters and [colour]/[condition] sections
    fmt = re.sub(r'"[^"]*"', "", fmt)
    fmt = re.sub(r"\\.", "", fmt)
    return re.sub(r"\[[^\]]*\]", "", fmt)


def _format_float(v: float, number_format: str) -> str:
    fmt = _strip_format_literals((number_format or "General").split(";")[0])
    if "%" in fmt:
        m = _DECIMALS.search(fmt)
        places = len(m.group(1)) if m else 0
        return f"{v * 100:.{places}f}%"
    if fmt not in ("General", "@", "") and re.search(r"[0#?]", fmt) and "E" not in fmt.upper():
        m = _DECIMALS.search(fmt)
        places = len(m.group(1)) if m else 0
        return f"{v:.{places}f}"
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.15g}"


def render_cell(value, number_format: str = "General") -> str:
    """A cell value as the user sees it (ints without ".0", dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        if number_format and "%" in number_format:
            return _format_float(float(value), number_format)
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return _format_float(value, number_format)
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        if value.year == 1899 and value.month == 12 and value.day in (30, 31):
            return value.strftime("%H:%M:%S" if value.second else "%H:%M")
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds())
        h, rem = divmod(total, 3600)
        m, s = divmod(rem, 60)
        return f"{h}:{m:02d}:{s:02d}"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return text.strip()


def _sheet_rows(ws, sheet_name: str, max_rows: int) -> Iterator[list[str]]:
    n = 0  # rows with data: formatted but empty rows (often down to row 1,048,576) don't count
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            value = getattr(cell, "value", None)
            if value is None:
                cells.append("")
            else:
                cells.append(render_cell(value, getattr(cell, "number_format", "General")))
        cells = _trim(cells)
        if cells:
            n += 1
            if n > max_rows:
                raise DocumentError(
                    f"sheet '{sheet_name}' has more than {max_rows:,} rows, too many to read"
                )
        yield cells


def _read_workbook(fh, path, max_rows: int) -> ParsedDocument:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(fh, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException):
        raise DocumentError(f"{_name(path)} is not a valid .xlsx file (damaged or another format)") from None
    except DocumentError:
        raise
    except Exception as e:  # openpyxl raises KeyError/ValueError/XML errors on damaged parts
        raise DocumentError(f"{_name(path)} could not be read as a spreadsheet: {type(e).__name__}") from None

    doc = ParsedDocument(kind="xlsx")
    try:
        creator = getattr(getattr(wb, "properties", None), "creator", None)
        doc.producer = creator or None
        for number, ws in enumerate(wb.worksheets, start=1):
            name = ws.title
            try:
                # the <dimension> tag is often wrong in files written by other software
                ws.reset_dimensions()
            except AttributeError:
                pass
            lines: list[str] = []

            def remember(rows):
                for row in rows:
                    if row or (lines and lines[-1]):  # runs of blank rows: one blank line  # noqa: B023 - consumed in this same iteration
                        lines.append("\t".join(row))  # noqa: B023 - consumed in this same iteration
                    yield row

            try:
                for _, block in _blocks(remember(_sheet_rows(ws, name, max_rows))):
                    doc.tables.append(Table(page=number, rows=block, method="xlsx", sheet=name))
            except DocumentError:
                raise
            except Exception as e:
                raise DocumentError(
                    f"sheet '{name}' of {_name(path)} is damaged: {type(e).__name__}"
                ) from None
            while lines and not lines[-1]:
                lines.pop()
            doc.pages.append(PageText(number=number, text="\n".join(lines), chars=sum(map(len, lines))))
    finally:
        try:
            wb.close()
        except Exception:
            pass
    return doc


def read_xlsx(path, max_rows: int = MAX_ROWS) -> ParsedDocument:
    """Read an .xlsx workbook: one PageText per sheet, one Table per block of rows."""
    check_office_file(path, "spreadsheet")
    try:
        import openpyxl  # noqa: F401  (checked here for a clear message)
    except ImportError:  # pragma: no cover
        raise DocumentError("reading .xlsx files needs the openpyxl package") from None

    # a file object, not the path: openpyxl refuses names not ending in .xlsx
    with open(path, "rb") as fh:
        doc = _read_workbook(fh, path, max_rows)
    doc.page_count = len(doc.pages)
    if not doc.tables:
        raise DocumentError("the spreadsheet has no data in it")
    return doc


# --------------------------------------------------------------------------- csv

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_text_encoding(path) -> str:
    """utf-8 (with or without BOM), UTF-16/32 with a BOM, else cp1252 (latin-1 if cp1252 fails).

    Reads the file in chunks, so a large file is never held in memory at once.
    """
    with open(path, "rb") as f:
        head = f.read(4)
        for bom, enc in _BOMS:
            if head.startswith(bom):
                return enc
        f.seek(0)
        for enc in ("utf-8-sig", "cp1252"):
            decoder = codecs.getincrementaldecoder(enc)("strict")
            f.seek(0)
            try:
                while True:
                    chunk = f.read(1 << 20)
                    if not chunk:
                        decoder.decode(b"", final=True)
                        break
                    decoder.decode(chunk)
                return enc
            except UnicodeDecodeError:
                continue
    return "latin-1"


def decode_bytes(data: bytes) -> str:
    """Decode a small text file's bytes with the same rules as `detect_text_encoding`."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(sample: str) -> str:
    """Pick the delimiter that splits the sample's lines into the most consistent columns."""
    lines = [ln for ln in sample.splitlines()[:60] if ln.strip()]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line of a sample may be cut short
    best, best_score = ",", (0.0, 0)
    for d in _DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        if not counts:
            continue
        width, freq = Counter(counts).most_common(1)[0]
        if width < 2:
            continue
        score = (freq / len(counts), width)
        if score > best_score:
            best, best_score = d, score
    return best


def read_csv(path, max_rows: int = MAX_ROWS) -> ParsedDocument:
    """Read a .csv (or tab-separated) file as one page holding one Table per block of rows."""
    check_readable(path)
    encoding = detect_text_encoding(path)
    doc = ParsedDocument(kind="csv", page_count=1)
    lines: list[str] = []
    try:
        with open(path, "r", encoding=encoding, errors="replace", newline="") as f:
            sample = f.read(64 * 1024)
            if "\x00" in sample:
                raise DocumentError(f"{_name(path)} is not a text CSV file")
            delimiter = sniff_delimiter(sample)
            f.seek(0)

            def rows():
                n = 0
                for row in csv.reader(f, delimiter=delimiter):
                    cells = _trim([c.replace("\xa0", " ").strip() for c in row])
                    if cells:
                        n += 1
                        if n > max_rows:
                            raise DocumentError(
                                f"{_name(path)} has more than {max_rows:,} rows, too many to read"
                            )
                    if cells or (lines and lines[-1]):
                        lines.append("\t".join(cells))
                    yield cells

            for _, block in _blocks(rows()):
                doc.tables.append(Table(page=1, rows=block, method="csv"))
    except csv.Error as e:
        raise DocumentError(f"{_name(path)} is not a readable CSV file: {e}") from None
    except (UnicodeError, ValueError) as e:
        raise DocumentError(f"{_name(path)} is not a readable CSV file: {e}") from None
    while lines and not lines[-1]:
        lines.pop()
    doc.pages.append(PageText(number=1, text="\n".join(lines), chars=sum(map(len, lines))))
    if not doc.tables:
        raise DocumentError("the CSV file has no data in it")
    return doc


__all__ = ["read_xlsx", "read_csv", "render_cell", "detect_text_encoding", "decode_bytes",
           "sniff_delimiter", "is_encrypted_office_file", "MAX_ROWS"]
