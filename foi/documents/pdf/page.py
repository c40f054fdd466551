"""One page: its objects copied out of pdfplumber, its rules, whether it needs OCR, and its
text read in each direction it runs.

Each page is opened once and released before the next, so memory stays flat on long documents:
`load_page_objects` copies out the characters, rectangles, lines, curves and images, and
`release_page` drops pdfplumber's caches. Characters are grouped by the direction they run in;
each direction with enough text is read in its own frame (geometry.Frame) with the page's rules
turned the same way (a `Layout`), the boxes found there being turned back into page coordinates.
A page needs OCR when it has no usable text layer: a scan, maybe with a typed header or a stamp,
or text drawn as outlines. Tables are listed in reading order: top to bottom, side by side left
to right.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...tables import BBox, PageText
from .geometry import Frame, char_rotation, overlap
from .grid import Grid
from .settings import PdfSettings
from .text import Line, glyphs_in_frame, make_lines, plain_line_text


@dataclass
class PageObjects:
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


def load_page_objects(page) -> PageObjects:
    """Copy what the reader needs out of a pdfplumber page (the one place that asks pdfplumber
    for page objects, so that another source can stand in for it).

    The values are those of pdfplumber's `page.chars`, `.rects`, `.lines`, `.curves` and
    `.images`, taken from pdfminer's layout objects directly: pdfplumber's `process_object`
    makes a dict of some 25 attributes of every object (colours, colour spaces, doctop, ...)
    and resolves each, most of them never read here, and that took longer than pdfminer's own
    parse of the page. tests/test_pdfium_objects.py holds the two to the same objects."""
    from pdfminer.layout import LTContainer
    from pdfplumber.page import fix_fontname_bytes, normalize_unicode
    from pdfplumber.utils.pdfinternals import resolve_all

    height = page.height
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    dx, dy = float(page.bbox[0]), float(page.bbox[1])  # pdfplumber's coordinates to the page's own
    norm = page.pdf.unicode_norm
    chars: list[dict] = []
    rects: list[dict] = []
    lines: list[dict] = []
    curves: list[dict] = []
    images: list[dict] = []

    def box(o) -> dict:
        # as pdfplumber's process_object, then moved to the page's corner
        x0, x1 = (o.x0 + mb_x0, o.x1 + mb_x0) if mb_x0 != 0 else (o.x0, o.x1)
        top, bottom = (height - o.y1) + mb_top, (height - o.y0) + mb_top
        if dx or dy:
            return {"x0": x0 - dx, "x1": x1 - dx, "top": top - dy, "bottom": bottom - dy}
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom}

    def visit(objs) -> None:
        for o in objs:
            kind = type(o).__name__
            if kind == "LTChar":
                d = box(o)
                text = o.get_text()
                d["text"] = normalize_unicode(norm, text) if norm is not None else text
                fontname = o.fontname
                d["matrix"], d["upright"] = o.matrix, o.upright
                d["fontname"] = fix_fontname_bytes(fontname) if isinstance(fontname, bytes) else fontname
                d["size"] = o.size
                chars.append(d)
            elif kind == "LTRect":
                d = box(o)
                d["stroke"], d["fill"] = o.stroke, o.fill
                d["non_stroking_color"] = resolve_all(o.non_stroking_color)
                rects.append(d)
            elif kind == "LTLine":
                lines.append(box(o))
            elif kind == "LTCurve":
                curves.append({"pts": [(mb_x0 + x - dx, mb_top + height - y - dy) for x, y in o.pts]})
            elif kind == "LTImage":
                images.append(box(o))
            elif isinstance(o, LTContainer):  # a form XObject's figure: its objects, in order
                visit(o._objs)

    visit(page.layout._objs)
    return PageObjects(float(page.width), float(page.height), chars, rects, lines, curves, images)


def release_page(page) -> None:
    """Drop the page's cached objects so memory stays flat on long documents."""
    try:
        page.close()
    except Exception:
        try:
            page.flush_cache()
        except Exception:
            pass


