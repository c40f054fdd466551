"""Characters to words, words to lines, lines to segments (the cells a line could give a table).

Characters are grouped by the direction they run in (see geometry.Frame) and read upright.
Lines are clustered by the characters' vertical centres; words come from the gaps between
visible letters (space characters drawn over letters, as some report writers do, are ignored);
small raised digits after a figure are footnote markers ("4¹", never "41"); right-to-left text,
stored as seen, is turned back into reading order. A line splits into segments at gaps wider
than a column gap (in a fixed-width font: more than one space).
"""
from __future__ import annotations

import re
from operator import attrgetter, itemgetter
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Optional, Sequence, TypeVar

from ...tables import BBox
from .geometry import Frame, inside, median
from .settings import PdfSettings


# letters of right-to-left scripts (Hebrew, Arabic, Urdu ...)
RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


T = TypeVar("T")


class computed_once(Generic[T]):
    """functools.cached_property without its lock: Python 3.11 takes a lock on the first read of
    each instance's value, and lines, segments and cells are made by the hundred thousand. The
    value goes into the instance's __dict__, where later reads find it without this descriptor."""

    def __init__(self, func: Callable[[Any], T]):
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]  # the descriptor itself, read from the class
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(slots=True)  # made for every character of every line and cell: slots make it cheaper
class Glyph:
    """A character (or, as Word, a run of them) with its box in upright coordinates."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False

    @property
    def height(self) -> float:
        h = self.bottom - self.top
        return 0.1 if 0.1 > h else h  # max(h, 0.1), without the call: asked for every character


class Word(Glyph):
    """Characters of one line close enough together to be one word."""

    pitch: Optional[float] = None  # every character's width, when they are all alike (a fixed-width font)


class WordRun:
    """The extent of a run of words (a cell's text or a line), left to right."""

    words: list[Word]

    @computed_once
    def x0(self) -> float:
        return self.words[0].x0

    @computed_once
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @computed_once
    def top(self) -> float:
        return min(w.top for w in self.words)

    @computed_once
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


@dataclass
class Segment(WordRun):
    """Words of one line close enough together to be one cell."""

    words: list[Word]
    # settings.reverse_rtl_text, carried along so that the text can be cached
    reverse_rtl: bool
    prose: bool = False

    @computed_once
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @computed_once
    def text(self) -> str:
        return visual_to_logical(" ".join(w.text for w in self.words), self.reverse_rtl)


@dataclass
class Line(WordRun):
    """Words of one text line, left to right, and (once split) its segments."""

    words: list[Word]
    segments: list[Segment] = field(default_factory=list)

    @computed_once
    def height(self) -> float:
        hs = sorted(w.height for w in self.words)
        return hs[len(hs) // 2]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments) if self.segments else " ".join(
            w.text for w in self.words
        )

    def fixed_pitch(self, settings: PdfSettings) -> Optional[float]:
        """The character width of a line set in a fixed-width font (a Courier block), else None.
        Letters tell: a proportional font gives "w" and "i" different widths, while its digits
        are often all alike, so a line of figures alone proves nothing."""
        pitches = [w.pitch for w in self.words]
        if not pitches or any(p is None for p in pitches):
            return None
        known = [p for p in pitches if p is not None]  # all of them, after the check above
        lo, hi = min(known), max(known)
        letters = {ch for w in self.words for ch in w.text.lower() if ch.isalpha()}
        if hi > lo * (1 + settings.monospace_width_tolerance) or len(letters) < settings.monospace_min_letters:
            return None
        return median(known)

    def column_gap(self, ratio: float, settings: PdfSettings) -> float:
        """The gap that parts two cells of this line: `ratio` of the text height, or in a
        fixed-width font more than one space (there, one space is a word break, two a column)."""
        gap = ratio * self.height
        pitch = self.fixed_pitch(settings)
        return max(gap, settings.monospace_column_spaces * pitch) if pitch else gap

    def cell_segments(self) -> list[Segment]:
        """The segments that are not running text: the cells this line can give a table."""
        return [s for s in self.segments if not s.prose]


def visual_to_logical(text: str, reverse_rtl: bool) -> str:
    """Right-to-left text is stored left to right as seen; turn it back into reading order."""
    if reverse_rtl and RTL_LETTER.search(text):
        return text[::-1]
    return text


def glyphs_in_frame(chars: Sequence[dict], frame: Frame, settings: PdfSettings) -> list[Glyph]:
    """The characters turned into `frame`, ligatures spelt out, a character drawn twice at one
    place (fake bold) kept once. Each char dict keeps its glyph under "glyph" (None for one kept
    out), so the cells of a ruled table take their characters' glyphs from the page's."""
    out = []
    seen = set()
    tol = settings.dedupe_tolerance
    upright = frame.rot == 0  # to_frame leaves the box as it is: skip the call
    to_frame = frame.to_frame
    bold_fonts: dict[Optional[str], bool] = {}
    for c in chars:
        text = c.get("text") or ""
        glyph = None
        if text:
            if upright:
                x0, t, x1, b = c["x0"], c["top"], c["x1"], c["bottom"]
            else:
                x0, t, x1, b = to_frame((c["x0"], c["top"], c["x1"], c["bottom"]))
            key = (text, round(x0 / tol), round(t / tol))
            if key not in seen:
                seen.add(key)
                fontname = c.get("fontname")
                bold = bold_fonts.get(fontname)
                if bold is None:
                    bold = bold_fonts[fontname] = _is_bold(fontname)
                glyph = Glyph(LIGATURES.get(text, text), x0, t, x1, b, bold)
                out.append(glyph)
        c["glyph"] = glyph
    return out


def _is_bold(fontname: Optional[str]) -> bool:
    font = (fontname or "").lower()
    return "bold" in font or "black" in font


_TEXT, _X0, _TOP, _X1, _BOTTOM, _BOLD = (attrgetter(k) for k in ("text", "x0", "top", "x1", "bottom", "bold"))
_FIRST = itemgetter(0)


def group_into_lines(chars: Sequence[Glyph], settings: PdfSettings) -> list[list[Glyph]]:
    """Cluster characters into text lines by their vertical centre, each sorted left to right."""
    if not chars:
        return []
    # each character's centre and height worked out once (this runs for every cell of every
    # ruled table); a stable sort on the centre, as sorting the characters by it
    items = sorted([((c.top + c.bottom) / 2, c.height, c) for c in chars], key=_FIRST)
    ratio = settings.line_overlap_ratio
    lines: list[list[Glyph]] = []
    cur: list[Glyph] = []
    cy = ch = 0.0
    for y, h, c in items:
        taller = h if h > ch else ch  # max(ch, h), without the call: this runs for every character
        if cur and abs(y - cy) <= ratio * taller:
            cur.append(c)
            n = len(cur)
            cy += (y - cy) / n
            if not c.text.isspace():
                ch = taller
        else:
            if cur:
                lines.append(cur)
            cur = [c]
            cy, ch = y, h
    if cur:
        lines.append(cur)
    for ln in lines:
        ln.sort(key=_X0)
    lines.sort(key=lambda ln: min(map(_TOP, ln)))
    return lines


SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def mark_superscripts(chars: Sequence[Glyph], h: float, settings: PdfSettings) -> list[Glyph]:
    """Footnote markers set as small raised digits ("4" then a raised "1") become "4¹", so that
    they are never read as part of the number ("41")."""
    # only a digit after a visible character can be a marker: most lines have none to test
    candidates = [i for i in range(1, len(chars)) if chars[i].text.isdigit() and not chars[i - 1].text.isspace()]
    if not candidates:
        return list(chars)
    bottoms = sorted([c.bottom for c in chars if not c.text.isspace()])
    baseline = bottoms[len(bottoms) // 2]
    out = list(chars)
    for i in candidates:
        c = chars[i]
        if c.height < settings.superscript_max_height * h and c.bottom < baseline - settings.superscript_min_raise * h:
            out[i] = Glyph(c.text.translate(SUPERSCRIPT_DIGITS), c.x0, c.top, c.x1, c.bottom, c.bold)
    return out


def line_to_words(chars: Sequence[Glyph], settings: PdfSettings) -> list[Word]:
    """The words of one line of characters, sorted left to right (as group_into_lines gives
    them): split at gaps wider than a space, and at space characters that stand between letters."""
    words: list[Word] = []
    cur: list[Glyph] = []
    hs = sorted([c.height for c in chars if not c.text.isspace()]) or [10.0]
    h = hs[len(hs) // 2]
    gap_max = settings.word_gap_ratio * h
    chars = mark_superscripts(chars, h, settings)

    widest = 1 + settings.monospace_width_tolerance  # a fixed-width word's widest char against its narrowest
    backstep = settings.word_backstep_ratio * h

    def flush():
        if cur:
            word = Word(
                "".join(map(_TEXT, cur)),
                cur[0].x0,  # a line's characters come sorted left to right
                min(map(_TOP, cur)),
                max(map(_X1, cur)),
                max(map(_BOTTOM, cur)),
                sum(map(_BOLD, cur)) * 2 > len(cur),
            )
            widths = [c.x1 - c.x0 for c in cur]
            narrowest = min(widths)
            if narrowest > 0 and max(widths) <= narrowest * widest:
                word.pitch = sum(widths) / len(widths)
            words.append(word)
            cur.clear()

    last = None
    after_at = -1  # where the next visible character after the current run of spaces is (len: none)
    n = len(chars)
    for i, c in enumerate(chars):
        if c.text.isspace():
            # a space drawn over the letters next to it is not a word break (some PDFs pad
            # every character with spaces: "0 3 / 2 5"); one between them is
            if after_at < i:  # found once for a run of spaces
                after_at = i + 1
                while after_at < n and chars[after_at].text.isspace():
                    after_at += 1
            after = chars[after_at] if after_at < n else None
            mid = (c.x0 + c.x1) / 2
            if (last is not None and mid < last.x1 - 0.05) or (after is not None and mid > after.x0 + 0.05):
                continue
            flush()
            continue
        last = c
        if cur:
            prev = cur[-1]
            if c.x0 - prev.x1 > gap_max or c.x0 < prev.x0 - backstep:
                flush()
        cur.append(c)
    flush()
    return words


def make_lines(chars: Sequence[Glyph], settings: PdfSettings) -> list[Line]:
    out = []
    for line_chars in group_into_lines(chars, settings):
        words = line_to_words(line_chars, settings)
        if words:
            out.append(Line(words))
    return out


def split_into_segments(line: Line, settings: PdfSettings) -> None:
    """Split a line into segments (cells) at gaps wider than a column gap."""
    gap = line.column_gap(settings.segment_gap_ratio, settings)
    segs: list[Segment] = []
    cur: list[Word] = []
    for w in line.words:
        if cur and w.x0 - cur[-1].x1 > gap:
            segs.append(Segment(cur, settings.reverse_rtl_text))
            cur = []
        cur.append(w)
    if cur:
        segs.append(Segment(cur, settings.reverse_rtl_text))
    line.segments = segs


def split_at_table_gaps(line: Line, settings: PdfSettings) -> None:
    """Split a table line's segments at narrower gaps: inside a table, two spaces can part
    columns (fixed-width reports), and the column bands decide which splits stand."""
    gap = line.column_gap(settings.table_segment_gap_ratio, settings)
    out: list[Segment] = []
    for s in line.segments:
        cur: list[Word] = []
        for w in s.words:
            if cur and w.x0 - cur[-1].x1 > gap:
                out.append(Segment(cur, s.reverse_rtl, s.prose))
                cur = []
            cur.append(w)
        out.append(Segment(cur, s.reverse_rtl, s.prose))
    line.segments = out


def text_of_glyphs(chars: Sequence[Glyph], settings: PdfSettings) -> str:
    """Text of the characters of one cell: words joined by spaces, lines by newlines."""
    out = []
    for line_chars in group_into_lines(chars, settings):
        words = line_to_words(line_chars, settings)
        if words:
            out.append(visual_to_logical(" ".join(w.text for w in words), settings.reverse_rtl_text))
    return "\n".join(out)


def plain_line_text(line: Line, settings: PdfSettings) -> str:
    """A line's text with a wide gap (a column gap) shown as four spaces, as in the page text."""
    out = []
    prev = None
    for w in line.words:
        if prev is not None:
            out.append("    " if w.x0 - prev.x1 > settings.segment_gap_ratio * line.height else " ")
        out.append(w.text)
        prev = w
    return visual_to_logical("".join(out), settings.reverse_rtl_text) if RTL_LETTER.search(line.text) else "".join(out)


def lines_outside(lines: list[Line], boxes: Sequence[BBox]) -> list[Line]:
    """The lines without their words that stand inside any of `boxes`."""
    if not boxes:
        return lines
    out = []
    for ln in lines:
        words = [w for w in ln.words if not any(inside((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2, b, 1.0) for b in boxes)]
        if len(words) == len(ln.words):
            out.append(ln)
        elif words:
            out.append(Line(words))
    return out


def lines_inside(lines: list[Line], box: BBox) -> list[Line]:
    """The lines with only their words that stand inside `box`."""
    out = []
    for ln in lines:
        words = [w for w in ln.words if inside((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2, box, 1.0)]
        if words:
            out.append(ln if len(words) == len(ln.words) else Line(words))
    return out


def segments_of(ln: Line, settings: PdfSettings) -> list[Segment]:
    """The line's segments, split at column gaps the first time they are asked for."""
    if not ln.segments:
        split_into_segments(ln, settings)
    return ln.segments
