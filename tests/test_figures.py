"""Unit tests for foi.figures: periods, values, legends, header matching, extraction, checks."""
from __future__ import annotations

import pytest

from foi.figures import (
    Figure, MeasureSpec, extract_figures, in_requested_range, match_header, normalise_header, parse_period,
    parse_value, read_footnotes, search_period, tidy_rows,
)
from foi.tables import Table
from tests.figures_eval.make_letters import MEASURES  # the measures and their names the synthetic letters use

CAL = MeasureSpec(MEASURES, "calendar-year", since=2006)
FIN = MeasureSpec(MEASURES, "financial-year", since=2006)


def by_key(figs: list[Figure]) -> dict:
    out = {}
    for f in figs:
        assert (f.measure, f.period) not in out, f"duplicate {(f.measure, f.period)}"
        out[(f.measure, f.period)] = f
    return out


def values(figs: list[Figure]) -> dict:
    return {(f.measure, f.period): (f.value, f.suppressed) for f in figs}


# ----------------------------------------------------------------------------- periods

@pytest.mark.parametrize("text", ["2013", "Jan–Dec 2013", "Jan-Dec 2013", "January - December 2013",
                                  "2013 (Jan-Dec)", "01/01/2013 - 31/12/2013", "1 January 2013 to 31 December 2013",
                                  "Calendar year 2013", "2013.0", "Year ending 31 December 2013"])
def test_calendar_labels(text):
    p = parse_period(text, "calendar-year")
    assert p is not None and p.key == "2013" and p.certain, p


@pytest.mark.parametrize("text", ["2013/14", "2013-14", "2013–14", "2013/2014", "2013-2014", "FY 2013/14",
                                  "April 2013 – March 2014", "April 2013 - March 2014", "Apr 13 - Mar 14",
                                  "01/04/2013 - 31/03/2014", "1 April 2013 to 31 March 2014", "13/14",
                                  "Year ending 31 March 2014", "Financial year 2013/14"])
def test_financial_labels(text):
    p = parse_period(text, "financial-year")
    assert p is not None and p.key == "2013-14" and p.certain, p


@pytest.mark.parametrize("text", ["Total", "Grand total", "TOTAL", "All years", "Total 2006-2014",
                                  "Total (2006/07 - 2014/15)", "Totals"])
def test_total_labels(text):
    p = parse_period(text, "calendar-year")
    assert p is not None and p.key == "total" and p.certain, p


def test_calendar_label_in_financial_request_is_kept_but_uncertain():
    p = parse_period("2013", "financial-year")
    assert p.key == "2013" and not p.certain and "calendar" in p.note


def test_financial_label_in_calendar_request_is_kept_but_uncertain():
    p = parse_period("2013/14", "calendar-year")
    assert p.key == "2013-14" and not p.certain and "financial" in p.note


@pytest.mark.parametrize("text,key", [("2014 (to 30 June)", "2014"), ("FYTD 2015/16", "2015-16"),
                                      ("2013 (Jan-Jun)", "2013"), ("2013*", "2013")])
def test_partial_or_footnoted_periods_are_uncertain(text, key):
    p = parse_period(text, "calendar-year" if "/" not in text else "financial-year")
    assert p.key == key and not p.certain and p.note


@pytest.mark.parametrize("text", ["", "12", "Year", "Officers", "Total allegations", "Officers dismissed 2013",
                                  "Financial year", "1,234"])
def test_not_periods(text):
    assert parse_period(text, "calendar-year") is None


def test_span_of_years_is_an_uncertain_total():
    p = parse_period("2006-2014", "calendar-year")
    assert p.key == "total" and not p.certain


def test_search_period_in_titles():
    assert search_period("Officers investigated since 2006", "calendar-year").key == "total"
    p = search_period("Table 2: outcomes 2013/14", "financial-year")
    assert p.key == "2013-14" and not p.certain
    assert search_period("Table 3: Dismissals", "calendar-year") is None


def test_in_requested_range():
    assert in_requested_range("2006", 2006, None)
    assert not in_requested_range("2005", 2006, None)
    assert in_requested_range("2006-07", 2006, 2014)
    assert not in_requested_range("2005-06", 2006, 2014)
    assert not in_requested_range("2015", 2006, 2014)
    assert in_requested_range("total", 2006, 2014)
    assert in_requested_range("2001", None, None)


# ----------------------------------------------------------------------------- values

@pytest.mark.parametrize("text,value", [("1,234", 1234), ("12", 12), (" 7 ", 7), ("0", 0), ("Nil", 0), ("None", 0),
                                        ("zero", 0), ("NIL", 0)])
def test_plain_counts_and_zero_words(text, value):
    v = parse_value(text)
    assert (v.value, v.suppressed, v.certain) == (value, False, True)


