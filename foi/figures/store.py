"""Extract every request's figures from the tables already in foi.db and write the `figures` table.

Figures depend on the request file (its measures and periods) as well as on the documents, so
they are recomputed on every build from the stored cells: that costs milliseconds, where
parsing the PDFs again would cost seconds.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Optional

import sqlite_utils

from ..dates import CALENDAR
from ..tables import BBox, Table
from ..workspace import Request, Workspace
from .corrections import StaleCorrection, apply_corrections, corrections_path, load_corrections
from .periods import period_start_year
from .spec import MeasureSpec


# Bump when extraction changes, so that every request's figures are extracted again.
FIGURES_VERSION = 6  # 3: figures read by OCR are flagged; 4: captions, prose; 5: breakdowns; 6: problems kept


@dataclass
class FiguresReport:
    figures: int = 0
    needs_review: int = 0
    unchanged_requests: int = 0
    stale: list[tuple[str, StaleCorrection]] = field(default_factory=list)  # (request, decision)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (document, a table that could not be read)


def load_tables(db: sqlite_utils.Database, document: str) -> list[Table]:
    """Rebuild a document's tables from its rows in `tables` and `cells`."""
    tables = []
    for t in db.query("select * from tables where document = ? order by table_number", [document]):
        rows = [["" for _ in range(t["columns"])] for _ in range(t["rows"])]
        bboxes: list[list[Optional[BBox]]] = [[None for _ in range(t["columns"])] for _ in range(t["rows"])]
        pages = [[t["page"] for _ in range(t["columns"])] for _ in range(t["rows"])]
        notes: list[list[Optional[str]]] = [[None for _ in range(t["columns"])] for _ in range(t["rows"])]
        for c in db.query(
            "select row, col, text, page, x0, top, x1, bottom, ocr_note from cells where document = ? and table_number = ?",
            [document, t["table_number"]],
        ):
            if c["row"] < t["rows"] and c["col"] < t["columns"]:
                rows[c["row"]][c["col"]] = c["text"]
                pages[c["row"]][c["col"]] = c["page"]
                notes[c["row"]][c["col"]] = c["ocr_note"]
                if c["x0"] is not None:
                    bboxes[c["row"]][c["col"]] = (c["x0"], c["top"], c["x1"], c["bottom"])
        bbox = (t["x0"], t["top"], t["x1"], t["bottom"]) if t["x0"] is not None else None
        tables.append(Table(page=t["page"], rows=rows, bbox=bbox, cell_bboxes=bboxes, cell_pages=pages, method=t["method"] or "", sheet=t["sheet"],
                            cell_notes=notes if any(n for row in notes for n in row) else None, caption=t.get("caption")))
    return tables


def preamble(page_text: str, table: Table, max_lines: int = 4) -> Optional[str]:
    """The paragraph printed just before a table, found by the table's first row in the page text."""
    first = [" ".join(c.split()) for c in (table.rows[0] if table.rows else []) if c and c.strip()]
    keys = [c.split()[0] for c in first[:3]]
    if not keys:
        return None
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    for i, line in enumerate(lines):
        pos = 0
        for key in keys:
            pos = line.find(key, pos)
            if pos < 0:
                break
            pos += len(key)
        else:
            before: list[str] = []
            for j in range(i - 1, max(-1, i - 1 - max_lines), -1):
                if before and lines[j].rstrip().endswith((".", ":", "!", "?")):
                    break  # the end of the paragraph before: not about this table
                before.insert(0, lines[j])
            return " ".join(before) or None
    return None


def figure_id(row: dict) -> str:
    category = f"/{row['breakdown']}={row['category']}" if row.get("breakdown") else ""
    return (
        f"{row['request']}/{row['force']}/{row['measure']}/{row['period']}{category}"
        f"@{row['document']}#{row['table_number']}:{row['row']}:{row['col']}"
    )


def measure_spec(request: Request) -> MeasureSpec:
    """What the figures of `request` are read for: its measures, periods and breakdowns."""
    return MeasureSpec(measures=request.measures, periods=request.periods or CALENDAR, since=request.since,
                       until=request.until, breakdowns=request.breakdowns)


