"""Tables out of PDFs: synthetic layouts built here with reportlab, bad files, and the corpus.

The synthetic PDFs imitate what police forces send: letters with a table in the middle, ruled
tables from Word, white-space tables, Excel exports boxed by column group, landscape pages,
pages turned with /Rotate, tables running over a page break.
"""
from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from benchmarks import score_corpus
from foi.documents.errors import DocumentError
from foi.documents.pdf import PdfSettings, extract_tables, read_pdf
from tests.conftest import requires_ocr

HERE = Path(__file__).parent
CORPUS = HERE / "data" / "corpus"
W, H = A4

# ---------------------------------------------------------------------------------------------
# Building PDFs
# ---------------------------------------------------------------------------------------------

PROSE = (
    "Thank you for your request for information received on 3 March 2016. Your request has "
    "been considered under the Freedom of Information Act 2000 and the information you asked "
    "for is set out below. Please note that the figures are taken from a live system and may "
    "change as records are updated, so they may differ from figures published elsewhere."
)
PROSE2 = (
    "If you are not satisfied with this response you may ask for an internal review within "
    "forty working days. If you remain dissatisfied you may complain to the Information "
    "Commissioner, whose address is given on the back of this letter, free of charge."
)


def para(c, text, x, y, width=W - 144, size=11, leading=14):
    """Draw wrapped prose; return the y below it."""
    c.setFont("Helvetica", size)
    for line in simpleSplit(text, "Helvetica", size, width):
        c.drawString(x, y, line)
        y -= leading
    return y - 8


def letterhead(c, y=H - 60):
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, y, "Exampleshire Constabulary")
    c.setFont("Helvetica", 10)
    for i, t in enumerate(["Freedom of Information Unit", "Police Headquarters", "Exampletown EX1 2PL"]):
        c.drawRightString(W - 72, y - i * 13, t)
    c.drawString(72, y - 60, "Our ref: FOI 2016/0123")
    c.drawString(72, y - 73, "Date: 14 April 2016")
    c.drawString(72, y - 105, "Dear Requester,")
    return y - 130


def text_table(c, xs, y, rows, aligns=None, size=10, leading=15, bold_header=True):
    """A table laid out with white space only. xs: column x (left edge, or right edge for 'R')."""
    aligns = aligns or ["L"] + ["R"] * (len(xs) - 1)
    for r, row in enumerate(rows):
        c.setFont("Helvetica-Bold" if (bold_header and r == 0) else "Helvetica", size)
        for x, a, v in zip(xs, aligns, row):
            if not v:
                continue
            if a == "R":
                c.drawRightString(x, y, v)
            else:
                c.drawString(x, y, v)
        y -= leading
    return y


def ruled_table(c, x, y, widths, rows, row_h=18, size=10, spans=(), lines_only=False):
    """A table with every cell boxed. spans: (row, col, nrows, ncols) merged cells."""
    covered = {}
    for r0, c0, nr, nc in spans:
        for r in range(r0, r0 + nr):
            for cc in range(c0, c0 + nc):
                covered[(r, cc)] = (r0, c0, nr, nc)
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    c.setLineWidth(0.75)
    for r, row in enumerate(rows):
        for cc in range(len(widths)):
            span = covered.get((r, cc))
            if span and (span[0], span[1]) != (r, cc):
                continue
            nr, nc = (span[2], span[3]) if span else (1, 1)
            x0, x1 = xs[cc], xs[cc + nc]
            top = y - r * row_h
            bottom = top - nr * row_h
            c.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)
            v = row[cc]
            if v:
                c.setFont("Helvetica", size)
                ty = (top + bottom) / 2 - size / 3
                if v.replace(",", "").replace(".", "").isdigit():
                    c.drawRightString(x1 - 4, ty, v)
                else:
                    c.drawString(x0 + 4, ty, v)
    return y - len(rows) * row_h


def build(path, draw_pages, pagesize=A4, **kw):
    c = canvas.Canvas(str(path), pagesize=pagesize, **kw)
    for draw in draw_pages:
        draw(c)
        c.showPage()
    c.save()
    return path


