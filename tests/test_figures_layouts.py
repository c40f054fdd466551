"""Layouts forces answer in, each made here in code and read end to end by one `foi build`.

Each force of the workspace below answers in one layout that the figures engine once missed
(found on an independent evaluation set): a measure named only by the caption above a small
"Year | Number" table, several per page and over a page break; rows latest year first; a
Courier block typed with spaces; dashes that mean nil, and dashes a legend says are
withheld; "fewer than 5"; shortened and unusual headers; a Word table so narrow that "2006"
wraps as "200" over "6"; an answer in sentences; a footnote marker raised on a number. The
workspace is built once and each test asserts one force's figures.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import sqlite_utils
from fpdf import FPDF
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from foi.build import build
from foi.documents import pdf as pdf_mod
from foi.documents.pdf import read_pdf
from foi.workspace import init_workspace
from tests.letters import canvas_grid, canvas_lines

W, H = A4

IMAGES = textwrap.dedent("""\
    title: Officers investigated over obscene images
    body: |
      Please provide, for each calendar year from 2006 to 2013, the number of cases, allegations,
      officers investigated, allegations substantiated, officers dismissed and officers who resigned or retired.
    to: [thames-valley, nottinghamshire, devon-and-cornwall, essex, surrey, cambridgeshire, kent, suffolk]
    periods: calendar-year
    measures:
      cases: [cases, number of cases]
      allegations: [allegations, number of allegations]
      officers: [officers, officers investigated, number of officers]
      substantiated: [substantiated, upheld, proven]
      dismissed: [dismissed]
      resigned_or_retired: [resigned or retired, resigned/retired]
""")
TASER = textwrap.dedent("""\
    title: Use of Taser
    body: |
      Please tell me, for each financial year from 2010-11 to 2012-13, how many times a Taser was drawn,
      aimed and fired, and how many complaints were received about its use.
    to: [cambridgeshire, essex, west-midlands]
    periods: financial-year
    measures:
      drawn: [drawn, taser drawn]
      aimed: [aimed, red dot]
      fired: [fired]
      complaints: [complaints]
