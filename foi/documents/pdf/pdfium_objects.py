"""A page's objects read by PDFium, in the reader's format, so pdfminer never parses the page.

pdfminer's content parse is the slowest step of reading a PDF with pdfplumber. PDFium reads
the same characters and paths many times faster. `PdfiumObjects.read(page)` gives what
`page.load_page_objects` copies out of a pdfplumber `Page` (characters, rectangles, lines,
curves, images), read by PDFium; the pdfplumber page is asked only for its boxes, rotation and
font resources.

The objects are made to match pdfminer's:

* a char's box is pdfminer's: from the origin, the advance width and the font's descent, one
  font size high, through the text matrix (PDFium's own boxes include ink); its size is the
  box height; the standard 14 fonts take their descent from pdfminer's metrics, as pdfminer does;
* coordinates go through pdfminer's page matrix (rotation, media box offset) and then
  pdfplumber's flip to a top-left origin;
* characters PDFium makes up (spaces and line breaks between text runs) are dropped; a ligature
  PDFium splits into letters at one origin is one char again, as wide as the glyph's advance
  (PDFium's loose box); a line-end hyphen PDFium reports as U+0002 is "-";
* font names as pdfminer gives them (a name that is not UTF-8 is its bytes' repr);
* paths are split into lines, rectangles and curves by pdfminer's rules, their points taken
  through the path's, any form's and the page's matrices;
* colours are RGB in 0..1 (PDFium converts every colour space to RGB).

A font whose widths have fractions (LibreOffice writes "277.832") is read by PDFium too: PDFium
places each char by widths rounded to whole thousandths, so along a text object its origins
drift from pdfminer's (0.6 pt by a line's end); each char is put back where the font's exact
widths (read by pdfminer, by the text each code stands for) put it, the drift starting again with
each text object.

Where PDFium's objects cannot be trusted to match, `read` leaves the page to pdfminer
(`_Untrusted`): Type3 fonts, text without a font, text objects PDFium leaves out of its
text (it drops repeated runs drawn for fake bold), right-to-left text, vertical writing, a page
PDFium cannot load, a glyph read as more than letters (PDFium drops the space of a repeated
" ."), a ligature in a font without a ToUnicode map (PDFium's letters are a guess), two glyphs
PDFium puts at one origin, and in a font whose widths have fractions: a char its codes do not
tell the width of, a ligature, a turned line, a CID font.

Speed: each character costs two or three calls into PDFium and one small dict, each path
segment four calls; the calls made untyped with plain addresses (`_by_address`), which costs
half of pypdfium2's typed ones. PDFium's own work is about a ninth of the whole.

PDFium is not thread-safe: use one `PdfiumObjects` per process.

Over 800 lines, kept as one module on purpose: every rule above serves one promise (these
objects are pdfplumber's), tested as one against pdfplumber's own objects
(tests/test_pdfium_objects.py); split, a rule for chars would sit apart from the fallback
it needs, and each part would be trusted only with the others.
"""
from __future__ import annotations

import ctypes
import math
from operator import itemgetter
from typing import NamedTuple, Optional

import pypdfium2 as pdfium
import pypdfium2.raw as R
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral, literal_name

from .page import PageObjects
from .text import RTL_LETTER

__all__ = ["PdfiumObjects"]

Matrix = tuple[float, float, float, float, float, float]

_HYPHENS = ("\x02", "\ufffe")  # PDFium's marks for a hyphen at a line end
_MAYBE_GENERATED = (" ", "\r", "\n")
_MAX_FORM_DEPTH = 12
_MAX_CODES = 65536  # a simple font's codes run from FirstChar to LastChar
_CONTENT_ORDER = itemgetter(0, 1)  # (text object's place in the content, char index)
_WIDTH_SLACK = 0.002  # text space units at size 1: PDFium's loose box is in floats
_INK_SLACK = 0.001  # points: PDFium's loose box met the ink box there
_SPACE_RUN_SLACK = 0.01  # of a space's advance: a row of spaces with no added spacing lands exactly


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """m then n (row vectors, as PDF and pdfminer compose matrices)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _page_matrix(mediabox, rotate: int) -> Matrix:
    """pdfminer's device matrix for a page (PDFPageInterpreter.process_page)."""
    x0, y0, x1, y1 = mediabox
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def _strip_subset(name: str) -> str:
    if len(name) > 7 and name[6] == "+" and name[:6].isupper() and name[:6].isalpha():
        return name[7:]
    return name


_STANDARD_ALIASES = (("arial", "helvetica"), ("timesnewroman", "times"), ("couriernew", "courier"))


