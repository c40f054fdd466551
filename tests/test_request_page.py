"""The request page: what a reader sees first, in Datasette's own client and in a real browser.

The example workspace (this repository's request, 43 forces, the sample answers) is built into a
temporary copy and served with `foi serve`, as a journalist would; headless Chromium (Debian's
/usr/bin/chromium, driven by Playwright) opens `/request/obscene-images` at a laptop's screen
size and checks the first screen. FOI_SCREENSHOTS=1 saves docs/request-page.png from it.
The bundle's page is checked through Datasette's client, and its Docker image through the
Dockerfile `datasette package` writes.
"""
from __future__ import annotations

import asyncio
import io
import os
import time
from pathlib import Path

import pytest
import sqlite_utils

from foi import publish
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, requires_browser, serving
from tests.test_browser import DOCS

REPO = Path(__file__).resolve().parents[1]
SLUG = "obscene-images"
SCREEN = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def example(example_built):
    """The repository's example workspace, copied and built."""
    return example_built[0]


def fetch(ds, *paths):
    async def run():
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(run())


@pytest.fixture(scope="module")
def datasette(example):
    from foi.crops import crops_dir

    return publish.datasette_app(example.db_path, publish.load_metadata(example.metadata_path), crops_dir(example))


def comparison(example, measure):
    db = sqlite_utils.Database(example.db_path)
    return {r["force"]: r for r in db.query("select * from comparison where request = ? and measure = ?", [SLUG, measure])}


# ---------------------------------------------------------------- through Datasette's client


def test_request_page_shows_the_question_the_answers_and_the_comparison(example, datasette):
    [page] = fetch(datasette, f"/request/{SLUG}?measure=allegations")
    assert page.status_code == 200
    html = page.text
    assert "Officers investigated for possessing or sharing obscene images" in html
    assert "possessing, making or sharing obscene or indecent images" in html  # the question as sent
    db = sqlite_utils.Database(example.db_path)
    answered = db.execute("select count(*) from cases where request = ? and (responded is not null or outcome is not null)",
                          [SLUG]).fetchone()[0]
    assert f"<strong>{answered} of 43</strong> forces have answered" in html
    rows = comparison(example, "allegations")
    kent = rows["kent"]
    # every number on the page is the comparison table's, formatted
    assert f"{kent['per_1000_officer_years']:.2f}" in html and f"{kent['ci95_low']:.2f}-{kent['ci95_high']:.2f}" in html
    assert f'href="{kent["crop"]}"' in html  # Kent's total links to its table's picture
    assert html.count('id="force-') == 43  # every force, answered or not
    assert '<svg id="funnel"' in html and html.count('class="force-point"') == sum(
        1 for r in rows.values() if r["per_1000_officer_years"] is not None or r["rate_low"] is not None)
    assert "How the rates are worked out" in html and "officer-years" in html
    assert 'href="/foi/comparison.csv?request=obscene-images&amp;measure=allegations' in html