""")
YEARS = [str(y) for y in range(2006, 2014)]
MEASURES = ["cases", "allegations", "officers", "substantiated", "dismissed", "resigned_or_retired"]


def _values(seed: int) -> dict[str, list[int]]:
    """Plausible figures: allegations >= cases, substantiated <= allegations."""
    out: dict[str, list[int]] = {m: [] for m in MEASURES}
    for i in range(len(YEARS)):
        cases = (seed * 7 + i * 3) % 5
        out["cases"].append(cases)
        out["allegations"].append(cases + (i + seed) % 3)
        out["officers"].append(cases + (i * seed) % 2)
        out["substantiated"].append(min(cases, (i + 2 * seed) % 3))
        out["dismissed"].append((i + seed) % 2)
        out["resigned_or_retired"].append((i * 2 + seed) % 3)
    return out


def _letterhead(c: canvas.Canvas, page: int, pages: int) -> None:
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 30, "OFFICIAL")
    c.drawString(50, 30, f"Page {page} of {pages}")
    c.drawString(W - 150, 30, "OFFICIAL")


def _para(c: canvas.Canvas, y: float, lines: list[str], size: float = 10) -> float:
    """Lines of text from `y` (points above the page's foot) down; returns the y of the next."""
    c.setFont("Helvetica", size)
    return canvas_lines(c, lines, x=50, top=H - y, leading=size * 1.5)


def _ruled(c: canvas.Canvas, x: float, y: float, rows: list[list[str]], widths: list[float], h: float = 16) -> float:
    """A ruled grid with its top-left corner at (x, y), its header in bold; returns the y under it."""
    c.setLineWidth(0.5)
    c.setFont("Helvetica", 10)
    xs = [x + sum(widths[:i]) for i in range(len(widths) + 1)]
    canvas_grid(c, rows, xs, top=H - y, row_height=h, baseline=h - 4.5, header_font=("Helvetica-Bold", 10))
    return y - len(rows) * h


def tables_per_measure(path: Path, values: dict[str, list[int]], captions: dict[str, str], latest_first: bool) -> Path:
    """One "Year | Number" table per measure, named only by the caption above it; three to a
    page, so tables run on over the page break with a running header and footer between."""
    c = canvas.Canvas(str(path), pagesize=A4)
    pages = 3
    page = 1
    _letterhead(c, page, pages)
    y = _para(c, H - 80, ["Our ref: FOI 2014-0031", "Date: 12 February 2014", "Dear Ms Example,",
                          "I can confirm that the information you requested is held. It is set out in the tables below."])
    order = list(range(len(YEARS)))[::-1] if latest_first else list(range(len(YEARS)))
    for measure, caption in captions.items():
        need = 24 + 16 * (len(YEARS) + 1)
        if y - need < 60:
            c.showPage()
            page += 1
            _letterhead(c, page, pages)
            y = H - 70
        c.setFont("Helvetica-Bold", 11)
        c.drawString(50, y - 10, caption)
        rows = [["Year", "Number"]] + [[YEARS[i], str(values[measure][i])] for i in order]
        y = _ruled(c, 50, y - 18, rows, [80, 80]) - 20
    c.showPage()
    page += 1
    _letterhead(c, page, pages)
    _para(c, H - 80, ["Yours sincerely,", "Information Access Officer"])
    c.save()
    return path


def courier_block(path: Path) -> Path:
    """A fixed-width block typed with spaces: 'fewer than 5' is one cell, '-' is nil."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = _para(c, H - 80, ["Our ref: 000321/14", "I can confirm that the information you requested is held.",
                          "The information is provided in the table below."])
    c.setFont("Courier", 9)
    rows = [["Year", "Cases", "Allegs", "Officers", "Subst.", "Dismissed", "Res/Ret"]] + [
        [YEARS[i], "fewer than 5" if i % 2 else str(5 + i), "7", str(6 + i), "fewer than 5", "-", "-" if i % 3 else "1"]
        for i in range(len(YEARS))
    ]
    y -= 10
    for row in rows:
        c.drawString(50, y, "".join(cell.ljust(15) for cell in row).rstrip())
        y -= 13
    _para(c, y - 20, ["Notes:", "Where a figure is between 1 and 4 it is shown as 'fewer than 5'."])
    c.save()
    return path


def narrow_word_table(path: Path, values: dict[str, list[int]]) -> Path:
    """A borderless table as Word sets it in narrow columns: words and years broken anywhere,
    and a dash that the letter's legend says is withheld."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = _para(c, H - 80, ["Our ref: 0045/14", "I can confirm that the information you requested is held.",
                          "The information is provided in the table below."])
    xs = [50, 80, 125, 185, 240, 300, 350]
    head = [("Yea", "r"), ("Case", "s"), ("Allegation", "s"), ("Subject", "officers"), ("Substantiate", "d"),
            ("Dismisse", "d"), ("Resigned/", "Retired")]
    y -= 10
    c.setFont("Helvetica", 9)
    for x, (a, b) in zip(xs, head):
        c.drawString(x, y, a)
        c.drawString(x, y - 11, b)
    y -= 30
    for i, year in enumerate(YEARS):
        c.drawString(xs[0], y, year[:3])
        c.drawString(xs[0], y - 11, year[3:])
        for j, m in enumerate(MEASURES):
            v = values[m][i]
            c.drawString(xs[j + 1], y, "-" if 1 <= v <= 4 and m == "officers" else str(v))
        y -= 28
    _para(c, y - 10, ["- denotes a figure between one and four, which has been withheld under Section 40(2)."])
    c.save()
    return path


PROSE = [
    "Our ref: 0089/2014",
    "Dear Ms Example,",
    "I can confirm that the information you requested is held. Our response is as follows.",
    "- 2006: no allegations of this nature were recorded.",
    "- 2007: 1 case involving 2 allegations against 1 officer. 1 of the allegations was substantiated.",
    "  1 officer was dismissed and none resigned or retired.",
    "- In 2008 there were three allegations, one of which was substantiated, in two cases against",
    "  three officers. No officer was dismissed and two resigned or retired.",
    "",
    "Please note that a case may involve more than one allegation and more than one officer.",
    "Yours sincerely,",
]
TASER_PROSE = [
    "Our ref: 0611/2014",
    "I can confirm that the information you requested is held. Our response is as follows.",
    "- In the year to 31 March 2011 a Taser was drawn on 60 occasions, aimed on 37 occasions and",
    "  fired on 7 occasions. No complaints were received about the use of Taser during the year.",
    "- From April 2011 to March 2012 a Taser was drawn on 87 occasions, aimed on 57 occasions and fired on",
    "  9 occasions. 1 complaint was received about the use of Taser during the year.",
    "",
    "Figures are taken from the forms completed by officers after each deployment.",
]


