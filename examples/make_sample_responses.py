#!/usr/bin/env python3
"""Write the example workspace's response documents, and the truth they were written from.

    python examples/make_sample_responses.py            # into this repository
    python examples/make_sample_responses.py --out DIR  # into DIR/responses/... and DIR/examples/

The example request is requests/obscene-images.yml. For every force whose event log says
`responded`, this writes what the force sent back, under responses/obscene-images/<force>/:

* metropolitan: a RECONSTRUCTION of the Metropolitan Police Service's answer, built from the
  figures the Met published (the seed story). Only the published figures are used: the totals
  for the whole period and the worst year, 2013. No other year is made up.
* every other force: INVENTED sample data, marked as such on every page, each in a different
  layout that forces really use (ruled table, white-space table, measures as rows on a landscape
  page, a spreadsheet with a covering letter, a table over two pages with suppressed small
  numbers, a Word letter with dashes for nil, a not-held letter, a cost-limit refusal).

It also writes examples/sample_truth.json: every figure each document states, as the document
states it (value, or suppressed), so that the extraction can be checked against it
(tests/test_example_workspace.py).

Deterministic: the same files, byte for byte, on every run (reportlab's invariant mode, fixed
dates inside the Office files and fixed timestamps in their zip archives). Needs reportlab,
openpyxl and python-docx (`pip install -e '.[test]'`).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle,
)

REPO = Path(__file__).resolve().parents[1]
SLUG = "obscene-images"
MEASURES = ("cases", "allegations", "officers", "substantiated", "dismissed", "resigned_or_retired")

SAMPLE = "SAMPLE DATA: invented for the foi example; not a real force response"
RECONSTRUCTION = (
    "Reconstruction for the foi example: built from the figures the Metropolitan Police Service "
    "published in answer to this request; not the original letter"
)

# ------------------------------------------------------------------------------------------ data
# The Metropolitan Police Service's published answer (the seed story): totals for 2006 to 2016,
# and the worst year, 2013. Nothing else is known, so nothing else is given.
MET_TOTALS = {"cases": 43, "allegations": 63, "officers": 55, "substantiated": 23, "dismissed": 7,
              "resigned_or_retired": 12}
MET_2013 = {"allegations": 18, "officers": 19}

# Invented yearly figures: (cases, allegations, officers, substantiated, dismissed, resigned or retired).
# Small counts; allegations >= cases, substantiated <= allegations, dismissed + resigned <= officers.
INVENTED: dict[str, dict[int, tuple[int, int, int, int, int, int]]] = {
    "kent": {
        2006: (0, 0, 0, 0, 0, 0), 2007: (3, 4, 4, 2, 1, 1), 2008: (1, 1, 1, 1, 0, 0), 2009: (1, 2, 1, 0, 0, 0),
        2010: (2, 3, 2, 0, 0, 0), 2011: (3, 3, 3, 1, 0, 0), 2012: (1, 1, 1, 1, 0, 0), 2013: (1, 1, 2, 1, 1, 0),
        2014: (1, 2, 2, 1, 1, 0), 2015: (3, 5, 3, 3, 1, 2), 2016: (3, 4, 3, 2, 2, 0), 2017: (1, 2, 1, 1, 0, 0),
        2018: (2, 2, 3, 1, 1, 0), 2019: (2, 3, 2, 1, 0, 0), 2020: (4, 7, 4, 3, 1, 0), 2021: (3, 4, 3, 2, 1, 1),
        2022: (4, 6, 4, 3, 1, 1), 2023: (2, 3, 2, 3, 1, 0), 2024: (3, 5, 3, 3, 2, 1), 2025: (2, 3, 3, 0, 0, 1),
    },
    "west-midlands": {
        2006: (2, 2, 2, 2, 0, 0), 2007: (2, 2, 2, 2, 2, 0), 2008: (1, 1, 1, 1, 0, 0), 2009: (1, 1, 1, 0, 0, 0),
        2010: (1, 2, 1, 1, 1, 0), 2011: (2, 2, 2, 1, 0, 1), 2012: (4, 6, 4, 4, 2, 0), 2013: (5, 8, 6, 1, 1, 1),
        2014: (4, 6, 5, 3, 1, 0), 2015: (4, 7, 5, 4, 0, 1), 2016: (4, 6, 5, 3, 1, 1), 2017: (4, 7, 4, 1, 0, 0),
        2018: (3, 4, 3, 2, 1, 1), 2019: (4, 5, 4, 1, 1, 0), 2020: (4, 5, 4, 0, 0, 0), 2021: (3, 3, 3, 1, 0, 0),
        2022: (3, 4, 3, 1, 1, 1), 2023: (4, 7, 4, 3, 1, 1), 2024: (6, 8, 6, 3, 1, 0), 2025: (7, 8, 7, 6, 1, 0),
    },
    "essex": {  # Essex's records begin in 2010
        2010: (2, 4, 2, 0, 0, 1), 2011: (1, 2, 1, 0, 0, 0), 2012: (1, 2, 2, 1, 0, 0), 2013: (0, 0, 0, 0, 0, 0),
        2014: (1, 2, 1, 1, 1, 0), 2015: (2, 3, 2, 2, 0, 0), 2016: (4, 6, 4, 1, 0, 0), 2017: (2, 3, 2, 1, 0, 0),
        2018: (3, 6, 3, 3, 2, 0), 2019: (3, 4, 3, 1, 1, 1), 2020: (2, 4, 2, 4, 0, 2), 2021: (1, 1, 1, 0, 0, 0),
        2022: (5, 5, 6, 2, 0, 0), 2023: (3, 4, 3, 3, 0, 3), 2024: (5, 8, 5, 5, 0, 0), 2025: (2, 3, 2, 1, 1, 0),
    },
    "lancashire": {
        2006: (2, 3, 2, 3, 1, 0), 2007: (0, 0, 0, 0, 0, 0), 2008: (2, 2, 2, 0, 0, 0), 2009: (2, 3, 2, 1, 0, 1),
        2010: (0, 0, 0, 0, 0, 0), 2011: (3, 4, 3, 1, 1, 0), 2012: (2, 3, 2, 3, 0, 1), 2013: (5, 8, 5, 5, 2, 0),
        2014: (2, 2, 2, 0, 0, 1), 2015: (0, 0, 0, 0, 0, 0), 2016: (1, 1, 1, 1, 0, 1), 2017: (2, 4, 2, 2, 0, 0),
        2018: (2, 3, 2, 1, 0, 0), 2019: (2, 3, 2, 2, 0, 0), 2020: (2, 3, 3, 2, 0, 1), 2021: (2, 2, 2, 0, 0, 0),
        2022: (2, 3, 2, 3, 1, 0), 2023: (2, 3, 2, 2, 0, 0), 2024: (2, 2, 2, 0, 0, 0), 2025: (3, 3, 3, 2, 2, 0),
    },
    "south-wales": {
        2006: (1, 1, 1, 0, 0, 1), 2007: (1, 1, 2, 0, 0, 1), 2008: (1, 1, 1, 0, 0, 0), 2009: (0, 0, 0, 0, 0, 0),
        2010: (2, 3, 2, 1, 1, 0), 2011: (3, 4, 3, 2, 1, 0), 2012: (2, 2, 2, 2, 2, 0), 2013: (2, 2, 2, 2, 1, 0),
        2014: (2, 3, 2, 0, 0, 0), 2015: (1, 1, 1, 0, 0, 0), 2016: (1, 1, 1, 1, 0, 0), 2017: (1, 1, 1, 0, 0, 0),
        2018: (0, 0, 0, 0, 0, 0), 2019: (1, 1, 1, 0, 0, 0), 2020: (1, 1, 1, 0, 0, 1), 2021: (3, 6, 3, 4, 1, 1),
        2022: (3, 4, 3, 1, 0, 1), 2023: (2, 3, 2, 2, 2, 0), 2024: (1, 1, 1, 0, 0, 0), 2025: (2, 3, 2, 1, 1, 1),
    },
    "thames-valley": {
        2006: (1, 2, 1, 1, 0, 0), 2007: (0, 0, 0, 0, 0, 0), 2008: (2, 3, 2, 1, 0, 0), 2009: (1, 2, 1, 1, 0, 1),
        2010: (3, 5, 3, 3, 2, 0), 2011: (0, 0, 0, 0, 0, 0), 2012: (1, 1, 1, 0, 0, 0), 2013: (3, 4, 3, 2, 1, 0),
        2014: (0, 0, 0, 0, 0, 0), 2015: (3, 5, 3, 2, 0, 0), 2016: (4, 5, 4, 2, 0, 0), 2017: (2, 3, 2, 2, 1, 0),
        2018: (3, 6, 3, 2, 1, 0), 2019: (6, 9, 6, 6, 0, 1), 2020: (4, 6, 5, 1, 1, 2), 2021: (2, 3, 2, 1, 1, 0),
        2022: (2, 4, 2, 2, 1, 1), 2023: (6, 8, 6, 4, 1, 0), 2024: (1, 2, 1, 2, 0, 0), 2025: (5, 6, 5, 1, 0, 3),
    },
}

# The dates the event log gives for each response (requests/obscene-images/events.log).
DATES = {
    "metropolitan": dt.date(2026, 11, 5), "kent": dt.date(2026, 10, 8), "west-midlands": dt.date(2026, 10, 9),
    "essex": dt.date(2026, 10, 13), "dorset": dt.date(2026, 10, 2), "lancashire": dt.date(2026, 10, 21),
    "greater-manchester": dt.date(2026, 10, 20), "south-wales": dt.date(2026, 11, 2),
    "thames-valley": dt.date(2026, 10, 9),
}
OUTCOMES = {
    "metropolitan": "full", "kent": "full", "west-midlands": "partial", "essex": "full", "dorset": "not-held",
    "lancashire": "full", "greater-manchester": "refused", "south-wales": "full", "thames-valley": "full",
}


def long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def yearly_total(force: str) -> tuple[int, ...]:
    rows = INVENTED[force].values()
    return tuple(sum(r[i] for r in rows) for i in range(len(MEASURES)))


# ------------------------------------------------------------------------------------------ truth

class Truth:
    """Every figure a document states, as it states it."""

    def __init__(self) -> None:
        self.forces: dict[str, dict] = {}

    def force(self, force: str, kind: str, documents: list[str], note: str = "") -> dict:
        entry = {"kind": kind, "outcome": OUTCOMES[force], "date": DATES[force].isoformat(),
                 "documents": documents, "figures": []}
        if note:
            entry["note"] = note
        self.forces[force] = entry
        return entry

    def add(self, force: str, measure: str, period: str, value: Optional[int], suppressed: bool = False,
            shown_as: Optional[str] = None) -> None:
        fig = {"measure": measure, "period": period, "value": None if suppressed else value,
               "suppressed": suppressed}
        if shown_as is not None:
            fig["shown_as"] = shown_as
        self.forces[force]["figures"].append(fig)

    def to_json(self) -> dict:
        return {
            "request": SLUG,
            "about": "Every figure each example response states, by force, measure and period, as written by "
                     "examples/make_sample_responses.py. metropolitan is reconstructed from the Met's published "
                     "figures; every other force's figures are invented sample data.",
            "forces": self.forces,
        }


# ------------------------------------------------------------------------------------------ PDF helpers

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["Normal"], fontName="Helvetica", fontSize=10, leading=13.5,
                      spaceAfter=7)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11, spaceAfter=4)
HEAD = ParagraphStyle("head", parent=BODY, fontName="Helvetica-Bold", fontSize=11, spaceBefore=4)
BIG = ParagraphStyle("big", parent=BODY, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=2)
RIGHT = ParagraphStyle("right", parent=BODY, alignment=TA_RIGHT, spaceAfter=0)
BANNER = ParagraphStyle("banner", parent=BODY, fontName="Helvetica-Bold", fontSize=10, leading=13,
                        textColor=colors.HexColor("#9b1c1c"), borderColor=colors.HexColor("#9b1c1c"),
                        borderWidth=1, borderPadding=5, spaceAfter=12, spaceBefore=2)


def P(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text (escaped: '<5' stays '<5')."""
    return Paragraph(escape(text), style)