def figure_inputs(db: sqlite_utils.Database, doc: dict, spec: MeasureSpec) -> Optional[tuple]:
    """The arguments of `document_figures` for one stored document, None when it has no tables
    and no text. Read from the database, so figures read while the build is still reading other
    documents (`FiguresAhead`) have the same inputs as figures read afterwards."""
    tables = load_tables(db, doc["id"])
    pages = list(db.query("select page, text, ocr, ocr_confidence from pages where document = ? order by page",
                          [doc["id"]]))
    if tables or any(p["text"] for p in pages):
        return (doc["request"], doc, tables, pages, spec)
    return None


class FiguresAhead:
    """Each document's figures, read while the build's workers are still reading other documents.

    Reading a document's figures needs that document alone and the request's measures. While
    the workers read, the parent mostly waits: `ingest` tells this each document it has written
    (`document_written`) and lets it read one document's figures at a time whenever no worker
    has anything to hand over (`read_one`). `build_figures` then takes them from here rather
    than reading them again. A document whose figures fail here, or were not reached, is read
    there, the usual way."""

    def __init__(self, db: sqlite_utils.Database, requests: list[Request]):
        self.db = db
        self.specs = {r.slug: measure_spec(r) for r in requests if r.measures}
        self.written: list[str] = []  # documents written, their figures not read yet
        self.ready: dict[str, tuple[MeasureSpec, dict, tuple[list[dict], list[str]]]] = {}

    def document_written(self, doc_id: str) -> None:
        self.written.append(doc_id)

    def read_one(self) -> bool:
        """Read the figures of one written document; False when there was none to read."""
        if not self.written:
            return False
        doc_id = self.written.pop(0)
        doc = next(self.db.query("select * from documents where id = ? and error is null", [doc_id]), None)
        spec = self.specs.get(doc["request"]) if doc else None
        if doc is None or spec is None:
            return True
        args = figure_inputs(self.db, doc, spec)
        if args is None:
            return True
        try:
            self.ready[doc_id] = (spec, doc, document_figures(*args))
        except Exception:  # read again by build_figures, which reports it as it always has
            pass
        return True

    def take(self, doc: dict, spec: MeasureSpec) -> Optional[tuple[list[dict], list[str]]]:
        """The figures read ahead for this document, if they were read from the same row for the same spec."""
        got = self.ready.pop(doc["id"], None)
        if got is None or got[0] != spec or got[1] != doc:
            return None
        return got[2]


def request_figures(db: sqlite_utils.Database, request: Request,
                    problems: Optional[list[tuple[str, str]]] = None, jobs: int = 1,
                    ahead: Optional[FiguresAhead] = None) -> list[dict]:
    """The tidy figure rows of one request, before review decisions. A table whose figures
    cannot be read is left out and reported in `problems` as (document, why).

    Each document's figures depend on that document alone (until disagreements between them
    are flagged, here): those not read ahead (`FiguresAhead`) are read in worker processes when
    `jobs` > 1, as documents are."""
    spec = measure_spec(request)
    order: list[str] = []  # the documents with figures to read, in document order
    todo: list[tuple] = []  # document_figures' arguments for those not read ahead
    found: dict[str, tuple[list[dict], list[str]]] = {}
    for doc in db.query("select * from documents where request = ? and error is null order by id", [request.slug]):
        early = ahead.take(doc, spec) if ahead else None
        if early is not None:
            found[doc["id"]] = early
            order.append(doc["id"])
            continue
        args = figure_inputs(db, doc, spec)
        if args is not None:
            todo.append(args)
            order.append(doc["id"])
    if jobs > 1 and len(todo) > 1:
        from ..documents.limits import DEFAULT_LIMITS
        from ..documents.workers import run_tasks

        def stopped(stop) -> None:
            found[stop.key] = ([], [f"figures could not be read: {stop.reason}"])

        run_tasks([(args[1]["id"], document_figures, args) for args in todo], jobs, DEFAULT_LIMITS,
                  on_result=found.__setitem__, on_stopped=stopped)
    else:
        for args in todo:
            found[args[1]["id"]] = document_figures(*args)
    rows = []
    for doc_id in order:  # in document order, however the workers finished
        doc_rows, doc_problems = found[doc_id]
        rows += doc_rows
        if problems is not None:
            problems.extend((doc_id, p) for p in doc_problems)
    _flag_disagreements(rows)
    return rows


