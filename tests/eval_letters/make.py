#!/usr/bin/env python3
"""Generate a held-out set of police FOI response letters, with the true figures of each.

usage: python tests/eval_letters/make.py OUT_DIR [--truth PATH]

Writes the documents under OUT_DIR/<letter id>/ and OUT_DIR/truth.json. Run as a script it also
refreshes the committed copy, tests/eval_letters/truth.json (unless --truth says elsewhere).

The letters answer one of two requests (`REQUESTS` below: the same measures, by calendar year or
by financial year, since 2010), each from a different force, and vary what real letters vary:
letterheads, prose, ruled / white-space / horizontal-rule / shaded tables, years as rows or columns,
header wordings, totals, suppression and dash conventions, footnote markers, page breaks, several
or irrelevant tables, landscape pages, XLSX and DOCX, prose-only answers and totals that do not add
up. `truth.json` lists, per letter, every number the documents state that answers a measure:
{"measure", "period" ("2014", "2014-15" or "total"), "value" (int or null), "suppressed" (bool)}.

Output is byte-identical on every run: fixed seeds, reportlab's invariant mode, fixed document
properties and ZIP timestamps for XLSX and DOCX.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

rl_config.invariant = 1

HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):  # run as a script: the repository root, for tests.letters
    sys.path.insert(0, str(HERE.parents[1]))

from tests.letters import EVAL_MEASURES as MEASURES  # noqa: E402
from tests.letters import EVAL_REQUEST_BODY as REQUEST_BODY  # noqa: E402
from tests.letters import eval_request_yaml, fixed_zip, plain_paragraph  # noqa: E402

REQUESTS = {"cy": "calendar-year", "fy": "financial-year"}
SENT = dt.date(2016, 1, 11)
FIXED_TIME = dt.datetime(2016, 2, 8, 9, 30, 0)

FORCE_NAMES = {
    "avon-and-somerset": "Avon and Somerset Constabulary", "bedfordshire": "Bedfordshire Police",
    "cambridgeshire": "Cambridgeshire Constabulary", "cheshire": "Cheshire Constabulary",
    "cleveland": "Cleveland Police", "cumbria": "Cumbria Constabulary",
    "derbyshire": "Derbyshire Constabulary", "devon-and-cornwall": "Devon & Cornwall Police",
    "dorset": "Dorset Police", "durham": "Durham Constabulary", "dyfed-powys": "Dyfed-Powys Police",
    "essex": "Essex Police", "gloucestershire": "Gloucestershire Constabulary",
    "greater-manchester": "Greater Manchester Police", "gwent": "Gwent Police",
    "hampshire": "Hampshire Constabulary", "hertfordshire": "Hertfordshire Constabulary",
    "humberside": "Humberside Police", "kent": "Kent Police", "lancashire": "Lancashire Constabulary",
    "leicestershire": "Leicestershire Police", "lincolnshire": "Lincolnshire Police",
    "merseyside": "Merseyside Police", "norfolk": "Norfolk Constabulary", "north-wales": "North Wales Police",
    "northamptonshire": "Northamptonshire Police", "northumbria": "Northumbria Police",
    "nottinghamshire": "Nottinghamshire Police", "south-wales": "South Wales Police",
    "south-yorkshire": "South Yorkshire Police", "staffordshire": "Staffordshire Police",
    "suffolk": "Suffolk Constabulary", "surrey": "Surrey Police", "sussex": "Sussex Police",
}

CY = [str(y) for y in range(2010, 2015)]          # 2010 .. 2014
CY6 = [str(y) for y in range(2010, 2016)]         # 2010 .. 2015
FY = [f"{y}-{(y + 1) % 100:02d}" for y in range(2010, 2015)]   # 2010-11 .. 2014-15


# ---------------------------------------------------------------------------- truth and data


@dataclass
class Letter:
    id: str
    force: str
    request: str  # "cy" or "fy"
    features: str
    files: list[str] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)

    def add(self, measure: str, period: str, value, suppressed: bool = False):
        for f in self.figures:
            if f["measure"] == measure and f["period"] == period:
                raise ValueError(f"{self.id}: {measure} {period} stated twice in the truth")
        self.figures.append({"measure": measure, "period": period,
                             "value": None if suppressed else value, "suppressed": bool(suppressed)})


def gen_data(rng: random.Random, periods: list[str], big: bool = False) -> dict[str, dict[str, int]]:
    """Plausible small figures per period: allegations >= cases, officers >= cases, outcomes <= those."""
    d = {m: {} for m in MEASURES}
    for p in periods:
        c = rng.randint(2, 9) if big else rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6])
        a = c + rng.randint(0, 4) if c else 0
        o = c + rng.randint(0, 2) if c else 0
        s = rng.randint(0, a)
        dm = rng.randint(0, min(o, s))
        r = rng.randint(0, o - dm)
        for m, v in zip(MEASURES, (c, a, o, s, dm, r)):
            d[m][p] = v
    return d


def totals(data: dict[str, dict[str, int]]) -> dict[str, int]:
    return {m: sum(v.values()) for m, v in data.items()}


# A formatter turns a true value into (cell text, stated value, suppressed).
def plain(v):
    return str(v), v, False


def lt5(v):
    return ("<5", None, True) if 1 <= v <= 4 else (str(v), v, False)


def star(v):
    return ("*", None, True) if 1 <= v <= 4 else (str(v), v, False)


def range14(v):
    return ("1-4", None, True) if 1 <= v <= 4 else (str(v), v, False)


def redacted(v):
    return ("Redacted", None, True) if 1 <= v <= 2 else (str(v), v, False)


def dash0(v):
    return ("-", 0, False) if v == 0 else (str(v), v, False)


def nil0(v):
    return ("Nil", 0, False) if v == 0 else (str(v), v, False)


def rows_table(letter: Letter, data, periods, labels, cols, fmt=plain, total=None,
               header=("Year",), overrides=None, total_label="Total"):
    """Years as rows. cols: [(header text, measure)]. total: None, "row" or a dict of stated totals.

    overrides[(measure, period)] = (text, value, suppressed) replaces a cell and its truth.
    Returns the grid of cell texts and records the truth in `letter`.
    """
    overrides = overrides or {}
    grid = [list(header) + [h for h, _ in cols]]
    for p, label in zip(periods, labels):
        row = [label]
        for _, m in cols:
            text, value, sup = overrides.get((m, p)) or fmt(data[m][p])
            row.append(text)
            letter.add(m, p, value, sup)
        grid.append(row)
    if total is not None:
        sums = totals(data) if total == "row" else total
        row = [total_label] + [""] * (len(header) - 1)
        for _, m in cols:
            text, value, sup = overrides.get((m, "total")) or fmt(sums[m])
            row.append(text)
            letter.add(m, "total", value, sup)
        grid.append(row)
    return grid


def cols_table(letter: Letter, data, periods, labels, rows, fmt=plain, total=False, corner="",
               overrides=None, total_label="Total"):
    """Years as columns. rows: [(row label, measure)]."""
    overrides = overrides or {}
    grid = [[corner] + list(labels) + ([total_label] if total else [])]
    sums = totals(data)
    for label, m in rows:
        row = [label]
        for p in periods:
            text, value, sup = overrides.get((m, p)) or fmt(data[m][p])
            row.append(text)
            letter.add(m, p, value, sup)
        if total:
            text, value, sup = overrides.get((m, "total")) or fmt(sums[m])
            row.append(text)
            letter.add(m, "total", value, sup)
        grid.append(row)
    return grid


# ---------------------------------------------------------------------------- PDF building blocks

SS = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=SS["Normal"], fontName="Helvetica", fontSize=10, leading=13,
                      spaceAfter=7)
BODY_ARIAL = ParagraphStyle("body2", parent=BODY, fontName="Times-Roman", fontSize=11, leading=14)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="Helvetica-Bold")
HEAD = ParagraphStyle("head", parent=BODY, fontName="Helvetica-Bold", fontSize=12, leading=15, spaceAfter=9)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11, spaceAfter=0)
CELL_B = ParagraphStyle("cellb", parent=CELL, fontName="Helvetica-Bold")
CELL_BW = ParagraphStyle("cellbw", parent=CELL_B, textColor=colors.white, alignment=TA_CENTER)


def P(text: str, style=BODY) -> Paragraph:
    return plain_paragraph(text, style)


def table(grid, kind: str = "grid", widths=None, repeat: int = 0, para_header=False, header_rows: int = 1,
          spans=(), font_size: int = 9, align="CENTER", zebra=False, bold_first_col=False):
    """A reportlab table in one of the styles forces use."""
    data = [list(r) for r in grid]
    if para_header and widths:
        # A header wraps between words, never inside one: each column is at least as wide as its longest word.
        from reportlab.pdfbase.pdfmetrics import stringWidth

        widths = list(widths)
        for i in range(header_rows):
            for j, text in enumerate(data[i]):
                longest = max((stringWidth(w, "Helvetica-Bold", 9) for w in str(text).split()), default=0)
                widths[j] = max(widths[j], longest + 18)
    if para_header:
        st = CELL_BW if kind == "shaded" else CELL_B
        for i in range(header_rows):
            data[i] = [plain_paragraph(c, st) if c else "" for c in data[i]]
    t = Table(data, colWidths=widths, repeatRows=repeat, hAlign=align)
    h = header_rows - 1
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", font_size),
        ("FONT", (0, 0), (-1, h), "Helvetica-Bold", font_size),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if bold_first_col:
        style.append(("FONT", (0, header_rows), (0, -1), "Helvetica-Bold", font_size))
    if kind == "grid":
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif kind == "shaded":
        style += [("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#7F7F7F")),
                  ("BACKGROUND", (0, 0), (-1, h), colors.HexColor("#1F3864")),
                  ("TEXTCOLOR", (0, 0), (-1, h), colors.white)]
    elif kind == "lightshade":
        style += [("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#A6A6A6")),
                  ("BACKGROUND", (0, 0), (-1, h), colors.HexColor("#D9D9D9"))]
    elif kind == "hrules":
        style += [("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
                  ("LINEBELOW", (0, h), (-1, h), 0.6, colors.black),
                  ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black)]
    elif kind == "hrules_all":
        style += [("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#404040")),
                  ("LINEABOVE", (0, 0), (-1, 0), 0.4, colors.HexColor("#404040"))]
    elif kind == "box":
        style += [("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                  ("LINEBELOW", (0, h), (-1, h), 0.8, colors.black)]
    elif kind == "none":
        style += [("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8)]
    else:
        raise ValueError(kind)
    if zebra:
        for i in range(header_rows, len(data)):
            if (i - header_rows) % 2 == 1:
                style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#EEF3FA")))
    for a, b in spans:
        style.append(("SPAN", a, b))
    t.setStyle(TableStyle(style))
    return t


@dataclass
class Head:
    """How the letterhead and footer look."""
    force: str
    ref: str
    date: str
    kind: str = "left"    # left | centre | reftable | plain
    address: str = ""
    footer: str = "OFFICIAL"
    unit: str = "Freedom of Information Unit"


def letterhead(h: Head) -> list:
    name = FORCE_NAMES[h.force]
    addr = h.address or f"{h.unit}\nPolice Headquarters\nPO Box 1\n{name.split()[0]}"
    out = []
    if h.kind == "left":
        out += [P(name.upper(), ParagraphStyle("lh", parent=HEAD, fontSize=16, leading=20,
                                               textColor=colors.HexColor("#002C5F"))),
                P(addr, ParagraphStyle("addr", parent=SMALL, alignment=TA_RIGHT)),
                P(f"Our reference: {h.ref}\nDate: {h.date}", BODY)]
    elif h.kind == "centre":
        out += [P(name, ParagraphStyle("lc", parent=HEAD, fontSize=15, alignment=TA_CENTER)),
                P(h.unit, ParagraphStyle("lc2", parent=BODY, alignment=TA_CENTER)),
                Spacer(1, 6),
                P(f"{h.date}", ParagraphStyle("dr", parent=BODY, alignment=TA_RIGHT)),
                P(f"Freedom of Information Request Reference No: {h.ref}", BOLD)]
    elif h.kind == "reftable":
        # A layout table: forces' templates put the reference block in one.
        lay = Table([[P(name, HEAD), P(addr, SMALL)],
                     ["", P(f"Our Ref: {h.ref}\nYour Ref: FOI request\nDate: {h.date}\nTel: 101 ext. 4521", SMALL)]],
                    colWidths=[95 * mm, 70 * mm])
        lay.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        out += [lay, Spacer(1, 10)]
    elif h.kind == "plain":
        out += [P(f"{name} - {h.unit}", BOLD), P(f"{h.date}\nFOI Reference: {h.ref}", BODY)]
    out.append(Spacer(1, 6))
    return out


def dear(greeting: str = "Dear Requester") -> list:
    return [P(greeting + ",")]


def intro(h: Head, periods: str = "calendar year") -> list:
    name = FORCE_NAMES[h.force]
    return [
        P(f"I write in connection with your request for information which was received by {name} "
          f"on 11 January 2016. Please find below our response."),
        P("You asked:", BOLD),
        P('"' + REQUEST_BODY.format(unit=periods) + '"', ParagraphStyle("q", parent=BODY, leftIndent=18,
                                                                         fontName="Helvetica-Oblique")),
        P("Following receipt of your request, searches were conducted with the Professional Standards "
          f"Department of {name}. I can confirm that the information you have requested is held."),
    ]


def s40(kind="fewer than five") -> Paragraph:
    return P(f"Where the number is {kind}, the figure has been withheld under Section 40(2) of the "
             "Freedom of Information Act 2000 (personal information), as disclosing such small numbers "
             "could lead to the identification of the officers concerned.")


def closing(name="Disclosure Officer", force="") -> list:
    return [
        P("Please note that the figures are taken from the force's professional standards case "
          "management system and reflect the position at the time the searches were carried out. A "
          "case is counted in the year it was recorded, which may differ from the year of the conduct."),
        P("If you are dissatisfied with this response you may ask for an internal review within 40 "
          "working days of the date of this letter. If you remain dissatisfied you may complain to the "
          "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF."),
        P("Yours sincerely,"), Spacer(1, 10), P(name), P(f"Information Management, {FORCE_NAMES[force]}" if force else ""),
    ]


def build_pdf(path: Path, h: Head, story: list, pagesize=A4, first_landscape=False):
    name = FORCE_NAMES[h.force]

    def footer(canvas, doc):
        canvas.saveState()
        w, _ = canvas._pagesize
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(w / 2, 12 * mm, h.footer)
        canvas.drawRightString(w - 18 * mm, 12 * mm, f"Page {doc.page}")
        canvas.drawString(18 * mm, 12 * mm, name)
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=landscape(pagesize) if first_landscape else pagesize,
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=22 * mm,
        title=f"FOI {h.ref}", author=name, creator="Microsoft Word", subject="Freedom of Information response",
        invariant=1,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


# ---------------------------------------------------------------------------- ZIP (XLSX, DOCX) determinism


def normalise_zip(path: Path, core_dates=()):
    """A ZIP with fixed timestamps and attributes, entries in their original order."""
    fixed_zip(path, FIXED_TIME, core_dates)


# ---------------------------------------------------------------------------- the letters

LETTERS = []


def letter(fn):
    LETTERS.append(fn)
    return fn


def ref(n: int) -> str:
    return f"FOI/2016/{n:04d}"


@letter
def l01(out: Path, rng):
    """Baseline: ruled grid, years as rows, alias headers, Total row."""
    L = Letter("L01", "avon-and-somerset", "cy", "ruled grid; years as rows; Total row")
    d = gen_data(rng, CY)
    h = Head(L.force, ref(112), "8 February 2016", "left")
    grid = rows_table(L, d, CY, CY, [("Cases", "cases"), ("Allegations", "allegations"),
                                     ("Officers", "officers"), ("Substantiated", "substantiated"),
                                     ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
                      total="row")
    story = letterhead(h) + dear() + intro(h) + [table(grid, "grid"), Spacer(1, 10)] + closing(force=L.force)
    build_pdf(out / "L01" / "response.pdf", h, story)
    L.files = ["L01/response.pdf"]
    return L


@letter
def l02(out: Path, rng):
    """White-space table, header wordings unlike the aliases, wrapped header, no total."""
    L = Letter("L02", "bedfordshire", "cy", "white-space table; varied/wrapped headers; no total")
    d = gen_data(rng, CY)
    h = Head(L.force, "BED/FOI/0231/16", "3 February 2016", "centre")
    grid = rows_table(L, d, CY, CY, [
        ("Number of cases", "cases"), ("Number of\nallegations", "allegations"),
        ("No. of officers subject to investigation", "officers"), ("Allegations upheld", "substantiated"),
        ("Dismissed (without notice)", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        header=("Calendar Year",))
    t = table(grid, "none", widths=[20 * mm, 20 * mm, 22 * mm, 32 * mm, 22 * mm, 24 * mm, 30 * mm], para_header=True)
    story = letterhead(h) + dear("Dear Sir/Madam") + intro(h) + [
        P("The table below shows the number of investigations recorded by calendar year."), t, Spacer(1, 10),
    ] + closing("J. Smith, Information Rights Officer", L.force)
    build_pdf(out / "L02" / "response.pdf", h, story)
    L.files = ["L02/response.pdf"]
    return L


@letter
def l03(out: Path, rng):
    """Years as columns, horizontal rules only, Total column, "Found proven", "Dismissals"."""
    L = Letter("L03", "cambridgeshire", "cy", "years as columns; horizontal rules only; Total column")
    d = gen_data(rng, CY)
    h = Head(L.force, ref(87), "29 January 2016", "plain")
    grid = cols_table(L, d, CY, CY, [
        ("Investigations", "cases"), ("Allegations", "allegations"), ("Officers investigated", "officers"),
        ("Found proven", "substantiated"), ("Dismissals", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
        total=True)
    story = letterhead(h) + dear() + intro(h) + [
        P("Officers investigated for offences relating to indecent images, 2010 to 2014", BOLD),
        table(grid, "hrules", widths=[45 * mm] + [18 * mm] * 6), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "L03" / "response.pdf", h, story)
    L.files = ["L03/response.pdf"]
    return L


@letter
def l04(out: Path, rng):
    """Shaded header, "<5" suppression with a legend; total row also suppressed where small."""
    L = Letter("L04", "cheshire", "cy", "shaded header; '<5' with legend; Total row")
    d = gen_data(rng, CY, big=True)
    h = Head(L.force, "FOI 0456/16", "12 February 2016", "reftable")
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers investigated", "officers"),
        ("Upheld", "substantiated"), ("Dismissed", "dismissed"), ("Resigned / Retired", "resigned_or_retired")],
        fmt=lt5, total="row")
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "shaded", para_header=True, widths=[20 * mm] + [24 * mm] * 6),
        Spacer(1, 4), P("<5 denotes a figure between 1 and 4 which has been suppressed.", SMALL), Spacer(1, 6), s40(),
    ] + closing(force=L.force)
    build_pdf(out / "L04" / "response.pdf", h, story)
    L.files = ["L04/response.pdf"]
    return L


@letter
def l05(out: Path, rng):
    """"*" suppression with a legend below; "Officers dismissed" header; box table."""
    L = Letter("L05", "cleveland", "cy", "'*' suppression with legend; 'Officers dismissed'; box table")
    d = gen_data(rng, CY, big=True)
    h = Head(L.force, ref(301), "5 February 2016", "left")
    grid = rows_table(L, d, CY, CY, [
        ("Number of cases", "cases"), ("Number of allegations", "allegations"),
        ("Number of officers", "officers"), ("Allegations substantiated", "substantiated"),
        ("Officers dismissed", "dismissed"), ("Officers resigned or retired", "resigned_or_retired")],
        fmt=star)
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "box", para_header=True, widths=[18 * mm] + [26 * mm] * 6),
        P("* Figures of fewer than five have been suppressed to prevent the identification of individuals.", SMALL),
    ] + closing(force=L.force)
    build_pdf(out / "L05" / "response.pdf", h, story)
    L.files = ["L05/response.pdf"]
    return L


@letter
def l06(out: Path, rng):
    """"1-4" suppression without a legend; grid; Total row."""
    L = Letter("L06", "cumbria", "cy", "'1-4' suppression, no legend; Total row")
    d = gen_data(rng, CY, big=True)
    h = Head(L.force, "CC-FOI-2016-0077", "1 February 2016", "plain")
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Proven", "substantiated"), ("Dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
        fmt=range14, total="row", header=("Year recorded",))
    story = letterhead(h) + dear() + intro(h) + [table(grid, "grid"), Spacer(1, 8), s40("between one and four")] \
        + closing(force=L.force)
    build_pdf(out / "L06" / "response.pdf", h, story)
    L.files = ["L06/response.pdf"]
    return L


@letter
def l07(out: Path, rng):
    """"Redacted" cells, explained in prose; light shading."""
    L = Letter("L07", "derbyshire", "cy", "'Redacted' cells; light shaded header")
    d = gen_data(rng, CY)
    h = Head(L.force, ref(415), "9 February 2016", "centre")
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        fmt=redacted)
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "lightshade"), Spacer(1, 8),
        P("Some figures have been redacted: where one or two officers are concerned, disclosure would be "
          "likely to identify them, and the information is exempt under Section 40(2)."),
    ] + closing(force=L.force)
    build_pdf(out / "L07" / "response.pdf", h, story)
    L.files = ["L07/response.pdf"]
    return L


@letter
def l08(out: Path, rng):
    """Dashes with a legend ("- denotes nil")."""
    L = Letter("L08", "devon-and-cornwall", "cy", "dashes with legend '- denotes nil'")
    d = gen_data(rng, CY)
    h = Head(L.force, "DC/FOI/1602/0033", "4 February 2016", "reftable")
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned or Retired", "resigned_or_retired")],
        fmt=dash0, total="row")
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "grid"), P("Key: - denotes nil", SMALL),
    ] + closing(force=L.force)
    build_pdf(out / "L08" / "response.pdf", h, story)
    L.files = ["L08/response.pdf"]
    return L


@letter
def l09(out: Path, rng):
    """Dashes without any legend: the truth is nil (a reviewer would confirm it)."""
    L = Letter("L09", "dorset", "cy", "dashes without legend (true value 0)")
    d = gen_data(rng, CY)
    h = Head(L.force, "2016-0098", "2 February 2016", "left")
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers investigated", "officers"),
        ("Upheld", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/retired", "resigned_or_retired")],
        fmt=dash0)
    story = letterhead(h) + dear() + intro(h) + [table(grid, "hrules_all"), Spacer(1, 8)] + closing(force=L.force)
    build_pdf(out / "L09" / "response.pdf", h, story)
    L.files = ["L09/response.pdf"]
    return L


@letter
def l10(out: Path, rng):
    """Footnote markers on numbers: "12*" and "3¹"."""
    L = Letter("L10", "durham", "cy", "footnote markers '12*', '3¹'")
    d = gen_data(rng, CY, big=True)
    d["allegations"]["2012"] = 12
    d["cases"]["2013"] = max(d["cases"]["2013"], 3)
    h = Head(L.force, ref(58), "28 January 2016", "plain")
    ov = {("allegations", "2012"): ("12*", 12, False), ("cases", "2013"): (f"{d['cases']['2013']}¹", d["cases"]["2013"], False)}
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        overrides=ov)
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "grid"), Spacer(1, 4),
        P("* Includes allegations against one officer from a collaborated unit.", SMALL),
        P("¹ One case recorded in 2013 remains under investigation.", SMALL),
    ] + closing(force=L.force)
    build_pdf(out / "L10" / "response.pdf", h, story)
    L.files = ["L10/response.pdf"]
    return L


@letter
def l11(out: Path, rng):
    """A table continuing over two pages, header not repeated."""
    L = Letter("L11", "dyfed-powys", "cy", "table split over two pages, header not repeated; 2010-2015")
    d = gen_data(rng, CY6)
    h = Head(L.force, "DPP/FOI/16/044", "10 February 2016", "left")
    grid = rows_table(L, d, CY6, CY6, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        total="row")
    filler = [P("Section 1 of the Freedom of Information Act 2000 places two duties on public authorities. "
                "Unless exemptions apply, the first duty at Section 1(1)(a) is to confirm or deny whether "
                "the information specified in a request is held. The second duty at Section 1(1)(b) is to "
                "disclose information that has been confirmed as being held. Where exemptions are relied "
                "upon Section 17 of the Act requires that we provide the applicant with a notice which "
                "states the fact, specifies the exemption in question and states why the exemption applies.")
              for _ in range(3)]
    t = table(grid, "grid", widths=[26 * mm] + [21 * mm] * 5 + [32 * mm])
    t.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 9), ("BOTTOMPADDING", (0, 0), (-1, -1), 9)]))
    story = letterhead(h) + dear() + intro(h) + filler + [Spacer(1, 122), t, Spacer(1, 8)] + closing(force=L.force)
    build_pdf(out / "L11" / "response.pdf", h, story)
    L.files = ["L11/response.pdf"]
    return L


@letter
def l12(out: Path, rng):
    """Two tables: one for investigations, one for outcomes."""
    L = Letter("L12", "essex", "cy", "two tables (investigations / outcomes)")
    d = gen_data(rng, CY)
    h = Head(L.force, ref(502), "11 February 2016", "centre")
    g1 = rows_table(L, d, CY, CY, [("Number of cases", "cases"), ("Number of allegations", "allegations"),
                                   ("Number of officers", "officers")])
    g2 = rows_table(L, d, CY, CY, [("Allegations substantiated", "substantiated"), ("Officers dismissed", "dismissed"),
                                   ("Allowed to resign or retire", "resigned_or_retired")], total="row")
    story = letterhead(h) + dear() + intro(h) + [
        P("Table 1: Investigations recorded", BOLD), table(g1, "grid", widths=[25 * mm] + [38 * mm] * 3),
        Spacer(1, 12),
        P("Table 2: Outcomes", BOLD), table(g2, "grid", widths=[25 * mm] + [38 * mm] * 3), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "L12" / "response.pdf", h, story)
    L.files = ["L12/response.pdf"]
    return L


@letter
def l13(out: Path, rng):
    """An irrelevant table of officer and staff numbers after the answer."""
    L = Letter("L13", "gloucestershire", "cy", "irrelevant extra table: officer/staff strength")
    d = gen_data(rng, CY)
    h = Head(L.force, "GC/FOI/2016/0019", "27 January 2016", "reftable")
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Upheld", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")])
    staff = [["Year (31 March)", "Police officers (FTE)", "Police staff (FTE)", "PCSOs (FTE)"]]
    for i, y in enumerate(CY):
        staff.append([y, f"{1312 - 21 * i:,}", f"{908 - 9 * i}", f"{151 - 3 * i}"])
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "grid"), Spacer(1, 12),
        P("To put these figures in context, the table below shows the force's workforce at 31 March of each "
          "year, as published by the Home Office."),
        table(staff, "lightshade"), Spacer(1, 8),
    ] + closing(force=L.force)
    build_pdf(out / "L13" / "response.pdf", h, story)
    L.files = ["L13/response.pdf"]
    return L


@letter
def l14(out: Path, rng):
    """An irrelevant table of public complaints, before the answer."""
    L = Letter("L14", "greater-manchester", "cy", "irrelevant extra table: complaints by the public (first)")
    d = gen_data(rng, CY, big=True)
    h = Head(L.force, "GMP-FOI-0112-16", "8 February 2016", "left")
    comp = [["Year", "Complaint cases recorded", "Allegations recorded", "Allegations upheld"]]
    for i, y in enumerate(CY):
        comp.append([y, f"{1204 + 37 * i:,}", f"{2731 - 52 * i:,}", f"{211 + 5 * i}"])
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
        total="row")
    story = letterhead(h) + dear() + intro(h) + [
        P("By way of background, all complaints made by members of the public against the force are "
          "recorded under the Police Reform Act 2002 and published annually. The totals were:"),
        table(comp, "grid"), Spacer(1, 12),
        P("The information you asked for, relating to officers investigated for offences involving indecent "
          "images, is as follows:"),
        table(grid, "grid"), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "L14" / "response.pdf", h, story)
    L.files = ["L14/response.pdf"]
    return L


@letter
def l15(out: Path, rng):
    """A landscape letter: years as columns 2010-2015, long measure labels, Total column."""
    L = Letter("L15", "gwent", "cy", "landscape page; years as columns; long row labels; Total column")
    d = gen_data(rng, CY6)
    h = Head(L.force, ref(23), "26 January 2016", "plain")
    grid = cols_table(L, d, CY6, CY6, [
        ("Number of cases in which an officer was investigated", "cases"),
        ("Number of allegations", "allegations"),
        ("Number of officers subject to investigation", "officers"),
        ("Number of allegations found proven", "substantiated"),
        ("Number of officers dismissed", "dismissed"),
        ("Number of officers who resigned or retired", "resigned_or_retired")], total=True, corner="Measure")
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "grid", widths=[95 * mm] + [20 * mm] * 7, bold_first_col=False), Spacer(1, 8),
    ] + closing(force=L.force)
    build_pdf(out / "L15" / "response.pdf", h, story, first_landscape=True)
    L.files = ["L15/response.pdf"]
    return L


@letter
def l16(out: Path, rng):
    """A cover letter in PDF (no table) and the figures in an XLSX attachment."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    L = Letter("L16", "hampshire", "cy", "XLSX attachment with title rows, notes, '<5'; PDF cover letter")
    d = gen_data(rng, CY, big=True)
    h = Head(L.force, "HC/FOI/0388/16", "9 February 2016", "left")
    story = letterhead(h) + dear() + intro(h) + [
        P("The information is provided in the attached spreadsheet. Figures fewer than five are shown as <5 "
          "to protect the identity of the officers concerned (Section 40(2))."),
    ] + closing(force=L.force)
    (out / "L16").mkdir(parents=True, exist_ok=True)
    build_pdf(out / "L16" / "response-letter.pdf", h, story)
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers Investigated", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        fmt=lt5, total="row")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "FOI 0388-16"
    ws["A1"] = "Hampshire Constabulary - FOI 0388/16"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Officers investigated for offences involving indecent images, by calendar year recorded"
    for r, row in enumerate(grid, start=4):
        for c, text in enumerate(row, start=1):
            value = int(text) if text.isdigit() else text
            cell = ws.cell(row=r, column=c, value=value)
            if r == 4:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="D9E1F2")
    ws.cell(row=4 + len(grid) + 1, column=1, value="<5 = figure between 1 and 4, suppressed under Section 40(2)")
    ws.cell(row=4 + len(grid) + 2, column=1, value="Source: Centurion, extracted 2 February 2016")
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Cases are counted in the year recorded. One case may involve several officers."
    wb.properties.creator = "Hampshire Constabulary"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    xlsx = out / "L16" / "FOI-0388-16-data.xlsx"
    wb.save(xlsx)
    normalise_zip(xlsx, core_dates=("dcterms:created", "dcterms:modified"))  # openpyxl stamps the time of saving
    L.files = ["L16/response-letter.pdf", "L16/FOI-0388-16-data.xlsx"]
    return L


