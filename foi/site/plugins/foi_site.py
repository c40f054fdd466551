"""foi's own Datasette plugin: a page per request, readable in ten seconds.

`/request/<slug>` shows the question asked, who answered, the comparison of one measure (each
force's total, its years as a small chart, its rate per 1,000 officers a year with the 95%
interval, and where it falls against the national rate), the funnel plot, how quickly each force
answered, and the method in plain words. Every total and every yearly bar links to the picture
of the table it was read from. `/request/<slug>/comparison.xlsx` downloads the comparison.

It computes nothing: every number is read from the `comparison`, `comparison_periods` and
`funnel_limits` tables that foi.rates writes (for `foi build` and `foi publish` alike); this file
only draws. It needs Datasette and the standard library (openpyxl for the XLSX download), so the
public bundle serves it with `--plugins-dir plugins` without foi being installed.
"""
from __future__ import annotations

import html
import io
import json
import math
from urllib.parse import quote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

ABOVE = ("above 95%", "above 99.8%")
BELOW = ("below 95%", "below 99.8%")
COLOURS = {"above 99.8%": "#b2182b", "above 95%": "#ef8a62", "within": "#4d4d4d", "below 95%": "#67a9cf",
           "below 99.8%": "#2166ac", "unclear (range)": "#8c8c8c"}
OWED = ("awaiting-response", "extended", "awaiting-clarification", "fee-pending")
XLSX_COLUMNS = [
    ("force_name", "Force"), ("answer", "Answer"), ("measure", "Measure"), ("total", "Total"),
    ("total_from", "Total from"), ("total_low", "Total at least"), ("total_high", "Total at most"),
    ("covers", "Covers"), ("count", "Count rated"), ("rate_years", "Rate covers"),
    ("missing_officer_years", "No officer numbers for"), ("officer_years", "Officer-years"),
    ("per_1000_officer_years", "Per 1,000 officers a year"), ("rate_low", "Rate at least"),
    ("rate_high", "Rate at most"), ("ci95_low", "95% CI low"), ("ci95_high", "95% CI high"),
    ("national_rate", "National rate"), ("funnel", "Against the national rate"), ("rate_note", "Note"),
    ("needs_review", "Needs review"), ("crop", "Table picture"),
]


@hookimpl
def register_routes():
    return [
        (r"^/request/?$", requests_view),
        (r"^/request/(?P<slug>[^/]+)/comparison\.xlsx$", xlsx_view),
        (r"^/request/(?P<slug>[^/]+)/?$", request_view),
    ]


def _cached(datasette, response: Response) -> Response:
    """The same Cache-Control as Datasette's own pages (`default_cache_ttl`), so a CDN can cache them."""
    ttl = datasette.setting("default_cache_ttl")
    if ttl:
        response.headers["cache-control"] = f"max-age={ttl}"
    return response


async def _rows(db, sql, params=()):
    return [dict(r) for r in (await db.execute(sql, params)).rows]


def _db(datasette):
    db = datasette.get_database()
    return db


async def _has(db, table: str) -> bool:
    return bool(await _rows(db, "select 1 from sqlite_master where name = ?", [table]))


async def requests_view(datasette, request):
    db = _db(datasette)
    found = await _rows(db, "select slug, title, recipients from requests order by slug")
    items = "".join(
        f'<li><a href="{datasette.urls.path("/request/" + quote(r["slug"]))}">{html.escape(r["title"] or r["slug"])}</a>'
        f' ({r["recipients"] or 0} forces)</li>' for r in found
    )
    body = f"<h1>Requests</h1><ul>{items or '<li>No requests yet.</li>'}</ul>"
    return _cached(datasette, Response.html(await datasette.render_template("foi_requests.html", {"body": body}, request=request)))


async def _load(datasette, slug: str, measure: str | None):
    db = _db(datasette)
    found = await _rows(db, "select * from requests where slug = ?", [slug])
    if not found:
        raise NotFound(f"No request '{slug}'")
    req = found[0]
    if not await _has(db, "comparison"):
        raise NotFound("This database has no comparison yet: run `foi build`")
    rows = await _rows(db, "select * from comparison where request = ? order by force_name, force", [slug])
    try:
        measures = list(json.loads(req["measures"] or "{}"))
    except ValueError:
        measures = []
    measures += sorted({r["measure"] for r in rows if r["measure"] and r["measure"] not in measures})
    if measure not in measures:
        # the measure most forces have a rate for, else the first asked
        counts = {m: sum(1 for r in rows if r["measure"] == m and (r["per_1000_officer_years"] is not None
                                                                    or r["rate_low"] is not None)) for m in measures}
        measure = max(measures, key=lambda m: (counts[m], -measures.index(m))) if measures else None
    chosen = [r for r in rows if r["measure"] == measure]
    return db, req, measures, measure, chosen


