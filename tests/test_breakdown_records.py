"""Listings of records (one row per incident) counted into figures: foi.figures.records.

Real files: a PDF listing over several pages made with reportlab (its header repeated on every
page), a spreadsheet listing with dates made with openpyxl. The expected counts are computed
here from the rows written, never typed in.
"""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph
from reportlab.lib.styles import getSampleStyleSheet

from foi.documents.pdf import read_pdf
from foi.documents.spreadsheets import read_xlsx
from foi.figures.extract import Figure
from foi.figures.records import check_against_summary, count_records, figures_from_listings, find_listing, is_listing
from foi.figures.spec import MeasureSpec
from foi.tables import Table
from tests.letters import grid_table, platypus_pdf

SPEC = MeasureSpec(
    measures={"crimes": ["crimes", "crimes recorded"]}, periods="financial-year", since=2019, until=2021,
    breakdowns={"crime_type": ["crime type"], "outcome": ["outcome"], "hospital": ["hospital", "hospital name"]},
)
YEARS = ["2019-20", "2020-21", "2021-22"]
TYPES = ["Violence with injury", "Theft", "Public order", "Criminal damage"]
OUTCOMES = ["Charged", "No suspect identified", "Evidential difficulties"]
HOSPITALS = ["St Mary's Hospital", "Royal Infirmary"]


