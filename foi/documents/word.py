"""Read Word (.docx) and plain-text replies into the common table model.

A .docx gives one PageText (number 1) with the text in reading order: the first
section's header, the body (paragraphs, and tables as tab-separated rows), then the
footer. Every table, nested ones included, also becomes a Table (page 1, method "docx").
Merged cells keep their text in the top-left grid cell only; the cells they cover are "".
"""
from __future__ import annotations

import os
import zipfile
from typing import Iterator

from foi.documents.errors import DocumentError
from foi.documents.sniff import check_office_file, check_readable
from foi.documents.spreadsheets import _name, decode_bytes
from foi.tables import PageText, ParsedDocument, Table, looks_like_caption

MAX_TEXT_BYTES = 50 * 1024 * 1024


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _paragraph_text(p) -> str:
    from docx.text.paragraph import Paragraph

    try:
        return Paragraph(p, None).text  # type: ignore[arg-type]  # .text never reaches for the parent story
    except Exception:
        return "".join(t.text or "" for t in p.iter(_qn("w:t")))


def _children(el) -> Iterator:
    """Block-level children, looking through content controls and custom XML wrappers."""
    for child in el:
        name = _local(child)
        if name in ("sdt",):
            content = child.find(_qn("w:sdtContent"))
            if content is not None:
                yield from _children(content)
        elif name in ("customXml", "smartTag", "ins"):
            yield from _children(child)
        else:
            yield child


def _int_attr(el, tag: str, default: int) -> int:
    if el is None:
        return default
    found = el.find(_qn(tag))
    if found is None:
        return default
    try:
        return int(found.get(_qn("w:val")))
    except (TypeError, ValueError):
        return default


def _cell_text(tc) -> str:
    """The cell's own paragraphs; nested tables are read as tables of their own."""
    parts = [_paragraph_text(p) for p in _children(tc) if _local(p) == "p"]
    return "\n".join(parts).strip()


def _table_grid(tbl) -> list[list[str]]:
    """The table as a rectangle of strings, merged cells de-duplicated."""
    rows: list[list[str]] = []
    for tr in _children(tbl):
        if _local(tr) != "tr":
            continue
        trpr = tr.find(_qn("w:trPr"))
        col = _int_attr(trpr, "w:gridBefore", 0)
        row = [""] * col
        for tc in _children(tr):
            if _local(tc) != "tc":
                continue
            tcpr = tc.find(_qn("w:tcPr"))
            span = max(1, _int_attr(tcpr, "w:gridSpan", 1))
            vmerge = tcpr.find(_qn("w:vMerge")) if tcpr is not None else None
            if vmerge is not None and vmerge.get(_qn("w:val"), "continue") == "continue":
                text = ""  # continuation of the cell above
            else:
                text = _cell_text(tc)
            row.append(text)
            row.extend([""] * (span - 1))
            col += span
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return [r for r in rows if any(c.strip() for c in r)]


class _Walker:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: list[Table] = []

    def block(self, el) -> None:
        for child in _children(el):
            name = _local(child)
            if name == "p":
                self.lines.append(_paragraph_text(child))
            elif name == "tbl":
                self.table(child)

    def table(self, tbl) -> None:
        grid = _table_grid(tbl)
        if grid:
            before = next((ln for ln in reversed(self.lines) if ln.strip()), "") if self.lines else ""
            caption = " ".join(before.split()) if looks_like_caption(before) and "\t" not in before else None
            self.tables.append(Table(page=1, rows=grid, method="docx", caption=caption))
        for tr in _children(tbl):
            if _local(tr) != "tr":
                continue
            cells = []
            for tc in _children(tr):
                if _local(tc) != "tc":
                    continue
                tcpr = tc.find(_qn("w:tcPr"))
                vmerge = tcpr.find(_qn("w:vMerge")) if tcpr is not None else None
                if vmerge is not None and vmerge.get(_qn("w:val"), "continue") == "continue":
                    cells.append("")
                else:
                    cells.append(_cell_text(tc).replace("\n", " "))
                # nested tables, in document order after their parent
                for inner in _children(tc):
                    if _local(inner) == "tbl":
                        self.table(inner)
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                self.lines.append("\t".join(cells))


def read_docx(path) -> ParsedDocument:
    """Read a .docx: its text as page 1 and every table (nested ones too) as a Table."""
    check_office_file(path, "Word file")
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover
        raise DocumentError("reading .docx files needs the python-docx package") from None
    try:
        document = docx.Document(os.fspath(path))
    except (zipfile.BadZipFile, PackageNotFoundError):
        raise DocumentError(f"{_name(path)} is not a valid .docx file (damaged or another format)") from None
    except Exception as e:
        raise DocumentError(f"{_name(path)} could not be read as a Word file: {type(e).__name__}") from None

    walker = _Walker()
    header_lines: list[str] = []
    footer_lines: list[str] = []
    try:
        seen: set[str] = set()
        for section in document.sections:
            for attrs, sink in (
                (("first_page_header", "header", "even_page_header"), header_lines),
                (("first_page_footer", "footer", "even_page_footer"), footer_lines),
            ):
                for attr in attrs:
                    try:
                        part = getattr(section, attr)
                        if part.is_linked_to_previous:  # no definition of its own
                            continue
                        el = part._element
                    except Exception:
                        continue
                    # layout tables in headers go into the text only, not into tables
                    text_walker = _Walker()
                    text_walker.block(el)
                    key = "\n".join(text_walker.lines).strip()
                    if key and key not in seen:
                        seen.add(key)
                        sink.extend(text_walker.lines)
        walker.block(document.element.body)
    except Exception as e:
        raise DocumentError(f"{_name(path)} could not be read as a Word file: {type(e).__name__}") from None

    lines = [ln.rstrip() for ln in header_lines + walker.lines + footer_lines]
    text = "\n".join(lines).strip("\n")
    producer = None
    try:
        producer = document.core_properties.author or None
    except Exception:
        pass
    doc = ParsedDocument(
        kind="docx",
        pages=[PageText(number=1, text=text, chars=len(text))],
        tables=walker.tables,
        producer=producer,
        page_count=1,
    )
    return doc


def read_text(path, kind: str = "txt") -> ParsedDocument:
    """Read a plain-text file (utf-8, utf-16 with BOM, or cp1252). Form feeds split pages."""
    size = check_readable(path)
    if size > MAX_TEXT_BYTES:
        raise DocumentError(f"{_name(path)} is too large to read as text ({size // (1024 * 1024)} MB)")
    with open(path, "rb") as f:
        data = f.read()
    text = decode_bytes(data).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise DocumentError(f"{_name(path)} is not a text file")
    chunks = text.split("\f") if "\f" in text else [text]
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    pages = [PageText(number=i, text=t, chars=len(t)) for i, t in enumerate(chunks, start=1)]
    if not any(p.text.strip() for p in pages):
        raise DocumentError("file is empty")
    return ParsedDocument(kind=kind, pages=pages, page_count=len(pages))


__all__ = ["read_docx", "read_text"]