def needs_ocr(page_objects: PageObjects, settings: PdfSettings) -> bool:
    """No usable text layer: a scan (maybe with a typed header or stamp), or text drawn as
    outlines."""
    page_width, page_height, chars = page_objects.width, page_objects.height, page_objects.chars
    area = page_width * page_height
    # The largest image, clipped to the page
    scan, cover = None, 0.0
    for im in page_objects.images:
        x0, x1 = max(0.0, im["x0"]), min(page_width, im["x1"])
        t, b = max(0.0, im["top"]), min(page_height, im["bottom"])
        if x1 > x0 and b > t and (x1 - x0) * (b - t) / area > cover:
            scan, cover = (x0, t, x1, b), (x1 - x0) * (b - t) / area
    visible = [c for c in chars if (c.get("text") or "").strip()]
    if scan and cover >= settings.ocr_min_image_cover:
        # Text over the scan itself: a header or a stamp is not a text layer, wherever it sits.
        x0, t, x1, b = scan
        over = sum(
            1 for c in visible
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and t <= (c["top"] + c["bottom"]) / 2 <= b
        )
        if over * settings.ocr_min_area_per_char < (x1 - x0) * (b - t):
            return True
    band = settings.ocr_margin_band * page_height
    body = sum(1 for c in visible if band <= (c["top"] + c["bottom"]) / 2 <= page_height - band)
    if body >= settings.ocr_max_body_chars:
        return False
    if cover >= settings.ocr_min_image_cover:
        return True
    if not chars:
        return len(page_objects.curves) >= settings.ocr_min_curves
    return False