YEARS = [
    ["Year", "Allegations", "Officers", "Substantiated"],
    ["2013", "14", "9", "3"],
    ["2014", "21", "12", "5"],
    ["2015", "17", "11", "<5"],
    ["2016", "25", "19", "7"],
    ["Total", "77", "51", "*"],
]


# ---------------------------------------------------------------------------------------------
# (a) layouts
# ---------------------------------------------------------------------------------------------


def test_ruled_table(tmp_path):
    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        ruled_table(c, 72, y, [120, 100, 100, 110], YEARS)

    doc = read_pdf(build(tmp_path / "ruled.pdf", [page]))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.rows == YEARS
    assert t.method == "lines"
    assert t.page == 1
    # every cell has a box, in page coordinates (top-left origin), around its text
    assert len(t.cell_bboxes) == len(YEARS) and all(len(r) == 4 for r in t.cell_bboxes)
    x0, top, x1, bottom = t.cell_bboxes[1][0]
    assert x0 == pytest.approx(72, abs=1) and x1 == pytest.approx(192, abs=1)
    assert bottom - top == pytest.approx(18, abs=1)
    assert t.bbox[0] == pytest.approx(72, abs=1) and t.bbox[2] == pytest.approx(502, abs=1)
    assert t.cell_pages == [[1] * 4] * len(YEARS)


def test_white_space_table_in_a_letter(tmp_path):
    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        y = text_table(c, [72, 260, 360, 470], y - 10, YEARS)
        y = para(c, PROSE2, 72, y - 20)
        c.setFont("Helvetica", 11)
        c.drawString(72, y - 20, "Yours sincerely,")
        c.drawString(72, y - 60, "J. Smith, Disclosure Officer")

    doc = read_pdf(build(tmp_path / "letter.pdf", [page]))
    assert [t.rows for t in doc.tables] == [YEARS]
    t = doc.tables[0]
    assert t.method == "text"
    # the figure "21" is traceable to where it is printed: right-aligned at x=360
    x0, top, x1, bottom = t.cell_bboxes[2][2]
    assert x1 == pytest.approx(360, abs=1) and x0 < 360
    assert "Thank you for your request" in doc.text
    assert not doc.needs_ocr


def test_one_settings_instance_tunes_every_stage_and_leaves_no_state(tmp_path):
    """Settings are passed, not global: a white-space table needs `min_multi_rows` rows of two
    cells, so asking for more rows than the table has finds none, and the next read with the
    defaults finds it again."""
    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        text_table(c, [72, 260, 360, 470], y - 10, YEARS)

    path = build(tmp_path / "letter.pdf", [page])
    strict = PdfSettings(min_multi_rows=len(YEARS) + 1)
    assert read_pdf(path, settings=strict).tables == []
    assert extract_tables(path, settings=strict) == []
    assert [t.rows for t in read_pdf(path).tables] == [YEARS]
    with pytest.raises(dataclasses.FrozenInstanceError):
        strict.min_multi_rows = 3  # type: ignore[misc]


def test_prose_letter_has_no_table(tmp_path):
    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        c.setFont("Helvetica", 11)
        for i, t in enumerate([PROSE2, PROSE, PROSE2], 1):
            c.drawString(72, y, f"{i}.")
            y = para(c, t, 96, y, width=W - 168)
        y = para(c, PROSE, 72, y)
        c.drawString(72, y - 10, "Yours sincerely,")
        c.drawString(72, y - 50, "J. Smith")
        c.drawString(300, y - 50, "Disclosure Officer")

    def page2(c):  # a two-column leaflet on the back: prose side by side is not a table
        y = H - 72
        for _ in range(3):
            y1 = para(c, PROSE + " " + PROSE2, 60, y, width=220, size=9, leading=11)
            para(c, PROSE2 + " " + PROSE, 320, y, width=220, size=9, leading=11)
            y = y1 - 10

    doc = read_pdf(build(tmp_path / "prose.pdf", [page, page2]))
    assert doc.tables == []
    assert doc.page_count == 2


