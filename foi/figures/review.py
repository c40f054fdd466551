"""What needs review, and recording a reviewer's decision about one figure."""
from __future__ import annotations

import hashlib
from typing import Optional

import sqlite_utils

from ..errors import FoiError
from ..workspace import Workspace
from .corrections import ACTIONS, Correction, corrections_path, save_correction


def review_key(figure_id: str) -> str:
    """A short, stable handle for a figure, to type on the command line."""
    return hashlib.sha1(figure_id.encode("utf-8")).hexdigest()[:8]


def items_to_review(db: sqlite_utils.Database, slug: str, force: Optional[str] = None, include_all: bool = False) -> list[dict]:
    where = ["f.request = ?"]
    params: list = [slug]
    if not include_all:
        where.append("f.needs_review = 1")
    if force:
        where.append("f.force = ?")
        params.append(force)
    rows = db.query(
        "select f.*, d.path as document_path from figures f left join documents d on d.id = f.document "
        f"where {' and '.join(where)} order by f.force, f.measure, f.period",
        params,
    )
    return [dict(r, key=review_key(r["id"])) for r in rows]


def decide(ws: Workspace, db: sqlite_utils.Database, slug: str, key: str, action: str,
           value: Optional[int] = None, note: Optional[str] = None) -> Correction:
    """Record a decision about the figure whose review key (or id) is `key`."""
    if action not in ACTIONS:
        raise FoiError(f"unknown action '{action}'; actions: {', '.join(ACTIONS)}")
    if action == "correct" and value is None:
        raise FoiError("a correction needs the right value")
    matches = [r for r in items_to_review(db, slug, include_all=True) if r["key"] == key or r["id"] == key]
    if not matches:
        raise FoiError(f"no figure '{key}' in '{slug}': `foi review {slug}` lists them")
    figure = matches[0]
    correction = Correction(
        force=figure["force"],
        measure=figure["measure"],
        period=figure["period"],
        action=action,
        document=figure["document"],
        table=figure["table_number"],
        row=figure["row"],
        col=figure["col"],
        cell_text=figure["raw_text"] or "",
        value=value if action == "correct" else None,
        note=note,
    )
    save_correction(corrections_path(ws.case_dir(slug)), correction)
    return correction
