"""`foi status SLUG FORCE --explain`: a case's clock day by day (foi.clock), in the terminal, as
JSON, and in the published database (case_days, case_clocks)."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
from pathlib import Path

from typer.testing import CliRunner

from foi import build as build_mod
from foi import clock, deadlines
from foi.cli import app
from foi.deadlines import FOIA, FOISA
from foi.mail import send_request
from foi.workspace import Event
from tests.conftest import load_yaml

D = dt.date.fromisoformat
runner = CliRunner()


def log(ws, *entries):
    """Record (force, event, date[, options]) entries through the CLI, as a journalist would."""
    for force, event, date, *options in entries:
        result = runner.invoke(app, ["-w", str(ws.root), "log", "images", force, event, "--date", date, *options])
        assert result.exit_code == 0, result.output


def explain(ws, force, as_of, *options):
    return runner.invoke(app, ["-w", str(ws.root), "status", "images", force, "--explain", "--as-of", as_of, *options])


# A Kent case (FOIA) with a clarification, St Andrew's Day (a bank holiday in Scotland only, which
# stops every FOIA clock: s.10(6)), a fee period, Christmas and Scotland's 2 January.
KENT = [
    ("kent", "clarification-requested", "2013-11-25"),
    ("kent", "clarified", "2013-11-27"),
    ("kent", "fee-notice", "2013-12-10"),
    ("kent", "fee-paid", "2013-12-16"),
]

KENT_EXPLAINED = """\
images / kent (Kent Police): awaiting-response, as of 2014-01-13
Freedom of Information Act 2000 (FOIA): due on the 20th working day after receipt, the day of receipt being day 0 (s.10(1))
A working day is any day but a Saturday, a Sunday, Christmas Day, Good Friday or a bank holiday in any part of the United Kingdom (s.10(6)); bank holidays from the holidays package {version}

Thu 2013-11-21  day 0   request received
Fri 2013-11-22  day 1
Sat 2013-11-23  -       weekend
Sun 2013-11-24  -       weekend
Mon 2013-11-25  -       clarification requested: the clock stops (s.1(3))
Tue 2013-11-26  -       clock stopped: awaiting clarification
Wed 2013-11-27  day 0   clarification received: the count starts again (s.1(3), s.10(1))
Thu 2013-11-28  day 1
Fri 2013-11-29  day 2
Sat 2013-11-30  -       weekend
Sun 2013-12-01  -       weekend
Mon 2013-12-02  -       Saint Andrew's Day (observed): bank holiday in Scotland
Tue 2013-12-03  day 3
Wed 2013-12-04  day 4
Thu 2013-12-05  day 5
Fri 2013-12-06  day 6
Sat 2013-12-07  -       weekend
Sun 2013-12-08  -       weekend
Mon 2013-12-09  day 7
Tue 2013-12-10  -       fees notice given: the fee period begins, this day disregarded (s.10(2))
Wed 2013-12-11  -       fee period: disregarded (s.10(2)), to Sun 2013-12-15 (5 days)
Mon 2013-12-16  -       fee received: the fee period ends, this day disregarded (s.10(2))
Tue 2013-12-17  day 8
Wed 2013-12-18  day 9
Thu 2013-12-19  day 10
Fri 2013-12-20  day 11
Sat 2013-12-21  -       weekend
Sun 2013-12-22  -       weekend
Mon 2013-12-23  day 12
Tue 2013-12-24  day 13
Wed 2013-12-25  -       Christmas Day
Thu 2013-12-26  -       Boxing Day: bank holiday in the whole UK
Fri 2013-12-27  day 14
Sat 2013-12-28  -       weekend
Sun 2013-12-29  -       weekend
Mon 2013-12-30  day 15
Tue 2013-12-31  day 16
Wed 2014-01-01  -       New Year's Day: bank holiday in the whole UK
Thu 2014-01-02  -       New Year Holiday: bank holiday in Scotland
Fri 2014-01-03  day 17
Sat 2014-01-04  -       weekend
Sun 2014-01-05  -       weekend
Mon 2014-01-06  day 18
Tue 2014-01-07  day 19
Wed 2014-01-08  day 20  due: the 20th working day

