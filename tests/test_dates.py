"""The one home of the date rules (foi.dates): month names, plausible years, dates in text."""
import datetime as dt

from foi.dates import find_dates, is_plausible_year, make_date, month_number, read_year


def test_month_names_and_short_forms():
    assert [month_number(m) for m in ("January", "sept.", "Sep", "JUNE", "jul")] == [1, 9, 9, 6, 7]


def test_a_two_digit_year_is_this_century_below_70():
    assert (read_year("13"), read_year("85"), read_year("2013")) == (2013, 1985, 2013)


def test_years_outside_1980_to_2099_are_no_years():
    assert not is_plausible_year(1979) and is_plausible_year(1980)
    assert is_plausible_year(2099) and not is_plausible_year(2100)
    assert read_year("0013") is None


def test_make_date_refuses_a_day_the_calendar_lacks():
    assert make_date(2014, 2, 29) is None
    assert make_date(None, 1, 1) is None
    assert make_date(2016, 2, 29) == dt.date(2016, 2, 29)


def test_dates_in_every_style_in_order():
    text = "Monday, the 12th of June 2014; June 13, 2014; 14/06/2014; 15.06.14 and 2014-06-16."
    assert [d.day for _, _, d in find_dates(text)] == [12, 13, 14, 15, 16]


def test_a_full_stop_may_end_the_sentence_after_a_date_but_a_version_is_no_date():
    assert [d for _, _, d in find_dates("We will reply by 12/06/2014.")] == [dt.date(2014, 6, 12)]
    assert find_dates("version 1.2.2014.3") == []
