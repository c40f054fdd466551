"""Every number of the comparison, computed once: totals, officer-years, rates, intervals, the funnel.

`write_comparison(db)` fills the `comparison` table (one row per request x force x measure, every
recipient whether it answered or not), `comparison_periods` (the yearly figure picked for each
period) and `funnel_limits` (the control limits drawn on the funnel plot). `foi build` calls it on foi.db, `foi publish` on the public database (from the
published figures only), and `foi compare`, the charts and the request page read the rows it
wrote: no second copy of any rule lives anywhere else.

The method, in plain words (the README and the request page say the same):

- **Total.** The force's own total when it gave one, else the sum of its yearly figures when none
  is withheld. A withheld figure with a stated bound ("<5") makes the total a range (0 to 4 for
  that year); one without a bound ("*", "redacted") leaves no total.
- **Officer-years.** A count over several years is divided by the sum of the force's officers
  (full-time equivalent) over the same years: 8 years of a force of 3,000 officers is 24,000
  officer-years. A calendar year Y uses the count of 31 March Y, a financial year Y-(Y+1) that of
  31 March Y+1 (both dates fall inside the period). Years without officer numbers are never
  filled in: the rate then covers only the years that have them, from the force's yearly
  figures, and says which years were left out; a total given only for the whole period gets no
  rate when any of its years lacks officer numbers.
- **Rate** per 1,000 officers a year = count x 1,000 / officer-years, with an exact (Garwood)
  Poisson 95% interval: lower = chi2(0.025; 2k)/2, upper = chi2(0.975; 2k+2)/2, in counts.
- **National rate**: all forces' counts over all their officer-years, for the forces with an
  exact rate. Each force's **control limits** are the 95% and 99.8% limits of a Poisson count with
  that mean over its officer-years (Spiegelhalter's funnel plot, with his interpolation between
  whole counts, so the limits are smooth); a force beyond them is above or below what chance
  alone would give.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

import sqlite_utils

from .dates import YEAR_PATTERN
from .db import TABLES, inputs_hash, insert_rows, store_inputs, stored_inputs

RATE_PER = 1000  # rates are per 1,000 officer-years
LEVELS = {"95": 0.95, "998": 0.998}  # the funnel's control limits

COMPARISON_COLUMNS = TABLES["comparison"]["columns"]
FUNNEL_COLUMNS = TABLES["funnel_limits"]["columns"]
COMPARISON_PK = TABLES["comparison"]["pk"]
FUNNEL_PK = TABLES["funnel_limits"]["pk"]
PERIOD_COLUMNS = TABLES["comparison_periods"]["columns"]
PERIOD_PK = TABLES["comparison_periods"]["pk"]


# ---------------------------------------------------------------- the arithmetic


# scipy.stats takes seconds to import (most of a build with nothing to parse); its chi-square
# and Poisson functions are these scipy.special calls, made here directly, with the same numbers.


def _chi2_ppf(q: float, df: int) -> float:
    """scipy.stats.chi2.ppf(q, df), for 0 < q < 1."""
    from scipy.special import gammaincinv

    return 2 * gammaincinv(df / 2, q)


def _poisson_cdf(k: float, mean: float) -> float:
    """scipy.stats.poisson.cdf(k, mean), for k >= 0 and mean > 0."""
    from scipy.special import pdtr

    return min(max(pdtr(math.floor(k), mean), 0.0), 1.0)


def _poisson_ppf(q: float, mean: float) -> float:
    """scipy.stats.poisson.ppf(q, mean), for 0 < q < 1 and mean > 0: the smallest count whose cdf is at least q."""
    from scipy.special import pdtr, pdtrik

    count = math.ceil(pdtrik(q, mean))
    below = max(count - 1, 0)
    return float(below if pdtr(below, mean) >= q else count)


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """The exact (Garwood) interval for a Poisson count: chi-square quantiles, in counts."""
    alpha = 1 - level
    low = 0.0 if count == 0 else _chi2_ppf(alpha / 2, 2 * count) / 2
    high = _chi2_ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(low), float(high)


def poisson_limit(mean: float, p: float) -> float:
    """The p-quantile of a Poisson count of this mean, interpolated between whole counts.

    Spiegelhalter (2005), "Funnel plots for comparing institutional performance", appendix A.1.1:
    r is the smallest count with P(X <= r) >= p; the limit is r - a, where
    a = (P(X <= r) - p) / (P(X <= r) - P(X <= r - 1)).
    """
    if mean <= 0:
        return 0.0
    r = _poisson_ppf(p, mean)
    f_r = float(_poisson_cdf(r, mean))
    f_before = float(_poisson_cdf(r - 1, mean)) if r > 0 else 0.0
    a = (f_r - p) / (f_r - f_before) if f_r > f_before else 0.0
    return max(0.0, r - a)


def control_limits(national_rate: float, officer_years: float) -> dict[str, float]:
    """The funnel's 95% and 99.8% limits, as rates per 1,000, at these officer-years."""
    mean = national_rate * officer_years / RATE_PER
    limits = {}
    for name, level in LEVELS.items():
        tail = (1 - level) / 2
        limits[f"limit{name}_low"] = poisson_limit(mean, tail) * RATE_PER / officer_years
        limits[f"limit{name}_high"] = poisson_limit(mean, 1 - tail) * RATE_PER / officer_years
    return limits


