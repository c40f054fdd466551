"""Tests for foi.deadlines (FOIA 2000 s.10 and FOISA 2002 ss.10, 21, 73).

Expected dates are worked out by hand from gov.uk bank-holiday lists and the
statutes, or derived from the ``holidays`` package directly: never from the
module under test.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import holidays
import pytest
from dateutil.easter import easter

from foi.deadlines import (
    FOIA,
    FOISA,
    add_working_days,
    due_date,
    is_overdue,
    is_very_overdue,
    is_working_day,
    law_key,
    non_working_days,
    review_due,
    working_days_between,
)

D = date.fromisoformat
YEARS = range(2006, 2027)
NATIONS = ("ENG", "WLS", "SCT", "NIR")

# Known errors in the holidays package that foi.deadlines corrects.
# St Andrew's Day: bank holiday only from 16 January 2007 (2007 asp 2).
ERRATA = {D("2006-11-30")}


# ---------------------------------------------------------------- worked examples


@pytest.mark.parametrize(
    "received, law, expected",
    [
        # Given in the brief.
        ("2013-12-20", FOIA, "2014-01-23"),  # Christmas, Boxing Day, 1 Jan, 2 Jan (SCT)
        ("2022-09-12", FOIA, "2022-10-11"),  # State funeral 19 Sep
        ("2023-04-28", FOIA, "2023-05-31"),  # 1 May, coronation 8 May, 29 May
        ("2014-04-08", FOIA, "2014-05-09"),  # Good Friday, Easter Monday, 5 May
        ("2014-04-08", FOISA, "2014-05-08"),  # Easter Monday is not Scottish
        # Worked by hand.
        ("2013-12-20", FOISA, "2014-01-23"),  # 2 January is Scottish
        ("2022-09-12", FOISA, "2022-10-11"),  # state funeral UK-wide
        ("2014-07-01", FOIA, "2014-07-30"),  # NIR 12 July substitute on Mon 14 July
        ("2014-07-01", FOISA, "2014-07-29"),  # ... which Scotland does not have
        ("2014-07-25", FOIA, "2014-08-26"),  # SCT 4 Aug and E&W/NI 25 Aug both stop FOIA
        ("2014-07-25", FOISA, "2014-08-25"),  # only 4 Aug stops FOISA
        ("2014-11-20", FOIA, "2014-12-19"),  # St Andrew's substitute Mon 1 Dec
        ("2014-11-20", FOISA, "2014-12-19"),
        ("2014-03-10", FOIA, "2014-04-08"),  # NIR St Patrick's Day Mon 17 Mar
        ("2014-03-10", FOISA, "2014-04-07"),
        # Received on a Saturday: Monday is day 1.
        ("2014-06-07", FOIA, "2014-07-04"),
    ],
)
def test_due_date_worked_examples(received, law, expected):
    assert due_date(D(received), law) == D(expected)


def test_due_date_custom_days():
    # 40 working days from 2014-04-08 (hand count: 20th = 9 May, 26 May
    # spring bank holiday, 40th = Mon 9 June).
    assert due_date(D("2014-04-08"), FOIA, days=40) == D("2014-06-09")
    assert due_date(D("2014-04-08"), FOIA, days=0) == D("2014-04-08")


def test_accepts_datetime_and_law_aliases():
    assert due_date(datetime(2014, 4, 8, 16, 30), "foia 2000") == D("2014-05-09")
    assert due_date(D("2014-04-08"), "FOISA 2002") == D("2014-05-08")


# ---------------------------------------------------------------- holidays that differ


def _package_sets(year):
    return {
        n: set(holidays.country_holidays("GB", subdiv=n, years=year)) for n in NATIONS
    }


def _differing_weekdays():
    """Weekday bank holidays 2006-2026 not shared by all four nations (from holidays)."""
    out = []
    for year in YEARS:
        sets = _package_sets(year)
        union = set().union(*sets.values())
        common = set.intersection(*sets.values())
        for d in sorted(union - common):
            if d.weekday() < 5 and d not in ERRATA:
                out.append(pytest.param(d, d in sets["SCT"], id=d.isoformat()))
    return out


DIFFERING = _differing_weekdays()


def test_differing_list_is_plausible():
    # Each year has seven weekday ones: SCT 2 Jan, NIR 17 Mar, Easter Monday,
    # NIR 12 Jul, SCT first Mon Aug, E&W/NI last Mon Aug, SCT St Andrew's Day
    # (or their substitutes); 2006 lacks St Andrew's, 2026 adds 15 June.
    assert len(DIFFERING) == 21 * 7


@pytest.mark.parametrize("day, scottish", DIFFERING)
def test_differing_bank_holidays(day, scottish):
    assert not is_working_day(day, FOIA)
    assert is_working_day(day, FOISA) == (not scottish)


# Hand-written from gov.uk / the 1971 Act: (date, is a Scottish bank holiday).
KNOWN_DIFFERING = [
    ("2006-01-03", True),  # 1 Jan Sun -> 2 Jan Mon (all UK); SCT 2 Jan -> Tue 3
    ("2006-03-17", False),  # St Patrick's Day
    ("2006-04-17", False),  # Easter Monday
    ("2006-08-07", True),  # SCT summer
    ("2006-08-28", False),  # late summer
    ("2007-03-19", False),  # St Patrick's Sat -> Mon
    ("2007-11-30", True),  # first St Andrew's Day bank holiday
    ("2008-07-14", False),  # 12 July Sat -> Mon 14
    ("2008-12-01", True),  # St Andrew's Sun -> Mon
    ("2010-01-04", True),  # 2 Jan Sat -> Mon 4
    ("2011-01-04", True),  # 1 Jan Sat -> Mon 3 (all UK); 2 Jan Sun -> Tue 4
    ("2012-01-03", True),  # 1 Jan Sun -> Mon 2 (all UK); 2 Jan -> Tue 3
    ("2012-03-19", False),
    ("2013-12-02", True),  # St Andrew's Sat -> Mon 2 Dec
    ("2014-01-02", True),
    ("2014-03-17", False),
    ("2014-04-21", False),  # Easter Monday: not a FOISA holiday
    ("2014-07-14", False),  # 12 July Sat -> Mon 14
    ("2014-08-04", True),
    ("2014-08-25", False),
    ("2014-12-01", True),  # St Andrew's Sun -> Mon 1 Dec
    ("2015-07-13", False),  # 12 July Sun -> Mon 13
    ("2016-01-04", True),
    ("2017-01-03", True),
    ("2018-03-19", False),
    ("2019-03-18", False),
    ("2019-12-02", True),
    ("2020-07-13", False),
    ("2021-01-04", True),
    ("2022-01-04", True),  # 1 Jan Sat -> Mon 3 (all UK); 2 Jan Sun -> Tue 4
    ("2023-01-03", True),
    ("2023-08-07", True),
    ("2023-08-28", False),
    ("2024-03-18", False),
    ("2024-12-02", True),
    ("2025-07-14", False),
    ("2025-12-01", True),
    ("2026-06-15", True),  # proclaimed for Scotland's World Cup match
    ("2026-07-13", False),
]


@pytest.mark.parametrize("day, scottish", KNOWN_DIFFERING, ids=[d for d, _ in KNOWN_DIFFERING])
def test_known_differing_bank_holidays(day, scottish):
    day = D(day)
    assert day.weekday() < 5
    assert not is_working_day(day, FOIA)
    assert is_working_day(day, FOISA) == (not scottish)
    assert day in non_working_days(day.year, FOIA)
    assert (day in non_working_days(day.year, FOISA)) == scottish


def test_known_differing_are_in_computed_list():
    computed = {p.values[0]: p.values[1] for p in DIFFERING}
    for day, scottish in KNOWN_DIFFERING:
        assert computed.get(D(day)) == scottish, day


# UK-wide days (including one-offs and substitutes): non-working under both.
UK_WIDE = [
    "2006-01-02",  # New Year's Day substitute
    "2011-01-03",
    "2022-01-03",
    "2010-12-27", "2010-12-28",
    "2011-12-26", "2011-12-27",
    "2016-12-26", "2016-12-27",
    "2021-12-27", "2021-12-28",
    "2022-12-26", "2022-12-27",
    "2011-04-29",  # royal wedding
    "2012-06-04", "2012-06-05",  # Diamond Jubilee
    "2020-05-08",  # VE Day (early May moved)
    "2022-06-02", "2022-06-03",  # Platinum Jubilee
    "2022-09-19",  # state funeral
    "2023-05-08",  # coronation
]


@pytest.mark.parametrize("day", UK_WIDE)
def test_uk_wide_holidays(day):
    day = D(day)
    for law in (FOIA, FOISA):
        assert not is_working_day(day, law)
        assert day in non_working_days(day.year, law)


# Moved bank holidays: the usual Mondays were ordinary working days.
@pytest.mark.parametrize("day", ["2012-05-28", "2020-05-04", "2022-05-30"])
def test_moved_bank_holidays_are_working(day):
    assert is_working_day(D(day), FOIA)
    assert is_working_day(D(day), FOISA)


def test_st_andrews_day_2006_was_not_a_bank_holiday():
    # The 2007 Act came into force on 16 January 2007; Thu 30 Nov 2006 was a
    # working day everywhere.
    for law in (FOIA, FOISA):
        assert is_working_day(D("2006-11-30"), law)
        assert D("2006-11-30") not in non_working_days(2006, law)


# ---------------------------------------------------------------- weekends, Christmas, Good Friday


@pytest.mark.parametrize("law", [FOIA, FOISA])
def test_weekends(law):
    d = D("2006-01-07")  # a Saturday
    while d.year < 2027:
        assert not is_working_day(d, law)
        assert not is_working_day(d + timedelta(days=1), law)
        d += timedelta(days=7)
    assert is_working_day(D("2014-06-04"), law)  # an ordinary Wednesday


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("law", [FOIA, FOISA])
def test_christmas_and_good_friday(year, law):
    good_friday = easter(year) - timedelta(days=2)
    assert good_friday.weekday() == 4
    assert not is_working_day(date(year, 12, 25), law)
    assert not is_working_day(good_friday, law)
    assert good_friday in non_working_days(year, law)
    if date(year, 12, 25).weekday() < 5:
        assert date(year, 12, 25) in non_working_days(year, law)


def test_good_friday_examples():
    for d in ("2014-04-18", "2016-03-25", "2019-04-19", "2024-03-29"):
        assert not is_working_day(D(d), FOIA)
        assert not is_working_day(D(d), FOISA)


# ---------------------------------------------------------------- non_working_days


def test_non_working_days_2014():
    foisa = {D(x) for x in (
        "2014-01-01", "2014-01-02", "2014-04-18", "2014-05-05", "2014-05-26",
        "2014-08-04", "2014-12-01", "2014-12-25", "2014-12-26",
    )}
    foia = foisa | {D(x) for x in ("2014-03-17", "2014-04-21", "2014-07-14", "2014-08-25")}
    assert non_working_days(2014, FOISA) == foisa
    assert non_working_days(2014, FOIA) == foia
    assert isinstance(non_working_days(2014, FOIA), frozenset)


@pytest.mark.parametrize("year", YEARS)
def test_non_working_days_are_weekday_holidays(year):
    foia = non_working_days(year, FOIA)
    foisa = non_working_days(year, FOISA)
    assert all(d.year == year and d.weekday() < 5 for d in foia | foisa)
    assert foisa <= foia
    # Every weekday in the year is working iff it is not listed.
    d = date(year, 1, 1)
    while d.year == year:
        if d.weekday() < 5:
            assert is_working_day(d, FOIA) == (d not in foia)
            assert is_working_day(d, FOISA) == (d not in foisa)
        d += timedelta(days=1)


# ---------------------------------------------------------------- counting consistency


def _naive_add(start, n, law):
    d, k = start, 0
    while k < n:
        d += timedelta(days=1)
        if is_working_day(d, law):
            k += 1
    return d


def _naive_between(start, end, law):
    return sum(
        is_working_day(start + timedelta(days=i), law)
        for i in range(1, (end - start).days + 1)
    )


@pytest.mark.parametrize("law", [FOIA, FOISA])
def test_add_and_between_are_consistent(law):
    rng = random.Random(1234)
    base = D("2005-12-01")
    for _ in range(600):
        s = base + timedelta(days=rng.randrange(21 * 366))
        n = rng.choice([0, 1, 2, 5, 19, 20, 21, 40, 41, rng.randrange(0, 800)])
        e = add_working_days(s, n, law)
        assert working_days_between(s, e, law) == n
        assert e == _naive_add(s, n, law)
        if n > 0:
            assert is_working_day(e, law)
            assert working_days_between(s, e - timedelta(days=1), law) == n - 1


@pytest.mark.parametrize("law", [FOIA, FOISA])
def test_between_matches_naive_count(law):
    rng = random.Random(99)
    base = D("2006-01-01")
    for _ in range(150):
        s = base + timedelta(days=rng.randrange(7600))
        e = s + timedelta(days=rng.randrange(-10, 900))
        expected = _naive_between(s, e, law) if e > s else 0
        assert working_days_between(s, e, law) == expected


def test_between_edges():
    assert working_days_between(D("2014-06-04"), D("2014-06-04"), FOIA) == 0
    assert working_days_between(D("2014-06-05"), D("2014-06-04"), FOIA) == 0
    assert working_days_between(D("2014-06-04"), D("2014-06-05"), FOIA) == 1
    # Fri -> Mon over a weekend is one working day.
    assert working_days_between(D("2014-06-06"), D("2014-06-09"), FOIA) == 1
    # Year boundary: 2013-12-31 -> 2014-01-03 (1 and 2 Jan holidays).
    assert working_days_between(D("2013-12-31"), D("2014-01-03"), FOIA) == 1
    # Whole of 2014: 261 weekdays minus 13 FOIA / 9 FOISA weekday holidays.
    assert working_days_between(D("2013-12-31"), D("2014-12-31"), FOIA) == 248
    assert working_days_between(D("2013-12-31"), D("2014-12-31"), FOISA) == 252


def test_add_working_days_edges():
    assert add_working_days(D("2014-06-04"), 0, FOIA) == D("2014-06-04")
    assert add_working_days(D("2014-06-07"), 0, FOIA) == D("2014-06-07")  # Saturday kept
    assert add_working_days(D("2014-06-07"), 1, FOIA) == D("2014-06-09")
    assert add_working_days(D("2013-12-31"), 1, FOIA) == D("2014-01-03")
    # Several years at once: 248 FOIA working days in 2014.
    assert add_working_days(D("2013-12-31"), 248, FOIA) == D("2014-12-31")
    assert add_working_days(D("2013-12-31"), 249, FOIA) == D("2015-01-05")
    with pytest.raises(ValueError):
        add_working_days(D("2014-06-04"), -1, FOIA)


@pytest.mark.parametrize(
    "requested, law, expected",
    [
        # Internal review: 20 working days, counted like the response clock.
        ("2014-04-08", FOIA, "2014-05-09"),  # Easter Monday and early May holiday
        ("2014-04-08", FOISA, "2014-05-08"),  # Easter Monday works in Scotland
        ("2023-04-28", FOIA, "2023-05-31"),  # the coronation
        ("2013-12-20", FOIA, "2014-01-23"),  # Scotland's 2 January stops FOIA too
    ],
)
def test_review_due(requested, law, expected):
    assert review_due(D(requested), law) == D(expected)


def test_overdue_from_day_after_due():
    received = D("2014-04-08")  # due 2014-05-09 (FOIA)
    assert not is_overdue(received, D("2014-05-09"), FOIA)
    assert is_overdue(received, D("2014-05-10"), FOIA)
    assert not is_overdue(received, D("2014-05-08"), FOISA) and is_overdue(
        received, D("2014-05-09"), FOISA
    )


def test_very_overdue_boundary_foia():
    # Hand count from Tue 8 Apr 2014: 20th = Fri 9 May; 26 May spring bank
    # holiday; 40th = Mon 9 Jun; 41st = Tue 10 Jun.
    received = D("2014-04-08")
    assert working_days_between(received, D("2014-06-09"), FOIA) == 40
    assert not is_very_overdue(received, D("2014-06-09"), FOIA)
    assert is_very_overdue(received, D("2014-06-10"), FOIA)
    assert not is_very_overdue(received, D("2014-05-10"), FOIA)


def test_very_overdue_boundary_foisa():
    # Easter Monday counts in Scotland: 40th = Fri 6 Jun, 41st = Mon 9 Jun.
    received = D("2014-04-08")
    assert not is_very_overdue(received, D("2014-06-06"), FOISA)
    assert not is_very_overdue(received, D("2014-06-08"), FOISA)  # Sunday
    assert is_very_overdue(received, D("2014-06-09"), FOISA)


def test_very_overdue_matches_add_working_days():
    rng = random.Random(5)
    for _ in range(200):
        law = rng.choice([FOIA, FOISA])
        r = D("2007-01-01") + timedelta(days=rng.randrange(7000))
        d40 = add_working_days(r, 40, law)
        d41 = add_working_days(r, 41, law)
        assert not is_very_overdue(r, d40, law)
        assert not is_very_overdue(r, d41 - timedelta(days=1), law)
        assert is_very_overdue(r, d41, law)


# ---------------------------------------------------------------- law_key


@pytest.mark.parametrize(
    "text, expected",
    [
        ("FOIA", FOIA),
        ("foia", FOIA),
        ("FOIA 2000", FOIA),
        ("  foia   2000 ", FOIA),
        ("Freedom of Information Act 2000", FOIA),
        ("FOISA", FOISA),
        ("foisa", FOISA),
        ("FOISA 2002", FOISA),
        ("Freedom of Information (Scotland) Act 2002", FOISA),
    ],
)
def test_law_key(text, expected):
    assert law_key(text) == expected


@pytest.mark.parametrize(
    "text", ["", "EIR", "FOI", "FOIA 2002", "FOISA 2000", "DPA 2018", "FOIAS", None, 2000]
)
def test_law_key_rejects(text):
    with pytest.raises(ValueError, match="FOIA.*FOISA"):
        law_key(text)


def test_unknown_law_rejected_by_clock_functions():
    with pytest.raises(ValueError, match="unknown law"):
        is_working_day(D("2014-06-04"), "EIR")
    with pytest.raises(ValueError, match="unknown law"):
        due_date(D("2014-06-04"), "GDPR")
    with pytest.raises(ValueError, match="unknown law"):
        non_working_days(2014, "EIR")