def document_figures(slug: str, doc: dict, tables: list[Table], pages: list[dict],
                     spec: MeasureSpec) -> tuple[list[dict], list[str]]:
    """The figure rows of one document of request `slug`, and the tables that could not be read."""
    from .extract import extract_figures  # the header matcher and rapidfuzz: only when a request's figures are read

    text = "\n\n".join(p["text"] or "" for p in pages)
    ocr_pages = {p["page"]: p.get("ocr_confidence") for p in pages if p.get("ocr")}
    by_page = {p["page"]: p["text"] or "" for p in pages}
    preambles = [preamble(by_page.get(t.page, ""), t) for t in tables]
    found: list[str] = []
    figures = extract_figures(tables, spec, letter_text=text, preambles=preambles, problems=found,
                              page_texts=[by_page.get(n, "") for n in range(1, max(by_page, default=0) + 1)])
    if ocr_pages:
        _flag_ocr(figures, tables, ocr_pages, doc.get("ocr_confidence"))
    rows = []
    for figure in figures:
        from_table = figure.table_index >= 0  # else read from the letter's sentences
        bbox = figure.bbox or (tables[figure.table_index].cell_bbox(figure.row, figure.col) if from_table else None)
        rows.append({
            "request": slug,
            "force": doc["force"],
            "measure": figure.measure,
            "period": figure.period,
            "period_label": figure.period_label or None,
            "breakdown": figure.breakdown,
            "category": figure.category,
            "derived": int(figure.derived),
            "value": figure.value,
            "suppressed": int(bool(figure.suppressed)),
            "needs_review": int(bool(figure.needs_review)),
            "review_reasons": "; ".join(figure.review_reasons) or None,
            "document": doc["id"],
            "page": figure.page,
            "table_number": figure.table_index + 1 if from_table else None,
            "row": figure.row if from_table else None,
            "col": figure.col if from_table else None,
            "raw_text": figure.raw_text,
            "header": figure.header,
            "x0": bbox[0] if bbox else None,
            "top": bbox[1] if bbox else None,
            "x1": bbox[2] if bbox else None,
            "bottom": bbox[3] if bbox else None,
            "corrected": 0,
        })
    return rows, found


def _flag_ocr(figures: list, tables: list[Table], ocr_pages: dict[int, Optional[float]], doc_confidence) -> None:
    """Flag every figure read from a table with cells on an OCR'd page: OCR misreads digits.

    A figure stays unflagged only when its table's parts add up to the stated total
    (`Figure.checked`) and its periods run in order, one year after another, so that a misread
    year label (2013 read as 2018) cannot slip through with a value that adds up."""
    ordered = _periods_in_order(figures)
    for f in figures:
        if f.table_index < 0:  # read from the letter's sentences
            if f.page in ocr_pages:
                f.flag("read by OCR")
            continue
        table = tables[f.table_index]
        table_pages = {p for row in (table.cell_pages or [[table.page]]) for p in row} | {table.page, f.page}
        hit = sorted(p for p in table_pages if p in ocr_pages)
        if not hit:
            continue
        note = table.cell_note(f.row, f.col)  # the cell's own doubt (foi.documents.ocr_tables): always said
        if note:
            f.flag(note)
        if f.checked and (f.table_index, f.measure) in ordered:
            continue
        confidence = ocr_pages.get(f.page) if f.page in ocr_pages else None
        if confidence is None:
            confidence = doc_confidence
        f.flag(f"read by OCR (mean confidence {confidence:.0f}%)" if confidence is not None else "read by OCR")


def _periods_in_order(figures: list) -> set[tuple[int, str]]:
    """(table, measure) whose yearly figures run one year after another, each year once."""
    groups: dict[tuple[int, str], list] = {}
    for f in figures:
        if f.period != "total":
            groups.setdefault((f.table_index, f.measure), []).append(f)
    out = set()
    for key, group in groups.items():
        group.sort(key=lambda f: (f.row, f.col))
        starts = [period_start_year(f.period) for f in group]
        years = [y for y in starts if y is not None]
        if len(years) < len(starts):
            continue
        steps = {b - a for a, b in zip(years, years[1:])}
        if steps in ({1}, {-1}):  # a single year cannot be told from a misread one
            out.add(key)
    return out


