"""Scanned answers: OCR'd so that no force's figures are lost, and never a wrong figure unflagged.

The scans are made here: a letter with a ruled table of figures (reportlab), rendered to an
image (pypdfium2), turned a degree or two, blurred and specked (Pillow), saved as an image-only
PDF. The figures put in the letter are the truth the build is checked against.

The tests that run OCRmyPDF skip when it is not installed, except in CI (CI=true) where they
fail: `.ci/run` installs it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from foi.build import build
from foi.cli import app
from foi.documents import ocr as ocr_mod
from foi.documents.pdf import read_pdf
from foi.documents.responses import add_response
from foi.documents.store import sha256_file
from foi.figures.extract import Figure
from foi.figures.store import _flag_ocr
from foi.mail import send_request
from foi.tables import Table
from foi.workspace import init_workspace
from tests.conftest import REQUEST_YAML, requires_ocr
from tests.letters import grey_page, image_only_pdf, letter_pdf

D = dt.date.fromisoformat
DATA = Path(__file__).parent / "data" / "scanned"
runner = CliRunner()
# Measured: the build recovers the corpus page's table with cell F1 0.92 (OCRmyPDF 14.0.1,
# Tesseract 5.3.0); OCRmyPDF's own output read by plain pdfplumber strategies scores about 0.83.
CORPUS_CELL_F1 = 0.80


@pytest.fixture(scope="module")
def need_ocr():
    requires_ocr()


# ------------------------------------------------------------------------------ making scans

LETTER = [
    "Our ref: FOI 2024/00{ref}",
    "Date: 12 March 2024",
    "Dear Requester,",
    "Thank you for your request. I can confirm that the force holds the information you requested, "
    "and it is provided in full in the table below.",
]
YEARS = [2013, 2014, 2015, 2016, 2017, 2018]


def figures_table(seed: int, total: bool) -> tuple[list[list[str]], dict]:
    """A ruled table of officers and allegations by year, and the truth it states."""
    rnd = random.Random(seed)
    officers = [rnd.randint(0, 60) for _ in YEARS]
    allegations = [o + rnd.randint(1, 40) for o in officers]
    rows = [["Year", "Officers", "Allegations"]] + [[str(y), str(o), str(a)] for y, o, a in zip(YEARS, officers, allegations)]
    truth = {("officers", str(y)): o for y, o in zip(YEARS, officers)}
    truth.update({("allegations", str(y)): a for y, a in zip(YEARS, allegations)})
    if total:
        rows.append(["Total", str(sum(officers)), str(sum(allegations))])
        truth.update({("officers", "total"): sum(officers), ("allegations", "total"): sum(allegations)})
    return rows, truth


def scan(pdf: Path, *, dpi: int = 200, angle: float = 1.5, seed: int = 0, page: int = 0):
    """A page as a scanner would give it: rendered, turned, blurred a little, with specks of dirt."""
    from PIL import Image, ImageFilter

    img = grey_page(pdf, dpi, page)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    rnd = random.Random(seed)
    px = img.load()
    w, h = img.size
    for _ in range(w * h // 3000):  # specks
        x, y = rnd.randrange(1, w - 1), rnd.randrange(1, h - 1)
        shade = rnd.choice((0, 60, 120))
        for dx, dy in ((0, 0), (1, 0), (0, 1))[: rnd.randint(1, 3)]:
            px[x + dx, y + dy] = shade
    return img


def header_over_scan_pdf(path: Path, image, header: str, annex: list[str]) -> Path:
    """Page 1: a scan with a typed header line over it (a stamp added when it was sent);
    page 2: a born-digital annex."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    w, h = A4
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, w, h)
    c.setFont("Helvetica", 9)
    c.drawString(40, h - 28, header)
    c.showPage()
    c.setFont("Helvetica", 11)
    y = h - 80
    for line in annex:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    return path