def _page_decorations(banner: str, footer: str):
    def draw(canvas, doc):
        w, h = canvas._pagesize
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 8)
        canvas.setFillColor(colors.HexColor("#9b1c1c"))
        canvas.drawString(18 * mm, h - 11 * mm, banner)
        canvas.setFillColor(colors.black)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(w - 18 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def write_pdf(path: Path, story: list, *, title: str, author: str, banner: str, footer: str,
              landscape_pages: bool = False) -> None:
    """A letter: portrait A4 pages; with landscape_pages, a 'landscape' page template for annexes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, title=title, author=author, subject="Freedom of Information response",
                          creator="foi examples/make_sample_responses.py", invariant=1,
                          leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm)
    deco = _page_decorations(banner, footer)
    pw, ph = A4
    templates = [PageTemplate(id="portrait", pagesize=A4, onPage=deco,
                              frames=[Frame(20 * mm, 20 * mm, pw - 40 * mm, ph - 40 * mm, id="p")])]
    if landscape_pages:
        lw, lh = landscape(A4)
        templates.append(PageTemplate(id="landscape", pagesize=landscape(A4), onPage=deco,
                                      frames=[Frame(18 * mm, 18 * mm, lw - 36 * mm, lh - 36 * mm, id="l")]))
    doc.addPageTemplates(templates)
    doc.build(story)
    path.write_bytes(buf.getvalue())


def letterhead(force_name: str, address: list[str], ref: str, date: dt.date, banner: str) -> list:
    story = [P(banner, BANNER), P(force_name, BIG)]
    story += [P(line, SMALL) for line in address]
    story += [Spacer(1, 6), P(f"Our reference: {ref}", BODY), P(f"Date: {long_date(date)}", BODY), Spacer(1, 4)]
    return story


def signoff(name: str, team: str) -> list:
    return [Spacer(1, 4), P("Yours sincerely,"), Spacer(1, 10), P(name), P(team, SMALL)]


REVIEW = ("If you are dissatisfied with this response you may ask for an internal review within 40 working days "
          "of the date of this letter. If you remain dissatisfied after the review, you may complain to the "
          "Information Commissioner's Office.")


def ruled(data: list[list], col_widths=None, header_rows: int = 1, bold_last: bool = False, font_size: float = 9,
          repeat: int = 0) -> Table:
    t = Table(data, colWidths=col_widths, repeatRows=repeat, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", font_size),
        ("FONT", (0, 0), (-1, header_rows - 1), "Helvetica-Bold", font_size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e6e6e6")),
        ("ALIGN", (1, header_rows), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if bold_last:
        style.append(("FONT", (0, -1), (-1, -1), "Helvetica-Bold", font_size))
    t.setStyle(TableStyle(style))
    return t


def header_cell(text: str, size: float = 9) -> Paragraph:
    """A header that may wrap inside its cell."""
    return Paragraph(escape(text), ParagraphStyle("hc", fontName="Helvetica-Bold", fontSize=size, leading=size + 2))


# ------------------------------------------------------------------------------------------ zip (Office files)

def _fix_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite an Office file so that it is the same bytes every time: fixed entry timestamps and
    fixed created/modified dates in docProps/core.xml."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{stamp}\g<3>", text)
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    path.write_bytes(out.getvalue())


# ------------------------------------------------------------------------------------------ the Met

def make_metropolitan(folder: Path, truth: Truth) -> None:
    force, date, ref = "metropolitan", DATES["metropolitan"], "01/FOI/26/045123"
    name = "01-FOI-26-045123 response.pdf"
    truth.force(force, "reconstructed", [name],
                "Built from the figures the Metropolitan Police Service published: totals for 2006 to 2016 and "
                "the worst year, 2013. No other year is given, because none was published.")
    story = letterhead("Metropolitan Police Service", [
        "Information Rights Unit", "PO Box 313", "Sidcup", "DA15 0HH",
    ], ref, date, RECONSTRUCTION + ".")
    story += [
        P("Dear Requester,"),
        P("Freedom of Information Request Reference No: 01/FOI/26/045123", HEAD),
        P("I write in connection with your request for information which was received by the Metropolitan Police "
          "Service (MPS) on 14 September 2026, about police officers investigated for possessing, making or "
          "sharing obscene or indecent images. On 12 October 2026 we extended the time for our response to "
          "9 November 2026 to consider the public interest."),
        P("DECISION", HEAD),
        P("The MPS holds the information you requested and it is provided in full below."),
        P("Between 2006 and 2016, 55 officers were investigated: 63 allegations in 43 cases. 23 allegations were "
          "substantiated; 7 officers were dismissed and 12 were allowed to resign or retire. The year with the "
          "most allegations was 2013."),
        P("Table 1: officers investigated for obscene or indecent images, all years", HEAD),
    ]
    totals = [
        ["Measure", "Total 2006 to 2016"],
        ["Cases", str(MET_TOTALS["cases"])],
        ["Allegations", str(MET_TOTALS["allegations"])],
        ["Officers investigated", str(MET_TOTALS["officers"])],
        ["Allegations substantiated", str(MET_TOTALS["substantiated"])],
        ["Officers dismissed", str(MET_TOTALS["dismissed"])],
        ["Officers allowed to resign or retire", str(MET_TOTALS["resigned_or_retired"])],
    ]
    story += [ruled(totals, col_widths=[80 * mm, 40 * mm]), Spacer(1, 10)]
    for m in MEASURES:
        truth.add(force, m, "total", MET_TOTALS[m])
    story += [P("Table 2: the year with the most allegations", HEAD)]
    year = [["Year", "Allegations", "Officers investigated"],
            ["2013", str(MET_2013["allegations"]), str(MET_2013["officers"])]]
    story += [ruled(year, col_widths=[30 * mm, 40 * mm, 50 * mm]), Spacer(1, 10)]
    truth.add(force, "allegations", "2013", MET_2013["allegations"])
    truth.add(force, "officers", "2013", MET_2013["officers"])
    story += [
        P("An allegation is counted once however many officers it concerns, and an officer once for each case, "
          "so the number of officers can be larger than the number of allegations in a year."),
        P(REVIEW),
    ]
    story += signoff("Information Manager", "Information Rights Unit, Metropolitan Police Service")
    story += [Spacer(1, 8), P(RECONSTRUCTION + ".", SMALL)]
    write_pdf(folder / name, story, title=f"Freedom of Information response {ref}", author="foi example",
              banner="RECONSTRUCTION for the foi example: not the original letter",
              footer=f"Metropolitan Police Service, reference {ref} - reconstruction")


# ------------------------------------------------------------------------------------------ invented: PDFs

def _sample_intro(received: str = "14 September 2026") -> list:
    return [P("Dear Requester,"),
            P(f"Thank you for your request for information, received on {received}, about police officers "
              "investigated for possessing, making or sharing obscene or indecent images since 2006.")]


def _add_yearly(truth: Truth, force: str, measures=MEASURES, total: bool = True, shown=None) -> None:
    """Record a force's yearly figures (and total) in the truth. shown(value) -> (value, suppressed, text)."""
    idx = {m: MEASURES.index(m) for m in measures}
    for year, row in INVENTED[force].items():
        for m in measures:
            v = row[idx[m]]
            if shown:
                value, suppressed, text = shown(v)
                truth.add(force, m, str(year), value, suppressed, text)
            else:
                truth.add(force, m, str(year), v)
    if total:
        tot = yearly_total(force)
        for m in measures:
            truth.add(force, m, "total", tot[idx[m]])


def make_kent(folder: Path, truth: Truth) -> None:
    """A ruled table: years as rows, measures as columns, a Total row."""
    force, date, ref = "kent", DATES["kent"], "FOI 26-10384"
    name = "FOI 26-10384 Response.pdf"
    truth.force(force, "invented", [name])
    story = letterhead("Kent Police", ["Freedom of Information Office", "Police Headquarters", "Sutton Road",
                                       "Maidstone", "ME15 9BZ"], ref, date, SAMPLE)
    story += _sample_intro()
    story += [
        P("I can confirm that Kent Police holds the information you requested. The information is provided in "
          "the table below, by calendar year, from 1 January 2006 to 31 December 2025. Figures for 2026 are not "
          "included because the year is not complete."),
    ]
    head = ["Year", "Cases", "Allegations", "Officers investigated", "Allegations substantiated",
            "Officers dismissed", "Officers who resigned or retired"]
    data = [[header_cell(h) for h in head]]
    for year, row in INVENTED[force].items():
        data.append([str(year)] + [str(v) for v in row])
    data.append(["Total"] + [str(v) for v in yearly_total(force)])
    widths = [18 * mm, 18 * mm, 24 * mm, 26 * mm, 28 * mm, 24 * mm, 30 * mm]
    story += [ruled(data, col_widths=widths, bold_last=True), Spacer(1, 10)]
    _add_yearly(truth, force)
    story += [
        P("Each case may include more than one allegation and more than one officer. The outcomes are those "
          "recorded when the case was finalised."),
        P(REVIEW),
    ]
    story += signoff("Disclosure Officer", "Information Management Unit, Kent Police")
    write_pdf(folder / name, story, title=f"FOI {ref}", author="Kent Police (sample)", banner=SAMPLE,
              footer=f"Kent Police, reference {ref} - SAMPLE DATA")


def make_west_midlands(folder: Path, truth: Truth) -> None:
    """A white-space table (no rules at all), and s.40(2) applied to part of the request."""
    force, date, ref = "west-midlands", DATES["west-midlands"], "8821/26"
    name = "FOI 8821-26 West Midlands Police.pdf"
    measures = ("cases", "allegations", "officers", "substantiated")
    truth.force(force, "invented", [name],
                "Partial: the numbers of officers dismissed and allowed to resign or retire are withheld "
                "under s.40(2); the document gives no figure for them.")
    story = letterhead("West Midlands Police", ["Freedom of Information Unit", "Lloyd House", "Colmore Circus Queensway",
                                                "Birmingham", "B4 6NQ"], f"FOI {ref}", date, SAMPLE)
    story += _sample_intro()
    story += [
        P("West Midlands Police holds the information you requested. The numbers of cases, allegations, "
          "officers investigated and allegations upheld for each calendar year from 2006 to 2025 are set out "
          "below."),
        P("The number of officers dismissed and the number allowed to resign or retire (parts 4 and 5 of your "
          "request) are withheld under section 40(2) of the Freedom of Information Act 2000, because the numbers "
          "are so small that the officers concerned could be identified, and disclosing their personal data "
          "would breach the data protection principles."),
    ]
    head = ["Year", "Cases", "Allegations", "Officers investigated", "Allegations upheld"]
    data = [head]
    idx = [MEASURES.index(m) for m in measures]
    for year, row in INVENTED[force].items():
        data.append([str(year)] + [str(row[i]) for i in idx])
    tot = yearly_total(force)
    data.append(["Total"] + [str(tot[i]) for i in idx])
    t = Table(data, colWidths=[22 * mm, 22 * mm, 28 * mm, 40 * mm, 36 * mm], hAlign="LEFT")
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9.5),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9.5),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    story += [Spacer(1, 4), t, Spacer(1, 12)]
    _add_yearly(truth, force, measures)
    story += [P(REVIEW)]
    story += signoff("Information Compliance Officer", "Freedom of Information Unit, West Midlands Police")
    write_pdf(folder / name, story, title=f"FOI {ref}", author="West Midlands Police (sample)", banner=SAMPLE,
              footer=f"West Midlands Police, reference {ref} - SAMPLE DATA")


