"""Scanned tables read cell by cell (foi.documents.ocr_tables): the figures of a scan are read
right or flagged, never wrong without a flag.

The scans are made here from born-digital letters (reportlab): rendered at 150-200 dpi, turned
0.3-1 degree, blurred, with noise, specks and JPEG artefacts, a faint grid, a stamp and a
signature over the page, and one page scanned inside an otherwise born-digital PDF; ruled and
unruled tables. The figures typed into each letter are the truth the build is checked against.
"""
from __future__ import annotations

import io
import json
import random
import textwrap
from pathlib import Path

import pytest
import sqlite_utils

from foi.build import build
from foi.documents import ocr_tables as ot
from foi.tables import ParsedDocument, Table
from foi.workspace import init_workspace
from benchmarks.score_figures import judge
from tests.conftest import requires
from tests.letters import grey_page, grid_table, image_only_pdf, paragraphs, platypus_pdf

YEARS = list(range(2006, 2014))
FORCES = ["kent", "essex", "metropolitan", "surrey", "sussex", "devon-and-cornwall"]
REQUEST = textwrap.dedent(
    f"""\
    title: Officers investigated for obscene images
    body: |
      Please provide, for each calendar year from 2006 to 2013, the number of officers investigated
      and the number of allegations.
    to: [{", ".join(FORCES)}]
    periods: calendar-year
    since: 2006
    until: 2013
    measures:
      officers: [officers, officers investigated]
      allegations: [allegations]
    """
)
PROSE = [
    "Our ref: FOI {ref}/14",
    "Date: 3 February 2014",
    "Dear Ms Crowther,",
    "I write in connection with your request for information received on 6 January 2014 concerning "
    "officers investigated in connection with obscene images. I can confirm that the force holds the "
    "information you requested, and it is provided in the table below. Where a figure is fewer than "
    "five it is shown as <5, to protect the identity of the officers concerned.",
]
AFTER = [
    "Please note that a case may involve more than one allegation and more than one officer.",
    "If you are unhappy with this response you may ask for an internal review within 40 working days.",
    "Yours sincerely,",
]


def _table(seed: int, total: bool, suppress: bool) -> tuple[list[list[str]], dict]:
    """Years as rows; officers, allegations and two columns nobody asked for. The truth it states."""
    rnd = random.Random(seed)
    rows = [["Year", "Cases", "Allegations", "Officers", "Dismissed"]]
    truth, officers, allegations = {}, [], []
    for y in YEARS:
        o = rnd.randint(0, 60)
        a = o + rnd.randint(1, 90)
        if seed % 3 == 0 and y == 2010:
            a += 1100  # a thousands separator
        officers.append(o)
        allegations.append(a)
        o_text = "<5" if suppress and 0 < o < 5 else str(o)
        a_text = f"{a:,}"
        truth[("officers", str(y))] = None if o_text == "<5" else o
        truth[("allegations", str(y))] = a
        rows.append([str(y), str(rnd.randint(1, 40)), a_text, o_text, str(rnd.randint(0, 9))])
    if total:
        rows.append(["Total", "", f"{sum(allegations):,}", str(sum(officers)), ""])
        truth[("officers", "total")] = sum(officers)
        truth[("allegations", "total")] = sum(allegations)
    return rows, truth


def _letter(path: Path, ref: int, rows: list[list[str]], *, ruled: bool, faint: bool = False) -> Path:
    from reportlab.lib import colors
    from reportlab.platypus import Spacer

    table = grid_table(rows, ruled=ruled, widths=[70, 60, 80, 70, 70], rule_width=0.6,
                       rule_colour=colors.Color(0.55, 0.55, 0.55) if faint else None,
                       extra_style=[("ALIGN", (1, 1), (-1, -1), "RIGHT")])
    story = paragraphs([text.format(ref=ref).replace("<5", "&lt;5") for text in PROSE])
    return platypus_pdf(path, story + [table, Spacer(1, 12)] + paragraphs(AFTER))


