"""Find the documents in responses/, parse the ones not parsed before, write them to the database.

Parsing is the slow part, so it runs in worker processes (one per core by default) and is
skipped for any file whose content was parsed before by the same parser version: a file is
re-hashed only when its size or modification time changed. Each document is written in its
own transaction, so a crash half-way leaves every document either as before or complete.

A PDF with pages that have no text layer (scans) is OCR'd in the worker when OCRmyPDF is installed
(foi.documents.ocr): the OCR'd copy is kept in the force's `.ocr/` folder, cached by content, and
read instead of the original. Without OCR the document is kept with `needs_ocr` = 1, and parsed
again by the first build that can OCR it.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Optional

import sqlite_utils

from ..tables import ParsedDocument
from . import ocr as ocr_mod
from .errors import DocumentError
from .limits import (DEFAULT_LIMITS, DocumentLimits, LimitExceeded, check_tables, limit_changed, limit_key,
                     limits_from_env, precheck)
from .store import is_stored_document, sha256_file
from .workers import Stopped, job_count, run_tasks

# Bump when parsing changes, so that every document is parsed again by the next build.
# 2: scanned pages are OCR'd (the OCR'd copies are cached, so a bump does not OCR again).
# 3: the tables of OCR'd pages are read again cell by cell (foi.documents.ocr_tables).
# 4: tables carry the caption printed above them; a captioned table never continues another.
PARSER_VERSION = 4
# The per-document limits (time, memory, pages, page size, unzipped size, cells) are in limits.py
MAX_FILE_BYTES = DEFAULT_LIMITS.file_mb * 1024 * 1024
MAX_PAGES = DEFAULT_LIMITS.pages
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
    ocr: Optional[dict] = None  # what OCR did: engine, version, confidence, pages, path, cached, seconds
    ocr_error: Optional[str] = None  # OCR was tried and failed
    over_limit: Optional[str] = None  # the limit it was refused under, "pages=2000" (foi.documents.limits)


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
    ocr_errors: list[tuple[str, str]] = field(default_factory=list)  # (document id, why OCR failed)
    ocr_unavailable: Optional[str] = None  # why OCR cannot run here (with how to install it), if it cannot
    ocr_documents: int = 0  # OCR'd in this build (from the cache or not)
    ocr_pages: int = 0  # pages OCR'd in this build, not counting those from the cache
    ocr_cached: int = 0  # documents whose OCR'd copy was already there
    ocr_seconds: float = 0.0
    pages: int = 0
    seconds: float = 0.0


LINK_OUT = "a symbolic link to outside responses/: not followed, not read"


def find_documents(responses_dir: Path, expected: Optional[dict[str, set[str]]] = None,
                   skipped: Optional[list[tuple[str, str]]] = None) -> list[FoundDocument]:
    """Every stored document: responses/<slug>/<force>/<file> (deeper folders belong to that force too).

    Never read, each put in `skipped` as (path under responses/, why): a symbolic link whose
    target is outside responses/ (a key in ~/.ssh, the workspace's own foi.local.yml, a whole
    force folder elsewhere), and, when `expected` gives each request's recipients, a folder that
    is no case (no such request, or a force it was not sent to)."""
    found: list[FoundDocument] = []
    skipped = [] if skipped is None else skipped
    if not responses_dir.is_dir():
        return found
    boundary = responses_dir.resolve()

    def leaves(path: Path) -> bool:
        if not path.is_symlink():
            return False
        target = path.resolve()
        return target != boundary and boundary not in target.parents

    def folders(parent: Path, known: Optional[set[str]], why: str) -> list[Path]:
        kept = []
        for folder in sorted(parent.iterdir()):
            if folder.name.startswith("."):
                continue
            if leaves(folder):
                skipped.append((folder.relative_to(responses_dir).as_posix(), LINK_OUT))
            elif folder.is_dir() and known is not None and folder.name not in known:
                skipped.append((folder.relative_to(responses_dir).as_posix(), why.format(name=folder.name)))
            elif folder.is_dir():
                kept.append(folder)
        return kept

    for slug_dir in folders(responses_dir, set(expected) if expected is not None else None,
                            "no request '{name}' (requests/{name}.yml): its documents are not read"):
        recipients = expected.get(slug_dir.name) if expected is not None else None
        for force_dir in folders(slug_dir, recipients,
                                 "'{name}' is not a recipient of request '" + slug_dir.name + "': its documents are not read"):
            for path in sorted(force_dir.rglob("*")):
                if any(part.startswith(".") for part in path.relative_to(force_dir).parts):
                    continue
                if leaves(path):
                    skipped.append((path.relative_to(responses_dir).as_posix(), LINK_OUT))
                    continue
                if not is_stored_document(path):
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


# In worker processes: where to report OCR progress (set by the worker's initializer)
_OCR_EVENTS = None


def _init_worker(progress) -> None:
    global _OCR_EVENTS
    _OCR_EVENTS = progress


def _queue_progress(doc_id: str) -> Optional[Callable[[int, int], None]]:
    events = _OCR_EVENTS
    if events is None:
        return None

    def report(done: int, total: int) -> None:
        try:
            events(doc_id, done, total)
        except Exception:  # progress is never worth failing a document for
            pass

    return report


def parse_one(
    doc_id: str,
    path: str,
    sha256: Optional[str] = None,
    ocr_progress: Optional[Callable[[int, int], None]] = None,
    ocr_jobs: int = 1,
    limits: DocumentLimits = DEFAULT_LIMITS,
    with_letter: bool = True,
) -> ParseResult:
    """Parse one file (runs in a worker process). Never raises: errors are part of the result.
    Without `with_letter` what the letter says is left to `add_letter` (the build reads it in
    the parent, while the worker reads the next document).

    A PDF with pages that need OCR is OCR'd here when OCR is available, and the OCR'd copy is
    read instead; `ocr_progress(pages done, pages to do)` follows it. OCR uses one core
    (`ocr_jobs`): the build already parses documents in parallel. What can be checked of the
    limits before reading (size, pages, page size, unzipped size) is checked first.
    """
    from .sniff import read_document, sniff_kind

    start = time.perf_counter()
    path_obj = Path(path)
    digest = sha256 or sha256_file(path_obj)
    parsed, error, letter, ocr_info, ocr_error, over_limit = None, None, None, None, None, None
    try:
        precheck(path_obj, sniff_kind(path_obj), limits)
        parsed = read_document(path_obj)
        if parsed.page_count > limits.pages:
            raise LimitExceeded(f"document has {parsed.page_count} pages; the limit is {limits.pages}", limit_key("pages", limits))
        if parsed.kind == "pdf" and parsed.needs_ocr:
            progress = ocr_progress or _queue_progress(doc_id)
            parsed, ocr_info, ocr_error = ocr_document(path_obj, digest, parsed, ocr_cache_dir(doc_id, path_obj), progress, ocr_jobs)
        check_tables(parsed, limits)
        if parsed.error:
            error = parsed.error
        if with_letter:
            letter = letter_fields(parsed)
    except LimitExceeded as e:
        error, parsed, over_limit = str(e), None, e.limit
    except DocumentError as e:
        error, parsed = str(e), None
    except MemoryError:
        raise  # the worker reports it with the limit
    except Exception as e:  # a reader's bug must not stop the build; it is recorded on the document
        error, parsed = f"could not be read ({type(e).__name__}: {str(e)[:200]})", None
    return ParseResult(doc_id, digest, parsed, error, time.perf_counter() - start, letter, ocr_info, ocr_error, over_limit)


def letter_fields(parsed: ParsedDocument) -> Optional[dict]:
    """What a document that can be a letter says (read_letter), as the documents table keeps it."""
    if parsed.kind in LETTER_KINDS and parsed.text.strip():
        from .letter import read_letter

        return _letter_fields(read_letter(parsed.text))
    return None


def add_letter(result: ParseResult) -> ParseResult:
    """A result parsed without its letter (`parse_one(with_letter=False)`), with it. A letter
    that cannot be read fails the document as it would have in `parse_one`."""
    if result.parsed is None or result.letter is not None:
        return result
    start = time.perf_counter()
    try:
        letter = letter_fields(result.parsed)
    except Exception as e:  # as parse_one records a reader's bug
        return replace(result, parsed=None, error=f"could not be read ({type(e).__name__}: {str(e)[:200]})",
                       seconds=result.seconds + time.perf_counter() - start)
    return replace(result, letter=letter, seconds=result.seconds + time.perf_counter() - start)


def ocr_cache_dir(doc_id: str, path: Path) -> Path:
    """responses/<slug>/<force>/.ocr for a document anywhere under its force's folder."""
    depth = len(PurePosixPath(doc_id).parts)
    force_dir = path.parents[depth - 3] if depth >= 3 else path.parent
    return force_dir / ocr_mod.OCR_DIR


