"""Table-aware OCR: read a scanned table cell by cell, not as a page of text.

OCRmyPDF (foi.documents.ocr) gives a scanned page a text layer that is good for the letter's
prose, but Tesseract's page layout analysis reads a ruled grid of small numbers as one block
("W N RPWR BWN PARWY" for 2, 4, 1, 0 ...). So after the OCR'd copy has been read, the tables on
its OCR'd pages are read again here, from the page image itself:

1. The page of the OCR'd copy (already deskewed by OCRmyPDF) is rendered at 300 dpi: at 200 dpi
   a scan's thin frame breaks apart. Any skew left is measured from the long horizontal rules
   and taken out.
2. Ruling lines are found with OpenCV morphology (an opening with long thin kernels); rules
   closer than 1.5 mm are one rule (a double rule over a totals row is not a row). A grid of at
   least 2 x 2 cells is a table: it replaces the table the text layer gave for the same place,
   or is added when the text layer gave none. Tables with no rules keep the cells the table
   reader found from the OCR'd words (white-space columns), and those cells are read again.
3. Each cell's image, with the rules painted white, is cropped to its ink with a white margin
   and split into its lines; every line of every cell of a page goes to ONE Tesseract process
   (a list file) in single-line mode (`--psm 7`). No character whitelist: it bought nothing and
   broke percentages.
   Each line is read twice, as it is and half as big again (both in that one process): the two
   readings must agree.
4. Each cell gets Tesseract's lowest word confidence, and a note when the reading is doubtful:
   the two readings differ, a low confidence, or characters that do not belong in a column of
   numbers. The note goes to
   the `cells` table and every figure read from that cell is flagged with it (foi.figures.store).

Cell readings are cached by the SHA-256 of the cell's image, in a JSON file beside the OCR'd
copy (`.ocr/<sha prefix>-<name>.cells.json`), so a rebuild reads nothing again. Nothing here
downloads anything: Tesseract and its English data are Debian packages, OpenCV a wheel.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..dates import YEAR_PATTERN
from ..tables import ParsedDocument, Table

READER_VERSION = 2  # bump when a cell would be read differently: the cache is keyed by it
DPI = 300
LANGUAGE = "eng"
PSM = "7"  # one line of text
TESSERACT_TIMEOUT = 300.0
ENV_SWITCH = "FOI_OCR_TABLES"  # 0: keep the tables OCRmyPDF's text layer gives

INK = 160  # grey level under which a pixel is ink
RULE_INK = 215  # ... and under which it may be part of a rule: grids are often printed grey
RULE_MIN_INCH = 0.35  # a ruling line is at least this long ...
RULE_MAX_THICK_INCH = 0.03  # ... and at most this thick
RULE_MERGE_MM = 1.5  # rules closer than this are one rule (a double rule under a header or over a total)
GRID_MIN_RULES = 3  # a grid has at least 3 horizontal and 3 vertical rules (2 x 2 cells)
GRID_REACH_INCH = 0.06  # how near a rule's end must come to another rule to meet it
MIN_CELL_INCH = 0.08  # a band between rules narrower than this is not a cell
SKEW_MIN_DEGREES = 0.05  # less skew than this is left alone
SPECK_MAX_INCH = 0.012  # a blob of ink no bigger than this, alone in its cell, is dirt
DOT_MAX_INCH = 0.025  # a dot: a full stop, a decimal point, or dirt ...
DOT_CLEAR_INCH = 0.06  # ... dirt when no other ink is this near it
MARGIN_PX = 12
# Every line is read twice, as it is and half as big again: Tesseract can misread a lone digit at
# one size and not the other (a clean 30-pixel "1" read as "4" with 92% confidence), so two
# readings that differ make the cell doubtful
SECOND_SCALE = 1.5  # white margin round each cell's ink
LINE_GAP_PX = 4  # rows of white that separate two lines of text in a cell
COLUMN_GAP_INCH = 0.1  # white wider than this down a table's body separates two columns
HEADING_GAP_INCH = 0.07  # ... and in its heading row, two headings
TABLE_REACH_INCH = 0.12
PICTURE_INCH = 0.3  # a blob of ink taller than this is a picture (or a signature), not text
HEADING_LINES = 0.75  # lines of a heading closer than this share of the row pitch are one heading  # how far past the text layer's box a white-space table is looked for
TEXT_PAD_PT = 2.0  # a white-space table's cell boxes hug their words: look a little wider

LOW_CONFIDENCE = 60.0  # Tesseract word confidence (0-100) under which a cell is doubtful
_NUMBER = re.compile(r"^[<>~]?\s?\d[\d,. ]*%?[*¹²³⁴⁵⁶⁷⁸⁹]*$")
_MARK = re.compile(r"^(?:-|–|—|\*+|n/?a|nil|none|redacted|x)$", re.I)
_YEAR_LABEL = re.compile(YEAR_PATTERN + r"\s*(?:[-/–]\s*\d{2,4})?\s*\*?$")


@dataclass
class CellReading:
    text: str
    confidence: Optional[float] = None  # lowest word confidence, 0-100; None for an empty cell
    note: Optional[str] = None  # why the reading is doubtful, in plain words


@dataclass
class ReadStats:
    pages: int = 0
    tables: int = 0
    grids_found: int = 0  # tables found from the image's rules
    cells_read: int = 0  # cells OCR'd now (not from the cache)
    cells_cached: int = 0
    cells_doubtful: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def available() -> bool:
    """Whether tables can be read cell by cell here: Tesseract and OpenCV are installed, and
    FOI_OCR_TABLES is not 0 (for comparing with the text layer's tables alone)."""
    if os.environ.get(ENV_SWITCH, "").strip() == "0" or shutil.which("tesseract") is None:
        return False
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


# =============================================================================================
# The page image
# =============================================================================================


def render_page(pdf_path: Path, page: int, dpi: int = DPI):
    """Page `page` (1-based) of a PDF as a greyscale numpy array, and its size in points."""
    import numpy as np
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        p = doc[page - 1]
        size = p.get_size()
        img = p.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    return np.array(img), size


def _ink(gray, level: int = INK):
    import cv2

    return cv2.threshold(gray, level, 255, cv2.THRESH_BINARY_INV)[1]


_MASKS: list[tuple] = []  # the last few pages' rule masks: (image, dpi, level, masks)


def _rule_masks(gray, dpi: float = DPI, level: int = INK):
    """Images of the long thin horizontal and vertical rules (255 where a rule is). The skew, the
    grids and the erasing all need them: they are worked out once per page image."""
    for img, d, lv, masks in _MASKS:
        if img is gray and d == dpi and lv == level:
            return masks
    masks = _find_rule_masks(gray, dpi, level)
    _MASKS.insert(0, (gray, dpi, level, masks))
    del _MASKS[4:]
    return masks


def _find_rule_masks(gray, dpi: float, level: int):
    import cv2

    ink = _ink(gray, level)
    n = max(10, int(RULE_MIN_INCH * dpi))
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, n)))
    return h, v