@letter
def l17(out: Path, rng):
    """A DOCX letter with a Word table."""
    import docx
    from docx.shared import Pt

    L = Letter("L17", "hertfordshire", "cy", "DOCX letter with Word table; Total row")
    d = gen_data(rng, CY)
    grid = rows_table(L, d, CY, CY, [
        ("No. of cases", "cases"), ("No. of allegations", "allegations"), ("No. of officers", "officers"),
        ("Allegations upheld", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        total="row")
    doc = docx.Document()
    doc.add_heading("Hertfordshire Constabulary", level=1)
    doc.add_paragraph("Joint Protective Services - Information Management\nStevenage Road, Welwyn Garden City")
    doc.add_paragraph("Our reference: FOI 2016/0211\nDate: 5 February 2016")
    doc.add_paragraph("Dear Requester,")
    doc.add_paragraph("Thank you for your request for information, received on 11 January 2016, regarding "
                      "officers investigated for possessing or sharing indecent images.")
    doc.add_paragraph("I can confirm that Hertfordshire Constabulary holds the information. It is set out below.")
    t = doc.add_table(rows=len(grid), cols=len(grid[0]))
    t.style = "Table Grid"
    for i, row in enumerate(grid):
        for j, text in enumerate(row):
            cell = t.cell(i, j)
            cell.text = text
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.size = Pt(9)
    doc.add_paragraph("")
    doc.add_paragraph("If you are dissatisfied with this response you may request an internal review within "
                      "40 working days.")
    doc.add_paragraph("Yours sincerely,\n\nInformation Compliance Officer")
    cp = doc.core_properties
    cp.author = "Hertfordshire Constabulary"
    cp.last_modified_by = "Hertfordshire Constabulary"
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    (out / "L17").mkdir(parents=True, exist_ok=True)
    path = out / "L17" / "FOI-2016-0211-response.docx"
    doc.save(path)
    normalise_zip(path)
    L.files = ["L17/FOI-2016-0211-response.docx"]
    return L


@letter
def l18(out: Path, rng):
    """An answer in prose only, no table."""
    L = Letter("L18", "humberside", "cy", "prose only, no table")
    d = gen_data(rng, CY)
    h = Head(L.force, "HP/FOI/16/0142", "3 February 2016", "left")
    sentences = []
    for y in CY:
        a, o, s = d["allegations"][y], d["officers"][y], d["substantiated"][y]
        if a == 0:
            sentences.append(f"In {y} there were no allegations of this kind.")
            L.add("allegations", y, 0)
            continue
        sentences.append(f"In {y} there were {a} allegations against {o} officers, of which {s} "
                         f"{'was' if s == 1 else 'were'} substantiated.")
        L.add("allegations", y, a)
        L.add("officers", y, o)
        L.add("substantiated", y, s)
    dm, r = totals(d)["dismissed"], totals(d)["resigned_or_retired"]
    sentences.append(f"Over the whole period {dm} officers were dismissed and {r} resigned or retired "
                     "before the conclusion of proceedings.")
    L.add("dismissed", "total", dm)
    L.add("resigned_or_retired", "total", r)
    story = letterhead(h) + dear() + intro(h) + [P(" ".join(sentences[:3])), P(" ".join(sentences[3:]))] \
        + closing(force=L.force)
    build_pdf(out / "L18" / "response.pdf", h, story)
    L.files = ["L18/response.pdf"]
    return L


@letter
def l19(out: Path, rng):
    """A Total row that does not add up: the force's own arithmetic mistake."""
    L = Letter("L19", "kent", "cy", "Total row that does NOT add up (allegations, officers)")
    d = gen_data(rng, CY, big=True)
    h = Head(L.force, ref(733), "12 February 2016", "centre")
    stated = totals(d)
    stated["allegations"] += 3
    stated["officers"] -= 1
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        total=stated)
    story = letterhead(h) + dear() + intro(h) + [table(grid, "grid"), Spacer(1, 10)] + closing(force=L.force)
    build_pdf(out / "L19" / "response.pdf", h, story)
    L.files = ["L19/response.pdf"]
    return L


@letter
def l20(out: Path, rng):
    """Horizontal rules only, "Total number of ..." headers (not a total period)."""
    L = Letter("L20", "lancashire", "cy", "hrules; 'Total number of ...' headers; no total row")
    d = gen_data(rng, CY)
    h = Head(L.force, "LC-2016-0093", "29 January 2016", "reftable")
    grid = rows_table(L, d, CY, CY, [
        ("Total number of cases", "cases"), ("Total number of allegations", "allegations"),
        ("Total number of officers", "officers"), ("Substantiated", "substantiated"),
        ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")])
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "hrules", para_header=True, widths=[18 * mm] + [25 * mm] * 6), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "L20" / "response.pdf", h, story)
    L.files = ["L20/response.pdf"]
    return L


@letter
def l21(out: Path, rng):
    """Calendar years written "Jan - Dec 2010"; shaded header, zebra rows."""
    L = Letter("L21", "leicestershire", "cy", "'Jan - Dec 2010' year labels; shaded header; zebra")
    d = gen_data(rng, CY)
    h = Head(L.force, ref(190), "1 February 2016", "left")
    labels = [f"Jan - Dec {y}" for y in CY]
    grid = rows_table(L, d, CY, labels, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
        total="row", header=("Period",))
    story = letterhead(h) + dear() + intro(h) + [table(grid, "shaded", zebra=True, para_header=True,
                                                       widths=[32 * mm] + [23 * mm] * 6), Spacer(1, 10)] \
        + closing(force=L.force)
    build_pdf(out / "L21" / "response.pdf", h, story)
    L.files = ["L21/response.pdf"]
    return L


@letter
def l22(out: Path, rng):
    """A two-level header: "Officers" over Investigated / Dismissed / Resigned/Retired."""
    L = Letter("L22", "lincolnshire", "cy", "two-level spanning header")
    d = gen_data(rng, CY)
    h = Head(L.force, "LP/FOI/003/16", "4 February 2016", "plain")
    body = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Number", "allegations"), ("Upheld", "substantiated"),
        ("Investigated", "officers"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")])
    top = ["Year", "Cases", "Allegations", "", "Officers", "", ""]
    grid = [top] + body
    grid[1][0] = ""
    grid[1][1] = ""
    spans = [((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (3, 0)), ((4, 0), (6, 0))]
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "grid", header_rows=2, spans=spans, widths=[20 * mm] + [21 * mm] * 5 + [32 * mm]), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "L22" / "response.pdf", h, story)
    L.files = ["L22/response.pdf"]
    return L


@letter
def l23(out: Path, rng):
    """Years in descending order, a partial year with a footnote, table over two pages with repeated header."""
    L = Letter("L23", "merseyside", "cy", "descending years; '2015*' partial year; split table, header repeated")
    years = list(reversed(CY6))
    d = gen_data(rng, years)
    h = Head(L.force, ref(645), "10 February 2016", "centre")
    labels = ["2015*"] + years[1:]
    grid = rows_table(L, d, years, labels, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        total="row")
    filler = [P("In responding to your request the force has considered its obligations under the Act and the "
                "guidance issued by the Information Commissioner and the National Police Chiefs' Council. "
                "Professional standards records are held on a case management system which allows cases to be "
                "searched by the type of allegation recorded and the date on which it was recorded. The "
                "searches undertaken cover the whole of the period you asked about.") for _ in range(4)]
    t = table(grid, "grid", repeat=1, widths=[24 * mm] + [21 * mm] * 5 + [32 * mm])
    t.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    story = letterhead(h) + dear() + intro(h) + filler + [Spacer(1, 40), t,
                                                          P("* 1 January to 30 November 2015", SMALL)] \
        + closing(force=L.force)
    build_pdf(out / "L23" / "response.pdf", h, story)
    L.files = ["L23/response.pdf"]
    return L


@letter
def l24(out: Path, rng):
    """Columns that are not measures: "Not substantiated", "Ongoing", "No further action"."""
    L = Letter("L24", "norfolk", "cy", "non-measure columns: 'Not substantiated', 'Ongoing', 'No further action'")
    d = gen_data(rng, CY)
    h = Head(L.force, "NC/FOI/16/0302", "5 February 2016", "left")
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Substantiated", "substantiated")])
    extra_cols = ["Not substantiated", "Ongoing", "No further action"]
    grid[0] += extra_cols
    for i, y in enumerate(CY, start=1):
        ns = d["allegations"][y] - d["substantiated"][y]
        on = 1 if y == "2014" and ns else 0
        grid[i] += [str(ns - on), str(on), str(rng.randint(0, 2))]
    grid2 = rows_table(L, d, CY, CY, [("Officers", "officers"), ("Dismissed", "dismissed"),
                                      ("Resigned or retired", "resigned_or_retired")])
    story = letterhead(h) + dear() + intro(h) + [
        P("Allegations and their outcomes:", BOLD), table(grid, "lightshade", para_header=True,
                                                          widths=[18 * mm] + [22 * mm] * 6),
        Spacer(1, 10), P("Officers:", BOLD), table(grid2, "lightshade"), Spacer(1, 8),
    ] + closing(force=L.force)
    build_pdf(out / "L24" / "response.pdf", h, story)
    L.files = ["L24/response.pdf"]
    return L


@letter
def l25(out: Path, rng):
    """A percentage column ("% upheld") and a non-measure column; bilingual letterhead."""
    L = Letter("L25", "north-wales", "cy", "'% upheld' and 'Misconduct hearings' columns; bilingual letterhead")
    d = gen_data(rng, CY)
    h = Head(L.force, "NWP/FOI/2016/117", "2 February 2016", "left",
             address="Heddlu Gogledd Cymru / North Wales Police\nPencadlys yr Heddlu / Police Headquarters\nGlan y Don, Bae Colwyn / Colwyn Bay LL29 8AW")
    grid = rows_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Allegations upheld", "substantiated")])
    grid[0].append("% upheld")
    for i, y in enumerate(CY, start=1):
        a, s = d["allegations"][y], d["substantiated"][y]
        grid[i].append(f"{round(100 * s / a)}%" if a else "n/a")
    grid[0].append("Misconduct hearings")
    for i, y in enumerate(CY, start=1):
        grid[i].append(str(min(d["officers"][y], d["dismissed"][y] + 1)))
    grid2 = rows_table(L, d, CY, CY, [("Officers investigated", "officers"), ("Officers dismissed", "dismissed"),
                                      ("Officers resigned/retired", "resigned_or_retired")])
    story = letterhead(h) + dear("Annwyl / Dear Requester") + intro(h) + [
        table(grid, "grid", para_header=True, widths=[20 * mm] + [26 * mm] * 5), Spacer(1, 12),
        table(grid2, "grid", para_header=True, widths=[20 * mm] + [30 * mm] * 3), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "L25" / "response.pdf", h, story)
    L.files = ["L25/response.pdf"]
    return L


@letter
def l26(out: Path, rng):
    """Years as columns in a white-space table, zeros written "Nil"."""
    L = Letter("L26", "northamptonshire", "cy", "years as columns; white-space table; 'Nil'")
    d = gen_data(rng, CY)
    h = Head(L.force, ref(77), "27 January 2016", "plain")
    grid = cols_table(L, d, CY, CY, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Allegations proven", "substantiated"), ("Officers dismissed", "dismissed"),
        ("Resigned/Retired", "resigned_or_retired")], fmt=nil0)
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "none", widths=[45 * mm] + [20 * mm] * 5, bold_first_col=True), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "L26" / "response.pdf", h, story)
    L.files = ["L26/response.pdf"]
    return L