def ocr_document(path: Path, digest: str, parsed: ParsedDocument, cache_dir: Path, progress=None, jobs: int = 1):
    """OCR the pages that need it and read the OCR'd copy: (document, what OCR did, OCR error).

    The copy goes to cache_dir (a workspace's .ocr/ folder; `foi extract` uses a temporary one).
    Without OCR, or when it fails, the document is kept as read, its pages still `needs_ocr`."""
    from .pdf import read_pdf

    ok, _why = ocr_mod.ocr_available()
    if not ok:
        return parsed, None, None
    pages = [p.number for p in parsed.pages if p.needs_ocr]
    text_pages = [p.number for p in parsed.pages if p.needs_ocr and p.chars > 0]
    try:
        result = ocr_mod.ocr_cached(
            path, digest, pages, cache_dir, text_pages=text_pages, jobs=jobs, on_page=progress
        )
        ocr_parsed = read_pdf(result.path)
    except ocr_mod.OcrError as e:
        return parsed, None, str(e)
    except DocumentError as e:
        return parsed, None, f"the OCR'd copy cannot be read: {e}"
    if ocr_parsed.page_count != parsed.page_count:
        return parsed, None, f"the OCR'd copy has {ocr_parsed.page_count} pages, the original {parsed.page_count}"
    done = set(result.pages_done)
    for page in ocr_parsed.pages:
        if page.number in done:
            page.needs_ocr = False  # OCR'd: whatever it found is all there is to read
    ocr_mod.clean_ocr_tables(ocr_parsed.tables, done)
    cells = reread_ocr_tables(result.path, ocr_parsed, done)
    ocr_parsed.producer = parsed.producer
    info = {
        "engine": result.engine,
        "version": result.engine_version,
        "confidence": result.mean_confidence,
        "pages": sorted(done),
        "page_confidence": {int(k): v for k, v in result.page_confidence.items()},
        "path": str(result.path),
        "cached": result.cached,
        "seconds": result.seconds,
        "cell_seconds": cells.seconds if cells else None,
    }
    return ocr_parsed, info, None


