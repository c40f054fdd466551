"""The publishing example: a workspace with three requests, their histories, documents (real
PDF, XLSX and EML files), figures and officer numbers, made by the project's own code path (a
workspace, requests sent and answered through foi.cases, `build`) with the rows the document
readers and the figures engine write added as they would be. The publishing, rates, request-page
and browser tests share it; its requester and note are the private data that must never be
published.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
import textwrap
from pathlib import Path

import sqlite_utils
import yaml

from foi import cases
from foi.build import build
from foi.db import TABLES
from foi.documents.ingest import PARSER_VERSION
from foi.mail import send_request
from foi.rates import write_comparison
from foi.workspace import Event, init_workspace
from tests.letters import canvas_grid, canvas_lines

REPO = Path(__file__).resolve().parents[1]
D = dt.date.fromisoformat
AS_OF = D("2014-07-01")

# The requester, and a note only the journalist should ever read
NAME = "Zebedee Quillfeather"
EMAIL = "zebedee.quillfeather@example.net"
NOTE = "ZQ-PRIVATE-NOTE-7731"
ADDRESS = "17 Lantern Row\nMarshby MB4 9QT\n"
# lower-case stems: porter-stemmed full-text search tokens are caught too
PRIVATE_MARKERS = ["quillfeath", "zebede", "zq-private-note", "lantern row", "mb4 9qt"]

KENT_PDF = "images/kent/FOI 2014-0456 (response).pdf"
KENT_CROP = "/-/crops/images--kent--foi-2014-0456--response-.pdf/p2-t1.png"  # worked out by hand
KENT_EML = "images/kent/reply.eml"
MET_PDF = "images/metropolitan/met-foi-response.pdf"
MET_XLSX = "images/metropolitan/annex.xlsx"
ESSEX_PDF = "images/essex/refusal.pdf"
KENT_SEARCHES_PDF = "stop-search/kent/searches.pdf"
MET_SEARCHES_PDF = "stop-search/metropolitan/letter.pdf"

REQUESTS = {
    "images": """\
        title: Officers investigated for obscene images
        body: |
          Please provide, for each calendar year from 2006 to 2013, the number of allegations and
          the number of officers investigated for possessing, making or sharing indecent images.
        to: [kent, metropolitan, essex, police-scotland, northern-ireland, btp]
        periods: calendar-year
        since: 2006
        until: 2013
        measures:
          allegations: [allegations, number of allegations]
          officers: [officers, officers investigated]
        """,
    "stop-search": """\
        title: Stop and search
        body: Please provide the number of stop and searches in 2017 and in 2018.
        to: [kent, metropolitan]
        periods: calendar-year
        since: 2017
        until: 2018
        measures:
          searches: [searches]
        """,
    "tasers": """\
        title: Taser use
        body: Please provide the number of times officers drew a Taser, each year since 2010.
        to: [kent]
        periods: calendar-year
        since: 2010
        measures:
          uses: [uses, drawn]
        """,
}

KENT_YEARS = list(range(2006, 2014))
KENT_ALLEGATIONS = [3, 5, 4, 6, 2, 7, 5, 8]  # the letter's total: 40
KENT_OFFICERS = [2, 4, 3, 5, 2, 6, 4, 7]  # no total given: 33 added up
MET_ALLEGATIONS = ["14", "12", "9", "<5", "11", "13", "10", "15"]  # one suppressed: no total
MET_OFFICERS = ["10", "12", "9", "11", "13", "10", "12", "14"]  # the letter's total: 95


def write_pdf(path: Path, letter: list[str], table: list[list[str]] | None = None, table_page: int = 1,
              top: float = 200.0) -> list[tuple]:
    """A letter with a ruled table; returns the table's cells (row, col, text, x0, top, x1, bottom)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    canvas_lines(pdf, letter)
    cells = []
    if table:
        for _ in range(table_page - 1):
            pdf.showPage()
        cells = canvas_grid(pdf, table, xs=[72 + 110 * i for i in range(len(table[0]) + 1)], top=top)
    pdf.showPage()
    pdf.save()
    return cells


