"""Find the documents in responses/, parse the ones not parsed before, write them to the database.

Parsing is the slow part, so it runs in worker processes (one per core by default) and is
skipped for any file whose content was parsed before by the same parser version: a file is
re-hashed only when its size or modification time changed. Each document is written in its
own transaction, so a crash half-way leaves every document either as before or complete.
"""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import sqlite_utils

from ..tables import ParsedDocument
from .errors import DocumentError
from .store import is_stored_document, sha256_file

# Bump when parsing changes, so that every document is parsed again by the next build.
PARSER_VERSION = 1
MAX_FILE_BYTES = 200 * 1024 * 1024  # larger than any letter; a bigger file is most likely a mistake
MAX_PAGES = 2000
# Kinds that hold a letter: a spreadsheet cell saying "not held" is not the force's answer.
LETTER_KINDS = {"pdf", "docx", "txt", "eml"}


@dataclass
class FoundDocument:
    id: str  # path under responses/, e.g. obscene-images/kent/letter.pdf
    request: str
    force: str
    path: Path
    size: int
    mtime_ns: int


@dataclass
class ParseResult:
    id: str
    sha256: str
    parsed: Optional[ParsedDocument]
    error: Optional[str]
    seconds: float
    letter: Optional[dict] = None


@dataclass
class IngestReport:
    found: int = 0
    parsed: int = 0
    unchanged: int = 0
    removed: int = 0
    # Every document that is unreadable or needs OCR now, not only those parsed in this run:
    # a problem stays reported until the file is fixed.
    errors: list[tuple[str, str]] = field(default_factory=list)  # (document id, message)
    needs_ocr: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0


def find_documents(responses_dir: Path) -> list[FoundDocument]:
    """Every stored document: responses/<slug>/<force>/<file> (deeper folders belong to that force too)."""
    found = []
    if not responses_dir.is_dir():
        return found
    for slug_dir in sorted(p for p in responses_dir.iterdir() if p.is_dir()):
        for force_dir in sorted(p for p in slug_dir.iterdir() if p.is_dir()):
            for path in sorted(force_dir.rglob("*")):
                if not is_stored_document(path) or any(part.startswith(".") for part in path.relative_to(force_dir).parts):
                    continue
                stat = path.stat()
                found.append(
                    FoundDocument(
                        id=path.relative_to(responses_dir).as_posix(),
                        request=slug_dir.name,
                        force=force_dir.name,
                        path=path,
                        size=stat.st_size,
                        mtime_ns=stat.st_mtime_ns,
                    )
                )
    return found


def parse_one(doc_id: str, path: str, sha256: Optional[str] = None) -> ParseResult:
    """Parse one file (runs in a worker process). Never raises: errors are part of the result."""
    from .letter import read_letter
    from .sniff import read_document

    start = time.perf_counter()
    path_obj = Path(path)
    digest = sha256 or sha256_file(path_obj)
    parsed, error, letter = None, None, None
    try:
        size = path_obj.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(f"file is too large ({size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB)")
        parsed = read_document(path_obj)
        if parsed.page_count > MAX_PAGES:
            raise DocumentError(f"document has {parsed.page_count} pages; the limit is {MAX_PAGES}")
        if parsed.error:
            error = parsed.error
        if parsed.kind in LETTER_KINDS and parsed.text.strip():
            info = read_letter(parsed.text)
            letter = _letter_fields(info)
    except DocumentError as e:
        error, parsed = str(e), None
    except Exception as e:  # a reader's bug must not stop the build; it is recorded on the document
        error, parsed = f"could not be read ({type(e).__name__}: {str(e)[:200]})", None
    return ParseResult(doc_id, digest, parsed, error, time.perf_counter() - start, letter)


def _letter_fields(info) -> dict:
    def value(finding):
        return finding.value if finding else None

    def sentence(finding):
        return finding.sentence if finding else None

    return {
        "letter_ref": value(info.reference),
        "letter_date": value(info.date),
        "letter_outcome": value(info.outcome),
        "letter_outcome_evidence": sentence(info.outcome),
        "letter_law": info.law,
        "sections": [{"section": s.value, "sentence": s.sentence} for s in info.sections],
    }


def _document_row(found: FoundDocument, result: ParseResult, workspace_root: Path) -> dict:
    parsed = result.parsed
    letter = result.letter or {}
    return {
        "id": found.id,
        "request": found.request,
        "force": found.force,
        "path": found.path.relative_to(workspace_root).as_posix(),
        "filename": found.path.name,
        "sha256": result.sha256,
        "kind": parsed.kind if parsed else None,
        "size": found.size,
        "mtime_ns": found.mtime_ns,
        "pages": parsed.page_count if parsed else None,
        "tables": len(parsed.tables) if parsed else None,
        "producer": parsed.producer if parsed else None,
        "needs_ocr": int(parsed.needs_ocr) if parsed else 0,
        "pages_needing_ocr": json.dumps([p.number for p in parsed.pages if p.needs_ocr]) if parsed and parsed.needs_ocr else None,
        "parse_seconds": round(result.seconds, 4),
        "parser_version": PARSER_VERSION,
        "error": result.error,
        "letter_ref": letter.get("letter_ref"),
        "letter_date": letter.get("letter_date"),
        "letter_outcome": letter.get("letter_outcome"),
        "letter_outcome_evidence": letter.get("letter_outcome_evidence"),
        "letter_law": letter.get("letter_law"),
    }


