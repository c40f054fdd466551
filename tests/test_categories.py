"""Categories that line up across forces: foi.figures.categories and `foi categories`."""
from __future__ import annotations

import csv
import json
import textwrap

import pytest
from typer.testing import CliRunner

from foi.cli import app
from foi.db import open_db
from foi.errors import FoiError
from foi.figures.categories import (
    CLASS, DATA, SUB_CLASS, build_categories, categories_path, confirm_category, crime_categories, granularity,
    load_categories, normalise, suggest_categories, suggest_crime_category, top_category,
)

runner = CliRunner()

REQUEST = textwrap.dedent("""\
    title: Crimes on hospital grounds
    body: Please provide the number of crimes by financial year, crime type and outcome.
    to: [kent, essex, merseyside]
    periods: financial-year
    measures:
      crimes: [crimes]
    breakdowns:
      crime_type: [crime type, offence group]
      outcome: [outcome]
    """)

# (force, breakdown, category, value): Kent prints Home Office classes, Essex sub classes in its
# own words, Merseyside a two-way table
FIGURES = [
    ("kent", "crime_type", "Violence Against the Person", 40), ("kent", "crime_type", "Theft", 12),
    ("kent", "outcome", "Charged", 9), ("kent", "outcome", "No suspect identified", 30),
    ("essex", "crime_type", "VIOLENCE WITH INJURY", 15), ("essex", "crime_type", "Violence w/o injury", 21),
    ("essex", "crime_type", "Theft", 8), ("essex", "outcome", "charged", 5),
    ("essex", "outcome", "No suspect identified", 14),
    ("merseyside", "crime_type+outcome", "Theft | Charged", 3), ("merseyside", "crime_type+outcome", "Theft | Other", 4),
]


@pytest.fixture
def ws(new_workspace):
    ws = new_workspace({"hospital": REQUEST})
    db = open_db(ws.db_path)
    db["figures"].insert_all([
        {"id": f"hospital/{force}/{b}/{c}", "request": "hospital", "force": force, "measure": "crimes",
         "period": "2020-21", "breakdown": b, "category": c, "value": v, "suppressed": 0, "needs_review": 0,
         "derived": 0, "corrected": 0, "document": f"hospital/{force}/letter.pdf"}
        for force, b, c, v in FIGURES
    ])
    db.close()
    return ws


def test_the_home_office_list_is_read_with_its_three_levels():
    with DATA.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    classes = {normalise(r["Class"]) for r in rows}
    cats = crime_categories()
    assert {normalise(c.name) for c in cats if c.level == CLASS} == classes
    sub = [c for c in cats if c.level == SUB_CLASS]
    assert sub and all(normalise(c.parent) in classes for c in sub)
    # names differing only in capitals are one category
    assert len({normalise(c.name) for c in cats}) == len(cats)


@pytest.mark.parametrize("label,level_of", [
    ("VIOLENCE WITH INJURY", "Violence with injury"),
    ("Violence w/o injury", "Violence without injury"),
    ("Criminal Damage & Arson", "Arson and Criminal Damage"),
    ("Stalking & harassment", "Stalking and Harassment"),
    ("Theft - other", "Other theft"),
    ("Public order", "Public Order Offences"),
])
def test_printed_crime_types_are_matched_to_the_home_office_list(label, level_of):
    canonical, score = suggest_crime_category(label)
    assert normalise(canonical) == normalise(level_of)
    assert score >= 85


@pytest.mark.parametrize("label", ["Other", "Assault", "", "Hospital car park"])
def test_a_label_like_nothing_gets_no_suggestion(label):
    assert suggest_crime_category(label)[0] is None


def test_sub_classes_belong_to_their_class():
    assert top_category("Violence without injury") == top_category("Violence Against The Person")
    assert top_category("Other theft") != top_category("Violence with injury")


def test_the_mapping_file_round_trips_and_a_bad_one_is_one_clear_error(tmp_path):
    path = categories_path(tmp_path / "hospital")
    assert load_categories(path) == {}
    confirm_category(path, "crime_type", "VIOLENCE  WITH\nINJURY", "Violence with injury")
    confirm_category(path, "outcome", "charged", "Charged")
    assert load_categories(path) == {"crime_type": {"VIOLENCE WITH INJURY": "Violence with injury"},
                                     "outcome": {"charged": "Charged"}}
    path.write_text("crime_type: [a, b]\n", encoding="utf-8")
    with pytest.raises(FoiError, match="categories.yml"):
        load_categories(path)
    path.write_text("crime_type: {a: [\n", encoding="utf-8")
    with pytest.raises(FoiError, match="line"):
        load_categories(path)


