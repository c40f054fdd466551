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

Steps 1-3's image work (rendering, rules, grids, white-space columns, line images) lives in
foi.documents.table_image; reading, doubting and caching the cells stays here.

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
from .table_image import (
    DPI, SKEW_MIN_DEGREES, cell_lines, deskew, erase_rules, find_grids, forget_pages, grid_spans, render_page,
    skew_degrees, whitespace_grid,
)

READER_VERSION = 2  # bump when a cell would be read differently: the cache is keyed by it
LANGUAGE = "eng"
PSM = "7"  # one line of text
TESSERACT_TIMEOUT = 300.0
ENV_SWITCH = "FOI_OCR_TABLES"  # 0: keep the tables OCRmyPDF's text layer gives

# Every line is read twice, as it is and half as big again: Tesseract can misread a lone digit at
# one size and not the other (a clean 30-pixel "1" read as "4" with 92% confidence), so two
# readings that differ make the cell doubtful
SECOND_SCALE = 1.5
TABLE_REACH_INCH = 0.12  # how far past the text layer's box a white-space table is looked for
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
        forget_pages()
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
                cell_bboxes=[list(row) for row in boxes], method="ocr-columns",  # a copy typed as Table's
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
            notes = _judge(table)
            for (tid, r, c), why in disagree.items():
                if tid == id(table):
                    notes[r][c] = why
            stats.cells_doubtful += sum(1 for row in table.cell_notes or [] for n in row if n)
        stats.tables += len(new_tables) + len(on_page)
        for t in replaced:
            parsed.tables.remove(t)
        if new_tables:
            _insert_in_order(parsed.tables, new_tables)
        stats.pages += 1
    forget_pages()
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
    cells = [table.cell_bbox(r, c) for r, row in enumerate(table.rows) for c in range(len(row)) if table.cell_page(r, c) == page]
    boxes = [b for b in cells if b]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _set_confidence(table: Table, r: int, c: int, conf: Optional[float]) -> None:
    if table.cell_confidence is None:
        table.cell_confidence = [[None] * len(row) for row in table.rows]
    table.cell_confidence[r][c] = conf


def _judge(table: Table) -> list[list[Optional[str]]]:
    """Set (and return) the table's cell notes: why each cell's reading is doubtful, if it is."""
    numeric = numeric_columns(table.rows)
    notes: list[list[Optional[str]]] = [[None] * len(row) for row in table.rows]
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            conf = table.cell_confidence[r][c] if table.cell_confidence and c < len(table.cell_confidence[r]) else None
            notes[r][c] = doubt(text, conf, c in numeric and r > 0)
    table.cell_notes = notes
    return notes


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
