"""Read a PDF: the text of each page, whether it needs OCR, and the tables on it.

Police forces answer FOI requests with letters made in Word or exported from Excel, printed to
PDF, sometimes scanned. Their tables come in a few shapes, each needing its own way in:

* ruled tables, every cell boxed: the rules make the grid (method "lines");
* tables laid out with white space only: the grid comes from how words line up ("text");
* tables with some rules: a frame and rules between column groups but none between rows, or
  only the headings boxed: rules give some columns, white space the rest ("mixed").

How a page is read:

1. Characters are grouped by the direction they run in. A landscape table pasted sideways on a
   portrait page, or a page turned with /Rotate, has its text running up or down; each direction
   with enough text is read in its own frame, turned so that the text runs left to right, and
   the boxes found there are turned back into page coordinates (pdfplumber's: top-left origin).
   Words come from the gaps between visible letters (space characters drawn over letters, as
   some report writers do, are ignored).
2. Ruled tables first, by strategy "lines": pdfplumber's rule merging, intersection and cell
   finding, then our own grid. Open-sided tables get their outer edges closed; boxes side by side
   that share their rows (Excel column groups) are one table. A merged cell keeps its text in its
   top-left position, a label merged down over body rows is repeated on each, a "merged" cell
   whose text lines up with the grid under it is spread over it (zebra stripes), and a body row
   whose cells all hold the same number of short lines side by side is split (light styles).
   Row labels written left of the rules join the table. A ruled structure whose cells hide
   columns and rows of their own (rules around column groups only) is read as a white-space
   table inside those rules, its vertical rules kept as columns ("mixed"); one boxed row of
   headings gives its columns to the white-space table under it ("mixed"); a lone frame is not a
   table and its text goes to the next step.
3. White-space tables in the rest of the page, by our own column clustering: words make lines;
   lines split into segments at wide gaps. Prose is set aside first (blocks of long lines that
   fill their width, unless they are a text column beside other cells; long sentences), so a
   letter's paragraphs, lists and a two-column article never become tables. Runs of lines with
   two or more segments make a table block (a wide gap before a caption, a paragraph, or a few
   lines with one cell end it); header lines just above it join it. Columns are the white
   bands through the block's data rows, cut where the columns' alignment says (after the figures
   of right-aligned columns, before left-aligned text); segments crossing a cut are split there
   or, when they are group headings, put in the first column they cover. Each line is a row,
   except header lines that are clearly one wrapped heading (close together, no rule between,
   parts aligned), which are merged.
4. Tables are listed in reading order (top to bottom, side by side left to right). A table that
   ends at the foot of a page and one that starts at the top of the next, with the same columns,
   are one table: a repeated header is dropped, each cell keeps the page it is on.

Pages with no rules and no line of two cells skip table finding. Each page is opened once and
released before the next, so memory stays flat on long documents.
"""
from __future__ import annotations

import bisect
import math
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Optional, Sequence

from ..tables import BBox, PageText, ParsedDocument, Table, looks_like_caption
from . import pdf_settings as S
from .errors import DocumentError

__all__ = ["DocumentError", "read_pdf", "extract_tables"]


# =============================================================================================
# Public API
# =============================================================================================


def read_pdf(
    path: str | os.PathLike, *, max_pages: Optional[int] = None, join_pages: bool = True
) -> ParsedDocument:
    """Read the text of every page (up to `max_pages`) and every table of a PDF.

    A table that runs on over a page break is one table (`join_pages=False` keeps each page's
    part apart, for measuring).

    Raises DocumentError when the file cannot be read at all (empty, not a PDF, encrypted,
    corrupt or truncated, no pages). A page that fails on its own, in a file that is otherwise
    fine, is recorded in `ParsedDocument.error` and skipped.
    """
    path = os.fspath(path)
    _check_file(path)
    pdf = _open(path)
    try:
        doc = ParsedDocument(kind="pdf")
        doc.producer = _producer(pdf)
        try:
            pages = pdf.pages
        except Exception as exc:  # page tree broken
            raise _corrupt(exc) from exc
        doc.page_count = len(pages)
        if not pages:
            raise DocumentError("PDF has no pages", path)
        n = len(pages) if max_pages is None else max(0, min(len(pages), max_pages))
        found: list[list[_Grid]] = []
        infos: list[_PageInfo] = []
        errors: list[str] = []
        for i in range(n):
            page = pages[i]
            try:
                objs = _load_page(page)
            except Exception as exc:  # the page's content cannot be parsed
                if i == 0:
                    raise _corrupt(exc, path) from exc
                errors.append(f"page {i + 1}: {_short(exc)}")
                objs = None
            finally:
                _release(page)  # what we need is copied out: keep memory flat
            if objs is None:
                text, grids, info = PageText(number=i + 1, text=""), [], _PageInfo()
            else:
                text, grids, info = _read_page(objs, i + 1)
            doc.pages.append(text)
            found.append(grids)
            infos.append(info)
            if info.table_error:
                doc.warnings.append(info.table_error)
        _assign_captions(found, infos)
        if not join_pages:
            infos = [_PageInfo() for _ in infos]  # nothing is known to continue
        doc.tables = [g.to_table() for g in _join_continuations(found, infos)]
        if errors:
            doc.error = "PDF is partly unreadable: " + "; ".join(errors[:5])
        return doc
    finally:
        try:
            pdf.close()
        except Exception:  # pragma: no cover - closing never matters
            pass


def extract_tables(path: str | os.PathLike) -> list[Table]:
    """All the tables of a PDF, in reading order (the shortcut behind `foi extract`)."""
    return read_pdf(path).tables


# =============================================================================================
# Opening files, and the errors users see
# =============================================================================================

_MAGIC = [
    (b"PK\x03\x04", "looks like a ZIP archive or an Office document (docx/xlsx)"),
    (b"\xd0\xcf\x11\xe0", "looks like an old Word or Excel file (doc/xls)"),
    (b"\x89PNG", "looks like a PNG image"),
    (b"\xff\xd8\xff", "looks like a JPEG image"),
    (b"GIF8", "looks like a GIF image"),
    (b"II*\x00", "looks like a TIFF image"),
    (b"MM\x00*", "looks like a TIFF image"),
    (b"{\\rtf", "looks like an RTF document"),
    (b"Received:", "looks like an email message"),
    (b"From ", "looks like an email message"),
    (b"MIME-Version", "looks like an email message"),
]


def _check_file(path: str) -> None:
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(1024)
            fh.seek(max(0, size - 8192))
            tail = fh.read()
    except FileNotFoundError:
        raise DocumentError(f"file not found: {path}", path) from None
    except IsADirectoryError:
        raise DocumentError(f"not a file: {path}", path) from None
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror or exc}", path) from None
    if size == 0:
        raise DocumentError("file is empty (0 bytes)", path)
    if b"%PDF-" not in head:
        raise DocumentError(f"not a PDF (starts with {head[:8]!r}{_guess_kind(head)})", path)
    if b"%%EOF" not in tail and b"startxref" not in tail:
        raise DocumentError(
            "PDF is corrupt or truncated: the file stops before the end-of-file marker", path
        )


def _guess_kind(head: bytes) -> str:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return ": " + what
    low = head[:256].lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html")):
        return ": looks like a web page (HTML)"
    if low.startswith(b"<?xml"):
        return ": looks like an XML file"
    try:
        head.decode("utf-8")
        return ": looks like a text file"
    except UnicodeDecodeError:
        return ""