def make_essex(folder: Path, truth: Truth) -> None:
    """Measures as rows, years as columns, on a landscape page (an annex to a portrait letter)."""
    force, date, ref = "essex", DATES["essex"], "FOI/2026/04417"
    name = "2026-04417 Essex Police FOI response.pdf"
    truth.force(force, "invented", [name], "Essex's records begin in 2010, so no figures for 2006 to 2009.")
    story = letterhead("Essex Police", ["Freedom of Information Team", "Police Headquarters", "PO Box 2",
                                        "Springfield, Chelmsford", "CM2 6DA"], ref, date, SAMPLE)
    story += _sample_intro()
    story += [
        P("Essex Police holds the information you requested from 1 January 2010, when the current professional "
          "standards database was introduced. Records of earlier investigations were not migrated to it and "
          "could not be found by a reasonable search."),
        P("The information for 2010 to 2025 is provided in the table in Annex A, one column for each calendar "
          "year."),
        P(REVIEW),
    ]
    story += signoff("Freedom of Information Officer", "Information Rights Team, Essex Police")
    story += [NextPageTemplate("landscape"), PageBreak()]
    story += [P("Annex A: officers investigated for obscene or indecent images, by calendar year", HEAD), Spacer(1, 4)]
    years = list(INVENTED[force])
    labels = {
        "cases": "Number of cases", "allegations": "Number of allegations",
        "officers": "Officers subject to investigation", "substantiated": "Allegations found proven",
        "dismissed": "Officers dismissed", "resigned_or_retired": "Officers allowed to resign or retire",
    }
    tot = yearly_total(force)
    data = [[""] + [str(y) for y in years] + ["Total"]]
    for i, m in enumerate(MEASURES):
        data.append([Paragraph(escape(labels[m]), ParagraphStyle("lab", fontName="Helvetica", fontSize=8, leading=9.5))]
                    + [str(INVENTED[force][y][i]) for y in years] + [str(tot[i])])
    widths = [44 * mm] + [12 * mm] * len(years) + [14 * mm]
    t = ruled(data, col_widths=widths, font_size=8)
    t.setStyle(TableStyle([("FONT", (-1, 0), (-1, -1), "Helvetica-Bold", 8)]))
    story += [t]
    _add_yearly(truth, force)
    write_pdf(folder / name, story, title=f"FOI {ref}", author="Essex Police (sample)", banner=SAMPLE,
              footer=f"Essex Police, reference {ref} - SAMPLE DATA", landscape_pages=True)


