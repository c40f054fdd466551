"""White-space tables (method "text"): the grid comes from how words line up.

Words make lines; lines split into segments at wide gaps. Prose is set aside first (blocks of
long lines that fill their width, unless they are a text column beside other cells; long
sentences), so a letter's paragraphs, lists and a two-column article never become tables. Runs
of lines with two or more segments make a table block (a wide gap before a caption, a paragraph,
or a few lines with one cell end it); header lines just above it join it. Columns are the white
bands through the block's data rows, cut where the columns' alignment says (after the figures of
right-aligned columns, before left-aligned text); segments crossing a cut are split there or,
when they are group headings, put in the first column they cover. Each line is a row, except
header lines that are clearly one wrapped heading (close together, no rule between, parts
aligned), which are merged. Inside ruled column groups (ruled.py's "mixed"), the vertical rules
are forced column separators.
"""
from __future__ import annotations

import bisect
import math
import re
from typing import Optional

from ...tables import BBox
from .geometry import Frame, median, overlap, union
from .grid import RULE_TEXT, Grid, count_header_rows, drop_empty_rows_and_columns, is_data_row, is_number_like
from .settings import PdfSettings
from .text import Line, Segment, segments_of, split_at_table_gaps


def whitespace_tables(
    lines, frame: Frame, rule_rows, settings: PdfSettings, *, forced=None, region=None, heads=()
) -> list[Grid]:
    """White-space tables among `lines` (or, with `region`, the one inside ruled column groups,
    whose vertical rules are `forced` column separators)."""
    if not lines:
        return []
    lines = [Line(ln.words) for ln in lines]  # segments get split below: work on copies
    for ln in lines:
        segments_of(ln, settings)
    if forced:
        for ln in lines:
            ln.segments = [
                p for s in ln.segments for p in split_at_separators(s, [(x - 0.5, x + 0.5) for x in forced], any_gap=True)
            ]
    if region is None:
        mark_prose(lines, frame.width, settings)
    else:
        for ln in lines:
            for s in ln.segments:
                s.prose = False
    blocks = table_blocks(lines, settings, region=region)
    out = []
    for pre, block, post in blocks:
        g = block_table(block, pre, post, rule_rows, forced or [], settings, heads)
        if g is not None:
            out.append(g)
    return out


