"""The statute's rules to the letter: the fee period (FOIA s.10(2), FOISA s.10(3)), the lapse of an
unpaid fee (s.9), the ICO's limits on extensions and reviews, and bank holidays read from the
``holidays`` package at build time.

Expected dates are counted by hand, day by day, in the comments; the random cross-check counts
with a naive loop written here, not with the module under test.
"""
from __future__ import annotations

import datetime as dt
import random

import holidays
import pytest

from foi import build as build_mod
from foi import deadlines
from foi.cases import last_day_of_months
from foi.deadlines import FOIA, FOISA, due_date, disregard_period, is_working_day
from foi.mail import send_request
from tests.test_cases import ev, run  # one way to replay a made-up history

D = dt.date.fromisoformat


def fee_case(received, notice, paid, law=FOIA):
    """The due date of a case with one fee period, through the event replay."""
    events = [ev(received, "sent"), ev(notice, "fee-notice"), ev(paid, "fee-paid")]
    return run(events, paid, law).due


# ---------------------------------------------------------------- the fee period


def test_sources_worked_example():
    # Received Mon 6 Jan 2014; days 1-4 are 7-10 Jan; the notice (Mon 13) and the payment (Fri 24)
    # and every day between are disregarded; Mon 27 is day 5 ... Mon 17 Feb is day 20.
    assert fee_case("2014-01-06", "2014-01-13", "2014-01-24") == D("2014-02-17")
    assert due_date(D("2014-01-06"), FOIA, disregard=((D("2014-01-13"), D("2014-01-24")),)) == D("2014-02-17")
    # Counting the day of the notice, as foi did before, gives Fri 14 Feb: one day early.
    assert due_date(D("2014-01-06"), FOIA, disregard=((D("2014-01-14"), D("2014-01-24")),)) == D("2014-02-14")


def test_notice_and_payment_the_same_monday():
    # Without a fee: due Mon 3 Feb. Days 1-4 are 7-10 Jan; Mon 13 is disregarded; day 5 is Tue 14,
    # day 20 Tue 4 Feb: one working day later, the day of the notice and payment.
    assert due_date(D("2014-01-06"), FOIA) == D("2014-02-03")
    assert fee_case("2014-01-06", "2014-01-13", "2014-01-13") == D("2014-02-04")


def test_notice_and_payment_the_same_friday():
    # Days 1-3 are 7-9 Jan; Fri 10 is disregarded; day 4 is Mon 13, day 20 Tue 4 Feb.
    assert fee_case("2014-01-06", "2014-01-10", "2014-01-10") == D("2014-02-04")


def test_notice_on_a_friday_paid_on_the_monday():
    # Fri 10 and Mon 13 are disregarded (two working days): due Wed 5 Feb.
    assert fee_case("2014-01-06", "2014-01-10", "2014-01-13") == D("2014-02-05")


def test_fee_period_across_easter():
    # Received Mon 14 Apr 2014; notice Thu 17, paid Tue 22: Good Friday and Easter Monday fall in
    # the period. Days 1-2 are 15-16 Apr; day 3 is Wed 23; 23-25 Apr (3), 28 Apr-2 May (8), Mon 5
    # May is a bank holiday, 6-9 May (12), 12-16 May (17), Mon 19 May is day 20.
    assert due_date(D("2014-04-14"), FOIA) == D("2014-05-15")
    assert fee_case("2014-04-14", "2014-04-17", "2014-04-22") == D("2014-05-19")


def test_fee_period_under_foisa():
    # FOISA s.10(3) disregards the same period. Easter Monday is a working day in Scotland, so
    # the 20th working day after Mon 14 Apr is Wed 14 May, and the period's three working days
    # (Thu 17, Mon 21, Tue 22) push it to Mon 19 May.
    assert due_date(D("2014-04-14"), FOISA) == D("2014-05-14")
    assert fee_case("2014-04-14", "2014-04-17", "2014-04-22", law=FOISA) == D("2014-05-19")
    # The worked example again, under FOISA: Scotland's 2 January is long past, the count is the same.
    assert fee_case("2014-01-06", "2014-01-13", "2014-01-24", law=FOISA) == D("2014-02-17")


def test_notice_on_the_day_of_receipt():
    # Nothing counted yet: all 20 working days are counted after the payment (Fri 10 Jan).
    assert fee_case("2014-01-06", "2014-01-06", "2014-01-10") == D("2014-02-07")


def test_a_period_after_the_due_date_changes_nothing():
    assert disregard_period(D("2014-02-03"), D("2014-02-04"), D("2014-02-10"), FOIA, D("2014-01-06")) == D("2014-02-03")
    with pytest.raises(ValueError):
        disregard_period(D("2014-02-03"), D("2014-01-20"), D("2014-01-10"), FOIA, D("2014-01-06"))


def _naive_due(received, law, periods):
    """Day by day: skip non-working days and every day of a disregarded period; count 20."""
    day, counted = received, 0
    while counted < 20:
        day += dt.timedelta(days=1)
        if any(first <= day <= last for first, last in periods):
            continue
        if is_working_day(day, law):
            counted += 1
    return day