def _font_key(name: str) -> tuple[str, bool, bool]:
    """A font's family and style, the same for a font and the standard font PDFium puts in its
    place ("Arial,Bold", "Arial-BoldMT" and "Helvetica-Bold")."""
    low = "".join(ch for ch in _strip_subset(name).lower() if ch.isalnum())
    bold = "bold" in low or "black" in low
    italic = "italic" in low or "oblique" in low
    for word in ("bolditalic", "boldoblique", "bold", "italic", "oblique", "black", "psmt", "mt",
                 "regular", "roman"):
        low = low.replace(word, "")
    for alias, standard in _STANDARD_ALIASES:
        if low.startswith(alias):
            low = standard + low[len(alias):]
    return (low, bold, italic)


def _name(value) -> str:
    """A name as pdfminer gives it (`literal_name`): UTF-8, else the bytes' repr ("b'ABCDEE+\\xcb'")."""
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return literal_name(value)
    if isinstance(value, bytes):
        return _decoded(value)
    return str(value) if value is not None else ""


def _decoded(name: bytes) -> str:
    try:
        return name.decode("utf-8")
    except UnicodeDecodeError:
        return str(name)


class _Untrusted(Exception):
    """PDFium's objects for this page may differ from pdfminer's: let pdfminer read it."""


