"""Review decisions, kept in requests/<slug>/corrections.yml and applied after every extraction.

A decision names the figure it is about (force, measure, period) and the cell it was read from
(document, table, row, column, and the cell's text at the time), so that a rebuild never loses
it, and a decision about a cell whose text has since changed is reported instead of applied.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from ..errors import FoiError
from ..workspace import read_yaml_file

ACTIONS = ("confirm", "correct", "suppressed", "reject")
HEADER = (
    "# Review decisions for this request, written by `foi review` and applied by `foi build`\n"
    "# after extraction. action: confirm (the value read is right), correct (use value),\n"
    "# suppressed (the force withheld it), reject (not a figure at all).\n"
)


@dataclass
class Correction:
    force: str
    measure: str
    period: str
    action: str
    document: str
    table: int
    row: int
    col: int
    cell_text: str  # the cell as it was when the decision was made
    value: Optional[int] = None
    date: Optional[str] = None
    note: Optional[str] = None

    @property
    def source_key(self) -> tuple:
        return (self.force, self.measure, self.period, self.document, self.table, self.row, self.col)

    def to_dict(self) -> dict:
        out: dict[str, object] = {
            "force": self.force,
            "measure": self.measure,
            "period": self.period,
            "action": self.action,
        }
        if self.action == "correct":
            out["value"] = self.value
        out["source"] = {"document": self.document, "table": self.table, "row": self.row, "col": self.col, "text": self.cell_text}
        if self.date:
            out["date"] = self.date
        if self.note:
            out["note"] = self.note
        return out


def corrections_path(case_dir: Path) -> Path:
    return case_dir / "corrections.yml"


def load_corrections(path: Path) -> list[Correction]:
    if not path.exists():
        return []
    data = read_yaml_file(path, empty=[])
    if not isinstance(data, list):
        raise FoiError(f"{path}: expected a list of decisions")
    out = []
    for number, item in enumerate(data, 1):
        try:
            source = item["source"]
            action = item["action"]
            if action not in ACTIONS:
                raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
            value = item.get("value")
            if action == "correct" and not isinstance(value, int):
                raise ValueError("a correction needs an integer value")
            out.append(
                Correction(
                    force=str(item["force"]),
                    measure=str(item["measure"]),
                    period=str(item["period"]),
                    action=action,
                    document=str(source["document"]),
                    table=int(source["table"]),
                    row=int(source["row"]),
                    col=int(source["col"]),
                    cell_text=str(source.get("text", "")),
                    value=value,
                    date=str(item["date"]) if item.get("date") else None,
                    note=item.get("note"),
                )
            )
        except (KeyError, TypeError, ValueError) as e:
            problem = str(e) if isinstance(e, ValueError) else f"missing or bad field {e}"
            raise FoiError(f"{path}: decision {number}: {problem}") from None
    return out


def save_correction(path: Path, correction: Correction) -> None:
    """Add a decision, replacing any earlier one about the same cell, under a lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        existing = [c for c in load_corrections(path) if c.source_key != correction.source_key]
        correction.date = correction.date or dt.date.today().isoformat()
        existing.append(correction)
        text = HEADER + yaml.safe_dump([c.to_dict() for c in existing], sort_keys=False, allow_unicode=True)
        tmp = path.with_suffix(".yml.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)  # whole file or nothing
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@dataclass
class StaleCorrection:
    correction: Correction
    reason: str

    def to_json(self) -> dict:
        return {"correction": self.correction.to_dict(), "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict) -> "StaleCorrection":
        c = data["correction"]
        source = c["source"]
        return cls(
            Correction(
                force=c["force"], measure=c["measure"], period=c["period"], action=c["action"],
                document=source["document"], table=source["table"], row=source["row"], col=source["col"],
                cell_text=source.get("text", ""), value=c.get("value"), date=c.get("date"), note=c.get("note"),
            ),
            data["reason"],
        )


def apply_corrections(rows: list[dict], corrections: list[Correction]) -> tuple[list[dict], list[StaleCorrection]]:
    """Apply decisions to tidy figure rows; returns the rows and the decisions that no longer fit."""
    by_key = {
        (r["force"], r["measure"], r["period"], r["document"], r["table_number"], r["row"], r["col"]): r for r in rows
    }
    rejected = set()
    stale = []
    for c in corrections:
        row = by_key.get(c.source_key)
        if row is None:
            stale.append(StaleCorrection(c, "the figure it was about is no longer extracted from that cell"))
            continue
        if (row["raw_text"] or "").strip() != c.cell_text.strip():
            stale.append(StaleCorrection(c, f"the cell now reads {row['raw_text']!r}, not {c.cell_text!r}"))
            row["needs_review"] = 1
            reason = "a review decision was made when this cell read differently"
            row["review_reasons"] = "; ".join(filter(None, [row["review_reasons"], reason]))
            continue
        row["corrected"] = 1
        row["needs_review"] = 0
        if c.action == "correct":
            row["value"], row["suppressed"] = c.value, 0
        elif c.action == "suppressed":
            row["value"], row["suppressed"] = None, 1
        elif c.action == "reject":
            rejected.add(id(row))
    return [r for r in rows if id(r) not in rejected], stale