@pytest.mark.parametrize("text", ["12*", "12¹", "12 (a)", "12†", "12[1]", "12^1"])
def test_footnote_markers_are_stripped(text):
    v = parse_value(text)
    assert (v.value, v.suppressed, v.certain) == (12, False, True)
    assert "marker" in v.note


def test_ambiguous_bracket_number_is_uncertain():
    v = parse_value("12 (1)")
    assert v.value == 12 and not v.certain


@pytest.mark.parametrize("text", ["<5", "< 5", "*", "fewer than 5", "less than 5", "Fewer than 5", "redacted",
                                  "withheld", "n/a", "N/A", "x", "[x]", "c", "1-4", "≤5", "**"])
def test_suppressed(text):
    v = parse_value(text)
    assert v.value is None and v.suppressed and v.certain, (text, v)


@pytest.mark.parametrize("text", ["-", "–", "—"])
def test_dash_without_legend_is_flagged(text):
    # a dash the letter does not explain is read as nil (what it usually means), never for sure
    v = parse_value(text)
    assert v.value == 0 and not v.suppressed and not v.certain


@pytest.mark.parametrize("legend", ["- denotes nil", "'-' = zero", "A dash (-) indicates that there were no cases.",
                                    "Please note: '–' means nil return.", "Key: - = nil, * = fewer than 5"])
def test_dash_with_nil_legend(legend):
    fn = read_footnotes(legend)
    assert fn.get("-") == "zero", fn
    for dash in ("-", "–", "—"):
        v = parse_value(dash, fn)
        assert (v.value, v.suppressed, v.certain) == (0, False, True)


def test_dash_with_suppression_legend():
    fn = read_footnotes("Please note that '-' denotes a figure of less than 5, withheld to protect individuals.")
    assert fn == {"-": "suppressed"}
    v = parse_value("-", fn)
    assert (v.value, v.suppressed, v.certain) == (None, True, True)


@pytest.mark.parametrize("legend,symbol", [
    ("* = fewer than 5", "*"),
    ("Figures below 5 have been suppressed and shown as '*'", "*"),
    ("Where a figure is fewer than five it has been replaced with *.", "*"),
    ("'c' indicates a figure suppressed for confidentiality.", "c"),
    ("[x] = withheld (fewer than 5); - = nil", "[x]"),
])
def test_suppression_legends(legend, symbol):
    assert read_footnotes(legend)[symbol] == "suppressed"


def test_legend_with_two_symbols():
    fn = read_footnotes("Figures between 1 and 4 are shown as *, nil returns are shown as -")
    assert fn == {"*": "suppressed", "-": "zero"}


def test_no_legend_in_ordinary_text():
    assert read_footnotes("We searched records for 2006 - 2014. Section 40 - personal data is exempt.") == {}
    assert read_footnotes("* includes officers on secondment.") == {}
    assert read_footnotes("") == {}


def test_contradictory_legend_is_ambiguous():
    fn = read_footnotes("- denotes nil.\n- indicates fewer than 5.")
    assert fn["-"] == "ambiguous"
    v = parse_value("-", fn)
    assert v.value is None and not v.certain


def test_marker_that_the_legend_uses_for_suppression_is_uncertain():
    v = parse_value("3*", {"*": "suppressed"})
    assert v.value == 3 and not v.certain


@pytest.mark.parametrize("text", ["12.5", "12.5%", "£1,200", "-3", "12 3", "officers", "1,23"])
def test_not_counts(text):
    v = parse_value(text)
    assert not v.certain and v.value is None, (text, v)


def test_decimal_whole_number_is_uncertain():
    v = parse_value("12.0")
    assert v.value == 12 and not v.certain


def test_number_with_words_is_uncertain():
    v = parse_value("12 officers")
    assert v.value == 12 and not v.certain


def test_empty_cell_is_uncertain_unless_the_letter_explains_blanks():
    assert not parse_value("").certain
    fn = read_footnotes("Blank cells indicate no officers.")
    assert parse_value("", fn).value == 0 and parse_value("", fn).certain


# ----------------------------------------------------------------------------- matching

@pytest.mark.parametrize("header,measure", [
    ("No. of officers investigated", "officers"),
    ("Number of officers", "officers"),
    ("Officers", "officers"),
    ("Total number of officers investigated", "officers"),
    ("Upheld", "substantiated"),
    ("Found proven", "substantiated"),
    ("Resigned / Retired", "resigned_or_retired"),
    ("Resigned/Retired", "resigned_or_retired"),
    ("Resignations/retirements", "resigned_or_retired"),
    ("Allowed to resign or retire", "resigned_or_retired"),
    ("Number of\nallegations", "allegations"),
    ("NUMBER OF  ALLEGATIONS", "allegations"),
    ("Officers dismissed", "dismissed"),
    ("Officer(s) dismissed", "dismissed"),
    ("Dismissals", "dismissed"),
    ("Allegations substantiated", "substantiated"),
    ("Substantiated allegations", "substantiated"),
    ("Outcome Dismissed", "dismissed"),
    ("Dismissed*", "dismissed"),
    ("Total allegations", "allegations"),
    ("Cases", "cases"),
    ("How many officers were dismissed?", "dismissed"),
])
def test_headers_match_with_certainty(header, measure):
    m = match_header(header, MEASURES)
    assert m.measure == measure and m.certain, m


