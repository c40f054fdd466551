"""The comparison's arithmetic, pinned on a worked example, and the rule that it is computed once.

The worked example (every number below can be checked with a calculator and a table of the
Poisson distribution):

- Kent answered 2 (2012), 3, 5, 4, 4 (2013-2016): 18 in all. There are no officer numbers for
  Kent in 2012 here, so the rate covers 2013-2016: 16 allegations over 4 x 1,000 = 4,000
  officer-years, 4.0 per 1,000 officers a year. Its exact 95% interval is 9.15 to 25.98
  allegations (tables of the Poisson distribution), so 2.29 to 6.50 per 1,000.
- Essex: 34 over 4 x 4,000 = 16,000 officer-years, 2.125 per 1,000.
- The national rate is (16 + 34) / 20,000 officer-years = 2.5 per 1,000. For Kent's 4,000
  officer-years that is 10 expected; the 95% limits of a Poisson count of mean 10, interpolated
  as Spiegelhalter does, are 3.775 and 16.160 (worked below from the Poisson sums), so
  0.944 to 4.040 per 1,000: Kent's 4.0 is (just) within them.
"""
from __future__ import annotations

import json
import math

import pytest
import sqlite_utils
from typer.testing import CliRunner

from foi import rates
from foi.build import build
from foi.cli import app
from foi.db import TABLES, ensure_db_shape

runner = CliRunner()


def poisson_cdf(k: int, mean: float) -> float:
    """P(X <= k), summed term by term: no library in the way."""
    term, total = math.exp(-mean), 0.0
    for i in range(k + 1):
        total += term
        term *= mean / (i + 1)
    return total


def interpolated_quantile(mean: float, p: float) -> float:
    r = 0
    while poisson_cdf(r, mean) < p:
        r += 1
    before = poisson_cdf(r - 1, mean) if r else 0.0
    return r - (poisson_cdf(r, mean) - p) / (poisson_cdf(r, mean) - before)


def solve(f, lo=0.0, hi=100.0) -> float:
    """The root of an increasing function, by bisection."""
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def insert(db, table, rows):
    db[table].insert_all(rows, pk=TABLES[table]["pk"], columns=TABLES[table]["columns"], replace=True)


def figure(force, period, value, raw=None, measure="allegations", **extra):
    return {"id": f"r/{force}/{measure}/{period}", "request": "r", "force": force, "measure": measure,
            "period": period, "value": value, "suppressed": int(value is None), "needs_review": 0,
            "raw_text": raw if raw is not None else str(value), "corrected": 0, **extra}


@pytest.fixture
def db(tmp_path):
    db = sqlite_utils.Database(tmp_path / "foi.db")
    ensure_db_shape(db)
    insert(db, "forces", [{"id": f, "name": n, "short_name": n.split()[0]} for f, n in
                          [("kent", "Kent Police"), ("essex", "Essex Police"), ("dorset", "Dorset Police"),
                           ("surrey", "Surrey Police"), ("durham", "Durham Constabulary")]])
    insert(db, "requests", [{"slug": "r", "title": "t", "body": "b", "periods": "calendar-year", "since": 2012,
                             "until": 2016, "measures": json.dumps({"allegations": ["allegations"], "dismissed": ["dismissed"]})}])
    insert(db, "cases", [
        {"request": "r", "force": "kent", "state": "responded", "outcome": "full", "sent": "2017-01-09", "on_time": 1},
        {"request": "r", "force": "essex", "state": "responded", "outcome": "partial", "sent": "2017-01-09", "on_time": 0},
        {"request": "r", "force": "dorset", "state": "responded", "outcome": "full", "sent": "2017-01-09", "on_time": 1},
        {"request": "r", "force": "surrey", "state": "responded", "outcome": "refused", "sent": "2017-01-09", "on_time": 1},
        {"request": "r", "force": "durham", "state": "awaiting-response", "sent": "2017-01-09", "overdue": 1},
    ])
    strength = [{"force": "kent", "year": y, "officers_fte": 1000.0} for y in range(2013, 2017)]
    strength += [{"force": "essex", "year": y, "officers_fte": 4000.0} for y in range(2013, 2017)]
    strength += [{"force": "dorset", "year": y, "officers_fte": 1500.0} for y in range(2012, 2017)]
    insert(db, "officer_strength", strength)
    insert(db, "figures", [
        *[figure("kent", str(y), v) for y, v in zip(range(2012, 2017), [2, 3, 5, 4, 4])],
        figure("kent", "total", 18),
        figure("essex", "total", 34, period_label="Total 2013 to 2016"),  # a total only, its years in its label
        # Dorset withheld one year as "<5": a range, 20 to 24, never a silent number
        *[figure("dorset", str(y), v, raw) for y, v, raw in
          [(2012, 6, "6"), (2013, None, "<5"), (2014, 5, "5"), (2015, 4, "4"), (2016, 5, "5")]],
        figure("dorset", "2013", None, "*", measure="dismissed"),  # withheld, no bound: no rate
        figure("dorset", "2014", 1, measure="dismissed"),
    ])
    rates.write_comparison(db)
    return db