def _flag_disagreements(rows: list[dict]) -> None:
    """The same figure given differently in two documents of one force: flag both."""
    seen: dict[tuple, list[dict]] = {}
    for row in rows:
        seen.setdefault((row["force"], row["measure"], row["period"], row["breakdown"], row["category"]), []).append(row)
    for group in seen.values():
        documents = {r["document"] for r in group}
        values = {(r["value"], r["suppressed"]) for r in group}
        if len(documents) > 1 and len(values) > 1:
            for r in group:
                r["needs_review"] = 1
                reason = "another document from this force gives a different value"
                r["review_reasons"] = "; ".join(filter(None, [r["review_reasons"], reason]))


def inputs_key(db: sqlite_utils.Database, ws: Workspace, request: Request) -> str:
    """Everything a request's figures depend on: when it is unchanged, so are they."""
    from ..documents.ingest import PARSER_VERSION

    path = corrections_path(ws.case_dir(request.slug))
    documents = [
        # OCR changes what a document holds without changing its file: a scan OCR'd once OCR is installed
        (r["id"], r["sha256"], r["error"], r.get("needs_ocr"), r.get("ocr_pages"), r.get("ocr_confidence"))
        for r in db.query("select * from documents where request = ? order by id", [request.slug])
    ]
    parts = {
        "version": [FIGURES_VERSION, PARSER_VERSION],
        "spec": [request.measures, request.periods, request.since, request.until, request.breakdowns],
        "documents": documents,
        "corrections": path.read_text(encoding="utf-8") if path.exists() else None,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def build_figures(db: sqlite_utils.Database, ws: Workspace, requests: list[Request], jobs: int = 1,
                  ahead: Optional[FiguresAhead] = None) -> FiguresReport:
    from ..db import TABLES, insert_rows

    report = FiguresReport()
    for request in requests:
        key = inputs_key(db, ws, request)
        corrections = load_corrections(corrections_path(ws.case_dir(request.slug)))
        state = db.table("figure_inputs").get(request.slug) if db["figure_inputs"].count_where("request = ?", [request.slug]) else None
        if state and state["inputs"] == key:
            # Nothing it depends on changed: keep its figures, and report what still needs saying.
            report.unchanged_requests += 1
            report.stale += [(request.slug, StaleCorrection.from_json(x)) for x in json.loads(state["stale"] or "[]")]
            report.problems += [(d, p) for d, p in json.loads(state.get("problems") or "[]")]  # reported until fixed
            counts = next(db.query("select count(*) n, coalesce(sum(needs_review), 0) r from figures where request = ?", [request.slug]))
            report.figures += counts["n"]
            report.needs_review += counts["r"]
            continue
        problems: list[tuple[str, str]] = []
        rows = request_figures(db, request, problems, jobs, ahead) if request.measures else []
        report.problems += problems
        rows, stale = apply_corrections(rows, corrections)
        seen: dict[str, int] = {}
        for row in rows:
            row["id"] = figure_id(row)
            # figures not from one cell (counted from a listing, read from a sentence) can share an id
            seen[row["id"]] = seen.get(row["id"], 0) + 1
            if seen[row["id"]] > 1:
                row["id"] += f"~{seen[row['id']]}"
        report.stale += [(request.slug, s) for s in stale]
        report.figures += len(rows)
        report.needs_review += sum(r["needs_review"] for r in rows)
        with db.atomic():
            db.table("figures").delete_where("request = ?", [request.slug])
            insert_rows(db, "figures", rows, replace=True)
            db.table("figure_inputs").upsert(
                {"request": request.slug, "inputs": key, "stale": json.dumps([s.to_json() for s in stale]),
                 "problems": json.dumps(problems)},
                pk="request", columns=TABLES["figure_inputs"]["columns"],
            )
    known = [r.slug for r in requests]
    with db.atomic():
        for table in ("figures", "figure_inputs"):
            if known:
                db.table(table).delete_where(f"request not in ({', '.join('?' for _ in known)})", known)
            else:
                db.table(table).delete_where()
    return report
