"""Ruled tables (method "lines"), and the mixed cases where rules give some of the columns.

pdfplumber's rule merging, intersection and cell finding, then our own grid. Open-sided tables
get their outer edges closed; boxes side by side that share their rows (Excel column groups)
are one table. A merged cell keeps its text in its top-left position, a label merged down over
body rows is repeated on each, a "merged" cell whose text lines up with the grid under it is
spread over it (zebra stripes), and a body row whose cells all hold the same number of short
lines side by side is split (light styles). Row labels written left of the rules join the
table. A ruled structure whose cells hide columns and rows of their own (rules around column
groups only) is read as a white-space table inside those rules, its vertical rules kept as
columns ("mixed"); one boxed row of headings gives its columns to the white-space table under
it ("mixed"); a lone frame is not a table and its text goes to the white-space pass.
"""
from __future__ import annotations

import bisect
import math
from operator import itemgetter
from typing import Iterable, Optional, Sequence

from ...tables import BBox
from .geometry import Frame, char_rotation, cluster_values, inside, nearest_index, overlap, union
from .grid import Grid, count_header_rows, drop_empty_rows_and_columns, has_figures, is_figure, is_number_like, remap
from .page import Layout
from .settings import PdfSettings
from .text import Line, Segment, make_lines, segments_of, text_of_glyphs, visual_to_logical


_CENTRE_Y = itemgetter(1)


