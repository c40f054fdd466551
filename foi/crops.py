"""Pictures of the tables figures were read from, so a reader can check any number by eye.

Each table that a figure came from is drawn, cropped from its PDF page, where it is shown:
`foi serve` draws the workspace's into build/crops/ before it starts (only those not drawn yet),
`foi publish` its own, with the requester blacked out; both serve them at /-/crops/.
"""
from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import sqlite_utils

from .db import VIEWS
from .documents.limits import DEFAULT_LIMITS, DocumentLimits
from .workspace import Workspace
from .workspace_root import CROPS_FOLDER

CROPS_MOUNT = "-/crops"  # URL path the crops are served at: /-/crops/<document>/p<page>-t<table>.png
CROPS_URL = f"/{CROPS_MOUNT}/"
CROP_RESOLUTION = 110
CROP_MARGIN = 6.0  # points around a table, so that its rules show

def crops_dir(ws: Workspace) -> Path:
    """Where the workspace keeps its crops (for `foi serve`)."""
    return ws.root.joinpath(*CROPS_FOLDER)


# ---------------------------------------------------------------- crops


class CropWarning(UserWarning):
    """A crop could not be drawn: the rest are drawn and served without it."""


@dataclass
class CropReport:
    wanted: int = 0
    rendered: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (crop path, why)


CROP_MANIFEST = ".crops.json"  # crop path -> what it was drawn from, so unchanged crops are kept

WANTED_CROPS = """
select v.document, v.page, v.table_number, v.crop,
    -- an OCR'd document's cells are positioned on its OCR'd (straightened) copy: draw from that
    coalesce(d.ocr_path, d.path) as path, d.sha256 || coalesce(':' || d.ocr_path, '') as sha256,
    t.page as table_page, t.x0 as t_x0, t.top as t_top, t.x1 as t_x1, t.bottom as t_bottom,
    (select min(x0) from cells c where c.document = v.document and c.table_number = v.table_number
        and c.page = v.page and c.x0 is not null) as c_x0,
    (select min(top) from cells c where c.document = v.document and c.table_number = v.table_number
        and c.page = v.page and c.top is not null) as c_top,
    (select max(x1) from cells c where c.document = v.document and c.table_number = v.table_number
        and c.page = v.page and c.x1 is not null) as c_x1,
    (select max(bottom) from cells c where c.document = v.document and c.table_number = v.table_number
        and c.page = v.page and c.bottom is not null) as c_bottom
from (select distinct document, page, table_number, crop from temp._foi_crops where crop is not null) v
join documents d on d.id = v.document
left join tables t on t.document = v.document and t.table_number = v.table_number
order by v.document, v.page, v.table_number
"""


def _crop_bbox(row: dict) -> Optional[tuple[float, float, float, float]]:
    """The table's part on this page: its cells' extent there, else the table's own box."""
    cells = (row["c_x0"], row["c_top"], row["c_x1"], row["c_bottom"])
    if None not in cells:
        return cells
    box = (row["t_x0"], row["t_top"], row["t_x1"], row["t_bottom"])
    if None not in box and row["table_page"] == row["page"]:
        return box
    return None  # the whole page


# text -> the (start, end) spans of it to black out: the requester's details (foi.privacy)
Spans = Callable[[str], list[tuple[int, int]]]


def render_crops(db: sqlite_utils.Database, workspace_root: Path, out_dir: Path, strict: bool = True,
                 redact: Optional[Spans] = None, select: Optional[Callable[[dict], Optional[str]]] = None,
                 jobs: int = 1, limits: Optional[DocumentLimits] = None,
                 progress: Optional[Callable[[int, int], None]] = None) -> CropReport:
    """Draw a PNG of each table that a figure came from, at the path `figures_with_source` gives.

    Incremental: a crop whose document (by content hash) and box are unchanged is kept; crops no
    longer wanted are removed. A document that cannot be drawn is reported in `failed`. With
    `strict=False` (`foi serve`) nothing raises: each problem becomes a CropWarning.

    For the public bundle: `select(row)` (document, page, table_number, crop: the crop's URL)
    gives the path under out_dir to draw it at, or None to leave it
    out; `redact` finds the words to cover with black boxes (a crop whose words cannot be read,
    a picture without a text layer, is left out rather than published unchecked).

    With `jobs` > 1 the documents are drawn side by side in worker processes, each within
    `limits` (a page that takes too long to draw is stopped, not waited for).
    `progress(done, total)` is called as each document's crops are drawn.
    """
    try:
        return _render_crops(db, Path(workspace_root), Path(out_dir), strict, redact, select, jobs, limits, progress)
    except Exception as e:
        if strict:
            raise
        why = f"{type(e).__name__}: {e}"
        warnings.warn(f"crops of tables were not drawn: {why}", CropWarning, stacklevel=2)
        return CropReport(failed=[(str(out_dir), why)])