def _open(path: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError("file is encrypted (a password is needed to open it)", path) from exc
    except Exception as exc:
        if _is_encryption_error(exc):
            raise DocumentError(
                "file is encrypted (a password is needed to open it)", path
            ) from exc
        raise _corrupt(exc, path) from exc
    return pdf


def _is_encryption_error(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 5:
        name = type(exc).__name__
        if "Password" in name or "Encryption" in name:
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _short(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    msg = msg[:120]
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def _corrupt(exc: BaseException, path: object = None) -> DocumentError:
    if _is_encryption_error(exc):
        return DocumentError("file is encrypted (a password is needed to open it)", path)
    return DocumentError(f"PDF is corrupt or truncated: {_short(exc)}", path)


def _producer(pdf) -> Optional[str]:
    try:
        meta = pdf.metadata or {}
    except Exception:
        return None
    value = meta.get("Producer")
    if value is None:
        return None
    if isinstance(value, bytes):  # pdfplumber decodes most; a PDF text string is UTF-16 or Latin
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            value = value.decode("utf-16", "replace")
        else:
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                value = value.decode("latin-1")
    value = str(value).strip().strip("\x00")
    return value or None


def _release(page) -> None:
    """Drop the page's cached objects so memory stays flat on long documents."""
    try:
        page.close()
    except Exception:
        try:
            page.flush_cache()
        except Exception:
            pass


# =============================================================================================
# Geometry: frames in which a page's text reads left to right
# =============================================================================================


@dataclass
class _Frame:
    """Page coordinates (top-left origin) turned by `rot` degrees so the text reads upright.

    rot = 0: text runs left to right; 90: text runs up the page; 270: down; 180: upside down.
    """

    rot: int
    pw: float  # page width and height in page coordinates
    ph: float

    @property
    def width(self) -> float:
        return self.ph if self.rot in (90, 270) else self.pw

    @property
    def height(self) -> float:
        return self.pw if self.rot in (90, 270) else self.ph

    def fwd(self, b: BBox) -> BBox:
        x0, t, x1, btm = b
        if self.rot == 0:
            return b
        if self.rot == 90:
            return (self.ph - btm, x0, self.ph - t, x1)
        if self.rot == 270:
            return (t, self.pw - x1, btm, self.pw - x0)
        return (self.pw - x1, self.ph - btm, self.pw - x0, self.ph - t)

    def inv(self, b: BBox) -> BBox:
        x0, t, x1, btm = b
        if self.rot == 0:
            return b
        if self.rot == 90:
            return (t, self.ph - x1, btm, self.ph - x0)
        if self.rot == 270:
            return (self.pw - btm, x0, self.pw - t, x1)
        return (self.pw - x1, self.ph - btm, self.pw - x0, self.ph - t)


def _char_rot(c: dict) -> int:
    m = c.get("matrix")
    if not m:
        return 0 if c.get("upright", True) else 90
    a, b = m[0], m[1]
    if abs(a) >= abs(b):
        return 0 if a > 0 else 180
    return 90 if b > 0 else 270


def _union(boxes: Iterable[BBox]) -> Optional[BBox]:
    x0 = t = math.inf
    x1 = b = -math.inf
    n = 0
    for bx in boxes:
        n += 1
        x0, t, x1, b = min(x0, bx[0]), min(t, bx[1]), max(x1, bx[2]), max(b, bx[3])
    return (x0, t, x1, b) if n else None


def _inside(cx: float, cy: float, b: BBox, pad: float = 0.0) -> bool:
    return b[0] - pad <= cx <= b[2] + pad and b[1] - pad <= cy <= b[3] + pad


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


# =============================================================================================
# Characters, words, lines, segments
# =============================================================================================

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


@dataclass
class _Ch:
    """A character (or, as _Word, a run of them) with its box in upright coordinates."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False

    @property
    def h(self) -> float:
        return max(self.bottom - self.top, 0.1)


class _Word(_Ch):
    """Characters of one line close enough together to be one word."""

    pitch: Optional[float] = None  # every character's width, when they are all alike (a fixed-width font)


class _WordBox:
    """The extent of a run of words (a cell's text or a line), left to right."""

    words: list[_Word]

    @cached_property
    def x0(self) -> float:
        return self.words[0].x0

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


@dataclass
class _Seg(_WordBox):
    """Words of one line close enough together to be one cell."""

    words: list[_Word]
    prose: bool = False

    @cached_property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @cached_property
    def text(self) -> str:
        return _visual_to_logical(" ".join(w.text for w in self.words))


@dataclass
class _Line(_WordBox):
    words: list[_Word]
    segs: list[_Seg] = field(default_factory=list)

    @cached_property
    def h(self) -> float:
        hs = sorted(w.h for w in self.words)
        return hs[len(hs) // 2]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs) if self.segs else " ".join(
            w.text for w in self.words
        )

    @cached_property
    def pitch(self) -> Optional[float]:
        """The character width of a line set in a fixed-width font (a Courier block), else None.
        Letters tell: a proportional font gives "w" and "i" different widths, while its digits
        are often all alike, so a line of figures alone proves nothing."""
        pitches = [w.pitch for w in self.words]
        if not pitches or any(p is None for p in pitches):
            return None
        lo, hi = min(pitches), max(pitches)  # type: ignore[type-var]
        letters = {ch for w in self.words for ch in w.text.lower() if ch.isalpha()}
        if hi > lo * (1 + S.MONOSPACE_WIDTH_TOLERANCE) or len(letters) < S.MONOSPACE_MIN_LETTERS:
            return None
        return _median([p for p in pitches if p is not None])

    def column_gap(self, ratio: float) -> float:
        """The gap that parts two cells of this line: `ratio` of the text height, or in a
        fixed-width font more than one space (there, one space is a word break, two a column)."""
        gap = ratio * self.h
        return max(gap, S.MONOSPACE_COLUMN_SPACES * self.pitch) if self.pitch else gap

    def live(self) -> list[_Seg]:
        return [s for s in self.segs if not s.prose]


def _median(v: Sequence[float]) -> float:
    v = sorted(v)
    return v[len(v) // 2] if v else 0.0


def _visual_to_logical(text: str) -> str:
    """Right-to-left text is stored left to right as seen; turn it back into reading order."""
    if S.REVERSE_RTL_TEXT and _RTL.search(text):
        return text[::-1]
    return text


def _frame_chars(chars: Sequence[dict], frame: _Frame) -> list[_Ch]:
    out = []
    seen = set()
    tol = S.DEDUPE_TOLERANCE
    for c in chars:
        text = c.get("text") or ""
        if not text:
            continue
        x0, t, x1, b = frame.fwd((c["x0"], c["top"], c["x1"], c["bottom"]))
        key = (text, round(x0 / tol), round(t / tol))
        if key in seen:
            continue
        seen.add(key)
        font = (c.get("fontname") or "").lower()
        out.append(_Ch(_LIGATURES.get(text, text), x0, t, x1, b, "bold" in font or "black" in font))
    return out


def _chars_to_lines(chars: Sequence[_Ch]) -> list[list[_Ch]]:
    """Cluster characters into text lines by their vertical centre, each sorted left to right."""
    if not chars:
        return []
    items = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    lines: list[list[_Ch]] = []
    cur: list[_Ch] = []
    cy = ch = 0.0
    for c in items:
        y = (c.top + c.bottom) / 2
        if cur and abs(y - cy) <= S.LINE_OVERLAP_RATIO * max(ch, c.h):
            cur.append(c)
            n = len(cur)
            cy += (y - cy) / n
            ch = max(ch, c.h) if not c.text.isspace() else ch
        else:
            if cur:
                lines.append(cur)
            cur = [c]
            cy, ch = y, c.h
    if cur:
        lines.append(cur)
    for ln in lines:
        ln.sort(key=lambda c: c.x0)
    lines.sort(key=lambda ln: min(c.top for c in ln))
    return lines


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _mark_superscripts(chars: Sequence[_Ch], h: float) -> list[_Ch]:
    """Footnote markers set as small raised digits ("4" then a raised "1") become "4¹", so that
    they are never read as part of the number ("41")."""
    bottoms = sorted(c.bottom for c in chars if not c.text.isspace())
    if not bottoms:
        return list(chars)
    baseline = bottoms[len(bottoms) // 2]
    out = []
    for i, c in enumerate(chars):
        if (
            c.text.isdigit() and i > 0 and not chars[i - 1].text.isspace()
            and c.h < S.SUPERSCRIPT_MAX_HEIGHT * h and c.bottom < baseline - S.SUPERSCRIPT_MIN_RAISE * h
        ):
            c = _Ch(c.text.translate(_SUPERSCRIPT), c.x0, c.top, c.x1, c.bottom, c.bold)
        out.append(c)
    return out


def _line_to_words(chars: Sequence[_Ch]) -> list[_Word]:
    words: list[_Word] = []
    cur: list[_Ch] = []
    hs = sorted(c.h for c in chars if not c.text.isspace()) or [10.0]
    h = hs[len(hs) // 2]
    gap_max = S.WORD_GAP_RATIO * h
    chars = _mark_superscripts(chars, h)

    def flush():
        if cur:
            word = _Word(
                "".join(c.text for c in cur),
                min(c.x0 for c in cur),
                min(c.top for c in cur),
                max(c.x1 for c in cur),
                max(c.bottom for c in cur),
                sum(c.bold for c in cur) * 2 > len(cur),
            )
            widths = [c.x1 - c.x0 for c in cur]
            if min(widths) > 0 and max(widths) <= min(widths) * (1 + S.MONOSPACE_WIDTH_TOLERANCE):
                word.pitch = sum(widths) / len(widths)
            words.append(word)
            cur.clear()

    # the next visible character after each position
    nxt: list[Optional[_Ch]] = [None] * len(chars)
    following = None
    for i in range(len(chars) - 1, -1, -1):
        nxt[i] = following
        if not chars[i].text.isspace():
            following = chars[i]
    last = None
    for i, c in enumerate(chars):
        if c.text.isspace():
            # a space drawn over the letters next to it is not a word break (some PDFs pad
            # every character with spaces: "0 3 / 2 5"); one between them is
            mid = (c.x0 + c.x1) / 2
            after = nxt[i]
            if (last is not None and mid < last.x1 - 0.05) or (after is not None and mid > after.x0 + 0.05):
                continue
            flush()
            continue
        last = c
        if cur:
            prev = cur[-1]
            if c.x0 - prev.x1 > gap_max or c.x0 < prev.x0 - 0.5 * h:
                flush()
        cur.append(c)
    flush()
    return words


def _make_lines(chars: Sequence[_Ch]) -> list[_Line]:
    out = []
    for lc in _chars_to_lines(chars):
        ws = _line_to_words(lc)
        if ws:
            out.append(_Line(ws))
    return out


def _segment(line: _Line) -> None:
    gap = line.column_gap(S.SEGMENT_GAP_RATIO)
    segs: list[_Seg] = []
    cur: list[_Word] = []
    for w in line.words:
        if cur and w.x0 - cur[-1].x1 > gap:
            segs.append(_Seg(cur))
            cur = []
        cur.append(w)
    if cur:
        segs.append(_Seg(cur))
    line.segs = segs


def _refine(line: _Line) -> None:
    """Split a table line's segments at narrower gaps: inside a table, two spaces can part
    columns (fixed-width reports), and the column bands decide which splits stand."""
    gap = line.column_gap(S.TABLE_SEGMENT_GAP_RATIO)
    out: list[_Seg] = []
    for s in line.segs:
        cur: list[_Word] = []
        for w in s.words:
            if cur and w.x0 - cur[-1].x1 > gap:
                out.append(_Seg(cur, s.prose))
                cur = []
            cur.append(w)
        out.append(_Seg(cur, s.prose))
    line.segs = out


def _text_of_chars(chars: Sequence[_Ch]) -> str:
    """Text of the characters of one cell: words joined by spaces, lines by newlines."""
    out = []
    for lc in _chars_to_lines(chars):
        ws = _line_to_words(lc)
        if ws:
            out.append(_visual_to_logical(" ".join(w.text for w in ws)))
    return "\n".join(out)


# =============================================================================================
# Cell values
# =============================================================================================

_NUM = re.compile(
    r"^[\(\[]?[-–−+]?\s?[£$€]?\s?\d[\d,.\s]*(%|k|m|bn)?[\)\]]?\*?$|^[<>≤≥]\s?\d+$",
    re.IGNORECASE,
)
_NULLISH = {"-", "–", "—", "*", "n/a", "na", "nil", "x", "(x)", "..", "…", "-%", "*%"}


def _is_num(text: str) -> bool:
    t = text.strip()
    if not t:
        return False
    return bool(_NUM.match(t)) or t.lower() in _NULLISH


def _is_figure(text: str) -> bool:
    """A number (not a dash or a marker)."""
    t = text.strip()
    return bool(t) and bool(_NUM.match(t)) and any(ch.isdigit() for ch in t)


_RULE_TEXT = re.compile(r"^[-=_–—]{3,}( [-=_–—]{3,})*$")
_YEAR = re.compile(r"^(19|20)\d\d([/-]\d\d(\d\d)?)?$")


def _is_data_row(cells: Sequence[str]) -> bool:
    """A row holding figures after its first cell; years heading columns ("2014 2015 2016",
    "2014/15 2015/16") make a header row, not a data row."""
    if not any(_is_figure(v) for v in cells[1:]):
        return False
    figs = [v.strip() for v in cells if _is_figure(v)]
    return not (len(figs) >= 2 and all(_YEAR.match(v) for v in figs))


# =============================================================================================
# One page
# =============================================================================================


@dataclass
class _Grid:
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
    fbbox: Optional[BBox] = None  # bbox in the frame's coordinates
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


@dataclass
class _Layout:
    """The objects of one page in one frame."""

    frame: _Frame
    lines: list[_Line]
    edges: list[dict]


@dataclass
class _PageInfo:
    """What joining tables across pages needs to know about a page."""

    height_by_rot: dict[int, float] = field(default_factory=dict)
    lines_by_rot: dict[int, list[BBox]] = field(default_factory=dict)
    texts_by_rot: dict[int, list[str]] = field(default_factory=dict)  # the text of each of lines_by_rot
    table_error: Optional[str] = None  # the page's text was read but finding its tables failed


@dataclass
class _PageObjects:
    """What is read from a page, copied out of pdfplumber so the page can be released.

    Coordinates are relative to the page's own top-left corner (pdfplumber's, shifted when the
    media box does not start at 0, 0)."""

    width: float
    height: float
    chars: list[dict]
    rects: list[dict]
    lines: list[dict]
    curves: list[dict]
    images: list[dict]


def _load_page(page) -> _PageObjects:
    x_off, y_off = float(page.bbox[0]), float(page.bbox[1])

    def grab(objs, keys):
        out = []
        for o in objs:
            d = {k: o.get(k) for k in keys}
            if x_off or y_off:
                d = _shift(d, x_off, y_off)
            out.append(d)
        return out

    box = ("x0", "x1", "top", "bottom")
    chars = grab(page.chars, box + ("text", "matrix", "upright", "fontname", "size"))
    rects = grab(page.rects, box + ("stroke", "fill", "non_stroking_color"))
    lines = grab(page.lines, box)
    curves = []
    for cv in page.curves:
        pts = [(x - x_off, y - y_off) for x, y in (cv.get("pts") or [])]
        curves.append({"pts": pts})
    images = grab(page.images, box)
    return _PageObjects(float(page.width), float(page.height), chars, rects, lines, curves, images)


def _read_page(po: _PageObjects, number: int) -> tuple[PageText, list[_Grid], _PageInfo]:
    pw, ph = po.width, po.height
    raw = po.chars
    by_rot: dict[int, list[dict]] = {}
    for c in raw:
        by_rot.setdefault(_char_rot(c), []).append(c)
    nonspace = sum(1 for c in raw if not (c.get("text") or " ").isspace())

    rots = sorted(by_rot, key=lambda r: -len(by_rot[r]))
    info = _PageInfo()
    layouts: list[_Layout] = []
    texts: list[str] = []
    edges_raw = None
    for k, rot in enumerate(rots):
        chars = by_rot[rot]
        visible = sum(1 for c in chars if not (c.get("text") or " ").isspace())
        if k > 0 and visible < S.MIN_ROTATED_CHARS:
            # a few rotated characters (a vertical label, a stamp): part of the text, and read
            # inside ruled cells, but no table of their own
            frame = _Frame(rot, pw, ph)
            lines = _make_lines(_frame_chars(chars, frame))
            texts.append("\n".join(ln.text for ln in lines))
            continue
        frame = _Frame(rot, pw, ph)
        fchars = _frame_chars(chars, frame)
        lines = _make_lines(fchars)
        texts.append("\n".join(_plain_line_text(ln) for ln in lines))
        if edges_raw is None:
            edges_raw = _page_edges(po)
        edges = [_frame_edge(e, frame) for e in edges_raw]
        layouts.append(_Layout(frame, lines, edges))
        info.height_by_rot[rot] = frame.height
        info.lines_by_rot[rot] = [(ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines]
        info.texts_by_rot[rot] = [_plain_line_text(ln) for ln in lines]

    text = "\n".join(t for t in texts if t)
    ptext = PageText(
        number=number,
        text=text,
        width=pw,
        height=ph,
        chars=nonspace,
        needs_ocr=_needs_ocr(po),
    )

    grids: list[_Grid] = []
    taken: list[BBox] = []  # page coordinates
    for lay in layouts:
        fr = lay.frame
        taken_f = [fr.fwd(b) for b in taken]
        try:
            found = _reading_order(_find_tables(lay, raw, taken_f))
        except Exception as exc:  # one page's tables must never cost the rest of the document
            info.table_error = f"page {number}: tables could not be read ({_short(exc)})"
            continue
        for g in found:
            grids.append(g)
            taken.append(g.bbox)
    return ptext, grids, info


def _reading_order(grids: list[_Grid]) -> list[_Grid]:
    """Top to bottom; tables side by side (overlapping in height), left to right."""
    out = sorted(grids, key=lambda g: (g.fbbox[1], g.fbbox[0]))
    changed = True
    while changed:
        changed = False
        for i in range(len(out) - 1):
            a, b = out[i].fbbox, out[i + 1].fbbox
            side = _overlap(a[1], a[3], b[1], b[3]) >= 0.5 * min(a[3] - a[1], b[3] - b[1])
            if side and b[0] < a[0]:
                out[i], out[i + 1] = out[i + 1], out[i]
                changed = True
    return out


def _shift(c: dict, dx: float, dy: float) -> dict:
    c = dict(c)
    c["x0"] -= dx
    c["x1"] -= dx
    c["top"] -= dy
    c["bottom"] -= dy
    return c


def _plain_line_text(line: _Line) -> str:
    out = []
    prev = None
    for w in line.words:
        if prev is not None:
            out.append("    " if w.x0 - prev.x1 > S.SEGMENT_GAP_RATIO * line.h else " ")
        out.append(w.text)
        prev = w
    return _visual_to_logical("".join(out)) if _RTL.search(line.text) else "".join(out)


def _needs_ocr(po: _PageObjects) -> bool:
    """No usable text layer: a scan (maybe with a typed header or stamp), or text drawn as
    outlines."""
    pw, ph, chars = po.width, po.height, po.chars
    area = pw * ph
    # The largest image, clipped to the page
    scan, cover = None, 0.0
    for im in po.images:
        x0, x1 = max(0.0, im["x0"]), min(pw, im["x1"])
        t, b = max(0.0, im["top"]), min(ph, im["bottom"])
        if x1 > x0 and b > t and (x1 - x0) * (b - t) / area > cover:
            scan, cover = (x0, t, x1, b), (x1 - x0) * (b - t) / area
    visible = [c for c in chars if (c.get("text") or "").strip()]
    if scan and cover >= S.OCR_MIN_IMAGE_COVER:
        # Text over the scan itself: a header or a stamp is not a text layer, wherever it sits.
        x0, t, x1, b = scan
        over = sum(
            1 for c in visible
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and t <= (c["top"] + c["bottom"]) / 2 <= b
        )
        if over * S.OCR_MIN_AREA_PER_CHAR < (x1 - x0) * (b - t):
            return True
    band = S.OCR_MARGIN_BAND * ph
    body = sum(1 for c in visible if band <= (c["top"] + c["bottom"]) / 2 <= ph - band)
    if body >= S.OCR_MAX_BODY_CHARS:
        return False
    if cover >= S.OCR_MIN_IMAGE_COVER:
        return True
    if not chars:
        return len(po.curves) >= S.OCR_MIN_CURVES
    return False


def _page_edges(po: _PageObjects) -> list[dict]:
    """Rules of the page as horizontal and vertical edges (page coordinates)."""
    out: list[dict] = []
    area = po.width * po.height

    def add(x0, t, x1, b, orient):
        if orient == "h":
            if x1 - x0 < S.EDGE_MIN_LENGTH:
                return
            y = (t + b) / 2
            out.append({"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y})
        else:
            if b - t < S.EDGE_MIN_LENGTH:
                return
            x = (x0 + x1) / 2
            out.append({"orientation": "v", "x0": x, "x1": x, "top": t, "bottom": b})

    for r in po.rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if w * h > S.MAX_RECT_PAGE_SHARE * area:
            continue
        if not r.get("stroke") and _is_white(r.get("non_stroking_color")):
            continue  # white fill: invisible
        if h <= S.THIN_RULE and w > h:  # a thin bar drawn as a rectangle: a horizontal rule
            add(r["x0"], r["top"], r["x1"], r["bottom"], "h")
        elif w <= S.THIN_RULE and h > w:
            add(r["x0"], r["top"], r["x1"], r["bottom"], "v")
        else:
            add(r["x0"], r["top"], r["x1"], r["top"], "h")
            add(r["x0"], r["bottom"], r["x1"], r["bottom"], "h")
            add(r["x0"], r["top"], r["x0"], r["bottom"], "v")
            add(r["x1"], r["top"], r["x1"], r["bottom"], "v")
    for ln in po.lines:
        x0, x1, t, b = ln["x0"], ln["x1"], ln["top"], ln["bottom"]
        if b - t <= 1.0 or (x1 - x0) > 5 * (b - t):
            add(x0, t, x1, b, "h")
        elif x1 - x0 <= 1.0 or (b - t) > 5 * (x1 - x0):
            add(x0, t, x1, b, "v")
    for cv in po.curves:
        pts = cv.get("pts") or []
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            if abs(ay - by) < 0.5 and abs(ax - bx) >= S.EDGE_MIN_LENGTH:
                add(min(ax, bx), ay, max(ax, bx), ay, "h")
            elif abs(ax - bx) < 0.5 and abs(ay - by) >= S.EDGE_MIN_LENGTH:
                add(ax, min(ay, by), ax, max(ay, by), "v")
    return out


def _is_white(color) -> bool:
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return color >= 0.99
    try:
        vals = list(color)
    except TypeError:
        return False
    if len(vals) == 1:
        return vals[0] >= 0.99
    if len(vals) == 3:
        return all(v >= 0.99 for v in vals)
    if len(vals) == 4:  # CMYK
        return all(v <= 0.01 for v in vals)
    return False


def _frame_edge(e: dict, frame: _Frame) -> dict:
    x0, t, x1, b = frame.fwd((e["x0"], e["top"], e["x1"], e["bottom"]))
    o = e["orientation"]
    if frame.rot in (90, 270):
        o = "v" if o == "h" else "h"
    return {
        "orientation": o,
        "x0": x0,
        "x1": x1,
        "top": t,
        "bottom": b,
        "doctop": t,
        "width": x1 - x0,
        "height": b - t,
    }


# =============================================================================================
# Finding tables in one frame
# =============================================================================================


def _find_tables(lay: _Layout, raw_chars: Sequence[dict], taken: list[BBox]):
    fr = lay.frame
    grids: list[_Grid] = []
    # keep out what other frames already took
    lines = _lines_outside(lay.lines, taken)
    has_rules = bool(lay.edges)
    if not has_rules and not any(len(_raw_segments(ln)) >= 2 for ln in lines):
        return grids  # nothing on this page can be a table: skip cheaply

    hlines = [(e["top"], e["x0"], e["x1"]) for e in lay.edges if e["orientation"] == "h"]
    used: list[BBox] = []
    heads: list[tuple[BBox, list[float]]] = []  # boxed heading rows
    if has_rules:
        for bbox, kind, what in _lattice(lay, raw_chars, taken):
            if kind == "head":
                heads.append((bbox, what))
            elif kind == "grid":
                g = what
                labels = _side_labels(g, _lines_outside(lines, used + [bbox]))
                if labels:
                    bbox = _union([bbox, labels])
                grids.append(g)
                used.append(bbox)
            elif kind == "mixed":
                # rules around column groups, rows not ruled: white space inside the rules
                region = _lines_inside(lines, bbox)
                found = _stream(region, fr, hlines, forced=what, region=bbox)
                for h in found:
                    h.method = "mixed"
                grids += found
                if found:
                    used.append(bbox)
    rest = _lines_outside(lines, used)
    grids += _stream(rest, fr, hlines, heads=heads)
    grids = _ruled_heads_with_bodies(grids)
    for g in grids:
        g.frame_rot = fr.rot
        g.fbbox = g.bbox
    # to page coordinates
    for g in grids:
        g.boxes = [[fr.inv(b) if b else None for b in row] for row in g.boxes]
        g.bbox = fr.inv(g.bbox)
    return grids


_FIGURE_CELL = re.compile(r"^[£$]?[<>]?\s?[\d][\d,.]*%?[*¹²³]?$")
_YEAR_ONLY = re.compile(r"^[0-9]{4}$")


def _has_figures(rows: list[list[str]]) -> bool:
    """Cells that are numbers, other than years (a heading row of years is still headings)."""
    for row in rows:
        for cell in row:
            text = " ".join((cell or "").split())
            # str.isdigit() is true of superscripts ("280¹"): only ASCII digits make a year
            if _FIGURE_CELL.match(text) and not (_YEAR_ONLY.match(text) and 1900 <= int(text) <= 2100):
                return True
    return False


def _ruled_heads_with_bodies(grids: list[_Grid]) -> list[_Grid]:
    """A ruled header with a white-space body right under it, in the same columns, is one
    table (forms and reports that box the column headings only)."""
    # Only a grid of headings can take a body: a ruled table with figures of its own is complete,
    # and a borderless table printed under it is another table (Word's default table style).
    heads = [g for g in grids if g.method == "lines" and not _has_figures(g.rows)]
    bodies = [g for g in grids if g.method == "text"]
    gone = set()
    for a in heads:
        for b in bodies:
            if id(b) in gone:
                continue
            row_h = b.boxes[0][0][3] - b.boxes[0][0][1] if b.boxes and b.boxes[0][0] else 10.0
            gap = b.bbox[1] - a.bbox[3]
            if gap < -2 or gap > S.RULED_HEAD_MAX_GAP_RATIO * max(row_h, 6.0):
                continue
            if b.bbox[0] < a.bbox[0] - 10 or b.bbox[2] > a.bbox[2] + 10:
                continue
            mapping = []
            for x0, x1 in b.cols:
                cx = (x0 + x1) / 2
                hits = [j for j, (a0, a1) in enumerate(a.cols) if a0 <= cx <= a1]
                if len(hits) != 1:
                    break
                mapping.append(hits[0])
            else:
                if any(y <= x for x, y in zip(mapping, mapping[1:])):
                    continue
                n = len(a.cols)
                for row, box in zip(b.rows, b.boxes):
                    a.rows.append(_remap(row, mapping, n))
                    a.boxes.append(_remap(box, mapping, n, None))
                a.method = "mixed"
                a.bbox = _union([a.bbox, b.bbox])
                a.header_rows = _count_header_rows(a.rows)
                gone.add(id(b))
                break
    return [g for g in grids if id(g) not in gone]


def _side_labels(g: _Grid, lines: list[_Line]) -> Optional[BBox]:
    """Row labels written to the left of a ruled table, outside its rules (Excel exports often
    leave the first column without borders): added to the table as its first column.

    Returns the labels' bbox, or None when there are none."""
    x0 = g.bbox[0]
    bands = []
    for row in g.boxes:
        bs = [b for b in row if b]
        bands.append((min(b[1] for b in bs), max(b[3] for b in bs)))
    picked: dict[int, list[_Seg]] = {}
    for ln in lines:
        if ln.bottom < g.bbox[1] or ln.top > g.bbox[3]:
            continue
        segs = [sg for sg in _raw_segments(ln) if sg.x1 <= x0 + 1]
        if not segs:
            continue
        sg = segs[-1]  # the segment nearest the table
        if x0 - sg.x1 > S.SIDE_LABEL_MAX_GAP_RATIO * ln.h:
            continue
        ov = [(_overlap(t, b, sg.top, sg.bottom), r) for r, (t, b) in enumerate(bands)]
        best, r = max(ov)
        if best < 0.3 * (sg.bottom - sg.top):
            continue
        picked.setdefault(r, []).append(sg)
    body = len(g.rows) - g.header_rows
    if len(picked) < max(2, S.SIDE_LABEL_MIN_SHARE * body):
        return None
    if any(len(v) > 1 for v in picked.values()):
        return None
    # labels make a column: their left (or right) edges line up
    segs = [v[0] for v in picked.values()]
    for key in (lambda sg: sg.x0, lambda sg: sg.x1):
        xs = sorted(key(sg) for sg in segs)
        med = xs[len(xs) // 2]
        if sum(1 for x in xs if abs(x - med) <= 2.0) >= 0.8 * len(xs):
            break
    else:
        return None
    for r in range(len(g.rows)):
        sg = picked.get(r, [None])[0]
        g.rows[r].insert(0, sg.text if sg else "")
        t, b = bands[r]
        g.boxes[r].insert(0, sg.bbox if sg else (min(s.x0 for v in picked.values() for s in v), t, x0, b))
    lx0 = min(s.x0 for v in picked.values() for s in v)
    g.cols.insert(0, (lx0, x0))
    g.bbox = (lx0, g.bbox[1], g.bbox[2], g.bbox[3])
    return _union(s.bbox for v in picked.values() for s in v)


def _lines_outside(lines: list[_Line], boxes: Sequence[BBox]) -> list[_Line]:
    if not boxes:
        return lines
    out = []
    for ln in lines:
        ws = [w for w in ln.words if not any(_inside((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2, b, 1.0) for b in boxes)]
        if len(ws) == len(ln.words):
            out.append(ln)
        elif ws:
            out.append(_Line(ws))
    return out


def _lines_inside(lines: list[_Line], box: BBox) -> list[_Line]:
    out = []
    for ln in lines:
        ws = [w for w in ln.words if _inside((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2, box, 1.0)]
        if ws:
            out.append(ln if len(ws) == len(ln.words) else _Line(ws))
    return out


def _raw_segments(ln: _Line) -> list[_Seg]:
    if not ln.segs:
        _segment(ln)
    return ln.segs


# ---------------------------------------------------------------------------------------------
# Ruled tables
# ---------------------------------------------------------------------------------------------


def _lattice(lay: _Layout, raw_chars: Sequence[dict], taken: list[BBox]):
    """Ruled structures of the frame: a list of (bbox in frame coordinates, kind, what).

    kind "grid": `what` is the table. "mixed": rules box column groups while rows (and maybe
    sub-columns) are laid out with white space; `what` is the x of the vertical rules, which the
    caller keeps as column separators of a white-space table read inside the box. "head": one
    boxed row of column headings; `what` is the x of the rules between them. "none": a frame or
    box that is not a table by itself.
    """
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    edges = lay.edges
    if len(edges) < 3:
        return []
    merged = merge_edges(
        [dict(e) for e in edges],
        S.SNAP_TOLERANCE,
        S.SNAP_TOLERANCE,
        S.JOIN_TOLERANCE,
        S.JOIN_TOLERANCE,
    )
    merged = [
        e
        for e in merged
        if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"])
        >= S.EDGE_MIN_LENGTH
    ]
    merged = _cap_edges(merged)
    merged += _closing_edges(merged)
    hs = sum(1 for e in merged if e["orientation"] == "h")
    vs = len(merged) - hs
    if hs < 2 or vs < 2:
        return []
    inter = edges_to_intersections(merged, S.INTERSECTION_TOLERANCE, S.INTERSECTION_TOLERANCE)
    cells = intersections_to_cells(inter)
    groups = _merge_side_by_side(cells_to_tables(cells))
    if not groups:
        return []

    fr = lay.frame
    # every character of the page in this frame, whatever its direction, for reading cells
    all_chars: list[tuple[float, float, dict]] = []
    for c in raw_chars:
        x0, t, x1, b = fr.fwd((c["x0"], c["top"], c["x1"], c["bottom"]))
        all_chars.append(((x0 + x1) / 2, (t + b) / 2, c))
    all_chars.sort(key=lambda it: it[1])
    ys_sorted = [it[1] for it in all_chars]
    vrules = [e for e in merged if e["orientation"] == "v"]

    out = []
    for cells_g in groups:
        bbox = _union(cells_g)
        if any(_inside((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, t) for t in taken):
            continue
        lo = bisect.bisect_left(ys_sorted, bbox[1] - 1)
        hi = bisect.bisect_right(ys_sorted, bbox[3] + 1)
        inside = [it for it in all_chars[lo:hi] if bbox[0] - 1 <= it[0] <= bbox[2] + 1]
        kind, what = _lattice_grid(cells_g, inside, fr)
        if kind == "mixed":
            h = bbox[3] - bbox[1]
            forced = sorted(
                _cluster_vals(
                    [
                        e["x0"]
                        for e in vrules
                        if bbox[0] + 2 < e["x0"] < bbox[2] - 2
                        and _overlap(e["top"], e["bottom"], bbox[1], bbox[3]) >= 0.5 * h
                    ],
                    S.GRID_TOLERANCE,
                )
            )
            out.append((bbox, "mixed", forced))
        else:
            out.append((bbox, kind, what))
    return out


def _cap_edges(edges: list[dict]) -> list[dict]:
    """Keep the work bounded on pages drawn with thousands of strokes (charts, maps, hatching):
    crossing every horizontal with every vertical rule is quadratic, so only the longest rules
    are kept when there are too many pairs."""
    hs = [e for e in edges if e["orientation"] == "h"]
    vs = [e for e in edges if e["orientation"] == "v"]
    if len(hs) * len(vs) <= S.MAX_EDGE_PAIRS:
        return edges
    keep = int(math.sqrt(S.MAX_EDGE_PAIRS))
    hs.sort(key=lambda e: e["x1"] - e["x0"], reverse=True)
    vs.sort(key=lambda e: e["bottom"] - e["top"], reverse=True)
    return hs[:keep] + vs[:keep]


def _closing_edges(merged: list[dict]) -> list[dict]:
    """Vertical edges that close open-sided ruled tables.

    Many tables draw their horizontal rules and the rules between column groups, but no outer
    left and right rules. Where two horizontal rules that cross a common vertical rule end at
    the same x, an edge is added there, joining them, so the outer cells close.
    """
    hs = [e for e in merged if e["orientation"] == "h"]
    vs = [e for e in merged if e["orientation"] == "v"]
    if not hs or not vs:
        return []
    tol = S.INTERSECTION_TOLERANCE
    crossing: list[frozenset] = []
    for h in hs:
        crossing.append(
            frozenset(
                i
                for i, v in enumerate(vs)
                if v["top"] - tol <= h["top"] <= v["bottom"] + tol and h["x0"] - tol <= v["x0"] <= h["x1"] + tol
            )
        )
    out = []
    for side in ("x0", "x1"):
        idx = [i for i in range(len(hs)) if crossing[i]]
        idx.sort(key=lambda i: (hs[i][side], hs[i]["top"]))
        clusters: list[list[int]] = []
        for i in idx:
            if clusters and abs(hs[i][side] - hs[clusters[-1][-1]][side]) <= S.SNAP_TOLERANCE:
                clusters[-1].append(i)
            else:
                clusters.append([i])
        for cl in clusters:
            cl.sort(key=lambda i: hs[i]["top"])
            x = sum(hs[i][side] for i in cl) / len(cl)
            if any(abs(v["x0"] - x) <= tol for v in vs):
                continue  # already closed by a real rule
            for a, b in zip(cl, cl[1:]):
                if crossing[a] & crossing[b]:
                    t, btm = hs[a]["top"], hs[b]["top"]
                    out.append(
                        {
                            "orientation": "v",
                            "x0": x,
                            "x1": x,
                            "top": t,
                            "bottom": btm,
                            "doctop": t,
                            "width": 0.0,
                            "height": btm - t,
                        }
                    )
    return out


def _merge_side_by_side(groups: list[list[BBox]]) -> list[list[BBox]]:
    """Join ruled boxes that stand side by side with the same rows: column groups of one table.

    Excel exports often box each group of columns separately, with a blank spacer column
    between the boxes; the boxes share their row rules.
    """
    groups = [list(g) for g in groups]
    changed = True
    while changed and len(groups) > 1:
        changed = False
        boxes = [_union(g) for g in groups]
        order = sorted(range(len(groups)), key=lambda i: boxes[i][0])
        for ai in order:
            for bi in order:
                if ai == bi:
                    continue
                a, b = boxes[ai], boxes[bi]
                gap = b[0] - a[2]
                if gap < -S.GRID_TOLERANCE or gap > S.SIDE_BY_SIDE_MAX_GAP:
                    continue
                hov = _overlap(a[1], a[3], b[1], b[3])
                if hov < 0.8 * min(a[3] - a[1], b[3] - b[1]):
                    continue
                ya = _cluster_vals([c[1] for c in groups[ai]] + [c[3] for c in groups[ai]], 1)
                yb = _cluster_vals([c[1] for c in groups[bi]] + [c[3] for c in groups[bi]], 1)
                common = sum(1 for y in yb if any(abs(y - v) <= S.GRID_TOLERANCE for v in ya))
                if common < 0.5 * min(len(ya), len(yb)) or common < 2:
                    continue
                groups[ai] = groups[ai] + groups[bi]
                del groups[bi]
                changed = True
                break
            if changed:
                break
    groups.sort(key=lambda g: (_union(g)[1], _union(g)[0]))
    return groups


def _cluster_vals(vals: Iterable[float], tol: float) -> list[float]:
    vs = sorted(vals)
    out: list[list[float]] = []
    for v in vs:
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _nearest(vals: list[float], v: float) -> int:
    i = bisect.bisect_left(vals, v)
    if i == 0:
        return 0
    if i == len(vals):
        return len(vals) - 1
    return i if vals[i] - v < v - vals[i - 1] else i - 1


def _lattice_grid(cells: list[BBox], inside, fr: _Frame) -> tuple[str, object]:
    """What one group of ruled cells is:

    ("grid", _Grid): a ruled table;
    ("mixed", None): rules around column groups whose cells hide rows and columns laid out with
        white space;
    ("head", [x, ...]): one boxed row of column headings, with the x of the rules between them;
    ("none", None): a frame or box that is not a table by itself (its text is left to the
        white-space pass).
    """
    xs = _cluster_vals([c[0] for c in cells] + [c[2] for c in cells], S.GRID_TOLERANCE)
    ys = _cluster_vals([c[1] for c in cells] + [c[3] for c in cells], S.GRID_TOLERANCE)
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1:
        return "none", None
    owner: list[list[int]] = [[-1] * nc for _ in range(nr)]
    spans = []
    for k, c in enumerate(cells):
        c0, c1 = _nearest(xs, c[0]), _nearest(xs, c[2])
        r0, r1 = _nearest(ys, c[1]), _nearest(ys, c[3])
        if c1 <= c0 or r1 <= r0:
            spans.append(None)
            continue
        spans.append((r0, r1, c0, c1))
        for r in range(r0, r1):
            for cc in range(c0, c1):
                if owner[r][cc] == -1:
                    owner[r][cc] = k
    # characters to cells
    per_cell: dict[int, list[dict]] = {}
    for cx, cy, ch in inside:
        ci = bisect.bisect_right(xs, cx) - 1
        ri = bisect.bisect_right(ys, cy) - 1
        if 0 <= ri < nr and 0 <= ci < nc:
            k = owner[ri][ci]
            if k >= 0:
                per_cell.setdefault(k, []).append(ch)

    texts: dict[int, str] = {}
    cell_lines: dict[int, list[_Line]] = {}
    n_lines = 0
    n_complex = 0
    for k, chs in per_cell.items():
        texts[k], lines = _cell_text(chs, fr)
        cell_lines[k] = lines
        n_lines += len(lines)
        if _cell_is_complex(lines):
            n_complex += len(lines)
    complex_ = n_complex >= S.COMPLEX_MIN_LINES and n_complex >= S.COMPLEX_SHARE * n_lines

    rows: list[list[str]] = [[""] * nc for _ in range(nr)]
    boxes: list[list[Optional[BBox]]] = [[None] * nc for _ in range(nr)]
    for r in range(nr):
        for c in range(nc):
            k = owner[r][c]
            boxes[r][c] = (xs[c], ys[r], xs[c + 1], ys[r + 1])
            if k >= 0 and spans[k] and spans[k][0] == r and spans[k][2] == c:
                rows[r][c] = texts.get(k, "")
                boxes[r][c] = cells[k]
    # a "merged" cell whose text lines up with the grid inside it was never merged: only its
    # inner rules are missing (zebra stripes, rows without rules); spread its text over the grid
    for k, lines in cell_lines.items():
        sp = spans[k]
        if not sp or (sp[1] - sp[0] < 2 and sp[3] - sp[2] < 2):
            continue
        placed = _spread(lines, sp, xs, ys)
        if placed:
            r0, c0 = sp[0], sp[2]
            rows[r0][c0] = ""
            for (r, c), (text, bb) in placed.items():
                rows[r][c] = text
                boxes[r][c] = bb
            spans[k] = None
    # a label merged down over several body rows (a year, a force, a category) applies to each
    # of them: repeat it, so that every row reads on its own. Figures are never repeated.
    hdr = _count_header_rows(rows)
    for k, sp in enumerate(spans):
        if not sp or sp[1] - sp[0] < 2 or sp[0] < max(hdr, 1):
            continue
        text = rows[sp[0]][sp[2]]
        if not text.strip() or _is_num(text):
            continue
        for r in range(sp[0] + 1, sp[1]):
            if not rows[r][sp[2]].strip():
                rows[r][sp[2]] = text
                boxes[r][sp[2]] = cells[k]
    # a body row whose filled cells all hold the same number (2+) of short lines, side by side,
    # is several rows whose rules were never drawn ("light" table styles)
    new_rows, new_boxes = [], []
    for r in range(nr):
        split = _split_unruled_row(r, nc, owner, spans, cell_lines, texts, xs) if r >= max(hdr, 1) else None
        if split:
            new_rows += split[0]
            new_boxes += split[1]
        else:
            new_rows.append(rows[r])
            new_boxes.append(boxes[r])
    rows, boxes = new_rows, new_boxes

    rows, boxes, keep_cols = _drop_empty(rows, boxes)
    if not rows:
        return "none", None
    ncols = len(rows[0])
    if complex_:
        return "mixed", None
    if len(rows) == 1 and ncols >= 2:
        # one boxed row: column headings whose figures are laid out with white space below;
        # the boxes' rules will part the columns of that white-space table
        return "head", [xs[c] for c in keep_cols[1:]]
    if len(rows) < 2 or ncols < 2:
        return "none", None  # a frame or a box around text
    filled = sum(1 for r in rows for v in r if v.strip())
    if filled < 3:
        return "none", None
    cols = [(xs[c], xs[c + 1]) for c in keep_cols]
    g = _Grid(page=0, rows=rows, boxes=boxes, method="lines", cols=cols)
    g.bbox = _union(b for row in boxes for b in row if b)
    g.header_rows = _count_header_rows(rows)
    return "grid", g


def _split_unruled_row(r, nc, owner, spans, cell_lines, texts, xs):
    """Rows of grid row r, when its cells hold aligned lines that are rows of their own."""
    cells = []
    for c in range(nc):
        k = owner[r][c]
        if k < 0:
            continue
        sp = spans[k]
        if sp is None:
            return None  # text spread over the grid already
        if sp[0] != r or sp[1] != r + 1:
            return None  # part of a cell spanning rows
        if sp[2] != c:
            continue
        lines = cell_lines.get(k, [])
        if lines and texts.get(k, "").count("\n") + 1 != len(lines):
            return None  # text running another way
        cells.append((c, sp[3], k, lines))
    filled = [x for x in cells if x[3]]
    if len(filled) < 2:
        return None
    n = len(filled[0][3])
    if n < 2 or any(len(x[3]) != n for x in filled):
        return None
    hs = sorted(ln.h for x in filled for ln in x[3])
    h = hs[len(hs) // 2]
    mids = []
    for i in range(n):
        ys_i = [(x[3][i].top + x[3][i].bottom) / 2 for x in filled]
        if max(ys_i) - min(ys_i) > 0.5 * h:
            return None
        mids.append(sum(ys_i) / len(ys_i))
    for c, c1, _k, lines in filled:
        # wrapped text fills its cell's width line after line: that is one value, not rows
        width = xs[c1] - xs[c]
        if any(ln.x1 - ln.x0 >= 0.75 * width and not _is_figure(ln.text) for ln in lines[:-1]):
            return None
    tops = [min(ln.top for x in filled for ln in [x[3][i]]) for i in range(n)]
    bottoms = [max(ln.bottom for x in filled for ln in [x[3][i]]) for i in range(n)]
    rows = [[""] * nc for _ in range(n)]
    boxes = [[(xs[c], tops[i], xs[c + 1], bottoms[i]) for c in range(nc)] for i in range(n)]
    for c, c1, _k, lines in filled:
        for i, ln in enumerate(lines):
            rows[i][c] = _visual_to_logical(" ".join(w.text for w in ln.words))
            boxes[i][c] = (xs[c], tops[i], xs[c1], bottoms[i])
    return rows, boxes


def _spread(lines: list[_Line], sp, xs, ys) -> Optional[dict]:
    """Place the segments of a cell spanning several grid columns into the columns under them,
    if each fits inside one: {(row, column): (text, bbox)}, or None for a real merged cell."""
    r0, r1, c0, c1 = sp
    placed: dict[int, list[_Seg]] = {}
    for ln in lines:
        for s in _raw_segments(ln):
            c = min(max(bisect.bisect_right(xs, (s.x0 + s.x1) / 2) - 1, c0), c1 - 1)
            if s.x0 < xs[c] - 1 or s.x1 > xs[c + 1] + 1:
                return None  # runs over a grid line: the cell really is merged
            placed.setdefault(c, []).append(s)
    if len(placed) < 2:
        return None
    out = {}
    for c, segs in placed.items():
        segs.sort(key=lambda s: (round(s.top), s.x0))
        out[(r0, c)] = ("\n".join(s.text for s in segs), _union(s.bbox for s in segs))
    return out


def _cell_text(chs: list[dict], fr: _Frame) -> tuple[str, list[_Line]]:
    """Text of one ruled cell, reading each character direction in its own frame.

    Also returns the cell's lines of text that run the frame's way, to spot cells that hide
    white-space columns or unruled rows.
    """
    groups: dict[int, list[dict]] = {}
    for c in chs:
        groups.setdefault(_char_rot(c), []).append(c)
    parts = []
    lines: list[_Line] = []
    for rot in sorted(groups, key=lambda r: (r != fr.rot, r)):
        sub = _Frame(rot, fr.pw, fr.ph)
        cs = _frame_chars(groups[rot], sub)
        if rot == fr.rot:
            lines = _make_lines(cs)
            parts.append("\n".join(_visual_to_logical(" ".join(w.text for w in ln.words)) for ln in lines))
        else:
            parts.append(_text_of_chars(cs))
    return "\n".join(p for p in parts if p), lines


def _cell_is_complex(lines: list[_Line]) -> bool:
    """A cell holding rows and columns of its own: several lines split by wide gaps, or
    several lines of figures."""
    if len(lines) < 2:
        return False
    multi = 0
    figures = 0
    for ln in lines:
        segs = _raw_segments(ln)
        if len(segs) >= 2:
            multi += 1
        if any(_is_figure(s.text) for s in segs):
            figures += 1
    return multi >= 2 or (len(lines) >= 3 and figures >= 3)


def _drop_empty(rows, boxes):
    if not rows:
        return rows, boxes, []
    nc = max(len(r) for r in rows)
    keep_r = [i for i, r in enumerate(rows) if any(v.strip() for v in r)]
    keep_c = [c for c in range(nc) if any(c < len(rows[i]) and rows[i][c].strip() for i in keep_r)]
    rows = [[rows[i][c] if c < len(rows[i]) else "" for c in keep_c] for i in keep_r]
    boxes = [[boxes[i][c] if c < len(boxes[i]) else None for c in keep_c] for i in keep_r]
    return rows, boxes, keep_c


def _count_header_rows(rows: list[list[str]]) -> int:
    """Rows before the first data row (at most half the table); a table without figures has
    one header row."""
    for i, r in enumerate(rows):
        if _is_data_row(r):
            return min(i, max(1, len(rows) // 2))
    return 1 if len(rows) > 1 else 0


# ---------------------------------------------------------------------------------------------
# White-space tables
# ---------------------------------------------------------------------------------------------


def _mark_prose(lines: list[_Line], width: float) -> None:
    """Flag segments that are running text: paragraphs and long sentences."""
    segs: list[tuple[int, _Seg]] = []
    for i, ln in enumerate(lines):
        _raw_segments(ln)
        for s in ln.segs:
            s.prose = False
            segs.append((i, s))
    n = len(segs)
    if not n:
        return
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    by_line: dict[int, list[int]] = {}
    for k, (i, _s) in enumerate(segs):
        by_line.setdefault(i, []).append(k)
    for i in range(len(lines)):
        for k in by_line.get(i, []):
            s = segs[k][1]
            for j in (i + 1, i + 2):
                for m in by_line.get(j, []):
                    t = segs[m][1]
                    gap = t.top - s.bottom
                    h = min(lines[i].h, lines[j].h)
                    if gap <= S.BLOCK_LINE_MARGIN_RATIO * h and _overlap(s.x0, s.x1, t.x0, t.x1) > 0:
                        parent[find(k)] = find(m)
    comps: dict[int, list[int]] = {}
    for k in range(n):
        comps.setdefault(find(k), []).append(k)
    # first the blocks that read like running text ...
    candidates: list[list[int]] = []
    for ks in comps.values():
        ss = [segs[k][1] for k in ks]
        if len(ss) == 1:
            s = ss[0]
            if len(s.words) >= S.SENTENCE_MIN_WORDS and (s.x1 - s.x0) >= S.SENTENCE_MIN_WIDTH * width:
                candidates.append(ks)
            continue
        x0 = min(s.x0 for s in ss)
        x1 = max(s.x1 for s in ss)
        bw = x1 - x0
        if bw < S.PROSE_MIN_WIDTH * width:
            continue
        words = sorted(len(s.words) for s in ss)
        if words[len(words) // 2] < S.PROSE_MIN_WORDS:
            continue
        ss.sort(key=lambda s: s.top)
        body = ss[:-1]
        full = sum(1 for s in body if (s.x1 - s.x0) >= S.PROSE_FULL_LINE * bw)
        if full >= 0.6 * len(body):
            candidates.append(ks)
    # ... then, of those, the ones that are not a column of a table: a table's text column
    # shares its lines with the row's other cells (short ones, not running text themselves)
    in_candidate = {k for ks in candidates for k in ks}
    for ks in candidates:
        beside = 0
        for k in ks:
            i = segs[k][0]
            if any(m not in in_candidate for m in by_line.get(i, []) if m != k):
                beside += 1
        if len(ks) > 1 and beside >= S.PROSE_TABLE_COLUMN_SHARE * len(ks):
            continue
        ss = sorted((segs[k][1] for k in ks), key=lambda s: s.top)
        if len(ss) == 1:
            ss[0].prose = True
            continue
        bw = max(s.x1 for s in ss) - min(s.x0 for s in ss)
        # short lines on top of a paragraph are not part of it (a label, a heading, the
        # wrapped end of a table's last row); its short last line is
        lead = True
        for s in ss:
            is_full = (s.x1 - s.x0) >= S.PROSE_FULL_LINE * bw
            if lead and not is_full:
                continue
            lead = False
            if len(s.words) >= 3 or (s.x1 - s.x0) >= 0.5 * bw:
                s.prose = True


def _stream(lines, fr: _Frame, hlines, *, forced=None, region=None, heads=()) -> list[_Grid]:
    """White-space tables among `lines` (or, with `region`, the one inside ruled column groups,
    whose vertical rules are `forced` column separators)."""
    if not lines:
        return []
    lines = [_Line(ln.words) for ln in lines]  # segments get split below: work on copies
    for ln in lines:
        _raw_segments(ln)
    if forced:
        for ln in lines:
            ln.segs = [
                p for s in ln.segs for p in _split_at_seps(s, [(x - 0.5, x + 0.5) for x in forced], any_gap=True)
            ]
    if region is None:
        _mark_prose(lines, fr.width)
    else:
        for ln in lines:
            for s in ln.segs:
                s.prose = False
    blocks = _blocks(lines, region=region)
    out = []
    for pre, blk, post in blocks:
        g = _block_grid(blk, pre, post, hlines, forced or [], heads)
        if g is not None:
            out.append(g)
    return out


def _is_sentence(text: str) -> bool:
    """A line of words that ends as a sentence does, long enough not to be a label."""
    words = text.split()
    return len(words) >= S.SENTENCE_MIN_WORDS and text.rstrip().endswith((".", "?")) and sum(
        w[:1].islower() for w in words) >= len(words) // 2


def _blocks(lines: list[_Line], region: Optional[BBox] = None):
    """Runs of table-like lines: (the lines just above the run, the run, the lines just below).

    Inside ruled column groups (`region`), white space between the header and the body does not
    end the table, and all of the region's width is the table's: the rules hold it together."""
    blocks: list[tuple[list[_Line], list[_Line], list[_Line]]] = []
    max_gap = math.inf if region else S.MAX_ROW_GAP_RATIO
    cur: list[_Line] = []
    pending: list[_Line] = []
    before: list[_Line] = []  # lines seen since the last block, for header lines above a block
    pre: list[_Line] = []
    bx0 = bx1 = 0.0
    last_bottom = 0.0
    hs = sorted(ln.h for ln in lines)
    h_med = hs[len(hs) // 2]

    gaps: list[float] = []  # gaps above the block's lines with several cells

    def close():
        nonlocal cur, pending, before, gaps
        if cur:
            blocks.append((pre, cur, list(pending)))
            before = list(pending)
        cur, pending, gaps = [], [], []

    def start(ln, live):
        nonlocal cur, bx0, bx1, last_bottom, pre, before
        cur = [ln]
        pre = before[-(S.MAX_SINGLE_RUN + 1):]
        before = []
        bx0, bx1 = min(s.x0 for s in live), max(s.x1 for s in live)
        if region:
            bx0, bx1 = region[0], region[2]
        last_bottom = ln.bottom

    for ln in lines:
        live = ln.live()
        multi = len(live) >= 2
        if not cur:
            if multi:
                start(ln, live)
            else:
                before.append(ln)
            continue
        gap = ln.top - last_bottom
        if gap > max_gap * max(h_med, ln.h) or (
            # a caption after a wide gap starts another table; a row after one is a new section
            not region and not multi and len(gaps) >= 2 and gap > S.ROW_GAP_JUMP * max(_median(gaps), ln.h)
        ):
            close()
            if multi:
                start(ln, live)
            else:
                before.append(ln)
            continue
        prose_hit = any(s.prose and _overlap(s.x0, s.x1, bx0, bx1) > 0 for s in ln.segs)
        if prose_hit or (not region and len(live) == 1 and _is_sentence(live[0].text)):
            # a sentence between runs of rows ("The number of allegations that were upheld.")
            # introduces the next table: it is not a row of this one
            close()
            before.append(ln)
            continue
        inside = [s for s in live if _overlap(s.x0, s.x1, bx0, bx1) > -2 * ln.h]
        if not inside:
            continue  # text beside the table (another column of the page)
        if len(inside) >= 2:
            gaps.append(max(0.0, gap))
            cur += pending + [ln]
            pending = []
            bx0, bx1 = min(bx0, *(s.x0 for s in inside)), max(bx1, *(s.x1 for s in inside))
            last_bottom = ln.bottom
        else:
            pending.append(ln)
            if len(pending) > S.MAX_SINGLE_RUN:
                close()
                continue
            last_bottom = ln.bottom
    close()
    return blocks


def _block_grid(blk, pre, post, hlines, forced: list[float], heads=()) -> Optional[_Grid]:
    """The table of one block of lines (with the lines just above and below it), or None if
    the block is not a table after all."""
    multi = [ln for ln in blk if len(ln.live()) >= 2]
    if len(multi) < S.MIN_MULTI_ROWS:
        return None
    for ln in blk:
        _refine(ln)
    for ln in pre:
        _refine(ln)
    data = [ln for ln in multi if _is_data_row([s.text for s in ln.live()])]
    body = data if len(data) >= S.MIN_MULTI_ROWS else multi
    x0 = min(s.x0 for ln in blk for s in ln.live())
    x1 = max(s.x1 for ln in blk for s in ln.live())
    forced = list(forced)
    method = "mixed" if forced else "text"
    for hb, hx in heads:  # a boxed heading row on top of the block gives its columns
        top_lines = (pre[-2:] if pre else []) + blk[:3]
        on_top = any(hb[1] - 1 <= (ln.top + ln.bottom) / 2 <= hb[3] + 1 for ln in top_lines)
        if on_top and _overlap(hb[0], hb[2], x0, x1) >= 0.8 * (x1 - x0):
            x0, x1 = min(x0, hb[0]), max(x1, hb[2])
            forced += [x for x in hx if x0 < x < x1]
            method = "mixed"
    seps = _separators(body, x0, x1)
    seps = [sp for sp in seps if not any(sp[0] - 1 <= x <= sp[1] + 1 for x in forced)]
    seps += [(x - 0.5, x + 0.5) for x in forced if x0 < x < x1]
    seps.sort()
    if not seps:
        return None
    # column bands, parted where each white band is best cut given how its columns align
    cuts = _cuts(seps, body, x0, x1, forced)
    in_body = set(map(id, body))
    cuts = _cuts_clear_of_headings(cuts, seps, [ln for ln in blk[:2] if id(ln) not in in_body and len(ln.live()) >= 2])
    bands = [(x0, cuts[0])] + [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)] + [(cuts[-1], x1)]
    nc = len(bands)
    white = seps
    body_set = set(map(id, body))
    seps = [(c - 0.5, c + 0.5) for c in cuts]
    blk = _header_lines_above(pre, blk, bands, seps, x0, x1) + blk
    blk = blk + _wrapped_lines_below(post, blk[-1], seps, x0, x1)
    rows: list[list[str]] = []
    boxes: list[list[Optional[BBox]]] = []
    spanning: list[bool] = []
    line_of_row: list[_Line] = []
    for ln in blk:
        cells: list[list[_Seg]] = [[] for _ in range(nc)]
        span = False
        for s in ln.live():
            # body rows may be parted at any white band; other rows (headers, where a group
            # header spans several columns) only where the columns are cut
            for piece in _split_at_seps(s, white + seps if id(ln) in body_set else seps):
                c, crosses = _assign(piece, bands, seps)
                span = span or crosses
                cells[c].append(piece)
        row = [" ".join(p.text for p in cs) for cs in cells]
        if not any(v.strip() for v in row) or all(_RULE_TEXT.match(v) for v in row if v.strip()):
            continue  # empty, or a line of dashes under the headings of a text report
        box = []
        for c, cs in enumerate(cells):
            if cs:
                box.append(_union(p.bbox for p in cs))
            else:
                box.append((bands[c][0], ln.top, bands[c][1], ln.bottom))
        rows.append(row)
        boxes.append(box)
        spanning.append(span)
        line_of_row.append(ln)
    if not rows:
        return None
    n_multi = sum(1 for r in rows if sum(1 for v in r if v.strip()) >= 2)
    if n_multi < S.MIN_MULTI_ROWS or n_multi < S.MIN_MULTI_ROW_SHARE * len(rows):
        return None
    if _looks_like_list(rows):
        return None
    rows, boxes, line_of_row, spanning = _merge_stream_header(
        rows, boxes, line_of_row, spanning, hlines
    )
    rows, boxes, keep = _drop_empty(rows, boxes)
    rows, boxes, keep = _drop_stray_edge_columns(rows, boxes, keep, bands, white, blk)
    if not rows or len(rows[0]) < S.MIN_COLUMNS:
        return None
    g = _Grid(page=0, rows=rows, boxes=boxes, method=method, cols=[bands[c] for c in keep])
    g.bbox = _union(b for row in boxes for b in row if b)
    g.header_rows = _count_header_rows(rows)
    return g


def _cuts_clear_of_headings(cuts: list[float], white, headings: list[_Line]) -> list[float]:
    """A cut placed in a white band from the body alone can run through a heading wider than
    its column ("Dismissed" over a column of dashes): move it past the heading, where the
    band leaves room, so the heading stays over its own column."""
    out = []
    for c in cuts:
        band = next(((a, b) for a, b in white if a - 0.5 <= c <= b + 0.5), None)
        if band is not None:
            for ln in headings:
                segs = ln.live()
                for sg in segs:
                    if not (sg.x0 < c < sg.x1 and sg.x0 <= band[0] + 1):
                        continue
                    # room between this heading and the band's end, or the next heading
                    limit = min([band[1]] + [o.x0 for o in segs if o.x0 >= sg.x1])
                    if sg.x1 < limit - 1:
                        c = (sg.x1 + limit) / 2
        out.append(c)
    return out


def _drop_stray_edge_columns(rows, boxes, keep, bands, seps, blk):
    """Drop what stands at the left or right of a table beyond a wide white gap when it fills only
    a few rows and not the first (labels of a picture beside the table, a margin note)."""
    if not rows or len(keep) < 3 or not seps:
        return rows, boxes, keep
    hs = sorted(ln.h for ln in blk)
    h = hs[len(hs) // 2]
    widths = sorted(b - a for a, b in seps)
    wide = max(S.STRAY_GAP_RATIO * h, 2 * widths[len(widths) // 2])
    n = len(rows)
    lo, hi = 0, len(keep)  # the kept columns are keep[lo:hi]
    for k, (a, b) in enumerate(seps):
        if b - a <= wide:
            continue
        # band index k is left of separator k
        left = [j for j, c in enumerate(keep) if c <= k]
        right = [j for j, c in enumerate(keep) if c > k]
        if not left or not right:
            continue
        used_l = sum(1 for r in rows if any(r[j].strip() for j in left))
        used_r = sum(1 for r in rows if any(r[j].strip() for j in right))
        # a real column has a header, or at least a value in the first row
        head_l = any(rows[0][j].strip() for j in left)
        head_r = any(rows[0][j].strip() for j in right)
        if used_l <= S.STRAY_COLUMN_SHARE * n and not head_l and len(right) >= 2:
            lo = max(lo, right[0])
        elif used_r <= S.STRAY_COLUMN_SHARE * n and not head_r and len(left) >= 2:
            hi = min(hi, left[-1] + 1)
    if hi - lo < 2 or (lo == 0 and hi == len(keep)):
        return rows, boxes, keep
    rows = [r[lo:hi] for r in rows]
    boxes = [b[lo:hi] for b in boxes]
    rows, boxes, k2 = _drop_empty(rows, boxes)
    keep = [keep[lo:hi][j] for j in k2]
    return rows, boxes, keep


def _wrapped_lines_below(post: list[_Line], last: _Line, seps, x0, x1) -> list[_Line]:
    """Lines right under a table's last row, as close as wrapped lines of one cell are (the rest
    of a label), that stay within one column: they belong to the table. A footnote or a new
    paragraph sits further down."""
    out = []
    above = last
    for ln in post[:2]:
        near = [sg for sg in ln.segs if _overlap(sg.x0, sg.x1, x0 - 2, x1 + 2) > 0]
        live = [sg for sg in near if not sg.prose]
        if not live or len(live) < len(near):
            break
        if ln.top - above.bottom > S.HEADER_WRAP_GAP_RATIO * max(ln.h, above.h):
            break
        if any(sg.x0 < x0 - 2 or sg.x1 > x1 + 2 for sg in live):
            break
        if any(sg.x0 < (a + b) / 2 < sg.x1 for sg in live for a, b in seps):
            break
        if len(live) < len(ln.segs):
            ln = _clipped(ln, live)
        out.append(ln)
        above = ln
    return out


def _clipped(ln: _Line, segs: list[_Seg]) -> _Line:
    nl = _Line([w for sg in segs for w in sg.words])
    nl.segs = segs
    return nl


def _header_lines_above(pre: list[_Line], blk: list[_Line], bands, seps, x0, x1) -> list[_Line]:
    """Lines just above a block that belong to it: header cells over its columns (such as a lone
    year over the figures) and the first-column labels between them and the block."""
    taken: list[_Line] = []
    below = blk[0]
    keep = 0
    for ln in reversed(pre):
        reach = S.HEADER_OVERHANG_RATIO * ln.h  # a header may be wider than its figures
        near = [s for s in ln.segs if _overlap(s.x0, s.x1, x0 - reach, x1 + reach) > 0]
        live = [s for s in near if not s.prose]
        if not live or len(live) < len(near):
            break
        if below.top - ln.bottom > S.MAX_ROW_GAP_RATIO * max(ln.h, below.h):
            break
        if any(s.x0 < x0 - reach or s.x1 > x1 + reach for s in live):
            break
        if any(s.x0 < (a + b) / 2 < s.x1 for s in live for a, b in seps):
            break  # runs across the columns: a title
        if len(live) < len(ln.segs):
            ln = _clipped(ln, live)
        taken.append(ln)
        below = ln
        if any(_assign(s, bands, seps)[0] > 0 for s in live):
            keep = len(taken)
    return list(reversed(taken[:keep]))


def _cuts(seps, body: list[_Line], x0: float, x1: float, forced) -> list[float]:
    """Where to cut each white band between two columns.

    Between two right-aligned columns (figures), a header wider than its figures reaches left
    into the band: cut at the band's left edge. Between two left-aligned columns (text), text
    overflows to the right: cut at the band's right edge. Otherwise cut in the middle. A rule is
    cut exactly where it is."""
    mids = [(a + b) / 2 for a, b in seps]
    edges = [x0] + mids + [x1]
    n = len(edges) - 1
    lefts: list[list[float]] = [[] for _ in range(n)]
    rights: list[list[float]] = [[] for _ in range(n)]
    figures = [0] * n
    for ln in body:
        for sg in ln.live():
            c = min(max(bisect.bisect_right(edges, (sg.x0 + sg.x1) / 2) - 1, 0), n - 1)
            lefts[c].append(sg.x0)
            rights[c].append(sg.x1)
            figures[c] += _is_num(sg.text)

    def spread(v):
        if len(v) < 3:
            return None
        v = sorted(v)
        k = len(v) // 10 if len(v) < 5 else max(1, len(v) // 10)  # ignore a stray value or two
        return v[-1 - k] - v[k]

    align = []
    for c in range(n):
        sl, sr = spread(lefts[c]), spread(rights[c])
        if sl is None or sr is None:
            align.append("?")
        elif abs(sl - sr) <= 1.0 and figures[c] >= 0.8 * max(1, len(lefts[c])):
            align.append("R")  # figures of one width: figures are set flush right
        elif sr + 1.0 < 0.5 * sl:
            align.append("R")
        elif sl + 1.0 < 0.5 * sr:
            align.append("L")
        else:
            align.append("?")
    out = []
    for i, (a, b) in enumerate(seps):
        if any(abs((a + b) / 2 - x) < 0.6 for x in forced):
            out.append((a + b) / 2)
            continue
        pad = min(1.5, (b - a) / 3)
        if align[i] == "R" and align[i + 1] == "R":
            out.append(a + pad)
        elif align[i] == "L" and align[i + 1] == "L":
            out.append(b - pad)
        else:
            out.append((a + b) / 2)
    return out


def _separators(body: list[_Line], x0: float, x1: float) -> list[tuple[float, float]]:
    """Vertical white bands crossing the body rows: the column separators."""
    step = 0.5
    n = int(math.ceil((x1 - x0) / step)) + 1
    cover = [0] * n
    for ln in body:
        for s in ln.live():
            a = int((s.x0 - x0) / step)
            b = int(math.ceil((s.x1 - x0) / step))
            for i in range(max(0, a), min(n, b + 1)):
                cover[i] += 1
    thr = int(S.SEPARATOR_CROSS_SHARE * len(body)) if len(body) >= 8 else 0
    seps = []
    i = 0
    while i < n:
        if cover[i] <= thr:
            j = i
            while j < n and cover[j] <= thr:
                j += 1
            a, b = x0 + i * step, x0 + j * step
            if i > 0 and j < n and b - a >= S.MIN_SEPARATOR_WIDTH:
                seps.append((a, b))
            i = j
        else:
            i += 1
    return seps


def _split_at_seps(s: _Seg, seps, any_gap: bool = False) -> list[_Seg]:
    """Split a segment at word gaps that fall inside column separators."""
    if len(s.words) < 2:
        return [s]
    out: list[_Seg] = []
    cur = [s.words[0]]
    for w in s.words[1:]:
        gap0, gap1 = cur[-1].x1, w.x0
        cut = False
        for a, b in seps:
            if gap0 <= b and gap1 >= a and (any_gap or _overlap(gap0, gap1, a, b) >= min(1.0, gap1 - gap0)):
                cut = True
                break
        if cut:
            out.append(_Seg(cur, s.prose))
            cur = [w]
        else:
            cur.append(w)
    out.append(_Seg(cur, s.prose))
    return out


def _assign(s: _Seg, bands, seps) -> tuple[int, bool]:
    """Column of a segment, and whether it spans several: the first band it covers fully, else
    the first that holds a fair part of a spanning segment, else the one it overlaps most."""
    best, best_frac = 0, -1.0
    hits = 0
    for c, (a, b) in enumerate(bands):
        ov = _overlap(s.x0, s.x1, a, b)
        if ov <= 0:
            continue
        hits += 1
        frac = ov / max(b - a, 0.1)
        if frac >= 0.999:
            frac = 2.0  # fully covered: the first such wins
        if frac > best_frac:
            best, best_frac = c, frac
    # crossing: the segment runs over a cut between columns (a group header over several
    # columns): it goes to the first column it covers a fair part of, like a merged cell
    crosses = any(s.x0 < (a + b) / 2 < s.x1 for a, b in seps)
    if crosses and best_frac < 2.0:
        wid = max(s.x1 - s.x0, 0.1)
        for c, (a, b) in enumerate(bands):
            if _overlap(s.x0, s.x1, a, b) >= 0.2 * wid:
                return c, crosses
    return best, crosses


# list markers: "1." "(a)" "iv)" bullets, and bullets from symbol fonts that have no Unicode
# mapping ("(cid:127)") or sit in the private use area (Wingdings: U+F0B7 ...)
_BULLET = re.compile(
    r"^(\(?[0-9ivxlc]{1,4}[.)]|\(?[a-z][.)]|[•·\-–*▪●○◦■□➢✓o\uf000-\uf0ff]|\(cid:\d+\))$", re.IGNORECASE
)


def _looks_like_list(rows: list[list[str]]) -> bool:
    firsts = [r[0].strip() for r in rows if r[0].strip()]
    ncols = sum(1 for c in range(len(rows[0])) if any(r[c].strip() for r in rows))
    if ncols <= 2 and firsts and sum(1 for f in firsts if _BULLET.match(f)) >= 0.8 * len(firsts):
        return True
    return False


def _merge_stream_header(rows, boxes, lines, spanning, hlines):
    """Merge the header lines just above the data that are clearly one wrapped header row."""
    first_data = None
    for i, r in enumerate(rows):
        if _is_data_row(r):
            first_data = i
            break
    if not first_data or first_data < 2:
        return rows, boxes, lines, spanning
    # walk up from the first data row while lines are tight, with no rule between and no span
    j = first_data - 1
    start = j
    while start - 1 >= 0:
        a, b = lines[start - 1], lines[start]
        if spanning[start - 1] or spanning[start]:
            break
        gap = b.top - a.bottom
        if gap > S.HEADER_WRAP_GAP_RATIO * max(a.h, b.h):
            break
        if _rule_between(hlines, a, b):
            break
        if not _aligned_with_below(start - 1, j, rows, boxes, a.h):
            break  # e.g. a group header over several columns: a row of its own
        start -= 1
    if start == j:
        return rows, boxes, lines, spanning
    if spanning[j]:
        return rows, boxes, lines, spanning
    nc = len(rows[0])
    merged = [" ".join(rows[i][c] for i in range(start, j + 1) if rows[i][c].strip()) for c in range(nc)]
    mbox = []
    for c in range(nc):
        bs = [boxes[i][c] for i in range(start, j + 1) if rows[i][c].strip()]
        mbox.append(_union(bs) if bs else _union(boxes[i][c] for i in range(start, j + 1)))
    rows = rows[:start] + [merged] + rows[j + 1 :]
    boxes = boxes[:start] + [mbox] + boxes[j + 1 :]
    lines = lines[:start] + [lines[j]] + lines[j + 1 :]
    spanning = spanning[:start] + [False] + spanning[j + 1 :]
    return rows, boxes, lines, spanning


def _aligned_with_below(i: int, j: int, rows, boxes, h: float) -> bool:
    """Whether each cell of header row i lines up (left, right or centre) with the next cell
    below it in rows i+1..j: the two are one wrapped heading."""
    tol = S.HEADER_ALIGN_RATIO * h
    for c, v in enumerate(rows[i]):
        if not v.strip():
            continue
        below = next((boxes[k][c] for k in range(i + 1, j + 1) if rows[k][c].strip()), None)
        if below is None:
            continue
        a = boxes[i][c]
        if not (
            abs(a[0] - below[0]) <= tol
            or abs(a[2] - below[2]) <= tol
            or abs((a[0] + a[2]) / 2 - (below[0] + below[2]) / 2) <= tol
        ):
            return False
    return True


def _rule_between(hlines, a: _Line, b: _Line) -> bool:
    y0, y1 = a.bottom - 0.5, b.top + 0.5
    for y, ex0, ex1 in hlines:
        if y0 <= y <= y1 and _overlap(ex0, ex1, min(a.x0, b.x0), max(a.x1, b.x1)) > 0:
            return True
    return False


# =============================================================================================
# Tables that continue on the next page
# =============================================================================================


def _join_continuations(found: list[list[_Grid]], infos: list[_PageInfo]) -> list[_Grid]:
    """One table for a table that runs on over pages; every other table as it is."""
    for i, grids in enumerate(found):
        for g in grids:
            g.page = i + 1
            g.pages = [[i + 1] * len(r) for r in g.rows]
            g.tail = (i + 1, g.fbbox)
    out: list[_Grid] = []
    open_t: Optional[_Grid] = None  # the last table of the previous page
    for grids in found:
        new_open = None
        for k, g in enumerate(grids):
            cur = g
            if k == 0 and open_t is not None:
                mapping = _continuation(open_t, g, infos)
                if mapping is not None:
                    _append(open_t, g, *mapping)
                    cur = open_t
                else:
                    out.append(g)
            else:
                out.append(g)
            if k == len(grids) - 1:
                new_open = cur
        open_t = new_open
    return out


def _running_key(text: str) -> str:
    """A line's text with its numbers blanked: "Page 2 of 3" and "Page 3 of 3" are one running line."""
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def _running_lines(infos: list[_PageInfo]) -> set[str]:
    """Lines printed near the top or foot of two or more pages: running headers and footers,
    never a table's title."""
    pages_of: dict[str, set[int]] = {}
    for i, info in enumerate(infos):
        for rot, boxes in info.lines_by_rot.items():
            height = info.height_by_rot.get(rot) or 0.0
            for (_x0, top, _x1, bottom), text in zip(boxes, info.texts_by_rot.get(rot, [])):
                if top < height * S.CONTINUATION_MARGIN or bottom > height * (1 - S.CONTINUATION_MARGIN):
                    pages_of.setdefault(_running_key(text), set()).add(i)
    return {key for key, pages in pages_of.items() if len(pages) >= 2}


def _assign_captions(found: list[list[_Grid]], infos: list[_PageInfo]) -> None:
    """Give each table the title line printed just above it, if there is one."""
    running = _running_lines(infos)
    for grids, info in zip(found, infos):
        for g in grids:
            if g.fbbox is None:
                continue
            x0, top, x1, _bottom = g.fbbox
            boxes = info.lines_by_rot.get(g.frame_rot, [])
            texts = info.texts_by_rot.get(g.frame_rot, [])
            others = [o.fbbox for o in grids if o is not g and o.fbbox and o.frame_rot == g.frame_rot]
            above = [
                (box, text) for box, text in zip(boxes, texts)
                if box[3] <= top + 1 and _overlap(box[0], box[2], x0 - S.CAPTION_X_SLACK, x1) > 0
                and not any(_inside((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, o, 1.0) for o in others)
            ]
            if not above:
                continue
            box, text = max(above, key=lambda bt: bt[0][3])
            height = max(box[3] - box[1], 1.0)
            if (top - box[3] > S.CAPTION_MAX_GAP_RATIO * height or _running_key(text) in running
                    or not looks_like_caption(text)):
                continue
            g.caption = " ".join(text.split())


def _continuation(a: _Grid, b: _Grid, infos: list[_PageInfo]):
    """If `b` (first table of a page) carries on `a` (last table of the page before): the
    number of repeated header rows to drop from `b` and the column of `a` for each of `b`'s."""
    tail_page, tail_box = a.tail
    if b.page != tail_page + 1 or a.frame_rot != b.frame_rot:
        return None
    if b.caption:
        return None  # a table with a title of its own starts anew ("Table 2: Number of allegations")
    rot = a.frame_rot
    ia, ib = infos[tail_page - 1], infos[b.page - 1]
    ha, hb = ia.height_by_rot.get(rot), ib.height_by_rot.get(rot)
    if not ha or not hb:
        return None
    # nothing but a footer under the first part, nothing but a running header over the second
    foot = ha * (1 - S.CONTINUATION_MARGIN)
    if any(t > tail_box[3] + 1 and t < foot for _, t, _, _ in ia.lines_by_rot.get(rot, [])):
        return None
    head = hb * S.CONTINUATION_MARGIN
    if any(bt < b.fbbox[1] - 1 and bt > head for _, _, _, bt in ib.lines_by_rot.get(rot, [])):
        return None
    mapping = _map_columns(a.cols, b.cols)
    if mapping is None:
        return None
    # a repeated header is dropped; a different header means a different table
    na = max(a.header_rows, 1)
    skip = 0
    if len(b.rows) > na and all(
        _same_row(_remap(b.rows[r], mapping, len(a.cols)), a.rows[r]) for r in range(na)
    ):
        skip = na
    elif b.header_rows > 0 and len(a.cols) == len(b.cols):
        head_b = [_norm(v) for v in b.rows[0]]
        if any(head_b) and head_b != [_norm(v) for v in a.rows[0]]:
            return None
    return skip, mapping


def _norm(v: str) -> str:
    return " ".join((v or "").split()).lower()


def _same_row(x: list[str], y: list[str]) -> bool:
    return [_norm(v) for v in x] == [_norm(v) for v in y]


def _map_columns(ca: list[tuple[float, float]], cb: list[tuple[float, float]]):
    """Column of `ca` for each column of `cb`, matching by position; None if they differ."""
    if not ca or not cb or len(cb) > len(ca):
        return None
    tol = S.CONTINUATION_X_TOLERANCE
    if len(ca) == len(cb):
        if all(abs(a[0] - b[0]) <= tol and abs(a[1] - b[1]) <= tol for a, b in zip(ca, cb)):
            return list(range(len(cb)))
    # fewer columns on the second page (an empty column is dropped): match by centre
    out = []
    for b in cb:
        cx = (b[0] + b[1]) / 2
        hits = [j for j, a in enumerate(ca) if a[0] - tol / 2 <= cx <= a[1] + tol / 2]
        if len(hits) != 1:
            return None
        out.append(hits[0])
    if any(y <= x for x, y in zip(out, out[1:])):
        return None
    if len(ca) != len(cb):
        # the matched columns must line up closely, not merely overlap
        for j, b in zip(out, cb):
            a = ca[j]
            if _overlap(a[0], a[1], b[0], b[1]) < 0.5 * min(a[1] - a[0], b[1] - b[0]):
                return None
    return out


def _remap(row: list, mapping: list[int], n: int, fill=""):
    out = [fill] * n
    for j, v in zip(mapping, row):
        out[j] = v
    return out


def _append(a: _Grid, b: _Grid, skip: int, mapping: list[int]) -> None:
    n = len(a.cols)
    for r in range(skip, len(b.rows)):
        a.rows.append(_remap(b.rows[r], mapping, n))
        a.boxes.append(_remap(b.boxes[r], mapping, n, None))
        a.pages.append([b.page] * n)
    a.tail = (b.page, b.fbbox)