def skew_degrees(gray, dpi: float = DPI) -> float:
    """The page's skew, from the slope of its long horizontal rules (0 when it has none): a line
    fitted through each rule's pixels, the median weighted by length."""
    import cv2
    import numpy as np

    h, _v = _rule_masks(gray, dpi)
    n, labels, stats, _c = cv2.connectedComponentsWithStats(h, connectivity=8)
    angles, weights = [], []
    for i in range(1, n):
        x, y, w, hh, _a = stats[i]
        if w < 1.5 * dpi or hh > 0.06 * w:
            continue
        ys, xs = np.nonzero(labels[y:y + hh, x:x + w] == i)
        if len(xs) < 2:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
        weights.append(float(w))
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.array(weights)[order])
    return float(np.array(angles)[order][np.searchsorted(cum, cum[-1] / 2)])  # weighted median


def deskew(gray, degrees: float):
    import cv2

    if abs(degrees) < SKEW_MIN_DEGREES:
        return gray
    hgt, wid = gray.shape
    m = cv2.getRotationMatrix2D((wid / 2, hgt / 2), degrees, 1.0)
    return cv2.warpAffine(gray, m, (wid, hgt), flags=cv2.INTER_CUBIC, borderValue=255)


# =============================================================================================
# Grids from ruling lines
# =============================================================================================


@dataclass
class Grid:
    xs: list[float]  # vertical rules, pixels, left to right
    ys: list[float]  # horizontal rules, top to bottom

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cells(self) -> list[list[tuple[float, float, float, float]]]:
        return [[(x0, y0, x1, y1) for x0, x1 in zip(self.xs, self.xs[1:])] for y0, y1 in zip(self.ys, self.ys[1:])]


