"""Read a PDF: the text of each page, whether it needs OCR, and the tables on it.

Police forces answer FOI requests with letters made in Word or exported from Excel, printed to
PDF, sometimes scanned. Their tables come in a few shapes, each needing its own way in:

* ruled tables, every cell boxed: the rules make the grid (method "lines");
* tables laid out with white space only: the grid comes from how words line up ("text");
* tables with some rules: a frame and rules between column groups but none between rows, or
  only the headings boxed: rules give some columns, white space the rest ("mixed").

How a PDF is read, one module per stage, each using only the ones before it:

0. `opening`: the file's type is checked (foi.documents.sniff) and pdfplumber opens it; an
   encrypted or corrupt file is a DocumentError with a short reason.
1. `page`: each page's objects are copied out and the page released, so memory stays flat;
   `pdfium_objects` reads them with PDFium (pdfminer for a page PDFium cannot be trusted with).
   Characters are grouped by the direction they run in; each direction with enough text is read
   in its own frame (`geometry`), turned so that the text runs left to right. A page with no
   usable text layer is flagged for OCR.
2. `text`: characters make words and lines, lines split into segments at wide gaps.
3. `ruled`: ruled tables first, by pdfplumber's rule merging and cell finding and our own grid,
   with the mixed cases where rules give some of the columns.
4. `whitespace`: white-space tables in the rest of the page, by our own column clustering, prose
   set aside first.
5. Tables are listed in reading order (top to bottom, side by side left to right); `continued`
   gives each its caption and joins a table that runs on over a page break.

Pages with no rules and no line of two cells skip table finding. Every tuning value is a field
of `PdfSettings` (`settings`), one instance of which is passed through every stage.
"""
from __future__ import annotations

import os
from typing import Optional, Sequence

from ...tables import BBox, PageText, ParsedDocument, Table
from ..errors import DocumentError
from ..sniff import check_pdf_file
from .continued import assign_captions, join_continuations
from .geometry import union
from .grid import Grid
from .opening import corrupt_error, open_pdf, producer_of, short_error
from .page import Layout, PageInfo, PageObjects, in_reading_order, load_page_objects, read_layouts, release_page
from .ruled import attach_side_labels, join_ruled_heads_to_bodies, ruled_structures
from .settings import DEFAULT_SETTINGS, PdfSettings
from .text import lines_inside, lines_outside, segments_of
from .whitespace import whitespace_tables

__all__ = ["DocumentError", "PdfSettings", "read_pdf", "extract_tables"]