Due: 2014-01-08, the 20th working day.
As of 2014-01-13: overdue by 3 working days.
"""


def test_explain_a_case_with_a_clarification_a_fee_period_and_a_scottish_holiday(workspace):
    send_request(workspace, "images", to=["kent"], date=D("2013-11-21"))
    log(workspace, *KENT)
    result = explain(workspace, "kent", "2014-01-13")
    assert result.exit_code == 0, result.output
    assert result.output == KENT_EXPLAINED.format(version=deadlines.holidays_version())


def test_the_same_as_json(workspace):
    send_request(workspace, "images", to=["kent"], date=D("2013-11-21"))
    log(workspace, *KENT)
    result = explain(workspace, "kent", "2014-01-13", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["request"], data["force"], data["law"], data["as_of"]) == ("images", "kent", "FOIA", "2014-01-13")
    assert data["law_name"] == "Freedom of Information Act 2000"
    assert data["holidays_version"] == deadlines.holidays_version()
    days = {d["date"]: d for d in data["days"]}
    assert len(data["days"]) == (D("2014-01-08") - D("2013-11-21")).days + 1  # every day, none collapsed
    assert days["2013-12-02"] == {"date": "2013-12-02", "weekday": "Mon", "day": None,
                                  "note": "Saint Andrew's Day (observed): bank holiday in Scotland"}
    assert days["2013-12-13"]["note"] == "fee period: disregarded (s.10(2))"
    assert days["2013-11-27"]["day"] == 0 and days["2014-01-08"]["day"] == 20
    assert data["status"]["due"] == "2014-01-08" and data["status"]["working_days_overdue"] == 3
    assert data["summary"] == ["Due: 2014-01-08, the 20th working day.", "As of 2014-01-13: overdue by 3 working days."]


def test_police_scotland_counts_easter_monday_and_says_so(workspace):
    # FOISA: Good Friday is a Scottish bank holiday, Easter Monday a working day.
    send_request(workspace, "images", to=["police-scotland"], date=D("2014-04-08"))
    result = explain(workspace, "police-scotland", "2014-04-09")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("Freedom of Information (Scotland) Act 2002 (FOISA)")
    assert "bank holiday in Scotland (s.73)" in lines[2]
    assert "Fri 2014-04-18  -       Good Friday: bank holiday in Scotland" in lines
    assert "Mon 2014-04-21  day 8" in lines
    assert "Mon 2014-05-05  -       May Day: bank holiday in Scotland" in lines
    assert "Thu 2014-05-08  day 20  due: the 20th working day" in lines
    assert lines[-1] == "As of 2014-04-09: 19 working days left."


def test_extension_and_review_flags_in_the_explanation_and_the_status_table(workspace):
    send_request(workspace, "images", to=["kent", "metropolitan"], date=D("2014-04-08"))
    log(workspace,
        ("kent", "extended", "2014-05-01", "--until", "2014-06-20"),
        ("metropolitan", "responded", "2014-04-30", "--outcome", "refused"),
        ("metropolitan", "review-requested", "2014-05-06"))
    kent = explain(workspace, "kent", "2014-06-23")
    assert "Thu 2014-05-01  day 15  the force extends the deadline to 2014-06-20 (s.10(3))" in kent.output
    assert "Extension: 29 working days beyond the s.10(1) date, more than the 20 the ICO considers reasonable." in kent.output
    assert "Due: 2014-06-20, the date the force gave when it extended the deadline on 2014-05-01 (s.10(3))." in kent.output
    met = explain(workspace, "metropolitan", "2014-07-10")
    # asked Tue 6 May: due Wed 4 June (26 May a bank holiday); 40th working day Thu 3 July
    assert ("Internal review: asked for on 2014-05-06, due on 2014-06-04, 20 working days (the ICO's guidance;"
            " never more than 40); overdue by 26 working days; very overdue (more than 40 working days).") in met.output
    assert "Responded: 2014-04-30, working day 14, on time." in met.output
    table = runner.invoke(app, ["-w", str(workspace.root), "status", "images", "--as-of", "2014-07-10"])
    assert "extended 29 wd (ICO: 20 at most)" in table.output
    assert "review very overdue (26 wd)" in table.output
    data = json.loads(runner.invoke(app, ["-w", str(workspace.root), "status", "images", "--json",
                                          "--as-of", "2014-07-10"]).output)
    by_force = {c["force"]: c for c in data}
    assert by_force["kent"]["extension_beyond_ico"] is True and by_force["kent"]["extension_working_days"] == 29
    assert by_force["metropolitan"]["review_very_overdue"] is True
    assert by_force["metropolitan"]["review_requested"] == "2014-05-06"


def test_a_user_mistake_is_one_line(workspace):
    send_request(workspace, "images", to=["kent"], date=D("2014-04-08"))
    for args, message in [
        (["status", "images", "--explain"], "--explain needs the request and the force"),
        (["status", "images", "kentt", "--explain"], "did you mean kent"),
        (["status", "images", "essex", "--explain"], "essex is not among the recipients of 'images'"),
        (["status", "nothing", "kent", "--explain"], "nothing"),
    ]:
        result = runner.invoke(app, ["-w", str(workspace.root), *args])
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.output


def test_a_case_not_sent_and_a_clock_stopped(workspace):
    send_request(workspace, "images", to=["kent"], date=D("2014-04-08"))
    log(workspace, ("kent", "fee-notice", "2014-04-15"))
    not_sent = explain(workspace, "metropolitan", "2014-05-01")
    assert not_sent.exit_code == 0 and not_sent.output.rstrip().endswith("Not sent yet: no clock is running.")
    stopped = explain(workspace, "kent", "2014-05-01")
    lines = stopped.output.splitlines()
    # the walk stops on the as-of day: nothing after it can be known
    assert lines[-4] == "Wed 2014-04-16  -       fee period: disregarded (s.10(2)), to Wed 2014-04-30 (15 days)"
    assert lines[-3] == "Thu 2014-05-01  -       fee period: disregarded (s.10(2)); as of this day"
    assert lines[-1] == "Due: no date while the clock is stopped (awaiting the fee)."


# ---------------------------------------------------------------- the two counts agree


def _history(rng):
    """A random but possible history: sent, maybe a clarification, maybe fee periods."""
    day = D("2012-01-02") + dt.timedelta(days=rng.randrange(0, 14 * 365))
    events = [Event(date=day, force="x", event="sent")]
    if rng.random() < 0.4:
        day += dt.timedelta(days=rng.randrange(0, 10))
        events.append(Event(date=day, force="x", event="clarification-requested"))
        day += dt.timedelta(days=rng.randrange(0, 40))
        events.append(Event(date=day, force="x", event="clarified"))
    for _ in range(rng.choice([0, 1, 1, 2])):
        day += dt.timedelta(days=rng.randrange(0, 12))
        events.append(Event(date=day, force="x", event="fee-notice"))
        day += dt.timedelta(days=rng.randrange(0, 25))
        events.append(Event(date=day, force="x", event="fee-paid"))
    for i, e in enumerate(events):
        e.line = i + 1
    return events


def test_the_day_by_day_count_always_reaches_the_replayed_due_date():
    rng = random.Random(13)
    for _ in range(400):
        events = _history(rng)
        law = rng.choice([FOIA, FOISA])
        as_of = events[-1].date
        explanation = clock.explain("r", "x", law, events, as_of)
        last = explanation.days[-1]
        assert last.day == 20, (events, last)
        assert last.date == explanation.status.due, (law, [(e.date, e.event) for e in events])
        assert [d.date for d in explanation.days] == [
            events[0].date + dt.timedelta(days=i) for i in range(len(explanation.days))]


# ---------------------------------------------------------------- published


def test_build_writes_each_cases_days_and_datasette_shows_them(workspace):
    send_request(workspace, "images", to=["kent", "police-scotland"], date=D("2013-11-21"))
    log(workspace, *KENT)
    db = build_mod.open_db(workspace.db_path)
    build_mod.write_tracking(db, build_mod.collect_tracking(workspace, D("2014-01-13")))
    days = list(db.query("select * from case_days where request = 'images' and force = 'kent' order by date"))
    assert (days[0]["date"], days[0]["day"], days[0]["note"]) == ("2013-11-21", 0, "request received")
    assert (days[-1]["date"], days[-1]["day"]) == ("2014-01-08", 20)
    assert db["case_days"].count == len(days) + 30  # police-scotland: 21 Nov to 20 Dec
    clocks = {r["force"]: r for r in db.query("select * from case_clocks")}
    assert set(clocks) == {"kent", "police-scotland"}  # not-sent cases have no clock
    assert clocks["kent"]["due"] == "2014-01-08" and clocks["kent"]["working_days_overdue"] == 3
    assert clocks["kent"]["clock"] == "[day by day](/foi/case_days?request=images&force=kent&_sort=date)"
    db.close()

    from datasette.app import Datasette

    metadata = load_yaml(Path(__file__).parent.parent / "foi" / "data" / "metadata.yml")
    ds = Datasette(files=[str(workspace.db_path)], metadata=metadata)

    async def get(*paths):
        return [await ds.client.get(p) for p in paths]

    page, data = asyncio.run(get(
        "/foi/case_clocks?force=kent",
        "/foi/case_days.json?request=images&force=kent&_sort=date&_shape=array",
    ))
    assert page.status_code == 200
    assert ('<a href="/foi/case_days?request=images&amp;force=kent&amp;_sort=date" rel="nofollow">day by day</a>'
            in page.text)
    rows = data.json()
    assert [r["date"] for r in rows] == [d["date"] for d in days]
    assert rows[11]["note"] == "Saint Andrew's Day (observed): bank holiday in Scotland"
