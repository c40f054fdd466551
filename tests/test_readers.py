import datetime as dt
import zipfile

import pytest

from foi.documents.errors import DocumentError
from foi.documents.sniff import read_document, sniff_kind
from foi.documents.spreadsheets import read_csv, read_xlsx, render_cell, sniff_delimiter
from foi.documents.word import read_docx, read_text

OLE_HEADER = bytes.fromhex("D0CF11E0A1B11AE1")


# ----------------------------------------------------------------- xlsx


def _workbook(path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Burglary"
    ws["A1"] = "Burglaries recorded by Northshire Police"  # a title row
    ws.merge_cells("B3:C3")
    ws["A3"] = "Month"
    ws["B3"] = "Burglaries"  # merged header over two columns
    ws["A4"], ws["B4"], ws["C4"] = "January", 12.0, 3
    ws["B4"].number_format = "0"  # a number-formatted int
    ws["A5"], ws["B5"], ws["C5"] = "February", 1234.0, 0.25
    ws["B5"].number_format = "#,##0"
    ws["C5"].number_format = "0%"
    # second block after a blank row
    ws["A7"], ws["B7"] = "Date", "Offences"
    ws["A8"], ws["B8"] = dt.datetime(2014, 3, 12), 7
    ws["A9"], ws["B9"] = dt.date(2014, 3, 13), 2.5
    wb.create_sheet("Empty")
    ws3 = wb.create_sheet("Robbery")
    ws3.append(["Year", "Robberies"])
    ws3.append([2013, 40])
    wb.save(path)


def test_xlsx_blocks_merged_header_and_number_formats(tmp_path):
    path = tmp_path / "reply.xlsx"
    _workbook(path)
    doc = read_xlsx(path)
    assert doc.kind == "xlsx"
    assert doc.page_count == 3
    burglary = [t for t in doc.tables if t.sheet == "Burglary"]
    assert len(burglary) == 3  # title, first block, second block
    title, first, second = burglary
    assert title.rows == [["Burglaries recorded by Northshire Police"]]
    assert first.rows == [
        ["Month", "Burglaries", ""],
        ["January", "12", "3"],
        ["February", "1234", "25%"],
    ]
    assert second.rows == [["Date", "Offences"], ["2014-03-12", "7"], ["2014-03-13", "2.5"]]
    assert all(t.page == 1 and t.method == "xlsx" for t in burglary)
    robbery = [t for t in doc.tables if t.sheet == "Robbery"]
    assert robbery[0].page == 3 and robbery[0].rows == [["Year", "Robberies"], ["2013", "40"]]
    # each sheet's text is searchable
    assert doc.pages[0].number == 1 and "January\t12\t3" in doc.pages[0].text
    assert doc.pages[1].text == ""
    assert "2013\t40" in doc.pages[2].text
    assert "1234" in doc.text


def test_xlsx_row_cap(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    for i in range(30):
        wb.active.append([i, i * 2])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    with pytest.raises(DocumentError, match="more than 20 rows"):
        read_xlsx(path, max_rows=20)


def test_render_cell():
    assert render_cell(5.0) == "5"
    assert render_cell(0.1 + 0.2) == "0.3"
    assert render_cell(3.14159, "0.00") == "3.14"
    assert render_cell(dt.datetime(2014, 3, 12, 9, 30)) == "2014-03-12 09:30"
    assert render_cell(None) == ""
    assert render_cell(True) == "TRUE"


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(DocumentError, match="not a valid .xlsx"):
        read_xlsx(path)
    with pytest.raises(DocumentError):
        read_document(path)


def test_xlsx_zip_without_workbook(tmp_path):
    path = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/nothing.txt", "hello")
    with pytest.raises(DocumentError):
        read_xlsx(path)


def test_encrypted_xlsx(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(OLE_HEADER + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    assert sniff_kind(path) == "encrypted"
    with pytest.raises(DocumentError, match="password-protected"):
        read_xlsx(path)
    with pytest.raises(DocumentError, match="password-protected"):
        read_document(path)


def test_empty_workbook(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "blank.xlsx"
    Workbook().save(path)
    with pytest.raises(DocumentError, match="no data"):
        read_xlsx(path)


# ----------------------------------------------------------------- csv


def test_csv_semicolon_cp1252(tmp_path):
    path = tmp_path / "stops.csv"
    content = "Area;Stops;Cost\r\nNorth;12;£450\r\nSouth;7;£0\r\n;;\r\nNote;Café figures are provisional\r\n"
    path.write_bytes(content.encode("cp1252"))
    doc = read_csv(path)
    assert doc.kind == "csv"
    assert len(doc.tables) == 2
    assert doc.tables[0].rows == [["Area", "Stops", "Cost"], ["North", "12", "£450"], ["South", "7", "£0"]]
    assert doc.tables[1].rows == [["Note", "Café figures are provisional"]]
    assert doc.tables[0].method == "csv" and doc.tables[0].page == 1
    assert "North\t12\t£450" in doc.pages[0].text


def test_csv_utf8_bom_and_quoted_commas(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes('\ufeffForce,Offence,Count\n"Northshire","Theft, other",5\n'.encode("utf-8"))
    doc = read_document(path)
    assert doc.tables[0].rows == [["Force", "Offence", "Count"], ["Northshire", "Theft, other", "5"]]


def test_sniff_delimiter():
    assert sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert sniff_delimiter("a;b\n1,5;2\n") == ";"
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","


def test_csv_empty_content(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\n ,\n")
    with pytest.raises(DocumentError, match="no data"):
        read_csv(path)


# ----------------------------------------------------------------- docx


def _docx(path):
    import docx

    d = docx.Document()
    d.add_paragraph("Our ref: FOI 2014/01234")
    d.add_paragraph("Thank you for your request. Please find the information below.")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).text = "Year"
    a = t.cell(0, 1).merge(t.cell(0, 2))  # merged header
    a.text = "Stops"
    t.cell(1, 0).text = "2013"
    t.cell(1, 1).text = "10"
    t.cell(1, 2).text = "4"
    t.cell(2, 0).text = "2014"
    t.cell(2, 1).text = "12"
    t.cell(2, 2).text = "5"
    inner = t.cell(2, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "nested"
    inner.cell(0, 1).text = "1"
    v = d.add_table(rows=3, cols=2)
    top = v.cell(0, 0).merge(v.cell(1, 0))  # vertical merge
    top.text = "Area"
    v.cell(0, 1).text = "North"
    v.cell(1, 1).text = "South"
    v.cell(2, 0).text = "Total"
    v.cell(2, 1).text = "2"
    d.add_paragraph("Yours sincerely")
    d.sections[0].header.paragraphs[0].text = "Northshire Police Freedom of Information Unit"
    d.save(path)


def test_docx_text_and_tables(tmp_path):
    path = tmp_path / "letter.docx"
    _docx(path)
    doc = read_docx(path)
    assert doc.kind == "docx" and doc.page_count == 1 and len(doc.pages) == 1
    text = doc.pages[0].text
    assert text.startswith("Northshire Police Freedom of Information Unit")
    assert "Our ref: FOI 2014/01234" in text and "Yours sincerely" in text
    assert text.index("Please find") < text.index("Year\tStops") < text.index("Yours sincerely")
    assert len(doc.tables) == 3
    outer, nested, vertical = doc.tables
    assert outer.rows == [["Year", "Stops", ""], ["2013", "10", "4"], ["2014", "12", "5"]]
    assert nested.rows == [["nested", "1"]]
    assert vertical.rows == [["Area", "North"], ["", "South"], ["Total", "2"]]
    assert all(t.page == 1 and t.method == "docx" for t in doc.tables)
    assert sniff_kind(path) == "docx"
    assert read_document(path).tables[0].rows == outer.rows


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04word/" + b"\x00" * 100)
    with pytest.raises(DocumentError, match="not a valid .docx"):
        read_docx(path)
    assert sniff_kind(path) == "docx"


def test_read_text(tmp_path):
    path = tmp_path / "reply.txt"
    path.write_bytes("Dear Sir\r\nThe cost is £450.\fPage two".encode("cp1252"))
    doc = read_text(path)
    assert [p.text for p in doc.pages] == ["Dear Sir\nThe cost is £450.", "Page two"]
    assert read_document(path).kind == "txt"


# ----------------------------------------------------------------- sniffing


def test_zip_named_pdf_is_xlsx(tmp_path):
    path = tmp_path / "response.pdf"
    _workbook(path)
    assert sniff_kind(path) == "xlsx"
    assert read_document(path).kind == "xlsx"


def test_docx_named_pdf(tmp_path):
    path = tmp_path / "response.pdf"
    _docx(path)
    assert sniff_kind(path) == "docx"
    assert len(read_document(path).tables) == 3


def test_old_xls_and_doc(tmp_path):
    xls = tmp_path / "data.xls"
    xls.write_bytes(OLE_HEADER + b"\x00" * 504)
    assert sniff_kind(xls) == "xls"
    with pytest.raises(DocumentError, match="old Excel .xls files are not supported: save as .xlsx"):
        read_document(xls)
    # the stream names inside decide, not the file name
    doc = tmp_path / "letter.xls"
    doc.write_bytes(OLE_HEADER + b"\x00" * 504 + "WordDocument".encode("utf-16-le"))
    assert sniff_kind(doc) == "doc"
    with pytest.raises(DocumentError, match=r"\.doc files are not supported"):
        read_document(doc)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match="^file is empty$"):
        sniff_kind(path)
    with pytest.raises(DocumentError, match="^file is empty$"):
        read_document(path)


def test_pdf_magic(tmp_path):
    path = tmp_path / "reply.xlsx"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert sniff_kind(path) == "pdf"


def test_email(tmp_path):
    path = tmp_path / "reply.txt"
    path.write_text(
        "From: foi@northshire.police.uk\nTo: someone@example.org\nSubject: FOI 2014/01234\n"
        "Date: Wed, 12 Mar 2014 10:00:00 +0000\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\nDear Sir,\nThe information is not held.\n"
    )
    assert sniff_kind(path) == "eml"
    doc = read_document(path)
    assert doc.kind == "eml" and "The information is not held." in doc.text
    assert "From:" not in doc.text


def test_text_and_csv_by_content(tmp_path):
    csv_named_xls = tmp_path / "export.xls"  # a CSV export saved with an .xls name
    csv_named_xls.write_text("Year,Count\n2013,5\n2014,6\n")
    assert sniff_kind(csv_named_xls) == "csv"
    assert read_document(csv_named_xls).tables[0].rows[1] == ["2013", "5"]
    txt = tmp_path / "notes.csv"
    txt.write_text("a,b\n1,2\n")
    assert sniff_kind(txt) == "csv"
    plain = tmp_path / "notes"
    plain.write_text("Dear Sir,\nThank you.\n")
    assert sniff_kind(plain) == "txt"


def test_binary_junk_and_missing(tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(bytes(range(256)) * 4)
    assert sniff_kind(junk) == "unknown"
    with pytest.raises(DocumentError, match="unrecognised"):
        read_document(junk)
    with pytest.raises(DocumentError, match="not found"):
        read_document(tmp_path / "nope.pdf")


def test_unicode_text_export_is_csv(tmp_path):
    path = tmp_path / "export.txt"  # Excel "Unicode Text": UTF-16 with tabs
    path.write_bytes("Force\tCount\r\nNorthshire\t5\r\nSöuthshire\t6\r\n".encode("utf-16"))
    assert sniff_kind(path) == "csv"
    doc = read_document(path)
    assert doc.tables[0].rows == [["Force", "Count"], ["Northshire", "5"], ["Söuthshire", "6"]]


def test_csv_row_cap_counts_only_rows_with_data(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("a,b\n" + ",\n" * 50 + "".join(f"{i},{i}\n" for i in range(30)))
    assert len(read_csv(path, max_rows=31).tables) == 2
    with pytest.raises(DocumentError, match="more than 20 rows"):
        read_csv(path, max_rows=20)


def test_email_without_text_body(tmp_path):
    path = tmp_path / "reply.eml"
    path.write_text(
        "From: foi@northshire.police.uk\nTo: a@example.org\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="XX"\n\n--XX\n'
        "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--XX--\n"
    )
    doc = read_document(path)
    assert doc.kind == "eml" and doc.text == ""