def _scan(pdf: Path, *, dpi: int, angle: float, seed: int, jpeg: int = 0, stamp: bool = False, signature: bool = False):
    """A page as a tired office scanner gives it: rendered, turned, blurred, noisy, specked, maybe JPEG'd."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    img = grey_page(pdf, dpi)
    rnd = random.Random(seed)
    draw = ImageDraw.Draw(img)
    w, h = img.size
    if stamp:  # a RECEIVED stamp over the letter's opening lines
        x, y = int(w * 0.55), int(h * 0.07)
        draw.rectangle([x, y, x + dpi * 2, y + dpi * 0.7], outline=90, width=max(2, dpi // 60))
        draw.text((x + dpi * 0.2, y + dpi * 0.2), "RECEIVED 04 FEB 2014", fill=90)
    if signature:  # a scrawl under "Yours sincerely"
        pts = [(int(w * 0.12 + i * dpi * 0.04), int(h * 0.62 + dpi * 0.15 * np.sin(i / 2.0))) for i in range(40)]
        draw.line(pts, fill=40, width=max(2, dpi // 70))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.5 + rnd.random() * 0.4))
    arr = np.array(img).astype(np.float32)
    arr += np.random.default_rng(seed).normal(0, 9, arr.shape)  # sensor noise
    for _ in range(w * h // 4000):  # specks of dust
        x, y = rnd.randrange(1, w - 2), rnd.randrange(1, h - 2)
        arr[y:y + rnd.randint(1, 2), x:x + rnd.randint(1, 2)] = rnd.choice((0, 60, 120))
    img = Image.fromarray(arr.clip(0, 255).astype("uint8"), "L")
    if jpeg:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=jpeg)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return img


def _scan_inside_born_digital(path: Path, img) -> Path:
    """Page 1 typed (a born-digital cover letter), page 2 the scanned table."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    y = h - 80
    for line in ["Our ref: FOI 771/14", "Dear Ms Crowther,", "Please find the information you asked for in the scanned annex."]:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, w, h)
    c.showPage()
    c.save()
    return path


# (force, ruled, faint grid, dpi, angle, jpeg quality, stamp, signature, total row, <5, inside born-digital)
SCANS = [
    ("kent", True, False, 200, 0.4, 40, False, False, True, False, False),
    ("essex", False, False, 200, -0.6, 0, False, True, False, True, False),
    ("metropolitan", True, True, 150, 0.8, 0, True, False, False, False, False),
    ("surrey", False, False, 150, 1.0, 45, False, True, True, False, False),
    ("sussex", True, False, 170, -0.3, 50, False, False, False, True, True),
    ("devon-and-cornwall", True, False, 150, -0.9, 35, True, True, False, True, False),
]


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    requires("ocrmypdf", "scanned letters are OCR'd")
    requires("tesseract", "scanned tables are read cell by cell")
    tmp = tmp_path_factory.mktemp("scans")
    ws, _ = init_workspace(tmp / "ws")
    ws.request_path("images").write_text(REQUEST, encoding="utf-8")
    truth = {}
    for i, (force, ruled, faint, dpi, angle, jpeg, stamp, signature, total, suppress, inside) in enumerate(SCANS):
        rows, t = _table(seed=100 + i, total=total, suppress=suppress)
        born = _letter(tmp / f"{force}-born.pdf", 400 + i, rows, ruled=ruled, faint=faint)
        img = _scan(born, dpi=dpi, angle=angle, seed=i, jpeg=jpeg, stamp=stamp, signature=signature)
        folder = ws.responses_dir / "images" / force
        folder.mkdir(parents=True)
        name = f"scan-{force}.pdf"
        if inside:
            _scan_inside_born_digital(folder / name, img)
        else:
            image_only_pdf([img], folder / name, dpi)
        truth[f"images/{force}/{name}"] = t
    report = build(ws, jobs=2)
    return {"ws": ws, "truth": truth, "report": report, "db": sqlite_utils.Database(ws.db_path)}


