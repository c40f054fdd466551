"""A letter typed in Word and saved as PDF, the way most forces make theirs (LibreOffice here)."""
import os
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Pt

from foi.documents.pdf import read_pdf
from foi.figures import MeasureSpec, extract_figures

RULED = [["Year", "Officers investigated", "Allegations", "Upheld"], ["2013", "19", "18", "6"],
         ["2014", "7", "9", "3"], ["Total", "26", "27", "9"]]
PLAIN = [["Outcome", "Number of officers"], ["Dismissed", "7"], ["Resigned or retired", "12"]]


def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed")
    return path


def word_letter(path):
    doc = Document()
    doc.add_paragraph("Metropolitan Police Service").runs[0].font.size = Pt(14)
    doc.add_paragraph("Our ref: 01/FOI/26/045123")
    doc.add_paragraph("Date: 5 November 2026")
    doc.add_paragraph("Dear Requester,")
    doc.add_paragraph(
        "I can confirm that the Metropolitan Police Service holds the information you requested. "
        "It is provided in the tables below."
    )
    for rows, style in ((RULED, "Table Grid"), (PLAIN, None)):
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        if style:
            table.style = style  # ruled; the other keeps Word's default: no borders at all
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        doc.add_paragraph("")
    doc.add_paragraph("Yours sincerely,")
    doc.save(path)


@pytest.fixture(scope="module")
def word_pdf(tmp_path_factory):
    office = soffice()
    folder = tmp_path_factory.mktemp("word")
    source = folder / "letter.docx"
    word_letter(source)
    subprocess.run(
        [office, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return folder / "letter.pdf"


def test_word_made_pdf_tables_come_out_cell_for_cell(word_pdf):
    doc = read_pdf(word_pdf)
    assert doc.page_count == 1 and not doc.needs_ocr
    grids = [[[" ".join(c.split()) for c in row] for row in t.rows] for t in doc.tables]
    assert RULED in grids
    assert PLAIN in grids  # borderless: found by white space alone
    assert all("Dear Requester" not in " ".join(sum(g, [])) for g in grids)  # prose is not a table


def test_word_made_pdf_figures(word_pdf):
    doc = read_pdf(word_pdf)
    spec = MeasureSpec(measures={
        "officers": ["officers", "officers investigated"], "allegations": ["allegations"],
        "substantiated": ["substantiated", "upheld"], "dismissed": ["dismissed"],
        "resigned_or_retired": ["resigned or retired"],
    })
    got = {(f.measure, f.period): (f.value, f.needs_review) for f in extract_figures(doc.tables, spec, letter_text=doc.text)}
    assert got[("officers", "2013")] == (19, False)
    assert got[("substantiated", "total")] == (9, False)
    assert got[("allegations", "2014")] == (9, False)
    # the outcome table has no period: nothing is invented for it, or it is flagged
    for key in (("dismissed", "total"), ("resigned_or_retired", "total")):
        if key in got:
            assert got[key][0] == {"dismissed": 7, "resigned_or_retired": 12}[key[0]] or got[key][1]


def test_superscript_footnote_markers_are_not_digits_of_the_number(tmp_path):
    office = soffice()
    doc = Document()
    doc.add_paragraph("Dear Requester, the information you requested is provided below.")
    rows = [["Year", "Cases"], ["2013", "4"], ["2014", "7"], ["Total", "11"]]
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for cell, mark in ((table.cell(1, 1), "1"), (table.cell(2, 0), "2")):  # "4¹" and "2014²"
        run = cell.paragraphs[0].add_run(mark)
        run.font.superscript = True
    doc.add_paragraph("1 Includes one case transferred from another force. 2 Part year.")
    source = tmp_path / "notes.docx"
    doc.save(source)
    subprocess.run([office, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    [table_read] = read_pdf(tmp_path / "notes.pdf").tables
    cells = [[" ".join(c.split()) for c in row] for row in table_read.rows]
    assert cells[1] == ["2013", "4¹"] and cells[2] == ["2014²", "7"]
    got = {(f.measure, f.period): f for f in extract_figures([table_read], MeasureSpec(measures={"cases": ["cases"]}))}
    assert got[("cases", "2013")].value == 4  # never 41
    assert got[("cases", "2014")].needs_review  # a marked year: part year?