def document_row(ws, doc_id: str, kind: str, **fields) -> dict:
    """A documents row as ingest writes it: same size, mtime and hash as the file, so a rebuild keeps it."""
    path = ws.responses_dir / doc_id
    stat = path.stat()
    request, force, filename = doc_id.split("/")
    return {
        "id": doc_id, "request": request, "force": force, "path": path.relative_to(ws.root).as_posix(),
        "filename": filename, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "kind": kind,
        "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "pages": 1, "tables": 0, "producer": "ReportLab",
        "needs_ocr": 0, "parse_seconds": 0.2, "parser_version": PARSER_VERSION, "error": None, **fields,
    }


def figure_rows(request, force, doc_id, page, cells, measures: dict[str, int]) -> list[dict]:
    """Figures read from a table whose first column is the year and whose header row names measures."""
    rows = []
    for r, c, text, x0, top, x1, bottom in cells:
        if r == 0 or c not in measures.values():
            continue
        measure = next(m for m, col in measures.items() if col == c)
        period = next(t for rr, cc, t, *_ in cells if rr == r and cc == 0).lower()
        suppressed = not text.isdigit()
        rows.append({
            "id": f"{request}/{force}/{measure}/{period}@{doc_id}#1:{r}:{c}", "request": request, "force": force,
            "measure": measure, "period": period, "value": None if suppressed else int(text),
            "suppressed": int(suppressed), "needs_review": 0, "review_reasons": None, "document": doc_id,
            "page": page, "table_number": 1, "row": r, "col": c, "raw_text": text,
            "header": next(t for rr, cc, t, *_ in cells if rr == 0 and cc == c),
            "x0": x0, "top": top, "x1": x1, "bottom": bottom, "corrected": 0,
        })
    return rows


def insert(db, table: str, rows: list[dict]) -> None:
    spec = TABLES[table]
    db[table].insert_all(rows, pk=spec["pk"], columns=spec["columns"], replace=True)


def table_rows(doc_id, page, cells, method="lines", sheet=None):
    placed = [c for c in cells if c[3] is not None]
    table = {"document": doc_id, "table_number": 1, "page": page, "rows": max(c[0] for c in cells) + 1,
             "columns": max(c[1] for c in cells) + 1, "method": method, "sheet": sheet,
             "x0": min(c[3] for c in placed) if placed else None, "top": min(c[4] for c in placed) if placed else None,
             "x1": max(c[5] for c in placed) if placed else None, "bottom": max(c[6] for c in placed) if placed else None}
    cell_rows = [{"document": doc_id, "table_number": 1, "row": r, "col": c, "text": text, "page": page,
                  "x0": x0, "top": top, "x1": x1, "bottom": bottom} for r, c, text, x0, top, x1, bottom in cells]
    return [table], cell_rows