def funnel_position(rate_low: float, rate_high: float, limits: dict[str, float]) -> str:
    """Where a rate (or a range of rates) falls against its control limits."""
    def where(rate: float) -> str:
        if rate > limits["limit998_high"]:
            return "above 99.8%"
        if rate > limits["limit95_high"]:
            return "above 95%"
        if rate < limits["limit998_low"]:
            return "below 99.8%"
        if rate < limits["limit95_low"]:
            return "below 95%"
        return "within"

    low, high = where(rate_low), where(rate_high)
    return low if low == high else "unclear (range)"


def officer_year(period: str) -> Optional[int]:
    """The year of the 31 March officer count that falls inside a period: 2013 -> 2013, 2013-14 -> 2014."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}|\d{4}))?", period or "")
    if not m:
        return None
    return int(m.group(1)) + (1 if m.group(2) else 0)


def years_text(years: Iterable[int]) -> str:
    """2006, 2007, 2008, 2010 -> '2006-2008, 2010'."""
    years = sorted(set(years))
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


_BOUND = re.compile(r"(?:<\s*=?|≤|fewer\s+than|less\s+than|under|below)\s*(\d+)", re.I)


def withheld_bound(raw_text: Optional[str]) -> Optional[int]:
    """The most a withheld figure can be, from how it was printed: '<5' -> 4, '<=5' -> 5; else None."""
    m = _BOUND.search(raw_text or "")
    if not m:
        return None
    n = int(m.group(1))
    inclusive = "=" in m.group(0) or "≤" in m.group(0)
    return n if inclusive else max(0, n - 1)


# ---------------------------------------------------------------- one force's measure


@dataclass
class Period:
    period: str
    value: Optional[int]
    suppressed: bool
    bound: Optional[int]  # for a withheld figure, the most it can be
    needs_review: bool
    conflict: bool
    crop: Optional[str]
    label: Optional[str]


def pick(figures: list[dict]) -> Period:
    """One figure per period: a reviewer's decision first, then a sure reading, then a value."""
    ordered = sorted(figures, key=lambda f: (-(f.get("corrected") or 0), f.get("needs_review") or 0,
                                             f["value"] is None, f["id"]))
    chosen = ordered[0]
    values = {f["value"] for f in figures if f["value"] is not None}
    conflict = len(values) > 1 and not chosen.get("corrected")
    suppressed = bool(chosen.get("suppressed")) or chosen["value"] is None
    return Period(
        period=chosen["period"], value=chosen["value"], suppressed=suppressed,
        bound=withheld_bound(chosen.get("raw_text")) if suppressed else None,
        needs_review=any(f.get("needs_review") for f in figures) or conflict, conflict=conflict,
        crop=chosen.get("crop"), label=chosen.get("period_label"),
    )


@dataclass
class Measure:
    """One force's answer for one measure, and everything derived from it."""
    periods: dict[str, Period] = field(default_factory=dict)  # yearly periods, not 'total'
    stated: Optional[Period] = None
    figures: int = 0

    def total(self) -> tuple[Optional[int], Optional[str], Optional[int], Optional[int]]:
        """(total, total_from, total_low, total_high)."""
        if self.stated is not None and self.stated.value is not None:
            return self.stated.value, "stated", None, None
        if not self.periods:
            return None, None, None, None
        low, high = _sum_range(self.periods.values())
        if low is not None and low == high:
            return low, "sum of years", None, None
        return None, None, low, high