# ------------------------------------------------------------------------------ the workspace


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, need_ocr):
    """A workspace with two scanned answers, built once (two workers, with a progress callback).

    kent: an image-only letter whose table has a Total row (the parts can be checked).
    metropolitan: a typed header line over a scanned letter whose table has no total, then a
    born-digital annex page."""
    tmp = tmp_path_factory.mktemp("ocr")
    ws, _ = init_workspace(tmp / "ws")
    ws.request_path("images").write_text(REQUEST_YAML, encoding="utf-8")
    send_request(ws, "images", date=D("2024-02-20"))

    kent_rows, kent_truth = figures_table(seed=11, total=True)
    born = letter_pdf(tmp / "kent-born.pdf", [p.format(ref=123) for p in LETTER], kent_rows)
    kent_pdf = image_only_pdf([scan(born, dpi=200, angle=1.5, seed=1)], tmp / "kent-scan.pdf", dpi=200)

    met_rows, met_truth = figures_table(seed=22, total=False)
    born = letter_pdf(tmp / "met-born.pdf", [p.format(ref=456) for p in LETTER], met_rows)
    annex = ["Annex A", "This annex was typed, not scanned.", "Officers are counted once a year."]
    met_pdf = header_over_scan_pdf(
        tmp / "met-reply.pdf", scan(born, dpi=170, angle=-1.2, seed=2), "OFFICIAL - Metropolitan Police Service FOI 2024/00456", annex
    )
    add_response(ws, "images", "kent", [kent_pdf], date=D("2024-03-12"))
    add_response(ws, "images", "metropolitan", [met_pdf], date=D("2024-03-13"))
    kent_doc = "images/kent/kent-scan.pdf"
    met_doc = "images/metropolitan/met-reply.pdf"
    originals = {d: sha256_file(ws.responses_dir / d) for d in (kent_doc, met_doc)}

    events = []
    report = build(ws, as_of=D("2024-03-20"), jobs=2, progress=lambda *a: events.append(a))
    return {
        "ws": ws, "report": report, "events": events, "originals": originals, "kent": kent_doc, "met": met_doc,
        "truth": {kent_doc: kent_truth, met_doc: met_truth}, "met_source": met_pdf, "annex": annex,
    }


def _db(ws) -> sqlite_utils.Database:
    return sqlite_utils.Database(ws.db_path)


def _figures(db, document: str) -> dict:
    return {(f["measure"], f["period"]): f for f in db.query("select * from figures where document = ?", [document])}


def test_scanned_figures_are_right_or_flagged_never_wrong(scanned):
    db = _db(scanned["ws"])
    for doc, truth in scanned["truth"].items():
        got = _figures(db, doc)
        wrong_unflagged = [
            (key, f["value"], truth.get(key))
            for key, f in got.items()
            if not f["needs_review"] and (key not in truth or f["value"] != truth[key])
        ]
        assert wrong_unflagged == [], doc
        right = [key for key, value in truth.items() if key in got and got[key]["value"] == value]
        # OCR must actually recover the figures, not merely flag everything
        assert len(right) >= 0.75 * len(truth), (doc, sorted(got.items()))


def test_figures_read_by_ocr_are_flagged_unless_the_total_checks_out(scanned):
    db = _db(scanned["ws"])
    met = _figures(db, scanned["met"])  # no total: nothing to check them against
    assert met and all(f["needs_review"] for f in met.values())
    confidence = db["pages"].get((scanned["met"], 1))["ocr_confidence"]
    assert all(f"read by OCR (mean confidence {confidence:.0f}%)" in f["review_reasons"] for f in met.values())
    kent = _figures(db, scanned["kent"])
    truth = scanned["truth"][scanned["kent"]]
    # where the total adds up, the figures need no review; figures the total does not vouch for do
    for key, f in kent.items():
        if not f["needs_review"]:
            assert f["value"] == truth[key]
        elif "read by OCR" not in (f["review_reasons"] or ""):
            assert f["review_reasons"], key
    assert sum(1 for f in kent.values() if not f["needs_review"]) >= len(truth) // 2, kent


def test_ocr_is_recorded_on_documents_and_pages(scanned):
    db = _db(scanned["ws"])
    version = ocr_mod.ocr_available()[1].split("tesseract ")[-1]
    for doc in (scanned["kent"], scanned["met"]):
        row = db["documents"].get(doc)
        assert row["needs_ocr"] == 0 and row["error"] is None and row["ocr_error"] is None
        assert row["ocr_engine"] == "ocrmypdf" and version in row["ocr_version"]
        assert 50 <= row["ocr_confidence"] <= 100
        assert json.loads(row["ocr_pages"]) == [1]
        page = db["pages"].get((doc, 1))
        assert page["ocr"] == 1 and page["needs_ocr"] == 0 and page["chars"] > 100
        assert 50 <= page["ocr_confidence"] <= 100
    # the born-digital page was not OCR'd, and reads as in the original
    annex = db["pages"].get((scanned["met"], 2))
    assert annex["ocr"] == 0 and annex["ocr_confidence"] is None
    assert annex["text"] == read_pdf(scanned["met_source"]).pages[1].text
    # what the scanned letter says is read too
    kent = db["documents"].get(scanned["kent"])
    assert kent["letter_ref"] and "123" in kent["letter_ref"]
    assert "Officers" in db["pages"].get((scanned["kent"], 1))["text"]
    assert scanned["report"].documents.ocr_documents == 2 and scanned["report"].documents.ocr_pages == 2


