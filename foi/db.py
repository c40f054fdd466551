"""The database schema in one place: tables with explicit keys and types, views, full-text search.

`ensure_db_shape(db)` is idempotent: it creates what is missing and leaves data alone, so every
command can call it before writing.
"""
from __future__ import annotations

import sqlite_utils

# table -> (columns, pk, foreign keys)
TABLES: dict[str, dict] = {
    "forces": {
        "columns": {
            "id": str,
            "name": str,
            "short_name": str,
            "nation": str,
            "law": str,
            "foi_email": str,
            "homepage": str,
            "wdtk_slug": str,
        },
        "pk": "id",
    },
    "requests": {
        "columns": {
            "slug": str,
            "title": str,
            "body": str,
            "periods": str,
            "since": int,
            "until": int,
            "measures": str,  # JSON: measure key -> header aliases
            "recipients": int,
        },
        "pk": "slug",
    },
    "cases": {
        "columns": {
            "request": str,
            "force": str,
            "law": str,
            "state": str,
            "sent": str,
            "clock_start": str,
            "due": str,
            "overdue": int,
            "working_days_overdue": int,
            "very_overdue": int,
            "responded": str,
            "working_days_to_respond": int,
            "on_time": int,
            "outcome": str,
            "outcome_source": str,  # "logged" or "letter"
            "review_due": str,
            "fee_lapsed": int,
            "ref": str,
            "last_event": str,
            "last_event_date": str,
            "as_of": str,
        },
        "pk": ("request", "force"),
        "foreign_keys": [("request", "requests", "slug"), ("force", "forces", "id")],
    },
    "events": {
        "columns": {
            "request": str,
            "line": int,
            "force": str,
            "date": str,
            "event": str,
            "outcome": str,
            "until": str,
            "ref": str,
            "note": str,
            "extra": str,  # JSON: message ids, evidence sentences, source
            "recorded": str,
        },
        "pk": ("request", "line"),
        "foreign_keys": [("request", "requests", "slug"), ("force", "forces", "id")],
    },
}

INDEXES: list[tuple[str, list[str]]] = [
    ("cases", ["state"]),
    ("events", ["request", "force"]),
]

# name -> SQL; created (or replaced) by ensure_db_shape
VIEWS: dict[str, str] = {}

# table -> columns searchable with full-text search
FTS: dict[str, list[str]] = {}


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    for name, spec in TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(
                spec["columns"],
                pk=spec["pk"],
                foreign_keys=spec.get("foreign_keys"),
                not_null=spec.get("not_null"),
            )
        else:
            missing = {c: t for c, t in spec["columns"].items() if c not in table.columns_dict}
            for column, col_type in missing.items():
                table.add_column(column, col_type)
    for name, columns in INDEXES:
        db[name].create_index(columns, if_not_exists=True)
    for name, columns in FTS.items():
        if db[name].exists() and not db[f"{name}_fts"].exists():
            db[name].enable_fts(columns, create_triggers=True, tokenize="porter")
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def open_db(path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    ensure_db_shape(db)
    return db
