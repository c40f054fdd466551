"""Finding a table's cells in a scanned page's image, for `foi.documents.ocr_tables`: the page
rendered and deskewed, grids from its ruling lines, columns from white space where a table
has no rules, the rules erased, and each cell cut into images of its lines of text."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .ocr import meeting_groups

DPI = 300
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
MARGIN_PX = 12  # white margin round each cell's ink
LINE_GAP_PX = 4  # rows of white that separate two lines of text in a cell
COLUMN_GAP_INCH = 0.1  # white wider than this down a table's body separates two columns
HEADING_GAP_INCH = 0.07  # ... and in its heading row, two headings
PICTURE_INCH = 0.3  # a blob of ink taller than this is a picture (or a signature), not text
HEADING_LINES = 0.75  # lines of a heading closer than this share of the row pitch are one heading


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


def forget_pages() -> None:
    """Let go of the rule masks kept for the last pages: a page's images are not kept past it."""
    _MASKS.clear()


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

    def meet(h, v) -> bool:
        (y, x0, x1), (x, y0, y1) = h, v
        return x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach

    groups = meeting_groups(hs, vs, meet)
    merge = RULE_MERGE_MM / 25.4 * dpi
    grids = []
    for members in groups:
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
    pitches = sorted(b2[0] - b1[0] for b1, b2 in zip(bands[1:], bands[2:]))
    pitch = pitches[len(pitches) // 2] if pitches else 0
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
    profile = np.asarray(mask[rows[0]:rows[-1] + 1].any(axis=1))  # an array: numpy's stubs allow a scalar
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