def _figures(db, document: str) -> dict:
    return {(f["measure"], f["period"]): f for f in db.query("select * from figures where document = ?", [document])}


def _score(db, truth: dict) -> tuple[int, int, list]:
    """(right, true figures, wrong ones not flagged), judged as the evaluations judge (score_figures.judge)."""
    right, total, silent = 0, 0, []
    for doc, expected in truth.items():
        got = _figures(db, doc)
        for key, value in expected.items():
            total += 1
            found = [got[key]] if key in got else []
            kind = judge({"value": value, "suppressed": value is None}, found)
            right += kind == "right"
            if kind == "wrong_unflagged":
                silent.append((doc, key, got[key]["raw_text"], value))
    return right, total, silent


def test_scanned_tables_are_read_right_or_flagged(scans):
    db = scans["db"]
    right, total, silent = _score(db, scans["truth"])
    assert silent == []
    assert total >= 90 and right >= 0.9 * total, (right, total)
    # every scanned page was read, ruled and unruled
    pages = list(db.query("select document, page from pages where ocr = 1"))
    assert len(pages) == len(SCANS)


def test_ruled_tables_come_from_the_image_and_unruled_ones_keep_their_columns(scans):
    db = scans["db"]
    methods = {r["document"].split("/")[1]: r["method"] for r in db.query(
        "select document, method from tables where document in (select document from figures) group by document")}
    ruled = {s[0] for s in SCANS if s[1]}
    for force, method in methods.items():
        if force in ruled:
            assert method == "ocr-grid", (force, method)
    assert {s[0] for s in SCANS if not s[1]} <= set(methods)


def test_cells_carry_their_confidence_and_boxes(scans):
    db = scans["db"]
    cells = list(db.query("select * from cells where document like 'images/kent/%' and ocr_confidence is not null"))
    assert len(cells) >= 40
    assert all(0 <= c["ocr_confidence"] <= 100 for c in cells)
    # boxes in PDF points on an A4 page, inside the table's box
    t = db["tables"].get(("images/kent/scan-kent.pdf", cells[0]["table_number"]))
    for c in cells:
        assert t["x0"] - 1 <= c["x0"] < c["x1"] <= t["x1"] + 1 and t["top"] - 1 <= c["top"] < c["bottom"] <= t["bottom"] + 1


def test_the_cells_are_cached_beside_the_ocr_copy(scans):
    ws = scans["ws"]
    caches = sorted(ws.responses_dir.glob("images/*/.ocr/*.cells.json"))
    assert len(caches) == len(SCANS)
    data = json.loads(caches[0].read_text(encoding="utf-8"))
    assert data["version"] == ot.READER_VERSION and data["cells"]


def test_a_rebuild_reads_no_cell_again(scans, monkeypatch):
    """From the cache: the same tables, and Tesseract is not run."""
    from foi.documents.ingest import ocr_document
    from foi.documents.pdf import read_pdf
    from foi.documents.store import sha256_file

    ws = scans["ws"]
    path = ws.responses_dir / "images" / "kent" / "scan-kent.pdf"
    calls = []
    monkeypatch.setattr(ot, "tesseract_lines", lambda *a, **k: calls.append(a) or [])
    parsed, info, error = ocr_document(path, sha256_file(path), read_pdf(path), path.parent / ".ocr")
    assert error is None and calls == []
    grid = [t for t in parsed.tables if t.method == "ocr-grid"]
    assert grid and any("2013" in row[0] for row in grid[0].rows)