def _render_crops(db: sqlite_utils.Database, root: Path, out_dir: Path, strict: bool,
                  redact: Optional[Spans] = None, select: Optional[Callable[[dict], Optional[str]]] = None,
                  jobs: int = 1, limits: Optional[DocumentLimits] = None,
                  progress: Optional[Callable[[int, int], None]] = None) -> CropReport:
    report = CropReport()
    if not (db["figures"].exists() and db["documents"].exists()):
        return report
    # A temporary view (the file is not written to): the crop paths come from the view's own SQL,
    # whatever state the database's views are in.
    db.execute("drop view if exists temp._foi_crops")
    db.execute("create temp view _foi_crops as " + VIEWS["figures_with_source"])
    try:
        rows = list(db.query(WANTED_CROPS))
    finally:
        db.execute("drop view if exists temp._foi_crops")
    report.wanted = len(rows)
    manifest_path = out_dir / CROP_MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    except ValueError:
        manifest = {}
    out_dir_resolved = out_dir.resolve()
    new_manifest: dict[str, str] = {}
    todo: dict[str, list[CropJob]] = {}  # document path -> crops to draw
    if select is not None:  # only these, at these paths
        chosen = [(row, select(row)) for row in rows]
        rows = [{**row, "crop": CROPS_URL + rel} for row, rel in chosen if rel is not None]
        report.wanted = len(rows)
    for row in rows:
        rel = row["crop"][len(CROPS_URL):]
        target = (out_dir / rel).resolve()
        if out_dir_resolved not in target.parents:
            report.failed.append((rel, "the crop's path leaves the crops folder"))
            continue
        bbox = _crop_bbox(row)
        stamp = json.dumps([row["sha256"], bbox and [round(v, 2) for v in bbox], CROP_RESOLUTION, CROP_MARGIN])
        if manifest.get(rel) == stamp and target.exists():
            new_manifest[rel] = stamp
            report.unchanged += 1
            continue
        todo.setdefault(row["path"] or "", []).append((row, rel, str(target), stamp))

    for drawn, failed in _draw_all(root, todo, redact, jobs, limits, progress):
        new_manifest.update(drawn)
        report.rendered += len(drawn)
        report.failed += failed

    wanted = {row["crop"][len(CROPS_URL):] for row in rows}
    for rel in set(manifest) - wanted:
        stale = out_dir / rel
        if stale.is_file():
            stale.unlink()
            report.removed += 1
            try:
                stale.parent.rmdir()
            except OSError:
                pass
    if new_manifest or manifest:
        out_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(manifest_path, json.dumps(new_manifest, indent=1, sort_keys=True))
    if not strict:
        for rel, why in report.failed:
            warnings.warn(f"crop {rel} not drawn: {why}", CropWarning, stacklevel=3)
    return report


CropJob = tuple[dict, str, str, str]  # (figure row, crop path, file to write, manifest stamp)
Drawn = tuple[list[tuple[str, str]], list[tuple[str, str]]]  # (crop path, stamp) drawn; (crop path, why) not


def _draw_all(root: Path, todo: dict[str, list[CropJob]], redact: Optional[Spans], jobs: int,
              limits: Optional[DocumentLimits], progress: Optional[Callable[[int, int], None]] = None) -> list[Drawn]:
    """Each document's crops drawn, by document in `todo`'s order: here, or in `jobs` workers
    (the redaction finder of a publication is a closure that stays in this process)."""
    done: dict[str, Drawn] = {}

    def finished(doc_path: str, drawn: Drawn) -> None:
        done[doc_path] = drawn
        if progress:
            progress(len(done), len(todo))

    if jobs > 1 and len(todo) > 1 and redact is None:
        from .documents.workers import run_tasks

        def stopped(s) -> None:
            finished(s.key, ([], [(rel, f"stopped: {s.reason}") for _, rel, _, _ in todo[s.key]]))

        tasks = [(doc_path, draw_document, (str(root), doc_path, crops, None)) for doc_path, crops in todo.items()]
        run_tasks(tasks, jobs, limits or DEFAULT_LIMITS, on_result=finished, on_stopped=stopped)
    else:
        for doc_path, crops in todo.items():
            finished(doc_path, draw_document(str(root), doc_path, crops, redact))
    return [done[doc_path] for doc_path in todo]