def grid_spans(gray, grid: Grid, dpi: float = DPI) -> list[tuple[int, int, int, int]]:
    """The merged cells of a grid, (first row, first column, last row, last column), where a rule
    between two of its cells is not drawn: a group heading over two columns, a label over two rows."""
    import numpy as np

    hmask = np.zeros(gray.shape, dtype=bool)
    vmask = np.zeros(gray.shape, dtype=bool)
    for level in (INK, RULE_INK):
        h, v = _rule_masks(gray, dpi, level)
        hmask |= h > 0
        vmask |= v > 0
    reach = max(3, int(RULE_MAX_THICK_INCH * dpi))

    def drawn(mask, fixed: float, a: float, b: float, along_x: bool) -> bool:
        m = (b - a) * 0.2
        lo, hi = int(a + m), int(b - m)
        if hi <= lo:
            return True
        f0, f1 = max(0, int(fixed) - reach), int(fixed) + reach + 1
        strip = mask[f0:f1, lo:hi] if along_x else mask[lo:hi, f0:f1]
        return strip.size == 0 or strip.any(axis=0 if along_x else 1).mean() >= 0.5

    rows, cols = len(grid.ys) - 1, len(grid.xs) - 1
    right = [[drawn(vmask, grid.xs[c + 1], grid.ys[r], grid.ys[r + 1], False) for c in range(cols - 1)] for r in range(rows)]
    below = [[drawn(hmask, grid.ys[r + 1], grid.xs[c], grid.xs[c + 1], True) for c in range(cols)] for r in range(rows - 1)]
    taken = [[False] * cols for _ in range(rows)]
    spans = []
    for r in range(rows):
        for c in range(cols):
            if taken[r][c]:
                continue
            c1 = c
            while c1 < cols - 1 and not right[r][c1] and not taken[r][c1 + 1]:
                c1 += 1
            r1 = r
            while r1 < rows - 1 and all(not below[r1][k] and not taken[r1 + 1][k] for k in range(c, c1 + 1)):
                r1 += 1
            for rr in range(r, r1 + 1):
                for cc in range(c, c1 + 1):
                    taken[rr][cc] = True
            if (r1, c1) != (r, c):
                spans.append((r, c, r1, c1))
    return spans


def _segments(mask, axis: int, dpi: float) -> list[tuple[float, float, float]]:
    """(position, start, end) of each rule in a mask of rules along `axis` (0: horizontal)."""
    import cv2

    n, _labels, stats, cents = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    thick = RULE_MAX_THICK_INCH * dpi * 2.5
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if axis == 0 and h <= thick:
            out.append((float(cents[i][1]), float(x), float(x + w)))
        elif axis == 1 and w <= thick:
            out.append((float(cents[i][0]), float(y), float(y + h)))
    return out


def _merge(positions: Sequence[float], within: float) -> list[float]:
    out: list[list[float]] = []
    for p in sorted(positions):
        if out and p - out[-1][-1] <= within:
            out[-1].append(p)
        else:
            out.append([p])
    return [sum(g) / len(g) for g in out]


def find_grids(gray, dpi: float = DPI) -> list[Grid]:
    """The ruled tables of a (deskewed) page image: groups of horizontal and vertical rules that meet."""
    hs, vs = [], []
    # dark rules, and faint grey ones (at the lighter level a shaded heading row is one thick
    # block, and the dark rules round it are only found at the darker level)
    for level in (INK, RULE_INK):
        hmask, vmask = _rule_masks(gray, dpi, level)
        hs += _segments(hmask, 0, dpi)
        vs += _segments(vmask, 1, dpi)
    reach = GRID_REACH_INCH * dpi
    parent = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach:
                parent[root(i)] = root(len(hs) + j)
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(root(i), []).append(i)
    merge = RULE_MERGE_MM / 25.4 * dpi
    grids = []
    for members in groups.values():
        gh = [hs[i] for i in members if i < len(hs)]
        gv = [vs[i - len(hs)] for i in members if i >= len(hs)]
        if len(gh) < GRID_MIN_RULES - 1 or len(gv) < 2:
            continue
        left = min(min(s[1] for s in gh), min(s[0] for s in gv))
        right = max(max(s[2] for s in gh), max(s[0] for s in gv))
        top = min(min(s[0] for s in gh), min(s[1] for s in gv))
        bottom = max(max(s[0] for s in gh), max(s[2] for s in gv))
        # a rule is a row or column boundary only where it spans most of the table: a rule under
        # a group heading ("Outcome" over two columns) is not
        ys = _merge([s[0] for s in gh if s[2] - s[1] >= 0.5 * (right - left)], merge)
        xs = _merge([s[0] for s in gv if s[2] - s[1] >= 0.5 * (bottom - top)], merge)
        # an open-sided table: its outer edges are the ends of the rules
        if xs and xs[0] - left > merge:
            xs.insert(0, left)
        if xs and right - xs[-1] > merge:
            xs.append(right)
        if ys and ys[0] - top > merge:
            ys.insert(0, top)
        if ys and bottom - ys[-1] > merge:
            ys.append(bottom)
        least = MIN_CELL_INCH * dpi
        xs = _drop_thin(xs, least)
        ys = _drop_thin(ys, least)
        if len(xs) >= GRID_MIN_RULES and len(ys) >= GRID_MIN_RULES:
            grids.append(Grid(xs, ys))
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def _drop_thin(edges: list[float], least: float) -> list[float]:
    out: list[float] = []
    for e in edges:
        if out and e - out[-1] < least:
            continue
        out.append(e)
    return out


