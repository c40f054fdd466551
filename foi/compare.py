"""One request's figures side by side, force by force, from foi.db.

Every recipient gets a row, answered or not, so a force that refused or has not answered is
seen as such rather than left out. Rates per 1,000 officers use the officer numbers of the
nearest year available for that force, and say which year that was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import sqlite_utils

from .errors import FoiError


@dataclass
class Cell:
    value: Optional[int] = None
    suppressed: bool = False
    needs_review: bool = False
    derived: bool = False  # a total summed from the periods, not stated by the force
    conflict: bool = False  # two different values given for it

    def text(self) -> str:
        if self.conflict:
            return "?"
        if self.derived and self.value is None:
            return "part suppressed" if self.suppressed else "?"
        if self.suppressed:
            return "suppressed"
        if self.value is None:
            return ""
        return f"{self.value}{'*' if self.needs_review else ''}{'Σ' if self.derived else ''}"


@dataclass
class ForceRow:
    force: str
    name: str
    short_name: str
    state: str
    outcome: Optional[str]
    cells: dict[str, Cell] = field(default_factory=dict)  # column -> cell
    covers: Optional[str] = None  # the periods the total covers, as the force put it
    officers: Optional[float] = None
    officer_year: Optional[int] = None
    rates: dict[str, Optional[float]] = field(default_factory=dict)


@dataclass
class Comparison:
    request: str
    measure: Optional[str]
    columns: list[str]  # periods (one measure) or measures (totals)
    rows: list[ForceRow]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "request": self.request,
            "measure": self.measure,
            "columns": self.columns,
            "notes": self.notes,
            "forces": [
                {
                    "force": r.force,
                    "name": r.name,
                    "state": r.state,
                    "outcome": r.outcome,
                    "total_covers": r.covers,
                    "officers": r.officers,
                    "officer_year": r.officer_year,
                    "values": {
                        c: {
                            "value": cell.value,
                            "suppressed": cell.suppressed,
                            "needs_review": cell.needs_review,
                            "summed_from_periods": cell.derived,
                            "conflict": cell.conflict,
                        }
                        for c, cell in r.cells.items()
                    },
                    "per_1000_officers": r.rates or None,
                }
                for r in self.rows
            ],
        }


def _period_sort_key(period: str):
    return (period == "total", period)


def nearest_strength(db: sqlite_utils.Database, force: str, year: int) -> tuple[Optional[float], Optional[int]]:
    row = next(
        db.query(
            "select officers_fte, year from officer_strength where force = ? and officers_fte is not null "
            "order by abs(year - ?), year desc limit 1",
            [force, year],
        ),
        None,
    )
    return (row["officers_fte"], row["year"]) if row else (None, None)


def _combine(figures: list[dict]) -> Cell:
    values = {(f["value"], bool(f["suppressed"])) for f in figures}
    if len(values) > 1:
        return Cell(conflict=True, needs_review=True)
    value, suppressed = values.pop()
    return Cell(value=value, suppressed=suppressed, needs_review=any(f["needs_review"] for f in figures))


def _total(by_period: dict[str, list[dict]]) -> Optional[Cell]:
    """The stated total, or the sum of the periods when none is suppressed or in conflict."""
    if "total" in by_period:
        return _combine(by_period["total"])
    cells = [_combine(v) for p, v in by_period.items()]
    if not cells:
        return None
    if any(c.conflict or c.suppressed or c.value is None for c in cells):
        return Cell(needs_review=True, derived=True, suppressed=any(c.suppressed for c in cells))
    return Cell(value=sum(c.value for c in cells), needs_review=any(c.needs_review for c in cells), derived=True)


def _covers(by_measure: dict[str, dict[str, list[dict]]]) -> Optional[str]:
    """What a force's totals cover: its stated total's label, or its first and last period."""
    labels = {f["period_label"] for periods in by_measure.values() for f in periods.get("total", []) if f.get("period_label")}
    if len(labels) == 1 and any(ch.isdigit() for ch in next(iter(labels))):
        return labels.pop()  # "Total 2006 to 2016" says what it covers; a bare "Total" does not
    periods = sorted({p for periods in by_measure.values() for p in periods if p != "total"})
    if periods:
        return periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    return None


def compare(
    db: sqlite_utils.Database, slug: str, measure: Optional[str] = None, per_officers: bool = False
) -> Comparison:
    request = db["requests"].get(slug) if db["requests"].exists() and db["requests"].count_where("slug = ?", [slug]) else None
    if request is None:
        raise FoiError(f"no request '{slug}' in the database: run `foi build` first")
    import json

    measures = list(json.loads(request["measures"] or "{}"))
    if measure is not None and measure not in measures:
        raise FoiError(f"'{measure}' is not a measure of '{slug}'; its measures: {', '.join(measures) or 'none'}")
    figures = list(db.query("select * from figures where request = ?", [slug]))
    grouped: dict[str, dict[str, dict[str, list[dict]]]] = {}
    for f in figures:
        grouped.setdefault(f["force"], {}).setdefault(f["measure"], {}).setdefault(f["period"], []).append(f)
    if measure:
        periods = sorted({f["period"] for f in figures if f["measure"] == measure}, key=_period_sort_key)
        if "total" not in periods and periods:
            periods.append("total")
        columns = periods
    else:
        columns = measures
    rate_year = request["until"] or max((int(f["period"][:4]) for f in figures if f["period"][:4].isdigit()), default=None)
    notes: list[str] = []
    rows = []
    cases = db.query(
        "select c.force, f.name, f.short_name, c.state, c.outcome from cases c join forces f on f.id = c.force "
        "where c.request = ? order by f.name",
        [slug],
    )
    for case in cases:
        row = ForceRow(force=case["force"], name=case["name"], short_name=case["short_name"], state=case["state"], outcome=case["outcome"])
        force_figures = grouped.get(case["force"], {})
        row.covers = _covers({measure: force_figures.get(measure, {})} if measure else force_figures)
        if measure:
            by_period = force_figures.get(measure, {})
            for period in columns:
                if period == "total":
                    cell = _total(by_period)
                else:
                    cell = _combine(by_period[period]) if period in by_period else None
                if cell:
                    row.cells[period] = cell
        else:
            for m in measures:
                cell = _total(force_figures.get(m, {}))
                if cell:
                    row.cells[m] = cell
        if per_officers:
            year = rate_year or 9999
            row.officers, row.officer_year = nearest_strength(db, case["force"], year)
            for column, cell in row.cells.items():
                if measure and column != "total":
                    continue
                row.rates[column] = (
                    round(cell.value / row.officers * 1000, 2) if cell.value is not None and row.officers else None
                )
        rows.append(row)
    if per_officers:
        years = sorted({r.officer_year for r in rows if r.officer_year})
        wanted = f"{rate_year}" if rate_year else "the latest year"
        notes.append(
            "Rates per 1,000 officers (full-time equivalent, 31 March) use the nearest year available to "
            f"{wanted}: {', '.join(map(str, years)) or 'none available'}; forces without officer numbers have no rate."
        )
    spans = {r.covers for r in rows if r.cells and r.covers}
    if len(spans) > 1:
        notes.append("Totals cover different periods (see 'covers'): compare them, and their rates, with care.")
    notes.append("* needs review; Σ summed from the periods given (no total stated); ? two different values given.")
    return Comparison(request=slug, measure=measure, columns=columns, rows=rows, notes=notes)