def draw_document(root: str, doc_path: str, crops: list[CropJob], redact: Optional[Spans] = None) -> Drawn:
    """Draw the crops of the document at `doc_path` under `root` (in a worker, or here); never raises."""
    import pdfplumber

    source = Path(root) / doc_path
    drawn: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    try:
        with pdfplumber.open(source) as pdf, _PageRenders(source) as renders:
            for row, rel, target, stamp in crops:
                try:
                    _draw(pdf, renders, row, Path(target), redact)
                except Exception as e:
                    failed.append((rel, f"{type(e).__name__}: {e}"))
                    continue
                drawn.append((rel, stamp))
    except Exception as e:  # missing, encrypted or broken file: its crops are skipped
        failed = [(rel, f"cannot open {doc_path}: {type(e).__name__}: {e}") for _, rel, _, _ in crops]
        drawn = []
    return drawn, failed


class _PageRenders:
    """Each page of one PDF drawn once, at the crops' resolution, for all the crops on it.

    The same drawing pdfplumber's `Page.to_image` makes (pypdfium2, no anti-aliasing), without
    opening the file again and drawing the whole page again for every table on it. Only the
    latest page is kept: the crops come page by page."""

    def __init__(self, path: Path):
        self.path = path
        self.document: Any = None  # a pypdfium2.PdfDocument once a page is drawn
        self.page_number: Optional[int] = None
        self.image = None

    def __enter__(self) -> "_PageRenders":
        return self

    def __exit__(self, *_exc) -> None:
        self.image = None
        if self.document is not None:
            self.document.close()

    def page(self, number: int):
        """The whole page `number` (1-based), an RGBX image at CROP_RESOLUTION."""
        import pypdfium2
        from pdfplumber.utils.exceptions import MalformedPDFException

        if number != self.page_number:
            self.image, self.page_number = None, None
            if self.document is None:
                try:
                    self.document = pypdfium2.PdfDocument(self.path)
                except pypdfium2.PdfiumError as e:
                    raise MalformedPDFException(e) from e  # what to_image raises
            page = self.document.get_page(number - 1)
            try:
                bitmap = page.render(scale=CROP_RESOLUTION / 72, no_smoothtext=True, no_smoothpath=True,
                                     no_smoothimage=True, prefer_bgrx=True)
                # RGBX, as PDFium draws it: PageImage makes the RGB copy of each crop when it
                # pastes it (the same pixels; converting the whole page cost as much as drawing it)
                self.image = bitmap.to_pil()
            finally:
                page.close()
            self.page_number = number
        return self.image


def _draw(pdf, renders: _PageRenders, row: dict, target: Path, redact: Optional[Spans] = None) -> None:
    number = int(row["page"])
    if not 1 <= number <= len(pdf.pages):
        raise ValueError(f"the document has no page {number}")
    page = pdf.pages[number - 1]
    x0, top, x1, bottom = page.bbox
    bbox = _crop_bbox(row)
    if bbox:
        bbox = (
            max(x0, bbox[0] - CROP_MARGIN),
            max(top, bbox[1] - CROP_MARGIN),
            min(x1, bbox[2] + CROP_MARGIN),
            min(bottom, bbox[3] + CROP_MARGIN),
        )
        if bbox[2] <= bbox[0] or bbox[3] <= bbox[1]:
            raise ValueError(f"the table's box {row['t_x0']},{row['t_top']} lies outside page {number}")
        page = page.crop(bbox)
    boxes = _redaction_boxes(page, redact) if redact is not None else []
    from pdfplumber.display import PageImage

    image = PageImage(page, original=renders.page(number), resolution=CROP_RESOLUTION)  # as page.to_image() draws it
    if boxes:
        image.draw_rects(boxes, fill=(0, 0, 0, 255), stroke=(0, 0, 0, 255), stroke_width=1)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp.png")
    image.save(tmp)
    os.replace(tmp, target)


REDACT_PADDING = 1.5  # points around each word blacked out, so that no stroke of a letter shows


def _redaction_boxes(page, redact: Spans) -> list[tuple[float, float, float, float]]:
    """The boxes of the words on the (cropped) page that `redact` finds, read line by line as
    the text reads (so a name across two cells or two lines is found too)."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    if not words:  # an image, or text drawn as shapes: nothing to check it by
        raise ValueError("left out: the picture has no text layer to check for the requester's details")
    text, where = "", []  # where: (start, end, word) of each word in text
    line_top = None
    for word in words:  # line by line, left to right (pdfplumber clusters the lines)
        if text:
            text += "\n" if line_top is None or abs(word["top"] - line_top) > 3 else " "
        line_top = word["top"]
        where.append((len(text), len(text) + len(word["text"]), word))
        text += word["text"]
    boxes = []
    x0, top, x1, bottom = page.bbox
    for start, end in redact(text):
        for w_start, w_end, word in where:
            if w_start < end and start < w_end:
                boxes.append((max(x0, word["x0"] - REDACT_PADDING), max(top, word["top"] - REDACT_PADDING),
                              min(x1, word["x1"] + REDACT_PADDING), min(bottom, word["bottom"] + REDACT_PADDING)))
    return boxes


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------- redaction