def _sum_range(periods: Iterable[Period]) -> tuple[Optional[int], Optional[int]]:
    """The least and most a sum of yearly figures can be; (None, None) if a figure has no bound."""
    low = high = 0
    for p in periods:
        if p.value is not None:  # two readings that differ: the one picked, flagged for review
            low += p.value
            high += p.value
        elif p.suppressed and p.bound is not None:
            high += p.bound
        else:
            return None, None
    return low, high


def stated_years(label: Optional[str]) -> Optional[list[int]]:
    """The years a total's label names: 'Total 2006 to 2016' -> 2006..2016."""
    years = [int(y) for y in re.findall(r"\b(" + YEAR_PATTERN + r")\b", label or "")]
    if len(years) >= 2 and years[0] <= years[-1] <= years[0] + 60:
        return list(range(years[0], years[-1] + 1))
    return None


# ---------------------------------------------------------------- the tables


def _answer(case: dict) -> str:
    """answered / refused / late / outstanding ..., as a reader would put it."""
    state, outcome = case["state"], case["outcome"]
    if state == "responded" or outcome:
        if outcome in ("refused", "ncnd"):
            text = "refused" if outcome == "refused" else "neither confirmed nor denied"
        elif outcome == "not-held":
            text = "not held"
        elif outcome == "partial":
            text = "answered in part"
        else:
            text = "answered"
        return text + (" (late)" if case.get("on_time") == 0 else "")
    if state in ("awaiting-response", "extended", "awaiting-clarification", "fee-pending"):
        return "overdue" if case.get("overdue") else "outstanding"
    return {"not-sent": "not sent", "internal-review": "internal review", "withdrawn": "withdrawn",
            "complaint": "complaint"}.get(state, state or "")


def _figures(db: sqlite_utils.Database) -> list[dict]:
    """Every whole-force figure (breakdown null), with the picture of its table."""
    columns = db["figures"].columns_dict
    where = "where f.breakdown is null" if "breakdown" in columns else ""
    label = "f.period_label" if "period_label" in columns else "null as period_label"
    crop = "s.crop" if "figures_with_source" in db.view_names() else "null"
    join = "left join figures_with_source s on s.id = f.id" if crop != "null" else ""
    return list(db.query(
        f"select f.id, f.request, f.force, f.measure, f.period, {label}, f.value, f.suppressed, f.needs_review, "
        f"f.corrected, f.raw_text, {crop} as crop from figures f {join} {where}"
    ))