def test_the_ocr_copy_is_kept_beside_the_original_which_is_untouched(scanned):
    ws, db = scanned["ws"], _db(scanned["ws"])
    for doc, before in scanned["originals"].items():
        original = ws.responses_dir / doc
        assert sha256_file(original) == before
        row = db["documents"].get(doc)
        copy = ws.root / row["ocr_path"]
        assert copy.parent == original.parent / ".ocr"
        assert copy.name == f"{before[:16]}-{original.stem}.pdf"
        assert copy.is_file() and sha256_file(copy) != before
        assert json.loads(copy.with_suffix(".json").read_text())["sha256"] == before
    # the copies are not documents
    assert {r["id"] for r in db.query("select id from documents")} == set(scanned["originals"])


def test_a_page_whose_only_text_is_a_header_is_detected_and_ocrd(scanned):
    original = read_pdf(scanned["met_source"])
    assert original.pages[0].chars > 0 and original.pages[0].needs_ocr  # the header alone is no text layer
    assert not original.pages[1].needs_ocr
    db = _db(scanned["ws"])
    text = db["pages"].get((scanned["met"], 1))["text"]
    assert "Allegations" in text and "2016" in text  # the scanned body was read
    copy = scanned["ws"].root / db["documents"].get(scanned["met"])["ocr_path"]
    meta = json.loads(copy.with_suffix(".json").read_text())
    assert "--force-ocr" in meta["options"]  # --skip-text would have skipped the page
    kent = json.loads((scanned["ws"].root / db["documents"].get(scanned["kent"])["ocr_path"]).with_suffix(".json").read_text())
    assert "--skip-text" in kent["options"] and "--force-ocr" not in kent["options"]


def test_progress_shows_pages_being_ocrd(scanned):
    ocr_events = [e for e in scanned["events"] if e[0].startswith("OCR ")]
    assert any(scanned["kent"] in e[0] for e in ocr_events) and any(scanned["met"] in e[0] for e in ocr_events)
    last = ocr_events[-1][0]
    done, total = last.split()[1].split("/")
    assert done == total == "2"
    assert [e[0] for e in scanned["events"] if not e[0].startswith("OCR ")] != []  # documents still reported


class _CountOcrRuns:
    """Counts the OCRmyPDF processes started through foi.documents.ocr, in the build's worker
    processes too (each run is noted as a line in a file)."""

    def __init__(self, monkeypatch):
        import tempfile

        fd, self.path = tempfile.mkstemp(prefix="foi-ocr-runs-")
        os.close(fd)
        real = subprocess.Popen

        def popen(cmd, *args, **kwargs):
            if cmd and Path(str(cmd[0])).name == "ocrmypdf":
                with open(self.path, "a", encoding="utf-8") as f:
                    f.write(json.dumps([str(c) for c in cmd]) + "\n")
            return real(cmd, *args, **kwargs)

        monkeypatch.setattr(ocr_mod.subprocess, "Popen", popen)

    @property
    def runs(self) -> list[list[str]]:
        return [json.loads(line) for line in Path(self.path).read_text(encoding="utf-8").splitlines()]


def test_a_second_build_does_no_ocr(scanned, monkeypatch):
    counter = _CountOcrRuns(monkeypatch)
    report = build(scanned["ws"], as_of=D("2024-03-20"), jobs=1)
    assert counter.runs == []
    assert report.documents.parsed == 0 and report.documents.ocr_pages == 0


