"""`foi build` writes the tracking tables with keys, from the files, reproducibly."""
import datetime as dt

import sqlite_utils

from foi import cases
from foi.build import build
from foi.mail import send_request
from foi.workspace import Event

D = dt.date.fromisoformat


def test_build_tracking_tables(workspace):
    send_request(workspace, "images", date=D("2014-04-08"))
    request = workspace.load_request("images")
    cases.record_events(workspace, request, [Event(D("2014-05-01"), "kent", "responded", outcome="full", note="private")])
    report = build(workspace, as_of=D("2014-05-12"))
    assert (report.requests, report.cases, report.events) == (1, 4, 5)
    db = sqlite_utils.Database(workspace.db_path)
    assert set(db.table_names()) >= {"forces", "requests", "cases", "events"}
    assert db["cases"].pks == ["request", "force"]
    assert db["forces"].pks == ["id"]
    assert {fk.other_table for fk in db["cases"].foreign_keys} == {"requests", "forces"}
    kent = db["cases"].get(("images", "kent"))
    assert (kent["state"], kent["due"], kent["outcome"], kent["on_time"]) == ("responded", "2014-05-09", "full", 1)
    scot = db["cases"].get(("images", "police-scotland"))
    assert (scot["due"], scot["overdue"], scot["working_days_overdue"]) == ("2014-05-08", 1, 2)
    assert db["forces"].get("police-scotland")["law"] == "FOISA"
    assert db["requests"].get("images")["periods"] == "calendar-year"


def test_rebuild_is_reproducible_and_follows_the_files(workspace):
    send_request(workspace, "images", date=D("2014-04-08"))
    build(workspace, as_of=D("2014-05-12"))
    db = sqlite_utils.Database(workspace.db_path)
    first = list(db["events"].rows)
    build(workspace, as_of=D("2014-05-12"))
    assert list(db["events"].rows) == first
    workspace.request_path("images").unlink()
    build(workspace, as_of=D("2014-05-12"))
    assert db["requests"].count == 0 and db["cases"].count == 0