def make_south_wales(folder: Path, truth: Truth) -> None:
    """A table over two pages with its header repeated; 1 to 4 suppressed as '*' (fewer than five)."""
    force, date, ref = "south-wales", DATES["south-wales"], "FOI 1432/26"
    name = "FOI 1432-26 South Wales Police response.pdf"
    truth.force(force, "invented", [name],
                "Yearly values from 1 to 4 are suppressed (shown as *); totals are given.")
    story = letterhead("South Wales Police", ["Freedom of Information Unit", "Police Headquarters", "Cowbridge Road",
                                              "Bridgend", "CF31 3SU"], ref, date, SAMPLE)
    story += _sample_intro()
    story += [
        P("South Wales Police holds the information you requested, and it is provided in the table below for "
          "each calendar year from 2006 to 2025."),
        P("Where a figure is between one and four it has not been given: it is shown as *. Small numbers such "
          "as these, together with other information in the public domain, could identify the officers "
          "concerned, and their personal data is exempt under section 40(2) of the Act. The totals for the "
          "whole period are large enough to be given. Zero is shown as 0."),
        P("Please note that an investigation is recorded in the year in which it began, and that its outcome is "
          "recorded in the same row even where the misconduct proceedings ended in a later year. Officers who "
          "resigned or retired did so while the investigation or the proceedings were under way."),
        P("The figures were taken from the force's professional standards case management system on "
          "20 October 2026. They may differ slightly from figures published before that date, because cases "
          "are sometimes re-categorised when an investigation ends."),
        P("Officers investigated for possessing, making or sharing obscene or indecent images, 2006 to 2025", HEAD),
    ]

    def shown(v: int):
        if 1 <= v <= 4:
            return None, True, "*"
        return v, False, str(v)

    head = ["Year", "Cases", "Allegations", "Officers", "Substantiated", "Dismissed", "Resigned or retired"]
    data = [[header_cell(h) for h in head]]
    for year, row in INVENTED[force].items():
        data.append([str(year)] + [shown(v)[2] for v in row])
    tot = yearly_total(force)
    data.append(["Total"] + [shown(v)[2] for v in tot])
    widths = [22 * mm, 20 * mm, 24 * mm, 22 * mm, 28 * mm, 22 * mm, 30 * mm]
    t = ruled(data, col_widths=widths, bold_last=True, repeat=1)
    t.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 4.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5)]))
    story += [t, Spacer(1, 4), P("* fewer than five", SMALL), Spacer(1, 8)]
    _add_yearly(truth, force, total=False, shown=shown)
    for m, v in zip(MEASURES, tot):
        value, suppressed, text = shown(v)
        truth.add(force, m, "total", value, suppressed, text)
    story += [P(REVIEW)]
    story += signoff("Disclosure Officer", "Freedom of Information Unit, South Wales Police")
    write_pdf(folder / name, story, title=f"FOI {ref}", author="South Wales Police (sample)", banner=SAMPLE,
              footer=f"South Wales Police, reference {ref} - SAMPLE DATA")