def build_example(root: Path):
    """A workspace with three requests, their histories, documents, figures and officer numbers."""
    ws, _ = init_workspace(root)
    shutil.copy(REPO / "metadata.yml", ws.metadata_path)
    ws.root.joinpath("foi.local.yml").write_text(
        yaml.safe_dump({"requester": {"name": NAME, "email": EMAIL, "address": ADDRESS}, "smtp": {"host": "smtp.example.net"}}),
        encoding="utf-8",
    )
    for slug, text in REQUESTS.items():
        ws.request_path(slug).write_text(textwrap.dedent(text), encoding="utf-8")

    mail_domain = EMAIL.split("@")[1]
    images = ws.load_request("images")
    # Kent's `sent` carries a Message-ID and the requester's address: details never to be published.
    kent_sent = {"message_id": f"<zq-1@{mail_domain}>", "from": EMAIL}
    cases.record_events(ws, images, [
        Event(D("2014-04-08"), f, "sent", extra=kent_sent if f == "kent" else {}) for f in images.recipients
    ])
    send_request(ws, "stop-search", date=D("2014-03-03"))
    send_request(ws, "tasers", date=D("2014-02-03"))
    cases.record_events(ws, images, [
        Event(D("2014-05-01"), "kent", "responded", outcome="full", ref="FOI/14/0456",
              note=f"{NOTE}: {NAME} to chase the press office", extra={"from": EMAIL, "evidence": f"Dear {NAME}"}),
        Event(D("2014-05-02"), "metropolitan", "extended", until=D("2014-06-06"), note=f"{NOTE} Met wants more time"),
        Event(D("2014-06-10"), "metropolitan", "responded", outcome="partial", ref="2014040000123"),
        Event(D("2014-05-06"), "essex", "responded", outcome="refused", ref="ESX/7781"),
        Event(D("2014-05-02"), "police-scotland", "responded", outcome="refused"),
        Event(D("2014-04-15"), "btp", "clarification-requested"),
    ])
    cases.record_events(ws, ws.load_request("stop-search"), [
        Event(D("2014-03-20"), "kent", "responded", outcome="full"),
        Event(D("2014-04-30"), "metropolitan", "responded", outcome="partial"),
    ])
    cases.record_events(ws, ws.load_request("tasers"), [Event(D("2014-03-10"), "kent", "responded", outcome="full")])
    build(ws, as_of=AS_OF)

    # The files the forces sent, and the rows the readers and the figures engine make of them.
    responses = ws.responses_dir
    kent_table = [["Year", "Allegations", "Officers"]] + [
        [str(y), str(a), str(o)] for y, a, o in zip(KENT_YEARS, KENT_ALLEGATIONS, KENT_OFFICERS)
    ] + [["Total", "40", ""]]
    kent_letter = ["Kent Police - Freedom of Information", "Dear Mr Quillfeather,", "Our reference FOI/14/0456.",
                   "The information you asked for is in the table overleaf."]
    kent_cells = write_pdf(responses / KENT_PDF, kent_letter, kent_table, table_page=2, top=150)
    kent_cells = [c for c in kent_cells if c[2] != ""]
    met_table = [["Year", "Allegations", "Officers"]] + [
        [str(y), a, o] for y, a, o in zip(KENT_YEARS, MET_ALLEGATIONS, MET_OFFICERS)
    ] + [["Total", "", "95"]]
    met_letter = ["Metropolitan Police Service", "Figures under 5 are withheld under section 40(2).",
                  "Some information is exempt under section 31.", "Officers may be counted in more than one year."]
    met_cells = [c for c in write_pdf(responses / MET_PDF, met_letter, met_table, table_page=1, top=180) if c[2] != ""]
    write_pdf(responses / ESSEX_PDF, ["Essex Police", "Dear Mr Quillfeather,",
                                      "Your request is refused under section 12: it would exceed the cost limit."])
    search_cells = write_pdf(responses / KENT_SEARCHES_PDF, ["Kent Police"], [["Year", "Searches"], ["2017", "100"], ["2018", "120"]])
    write_pdf(responses / MET_SEARCHES_PDF, ["Metropolitan Police Service", "Names are withheld under section 40(2)."])
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Officers"
    sheet.append(["Year", "Officers"])
    sheet.append([2010, 14])
    (responses / MET_XLSX).parent.mkdir(parents=True, exist_ok=True)
    book.save(responses / MET_XLSX)
    (responses / KENT_EML).write_text(
        f"From: foi@kent.police.uk\nTo: {NAME} <{EMAIL}>\nSubject: FOI/14/0456\n\nDear {NAME},\n"
        f"Please find attached our response. Section 40 applies to names.\n", encoding="utf-8")

    db = sqlite_utils.Database(ws.db_path)
    insert(db, "documents", [
        document_row(ws, KENT_PDF, "pdf", pages=2, tables=1, letter_ref="FOI/14/0456", letter_date="2014-05-01",
                     letter_outcome="full", letter_outcome_evidence="The information you asked for is in the table overleaf.",
                     letter_law="FOIA"),
        document_row(ws, MET_PDF, "pdf", tables=1, letter_outcome="partial", letter_law="FOIA",
                     letter_outcome_evidence="Figures under 5 are withheld under section 40(2)."),
        document_row(ws, MET_XLSX, "xlsx", pages=None, tables=1, producer=None,
                     error=f"could not read a chart ({ws.root}/responses/{MET_XLSX})"),
        document_row(ws, ESSEX_PDF, "pdf", letter_outcome="refused", letter_law="FOIA",
                     letter_outcome_evidence="Your request is refused under section 12: it would exceed the cost limit."),
        document_row(ws, KENT_SEARCHES_PDF, "pdf", tables=1),
        document_row(ws, MET_SEARCHES_PDF, "pdf", letter_outcome="partial"),
        document_row(ws, KENT_EML, "eml", producer=None, letter_outcome="full",
                     letter_outcome_evidence=f"Dear {NAME}, please find attached our response."),
    ])
    insert(db, "pages", [
        {"document": KENT_PDF, "page": 1, "text": "\n".join(kent_letter), "chars": 120, "needs_ocr": 0},
        {"document": KENT_PDF, "page": 2, "text": "\n".join(" ".join(r) for r in kent_table), "chars": 200, "needs_ocr": 0},
        {"document": MET_PDF, "page": 1, "text": "\n".join(met_letter), "chars": 180, "needs_ocr": 0},
        {"document": ESSEX_PDF, "page": 1, "text": "Essex Police\nDear Mr Quillfeather,\nYour request is refused under section 12.",
         "chars": 80, "needs_ocr": 0},
        {"document": KENT_EML, "page": 1, "text": f"Dear {NAME}, reply to {EMAIL}. Section 40 applies.", "chars": 90, "needs_ocr": 0},
    ])
    kent_tables, kent_cell_rows = table_rows(KENT_PDF, 2, kent_cells)
    met_tables, met_cell_rows = table_rows(MET_PDF, 1, met_cells)
    search_tables, search_cell_rows = table_rows(KENT_SEARCHES_PDF, 1, search_cells)
    xlsx_tables, xlsx_cells = table_rows(MET_XLSX, None, [(0, 0, "Year", None, None, None, None), (0, 1, "Officers", None, None, None, None),
                                                          (1, 0, "2010", None, None, None, None), (1, 1, "14", None, None, None, None)],
                                         method="sheet", sheet="Officers")
    insert(db, "tables", kent_tables + met_tables + search_tables + xlsx_tables)
    insert(db, "cells", kent_cell_rows + met_cell_rows + search_cell_rows + xlsx_cells)
    insert(db, "letter_sections", [
        {"document": MET_PDF, "number": 1, "section": "s.40", "sentence": "Figures under 5 are withheld under section 40(2)."},
        {"document": MET_PDF, "number": 2, "section": "s.31", "sentence": "Some information is exempt under section 31."},
        {"document": MET_SEARCHES_PDF, "number": 1, "section": "s.40", "sentence": "Names are withheld under section 40(2)."},
        {"document": ESSEX_PDF, "number": 1, "section": "s.12", "sentence": "Your request is refused under section 12."},
        {"document": KENT_EML, "number": 1, "section": "s.40", "sentence": f"Dear {NAME}: section 40 applies to names."},
    ])
    figures = (
        figure_rows("images", "kent", KENT_PDF, 2, kent_cells, {"allegations": 1, "officers": 2})
        + figure_rows("images", "metropolitan", MET_PDF, 1, met_cells, {"allegations": 1, "officers": 2})
        + figure_rows("stop-search", "kent", KENT_SEARCHES_PDF, 1, search_cells, {"searches": 1})
    )
    # The Met's annex gives another number for 2010 (14, where the letter's table says 13)
    figures.append({**next(f for f in figures if f["force"] == "metropolitan" and f["measure"] == "officers" and f["period"] == "2010"),
                    "id": f"images/metropolitan/officers/2010@{MET_XLSX}#1:1:1", "value": 14, "raw_text": "14",
                    "document": MET_XLSX, "page": None, "x0": None, "top": None, "x1": None, "bottom": None})
    insert(db, "figures", figures)
    with open(REPO / "foi" / "data" / "officer_strength.csv", newline="", encoding="utf-8") as f:
        strength = [
            {"force": r["force_id"], "year": int(r["year"]), "as_at": r["as_at"],
             "officers_fte": float(r["officers_fte"]) if r["officers_fte"] else None,
             "officers_headcount": int(r["officers_headcount"]) if r["officers_headcount"] else None, "source": r["source"]}
            for r in csv.DictReader(f)
        ]
    db["officer_strength"].delete_where()
    insert(db, "officer_strength", strength)
    write_comparison(db)  # as the build does once the figures are in
    db.close()
    return ws