class PdfiumObjects:
    """PDFium's view of one PDF, giving the reader each page's objects.

    Open it on the same file as the pdfplumber `PDF`; close it (or use `with`) when done.
    """

    def __init__(self, path: str):
        self._doc = pdfium.PdfDocument(path)
        self._buf = ctypes.create_string_buffer(512)
        self._exact_by_ref: dict[int, dict[str, Optional[float]]] = {}  # by font object id, over the pages
        self._fonts_by_ref: dict[int, _PageFont] = {}  # the same
        self._new_page()
        self.fallbacks: list[tuple[int, str]] = []  # (page number, why pdfminer read it)

    def close(self) -> None:
        self._doc.close()

    def __enter__(self) -> "PdfiumObjects":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _new_page(self) -> None:
        """Forget the last page's fonts and runs: PDFium's handles are the page's own."""
        self._fonts: dict[int, tuple[str, float]] = {}  # font handle: (name, pdfminer's descent)
        self._widths: dict[int, dict[str, float]] = {}  # font handle: advances at size 1
        self._runs: dict[tuple, _Run] = {}  # (font handle, matrix, size): run
        self._bare: set[str] = set()  # fonts with no descriptor (the standard 14, named bare)
        self._mapped: set[str] = set()  # fonts with a ToUnicode map
        self._exact: dict[str, dict[str, Optional[float]]] = {}  # fonts whose widths have fractions: exact widths

    def read(self, page) -> Optional[PageObjects]:
        """The objects of a pdfplumber page as `page.load_page_objects` copies them out, or None
        when the page is left to pdfminer (why is added to `fallbacks`). The pdfplumber page is
        only asked for its boxes, rotation and font resources: pdfminer never parses it."""
        try:
            return self._read(page)
        except _Untrusted as why:
            self.fallbacks.append((page.page_number, str(why)))
            return None

    # -----------------------------------------------------------------------------------------

    def _read(self, page) -> PageObjects:
        page_obj = page.page_obj
        rotate = page.rotation
        if rotate not in (0, 90, 180, 270):
            raise _Untrusted(f"rotation {rotate}")
        fonts = _page_fonts(page_obj.resources, known=self._fonts_by_ref)
        if any(font.subtype == "Type3" for font in fonts):
            raise _Untrusted("Type3 font")
        self._new_page()
        full_names: dict[object, dict[str, float]] = {}
        for name, _, descent, described, mapped, fractional in fonts:
            if fractional is not None:
                objid = getattr(fractional, "objid", None)  # a font written inline is read each time
                exact = self._exact_by_ref.get(objid) if objid is not None else None
                if exact is None:
                    exact = _exact_widths(fractional)
                    if objid is not None:
                        self._exact_by_ref[objid] = exact
                self._exact[name] = exact
            full_names.setdefault(_strip_subset(name), {})[name] = descent
            full_names.setdefault(_font_key(name), {})[name] = descent
            if not described:
                self._bare.add(name)
            if mapped:
                self._mapped.add(name)
        index = page.page_number - 1
        if index >= len(self._doc):
            raise _Untrusted("page count differs")
        try:
            fpage = self._doc[index]
        except pdfium.PdfiumError as exc:
            raise _Untrusted(f"PDFium cannot load the page: {exc}") from exc
        try:
            ctm = _page_matrix(page_obj.mediabox, rotate)
            flip = _Flip(page)
            graphics = _Graphics(flip)
            text_objects: list[int] = []  # their addresses, in content order
            _walk(fpage.raw, ctm, graphics, text_objects, 0)
            chars = self._chars(fpage.raw, ctm, flip, full_names, text_objects)
        finally:
            fpage.close()
        return PageObjects(float(page.width), float(page.height), chars, graphics.rects, graphics.lines,
                           graphics.curves, graphics.images)

    def _chars(self, fpage, ctm, flip, full_names, text_objects) -> list[dict]:
        textpage = R.FPDFText_LoadPage(fpage)
        if not textpage:
            raise _Untrusted("PDFium cannot read the page's text")
        try:
            return self._read_chars(textpage, ctm, flip, full_names, text_objects)
        finally:
            R.FPDFText_ClosePage(textpage)

    def _read_chars(self, textpage, ctm, flip, full_names, text_objects):
        n = R.FPDFText_CountChars(textpage)
        if n <= 0:
            if any(_has_text(o) for o in text_objects):
                raise _Untrusted("text objects without text")
            return []
        text = _all_text(textpage, n)
        if RTL_LETTER.search("".join(text)):
            raise _Untrusted("right-to-left text (PDFium puts its letters in reading order, pdfminer as drawn)")
        order = {o: k for k, o in enumerate(text_objects)}
        page_address = ctypes.c_void_p(_address(textpage))  # passed as it is to the untyped calls below
        x, y = ctypes.c_double(), ctypes.c_double()
        px, py = ctypes.byref(x), ctypes.byref(y)
        get_object, get_origin, is_generated = _GET_TEXT_OBJECT, _GET_CHAR_ORIGIN, _IS_GENERATED
        runs: dict[int, _Run] = {}
        found: list[tuple[int, int, dict]] = []  # (content order of the text object, index, char)
        prev_key = prev_x = prev_y = None
        space: Optional[tuple] = None  # the drawn space just read: (object, run, x, y, index)
        overhang: Optional[dict] = None  # a ligature just read whose right edge may be its ink's
        drift_key, drift = None, 0.0  # where exact widths move the chars of this text object along (`_Run.exact`)
        for i in range(n):
            ch = text[i]
            if ch in _MAYBE_GENERATED and is_generated(page_address, i):
                # PDFium's own spaces and line breaks: pdfminer has none. (Making a space char of
                # one, as once done here, put a space no PDF drew before a raised footnote digit,
                # so the reader took "1,280" and its marker for two words.)
                continue
            key = get_object(page_address, i)
            if not key:
                continue
            get_origin(page_address, i, px, py)
            ox, oy = x.value, y.value
            if key == prev_key and ox == prev_x and oy == prev_y and found:
                glyph, inked = self._ligature(runs[key], found[-1], ch, ox, oy, i)
                found[-1] = (*found[-1][:2], glyph)
                overhang = glyph if inked else None
                space = None
                continue
            prev_key, prev_x, prev_y = key, ox, oy
            run = runs.get(key)
            if run is None:
                if key not in order:
                    raise _Untrusted("text outside the page's objects")
                run = runs[key] = self._run(textpage, page_address, key, i, ctm, flip, full_names)
            if ch in _HYPHENS:
                ch = "-"
            if run.exact is None:
                char = run.char(ch, ox, oy, i)
            else:
                # PDFium places each char by its font's widths rounded to whole thousandths, so
                # along a text object its origins drift from pdfminer's: put each back where the
                # exact widths put it (the drift starts again with each text object)
                if key != drift_key:
                    drift_key, drift = key, 0.0
                exact_width = run.exact.get(ch)
                if exact_width is None or not run.scale:
                    raise _Untrusted("a char whose exact width cannot be told, in a font whose widths have fractions")
                rounded = run.width(ch, i)
                ox += drift
                char = run.char(ch, ox, oy, i, exact_width)
                drift += (exact_width - rounded) * run.fontsize * run.scale
            if overhang is not None:
                if abs(overhang["bottom"] - char["bottom"]) < 0.01 and overhang["x0"] < char["x0"] < overhang["x1"]:
                    overhang["x1"] = char["x0"]  # its ink reached past its advance: that ends by the next glyph
                overhang = None
            if space is not None and space[0] == key:
                found.extend(space[1].spaces_between(space[2], space[3], ox, oy, order[key], space[4]))
            space = (key, run, ox, oy, i) if ch == " " else None
            found.append((order[key], i, char))
        for o in text_objects:
            if o not in runs and _has_text(o):
                raise _Untrusted("a text object is missing from PDFium's text")
        found.sort(key=_CONTENT_ORDER)  # as pdfminer reads them
        return [c for _, _, c in found]

    def _ligature(self, run: "_Run", first: tuple, ch: str, x: float, y: float, i: int) -> tuple[dict, bool]:
        """Char `i`, drawn at the origin of the char before it (`first`: order, index, char) in the
        same text object: one glyph PDFium split into letters (a ligature), which pdfminer keeps
        one char (as the font's ToUnicode map gives it), as wide as the glyph's advance; and
        whether that width may be the glyph's ink instead (PDFium's loose box reaches it)."""
        if run.exact is not None:
            raise _Untrusted("a ligature in a font whose widths have fractions")
        if not (ch.isalpha() and first[2]["text"].isalpha()):
            # " ." in dot leaders: PDFium drops the space where such a glyph repeats
            raise _Untrusted("one glyph read as a letter and more")
        if run.fontname not in self._mapped:
            raise _Untrusted("a ligature without a ToUnicode map (pdfminer names it from the glyph)")
        advance, inked = run.glyph_advance(i)
        if advance is None:
            raise _Untrusted("a ligature on a turned or slanted line")
        if run.glyph_advance(first[1]) != (advance, inked):
            raise _Untrusted("two glyphs at one origin")
        return run.char(first[2]["text"] + ch, x, y, i, advance), inked

    def _run(self, textpage, page_address, obj_address: int, i, ctm, flip, full_names) -> "_Run":
        """What the chars of char i's text object (at `obj_address`) share; text objects of one
        font, size and matrix share one `_Run` (and its widths). Asked untyped, as the chars are:
        a page has as many text objects as words, often."""
        font_key = _GET_FONT(ctypes.c_void_p(obj_address))
        if not font_key:
            raise _Untrusted("text without a font")
        m = R.FS_MATRIX()
        _GET_TEXT_MATRIX(page_address, i, ctypes.byref(m))
        size = _GET_FONT_SIZE(page_address, i)
        style = (font_key, m.a, m.b, m.c, m.d, size)
        run = self._runs.get(style)
        if run is None:
            font = ctypes.cast(font_key, R.FPDF_FONT)  # typed, for the calls that want it
            known = self._fonts.get(font_key)
            if known is None:
                n = R.FPDFFont_GetBaseFontName(font, self._buf, len(self._buf))
                name = _decoded(self._buf.raw[: max(0, n - 1)])
                if not name:
                    raise _Untrusted("text without a font name")
                known = self._fonts[font_key] = self._font(font, name, full_names)
            fontname, descent = known
            linear = _mult((m.a, m.b, m.c, m.d, 0.0, 0.0), (ctm[0], ctm[1], ctm[2], ctm[3], 0.0, 0.0))
            widths = self._widths.setdefault(font_key, {})
            run = self._runs[style] = _Run(font, fontname, size, descent, linear, ctm, flip, widths, textpage,
                                           m.a if m.b == 0 and m.c == 0 else None)
            run.exact = self._exact.get(fontname)
            if run.exact is None and _strip_subset(fontname) in {_strip_subset(n) for n in self._exact}:
                raise _Untrusted("a font whose widths have fractions cannot be told from another of its name")
        return run

    def _font(self, font, name: str, full_names) -> tuple[str, float]:
        """The page's font (full name, pdfminer's descent per unit size) PDFium calls `name`.

        PDFium strips subset tags and renames a font it stands a standard one in for (Arial as
        Helvetica); where two of the page's fonts could be meant, their descents decide: PDFium
        gives a font's descent from its descriptor, so a descent no described candidate has
        points to the one candidate without a descriptor (a standard font named bare, whose
        descent PDFium takes from metrics of its own)."""
        candidates = dict(full_names.get(_strip_subset(name), {}))
        candidates.update(full_names.get(_font_key(name), {}))
        if len({_strip_subset(n) for n in candidates}) > 1:
            d = ctypes.c_float()
            if R.FPDFFont_GetDescent(font, ctypes.c_float(1.0), d):
                close = {n: v for n, v in candidates.items() if abs(v + abs(d.value)) < 0.002}
                bare = {n: v for n, v in candidates.items() if n in self._bare}
                if len({_strip_subset(n) for n in close}) == 1:
                    candidates = close
                elif not close and len(bare) == 1:
                    candidates = bare
        if len({_strip_subset(n) for n in candidates}) != 1:
            raise _Untrusted(f"font {name!r} cannot be told among the page's fonts")
        descents = set(candidates.values())
        if len(descents) != 1:
            raise _Untrusted(f"subsets of font {name!r} differ")
        fontname = next(iter(candidates)) if len(candidates) == 1 else _strip_subset(name)
        return fontname, descents.pop()