def test_a_doubtful_cell_flags_its_figure_with_the_reason():
    """The doubt is decided per cell, stored with it, and said on every figure read from it."""
    assert ot.doubt("17", 93.0, True) is None
    assert ot.doubt("1O", 90.0, True) == "OCR read '1O' in a column of numbers"
    assert ot.doubt("UE", 88.0, True) == "OCR read 'UE' in a column of numbers"
    assert ot.doubt("Allegations", 95.0, False) is None
    assert ot.doubt("42", 31.0, True) == "OCR confidence 31% for this cell"
    assert ot.doubt("<5", 85.0, True) is None and ot.doubt("n/a", 85.0, True) is None
    assert ot.doubt("2013/14*", 90.0, True) is None  # a period label in the first column is no number, and no doubt
    assert ot.numeric_columns([["Year", "Officers", "Notes"], ["2013", "12", "see below"], ["2014", "<5", "none held"]]) == {0, 1}


def test_the_figure_of_a_doubtful_cell_is_flagged_even_when_the_total_checks_out():
    from foi.figures.extract import Figure
    from foi.figures.store import _flag_ocr

    table = Table(page=1, rows=[["Year", "Officers"], ["2012", "4"], ["2013", "6"], ["Total", "10"]],
                  cell_notes=[[None, None], [None, "OCR confidence 41% for this cell"], [None, None], [None, None]])
    figures = [Figure(measure="officers", period=p, value=v, suppressed=False, needs_review=False, review_reasons=[],
                      table_index=0, page=1, row=r, col=1, raw_text=str(v), header="Officers", checked=True)
               for p, v, r in (("2012", 4, 1), ("2013", 6, 2), ("total", 10, 3))]
    _flag_ocr(figures, [table], {1: 90.0}, 90.0)
    assert figures[0].needs_review and figures[0].review_reasons == ["OCR confidence 41% for this cell"]
    assert not figures[1].needs_review


def _grid_image(xs, ys, size=(1200, 900)):
    import numpy as np

    img = np.full((size[1], size[0]), 255, dtype=np.uint8)
    for y in ys:
        img[y:y + 3, xs[0]:xs[-1] + 3] = 0
    for x in xs:
        img[ys[0]:ys[-1] + 3, x:x + 3] = 0
    return img


def test_a_double_rule_is_one_rule_and_a_lone_underline_no_table():
    xs, ys = [100, 400, 700, 1000], [100, 180, 260, 340, 352, 420]  # a double rule over the last row
    img = _grid_image(xs, ys)
    img[600:603, 100:900] = 0  # an underline somewhere else on the page
    grids = ot.find_grids(img)
    assert len(grids) == 1
    assert len(grids[0].xs) == 4 and len(grids[0].ys) == 5, grids[0]


def test_skew_is_measured_from_the_rules():
    import cv2

    img = _grid_image([100, 500, 900, 1300], [200, 300, 400, 500], size=(1500, 800))
    m = cv2.getRotationMatrix2D((750, 400), 0.7, 1.0)
    turned = cv2.warpAffine(img, m, (1500, 800), borderValue=255)
    assert abs(abs(ot.skew_degrees(turned)) - 0.7) < 0.1
    assert abs(ot.skew_degrees(ot.deskew(turned, ot.skew_degrees(turned)))) < 0.1