# =============================================================================================
# Columns from white space, where a table has no rules
# =============================================================================================


def _runs(on, min_gap: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in a 1-d array, joining runs less than min_gap apart."""
    out: list[list[int]] = []
    for i, v in enumerate(on):
        if not v:
            continue
        if out and i - out[-1][1] <= min_gap:
            out[-1][1] = i + 1
        else:
            out.append([i, i + 1])
    return [(a, b) for a, b in out]


def whitespace_grid(clean, box: tuple[float, float, float, float], dpi: float = DPI):
    """The cells of an unruled table in `box` (pixels) of a page with its rules erased, from its
    white space: rows are the bands of ink, columns the runs of ink down the body rows (below the
    first), split by white gaps wider than a word space. A heading is given to the first column
    whose right edge is right of the heading's start: numbers are right-aligned under headings
    that start at the column's left. None when no table of 2 x 2 cells shows."""
    import cv2
    import numpy as np

    hgt, wid = clean.shape
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(wid, x1), min(hgt, y1)
    if x1 - x0 < dpi * 0.5 or y1 - y0 < dpi * 0.2:
        return None
    ink = _ink(clean[y0:y1, x0:x1]) > 0
    n, labels, stats, _c = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    small = DOT_MAX_INCH * dpi
    keep = np.zeros(n, dtype=bool)
    keep[1:] = np.maximum(stats[1:, 2], stats[1:, 3]) > small * 0.8
    keep[1:] &= stats[1:, 3] <= PICTURE_INCH * dpi  # a picture beside the table is not a column of it
    ink = keep[labels]
    bands = [(a, b) for a, b in _runs(ink.any(axis=1), LINE_GAP_PX) if b - a >= 0.04 * dpi]
    if len(bands) < 3:
        return None
    # a heading wrapped over two or three lines is one row: its lines are closer together than the rows
    pitch = sorted(b2[0] - b1[0] for b1, b2 in zip(bands[1:], bands[2:]))
    pitch = pitch[len(pitch) // 2] if pitch else 0
    while len(bands) > 3 and pitch and bands[1][0] - bands[0][0] < HEADING_LINES * pitch:
        bands[0:2] = [(bands[0][0], bands[1][1])]
    gap = int(COLUMN_GAP_INCH * dpi)
    body = np.zeros(ink.shape[1], dtype=int)
    for a, b in bands[1:]:
        body += ink[a:b].any(axis=0)
    # a column has ink in two rows at least: a speck of dirt between columns is not one
    cols = [(a, b) for a, b in _runs(body > 0, gap) if body[a:b].max() >= 2]
    if len(cols) < 2:
        return None
    rights = [b for _a, b in cols]
    lefts = [cols[0][0]] + [prev_b + 1 for _a, prev_b in cols[:-1]]
    rows = []
    for r, (a, b) in enumerate(bands):
        if r == 0:
            # the heading row: each word group goes to the first column whose right edge is right of its start
            parts = _runs(ink[a:b].any(axis=0), int(HEADING_GAP_INCH * dpi))
            spans: list[Optional[tuple[int, int]]] = [None] * len(cols)
            for pa, pb in parts:
                c = next((i for i, rt in enumerate(rights) if rt > pa), len(cols) - 1)
                cur = spans[c]
                spans[c] = (min(cur[0], pa), max(cur[1], pb)) if cur else (pa, pb)
            row = [(x0 + (sp[0] if sp else lefts[c]), y0 + a, x0 + (sp[1] if sp else rights[c]), y0 + b) for c, sp in enumerate(spans)]
        else:
            row = [(x0 + lefts[c], y0 + a, x0 + rights[c], y0 + b) for c in range(len(cols))]
        rows.append([(bx0 - 2, by0 - 3, bx1 + 2, by1 + 3) for bx0, by0, bx1, by1 in row])
    return rows


def erase_rules(gray, dpi: float = DPI, grids: Sequence[Grid] = ()):
    """A copy of the page with its ruling lines (and the grey fringe of a scanned rule) painted white:
    the dark long thin lines, and the rules of `grids` however faint (only those: at a light grey
    level, the foot of a bold heading is a long thin line too)."""
    import cv2

    import numpy as np

    h, v = _rule_masks(gray, dpi)
    rules = cv2.bitwise_or(h, v)
    if grids:
        # faint rules too, but only along the grids' lines, and only where they are drawn: a
        # merged cell's text crosses where a rule would be
        fh, fv = _rule_masks(gray, dpi, RULE_INK)
        near = np.zeros_like(rules)
        half = max(3, int(RULE_MAX_THICK_INCH * dpi))
        for g in grids:
            for y in g.ys:
                cv2.rectangle(near, (int(g.xs[0]) - half, int(y) - half), (int(g.xs[-1]) + half, int(y) + half), 255, -1)
            for x in g.xs:
                cv2.rectangle(near, (int(x) - half, int(g.ys[0]) - half), (int(x) + half, int(g.ys[-1]) + half), 255, -1)
        rules = cv2.bitwise_or(rules, cv2.bitwise_and(cv2.bitwise_or(fh, fv), near))
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    out = gray.copy()
    out[rules > 0] = 255
    return out


# =============================================================================================
# Cells to line images
# =============================================================================================


def cell_lines(clean, box: tuple[float, float, float, float], dpi: float = DPI) -> list:
    """The lines of text in one cell of a page with its rules erased, each cropped to its ink with a
    white margin; [] for an empty cell (specks of dirt do not count)."""
    import cv2
    import numpy as np

    hgt, wid = clean.shape
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(wid, x1), min(hgt, y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    crop = clean[y0:y1, x0:x1]
    ink = _ink(crop)
    n, labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    speck = SPECK_MAX_INCH * dpi
    keep = np.zeros(n, dtype=bool)
    for i in range(1, n):
        _x, _y, w, h, _a = stats[i]
        keep[i] = w > speck or h > speck
    # a dot with no ink near it is dirt, not a decimal point or a full stop after a word
    small, near = DOT_MAX_INCH * dpi, DOT_CLEAR_INCH * dpi
    big = [i for i in range(1, n) if keep[i] and max(stats[i][2], stats[i][3]) > small]
    if not big:
        return []  # dots alone: dirt, or the ghost of a rule
    for i in range(1, n):
        x, y, w, h, _a = stats[i]
        if keep[i] and max(w, h) <= small:
            if not any(
                stats[j][0] - near <= x + w and x <= stats[j][0] + stats[j][2] + near
                and stats[j][1] - near <= y + h and y <= stats[j][1] + stats[j][3] + near
                for j in big
            ):
                keep[i] = False
    if not keep.any():
        return []
    mask = keep[labels]
    rows = np.where(mask.any(axis=1))[0]
    cols = np.where(mask.any(axis=0))[0]
    body = crop[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1].copy()
    body[~mask[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]] = 255
    lines, spans = [], []
    profile = mask[rows[0]:rows[-1] + 1].any(axis=1)
    start, gap = None, 0
    for y, on in enumerate(list(profile) + [False] * (LINE_GAP_PX + 1)):
        if on:
            if start is None:
                start = y
            gap = 0
        elif start is not None:
            gap += 1
            if gap > LINE_GAP_PX:
                end = y - gap + 1
                if end - start >= 3:
                    spans.append((start, end))
                start, gap = None, 0
    tallest = max((e - s for s, e in spans), default=0)
    for start, end in spans:
        if end - start < 0.4 * tallest:  # a dot or a dash under a line of text is not a line
            continue
        part = body[start:end]
        pc = np.where((part < INK).any(axis=0))[0]
        part = part[:, pc[0]:pc[-1] + 1] if len(pc) else part
        lines.append(cv2.copyMakeBorder(part, MARGIN_PX, MARGIN_PX, MARGIN_PX, MARGIN_PX, cv2.BORDER_CONSTANT, value=255))
    return lines


# =============================================================================================
# Tesseract, once per page
# =============================================================================================


def tesseract_lines(images: Sequence, work: Path) -> list[tuple[str, Optional[float]]]:
    """Read each image as one line of text with one Tesseract process: (text, lowest word confidence)."""
    import cv2

    if not images:
        return []
    work.mkdir(parents=True, exist_ok=True)
    names = []
    for i, img in enumerate(images):
        name = work / f"{i:05d}.png"
        cv2.imwrite(str(name), img)
        names.append(str(name))
    listing = work / "list.txt"
    listing.write_text("\n".join(names) + "\n", encoding="utf-8")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # the build already uses every core
    out = subprocess.run(
        ["tesseract", str(listing), str(work / "out"), "--psm", PSM, "-l", LANGUAGE, "--dpi", str(DPI), "tsv"],
        capture_output=True, text=True, env=env, timeout=TESSERACT_TIMEOUT,
    )
    tsv = work / "out.tsv"
    if out.returncode != 0 or not tsv.is_file():
        raise RuntimeError(f"tesseract failed: {(out.stderr or '').strip().splitlines()[-1:] or out.returncode}")
    words: dict[int, list[tuple[int, int, int, str, float]]] = {}
    for line in tsv.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        if not text:
            continue
        page = int(parts[1])
        words.setdefault(page, []).append((int(parts[3]), int(parts[4]), int(parts[5]), text, float(parts[10])))
    result = []
    for i in range(1, len(images) + 1):
        ws = sorted(words.get(i, []))
        text = " ".join(w[3] for w in ws)
        conf = min((w[4] for w in ws if w[4] >= 0), default=None)
        result.append((text, conf))
    return result


# =============================================================================================
# Doubt
# =============================================================================================


def _looks_numeric(text: str) -> bool:
    t = " ".join(text.split())
    return bool(t) and (bool(_NUMBER.match(t)) or bool(_MARK.match(t)))


def numeric_columns(rows: list[list[str]]) -> set[int]:
    """Columns most of whose body cells (below the first row) read as numbers or suppression marks."""
    out = set()
    width = max((len(r) for r in rows), default=0)
    for c in range(width):
        body = [" ".join((r[c] if c < len(r) else "").split()) for r in rows[1:]]
        body = [t for t in body if t]
        if len(body) >= 2 and sum(_looks_numeric(t) for t in body) * 3 >= len(body) * 2:
            out.add(c)
    return out


def doubt(text: str, confidence: Optional[float], numeric_column: bool) -> Optional[str]:
    """Why a cell's reading should be checked by a person, or None."""
    t = " ".join(text.split())
    if not t:
        return None
    # a digit misread is a short string, or digits mixed with letters ("1O", "UE", "4l"): words
    # in a column of numbers ("not held", "see note") are what the force wrote
    if numeric_column and not _looks_numeric(t) and not _YEAR_LABEL.match(t) and (len(t) <= 4 or re.search(r"\d", t)):
        return f"OCR read '{t}' in a column of numbers"
    if confidence is not None and confidence < LOW_CONFIDENCE:
        return f"OCR confidence {confidence:.0f}% for this cell"
    return None


# =============================================================================================
# Reading a document's tables again
# =============================================================================================


def _overlap(a, b) -> float:
    """The share of the smaller box that the two boxes share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / small if small > 0 else 0.0


@dataclass
class _Job:
    table: Table
    r: int
    c: int
    box_px: tuple[float, float, float, float]
    images: list = field(default_factory=list)
    keys: list = field(default_factory=list)


def _image_key(img) -> str:
    h = hashlib.sha256(f"{READER_VERSION}:{PSM}:{LANGUAGE}:{img.shape}".encode())
    h.update(img.tobytes())
    return h.hexdigest()[:32]


def reread_tables(pdf_path: Path, parsed: ParsedDocument, pages: Iterable[int], cache_file: Optional[Path] = None) -> ReadStats:
    """Read again, cell by cell from the page image, every table on `pages` of an OCR'd copy, and
    add the ruled tables the text layer missed. Changes `parsed.tables` in place; a page that cannot
    be read this way keeps the tables it had."""
    import cv2

    stats = ReadStats()
    start = time.perf_counter()
    cache: dict[str, list] = _load_cache(cache_file)
    used: dict[str, list] = {}
    pages = sorted(set(pages))
    for page in pages:
        _MASKS.clear()
        try:
            gray, (pw, ph) = render_page(pdf_path, page)
        except Exception as e:  # the tables read from the text layer stay
            stats.errors.append(f"page {page}: could not render ({e})")
            continue
        sx, sy = gray.shape[1] / pw, gray.shape[0] / ph
        angle = skew_degrees(gray)
        if abs(angle) >= SKEW_MIN_DEGREES:
            gray = deskew(gray, angle)
        grids = find_grids(gray)
        stats.grids_found += len(grids)
        on_page = [t for t in parsed.tables if t.page == page and all(p == page for row in (t.cell_pages or [[page]]) for p in row)]
        # a table continued over pages keeps its shape: only its cells on this page are read again,
        # and a grid found where it lies is that table, not another one
        spanning = [t for t in parsed.tables if t not in on_page and _part_on_page(t, page)]
        new_tables: list[Table] = []
        replaced: list[Table] = []  # the text layer's tables where a grid was found
        added: list[Table] = []  # grids where the text layer found no table
        for g in grids:
            gbox_pt = (g.bbox[0] / sx, g.bbox[1] / sy, g.bbox[2] / sx, g.bbox[3] / sy)
            rows = len(g.ys) - 1
            cols = len(g.xs) - 1
            boxes = g.cells()
            covered = set()  # cells inside a merged cell, after its first: their text is in its first
            for r0, c0, r1, c1 in grid_spans(gray, g):
                boxes[r0][c0] = (boxes[r0][c0][0], boxes[r0][c0][1], boxes[r1][c1][2], boxes[r1][c1][3])
                covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
            table = Table(
                page=page,
                rows=[["" for _ in range(cols)] for _ in range(rows)],
                bbox=gbox_pt,
                cell_bboxes=[[None if (r, c) in covered else (b[0] / sx, b[1] / sy, b[2] / sx, b[3] / sy) for c, b in enumerate(row)]
                             for r, row in enumerate(boxes)],
                method="ocr-grid",
            )
            if any(_overlap(_part_on_page(t, page), gbox_pt) > 0.5 for t in spanning):
                continue
            under = [t for t in on_page if t.bbox and _overlap(t.bbox, gbox_pt) > 0.5]
            for t in under:
                on_page.remove(t)
                replaced.append(t)
            if not under:
                added.append(table)
            new_tables.append(table)
        clean = erase_rules(gray, grids=grids)
        # tables with no rules: rows and columns from the image's white space
        for t in list(on_page):
            if t.method != "text" or not t.bbox:
                continue
            reach = TABLE_REACH_INCH * DPI
            cells = whitespace_grid(clean, (t.bbox[0] * sx - reach, t.bbox[1] * sy - reach, t.bbox[2] * sx + reach, t.bbox[3] * sy + reach))
            # the text layer finds rows well and headings badly: the image's reading is taken when it
            # agrees on the rows (a picture or a side column beside the table can run rows together)
            if not cells or len(cells[0]) < 2 or len(cells) != t.n_rows:
                continue
            boxes = [[(b[0] / sx, b[1] / sy, b[2] / sx, b[3] / sy) for b in row] for row in cells]
            table = Table(
                page=page, rows=[["" for _ in row] for row in cells],
                bbox=(min(b[0] for row in boxes for b in row), boxes[0][0][1], max(b[2] for row in boxes for b in row), boxes[-1][0][3]),
                cell_bboxes=boxes, method="ocr-columns",
            )
            on_page.remove(t)
            replaced.append(t)
            new_tables.append(table)
        jobs: list[_Job] = []
        for table in new_tables + on_page + spanning:
            for r, row in enumerate(table.rows):
                for c in range(len(row)):
                    b = table.cell_bbox(r, c)
                    if b is None or table.cell_page(r, c) != page:
                        continue
                    if table.method == "text" and not (row[c] or "").strip():
                        continue  # in a white-space table, a cell the text layer found empty is white space
                    pad = TEXT_PAD_PT if table.method == "text" else 0.0
                    jobs.append(_Job(table, r, c, ((b[0] - pad) * sx, (b[1] - pad) * sy, (b[2] + pad) * sx, (b[3] + pad) * sy)))
        todo, todo_keys = [], []
        for job in jobs:
            job.images = cell_lines(clean, job.box_px)
            job.keys = [_image_key(img) for img in job.images]
            for img, key in zip(job.images, job.keys):
                if key not in cache and key not in todo_keys:
                    todo += [img, cv2.resize(img, None, fx=SECOND_SCALE, fy=SECOND_SCALE, interpolation=cv2.INTER_CUBIC)]
                    todo_keys.append(key)
        if todo:
            try:
                with tempfile.TemporaryDirectory(prefix="foi-cells-") as tmp:
                    read = tesseract_lines(todo, Path(tmp))
            except (OSError, RuntimeError, subprocess.SubprocessError) as e:
                stats.errors.append(f"page {page}: {e}")
                continue  # the page keeps the tables the text layer gave
            for i, key in enumerate(todo_keys):
                cache[key] = list(read[2 * i]) + list(read[2 * i + 1])  # [text, confidence, text, confidence]
            stats.cells_read += len(todo_keys)
        disagree: dict[tuple[int, int, int], str] = {}
        for job in jobs:
            lines = [_one_reading(cache[k]) for k in job.keys]
            for k in job.keys:
                used[k] = cache[k]
            stats.cells_cached += sum(1 for k in job.keys if k not in todo_keys)
            text = "\n".join(t for t, _, _ in lines if t)
            confs = [c for t, c, _ in lines if t and c is not None]
            job.table.rows[job.r][job.c] = text
            _set_confidence(job.table, job.r, job.c, min(confs) if confs else None)
            other = [o for _, _, o in lines if o is not None]
            if other:
                disagree[(id(job.table), job.r, job.c)] = f"OCR read this cell two ways: '{' '.join(text.split())}' or '{' '.join(other)}'"
        for table in added:
            # boxes with little text in them (a frame round a picture or a form) are no table
            texts = [c for row in table.rows for c in row]
            if sum(1 for c in texts if re.search(r"[A-Za-z0-9]{2,}", c)) < 0.5 * len(texts):
                new_tables.remove(table)
        for table in new_tables + on_page + spanning:
            _judge(table)
            for (tid, r, c), why in disagree.items():
                if tid == id(table):
                    table.cell_notes[r][c] = why
            stats.cells_doubtful += sum(1 for row in table.cell_notes or [] for n in row if n)
        stats.tables += len(new_tables) + len(on_page)
        for t in replaced:
            parsed.tables.remove(t)
        if new_tables:
            _insert_in_order(parsed.tables, new_tables)
        stats.pages += 1
    _MASKS.clear()  # a page's images are not kept past it
    _save_cache(cache_file, used)
    stats.seconds = round(time.perf_counter() - start, 3)
    return stats


def _one_reading(cached: list) -> tuple[str, Optional[float], Optional[str]]:
    """(text, confidence, the other reading when the two sizes disagree) of a line read twice."""
    text, conf = cached[0], cached[1]
    if len(cached) < 4:
        return text, conf, None
    text2, conf2 = cached[2], cached[3]
    if "".join(text.split()) == "".join(text2.split()):
        return text, min(c for c in (conf, conf2) if c is not None) if conf is not None or conf2 is not None else None, None
    # a reading that looks like a number beats one that does not, then the surer one
    first = (_looks_numeric(text), conf or 0) >= (_looks_numeric(text2), conf2 or 0)
    return (text, conf, text2) if first else (text2, conf2, text)


def _part_on_page(table: Table, page: int) -> Optional[tuple[float, float, float, float]]:
    """The box round a table's cells on one page (None when it has none there with a box)."""
    boxes = [table.cell_bbox(r, c) for r, row in enumerate(table.rows) for c in range(len(row)) if table.cell_page(r, c) == page]
    boxes = [b for b in boxes if b]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _set_confidence(table: Table, r: int, c: int, conf: Optional[float]) -> None:
    if table.cell_confidence is None:
        table.cell_confidence = [[None] * len(row) for row in table.rows]
    table.cell_confidence[r][c] = conf


def _judge(table: Table) -> None:
    numeric = numeric_columns(table.rows)
    notes = [[None] * len(row) for row in table.rows]
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            conf = table.cell_confidence[r][c] if table.cell_confidence and c < len(table.cell_confidence[r]) else None
            notes[r][c] = doubt(text, conf, c in numeric and r > 0)
    table.cell_notes = notes


def _insert_in_order(tables: list[Table], new: list[Table]) -> None:
    for t in new:
        at = len(tables)
        for i, other in enumerate(tables):
            if (other.page, (other.bbox or (0, 0, 0, 0))[1]) > (t.page, (t.bbox or (0, 0, 0, 0))[1]):
                at = i
                break
        tables.insert(at, t)


def _load_cache(path: Optional[Path]) -> dict[str, list]:
    if path is None or not Path(path).is_file():
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("cells", {}) if isinstance(data, dict) else {}


def _save_cache(path: Optional[Path], cells: dict[str, list]) -> None:
    if path is None:
        return
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"reader": "tesseract --psm 7, cell by cell", "version": READER_VERSION, "cells": cells}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