def _address(pointer) -> int:
    """The address a ctypes pointer holds (reading its bytes: `ctypes.cast` costs twice as much)."""
    return ctypes.c_void_p.from_buffer(pointer).value or 0


def _by_address(function, restype):
    """`function` called without argument types: pointers given as `c_void_p` or `byref`,
    indexes as ints. pypdfium2's typed pointers cost a cast, and declared argument types a
    conversion, for every call: these are called for every character or path segment of a page."""
    untyped = ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value or 0)
    untyped.argtypes = None  # type: ignore[assignment]  # ctypes' own way to say "any arguments"
    return untyped


_GET_TEXT_OBJECT = _by_address(R.FPDFText_GetTextObject, ctypes.c_void_p)  # (text page, index) -> object
_GET_CHAR_ORIGIN = _by_address(R.FPDFText_GetCharOrigin, ctypes.c_int)  # (text page, index, &x, &y) -> ok
_IS_GENERATED = _by_address(R.FPDFText_IsGenerated, ctypes.c_int)  # (text page, index) -> 1 if PDFium's own
# and for every object of a page, every text object
_GET_PAGE_OBJECT = _by_address(R.FPDFPage_GetObject, ctypes.c_void_p)  # (page, index) -> object
_GET_FORM_OBJECT = _by_address(R.FPDFFormObj_GetObject, ctypes.c_void_p)  # (form, index) -> object
_GET_TYPE = _by_address(R.FPDFPageObj_GetType, ctypes.c_int)  # (object) -> FPDF_PAGEOBJ_*
_GET_OBJECT_TEXT = _by_address(R.FPDFTextObj_GetText, ctypes.c_ulong)  # (text object, text page, buffer, length) -> bytes
_GET_FONT = _by_address(R.FPDFTextObj_GetFont, ctypes.c_void_p)  # (text object) -> font
_GET_TEXT_MATRIX = _by_address(R.FPDFText_GetMatrix, ctypes.c_int)  # (text page, index, &matrix) -> ok
_GET_FONT_SIZE = _by_address(R.FPDFText_GetFontSize, ctypes.c_double)  # (text page, index) -> size
# and for every segment of every path
_GET_SEGMENT = _by_address(R.FPDFPath_GetPathSegment, ctypes.c_void_p)  # (path, index) -> segment
_GET_POINT = _by_address(R.FPDFPathSegment_GetPoint, ctypes.c_int)  # (segment, &x, &y) -> ok
_GET_SEGMENT_TYPE = _by_address(R.FPDFPathSegment_GetType, ctypes.c_int)  # (segment) -> FPDF_SEGMENT_*
_GET_CLOSE = _by_address(R.FPDFPathSegment_GetClose, ctypes.c_int)  # (segment) -> 1 if it closes the subpath