def prose_letter(path: Path, lines: list[str]) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    _para(c, H - 80, lines)
    c.save()
    return path


def fpdf_grid(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """fpdf2's ruled grid, with shortened, unusual and two-measure headers."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Our ref: 2014/0456\nI can confirm that the information you requested is held.\n"
                         "The information is provided in the table below.")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 9)
    for h in header:
        pdf.cell(30, 8, h, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", size=9)
    for row in rows:
        for cell in row:
            pdf.cell(30, 8, cell, border=1)
        pdf.ln()
    pdf.output(str(path))
    return path


def superscript_marker(path: Path) -> Path:
    """A footnote marker set as a small raised digit on a number ("280" and a raised "1")."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = _para(c, H - 80, ["Our ref: 1204A-14", "I can confirm that the information you requested is held."])
    rows = [["Financial year", "Drawn", "Aimed", "Discharged", "Complaints"],
            ["2010/11", "1,280", "148", "28", "4"], ["2011/12", "392", "221", "31", "2"], ["2012/13", "410", "230", "35", "0"]]
    bottom = _ruled(c, 50, y - 10, rows, [110, 70, 70, 70, 80])
    c.setFont("Helvetica", 6)
    c.drawString(50 + 110 + 4 + c.stringWidth("1,280", "Helvetica", 10), y - 10 - 2 * 16 + 9, "1")
    _para(c, bottom - 20, ["1 Includes incidents recorded late."], size=8)
    c.save()
    return path


def docx_with_caption(path: Path, values: dict[str, list[int]]) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("Our ref: 29-14")
    d.add_paragraph("I can confirm that the information you requested is held.")
    for measure, caption in [("cases", "Number of cases"), ("dismissed", "Officers dismissed")]:
        d.add_paragraph(caption)
        t = d.add_table(rows=1, cols=2)
        t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Year", "Number"
        for i, year in enumerate(YEARS):
            cells = t.add_row().cells
            cells[0].text, cells[1].text = year, str(values[measure][i])
    d.save(str(path))
    return path


TVP = _values(1)
NOTTS = _values(2)
SURREY = _values(3)
ESSEX = _values(4)
SUFFOLK = _values(5)
TVP_CAPTIONS = {"cases": "Table 1: Number of cases", "allegations": "Table 2: Number of allegations",
                "officers": "Table 3: Number of officers investigated", "substantiated": "Table 4: Allegations found proven",
                "dismissed": "Table 5: Officers dismissed", "resigned_or_retired": "Table 6: Officers who resigned or retired"}
NOTTS_CAPTIONS = {"cases": "Cases", "allegations": "Allegations", "officers": "Officers subject of allegations",
                  "substantiated": "Substantiated allegations", "dismissed": "Dismissals",
                  "resigned_or_retired": "Resignations / retirements"}
ESSEX_HEADER = ["Year", "Investigations", "Allegs", "Subject officers", "Allegations upheld", "Dismissals", "Res/Ret"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("layouts")
    ws, _ = init_workspace(root / "ws")
    ws.request_path("images").write_text(IMAGES, encoding="utf-8")
    ws.request_path("taser").write_text(TASER, encoding="utf-8")

    def put(slug: str, force: str, name: str) -> Path:
        folder = ws.root / "responses" / slug / force
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    tables_per_measure(put("images", "thames-valley", "tvp.pdf"), TVP, TVP_CAPTIONS, latest_first=False)
    tables_per_measure(put("images", "nottinghamshire", "notts.pdf"), NOTTS, NOTTS_CAPTIONS, latest_first=True)
    courier_block(put("images", "devon-and-cornwall", "devon.pdf"))
    narrow_word_table(put("images", "surrey", "surrey.pdf"), SURREY)
    prose_letter(put("images", "cambridgeshire", "cambs.pdf"), PROSE)
    prose_letter(put("taser", "cambridgeshire", "cambs-taser.pdf"), TASER_PROSE)
    fpdf_grid(put("images", "essex", "essex.pdf"), ESSEX_HEADER,
              [[YEARS[i]] + [f"{ESSEX[m][i] * 1000 + 234:,}" if m == "cases" and i == 0 else str(ESSEX[m][i])
                             for m in MEASURES] for i in range(len(YEARS))])
    superscript_marker(put("taser", "west-midlands", "wmp.pdf"))
    docx_with_caption(put("images", "suffolk", "suffolk.docx"), SUFFOLK)
    build(ws, jobs=1)
    return sqlite_utils.Database(ws.db_path)


def figs(db, force: str, request: str = "images") -> dict[tuple[str, str], dict]:
    rows = db.query("select * from figures where request = ? and force = ? and breakdown is null", [request, force])
    out: dict[tuple[str, str], dict] = {}
    for r in rows:
        assert (r["measure"], r["period"]) not in out, f"two figures for {r['measure']} {r['period']}"
        out[(r["measure"], r["period"])] = r
    return out


def assert_all(got: dict, values: dict[str, list[int]], measures=MEASURES) -> None:
    for m in measures:
        for i, year in enumerate(YEARS):
            f = got.get((m, year))
            assert f is not None, f"{m} {year} missing"
            assert (f["value"], f["suppressed"]) == (values[m][i], 0), (m, year, f["value"], f["raw_text"])


def test_a_caption_names_the_measure_of_each_small_table_over_page_breaks(db):
    got = figs(db, "thames-valley")
    assert_all(got, TVP)
    assert len(got) == len(MEASURES) * len(YEARS)
    assert got[("cases", "2006")]["header"].startswith("Table 1: Number of cases")
    tables = list(db.query("select caption from tables where document like 'images/thames-valley/%' order by table_number"))
    assert [t["caption"] for t in tables if t["caption"]] == list(TVP_CAPTIONS.values())


def test_captions_with_rows_latest_year_first(db):
    got = figs(db, "nottinghamshire")
    assert_all(got, NOTTS)


def test_a_fixed_width_block_keeps_fewer_than_5_in_one_cell_and_reads_an_unexplained_dash_as_nil(db):
    got = figs(db, "devon-and-cornwall")
    assert got[("cases", "2007")]["suppressed"] == 1 and got[("cases", "2007")]["value"] is None
    assert got[("cases", "2006")]["value"] == 5
    assert got[("allegations", "2009")]["value"] == 7  # "Allegs"
    assert got[("substantiated", "2010")]["suppressed"] == 1  # "Subst."
    dash = got[("dismissed", "2008")]
    assert (dash["value"], dash["suppressed"], dash["needs_review"]) == (0, 0, 1)
    assert "dash" in dash["review_reasons"]
    assert got[("resigned_or_retired", "2006")]["value"] == 1  # "Res/Ret"
    assert len(got) == len(MEASURES) * len(YEARS)


def test_a_narrow_word_table_with_broken_years_and_a_dash_withheld_by_its_legend(db):
    got = figs(db, "surrey")
    for i, year in enumerate(YEARS):
        for m in MEASURES:
            f = got[(m, year)]
            v = SURREY[m][i]
            if m == "officers" and 1 <= v <= 4:
                assert (f["value"], f["suppressed"]) == (None, 1), (m, year)
            else:
                assert (f["value"], f["suppressed"]) == (v, 0), (m, year, f["raw_text"])


def test_an_answer_in_sentences(db):
    got = figs(db, "cambridgeshire")
    want = {
        "2006": dict.fromkeys(MEASURES, 0),
        "2007": {"cases": 1, "allegations": 2, "officers": 1, "substantiated": 1, "dismissed": 1, "resigned_or_retired": 0},
        "2008": {"cases": 2, "allegations": 3, "officers": 3, "substantiated": 1, "dismissed": 0, "resigned_or_retired": 2},
    }
    for year, values in want.items():
        for m, v in values.items():
            f = got.get((m, year))
            assert f is not None and f["value"] == v, (m, year, f and f["value"])
            # every figure from sentences is flagged; 2006's zeros say which words made them zero
            why = "letter's words" if year != "2006" or m == "allegations" else "says nothing was recorded"
            assert f["needs_review"] == 1 and why in (f["review_reasons"] or ""), (m, year, f["review_reasons"])
            assert f["table_number"] is None and f["page"] == 1
    assert set(got) == {(m, y) for y in want for m in MEASURES}  # "more than one allegation" is no figure
    outcome = db.execute("select outcome from cases where request = 'images' and force = 'cambridgeshire'").fetchone()
    assert outcome[0] == "full"


def test_financial_years_written_out_in_sentences(db):
    got = figs(db, "cambridgeshire", "taser")
    want = {("drawn", "2010-11"): 60, ("aimed", "2010-11"): 37, ("fired", "2010-11"): 7, ("complaints", "2010-11"): 0,
            ("drawn", "2011-12"): 87, ("aimed", "2011-12"): 57, ("fired", "2011-12"): 9, ("complaints", "2011-12"): 1}
    assert {k: f["value"] for k, f in got.items()} == want
    assert all(f["needs_review"] for f in got.values())


def test_shortened_unusual_and_two_measure_headers_and_thousands(db):
    got = figs(db, "essex")
    assert got[("cases", "2006")]["value"] == ESSEX["cases"][0] * 1000 + 234  # "1,234" with a separator
    for i, year in enumerate(YEARS[1:], start=1):
        for m in MEASURES:
            assert got[(m, year)]["value"] == ESSEX[m][i], (m, year)
    # matched through a synonym or a shortened word: right, and flagged for a look
    assert got[("cases", "2007")]["needs_review"] == 1  # "Investigations"
    assert got[("substantiated", "2007")]["value"] == ESSEX["substantiated"][1]  # "Allegations upheld"


def test_a_raised_footnote_marker_is_no_digit_and_never_loses_the_document(db):
    doc = db.execute("select error from documents where id = 'taser/west-midlands/wmp.pdf'").fetchone()
    assert doc[0] is None
    got = figs(db, "west-midlands", "taser")
    assert got[("drawn", "2010-11")]["value"] == 1280
    assert got[("aimed", "2011-12")]["value"] == 221
    assert got[("complaints", "2012-13")]["value"] == 0
    fired = got[("fired", "2011-12")]  # "Discharged": a synonym, right and flagged for a look
    assert (fired["value"], fired["needs_review"]) == (31, 1)


def test_a_word_paragraph_before_a_table_is_its_caption(db):
    got = figs(db, "suffolk")
    for i, year in enumerate(YEARS):
        assert got[("cases", year)]["value"] == SUFFOLK["cases"][i]
        assert got[("dismissed", year)]["value"] == SUFFOLK["dismissed"][i]


def test_one_page_failing_keeps_the_rest_of_the_document(tmp_path, monkeypatch):
    path = tables_per_measure(tmp_path / "tvp.pdf", TVP, TVP_CAPTIONS, latest_first=False)
    whole = read_pdf(path)
    bad_page = next(t.page for t in whole.tables if t.caption == TVP_CAPTIONS["dismissed"])
    real = pdf_mod.find_tables

    def fail_on_one_page(layout, raw_chars, taken, settings):
        grids = real(layout, raw_chars, taken, settings)
        if any(TVP_CAPTIONS["dismissed"] in ln.text for ln in layout.lines):
            raise ValueError("invalid literal for int() with base 10: '280¹'")
        return grids

    monkeypatch.setattr(pdf_mod, "find_tables", fail_on_one_page)
    doc = read_pdf(path)
    assert doc.error is None
    assert doc.warnings == [f"page {bad_page}: tables could not be read (ValueError: invalid literal for int() "
                            f"with base 10: '280¹')"]
    assert [t.caption for t in doc.tables] == [t.caption for t in whole.tables if t.page != bad_page]
    assert 0 < len(doc.tables) < len(whole.tables)
    assert [p.text for p in doc.pages] == [p.text for p in whole.pages]


def test_one_table_failing_keeps_the_other_tables_figures(monkeypatch):
    from foi.figures import extract as extract_mod
    from foi.figures.spec import MeasureSpec
    from foi.tables import Table

    spec = MeasureSpec(measures={"officers": ["officers"], "allegations": ["allegations"]})
    good = Table(page=1, rows=[["Year", "Officers"], ["2012", "4"], ["2013", "5"]])
    bad = Table(page=2, rows=[["Year", "Allegations"], ["2012", "280¹"]])
    real = extract_mod.TableReader.read

    def read(self):
        if self.table is bad:
            raise ValueError("invalid literal for int() with base 10: '280¹'")
        return real(self)

    monkeypatch.setattr(extract_mod.TableReader, "read", read)
    problems: list[str] = []
    figs = extract_mod.extract_figures([bad, good], spec, problems=problems)
    assert {(f.measure, f.period, f.value) for f in figs} == {("officers", "2012", 4), ("officers", "2013", 5)}
    assert problems == ["table 1 (page 2): its figures could not be read (ValueError: invalid literal for int() "
                        "with base 10: '280¹')"]