def test_request_page_measures_downloads_and_errors(example, datasette):
    first, other, xlsx, csv, missing, listing = fetch(
        datasette, f"/request/{SLUG}", f"/request/{SLUG}?measure=dismissed",
        f"/request/{SLUG}/comparison.xlsx?measure=allegations",
        f"/foi/comparison.csv?request={SLUG}&measure=allegations&_size=max", "/request/no-such-request", "/request/",
    )
    assert first.status_code == 200 and '<span class="current">' in first.text
    assert first.headers["cache-control"] == f"max-age={datasette.setting('default_cache_ttl')}"  # as Datasette's own
    assert '<span class="current">dismissed</span>' in other.text
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Force", "Answer"] and "Per 1,000 officers a year" in header and "95% CI low" in header
    body = {row[0]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(body) == 43
    kent = comparison(example, "allegations")["kent"]
    assert body["Kent Police"]["Per 1,000 officers a year"] == kent["per_1000_officer_years"]
    assert csv.status_code == 200 and csv.text.count("\n") == 44
    assert missing.status_code == 404
    assert listing.status_code == 200 and f'href="/request/{SLUG}"' in listing.text


def test_table_pages_fold_the_column_descriptions(datasette):
    [page] = fetch(datasette, "/foi/comparison")
    assert page.status_code == 200
    assert '<details class="foi-columns">' in page.text and "per_1000_officer_years" in page.text


def test_bundle_serves_the_page_and_its_docker_image_keeps_the_settings(tmp_path):
    """Scaling out: `datasette package` builds an image serving the bundle immutably, as `foi publish` says."""
    from tests.example_site import build_example

    ws = build_example(tmp_path / "ws")
    report = publish.publish(ws, tmp_path / "bundle")
    ds = publish.datasette_app(report.database, publish.load_metadata(report.outdir / "metadata.yml"),
                               report.outdir / "crops", immutable=True, inspect_file=report.outdir / "inspect-data.json")
    page, crop = fetch(ds, "/request/images?measure=allegations", "/-/crops/images--kent--foi-2014-0456--response-.pdf/p2-t1.png")
    assert page.status_code == 200 and '<svg id="funnel"' in page.text and "Kent" in page.text
    assert crop.status_code == 200
    # the Dockerfile `datasette package` would build, from the bundle README's own command
    from datasette.utils import make_dockerfile

    readme = (report.outdir / "README.md").read_text()
    assert "--template-dir templates" in readme and "Cache-Control" in readme
    settings = [s for name, value in publish.SETTINGS.items()
                for s in ("--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value))]
    dockerfile = make_dockerfile(
        ["foi.db"], "metadata.yml", " ".join(settings), branch=None, template_dir="templates", plugins_dir="plugins",
        static=[(publish.CROPS_MOUNT, "crops")], install=[f"datasette=={v}" for v in [publish._versions()["datasette"]]],
        spatialite=False, version_note=None, secret="x", environment_variables=None, port=8001,
    )
    assert "-i foi.db" in dockerfile and "--inspect-file inspect-data.json" in dockerfile
    assert "--setting sql_time_limit_ms 1000" in dockerfile and "--setting max_returned_rows 10000" in dockerfile
    assert "--template-dir templates" in dockerfile and "--plugins-dir plugins" in dockerfile


# ---------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def served(example):
    with serving(example) as site:
        yield site


def test_serve_prints_the_request_page_first(served):
    import select

    base, process = served
    printed = ""
    deadline = time.monotonic() + 10
    while "request page" not in printed and time.monotonic() < deadline:
        # once the first line is in, the rest of the same print is in the reader's buffer
        if printed or select.select([process.stdout], [], [], 0.5)[0]:
            printed += process.stdout.readline()
    # one line per request of the workspace (the example has two), right after "Serving"; the same
    # print goes on with "compare forces", so reading on to it never waits
    line = process.stdout.readline()
    while "request page" in line:
        printed += line
        line = process.stdout.readline()
    lines = printed.splitlines()
    assert len(lines) >= 2, (printed, process.poll())
    pages = [line.split() for line in lines[1:] if "request page" in line]
    assert lines[0].startswith("Serving ") and lines[1].split()[:2] == ["request", "page:"]
    assert ["request", "page:", f"{base}/request/{SLUG}"] in pages, printed


def test_reader_sees_the_request_page_on_the_first_screen(example, served):
    sync_playwright = requires_browser()
    base, _ = served
    rows = comparison(example, "allegations")
    rated = sorted((r for r in rows.values() if r["per_1000_officer_years"] is not None),
                   key=lambda r: -r["per_1000_officer_years"])
    assert len(rated) >= 4

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=SCREEN)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{base}/request/{SLUG}?measure=allegations")

            def on_first_screen(locator) -> bool:
                box = locator.bounding_box()
                return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= SCREEN["height"]

            # the question, and how many answered
            question = page.locator(".foi-question")
            assert on_first_screen(question) and "obscene or indecent images" in question.inner_text()
            answers = page.locator("#answers")
            assert on_first_screen(answers) and " of 43" in answers.inner_text()
            # the comparison's rows, each with its rate and interval, the highest rate first
            first = page.locator("#comparison tbody tr").first
            assert on_first_screen(first)
            for r in rated:
                row = page.locator(f"#force-{r['force']}")
                assert on_first_screen(row), r["force"]
                text = row.inner_text()
                assert f"{r['per_1000_officer_years']:.2f}" in text
                assert f"{r['ci95_low']:.2f}-{r['ci95_high']:.2f}" in text
            assert first.get_attribute("data-force") == rated[0]["force"]
            # the funnel plot, drawn: its limits and a point per force with a rate
            funnel = page.locator("svg#funnel")
            assert on_first_screen(funnel)
            box = funnel.bounding_box()
            assert box["width"] > 400 and box["height"] > 250 and box["x"] + box["width"] <= SCREEN["width"]
            assert page.locator("svg#funnel polyline.limit95").count() == 2
            assert page.locator("svg#funnel a.force-point circle").count() == len(rated)
            # a number links to the picture of its table, and the picture loads
            link = page.locator(f"#force-{rated[0]['force']} td.total a")
            href = link.get_attribute("href")
            assert href == rated[0]["crop"]
            with page.expect_response(lambda response: href in response.url) as response_info:
                link.click()
            response = response_info.value
            assert response.status == 200 and response.headers["content-type"] == "image/png"
            page.go_back()
            page.locator("svg#funnel").wait_for()
            if os.environ.get("FOI_SCREENSHOTS") == "1":
                DOCS.mkdir(exist_ok=True)
                page.screenshot(path=str(DOCS / "request-page.png"))
            assert not [e for e in errors if "favicon" not in e], errors
        finally:
            browser.close()


def test_serve_draws_the_pictures_it_links_to(example, served):
    """The build draws no picture: `foi serve` draws those not drawn yet before it serves."""
    import urllib.request
    from urllib.parse import quote

    base, _ = served
    db = sqlite_utils.Database(example.db_path)
    links = [row[0] for row in db.execute("select distinct crop from figures_with_source where crop is not null")]
    assert links
    for link in links:
        with urllib.request.urlopen(base + quote(link)) as response:
            assert response.status == 200 and response.headers["content-type"] == "image/png"
            assert response.read(8) == b"\x89PNG\r\n\x1a\n"
