"""Figures: from a force's tables to one tidy table of (measure, period, value).

    from foi.figures import MeasureSpec, extract_figures
    figs = extract_figures(tables, MeasureSpec.load("requests/x.yml"), letter_text=text)

Modules: spec (what a request asks for), periods (period labels), values (cell values and the
letter's legends), matching (header text -> measure), extract (tables -> figures, checks).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extract import Figure, extract_figures, tidy_rows
    from .matching import HeaderMatch, match_header, normalise_header
    from .periods import Period, in_requested_range, parse_period, search_period
    from .spec import MeasureSpec
    from .values import Value, parse_value, read_footnotes

# name -> its module: loaded when first asked for, so that importing one module of the package
# (the build's foi.figures.corrections, say) does not load the header matcher and rapidfuzz
_WHERE = {
    "Figure": "extract", "extract_figures": "extract", "tidy_rows": "extract",
    "HeaderMatch": "matching", "match_header": "matching", "normalise_header": "matching",
    "Period": "periods", "in_requested_range": "periods", "parse_period": "periods", "search_period": "periods",
    "MeasureSpec": "spec",
    "Value": "values", "parse_value": "values", "read_footnotes": "values",
}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value

__all__ = [
    "Figure", "HeaderMatch", "MeasureSpec", "Period", "Value", "extract_figures", "in_requested_range",
    "match_header", "normalise_header", "parse_period", "parse_value", "read_footnotes", "search_period",
    "tidy_rows",
]
