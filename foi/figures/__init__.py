"""Figures: from a force's tables to one tidy table of (measure, period, value).

    from foi.figures import MeasureSpec, extract_figures
    figs = extract_figures(tables, MeasureSpec.load("requests/x.yml"), letter_text=text)

Modules: spec (what a request asks for), periods (period labels), values (cell values and the
letter's legends), matching (header text -> measure), extract (tables -> figures, checks).
"""
from .extract import Figure, extract_figures, tidy_rows
from .matching import HeaderMatch, match_header, normalise_header
from .periods import Period, in_requested_range, parse_period, search_period
from .spec import MeasureSpec
from .values import Value, parse_value, read_footnotes

__all__ = [
    "Figure", "HeaderMatch", "MeasureSpec", "Period", "Value", "extract_figures", "in_requested_range",
    "match_header", "normalise_header", "parse_period", "parse_value", "read_footnotes", "search_period",
    "tidy_rows",
]