def test_after_deleting_the_database_the_ocrd_copies_are_reused(scanned, tmp_path, monkeypatch):
    ws_dir = tmp_path / "copy"
    shutil.copytree(scanned["ws"].root, ws_dir)
    (ws_dir / "foi.db").unlink()
    from foi.workspace import Workspace

    ws = Workspace(ws_dir.resolve())
    counter = _CountOcrRuns(monkeypatch)
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert counter.runs == []
    assert report.documents.parsed == 2 and report.documents.ocr_cached == 2
    db, first = _db(ws), _db(scanned["ws"])
    for doc in (scanned["kent"], scanned["met"]):
        assert db["documents"].get(doc)["ocr_path"].startswith("responses/")
        same = ("measure", "period", "value", "needs_review", "review_reasons")
        assert [{k: f[k] for k in same} for f in _figures(db, doc).values()] == [
            {k: f[k] for k in same} for f in _figures(first, doc).values()
        ]
    # the counter does see a run: without its cached copy, the letter is OCR'd again
    for cached in (ws_dir / "responses/images/metropolitan/.ocr").iterdir():
        cached.unlink()
    (ws_dir / "foi.db").unlink()
    build(ws, as_of=D("2024-03-20"), jobs=1)
    assert len(counter.runs) == 1 and "--pages" in counter.runs[0]
    assert (ws_dir / "responses/images/metropolitan/.ocr").is_dir()


def test_without_ocr_the_document_is_kept_and_the_build_says_how_to_install_it(workspace, tmp_path, monkeypatch):
    ws = workspace
    send_request(ws, "images", date=D("2024-02-20"))
    rows, truth = figures_table(seed=11, total=True)
    born = letter_pdf(tmp_path / "born.pdf", [p.format(ref=123) for p in LETTER], rows)
    scanned_pdf = image_only_pdf([scan(born, dpi=150, angle=1.0, seed=3)], tmp_path / "scan.pdf", dpi=150)
    add_response(ws, "images", "kent", [scanned_pdf], date=D("2024-03-12"))
    add_response(ws, "images", "metropolitan", [letter_pdf(tmp_path / "typed.pdf", [p.format(ref=9) for p in LETTER], rows)], date=D("2024-03-12"))
    why = f"ocrmypdf not found: install with `{ocr_mod.INSTALL_HINT}`"
    monkeypatch.setattr(ocr_mod, "ocr_available", lambda: (False, why))

    result = runner.invoke(app, ["-w", str(ws.root), "build", "--as-of", "2024-03-20"])
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if "images/kent/scan.pdf" in ln]
    assert len(lines) == 1 and "apt-get install ocrmypdf tesseract-ocr tesseract-ocr-eng" in lines[0], result.output
    db = _db(ws)
    row = db["documents"].get("images/kent/scan.pdf")
    assert row["needs_ocr"] == 1 and row["ocr_engine"] is None and row["ocr_path"] is None and row["error"] is None
    assert not (ws.responses_dir / "images/kent/.ocr").exists()
    # everything else is built
    assert db["figures"].count_where("force = 'metropolitan'") == len(truth)
    assert db["figures"].count_where("force = 'kent'") == 0
    result = runner.invoke(app, ["-w", str(ws.root), "build", "--as-of", "2024-03-20", "--json"])
    data = json.loads(result.output)["documents"]
    assert data["needs_ocr"] == ["images/kent/scan.pdf"] and ocr_mod.INSTALL_HINT in data["ocr"]["unavailable"]

    # once OCR is installed, the next build reads the scan without being asked to
    monkeypatch.undo()
    requires_ocr()
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.parsed == 1 and report.documents.needs_ocr == []
    row = db["documents"].get("images/kent/scan.pdf")
    assert row["needs_ocr"] == 0 and row["ocr_engine"] == "ocrmypdf"
    kent = _figures(db, "images/kent/scan.pdf")
    assert kent and all(f["needs_review"] or f["value"] == truth[key] for key, f in kent.items())


def test_a_failed_ocr_keeps_the_document_and_says_why(workspace, tmp_path, monkeypatch):
    ws = workspace
    send_request(ws, "images", date=D("2024-02-20"))
    img = scan(letter_pdf(tmp_path / "born.pdf", ["Dear Requester,"]), dpi=100, seed=4)
    add_response(ws, "images", "kent", [image_only_pdf([img], tmp_path / "scan.pdf", dpi=100)], date=D("2024-03-12"))
    monkeypatch.setattr(ocr_mod, "ocr_available", lambda: (True, "ocrmypdf 0, tesseract 0"))

    def broken(*args, **kwargs):
        raise ocr_mod.OcrError("ocrmypdf failed (exit status 2): something is wrong")

    monkeypatch.setattr(ocr_mod, "ocr_pdf", broken)
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.needs_ocr == ["images/kent/scan.pdf"]
    assert report.documents.ocr_errors == [("images/kent/scan.pdf", "ocrmypdf failed (exit status 2): something is wrong")]
    row = _db(ws)["documents"].get("images/kent/scan.pdf")
    assert row["needs_ocr"] == 1 and row["error"] is None and row["ocr_error"].startswith("ocrmypdf failed")
    # a failure is not retried by every build (the file has to change, or the parser)
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.parsed == 0


