"""The database schema in one place: tables with explicit keys and types, views, full-text search.

`ensure_db_shape(db)` is idempotent: it creates what is missing and leaves data alone, so every
command can call it before writing.
"""
from __future__ import annotations

import hashlib
import json
from typing import Iterable, Optional

import sqlite_utils
from sqlite_utils.db import quote_identifier

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
            # the ICO's limits (foi.cases): an extension's working days beyond the s.10(1) date,
            # and an internal review under way past 20 working days (overdue) or 40 (very)
            "extension_working_days": int,
            "extension_beyond_ico": int,
            "review_requested": str,
            "review_overdue": int,
            "review_working_days_overdue": int,
            "review_very_overdue": int,
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
                # the limit it was refused under, "pages=2000" (foi.documents.limits): read again under another value
                "over_limit": str,
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
                # read by OCR cell by cell (foi.documents.ocr_tables): lowest word confidence, 0-100,
                # and why the reading is doubtful (figures from the cell are flagged with it)
                "ocr_confidence": float,
                "ocr_note": str,
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
            # stale decisions and unreadable tables, as JSON: reported again while they last
            "columns": {"request": str, "inputs": str, "stale": str, "problems": str},
            "pk": "request",
        },
        "derived_inputs": {
            # what a table computed from other tables was last computed from (a hash), so that a
            # build with nothing changed does not compute it again (foi.rates.write_comparison)
            "columns": {"name": str, "inputs": str},
            "pk": "name",
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
        # The comparison, computed once by foi.rates.write_comparison (build and publish): one row
        # per request x force x measure, every recipient, answered or not. See foi/rates.py.
        "comparison": {
            "columns": {
                "request": str,
                "force": str,
                "force_name": str,
                "short_name": str,
                "state": str,
                "outcome": str,
                "answer": str,  # answered / refused / answered (late) / outstanding / overdue ...
                "measure": str,
                "total": int,  # the force's own total, or the sum of its years when none is withheld
                "total_from": str,  # 'stated' or 'sum of years'
                "total_low": int,  # when figures were withheld with a bound ("<5"): the total's range
                "total_high": int,
                "years": int,  # yearly figures given
                "first_period": str,
                "last_period": str,
                "covers": str,  # "2006 to 2013"
                "count": int,  # the count the rate is of (null for a range or no rate)
                "officer_years": float,  # officers (FTE) summed over the years the rate covers
                "rate_years": str,  # "2007-2013"
                "missing_officer_years": str,  # years of the total without officer numbers: "2006"
                "per_1000_officer_years": float,  # count x 1,000 / officer_years
                "rate_low": float,  # a range rate, when figures were withheld
                "rate_high": float,
                "ci95_low": float,  # exact Poisson 95% interval of the rate
                "ci95_high": float,
                "national_rate": float,  # all exact counts / all their officer-years, per 1,000
                "expected": float,  # national_rate x officer_years / 1,000
                "limit95_low": float,  # the funnel's control limits at this force's officer-years
                "limit95_high": float,
                "limit998_low": float,
                "limit998_high": float,
                "funnel": str,  # above 99.8%, above 95%, within, below 95%, below 99.8%, unclear (range)
                "rate_note": str,  # why there is no rate, or what it leaves out
                "needs_review": int,
                "suppressed": int,
                "figures": int,
                "crop": str,  # the picture of the table the total was read from
            },
            "pk": ("request", "force", "measure"),
        },
        # Each force's yearly figure behind a comparison row, one per period as foi.rates picked it
        # (a reviewer's decision first): the request page's small charts, each bar linked to its table.
        "comparison_periods": {
            "columns": {
                "request": str, "force": str, "measure": str, "period": str, "value": int, "suppressed": int,
                "bound": int, "needs_review": int, "crop": str,
            },
            "pk": ("request", "force", "measure", "period"),
        },
        # The funnel plot's control limits over a range of officer-years, per request and measure.
        "funnel_limits": {
            "columns": {
                "request": str, "measure": str, "point": int, "officer_years": float, "national_rate": float,
                "limit95_low": float, "limit95_high": float, "limit998_low": float, "limit998_high": float,
            },
            "pk": ("request", "measure", "point"),
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
    # (drawn by foi.crops.render_crops: by `foi serve` under build/crops/, served at /-/crops/), `source` a
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

# Each case's clock day by day (foi.clock): why it is due when it is, as `foi status SLUG FORCE
# --explain` shows it. One row per case, its days as JSON (one row per day would be ~30 rows per
# case to write on every build); the `case_days` view lays them out, `case_clocks` links to them.
TABLES["clocks"] = {
    "columns": {"request": str, "force": str, "days": str, "summary": str},
    "pk": ("request", "force"),
    "foreign_keys": [("request", "requests", "slug"), ("force", "forces", "id")],
}
VIEWS["case_days"] = """
select
    k.request,
    k.force,
    json_extract(j.value, '$.date') as date,
    json_extract(j.value, '$.weekday') as weekday,
    json_extract(j.value, '$.day') as day,
    json_extract(j.value, '$.note') as note
from clocks k, json_each(case when json_valid(k.days) then k.days else '[]' end) j
order by k.request, k.force, j.key
"""
VIEWS["case_clocks"] = """
select
    c.request,
    c.force,
    fo.name as force_name,
    c.law,
    c.state,
    c.sent,
    c.clock_start,
    c.due,
    coalesce(c.overdue, 0) as overdue,
    coalesce(c.working_days_overdue, 0) as working_days_overdue,
    coalesce(c.very_overdue, 0) as very_overdue,
    c.responded,
    c.on_time,
    c.extension_working_days,
    coalesce(c.extension_beyond_ico, 0) as extension_beyond_ico,
    c.review_requested,
    c.review_due,
    coalesce(c.review_overdue, 0) as review_overdue,
    coalesce(c.review_working_days_overdue, 0) as review_working_days_overdue,
    coalesce(c.review_very_overdue, 0) as review_very_overdue,
    c.fee_lapsed,
    c.as_of,
    k.summary,
    '[day by day](/foi/case_days?request=' || c.request || '&force=' || c.force || '&_sort=date)' as clock
from cases c
left join forces fo on fo.id = c.force
left join clocks k on k.request = c.request and k.force = c.force
where c.sent is not null
order by coalesce(c.overdue, 0) + coalesce(c.review_overdue, 0) desc,
    coalesce(c.working_days_overdue, 0) + coalesce(c.review_working_days_overdue, 0) desc, c.request, c.force
"""

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


def _shape_is_current(db: sqlite_utils.Database) -> bool:
    """Whether every table, column, index, full-text table and view ensure_db_shape makes is there as it
    would make it: one read of sqlite_master and the columns, where checking each one asks a query or more."""
    master = {(kind, name): sql for kind, name, sql in db.execute("select type, name, sql from sqlite_master")}
    tables = {name for kind, name in master if kind == "table"}
    columns: dict[str, set[str]] = {}
    for table, column in db.execute(
        "select m.name, p.name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'"
    ):
        columns.setdefault(table, set()).add(column)
    for name, spec in TABLES.items():
        if ("view", name) in master or name not in tables or not set(spec["columns"]) <= columns.get(name, set()):
            return False
    for name, index_columns in INDEXES:  # the name sqlite_utils gives an index
        if ("index", "idx_{}_{}".format(name.replace(" ", "_"), "_".join(index_columns))) not in master:
            return False
    for name in FTS:
        if name in tables and f"{name}_fts" not in tables:
            return False
    return all(master.get(("view", name)) == f"CREATE VIEW {quote_identifier(name)} AS {sql.rstrip()}" for name, sql in VIEWS.items())


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    if _shape_is_current(db):  # every build and command opens foi.db this way: most find nothing to do
        return
    for name, spec in TABLES.items():
        if name in db.view_names():  # `comparison` was a view before foi.rates computed it
            db.execute(f"drop view {name}")
        table = db.table(name)
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
        db.table(name).create_index(columns, if_not_exists=True)
    for name, columns in FTS.items():
        if db[name].exists() and not db[f"{name}_fts"].exists():
            db.table(name).enable_fts(columns, create_triggers=True, tokenize="porter")
    for name, sql in VIEWS.items():
        # SQLite keeps a view's SQL without its trailing newline: as stored, so an unchanged view is left alone
        db.create_view(name, sql.rstrip(), replace=True)


def open_db(path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    ensure_db_shape(db)
    return db


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict], replace: bool = False) -> None:
    """Insert rows of plain values into one of TABLES (made by ensure_db_shape), by its declared
    columns. For the bulk rows a build writes (pages, tables, cells, figures): sqlite-utils checks
    and converts every value, which cost more than the insert itself. A key that is no column is
    an error, as it is for sqlite-utils."""
    columns = list(TABLES[table]["columns"])
    known = set(columns)
    sql = (f"insert {'or replace ' if replace else ''}into {quote_identifier(table)} "
           f"({', '.join(map(quote_identifier, columns))}) values ({', '.join('?' * len(columns))})")

    def values():
        for row in rows:
            if not known.issuperset(row):
                raise ValueError(f"{table}: no column {sorted(set(row) - known)[0]!r}")
            yield [row.get(c) for c in columns]

    db.conn.executemany(sql, values())


def stored_inputs(db: sqlite_utils.Database, name: str) -> Optional[str]:
    """The hash of what the derived table(s) `name` were last computed from (see `derived_inputs`)."""
    if not db["derived_inputs"].exists():
        return None
    row = next(db.query("select inputs from derived_inputs where name = ?", [name]), None)
    return row["inputs"] if row else None


def store_inputs(db: sqlite_utils.Database, name: str, inputs: str) -> None:
    spec = TABLES["derived_inputs"]
    db.table("derived_inputs").upsert({"name": name, "inputs": inputs}, pk=spec["pk"], columns=spec["columns"])


def inputs_hash(*parts) -> str:
    """A hash of JSON-able parts (keys sorted), to tell whether a derived table's inputs changed."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()