@pytest.mark.parametrize("header,measure", [("Alegations", "allegations"), ("Substanciated", "substantiated"),
                                            ("Oficers investigated", "officers"), ("Dimissed", "dismissed")])
def test_typos_still_match_but_are_not_sure(header, measure):
    m = match_header(header, MEASURES)
    assert m.measure == measure and not m.certain and "resembles" in m.reason


@pytest.mark.parametrize("header", ["Office", "Substantive", "Dismissive"])
def test_lookalike_words_are_never_a_sure_match(header):
    m = match_header(header, MEASURES)
    assert m.measure is None or not m.certain


@pytest.mark.parametrize("header", ["Not substantiated", "Unsubstantiated", "Allegations not substantiated",
                                    "Not upheld", "Not proven", "Unproven", "Non-substantiated", "No case to answer"])
def test_negated_headers_are_not_a_measure(header):
    m = match_header(header, MEASURES)
    assert m.measure is None and m.negated, m


@pytest.mark.parametrize("header", ["% substantiated", "Percentage upheld", "Dismissal rate"])
def test_rates_are_not_counts(header):
    assert match_header(header, MEASURES).measure is None


@pytest.mark.parametrize("header", ["Number", "Total", "Year", "Written warning", "Management advice", "Rank",
                                    "Police staff investigated", ""])
def test_headers_that_name_no_measure(header):
    assert match_header(header, MEASURES).measure is None


@pytest.mark.parametrize("header,measure", [
    ("Resigned", "resigned_or_retired"),  # only part of the alias
    ("Retired", "resigned_or_retired"),
    ("Dismissed / resigned", "dismissed"),  # two measures at once
    ("Police staff dismissed", "dismissed"),  # another population
    ("Would have been dismissed", "dismissed"),
    ("Officers dismissed following gross misconduct hearing", "dismissed"),
])
def test_doubtful_headers_are_uncertain(header, measure):
    m = match_header(header, MEASURES)
    assert m.measure == measure and not m.certain and m.reason, m


def test_tie_between_two_outcomes_is_uncertain_and_names_the_rival():
    m = match_header("Dismissed or resigned", MEASURES)
    assert not m.certain and "resigned_or_retired" in m.alternatives + [m.measure]


def test_normalise_header():
    assert normalise_header("No. of\nOfficers  (s) Investigated*") == "number officer investigated"
    assert normalise_header("Number of allegations") == "number allegation"


# ----------------------------------------------------------------------------- extraction

def test_periods_as_rows_measures_as_columns():
    t = Table(page=3, rows=[
        ["Year", "No. of officers investigated", "Allegations", "Upheld", "Officers dismissed"],
        ["2006", "4", "6", "2", "1"],
        ["2007", "5", "9", "0", "0"],
    ])
    figs = extract_figures([t], CAL)
    assert values(figs) == {
        ("officers", "2006"): (4, False), ("allegations", "2006"): (6, False), ("substantiated", "2006"): (2, False),
        ("dismissed", "2006"): (1, False), ("officers", "2007"): (5, False), ("allegations", "2007"): (9, False),
        ("substantiated", "2007"): (0, False), ("dismissed", "2007"): (0, False),
    }
    assert not any(f.needs_review for f in figs)
    f = by_key(figs)[("substantiated", "2007")]
    assert (f.table_index, f.page, f.row, f.col, f.raw_text, f.header) == (0, 3, 2, 3, "0", "Upheld")


def test_measures_as_rows_periods_as_columns():
    t = Table(page=1, rows=[
        ["", "2013/14", "2014/15", "2015/16"],
        ["Officers investigated", "3", "7", "2"],
        ["Dismissed", "1", "0", "1"],
    ])
    figs = extract_figures([t], FIN)
    assert values(figs) == {
        ("officers", "2013-14"): (3, False), ("officers", "2014-15"): (7, False), ("officers", "2015-16"): (2, False),
        ("dismissed", "2013-14"): (1, False), ("dismissed", "2014-15"): (0, False), ("dismissed", "2015-16"): (1, False),
    }
    assert not any(f.needs_review for f in figs)
    assert by_key(figs)[("dismissed", "2014-15")].col == 2


def test_cell_bboxes_and_pages_are_carried():
    t = Table(page=4, rows=[["Year", "Officers"], ["2010", "3"]],
              cell_bboxes=[[None, None], [(1.0, 2.0, 3.0, 4.0), (5.0, 6.0, 7.0, 8.0)]],
              cell_pages=[[4, 4], [5, 5]])
    f = extract_figures([t], CAL)[0]
    assert (f.bbox, f.page) == ((5.0, 6.0, 7.0, 8.0), 5)