def reread_ocr_tables(copy: Path, parsed: ParsedDocument, pages):
    """Read the tables on the OCR'd pages again cell by cell from the page image (foi.documents.ocr_tables),
    caching the cells beside the copy. None when OpenCV or Tesseract is missing: the text layer's tables stay."""
    from . import ocr_tables

    if not ocr_tables.available():
        return None
    return ocr_tables.reread_tables(copy, parsed, pages, Path(copy).with_suffix(".cells.json"))


def read_as_built(path: Path, ocr: bool = True, jobs: int = 1) -> tuple[ParsedDocument, list[str]]:
    """A document read as `foi build` reads it, without a workspace: image-only PDF pages are
    OCR'd (into a temporary folder) when OCRmyPDF is installed. Returns it and any warnings.
    `jobs`: processes a long PDF's pages may be read in."""
    import tempfile

    from .sniff import read_document, sniff_kind

    path = Path(path)
    precheck(path, sniff_kind(path), limits_from_env())  # what foi build would refuse unread, this refuses too
    parsed = read_document(path, jobs=jobs)
    if not (ocr and parsed.kind == "pdf" and parsed.needs_ocr):
        return parsed, []
    ok, why = ocr_mod.ocr_available()
    if not ok:
        return parsed, [f"{path}: has pages without a text layer; {why}"]
    with tempfile.TemporaryDirectory(prefix="foi-ocr-") as tmp:
        ocr_parsed, _info, error = ocr_document(path, sha256_file(path), parsed, Path(tmp))
    return ocr_parsed, [f"{path}: OCR failed: {error}"] if error else []


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
    ocr = result.ocr or {}
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
        "warnings": "; ".join(parsed.warnings) if parsed and parsed.warnings else None,
        "letter_ref": letter.get("letter_ref"),
        "letter_date": letter.get("letter_date"),
        "letter_outcome": letter.get("letter_outcome"),
        "letter_outcome_evidence": letter.get("letter_outcome_evidence"),
        "letter_law": letter.get("letter_law"),
        "ocr_engine": ocr.get("engine"),
        "ocr_version": ocr.get("version"),
        "ocr_confidence": ocr.get("confidence"),
        "ocr_pages": json.dumps(ocr["pages"]) if ocr else None,
        "ocr_path": _workspace_path(ocr["path"], workspace_root) if ocr else None,
        "ocr_error": result.ocr_error,
        "over_limit": result.over_limit,
    }


