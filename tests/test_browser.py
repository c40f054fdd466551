"""End to end, as a reader sees it: `foi serve`, a real headless Chromium, the comparison and the charts.

Chromium comes from the system (/usr/bin/chromium, Debian's package), driven by Playwright's Python
package; Playwright's own browser download is never used. Without Chromium the test is skipped on a
developer's machine, and fails in CI (CI=true), where it must run.
Set FOI_SCREENSHOTS=1 to save docs/comparison.png and docs/chart.png (the README's pictures).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, requires_browser, serving
from tests.example_site import AS_OF, build_example  # the same example as the publishing tests

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture
def served(tmp_path):
    """`foi serve` on the example workspace, on a free port of 127.0.0.1; stopped after the test."""
    requires_browser()  # before the build: nothing is built for a test that cannot run
    ws = build_example(tmp_path / "ws")
    from foi.build import build

    build(ws, as_of=AS_OF)  # as a journalist would, before serving (which draws the tables' pictures)
    with serving(ws) as (base, _):
        yield base


def test_reader_compares_forces_and_sees_the_charts(served):
    sync_playwright = requires_browser()
    screenshots = os.environ.get("FOI_SCREENSHOTS") == "1"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            # The comparison: each force's total and its rate per 1,000 officer-years
            page.goto(f"{served}/foi/comparison?request=images&measure=allegations")
            table = page.locator("table.rows-and-columns")
            table.wait_for()
            text = table.inner_text()
            for force in ("Kent Police", "Metropolitan Police Service", "Essex Police", "Police Service of Northern Ireland"):
                assert force in text
            kent = page.locator("table.rows-and-columns tr", has_text="Kent Police")
            assert "1.4503" in kent.inner_text() and "25512.54" in kent.inner_text()
            essex = page.locator("table.rows-and-columns tr", has_text="Essex Police").inner_text()
            assert "refused" in essex
            # the column descriptions are folded away: the rows start on the first screen
            assert not page.locator("dl.column-descriptions").is_visible()
            assert page.locator("details.foi-columns summary").is_visible()
            assert table.bounding_box()["y"] < 900
            if screenshots:  # the heading, the facets and the table: what a reader looks at
                DOCS.mkdir(exist_ok=True)
                top = page.locator("h1").bounding_box()
                bottom = table.bounding_box()
                skipped = page.locator("dl.column-descriptions, .column-descriptions")
                if skipped.count():
                    skipped.first.evaluate("e => e.style.display = 'none'")
                    bottom = table.bounding_box()
                page.screenshot(path=str(DOCS / "comparison.png"), full_page=True, clip={
                    "x": 0, "y": max(0, top["y"] - 16), "width": 1440, "height": bottom["y"] + bottom["height"] + 16 - max(0, top["y"] - 16)})

            # The figure's source: a link to the picture of its table, which loads
            page.goto(f"{served}/foi/figures_with_source?force=kent&measure=allegations&period=2009")
            link = page.locator("td.col-source a")
            crop = page.request.get(f"{served}{link.get_attribute('href')}")
            assert crop.status == 200 and crop.headers["content-type"] == "image/png"

            # The dashboard: both charts drawn by Vega in the page
            page.goto(f"{served}/-/dashboards/compare?request=images&measure=officers")
            for chart in ("per-1000", "timeliness"):
                canvas = page.locator(f"#chart-{chart} canvas.marks, #chart-{chart} svg.marks").first
                canvas.wait_for(timeout=20000)
                box = canvas.bounding_box()
                assert box and box["width"] > 200 and box["height"] > 30, chart
            # Vega draws one point per force with its interval: the chosen measure, named on the axis
            chart = page.locator("#chart-per-1000")
            points = chart.locator(".mark-symbol.role-mark path")  # not the legend's symbols
            assert points.count() == 2  # Kent and the Met gave officers' counts; the others did not
            labels = chart.locator("svg.marks").text_content()
            assert "Kent" in labels and "Met" in labels and "per 1,000 officers a year" in labels
            stacked = page.locator("#chart-timeliness .mark-rect path, #chart-timeliness .mark-rect rect")
            assert stacked.count() >= 6  # every force sent to, in one colour or more
            assert page.locator("select#request").input_value() == "images"
            if screenshots:
                page.screenshot(path=str(DOCS / "chart.png"), full_page=True)
            assert not [e for e in errors if "favicon" not in e], errors
        finally:
            browser.close()