def _records(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        y = rng.choice(YEARS)
        out.append({"year": y, "date": dt.date(int(y[:4]), 4, 1) + dt.timedelta(days=rng.randrange(365)),
                    "type": rng.choice(TYPES), "outcome": rng.choice(OUTCOMES), "hospital": rng.choice(HOSPITALS)})
    return out


def _expected(records: list[dict]) -> dict[tuple, int]:
    exp: dict[tuple, int] = {}
    for (y,), n in Counter((r["year"],) for r in records).items():
        exp[("crimes", y, None, None)] = n
    for key, field in (("crime_type", "type"), ("outcome", "outcome"), ("hospital", "hospital")):
        for (y, c), n in Counter((r["year"], r[field]) for r in records).items():
            exp[("crimes", y, key, c)] = n
    for (y, t, o), n in Counter((r["year"], r["type"], r["outcome"]) for r in records).items():
        exp[("crimes", y, "crime_type+outcome", f"{t} | {o}")] = n
    return exp


def _got(figures: list[Figure]) -> dict[tuple, int]:
    return {(f.measure, f.period, f.breakdown, f.category): f.value for f in figures}


def _pdf_listing(path: Path, records: list[dict]) -> Path:
    styles = getSampleStyleSheet()
    rows = [["Financial Year", "Hospital Name", "Crime Type", "Outcome"]]
    rows += [[r["year"].replace("-", "/"), r["hospital"], r["type"], r["outcome"]] for r in records]
    return platypus_pdf(path, [Paragraph("Crimes recorded at hospitals, one crime per row", styles["Heading2"]),
                               grid_table(rows, repeat_header=True)])


def test_a_pdf_listing_over_several_pages_is_counted(tmp_path):
    records = _records(1, 130)
    doc = read_pdf(_pdf_listing(tmp_path / "listing.pdf", records))
    assert doc.page_count >= 3  # a listing that really runs over pages
    figures = figures_from_listings(doc.tables, SPEC)
    got, exp = _got(figures), _expected(records)
    assert {k: got.get(k) for k in exp} == exp
    assert all(f.derived and not f.needs_review for f in figures)
    # the whole force's figures say where they were counted, over which pages
    whole = [f for f in figures if f.breakdown is None]
    assert sum(f.value for f in whole) == len(records)
    assert any("pages 1–" in n for f in whole for n in f.notes)
    assert all(f.table_index == -1 and f.row == -1 for f in figures)


def test_a_listing_kept_apart_page_by_page_is_counted_once(tmp_path):
    """A reader that gives each page's part of the listing as a table of its own: the parts are joined."""
    records = _records(6, 130)
    doc = read_pdf(_pdf_listing(tmp_path / "listing.pdf", records), join_pages=False)
    assert len(doc.tables) >= 3
    got, exp = _got(figures_from_listings(doc.tables, SPEC)), _expected(records)
    assert {k: got.get(k) for k in exp} == exp


def test_a_spreadsheet_listing_with_dates_counts_by_financial_year(tmp_path):
    from openpyxl import Workbook

    records = _records(2, 60)
    # the first of April starts a financial year, the 31st of March ends one
    records += [{"year": "2020-21", "date": dt.date(2020, 4, 1), "type": "Theft", "outcome": "Charged",
                 "hospital": HOSPITALS[0]},
                {"year": "2019-20", "date": dt.date(2020, 3, 31), "type": "Theft", "outcome": "Charged",
                 "hospital": HOSPITALS[0]}]
    wb = Workbook()
    ws = wb.active
    ws.append(["Crimes at hospitals (sample)"])
    ws.append([])
    ws.append(["Crime Ref", "Date Recorded", "Crime Type", "Outcome", "Hospital"])
    for i, r in enumerate(records):
        ws.append([f"CR/{i:05d}/{r['date']:%y}", dt.datetime.combine(r["date"], dt.time()), r["type"], r["outcome"],
                   r["hospital"]])
    path = tmp_path / "listing.xlsx"
    wb.save(path)
    doc = read_xlsx(path)
    figures = figures_from_listings(doc.tables, SPEC)
    got, exp = _got(figures), _expected(records)
    assert {k: got.get(k) for k in exp} == exp
    # "Crime Ref" names no breakdown even though it shares a word with "crime type"
    listing = next(find_listing(t, i, SPEC) for i, t in enumerate(doc.tables) if is_listing(t, SPEC))
    assert listing.breakdown_cols == {"crime_type": 2, "outcome": 3, "hospital": 4}


def _table(rows: list[list[str]], caption=None) -> Table:
    return Table(page=1, rows=rows, caption=caption)


def test_a_summary_in_long_form_is_not_a_listing():
    """Year | Crime type | Number, one row per pair: figures printed by the force, not records."""
    rows = [["Financial Year", "Crime Type", "Number"]]
    rows += [[y.replace("-", "/"), t, str(3 + i)] for i, (y, t) in enumerate((y, t) for y in YEARS for t in TYPES)]
    assert count_records(_table(rows), 0, SPEC) == []
    # too few rows to be a listing
    assert count_records(_table([rows[0][:2]] + [[r[0], r[1]] for r in rows[1:5]]), 0, SPEC) == []


def test_which_measure_a_row_counts():
    spec = MeasureSpec(measures={"crimes": ["crimes"], "arrests": ["arrests", "arrest made"]}, periods="financial-year",
                       breakdowns={"crime_type": ["crime type"]})
    records = _records(3, 24)
    arrests = [i % 3 == 0 for i in range(len(records))]
    rows = [["Financial Year", "Crime Type", "Arrest made"]]
    rows += [[r["year"].replace("-", "/"), r["type"], "Y" if a else "N"] for r, a in zip(records, arrests)]
    got = _got(count_records(_table(rows, caption="Crimes recorded at hospitals"), 0, spec))
    for y in YEARS:
        in_year = [a for r, a in zip(records, arrests) if r["year"] == y]
        assert got[("arrests", y, None, None)] == sum(in_year)  # the yes/no column counts arrests
        assert got[("crimes", y, None, None)] == len(in_year)  # every row is a crime, as the caption says
    # no measure named anywhere, several asked for: nothing is counted rather than a guess
    plain = [r[:2] for r in rows]
    assert count_records(_table(plain), 0, spec) == []


def test_blank_categories_and_years_outside_the_request_are_flagged():
    records = _records(4, 20)
    rows = [["Financial Year", "Crime Type"]]
    rows += [[r["year"].replace("-", "/"), r["type"]] for r in records]
    rows += [["2018/19", "Theft"], ["2019/20", ""]]
    figures = count_records(_table(rows), 0, SPEC)
    by_key = {(f.period, f.category): f for f in figures}
    assert by_key[("2018-19", None)].needs_review and "outside" in " ".join(by_key[("2018-19", None)].review_reasons)
    assert by_key[("2019-20", "(blank)")].needs_review
    assert not by_key[("2019-20", "Theft")].needs_review


def test_counts_are_checked_against_the_summary_the_force_printed():
    records = _records(5, 40)
    rows = [["Financial Year", "Crime Type"]] + [[r["year"].replace("-", "/"), r["type"]] for r in records]
    derived = count_records(_table(rows), 1, SPEC)
    n = Counter(r["year"] for r in records)

    def printed(period, value, category=None):
        return Figure(measure="crimes", period=period, value=value, suppressed=False, needs_review=False,
                      review_reasons=[], table_index=0, page=1, row=1, col=1, raw_text=str(value), header="",
                      breakdown="crime_type" if category else None, category=category)

    agree, differ = printed("2019-20", n["2019-20"]), printed("2020-21", n["2020-21"] + 2)
    check_against_summary(derived, [agree, differ])
    by_key = {(f.period, f.breakdown): f for f in derived}
    assert by_key[("2019-20", None)].checked and not by_key[("2019-20", None)].needs_review
    assert by_key[("2020-21", None)].needs_review
    assert str(n["2020-21"] + 2) in by_key[("2020-21", None)].review_reasons[0]
    assert differ.notes and not differ.needs_review  # the printed figure gets a note, not a doubt
    assert not by_key[("2021-22", None)].needs_review


@pytest.mark.parametrize("kind,label,key", [("financial-year", "2019-04-01", "2019-20"),
                                             ("financial-year", "31/03/2020", "2019-20"),
                                             ("calendar-year", "31/12/2019", "2019")])
def test_a_records_date_falls_in_its_period(kind, label, key):
    from foi.figures.records import record_period

    assert record_period(label, kind).key == key