@letter
def l27(out: Path, rng):
    """Part of the request refused (s.12); a context table of public-complaint allegations follows.

    The context table's "Allegations recorded" / "Allegations upheld" do not answer the request: the
    letter's own answer has no allegation figures at all.
    """
    L = Letter("L27", "staffordshire", "cy",
               "allegations refused (s.12); irrelevant public-complaints table is the only one with allegations")
    d = gen_data(rng, CY)
    h = Head(L.force, "SP/FOI/2016/0149", "10 February 2016", "reftable")
    grid = rows_table(L, d, CY, CY, [("Cases", "cases"), ("Officers investigated", "officers"),
                                     ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
                      total="row")
    comp = [["Year", "Allegations recorded", "Allegations upheld"]]
    for i, y in enumerate(CY):
        comp.append([y, str(812 + 23 * i), str(64 - 3 * i)])
    story = letterhead(h) + dear() + intro(h) + [
        table(grid, "grid"), Spacer(1, 8),
        P("Parts 2 and 3 of your request (the number of allegations, and the number substantiated): the force "
          "does not record allegations of this kind in a way that allows them to be counted without reading "
          "every case file. We estimate that this would exceed the appropriate limit of 18 hours, and this part "
          "of your request is therefore refused under Section 12 of the Act."),
        P("By way of context and advice and assistance, the table below shows all allegations made in public "
          "complaints against the force's officers and staff, of every kind, and the number upheld, as "
          "published annually by the Independent Police Complaints Commission:"),
        table(comp, "lightshade"), Spacer(1, 8),
    ] + closing(force=L.force)
    build_pdf(out / "L27" / "response.pdf", h, story)
    L.files = ["L27/response.pdf"]
    return L


# ------------------------------------------------------------------ the financial-year request


@letter
def f1(out: Path, rng):
    """Financial years "2010/11" as rows, ruled, Total row."""
    L = Letter("F1", "northumbria", "fy", "financial years '2010/11' as rows; grid; Total row")
    d = gen_data(rng, FY)
    h = Head(L.force, "NP/FOI/463/16", "8 February 2016", "left")
    labels = [f"{p[:4]}/{p[5:]}" for p in FY]
    grid = rows_table(L, d, FY, labels, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Substantiated", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        total="row", header=("Financial Year",))
    story = letterhead(h) + dear() + intro(h, "financial year") + [table(grid, "grid"), Spacer(1, 10)] \
        + closing(force=L.force)
    build_pdf(out / "F1" / "response.pdf", h, story)
    L.files = ["F1/response.pdf"]
    return L


@letter
def f2(out: Path, rng):
    """Financial years "2010-11" as columns, horizontal rules only, Total column."""
    L = Letter("F2", "nottinghamshire", "fy", "financial years '2010-11' as columns; hrules; Total column")
    d = gen_data(rng, FY)
    h = Head(L.force, "NOTTS-FOI-2016-055", "3 February 2016", "reftable")
    grid = cols_table(L, d, FY, FY, [
        ("Number of cases", "cases"), ("Number of allegations", "allegations"),
        ("Officers investigated", "officers"), ("Upheld", "substantiated"), ("Dismissals", "dismissed"),
        ("Resigned or retired", "resigned_or_retired")], total=True)
    story = letterhead(h) + dear() + intro(h, "financial year") + [
        table(grid, "hrules", widths=[45 * mm] + [19 * mm] * 6), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "F2" / "response.pdf", h, story)
    L.files = ["F2/response.pdf"]
    return L


@letter
def f3(out: Path, rng):
    """Financial years "April 2010 - March 2011" as rows, shaded header, "<5"."""
    L = Letter("F3", "south-wales", "fy", "'April 2010 - March 2011' rows; shaded header; '<5' with legend")
    d = gen_data(rng, FY, big=True)
    h = Head(L.force, "SWP/FOI/16/0621", "11 February 2016", "centre")
    labels = [f"April {p[:4]} - March {int(p[:4]) + 1}" for p in FY]
    grid = rows_table(L, d, FY, labels, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
        ("Found proven", "substantiated"), ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
        fmt=lt5, header=("Period",))
    story = letterhead(h) + dear() + intro(h, "financial year") + [
        table(grid, "shaded", para_header=True, widths=[42 * mm] + [21 * mm] * 6),
        P("<5 - the figure is between one and four and has been suppressed to protect the identity of the "
          "officers concerned.", SMALL),
    ] + closing(force=L.force)
    build_pdf(out / "F3" / "response.pdf", h, story)
    L.files = ["F3/response.pdf"]
    return L


@letter
def f4(out: Path, rng):
    """Financial years "2010/2011" in a white-space table with a Total row."""
    L = Letter("F4", "south-yorkshire", "fy", "financial years '2010/2011'; white-space table; Total row")
    d = gen_data(rng, FY)
    h = Head(L.force, "SYP-FOI-20160092", "4 February 2016", "plain")
    labels = [f"{p[:4]}/{int(p[:4]) + 1}" for p in FY]
    grid = rows_table(L, d, FY, labels, [
        ("Cases", "cases"), ("Allegations", "allegations"), ("Officers subject to investigation", "officers"),
        ("Proven", "substantiated"), ("Dismissed", "dismissed"), ("Allowed to resign or retire", "resigned_or_retired")],
        total="row", header=("Year",))
    story = letterhead(h) + dear() + intro(h, "financial year") + [
        table(grid, "none", para_header=True, widths=[20 * mm, 18 * mm, 22 * mm, 30 * mm, 18 * mm, 22 * mm, 28 * mm]), Spacer(1, 10),
    ] + closing(force=L.force)
    build_pdf(out / "F4" / "response.pdf", h, story)
    L.files = ["F4/response.pdf"]
    return L


# ---------------------------------------------------------------------------- entry points


def make(out_dir: Path) -> dict:
    """Write every letter under out_dir and out_dir/truth.json; return the truth."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    letters = []
    for fn in LETTERS:
        name = fn.__name__.upper()
        rng = random.Random(f"foi-eval-letters/{name}")  # seeded by name: adding a letter changes no other
        (out_dir / name).mkdir(parents=True, exist_ok=True)
        letters.append(fn(out_dir, rng))
    forces = [l.force for l in letters]
    assert len(set(forces)) == len(forces), "each letter must come from a different force"
    truth = {
        "requests": {
            slug: {"periods": periods, "yaml": eval_request_yaml(slug, [l.force for l in letters if l.request == slug])}
            for slug, periods in REQUESTS.items()
        },
        "sent": SENT.isoformat(),
        "letters": [
            {"id": l.id, "force": l.force, "request": l.request, "features": l.features,
             "files": l.files, "figures": l.figures}
            for l in letters
        ],
    }
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--truth", type=Path, default=HERE / "truth.json",
                    help="where to also write truth.json (default: the committed tests/eval_letters/truth.json)")
    args = ap.parse_args(argv)
    truth = make(args.out_dir)
    args.truth.write_text((args.out_dir / "truth.json").read_text(encoding="utf-8"), encoding="utf-8")
    n = sum(len(l["figures"]) for l in truth["letters"])
    print(f"{len(truth['letters'])} letters, {n} true figures, in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
