"""Geometry shared by every stage: frames in which a page's text reads left to right, and boxes.

A landscape table pasted sideways on a portrait page, or a page turned with /Rotate, has its text
running up or down. Each direction is read in its own `Frame`, turned so that the text runs left
to right; what is found there is turned back into page coordinates (pdfplumber's: top-left
origin). Boxes are (x0, top, x1, bottom) tuples.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from ...tables import BBox


@dataclass
class Frame:
    """Page coordinates (top-left origin) turned by `rot` degrees so the text reads upright.

    rot = 0: text runs left to right; 90: text runs up the page; 270: down; 180: upside down.
    """

    rot: int
    page_width: float  # page width and height in page coordinates
    page_height: float

    @property
    def width(self) -> float:
        return self.page_height if self.rot in (90, 270) else self.page_width

    @property
    def height(self) -> float:
        return self.page_width if self.rot in (90, 270) else self.page_height

    def to_frame(self, b: BBox) -> BBox:
        x0, t, x1, btm = b
        if self.rot == 0:
            return b
        if self.rot == 90:
            return (self.page_height - btm, x0, self.page_height - t, x1)
        if self.rot == 270:
            return (t, self.page_width - x1, btm, self.page_width - x0)
        return (self.page_width - x1, self.page_height - btm, self.page_width - x0, self.page_height - t)

    def to_page(self, b: BBox) -> BBox:
        x0, t, x1, btm = b
        if self.rot == 0:
            return b
        if self.rot == 90:
            return (t, self.page_height - x1, btm, self.page_height - x0)
        if self.rot == 270:
            return (self.page_width - btm, x0, self.page_width - t, x1)
        return (self.page_width - x1, self.page_height - btm, self.page_width - x0, self.page_height - t)


def char_rotation(c: dict) -> int:
    """The direction a character runs in, from its text matrix: 0, 90, 180 or 270 degrees."""
    m = c.get("matrix")
    if not m:
        return 0 if c.get("upright", True) else 90
    a, b = m[0], m[1]
    if abs(a) >= abs(b):
        return 0 if a > 0 else 180
    return 90 if b > 0 else 270


def union(boxes: Iterable[BBox]) -> Optional[BBox]:
    """The smallest box holding all of `boxes` (None for none)."""
    x0 = t = math.inf
    x1 = b = -math.inf
    n = 0
    for bx in boxes:
        n += 1
        x0, t, x1, b = min(x0, bx[0]), min(t, bx[1]), max(x1, bx[2]), max(b, bx[3])
    return (x0, t, x1, b) if n else None


def inside(cx: float, cy: float, b: BBox, pad: float = 0.0) -> bool:
    """Whether the point (cx, cy) is in box `b` grown by `pad` on every side."""
    return b[0] - pad <= cx <= b[2] + pad and b[1] - pad <= cy <= b[3] + pad


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """How much the spans a0-a1 and b0-b1 overlap (negative: the gap between them)."""
    return min(a1, b1) - max(a0, b0)


def median(v: Sequence[float]) -> float:
    """The upper median (0.0 for no values)."""
    v = sorted(v)
    return v[len(v) // 2] if v else 0.0


def cluster_values(vals: Iterable[float], tol: float) -> list[float]:
    """Sorted values grouped where each is within `tol` of the one before: the groups' means."""
    vs = sorted(vals)
    out: list[list[float]] = []
    for v in vs:
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def nearest_index(vals: list[float], v: float) -> int:
    """The index of the value of sorted `vals` nearest to `v`."""
    i = bisect.bisect_left(vals, v)
    if i == 0:
        return 0
    if i == len(vals):
        return len(vals) - 1
    return i if vals[i] - v < v - vals[i - 1] else i - 1