def test_table_over_two_pages_with_repeated_header(tmp_path):
    header = ["Month", "Stop and search", "Arrests"]
    body = [[f"Month {i:02d}", str(100 + i), str(i * 3)] for i in range(1, 61)]

    def page1(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        y = text_table(c, [72, 300, 450], y, [header] + body[:36])
        c.setFont("Helvetica", 8)
        c.drawCentredString(W / 2, 30, "Page 1 of 2")

    def page2(c):
        c.setFont("Helvetica", 8)
        c.drawCentredString(W / 2, H - 30, "OFFICIAL")
        y = text_table(c, [72, 300, 450], H - 72, [header] + body[36:])
        para(c, PROSE2, 72, y - 20)
        c.setFont("Helvetica", 8)
        c.drawCentredString(W / 2, 30, "Page 2 of 2")

    tables = extract_tables(build(tmp_path / "two_pages.pdf", [page1, page2]))
    assert len(tables) == 1
    t = tables[0]
    assert t.page == 1
    assert t.rows == [header] + body  # the repeated header is gone
    assert [p[0] for p in t.cell_pages] == [1] * 37 + [2] * 24
    # boxes of the second part are on page 2, near its top
    assert t.cell_bboxes[37][0][1] < 100


def test_ruled_table_over_two_pages_without_repeated_header(tmp_path):
    header = ["Force area", "Officers", "Staff"]
    body = [[f"District {i}", str(50 + i), str(20 + i)] for i in range(1, 51)]

    def page1(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        ruled_table(c, 72, y, [200, 100, 100], [header] + body[:30])

    def page2(c):
        y = ruled_table(c, 72, H - 60, [200, 100, 100], body[30:])
        para(c, PROSE2, 72, y - 20)

    tables = extract_tables(build(tmp_path / "ruled_two_pages.pdf", [page1, page2]))
    assert len(tables) == 1
    t = tables[0]
    assert t.rows == [header] + body
    assert t.cell_pages[30][0] == 1 and t.cell_pages[31][0] == 2
    assert t.method == "lines"


def test_separate_tables_on_consecutive_pages_stay_apart(tmp_path):
    """A new table with its own, different header on the next page is not a continuation."""

    def page1(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        rows = [["Year", "Allegations", "Officers"]] + [[str(2000 + i), str(i), str(i + 1)] for i in range(38)]
        text_table(c, [72, 300, 450], y, rows)

    def page2(c):
        rows = [["Rank", "Dismissed", "Resigned"], ["Constable", "4", "6"], ["Sergeant", "1", "2"], ["Inspector", "0", "1"]]
        text_table(c, [72, 300, 450], H - 72, rows)

    tables = extract_tables(build(tmp_path / "apart.pdf", [page1, page2]))
    assert [t.page for t in tables] == [1, 2]
    assert tables[1].rows[0] == ["Rank", "Dismissed", "Resigned"]


def test_two_line_header_cells_are_one_row(tmp_path):
    rows = [
        ["", "Number of", "Number of", "Number"],
        ["Year", "allegations", "officers", "dismissed"],
        ["2014", "120", "98", "4"],
        ["2015", "131", "101", "6"],
        ["2016", "119", "87", "3"],
    ]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        c.setFont("Helvetica-Bold", 10)
        for x, v in zip([260, 360, 460], rows[0][1:]):
            c.drawRightString(x, y, v)
        c.drawString(72, y - 12, "Year")
        for x, v in zip([260, 360, 460], rows[1][1:]):
            c.drawRightString(x, y - 12, v)
        text_table(c, [72, 260, 360, 460], y - 30, rows[2:], bold_header=False)

    tables = extract_tables(build(tmp_path / "header2.pdf", [page]))
    assert len(tables) == 1
    assert tables[0].rows == [
        ["Year", "Number of allegations", "Number of officers", "Number dismissed"],
        ["2014", "120", "98", "4"],
        ["2015", "131", "101", "6"],
        ["2016", "119", "87", "3"],
    ]


def test_merged_group_header_over_sub_columns(tmp_path):
    rows = [
        ["Force", "2015", "", "2016", ""],
        ["", "Male", "Female", "Male", "Female"],
        ["Kent", "12", "3", "15", "4"],
        ["Essex", "9", "2", "11", "1"],
        ["Surrey", "7", "1", "6", "2"],
    ]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        ruled_table(c, 72, y, [120, 70, 70, 70, 70], rows, spans=[(0, 0, 2, 1), (0, 1, 1, 2), (0, 3, 1, 2)])

    tables = extract_tables(build(tmp_path / "group.pdf", [page]))
    assert len(tables) == 1
    assert tables[0].rows == rows
    # the merged "2015" cell's box covers both of its sub-columns
    x0, _, x1, _ = tables[0].cell_bboxes[0][1]
    assert x1 - x0 == pytest.approx(140, abs=1)


def test_group_header_over_white_space_columns_stays_its_own_row(tmp_path):
    body = [["Force", "Male", "Female", "Male", "Female"], ["Kent", "12", "3", "15", "4"],
            ["Essex", "9", "2", "11", "1"], ["Surrey", "7", "1", "6", "2"]]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        c.setFont("Helvetica-Bold", 10)
        c.drawCentredString(260, y, "2015")
        c.drawCentredString(400, y, "2016")
        text_table(c, [72, 240, 300, 380, 440], y - 13, body)

    tables = extract_tables(build(tmp_path / "groups.pdf", [page]))
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[1:] == body  # the years head a row of their own, not glued to "Female"
    assert [v for v in rows[0] if v] == ["2015", "2016"]
    assert rows[0].index("2015") in (1, 2) and rows[0].index("2016") in (3, 4)


def test_rules_around_column_groups_only(tmp_path):
    """Excel export: a frame and rules between column groups, no rules between rows ("mixed")."""
    head1 = ["", "Offences", "", "Detections", ""]
    head2 = ["Borough", "2015", "2016", "2015", "2016"]
    body = [["Brent", "41", "52", "12", "9"], ["Camden", "25", "31", "8", "7"], ["Ealing", "39", "30", "6", "10"],
            ["Harrow", "16", "21", "1", "4"], ["Merton", "15", "17", "3", "2"]]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y) - 10
        top = y
        xs = [72, 180, 290, 400]
        c.setFont("Helvetica-Bold", 10)
        c.drawString(76, y - 12, "")
        c.drawCentredString(235, y - 12, "Offences")
        c.drawCentredString(345, y - 12, "Detections")
        c.drawString(76, y - 26, "Borough")
        for x, v in zip([230, 284, 340, 394], head2[1:]):
            c.drawRightString(x, y - 26, v)
        c.setFont("Helvetica", 10)
        yy = y - 44
        for row in body:
            c.drawString(76, yy, row[0])
            for x, v in zip([230, 284, 340, 394], row[1:]):
                c.drawRightString(x, yy, v)
            yy -= 14
        bottom = yy + 6
        c.rect(xs[0], bottom, xs[-1] - xs[0], top - bottom)
        c.line(72, y - 31, 400, y - 31)  # rule under the header
        for x in xs[1:-1]:
            c.line(x, top, x, bottom)

    tables = extract_tables(build(tmp_path / "mixed.pdf", [page]))
    assert len(tables) == 1
    t = tables[0]
    assert t.method == "mixed"
    assert t.rows == [head1, head2] + body


def test_landscape_page(tmp_path):
    header = ["Offence", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Total"]
    body = [
        ["Burglary", "10", "12", "9", "14", "11", "8", "13", "12", "89"],
        ["Robbery", "3", "2", "4", "1", "5", "2", "3", "2", "22"],
        ["Theft", "40", "38", "41", "44", "39", "42", "37", "45", "326"],
        ["Criminal damage", "7", "9", "6", "8", "7", "5", "9", "6", "57"],
    ]

    def page(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(60, 595 - 60, "Recorded crime by month")
        xs = [60] + [300 + 55 * i for i in range(9)]
        text_table(c, xs, 595 - 100, [header] + body)

    doc = read_pdf(build(tmp_path / "landscape.pdf", [page], pagesize=landscape(A4)))
    assert doc.pages[0].width == pytest.approx(842, abs=1) and doc.pages[0].height == pytest.approx(595, abs=1)
    assert [t.rows for t in doc.tables] == [[header] + body]


def _rotated_page(c, rows):
    """Draw a table turned 90 degrees (text running up the page) on a portrait page."""
    c.saveState()
    c.rotate(90)
    c.translate(0, -W)  # now a landscape sheet H wide and W tall
    y = text_table(c, [60, 400, 520, 640], W - 80, rows)
    c.restoreState()


def _chars_in(path, box):
    import pdfplumber

    x0, top, x1, bottom = box
    with pdfplumber.open(path) as pdf:
        return sorted(
            ch["text"]
            for ch in pdf.pages[0].chars
            if x0 - 1 <= (ch["x0"] + ch["x1"]) / 2 <= x1 + 1 and top - 1 <= (ch["top"] + ch["bottom"]) / 2 <= bottom + 1
        )


@pytest.mark.parametrize("shown", ["sideways", "upright"])
def test_page_with_rotate_90(tmp_path, shown):
    """/Rotate 90 on a portrait sheet. "sideways": the content is drawn upright on the sheet, so
    the page shows it running down; "upright": drawn turned, so the page shows it upright."""

    def page(c):
        c.setPageRotation(90)
        if shown == "sideways":
            text_table(c, [60, 400, 520, 640], W - 80, YEARS)
        else:
            c.saveState()
            c.rotate(90)
            c.translate(0, -H)
            text_table(c, [60, 300, 380, 470], H - 300, YEARS)
            c.restoreState()

    path = build(tmp_path / "rotate.pdf", [page], pagesize=landscape(A4))
    doc = read_pdf(path)
    assert [t.rows for t in doc.tables] == [YEARS]
    # boxes are in pdfplumber's page coordinates (top-left origin), around their own text
    t = doc.tables[0]
    x0, top, x1, bottom = t.cell_bboxes[2][0]
    assert (bottom - top > x1 - x0) == (shown == "sideways")
    assert _chars_in(path, t.cell_bboxes[2][0]) == sorted("2014")
    assert _chars_in(path, t.cell_bboxes[5][3]) == ["*"]
    assert "Allegations" in doc.text


def test_text_turned_90_degrees_without_rotate(tmp_path):
    """A landscape table pasted sideways on a portrait page, page not flagged /Rotate."""
    tables = extract_tables(build(tmp_path / "sideways.pdf", [lambda c: _rotated_page(c, YEARS)]))
    assert [t.rows for t in tables] == [YEARS]


def test_ruled_table_turned_clockwise(tmp_path):
    def page(c):
        c.saveState()
        c.rotate(-90)
        c.translate(-H, 0)
        ruled_table(c, 80, W - 80, [150, 100, 100, 110], YEARS)
        c.restoreState()

    tables = extract_tables(build(tmp_path / "clockwise.pdf", [page]))
    assert [t.rows for t in tables] == [YEARS]
    assert tables[0].method == "lines"


def test_two_tables_on_one_page_in_reading_order(tmp_path):
    second = [["Rank", "Dismissed", "Resigned"], ["Constable", "4", "6"], ["Sergeant", "1", "2"], ["Inspector", "0", "1"]]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        y = text_table(c, [72, 260, 360, 470], y, YEARS)
        y = para(c, PROSE2, 72, y - 10)
        ruled_table(c, 72, y, [150, 100, 100], second)

    tables = extract_tables(build(tmp_path / "two.pdf", [page]))
    assert [t.rows for t in tables] == [YEARS, second]
    assert [t.method for t in tables] == ["text", "lines"]


def test_tables_side_by_side_read_left_to_right(tmp_path):
    left = [["Area", "Count"], ["North", "12"], ["South", "9"], ["East", "4"]]
    right = [["Rank", "Count"], ["PC", "20"], ["PS", "5"], ["Insp", "2"]]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        ruled_table(c, 72, y, [100, 80], left)
        ruled_table(c, 330, y, [100, 80], right)

    tables = extract_tables(build(tmp_path / "side.pdf", [page]))
    assert [t.rows for t in tables] == [left, right]


def test_letter_with_prose_and_a_table(tmp_path):
    """The letter's paragraphs, numbered points and signature block never come out as tables."""

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        c.setFont("Helvetica", 11)
        c.drawString(72, y, "1.")
        y = para(c, PROSE2, 96, y, width=W - 168)
        y = text_table(c, [72, 260, 360, 470], y - 6, YEARS)
        c.setFont("Helvetica", 11)
        c.drawString(72, y - 10, "2.")
        y = para(c, PROSE, 96, y - 10, width=W - 168)
        c.drawString(72, y - 10, "Yours sincerely,")
        c.drawString(72, y - 50, "J. Smith")
        c.drawString(72, y - 63, "Disclosure Officer")

    doc = read_pdf(build(tmp_path / "letter2.pdf", [page]))
    assert [t.rows for t in doc.tables] == [YEARS]
    assert "Dear Requester" in doc.text


def test_ruled_header_over_white_space_body(tmp_path):
    """Only the column headings are boxed; the figures under them are laid out with spaces."""

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        ruled_table(c, 72, y, [188, 100, 100, 110], [YEARS[0]])
        text_table(c, [76, 356, 456, 566], y - 32, YEARS[1:], bold_header=False)

    tables = extract_tables(build(tmp_path / "head.pdf", [page]))
    assert [t.rows for t in tables] == [YEARS]
    assert tables[0].method == "mixed"


def test_word_table_with_shaded_header_and_stripes(tmp_path):
    """No borders at all: a grey header band and zebra stripes (filled rectangles) only."""

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        for r in range(len(YEARS)):
            if r == 0 or r % 2 == 0:
                c.setFillGray(0.75 if r == 0 else 0.92)
                c.rect(72, y - r * 18 - 5, 430, 18, stroke=0, fill=1)
        c.setFillGray(0)
        text_table(c, [76, 260, 360, 470], y, YEARS, leading=18)

    tables = extract_tables(build(tmp_path / "striped.pdf", [page]))
    assert [t.rows for t in tables] == [YEARS]


def test_ruled_cells_with_wrapped_text_stay_whole(tmp_path):
    rows = [["Offence", "2015", "2016"], ["Possession of an\noffensive weapon", "12", "15"], ["Robbery", "4", "7"]]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        drawn = [list(r) for r in rows]
        drawn[1][0] = ""
        ruled_table(c, 72, y, [130, 80, 80], drawn, row_h=30)
        c.setFont("Helvetica", 10)  # the label wraps onto a second line inside its cell
        c.drawString(76, y - 43, "Possession of an")
        c.drawString(76, y - 55, "offensive weapon")

    tables = extract_tables(build(tmp_path / "wrapped.pdf", [page]))
    assert len(tables) == 1
    assert tables[0].rows == rows


def test_light_ruled_table_without_row_rules(tmp_path):
    """Frame, column rules and a rule under the header; body rows not ruled."""

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        top, bottom = y, y - 18 - 14 * (len(YEARS) - 1) - 6
        c.rect(72, bottom, 430, top - bottom)
        c.line(72, y - 18, 502, y - 18)
        for x in (192, 292, 392):
            c.line(x, top, x, bottom)
        c.setFont("Helvetica", 10)
        for x, v in zip((76, 196, 296, 396), YEARS[0]):
            c.drawString(x, y - 13, v)
        yy = y - 32
        for row in YEARS[1:]:
            for x, v in zip((76, 196, 296, 396), row):
                c.drawString(x, yy, v)
            yy -= 14

    tables = extract_tables(build(tmp_path / "light.pdf", [page]))
    assert [t.rows for t in tables] == [YEARS]


def test_encrypted_with_owner_password_only_is_readable(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("", ownerPassword="owner", canPrint=1)
    path = build(tmp_path / "owner.pdf", [lambda c: ruled_table(c, 72, H - 72, [150, 100, 100, 110], YEARS)], encrypt=enc)
    assert [t.rows for t in extract_tables(path)] == [YEARS]


def test_text_column_of_short_sentences_is_not_prose(tmp_path):
    rows = [
        ["Year", "Allegation", "Outcome"],
        ["2013", "Inappropriate use of force", "Officer received management advice and training"],
        ["2014", "Misuse of police systems", "Officer dismissed without notice following hearing"],
        ["2015", "Discreditable conduct off duty", "No case to answer after full investigation"],
        ["2016", "Failure to record a crime", "Officer given written warning by the panel"],
    ]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        y = text_table(c, [72, 110, 270], y, rows, aligns=["L", "L", "L"], size=9, leading=12)
        para(c, PROSE2, 72, y - 10)

    tables = extract_tables(build(tmp_path / "outcomes.pdf", [page]))
    assert [t.rows for t in tables] == [rows]


def test_bulleted_and_numbered_lists_are_not_tables(tmp_path):
    items = ["Allegations of misconduct", "Officers suspended", "Officers dismissed", "Cases still open"]

    def page(c):
        y = letterhead(c)
        y = para(c, PROSE, 72, y)
        c.setFont("Helvetica", 11)
        for i, t in enumerate(items):
            c.drawString(90, y, "\u2022")
            c.drawString(110, y, t)
            y -= 15
        y -= 10
        for i, t in enumerate(items, 1):
            c.drawString(90, y, f"{i}.")
            c.drawString(110, y, t)
            y -= 15
        para(c, PROSE2, 72, y - 10)

    assert extract_tables(build(tmp_path / "lists.pdf", [page])) == []


def test_scanned_page_needs_ocr(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (850, 1100), 255)
    for x in range(100, 700):
        for y in (200, 201, 400, 401):
            img.putpixel((x, y), 0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")

    def scan(c):
        c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, W, H)

    def scan_with_stamp(c):
        scan(c)
        c.setFont("Helvetica", 8)
        c.drawString(40, H - 20, "OFFICIAL - SENSITIVE")
        c.drawCentredString(W / 2, 20, "Page 2 of 3")

    def typed(c):
        letterhead(c)

    doc = read_pdf(build(tmp_path / "scan.pdf", [scan, scan_with_stamp, typed]))
    assert [p.needs_ocr for p in doc.pages] == [True, True, False]
    assert doc.pages[0].chars == 0 and doc.pages[2].chars > 50
    assert doc.needs_ocr
    assert doc.tables == []


def test_max_pages_and_metadata(tmp_path):
    pages = [lambda c, i=i: para(c, f"Page {i}. " + PROSE, 72, H - 72) for i in range(5)]
    path = build(tmp_path / "five.pdf", pages)
    doc = read_pdf(path, max_pages=2)
    assert doc.page_count == 5 and len(doc.pages) == 2
    assert doc.pages[1].text.startswith("Page 1.")
    assert doc.producer and "ReportLab" in doc.producer
    assert doc.kind == "pdf"


# ---------------------------------------------------------------------------------------------
# (b) files that are not readable PDFs
# ---------------------------------------------------------------------------------------------


def _good_pdf(tmp_path) -> bytes:
    path = build(tmp_path / "good.pdf", [lambda c: ruled_table(c, 72, H - 72, [120, 80], [["a", "1"], ["b", "2"]])])
    return path.read_bytes()


def _expect(path, *fragments):
    with pytest.raises(DocumentError) as err:
        read_pdf(path)
    msg = str(err.value)
    assert "\n" not in msg and len(msg) < 200
    for f in fragments:
        assert f in msg, msg
    return msg


def test_empty_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    _expect(p, "empty")


def test_zip_named_pdf(tmp_path):
    p = tmp_path / "reply.pdf"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    _expect(p, "not a PDF", "PK", "ZIP")


def test_text_file_named_pdf(tmp_path):
    p = tmp_path / "note.pdf"
    p.write_text("Dear Sir, please find attached...\n")
    _expect(p, "not a PDF", "text")


def test_truncated_pdf(tmp_path):
    data = _good_pdf(tmp_path)
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 2])
    _expect(p, "corrupt or truncated")


def test_corrupt_pdf(tmp_path):
    p = tmp_path / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\nstartxref\n999999\n%%EOF\n")
    _expect(p, "corrupt")


def test_encrypted_pdf(tmp_path):
    p = build(tmp_path / "locked.pdf", [lambda c: para(c, PROSE, 72, H - 72)], encrypt="secret")
    _expect(p, "encrypted")


def test_pdf_with_no_pages(tmp_path):
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    p = tmp_path / "nopages.pdf"
    p.write_bytes(bytes(out))
    _expect(p, "no pages")


def test_missing_file(tmp_path):
    _expect(tmp_path / "nope.pdf", "not found")


# ---------------------------------------------------------------------------------------------
# (c) the corpus
# ---------------------------------------------------------------------------------------------

# Reached when this test was written (with tables joined across pages, as the contract asks:
# three corpus tables continue on later pages while their expected CSVs hold page 1 only).
CORPUS_CELL_F1 = 0.889
MARGIN = 0.02


@pytest.fixture(scope="module")
def corpus_score():
    return score_corpus.score(str(CORPUS))


def test_corpus_cell_f1(corpus_score):
    o = corpus_score["overall"]
    assert not corpus_score["failed"]
    assert o["foi_cell_f1"] >= CORPUS_CELL_F1 - MARGIN, o
    assert o["foi_cell_f1"] > o["baseline_cell_f1"] + 0.2


CORPUS_CELL_F1_AS_EXTRACTED = 0.90  # `foi extract`, image-only pages OCR'd: 0.911 measured


def test_corpus_cell_f1_as_foi_extract_reads_it():
    """The issue's target, scored on what `foi extract` returns (scanned pages OCR'd)."""
    requires_ocr()
    result = score_corpus.score(str(CORPUS), ocr=True)
    assert not result["failed"]
    assert result["overall"]["foi_cell_f1"] >= CORPUS_CELL_F1_AS_EXTRACTED, result["overall"]
    for src, s in result["sources"].items():
        assert s["foi_cell_f1"] >= s["baseline_cell_f1"] - 1e-9, (src, s)


def test_no_source_below_plain_pdfplumber(corpus_score):
    for src, s in corpus_score["sources"].items():
        assert s["foi_cell_f1"] >= s["baseline_cell_f1"] - 1e-9, (src, s)


def test_corpus_scanned_page_is_flagged():
    doc = read_pdf(CORPUS / "scanned" / "camelot_image.pdf")
    assert doc.pages[0].needs_ocr and doc.pages[0].chars == 0
    ocr = read_pdf(CORPUS / "scanned" / "camelot_image.ocrmypdf.pdf")
    assert not ocr.pages[0].needs_ocr


def _scan_with_text(tmp_path, name, texts):
    """A full-page image (a 'scan') with typed text drawn over it at the given places."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(image)
    for y in range(120, 800, 18):
        draw.line((60, y, 560, y), fill="black", width=2)  # lines of 'handwriting'
    image_path = tmp_path / f"{name}.png"
    image.save(image_path)
    pdf = tmp_path / f"{name}.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.drawImage(str(image_path), 0, 0, width=A4[0], height=A4[1])
    for x, y, text in texts:
        c.drawString(x, y, text)
    c.save()
    return pdf


def test_a_header_or_stamp_over_a_scan_still_needs_ocr(tmp_path):
    # a header just below the top margin band, and a stamp mid-page: neither is a text layer
    header = _scan_with_text(tmp_path, "header", [(60, 842 - 110, "FOI 2024/00123 OFFICIAL - Metropolitan Police Service")])
    stamp = _scan_with_text(tmp_path, "stamp", [(200, 420, "RECEIVED 12 MARCH 2024 - FOI UNIT")])
    assert read_pdf(header).pages[0].needs_ocr
    assert read_pdf(stamp).pages[0].needs_ocr
    # a typed page over a full-page letterhead image is a text layer
    body = [(60, 800 - 14 * i, "The force holds the information you requested and it is given below.") for i in range(40)]
    typed = _scan_with_text(tmp_path, "typed", body)
    assert not read_pdf(typed).pages[0].needs_ocr


def test_a_sentence_between_two_white_space_tables_separates_them(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "questions.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 760

    def line(*cells, xs=(72, 220, 360)):
        nonlocal y
        for x, text in zip(xs, cells):
            c.drawString(x, y, text)
        y -= 15

    line("Request 1")
    line("Calendar Year", "Number of Cases")
    for year, n in (("2013", "5"), ("2014", "7"), ("Total", "12")):
        line(year, n)
    line("The number of allegations in those cases, and the number of officers investigated.")
    line("Answer")
    line("Calendar Year", "Allegations", "Officers")
    for year, a, o in (("2013", "6", "7"), ("2014", "9", "9"), ("Total", "15", "16")):
        line(year, a, o)
    c.save()
    grids = [t.rows for t in read_pdf(path).tables]
    assert grids == [
        [["Calendar Year", "Number of Cases"], ["2013", "5"], ["2014", "7"], ["Total", "12"]],
        [["Calendar Year", "Allegations", "Officers"], ["2013", "6", "7"], ["2014", "9", "9"], ["Total", "15", "16"]],
    ]