class _Run:
    """What the chars of one text object share, and how each one's box is made from its origin.

    pdfminer's box of a char: origin + {0, advance} along the text direction + {descent,
    descent + size} across it, through the text matrix; the smallest box holding those corners."""

    __slots__ = ("font", "fontname", "fontsize", "widths", "textpage", "scale", "upright", "c", "d", "numbers", "exact")

    def __init__(self, font, fontname: str, fontsize: float, descent: float, linear, ctm, flip: "_Flip",
                 widths: dict[str, float], textpage, scale: Optional[float]):
        self.font = font
        self.fontname = fontname
        self.fontsize = fontsize
        self.widths = widths  # the font's advances at size 1, shared by its runs
        self.textpage = textpage
        self.scale = scale  # the text matrix's x scale when it neither turns nor slants, else None
        a, b, c, d = linear[:4]
        self.c, self.d = c, d  # (a and b are in `numbers`)
        self.upright = a * d > 0 and b * c <= 0
        lo = descent * fontsize
        hi = lo + fontsize
        across_x = (min(c * lo, c * hi), max(c * lo, c * hi))
        across_y = (min(d * lo, d * hi), max(d * lo, d * hi))
        self.numbers = (fontsize, *ctm, a, b, *across_x, *across_y, flip.dx, flip.top0)
        self.exact: Optional[dict[str, Optional[float]]] = None  # the font's exact widths, where PDFium rounds them

    def width(self, ch: str, i: int) -> float:
        """Advance of `ch` (char `i` of the page) for a font size of 1, in text space units.

        PDFium gives a font's width by char code, and `ch` is unicode: in a subset font with
        codes of its own that is another glyph's width (a too-wide "l" then covers the space
        after it). PDFium's loose box of the char holds its true advance (and any ink beyond
        it), so a width wider than the loose box is taken from the box instead."""
        w = self.widths.get(ch)
        if w is None:
            w = 0.0
            out = ctypes.c_float()
            if len(ch) == 1 and R.FPDFFont_GetGlyphWidth(self.font, ord(ch), ctypes.c_float(1.0), out):
                w = out.value
            loose = self.glyph_width(i)
            if loose is not None and w > loose + _WIDTH_SLACK:
                w = loose
            self.widths[ch] = w
        return w

    def _loose_box(self, i: int):
        """(PDFium's loose box of char `i`, its width for a font size of 1), or None where the
        line turns or slants. The box runs from the origin to the advance by char code, or to
        the ink where the ink reaches further."""
        box = R.FS_RECTF()
        if self.scale and self.fontsize and R.FPDFText_GetLooseCharBox(self.textpage, i, box):
            return box, abs(box.right - box.left) / abs(self.scale * self.fontsize)
        return None

    def glyph_width(self, i: int) -> Optional[float]:
        """At most the advance of char `i`'s glyph for a font size of 1 (its loose box's width)."""
        loose = self._loose_box(i)
        return None if loose is None else loose[1]

    def glyph_advance(self, i: int) -> tuple[Optional[float], bool]:
        """(glyph_width(i), whether that box ends at the glyph's ink rather than its advance)."""
        loose = self._loose_box(i)
        if loose is None:
            return None, False
        box, width = loose
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        inked = bool(R.FPDFText_GetCharBox(self.textpage, i, left, right, bottom, top)) and (
            left.value <= box.left + _INK_SLACK or right.value >= box.right - _INK_SLACK)
        return width, inked

    def spaces_between(self, x: float, y: float, next_x: float, next_y: float, order: int, i: int) -> list:
        """The spaces PDFium left out after the drawn space at (x, y) (it keeps one of a row of
        spaces, pdfminer reads them all), as (order, index, char): where the next char of the
        object starts a whole number of space advances further along the same baseline."""
        if not self.scale or next_y != y:
            return []
        step = self.width(" ", i) * self.fontsize * self.scale
        if step <= 0:
            return []
        count = round((next_x - x) / step)
        if count < 2 or abs(next_x - x - count * step) > _SPACE_RUN_SLACK * step:
            return []
        return [(order, i + k / count, self.char(" ", x + k * step, y, i)) for k in range(1, count)]

    def char(self, ch: str, x: float, y: float, i: int, width: Optional[float] = None) -> dict:
        """Char `i`, drawn at origin (x, y) in PDF user space, in the reader's format; its
        advance at size 1 is `width` when given, else the font's for `ch`."""
        # called for every character of every page: the run's numbers come in one unpacking
        fs, m0, m1, m2, m3, m4, m5, a, b, x_lo, x_hi, y_lo, y_hi, dx, top0 = self.numbers
        w = self.widths.get(ch) if width is None else width
        adv = (self.width(ch, i) if w is None else w) * fs
        ox = m0 * x + m2 * y + m4
        oy = m1 * x + m3 * y + m5
        along_x, along_y = a * adv, b * adv
        if along_x >= 0:
            x0, x1 = ox + x_lo, ox + x_hi + along_x
        else:
            x0, x1 = ox + x_lo + along_x, ox + x_hi
        if along_y >= 0:
            y0, y1 = oy + y_lo, oy + y_hi + along_y
        else:
            y0, y1 = oy + y_lo + along_y, oy + y_hi
        return {
            "x0": x0 + dx,
            "x1": x1 + dx,
            "top": top0 - y1,
            "bottom": top0 - y0,
            "text": ch,
            "matrix": (a, b, self.c, self.d, ox, oy),
            "upright": self.upright,
            "fontname": self.fontname,
            "size": y1 - y0,
        }