def make_lancashire(folder: Path, truth: Truth) -> None:
    """A spreadsheet, and a short covering letter (PDF) that points to it."""
    force, date, ref = "lancashire", DATES["lancashire"], "LC-2026-FOI-0913"
    letter_name, sheet_name = "LC-2026-FOI-0913 covering letter.pdf", "LC-2026-FOI-0913 data.xlsx"
    truth.force(force, "invented", [letter_name, sheet_name], "The figures are in the spreadsheet.")
    story = letterhead("Lancashire Constabulary", ["Information Access Team", "Police Headquarters", "Saunders Lane",
                                                   "Hutton, Preston", "PR4 5SB"], ref, date, SAMPLE)
    story += [
        P("Dear Requester,"),
        P("Thank you for your request for information, received on 14 September 2026, and for your clarification "
          "of 24 September 2026 that you would like the figures for each calendar year."),
        P("Lancashire Constabulary holds the information you requested. The information requested is attached as "
          "a spreadsheet, one row per calendar year from 2006 to 2025."),
        P(REVIEW),
    ]
    story += signoff("Information Access Officer", "Information Access Team, Lancashire Constabulary")
    write_pdf(folder / letter_name, story, title=f"FOI {ref}", author="Lancashire Constabulary (sample)",
              banner=SAMPLE, footer=f"Lancashire Constabulary, reference {ref} - SAMPLE DATA")

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "FOI 0913"
    ws.append([SAMPLE])
    ws["A1"].font = Font(bold=True, color="9B1C1C")
    ws.append([f"Lancashire Constabulary - Freedom of Information request {ref}"])
    ws.append([])
    head = ["Calendar year", "Investigations", "Allegations", "Officers investigated", "Substantiated", "Dismissed",
            "Resigned/retired"]
    ws.append(head)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for year, row in INVENTED[force].items():
        ws.append([year, *row])
    ws.append(["Total", *yearly_total(force)])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.append([])
    ws.append(["Source: Professional Standards Department case records, extracted 15 October 2026."])
    for col, width in zip("ABCDEFG", (15, 15, 13, 22, 15, 12, 18)):
        ws.column_dimensions[col].width = width
    when = dt.datetime(2026, 10, 21, 9, 0, 0)
    wb.properties.creator = "Lancashire Constabulary (sample)"
    wb.properties.lastModifiedBy = "foi example"
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.title = f"FOI {ref}"
    path = folder / sheet_name
    wb.save(path)
    _fix_zip(path, when)
    _add_yearly(truth, force)


