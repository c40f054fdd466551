"""`foi build`: re-create foi.db from the workspace's files.

The tracking tables (forces, requests, cases, events) are cheap and are rewritten in full on
every build, inside one transaction, so the database always matches the files exactly.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

import sqlite_utils

from . import cases as cases_mod
from . import build_stamp, dbfile
from . import clock
from .db import TABLES, open_db
from .documents.workers import fewer_collections, job_count
from .documents.ingest import IngestReport, ProgressCallback, ingest
from .documents.limits import DocumentLimits, limits_from_env
from .figures.corrections import corrections_path, load_corrections
from .figures.categories import build_categories, categories_path, load_categories
from .figures.store import FiguresAhead, FiguresReport, build_figures
from .forces import all_forces
from .rates import write_comparison
from .errors import FoiError
from .textout import json_text
from .workspace import Request, Workspace, read_events


@dataclass
class BuildReport:
    db_path: Path
    requests: int
    cases: int
    events: int
    documents: IngestReport
    figures: FiguresReport

    @property
    def settled(self) -> bool:
        """Nothing a later build could do differently with the same files: every document read
        (none unreadable, none waiting for OCR, which may be installed meanwhile)."""
        docs = self.documents
        return not (docs.errors or docs.needs_ocr or docs.ocr_errors)

    def as_noop(self) -> "BuildReport":
        """What a build with nothing to do reports after this one (foi.build_stamp stores it)."""
        docs = IngestReport(found=self.documents.found, unchanged=self.documents.found)
        return replace(self, documents=docs)

    def to_json(self) -> dict:
        docs, figs = self.documents, self.figures
        return {
            "requests": self.requests, "cases": self.cases, "events": self.events,
            "documents": {"found": docs.found, "parsed": docs.parsed, "unchanged": docs.unchanged,
                          "removed": docs.removed, "pages": docs.pages, "seconds": round(docs.seconds, 3),
                          "errors": [{"document": d, "error": e} for d, e in docs.errors],
                          "needs_ocr": docs.needs_ocr,
                          "ocr": {"documents": docs.ocr_documents, "pages": docs.ocr_pages, "from_cache": docs.ocr_cached,
                                  "seconds": round(docs.ocr_seconds, 3), "unavailable": docs.ocr_unavailable,
                                  "errors": [{"document": d, "error": e} for d, e in docs.ocr_errors]}},
            "figures": {"figures": figs.figures, "needs_review": figs.needs_review,
                        "stale_corrections": [{"request": r, "force": s.correction.force, "measure": s.correction.measure,
                                               "period": s.correction.period, "reason": s.reason} for r, s in figs.stale],
                        "problems": [{"document": d, "problem": p} for d, p in figs.problems]},
        }

    def to_stamp(self) -> dict:
        """Both forms `foi build` prints, for foi.build_stamp to print again without building."""
        return {"json": json_text(self.to_json()), "messages": self.messages()}

    def messages(self) -> list[tuple[str, str, str]]:
        """The report as lines of text, in order: (stream "out" or "err", style, text); style "" is plain."""
        docs, figs = self.documents, self.figures
        lines = [("err", "red", f"responses/{doc_id}: {error}") for doc_id, error in docs.errors]
        ocr_errors = dict(docs.ocr_errors)
        for doc_id in docs.needs_ocr:
            if doc_id in ocr_errors:
                why = f"OCR failed: {ocr_errors[doc_id]}"
            else:
                from .documents.ocr import INSTALL_HINT

                why = f"they need OCR: {docs.ocr_unavailable or f'install it with `{INSTALL_HINT}`'}, then build again"
            lines.append(("err", "yellow", f"responses/{doc_id}: has pages without a text layer; {why}"))
        if docs.ocr_documents:
            lines.append(("err", "", (
                f"OCR: {docs.ocr_pages} scanned page{'s' if docs.ocr_pages != 1 else ''} read in {docs.ocr_seconds:.1f}s"
                + (f", {docs.ocr_cached} documents from their OCR'd copies" if docs.ocr_cached else ""))))
        lines.append(("out", "", (
            f"built {self.db_path}: {self.requests} requests, {self.cases} cases, {self.events} events; "
            f"documents: {docs.parsed} parsed ({docs.pages} pages), {docs.unchanged} unchanged, {docs.removed} removed, "
            f"{len(docs.errors)} unreadable, in {docs.seconds:.1f}s; "
            f"figures: {figs.figures} ({figs.needs_review} need review)")))
        lines += [("err", "yellow", f"responses/{doc_id}: {problem}") for doc_id, problem in figs.problems]
        for slug, stale in figs.stale:
            c = stale.correction
            lines.append(("err", "yellow", f"requests/{slug}/corrections.yml: the decision on {c.force} {c.measure} "
                                           f"{c.period} was not applied: {stale.reason}"))
        return lines


def _replace_all(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    spec = TABLES[table]
    db.table(table).delete_where()
    db.table(table).insert_all(rows, pk=spec["pk"], columns=spec["columns"], foreign_keys=spec.get("foreign_keys"))


def force_rows() -> list[dict]:
    return [
        {
            "id": f.id,
            "name": f.name,
            "short_name": f.short_name,
            "nation": f.nation,
            "law": f.law or None,
            "foi_email": f.foi_email or None,
            "homepage": f.homepage or None,
            "wdtk_slug": f.wdtk_slug,
        }
        for f in all_forces().values()
    ]


def request_row(request: Request) -> dict:
    return {
        "slug": request.slug,
        "title": request.title,
        "body": request.body,
        "periods": request.periods,
        "since": request.since,
        "until": request.until,
        "measures": json.dumps(request.measures),
        "recipients": len(request.recipients),
    }


def case_row(case: cases_mod.CaseStatus, as_of: dt.date) -> dict:
    row = case.to_json()
    for key in ("overdue", "very_overdue", "on_time", "fee_lapsed", "extension_beyond_ico", "review_overdue",
                "review_very_overdue"):
        row[key] = None if row[key] is None else int(row[key])
    row["outcome_source"] = "logged" if case.outcome else None
    row["as_of"] = as_of.isoformat()
    return row


def event_row(slug: str, event) -> dict:
    return {
        "request": slug,
        "line": event.line,
        "force": event.force,
        "date": event.date.isoformat(),
        "event": event.event,
        "outcome": event.outcome,
        "until": event.until.isoformat() if event.until else None,
        "ref": event.ref,
        "note": event.note,
        "extra": json.dumps(event.extra) if event.extra else None,
        "recorded": event.recorded,
    }


def officer_strength_rows() -> list[dict]:
    import csv
    from importlib import resources

    text = resources.files("foi").joinpath("data/officer_strength.csv").read_text(encoding="utf-8")
    return [
        {
            "force": r["force_id"],
            "year": int(r["year"]),
            "as_at": r["as_at"],
            "officers_fte": float(r["officers_fte"]) if r["officers_fte"] else None,
            "officers_headcount": int(r["officers_headcount"]) if r["officers_headcount"] else None,
            "source": r["source"],
        }
        for r in csv.DictReader(text.splitlines())
    ]


def collect_tracking(ws: Workspace, as_of: dt.date, requests: Optional[list[Request]] = None) -> dict[str, list[dict]]:
    """Read and validate every request file and log; the rows of the tracking tables."""
    rows: dict[str, list[dict]] = {
        "forces": force_rows(), "officer_strength": officer_strength_rows(), "requests": [], "cases": [], "events": [],
        "clocks": [],
    }
    for request in ws.requests() if requests is None else requests:
        rows["requests"].append(request_row(request))
        for explanation in clock.request_explanations(ws, request, as_of):  # each case's state and its days
            rows["cases"].append(case_row(explanation.status, as_of))
            rows["clocks"].append(clock.clock_row(explanation))
        for event in read_events(ws.log_path(request.slug)):
            rows["events"].append(event_row(request.slug, event))
    return rows


def write_tracking(db: sqlite_utils.Database, rows: dict[str, list[dict]]) -> None:
    """Rewrite forces, requests, cases and events, all or nothing (in a database from open_db, which shapes it)."""
    with db.atomic():
        for table, table_rows in rows.items():
            _replace_all(db, table, table_rows)


# A case's outcome is the one logged by hand; failing that, what its latest letter says.
OUTCOME_FROM_LETTERS = """
update cases set outcome = (
    select d.letter_outcome from documents d
    where d.request = cases.request and d.force = cases.force and d.letter_outcome is not null
    order by coalesce(d.letter_date, '') desc, d.id desc limit 1
), outcome_source = 'letter'
where outcome is null and exists (
    select 1 from documents d
    where d.request = cases.request and d.force = cases.force and d.letter_outcome is not null
)
"""


def build(
    ws: Workspace,
    as_of: Optional[dt.date] = None,
    jobs: Optional[int] = None,
    progress: Optional[ProgressCallback] = None,
    limits: Optional[DocumentLimits] = None,
) -> BuildReport:
    """Bring foi.db in line with the workspace: tracking tables in full, documents incrementally.

    One build at a time (a second waits, then says one is running); a foi.db that is not SQLite
    or is damaged is set aside and built again from the files (foi.dbfile)."""
    with dbfile.build_lock(ws):
        build_stamp.clear(ws.root)  # the database is about to change: the old stamp no longer describes it
        inputs = build_stamp.input_state(ws.root)
        day = as_of or dt.date.today()
        with fewer_collections():  # the parent, too, makes many small objects: the rows, the figures
            report = _build_or_rebuild(ws, day, jobs, progress, limits)
        # the stamp describes the files as they were when the build began: if one changed since, no stamp
        if report.settled and build_stamp.input_state(ws.root) == inputs:
            build_stamp.write(ws.root, day.isoformat(), inputs, report.as_noop().to_stamp())
        return report


def _build_or_rebuild(ws: Workspace, day: dt.date, jobs, progress, limits) -> BuildReport:
    if not dbfile.looks_like_sqlite(ws.db_path):
        dbfile.warn_set_aside(ws.db_path, dbfile.set_aside(ws.db_path), "not an SQLite database")
    try:
        return _build(ws, day, jobs, progress, limits)
    except sqlite3.DatabaseError as e:
        if dbfile.is_locked(e):
            raise FoiError(f"{ws.db_path} is locked by another program ({e}); close it and build again") from None
        if not dbfile.is_corrupt(e):
            raise
        damage = str(e)
    dbfile.warn_set_aside(ws.db_path, dbfile.set_aside(ws.db_path), f"the database is damaged ({damage})")
    return _build(ws, day, jobs, progress, limits)


def _build(ws: Workspace, day: dt.date, jobs, progress, limits) -> BuildReport:
    # Every request file and log is read and checked before the database is touched:
    # a bad file changes nothing.
    requests = ws.requests()
    rows = collect_tracking(ws, day, requests)
    for request in requests:  # a malformed corrections file stops the build before anything is written
        load_corrections(corrections_path(ws.case_dir(request.slug)))
        load_categories(categories_path(ws.case_dir(request.slug)))  # and so does a malformed categories.yml
    limits = limits or limits_from_env()
    db = open_db(ws.db_path)
    try:
        write_tracking(db, rows)
        # the documents' figures are read while the workers read on, rather than after them
        ahead = FiguresAhead(db, requests)
        documents = ingest(db, ws.root, ws.responses_dir, jobs=jobs, progress=progress, limits=limits,
                           expected={r.slug: set(r.recipients) for r in requests},  # a folder that is no case is not read
                           on_written=ahead.document_written, while_waiting=ahead.read_one)
        with db.atomic():
            db.execute(OUTCOME_FROM_LETTERS)
        figures = build_figures(db, ws, requests, jobs=job_count(jobs), ahead=ahead)
        write_comparison(db, skip_unchanged=True)  # totals, officer-years, rates, intervals, the funnel: computed once, here
        build_categories(db, ws, requests)  # printed labels -> canonical categories: after the figures
        # The pictures of the figures' tables are drawn where they are shown: `foi serve` draws
        # the workspace's, `foi publish` its own (with the requester blacked out).
    finally:
        db.close()
    return BuildReport(
        db_path=ws.db_path, requests=len(rows["requests"]), cases=len(rows["cases"]), events=len(rows["events"]),
        documents=documents, figures=figures,
    )