class _Flip:
    """From pdfminer's device coordinates to the reader's: pdfplumber's top-left origin, less the
    offset of the page's box (as `page.load_page_objects` shifts pdfplumber's objects)."""

    def __init__(self, page):
        x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
        self.dx = float(page.mediabox[0]) - x_off
        self.top0 = float(page.height) + float(page.mediabox[1]) - y_off  # top = top0 - y

    def box(self, xs, ys) -> dict:
        """The box keys of an object whose corners have these x and y."""
        return {"x0": min(xs) + self.dx, "x1": max(xs) + self.dx, "top": self.top0 - max(ys),
                "bottom": self.top0 - min(ys)}

    def point(self, pt) -> tuple[float, float]:
        return (self.dx + pt[0], self.top0 - pt[1])


def _colour(getter, obj) -> Optional[tuple[float, float, float]]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _has_text(address: int) -> bool:
    n = _GET_OBJECT_TEXT(ctypes.c_void_p(address), None, None, 0)
    return n > 2  # UTF-16 bytes, with the terminator: anything beyond an empty string


def _all_text(textpage, n: int) -> list[str]:
    """The unicode of every char index, in one call where the text has no surrogate pairs."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = R.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    raw = buf.raw[: 2 * max(0, got - 1)]
    if len(raw) == 2 * n:
        units = memoryview(raw).cast("H")
        if not any(0xD800 <= u <= 0xDFFF for u in units):
            return [chr(u) for u in units]
    return [chr(R.FPDFText_GetUnicode(textpage, i)) for i in range(n)]


def _fractional_widths(spec: dict) -> bool:
    """Whether a font's widths have fractions (LibreOffice writes "277.832"): PDFium keeps whole
    thousandths, so its origins drift from pdfminer's along a line (0.1pt after 20 letters)."""
    widths = resolve1(spec.get("Widths"))
    if _name(spec.get("Subtype")) == "Type0":
        kids = resolve1(spec.get("DescendantFonts"))
        kid = resolve1(kids[0]) if isinstance(kids, list) and kids else None
        widths = resolve1(kid.get("W")) if isinstance(kid, dict) else None
    if not isinstance(widths, list):
        return False
    for w in widths:
        w = resolve1(w)
        if isinstance(w, list):
            if any(isinstance(v, float) and not v.is_integer() for v in map(resolve1, w)):
                return True
        elif isinstance(w, float) and not w.is_integer():
            return True
    return False


