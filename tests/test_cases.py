"""Each event's effect on a case's state and statutory clock, under both laws."""
import datetime as dt

import pytest

from foi import cases
from foi.deadlines import FOIA, FOISA
from foi.errors import FoiError
from foi.mail import send_request
from foi.workspace import Event, read_events

D = dt.date.fromisoformat


def ev(date, event, **kw):
    return Event(date=D(date), force="x", event=event, **kw)


def run(events, as_of, law=FOIA):
    for i, e in enumerate(events):
        e.line = i + 1
    return cases.replay("r", "x", law, events, D(as_of))


def test_not_sent():
    c = run([], "2014-05-01")
    assert (c.state, c.due, c.overdue) == ("not-sent", None, False)


def test_sent_starts_the_clock_foia_and_foisa():
    foia = run([ev("2014-04-08", "sent")], "2014-04-09")
    foisa = run([ev("2014-04-08", "sent")], "2014-04-09", law=FOISA)
    assert foia.state == foisa.state == "awaiting-response"
    assert foia.due == D("2014-05-09")  # Easter Monday and 5 May are FOIA holidays
    assert foisa.due == D("2014-05-08")  # Easter Monday is a working day in Scotland


def test_overdue_from_the_day_after_due():
    events = [ev("2013-12-20", "sent")]
    on_due = run(events, "2014-01-23")
    after = run(events, "2014-01-24")
    assert on_due.due == D("2014-01-23") and not on_due.overdue
    assert after.overdue and after.working_days_overdue == 1


def test_acknowledged_changes_nothing():
    c = run([ev("2014-04-08", "sent"), ev("2014-04-09", "acknowledged", ref="FOI 123")], "2014-04-10")
    assert c.state == "awaiting-response" and c.due == D("2014-05-09") and c.ref == "FOI 123"


def test_clarification_stops_then_restarts_the_clock():
    events = [ev("2014-04-08", "sent"), ev("2014-04-10", "clarification-requested")]
    waiting = run(events, "2014-06-30")
    assert waiting.state == "awaiting-clarification" and waiting.due is None and not waiting.overdue
    events.append(ev("2014-06-02", "clarified"))
    c = run(events, "2014-06-03")
    assert c.state == "awaiting-response"
    assert c.due == D("2014-06-30")  # 20 working days from the clarification, not from the request


def test_fee_period_does_not_count():
    # Sent Mon 2014-06-02: due 2014-06-30. The fees notice on Mon 9 June is itself disregarded
    # (s.10(2): the period *beginning with* the day of the notice), so 4 working days are used
    # (3-6 June) and 16 are left, counted after the day the fee is received.
    events = [ev("2014-06-02", "sent"), ev("2014-06-09", "fee-notice")]
    pending = run(events, "2014-06-20")
    assert pending.state == "fee-pending" and pending.due is None
    events.append(ev("2014-06-23", "fee-paid"))
    c = run(events, "2014-06-24")
    assert c.state == "awaiting-response"
    # 16 working days after Mon 23 June: 24 June - 11 July make 14, NI's 12 July falls on a
    # Saturday (substitute Monday 14th), so 15 and 16 are 15 and 16 July.
    assert c.due == D("2014-07-16")


def test_fee_notice_lapses_after_three_months():
    # s.9(2): paid "within the period of three months beginning with the day on which the fees
    # notice is given": notice 9 June, the period is 9 June - 8 September.
    events = [ev("2014-06-02", "sent"), ev("2014-06-09", "fee-notice")]
    assert not run(events, "2014-09-08").fee_lapsed
    assert run(events, "2014-09-09").fee_lapsed


def test_extension_moves_the_due_date():
    events = [ev("2014-04-08", "sent"), ev("2014-05-01", "extended", until=D("2014-06-05"))]
    c = run(events, "2014-05-20")
    assert c.state == "extended" and c.due == D("2014-06-05") and not c.overdue
    late = run(events, "2014-06-09")
    assert late.overdue and late.working_days_overdue == 2


