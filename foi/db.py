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

TABLES.update(
    {
        "documents": {
            "columns": {
                "id": str,  # path under responses/: <request>/<force>/<file>
                "request": str,
                "force": str,
                "path": str,  # path in the workspace
                "filename": str,
                "sha256": str,
                "kind": str,  # pdf, xlsx, csv, docx, txt, eml
                "size": int,
                "mtime_ns": int,
                "pages": int,
                "tables": int,
                "producer": str,
                "needs_ocr": int,
                "pages_needing_ocr": str,  # JSON list of page numbers
                "parse_seconds": float,
                "parser_version": int,
                "error": str,
                "letter_ref": str,  # what the letter says: its reference, date, outcome and law
                "letter_date": str,
                "letter_outcome": str,
                "letter_outcome_evidence": str,
                "letter_law": str,
            },
            "pk": "id",
            "foreign_keys": [("request", "requests", "slug"), ("force", "forces", "id")],
        },
        "pages": {
            "columns": {"document": str, "page": int, "text": str, "chars": int, "needs_ocr": int},
            "pk": ("document", "page"),
            "foreign_keys": [("document", "documents", "id")],
        },
        "tables": {
            "columns": {
                "document": str,
                "table_number": int,
                "page": int,
                "rows": int,
                "columns": int,
                "x0": float,
                "top": float,
                "x1": float,
                "bottom": float,
                "method": str,
                "sheet": str,
            },
            "pk": ("document", "table_number"),
            "foreign_keys": [("document", "documents", "id")],
        },
        "cells": {
            "columns": {
                "document": str,
                "table_number": int,
                "row": int,
                "col": int,
                "text": str,
                "page": int,
                "x0": float,
                "top": float,
                "x1": float,
                "bottom": float,
            },
            "pk": ("document", "table_number", "row", "col"),
            "foreign_keys": [("document", "documents", "id")],
        },
        "figures": {
            "columns": {
                "id": str,  # request/force/measure/period@document#table:row:col
                "request": str,
                "force": str,
                "measure": str,  # a measure key of the request file
                "period": str,  # "2013", "2013-14" or "total"
                "value": int,  # null when withheld or suppressed
                "suppressed": int,
                "needs_review": int,
                "review_reasons": str,  # plain words, "; "-separated
                "document": str,
                "page": int,
                "table_number": int,
                "row": int,
                "col": int,
                "raw_text": str,  # the cell as printed
                "header": str,  # the header text that named the measure
                "x0": float,
                "top": float,
                "x1": float,
                "bottom": float,
                "corrected": int,  # 1 when a reviewer's correction or confirmation applies
            },
            "pk": "id",
            "foreign_keys": [
                ("request", "requests", "slug"),
                ("force", "forces", "id"),
                ("document", "documents", "id"),
            ],
        },
        "officer_strength": {
            "columns": {"force": str, "year": int, "as_at": str, "officers_fte": float, "officers_headcount": int, "source": str},
            "pk": ("force", "year"),
        },
        "letter_sections": {
            "columns": {"document": str, "number": int, "section": str, "sentence": str},
            "pk": ("document", "number"),
            "foreign_keys": [("document", "documents", "id")],
        },
    }
)

INDEXES: list[tuple[str, list[str]]] = [
    ("cases", ["state"]),
    ("events", ["request", "force"]),
    ("documents", ["request", "force"]),
    ("documents", ["sha256"]),
    ("figures", ["request", "measure", "period"]),
    ("figures", ["force"]),
]

# name -> SQL; created (or replaced) by ensure_db_shape
VIEWS: dict[str, str] = {}

# table -> columns searchable with full-text search
FTS: dict[str, list[str]] = {"pages": ["text"]}


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