def read_pdf(
    path: str | os.PathLike,
    *,
    max_pages: Optional[int] = None,
    join_pages: bool = True,
    settings: PdfSettings = DEFAULT_SETTINGS,
    jobs: int = 1,
) -> ParsedDocument:
    """Read the text of every page (up to `max_pages`) and every table of a PDF.

    A table that runs on over a page break is one table (`join_pages=False` keeps each page's
    part apart, for measuring). With `jobs` > 1 a long document's pages are read in up to that
    many processes, a run of pages each (`foi extract` on a long listing; `foi build` reads
    documents side by side instead).

    Raises DocumentError when the file cannot be read at all (empty, not a PDF, encrypted,
    corrupt or truncated, no pages). A page that fails on its own, in a file that is otherwise
    fine, is recorded in `ParsedDocument.error` and skipped. `settings` tunes every stage.
    """
    path = os.fspath(path)
    check_pdf_file(path)
    pdf = open_pdf(path)
    try:
        doc = ParsedDocument(kind="pdf")
        doc.producer = producer_of(pdf)
        try:
            pages = pdf.pages
        except Exception as exc:  # page tree broken
            raise corrupt_error(exc) from exc
        doc.page_count = len(pages)
        if not pages:
            raise DocumentError("PDF has no pages", path)
        n = len(pages) if max_pages is None else max(0, min(len(pages), max_pages))
        runs = min(jobs, n // settings.pages_per_process)
        read = _read_in_processes(pdf, path, n, runs, settings) if runs > 1 else read_pages(pdf, path, 0, n, settings)
        found = [grids for _, grids, _, _ in read]
        infos = [info for _, _, info, _ in read]
        errors = [error for _, _, _, error in read if error]
        for text, _, info, _ in read:
            doc.pages.append(text)
            if info.table_error:
                doc.warnings.append(info.table_error)
        assign_captions(found, infos, settings)
        if not join_pages:
            infos = [PageInfo() for _ in infos]  # nothing is known to continue
        doc.tables = [g.to_table() for g in join_continuations(found, infos, settings)]
        if errors:
            doc.error = "PDF is partly unreadable: " + "; ".join(errors[:5])
        return doc
    finally:
        try:
            pdf.close()
        except Exception:  # pragma: no cover - closing never matters
            pass


# One page read: its text, its tables, what joining tables over pages needs, and why the page
# could not be read (None when it could)
PageRead = tuple[PageText, list[Grid], PageInfo, Optional[str]]


def read_pages(pdf, path: str, start: int, stop: int, settings: PdfSettings) -> list[PageRead]:
    """Pages start..stop-1 of an open pdfplumber PDF, each released once read. A page whose
    content cannot be parsed is recorded as unreadable, except the first page of the file: a
    PDF that fails there is corrupt (DocumentError)."""
    pdfium_source = open_pdfium_source(path) if settings.page_objects == "pdfium" else None
    out: list[PageRead] = []
    try:
        for i in range(start, stop):
            page = pdf.pages[i]
            error = None
            page_objects = None
            try:
                if pdfium_source is not None:
                    page_objects = pdfium_source.read(page)  # before anything touches the page: pdfminer never parses it
                if page_objects is None:
                    page_objects = load_page_objects(page)
            except Exception as exc:  # the page's content cannot be parsed
                if i == 0:
                    raise corrupt_error(exc, path) from exc
                error = f"page {i + 1}: {short_error(exc)}"
            finally:
                release_page(page)  # what we need is copied out: keep memory flat
            if page_objects is None:
                out.append((PageText(number=i + 1, text=""), [], PageInfo(), error))
            else:
                text, grids, info = read_page(page_objects, i + 1, settings)
                out.append((text, grids, info, None))
        return out
    finally:
        if pdfium_source is not None:
            pdfium_source.close()


def _read_run(path: str, start: int, stop: int, settings: PdfSettings) -> list[PageRead]:
    """A run of pages, in a process of its own."""
    pdf = open_pdf(path)
    try:
        return read_pages(pdf, path, start, stop, settings)
    finally:
        pdf.close()


def _read_in_processes(pdf, path: str, n: int, runs: int, settings: PdfSettings) -> list[PageRead]:
    """The pages in `runs` runs: the first read here, each of the others in a process of its
    own. Where processes cannot be started (a build's worker may have none) or one dies, its
    pages are read here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    bounds = [n * k // runs for k in range(runs + 1)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pool = ProcessPoolExecutor(max_workers=runs - 1, mp_context=context)
    try:
        later = [pool.submit(_read_run, path, bounds[k], bounds[k + 1], settings) for k in range(1, runs)]
    except (AssertionError, OSError, RuntimeError):  # a daemonic process may not have children
        pool.shutdown(wait=False, cancel_futures=True)
        return read_pages(pdf, path, 0, n, settings)
    with pool:
        out = read_pages(pdf, path, 0, bounds[1], settings)
        for k, future in enumerate(later, 1):
            try:
                out += future.result()
            except Exception:  # the process died (BrokenProcessPool): read its pages here
                out += read_pages(pdf, path, bounds[k], bounds[k + 1], settings)
    return out


def open_pdfium_source(path: str):
    """PDFium's reading of the page objects, or None to let pdfminer read every page (PDFium
    cannot open a file pdfminer could)."""
    from .pdfium_objects import PdfiumObjects

    try:
        return PdfiumObjects(path)
    except Exception:  # pdfminer opened it: let pdfminer read it
        return None


def extract_tables(path: str | os.PathLike, settings: PdfSettings = DEFAULT_SETTINGS) -> list[Table]:
    """All the tables of a PDF, in reading order (the shortcut behind `foi extract`)."""
    return read_pdf(path, settings=settings).tables


def read_page(
    page_objects: PageObjects, number: int, settings: PdfSettings
) -> tuple[PageText, list[Grid], PageInfo]:
    """The text of one page and its tables, in reading order (each direction's tables after
    those of the directions with more text), and what joining tables over pages needs."""
    page_text, layouts, info = read_layouts(page_objects, number, settings)
    grids: list[Grid] = []
    taken: list[BBox] = []  # page coordinates
    for layout in layouts:
        frame = layout.frame
        taken_in_frame = [frame.to_frame(b) for b in taken]
        try:
            found = in_reading_order(find_tables(layout, page_objects.chars, taken_in_frame, settings), settings)
        except Exception as exc:  # one page's tables must never cost the rest of the document
            info.table_error = f"page {number}: tables could not be read ({short_error(exc)})"
            continue
        for g in found:
            grids.append(g)
            assert g.bbox is not None  # find_tables turned it to page coordinates
            taken.append(g.bbox)
    return page_text, grids, info


def find_tables(layout: Layout, raw_chars: Sequence[dict], taken: list[BBox], settings: PdfSettings) -> list[Grid]:
    """The tables of one frame of a page, in page coordinates, leaving out what is `taken`
    (frame coordinates) by the tables of other frames: ruled ones first, then white-space ones
    in the rest."""
    frame = layout.frame
    grids: list[Grid] = []
    # keep out what other frames already took
    lines = lines_outside(layout.lines, taken)
    has_rules = bool(layout.edges)
    if not has_rules and not any(len(segments_of(ln, settings)) >= 2 for ln in lines):
        return grids  # nothing on this page can be a table: skip cheaply

    rule_rows = [(e["top"], e["x0"], e["x1"]) for e in layout.edges if e["orientation"] == "h"]
    used: list[BBox] = []
    heads: list[tuple[BBox, list[float]]] = []  # boxed heading rows
    if has_rules:
        for bbox, kind, what in ruled_structures(layout, raw_chars, taken, settings):
            if kind == "head":
                heads.append((bbox, what))
            elif kind == "grid":
                g = what
                labels = attach_side_labels(g, lines_outside(lines, used + [bbox]), settings)
                if labels:
                    bbox = union([bbox, labels])
                grids.append(g)
                used.append(bbox)
            elif kind == "mixed":
                # rules around column groups, rows not ruled: white space inside the rules
                region = lines_inside(lines, bbox)
                found = whitespace_tables(region, frame, rule_rows, settings, forced=what, region=bbox)
                for table in found:
                    table.method = "mixed"
                grids += found
                if found:
                    used.append(bbox)
    rest = lines_outside(lines, used)
    grids += whitespace_tables(rest, frame, rule_rows, settings, heads=heads)
    grids = join_ruled_heads_to_bodies(grids, settings)
    for g in grids:
        g.frame_rot = frame.rot
        g.frame_bbox = g.bbox
    # to page coordinates
    for g in grids:
        g.boxes = [[frame.to_page(b) if b else None for b in row] for row in g.boxes]
        assert g.bbox is not None  # both finders give a table the union of its cells' boxes
        g.bbox = frame.to_page(g.bbox)
    return grids
