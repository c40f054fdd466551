"""The one letter builder of the tests: what every maker of test letters needs, whatever it writes.

- reportlab (platypus): paragraphs, ruled or white-space tables, a one-call letter (`letter_pdf`);
- fpdf2: a page set up as the held-out sets set it, fixed creation date;
- Word (python-docx) tables filled from rows, and LibreOffice's conversion of Word to PDF;
- determinism: OOXML zips and LibreOffice PDFs pinned to a fixed time, so a maker's output is the
  same bytes run to run;
- image-only PDFs (scans) from pictures;
- the request the held-out sets (tests/eval_letters*) answer.

The makers (tests/eval_letters*/make.py, tests/figures_eval, the test files) keep their own
letters' wording and layout; the parts they share live here.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

# ------------------------------------------------------------------ reportlab (platypus)


def paragraphs(texts: list[str], style=None, gap: float = 8) -> list:
    """Flowables: each text (reportlab's mini-markup) as a paragraph, a gap after each."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, Spacer

    style = style or getSampleStyleSheet()["Normal"]
    return [flowable for text in texts for flowable in (Paragraph(text, style), Spacer(1, gap))]


def plain_paragraph(text: str, style):
    """A paragraph of plain text: markup characters escaped, line breaks kept."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def grid_table(rows: list[list[str]], ruled: bool = True, widths=None, repeat_header: bool = False,
               rule_width: float = 0.5, rule_colour=None, extra_style=()):
    """A platypus table, its first row bold: ruled (a grid on every cell) or laid out by white space alone."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if repeat_header else 0)
    style = [("FONT", (0, 0), (-1, 0), "Helvetica-Bold"), *extra_style]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), rule_width, rule_colour or colors.black))
    table.setStyle(TableStyle(style))
    return table


def platypus_pdf(path: Path, story: list, pagesize=None, on_page=None, **document) -> Path:
    """Lay out `story` on A4 (or pagesize) pages, on_page(canvas, doc) drawing on each (a letterhead,
    a footer); `document` goes to SimpleDocTemplate (margins, title)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    pages = {"onFirstPage": on_page, "onLaterPages": on_page} if on_page else {}
    SimpleDocTemplate(str(path), pagesize=pagesize or A4, **document).build(story, **pages)
    return path


def letter_pdf(path: Path, texts: list[str], table: list[list[str]] | None = None, ruled: bool = True) -> Path:
    """A letter: its paragraphs, then a table (ruled, or by white space alone)."""
    story = paragraphs(texts)
    if table:
        story.append(grid_table(table, ruled=ruled))
    return platypus_pdf(path, story)


# ------------------------------------------------------------------ reportlab (canvas)


def canvas_lines(pdf, lines: list[str], x: float = 72, top: float = 72, leading: float = 16) -> float:
    """Draw lines of text from `top` points below the page's top edge; returns the next line's y."""
    y = pdf._pagesize[1] - top
    for line in lines:
        pdf.drawString(x, y, line)
        y -= leading
    return y


def canvas_grid(pdf, rows: list[list[str]], xs: list[float], top: float, row_height: float = 20,
                baseline: float = 14, header_font: tuple[str, float] | None = None) -> list[tuple]:
    """A ruled table drawn cell by cell, `top` points below the page's top edge, its columns between
    the xs, each cell's text `baseline` points below its row's top (the header row in
    `header_font`, then back to the font before it); returns the cells as
    (row, col, text, x0, top, x1, bottom), measured from the top edge."""
    height = pdf._pagesize[1]
    body_font = (pdf._fontname, pdf._fontsize)
    cells = []
    for r, row in enumerate(rows):
        row_top = top + r * row_height
        if header_font and r < 2:
            pdf.setFont(*(header_font if r == 0 else body_font))
        for c, text in enumerate(row):
            pdf.drawString(xs[c] + 4, height - (row_top + baseline), text)
            cells.append((r, c, text, xs[c], row_top, xs[c + 1], row_top + row_height))
    bottom = top + row_height * len(rows)
    for x in xs:
        pdf.line(x, height - top, x, height - bottom)
    for r in range(len(rows) + 1):
        pdf.line(xs[0], height - (top + r * row_height), xs[-1], height - (top + r * row_height))
    return cells


# ------------------------------------------------------------------ fpdf2


def fpdf_page(created: dt.datetime, margins=(20, 18, 20), bottom: float = 18):
    """An fpdf2 A4 document with one page begun, margins in mm, stamped `created`."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(created)
    pdf.set_margins(*margins)
    pdf.set_auto_page_break(True, bottom)
    pdf.add_page()
    return pdf


# ------------------------------------------------------------------ Word and LibreOffice