def test_two_row_group_header():
    t = Table(page=1, rows=[
        ["Year", "Officers investigated", "Outcome", "", ""],
        ["", "", "Dismissed", "Resigned/Retired", "Written warning"],
        ["2010", "6", "2", "1", "3"],
        ["2011", "4", "0", "2", "1"],
    ])
    figs = extract_figures([t], CAL)
    assert values(figs) == {
        ("officers", "2010"): (6, False), ("dismissed", "2010"): (2, False), ("resigned_or_retired", "2010"): (1, False),
        ("officers", "2011"): (4, False), ("dismissed", "2011"): (0, False), ("resigned_or_retired", "2011"): (2, False),
    }
    assert by_key(figs)[("dismissed", "2010")].header == "Outcome Dismissed"


def test_header_split_over_two_rows_by_the_reader():
    t = Table(page=1, rows=[
        ["Year", "Number of", "Total"],
        ["", "officers investigated", "allegations"],
        ["FY 2010/11", "3", "5"],
    ])
    figs = extract_figures([t], FIN)
    assert values(figs) == {("officers", "2010-11"): (3, False), ("allegations", "2010-11"): (5, False)}


def test_group_label_column_and_section_rows():
    t = Table(page=1, rows=[
        ["Category", "2012", "2013"],
        ["Allegations", "", ""],
        ["Number recorded", "8", "5"],
        ["Substantiated", "3", "2"],
        ["Not substantiated", "5", "3"],
        ["Outcome", "Dismissed", ""],
    ])
    # the last row is text, not figures; sections carry to the rows under them
    figs = extract_figures([t], CAL)
    assert values(figs) == {("allegations", "2012"): (8, False), ("allegations", "2013"): (5, False),
                            ("substantiated", "2012"): (3, False), ("substantiated", "2013"): (2, False)}
    # "Number recorded" says nothing itself: the section heading named it, so it is flagged
    f = by_key(figs)
    assert f[("allegations", "2012")].needs_review and "section heading" in f[("allegations", "2012")].review_reasons[0]
    assert not f[("substantiated", "2012")].needs_review


def test_group_label_carried_down_in_label_columns():
    t = Table(page=1, rows=[
        ["", "", "2012", "2013"],
        ["Officers investigated", "", "6", "4"],
        ["Outcome", "Dismissed", "2", "1"],
        ["", "Resigned or retired", "1", "0"],
    ])
    figs = extract_figures([t], CAL)
    assert values(figs)[("resigned_or_retired", "2013")] == (0, False)
    assert by_key(figs)[("resigned_or_retired", "2012")].header == "Outcome Resigned or retired"


def test_long_format_year_category_number():
    t = Table(page=1, rows=[
        ["Year", "Category", "Number"],
        ["2012", "Officers investigated", "7"],
        ["", "Dismissed", "2"],
        ["2013", "Officers investigated", "5"],
        ["", "Dismissed", "1"],
    ])
    figs = extract_figures([t], CAL)
    assert values(figs) == {("officers", "2012"): (7, False), ("dismissed", "2012"): (2, False),
                            ("officers", "2013"): (5, False), ("dismissed", "2013"): (1, False)}


def test_years_spanning_sub_columns():
    t = Table(page=1, rows=[
        ["", "2013", "", "2014", ""],
        ["", "Allegations", "Substantiated", "Allegations", "Substantiated"],
        ["Number", "9", "4", "6", "1"],
    ])
    figs = extract_figures([t], CAL)
    assert values(figs) == {("allegations", "2013"): (9, False), ("substantiated", "2013"): (4, False),
                            ("allegations", "2014"): (6, False), ("substantiated", "2014"): (1, False)}


def test_rows_out_of_order():
    t = Table(page=1, rows=[["Year", "Officers"], ["2014", "1"], ["2012", "3"], ["2013", "2"]])
    assert values(extract_figures([t], CAL)) == {("officers", "2014"): (1, False), ("officers", "2012"): (3, False),
                                                 ("officers", "2013"): (2, False)}


def test_totals_row_that_adds_up_is_checked():
    t = Table(page=1, rows=[
        ["Year", "Officers", "Dismissed"],
        ["2012", "3", "1"],
        ["2013", "4", "0"],
        ["Total", "7", "1"],
    ])
    figs = by_key(extract_figures([t], CAL))
    assert figs[("officers", "total")].value == 7
    assert all(f.checked and not f.needs_review for f in figs.values())


def test_totals_column_that_does_not_add_up_flags_the_measure():
    t = Table(page=1, rows=[
        ["", "2012", "2013", "Total"],
        ["Officers", "3", "4", "8"],
        ["Dismissed", "1", "0", "1"],
    ])
    figs = by_key(extract_figures([t], CAL))
    for p in ("2012", "2013", "total"):
        f = figs[("officers", p)]
        assert f.needs_review and not f.checked
        assert "parts do not add up to the stated total (sum 7, total 8)" in " ".join(f.review_reasons)
        assert figs[("dismissed", p)].checked and not figs[("dismissed", p)].needs_review