def test_suggestions_confirmations_and_granularity(ws):
    request = ws.load_request("hospital")
    db = open_db(ws.db_path)
    rows = {(r.breakdown, r.label): r for r in suggest_categories(db, request)}
    # crime types go to the Home Office list, a two-way table's labels included
    assert rows[("crime_type", "Violence w/o injury")].canonical == "Violence without injury"
    assert rows[("crime_type", "Theft")].forces == ["essex", "kent", "merseyside"]
    assert not any(r.confirmed for r in rows.values())
    # outcomes have no canonical list: labels alike across forces form one group
    assert rows[("outcome", "charged")].canonical == rows[("outcome", "Charged")].canonical
    assert rows[("outcome", "Other")].canonical == "Other"
    # a confirmed mapping wins over the suggestion
    confirmed = suggest_categories(db, request, {"outcome": {"Other": "No further action"}}, breakdown="outcome")
    other = next(r for r in confirmed if r.label == "Other")
    assert other.confirmed and other.canonical == "No further action"
    assert {r.breakdown for r in confirmed} == {"outcome"}
    # Kent gives violence against the person whole, Essex in its sub classes
    notes = {(n["force"], n["granularity"]) for n in granularity(list(rows.values()))}
    assert ("kent", "coarser") in notes and ("essex", "finer") in notes
    assert not any(f == "merseyside" for f, _ in notes)


def test_the_build_table_and_view(ws):
    confirm_category(categories_path(ws.case_dir("hospital")), "outcome", "charged", "Charged")
    db = open_db(ws.db_path)
    n = build_categories(db, ws, [ws.load_request("hospital")])
    assert n == db["categories"].count > 0
    row = db["categories"].get(("hospital", "outcome", "charged"))
    assert row["confirmed"] == 1 and row["canonical"] == "Charged"
    view = {(r["force"], r["category"]): r for r in db.query("select * from figures_by_category")}
    assert view[("essex", "Violence w/o injury")]["canonical"] == "Violence without injury"
    assert view[("essex", "Violence w/o injury")]["level"] == SUB_CLASS
    assert view[("essex", "charged")]["confirmed"] == 1


def invoke(ws, *args):
    return runner.invoke(app, ["-w", str(ws.root), *args])


def test_the_categories_command(ws):
    result = invoke(ws, "categories", "hospital", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    labels = {(r["breakdown"], r["label"]) for r in data["categories"]}
    assert ("crime_type", "VIOLENCE WITH INJURY") in labels
    assert any(g["force"] == "kent" and g["granularity"] == "coarser" for g in data["granularity"])

    result = invoke(ws, "categories", "hospital", "confirm", "Theft", "Other theft", "--breakdown", "crime_type")
    assert result.exit_code == 0, result.output
    assert load_categories(categories_path(ws.case_dir("hospital"))) == {"crime_type": {"Theft": "Other theft"}}
    result = invoke(ws, "categories", "hospital", "--breakdown", "crime_type")
    assert result.exit_code == 0 and "Other theft" in result.output and "No suspect identified" not in result.output

    for args, message in [
        (["categories", "hospital", "confirm", "Theft", "Other theft"], "--breakdown"),
        (["categories", "hospital", "confirm", "Theft"], "CANONICAL"),
        (["categories", "hospital", "--breakdown", "rank"], "not a breakdown"),
        (["categories", "hospital", "undo"], "unknown action"),
    ]:
        result = invoke(ws, *args)
        assert result.exit_code == 1, args
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_labels_of_other_breakdowns_are_grouped_by_meaning_not_by_chance():
    from foi.figures.categories import group_labels

    groups = group_labels({"Charge/Summons": {"kent"}, "Charged/Summonsed": {"essex"}, "Charged": {"merseyside"},
                           "Royal Infirmary": {"kent"}, "Royal Victoria Infirmary": {"essex"}})
    assert groups["Charge/Summons"][0] == groups["Charged/Summonsed"][0]  # the same words, other forms
    assert groups["Charged"][0] != groups["Charge/Summons"][0]  # a part of it is not the same thing
    assert groups["Royal Infirmary"][0] != groups["Royal Victoria Infirmary"][0]  # two hospitals


@pytest.mark.parametrize("key,aliases,is_crime", [
    ("crime_type", ["crime group"], True), ("offence", [], True),
    ("outcome", ["outcome", "crime outcome", "outcome type"], False), ("hospital", ["hospital name"], False),
    ("category", [], None),
])
def test_which_breakdowns_are_crime_types(key, aliases, is_crime):
    from foi.figures.categories import looks_like_crime_types

    assert looks_like_crime_types(key, aliases, []) is bool(is_crime)
    if is_crime is None:  # nothing in its name: its labels decide
        assert looks_like_crime_types(key, aliases, ["Theft", "Robbery", "Sexual offences", "Other"])
        assert not looks_like_crime_types(key, aliases, ["Sergeant", "Constable", "Inspector"])


def test_a_label_broken_inside_a_word_by_a_narrow_cell_joins_the_label_printed_whole():
    from foi.figures.categories import group_labels

    groups = group_labels({"Charged/Summonsed": {"kent", "essex"}, "Charged/Sum monsed": {"merseyside"},
                           "No further action": {"kent"}})
    assert groups["Charged/Sum monsed"][0] == "Charged/Summonsed"
    assert groups["No further action"][0] == "No further action"