# ------------------------------------------------------------------------------ a real scan


def _cells_f1(expected: list[list[str]], got: list[list[str]]) -> float:
    """The shared corpus's score: cells compared as a multiset, white space collapsed."""

    def clean(grid):
        g = [[" ".join(str(c or "").split()) for c in r] for r in grid]
        return Counter(c for r in g for c in r if c)

    e, g = clean(expected), clean(got)
    tp = sum((e & g).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(g.values()), tp / sum(e.values())
    return 2 * precision * recall / (precision + recall)


def test_the_corpus_scanned_page_is_read_through_the_build(workspace, need_ocr):
    ws = workspace
    send_request(ws, "images", date=D("2024-02-20"))
    add_response(ws, "images", "kent", [DATA / "camelot_image.pdf"], date=D("2024-03-12"))
    report = build(ws, as_of=D("2024-03-20"), jobs=1)
    assert report.documents.needs_ocr == [] and report.documents.ocr_pages == 1
    db = _db(ws)
    doc = "images/kent/camelot_image.pdf"
    expected = list(csv.reader((DATA / "camelot_image.expected.1.csv").open(encoding="utf-8")))
    best = 0.0
    for t in db.query("select table_number, rows, columns from tables where document = ?", [doc]):
        grid = [["" for _ in range(t["columns"])] for _ in range(t["rows"])]
        for c in db.query("select row, col, text from cells where document = ? and table_number = ?", [doc, t["table_number"]]):
            grid[c["row"]][c["col"]] = c["text"]
        best = max(best, _cells_f1(expected, grid))
    assert best >= CORPUS_CELL_F1, best


# ------------------------------------------------------------------------------ the parts, without OCR


def test_clean_ocr_cell():
    cases_ = {
        "2013 |": "2013", "| 14": "14", "23°": "23", "“45": "45", ".175": "175", "50.": "50", "- 141": "141",
        ":": "", "~": "", "Allegations-": "Allegations", "-": "-", "*": "*", "<5": "<5", "-60": "-60",
        "12*": "12*", "1,234": "1,234", "n/a": "n/a", "Total |": "Total", "": "",
    }
    assert {k: ocr_mod.clean_ocr_cell(k) for k in cases_} == cases_


def test_only_cells_on_ocrd_pages_are_cleaned():
    t = Table(page=1, rows=[["2013 |", "5."], ["2014 |", "6."]], cell_pages=[[1, 1], [2, 2]])
    assert ocr_mod.clean_ocr_tables([t], {2}) == 2
    assert t.rows == [["2013 |", "5."], ["2014", "6"]]


def test_hocr_confidences():
    hocr = (
        "<span class='ocr_line' title='bbox 1 2 3 4; x_wconf 12'>"
        "<span class='ocrx_word' id='w1' title='bbox 1 2 3 4; x_wconf 96'>Year</span>"
        "<span class=\"ocrx_word\" id=\"w2\" title=\"bbox 5 2 9 4; x_wconf 41\">2O13</span>"
        "<span class='ocrx_word' id='w3' title='bbox 5 2 9 4; x_wconf -1'> </span></span>"
    )
    assert ocr_mod.hocr_confidences(hocr) == [96.0, 41.0]


def test_remove_rules_erases_table_rules_and_keeps_text_and_pictures():
    from PIL import Image, ImageDraw

    dpi = 200
    img = Image.new("L", (1600, 1200), 255)
    d = ImageDraw.Draw(img)
    for y in (300, 360, 420):  # a ruled table: long thin rules
        d.line([(200, y), (1400, y)], fill=0, width=3)
    for x in (200, 700, 1400):
        d.line([(x, 300), (x, 420)], fill=0, width=3)
    d.rectangle([250, 320, 262, 350], fill=0)  # a letter's stroke inside a cell
    d.rectangle([200, 600, 700, 1000], fill=0)  # a dark photograph
    out = ocr_mod.remove_rules(img, (dpi, dpi))
    assert out.size == img.size
    assert out.getpixel((900, 360)) == 255 and out.getpixel((700, 380)) == 255  # rules gone
    assert out.getpixel((255, 335)) == 0  # the letter stays
    assert out.getpixel((450, 800)) == 0 and out.getpixel((450, 600)) == 0  # the picture stays, edges too


def test_the_ocrmypdf_command(monkeypatch):
    monkeypatch.setattr(ocr_mod, "unpaper_available", lambda: False)
    cmd = ocr_mod.ocr_command(Path("in.pdf"), Path("out.pdf"), [3, 1], text_pages=[2])
    assert cmd[0] == "ocrmypdf" and cmd[-2:] == ["in.pdf", "out.pdf"]
    assert cmd[cmd.index("--pages") + 1] == "1,3" and "--skip-text" in cmd and "--clean" not in cmd
    for option in ("--deskew", "--rotate-pages", "--output-type", "--jobs", "--optimize", "--plugin"):
        assert option in cmd
    assert cmd[cmd.index("--jobs") + 1] == "1" and cmd[cmd.index("-l") + 1] == "eng"
    assert Path(cmd[cmd.index("--plugin") + 1]) == Path(ocr_mod.__file__).resolve()
    monkeypatch.setattr(ocr_mod, "unpaper_available", lambda: True)
    cmd = ocr_mod.ocr_command(Path("in.pdf"), Path("out.pdf"), [1, 2], text_pages=[2])
    assert "--force-ocr" in cmd and "--skip-text" not in cmd and "--clean" in cmd


def test_the_cache_is_found_by_content_and_pruned(tmp_path):
    sha = "ab" * 32
    cache = tmp_path / ".ocr"
    cache.mkdir()
    pdf = ocr_mod.cache_path(cache, sha, "letter.pdf")
    assert pdf.name == f"{sha[:16]}-letter.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    pdf.with_suffix(".json").write_text(json.dumps({"sha256": sha, "pages_done": [1, 2], "mean_confidence": 90.0}))
    assert ocr_mod.cached_ocr(cache, sha, [2]).path == pdf
    assert ocr_mod.cached_ocr(cache, sha, [3]) is None  # a page it did not OCR
    assert ocr_mod.cached_ocr(cache, "ab" * 8 + "cd" * 24, [1]) is None  # same prefix, other content
    other = cache / "notes.txt"
    other.write_text("mine")
    assert ocr_mod.prune_cache(cache, {sha}) == []
    assert sorted(p.name for p in ocr_mod.prune_cache(cache, set())) == sorted([pdf.name, pdf.with_suffix(".json").name])
    assert other.exists()


def test_ocr_available_names_the_install_command(monkeypatch):
    monkeypatch.setattr(ocr_mod, "_AVAILABLE", {})
    monkeypatch.setenv("PATH", str(Path(__file__).parent))  # nothing there
    ok, why = ocr_mod.ocr_available()
    assert not ok and ocr_mod.INSTALL_HINT in why and "ocrmypdf" in why


def _figure(period, value, row, checked=True, measure="officers"):
    return Figure(measure=measure, period=period, value=value, suppressed=False, needs_review=False, review_reasons=[],
                  table_index=0, page=1, row=row, col=1, raw_text=str(value), header="Officers", checked=checked)


def test_a_total_that_checks_out_does_not_vouch_for_misread_years():
    table = [Table(page=1, rows=[[""] * 2] * 5, cell_pages=[[1, 1]] * 5)]
    good = [_figure("2013", 1, 1), _figure("2014", 2, 2), _figure("2015", 3, 3), _figure("total", 6, 4)]
    _flag_ocr(good, table, {1: 91.4}, 90.0)
    assert [f.needs_review for f in good] == [False] * 4
    misread = [_figure("2019", 1, 1), _figure("2014", 2, 2), _figure("2015", 3, 3), _figure("total", 6, 4)]  # 2013 read as 2019
    _flag_ocr(misread, table, {1: 91.4}, 90.0)
    assert all(f.needs_review and f.review_reasons == ["read by OCR (mean confidence 91%)"] for f in misread)
    unchecked = [_figure("2013", 1, 1, checked=False)]
    _flag_ocr(unchecked, table, {1: None}, 88.0)
    assert unchecked[0].review_reasons == ["read by OCR (mean confidence 88%)"]
    elsewhere = [_figure("2013", 1, 1, checked=False)]
    _flag_ocr(elsewhere, table, {2: 50.0}, 50.0)  # the table is on a page that was not OCR'd
    assert not elsewhere[0].needs_review