@pytest.mark.parametrize("law", [FOIA, FOISA])
def test_fee_periods_match_a_naive_count(law):
    rng = random.Random(10)
    for _ in range(300):
        received = D("2012-01-01") + dt.timedelta(days=rng.randrange(0, 14 * 365))
        periods, start = [], received
        for _ in range(rng.choice([1, 1, 2])):
            first = start + dt.timedelta(days=rng.randrange(0, 20))
            last = first + dt.timedelta(days=rng.randrange(0, 30))
            periods.append((first, last))
            start = last + dt.timedelta(days=rng.choice([0, 1]))  # a fee paid and a new notice the same day
        assert due_date(received, law, disregard=tuple(periods)) == _naive_due(received, law, periods), (
            received, periods)


def test_two_fee_periods_in_one_case():
    events = [
        ev("2014-01-06", "sent"),
        ev("2014-01-13", "fee-notice"), ev("2014-01-24", "fee-paid"),
        ev("2014-02-03", "fee-notice"), ev("2014-02-04", "fee-paid"),
    ]
    # The first period gives Mon 17 Feb; Mon 3 and Tue 4 Feb, two more working days, give Wed 19 Feb.
    assert run(events, "2014-02-05").due == D("2014-02-19")



def test_a_fee_paid_and_a_new_notice_the_same_day():
    # 13-28 January are all disregarded, Fri 24 once only: 4 working days used (7-10 Jan), 16 left
    # after Tue 28: 29-31 Jan (3), 3-7 Feb (8), 10-14 Feb (13), 17-19 Feb (16): Wed 19 Feb.
    events = [
        ev("2014-01-06", "sent"),
        ev("2014-01-13", "fee-notice"), ev("2014-01-24", "fee-paid"),
        ev("2014-01-24", "fee-notice"), ev("2014-01-28", "fee-paid"),
    ]
    assert run(events, "2014-01-29").due == D("2014-02-19")


# ---------------------------------------------------------------- an unpaid fee lapses


@pytest.mark.parametrize(
    "notice, last",
    [
        ("2014-06-09", "2014-09-08"),
        ("2013-11-30", "2014-02-28"),  # no 30 February: the period ends on the month's last day
        ("2014-11-28", "2015-02-27"),
        ("2015-11-29", "2016-02-28"),  # a leap year: 29 February exists
        ("2014-12-31", "2015-03-30"),
    ],
)
def test_three_months_beginning_with_the_notice(notice, last):
    assert last_day_of_months(D(notice), 3) == D(last)
    events = [ev(notice, "sent"), ev(notice, "fee-notice")]
    assert not run(events, last).fee_lapsed
    assert run(events, (D(last) + dt.timedelta(days=1)).isoformat()).fee_lapsed


# ---------------------------------------------------------------- the ICO's limits


def test_extension_within_and_beyond_the_icos_limit():
    sent = [ev("2014-04-08", "sent")]  # due Fri 9 May 2014
    # 20 working days after 9 May (26 May a bank holiday): Mon 9 June.
    within = run(sent + [ev("2014-05-01", "extended", until=D("2014-06-09"))], "2014-05-02")
    assert within.extension_working_days == 20 and not within.extension_beyond_ico
    beyond = run(sent + [ev("2014-05-01", "extended", until=D("2014-06-10"))], "2014-05-02")
    assert beyond.extension_working_days == 21 and beyond.extension_beyond_ico
    assert beyond.due == D("2014-06-10")
    # a second extension is measured from the s.10(1) date too
    twice = run(sent + [ev("2014-05-01", "extended", until=D("2014-05-20")),
                        ev("2014-05-19", "extended", until=D("2014-06-20"))], "2014-05-20")
    assert twice.extension_working_days == 29 and twice.extension_beyond_ico


@pytest.mark.parametrize("law", [FOIA, FOISA])
def test_internal_review_overdue_and_very_overdue(law):
    events = [ev("2014-04-08", "sent"), ev("2014-04-30", "responded", outcome="refused"),
              ev("2014-05-06", "review-requested")]
    due = deadlines.add_working_days(D("2014-05-06"), 20, law)
    fortieth = deadlines.add_working_days(D("2014-05-06"), 40, law)
    on_due = run(events, due.isoformat(), law)
    assert on_due.review_due == due and not on_due.review_overdue
    after = run(events, (due + dt.timedelta(days=1)).isoformat(), law)
    assert after.review_overdue and not after.review_very_overdue
    assert after.review_working_days_overdue == deadlines.working_days_between(due, due + dt.timedelta(days=1), law)
    assert not run(events, fortieth.isoformat(), law).review_very_overdue
    late = run(events, (fortieth + dt.timedelta(days=1)).isoformat(), law)
    assert late.review_overdue and late.review_very_overdue
    # an answer ends it
    answered = run(events + [ev(fortieth.isoformat(), "review-responded")], (fortieth + dt.timedelta(days=9)).isoformat(), law)
    assert not answered.review_overdue and answered.review_due is None


