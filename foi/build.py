"""`foi build`: re-create foi.db from the workspace's files.

The tracking tables (forces, requests, cases, events) are cheap and are rewritten in full on
every build, inside one transaction, so the database always matches the files exactly.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlite_utils

from . import cases as cases_mod
from .db import TABLES, ensure_db_shape, open_db
from .forces import all_forces
from .workspace import Request, Workspace, read_events


@dataclass
class BuildReport:
    requests: int = 0
    cases: int = 0
    events: int = 0
    warnings: list[str] = field(default_factory=list)


def _replace_all(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    spec = TABLES[table]
    db[table].delete_where()
    db[table].insert_all(rows, pk=spec["pk"], columns=spec["columns"], foreign_keys=spec.get("foreign_keys"))


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
    for key in ("overdue", "very_overdue", "on_time", "fee_lapsed"):
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


def collect_tracking(ws: Workspace, as_of: dt.date) -> dict[str, list[dict]]:
    """Read and validate every request file and log; the rows of the tracking tables."""
    rows: dict[str, list[dict]] = {"forces": force_rows(), "requests": [], "cases": [], "events": []}
    for request in ws.requests():
        rows["requests"].append(request_row(request))
        for status in cases_mod.request_statuses(ws, request, as_of):
            rows["cases"].append(case_row(status, as_of))
        for event in read_events(ws.log_path(request.slug)):
            rows["events"].append(event_row(request.slug, event))
    return rows


def write_tracking(db: sqlite_utils.Database, rows: dict[str, list[dict]]) -> None:
    """Rewrite forces, requests, cases and events, all or nothing."""
    ensure_db_shape(db)
    with db.atomic():
        for table, table_rows in rows.items():
            _replace_all(db, table, table_rows)


def build(ws: Workspace, as_of: dt.date | None = None) -> BuildReport:
    # Every file is read and checked before the database is touched: a bad file changes nothing.
    rows = collect_tracking(ws, as_of or dt.date.today())
    db = open_db(ws.db_path)
    try:
        write_tracking(db, rows)
    finally:
        db.close()
    return BuildReport(requests=len(rows["requests"]), cases=len(rows["cases"]), events=len(rows["events"]))