async def xlsx_view(datasette, request):
    slug = request.url_vars["slug"]
    measure = request.args.get("measure")
    db = _db(datasette)
    if not await _rows(db, "select 1 from requests where slug = ?", [slug]):
        raise NotFound(f"No request '{slug}'")
    sql = "select * from comparison where request = ?" + (" and measure = ?" if measure else "")
    rows = await _rows(db, sql + " order by measure, force_name", [slug] + ([measure] if measure else []))
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = (measure or "comparison")[:31]
    sheet.append([label for _, label in XLSX_COLUMNS])
    for r in rows:
        sheet.append([r.get(key) for key, _ in XLSX_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    name = f"{slug}-{measure or 'comparison'}.xlsx"
    return _cached(datasette, Response(
        out.getvalue(), status=200,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    ))


# ---------------------------------------------------------------- drawing


def _fmt(x) -> str:
    if x is None:
        return ""
    return f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}"


def _nice_ticks(top: float, count: int = 4) -> list[float]:
    if top <= 0:
        return [0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(top / step) + 1)]


def _tick_text(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 or x == int(x) else f"{x:g}"


def funnel_svg(rows: list[dict], curve: list[dict], measure: str) -> str:
    """The funnel plot: each force's rate against its officer-years, with the national rate and its limits."""
    points = [r for r in rows if r["officer_years"] and (r["per_1000_officer_years"] is not None or r["rate_low"] is not None)]
    if not points or not curve:
        return '<p class="foi-empty">No funnel plot: no force has a rate for this measure yet.</p>'
    width, height, left, right, top, bottom = 540, 380, 56, 16, 16, 44
    x_max = max(c["officer_years"] for c in curve)
    national = curve[0]["national_rate"]
    y_top = max([national * 2.2] + [r["per_1000_officer_years"] or r["rate_high"] or 0 for r in points]) * 1.1
    def x(v):
        return left + (width - left - right) * v / x_max

    def y(v):
        return top + (height - top - bottom) * (1 - min(v, y_top) / y_top)

    parts = [f'<svg id="funnel" class="funnel" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="Funnel plot of {html.escape(measure)} per 1,000 officers a year">',
             f'<defs><clipPath id="plot"><rect x="{left}" y="{top}" width="{width - left - right}" '
             f'height="{height - top - bottom}"/></clipPath></defs>']
    for t in _nice_ticks(y_top):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" class="tick">{_tick_text(t)}</text>')
    for t in _nice_ticks(x_max):
        parts.append(f'<text x="{x(t):.1f}" y="{height - bottom + 16}" text-anchor="middle" class="tick">{_tick_text(t)}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 6}" text-anchor="middle" class="axis">'
                 'officer-years (officers x years counted)</text>')
    parts.append(f'<text transform="translate(14 {(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle" '
                 'class="axis">per 1,000 officers a year</text>')
    parts.append('<g clip-path="url(#plot)">')
    for key, cls in (("limit998", "limit998"), ("limit95", "limit95")):
        for side in ("low", "high"):
            path = " ".join(f"{x(c['officer_years']):.1f},{y(c[f'{key}_{side}']):.1f}" for c in curve)
            parts.append(f'<polyline class="{cls}" points="{path}"/>')
    parts.append(f'<line class="national" x1="{left}" x2="{width - right}" y1="{y(national):.1f}" y2="{y(national):.1f}"/>')
    parts.append("</g>")
    for r in sorted(points, key=lambda r: r["officer_years"]):
        colour = COLOURS.get(r["funnel"] or "within", "#4d4d4d")
        name = html.escape(r["short_name"] or r["force_name"] or r["force"])
        cx = x(r["officer_years"])
        if r["per_1000_officer_years"] is not None:
            cy = y(r["per_1000_officer_years"])
            tip = f"{name}: {_fmt(r['per_1000_officer_years'])} per 1,000 a year ({_fmt(r['ci95_low'])}-{_fmt(r['ci95_high'])}), {r['funnel']}"
            mark = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}"/>'
        else:
            cy = y(r["rate_high"])
            tip = f"{name}: {_fmt(r['rate_low'])} to {_fmt(r['rate_high'])} per 1,000 a year (figures withheld)"
            mark = (f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(r["rate_low"]):.1f}" y2="{cy:.1f}" stroke="{colour}" '
                    f'stroke-width="4" stroke-linecap="round"/>')
        parts.append(f'<a href="#force-{html.escape(r["force"])}" class="force-point" data-force="{html.escape(r["force"])}">'
                     f'<title>{tip}</title>{mark}<text x="{cx + 7:.1f}" y="{cy + 4:.1f}" class="label">{name}</text></a>')
    parts.append(f'<text x="{width - right - 4}" y="{y(national) - 5:.1f}" text-anchor="end" class="national-label">'
                 f'national {_fmt(national)}</text>')
    parts.append("</svg>")
    legend = ('<p class="legend"><span class="key limit95"></span> 95% limits <span class="key limit998"></span> '
              '99.8% limits <span class="key national"></span> national rate. A force outside the 95% limits '
              'would be there by chance 1 time in 20; outside the 99.8% limits, 1 in 500.</p>')
    return "".join(parts) + legend