def test_response_keeps_the_due_date_and_judges_lateness():
    events = [ev("2014-04-08", "sent"), ev("2014-05-12", "responded", outcome="partial")]
    c = run(events, "2014-07-01")
    assert c.state == "responded" and c.due == D("2014-05-09")
    assert c.on_time is False and not c.overdue and c.working_days_overdue == 0
    assert c.outcome == "partial" and c.responded == D("2014-05-12")
    assert c.working_days_to_respond == 21


def test_internal_review_and_its_response():
    events = [
        ev("2014-04-08", "sent"),
        ev("2014-04-30", "responded", outcome="refused"),
        ev("2014-05-06", "review-requested"),
    ]
    c = run(events, "2014-05-07")
    assert c.state == "internal-review" and c.review_due == D("2014-06-04")  # 26 May is a holiday
    events.append(ev("2014-06-01", "review-responded", outcome="full"))
    c = run(events, "2014-06-02")
    assert c.state == "responded" and c.outcome == "full" and c.review_due is None
    assert c.on_time is True


def test_review_responded_without_outcome_keeps_the_old_one():
    events = [
        ev("2014-04-08", "sent"),
        ev("2014-04-30", "responded", outcome="refused"),
        ev("2014-05-06", "review-requested"),
        ev("2014-05-20", "review-responded"),
    ]
    assert run(events, "2014-06-02").outcome == "refused"


def test_complaint_and_withdrawn_states():
    base = [ev("2014-04-08", "sent"), ev("2014-04-30", "responded", outcome="refused")]
    assert run(base + [ev("2014-05-20", "complaint")], "2014-06-01").state == "complaint"
    withdrawn = run([ev("2014-04-08", "sent"), ev("2014-04-09", "withdrawn")], "2014-07-01")
    assert withdrawn.state == "withdrawn" and not withdrawn.overdue


def test_very_overdue_after_40_working_days():
    events = [ev("2014-04-08", "sent")]
    # The 40th working day after 2014-04-08 under FOIA is 2014-06-09 (26 May is a bank holiday)
    assert not run(events, "2014-06-09").very_overdue
    assert run(events, "2014-06-10").very_overdue


def test_as_of_ignores_later_events():
    events = [ev("2014-04-08", "sent"), ev("2014-05-20", "responded", outcome="full")]
    c = run(events, "2014-05-15")
    assert c.state == "awaiting-response" and c.overdue and c.outcome is None


def test_same_day_events_keep_recorded_order():
    events = [ev("2014-04-08", "sent"), ev("2014-04-30", "responded"), ev("2014-04-30", "review-requested")]
    assert run(events, "2014-05-01").state == "internal-review"


# ---------------------------------------------------------------- impossible histories


def check(new, history, law=FOIA, today="2026-01-01"):
    cases.check_event(new, history, law, D(today))


def test_refuses_response_before_sent():
    with pytest.raises(FoiError, match="before the request was sent"):
        check(ev("2014-04-01", "responded"), [ev("2014-04-08", "sent")])
    with pytest.raises(FoiError, match="record 'sent' first"):
        check(ev("2014-04-01", "responded"), [])


def test_refuses_future_dates():
    with pytest.raises(FoiError, match="in the future"):
        check(ev("2026-01-02", "sent"), [])


def test_refuses_outcome_on_event_that_takes_none():
    with pytest.raises(FoiError, match="takes no outcome"):
        check(ev("2014-04-09", "acknowledged", outcome="full"), [ev("2014-04-08", "sent")])
    with pytest.raises(FoiError, match="unknown outcome"):
        check(ev("2014-04-09", "responded", outcome="yes"), [ev("2014-04-08", "sent")])


def test_refuses_extension_without_date_or_under_foisa():
    sent = [ev("2014-04-08", "sent")]
    with pytest.raises(FoiError, match="needs --until"):
        check(ev("2014-04-20", "extended"), sent)
    with pytest.raises(FoiError, match="FOISA has no public-interest extension"):
        check(ev("2014-04-20", "extended", until=D("2014-06-01")), sent, law=FOISA)
    with pytest.raises(FoiError, match="not after"):
        check(ev("2014-04-20", "extended", until=D("2014-04-20")), sent)


