"""Tables that run on over a page break, and tables' captions.

A table that ends at the foot of a page and one that starts at the top of the next, with the
same columns, are one table: a repeated header is dropped, each cell keeps the page it is on.
Text in the page's margins (footers, page numbers, running headers) does not stop the join. A
table's caption is the title line printed just above it, unless that line is a running header or
footer (printed near the edge of two or more pages); a table with a caption of its own starts
anew rather than continuing the one before.
"""
from __future__ import annotations

import re
from typing import Optional

from ...tables import looks_like_caption
from .geometry import inside, overlap
from .grid import Grid, remap
from .page import PageInfo
from .settings import PdfSettings


def join_continuations(found: list[list[Grid]], infos: list[PageInfo], settings: PdfSettings) -> list[Grid]:
    """One table for a table that runs on over pages; every other table as it is."""
    for i, grids in enumerate(found):
        for g in grids:
            g.page = i + 1
            g.pages = [[i + 1] * len(r) for r in g.rows]
            assert g.frame_bbox is not None  # find_tables set it
            g.tail = (i + 1, g.frame_bbox)
    out: list[Grid] = []
    open_table: Optional[Grid] = None  # the last table of the previous page
    for grids in found:
        next_open = None
        for k, g in enumerate(grids):
            cur = g
            if k == 0 and open_table is not None:
                mapping = continuation_of(open_table, g, infos, settings)
                if mapping is not None:
                    append_continuation(open_table, g, *mapping)
                    cur = open_table
                else:
                    out.append(g)
            else:
                out.append(g)
            if k == len(grids) - 1:
                next_open = cur
        open_table = next_open
    return out


def running_key(text: str) -> str:
    """A line's text with its numbers blanked: "Page 2 of 3" and "Page 3 of 3" are one running line."""
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def running_lines(infos: list[PageInfo], settings: PdfSettings) -> set[str]:
    """Lines printed near the top or foot of two or more pages: running headers and footers,
    never a table's title."""
    pages_of: dict[str, set[int]] = {}
    for i, info in enumerate(infos):
        for rot, boxes in info.lines_by_rot.items():
            height = info.height_by_rot.get(rot) or 0.0
            for (_x0, top, _x1, bottom), text in zip(boxes, info.texts_by_rot.get(rot, [])):
                if top < height * settings.continuation_margin or bottom > height * (1 - settings.continuation_margin):
                    pages_of.setdefault(running_key(text), set()).add(i)
    return {key for key, pages in pages_of.items() if len(pages) >= 2}


def assign_captions(found: list[list[Grid]], infos: list[PageInfo], settings: PdfSettings) -> None:
    """Give each table the title line printed just above it, if there is one."""
    running = running_lines(infos, settings)
    for grids, info in zip(found, infos):
        for g in grids:
            if g.frame_bbox is None:
                continue
            x0, top, x1, _bottom = g.frame_bbox
            boxes = info.lines_by_rot.get(g.frame_rot, [])
            texts = info.texts_by_rot.get(g.frame_rot, [])
            others = [o.frame_bbox for o in grids if o is not g and o.frame_bbox and o.frame_rot == g.frame_rot]
            above = [
                (box, text) for box, text in zip(boxes, texts)
                if box[3] <= top + 1 and overlap(box[0], box[2], x0 - settings.caption_x_slack, x1) > 0
                and not any(inside((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, o, 1.0) for o in others)
            ]
            if not above:
                continue
            box, text = max(above, key=lambda bt: bt[0][3])
            height = max(box[3] - box[1], 1.0)
            if (top - box[3] > settings.caption_max_gap_ratio * height or running_key(text) in running
                    or not looks_like_caption(text)):
                continue
            g.caption = " ".join(text.split())


def continuation_of(a: Grid, b: Grid, infos: list[PageInfo], settings: PdfSettings):
    """If `b` (first table of a page) carries on `a` (last table of the page before): the
    number of repeated header rows to drop from `b` and the column of `a` for each of `b`'s."""
    assert a.tail is not None and b.frame_bbox is not None  # join_continuations and find_tables set them
    tail_page, tail_box = a.tail
    if b.page != tail_page + 1 or a.frame_rot != b.frame_rot:
        return None
    if b.caption:
        return None  # a table with a title of its own starts anew ("Table 2: Number of allegations")
    rot = a.frame_rot
    info_a, info_b = infos[tail_page - 1], infos[b.page - 1]
    ha, hb = info_a.height_by_rot.get(rot), info_b.height_by_rot.get(rot)
    if not ha or not hb:
        return None
    # nothing but a footer under the first part, nothing but a running header over the second
    foot = ha * (1 - settings.continuation_margin)
    if any(t > tail_box[3] + 1 and t < foot for _, t, _, _ in info_a.lines_by_rot.get(rot, [])):
        return None
    head = hb * settings.continuation_margin
    if any(bt < b.frame_bbox[1] - 1 and bt > head for _, _, _, bt in info_b.lines_by_rot.get(rot, [])):
        return None
    mapping = map_columns(a.cols, b.cols, settings)
    if mapping is None:
        return None
    # a repeated header is dropped; a different header means a different table
    na = max(a.header_rows, 1)
    skip = 0
    if len(b.rows) > na and all(
        same_row(remap(b.rows[r], mapping, len(a.cols)), a.rows[r]) for r in range(na)
    ):
        skip = na
    elif b.header_rows > 0 and len(a.cols) == len(b.cols):
        head_b = [normalized(v) for v in b.rows[0]]
        if any(head_b) and head_b != [normalized(v) for v in a.rows[0]]:
            return None
    return skip, mapping


def normalized(v: str) -> str:
    """A cell's text for comparing: spaces collapsed, lower case."""
    return " ".join((v or "").split()).lower()


def same_row(x: list[str], y: list[str]) -> bool:
    return [normalized(v) for v in x] == [normalized(v) for v in y]


def map_columns(ca: list[tuple[float, float]], cb: list[tuple[float, float]], settings: PdfSettings):
    """Column of `ca` for each column of `cb`, matching by position; None if they differ."""
    if not ca or not cb or len(cb) > len(ca):
        return None
    tol = settings.continuation_x_tolerance
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
            if overlap(a[0], a[1], b[0], b[1]) < settings.continuation_min_column_overlap * min(a[1] - a[0], b[1] - b[0]):
                return None
    return out


def append_continuation(a: Grid, b: Grid, skip: int, mapping: list[int]) -> None:
    """Add the rows of `b` (but its first `skip`, a repeated header) to `a`, column by column."""
    assert a.pages is not None and b.frame_bbox is not None  # join_continuations and find_tables set them
    n = len(a.cols)
    for r in range(skip, len(b.rows)):
        a.rows.append(remap(b.rows[r], mapping, n))
        a.boxes.append(remap(b.boxes[r], mapping, n, None))
        a.pages.append([b.page] * n)
    a.tail = (b.page, b.frame_bbox)