def ruled_structures(layout: Layout, raw_chars: Sequence[dict], taken: list[BBox], settings: PdfSettings):
    """Ruled structures of the frame: a list of (bbox in frame coordinates, kind, what).

    kind "grid": `what` is the table. "mixed": rules box column groups while rows (and maybe
    cell_frame-columns) are laid out with white space; `what` is the x of the vertical rules, which the
    caller keeps as column separators of a white-space table read inside the box. "head": one
    boxed row of column headings; `what` is the x of the rules between them. "none": a frame or
    box that is not a table by itself.
    """
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        merge_edges,
    )

    edges = layout.edges
    if len(edges) < 3:
        return []
    merged = merge_edges(
        [dict(e) for e in edges],
        settings.snap_tolerance,
        settings.snap_tolerance,
        settings.join_tolerance,
        settings.join_tolerance,
    )
    merged = [
        e
        for e in merged
        if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"])
        >= settings.edge_min_length
    ]
    merged = cap_edges(merged, settings)
    merged += closing_edges(merged, settings)
    hs = sum(1 for e in merged if e["orientation"] == "h")
    vs = len(merged) - hs
    if hs < 2 or vs < 2:
        return []
    intersections = edges_to_intersections(merged, settings.intersection_tolerance, settings.intersection_tolerance)
    cells = cells_from_intersections(intersections)
    groups = merge_side_by_side(cells_to_tables(cells), settings)
    if not groups:
        return []

    frame = layout.frame
    # every character of the page in this frame, whatever its direction, for reading cells
    boxes: Iterable[BBox] = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in raw_chars]
    if frame.rot:  # turned: a call per character; otherwise to_frame would give each box back as it is
        boxes = map(frame.to_frame, boxes)
    all_chars = [((x0 + x1) / 2, (t + b) / 2, c) for (x0, t, x1, b), c in zip(boxes, raw_chars)]
    all_chars.sort(key=_CENTRE_Y)
    ys_sorted = [it[1] for it in all_chars]
    vrules = [e for e in merged if e["orientation"] == "v"]

    out: list[tuple[BBox, str, object]] = []
    for group_cells in groups:
        bbox = union(group_cells)
        assert bbox is not None  # pdfplumber's tables hold two cells or more
        if any(inside((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, t) for t in taken):
            continue
        lo = bisect.bisect_left(ys_sorted, bbox[1] - 1)
        hi = bisect.bisect_right(ys_sorted, bbox[3] + 1)
        chars_in_box = [it for it in all_chars[lo:hi] if bbox[0] - 1 <= it[0] <= bbox[2] + 1]
        kind, what = read_ruled_cells(group_cells, chars_in_box, frame, settings)
        if kind == "mixed":
            h = bbox[3] - bbox[1]
            forced = sorted(
                cluster_values(
                    [
                        e["x0"]
                        for e in vrules
                        if bbox[0] + 2 < e["x0"] < bbox[2] - 2
                        and overlap(e["top"], e["bottom"], bbox[1], bbox[3]) >= settings.mixed_rule_min_height_share * h
                    ],
                    settings.grid_tolerance,
                )
            )
            out.append((bbox, "mixed", forced))
        else:
            out.append((bbox, kind, what))
    return out


def cells_from_intersections(intersections: dict) -> list[BBox]:
    """pdfplumber's `intersections_to_cells`, same cells in the same order, without its
    quadratic scans: the points below and right of each one come from its column and row (the
    points sorted once), and each point's edges are turned into sets of boxes once.

    As there, two points on one vertical (horizontal) line connect when they share a vertical
    (horizontal) edge, edges compared by their boxes; a point's cell is the first, scanning the
    points below it top down and for each the points right of it left to right, whose
    bottom-right corner is a point connected to both.
    """
    points = sorted(intersections)
    vsets: dict = {}
    hsets: dict = {}
    for pt in points:
        d = intersections[pt]
        vsets[pt] = {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in d["v"]}
        hsets[pt] = {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in d["h"]}
    # points sorted by (x, y): a column's points come in order of y; a row's, in order of x
    column: dict[float, list] = {}
    row: dict[float, list] = {}
    for pt in points:
        column.setdefault(pt[0], []).append(pt)
        row.setdefault(pt[1], []).append(pt)
    col_pos = {}
    row_pos = {}
    for pts in column.values():
        for i, pt in enumerate(pts):
            col_pos[pt] = i
    for pts in row.values():
        for i, pt in enumerate(pts):
            row_pos[pt] = i
    cells: list[BBox] = []
    for pt in points:
        pv, ph = vsets[pt], hsets[pt]
        below = column[pt[0]][col_pos[pt] + 1 :]
        right = [r for r in row[pt[1]][row_pos[pt] + 1 :] if not ph.isdisjoint(hsets[r])]
        if not right:
            continue
        found = None
        for b in below:
            if pv.isdisjoint(vsets[b]):
                continue
            bh = hsets[b]
            for r in right:
                corner = (r[0], b[1])
                if corner in vsets and not vsets[corner].isdisjoint(vsets[r]) and not hsets[corner].isdisjoint(bh):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def cap_edges(edges: list[dict], settings: PdfSettings) -> list[dict]:
    """Keep the work bounded on pages drawn with thousands of strokes (charts, maps, hatching):
    crossing every horizontal with every vertical rule is quadratic, so only the longest rules
    are kept when there are too many pairs."""
    hs = [e for e in edges if e["orientation"] == "h"]
    vs = [e for e in edges if e["orientation"] == "v"]
    if len(hs) * len(vs) <= settings.max_edge_pairs:
        return edges
    keep = int(math.sqrt(settings.max_edge_pairs))
    hs.sort(key=lambda e: e["x1"] - e["x0"], reverse=True)
    vs.sort(key=lambda e: e["bottom"] - e["top"], reverse=True)
    return hs[:keep] + vs[:keep]


def closing_edges(merged: list[dict], settings: PdfSettings) -> list[dict]:
    """Vertical edges that close open-sided ruled tables.

    Many tables draw their horizontal rules and the rules between column groups, but no outer
    left and right rules. Where two horizontal rules that cross a common vertical rule end at
    the same x, an edge is added there, joining them, so the outer cells close.
    """
    hs = [e for e in merged if e["orientation"] == "h"]
    vs = [e for e in merged if e["orientation"] == "v"]
    if not hs or not vs:
        return []
    tol = settings.intersection_tolerance
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
            if clusters and abs(hs[i][side] - hs[clusters[-1][-1]][side]) <= settings.snap_tolerance:
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


def merge_side_by_side(groups: list[list[BBox]], settings: PdfSettings) -> list[list[BBox]]:
    """Join ruled boxes that stand side by side with the same rows: column groups of one table.

    Excel exports often box each group of columns separately, with a blank spacer column
    between the boxes; the boxes share their row rules.
    """
    groups = [list(g) for g in groups]
    changed = True
    while changed and len(groups) > 1:
        changed = False
        boxes = [union(g) for g in groups]
        order = sorted(range(len(groups)), key=lambda i: boxes[i][0])  # type: ignore[index]  # no group is empty
        for ai in order:
            for bi in order:
                if ai == bi:
                    continue
                a, b = boxes[ai], boxes[bi]
                assert a is not None and b is not None  # no group is empty
                gap = b[0] - a[2]
                if gap < -settings.grid_tolerance or gap > settings.side_by_side_max_gap:
                    continue
                hov = overlap(a[1], a[3], b[1], b[3])
                if hov < settings.side_by_side_min_height_share * min(a[3] - a[1], b[3] - b[1]):
                    continue
                ya = cluster_values([c[1] for c in groups[ai]] + [c[3] for c in groups[ai]], 1)
                yb = cluster_values([c[1] for c in groups[bi]] + [c[3] for c in groups[bi]], 1)
                common = sum(1 for y in yb if any(abs(y - v) <= settings.grid_tolerance for v in ya))
                if common < settings.side_by_side_min_common_rows * min(len(ya), len(yb)) or common < 2:
                    continue
                groups[ai] = groups[ai] + groups[bi]
                del groups[bi]
                changed = True
                break
            if changed:
                break
    groups.sort(key=lambda g: (union(g)[1], union(g)[0]))  # type: ignore[index]  # no group is empty
    return groups


def read_ruled_cells(cells: list[BBox], chars_in_box, frame: Frame, settings: PdfSettings) -> tuple[str, object]:
    """What one group of ruled cells is:

    ("grid", Grid): a ruled table;
    ("mixed", None): rules around column groups whose cells hide rows and columns laid out with
        white space;
    ("head", [x, ...]): one boxed row of column headings, with the x of the rules between them;
    ("none", None): a frame or box that is not a table by itself (its text is left to the
        white-space pass).
    """
    xs = cluster_values([c[0] for c in cells] + [c[2] for c in cells], settings.grid_tolerance)
    ys = cluster_values([c[1] for c in cells] + [c[3] for c in cells], settings.grid_tolerance)
    row_count, column_count = len(ys) - 1, len(xs) - 1
    if row_count < 1 or column_count < 1:
        return "none", None
    owner: list[list[int]] = [[-1] * column_count for _ in range(row_count)]
    spans: list[Optional[tuple[int, int, int, int]]] = []  # (r0, r1, c0, c1) per cell; None: no span, or text spread
    c: BBox | int  # a cell's box here, a column index further down
    for k, c in enumerate(cells):
        c0, c1 = nearest_index(xs, c[0]), nearest_index(xs, c[2])
        r0, r1 = nearest_index(ys, c[1]), nearest_index(ys, c[3])
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
    for cx, cy, ch in chars_in_box:
        ci = bisect.bisect_right(xs, cx) - 1
        ri = bisect.bisect_right(ys, cy) - 1
        if 0 <= ri < row_count and 0 <= ci < column_count:
            k = owner[ri][ci]
            if k >= 0:
                per_cell.setdefault(k, []).append(ch)

    texts: dict[int, str] = {}
    cell_lines: dict[int, list[Line]] = {}
    n_lines = 0
    n_complex = 0
    for k, chars in per_cell.items():
        texts[k], lines = cell_text(chars, frame, settings)
        cell_lines[k] = lines
        n_lines += len(lines)
        if cell_is_complex(lines, settings):
            n_complex += len(lines)
    hides_columns = n_complex >= settings.complex_min_lines and n_complex >= settings.complex_share * n_lines

    rows: list[list[str]] = [[""] * column_count for _ in range(row_count)]
    boxes: list[list[Optional[BBox]]] = [[None] * column_count for _ in range(row_count)]
    for r in range(row_count):
        for c in range(column_count):
            k = owner[r][c]
            boxes[r][c] = (xs[c], ys[r], xs[c + 1], ys[r + 1])
            if k >= 0 and spans[k] and spans[k][0] == r and spans[k][2] == c:  # type: ignore[index]  # spans[k] tested first
                rows[r][c] = texts.get(k, "")
                boxes[r][c] = cells[k]
    # a "merged" cell whose text lines up with the grid inside it was never merged: only its
    # inner rules are missing (zebra stripes, rows without rules); spread its text over the grid
    for k, lines in cell_lines.items():
        span = spans[k]
        if not span or (span[1] - span[0] < 2 and span[3] - span[2] < 2):
            continue
        placed = spread_over_grid(lines, span, xs, ys, settings)
        if placed:
            r0, c0 = span[0], span[2]
            rows[r0][c0] = ""
            for (r, c), (text, bb) in placed.items():
                rows[r][c] = text
                boxes[r][c] = bb
            spans[k] = None
    # a label merged down over several body rows (a year, a force, a category) applies to each
    # of them: repeat it, so that every row reads on its own. Figures are never repeated.
    header_count = count_header_rows(rows)
    for k, span in enumerate(spans):
        if not span or span[1] - span[0] < 2 or span[0] < max(header_count, 1):
            continue
        text = rows[span[0]][span[2]]
        if not text.strip() or is_number_like(text):
            continue
        for r in range(span[0] + 1, span[1]):
            if not rows[r][span[2]].strip():
                rows[r][span[2]] = text
                boxes[r][span[2]] = cells[k]
    # a body row whose filled cells all hold the same number (2+) of short lines, side by side,
    # is several rows whose rules were never drawn ("light" table styles)
    new_rows, new_boxes = [], []
    for r in range(row_count):
        split = split_unruled_row(r, column_count, owner, spans, cell_lines, texts, xs, settings) if r >= max(header_count, 1) else None
        if split:
            new_rows += split[0]
            new_boxes += split[1]
        else:
            new_rows.append(rows[r])
            new_boxes.append(boxes[r])
    rows, boxes = new_rows, new_boxes

    rows, boxes, keep_cols = drop_empty_rows_and_columns(rows, boxes)
    if not rows:
        return "none", None
    ncols = len(rows[0])
    if hides_columns:
        return "mixed", None
    if len(rows) == 1 and ncols >= 2:
        # one boxed row: column headings whose figures are laid out with white space below;
        # the boxes' rules will part the columns of that white-space table
        return "head", [xs[c] for c in keep_cols[1:]]
    if len(rows) < 2 or ncols < 2:
        return "none", None  # a frame or a box around text
    filled = sum(1 for r in rows for v in r if v.strip())
    if filled < settings.ruled_min_filled_cells:
        return "none", None
    cols = [(xs[c], xs[c + 1]) for c in keep_cols]
    g = Grid(page=0, rows=rows, boxes=boxes, method="lines", cols=cols)
    g.bbox = union(b for row in boxes for b in row if b)
    g.header_rows = count_header_rows(rows)
    return "grid", g


def split_unruled_row(r, column_count, owner, spans, cell_lines, texts, xs, settings: PdfSettings):
    """Rows of grid row r, when its cells hold aligned lines that are rows of their own."""
    cells = []
    for c in range(column_count):
        k = owner[r][c]
        if k < 0:
            continue
        span = spans[k]
        if span is None:
            return None  # text spread over the grid already
        if span[0] != r or span[1] != r + 1:
            return None  # part of a cell spanning rows
        if span[2] != c:
            continue
        lines = cell_lines.get(k, [])
        if lines and texts.get(k, "").count("\n") + 1 != len(lines):
            return None  # text running another way
        cells.append((c, span[3], k, lines))
    filled = [x for x in cells if x[3]]
    if len(filled) < 2:
        return None
    n = len(filled[0][3])
    if n < 2 or any(len(x[3]) != n for x in filled):
        return None
    hs = sorted(ln.height for x in filled for ln in x[3])
    h = hs[len(hs) // 2]
    mids = []
    for i in range(n):
        ys_i = [(x[3][i].top + x[3][i].bottom) / 2 for x in filled]
        if max(ys_i) - min(ys_i) > settings.unruled_row_align_ratio * h:
            return None
        mids.append(sum(ys_i) / len(ys_i))
    for c, c1, _k, lines in filled:
        # wrapped text fills its cell's width line after line: that is one value, not rows
        width = xs[c1] - xs[c]
        if any(ln.x1 - ln.x0 >= settings.wrapped_line_min_fill * width and not is_figure(ln.text) for ln in lines[:-1]):
            return None
    tops = [min(ln.top for x in filled for ln in [x[3][i]]) for i in range(n)]
    bottoms = [max(ln.bottom for x in filled for ln in [x[3][i]]) for i in range(n)]
    rows = [[""] * column_count for _ in range(n)]
    boxes = [[(xs[c], tops[i], xs[c + 1], bottoms[i]) for c in range(column_count)] for i in range(n)]
    for c, c1, _k, lines in filled:
        for i, ln in enumerate(lines):
            rows[i][c] = visual_to_logical(" ".join(w.text for w in ln.words), settings.reverse_rtl_text)
            boxes[i][c] = (xs[c], tops[i], xs[c1], bottoms[i])
    return rows, boxes


def spread_over_grid(lines: list[Line], span, xs, ys, settings: PdfSettings) -> Optional[dict[tuple[int, int], tuple[str, Optional[BBox]]]]:
    """Place the segments of a cell spanning several grid columns into the columns under them,
    if each fits inside one: {(row, column): (text, bbox)}, or None for a real merged cell."""
    r0, r1, c0, c1 = span
    placed: dict[int, list[Segment]] = {}
    for ln in lines:
        for s in segments_of(ln, settings):
            c = min(max(bisect.bisect_right(xs, (s.x0 + s.x1) / 2) - 1, c0), c1 - 1)
            if s.x0 < xs[c] - 1 or s.x1 > xs[c + 1] + 1:
                return None  # runs over a grid line: the cell really is merged
            placed.setdefault(c, []).append(s)
    if len(placed) < 2:
        return None
    out = {}
    for c, segs in placed.items():
        segs.sort(key=lambda s: (round(s.top), s.x0))
        out[(r0, c)] = ("\n".join(s.text for s in segs), union(s.bbox for s in segs))
    return out


def cell_text(chars: list[dict], frame: Frame, settings: PdfSettings) -> tuple[str, list[Line]]:
    """Text of one ruled cell, reading each character direction in its own frame.

    Also returns the cell's lines of text that run the frame's way, to spot cells that hide
    white-space columns or unruled rows. The characters' glyphs are those the page's reading
    made (page.read_layouts keeps each char's glyph): a cell only groups them into lines.
    """
    groups: dict[int, list[dict]] = {}
    for c in chars:
        groups.setdefault(char_rotation(c), []).append(c)
    parts = []
    lines: list[Line] = []
    for rot in sorted(groups, key=lambda r: (r != frame.rot, r)):
        glyphs = [g for c in groups[rot] if (g := c["glyph"]) is not None]
        if rot == frame.rot:
            lines = make_lines(glyphs, settings)
            parts.append("\n".join(visual_to_logical(" ".join(w.text for w in ln.words), settings.reverse_rtl_text) for ln in lines))
        else:
            parts.append(text_of_glyphs(glyphs, settings))
    return "\n".join(p for p in parts if p), lines


def cell_is_complex(lines: list[Line], settings: PdfSettings) -> bool:
    """A cell holding rows and columns of its own: several lines split by wide gaps, or
    several lines of figures."""
    if len(lines) < 2:
        return False
    multi = 0
    figures = 0
    for ln in lines:
        segs = segments_of(ln, settings)
        if len(segs) >= 2:
            multi += 1
        if any(is_figure(s.text) for s in segs):
            figures += 1
    return multi >= settings.complex_min_split_lines or (
        len(lines) >= settings.complex_min_figure_lines and figures >= settings.complex_min_figure_lines)


def attach_side_labels(g: Grid, lines: list[Line], settings: PdfSettings) -> Optional[BBox]:
    """Row labels written to the left of a ruled table, outside its rules (Excel exports often
    leave the first column without borders): added to the table as its first column.

    Returns the labels' bbox, or None when there are none."""
    assert g.bbox is not None  # read_ruled_cells gave it its cells' union
    x0 = g.bbox[0]
    bands = []
    for row in g.boxes:
        bs = [b for b in row if b]
        bands.append((min(b[1] for b in bs), max(b[3] for b in bs)))
    picked: dict[int, list[Segment]] = {}
    sg: Optional[Segment]  # None further down, for a row without a label
    for ln in lines:
        if ln.bottom < g.bbox[1] or ln.top > g.bbox[3]:
            continue
        segs = [sg for sg in segments_of(ln, settings) if sg.x1 <= x0 + 1]
        if not segs:
            continue
        sg = segs[-1]  # the segment nearest the table
        if x0 - sg.x1 > settings.side_label_max_gap_ratio * ln.height:
            continue
        overlaps = [(overlap(t, b, sg.top, sg.bottom), r) for r, (t, b) in enumerate(bands)]
        best, r = max(overlaps)
        if best < settings.side_label_min_row_overlap * (sg.bottom - sg.top):
            continue
        picked.setdefault(r, []).append(sg)
    body = len(g.rows) - g.header_rows
    if len(picked) < max(2, settings.side_label_min_share * body):
        return None
    if any(len(v) > 1 for v in picked.values()):
        return None
    # labels make a column: their left (or right) edges line up
    segs = [v[0] for v in picked.values()]
    for key in (lambda sg: sg.x0, lambda sg: sg.x1):
        xs = sorted(key(sg) for sg in segs)
        med = xs[len(xs) // 2]
        if sum(1 for x in xs if abs(x - med) <= settings.side_label_align_tolerance) >= settings.side_label_aligned_share * len(xs):
            break
    else:
        return None
    for r in range(len(g.rows)):
        sg = picked.get(r, [None])[0]
        g.rows[r].insert(0, sg.text if sg else "")
        t, b = bands[r]
        g.boxes[r].insert(0, sg.bbox if sg else (min(s.x0 for v in picked.values() for s in v), t, x0, b))
    labels_x0 = min(s.x0 for v in picked.values() for s in v)
    g.cols.insert(0, (labels_x0, x0))
    g.bbox = (labels_x0, g.bbox[1], g.bbox[2], g.bbox[3])
    return union(s.bbox for v in picked.values() for s in v)


def join_ruled_heads_to_bodies(grids: list[Grid], settings: PdfSettings) -> list[Grid]:
    """A ruled header with a white-space body right under it, in the same columns, is one
    table (forms and reports that box the column headings only)."""
    # Only a grid of headings can take a body: a ruled table with figures of its own is complete,
    # and a borderless table printed under it is another table (Word's default table style).
    heads = [g for g in grids if g.method == "lines" and not has_figures(g.rows)]
    bodies = [g for g in grids if g.method == "text"]
    gone = set()
    for a in heads:
        for b in bodies:
            if id(b) in gone:
                continue
            assert a.bbox is not None and b.bbox is not None  # both finders set it
            row_h = b.boxes[0][0][3] - b.boxes[0][0][1] if b.boxes and b.boxes[0][0] else settings.ruled_head_default_row_height
            gap = b.bbox[1] - a.bbox[3]
            if gap < -settings.ruled_head_overlap or gap > settings.ruled_head_max_gap_ratio * max(row_h, settings.ruled_head_min_row_height):
                continue
            if b.bbox[0] < a.bbox[0] - settings.ruled_head_x_slack or b.bbox[2] > a.bbox[2] + settings.ruled_head_x_slack:
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
                    a.rows.append(remap(row, mapping, n))
                    a.boxes.append(remap(box, mapping, n, None))
                a.method = "mixed"
                a.bbox = union([a.bbox, b.bbox])
                a.header_rows = count_header_rows(a.rows)
                gone.add(id(b))
                break
    return [g for g in grids if id(g) not in gone]