def delete_document(db: sqlite_utils.Database, doc_id: str) -> None:
    for table in ("cells", "tables", "pages", "letter_sections"):
        if db[table].exists():
            db[table].delete_where("document = ?", [doc_id])
    db["documents"].delete_where("id = ?", [doc_id])


def write_document(db: sqlite_utils.Database, found: FoundDocument, result: ParseResult, workspace_root: Path) -> None:
    """Replace one document's rows: one transaction, so it is never half-written."""
    from ..db import TABLES

    def insert(table: str, rows: Iterable[dict]) -> None:
        spec = TABLES[table]
        db[table].insert_all(rows, pk=spec["pk"], columns=spec["columns"], foreign_keys=spec.get("foreign_keys"), batch_size=500)

    parsed = result.parsed
    with db.atomic():
        delete_document(db, found.id)
        insert("documents", [_document_row(found, result, workspace_root)])
        if parsed is None:
            return
        insert(
            "pages",
            (
                {"document": found.id, "page": p.number, "text": p.text, "chars": p.chars, "needs_ocr": int(p.needs_ocr)}
                for p in parsed.pages
            ),
        )
        table_rows, cell_rows = [], []
        for number, table in enumerate(parsed.tables, 1):
            table_rows.append(
                {
                    "document": found.id,
                    "table_number": number,
                    "page": table.page,
                    "rows": table.n_rows,
                    "columns": table.n_cols,
                    "x0": table.bbox[0] if table.bbox else None,
                    "top": table.bbox[1] if table.bbox else None,
                    "x1": table.bbox[2] if table.bbox else None,
                    "bottom": table.bbox[3] if table.bbox else None,
                    "method": table.method,
                    "sheet": table.sheet,
                }
            )
            for r, row in enumerate(table.rows):
                for c, text in enumerate(row):
                    bbox = table.cell_bbox(r, c)
                    cell_rows.append(
                        {
                            "document": found.id,
                            "table_number": number,
                            "row": r,
                            "col": c,
                            "text": text if text is not None else "",
                            "page": table.cell_page(r, c),
                            "x0": bbox[0] if bbox else None,
                            "top": bbox[1] if bbox else None,
                            "x1": bbox[2] if bbox else None,
                            "bottom": bbox[3] if bbox else None,
                        }
                    )
        insert("tables", table_rows)
        insert("cells", cell_rows)
        insert(
            "letter_sections",
            (
                {"document": found.id, "number": i, "section": s["section"], "sentence": s["sentence"]}
                for i, s in enumerate((result.letter or {}).get("sections", []), 1)
            ),
        )


ProgressCallback = Callable[[str, int, int], None]  # (document id, done, total)


def ingest(
    db: sqlite_utils.Database,
    workspace_root: Path,
    responses_dir: Path,
    jobs: Optional[int] = None,
    progress: Optional[ProgressCallback] = None,
    force: bool = False,
) -> IngestReport:
    """Bring the document tables in line with the files under responses/."""
    start = time.perf_counter()
    report = IngestReport()
    found = find_documents(responses_dir)
    report.found = len(found)
    known = {row["id"]: row for row in db.query("select id, sha256, size, mtime_ns, parser_version, error, pages from documents")}

    # Documents whose files are gone
    present = {d.id for d in found}
    for doc_id in sorted(set(known) - present):
        with db.atomic():
            delete_document(db, doc_id)
        report.removed += 1

    todo: list[tuple[FoundDocument, Optional[str]]] = []
    for doc in found:
        row = known.get(doc.id)
        if row and not force and row["parser_version"] == PARSER_VERSION:
            if row["size"] == doc.size and row["mtime_ns"] == doc.mtime_ns:
                report.unchanged += 1
                continue
            digest = sha256_file(doc.path)  # touched but maybe not changed
            if digest == row["sha256"]:
                with db.atomic():
                    db["documents"].update(doc.id, {"mtime_ns": doc.mtime_ns})
                report.unchanged += 1
                continue
            todo.append((doc, digest))
        else:
            todo.append((doc, None))

    jobs = max(1, jobs or os.cpu_count() or 1)
    by_id = {doc.id: doc for doc, _ in todo}
    done = 0

    def finish(result: ParseResult) -> None:
        nonlocal done
        write_document(db, by_id[result.id], result, workspace_root)
        report.parsed += 1
        if result.parsed:
            report.pages += result.parsed.page_count
        done += 1
        if progress:
            progress(result.id, done, len(todo))

    if jobs == 1 or len(todo) <= 1:
        for doc, digest in todo:
            finish(parse_one(doc.id, str(doc.path), digest))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            futures = [pool.submit(parse_one, doc.id, str(doc.path), digest) for doc, digest in todo]
            for future in as_completed(futures):
                finish(future.result())
    report.errors = [(r["id"], r["error"]) for r in db.query("select id, error from documents where error is not null order by id")]
    report.needs_ocr = [r["id"] for r in db.query("select id from documents where needs_ocr = 1 order by id")]
    report.seconds = time.perf_counter() - start
    return report