def page_edges(page_objects: PageObjects, settings: PdfSettings) -> list[dict]:
    """Rules of the page as horizontal and vertical edges (page coordinates)."""
    out: list[dict] = []
    area = page_objects.width * page_objects.height

    def add(x0, t, x1, b, orient):
        if orient == "h":
            if x1 - x0 < settings.edge_min_length:
                return
            y = (t + b) / 2
            out.append({"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y})
        else:
            if b - t < settings.edge_min_length:
                return
            x = (x0 + x1) / 2
            out.append({"orientation": "v", "x0": x, "x1": x, "top": t, "bottom": b})

    for r in page_objects.rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if w * h > settings.max_rect_page_share * area:
            continue
        if not r.get("stroke") and is_white(r.get("non_stroking_color")):
            continue  # white fill: invisible
        if h <= settings.thin_rule and w > h:  # a thin bar drawn as a rectangle: a horizontal rule
            add(r["x0"], r["top"], r["x1"], r["bottom"], "h")
        elif w <= settings.thin_rule and h > w:
            add(r["x0"], r["top"], r["x1"], r["bottom"], "v")
        else:
            add(r["x0"], r["top"], r["x1"], r["top"], "h")
            add(r["x0"], r["bottom"], r["x1"], r["bottom"], "h")
            add(r["x0"], r["top"], r["x0"], r["bottom"], "v")
            add(r["x1"], r["top"], r["x1"], r["bottom"], "v")
    for ln in page_objects.lines:
        x0, x1, t, b = ln["x0"], ln["x1"], ln["top"], ln["bottom"]
        if b - t <= settings.line_max_thickness or (x1 - x0) > settings.line_min_aspect * (b - t):
            add(x0, t, x1, b, "h")
        elif x1 - x0 <= settings.line_max_thickness or (b - t) > settings.line_min_aspect * (x1 - x0):
            add(x0, t, x1, b, "v")
    for cv in page_objects.curves:
        pts = cv.get("pts") or []
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            if abs(ay - by) < settings.curve_straight_tolerance and abs(ax - bx) >= settings.edge_min_length:
                add(min(ax, bx), ay, max(ax, bx), ay, "h")
            elif abs(ax - bx) < settings.curve_straight_tolerance and abs(ay - by) >= settings.edge_min_length:
                add(ax, min(ay, by), ax, max(ay, by), "v")
    return out


def is_white(color) -> bool:
    """A fill colour that is white (grey, RGB or CMYK): an invisible rectangle."""
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


def edge_in_frame(e: dict, frame: Frame) -> dict:
    """A page edge turned into `frame`, in the form pdfplumber's table finder takes."""
    x0, t, x1, b = frame.to_frame((e["x0"], e["top"], e["x1"], e["bottom"]))
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


@dataclass
class Layout:
    """The objects of one page in one frame."""

    frame: Frame
    lines: list[Line]
    edges: list[dict]


@dataclass
class PageInfo:
    """What joining tables across pages needs to know about a page."""

    height_by_rot: dict[int, float] = field(default_factory=dict)
    lines_by_rot: dict[int, list[BBox]] = field(default_factory=dict)
    texts_by_rot: dict[int, list[str]] = field(default_factory=dict)  # the text of each of lines_by_rot
    table_error: Optional[str] = None  # the page's text was read but finding its tables failed


def read_layouts(
    page_objects: PageObjects, number: int, settings: PdfSettings
) -> tuple[PageText, list[Layout], PageInfo]:
    """The page's text, and its lines and rules in each direction its text runs (the most
    common direction first) that has enough characters to hold a table of its own."""
    page_width, page_height = page_objects.width, page_objects.height
    by_rot: dict[int, list[dict]] = {}
    visible_by_rot: dict[int, int] = {}
    for c in page_objects.chars:
        rot = char_rotation(c)
        by_rot.setdefault(rot, []).append(c)
        if not (c.get("text") or " ").isspace():
            visible_by_rot[rot] = visible_by_rot.get(rot, 0) + 1
    nonspace = sum(visible_by_rot.values())

    directions = sorted(by_rot, key=lambda r: -len(by_rot[r]))
    info = PageInfo()
    layouts: list[Layout] = []
    texts: list[str] = []
    page_rules = None
    for k, rot in enumerate(directions):
        chars = by_rot[rot]
        if k > 0 and visible_by_rot.get(rot, 0) < settings.min_rotated_chars:
            # a few rotated characters (a vertical label, a stamp): part of the text, and read
            # inside ruled cells, but no table of their own
            frame = Frame(rot, page_width, page_height)
            lines = make_lines(glyphs_in_frame(chars, frame, settings), settings)
            texts.append("\n".join(ln.text for ln in lines))
            continue
        frame = Frame(rot, page_width, page_height)
        lines = make_lines(glyphs_in_frame(chars, frame, settings), settings)
        line_texts = [plain_line_text(ln, settings) for ln in lines]
        texts.append("\n".join(line_texts))
        if page_rules is None:
            page_rules = page_edges(page_objects, settings)
        edges = [edge_in_frame(e, frame) for e in page_rules]
        layouts.append(Layout(frame, lines, edges))
        info.height_by_rot[rot] = frame.height
        info.lines_by_rot[rot] = [(ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines]
        info.texts_by_rot[rot] = line_texts

    text = "\n".join(t for t in texts if t)
    page_text = PageText(
        number=number,
        text=text,
        width=page_width,
        height=page_height,
        chars=nonspace,
        needs_ocr=needs_ocr(page_objects, settings),
    )
    return page_text, layouts, info


def in_reading_order(grids: list[Grid], settings: PdfSettings) -> list[Grid]:
    """Top to bottom; tables side by side (overlapping in height), left to right."""
    out = sorted(grids, key=lambda g: (g.frame_bbox[1], g.frame_bbox[0]))  # type: ignore[index]  # find_tables set it
    changed = True
    while changed:
        changed = False
        for i in range(len(out) - 1):
            a, b = out[i].frame_bbox, out[i + 1].frame_bbox
            assert a is not None and b is not None  # find_tables set every frame_bbox
            side = overlap(a[1], a[3], b[1], b[3]) >= settings.side_by_side_min_overlap * min(a[3] - a[1], b[3] - b[1])
            if side and b[0] < a[0]:
                out[i], out[i + 1] = out[i + 1], out[i]
                changed = True
    return out
