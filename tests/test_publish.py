"""Publishing: the views compare forces, every figure shows its source, private data stays private.

The example database is made by the project's own code path (a workspace, requests sent and
answered through foi.cases, `build`), then the rows the document readers and the figures engine
write are added as they would be, with real PDF, XLSX and EML files behind them. Datasette is
driven through its own test client, on the bundle exactly as `foi publish` writes it.
"""
from __future__ import annotations

import asyncio
import json
import re
import shlex
import socket
import sqlite3
import statistics
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import sqlite_utils
from typer.testing import CliRunner

from foi import crops, publish
from foi.cli import app
from foi.db import TABLES, VIEWS
from foi.workspace import init_workspace
from tests.conftest import load_json, load_yaml
from tests.example_site import (
    REPO,
    PRIVATE_MARKERS,
    KENT_PDF,
    KENT_CROP,
    MET_PDF,
    MET_XLSX,
    ESSEX_PDF,
    build_example,
)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return build_example(tmp_path_factory.mktemp("example") / "ws")


@pytest.fixture(scope="module")
def bundle(example, tmp_path_factory):
    outdir = tmp_path_factory.mktemp("public") / "bundle"
    report = publish.publish(example, outdir)
    return report


def rows(db_path: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def fetch(ds, *paths):
    """GET each path through Datasette's own client, in one event loop."""
    async def run():
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(run())


def bundle_datasette(report):
    return publish.datasette_app(
        report.database, publish.load_metadata(report.outdir / "metadata.yml"), report.outdir / "crops",
        immutable=True, inspect_file=report.outdir / "inspect-data.json",
    )


# ---------------------------------------------------------------- the views


def test_comparison_totals_and_rates_per_1000_officer_years(bundle):
    got = {(r["request"], r["force"], r["measure"]): r for r in rows(bundle.database, "select * from comparison")}
    # every recipient of every request, for every measure, answered or not
    assert len([k for k in got if k[0] == "images"]) == 6 * 2
    kent = got[("images", "kent", "allegations")]
    assert (kent["total"], kent["total_from"], kent["years"], kent["covers"]) == (40, "stated", 8, "2006 to 2013")
    # no force-level officer numbers for 2006: the rate is of 2007-2013's 37, over Kent's officers of those
    # years added up (3,719.82 + 3,717.65 + 3,798.64 + 3,787.13 + 3,667.73 + 3,498.39 + 3,323.18)
    assert (kent["count"], kent["officer_years"], kent["rate_years"]) == (37, 25512.54, "2007-2013")
    assert kent["missing_officer_years"] == "2006" and "2006" in kent["rate_note"]
    assert kent["per_1000_officer_years"] == 1.4503  # 37 x 1000 / 25,512.54
    assert kent["ci95_low"] < 1.4503 < kent["ci95_high"]
    assert (kent["first_period"], kent["last_period"], kent["needs_review"], kent["suppressed"]) == ("2006", "2013", 0, 0)
    assert kent["answer"] == "answered" and kent["crop"] == KENT_CROP
    kent_officers = got[("images", "kent", "officers")]
    assert (kent_officers["total"], kent_officers["total_from"]) == (33, "sum of years")  # 2+4+3+5+2+6+4+7
    assert (kent_officers["count"], kent_officers["per_1000_officer_years"]) == (31, 1.2151)  # 31 x 1000 / 25,512.54
    met = got[("images", "metropolitan", "allegations")]
    # "<5" withheld for 2009: the total is a range, 84 to 88, and so is the rate; never a silent number
    assert (met["total"], met["total_low"], met["total_high"], met["suppressed"]) == (None, 84, 88, 1)
    assert met["per_1000_officer_years"] is None and met["rate_low"] < met["rate_high"]
    assert met["rate_low"] == round(70 * 1000 / met["officer_years"], 4)  # 2007-2013: 12+9+0+11+13+10+15
    met_officers = got[("images", "metropolitan", "officers")]
    assert (met_officers["total"], met_officers["total_from"]) == (95, "stated")  # not the years' 92
    assert met_officers["needs_review"] == 1  # the annex says 14 for 2010, the letter 13
    assert (met_officers["state"], met_officers["outcome"], met_officers["answer"]) == ("responded", "partial", "answered in part (late)")
    # the national rate is of the forces with a count, and each force sits within or beyond its limits
    assert met_officers["national_rate"] == round((31 + 82) * 1000 / (25512.54 + met_officers["officer_years"]), 4)
    assert kent_officers["funnel"] == "above 99.8%" and kent_officers["per_1000_officer_years"] > kent_officers["limit998_high"]
    for force, state, outcome in [("essex", "responded", "refused"), ("police-scotland", "responded", "refused"),
                                  ("northern-ireland", "awaiting-response", None), ("btp", "awaiting-clarification", None)]:
        for measure in ("allegations", "officers"):
            row = got[("images", force, measure)]
            assert (row["state"], row["outcome"], row["total"], row["figures"]) == (state, outcome, None, 0)
            assert row["per_1000_officer_years"] is None
    assert got[("images", "essex", "officers")]["answer"] == "refused"
    assert got[("images", "northern-ireland", "officers")]["answer"] == "overdue"
    searches = got[("stop-search", "kent", "searches")]
    # 2017 and 2018 both have officer numbers: 3,258.73 + 3,261.26 officer-years
    assert (searches["total"], searches["officer_years"], searches["missing_officer_years"]) == (220, 6519.99, None)
    assert searches["per_1000_officer_years"] == 33.7424  # 220 x 1000 / 6,519.99
    assert got[("images", "kent", "allegations")]["force_name"] == "Kent Police"


def test_timeliness_per_force(bundle, example):
    got = {r["force"]: r for r in rows(bundle.database, "select * from timeliness")}
    kent = got["kent"]
    # images 15 working days (on time), stop-search 12 (on time), tasers 25 (late: due 2014-03-03)
    assert (kent["sent"], kent["answered"], kent["answered_on_time"], kent["answered_late"]) == (3, 3, 2, 1)
    assert kent["median_working_days"] == 15
    assert kent["percent_on_time"] == 66.7
    met = got["metropolitan"]
    # images 41 working days (extended to 6 June, answered 10 June), stop-search 39: median 40
    assert (met["answered"], met["answered_late"], met["median_working_days"]) == (2, 2, 40.0)
    assert met["refusals_by_section"] == "s.40: 2, s.31: 1"
    assert got["essex"]["refusals_by_section"] == "s.12: 1" and got["essex"]["refused"] == 1
    assert got["kent"]["refusals_by_section"] is None  # its .eml cites s.40, but Kent answered in full
    ni = got["northern-ireland"]
    assert (ni["answered"], ni["outstanding"], ni["overdue"], ni["median_working_days"]) == (0, 1, 1, None)
    assert (got["btp"]["outstanding"], got["btp"]["overdue"]) == (1, 0)
    # the SQL median agrees with Python's over foi's own working-day counts, force by force
    db = sqlite_utils.Database(example.db_path)
    for force, row in got.items():
        days = [r["working_days_to_respond"] for r in db["cases"].rows_where("force = ? and working_days_to_respond is not null", [force])]
        assert row["median_working_days"] == (statistics.median(days) if days else None), force


def test_outstanding_most_overdue_first(bundle):
    got = rows(bundle.database, "select request, force, state, due, overdue, working_days_overdue from outstanding")
    assert [(r["force"], r["state"]) for r in got] == [("northern-ireland", "awaiting-response"), ("btp", "awaiting-clarification")]
    # due 2014-05-09; 2014-07-01 is 36 working days later (the May 26 bank holiday does not count)
    assert (got[0]["due"], got[0]["overdue"], got[0]["working_days_overdue"]) == ("2014-05-09", 1, 36)
    assert (got[1]["due"], got[1]["overdue"]) == (None, 0)  # the clock is stopped


def test_figures_with_source_link_to_the_table_picture(bundle):
    got = {r["id"]: r for r in rows(bundle.database, "select * from figures_with_source")}
    kent = got[f"images/kent/allegations/2009@{KENT_PDF}#1:4:1"]
    assert (kent["value"], kent["raw_text"], kent["page"], kent["filename"]) == (6, "6", 2, "FOI 2014-0456 (response).pdf")
    assert kent["crop"] == KENT_CROP
    assert kent["source"] == f"[FOI 2014-0456 (response).pdf, page 2, table 1]({KENT_CROP})"
    annex = got[f"images/metropolitan/officers/2010@{MET_XLSX}#1:1:1"]
    assert annex["crop"] is None and annex["source"] == "annex.xlsx, sheet Officers, table 1"
    crop_file = bundle.outdir / "crops" / KENT_CROP[len("/-/crops/"):]
    assert crop_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- Datasette


def test_every_table_view_and_query_in_metadata_answers(bundle):
    metadata = load_yaml(bundle.outdir / "metadata.yml")
    tables = metadata["databases"]["foi"]["tables"]
    assert set(VIEWS) <= set(tables) and {"forces", "cases", "figures", "officer_strength"} <= set(tables)
    ds = bundle_datasette(bundle)
    names = list(tables) + list(metadata["databases"]["foi"]["queries"])
    responses = fetch(ds, *[f"/foi/{quote(n)}" for n in names], *[f"/foi/{quote(n)}.json" for n in tables])
    for path, response in zip(names + list(tables), responses):
        assert response.status_code == 200, (path, response.text[:300])
    listed = {t["name"] for t in fetch(ds, "/foi.json")[0].json()["tables"]}
    assert set(tables) - set(VIEWS) <= listed


def test_canned_queries(bundle):
    ds = bundle_datasette(bundle)
    comparison, all_measures, record, by_name, overdue, owed = [r.json() for r in fetch(
        ds,
        "/foi/request_comparison.json?_shape=array&request=images&measure=officers",
        "/foi/request_comparison.json?_shape=array&request=images&measure=",
        "/foi/force_record.json?_shape=array&force=kent",
        "/foi/force_record.json?_shape=array&force=Metropolitan+Police+Service",
        "/foi/overdue_requests.json?_shape=array",
        "/foi/outstanding_requests.json?_shape=array",
    )]
    assert [(r["force"], r["per_1000_officer_years"]) for r in comparison][:2] == [("kent", 1.2151), ("metropolitan", 0.3668)]
    assert {r["force"] for r in comparison} == {"kent", "metropolitan", "essex", "police-scotland", "northern-ireland", "btp"}
    assert len(all_measures) == 12
    assert [(r["request"], r["outcome"], r["on_time"]) for r in record] == [
        ("images", "full", 1), ("stop-search", "full", 1), ("tasers", "full", 0)]
    assert [(r["request"], r["sections_cited"]) for r in by_name] == [("images", "s.40,s.31"), ("stop-search", "s.40")]
    assert [(r["force"], r["working_days_overdue"]) for r in overdue] == [("northern-ireland", 36)]
    assert [r["force"] for r in owed] == ["northern-ireland", "btp"]


def test_dashboard_and_its_charts_queries(bundle):
    metadata = load_yaml(bundle.outdir / "metadata.yml")
    dashboard = metadata["plugins"]["datasette-dashboards"]["compare"]
    ds = bundle_datasette(bundle)
    chosen = urlencode({"request": "images", "measure": "allegations"})
    page, chart, default, timeliness = fetch(
        ds,
        f"/-/dashboards/compare?{chosen}",
        f"/foi.json?_shape=array&sql={quote(dashboard['charts']['per-1000']['query'])}&{chosen}",
        f"/foi.json?_shape=array&sql={quote(dashboard['charts']['per-1000']['query'])}&request=&measure=",
        f"/foi.json?_shape=array&sql={quote(dashboard['charts']['timeliness']['query'])}",
    )
    assert page.status_code == 200 and "vega-lite.min.js" in page.text and "Compare forces" in page.text
    assert [(r["force_name"], r["per_1000_officer_years"], r["funnel"]) for r in chart.json()] == [
        ("Kent Police", 1.4503, "within")]  # the Met's allegations are a range: no point of their own
    kent = chart.json()[0]
    assert kent["ci95_low"] < kent["per_1000_officer_years"] < kent["ci95_high"] and kent["national_rate"] == 1.4503
    # without a choice: the first request, and its measure with the most forces with a rate
    assert {r["measure"] for r in default.json()} == {"officers"} and len(default.json()) == 2
    kent = next(r for r in timeliness.json() if r["force_name"] == "Kent Police")
    assert (kent["on time"], kent["late"], kent["owed, overdue"]) == (2, 1, 0)


def test_crops_are_served_and_sources_render_as_links(bundle):
    ds = bundle_datasette(bundle)
    image, table = fetch(ds, KENT_CROP, "/foi/figures_with_source?force=kent&measure=allegations&period=2009")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    from PIL import Image
    import io

    width, height = Image.open(io.BytesIO(image.content)).size
    # the table is 330 x 200 points, with 6 points either side, at 110 dpi
    assert (width, height) == (round(342 * 110 / 72), round(212 * 110 / 72))
    assert re.search(rf'<a href="{re.escape(KENT_CROP)}"[^>]*>FOI 2014-0456 \(response\).pdf, page 2, table 1</a>', table.text)


def test_render_crops_is_incremental(example, tmp_path):
    db = sqlite_utils.Database(example.db_path)
    out = tmp_path / "crops"
    first = publish.render_crops(db, example.root, out)
    assert (first.wanted, first.rendered, first.failed) == (3, 3, [])
    again = publish.render_crops(db, example.root, out)
    assert (again.rendered, again.unchanged) == (0, 3)
    moved = out / KENT_CROP[len("/-/crops/"):]
    before = moved.stat().st_mtime_ns
    db.execute("update cells set x1 = x1 + 20 where document = ? and col = 2", [KENT_PDF])
    try:
        third = publish.render_crops(db, example.root, out)
    finally:
        db.execute("update cells set x1 = x1 - 20 where document = ? and col = 2", [KENT_PDF])
        db.conn.commit()
    assert (third.rendered, third.unchanged) == (1, 2) and moved.stat().st_mtime_ns != before
    with db.conn:
        db.execute("update documents set path = 'responses/gone.pdf' where id = ?", [MET_PDF])
    try:
        broken = publish.render_crops(db, example.root, tmp_path / "elsewhere")
        assert broken.rendered == 2 and [rel for rel, why in broken.failed if "gone.pdf" in why] == [
            "images--metropolitan--met-foi-response.pdf/p1-t1.png"]
    finally:
        with db.conn:
            db.execute("update documents set path = ? where id = ?", [f"responses/{MET_PDF}", MET_PDF])


def test_crops_drawn_in_workers_are_the_crops_drawn_here(example, tmp_path):
    db = sqlite_utils.Database(example.db_path)
    here = publish.render_crops(db, example.root, tmp_path / "here")
    workers = publish.render_crops(db, example.root, tmp_path / "workers", jobs=2)
    assert (workers.wanted, workers.rendered, workers.failed) == (here.wanted, here.rendered, []) == (3, 3, [])
    pictures = sorted(p.relative_to(tmp_path / "here") for p in (tmp_path / "here").rglob("*.png"))
    assert len(pictures) == 3
    for picture in pictures:
        assert (tmp_path / "workers" / picture).read_bytes() == (tmp_path / "here" / picture).read_bytes()
    assert (tmp_path / "workers" / crops.CROP_MANIFEST).read_text() == (tmp_path / "here" / crops.CROP_MANIFEST).read_text()


def test_a_crop_that_takes_too_long_in_a_worker_is_stopped_and_reported(example, tmp_path, monkeypatch):
    import time

    from foi.documents.limits import DocumentLimits

    real_draw = crops._draw

    def slow_for_kent(pdf, renders, row, target, redact=None):  # forked workers inherit the patch
        if row["document"] == KENT_PDF:
            time.sleep(60)
        return real_draw(pdf, renders, row, target, redact)

    monkeypatch.setattr(crops, "_draw", slow_for_kent)
    db = sqlite_utils.Database(example.db_path)
    started = time.monotonic()
    report = publish.render_crops(db, example.root, tmp_path / "out", jobs=2, limits=DocumentLimits(seconds=2))
    assert time.monotonic() - started < 30
    assert report.rendered == 2
    assert [rel for rel, why in report.failed] == [KENT_CROP[len("/-/crops/"):]]
    assert report.failed[0][1].startswith("stopped: ")


def test_serving_draws_the_pictures_the_build_left_and_a_failure_is_reported(tmp_path):
    ws = build_example(tmp_path / "ws")
    picture = publish.crops_dir(ws) / KENT_CROP[len("/-/crops/"):]
    assert not picture.exists()  # the build draws no picture: they are drawn where they are shown
    progress: list[tuple[int, int]] = []
    first = publish.draw_workspace_crops(ws, jobs=2, progress=lambda done, total: progress.append((done, total)))
    assert (first.wanted, first.rendered, first.failed) == (3, 3, []) and picture.is_file()
    assert progress[-1] == (3, 3)  # by document: each of the three has one table a figure came from
    assert publish.draw_workspace_crops(ws).unchanged == 3  # the next `foi serve` draws nothing again

    picture.unlink()
    (ws.responses_dir / KENT_PDF).rename(tmp_path / "elsewhere.pdf")  # moved away since the build
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the report says it, for `foi serve` to print as it prints things
        report = publish.draw_workspace_crops(ws)
    assert [rel for rel, _ in report.failed] == [KENT_CROP[len("/-/crops/"):]] and "cannot open" in report.failed[0][1]
    assert report.unchanged == 2  # the others are served as they are


# ---------------------------------------------------------------- private data


def test_private_data_never_reaches_the_bundle(bundle, example):
    markers = PRIVATE_MARKERS + [str(example.root).lower(), "reply.eml"]
    # the workspace's own database does hold them: the test below can fail
    private = sqlite3.connect(example.db_path)
    dump = "\n".join(private.iterdump()).lower()
    private.close()
    assert all(m in dump for m in ["quillfeath", "zebede", "zq-private-note", "reply.eml", str(example.root).lower()])

    db = sqlite_utils.Database(bundle.database)
    names = db.table_names() + db.view_names()
    assert set(VIEWS) <= set(db.view_names())
    for name in names:
        for row in db.query(f"select * from [{name}]"):
            for column, value in row.items():
                text = (value.decode("latin-1") if isinstance(value, bytes) else str(value)).lower()
                for marker in markers:
                    assert marker not in text, (name, column, marker)
    assert "note" not in db["events"].columns_dict and "extra" not in db["events"].columns_dict
    assert "path" not in db["documents"].columns_dict
    assert {r["kind"] for r in db.query("select kind from documents")} == {"pdf", "xlsx"}
    assert not list(db.query("select * from pages_fts where pages_fts match 'quillfeather'"))
    # the letters are published, with the requester's name taken out
    essex = db["pages"].get((ESSEX_PDF, 1))["text"]
    assert essex.startswith("Essex Police\nDear [requester],") and "section 12" in essex
    files = [p for p in bundle.outdir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"foi.db", "metadata.yml", "inspect-data.json", "README.md", "requirements.txt"}
    for path in files:
        content = path.read_bytes().lower()
        for marker in markers:
            assert marker.encode() not in content, (path, marker)


def test_public_metadata_mentions_no_private_column(bundle):
    metadata = load_yaml(bundle.outdir / "metadata.yml")
    tables = metadata["databases"]["foi"]["tables"]
    assert set(tables["events"]["columns"]) == set(publish.PUBLIC_COLUMNS["events"])
    assert "path" not in tables["documents"]["columns"] and "letter_ref" in tables["documents"]["columns"]
    assert {"column events.note", "column events.extra", "column documents.path"} <= set(bundle.dropped)
    # the workspace's own metadata still describes them, for the journalist
    assert "note" in load_yaml(REPO.joinpath("metadata.yml"))["databases"]["foi"]["tables"]["events"]["columns"]


def test_whitelist_names_real_columns_and_keeps_keys():
    for table, columns in publish.PUBLIC_COLUMNS.items():
        assert set(columns) <= set(TABLES[table]["columns"]), table
        pk = TABLES[table]["pk"]
        assert set([pk] if isinstance(pk, str) else pk) <= set(columns), table
    assert not {"note", "extra", "recorded"} & set(publish.PUBLIC_COLUMNS["events"])
    assert "path" not in publish.PUBLIC_COLUMNS["documents"]


def test_public_database_keeps_keys_types_and_search(bundle, example):
    public, private = sqlite_utils.Database(bundle.database), sqlite_utils.Database(example.db_path)
    for table in publish.PUBLIC_COLUMNS:
        assert public[table].pks == private[table].pks, table
        assert {c: t for c, t in public[table].columns_dict.items()} == {
            c: t for c, t in private[table].columns_dict.items() if c in public[table].columns_dict}, table
    assert public["figures"].count == private["figures"].count  # none came from the .eml
    assert public["documents"].count == private["documents"].count - 1
    assert [r["document"] for r in public.query("select document from pages_fts join pages on pages.rowid = pages_fts.rowid "
                                                "where pages_fts match 'refused'")] == [ESSEX_PDF]
    inspect = load_json(bundle.outdir / "inspect-data.json")
    assert inspect["foi"]["tables"]["figures"]["count"] == public["figures"].count


# ---------------------------------------------------------------- the bundle


def test_readme_command_serves_the_bundle(bundle):
    readme = (bundle.outdir / "README.md").read_text()
    command = next(line for line in readme.splitlines() if line.startswith("datasette serve "))
    assert command == bundle.serve_command
    versions = (bundle.outdir / "requirements.txt").read_text().split()
    assert any(v.startswith("datasette==0.65.") for v in versions)
    assert any(v.startswith("datasette-dashboards==") for v in versions)
    args = shlex.split(command)[2:] + ["--get", "/foi/comparison.json?_shape=array&force=kent&measure=allegations&request=images"]
    done = subprocess.run([sys.executable, "-m", "datasette", "serve", *args], cwd=bundle.outdir,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["per_1000_officer_years"] == 1.4503
    assert "--template-dir templates" in command and (bundle.outdir / "templates" / "foi_request.html").exists()
    assert (bundle.outdir / "plugins" / "foi_site.py").exists()
    for setting in ("allow_download", "sql_time_limit_ms", "max_returned_rows", "facet_time_limit_ms"):
        assert setting in readme


def test_publish_refuses_a_folder_that_is_not_a_bundle_and_replaces_a_bundle(example, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("not yours")
    with pytest.raises(Exception, match="not empty and is not a foi bundle"):
        publish.publish(example, foreign)
    assert [p.name for p in foreign.iterdir()] == ["thesis.docx"]
    out = tmp_path / "bundle"
    publish.publish(example, out)
    (out / "Procfile").write_text("web: datasette serve\n")
    (out / "crops" / "stale.png").write_bytes(b"old")
    report = publish.publish(example, out)
    assert (out / "Procfile").exists() and not (out / "crops" / "stale.png").exists()
    assert report.crops == 3 and report.tables["figures"] == 37


def test_cli_publish_prints_the_bundle_and_the_command(example, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["-w", str(example.root), "publish", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "out") in result.output and "datasette serve -i foi.db" in result.output
    result = runner.invoke(app, ["-w", str(example.root), "publish", str(example.root)])
    assert result.exit_code == 1 and "not a foi bundle" in result.output and "Traceback" not in result.output
    # a previous bundle is replaced; --json says what went in
    result = runner.invoke(app, ["-w", str(example.root), "publish", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["database"] == str(tmp_path / "out" / "foi.db") and data["tables"]["figures"] > 0
    # images: 6 forces x 2 measures; stop-search: 2 x 1; tasers: 1 x 1
    assert data["tables"]["comparison"] == 12 + 2 + 1 and "events" in data["tables"]


def test_cli_serve_errors_are_one_line(tmp_path, example):
    runner = CliRunner()
    empty, _ = init_workspace(tmp_path / "empty")
    result = runner.invoke(app, ["-w", str(empty.root), "serve"])
    assert result.exit_code == 1 and "foi build" in result.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["-w", str(example.root), "serve", "--port", str(port)])
    assert result.exit_code == 1 and f"127.0.0.1:{port}" in result.output and "--port" in result.output