def docx_table(doc, rows: list[list[str]], style: str | None = None):
    """A Word table filled with rows; style "Table Grid" rules it, None keeps Word's default (no borders)."""
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    if style:
        table.style = doc.styles[style]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def fixed_zip(path: Path, when: dt.datetime, core_dates=("dcterms:created", "dcterms:modified")) -> Path:
    """Rewrite an OOXML zip (DOCX, XLSX) in place: every entry dated `when`, in its order, and
    the dates named in docProps/core.xml set to `when`, as office programs stamp the time of saving."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                for tag in core_dates:
                    tag = tag.encode()
                    data = re.sub(rb"(<" + tag + rb"[^>]*>)[^<]*(</" + tag + rb">)",
                                  lambda m: m.group(1) + stamp + m.group(2), data)
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    path.write_bytes(buf.getvalue())
    return path


def fix_office_pdf(data: bytes, when: dt.datetime) -> bytes:
    """LibreOffice's PDF with its creation and modification dates set to `when` and its /ID and
    checksum made from the content, every byte at its place (the xref offsets stay right)."""
    def date(m):
        tz = m.group(2)
        fixed_tz = (b"Z" + b"'" * (len(tz) - 1)) if tz.startswith(b"Z") else b"+00'00'"[: len(tz)].ljust(len(tz), b"'")
        return m.group(1) + when.strftime("%Y%m%d%H%M%S").encode() + fixed_tz + b")"
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}([^)]*)\)", date, data)
    data = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(<)",
                  lambda m: m.group(1) + (when.strftime("%Y-%m-%dT%H:%M:%S").encode() + b"0" * 64)[:len(m.group(2))]
                  + m.group(3), data)
    blank = re.sub(rb"<[0-9A-Fa-f]{32}>", b"<" + b"0" * 32 + b">", data)
    blank = re.sub(rb"/DocChecksum\s*/[0-9A-Fa-f]{32}", b"/DocChecksum /" + b"0" * 32, blank)
    digest = hashlib.md5(blank).hexdigest().upper().encode()
    data = re.sub(rb"(/ID\s*\[\s*)<[0-9A-Fa-f]{32}>(\s*)<[0-9A-Fa-f]{32}>",
                  lambda m: m.group(1) + b"<" + digest + b">" + m.group(2) + b"<" + digest + b">", data)
    return re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + digest, data)


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_pdf(docx_paths: list[Path], out_dir: Path, when: dt.datetime | None = None) -> list[Path]:
    """Word documents converted to PDF by LibreOffice as a force's clerk would save them: one
    call, a private profile, the PDFs written to out_dir under the documents' stems. With `when`,
    each PDF's dates and /ID are pinned (fix_office_pdf), so the bytes are the same run to run."""
    exe = soffice_path()
    if not exe:
        raise RuntimeError("LibreOffice (soffice) is needed to make Word-made PDFs")
    made = []
    with tempfile.TemporaryDirectory(prefix="foi-tests-lo-") as profile, \
            tempfile.TemporaryDirectory(prefix="foi-tests-pdf-") as tmp:
        env = dict(os.environ, HOME=profile, TZ="UTC", SAL_USE_VCLPLUGIN="svp")
        cmd = [exe, f"-env:UserInstallation=file://{profile}/profile", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", tmp, *map(str, docx_paths)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
        for source in docx_paths:
            pdf = Path(tmp) / (Path(source).stem + ".pdf")
            if not pdf.exists():
                raise RuntimeError(f"soffice did not convert {Path(source).name}: {proc.stderr or proc.stdout}")
            data = pdf.read_bytes()
            target = Path(out_dir) / pdf.name
            target.write_bytes(fix_office_pdf(data, when) if when else data)
            made.append(target)
    return made


# ------------------------------------------------------------------ scans


def grey_page(pdf: Path, dpi: int, page: int = 0):
    """A page of a PDF drawn in grey at `dpi`: where each generated scan starts. The scanners that
    turn it into a scan are their tests' own (turned, blurred, specked, noisy, JPEG'd: each test
    set has its own, and its scores are measured on its own)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()


def image_only_pdf(images, path: Path, dpi: int = 200) -> Path:
    """A PDF of pictures only, one a page, as a scanner writes it: no text for a reader to take."""
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


# ------------------------------------------------------------------ the held-out sets' request

EVAL_MEASURES = ["cases", "allegations", "officers", "substantiated", "dismissed", "resigned_or_retired"]
EVAL_MEASURES_YAML = """\
measures:
  cases: [cases, number of cases, investigations]
  allegations: [allegations, number of allegations]
  officers: [officers, officers investigated, number of officers]
  substantiated: [substantiated, upheld, proven, found proven]
  dismissed: [dismissed, dismissals]
  resigned_or_retired: [resigned or retired, resigned/retired, allowed to resign or retire]
"""
EVAL_REQUEST_BODY = (
    "Please provide, for each {unit} since 2010, the number of cases in which police officers of your "
    "force were investigated for possessing, making or sharing indecent or obscene images; the number "
    "of allegations and of officers investigated; the number of allegations substantiated; and the "
    "number of officers dismissed, or allowed to resign or retire, as a result."
)


def eval_request_yaml(kind: str, forces: list[str]) -> str:
    """The request every held-out set answers, by calendar year (kind "cy") or financial year ("fy")."""
    unit = "calendar year" if kind == "cy" else "financial year"
    return (
        f"title: Officers investigated for indecent images ({unit})\n"
        f"body: |\n  {EVAL_REQUEST_BODY.format(unit=unit)}\n"
        f"to: [{', '.join(forces)}]\n"
        f"periods: {'calendar-year' if kind == 'cy' else 'financial-year'}\n"
        "since: 2010\n" + EVAL_MEASURES_YAML
    )
