"""Breakdowns: figures by category (crime type, outcome, hospital), read from the layouts forces use.

One workspace, one request with `breakdowns:`, one force per layout, built once with `foi build`:
categories as rows with years across and a Total row; years down with outcome columns under a
group heading; a two-way table (crime type by outcome); labels wrapped over three lines with the
numbers on the middle one; a table over a page break with the letterhead repeated; calendar years
where financial years were asked; blank cells that the letter says mean none; a spreadsheet with a
summary sheet and a sheet per breakdown. Every figure is asserted with its breakdown and category.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Spacer

from foi.build import build
from foi.workspace import init_workspace
from tests.letters import grid_table, platypus_pdf

REQUEST = textwrap.dedent("""\
    title: Crimes on hospital grounds
    body: |
      Please provide the number of crimes recorded on hospital grounds in each financial year from
      2019/20 to 2021/22, broken down by crime type, outcome and hospital.
    to: [kent, essex, surrey, sussex, hampshire, dorset, devon-and-cornwall, avon-and-somerset]
    periods: financial-year
    since: 2019
    until: 2021
    measures:
      crimes: [crimes, offences, number of crimes]
    breakdowns:
      crime_type: [crime type, crime group, offence type]
      outcome: [outcome]
      hospital: [hospital, hospital name]
""")
FY = ["2019/20", "2020/21", "2021/22"]
KEYS = ["2019-20", "2020-21", "2021-22"]
TYPES = {"Violence against the person": [10, 12, 15], "Theft offences": [4, 6, 5], "Criminal damage": [3, 0, 2]}
OUTCOMES = {"Charged/summonsed": [2, 3, 4], "Out of court disposal": [1, 1, 0], "No further action": [14, 14, 18]}
TWO_WAY = {"Violence against the person": [3, 1, 11], "Theft offences": [1, 0, 3], "Criminal damage": [0, 0, 3]}
HOSPITALS = {"Royal County Hospital": [9, 11, 12], "St Example's": [8, 7, 10]}
MANY_HOSPITALS = {f"Hospital {chr(65 + i // 2)}{i % 2 + 1}": [i % 4, (i * 3) % 5, (i * 2) % 3] for i in range(40)}
STYLES = getSampleStyleSheet()


_doc = platypus_pdf
_table = grid_table


def _intro(ref: str):
    return [Paragraph(f"Our ref: {ref}", STYLES["Normal"]), Spacer(1, 6),
            Paragraph("I can confirm that the information you requested is held. It is given below.", STYLES["Normal"]),
            Spacer(1, 10)]


def _caption(text: str):
    return [Paragraph(f"<b>{text}</b>", STYLES["Normal"]), Spacer(1, 4)]


def rows_by_years(path: Path) -> Path:
    rows = [["Crime Group"] + FY + ["Total"]]
    for label, vs in TYPES.items():
        rows.append([label] + [str(v) for v in vs] + [str(sum(vs))])
    totals = [sum(vs[i] for vs in TYPES.values()) for i in range(3)]
    rows.append(["Total"] + [str(v) for v in totals] + [str(sum(totals))])
    return _doc(path, _intro("K/1") + _caption("Crimes recorded on hospital grounds") + [_table(rows)])


def years_by_outcome(path: Path) -> Path:
    rows = [["Financial year", "Outcome", "", "", ""], [""] + list(OUTCOMES) + ["Total"]]
    for i, fy in enumerate(FY):
        vs = [OUTCOMES[o][i] for o in OUTCOMES]
        rows.append([fy] + [str(v) for v in vs] + [str(sum(vs))])
    return _doc(path, _intro("E/1") + _caption("Crimes on hospital grounds") + [_table(rows)])


def two_way(path: Path) -> Path:
    outcomes = list(OUTCOMES)
    rows = [["Crime type"] + outcomes + ["Total"]]
    for label, vs in TWO_WAY.items():
        rows.append([label] + [str(v) for v in vs] + [str(sum(vs))])
    col = [sum(vs[i] for vs in TWO_WAY.values()) for i in range(3)]
    rows.append(["Total"] + [str(v) for v in col] + [str(sum(col))])
    return _doc(path, _intro("S/1") + _caption("Crimes by crime type and outcome, 2021/22") + [_table(rows)])


def wrapped_labels(path: Path) -> Path:
    """A white-space table whose long labels wrap over three lines, figures on the middle one."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    y = 760
    for line in ["Our ref: SX/1", "I can confirm that the information you requested is held.", "Crimes on hospital grounds"]:
        c.drawString(50, y, line)
        y -= 16
    y -= 10
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, y, "Crime type")
    for k, fy in enumerate(FY):
        c.drawRightString(330 + 70 * k, y, fy)
    y -= 26
    c.setFont("Helvetica", 10)
    wrapped = {"Violence against the person": ["Violence", "against the", "person"],
               "Theft offences": ["Theft", "offences", ""], "Criminal damage": ["Criminal", "damage", ""]}
    for label, vs in TYPES.items():
        lines = wrapped[label]
        c.drawString(50, y, lines[0])
        c.drawString(50, y - 12, lines[1])
        for k, v in enumerate(vs):
            c.drawRightString(330 + 70 * k, y - 12 if lines[2] else y, str(v))
        if lines[2]:
            c.drawString(50, y - 24, lines[2])
        y -= 50
    c.save()
    return path


