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
                "warnings": str,  # parts of a readable document that were skipped (a page's tables), and why
                "letter_ref": str,  # what the letter says: its reference, date, outcome and law
                "letter_date": str,
                "letter_outcome": str,
                "letter_outcome_evidence": str,
                "letter_law": str,
                # OCR of scanned pages (foi.documents.ocr): null when none was done
                "ocr_engine": str,  # "ocrmypdf"
                "ocr_version": str,  # "14.0.1 (tesseract 5.3.0)"
                "ocr_confidence": float,  # mean Tesseract word confidence, 0-100
                "ocr_pages": str,  # JSON list of the pages OCR'd
                "ocr_path": str,  # the OCR'd copy read instead of the original: responses/<slug>/<force>/.ocr/...
                "ocr_error": str,  # why OCR failed (the document then still needs_ocr)
            },
            "pk": "id",
            "foreign_keys": [("request", "requests", "slug"), ("force", "forces", "id")],
        },
        "pages": {
            "columns": {
                "document": str,
                "page": int,
                "text": str,
                "chars": int,
                "needs_ocr": int,
                "ocr": int,  # 1 when the text was read by OCR
                "ocr_confidence": float,  # the page's mean OCR word confidence, 0-100
            },
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
                "caption": str,  # the title printed just above the table, outside it
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
                # null for the force as a whole; for one category of a breakdown the request asks for:
                # the breakdown's key ("rank"; "rank+outcome" for a two-way table) and the category
                # as printed ("Sergeant"; "Sergeant | Dismissed")
                "breakdown": str,
                "category": str,
                "derived": int,  # 1 when foi counted it from a listing of records (one row per incident)
                "period_label": str,  # the period as the force wrote it: "2013/14", "Total 2006 to 2016"
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
        "figure_inputs": {
            # what each request's figures were extracted from, so an unchanged request is skipped
            "columns": {"request": str, "inputs": str, "stale": str},
            "pk": "request",
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
        # every printed label of a request's breakdowns with its canonical category
        # (foi.figures.categories): confirmed = 1 from requests/<slug>/categories.yml, else suggested
        "categories": {
            "columns": {
                "request": str,
                "breakdown": str,
                "label": str,  # as printed, white space collapsed (figures.category)
                "canonical": str,  # null when nothing is alike enough to suggest
                "confirmed": int,
                "score": float,  # how alike label and suggestion are, 0-100
                "level": str,  # for crime types: class, sub class or offence category (Home Office)
                "parent": str,  # the Home Office category one level up
                "forces": str,  # the forces that printed the label, ", "-separated
            },
            "pk": ("request", "breakdown", "label"),
            "foreign_keys": [("request", "requests", "slug")],
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

# name -> SQL; created (or replaced) by ensure_db_shape. The views use only columns that
# `foi publish` copies (foi.publish.PUBLIC_COLUMNS), so they work unchanged in the public bundle.
VIEWS: dict[str, str] = {
    # One row per request x force x measure: every recipient appears, answered or not.
    # total: the force's own total (period 'total') when it gave one, else the sum of its yearly
    # figures when none of them is withheld (total_from says which). officers: FTE officers of the
    # force in the latest year on record up to the request's last year (`until`, else the year of
    # the build's as-of date), else the earliest year after it; officer_year says which.
    "comparison": """
with measures as (
    select r.slug as request, j.key as measure
    from requests r, json_each(case when json_valid(r.measures) then r.measures else '{}' end) j
    union
    select distinct request, measure from figures where measure is not null
),
picked as (
    select request, force, measure, period, value, suppressed, needs_review,
        row_number() over per_period as pick,
        min(value) over per_period as low,
        max(value) over per_period as high
    from figures
    window per_period as (
        partition by request, force, measure, period
        order by coalesce(corrected, 0) desc, coalesce(needs_review, 0), value is null, id
    )
),
grouped as (
    select request, force, measure,
        max(case when period = 'total' and pick = 1 then value end) as stated_total,
        sum(case when period != 'total' and pick = 1 then value end) as years_sum,
        sum(case when period != 'total' and pick = 1 then 1 else 0 end) as years,
        sum(case when period != 'total' and pick = 1 and value is null then 1 else 0 end) as years_withheld,
        min(case when period != 'total' then period end) as first_period,
        max(case when period != 'total' then period end) as last_period,
        max(coalesce(needs_review, 0)) as needs_review,
        max(case when low != high then 1 else 0 end) as conflicting,
        max(case when coalesce(suppressed, 0) = 1 then 1 else 0 end) as suppressed,
        count(*) as figures
    from picked
    group by request, force, measure
),
targets as (
    select c.request, c.force,
        coalesce(r.until, cast(substr(c.as_of, 1, 4) as integer), cast(strftime('%Y', 'now') as integer)) as year
    from cases c join requests r on r.slug = c.request
),
strength as (
    select t.request, t.force, s.year, s.officers_fte,
        row_number() over (
            partition by t.request, t.force
            order by s.year > t.year, case when s.year <= t.year then -s.year else s.year end
        ) as rank
    from targets t
    join officer_strength s on s.force = t.force and s.officers_fte > 0
),
totals as (
    select *,
        case
            when stated_total is not null then stated_total
            when years > 0 and years_withheld = 0 then years_sum
        end as total,
        case
            when stated_total is not null then 'stated'
            when years > 0 and years_withheld = 0 then 'sum of years'
        end as total_from
    from grouped
)
select
    c.request,
    c.force,
    fo.name as force_name,
    c.state,
    c.outcome,
    m.measure,
    g.total,
    g.total_from,
    s.officers_fte as officers,
    s.year as officer_year,
    case when g.total is not null and s.officers_fte > 0
        then round(g.total * 1000.0 / s.officers_fte, 2) end as per_1000_officers,
    case when coalesce(g.needs_review, 0) = 1 or coalesce(g.conflicting, 0) = 1 then 1 else 0 end as needs_review,
    coalesce(g.suppressed, 0) as suppressed,
    coalesce(g.years, 0) as years,
    g.first_period,
    g.last_period,
    coalesce(g.figures, 0) as figures
from cases c
left join forces fo on fo.id = c.force
left join measures m on m.request = c.request
left join totals g on g.request = c.request and g.force = c.force and g.measure = m.measure
left join strength s on s.request = c.request and s.force = c.force and s.rank = 1
order by c.request, m.measure, c.force
""",
    # One row per force, across every request sent to it. The median is computed in SQL
    # (window functions), so the view works in plain Datasette.
    "timeliness": """
with answered as (
    select force, working_days_to_respond as days,
        row_number() over (partition by force order by working_days_to_respond) as position,
        count(*) over (partition by force) as answers
    from cases
    where working_days_to_respond is not null
),
medians as (
    select force, avg(days) as median
    from answered
    where position in ((answers + 1) / 2, (answers + 2) / 2)
    group by force
),
section_counts as (
    select d.force,
        case when ls.section glob '[0-9]*' then 's.' || ls.section else ls.section end as section,
        count(distinct d.request) as cases
    from letter_sections ls
    join documents d on d.id = ls.document
    join cases c on c.request = d.request and c.force = d.force
    where c.outcome in ('refused', 'partial') and ls.section is not null and ls.section != ''
    group by 1, 2
),
sections as (
    select force, group_concat(section || ': ' || cases, ', ') as refusals_by_section
    from (select * from section_counts order by force, cases desc, section)
    group by force
)
select
    c.force,
    fo.name as force_name,
    fo.nation,
    fo.law,
    count(*) as cases,
    sum(case when c.sent is not null then 1 else 0 end) as sent,
    sum(case when c.responded is not null then 1 else 0 end) as answered,
    sum(case when c.responded is not null and c.on_time = 1 then 1 else 0 end) as answered_on_time,
    sum(case when c.responded is not null and c.on_time = 0 then 1 else 0 end) as answered_late,
    round(100.0 * sum(case when c.responded is not null and c.on_time = 1 then 1 else 0 end)
        / nullif(sum(case when c.responded is not null and c.on_time is not null then 1 else 0 end), 0), 1)
        as percent_on_time,
    m.median as median_working_days,
    max(c.working_days_to_respond) as longest_working_days,
    sum(case when c.state in ('awaiting-response', 'extended', 'awaiting-clarification', 'fee-pending')
        then 1 else 0 end) as outstanding,
    sum(coalesce(c.overdue, 0)) as overdue,
    sum(coalesce(c.very_overdue, 0)) as very_overdue,
    sum(case when c.outcome = 'refused' then 1 else 0 end) as refused,
    sum(case when c.outcome = 'partial' then 1 else 0 end) as partial,
    s.refusals_by_section
from cases c
left join forces fo on fo.id = c.force
left join medians m on m.force = c.force
left join sections s on s.force = c.force
group by c.force
order by fo.name, c.force
""",
    # Cases still owed an answer, most overdue first (the order of `foi status`).
    "outstanding": """
select
    c.request,
    r.title as request_title,
    c.force,
    fo.name as force_name,
    c.law,
    c.state,
    c.sent,
    c.due,
    coalesce(c.overdue, 0) as overdue,
    coalesce(c.working_days_overdue, 0) as working_days_overdue,
    coalesce(c.very_overdue, 0) as very_overdue,
    c.fee_lapsed,
    c.ref,
    c.last_event,
    c.last_event_date,
    c.as_of
from cases c
left join requests r on r.slug = c.request
left join forces fo on fo.id = c.force
where c.state in ('awaiting-response', 'extended', 'awaiting-clarification', 'fee-pending')
order by coalesce(c.overdue, 0) desc, coalesce(c.working_days_overdue, 0) desc, c.due is null, c.due,
    case c.state when 'awaiting-response' then 1 when 'awaiting-clarification' then 2
        when 'fee-pending' then 3 when 'extended' then 4 else 9 end,
    c.force, c.request
""",
    # Every figure with where it was read: `crop` is the picture of the table it came from
    # (rendered by foi.publish.render_crops under build/crops/, served at /-/crops/), `source` a
    # Markdown link to it naming the document and page. The crop path is computed here, from
    # the document id, page and table number, and nowhere else.
    "figures_with_source": r"""
select *,
    case
        when crop is not null then
            '[' || replace(replace(coalesce(filename, document), '[', '('), ']', ')') || ', page ' || page
            || ', table ' || table_number || '](' || crop || ')'
        when document is not null then
            coalesce(filename, document)
            || coalesce(', sheet ' || sheet, '')
            || coalesce(', page ' || page, '')
            || coalesce(', table ' || table_number, '')
    end as source
from (
    select
        f.id,
        f.request,
        f.force,
        fo.name as force_name,
        f.measure,
        f.period,
        f.value,
        f.suppressed,
        f.needs_review,
        f.review_reasons,
        f.raw_text,
        f.header,
        f.corrected,
        f.document,
        d.filename,
        d.kind,
        f.page,
        f.table_number,
        f.row,
        f.col,
        t.sheet,
        case when d.kind = 'pdf' and f.page is not null and f.table_number is not null then
            '/-/crops/'
            || lower(replace(replace(replace(replace(replace(replace(replace(replace(
               replace(replace(replace(replace(replace(replace(replace(replace(
               f.document, '/', '--'), ' ', '-'), '%', '-'), '?', '-'), '#', '-'), '(', '-'), ')', '-'),
               '[', '-'), ']', '-'), '"', '-'), '''', '-'), '\', '-'), '&', '-'), '+', '-'), ':', '-'), ',', '-'))
            || '/p' || f.page || '-t' || f.table_number || '.png'
        end as crop
    from figures f
    left join documents d on d.id = f.document
    left join forces fo on fo.id = f.force
    left join tables t on t.document = f.document and t.table_number = f.table_number
)
order by request, measure, force, period
""",
}

VIEWS["figures_by_category"] = """
select
    f.request,
    f.force,
    fo.name as force_name,
    f.measure,
    f.period,
    f.breakdown,
    f.category,
    coalesce(c.canonical, f.category) as canonical,
    coalesce(c.confirmed, 0) as confirmed,
    c.level,
    c.parent,
    f.value,
    f.suppressed,
    f.needs_review,
    f.derived,
    f.id as figure,
    f.document,
    f.page
from figures f
left join categories c on c.request = f.request and c.breakdown = f.breakdown and c.label = f.category
left join forces fo on fo.id = f.force
where f.breakdown is not null
order by f.request, f.breakdown, canonical, f.force, f.period
"""

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