def comparison_inputs(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Every row the comparison is computed from."""
    return {
        "requests": list(db.query("select * from requests")),
        "strength": list(db.query("select force, year, officers_fte from officer_strength where officers_fte > 0")),
        "figures": _figures(db),
        "cases": list(db.query(
            "select c.*, fo.name as force_name, fo.short_name from cases c left join forces fo on fo.id = c.force "
            "order by c.request, fo.name, c.force"
        )),
    }


def comparison_rows(db: sqlite_utils.Database, inputs: Optional[dict[str, list[dict]]] = None
                    ) -> tuple[list[dict], list[dict], list[dict]]:
    """The rows of `comparison`, `funnel_limits` and `comparison_periods`, from the database's own tables
    (read by comparison_inputs, unless given)."""
    inputs = comparison_inputs(db) if inputs is None else inputs
    requests = {r["slug"]: r for r in inputs["requests"]}
    strength: dict[tuple[str, int], float] = {(r["force"], r["year"]): r["officers_fte"] for r in inputs["strength"]}
    grouped: dict[tuple[str, str, str], Measure] = {}
    raw: dict[tuple[str, str, str, str], list[dict]] = {}
    for f in inputs["figures"]:
        if f["measure"] is None:
            continue
        raw.setdefault((f["request"], f["force"], f["measure"], f["period"]), []).append(f)
    for (slug, force, measure, period), figs in raw.items():
        m = grouped.setdefault((slug, force, measure), Measure())
        m.figures += len(figs)
        chosen = pick(figs)
        if period == "total":
            m.stated = chosen
        else:
            m.periods[period] = chosen

    rows: list[dict] = []
    for case in inputs["cases"]:
        request = requests.get(case["request"])
        if request is None:
            continue
        try:
            measures = list(json.loads(request["measures"] or "{}"))
        except ValueError:
            measures = []
        measures += sorted({k[2] for k in grouped if k[0] == case["request"] and k[2] not in measures})
        for measure in measures:
            m = grouped.get((case["request"], case["force"], measure), Measure())
            rows.append(_row(case, request, measure, m, strength))
    funnel = _add_national(rows)
    periods = [
        {"request": request, "force": force, "measure": measure, "period": p.period, "value": p.value,
         "suppressed": int(p.suppressed), "bound": p.bound, "needs_review": int(p.needs_review), "crop": p.crop}
        for (request, force, measure), m in grouped.items() for p in m.periods.values()
    ]
    return rows, funnel, periods


def _row(case: dict, request: dict, measure: str, m: Measure, strength: dict) -> dict:
    total, total_from, low, high = m.total()
    periods = sorted(m.periods)
    row: dict = {c: None for c in COMPARISON_COLUMNS}  # any value: the columns hold text and numbers
    row.update(
        request=case["request"], force=case["force"], force_name=case["force_name"], short_name=case["short_name"],
        state=case["state"], outcome=case["outcome"], answer=_answer(case), measure=measure,
        total=total, total_from=total_from, total_low=low, total_high=high, years=len(periods),
        first_period=periods[0] if periods else None, last_period=periods[-1] if periods else None,
        needs_review=int(any(p.needs_review for p in m.periods.values()) or bool(m.stated and m.stated.needs_review)),
        suppressed=int(any(p.suppressed for p in m.periods.values()) or bool(m.stated and m.stated.suppressed)),
        figures=m.figures,
    )
    row["crop"] = (m.stated.crop if m.stated and m.stated.crop else
                   next((m.periods[p].crop for p in periods if m.periods[p].crop), None))
    if m.figures == 0:
        return row

    # The years the total covers: the yearly figures' own, when they account for the total (no total
    # stated, or one within what the years add up to); else the years the total's label names, else
    # the years the request asked for (to the year it was sent).
    stated = m.stated.value if m.stated and m.stated.value is not None else None
    years_low, years_high = _sum_range(m.periods.values()) if m.periods else (None, None)
    from_periods = bool(m.periods) and (
        stated is None or (years_low is not None and years_high is not None and years_low <= stated <= years_high))
    if from_periods:
        covered = {p: officer_year(p) for p in periods}
        row["covers"] = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    else:
        named = stated_years(m.stated.label if m.stated else None)
        if named is None and request.get("since"):
            last = request.get("until") or (int(case["sent"][:4]) if case.get("sent") else None)
            named = list(range(request["since"], last + 1)) if last and last >= request["since"] else None
        covered = {str(y): y for y in named or []}
        row["covers"] = f"{named[0]} to {named[-1]}" if named else None
    known = {p: y for p, y in covered.items() if y is not None}
    if not known or len(known) < len(covered):
        row["rate_note"] = "no rate: the years this total covers are not known"
        return row
    missing = sorted({y for y in known.values() if (case["force"], y) not in strength})
    row["missing_officer_years"] = years_text(missing) or None
    rated = {p: y for p, y in known.items() if (case["force"], y) in strength}
    if not rated:
        row["rate_note"] = "no rate: no officer numbers for " + years_text(missing)
        return row
    note = None
    if not missing:
        low, high = (stated, stated) if stated is not None else (years_low, years_high)
    else:
        # only the years with officer numbers can be rated, so only a count given year by year
        by_year = {officer_year(p): fig for p, fig in m.periods.items()}
        if not all(y in by_year for y in rated.values()):
            row["rate_note"] = (f"no rate: the total covers {row['covers']}, there are no officer numbers for "
                                f"{years_text(missing)}, and the force did not give every other year on its own")
            return row
        low, high = _sum_range(by_year[y] for y in rated.values())
        note = f"the rate covers {years_text(rated.values())} only: no officer numbers for {years_text(missing)}"
    count = low if low is not None and low == high else None
    officer_years = sum(strength[(case["force"], y)] for y in rated.values())
    row["officer_years"] = round(officer_years, 2)
    row["rate_years"] = years_text(rated.values())
    if count is not None:
        ci = poisson_interval(count)
        row.update(
            count=count, per_1000_officer_years=count * RATE_PER / officer_years,
            ci95_low=ci[0] * RATE_PER / officer_years, ci95_high=ci[1] * RATE_PER / officer_years,
        )
    elif low is not None and high is not None:  # _sum_range gives both or neither
        row.update(
            rate_low=low * RATE_PER / officer_years, rate_high=high * RATE_PER / officer_years,
            ci95_low=poisson_interval(low)[0] * RATE_PER / officer_years,
            ci95_high=poisson_interval(high)[1] * RATE_PER / officer_years,
        )
        note = ((note + "; ") if note else "") + f"a range: {low} to {high}, as figures were withheld"
    else:
        note = ((note + "; ") if note else "") + "no rate: a figure was withheld without saying how small it is"
    row["rate_note"] = note
    return row


def _add_national(rows: list[dict]) -> list[dict]:
    """The national rate of each request's measure, each force's control limits, and the funnel's curves."""
    funnel: list[dict] = []
    by_measure: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        by_measure.setdefault((row["request"], row["measure"]), []).append(row)
    for (request, measure), group in by_measure.items():
        exact = [r for r in group if r["count"] is not None and r["officer_years"]]
        officer_years = sum(r["officer_years"] for r in exact)
        if not exact or officer_years <= 0:
            continue
        national = sum(r["count"] for r in exact) * RATE_PER / officer_years
        for r in group:
            if not r["officer_years"] or (r["count"] is None and r["rate_low"] is None):
                continue
            limits = control_limits(national, r["officer_years"])
            r.update(limits, national_rate=national, expected=national * r["officer_years"] / RATE_PER)
            if r["count"] is not None:
                r["funnel"] = funnel_position(r["per_1000_officer_years"], r["per_1000_officer_years"], limits)
            else:
                r["funnel"] = funnel_position(r["rate_low"], r["rate_high"], limits)
        spans = [r["officer_years"] for r in group if r["officer_years"]]
        lo, hi = min(spans) / 2, max(spans) * 1.5
        points = 60
        for i in range(points + 1):
            oy = lo * (hi / lo) ** (i / points)
            funnel.append({"request": request, "measure": measure, "point": i, "officer_years": round(oy, 2),
                           "national_rate": national, **control_limits(national, oy)})
    for r in rows:
        for key in ("per_1000_officer_years", "rate_low", "rate_high", "ci95_low", "ci95_high", "national_rate",
                    "expected", "limit95_low", "limit95_high", "limit998_low", "limit998_high"):
            if r[key] is not None:
                r[key] = round(r[key], 4)
    for f in funnel:
        for key in ("national_rate", "limit95_low", "limit95_high", "limit998_low", "limit998_high"):
            f[key] = round(f[key], 4)
    return funnel


# Bump when the comparison's arithmetic changes, so that a build computes it again.
COMPARISON_VERSION = 1
COMPARISON_INPUTS = "comparison"  # its row in `derived_inputs`


def write_comparison(db: sqlite_utils.Database, skip_unchanged: bool = False) -> dict[str, int]:
    """Rewrite `comparison`, `comparison_periods` and `funnel_limits` from the database's own rows,
    all or nothing; the rows written to each. With `skip_unchanged` (the build), nothing is done
    when the rows it is computed from are those it was last computed from (recorded in
    `derived_inputs`), and {} is returned."""
    inputs = comparison_inputs(db)
    key = None
    if skip_unchanged:
        key = inputs_hash(COMPARISON_VERSION, inputs)
        if stored_inputs(db, COMPARISON_INPUTS) == key and all(db[name].exists() for name in ("comparison", "funnel_limits", "comparison_periods")):
            return {}
    rows, funnel, periods = comparison_rows(db, inputs)
    with db.atomic():
        for name, columns, pk, data in (("comparison", COMPARISON_COLUMNS, COMPARISON_PK, rows),
                                        ("funnel_limits", FUNNEL_COLUMNS, FUNNEL_PK, funnel),
                                        ("comparison_periods", PERIOD_COLUMNS, PERIOD_PK, periods)):
            if name in db.view_names():
                db.execute(f"drop view {name}")
            if not db[name].exists():
                db.table(name).create(columns, pk=pk)
            db.table(name).delete_where()
            insert_rows(db, name, data)  # by the declared columns, in one executemany
        if key is not None:
            store_inputs(db, COMPARISON_INPUTS, key)
    return {"comparison": len(rows), "comparison_periods": len(periods), "funnel_limits": len(funnel)}