def over_a_page_break(path: Path) -> Path:
    """Hospitals down, years across, over two pages, the letterhead repeated on the second."""
    def letterhead(cv, _doc):
        cv.setFont("Helvetica-Bold", 11)
        cv.drawString(50, 810, "Hampshire Constabulary - Freedom of Information")
        cv.setFont("Helvetica", 8)
        cv.drawString(50, 20, "OFFICIAL")

    rows = [["Hospital name"] + FY] + [[h] + [str(v) for v in vs] for h, vs in MANY_HOSPITALS.items()]
    return platypus_pdf(path, _intro("H/1") + [Spacer(1, 220)] + _caption("Crimes by hospital") + [_table(rows)],
                        on_page=letterhead, topMargin=70, bottomMargin=60)


def calendar_years(path: Path) -> Path:
    rows = [["Crime type", "2019", "2020", "2021"]] + [[k] + [str(v) for v in vs] for k, vs in TYPES.items()]
    return _doc(path, _intro("D/1") + _caption("Crimes on hospital grounds by calendar year") + [_table(rows)])


def blanks(path: Path, legend: bool) -> Path:
    rows = [["Hospital"] + FY]
    for h, vs in HOSPITALS.items():
        rows.append([h] + ["" if v == 7 else str(v) for v in vs])
    rows.append(["Community Hospital", "", "1", ""])
    note = [Spacer(1, 6), Paragraph("A blank cell means none were recorded.", STYLES["Normal"])] if legend else []
    return _doc(path, _intro("B/1") + _caption("Crimes on hospital grounds") + [_table(rows)] + note)


def workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append(["Financial year", "Number of crimes"])
    for i, fy in enumerate(FY):
        summary.append([fy, sum(vs[i] for vs in HOSPITALS.values())])
    by = wb.create_sheet("By hospital")
    by.append(["Hospital"] + FY)
    for h, vs in HOSPITALS.items():
        by.append([h] + vs)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("breakdowns")
    ws, _ = init_workspace(root / "ws")
    ws.request_path("hospital-crimes").write_text(REQUEST, encoding="utf-8")

    def put(force: str, name: str) -> Path:
        folder = ws.root / "responses" / "hospital-crimes" / force
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    rows_by_years(put("kent", "kent.pdf"))
    years_by_outcome(put("essex", "essex.pdf"))
    two_way(put("surrey", "surrey.pdf"))
    wrapped_labels(put("sussex", "sussex.pdf"))
    over_a_page_break(put("hampshire", "hampshire.pdf"))
    calendar_years(put("dorset", "dorset.pdf"))
    blanks(put("devon-and-cornwall", "devon.pdf"), legend=True)
    blanks(put("avon-and-somerset", "avon.pdf"), legend=False)
    workbook(put("essex", "essex.xlsx"))
    build(ws, jobs=1)
    return sqlite_utils.Database(ws.db_path)


def figs(db, force: str, document: str = "") -> dict:
    out = {}
    for r in db.query("select * from figures where request = 'hospital-crimes' and force = ? and document like ?",
                      [force, f"%{document}"]):
        key = (r["period"], r["breakdown"], r["category"])
        assert key not in out, f"two figures for {key}"
        out[key] = r
    return out


def values(got: dict) -> dict:
    return {k: (None if f["suppressed"] else f["value"]) for k, f in got.items()}


def test_categories_as_rows_years_across_with_a_total_row_and_column(db):
    got = figs(db, "kent")
    want = {}
    for label, vs in TYPES.items():
        for key, v in zip(KEYS, vs):
            want[(key, "crime_type", label)] = v
        want[("total", "crime_type", label)] = sum(vs)
    for i, key in enumerate(KEYS):
        want[(key, None, None)] = sum(vs[i] for vs in TYPES.values())  # the Total row: the force as a whole
    want[("total", None, None)] = sum(sum(vs) for vs in TYPES.values())
    assert values(got) == want
    assert not any(f["needs_review"] for f in got.values())
    assert all(f["table_number"] == 1 and f["row"] is not None for f in got.values())  # every figure traceable