def test_totals_with_suppressed_parts_cannot_be_checked():
    t = Table(page=1, rows=[["Year", "Officers"], ["2012", "<5"], ["2013", "6"], ["Total", "9"]])
    figs = by_key(extract_figures([t], CAL))
    assert figs[("officers", "2012")].suppressed and figs[("officers", "2012")].value is None
    assert "parts include suppressed values" in " ".join(figs[("officers", "total")].review_reasons)
    assert not figs[("officers", "total")].checked
    assert not figs[("officers", "2013")].needs_review


def test_total_column_across_outcomes_is_not_a_measure():
    t = Table(page=1, rows=[["Year", "Dismissed", "Written warning", "Total"], ["2012", "1", "2", "3"]])
    assert values(extract_figures([t], CAL)) == {("dismissed", "2012"): (1, False)}


def test_total_row_of_outcomes_is_not_a_measure():
    t = Table(page=1, rows=[["Outcome", "2012", "2013"], ["Dismissed", "1", "0"], ["Other", "2", "2"],
                            ["Total", "3", "2"]])
    assert values(extract_figures([t], CAL)) == {("dismissed", "2012"): (1, False), ("dismissed", "2013"): (0, False)}


def test_negated_column_produces_nothing():
    t = Table(page=1, rows=[["Year", "Allegations", "Substantiated", "Not substantiated", "Unsubstantiated"],
                            ["2012", "9", "4", "5", "5"]])
    figs = extract_figures([t], CAL)
    assert values(figs) == {("allegations", "2012"): (9, False), ("substantiated", "2012"): (4, False)}
    assert not any(f.needs_review for f in figs)


def test_two_tables_one_per_measure_with_titles():
    t1 = Table(page=1, rows=[["Table 1: Officers investigated", ""], ["Year", "Number"], ["2012", "5"], ["2013", "3"]])
    t2 = Table(page=2, rows=[["Table 2: Officers dismissed", ""], ["Year", "No."], ["2012", "2"], ["2013", "1"]])
    figs = extract_figures([t1, t2], CAL)
    assert values(figs) == {("officers", "2012"): (5, False), ("officers", "2013"): (3, False),
                            ("dismissed", "2012"): (2, False), ("dismissed", "2013"): (1, False)}
    assert {f.table_index for f in figs if f.measure == "dismissed"} == {1}
    assert not any(f.needs_review for f in figs)


def test_one_table_per_measure_with_unclear_title_is_flagged():
    t = Table(page=1, rows=[["Officers investigated and dismissed", ""], ["Year", "Number"], ["2012", "5"]])
    figs = extract_figures([t], CAL)
    assert len(figs) == 1 and figs[0].needs_review


def test_caption_from_the_reader():
    t = Table(page=1, rows=[["Year", "Number"], ["2012", "5"]])
    figs = extract_figures([t], CAL, captions=["Number of allegations"])
    assert values(figs) == {("allegations", "2012"): (5, False)}
    assert extract_figures([t], CAL) == []


def test_same_figure_twice_is_kept_once():
    t1 = Table(page=1, rows=[["Year", "Officers"], ["2012", "5"]])
    t2 = Table(page=2, rows=[["", "2012"], ["Officers investigated", "5"]])
    figs = extract_figures([t1, t2], CAL)
    assert len(figs) == 1 and not figs[0].needs_review and figs[0].value == 5


def test_conflicting_figures_are_both_flagged():
    t1 = Table(page=1, rows=[["Year", "Officers"], ["2012", "5"]])
    t2 = Table(page=2, rows=[["", "2012"], ["Officers investigated", "6"]])
    figs = extract_figures([t1, t2], CAL)
    assert sorted(f.value for f in figs) == [5, 6]
    assert all(f.needs_review and "different figures" in f.review_reasons[0] for f in figs)


def test_period_outside_requested_range_is_kept_and_flagged():
    t = Table(page=1, rows=[["Year", "Officers"], ["2005", "2"], ["2006", "3"], ["2015", "1"]])
    spec = MeasureSpec(MEASURES, "calendar-year", since=2006, until=2014)
    figs = by_key(extract_figures([t], spec))
    assert figs[("officers", "2005")].needs_review and "outside" in figs[("officers", "2005")].review_reasons[0]
    assert figs[("officers", "2015")].needs_review
    assert not figs[("officers", "2006")].needs_review