def sparkline(years: list[str], values: dict[str, dict], top: int) -> str:
    """One small bar per year; each bar links to the picture of its table; a withheld year is a hollow bar."""
    if not values:
        return ""
    bar, gap, height = 6, 1, 22
    width = len(years) * (bar + gap)
    parts = [f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, year in enumerate(years):
        v = values.get(year)
        if v is None:
            continue
        left = i * (bar + gap)
        if v["value"] is None:
            h = max(3, (v["bound"] or 0) / max(top, 1) * (height - 2))
            shape = (f'<rect x="{left + 0.5}" y="{height - h - 0.5:.1f}" width="{bar - 1}" height="{h:.1f}" '
                     f'class="withheld"/>')
            text = f"{year}: withheld" + (f" (at most {v['bound']})" if v["bound"] is not None else "")
        else:
            h = max(1, v["value"] / max(top, 1) * (height - 2))
            shape = f'<rect x="{left}" y="{height - h:.1f}" width="{bar}" height="{h:.1f}" class="bar"/>'
            text = f"{year}: {v['value']}"
        inner = f"<title>{text}</title>{shape}"
        parts.append(f'<a href="{html.escape(v["crop"])}">{inner}</a>' if v.get("crop") else f"<g>{inner}</g>")
    parts.append("</svg>")
    return "".join(parts)


def interval_svg(r: dict, scale: float, national: float | None) -> str:
    """The rate and its 95% interval on one scale for every row, with the national rate marked."""
    if r["ci95_low"] is None or not scale:
        return ""
    width, height = 90, 14

    def x(v):
        return 2 + (width - 4) * min(v, scale) / scale

    parts = [f'<svg class="ci" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    if national is not None:
        parts.append(f'<line x1="{x(national):.1f}" x2="{x(national):.1f}" y1="0" y2="{height}" class="national"/>')
    parts.append(f'<line x1="{x(r["ci95_low"]):.1f}" x2="{x(r["ci95_high"]):.1f}" y1="7" y2="7" class="interval"/>')
    if r["per_1000_officer_years"] is not None:
        parts.append(f'<circle cx="{x(r["per_1000_officer_years"]):.1f}" cy="7" r="3.5" '
                     f'fill="{COLOURS.get(r["funnel"] or "within", "#4d4d4d")}"/>')
    else:
        parts.append(f'<rect x="{x(r["rate_low"]):.1f}" y="4" width="{max(2, x(r["rate_high"]) - x(r["rate_low"])):.1f}" '
                     f'height="6" fill="#8c8c8c"/>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- the page


async def request_view(datasette, request):
    slug = request.url_vars["slug"]
    db, req, measures, measure, chosen = await _load(datasette, slug, request.args.get("measure"))
    curve = await _rows(db, "select * from funnel_limits where request = ? and measure = ? order by point", [slug, measure])
    periods = await _rows(db, "select * from comparison_periods where request = ? and measure = ?", [slug, measure])
    cases = await _rows(
        db,
        "select c.*, f.name as force_name, f.short_name from cases c left join forces f on f.id = c.force "
        "where c.request = ? order by f.name", [slug])

    # who answered
    answered = [c for c in cases if c["responded"] or c["outcome"]]
    outcomes: dict[str, int] = {}
    for c in answered:
        outcomes[c["outcome"] or "answered"] = outcomes.get(c["outcome"] or "answered", 0) + 1
    late = sum(1 for c in answered if c["on_time"] == 0)
    owed = [c for c in cases if c["state"] in OWED]
    overdue = sum(1 for c in owed if c["overdue"])
    words = {"full": "in full", "partial": "in part", "refused": "refused", "not-held": "not held",
             "ncnd": "neither confirmed nor denied", "answered": "answered"}
    summary = {
        "answered": len(answered), "sent": sum(1 for c in cases if c["sent"]), "recipients": len(cases),
        "outcomes": ", ".join(f"{n} {words.get(o, o)}" for o, n in sorted(outcomes.items(), key=lambda kv: -kv[1])),
        "late": late, "owed": len(owed), "overdue": overdue,
    }
    league = sorted(
        cases,
        key=lambda c: (c["working_days_to_respond"] is None, c["working_days_to_respond"] or 0,
                       -(c["working_days_overdue"] or 0), c["force_name"] or c["force"]),
    )

    # the comparison: rated forces by rate, then ranges, then totals without a rate, then the rest
    def order(r):
        if r["per_1000_officer_years"] is not None:
            return (0, -r["per_1000_officer_years"])
        if r["rate_low"] is not None:
            return (1, -r["rate_high"])
        if r["figures"]:
            return (2, -(r["total"] or r["total_high"] or 0))
        return (3, 0)

    chosen.sort(key=lambda r: (order(r), r["force_name"] or r["force"]))
    years = sorted({p["period"] for p in periods})
    top = max([p["value"] or p["bound"] or 0 for p in periods] or [1])
    by_force: dict[str, dict[str, dict]] = {}
    for p in periods:
        by_force.setdefault(p["force"], {})[p["period"]] = p
    national = next((r["national_rate"] for r in chosen if r["national_rate"] is not None), None)
    scale = max([r["ci95_high"] or 0 for r in chosen] + [national or 0]) * 1.05
    table = []
    for r in chosen:
        if r["total"] is not None:
            total = f"{r['total']:,}" + ("*" if r["needs_review"] else "")
        elif r["total_low"] is not None:
            total = f"{r['total_low']:,}-{r['total_high']:,}"
        elif r["figures"]:
            total = "withheld"
        else:
            total = ""
        if r["per_1000_officer_years"] is not None:
            rate, ci = _fmt(r["per_1000_officer_years"]), f"{_fmt(r['ci95_low'])}-{_fmt(r['ci95_high'])}"
        elif r["rate_low"] is not None:
            rate, ci = f"{_fmt(r['rate_low'])}-{_fmt(r['rate_high'])}", f"{_fmt(r['ci95_low'])}-{_fmt(r['ci95_high'])}"
        else:
            rate, ci = "", ""
        table.append({
            **r, "total_text": total, "rate_text": rate, "ci_text": ci,
            "spark": sparkline(years, by_force.get(r["force"], {}), top),
            "interval": interval_svg(r, scale, national),
            "flag": r["funnel"] if r["funnel"] in ABOVE + BELOW else "",
            "flag_class": "above" if r["funnel"] in ABOVE else ("below" if r["funnel"] in BELOW else ""),
        })
    missing = sorted({y for r in chosen for y in (r["missing_officer_years"] or "").split(", ") if y})
    query = urlencode({"request": slug, "measure": measure or "", "_size": "max"})
    context = {
        "req": req, "slug": slug, "measures": measures, "measure": measure, "summary": summary,
        "rows": table, "funnel": funnel_svg(chosen, curve, measure or ""), "national": _fmt(national) if national else None,
        "league": league, "missing": ", ".join(missing), "years": f"{years[0]} to {years[-1]}" if years else "",
        "csv_url": datasette.urls.path(f"/{quote(db.name)}/comparison.csv?{query}"),
        "xlsx_url": datasette.urls.path(f"/request/{quote(slug)}/comparison.xlsx?{urlencode({'measure': measure or ''})}"),
        "table_url": datasette.urls.path(f"/{quote(db.name)}/comparison?{urlencode({'request': slug, 'measure': measure or ''})}"),
        "timeliness_url": datasette.urls.path(f"/{quote(db.name)}/timeliness"),
        "database": db.name,
    }
    return _cached(datasette, Response.html(await datasette.render_template("foi_request.html", context, request=request)))