def test_years_down_with_outcome_columns_under_a_group_heading(db):
    got = figs(db, "essex", "essex.pdf")
    want = {(key, "outcome", o): vs[i] for o, vs in OUTCOMES.items() for i, key in enumerate(KEYS)}
    want.update({(key, None, None): sum(vs[i] for vs in OUTCOMES.values()) for i, key in enumerate(KEYS)})
    assert values(got) == want


def test_a_two_way_table_by_crime_type_and_outcome(db):
    got = figs(db, "surrey")
    outcomes = list(OUTCOMES)
    want = {}
    for label, vs in TWO_WAY.items():
        for o, v in zip(outcomes, vs):
            want[("2021-22", "crime_type+outcome", f"{label} | {o}")] = v
        want[("2021-22", "crime_type", label)] = sum(vs)
    for i, o in enumerate(outcomes):
        want[("2021-22", "outcome", o)] = sum(vs[i] for vs in TWO_WAY.values())
    want[("2021-22", None, None)] = sum(sum(vs) for vs in TWO_WAY.values())
    assert values(got) == want


def test_labels_wrapped_over_three_lines_are_one_category(db):
    got = figs(db, "sussex")
    want = {(key, "crime_type", label): vs[i] for label, vs in TYPES.items() for i, key in enumerate(KEYS)}
    assert values(got) == want


def test_a_table_over_a_page_break_with_the_letterhead_repeated(db):
    got = figs(db, "hampshire")
    want = {(key, "hospital", h): vs[i] for h, vs in MANY_HOSPITALS.items() for i, key in enumerate(KEYS)}
    assert values(got) == want
    assert {f["page"] for f in got.values()} == {1, 2}


def test_calendar_years_where_financial_years_were_asked_are_kept_and_flagged(db):
    got = figs(db, "dorset")
    want = {(str(2019 + i), "crime_type", label): vs[i] for label, vs in TYPES.items() for i in range(3)}
    assert values(got) == want
    assert all(f["needs_review"] and "calendar year" in f["review_reasons"] for f in got.values())


def test_blank_cells_mean_none_where_the_letter_says_so(db):
    got = figs(db, "devon-and-cornwall")
    assert values(got)[("2020-21", "hospital", "St Example's")] == 0
    assert values(got)[("2019-20", "hospital", "Community Hospital")] == 0
    assert values(got)[("2020-21", "hospital", "Community Hospital")] == 1


def test_blank_cells_are_flagged_where_the_letter_does_not_say(db):
    got = figs(db, "avon-and-somerset")
    blank = got[("2020-21", "hospital", "St Example's")]
    assert blank["value"] is None and blank["needs_review"] == 1
    assert got[("2019-20", "hospital", "Royal County Hospital")]["value"] == 9


def test_a_spreadsheet_with_a_summary_sheet_and_a_sheet_per_breakdown(db):
    got = figs(db, "essex", "essex.xlsx")
    want = {(key, "hospital", h): vs[i] for h, vs in HOSPITALS.items() for i, key in enumerate(KEYS)}
    want.update({(key, None, None): sum(vs[i] for vs in HOSPITALS.values()) for i, key in enumerate(KEYS)})
    assert values(got) == want
    # each breakdown checked against the summary's total: these add up
    assert not any(f["needs_review"] for f in got.values())


def test_a_breakdown_that_does_not_add_up_to_the_total_is_flagged():
    from foi.figures.extract import extract_figures
    from foi.figures.spec import MeasureSpec
    from foi.tables import Table as T

    spec = MeasureSpec(measures={"crimes": ["crimes"]}, periods="financial-year", breakdowns={"outcome": ["outcome"]})
    summary = T(page=1, rows=[["Financial year", "Crimes"], ["2019/20", "20"]])
    parts = T(page=1, caption="Crimes by outcome", rows=[["Financial year", "Outcome", ""], ["", "Charged", "NFA"],
                                                        ["2019/20", "5", "12"]])
    got = {(f.breakdown, f.category): f for f in extract_figures([summary, parts], spec)}
    assert got[("outcome", "Charged")].needs_review and "add up to 17, not the total of 20" in got[("outcome", "Charged")].review_reasons[0]
    assert not got[(None, None)].needs_review