# ------------------------------------------------------------------------------------------ invented: Word

def make_thames_valley(folder: Path, truth: Truth) -> None:
    """A Word letter with a table; nil shown as '-', with the legend '- denotes nil'. No total row."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    force, date, ref = "thames-valley", DATES["thames-valley"], "FOI-2026-2291"
    name = "FOI-2026-2291 Thames Valley Police.docx"
    truth.force(force, "invented", [name], "Nil is shown as '-' with the legend '- denotes nil'; no total row.")
    doc = Document()
    section = doc.sections[0]
    hp = section.header.paragraphs[0]
    hp.text = SAMPLE
    hp.runs[0].bold = True
    banner = doc.add_paragraph()
    run = banner.add_run(SAMPLE)
    run.bold = True
    run.font.color.rgb = RGBColor(0x9B, 0x1C, 0x1C)
    doc.add_heading("Thames Valley Police", level=1)
    for line in ("Information Access", "Headquarters South", "Oxford Road", "Kidlington", "OX5 2NX"):
        doc.add_paragraph(line)
    doc.add_paragraph(f"Our reference: {ref}")
    doc.add_paragraph(f"Date: {long_date(date)}")
    doc.add_paragraph("Dear Requester,")
    doc.add_paragraph("Thank you for your request for information, received on 14 September 2026, about police "
                      "officers investigated for possessing, making or sharing obscene or indecent images since "
                      "2006.")
    doc.add_paragraph("Thames Valley Police holds the information you requested. The information is provided in "
                      "full in the table below, by calendar year from 2006 to 2025.")
    head = ["Year", "No. of cases", "No. of allegations", "No. of officers investigated", "Allegations upheld",
            "Dismissals", "Resignations and retirements"]
    rows = [[str(year)] + [str(v) if v else "-" for v in row] for year, row in INVENTED[force].items()]
    table = doc.add_table(rows=1 + len(rows), cols=len(head))
    table.style = "Table Grid"
    for j, h in enumerate(head):
        cell = table.rows[0].cells[j]
        cell.text = h
        cell.paragraphs[0].runs[0].bold = True
    for i, row in enumerate(rows, 1):
        for j, v in enumerate(row):
            table.rows[i].cells[j].text = v
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(9)
    doc.add_paragraph("- denotes nil")
    doc.add_paragraph("An investigation may concern more than one allegation and more than one officer.")
    doc.add_paragraph(REVIEW)
    doc.add_paragraph("Yours sincerely,")
    doc.add_paragraph("Information Access Officer")
    doc.add_paragraph("Thames Valley Police")
    when = dt.datetime(2026, 10, 9, 9, 0, 0)
    cp = doc.core_properties
    cp.author = "Thames Valley Police (sample)"
    cp.last_modified_by = "foi example"
    cp.title = f"FOI {ref}"
    cp.created = when
    cp.modified = when
    cp.revision = 1
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    _fix_zip(path, when)
    _add_yearly(truth, force, total=False, shown=lambda v: (v, False, str(v) if v else "-"))


# ------------------------------------------------------------------------------------------ invented: no figures

def make_dorset(folder: Path, truth: Truth) -> None:
    force, date, ref = "dorset", DATES["dorset"], "FOI 2026-1118"
    name = "FOI 2026-1118 Dorset Police.pdf"
    truth.force(force, "invented", [name], "Not held: no figures.")
    story = letterhead("Dorset Police", ["Freedom of Information", "Force Headquarters", "Winfrith",
                                         "Dorchester", "DT2 8DZ"], ref, date, SAMPLE)
    story += _sample_intro()
    story += [
        P("Dorset Police does not hold this information."),
        P("Our professional standards records note the category of misconduct alleged (for example "
          "discreditable conduct) but not the nature of the material involved, so investigations concerning "
          "obscene or indecent images cannot be told apart from others. Finding them would mean creating new "
          "information, which the Act does not require."),
        P("Under section 16 of the Act, you may wish to ask the Office for Police Conduct, which publishes "
          "national misconduct statistics."),
        P(REVIEW),
    ]
    story += signoff("Freedom of Information Decision Maker", "Dorset Police")
    write_pdf(folder / name, story, title=f"FOI {ref}", author="Dorset Police (sample)", banner=SAMPLE,
              footer=f"Dorset Police, reference {ref} - SAMPLE DATA")


def make_greater_manchester(folder: Path, truth: Truth) -> None:
    force, date, ref = "greater-manchester", DATES["greater-manchester"], "FOI/2026/008812"
    name = "FOI-2026-008812 GMP refusal notice.pdf"
    truth.force(force, "invented", [name], "Refused under s.12 (cost limit): no figures.")
    story = letterhead("Greater Manchester Police", ["Information Compliance and Records Management Unit",
                                                     "Openshaw Complex", "Lawton Street", "Manchester", "M11 2NS"],
                       ref, date, SAMPLE)
    story += _sample_intro()
    story += [
        P("Section 12 refusal notice", HEAD),
        P("Greater Manchester Police is refusing your request under section 12 of the Freedom of Information "
          "Act 2000, because the cost of complying with it would exceed the appropriate limit of £450, "
          "which is 18 hours of work."),
        P("Misconduct cases are not recorded in a way that identifies those concerning obscene or indecent "
          "images. Each of about 9,000 case files opened since 2006 would have to be read; at two minutes a file "
          "that is some 300 hours. This letter is a refusal notice under section 17(5) of the Act."),
        P("Advice and assistance (section 16): a request for a shorter period, for example the last two "
          "calendar years, may fall within the cost limit."),
        P(REVIEW),
    ]
    story += signoff("Information Compliance Officer", "Greater Manchester Police")
    write_pdf(folder / name, story, title=f"FOI {ref}", author="Greater Manchester Police (sample)",
              banner=SAMPLE, footer=f"Greater Manchester Police, reference {ref} - SAMPLE DATA")


MAKERS = {
    "metropolitan": make_metropolitan,
    "kent": make_kent,
    "west-midlands": make_west_midlands,
    "essex": make_essex,
    "dorset": make_dorset,
    "lancashire": make_lancashire,
    "greater-manchester": make_greater_manchester,
    "south-wales": make_south_wales,
    "thames-valley": make_thames_valley,
}


def generate(out: Path) -> dict:
    """Write every response under out/responses/obscene-images/ and out/examples/sample_truth.json."""
    truth = Truth()
    base = out / "responses" / SLUG
    for force, make in MAKERS.items():
        folder = base / force
        folder.mkdir(parents=True, exist_ok=True)
        make(folder, truth)
    data = truth.to_json()
    path = out / "examples" / "sample_truth.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO,
                        help="the workspace to write into (default: this repository)")
    args = parser.parse_args(argv)
    data = generate(args.out)
    n = sum(len(f["figures"]) for f in data["forces"].values())
    print(f"wrote {len(MAKERS)} forces' responses and {n} true figures under {args.out}")


if __name__ == "__main__":
    main()
