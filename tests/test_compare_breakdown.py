"""`foi compare SLUG --breakdown KEY`: categories down, forces across (foi.compare_breakdown)."""
from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest
from typer.testing import CliRunner

from foi.cli import app
from foi.compare_breakdown import ALL, FORCE_TOTAL, compare_breakdown
from foi.db import open_db
from foi.errors import FoiError
from foi.figures.categories import build_categories, categories_path, confirm_category, top_category

runner = CliRunner()

REQUEST = textwrap.dedent("""\
    title: Crimes on hospital grounds
    body: Please provide the number of crimes by financial year, crime type and outcome.
    to: [kent, essex, merseyside]
    periods: financial-year
    measures:
      crimes: [crimes]
      arrests: [arrests]
    breakdowns:
      crime_type: [crime type]
      outcome: [outcome]
    """)

# (force, period, breakdown, category, value, needs_review, derived)
FIGURES = [
    # Kent: Home Office classes, by year, and its Total row
    ("kent", "2019-20", "crime_type", "Violence Against the Person", 30, 0, 0),
    ("kent", "2020-21", "crime_type", "Violence Against the Person", 25, 0, 0),
    ("kent", "2019-20", "crime_type", "Theft", 7, 1, 0),
    ("kent", "2020-21", "crime_type", "Theft", 5, 0, 0),
    ("kent", "2019-20", None, None, 37, 0, 0),
    ("kent", "2020-21", None, None, 30, 0, 0),
    # Essex: sub classes, counted from its listing
    ("essex", "2019-20", "crime_type", "Violence with injury", 11, 0, 1),
    ("essex", "2020-21", "crime_type", "Violence with injury", 9, 0, 1),
    ("essex", "2019-20", "crime_type", "Violence w/o injury", 6, 0, 1),
    ("essex", "2020-21", "crime_type", "Theft - other", 4, 0, 1),
    # Merseyside: only a two-way table over the whole period
    ("merseyside", "total", "crime_type+outcome", "THEFT | Charged", 3, 0, 0),
    ("merseyside", "total", "crime_type+outcome", "THEFT | No suspect", 8, 0, 0),
    ("merseyside", "total", "crime_type+outcome", "ROBBERY | Charged", 2, 0, 0),
]


@pytest.fixture
def ws(new_workspace):
    ws = new_workspace({"hospital": REQUEST})
    db = open_db(ws.db_path)
    db["figures"].insert_all([
        {"id": f"hospital/{force}/{period}/{b}/{c}", "request": "hospital", "force": force, "measure": "crimes",
         "period": period, "breakdown": b, "category": c, "value": v, "suppressed": 0, "needs_review": r,
         "derived": d, "corrected": 0, "document": f"hospital/{force}/letter.pdf"}
        for force, period, b, c, v, r, d in FIGURES
    ])
    build_categories(db, ws, [ws.load_request("hospital")])
    db.close()
    return ws


def _sum(force, breakdown, labels, period=None):
    return sum(v for f, p, b, c, v, _, _ in FIGURES if f == force and b == breakdown and c in labels
               and (period is None or p == period))


def test_categories_line_up_across_forces(ws):
    db = open_db(ws.db_path)
    result = compare_breakdown(db, ws.load_request("hospital"), "crime_type")
    rows = dict(result.rows)
    assert result.measure == "crimes" and result.forces == ["essex", "kent", "merseyside"]
    violence = next(r for r in rows if r.lower() == "violence against the person")
    assert rows[violence]["kent"].value == _sum("kent", "crime_type", {"Violence Against the Person"})
    # Essex's own words are mapped to Home Office sub classes, each summed over the years
    assert rows["Violence with injury"]["essex"].value == _sum("essex", "crime_type", {"Violence with injury"})
    assert rows["Violence with injury"]["essex"].derived
    # Kent gives violence whole, Essex in parts: a row for the whole class lines them up
    whole = violence + ALL
    assert rows[whole]["kent"].value == rows[violence]["kent"].value
    assert rows[whole]["essex"].value == _sum("essex", "crime_type", {"Violence with injury", "Violence w/o injury"})
    assert top_category("Other theft") == "Theft"
    # needs review shows as *, and the force's own total is a row of its own
    theft = next(r for r in rows if r == "Theft")
    assert rows[theft]["kent"].text().endswith("*")
    assert rows[FORCE_TOTAL]["kent"].value == 67
    # Merseyside's two-way table is summed over outcomes, and says so
    assert rows[theft]["merseyside"].value == 11 and rows[theft]["merseyside"].summed
    assert any("merseyside" in n and "two-way" in n for n in result.notes)
    assert any("kent" in n and n.startswith("Coarser") for n in result.notes)


def test_one_period_and_another_breakdown(ws):
    db = open_db(ws.db_path)
    result = compare_breakdown(db, ws.load_request("hospital"), "crime_type", period="2020-21")
    rows = dict(result.rows)
    assert rows["Violence with injury"]["essex"].value == _sum("essex", "crime_type", {"Violence with injury"}, "2020-21")
    assert "merseyside" not in result.forces  # it gave no year
    outcome = dict(compare_breakdown(db, ws.load_request("hospital"), "outcome").rows)
    assert outcome["Charged"]["merseyside"].value == 3 + 2


def test_mistakes_are_one_clear_error(ws):
    db = open_db(ws.db_path)
    with pytest.raises(FoiError, match="not a breakdown"):
        compare_breakdown(db, ws.load_request("hospital"), "rank")
    with pytest.raises(FoiError, match="not a measure"):
        compare_breakdown(db, ws.load_request("hospital"), "crime_type", measure="dismissed")


def invoke(ws, *args):
    return runner.invoke(app, ["-w", str(ws.root), *args])


def test_the_command_json_csv_and_a_confirmed_mapping(ws):
    result = invoke(ws, "compare", "hospital", "--breakdown", "crime_type", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["breakdown"] == "crime_type" and data["period"] == "all periods"
    by_cat = {r["category"]: r["forces"] for r in data["rows"]}
    assert by_cat["Violence with injury"]["essex"]["value"] == 20

    # a confirmed mapping moves a label to another row at the next build of the table
    confirm_category(categories_path(ws.case_dir("hospital")), "crime_type", "Violence w/o injury", "Violence with injury")
    db = open_db(ws.db_path)
    build_categories(db, ws, [ws.load_request("hospital")])
    db.close()
    result = invoke(ws, "compare", "hospital", "--breakdown", "crime_type", "--csv")
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.output)))
    assert table[0] == ["crime_type", "essex", "kent", "merseyside"]
    line = next(r for r in table if r[0] == "Violence with injury")
    assert line[1] == str(_sum("essex", "crime_type", {"Violence with injury", "Violence w/o injury"}))

    result = invoke(ws, "compare", "hospital", "--breakdown", "crime_type", "--period", "2019-20")
    assert result.exit_code == 0 and "2019-20" in result.output and "kent" in result.output
    result = invoke(ws, "compare", "hospital", "--breakdown", "hospital")
    assert result.exit_code == 1 and "not a breakdown" in result.output and "Traceback" not in result.output