def row(db, force, measure="allegations"):
    return db["comparison"].get(("r", force, measure))


def test_officer_years_rate_and_exact_interval(db):
    kent = row(db, "kent")
    assert (kent["total"], kent["total_from"]) == (18, "stated")
    assert (kent["count"], kent["officer_years"], kent["rate_years"]) == (16, 4000.0, "2013-2016")
    assert kent["missing_officer_years"] == "2012"
    assert "2013-2016 only" in kent["rate_note"] and "2012" in kent["rate_note"]
    assert kent["per_1000_officer_years"] == 4.0
    # Garwood's exact interval for 16 events (tables: 9.15 to 25.98), per 4,000 officer-years: the means
    # at which 16 or more, and 16 or fewer, have a chance of 2.5% each
    low = solve(lambda mean: 1 - poisson_cdf(15, mean) - 0.025)
    high = solve(lambda mean: 0.025 - poisson_cdf(16, mean))
    assert (round(low, 2), round(high, 2)) == (9.15, 25.98)
    assert kent["ci95_low"] == pytest.approx(low / 4, abs=1e-4)
    assert kent["ci95_high"] == pytest.approx(high / 4, abs=1e-4)
    assert rates.poisson_interval(0) == (0.0, pytest.approx(3.6889, abs=1e-4))  # zero events: 0 to 3.689
    essex = row(db, "essex")  # a total only: its years come from its label, every one has officers
    assert (essex["count"], essex["officer_years"], essex["covers"]) == (34, 16000.0, "2013 to 2016")
    assert essex["per_1000_officer_years"] == 2.125


def test_national_rate_and_control_limits(db):
    kent, essex = row(db, "kent"), row(db, "essex")
    assert kent["national_rate"] == essex["national_rate"] == 2.5  # (16 + 34) / 20,000 x 1,000; Dorset is a range
    assert kent["expected"] == 10.0
    # the interpolated Poisson quantiles at mean 10, from the sums themselves
    # (P(X<=3) = 0.0103, P(X<=4) = 0.0293: 4 - (0.0293 - 0.025) / (0.0293 - 0.0103) = 3.775)
    assert interpolated_quantile(10, 0.025) == pytest.approx(3.7752, abs=1e-4)
    assert interpolated_quantile(10, 0.975) == pytest.approx(16.1600, abs=1e-4)
    assert kent["limit95_low"] == pytest.approx(3.7752 / 4, abs=1e-4)
    assert kent["limit95_high"] == pytest.approx(16.1600 / 4, abs=1e-4)
    assert kent["limit998_low"] == pytest.approx(interpolated_quantile(10, 0.001) / 4, abs=1e-4)
    assert kent["limit998_high"] == pytest.approx(interpolated_quantile(10, 0.999) / 4, abs=1e-4)
    assert kent["limit998_high"] > kent["limit95_high"] and kent["limit998_low"] < kent["limit95_low"]
    assert kent["funnel"] == "within"  # 4.0 < 4.040
    mean = 2.5 * 16
    assert essex["limit95_low"] == pytest.approx(interpolated_quantile(mean, 0.025) / 16, abs=1e-4)
    assert essex["funnel"] == "within"
    # the curves drawn on the funnel plot are the same limits, over a range of officer-years
    curve = list(db.query("select * from funnel_limits where request = 'r' and measure = 'allegations' order by point"))
    assert len(curve) > 20 and curve[0]["officer_years"] < 4000 < 16000 < curve[-1]["officer_years"]
    for point in curve[::10]:
        limits = rates.control_limits(2.5, point["officer_years"])
        assert point["limit95_high"] == pytest.approx(limits["limit95_high"], abs=1e-4)
    # the limits narrow as officer-years grow
    assert curve[-1]["limit95_high"] - curve[-1]["limit95_low"] < curve[0]["limit95_high"] - curve[0]["limit95_low"]


def test_a_force_far_above_chance_is_marked():
    limits = rates.control_limits(2.5, 4000)  # 10 expected
    assert rates.funnel_position(40 / 4, 40 / 4, limits) == "above 99.8%"
    assert rates.funnel_position(18 / 4, 18 / 4, limits) == "above 95%"
    assert rates.funnel_position(2 / 4, 2 / 4, limits) == "below 95%"  # limits 1.22 and 3.78 expected
    assert rates.funnel_position(1 / 4, 1 / 4, limits) == "below 99.8%"
    assert rates.funnel_position(9 / 4, 12 / 4, limits) == "within"
    assert rates.funnel_position(1 / 4, 18 / 4, limits) == "unclear (range)"