def test_refuses_out_of_sequence_events():
    sent = [ev("2014-04-08", "sent")]
    with pytest.raises(FoiError, match="no clarification was requested"):
        check(ev("2014-04-10", "clarified"), sent)
    with pytest.raises(FoiError, match="no fee notice"):
        check(ev("2014-04-10", "fee-paid"), sent)
    with pytest.raises(FoiError, match="no response to review"):
        check(ev("2014-04-10", "review-requested"), sent)
    with pytest.raises(FoiError, match="already recorded as sent"):
        check(ev("2014-04-10", "sent"), sent)
    with pytest.raises(FoiError, match="withdrawn"):
        check(ev("2014-04-12", "responded"), sent + [ev("2014-04-10", "withdrawn")])
    with pytest.raises(FoiError, match="later event"):
        check(ev("2014-04-09", "acknowledged"), sent + [ev("2014-04-10", "acknowledged")])


def test_refuses_unknown_event_with_suggestion():
    with pytest.raises(FoiError, match="did you mean 'responded'"):
        check(ev("2014-04-09", "responed"), [ev("2014-04-08", "sent")])


# ---------------------------------------------------------------- with a workspace


def test_send_is_idempotent_and_records_each_recipient(workspace):
    first = send_request(workspace, "images", to=["metropolitan"], date=D("2024-03-01"))
    assert first.sent == ["metropolitan"]
    second = send_request(workspace, "images", date=D("2024-03-04"))
    assert second.sent == ["kent", "police-scotland", "northern-ireland"]
    assert second.already_sent == ["metropolitan"]
    third = send_request(workspace, "images")
    assert third.sent == []
    events = read_events(workspace.log_path("images"))
    assert [(e.force, e.date) for e in events] == [
        ("metropolitan", D("2024-03-01")),
        ("kent", D("2024-03-04")),
        ("police-scotland", D("2024-03-04")),
        ("northern-ireland", D("2024-03-04")),
    ]


def test_send_refuses_forces_outside_the_request(workspace):
    with pytest.raises(FoiError, match="not among the recipients"):
        send_request(workspace, "images", to=["essex"])
    with pytest.raises(FoiError, match="did you mean kent"):
        send_request(workspace, "images", to=["kentt"])


def test_dry_run_writes_nothing(workspace):
    result = send_request(workspace, "images", dry_run=True)
    assert len(result.sent) == 4
    assert read_events(workspace.log_path("images")) == []


def test_status_uses_each_forces_law(workspace):
    send_request(workspace, "images", date=D("2014-04-08"))
    [(summary, statuses)] = cases.status(workspace, "images", as_of=D("2014-05-09"))
    by_force = {c.force: c for c in statuses}
    assert by_force["police-scotland"].due == D("2014-05-08") and by_force["police-scotland"].overdue
    assert by_force["metropolitan"].due == D("2014-05-09") and not by_force["metropolitan"].overdue
    assert statuses[0].force == "police-scotland"  # most overdue first
    assert summary.sentence() == "0 of 4 answered, 1 overdue, 0 very overdue"


def test_log_round_trips_notes_with_quotes_and_newlines(workspace):
    request = workspace.load_request("images")
    note = 'Phoned: "call back"\nThey said 2 weeks = ok'
    cases.record_events(workspace, request, [Event(D("2024-01-02"), "kent", "sent", note=note, ref="FOI 2024/1")])
    [event] = read_events(workspace.log_path("images"))
    assert event.note == note and event.ref == "FOI 2024/1"


def test_a_hand_edited_extended_without_until_does_not_break_the_replay():
    # check_event refuses it, but a log edited by hand can hold one: the case is extended, with no due date
    c = run([ev("2024-01-02", "sent"), ev("2024-01-10", "extended")], "2024-03-01")
    assert c.state == "extended"
    assert c.due is None and not c.overdue
    assert c.extension_working_days is None