def test_suppressed_values_in_a_table():
    t = Table(page=1, rows=[["Year", "Officers", "Dismissed"], ["2012", "*", "<5"], ["2013", "7", "x"]])
    figs = by_key(extract_figures([t], CAL, letter_text="* = fewer than 5"))
    assert (figs[("officers", "2012")].value, figs[("officers", "2012")].suppressed) == (None, True)
    assert figs[("dismissed", "2013")].suppressed
    assert not any(f.needs_review for f in figs.values())


def test_dash_without_legend_is_flagged_in_a_table():
    t = Table(page=1, rows=[["Year", "Officers"], ["2012", "-"], ["2013", "2"]])
    figs = by_key(extract_figures([t], CAL))
    f = figs[("officers", "2012")]
    assert f.value == 0 and not f.suppressed and f.needs_review and "dash" in f.review_reasons[0]


def test_dash_with_legend_in_the_letter():
    t = Table(page=1, rows=[["Year", "Officers"], ["2012", "–"], ["2013", "2"]])
    figs = by_key(extract_figures([t], CAL, letter_text="Please note '-' denotes nil."))
    f = figs[("officers", "2012")]
    assert (f.value, f.suppressed, f.needs_review) == (0, False, False)


def test_dash_with_legend_in_a_table_row():
    t = Table(page=1, rows=[["Year", "Officers", "Dismissed"], ["2012", "-", "3"], ["- denotes nil", "", ""]])
    figs = by_key(extract_figures([t], CAL))
    assert (figs[("officers", "2012")].value, figs[("officers", "2012")].needs_review) == (0, False)


def test_dash_legend_in_another_table_applies_to_the_letter():
    t1 = Table(page=1, rows=[["Year", "Officers"], ["2012", "-"]])
    t2 = Table(page=2, rows=[["Key: '-' = zero"]])
    assert values(extract_figures([t1, t2], CAL)) == {("officers", "2012"): (0, False)}


def test_tables_without_measures_give_nothing():
    t1 = Table(page=1, rows=[["Rank", "Number"], ["Constable", "7"], ["Sergeant", "2"], ["Total", "9"]])
    t2 = Table(page=1, rows=[["Year", "Written warning", "Management advice"], ["2012", "1", "4"]])
    t3 = Table(page=1, rows=[["Year", "Rank", "Outcome"], ["2012", "PC", "Dismissed"], ["2013", "PS", "Resigned"]])
    assert extract_figures([t1, t2, t3], CAL) == []


def test_empty_table_gives_nothing():
    assert extract_figures([Table(page=1, rows=[]), Table(page=1, rows=[["", ""], ["", ""]])], CAL) == []


def test_financial_years_in_a_calendar_request_are_flagged():
    t = Table(page=1, rows=[["Year", "Officers"], ["2012/13", "4"]])
    f = extract_figures([t], CAL)[0]
    assert (f.period, f.value, f.needs_review) == ("2012-13", 4, True)
    assert "financial year" in f.review_reasons[0]


def test_uncertain_header_flags_the_figure():
    t = Table(page=1, rows=[["Year", "Resigned"], ["2012", "2"]])
    f = extract_figures([t], CAL)[0]
    assert f.measure == "resigned_or_retired" and f.needs_review and "part" in f.review_reasons[0]


def test_resigned_and_retired_columns_are_never_taken_as_the_combined_figure_unflagged():
    t = Table(page=1, rows=[["Year", "Resigned", "Retired"], ["2012", "2", "1"], ["2013", "1", "1"]])
    figs = extract_figures([t], CAL)
    assert figs and all(f.needs_review for f in figs)


def test_title_naming_police_staff_flags_the_table():
    t = Table(page=1, rows=[["Police staff misconduct outcomes", ""], ["Year", "Dismissed"], ["2012", "2"]])
    f = extract_figures([t], CAL)[0]
    assert f.needs_review and "staff" in f.review_reasons[-1]


def test_percentages_in_a_count_column_are_flagged():
    t = Table(page=1, rows=[["Year", "Substantiated"], ["2012", "45%"], ["2013", "3"]])
    figs = by_key(extract_figures([t], CAL))
    assert figs[("substantiated", "2012")].value is None and figs[("substantiated", "2012")].needs_review
    assert not figs[("substantiated", "2013")].needs_review


def test_wrapped_wide_table_with_a_second_header_row():
    t = Table(page=1, rows=[
        ["", "2010", "2011"],
        ["Officers", "1", "2"],
        ["", "2012", "2013"],
        ["Officers", "3", "4"],
    ])
    assert values(extract_figures([t], CAL)) == {("officers", "2010"): (1, False), ("officers", "2011"): (2, False),
                                                 ("officers", "2012"): (3, False), ("officers", "2013"): (4, False)}


def test_table_continued_with_repeated_header():
    t = Table(page=1, rows=[["Year", "Officers"], ["2010", "1"], ["Year", "Officers"], ["2011", "2"]])
    assert values(extract_figures([t], CAL)) == {("officers", "2010"): (1, False), ("officers", "2011"): (2, False)}