def test_withheld_figures_make_a_range_or_no_rate(db):
    dorset = row(db, "dorset")
    assert dorset["total"] is None and (dorset["total_low"], dorset["total_high"]) == (20, 24)
    assert dorset["per_1000_officer_years"] is None and dorset["count"] is None
    assert dorset["officer_years"] == 7500.0
    assert (dorset["rate_low"], dorset["rate_high"]) == (pytest.approx(20 / 7.5, abs=1e-4), pytest.approx(24 / 7.5, abs=1e-4))
    assert "a range: 20 to 24" in dorset["rate_note"]
    assert dorset["suppressed"] == 1
    dismissed = row(db, "dorset", "dismissed")  # "*" says nothing of how small: no rate at all
    assert (dismissed["total"], dismissed["total_low"], dismissed["per_1000_officer_years"], dismissed["rate_low"]) == (None,) * 4
    assert "no rate" in dismissed["rate_note"]
    assert rates.withheld_bound("<5") == 4 and rates.withheld_bound("fewer than 10") == 9
    assert rates.withheld_bound("≤3") == 3 and rates.withheld_bound("*") is None


def test_every_recipient_is_a_row_with_its_answer(db):
    got = {r["force"]: r for r in db.query("select * from comparison where measure = 'allegations'")}
    assert set(got) == {"kent", "essex", "dorset", "surrey", "durham"}
    assert got["surrey"]["answer"] == "refused" and got["surrey"]["figures"] == 0
    assert got["surrey"]["per_1000_officer_years"] is None
    assert got["durham"]["answer"] == "overdue"
    assert got["essex"]["answer"] == "answered in part (late)"


def test_financial_years_use_the_count_inside_the_year():
    assert rates.officer_year("2013") == 2013
    assert rates.officer_year("2013-14") == 2014  # 31 March 2014 falls inside April 2013 - March 2014
    assert rates.officer_year("total") is None
    assert rates.years_text([2006, 2007, 2008, 2010]) == "2006-2008, 2010"


def test_the_issues_disagreement_cannot_happen(tmp_path):
    """Officer numbers for 2014 and 2017 only, a request ending in 2016: no year is guessed."""
    db = sqlite_utils.Database(tmp_path / "foi.db")
    ensure_db_shape(db)
    insert(db, "forces", [{"id": "kent", "name": "Kent Police", "short_name": "Kent"}])
    insert(db, "requests", [{"slug": "r", "title": "t", "body": "b", "since": 2015, "until": 2016,
                             "measures": json.dumps({"allegations": []})}])
    insert(db, "cases", [{"request": "r", "force": "kent", "state": "responded", "outcome": "full"}])
    insert(db, "officer_strength", [{"force": "kent", "year": 2014, "officers_fte": 1000.0},
                                    {"force": "kent", "year": 2017, "officers_fte": 1333.33}])
    insert(db, "figures", [figure("kent", "total", 8)])
    rates.write_comparison(db)
    kent = row(db, "kent")
    assert kent["per_1000_officer_years"] is None and kent["missing_officer_years"] == "2015-2016"
    assert "no rate" in kent["rate_note"]


def test_compare_json_is_the_published_comparison(tmp_path):
    """One computation: `foi compare --json` and the bundle's rows agree, number for number."""
    from tests.example_site import build_example
    from foi import publish

    ws = build_example(tmp_path / "ws")
    report = publish.publish(ws, tmp_path / "bundle")
    published = {(r["force"], r["measure"]): r
                 for r in sqlite_utils.Database(report.database).query("select * from comparison where request = 'images'")}
    result = runner.invoke(app, ["-w", str(ws.root), "compare", "images", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    compared = 0
    for force in data["forces"]:
        for measure, got in force["rates"].items():
            want = published[(force["force"], measure)]
            assert got == {k: want[k] for k in got}, (force["force"], measure)
            compared += 1
    assert compared == 12
    kent = published[("kent", "allegations")]
    assert kent["per_1000_officer_years"] is not None and kent["ci95_low"] < kent["per_1000_officer_years"]
    # and the workspace's own database holds the same rows (the build wrote them with the same code)
    local = sqlite_utils.Database(ws.db_path)
    from tests.example_site import AS_OF

    build(ws, as_of=AS_OF)
    assert local["comparison"].get(("images", "kent", "allegations"))["per_1000_officer_years"] == kent["per_1000_officer_years"]


def test_a_breakdown_is_not_the_force_s_total(db):
    """Figures of one category of a breakdown (breakdown not null) never enter the comparison."""
    if "breakdown" not in db["figures"].columns_dict:
        db["figures"].add_column("breakdown", str)
        db["figures"].add_column("category", str)
    insert(db, "figures", [figure("essex", "total", 500, id="r/essex/allegations/total@rank:Constable",
                                  breakdown="rank", category="Constable")])
    rates.write_comparison(db)
    assert row(db, "essex")["total"] == 34 and row(db, "essex")["figures"] == 1



def test_a_foi_db_whose_comparison_is_still_a_view_gets_the_table():
    # foi.db from before foi.rates computed `comparison` has it as a view; shaping it once crashed
    db = sqlite_utils.Database(memory=True)
    db.create_view("comparison", "select 1 as x")
    ensure_db_shape(db)
    assert "comparison" in db.table_names() and "comparison" not in db.view_names()
    assert set(TABLES["comparison"]["columns"]) <= set(db["comparison"].columns_dict)