def mark_prose(lines: list[Line], width: float, settings: PdfSettings) -> None:
    """Flag segments that are running text: paragraphs and long sentences."""
    segs: list[tuple[int, Segment]] = []
    for i, ln in enumerate(lines):
        segments_of(ln, settings)
        for s in ln.segments:
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
                    h = min(lines[i].height, lines[j].height)
                    if gap <= settings.block_line_margin_ratio * h and overlap(s.x0, s.x1, t.x0, t.x1) > 0:
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
            if len(s.words) >= settings.prose_sentence_min_words and (s.x1 - s.x0) >= settings.prose_sentence_min_width * width:
                candidates.append(ks)
            continue
        x0 = min(s.x0 for s in ss)
        x1 = max(s.x1 for s in ss)
        bw = x1 - x0
        if bw < settings.prose_min_width * width:
            continue
        words = sorted(len(s.words) for s in ss)
        if words[len(words) // 2] < settings.prose_min_words:
            continue
        ss.sort(key=lambda s: s.top)
        body = ss[:-1]
        full = sum(1 for s in body if (s.x1 - s.x0) >= settings.prose_full_line * bw)
        if full >= settings.prose_full_lines_share * len(body):
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
        if len(ks) > 1 and beside >= settings.prose_table_column_share * len(ks):
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
            is_full = (s.x1 - s.x0) >= settings.prose_full_line * bw
            if lead and not is_full:
                continue
            lead = False
            if len(s.words) >= settings.prose_line_min_words or (s.x1 - s.x0) >= settings.prose_line_min_width * bw:
                s.prose = True


def is_sentence(text: str, settings: PdfSettings) -> bool:
    """A line of words that ends as a sentence does, long enough not to be a label."""
    words = text.split()
    return len(words) >= settings.ending_sentence_min_words and text.rstrip().endswith((".", "?")) and sum(
        w[:1].islower() for w in words) >= len(words) // 2


def table_blocks(lines: list[Line], settings: PdfSettings, region: Optional[BBox] = None):
    """Runs of table-like lines: (the lines just above the run, the run, the lines just below).

    Inside ruled column groups (`region`), white space between the header and the body does not
    end the table, and all of the region's width is the table's: the rules hold it together."""
    blocks: list[tuple[list[Line], list[Line], list[Line]]] = []
    max_gap = math.inf if region else settings.max_row_gap_ratio
    cur: list[Line] = []
    pending: list[Line] = []
    before: list[Line] = []  # lines seen since the last block, for header lines above a block
    pre: list[Line] = []
    bx0 = bx1 = 0.0
    last_bottom = 0.0
    hs = sorted(ln.height for ln in lines)
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
        pre = before[-(settings.max_single_run + 1):]
        before = []
        bx0, bx1 = min(s.x0 for s in live), max(s.x1 for s in live)
        if region:
            bx0, bx1 = region[0], region[2]
        last_bottom = ln.bottom

    for ln in lines:
        live = ln.cell_segments()
        multi = len(live) >= 2
        if not cur:
            if multi:
                start(ln, live)
            else:
                before.append(ln)
            continue
        gap = ln.top - last_bottom
        if gap > max_gap * max(h_med, ln.height) or (
            # a caption after a wide gap starts another table; a row after one is a new section
            not region and not multi and len(gaps) >= 2 and gap > settings.row_gap_jump * max(median(gaps), ln.height)
        ):
            close()
            if multi:
                start(ln, live)
            else:
                before.append(ln)
            continue
        prose_hit = any(s.prose and overlap(s.x0, s.x1, bx0, bx1) > 0 for s in ln.segments)
        if prose_hit or (not region and len(live) == 1 and is_sentence(live[0].text, settings)):
            # a sentence between runs of rows ("The number of allegations that were upheld.")
            # introduces the next table: it is not a row of this one
            close()
            before.append(ln)
            continue
        near_block = [s for s in live if overlap(s.x0, s.x1, bx0, bx1) > -2 * ln.height]
        if not near_block:
            continue  # text beside the table (another column of the page)
        if len(near_block) >= 2:
            gaps.append(max(0.0, gap))
            cur += pending + [ln]
            pending = []
            bx0, bx1 = min(bx0, *(s.x0 for s in near_block)), max(bx1, *(s.x1 for s in near_block))
            last_bottom = ln.bottom
        else:
            pending.append(ln)
            if len(pending) > settings.max_single_run:
                close()
                continue
            last_bottom = ln.bottom
    close()
    return blocks


def block_table(
    block, pre, post, rule_rows, forced: list[float], settings: PdfSettings, heads=()
) -> Optional[Grid]:
    """The table of one block of lines (with the lines just above and below it), or None if
    the block is not a table after all."""
    multi = [ln for ln in block if len(ln.cell_segments()) >= 2]
    if len(multi) < settings.min_multi_rows:
        return None
    for ln in block:
        split_at_table_gaps(ln, settings)
    for ln in pre:
        split_at_table_gaps(ln, settings)
    data = [ln for ln in multi if is_data_row([s.text for s in ln.cell_segments()])]
    body = data if len(data) >= settings.min_multi_rows else multi
    x0 = min(s.x0 for ln in block for s in ln.cell_segments())
    x1 = max(s.x1 for ln in block for s in ln.cell_segments())
    forced = list(forced)
    method = "mixed" if forced else "text"
    for hb, hx in heads:  # a boxed heading row on top of the block gives its columns
        top_lines = (pre[-2:] if pre else []) + block[:3]
        on_top = any(hb[1] - 1 <= (ln.top + ln.bottom) / 2 <= hb[3] + 1 for ln in top_lines)
        if on_top and overlap(hb[0], hb[2], x0, x1) >= settings.boxed_head_min_overlap * (x1 - x0):
            x0, x1 = min(x0, hb[0]), max(x1, hb[2])
            forced += [x for x in hx if x0 < x < x1]
            method = "mixed"
    seps = white_bands(body, x0, x1, settings)
    seps = [sp for sp in seps if not any(sp[0] - 1 <= x <= sp[1] + 1 for x in forced)]
    seps += [(x - 0.5, x + 0.5) for x in forced if x0 < x < x1]
    seps.sort()
    if not seps:
        return None
    # column bands, parted where each white band is best cut given how its columns align
    cuts = column_cuts(seps, body, x0, x1, forced, settings)
    in_body = set(map(id, body))
    cuts = cuts_clear_of_headings(cuts, seps, [ln for ln in block[:2] if id(ln) not in in_body and len(ln.cell_segments()) >= 2])
    bands = [(x0, cuts[0])] + [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)] + [(cuts[-1], x1)]
    column_count = len(bands)
    white = seps
    body_set = set(map(id, body))
    seps = [(c - 0.5, c + 0.5) for c in cuts]
    block = header_lines_above(pre, block, bands, seps, x0, x1, settings) + block
    block = block + wrapped_lines_below(post, block[-1], seps, x0, x1, settings)
    rows: list[list[str]] = []
    boxes: list[list[Optional[BBox]]] = []
    spanning: list[bool] = []
    line_of_row: list[Line] = []
    for ln in block:
        cells: list[list[Segment]] = [[] for _ in range(column_count)]
        span = False
        for s in ln.cell_segments():
            # body rows may be parted at any white band; other rows (headers, where a group
            # header spans several columns) only where the columns are cut
            for piece in split_at_separators(s, white + seps if id(ln) in body_set else seps):
                c, crosses = assign_column(piece, bands, seps, settings)
                span = span or crosses
                cells[c].append(piece)
        row = [" ".join(p.text for p in pieces) for pieces in cells]
        if not any(v.strip() for v in row) or all(RULE_TEXT.match(v) for v in row if v.strip()):
            continue  # empty, or a line of dashes under the headings of a text report
        box = []
        for c, pieces in enumerate(cells):
            if pieces:
                box.append(union(p.bbox for p in pieces))
            else:
                box.append((bands[c][0], ln.top, bands[c][1], ln.bottom))
        rows.append(row)
        boxes.append(box)
        spanning.append(span)
        line_of_row.append(ln)
    if not rows:
        return None
    n_multi = sum(1 for r in rows if sum(1 for v in r if v.strip()) >= 2)
    if n_multi < settings.min_multi_rows or n_multi < settings.min_multi_row_share * len(rows):
        return None
    if looks_like_list(rows, settings):
        return None
    rows, boxes, line_of_row, spanning = merge_wrapped_header(
        rows, boxes, line_of_row, spanning, rule_rows, settings
    )
    rows, boxes, keep = drop_empty_rows_and_columns(rows, boxes)
    rows, boxes, keep = drop_stray_edge_columns(rows, boxes, keep, bands, white, block, settings)
    if not rows or len(rows[0]) < settings.min_columns:
        return None
    g = Grid(page=0, rows=rows, boxes=boxes, method=method, cols=[bands[c] for c in keep])
    g.bbox = union(b for row in boxes for b in row if b)
    g.header_rows = count_header_rows(rows)
    return g