def _descent(spec: dict) -> float:
    """pdfminer's descent of a font per unit size (PDFFont.get_descent, Type3 aside)."""
    name = _name(spec.get("BaseFont"))
    subtype = _name(spec.get("Subtype"))
    if subtype in ("Type1", "MMType1", "TrueType") and name in FONT_METRICS:
        value = FONT_METRICS[name][0].get("Descent", 0)
        descent = float(value) if isinstance(value, (int, float)) else 0.0
    else:
        if subtype == "Type0":
            kids = resolve1(spec.get("DescendantFonts"))
            spec = resolve1(kids[0]) if isinstance(kids, list) and kids else {}
        descriptor = resolve1(spec.get("FontDescriptor")) if isinstance(spec, dict) else None
        value = resolve1(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0
        descent = float(value) if isinstance(value, (int, float)) else 0.0
    return -abs(descent) / 1000


class _PageFont(NamedTuple):
    name: str  # BaseFont
    subtype: str
    descent: float  # pdfminer's, per unit size
    described: bool  # has a font descriptor
    mapped: bool  # has a ToUnicode map
    fractional: object  # the font's reference where its widths have fractions, else None


def _page_fonts(resources, depth: int = 0, seen: Optional[set] = None,
                known: Optional[dict[int, _PageFont]] = None) -> list[_PageFont]:
    """Every font the page and its forms name: no content is parsed. `known` holds the fonts
    already read, by object id (the pages of a document share their fonts)."""
    out: list[_PageFont] = []
    resources = resolve1(resources)
    if not isinstance(resources, dict) or depth > _MAX_FORM_DEPTH:
        return out
    seen = set() if seen is None else seen
    known = {} if known is None else known
    fonts = resolve1(resources.get("Font"))
    if isinstance(fonts, dict):
        for ref in fonts.values():
            objid = getattr(ref, "objid", None)
            if objid is not None and objid in known:
                out.append(known[objid])
                continue
            spec = resolve1(ref)
            if isinstance(spec, dict):
                font = _PageFont(_name(spec.get("BaseFont")), _name(spec.get("Subtype")), _descent(spec),
                                 _has_descriptor(spec), spec.get("ToUnicode") is not None,
                                 ref if _fractional_widths(spec) else None)
                out.append(font)
                if objid is not None:
                    known[objid] = font
    xobjects = resolve1(resources.get("XObject"))
    if isinstance(xobjects, dict):
        for ref in xobjects.values():
            key = getattr(ref, "objid", None)
            if key is not None and key in seen:
                continue
            seen.add(key)
            xobj = resolve1(ref)
            attrs = getattr(xobj, "attrs", None)
            if attrs and _name(attrs.get("Subtype")) == "Form":
                out.extend(_page_fonts(attrs.get("Resources"), depth + 1, seen, known))
    return out


def _exact_widths(ref) -> dict[str, Optional[float]]:
    """A font's advances at size 1 by the text its codes stand for, as pdfminer reads them
    (None where two codes of one text differ), for a font whose widths have fractions."""
    spec = resolve1(ref)
    font = PDFResourceManager().get_font(getattr(ref, "objid", None), spec)
    first, last = resolve1(spec.get("FirstChar")), resolve1(spec.get("LastChar"))
    if not isinstance(first, int) or not isinstance(last, int) or last - first > _MAX_CODES:
        raise _Untrusted("a font's widths have fractions PDFium rounds away, and no range of codes")
    out: dict[str, Optional[float]] = {}
    for code in range(first, last + 1):
        try:
            text = font.to_unichr(code)
        except Exception:  # a code the font does not map: pdfminer gives "(cid:n)", never drawn here
            continue
        width = font.char_width(code)
        if text in out and out[text] != width:
            out[text] = None
        else:
            out[text] = width
    return out


def _has_descriptor(spec: dict) -> bool:
    if _name(spec.get("Subtype")) == "Type0":
        kids = resolve1(spec.get("DescendantFonts"))
        spec = resolve1(kids[0]) if isinstance(kids, list) and kids else {}
    return isinstance(spec, dict) and isinstance(resolve1(spec.get("FontDescriptor")), dict)


# ---------------------------------------------------------------------------------------------
# Paths and images
# ---------------------------------------------------------------------------------------------


class _Graphics:
    """The page's rules, curves and images as the reader copies them out of pdfplumber."""

    def __init__(self, flip: _Flip):
        self.flip = flip
        self.rects: list[dict] = []
        self.lines: list[dict] = []
        self.curves: list[dict] = []
        self.images: list[dict] = []

    def box(self, pts) -> dict:
        return self.flip.box([p[0] for p in pts], [p[1] for p in pts])


_MATRIX = R.FS_MATRIX


def _matrix_of(obj) -> Matrix:
    m = _MATRIX()
    if not R.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(container, parent: Matrix, graphics: _Graphics, text_objects: list, depth: int) -> None:
    """Every path and image of the page (or of a form, when depth > 0), in content order."""
    if depth > _MAX_FORM_DEPTH:
        raise _Untrusted("forms nested too deep")
    if depth == 0:
        count, get = R.FPDFPage_CountObjects(container), _GET_PAGE_OBJECT
    else:
        count, get = R.FPDFFormObj_CountObjects(container), _GET_FORM_OBJECT
    handle = ctypes.c_void_p(_address(container))
    for i in range(count):
        address = get(handle, i)  # untyped: a page has as many objects as words, often
        kind = _GET_TYPE(ctypes.c_void_p(address))
        if kind == R.FPDF_PAGEOBJ_TEXT:
            text_objects.append(address)
            continue
        obj = ctypes.cast(address, R.FPDF_PAGEOBJECT)  # typed, for the calls below
        if kind == R.FPDF_PAGEOBJ_PATH:
            _path(obj, _mult(_matrix_of(obj), parent), graphics)
        elif kind == R.FPDF_PAGEOBJ_IMAGE:
            _image(obj, _mult(_matrix_of(obj), parent), graphics)
        elif kind == R.FPDF_PAGEOBJ_FORM:
            _walk(obj, _mult(_matrix_of(obj), parent), graphics, text_objects, depth + 1)


def _image(obj, m: Matrix, graphics: _Graphics) -> None:
    graphics.images.append(graphics.box([_apply(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]))


def _path(obj, m: Matrix, graphics: _Graphics) -> None:
    fillmode = ctypes.c_int()
    stroke = ctypes.c_int()
    if not R.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return
    fill = fillmode.value != R.FPDF_FILLMODE_NONE
    if not fill and not stroke.value:
        return  # a clipping path, or one drawn with "n": pdfminer paints nothing
    n = R.FPDFPath_CountSegments(obj)
    if n <= 0:
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    handle = ctypes.c_void_p(_address(obj))
    # pdfminer's path: ("m", pt), ("l", pt), ("c", pt, pt, pt), ("h",) in device coordinates
    path: list[tuple] = []
    bezier: list = []
    for j in range(n):
        seg = ctypes.c_void_p(_GET_SEGMENT(handle, j))
        _GET_POINT(seg, px, py)
        pt = _apply(m, x.value, y.value)
        kind = _GET_SEGMENT_TYPE(seg)
        if kind == R.FPDF_SEGMENT_MOVETO:
            path.append(("m", pt))
        elif kind == R.FPDF_SEGMENT_LINETO:
            path.append(("l", pt))
        elif kind == R.FPDF_SEGMENT_BEZIERTO:
            bezier.append(pt)
            if len(bezier) < 3:
                continue
            path.append(("c", *bezier))
            bezier = []
        else:
            raise _Untrusted("a path segment of unknown type")
        if _GET_CLOSE(seg):
            path.append(("h",))
    state = {"stroke": bool(stroke.value), "fill": fill,
             "non_stroking_color": _colour(R.FPDFPageObj_GetFillColor, obj)}
    starts = [k for k, op in enumerate(path) if op[0] == "m"]
    if not starts or starts[0] != 0:
        return  # pdfminer ignores a path that does not begin with a move
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(path)
        _subpath(path[start:end], state, graphics)


def _subpath(path: list[tuple], state: dict, graphics: _Graphics) -> None:
    """One subpath as pdfminer's paint_path classes it: a line, a rectangle or a curve."""
    shape = "".join(op[0] for op in path)
    pts = [op[-1] if op[0] != "h" else path[0][-1] for op in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        graphics.lines.append(graphics.box(pts[:2]))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if closed and square:
            (ax, ay), (bx, by) = pts[0], pts[2]
            graphics.rects.append(dict(graphics.box([(ax, ay), (bx, by)]), **state))
            return
    if not all(math.isfinite(v) for p in pts for v in p):
        raise _Untrusted("a path with points at infinity")
    graphics.curves.append({"pts": [graphics.flip.point(p) for p in pts]})