def test_index_column_is_not_read_as_figures():
    t = Table(page=1, rows=[["No.", "Question", "2012", "2013"], ["1", "Officers investigated", "5", "6"],
                            ["2", "Allegations", "7", "8"], ["3", "Dismissed", "1", "0"]])
    figs = extract_figures([t], CAL)
    assert values(figs) == {("officers", "2012"): (5, False), ("officers", "2013"): (6, False),
                            ("allegations", "2012"): (7, False), ("allegations", "2013"): (8, False),
                            ("dismissed", "2012"): (1, False), ("dismissed", "2013"): (0, False)}


def test_spec_from_yaml_and_dict():
    spec = MeasureSpec.from_yaml("periods: financial-year\nsince: 2006\nuntil: 2014\nmeasures:\n"
                                 "  officers: [officers, officers investigated]\n  dismissed: dismissed\n")
    assert (spec.periods, spec.since, spec.until) == ("financial-year", 2006, 2014)
    assert spec.measures == {"officers": ["officers", "officers investigated"], "dismissed": ["dismissed"]}
    t = Table(page=1, rows=[["Year", "Officers"], ["2012/13", "4"]])
    assert extract_figures([t], {"periods": "financial-year", "measures": {"officers": ["officers"]}})[0].period == "2012-13"
    with pytest.raises(ValueError):
        MeasureSpec({"a": ["a"]}, "weekly")


def test_tidy_rows():
    t = Table(page=2, rows=[["Year", "Officers"], ["2012", "<5"]])
    rows = tidy_rows(extract_figures([t], CAL), "kent")
    assert rows == [{"force": "kent", "measure": "officers", "period": "2012", "breakdown": None, "category": None,
                     "value": None, "suppressed": True,
                     "needs_review": False, "review_reasons": "", "page": 2, "table": 0, "row": 1, "col": 1,
                     "raw_text": "<5", "header": "Officers"}]


def test_figure_to_dict_round_trips_fields():
    t = Table(page=1, rows=[["Year", "Officers"], ["2012", "3"]])
    d = extract_figures([t], CAL)[0].to_dict()
    assert {k: d[k] for k in ("measure", "period", "value", "suppressed", "needs_review", "row", "col")} == {
        "measure": "officers", "period": "2012", "value": 3, "suppressed": False, "needs_review": False,
        "row": 1, "col": 1}


def test_breakdown_rows_are_flagged_even_when_alone():
    t = Table(page=1, rows=[["Division", "2012", "2013"], ["North", "", ""], ["Dismissed", "1", "2"]])
    # a section "North" names no measure: the rows under it may be one division's figures
    figs = extract_figures([t], CAL)
    assert values(figs) == {("dismissed", "2012"): (1, False), ("dismissed", "2013"): (2, False)}
    assert all(f.needs_review and "North" in f.review_reasons[0] for f in figs)
    t = Table(page=1, rows=[["Category", "2012"], ["Outcomes", ""], ["Dismissed", "1"]])
    assert not extract_figures([t], CAL)[0].needs_review
    t = Table(page=1, rows=[["", "2012", "2012"], ["", "Male", "Female"], ["Dismissed", "3", "1"]])
    figs = extract_figures([t], CAL)
    assert figs and all(f.needs_review for f in figs)
    assert any("breakdown" in r for f in figs for r in f.review_reasons)


def test_equal_figures_twice_in_one_table_are_flagged_not_merged():
    t = Table(page=1, rows=[["Year", "Gender", "Dismissed"], ["2012", "Male", "2"], ["", "Female", "2"]])
    figs = extract_figures([t], CAL)
    assert len(figs) == 2 and all(f.needs_review for f in figs)
    assert "more than one figure in the same table" in " ".join(figs[0].review_reasons)


def test_single_data_row_named_by_the_title():
    t = Table(page=1, rows=[["Officers dismissed", "", ""], ["", "2012", "2013"], ["Number", "3", "4"]])
    figs = extract_figures([t], CAL)
    assert values(figs) == {("dismissed", "2012"): (3, False), ("dismissed", "2013"): (4, False)}


def test_period_from_title_when_the_table_has_none():
    t = Table(page=1, rows=[["Outcomes 2013", ""], ["Outcome", "Number"], ["Dismissed", "2"], ["Resigned or retired", "1"]])
    figs = by_key(extract_figures([t], CAL))
    assert figs[("dismissed", "2013")].value == 2 and figs[("dismissed", "2013")].needs_review
    assert "title" in figs[("dismissed", "2013")].review_reasons[0]


def test_odd_tables_do_not_crash():
    import random

    rng = random.Random(7)
    pool = ["", "2013", "2013/14", "Total", "Officers", "Dismissed", "Not substantiated", "-", "*", "<5", "12", "1,234",
            "Outcome", "n/a", "12.5%", "£3", "Year", "Jan-Dec 2012", "x", "Note: - = nil", None, "  ", "\n", "2006-2014"]
    for _ in range(300):
        rows = [[rng.choice(pool) for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(0, 7))]
        figs = extract_figures([Table(page=1, rows=rows)], CAL)
        for f in figs:
            assert f.measure in MEASURES
            assert f.value is None or isinstance(f.value, int)
            assert f.needs_review == bool(f.review_reasons)


