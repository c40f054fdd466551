"""One request's figures side by side, force by force, from foi.db.

Every recipient gets a row, answered or not, so a force that refused or has not answered is
seen as such rather than left out. Every total and rate is read from the `comparison` table,
which foi.rates computes once for the build, the charts, the request page and the bundle alike:
rates are per 1,000 officer-years, with their 95% interval and where the force falls on the funnel.
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
    answer: str = ""  # answered / refused / overdue ..., from the comparison table
    rates: dict[str, Optional[float]] = field(default_factory=dict)  # column -> per 1,000 officer-years
    rate_rows: dict[str, dict] = field(default_factory=dict)  # measure -> its comparison row

    def rate_text(self, measure: Optional[str]) -> str:
        """'12.5 (8.9-17.0)', a range '2.1-2.3', or '' (always for no measure)."""
        return rate_text(self.rate_rows.get(measure) if measure is not None else None)


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
                    "answer": r.answer,
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
                    "rates": {m: {k: row[k] for k in RATE_FIELDS} for m, row in r.rate_rows.items()},
                }
                for r in self.rows
            ],
        }


def _period_sort_key(period: str):
    return (period == "total", period)


# what `foi compare --json` gives of each comparison row: the same names as the table
RATE_FIELDS = (
    "total", "total_from", "total_low", "total_high", "count", "officer_years", "rate_years", "missing_officer_years",
    "per_1000_officer_years", "rate_low", "rate_high", "ci95_low", "ci95_high", "national_rate", "expected",
    "limit95_low", "limit95_high", "limit998_low", "limit998_high", "funnel", "rate_note",
)


def _num(x: float) -> str:
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def rate_text(row: Optional[dict]) -> str:
    """A comparison row's rate as a reader reads it: '12.5 (8.9-17.0)', or a range '2.10-2.30'."""
    if not row:
        return ""
    if row.get("per_1000_officer_years") is not None:
        return f"{_num(row['per_1000_officer_years'])} ({_num(row['ci95_low'])}-{_num(row['ci95_high'])})"
    if row.get("rate_low") is not None:
        return f"{_num(row['rate_low'])}-{_num(row['rate_high'])} (range)"
    return ""


def _combine(figures: list[dict]) -> Cell:
    values = {(f["value"], bool(f["suppressed"])) for f in figures}
    if len(values) > 1:
        return Cell(conflict=True, needs_review=True)
    value, suppressed = values.pop()
    return Cell(value=value, suppressed=suppressed, needs_review=any(f["needs_review"] for f in figures))


def _total_cell(row: dict) -> Cell:
    """The comparison row's total as a cell: stated, summed (Σ), a range, or withheld."""
    derived = row["total_from"] == "sum of years"
    if row["total"] is not None:
        return Cell(value=row["total"], needs_review=bool(row["needs_review"]), derived=derived)
    return Cell(suppressed=bool(row["suppressed"]), needs_review=True, derived=bool(row["years"]))


def compare(db: sqlite_utils.Database, slug: str, measure: Optional[str] = None, per_officers: bool = False) -> Comparison:
    """One request's comparison, from the `comparison` table (and, by period, from `figures`).

    `per_officers` is kept for callers of the old signature: rates are always there.
    """
    request = db.table("requests").get(slug) if db["requests"].exists() and db["requests"].count_where("slug = ?", [slug]) else None
    if request is None:
        raise FoiError(f"no request '{slug}' in the database: run `foi build` first")
    import json

    measures = list(json.loads(request["measures"] or "{}"))
    if measure is not None and measure not in measures:
        raise FoiError(f"'{measure}' is not a measure of '{slug}'; its measures: {', '.join(measures) or 'none'}")
    if not db["comparison"].exists() or "per_1000_officer_years" not in db["comparison"].columns_dict:
        raise FoiError(f"{db.conn.execute('pragma database_list').fetchone()[2]} was built by an older foi: run `foi build`")
    table = list(db.query("select * from comparison where request = ? order by force_name, force, measure", [slug]))
    if not table and measures and db["cases"].count_where("request = ?", [slug]):
        raise FoiError(f"no comparison of '{slug}' in the database yet: run `foi build`")
    by_force: dict[str, dict[str, dict]] = {}
    for comparison_row in table:
        by_force.setdefault(comparison_row["force"], {})[comparison_row["measure"]] = comparison_row
    columns: list[str] = measures
    by_period: dict[str, dict[str, list[dict]]] = {}
    if measure:
        where = " and breakdown is null" if "breakdown" in db["figures"].columns_dict else ""
        figures = list(db.query(f"select * from figures where request = ? and measure = ?{where}", [slug, measure]))
        for f in figures:
            by_period.setdefault(f["force"], {}).setdefault(f["period"], []).append(f)
        columns = sorted({f["period"] for f in figures if f["period"] != "total"}, key=_period_sort_key) + ["total"]
    rows = []
    names = {r["id"]: r for r in db.query("select id, name, short_name from forces")}
    for force, rate_rows in by_force.items():
        first = next(iter(rate_rows.values()))
        name = names.get(force, {})
        row = ForceRow(force=force, name=name.get("name") or force, short_name=name.get("short_name") or force,
                       state=first["state"], outcome=first["outcome"], answer=first["answer"] or "")
        row.rate_rows = {m: rate_rows[m] for m in measures if m in rate_rows}
        if measure:
            mine = rate_rows.get(measure)
            row.covers = mine["covers"] if mine else None
            for period in columns:
                if period == "total":
                    if mine and mine["figures"]:
                        row.cells["total"] = _total_cell(mine)
                elif period in by_period.get(force, {}):
                    row.cells[period] = _combine(by_period[force][period])
            row.rates = {"total": mine["per_1000_officer_years"]} if mine else {}
        else:
            covers = {r["covers"] for r in rate_rows.values() if r["figures"] and r["covers"]}
            row.covers = covers.pop() if len(covers) == 1 else (", ".join(sorted(covers)) or None)
            for m, r in row.rate_rows.items():
                if r["figures"]:
                    row.cells[m] = _total_cell(r)
            row.rates = {m: r["per_1000_officer_years"] for m, r in row.rate_rows.items()}
        rows.append(row)
    rows.sort(key=lambda r: (r.name, r.force))
    notes: list[str] = []
    missing = sorted({y for r in table for y in (r["missing_officer_years"] or "").split(", ") if y
                      and (measure is None or r["measure"] == measure)})
    notes.append(
        "Rates are per 1,000 officers a year: the count x 1,000 / officer-years (the force's officers, FTE at "
        "31 March, summed over the years counted), with the exact Poisson 95% interval in brackets. "
        + (f"No officer numbers for {', '.join(missing)}: those years are left out of the rates. " if missing else "")
        + "'vs national': beyond the funnel plot's 95% or 99.8% limits around the national rate."
    )
    spans = {r.covers for r in rows if r.cells and r.covers}
    if len(spans) > 1:
        notes.append("Totals cover different periods (see 'covers'): compare them, and their rates, with care.")
    notes.append("* needs review; Σ summed from the periods given (no total stated); ? two different values given.")
    return Comparison(request=slug, measure=measure, columns=columns, rows=rows, notes=notes)
