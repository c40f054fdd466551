"""Serve the database with Datasette, and write the public bundle.

`foi.db` holds things that must never leave the journalist's machine: notes and message ids in
the event log, the requester's own emails, the workspace's paths. `publish` therefore builds a
new database by copying only what `PUBLIC_COLUMNS` names (a whitelist: a column added to the
schema later stays private until someone adds it here), recreates the views and full-text
search on it, and writes next to it everything needed to serve it read-only with Datasette.

The pictures of the tables that figures were read from ("crops") are drawn by `serve`, into
`build/crops/` of the workspace (only those not drawn yet), and by `publish` into the bundle,
and served at `/-/crops/`: the path of each is computed by the `figures_with_source` view, so
the view and the files cannot disagree.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass
from importlib import metadata as pkg_metadata
from pathlib import Path
from typing import Callable, Optional

import sqlite_utils
import yaml

from .db import FTS, INDEXES, TABLES, VIEWS
from .errors import FoiError
from .metadata_shape import check_metadata
from .crops import CROP_MANIFEST, CROPS_MOUNT, CROPS_URL, CropReport, CropWarning, crops_dir, render_crops
from .privacy import Redactor, requester_redactor
from .rates import write_comparison
from .workspace import Workspace, read_yaml_file
from .workspace_root import SOURCE_FOLDERS

# ---------------------------------------------------------------- what may be published

# table -> the columns that may be published, in the order tables are copied (a table before
# the tables whose foreign keys point at it). Nothing else is copied: not a table, not a column.
PUBLIC_COLUMNS: dict[str, list[str]] = {
    "forces": ["id", "name", "short_name", "nation", "law", "foi_email", "homepage", "wdtk_slug"],
    # `measures` (the header texts of each measure) lets the comparison list every measure for
    # every force, answered or not; the request file's `notes` never reach the database at all.
    "requests": ["slug", "title", "body", "periods", "since", "until", "measures", "recipients"],
    "cases": [
        "request", "force", "law", "state", "sent", "clock_start", "due", "overdue", "working_days_overdue",
        "very_overdue", "responded", "working_days_to_respond", "on_time", "outcome", "outcome_source",
        "review_due", "fee_lapsed", "ref", "last_event", "last_event_date", "as_of",
        "extension_working_days", "extension_beyond_ico", "review_requested", "review_overdue",
        "review_working_days_overdue", "review_very_overdue",
    ],
    # Not `note` (the journalist's own words), not `extra` (message ids, evidence quoted from
    # private mail), not `recorded` (when the journalist typed it).
    "events": ["request", "line", "force", "date", "event", "outcome", "until", "ref"],
    # Not `path`, `mtime_ns`, `parse_seconds`, `parser_version`: facts about the journalist's
    # machine, not about the answer. The letter's evidence sentence quotes the force's letter,
    # which is public correspondence.
    "documents": [
        "id", "request", "force", "filename", "sha256", "kind", "size", "pages", "tables", "producer",
        "needs_ocr", "pages_needing_ocr", "error", "letter_ref", "letter_date", "letter_outcome",
        "letter_outcome_evidence", "letter_law",
        # read by OCR: which engine, and how sure it was (ocr_path and ocr_error stay private)
        "ocr_engine", "ocr_version", "ocr_confidence", "ocr_pages",
    ],
    "pages": ["document", "page", "text", "chars", "needs_ocr", "ocr", "ocr_confidence"],
    "tables": ["document", "table_number", "page", "rows", "columns", "x0", "top", "x1", "bottom", "method", "sheet"],
    "cells": ["document", "table_number", "row", "col", "text", "page", "x0", "top", "x1", "bottom", "ocr_confidence", "ocr_note"],
    "figures": [
        "id", "request", "force", "measure", "period", "value", "suppressed", "needs_review", "review_reasons",
        "document", "page", "table_number", "row", "col", "raw_text", "header", "x0", "top", "x1", "bottom",
        "corrected", "breakdown", "category", "derived",
    ],
    "officer_strength": ["force", "year", "as_at", "officers_fte", "officers_headcount", "source"],
    "letter_sections": ["document", "number", "section", "sentence"],
    # each case's clock day by day: dates and the statute's reasons, nothing of the journalist's
    "clocks": ["request", "force", "days", "summary"],
    "categories": ["request", "breakdown", "label", "canonical", "confirmed", "score", "level", "parent", "forces"],
}

# Emails are the requester's own correspondence (their address, their signature, the quoted
# request): such documents, and everything read from them, are never published.
PRIVATE_DOCUMENT_SUFFIXES = (".eml", ".msg", ".mbox")
PRIVATE_DOCUMENT_KINDS = ("eml", "msg", "mbox")
# ... nor a document of a folder that is no case (no such request, or a force it was not sent to)
PUBLISHED_DOCUMENTS = (
    "select id from documents where coalesce(kind, '') not in ({kinds}) and {suffixes}"
    " and exists (select 1 from cases c where c.request = documents.request and c.force = documents.force)".format(
        kinds=", ".join(f"'{k}'" for k in PRIVATE_DOCUMENT_KINDS),
        suffixes=" and ".join(f"lower(id) not like '%{s}'" for s in PRIVATE_DOCUMENT_SUFFIXES),
    )
)
# table -> which of its rows are published
ROW_FILTERS: dict[str, str] = {
    "documents": f"id in ({PUBLISHED_DOCUMENTS})",
    "pages": f"document in ({PUBLISHED_DOCUMENTS})",
    "tables": f"document in ({PUBLISHED_DOCUMENTS})",
    "cells": f"document in ({PUBLISHED_DOCUMENTS})",
    "letter_sections": f"document in ({PUBLISHED_DOCUMENTS})",
    "figures": f"document is null or document in ({PUBLISHED_DOCUMENTS})",
}

# ---------------------------------------------------------------- how it is served

DATASETTE_PLUGINS = ("datasette-dashboards", "datasette-render-markdown", "datasette-leaflet")
# Datasette settings for both `foi serve` and the bundle; the bundle's README says why.
SETTINGS: dict[str, object] = {
    "allow_download": True,
    "default_allow_sql": True,
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 10000,
    "facet_time_limit_ms": 500,
    "facet_suggest_time_limit_ms": 100,
}

BUNDLE_MARKER = "foi-bundle.json"
BUNDLE_FILES = ("foi.db", "crops", "plugins", "metadata.yml", "inspect-data.json", "README.md", "requirements.txt",
                BUNDLE_MARKER, "templates")
PLUGINS_DIR = "plugins"
# foi's own pages (a page per request, the column descriptions folded away): a Datasette plugin and
# templates that read what foi.rates wrote, served by `foi serve` and copied into the bundle.
SITE = Path(__file__).resolve().parent / "site"
TEMPLATES_DIR = "templates"
# SQLite tells anyone who asks `select file from pragma_database_list` the database's absolute
# path on the server, and Datasette 0.65 allows that pragma. This plugin, served with the bundle
# (--plugins-dir), makes the column read as null: SQLite's authorizer ignores the read.
HIDE_PATHS_PLUGIN = (
    "hide_paths.py",
    '''"""Written by `foi publish`: SQL cannot read where the database lives on this server."""
import sqlite3

from datasette import hookimpl


def _authorizer(action, table, column, database, trigger):
    if action == sqlite3.SQLITE_READ and (table or "").lower() == "pragma_database_list" and (column or "").lower() == "file":
        return sqlite3.SQLITE_IGNORE  # the column reads as null
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn):
    conn.set_authorizer(_authorizer)
''',
)


# ---------------------------------------------------------------- the public database


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def copy_public(src: sqlite_utils.Database, dst: sqlite_utils.Database, redactor: Optional[Redactor] = None) -> dict[str, int]:
    """Copy the whitelisted tables, columns and rows of src into the empty dst; rows per table.

    Keys and column types are those of src; a whitelisted table or column that src lacks (a
    database built by an older foi) is created empty from db.py's declaration, so that the
    views always find what they need.
    """
    redactor = redactor or Redactor()
    counts: dict[str, int] = {}
    for table, allowed in PUBLIC_COLUMNS.items():
        source = src.table(table)
        spec = TABLES.get(table, {"columns": {}, "pk": None})
        present = source.columns_dict if source.exists() else {}
        types = {c: present.get(c, spec["columns"].get(c, str)) for c in allowed}
        pks = [p for p in source.pks if p != "rowid"] if source.exists() else list(
            (spec["pk"],) if isinstance(spec["pk"], str) else spec["pk"] or ()
        )
        if any(p not in types for p in pks):
            raise FoiError(f"the public columns of {table} must include its primary key {', '.join(pks)}")
        foreign_keys = [
            (column, other, other_column)
            for column, other, other_column in (
                [(fk.column, fk.other_table, fk.other_column) for fk in source.foreign_keys]
                if source.exists() else [(c, o, oc) for c, o, oc in spec.get("foreign_keys", [])]
            )
            if column in types and other in counts and other_column in PUBLIC_COLUMNS[other]
        ]
        dst.table(table).create(
            types,
            pk=(pks[0] if len(pks) == 1 else tuple(pks)) if pks else None,
            foreign_keys=foreign_keys or None,
        )
        copied = [c for c in allowed if c in present]
        if copied:
            where = f" where {ROW_FILTERS[table]}" if table in ROW_FILTERS else ""
            sql = f"select {', '.join(_quote(c) for c in copied)} from {_quote(table)}{where}"
            dst.table(table).insert_all((redactor.row(r) for r in src.query(sql)), batch_size=1000)
        counts[table] = dst[table].count
    return counts


def shape_public(dst: sqlite_utils.Database) -> None:
    """Indexes, full-text search and views, as foi.db has them (db.py's declarations)."""
    for table, columns in INDEXES:
        if dst[table].exists() and all(c in dst[table].columns_dict for c in columns):
            dst.table(table).create_index(columns, if_not_exists=True)
    for table, columns in FTS.items():
        if dst[table].exists():
            dst.table(table).enable_fts(columns, tokenize="porter")  # no triggers: the bundle is read-only
    for name, sql in VIEWS.items():
        dst.create_view(name, sql, replace=True)


# ---------------------------------------------------------------- metadata


def load_metadata(path: Path) -> dict:
    if not Path(path).exists():
        return {}
    data = read_yaml_file(Path(path), empty={})
    check_metadata(data, path)  # the wrong shape is one line naming the key, not a traceback
    return data


_PARAM_RE = re.compile(r"(?<!:):([a-zA-Z_][a-zA-Z0-9_]*)")
_OPTIONAL_RE = re.compile(r"\[\[(.*?)\]\]", re.S)


def _sql_works(db: sqlite_utils.Database, sql: str) -> bool:
    """Whether the query compiles against db (tables and columns exist), without running it."""
    sql = _OPTIONAL_RE.sub(r"\1", sql)  # datasette-dashboards' optional clauses
    try:
        db.execute("explain " + sql, {name: "" for name in _PARAM_RE.findall(sql)}).fetchall()
        return True
    except Exception:
        return False


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings (SQL, HTML) as readable `|` blocks."""


_BlockDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def public_metadata(metadata: dict, db: sqlite_utils.Database) -> tuple[dict, list[str]]:
    """The metadata with every mention of what the public database lacks removed.

    Tables and columns not published are dropped from `databases`, with their facets and sort
    orders; canned queries and dashboard charts whose SQL no longer compiles are dropped, and so
    are writable canned queries. Returns the metadata and what was dropped.
    """
    md = copy.deepcopy(metadata)
    dropped: list[str] = []
    columns = {name: set(db[name].columns_dict) for name in db.table_names() + db.view_names()}

    def column_ok(table: str, facet) -> bool:
        if isinstance(facet, dict):
            return all(column_ok(table, v) for v in facet.values())
        return isinstance(facet, str) and facet in columns.get(table, ())

    for _db_name, db_meta in (md.get("databases") or {}).items():
        if not isinstance(db_meta, dict):
            continue
        tables = db_meta.get("tables") or {}
        for table in list(tables):
            meta = tables[table]
            if table not in columns:
                del tables[table]
                dropped.append(f"table {table}")
                continue
            if not isinstance(meta, dict):
                continue
            if isinstance(meta.get("columns"), dict):
                for column in list(meta["columns"]):
                    if column not in columns[table]:
                        del meta["columns"][column]
                        dropped.append(f"column {table}.{column}")
            if isinstance(meta.get("facets"), list):
                kept = [f for f in meta["facets"] if column_ok(table, f)]
                dropped += [f"facet {table}.{f}" for f in meta["facets"] if f not in kept]
                meta["facets"] = kept
            for key in ("sort", "sort_desc", "label_column"):
                if key in meta and not column_ok(table, meta[key]):
                    dropped.append(f"{key} {table}.{meta.pop(key)}")
        queries = db_meta.get("queries") or {}
        for name in list(queries):
            query = queries[name]
            sql = query if isinstance(query, str) else (query or {}).get("sql", "")
            if (isinstance(query, dict) and query.get("write")) or not _sql_works(db, sql):
                del queries[name]
                dropped.append(f"query {name}")
    dashboards = (md.get("plugins") or {}).get("datasette-dashboards") or {}
    for slug, dashboard in dashboards.items():
        charts = (dashboard or {}).get("charts") or {}
        for chart_slug in list(charts):
            sql = (charts[chart_slug] or {}).get("query")
            if sql and not _sql_works(db, sql):
                del charts[chart_slug]
                dropped.append(f"chart {slug}/{chart_slug}")
                if isinstance(dashboard.get("layout"), list):
                    dashboard["layout"] = [[c for c in row if c != chart_slug] for row in dashboard["layout"]]
                    dashboard["layout"] = [row for row in dashboard["layout"] if row]
        for name, flt in list(((dashboard or {}).get("filters") or {}).items()):
            if isinstance(flt, dict) and flt.get("query") and not _sql_works(db, flt["query"]):
                del dashboard["filters"][name]
                dropped.append(f"filter {slug}/{name}")
    return md, dropped


# ---------------------------------------------------------------- Datasette


def datasette_app(db_path: Path, metadata: Optional[dict] = None, crops: Optional[Path] = None,
                  immutable: bool = False, inspect_file: Optional[Path] = None):
    """A Datasette instance for one database, with the metadata, the crops and SETTINGS."""
    from datasette.app import Datasette

    inspect_data = json.loads(Path(inspect_file).read_text()) if inspect_file else None
    return Datasette(
        files=[] if immutable else [str(db_path)],
        immutables=[str(db_path)] if immutable else [],
        metadata=metadata or {},
        static_mounts=[(CROPS_MOUNT, str(crops))] if crops else [],
        template_dir=str(SITE / TEMPLATES_DIR),
        plugins_dir=str(SITE / "plugins"),
        settings=dict(SETTINGS),
        inspect_data=inspect_data,
    )


def request_slugs(ws: Workspace) -> list[str]:
    """The requests in the workspace's database, each with a page at /request/<slug>."""
    db = sqlite_utils.Database(ws.db_path)
    try:
        return [r[0] for r in db.execute("select slug from requests order by slug").fetchall()] if db["requests"].exists() else []
    finally:
        db.close()


def check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OverflowError:  # Python's own check of the port's range
            raise FoiError(f"cannot listen on port {port}: a port is a number from 1 to 65535") from None
        except OSError as e:
            raise FoiError(f"cannot listen on {host}:{port} ({e.strerror}); choose another with --port") from None


def draw_workspace_crops(ws: Workspace, jobs: Optional[int] = None,
                         progress: Optional[Callable[[int, int], None]] = None) -> CropReport:
    """The pictures of the figures' tables for the workspace's own `foi serve`, in build/crops/:
    only those not drawn yet (or drawn from a document or box since changed), in `jobs` workers
    (default one per core). A picture that cannot be drawn is listed in the report's `failed`;
    the rest are drawn."""
    from .documents.limits import limits_from_env
    from .documents.workers import job_count

    db = sqlite_utils.Database(ws.db_path)
    try:
        with warnings.catch_warnings():  # the report holds them, for the caller to say as it says things
            warnings.simplefilter("ignore", CropWarning)
            return render_crops(db, ws.root, crops_dir(ws), strict=False, jobs=job_count(jobs),
                                limits=limits_from_env(), progress=progress)
    finally:
        db.close()


def url(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "", "localhost") else ("[::1]" if host in ("::", "::1") else host)
    return f"http://{shown}:{port}/"


def serve(ws: Workspace, host: str = "127.0.0.1", port: int = 8001, ready: Optional[Callable[[], None]] = None,
          progress: Optional[Callable[[int, int], None]] = None,
          drawn: Optional[Callable[[CropReport], None]] = None) -> None:
    """Serve the workspace's foi.db with its metadata, plugins and crops until interrupted.

    The workspace's database holds private columns: it is served as it is, for the journalist,
    on 127.0.0.1 unless told otherwise. Readers get the bundle that `publish` writes.
    The pictures not drawn yet are drawn first (`draw_workspace_crops`, `progress` as there),
    then `drawn(report)` is called; `ready()` once everything is checked, just before serving starts.
    """
    if not ws.db_path.exists():
        raise FoiError(f"there is no {ws.db_path} yet; create it with `foi build`")
    import uvicorn

    check_port(host, port)
    crops = crops_dir(ws)
    report = draw_workspace_crops(ws, progress=progress)
    if drawn:
        drawn(report)
    crops.mkdir(parents=True, exist_ok=True)
    ds = datasette_app(ws.db_path, load_metadata(ws.metadata_path), crops)
    if ready:
        ready()
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


# ---------------------------------------------------------------- the bundle


@dataclass
class PublishReport:
    outdir: Path
    database: Path
    tables: dict[str, int]
    views: list[str]
    crops: int
    dropped: list[str]
    warnings: list[str]
    serve_command: str


def serve_command(host: Optional[str] = None) -> str:
    parts = ["datasette", "serve", "-i", "foi.db", "--inspect-file", "inspect-data.json", "-m", "metadata.yml",
             "--static", f"{CROPS_MOUNT}:crops", "--plugins-dir", PLUGINS_DIR, "--template-dir", TEMPLATES_DIR]
    for name, value in SETTINGS.items():
        parts += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    if host:
        parts += ["--host", host]
    return " ".join(shlex.quote(p) for p in parts)


def _versions() -> dict[str, str]:
    found = {}
    for name in ("datasette", *DATASETTE_PLUGINS, "openpyxl"):  # openpyxl: the request page's XLSX download
        try:
            found[name] = pkg_metadata.version(name)
        except pkg_metadata.PackageNotFoundError:
            pass
    return found


def _is_bundle(folder: Path) -> bool:
    marker = folder / BUNDLE_MARKER
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("foi_bundle") == 1
    except (OSError, ValueError, AttributeError):
        return False


def publish(ws: Workspace, outdir: Path, no_requester: bool = False) -> PublishReport:
    """Write the public bundle into outdir: database, crops, metadata, counts, instructions.

    Refuses a folder that holds anything but a previous bundle, and a workspace whose requester
    cannot be read (foi.local.yml missing, misspelt, malformed) unless `no_requester` says there
    is nobody to redact. Everything is written into a temporary folder first and moved in at the
    end, so a failure leaves outdir as it was.
    """
    outdir = Path(outdir).expanduser().resolve()
    if outdir.exists() and not outdir.is_dir():
        raise FoiError(f"{outdir} exists and is not a folder")
    if outdir.exists() and any(outdir.iterdir()) and not _is_bundle(outdir):
        raise FoiError(f"{outdir} is not empty and is not a foi bundle; publish into a new or empty folder")
    if outdir == ws.root or ws.root in outdir.parents and outdir.relative_to(ws.root).parts[0] in SOURCE_FOLDERS:
        raise FoiError(f"{outdir} is inside the workspace's own files; publish somewhere else")
    if not ws.db_path.exists():
        raise FoiError(f"there is no {ws.db_path} yet; create it with `foi build`")
    redactor, problems = requester_redactor(ws, no_requester)

    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    try:
        src = sqlite_utils.Database(ws.db_path)
        try:
            dst = sqlite_utils.Database(tmp / "foi.db")
            counts = copy_public(src, dst, redactor)
            shape_public(dst)
            counts.update(write_comparison(dst))  # the rates, from the published figures only (foi.rates)
            views = dst.view_names()
            crops = _public_crops(src, dst, ws, tmp / "crops", redactor, problems)
        finally:
            src.close()

        metadata, dropped = public_metadata(load_metadata(ws.metadata_path), dst)
        public = redactor.data(metadata)
        if public != metadata:
            problems.append(f"{ws.metadata_path} names the requester: replaced by [requester] in the bundle")
            metadata = public
        (tmp / PLUGINS_DIR).mkdir()
        (tmp / PLUGINS_DIR / HIDE_PATHS_PLUGIN[0]).write_text(HIDE_PATHS_PLUGIN[1], encoding="utf-8")
        for plugin in (SITE / "plugins").glob("*.py"):  # the request page
            shutil.copy2(plugin, tmp / PLUGINS_DIR / plugin.name)
        shutil.copytree(SITE / TEMPLATES_DIR, tmp / TEMPLATES_DIR)
        dst.vacuum()
        dst.close()
        (tmp / "metadata.yml").write_text(
            "# Written by `foi publish` from the workspace's metadata.yml (private tables and columns removed).\n"
            + yaml.dump(metadata, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
        _inspect(tmp)
        versions = _versions()
        (tmp / "requirements.txt").write_text("".join(f"{n}=={v}\n" for n, v in versions.items()), encoding="utf-8")
        (tmp / "README.md").write_text(bundle_readme(versions, counts, views), encoding="utf-8")
        (tmp / BUNDLE_MARKER).write_text(
            json.dumps({"foi_bundle": 1, "published": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
                        "files": list(BUNDLE_FILES)}, indent=2) + "\n",
            encoding="utf-8",
        )
        outdir.mkdir(exist_ok=True)
        for name in BUNDLE_FILES:  # replace the previous bundle's files; leave anything else
            old = outdir / name
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old)
            elif old.exists() or old.is_symlink():
                old.unlink()
            os.replace(tmp / name, old)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return PublishReport(
        outdir=outdir, database=outdir / "foi.db", tables=counts, views=views, crops=crops,
        dropped=dropped, warnings=problems, serve_command=serve_command(),
    )


def _public_crops(src: sqlite_utils.Database, dst: sqlite_utils.Database, ws: Workspace, out_dir: Path,
                  redactor: Redactor, problems: list[str]) -> int:
    """Draw the pictures of the published figures' tables into out_dir, with the requester's
    details blacked out (a picture that cannot be checked is left out); how many were drawn.

    Drawn afresh from the documents rather than copied from the workspace's build/crops/, whose
    pictures are the journalist's own, unredacted. A crop's path comes from its document's id,
    which the redactor may have changed: each is drawn at the path the public database gives."""
    wanted = {
        (row["document"], row["page"], row["table_number"]): row["crop"][len(CROPS_URL):]
        for row in dst.query("select distinct document, page, table_number, crop from figures_with_source where crop is not null")
    }

    def select(row: dict) -> Optional[str]:
        return wanted.get((redactor.text(row["document"]), row["page"], row["table_number"]))

    out_dir.mkdir()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CropWarning)
        report = render_crops(src, ws.root, out_dir, strict=False, redact=redactor.picture_spans if redactor.active else None,
                              select=select)
    problems += [str(w.message) for w in caught if issubclass(w.category, CropWarning)]
    (out_dir / CROP_MANIFEST).unlink(missing_ok=True)
    drawn = {rel for rel in wanted.values() if (out_dir / rel).is_file()}
    problems += [f"crop {rel} is missing: its figures are published without a picture"
                 for rel in sorted(set(wanted.values()) - drawn - {rel for rel, _ in report.failed})]
    return report.rendered


def _inspect(folder: Path) -> None:
    """`datasette inspect`: the row counts, so that the immutable database is never counted again."""
    done = subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", "foi.db", "--inspect-file", "inspect-data.json"],
        cwd=folder, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise FoiError(f"datasette inspect failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
    path = folder / "inspect-data.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data.values():
        entry["file"] = "foi.db"  # a relative name: the publisher's folders are nobody's business
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def bundle_readme(versions: dict[str, str], counts: dict[str, int], views: list[str]) -> str:
    pins = " ".join(f"{n}=={v}" for n, v in versions.items())
    installs = " ".join(f"--install {n}=={v}" for n, v in versions.items())
    extra = " ".join(
        f"--setting {n} {('on' if v else 'off') if isinstance(v, bool) else v}" for n, v in SETTINGS.items()
    )
    tables = "\n".join(f"| `{name}` | {count:,} |" for name, count in counts.items())
    return f"""# Public FOI database

Written by `foi publish`. Only public data is here: the tables and columns of `foi.db` that
foi's whitelist names (no notes, no email, no message ids, no emails received, no local paths),
with the requester's name and address removed from the forces' letters.

| file | what |
|---|---|
| `foi.db` | the SQLite database |
| `metadata.yml` | titles, licences, descriptions of every table and column, facets, canned queries, charts |
| `inspect-data.json` | row counts (`datasette inspect`), so the immutable database is never counted again |
| `crops/` | a picture of each table a figure was read from, served at `/{CROPS_MOUNT}/`, the requester's details blacked out |
| `plugins/` | `hide_paths.py`: SQL cannot read where the database lives on the server (see below) |
| `templates/`, `plugins/foi_site.py` | foi's pages: `/request/<slug>` for each request (the question, who answered, the comparison with rates, intervals and the funnel plot, CSV and XLSX downloads), and table pages with their column descriptions folded away |
| `requirements.txt` | the exact versions this bundle was made and tested with |

| table | rows |
|---|---|
{tables}

Views: {", ".join(f"`{v}`" for v in views)}.

## Serve it

```bash
pip install {pins}
{serve_command()}
```

Then open http://localhost:8001/. On a server, add `--host 0.0.0.0` (behind a proxy that
terminates HTTPS) and `--port`.

Or build a Docker image (needs Docker), or deploy to Google Cloud Run (needs `gcloud`):

```bash
datasette package foi.db -m metadata.yml --static {CROPS_MOUNT}:crops --plugins-dir {PLUGINS_DIR} --template-dir {TEMPLATES_DIR} {installs} \\
  --extra-options "{extra}" -t foi-public
datasette publish cloudrun foi.db -m metadata.yml --static {CROPS_MOUNT}:crops --plugins-dir {PLUGINS_DIR} --template-dir {TEMPLATES_DIR} {installs} \\
  --extra-options "{extra}" --service foi-public
```

(`datasette package` and `publish` run `datasette inspect` and serve with `-i` themselves; they
install the plain `datasette` package too, and the pinned `--install datasette==...` holds it
to the tested version.)

## More readers than one machine: behind a CDN

The database never changes while it is served (`-i`), so every page can be cached. Run as many
copies of the image above as needed (Cloud Run scales them itself), and put a CDN (Cloudflare,
Fastly, CloudFront) in front that respects `Cache-Control`: add `--setting default_cache_ttl 86400`
to the serve command (or to `--extra-options`) and Datasette's pages, and foi's request pages,
are sent with `Cache-Control: max-age=86400`, so the CDN answers repeat visits without reaching
Datasette. The SQL time limit (1 second) and the page size (10,000 rows) stay as they are, so no
one query can hold a copy for long. After publishing a new bundle, deploy it and purge the CDN.

## Why these settings

- `-i foi.db` (immutable) with `--inspect-file`: the file never changes while served, so
  Datasette opens it read-only, never counts its tables again, and can cache its pages.
- `allow_download on`: everything in this database is public, and the whole file (a few
  megabytes) is the easiest way to check our work or reuse it. It is offered at `/foi.db`.
- `default_allow_sql on` with `sql_time_limit_ms 1000`: readers can ask their own questions
  in SQL (the views `comparison`, `timeliness`, `outstanding` and `figures_with_source` are a
  start). Every query here returns in a few milliseconds; one second is ample for real work
  and stops a runaway query (a cross join of `cells` with itself) from tying up the server.
- `max_returned_rows 10000`: one request's figures are about 43 forces x 6 measures x 20
  years = 5,000 rows; a reader should get them in one JSON page and a chart should see them
  all. CSV export streams every row regardless (`allow_csv_stream`, on by default).
- `facet_time_limit_ms 500`, `facet_suggest_time_limit_ms 100`: facets over `figures` and
  `cells` (tens of thousands of rows) need more than the default 200 ms on a small server,
  while suggested facets, computed on every table page, stay cheap; a facet that runs out of
  time is left out, never wrong.
- `--plugins-dir {PLUGINS_DIR}`: SQLite answers `select file from pragma_database_list` with
  the database's absolute path on the server (its folders, often a user name), and Datasette
  0.65 allows that query. `{PLUGINS_DIR}/{HIDE_PATHS_PLUGIN[0]}` makes that column read as
  null; served without it, the path is visible to anyone who can run SQL.
"""
