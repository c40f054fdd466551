"""One request's figures by category of a breakdown, force by force (`foi compare --breakdown`).

Rows are canonical categories (from the `categories` table the build writes: confirmed in
requests/<slug>/categories.yml, else suggested), or the printed label where nothing maps
it; columns are forces. A force's value for a category is the sum of its labels that map to
it, summed over the periods (or for one period). A force that gave only a two-way table
(crime type by outcome) without its totals has its figures summed over the other breakdown.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

import sqlite_utils

from .errors import FoiError
from .figures.categories import CategoryRow, granularity, top_category

FORCE_TOTAL = "(force total)"  # the row of the whole-force figures, to hold the categories against
ALL = " (all)"  # the row of a Home Office class with every sub class of it, where forces differ in detail


@dataclass
class Cell:
    value: Optional[int] = 0
    needs_review: bool = False
    withheld: bool = False  # a suppressed or withheld part: the value is what is known, at least
    derived: bool = False  # counted by foi from a listing of records
    summed: bool = False  # summed by foi from a two-way table
    labels: list[str] = field(default_factory=list)
    figures: int = 0

    def text(self) -> str:
        if self.value is None:
            return "withheld"
        return f"{self.value:,}" + ("+" if self.withheld else "") + ("*" if self.needs_review else "")

    def to_json(self) -> dict:
        return {"value": self.value, "text": self.text(), "needs_review": self.needs_review,
                "withheld": self.withheld, "derived": self.derived, "summed_from_two_way": self.summed,
                "labels": self.labels, "figures": self.figures}


@dataclass
class BreakdownComparison:
    request: str
    breakdown: str
    measure: str
    period: Optional[str]
    forces: list[str]
    rows: list[tuple[str, dict[str, Cell]]]  # canonical category -> force -> cell
    notes: list[str] = field(default_factory=list)
    granularity: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "request": self.request, "breakdown": self.breakdown, "measure": self.measure,
            "period": self.period or "all periods", "forces": self.forces,
            "rows": [{"category": c, "forces": {f: cell.to_json() for f, cell in cells.items()}} for c, cells in self.rows],
            "granularity": self.granularity, "notes": self.notes,
        }


def _pick(figures: list[dict]) -> list[dict]:
    """One figure per (force, label, period): a corrected one, else a sure one, as the comparison view picks."""
    best: dict[tuple, dict] = {}
    for f in sorted(figures, key=lambda f: (-(f["corrected"] or 0), f["needs_review"] or 0, f["value"] is None, f["id"])):
        best.setdefault((f["force"], f["category"], f["period"]), f)
    return list(best.values())


def _category_rows(db: sqlite_utils.Database, slug: str, breakdown: str) -> list[CategoryRow]:
    if not db["categories"].exists():
        return []
    return [CategoryRow(r["request"], r["breakdown"], r["label"], r["canonical"], bool(r["confirmed"]), r["score"],
                        r["level"], r["parent"], [f for f in (r["forces"] or "").split(", ") if f])
            for r in db.query("select * from categories where request = ? and breakdown = ?", [slug, breakdown])]


def compare_breakdown(db: sqlite_utils.Database, request, breakdown: str, measure: Optional[str] = None,
                      period: Optional[str] = None) -> BreakdownComparison:
    slug = request.slug
    if breakdown not in (request.breakdowns or {}):
        known = ", ".join(request.breakdowns or {}) or "none"
        raise FoiError(f"'{breakdown}' is not a breakdown of {slug} (its breakdowns: {known})")
    if measure is not None and measure not in (request.measures or {}):
        raise FoiError(f"'{measure}' is not a measure of {slug} (its measures: {', '.join(request.measures or {})})")
    figures = [dict(r) for r in db.query(
        "select * from figures where request = ? and (breakdown = ? or breakdown like ? or breakdown like ? "
        "or breakdown is null)", [slug, breakdown, f"{breakdown}+%", f"%+{breakdown}"])]
    notes: list[str] = []
    if measure is None:
        # the request's first measure that has figures by this breakdown
        have = {f["measure"] for f in figures if f["breakdown"]}
        measure = next((m for m in request.measures if m in have), next(iter(request.measures), None))
        if measure is None:
            raise FoiError(f"{slug} has no measures")
        if len(request.measures) > 1:
            notes.append(f"Measure: {measure} (choose another with --measure).")
    figures = [f for f in figures if f["measure"] == measure]
    if period is not None:
        figures = [f for f in figures if f["period"] == period]

    # one way: the breakdown alone; two way: summed over the other breakdown when a force has no one-way figures
    one_way = [f for f in figures if f["breakdown"] == breakdown]
    forces_one_way = {f["force"] for f in one_way}
    two_way = []
    for f in figures:
        keys = (f["breakdown"] or "").split("+")
        if len(keys) == 2 and breakdown in keys and f["force"] not in forces_one_way:
            label = f["category"].split(" | ")[keys.index(breakdown)] if " | " in (f["category"] or "") else None
            if label:
                two_way.append({**f, "category": label, "_summed": True,
                                "_other": f["category"].split(" | ")[1 - keys.index(breakdown)]})
    whole = [f for f in figures if f["breakdown"] is None]

    categories = _category_rows(db, slug, breakdown)
    canonical = {r.label: r.canonical or r.label for r in categories}
    cells: dict[str, dict[str, Cell]] = defaultdict(dict)

    def add(row: str, group: list[dict]) -> None:
        by_force: dict[str, list[dict]] = defaultdict(list)
        for f in group:
            by_force[f["force"]].append(f)
        for force, fs in by_force.items():
            yearly = [f for f in fs if f["period"] != "total"]
            use = yearly if (period or yearly) else fs  # sum the years; a force's stated total only when it gave no years
            cell = cells[row].setdefault(force, Cell())
            for f in use:
                if f["value"] is None:
                    cell.withheld = True
                else:
                    cell.value = (cell.value or 0) + f["value"]
                cell.needs_review |= bool(f["needs_review"])
                cell.derived |= bool(f["derived"])
                cell.summed |= bool(f.get("_summed"))
                cell.figures += 1
                if f["category"] and f["category"] not in cell.labels:
                    cell.labels.append(f["category"])
            if cell.withheld and not cell.value:
                cell.value = None

    picked = _pick(one_way)
    by_label: dict[str, list[dict]] = defaultdict(list)
    for f in [*picked, *_two_way_sums(two_way)]:
        category: str = f["category"]
        by_label[canonical.get(category, category)].append(f)
    for row in sorted(by_label, key=str.lower):
        add(row, by_label[row])
    grain = granularity(categories)
    # where forces used different levels of the Home Office list, a row for the whole class lines them up
    levels = {r.canonical: r.level for r in categories if r.canonical}
    for cls in sorted({g["category"] for g in grain if levels.get(g["category"]) or
                       any(levels.get(c) for c in by_label if top_category(c) == g["category"])}):
        parts = [f for c, fs in by_label.items() if top_category(c) == cls for f in fs]
        if parts:
            add(cls + ALL, parts)
    add(FORCE_TOTAL, [{**f, "category": None} for f in _pick(whole)])
    forces = sorted({f for row in cells.values() for f in row})
    rows = [(r, cells[r]) for r in sorted(cells, key=lambda r: (r == FORCE_TOTAL, r.lower()))]
    if two_way:
        notes.append("Forces that gave only a two-way table have it summed over the other breakdown: "
                     + ", ".join(sorted({f["force"] for f in two_way})) + ".")
    counted = sorted({f["force"] for f in one_way + two_way if f["derived"]})
    if counted:
        notes.append(f"Counted by foi from a listing of records: {', '.join(counted)}.")
    mapped = {r.label for r in categories if r.canonical}
    unmapped = sorted({f["category"] for f in picked + two_way if f["category"] not in mapped})
    if unmapped:
        notes.append(f"Shown as printed (no canonical category): {', '.join(unmapped)}.")
    for kind in ("coarser", "finer"):
        per_force: dict[str, list[str]] = defaultdict(list)
        for g in grain:
            if g["granularity"] == kind and g["category"] not in per_force[g["force"]]:
                per_force[g["force"]].append(g["category"])
        if per_force:
            notes.append(f"{kind.capitalize()} categories than other forces: "
                         + "; ".join(f"{f} ({', '.join(c)})" for f, c in sorted(per_force.items()))
                         + (f". The rows '... {ALL.strip()}' add up each class to compare them." if kind == "finer" else "."))
    notes.append("* needs review; + at least (part withheld).")
    return BreakdownComparison(slug, breakdown, measure, period, forces, rows, notes, grain)


def _two_way_sums(figures: list[dict]) -> list[dict]:
    """Two-way figures of one force, label and period summed over the other breakdown (each cell picked once)."""
    picked: dict[tuple, dict] = {}
    for f in sorted(figures, key=lambda f: (-(f["corrected"] or 0), f["needs_review"] or 0, f["id"])):
        picked.setdefault((f["force"], f["category"], f["_other"], f["period"]), f)
    out: dict[tuple, dict] = {}
    for f in picked.values():
        key = (f["force"], f["category"], f["period"])
        if key not in out:
            out[key] = {**f}
            continue
        acc = out[key]
        acc["value"] = None if acc["value"] is None or f["value"] is None else acc["value"] + f["value"]
        acc["needs_review"] = max(acc["needs_review"] or 0, f["needs_review"] or 0)
    return list(out.values())