def test_a_counting_units_other_form_is_never_a_sure_match():
    # "investigated" (the officers) shares a stem with "investigations" (the cases): not sure
    from foi.figures import match_header

    measures = {"cases": ["cases", "investigations"], "officers": ["officers", "officers investigated"]}
    hm = match_header("investigated", measures)
    assert hm.measure == "cases" and not hm.certain
    # while dismissed / dismissals, which count nothing themselves, stay sure
    assert match_header("Dismissals", {"dismissed": ["dismissed"]}).certain


def test_a_header_naming_an_alias_word_for_word_is_not_generic():
    from foi.figures import MeasureSpec, extract_figures
    from foi.figures.matching import is_generic_header
    from foi.tables import Table

    measures = {"cases": ["cases", "investigations"], "allegations": ["allegations"]}
    assert not is_generic_header("Investigations", measures) and is_generic_header("Investigations")
    table = Table(page=1, rows=[["Year", "Investigations", "Allegations"], ["2013", "3", "5"], ["2014", "2", "2"]])
    figures = extract_figures([table], MeasureSpec(measures=measures))
    got = {(f.measure, f.period): f.value for f in figures}
    assert got[("cases", "2013")] == 3 and got[("cases", "2014")] == 2


def test_a_unit_named_inside_a_relative_clause_is_not_what_is_counted():
    from foi.figures import match_header

    measures = {"cases": ["cases", "investigations"], "officers": ["officers", "officers investigated"],
                "dismissed": ["dismissed"]}
    hm = match_header("Number of cases in which an officer was investigated", measures)
    assert (hm.measure, hm.certain) == ("cases", True)
    # an outcome in the clause still says what is counted
    assert match_header("Number of officers who were dismissed", measures).measure == "dismissed"
    assert match_header("Officers investigated", measures).measure == "officers"


def test_a_table_introduced_as_context_is_flagged():
    from foi.figures import MeasureSpec, extract_figures
    from foi.figures.store import preamble
    from foi.tables import Table

    spec = MeasureSpec(measures={"officers": ["officers"], "allegations": ["allegations"], "substantiated": ["upheld"]})
    answer = Table(page=1, rows=[["Year", "Officers"], ["2014", "3"]])
    context = Table(page=1, rows=[["Year", "Allegations recorded", "Allegations upheld"], ["2014", "904", "52"]])
    page = (
        "I can confirm that the information you have requested is held.\n"
        "Year Officers\n2014 3\n"
        "Part 3 of your request is refused under section 12.\n"
        "By way of context, the table below shows all allegations made in public\n"
        "complaints against the force, of every kind:\n"
        "Year Allegations recorded Allegations upheld\n2014 904 52\n"
    )
    preambles = [preamble(page, answer), preamble(page, context)]
    assert "context" not in (preambles[0] or "") and "By way of context" in preambles[1]
    figures = {(f.table_index, f.measure): f for f in extract_figures([answer, context], spec, preambles=preambles)}
    assert not figures[(0, "officers")].needs_review
    flagged = figures[(1, "substantiated")]
    assert flagged.needs_review and any("context" in r for r in flagged.review_reasons)
    # "National Police Chiefs' Council" is not national figures
    plain = ["Records are kept as agreed with the National Police Chiefs' Council.", None]
    assert not extract_figures([answer], spec, preambles=plain[:1])[0].needs_review


@pytest.mark.parametrize(
    "label, kind, key, certain",
    [
        ("Cyfanswm / Total", "calendar-year", "total", True),  # Welsh forces answer bilingually
        ("Blwyddyn 2014 / Year 2014", "calendar-year", "2014", True),
        ("Total 1 Jan 2010 - 31 Dec 2015", "calendar-year", "total", True),
        ("Total (1 January 2010 to 31 December 2015)", "calendar-year", "total", True),
        ("FY 2015/16 (to 31/12/15)", "financial-year", "2015-16", False),  # part of a year
        ("2013 / 14", "financial-year", "2013-14", True),  # digits either side: not bilingual
    ],
)
def test_more_period_labels(label, kind, key, certain):
    from foi.figures import parse_period

    period = parse_period(label, kind)
    assert period is not None and (period.key, period.certain) == (key, certain)


def test_bilingual_values():
    from foi.figures import parse_value

    assert (parse_value("Dim / Nil").value, parse_value("Dim / Nil").certain) == (0, True)
    assert parse_value("Dim").value == 0
    mixed = parse_value("Nil / 3")  # the two halves disagree: never sure
    assert not mixed.certain