def test_foisa_review_is_due_in_20_scottish_working_days():
    # FOISA s.21(1): 20 working days, Scotland's calendar. Asked Tue 15 Apr 2014: 16-17 Apr (2),
    # Good Friday skipped, Easter Monday counted (3), 22-25 Apr (7), 28 Apr-2 May (12), 5 May a
    # bank holiday, 6-9 May (16), 12-15 May (20): Thu 15 May. FOIA also skips Easter Monday: Fri 16.
    assert deadlines.review_due(D("2014-04-15"), FOISA) == D("2014-05-15")
    assert deadlines.review_due(D("2014-04-15"), FOIA) == D("2014-05-16")


# ---------------------------------------------------------------- bank holidays that change


@pytest.fixture
def package_without(monkeypatch):
    """Make the holidays package forget some days, as a version before their proclamation did."""
    real = holidays.country_holidays

    def forget(*days):
        def older(*args, **kwargs):
            found = real(*args, **kwargs)
            for day in days:
                found.pop(day, None)
            return found

        monkeypatch.setattr(deadlines.holidays, "country_holidays", older)
        deadlines.reload_holidays()

    yield forget
    monkeypatch.setattr(deadlines.holidays, "country_holidays", real)
    deadlines.reload_holidays()


@pytest.mark.parametrize(
    "received, holiday, before, after",
    [
        ("2022-09-12", "2022-09-19", "2022-10-10", "2022-10-11"),  # the state funeral of Elizabeth II
        ("2023-04-28", "2023-05-08", "2023-05-30", "2023-05-31"),  # the coronation of Charles III
    ],
)
def test_a_proclaimed_bank_holiday_moves_open_cases(package_without, received, holiday, before, after):
    package_without(D(holiday))
    assert due_date(D(received), FOIA) == D(before)
    assert deadlines.non_working_reason(D(holiday), FOIA) is None
    package_without()  # the package as it is now
    assert due_date(D(received), FOIA) == D(after)
    assert "bank holiday in the whole UK" in deadlines.non_working_reason(D(holiday), FOIA)


def test_a_rebuild_after_the_proclamation_moves_the_due_date(workspace, package_without):
    """`foi build` computes due dates from the package it runs with: nothing stale is kept."""
    send_request(workspace, "images", to=["kent", "police-scotland"], date=D("2022-09-12"))
    package_without(D("2022-09-19"))
    db = build_mod.open_db(workspace.db_path)
    build_mod.write_tracking(db, build_mod.collect_tracking(workspace, D("2022-09-14")))
    due = {r["force"]: r["due"] for r in db.query("select force, due from cases where request = 'images'")}
    assert due == {"kent": "2022-10-10", "police-scotland": "2022-10-10", "metropolitan": None, "northern-ireland": None}
    package_without()
    build_mod.write_tracking(db, build_mod.collect_tracking(workspace, D("2022-09-14")))
    due = {r["force"]: r["due"] for r in db.query("select force, due from cases where request = 'images'")}
    assert due["kent"] == due["police-scotland"] == "2022-10-11"
    db.close()


def test_the_package_has_every_one_off_day():
    """holidays >= 0.91 (pyproject.toml) lists them all: foi adds none of its own."""
    one_off = {
        D("2011-04-29"): ("ENG", "WLS", "SCT", "NIR"),  # royal wedding
        D("2012-06-05"): ("ENG", "WLS", "SCT", "NIR"),  # Diamond Jubilee
        D("2022-06-03"): ("ENG", "WLS", "SCT", "NIR"),  # Platinum Jubilee
        D("2022-09-19"): ("ENG", "WLS", "SCT", "NIR"),  # state funeral
        D("2023-05-08"): ("ENG", "WLS", "SCT", "NIR"),  # coronation
        D("2026-06-15"): ("SCT",),  # Scotland at the World Cup
    }
    for day, nations in one_off.items():
        for nation in ("ENG", "WLS", "SCT", "NIR"):
            listed = day in holidays.country_holidays("GB", subdiv=nation, years=day.year)
            assert listed == (nation in nations), (day, nation)
    assert not is_working_day(D("2026-06-15"), FOIA) and not is_working_day(D("2026-06-15"), FOISA)
    assert deadlines.non_working_reason(D("2026-06-15"), FOIA).endswith("bank holiday in Scotland")


# ---------------------------------------------------------------- WhatDoTheyKnow agrees


@pytest.mark.parametrize(
    "received, due",
    [
        # Alaveteli's spec/models/holiday_spec.rb ("in working days"): WhatDoTheyKnow's own cases.
        ("2008-10-01", "2008-10-29"),
        ("2007-02-01", "2007-03-01"),
        ("2008-02-01", "2008-02-29"),  # a leap year
        ("2009-03-12", "2009-04-14"),  # Northern Ireland's 17 March, Good Friday, Easter Monday
        ("2009-03-13", "2009-04-15"),
        ("2009-03-14", "2009-04-15"),  # a Saturday: Monday is day 1, as for the Friday
        ("2009-03-15", "2009-04-15"),
        ("2009-03-16", "2009-04-16"),
    ],
)
def test_whatdotheyknows_due_dates(received, due):
    assert due_date(D(received), FOIA) == D(due)