def _workspace_path(path: str, workspace_root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(workspace_root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def delete_document(db: sqlite_utils.Database, doc_id: str) -> None:
    for table in ("cells", "tables", "pages", "letter_sections"):
        if db[table].exists():
            db.table(table).delete_where("document = ?", [doc_id])
    db.table("documents").delete_where("id = ?", [doc_id])


def write_document(db: sqlite_utils.Database, found: FoundDocument, result: ParseResult, workspace_root: Path) -> None:
    """Replace one document's rows: one transaction, so it is never half-written."""
    from ..db import insert_rows

    def insert(table: str, rows: Iterable[dict]) -> None:
        insert_rows(db, table, rows)

    parsed = result.parsed
    with db.atomic():
        delete_document(db, found.id)
        insert("documents", [_document_row(found, result, workspace_root)])
        if parsed is None:
            return
        ocr_pages = set((result.ocr or {}).get("pages", []))
        ocr_conf = (result.ocr or {}).get("page_confidence", {})
        insert(
            "pages",
            (
                {
                    "document": found.id, "page": p.number, "text": p.text, "chars": p.chars, "needs_ocr": int(p.needs_ocr),
                    "ocr": int(p.number in ocr_pages), "ocr_confidence": ocr_conf.get(p.number) if p.number in ocr_pages else None,
                }
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
                    "caption": table.caption,
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
                            "ocr_confidence": table.cell_confidence[r][c] if table.cell_confidence else None,
                            "ocr_note": table.cell_note(r, c),
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


# (what is happening, documents done, documents to parse): the first argument is the id of the
# document just parsed, or "OCR 3/12 pages: <document id>" while scanned pages are OCR'd
ProgressCallback = Callable[[str, int, int], None]


def ingest(
    db: sqlite_utils.Database,
    workspace_root: Path,
    responses_dir: Path,
    jobs: Optional[int] = None,
    progress: Optional[ProgressCallback] = None,
    force: bool = False,
    limits: DocumentLimits = DEFAULT_LIMITS,
    expected: Optional[dict[str, set[str]]] = None,
    on_written: Optional[Callable[[str], None]] = None,
    while_waiting: Optional[Callable[[], bool]] = None,
) -> IngestReport:
    """Bring the document tables in line with the files under responses/.

    `expected` (request slug -> its recipients) leaves out folders that are no case; they, and
    symbolic links out of responses/, are reported in `errors` (see find_documents).
    `on_written(document id)` is called once each document's rows are written, and
    `while_waiting()` for a short piece of the caller's work whenever the workers have nothing
    to hand over (see workers.run_tasks).

    Every document is read in a worker process within `limits` (foi.documents.workers): one
    that runs too long or takes too much memory is stopped and recorded with that error."""
    start = time.perf_counter()
    report = IngestReport()
    skipped: list[tuple[str, str]] = []
    found = find_documents(responses_dir, expected, skipped)
    report.found = len(found)
    known = {row["id"]: row for row in db.query("select * from documents")}

    # Documents whose files are gone
    present = {d.id for d in found}
    for doc_id in sorted(set(known) - present):
        with db.atomic():
            delete_document(db, doc_id)
        report.removed += 1

    todo: list[tuple[FoundDocument, Optional[str]]] = []
    for doc in found:
        row = known.get(doc.id)
        # a document refused under a limit is read again once that limit is set to another value
        if (row and not force and row["parser_version"] == PARSER_VERSION and not _ocr_now_possible(row)
                and not limit_changed(row.get("over_limit"), limits)):
            if row["size"] == doc.size and row["mtime_ns"] == doc.mtime_ns:
                report.unchanged += 1
                continue
            digest = sha256_file(doc.path)  # touched but maybe not changed
            if digest == row["sha256"]:
                with db.atomic():
                    db.table("documents").update(doc.id, {"mtime_ns": doc.mtime_ns})
                report.unchanged += 1
                continue
            todo.append((doc, digest))
        else:
            todo.append((doc, None))

    jobs = job_count(jobs)
    by_id = {doc.id: doc for doc, _ in todo}
    done = 0
    ocr_progress: dict[str, tuple[int, int]] = {}  # document id -> (pages OCR'd, pages to OCR)

    def on_ocr(doc_id: str, pages_done: int, pages_total: int) -> None:
        ocr_progress[doc_id] = (pages_done, pages_total)
        if progress:
            d = sum(a for a, _ in ocr_progress.values())
            t = sum(b for _, b in ocr_progress.values())
            progress(f"OCR {d}/{t} pages: {doc_id}", done, len(todo))

    # With a core to spare (fewer workers than cores) the letters are read here, while the
    # workers read on; with every core reading, here would only hold the workers' next tasks up.
    letters_here = jobs < job_count(None)  # None: one per core

    def finish(result: ParseResult) -> None:
        nonlocal done
        if letters_here:
            result = add_letter(result)
        write_document(db, by_id[result.id], result, workspace_root)
        if on_written:
            on_written(result.id)
        report.parsed += 1
        if result.parsed:
            report.pages += result.parsed.page_count
        if result.ocr:
            report.ocr_documents += 1
            report.ocr_cached += int(bool(result.ocr.get("cached")))
            if not result.ocr.get("cached"):
                report.ocr_pages += len(result.ocr.get("pages", []))
                report.ocr_seconds += result.ocr.get("seconds") or 0.0
        done += 1
        if progress:
            progress(result.id, done, len(todo))

    ocr_jobs = jobs if len(todo) == 1 else 1  # a lone scanned document gets the cores the build may use
    digests = {doc.id: digest for doc, digest in todo}

    def stopped(stop: Stopped) -> None:
        doc = by_id[stop.key]
        digest = digests.get(doc.id) or sha256_file(doc.path)
        finish(ParseResult(doc.id, digest, None, stop.reason, 0.0, over_limit=stop.limit))

    run_tasks(
        [(doc.id, parse_one, (doc.id, str(doc.path), digest, None, ocr_jobs, limits, not letters_here)) for doc, digest in todo],
        jobs, limits,
        on_result=lambda _key, result: finish(result),
        on_stopped=stopped,
        on_progress=lambda _key, doc_id, pages_done, pages_total: on_ocr(doc_id, pages_done, pages_total),
        initializer=_init_worker,
        while_waiting=while_waiting,
    )
    report.errors = sorted(skipped + [
        (r["id"], r["error"]) for r in db.query("select id, error from documents where error is not null order by id")])
    report.needs_ocr = [r["id"] for r in db.query("select id from documents where needs_ocr = 1 order by id")]
    report.ocr_errors = [
        (r["id"], r["ocr_error"])
        for r in db.query("select id, ocr_error from documents where needs_ocr = 1 and ocr_error is not null order by id")
    ]
    if report.needs_ocr:
        ok, why = ocr_mod.ocr_available()
        report.ocr_unavailable = None if ok else why
    _prune_ocr_caches(db, responses_dir)
    report.seconds = time.perf_counter() - start
    return report


def _ocr_now_possible(row: dict) -> bool:
    """A document kept without OCR (none was installed) is parsed again once OCR can run.
    One whose OCR failed is not retried by every build: it has `ocr_error`; changing the
    file or bumping PARSER_VERSION retries it."""
    if not row.get("needs_ocr") or row.get("ocr_error") or row.get("error"):
        return False
    return ocr_mod.ocr_available()[0]


def _prune_ocr_caches(db: sqlite_utils.Database, responses_dir: Path) -> None:
    """Remove OCR'd copies whose original is no longer in its force's folder."""
    if not responses_dir.is_dir():
        return
    present: dict[tuple[str, str], set[str]] = {}
    for r in db.query("select request, force, sha256 from documents"):
        present.setdefault((r["request"], r["force"]), set()).add(r["sha256"])
    boundary = responses_dir.resolve()
    for cache in responses_dir.glob(f"*/*/{ocr_mod.OCR_DIR}"):
        force_dir = cache.parent
        if boundary not in cache.resolve().parents:
            continue  # a linked folder outside responses/ is none of foi's business
        ocr_mod.prune_cache(cache, present.get((force_dir.parent.name, force_dir.name), set()))