def test_an_empty_cell_or_one_speck_gives_no_line_and_two_lines_give_two():
    import cv2
    import numpy as np

    page = np.full((400, 600), 255, dtype=np.uint8)
    page[50:52, 50:52] = 0  # a speck
    assert ot.cell_lines(page, (0, 0, 300, 200)) == []
    cv2.putText(page, "Resigned", (320, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    cv2.putText(page, "Retired", (320, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    assert len(ot.cell_lines(page, (300, 0, 600, 200))) == 2


def test_when_tesseract_fails_the_page_keeps_the_tables_it_had(tmp_path, monkeypatch):
    from tests.letters import letter_pdf

    pdf = letter_pdf(tmp_path / "l.pdf", ["A letter."], [["Year", "Officers"], ["2012", "4"], ["2013", "6"]])
    before = Table(page=1, rows=[["Year", "Officers"], ["2012", "4"], ["2013", "6"]], bbox=(0, 0, 600, 840), method="lines")
    parsed = ParsedDocument(kind="pdf", tables=[before], page_count=1)

    def broken(*a, **k):
        raise RuntimeError("tesseract failed: out of memory")

    monkeypatch.setattr(ot, "tesseract_lines", broken)
    stats = ot.reread_tables(pdf, parsed, [1])
    assert parsed.tables == [before] and before.rows[2] == ["2013", "6"]
    assert stats.errors and "out of memory" in stats.errors[0]


def test_a_table_continued_over_pages_is_read_again_in_place_not_doubled(tmp_path):
    """A ruled table that runs onto a second page stays one table: its cells on each page are read
    again from that page's image, and the grid found there does not become a second table."""
    requires("tesseract", "scanned tables are read cell by cell")
    from foi.documents.pdf import read_pdf
    from tests.letters import letter_pdf

    rows = [["Year", "Officers", "Allegations"]] + [[str(1950 + i), str(i * 3 % 41), str(i * 7 % 97)] for i in range(64)]
    pdf = letter_pdf(tmp_path / "long.pdf", ["A letter with a long table."] * 3, rows)
    parsed = read_pdf(pdf)
    joined = [t for t in parsed.tables if t.cell_pages and {p for row in t.cell_pages for p in row} == {1, 2}]
    assert len(joined) == 1
    before = [list(r) for r in joined[0].rows]
    count = len(parsed.tables)
    stats = ot.reread_tables(pdf, parsed, [1, 2])
    assert stats.errors == [] and len(parsed.tables) == count and joined[0] in parsed.tables
    assert joined[0].rows == before  # read again from the image, every digit the same
    assert joined[0].cell_confidence and all(c is not None for row in joined[0].cell_confidence for c in row)


def test_a_merged_heading_is_one_cell_with_its_text_in_the_first(tmp_path):
    """A group heading over two columns and a label over two rows, in a scan: where no rule is
    drawn between two cells they are one, its text in its top-left cell (as for born-digital tables)."""
    requires("tesseract", "scanned tables are read cell by cell")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    rows = [["Year", "Officers", "Outcome", ""], ["", "", "Dismissed", "Resigned"]]
    rows += [[str(y), str(y % 37), str(y % 7), str(y % 5)] for y in range(2008, 2014)]
    t = RLTable(rows, colWidths=[70, 80, 90, 90])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.7, colors.black), ("SPAN", (2, 0), (3, 0)),
                           ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    born = tmp_path / "merged.pdf"
    SimpleDocTemplate(str(born), pagesize=A4).build([t])
    pdf = image_only_pdf([_scan(born, dpi=200, angle=0.0, seed=3)], tmp_path / "merged-scan.pdf", 200)
    parsed = ParsedDocument(kind="pdf", page_count=1)
    ot.reread_tables(pdf, parsed, [1])
    assert len(parsed.tables) == 1 and parsed.tables[0].method == "ocr-grid"
    got = parsed.tables[0].rows
    assert got[0] == ["Year", "Officers", "Outcome", ""] and got[1] == ["", "", "Dismissed", "Resigned"], got[:2]
    # every figure is read right, or its cell says why it is doubtful
    table = parsed.tables[0]
    wrong = [(r, c, got[r][c]) for r in range(2, len(rows)) for c in range(4) if got[r][c] != rows[r][c] and not table.cell_note(r, c)]
    assert wrong == []
    assert sum(got[r][c] == rows[r][c] for r in range(2, len(rows)) for c in range(4)) >= 22
    assert parsed.tables[0].cell_bbox(0, 3) is None and parsed.tables[0].cell_bbox(0, 2)[2] > parsed.tables[0].cell_bbox(1, 2)[2]