def cuts_clear_of_headings(cuts: list[float], white, headings: list[Line]) -> list[float]:
    """A cut placed in a white band from the body alone can run through a heading wider than
    its column ("Dismissed" over a column of dashes): move it past the heading, where the
    band leaves room, so the heading stays over its own column."""
    out = []
    for c in cuts:
        band = next(((a, b) for a, b in white if a - 0.5 <= c <= b + 0.5), None)
        if band is not None:
            for ln in headings:
                segs = ln.cell_segments()
                for sg in segs:
                    if not (sg.x0 < c < sg.x1 and sg.x0 <= band[0] + 1):
                        continue
                    # room between this heading and the band's end, or the next heading
                    limit = min([band[1]] + [o.x0 for o in segs if o.x0 >= sg.x1])
                    if sg.x1 < limit - 1:
                        c = (sg.x1 + limit) / 2
        out.append(c)
    return out


def drop_stray_edge_columns(rows, boxes, keep, bands, seps, block, settings: PdfSettings):
    """Drop what stands at the left or right of a table beyond a wide white gap when it fills only
    a few rows and not the first (labels of a picture beside the table, a margin note)."""
    if not rows or len(keep) < 3 or not seps:
        return rows, boxes, keep
    hs = sorted(ln.height for ln in block)
    h = hs[len(hs) // 2]
    widths = sorted(b - a for a, b in seps)
    wide = max(settings.stray_gap_ratio * h, 2 * widths[len(widths) // 2])
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
        if used_l <= settings.stray_column_share * n and not head_l and len(right) >= 2:
            lo = max(lo, right[0])
        elif used_r <= settings.stray_column_share * n and not head_r and len(left) >= 2:
            hi = min(hi, left[-1] + 1)
    if hi - lo < 2 or (lo == 0 and hi == len(keep)):
        return rows, boxes, keep
    rows = [r[lo:hi] for r in rows]
    boxes = [b[lo:hi] for b in boxes]
    rows, boxes, k2 = drop_empty_rows_and_columns(rows, boxes)
    keep = [keep[lo:hi][j] for j in k2]
    return rows, boxes, keep


def wrapped_lines_below(post: list[Line], last: Line, seps, x0, x1, settings: PdfSettings) -> list[Line]:
    """Lines right under a table's last row, as close as wrapped lines of one cell are (the rest
    of a label), that stay within one column: they belong to the table. A footnote or a new
    paragraph sits further down."""
    out = []
    above = last
    for ln in post[: settings.wrapped_lines_max]:
        near = [sg for sg in ln.segments if overlap(sg.x0, sg.x1, x0 - 2, x1 + 2) > 0]
        live = [sg for sg in near if not sg.prose]
        if not live or len(live) < len(near):
            break
        if ln.top - above.bottom > settings.header_wrap_gap_ratio * max(ln.height, above.height):
            break
        if any(sg.x0 < x0 - 2 or sg.x1 > x1 + 2 for sg in live):
            break
        if any(sg.x0 < (a + b) / 2 < sg.x1 for sg in live for a, b in seps):
            break
        if len(live) < len(ln.segments):
            ln = clipped_line(ln, live)
        out.append(ln)
        above = ln
    return out


def clipped_line(ln: Line, segs: list[Segment]) -> Line:
    """A line holding only `segs`, of the segments of `ln`."""
    clipped = Line([w for sg in segs for w in sg.words])
    clipped.segments = segs
    return clipped


def header_lines_above(
    pre: list[Line], block: list[Line], bands, seps, x0, x1, settings: PdfSettings
) -> list[Line]:
    """Lines just above a block that belong to it: header cells over its columns (such as a lone
    year over the figures) and the first-column labels between them and the block."""
    taken: list[Line] = []
    below = block[0]
    keep = 0
    for ln in reversed(pre):
        reach = settings.header_overhang_ratio * ln.height  # a header may be wider than its figures
        near = [s for s in ln.segments if overlap(s.x0, s.x1, x0 - reach, x1 + reach) > 0]
        live = [s for s in near if not s.prose]
        if not live or len(live) < len(near):
            break
        if below.top - ln.bottom > settings.max_row_gap_ratio * max(ln.height, below.height):
            break
        if any(s.x0 < x0 - reach or s.x1 > x1 + reach for s in live):
            break
        if any(s.x0 < (a + b) / 2 < s.x1 for s in live for a, b in seps):
            break  # runs across the columns: a title
        if len(live) < len(ln.segments):
            ln = clipped_line(ln, live)
        taken.append(ln)
        below = ln
        if any(assign_column(s, bands, seps, settings)[0] > 0 for s in live):
            keep = len(taken)
    return list(reversed(taken[:keep]))


def column_cuts(seps, body: list[Line], x0: float, x1: float, forced, settings: PdfSettings) -> list[float]:
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
        for sg in ln.cell_segments():
            c = min(max(bisect.bisect_right(edges, (sg.x0 + sg.x1) / 2) - 1, 0), n - 1)
            lefts[c].append(sg.x0)
            rights[c].append(sg.x1)
            figures[c] += is_number_like(sg.text)

    def spread(v):
        if len(v) < 3:
            return None
        v = sorted(v)
        k = len(v) // 10 if len(v) < 5 else max(1, len(v) // 10)  # ignore a stray value or two
        return v[-1 - k] - v[k]

    align = []
    slack = settings.column_align_slack
    for c in range(n):
        sl, sr = spread(lefts[c]), spread(rights[c])
        if sl is None or sr is None:
            align.append("?")
        elif abs(sl - sr) <= slack and figures[c] >= settings.column_align_figure_share * max(1, len(lefts[c])):
            align.append("R")  # figures of one width: figures are set flush right
        elif sr + slack < settings.column_align_ratio * sl:
            align.append("R")
        elif sl + slack < settings.column_align_ratio * sr:
            align.append("L")
        else:
            align.append("?")
    out = []
    for i, (a, b) in enumerate(seps):
        if any(abs((a + b) / 2 - x) < settings.column_cut_forced_slack for x in forced):
            out.append((a + b) / 2)
            continue
        pad = min(settings.column_cut_pad, (b - a) / 3)
        if align[i] == "R" and align[i + 1] == "R":
            out.append(a + pad)
        elif align[i] == "L" and align[i + 1] == "L":
            out.append(b - pad)
        else:
            out.append((a + b) / 2)
    return out


def white_bands(body: list[Line], x0: float, x1: float, settings: PdfSettings) -> list[tuple[float, float]]:
    """Vertical white bands crossing the body rows: the column separators."""
    step = settings.separator_scan_step
    n = int(math.ceil((x1 - x0) / step)) + 1
    cover = [0] * n
    a: int | float  # a scan step's index in the first loop, an x in the second
    b: int | float
    for ln in body:
        for s in ln.cell_segments():
            a = int((s.x0 - x0) / step)
            b = int(math.ceil((s.x1 - x0) / step))
            for i in range(max(0, a), min(n, b + 1)):
                cover[i] += 1
    max_cover = int(settings.separator_cross_share * len(body)) if len(body) >= settings.separator_cross_min_rows else 0
    seps: list[tuple[float, float]] = []
    i = 0
    while i < n:
        if cover[i] <= max_cover:
            j = i
            while j < n and cover[j] <= max_cover:
                j += 1
            a, b = x0 + i * step, x0 + j * step
            if i > 0 and j < n and b - a >= settings.min_separator_width:
                seps.append((a, b))
            i = j
        else:
            i += 1
    return seps


def split_at_separators(s: Segment, seps, any_gap: bool = False) -> list[Segment]:
    """Split a segment at word gaps that fall inside column separators."""
    if len(s.words) < 2:
        return [s]
    out: list[Segment] = []
    cur = [s.words[0]]
    for w in s.words[1:]:
        gap0, gap1 = cur[-1].x1, w.x0
        cut = False
        for a, b in seps:
            if gap0 <= b and gap1 >= a and (any_gap or overlap(gap0, gap1, a, b) >= min(1.0, gap1 - gap0)):
                cut = True
                break
        if cut:
            out.append(Segment(cur, s.reverse_rtl, s.prose))
            cur = [w]
        else:
            cur.append(w)
    out.append(Segment(cur, s.reverse_rtl, s.prose))
    return out


def assign_column(s: Segment, bands, seps, settings: PdfSettings) -> tuple[int, bool]:
    """Column of a segment, and whether it spans several: the first band it covers fully, else
    the first that holds a fair part of a spanning segment, else the one it overlaps most."""
    best, best_frac = 0, -1.0
    hits = 0
    for c, (a, b) in enumerate(bands):
        covered = overlap(s.x0, s.x1, a, b)
        if covered <= 0:
            continue
        hits += 1
        frac = covered / max(b - a, 0.1)
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
            if overlap(s.x0, s.x1, a, b) >= settings.spanning_min_share * wid:
                return c, crosses
    return best, crosses


# list markers: "1." "(a)" "iv)" bullets, and bullets from symbol fonts that have no Unicode
# mapping ("(cid:127)") or sit in the private use area (Wingdings: U+F0B7 ...)
BULLET = re.compile(
    r"^(\(?[0-9ivxlc]{1,4}[.)]|\(?[a-z][.)]|[•·\-–*▪●○◦■□➢✓o\uf000-\uf0ff]|\(cid:\d+\))$", re.IGNORECASE
)


def looks_like_list(rows: list[list[str]], settings: PdfSettings) -> bool:
    """One or two columns whose first cells are mostly list markers: a list, not a table."""
    firsts = [r[0].strip() for r in rows if r[0].strip()]
    ncols = sum(1 for c in range(len(rows[0])) if any(r[c].strip() for r in rows))
    if ncols <= 2 and firsts and sum(1 for f in firsts if BULLET.match(f)) >= settings.list_marker_share * len(firsts):
        return True
    return False


def merge_wrapped_header(rows, boxes, lines, spanning, rule_rows, settings: PdfSettings):
    """Merge the header lines just above the data that are clearly one wrapped header row."""
    first_data = None
    for i, r in enumerate(rows):
        if is_data_row(r):
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
        if gap > settings.header_wrap_gap_ratio * max(a.height, b.height):
            break
        if rule_between(rule_rows, a, b):
            break
        if not aligned_with_below(start - 1, j, rows, boxes, a.height, settings):
            break  # e.g. a group header over several columns: a row of its own
        start -= 1
    if start == j:
        return rows, boxes, lines, spanning
    if spanning[j]:
        return rows, boxes, lines, spanning
    column_count = len(rows[0])
    merged = [" ".join(rows[i][c] for i in range(start, j + 1) if rows[i][c].strip()) for c in range(column_count)]
    merged_box = []
    for c in range(column_count):
        bs = [boxes[i][c] for i in range(start, j + 1) if rows[i][c].strip()]
        merged_box.append(union(bs) if bs else union(boxes[i][c] for i in range(start, j + 1)))
    rows = rows[:start] + [merged] + rows[j + 1 :]
    boxes = boxes[:start] + [merged_box] + boxes[j + 1 :]
    lines = lines[:start] + [lines[j]] + lines[j + 1 :]
    spanning = spanning[:start] + [False] + spanning[j + 1 :]
    return rows, boxes, lines, spanning


def aligned_with_below(i: int, j: int, rows, boxes, h: float, settings: PdfSettings) -> bool:
    """Whether each cell of header row i lines up (left, right or centre) with the next cell
    below it in rows i+1..j: the two are one wrapped heading."""
    tol = settings.header_align_ratio * h
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


def rule_between(rule_rows, a: Line, b: Line) -> bool:
    """Whether a horizontal rule runs between lines `a` and `b` (above `b`, below `a`)."""
    y0, y1 = a.bottom - 0.5, b.top + 0.5
    for y, ex0, ex1 in rule_rows:
        if y0 <= y <= y1 and overlap(ex0, ex1, min(a.x0, b.x0), max(a.x1, b.x1)) > 0:
            return True
    return False
