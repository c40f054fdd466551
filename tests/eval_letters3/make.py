#!/usr/bin/env python3
"""Third held-out set for `foi build`'s figures: 22 response documents and their truth.

usage: python tests/eval_letters3/make.py OUT_DIR

Written without reading the extraction code or the earlier sets. The request is the same as the
first two sets' (officers investigated for indecent images; a calendar-year and a financial-year
version), the truth.json format the same ({"requests", "sent", "letters": [{"id", "force",
"request", "features", "files", "figures": [{"measure", "period", "value", "suppressed"}]}]}).

Documents: ten letters typed as Word documents (python-docx) and converted with LibreOffice
(`soffice --headless --convert-to pdf`, private profile), six made with reportlab, four with fpdf2,
one XLSX and one DOCX sent as they are. No scans.

Output is byte-identical on every run: reportlab runs invariant, fpdf2 gets a fixed creation date,
the DOCX/XLSX zips get fixed member dates and core-properties dates, and LibreOffice's
/CreationDate, /ModDate, /ID and /DocChecksum are overwritten in the PDF bytes with fixed values of equal length.

`make(out_dir) -> dict` writes the documents and truth.json and returns the truth.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root, for tests.letters
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.letters import eval_request_yaml, fixed_zip, fpdf_page, office_to_pdf  # noqa: E402

YEARS = ["2010", "2011", "2012", "2013", "2014"]
FYEARS = ["2010-11", "2011-12", "2012-13", "2013-14", "2014-15"]

CY_FORCES = ["cumbria", "cheshire", "south-yorkshire", "bedfordshire", "cambridgeshire", "hertfordshire",
             "norfolk", "suffolk", "avon-and-somerset", "devon-and-cornwall", "humberside", "nottinghamshire",
             "northamptonshire", "staffordshire", "west-midlands", "greater-manchester", "dyfed-powys",
             "surrey", "thames-valley"]
FY_FORCES = ["northumbria", "cleveland", "south-wales"]

REQUESTS = {"cy": {"periods": "calendar-year", "yaml": eval_request_yaml("cy", CY_FORCES)},
            "fy": {"periods": "financial-year", "yaml": eval_request_yaml("fy", FY_FORCES)}}

FIXED = dt.datetime(2016, 2, 12, 10, 0, 0, tzinfo=dt.timezone.utc)


# ---------------------------------------------------------------------------------------------
# data

def gen_data(seed: int, periods: list[str], small: bool = False) -> dict:
    """{period: {measure: int}} with plausible relations; small=True gives many 0-4 values."""
    rng = random.Random(seed)
    out = {}
    for p in periods:
        cases = rng.randint(0, 4) if small else rng.randint(2, 17)
        alleg = cases + rng.randint(0, 3 if small else 6)
        offs = cases + rng.randint(0, 2 if small else 4)
        subst = rng.randint(0, alleg)
        dism = rng.randint(0, min(offs, 3 if small else 6))
        res = rng.randint(0, max(0, min(offs - dism, 3 if small else 5)))
        out[p] = {"cases": cases, "allegations": alleg, "officers": offs, "substantiated": subst,
                  "dismissed": dism, "resigned_or_retired": res}
    return out


def plain(v, m=None, p=None):
    return f"{v:,}"


class T:
    """A table: header rows, body rows (list of str) and the truth its cells carry."""

    def __init__(self, header, rows, truth, widths=None, header_rows=1, spans=()):
        self.header = header  # list of header rows (each a list of str)
        self.rows = rows
        self.truth = truth
        self.widths = widths
        self.header_rows = header_rows
        self.spans = spans  # ((row, col0, col1), ...) merged header cells


def years_as_rows(data, periods, labels, cols, fmt=plain, total=None, year_head="Year", total_fmt=None,
                  extra_cols=(), descending=False):
    """cols: [(header, measure)], extra_cols: [(header, fn(period)->str)] not in the truth (inserted at end)."""
    header = [year_head] + [h for h, _ in cols] + [h for h, _ in extra_cols]
    rows, truth = [], []
    order = list(zip(periods, labels))
    if descending:
        order.reverse()
    for p, lab in order:
        row = [lab]
        for h, m in cols:
            v = data[p][m]
            s = fmt(v, m, p)
            row.append(s)
            truth.append(_truth(m, p, v, s))
        row += [fn(p) for _, fn in extra_cols]
        rows.append(row)
    if total:
        row = [total]
        for h, m in cols:
            v = sum(data[p][m] for p in periods)
            s = (total_fmt or plain)(v, m, "total")
            row.append(s)
            truth.append(_truth(m, "total", v, s))
        row += ["" for _ in extra_cols]
        rows.append(row)
    return T([header], rows, truth)


def years_as_cols(data, periods, labels, rows_spec, fmt=plain, total=None, corner="", total_fmt=None):
    header = [corner] + list(labels) + ([total] if total else [])
    rows, truth = [], []
    for h, m in rows_spec:
        row = [h]
        for p in periods:
            v = data[p][m]
            s = fmt(v, m, p)
            row.append(s)
            truth.append(_truth(m, p, v, s))
        if total:
            v = sum(data[p][m] for p in periods)
            s = (total_fmt or plain)(v, m, "total")
            row.append(s)
            truth.append(_truth(m, "total", v, s))
        rows.append(row)
    return T([header], rows, truth)


SUPPRESSED_MARKS = {"<5", "*", "1-4", "c", "<3"}


def _truth(m, p, v, s):
    sup = s.strip() in SUPPRESSED_MARKS
    return {"measure": m, "period": p, "value": None if sup else v, "suppressed": sup}


def sup_fmt(mark, limit=5):
    def f(v, m, p):
        return mark if 0 < v < limit else f"{v:,}"
    return f


def dash_fmt(v, m, p):
    return "-" if v == 0 else f"{v:,}"


def nil_fmt(v, m, p):
    return "Nil" if v == 0 else f"{v:,}"


# ---------------------------------------------------------------------------------------------
# letter text

def letterhead(force_name, unit, address, ref, date="12 February 2016"):
    return [("head", force_name), ("small", unit), ("small", address), ("gap", 6),
            ("p", f"Our reference: {ref}"), ("p", date), ("gap", 6)]


REQ_TEXT = ("In your request you asked for the number of cases in which police officers were investigated for "
            "possessing, making or sharing indecent or obscene images, the number of allegations and of officers "
            "investigated, the number of allegations substantiated, and the number of officers dismissed or "
            "allowed to resign or retire as a result.")

CLOSING = [("p", "If you are dissatisfied with this response you may ask for an internal review within 40 working "
                 "days of the date of this letter. If you remain dissatisfied you may complain to the Information "
                 "Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF."),
           ("p", "Yours sincerely,"), ("gap", 10)]


def sign(name, role):
    return [("p", name), ("small", role)]


# ---------------------------------------------------------------------------------------------
# the letters

def letters():
    L = []
    Y6 = YEARS + ["2015"]

    # ---- Word -> PDF -------------------------------------------------------------------------
    d = gen_data(301, YEARS)
    t = years_as_rows(d, YEARS, YEARS, [("Number of cases", "cases"), ("Number of allegations", "allegations"),
                                        ("Officers investigated", "officers"), ("Allegations substantiated", "substantiated"),
                                        ("Officers dismissed", "dismissed"), ("Officers resigned / retired", "resigned_or_retired")],
                      total="Total")
    L.append(dict(id="M01", force="cumbria", request="cy", tool="word", features="Word: Table Grid; years as rows; Total row",
                  blocks=letterhead("CUMBRIA CONSTABULARY", "Information Access Team, Carleton Hall, Penrith CA10 2AU",
                                    "foi@cumbria.police.uk", "FOI 2016/0071")
                  + [("p", "Dear Sir or Madam,"), ("h", "Freedom of Information Act 2000 - Request 2016/0071"),
                     ("p", REQ_TEXT), ("p", "I can confirm that Cumbria Constabulary holds information relevant to your "
                                            "request. Searches were carried out by our Professional Standards Department "
                                            "and the figures are given below."),
                     ("table", t, {"style": "grid"}), ("gap", 6)] + CLOSING + sign("J. Armstrong", "Disclosure Officer")))

    d = gen_data(302, YEARS, small=True)
    fmt = sup_fmt("<5")
    t = years_as_cols(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers investigated", "officers"), ("Upheld", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
                      fmt=fmt, total="Total", corner="")
    L.append(dict(id="M02", force="cheshire", request="cy", tool="word",
                  features="Word: borderless; years as columns; Total column; '<5' with legend",
                  blocks=letterhead("Cheshire Constabulary", "Corporate Services - Freedom of Information, Clemonds Hey, "
                                    "Oakmere Road, Winsford CW7 2UA", "foi@cheshire.pnn.police.uk", "CC-FOI-16-0143")
                  + [("p", "Dear Applicant,"), ("p", REQ_TEXT),
                     ("p", "Cheshire Constabulary has located the following information:"),
                     ("table", t, {"style": "none", "bold_header": True}),
                     ("small", "<5 : to reduce the risk of identifying individuals, numbers between 1 and 4 have been "
                               "replaced with <5. Totals are exact."), ("gap", 6)]
                  + CLOSING + sign("Freedom of Information Officer", "Cheshire Constabulary")))

    d = gen_data(303, FYEARS)
    lab = ["2010/11", "2011/12", "2012/13", "2013/14", "2014/15"]
    t = years_as_rows(d, FYEARS, lab, [("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
                                       ("Proven", "substantiated"), ("Dismissed", "dismissed"),
                                       ("Resigned/retired", "resigned_or_retired")], year_head="Financial year")
    # footnote markers as superscripts on two cells (the number itself is what the truth holds)
    t.rows[1][2] = t.rows[1][2] + "^1"
    t.rows[3][5] = t.rows[3][5] + "^2"
    L.append(dict(id="M03", force="northumbria", request="fy", tool="word",
                  features="Word: horizontal rules only; financial years '2010/11' rows; superscript footnotes; no total",
                  blocks=letterhead("Northumbria Police", "Freedom of Information Unit, Middle Engine Lane, Wallsend "
                                    "NE28 9NT", "freedomofinformation@northumbria.pnn.police.uk", "NP/FOI/0210/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT.replace("number of cases", "number of cases, by financial year,")),
                     ("p", "Please find our response below. Figures are for financial years (1 April to 31 March)."),
                     ("table", t, {"style": "hrules", "bold_header": True}),
                     ("small", "1 Includes one allegation later transferred to another force."),
                     ("small", "2 One officer retired before misconduct proceedings concluded."), ("gap", 6)]
                  + CLOSING + sign("Sarah Lowes", "Information Compliance Officer")))

    d = gen_data(304, YEARS)
    t1 = years_as_rows(d, YEARS, YEARS, [("Investigations", "cases"), ("Allegations", "allegations"),
                                         ("Officers subject of investigation", "officers")], total="Total")
    t2 = years_as_rows(d, YEARS, YEARS, [("Allegations found proven", "substantiated"), ("Officers dismissed", "dismissed"),
                                         ("Allowed to resign or retire", "resigned_or_retired")], total="Total")
    L.append(dict(id="M04", force="south-yorkshire", request="cy", tool="word",
                  features="Word: two tables with an explanatory sentence between; grid; Total rows",
                  blocks=letterhead("South Yorkshire Police", "Information Rights Section, Carbrook House, 5 Carbrook "
                                    "Hall Road, Sheffield S9 2EH", "foi@southyorks.pnn.police.uk", "20160119-SYP-FOI")
                  + [("p", "Dear Sir/Madam,"), ("p", REQ_TEXT),
                     ("p", "Table 1 shows investigations recorded by Professional Standards in each calendar year."),
                     ("table", t1, {"style": "grid", "shade": True}),
                     ("p", "The outcomes below relate to the same investigations, by the year in which each was recorded."),
                     ("table", t2, {"style": "grid", "shade": True}), ("gap", 6)]
                  + CLOSING + sign("Information Rights Officer", "South Yorkshire Police")))

    d = gen_data(305, YEARS)
    head = {"2010": 1288, "2011": 1251, "2012": 1209, "2013": 1176, "2014": 1152}
    irr = T([["Year", "Police officers (headcount)", "Police staff (headcount)"]],
            [[y, f"{head[y]:,}", f"{head[y] - 401:,}"] for y in YEARS], [])
    t = years_as_rows(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers investigated", "officers"), ("Substantiated", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned / retired", "resigned_or_retired")])
    L.append(dict(id="M05", force="bedfordshire", request="cy", tool="word",
                  features="Word: irrelevant workforce table first ('Police officers (headcount)'); grid; no total",
                  blocks=letterhead("Bedfordshire Police", "Public Access Office, Woburn Road, Kempston MK43 9AX",
                                    "foi@bedfordshire.pnn.police.uk", "BED/FOI/16/0058")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT),
                     ("p", "To give context, the size of the force in each year is shown first."),
                     ("table", irr, {"style": "grid"}),
                     ("p", "The information you requested is as follows:"),
                     ("table", t, {"style": "grid"}), ("gap", 6)]
                  + CLOSING + sign("Public Access Team", "Bedfordshire Police")))

    d = gen_data(306, YEARS, small=True)

    def f306(v, m, p):
        return "-" if v == 0 else ("*" if v < 3 else str(v))
    t = years_as_rows(d, YEARS, YEARS, [("No. of cases", "cases"), ("No. of allegations", "allegations"),
                                        ("No. of officers", "officers"), ("Upheld", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned/retired", "resigned_or_retired")],
                      fmt=f306)
    for r in t.truth:
        if r["value"] == 0:
            r["suppressed"] = False
    L.append(dict(id="M06", force="cambridgeshire", request="cy", tool="word",
                  features="Word: shaded header; '*' (<3) and '-' with legends; no total",
                  blocks=letterhead("Cambridgeshire Constabulary", "Freedom of Information Office, Hinchingbrooke Park, "
                                    "Huntingdon PE29 6NP", "foi@cambs.pnn.police.uk", "0044/2016")
                  + [("p", "Dear Sir or Madam,"), ("p", REQ_TEXT),
                     ("table", t, {"style": "grid", "shade": True}),
                     ("small", "Key:  - = nil;  * = one or two (suppressed to prevent identification)."), ("gap", 6)]
                  + CLOSING + sign("FOI Decision Maker", "Cambridgeshire Constabulary")))

    d = gen_data(307, YEARS)
    t = years_as_rows(d, YEARS, [f"Jan-Dec {y}" for y in YEARS],
                      [("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
                       ("Substantiated", "substantiated"), ("Dismissed", "dismissed"),
                       ("Resigned or retired", "resigned_or_retired")], year_head="Period", total="Total")
    t.header = [["", "Investigations", "", "", "Outcomes", "", ""], t.header[0]]
    t.header_rows = 2
    t.spans = ((0, 1, 3), (0, 4, 6))
    L.append(dict(id="M07", force="hertfordshire", request="cy", tool="word",
                  features="Word: two-level merged header; 'Jan-Dec 2010' rows; Total row",
                  blocks=letterhead("Hertfordshire Constabulary", "Joint Protective Services - Information Rights, "
                                    "Stanborough Road, Welwyn Garden City AL8 6XF", "foi@herts.pnn.police.uk", "HC/00312/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT),
                     ("table", t, {"style": "grid", "shade": True}), ("gap", 6)]
                  + CLOSING + sign("Information Rights Officer", "Hertfordshire Constabulary")))

    d = gen_data(308, Y6)
    t = years_as_rows(d, Y6, YEARS + ["2015 (to 30 Nov)"],
                      [("Number of cases", "cases"), ("Number of allegations", "allegations"),
                       ("Number of officers", "officers"), ("Found proven", "substantiated"),
                       ("Dismissals", "dismissed"), ("Resigned / retired", "resigned_or_retired")], total="Total")
    long_prose = [("p", "The Norfolk and Suffolk Constabularies share a Joint Professional Standards Department. The "
                        "figures below relate to Norfolk officers only. Records were searched on the Centurion case "
                        "management system using the keywords 'indecent', 'images', 'IIOC', 'obscene' and "
                        "'photographs', and each result was read to confirm it fell within your request."),
                  ("p", "Please note that a case may involve more than one allegation, and an allegation may relate to "
                        "more than one officer. An allegation is recorded as substantiated where a misconduct meeting "
                        "or hearing found it proven, or where the officer was convicted at court. Officers who resigned "
                        "or retired are shown where they left the force while an investigation was under way.")]
    L.append(dict(id="M08", force="norfolk", request="cy", tool="word",
                  features="Word: table split over two pages (header repeated); 2015 partial; Total row",
                  blocks=letterhead("Norfolk Constabulary", "Information Management Department, Operations & Communications "
                                    "Centre, Falconers Chase, Wymondham NR18 0WW", "freedomofinformation@norfolk.pnn.police.uk",
                                    "FOI 000123/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT)] + long_prose * 2 + [("gap", 30)]
                  + [("table", t, {"style": "grid", "repeat_header": True, "tall": True}), ("gap", 6)]
                  + CLOSING + sign("Information Management", "Norfolk Constabulary")))

    d = gen_data(309, YEARS, small=True)

    def f309(v, m, p):
        return "c" if 0 < v < 3 else str(v)
    t = years_as_rows(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers investigated", "officers"), ("Substantiated", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
                      fmt=f309, extra_cols=[("Not substantiated", lambda p: str(random.Random(p).randint(0, 6)))])
    L.append(dict(id="M09", force="suffolk", request="cy", tool="word",
                  features="Word: horizontal rules only; 'c' suppression with legend; 'Not substantiated' column",
                  blocks=letterhead("Suffolk Constabulary", "Information Management, Martlesham Heath, Ipswich IP5 3QS",
                                    "information.management@suffolk.pnn.police.uk", "FOI 000188/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT),
                     ("table", t, {"style": "hrules", "bold_header": True}),
                     ("small", "c - figure of 1 or 2 withheld under section 40(2) (personal information)."), ("gap", 6)]
                  + CLOSING + sign("Information Management", "Suffolk Constabulary")))

    d = gen_data(310, Y6)
    t = years_as_rows(d, Y6, Y6, [("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
                                  ("Substantiated", "substantiated"), ("Dismissed", "dismissed"),
                                  ("Retired / resigned", "resigned_or_retired")],
                      year_head="Calendar year", total="All years", descending=True)
    L.append(dict(id="M10", force="avon-and-somerset", request="cy", tool="word",
                  features="Word: descending years 2015-2010; 'All years' total row; 'Calendar year' head",
                  blocks=letterhead("Avon and Somerset Constabulary", "Freedom of Information, PO Box 37, Valley Road, "
                                    "Portishead, Bristol BS20 8QJ", "FOIRequests@avonandsomerset.police.uk", "1016/16")
                  + [("p", "Dear Sir/Madam,"), ("p", REQ_TEXT),
                     ("p", "Our response, covering 1 January 2010 to 31 December 2015, is set out below."),
                     ("table", t, {"style": "grid", "shade": True}), ("gap", 6)]
                  + CLOSING + sign("Freedom of Information Officer", "Avon and Somerset Constabulary")))

    # ---- reportlab -----------------------------------------------------------------------------
    d = gen_data(311, YEARS)
    t = years_as_rows(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers investigated", "officers"), ("Substantiated", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned/retired", "resigned_or_retired")],
                      fmt=dash_fmt, total="Total", total_fmt=dash_fmt)
    L.append(dict(id="M11", force="devon-and-cornwall", request="cy", tool="reportlab",
                  features="reportlab: box grid; dashes, no legend (true 0); Total row",
                  blocks=letterhead("Devon & Cornwall Police", "Freedom of Information, Police Headquarters, Middlemoor, "
                                    "Exeter EX2 7HQ", "freedomofinformation@devonandcornwall.pnn.police.uk", "DCP-FOI-0091-16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT), ("table", t, {"style": "grid"}), ("gap", 6)]
                  + CLOSING + sign("Freedom of Information Officer", "Devon & Cornwall Police")))

    d = gen_data(312, FYEARS)
    t = years_as_cols(d, FYEARS, FYEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                          ("Officers investigated", "officers"), ("Substantiated", "substantiated"),
                                          ("Dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
                      total="Total", corner="Financial year")
    L.append(dict(id="M12", force="cleveland", request="fy", tool="reportlab",
                  features="reportlab: financial years '2010-11' as columns; horizontal rules; Total column",
                  blocks=letterhead("Cleveland Police", "Freedom of Information & Data Protection Unit, Ladgate Lane, "
                                    "Middlesbrough TS8 9EH", "foi@cleveland.pnn.police.uk", "FOI/0123/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT),
                     ("p", "The figures are for financial years, 1 April to 31 March."),
                     ("table", t, {"style": "hrules", "bold_header": True}), ("gap", 6)]
                  + CLOSING + sign("Disclosure Officer", "Cleveland Police")))

    d = gen_data(313, Y6)
    t = years_as_rows(d, Y6, Y6, [("Number of cases", "cases"), ("Number of allegations", "allegations"),
                                  ("Number of officers", "officers"), ("Allegations upheld", "substantiated"),
                                  ("Officers dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
                      total="Total")
    L.append(dict(id="M13", force="humberside", request="cy", tool="reportlab",
                  features="reportlab: table split over two pages, header repeated; 2010-2015; Total row",
                  blocks=letterhead("Humberside Police", "Information Compliance Unit, Priory Road, Hull HU5 5SF",
                                    "information.compliance@humberside.pnn.police.uk", "HP/FOI/2016/0040")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT)] + long_prose[1:] * 3 + [("gap", 250)]
                  + [("table", t, {"style": "grid", "repeat_header": True, "tall": True}),
                     ("small", "Figures for 2015 are provisional."), ("gap", 6)]
                  + CLOSING + sign("Information Compliance Unit", "Humberside Police")))

    d = gen_data(314, YEARS, small=True)
    t = years_as_rows(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers", "officers"), ("Proven", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned/Retired", "resigned_or_retired")],
                      fmt=sup_fmt("1-4"))
    L.append(dict(id="M14", force="nottinghamshire", request="cy", tool="reportlab",
                  features="reportlab: '1-4' suppression with legend; zebra rows; no total",
                  blocks=letterhead("Nottinghamshire Police", "Information Management, Sherwood Lodge, Arnold, "
                                    "Nottingham NG5 8PP", "foi@nottinghamshire.pnn.police.uk", "002016/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT), ("table", t, {"style": "grid", "zebra": True}),
                     ("small", "Where the true number lies between one and four it is shown as 1-4 to protect the "
                               "identity of the officers concerned."), ("gap", 6)]
                  + CLOSING + sign("Information Management", "Nottinghamshire Police")))

    d = gen_data(315, YEARS)
    t = years_as_rows(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers", "officers"), ("Substantiated", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned/retired", "resigned_or_retired")],
                      total="Total")
    reqs = {"2010": 812, "2011": 903, "2012": 1047, "2013": 1121, "2014": 1198}
    irr = T([["Year", "FOI requests received", "Answered within 20 days"]],
            [[y, f"{reqs[y]:,}", f"{int(reqs[y] * 0.83):,}"] for y in YEARS], [])
    L.append(dict(id="M15", force="northamptonshire", request="cy", tool="reportlab",
                  features="reportlab: irrelevant FOI-volume table after the answer; grid; Total row",
                  blocks=letterhead("Northamptonshire Police", "Information Rights Unit, Wootton Hall, Northampton NN4 0JQ",
                                    "foi@northants.pnn.police.uk", "NP-IRU-0093/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT), ("table", t, {"style": "grid", "shade": True}),
                     ("p", "For your information, the number of Freedom of Information requests the force received in "
                           "the same years is shown below."),
                     ("table", irr, {"style": "grid"}), ("gap", 6)]
                  + CLOSING + sign("Information Rights Unit", "Northamptonshire Police")))

    d = gen_data(316, YEARS)
    t = years_as_rows(d, YEARS, YEARS, [("Number of\ncases", "cases"), ("Number of\nallegations", "allegations"),
                                        ("Number of\nofficers\ninvestigated", "officers"),
                                        ("Allegations\nsubstantiated", "substantiated"),
                                        ("Officers\ndismissed", "dismissed"),
                                        ("Officers\nresigned or\nretired", "resigned_or_retired")], total="Total")
    L.append(dict(id="M16", force="staffordshire", request="cy", tool="reportlab",
                  features="reportlab: borderless white-space table; wrapped headers; Total row",
                  blocks=letterhead("Staffordshire Police", "Freedom of Information, PO Box 3167, Stafford ST16 9JZ",
                                    "foi@staffordshire.pnn.police.uk", "SP/FOI/00641")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT), ("table", t, {"style": "none", "bold_header": True}),
                     ("gap", 6)] + CLOSING + sign("FOI Team", "Staffordshire Police")))

    # ---- fpdf2 -----------------------------------------------------------------------------------
    d = gen_data(317, YEARS, small=True)
    t = years_as_cols(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers investigated", "officers"), ("Substantiated", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
                      fmt=nil_fmt, corner="Measure")
    L.append(dict(id="M17", force="west-midlands", request="cy", tool="fpdf",
                  features="fpdf2: ruled; years as columns; 'Nil' values; no total",
                  blocks=letterhead("West Midlands Police", "Freedom of Information Unit, PO Box 52, Lloyd House, "
                                    "Birmingham B4 6NQ", "foi@west-midlands.pnn.police.uk", "WMP FOI 1234/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT), ("table", t, {"style": "grid"}), ("gap", 6)]
                  + CLOSING + sign("Disclosure Officer", "West Midlands Police")))

    d = gen_data(318, YEARS)
    t = years_as_rows(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers", "officers"), ("Upheld", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned/retired", "resigned_or_retired")],
                      total="Total")
    t.rows[2][4] += "\u00b9"
    t.rows[4][1] += "\u00b2"
    L.append(dict(id="M18", force="greater-manchester", request="cy", tool="fpdf",
                  features="fpdf2: horizontal rules; '¹ ²' footnote markers; Total row",
                  blocks=letterhead("Greater Manchester Police", "Information Compliance & Records Management Unit, "
                                    "Openshaw Complex, Lawton Street, Manchester M11 2NS", "foi@gmp.police.uk",
                                    "GMP/FOI/000482/16")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT), ("table", t, {"style": "hrules"}),
                     ("small", "\u00b9 One allegation was substantiated at a hearing held in 2013."),
                     ("small", "\u00b2 Includes one case referred to the IPCC."), ("gap", 6)]
                  + CLOSING + sign("ICRMU", "Greater Manchester Police")))

    d = gen_data(319, YEARS)
    t = years_as_rows(d, YEARS, YEARS, [("Achosion / Cases", "cases"), ("Honiadau / Allegations", "allegations"),
                                        ("Swyddogion / Officers", "officers"),
                                        ("Profwyd / Substantiated", "substantiated"),
                                        ("Diswyddwyd / Dismissed", "dismissed"),
                                        ("Ymddiswyddo neu ymddeol / Resigned or retired", "resigned_or_retired")],
                      year_head="Blwyddyn / Year", total="Cyfanswm / Total")
    L.append(dict(id="M19", force="dyfed-powys", request="cy", tool="fpdf",
                  features="fpdf2: bilingual Welsh/English headers and letterhead; grid; Total row",
                  blocks=letterhead("Heddlu Dyfed-Powys Police", "Uned Rhyddid Gwybodaeth / Freedom of Information Unit, "
                                    "Blwch Post 99, Llangynnwr, Caerfyrddin SA31 2PF", "foi@dyfed-powys.pnn.police.uk",
                                    "DPP/0188/2016")
                  + [("p", "Annwyl Ymgeisydd / Dear Applicant,"), ("p", REQ_TEXT),
                     ("table", t, {"style": "grid", "shade": True}), ("gap", 6)]
                  + CLOSING + sign("Swyddog Datgelu / Disclosure Officer", "Heddlu Dyfed-Powys Police")))

    d = gen_data(320, FYEARS, small=True)
    t = years_as_rows(d, FYEARS, [f"FY {y[:4]}/{y[5:]}" for y in FYEARS],
                      [("Cases", "cases"), ("Allegations", "allegations"), ("Officers", "officers"),
                       ("Substantiated", "substantiated"), ("Dismissed", "dismissed"),
                       ("Resigned/retired", "resigned_or_retired")], fmt=sup_fmt("<5"), total="Total",
                      year_head="Year")
    L.append(dict(id="M20", force="south-wales", request="fy", tool="fpdf",
                  features="fpdf2: 'FY 2010/11' rows; '<5' without legend; Total row",
                  blocks=letterhead("South Wales Police / Heddlu De Cymru", "Freedom of Information Unit, Police "
                                    "Headquarters, Cowbridge Road, Bridgend CF31 3SU", "foi@south-wales.pnn.police.uk",
                                    "SWP/FOI/2016/0077")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT), ("table", t, {"style": "grid"}), ("gap", 6)]
                  + CLOSING + sign("Freedom of Information Unit", "South Wales Police")))

    # ---- XLSX and DOCX as sent ----------------------------------------------------------------
    d = gen_data(321, YEARS, small=True)
    t = years_as_cols(d, YEARS, YEARS, [("Number of cases", "cases"), ("Number of allegations", "allegations"),
                                        ("Number of officers investigated", "officers"),
                                        ("Allegations substantiated", "substantiated"),
                                        ("Officers dismissed", "dismissed"),
                                        ("Officers allowed to resign or retire", "resigned_or_retired")],
                      fmt=sup_fmt("*", 3), total="Total", corner="")
    L.append(dict(id="M21", force="surrey", request="cy", tool="xlsx",
                  features="XLSX: title rows; years as columns; Total column; '*' with note below",
                  blocks=[("title", "Surrey Police - FOI 0321/16 - Indecent images investigations (calendar years)"),
                          ("title", "Source: Professional Standards Department case system, extracted 02/02/2016"),
                          ("table", t, {}),
                          ("title", "* denotes a figure of 1 or 2, suppressed to protect the identity of individuals.")]))

    d = gen_data(322, YEARS)
    t = years_as_rows(d, YEARS, YEARS, [("Cases", "cases"), ("Allegations", "allegations"),
                                        ("Officers investigated", "officers"), ("Substantiated", "substantiated"),
                                        ("Dismissed", "dismissed"), ("Resigned or retired", "resigned_or_retired")],
                      total="Total")
    L.append(dict(id="M22", force="thames-valley", request="cy", tool="docx",
                  features="DOCX as sent: Word grid table; years as rows; Total row",
                  blocks=letterhead("Thames Valley Police", "Information Access, Oxford Road, Kidlington OX5 2NX",
                                    "foi@thamesvalley.pnn.police.uk", "TVP FOI 2016/0203")
                  + [("p", "Dear Requester,"), ("p", REQ_TEXT), ("table", t, {"style": "grid"}), ("gap", 6)]
                  + CLOSING + sign("Information Access Team", "Thames Valley Police")))
    return L


# ---------------------------------------------------------------------------------------------
# renderers

def _split_sup(text):
    """'7^1' -> ('7', '1'); otherwise (text, '')."""
    if "^" in text:
        a, b = text.split("^", 1)
        return a, b
    return text, ""


def render_docx(letter, path: Path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = docx.Document()
    st = doc.styles["Normal"]
    st.font.name = "Arial"
    st.font.size = Pt(10.5)
    wide = any(b[0] == "table" and len(b[1].header[0]) > 7 for b in letter["blocks"])
    for sec in doc.sections:
        sec.left_margin = sec.right_margin = Pt(36 if wide else 54)
        sec.top_margin = sec.bottom_margin = Pt(56)
    text_width = 612 - 2 * (36 if wide else 54)
    for kind, *rest in letter["blocks"]:
        if kind == "head":
            p = doc.add_paragraph()
            r = p.add_run(rest[0])
            r.bold = True
            r.font.size = Pt(16)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "small":
            p = doc.add_paragraph()
            r = p.add_run(rest[0])
            r.font.size = Pt(8.5)
        elif kind == "h":
            p = doc.add_paragraph()
            p.add_run(rest[0]).bold = True
        elif kind == "p":
            doc.add_paragraph(rest[0])
        elif kind == "gap":
            p = doc.add_paragraph()
            p.paragraph_format.space_after = Pt(rest[0])
        elif kind == "table":
            t, opt = rest
            ncols = len(t.header[0])
            tab = doc.add_table(rows=0, cols=ncols)
            style = opt.get("style")
            if style == "grid":
                tab.style = doc.styles["Table Grid"]
            tblPr = tab._tbl.tblPr
            if style in ("hrules", "none"):
                borders = OxmlElement("w:tblBorders")
                for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                    el = OxmlElement(f"w:{edge}")
                    on = style == "hrules" and edge in ("top", "bottom", "insideH")
                    el.set(qn("w:val"), "single" if on else "nil")
                    if on:
                        el.set(qn("w:sz"), "6")
                        el.set(qn("w:color"), "000000")
                    borders.append(el)
                tblPr.append(borders)
            allrows = [(r, True) for r in t.header] + [(r, False) for r in t.rows]
            for i, (cells, is_head) in enumerate(allrows):
                row = tab.add_row()
                if opt.get("tall"):
                    row.height = Pt(30)
                if is_head and opt.get("repeat_header"):
                    trPr = row._tr.get_or_add_trPr()
                    th = OxmlElement("w:tblHeader")
                    th.set(qn("w:val"), "true")
                    trPr.append(th)
                for j, text in enumerate(cells):
                    cell = row.cells[j]
                    par = cell.paragraphs[0]
                    lines = text.split("\n")
                    for k, line in enumerate(lines):
                        base, sup = _split_sup(line)
                        run = par.add_run(base)
                        run.font.size = Pt(8 if is_head else 9)
                        if is_head and (opt.get("bold_header") or opt.get("shade") or style == "grid"):
                            run.bold = True
                        if sup:
                            s = par.add_run(sup)
                            s.font.size = Pt(9)
                            s.font.superscript = True
                        if k < len(lines) - 1:
                            run.add_break()
                    if j > 0:
                        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    if is_head and opt.get("shade"):
                        shd = OxmlElement("w:shd")
                        shd.set(qn("w:val"), "clear")
                        shd.set(qn("w:color"), "auto")
                        shd.set(qn("w:fill"), "D9D9D9")
                        cell._tc.get_or_add_tcPr().append(shd)
                    if not is_head and opt.get("zebra") and i % 2:
                        shd = OxmlElement("w:shd")
                        shd.set(qn("w:val"), "clear")
                        shd.set(qn("w:fill"), "F2F2F2")
                        cell._tc.get_or_add_tcPr().append(shd)
            # column widths: a narrow first column when it holds only years, the rest shared equally
            first = 50 if max(len(r[0]) for r in t.rows) <= 8 else 92
            widths = [first] + [(text_width - first) / (ncols - 1)] * (ncols - 1)
            tab.autofit = False
            for row in tab.rows:
                for j, cell in enumerate(row.cells):
                    cell.width = Pt(widths[j])
            for (r, c0, c1) in t.spans:
                a = tab.cell(r, c0)
                text = a.text
                m = a.merge(tab.cell(r, c1))
                for par in m.paragraphs[1:]:
                    par._p.getparent().remove(par._p)
                for run in m.paragraphs[0].runs:
                    run.text = ""
                m.paragraphs[0].runs[0].text = text
            doc.add_paragraph()
        elif kind == "title":
            doc.add_paragraph(rest[0])
    cp = doc.core_properties
    cp.author = "FOI Unit"
    cp.last_modified_by = "FOI Unit"
    cp.created = cp.modified = FIXED.replace(tzinfo=None)
    cp.revision = 1
    doc.save(str(path))
    _fix_zip(path)


def _fix_zip(path: Path):
    fixed_zip(path, FIXED)


def _rl_para_text(s):
    from xml.sax.saxutils import escape
    lines = []
    for line in s.split("\n"):
        base, sup = _split_sup(line)
        lines.append(escape(base) + (f"<super>{escape(sup)}</super>" if sup else ""))
    return "<br/>".join(lines)


def render_reportlab(letter, path: Path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6)
    small = ParagraphStyle("s", parent=body, fontSize=8, leading=10)
    head = ParagraphStyle("h", parent=body, fontName="Helvetica-Bold", fontSize=15, leading=18, alignment=2)
    bold = ParagraphStyle("bb", parent=body, fontName="Helvetica-Bold")
    cellst = ParagraphStyle("c", fontName="Helvetica", fontSize=8.5, leading=10, alignment=1)
    cellhead = ParagraphStyle("ch", parent=cellst, fontName="Helvetica-Bold", fontSize=8)
    cellleft = ParagraphStyle("cl", parent=cellst, alignment=0)
    story = []
    from xml.sax.saxutils import escape
    for kind, *rest in letter["blocks"]:
        if kind == "head":
            story.append(Paragraph(escape(rest[0]), head))
        elif kind == "small":
            story.append(Paragraph(escape(rest[0]), small))
        elif kind == "h":
            story.append(Paragraph(escape(rest[0]), bold))
        elif kind == "p":
            story.append(Paragraph(escape(rest[0]), body))
        elif kind == "gap":
            story.append(Spacer(1, rest[0]))
        elif kind == "table":
            t, opt = rest
            data = []
            for r in t.header:
                data.append([Paragraph(_rl_para_text(c), cellhead) for c in r])
            for r in t.rows:
                data.append([Paragraph(_rl_para_text(c), cellleft if j == 0 else cellst) for j, c in enumerate(r)])
            n = len(t.header[0])
            short = max(len(r[0]) for r in t.rows) <= 8
            first = 16 * mm if short else (34 * mm if n > 5 else 40 * mm)
            widths = [first] + [(170 * mm - first) / (n - 1)] * (n - 1)
            rh = [None] * len(data)
            if opt.get("tall"):
                rh = [None] * len(t.header) + [26] * len(t.rows)
            tab = Table(data, colWidths=widths, rowHeights=rh, repeatRows=len(t.header) if opt.get("repeat_header") else 0)
            cmds = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
            style = opt.get("style")
            if style == "grid":
                cmds.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
            elif style == "hrules":
                cmds += [("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
                         ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]
            if opt.get("shade"):
                cmds.append(("BACKGROUND", (0, 0), (-1, len(t.header) - 1), colors.HexColor("#D9E2F3")))
            if opt.get("zebra"):
                for i in range(len(t.header), len(data)):
                    if (i - len(t.header)) % 2:
                        cmds.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#EEEEEE")))
            tab.setStyle(TableStyle(cmds))
            story.append(tab)
            story.append(Spacer(1, 8))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, invariant=1, title="FOI response", author="FOI Unit")
    doc.build(story)


def render_fpdf(letter, path: Path):
    pdf = fpdf_page(FIXED)
    for kind, *rest in letter["blocks"]:
        if kind == "head":
            pdf.set_font("Helvetica", "B", 15)
            pdf.cell(0, 8, rest[0], align="R", new_x="LMARGIN", new_y="NEXT")
        elif kind == "small":
            pdf.set_font("Helvetica", "", 8)
            pdf.multi_cell(0, 4, rest[0], new_x="LMARGIN", new_y="NEXT")
        elif kind == "h":
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(0, 5, rest[0], new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5, rest[0], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "gap":
            pdf.ln(rest[0] / 2.83)
        elif kind == "table":
            t, opt = rest
            style = opt.get("style")
            n = len(t.header[0])
            first = 24 if max(len(r[0]) for r in t.rows) <= 10 else (36 if n > 5 else 42)
            w = [first] + [(170 - first) / (n - 1)] * (n - 1)
            pdf.set_font("Helvetica", "B", 7.5)
            # header: wrap each header cell to the column width, draw them as one row of equal height
            lines = [pdf.multi_cell(w[j], 4, c, dry_run=True, output="LINES") for j, c in enumerate(t.header[0])]
            h = 4 * max(len(x) for x in lines) + 2
            x0, y0 = pdf.get_x(), pdf.get_y()
            if opt.get("shade"):
                pdf.set_fill_color(220, 220, 220)
                pdf.rect(x0, y0, sum(w), h, style="F")
            pdf.set_font("Helvetica", "B", 7.5)
            x = x0
            for j, c in enumerate(t.header[0]):
                nl = len(lines[j])
                pdf.set_xy(x, y0 + (h - 4 * nl) / 2)
                pdf.multi_cell(w[j], 4, c, align="C")
                if style == "grid":
                    pdf.rect(x, y0, w[j], h)
                x += w[j]
            if style == "hrules":
                pdf.line(x0, y0, x0 + sum(w), y0)
                pdf.line(x0, y0 + h, x0 + sum(w), y0 + h)
            pdf.set_xy(x0, y0 + h)
            pdf.set_font("Helvetica", "", 9)
            for r in t.rows:
                y = pdf.get_y()
                for j, c in enumerate(r):
                    pdf.cell(w[j], 6.5, c, border=1 if style == "grid" else 0, align="L" if j == 0 else "C")
                pdf.ln(6.5)
                if style == "hrules":
                    pdf.line(x0, y + 6.5, x0 + sum(w), y + 6.5)
            pdf.ln(3)
    pdf.output(str(path))


def render_xlsx(letter, path: Path):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "FOI 0321-16"
    r = 1
    for kind, *rest in letter["blocks"]:
        if kind == "title":
            ws.cell(r, 1, rest[0]).font = Font(bold=(r == 1))
            r += 1
            if r == 3:
                r += 1
        elif kind == "table":
            t = rest[0]
            r += 0
            for row in t.header:
                for j, c in enumerate(row):
                    ws.cell(r, j + 1, c).font = Font(bold=True)
                r += 1
            for row in t.rows:
                for j, c in enumerate(row):
                    v = int(c.replace(",", "")) if c.replace(",", "").isdigit() else c
                    ws.cell(r, j + 1, v)
                r += 1
            r += 1
    ws.column_dimensions["A"].width = 38
    wb.properties.creator = "FOI Unit"
    wb.properties.created = FIXED.replace(tzinfo=None)
    wb.properties.modified = FIXED.replace(tzinfo=None)
    wb.save(str(path))
    _fix_zip(path)


def convert_docx(pairs, work: Path):
    """pairs: [(docx_path, pdf_target)]. One soffice call for all of them."""
    work.mkdir(parents=True, exist_ok=True)
    for made, (_, target) in zip(office_to_pdf([src for src, _ in pairs], work, when=FIXED), pairs):
        shutil.move(str(made), str(target))


def make(out_dir) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    truth = {"requests": REQUESTS, "sent": "2016-01-11", "letters": []}
    with tempfile.TemporaryDirectory(prefix="foi-eval3-") as tmp:
        tmp = Path(tmp)
        to_convert = []
        for letter in letters():
            d = out_dir / letter["id"]
            d.mkdir(exist_ok=True)
            tool = letter["tool"]
            if tool == "word":
                src = tmp / f"{letter['id']}.docx"
                render_docx(letter, src)
                files = [f"{letter['id']}/response.pdf"]
                to_convert.append((src, out_dir / files[0]))
            elif tool == "reportlab":
                files = [f"{letter['id']}/response.pdf"]
                render_reportlab(letter, out_dir / files[0])
            elif tool == "fpdf":
                files = [f"{letter['id']}/response.pdf"]
                render_fpdf(letter, out_dir / files[0])
            elif tool == "xlsx":
                files = [f"{letter['id']}/FOI_0321-16_data.xlsx"]
                render_xlsx(letter, out_dir / files[0])
            elif tool == "docx":
                files = [f"{letter['id']}/response.docx"]
                render_docx(letter, out_dir / files[0])
            figs = [f for b in letter["blocks"] if b[0] == "table" for f in b[1].truth]
            truth["letters"].append({"id": letter["id"], "force": letter["force"], "request": letter["request"],
                                     "features": letter["features"], "files": files, "figures": figs})
        if to_convert:
            convert_docx(to_convert, tmp / "lo")
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    return truth


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.splitlines()[2])
    t = make(sys.argv[1])
    print(f"{len(t['letters'])} letters, {sum(len(l['figures']) for l in t['letters'])} true figures")
