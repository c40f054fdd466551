#!/usr/bin/env python3
"""A second held-out evaluation set for `foi build`'s figures: 27 response documents and their truth.

usage: python tests/eval_letters2/make.py OUT_DIR

Written without reading the extraction code or the first held-out set (tests/eval_letters). The
documents answer the same two requests as benchmarks/score_figures.py builds (slugs
eval-images-cy and eval-images-fy: calendar years since 2010, financial years since 2010; sent
11 January 2016), in the layouts other forces use:

* 12 PDFs made the way forces make them: a Word document (python-docx: letterhead in the page
  header, "Table Grid" or borderless tables, merged header cells, shading, superscript footnote
  markers) converted by LibreOffice (`soffice --headless --convert-to pdf`, private profile);
* 10 PDFs from reportlab (one of them then "scanned": rendered at 200 dpi, rotated one degree,
  saved as an image-only PDF, so the build has to OCR it) and 3 from fpdf2;
* one XLSX with two sheets (one per group of measures), one DOCX sent as it is.

Hard cases, one or more letters each: a table split across two pages by Word; a merged group
header ("Outcome" over Dismissed | Resigned | Retired: separate Resigned and Retired columns are
not the measure resigned_or_retired, so the truth has no figure for it); "2015*" with
"* part year"; totals for the whole period only; answers per question as small tables; "Nil
return" as a whole row and in prose; figures per department, per district and per division with
a total (the truth is the total only); bilingual Welsh/English headers with "Dim / Nil"; "-" for
nil with the letter's legend; "None" for nil; "<5" and "*" suppression; superscript footnote
markers after a number and after a year; years before the period asked for; a table whose measure is named
only in its caption.

The truth (`truth.json`, the format benchmarks/score_figures.py reads) has every number that
answers a measure for a period (a year, or "total" for a total over the whole period given), and
nothing else: no district, department or division figure, no year outside what was asked, no
separate resigned or retired figure. A part year the letter gives for a period asked for
("2015*", "FY 2015/16 (to 31/12/15)") is that period's figure; a "Nil return" is 0.

Everything is deterministic: fixed seeds, fixed dates in every file (ZIP entries, core
properties, PDF info). LibreOffice stamps each PDF with its creation date and a random /ID;
`_fix_lo_pdf` overwrites both in place with fixed values of the same length (xref offsets are
unchanged), so the PDFs are byte-identical run to run on the same machine and LibreOffice
version. The truth does not depend on LibreOffice at all.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root, for tests.letters
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.letters import EVAL_MEASURES as MEASURES  # noqa: E402
from tests.letters import EVAL_REQUEST_BODY as REQUEST_BODY  # noqa: E402
from tests.letters import eval_request_yaml, fixed_zip, fpdf_page, grey_page, office_to_pdf  # noqa: E402

FIXED = dt.datetime(2016, 2, 12, 9, 30, 0)
FIXED_UTC = FIXED.replace(tzinfo=dt.timezone.utc)
SENT = "2016-01-11"
CY = [str(y) for y in range(2010, 2016)]
FY = [f"{y}-{(y + 1) % 100:02d}" for y in range(2010, 2016)]

QUOTE = {k: REQUEST_BODY.format(unit=v) for k, v in (("cy", "calendar year"), ("fy", "financial year"))}
DATE_LONG = "12 February 2016"
RECEIVED = "11 January 2016"

COMPLAINT = (
    "If you are dissatisfied with this response you may ask for an internal review within 40 working "
    "days of the date of this letter. If you remain dissatisfied after the review you may complain to "
    "the Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF."
)
COMPLAINT_SCOT = (
    "Should you require any further assistance please contact Information Management quoting the "
    "reference number given. If you are dissatisfied with the way in which Police Scotland has dealt "
    "with your request, you are entitled to request a review of our actions and decisions. Your request "
    "must specify the matter which gives rise to your dissatisfaction and it must be made within 40 "
    "working days. If you remain dissatisfied following our review response, you can apply to the "
    "Office of the Scottish Information Commissioner within six months for a decision."
)


# --------------------------------------------------------------------------------------------- data

def gen(rng: random.Random, periods, lo=1, hi=9, zero=()) -> dict:
    """Consistent figures per period: officers and allegations at least the cases, outcomes fewer."""
    data = {}
    for p in periods:
        if p in zero:
            data[p] = dict.fromkeys(MEASURES, 0)
            continue
        c = rng.randint(lo, hi)
        if c == 0:  # no case, nothing else either
            data[p] = dict.fromkeys(MEASURES, 0)
            continue
        o = c + rng.randint(0, max(1, hi // 3))
        a = c + rng.randint(0, max(2, hi // 2 + 1))
        s = rng.randint(0, max(0, (2 * a) // 3))
        d = rng.randint(0, min(o, max(1, hi // 3)))
        r = rng.randint(0, min(o - d, max(1, hi // 3)))
        data[p] = {"cases": c, "allegations": a, "officers": o, "substantiated": s, "dismissed": d,
                   "resigned_or_retired": r}
    return data


def total(data, periods, m) -> int:
    return sum(data[p][m] for p in periods)


def fig(m, p, v, sup=False) -> dict:
    return {"measure": m, "period": p, "value": None if sup else int(v), "suppressed": bool(sup)}


def figs(data, periods, measures=MEASURES, with_total=True, suppressed=lambda v: False) -> list[dict]:
    out = []
    for m in measures:
        for p in periods:
            v = data[p][m]
            out.append(fig(m, p, v, suppressed(v)))
        if with_total:
            out.append(fig(m, "total", total(data, periods, m)))
    return out


def fy_slash(p: str) -> str:  # "2010-11" -> "2010/11"
    return p.replace("-", "/")


def split(rng: random.Random, n: int, parts: int) -> list[int]:
    """n split into `parts` non-negative integers (deterministic)."""
    out = [0] * parts
    for _ in range(n):
        out[rng.randrange(parts)] += 1
    return out


def lt5(v: int) -> str:
    return "<5" if 1 <= v <= 4 else str(v)


def is_lt5(v: int) -> bool:
    return 1 <= v <= 4


# ---------------------------------------------------------------------------------- file helpers

def _zip_fixed(path: Path) -> None:
    fixed_zip(path, FIXED, ("dcterms:created", "dcterms:modified", "cp:lastPrinted"))


# ------------------------------------------------------------------------------------ Word (docx)

class Word:
    """A letter in Word: letterhead in the page header, paragraphs, tables."""

    def __init__(self, letterhead: list[str], footer: str | None = None, font: str = "Arial", size: int = 11,
                 margin_cm: float = 2.2, head_color: str | None = None):
        import docx
        from docx.shared import Cm, Pt, RGBColor

        self.docx = docx
        self.Pt, self.Cm = Pt, Cm
        d = self.doc = docx.Document()
        normal = d.styles["Normal"]
        normal.font.name = font
        normal.font.size = Pt(size)
        normal.paragraph_format.space_after = Pt(6)
        sec = d.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(margin_cm)
        self.text_width_cm = 21.0 - 2 * margin_cm
        sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
        hp = sec.header.paragraphs[0]
        run = hp.add_run(letterhead[0])
        run.bold = True
        run.font.size = Pt(14)
        if head_color:
            run.font.color.rgb = RGBColor.from_string(head_color)
        for line in letterhead[1:]:
            p = sec.header.add_paragraph()
            r = p.add_run(line)
            r.font.size = Pt(8)
        if footer:
            fp = sec.footer.paragraphs[0]
            r = fp.add_run(footer)
            r.font.size = Pt(8)
        cp = d.core_properties
        cp.author = letterhead[0]
        cp.last_modified_by = letterhead[0]
        cp.created = cp.modified = cp.last_printed = FIXED
        cp.revision = 1
        cp.title = "Freedom of Information response"

    def _runs(self, p, text: str, bold=False, italic=False, size=None):
        # "^{x}" marks a superscript, "\n" a line break.
        for i, part in enumerate(re.split(r"(\^\{[^}]*\})", text)):
            if not part:
                continue
            sup = part.startswith("^{")
            chunk = part[2:-1] if sup else part
            lines = chunk.split("\n")
            for j, line in enumerate(lines):
                r = p.add_run(line)
                r.bold, r.italic = bold, italic
                if size:
                    r.font.size = self.Pt(size)
                if sup:
                    r.font.superscript = True
                if j < len(lines) - 1:
                    r.add_break()

    def para(self, text: str = "", bold=False, italic=False, size=None, align=None, after=6, heading=False):
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = self.Pt(after)
        if align == "center":
            p.alignment = 1
        elif align == "right":
            p.alignment = 2
        self._runs(p, text, bold=bold or heading, italic=italic, size=size or (12 if heading else None))
        return p

    def page_break(self):
        from docx.enum.text import WD_BREAK
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, rows, style="Table Grid", header_rows=1, shade=None, merges=(), repeat_header=False,
              widths_cm=None, size=None, bold_first_col=False, total_bold=False, align="center", row_height_cm=None):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm

        ncols = max(len(r) for r in rows)
        t = self.doc.add_table(rows=len(rows), cols=ncols)
        if style:
            t.style = self.doc.styles[style]
        for (r0, c0), (r1, c1) in merges:
            t.cell(r0, c0).merge(t.cell(r1, c1))
        for r, row in enumerate(rows):
            is_head = r < header_rows
            if repeat_header and is_head:
                trPr = t.rows[r]._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                trPr.append(el)
            if row_height_cm:
                t.rows[r].height = Cm(row_height_cm)
            for c, text in enumerate(row):
                if text is None:
                    continue
                cell = t.cell(r, c)
                p = cell.paragraphs[0]
                if c > 0 and align == "center":
                    p.alignment = 1
                elif c > 0 and align == "right":
                    p.alignment = 2
                p.paragraph_format.space_after = self.Pt(0)
                bold = is_head or (bold_first_col and c == 0) or (total_bold and r == len(rows) - 1)
                self._runs(p, text, bold=bold, size=size)
                if shade and is_head:
                    tcPr = cell._tc.get_or_add_tcPr()
                    shd = OxmlElement("w:shd")
                    shd.set(qn("w:val"), "clear")
                    shd.set(qn("w:color"), "auto")
                    shd.set(qn("w:fill"), shade)
                    tcPr.append(shd)
        if not widths_cm:  # as a clerk would drag them: no word broken, the spare width shared out
            em = 0.23 * (size or 11) / 10  # cm per character, bold Arial
            need = [1.2] * ncols
            for row in rows:
                for c, text in enumerate(row):
                    if text and c < ncols:
                        words = text.split() if c else [line for line in text.split("\n")]
                        need[c] = max(need[c], em * max(len(x) for x in words or [""]) + 0.4)
            spare = max(0.0, self.text_width_cm - sum(need)) / ncols
            widths_cm = [n + spare for n in need]
        t.autofit = False
        for c, w in enumerate(widths_cm):
            t.columns[c].width = Cm(w)
        for r in t.rows:
            for c, w in enumerate(widths_cm):
                if c < len(r.cells):
                    r.cells[c].width = Cm(w)
        self.doc.add_paragraph().paragraph_format.space_after = self.Pt(4)
        return t

    def save(self, path: Path) -> Path:
        self.doc.save(str(path))
        _zip_fixed(path)
        return path


# ------------------------------------------------------------------------------------- reportlab

def rl_letter(path: Path, items: list, margins_mm: float = 20, font="Helvetica", size=10) -> Path:
    """A letter with reportlab: items are ("h", text), ("p", text), ("small", text), ("space", pt),
    ("table", rows, opts) with opts: grid (bool), spans [((c0, r0), (c1, r1))], header_rows, bold_last,
    col_widths, shade, align, lines ("under_header" rules only), font_size."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1
    bold = "Helvetica-Bold" if font == "Helvetica" else "Times-Bold"
    normal = ParagraphStyle("n", fontName=font, fontSize=size, leading=size * 1.3, spaceAfter=5)
    head = ParagraphStyle("h", fontName=bold, fontSize=size + 3, leading=(size + 3) * 1.3, spaceAfter=6)
    small = ParagraphStyle("s", fontName=font, fontSize=size - 2, leading=(size - 2) * 1.3, spaceAfter=4)
    right = ParagraphStyle("r", parent=normal, alignment=2)
    story = []
    for it in items:
        kind = it[0]
        if kind == "h":
            story.append(Paragraph(it[1], head))
        elif kind == "p":
            story.append(Paragraph(it[1], normal))
        elif kind == "right":
            story.append(Paragraph(it[1], right))
        elif kind == "small":
            story.append(Paragraph(it[1], small))
        elif kind == "space":
            story.append(Spacer(1, it[1]))
        elif kind == "table":
            rows, o = it[1], (it[2] if len(it) > 2 else {})
            fs = o.get("font_size", size - 1)
            cell = ParagraphStyle("c", fontName=font, fontSize=fs, leading=fs * 1.2, splitLongWords=0)
            cellb = ParagraphStyle("cb", fontName=bold, fontSize=fs, leading=fs * 1.2, splitLongWords=0)
            hr = o.get("header_rows", 1)
            data = []
            for r, row in enumerate(rows):
                out = []
                for c, text in enumerate(row):
                    text = "" if text is None else text
                    if "\n" in text or (r < hr and o.get("wrap_header")):
                        out.append(Paragraph(text.replace("\n", "<br/>"), cellb if r < hr else cell))
                    else:
                        out.append(text)
                data.append(out)
            t = Table(data, colWidths=o.get("col_widths"), repeatRows=o.get("repeat", 0))
            st = [("FONT", (0, 0), (-1, -1), font, fs), ("FONT", (0, 0), (-1, hr - 1), bold, fs),
                  ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                  ("ALIGN", (1, 0), (-1, -1), o.get("align", "CENTER"))]
            if o.get("grid", True):
                st.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            if o.get("lines"):
                st.append(("LINEBELOW", (0, hr - 1), (-1, hr - 1), 0.8, colors.black))
                st.append(("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black))
            if o.get("shade"):
                st.append(("BACKGROUND", (0, 0), (-1, hr - 1), colors.HexColor(o["shade"])))
            if o.get("bold_last"):
                st.append(("FONT", (0, -1), (-1, -1), bold, fs))
            for a, b in o.get("spans", ()):
                st.append(("SPAN", a, b))
            t.setStyle(TableStyle(st))
            story.append(t)
            story.append(Spacer(1, 8))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=margins_mm * mm, rightMargin=margins_mm * mm,
                            topMargin=margins_mm * mm, bottomMargin=margins_mm * mm, invariant=1,
                            title="Freedom of Information response", author="", creator="", producer="")
    doc.build(story)
    return path


# ------------------------------------------------------------------------------------------ fpdf2

class Fpdf:
    def __init__(self, letterhead: list[str]):
        self.pdf = pdf = fpdf_page(FIXED_UTC)
        pdf.set_producer("fpdf2")
        pdf.set_font("Helvetica", "B", 15)
        pdf.cell(0, 8, letterhead[0], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        for line in letterhead[1:]:
            pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)

    def p(self, text, bold=False, size=10, h=5):
        self.pdf.set_font("Helvetica", "B" if bold else "", size)
        self.pdf.multi_cell(0, h, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def table(self, rows, widths, header_rows=1, border=1, bold_last=False, size=9, h=6):
        pdf = self.pdf
        for r, row in enumerate(rows):
            b = r < header_rows or (bold_last and r == len(rows) - 1)
            pdf.set_font("Helvetica", "B" if b else "", size)
            for c, (text, w) in enumerate(zip(row, widths)):
                pdf.cell(w, h, text, border=border, align="L" if c == 0 else "C")
            pdf.ln(h)
        pdf.ln(4)

    def save(self, path: Path) -> Path:
        self.pdf.output(str(path))
        return path


# ---------------------------------------------------------------------------------------- scanning

def scan_pdf(src: Path, dst: Path, dpi: int = 200, angle: float = 1.0) -> Path:
    """An image-only PDF of src's first page: rendered at dpi, rotated by angle degrees, as a scanner would."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = grey_page(src, dpi).rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    w, h = img.size
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    buf.seek(0)
    c = canvas.Canvas(str(dst), pagesize=(w * 72 / dpi, h * 72 / dpi), invariant=1)
    c.setTitle("Scan")
    c.drawImage(ImageReader(buf), 0, 0, width=w * 72 / dpi, height=h * 72 / dpi)
    c.showPage()
    c.save()
    return dst


# -------------------------------------------------------------------------------------- the letters

def _intro_word(w: Word, ref: str, force: str, key: str, extra: str = ""):
    w.para(f"Our reference: {ref}", after=0)
    w.para(f"Date: {DATE_LONG}")
    w.para("Dear Requester,")
    w.para(f"Freedom of Information Request Reference No: {ref}", bold=True)
    w.para(f"I write in connection with your request for information received by {force} on {RECEIVED}. "
           "You asked:")
    w.para(f"\u201c{QUOTE[key]}\u201d", italic=True)
    if extra:
        w.para(extra)


class Builder:
    def __init__(self, out: Path, work: Path):
        self.out, self.work = out, work
        self.letters: list[dict] = []
        self.to_convert: list[Path] = []

    def add(self, lid, request, force, files, features, figures):
        keys = [(f["measure"], f["period"]) for f in figures]
        assert len(keys) == len(set(keys)), f"{lid}: a figure twice in the truth"
        assert all(f["measure"] in MEASURES for f in figures), lid
        self.letters.append({"id": lid, "request": request, "force": force, "files": files,
                             "features": features, "figures": figures})

    def word_pdf(self, w: Word, name: str) -> str:
        src = w.save(self.work / f"{name}.docx")
        self.to_convert.append(src)
        return f"{name}.pdf"


def c01_kent(b: Builder):
    rng = random.Random("c01-kent")
    data = gen(rng, CY, 2, 10)
    w = Word(["Kent Police", "Freedom of Information, Information Rights Unit, Kent Police Headquarters, "
              "Sutton Road, Maidstone, Kent ME15 9BZ", "freedomofinformation@kent.police.uk"],
             footer="OFFICIAL", head_color="1F3864")
    _intro_word(w, "01/16/0042", "Kent Police", "cy")
    w.para("Kent Police can confirm that the information you have requested is held. Please see the table "
           "below, which shows the information by calendar year.")
    head = ["Year", "Number of cases", "Number of allegations", "Number of officers investigated",
            "Allegations substantiated", "Officers dismissed", "Officers resigned/retired"]
    rows = [head] + [[y] + [str(data[y][m]) for m in MEASURES] for y in CY]
    rows.append(["Total"] + [str(total(data, CY, m)) for m in MEASURES])
    w.table(rows, style="Table Grid", shade="D9E2F3", size=9, total_bold=True,
            widths_cm=[1.5, 2.0, 2.4, 2.6, 2.9, 2.0, 3.2])
    w.para("Figures are taken from Centurion, the Professional Standards case management system, on "
           "3 February 2016 and relate to cases recorded in each calendar year.")
    w.para(COMPLAINT)
    w.para("Yours sincerely,")
    w.para("Information Rights Unit")
    f = b.word_pdf(w, "c01_kent")
    b.add("c01", "cy", "kent", [f], "Word->PDF, Table Grid, shaded header, letterhead, total row",
          figs(data, CY))


def c02_essex(b: Builder):
    rng = random.Random("c02-essex")
    data = gen(rng, CY, 3, 14)
    w = Word(["Essex Police", "Information Rights, Essex Police Headquarters, PO Box 2, Springfield, "
              "Chelmsford, Essex CM2 6DA"], footer="Essex Police - Freedom of Information Decision")
    w.para("FREEDOM OF INFORMATION DECISION", heading=True, align="center")
    w.para(f"Request reference: 2016/00371    Date of response: {DATE_LONG}")
    w.para("Request", heading=True)
    w.para(QUOTE["cy"], italic=True)
    w.para("Response", heading=True)
    w.para("Essex Police has carried out a search of the records held by the Professional Standards "
           "Department and can confirm that information relevant to your request is held.")
    for text in (
        "In determining whether information is held, Essex Police has searched the Professional "
        "Standards Department's case management system for misconduct and criminal investigations "
        "recorded against police officers in which the allegation concerned the possession, making or "
        "distribution of indecent or obscene images. The search covered both public complaints and "
        "conduct matters, including those referred to the Independent Police Complaints Commission.",
        "A case may involve more than one officer and more than one allegation, and an officer may be the "
        "subject of more than one allegation. For this reason the number of allegations will normally be "
        "higher than the number of cases. Allegations are shown as substantiated where a misconduct "
        "meeting or hearing found the allegation proven, or where the officer was convicted at court.",
        "Outcomes are shown for the officer concerned. Where an officer resigned or retired before the "
        "conclusion of proceedings this is shown as resigned or retired. Some investigations recorded "
        "in 2015 remain live, and outcomes for those cases may change.",
        "Section 40(2) (personal information) has been considered. Where a figure is fewer than five, "
        "disclosure could, when combined with other information in the public domain, lead to the "
        "identification of the officers concerned. Figures below five have therefore been suppressed and "
        "are shown as <5. Totals are given in full as they do not identify any individual.",
        "Essex Police is committed to openness and transparency, and where possible we will always seek "
        "to provide information to the public. In this case we have weighed the public interest in "
        "understanding how officers who misuse their position are dealt with against the duty to protect "
        "the personal data of those officers, who have a reasonable expectation that details of "
        "misconduct proceedings against them will not be disclosed to the world at large.",
        "Please note that the figures below relate to officers only. Police staff and special "
        "constables are not included, as they fall outside the scope of your request. Investigations "
        "are counted in the year in which they were recorded, not the year in which they concluded.",
        "The information is provided in the table below.",
    ):
        w.para(text)
    head = ["Year", "Cases", "Allegations", "Officers investigated", "Allegations substantiated",
            "Dismissed", "Resigned or retired"]
    rows = [head] + [[y] + [lt5(data[y][m]) for m in MEASURES] for y in CY]
    rows.append(["Total"] + [str(total(data, CY, m)) for m in MEASURES])
    # Tall rows and no "repeat as header row": Word breaks the table across the page as it falls.
    w.table(rows, style="Table Grid", shade="E7E6E6", size=10, row_height_cm=1.1, total_bold=True,
            widths_cm=[1.8, 2.0, 2.4, 2.6, 3.0, 2.3, 2.5])
    w.para("<5 = a figure of between one and four, suppressed under section 40(2).", size=9)
    w.para(COMPLAINT)
    w.para("Information Rights, Essex Police")
    f = b.word_pdf(w, "c02_essex")
    b.add("c02", "cy", "essex", [f], "Word->PDF, table split across two pages (no repeated header), <5 suppressed",
          figs(data, CY, suppressed=is_lt5))


def c03_merseyside(b: Builder):
    rng = random.Random("c03-merseyside")
    data = gen(rng, CY, 2, 9)
    # Resigned and retired are given separately; the letter does not combine them.
    res = {y: rng.randint(0, data[y]["resigned_or_retired"]) for y in CY}
    w = Word(["MERSEYSIDE POLICE", "Corporate Development Department, Information Access Unit, "
              "Canning Place, Liverpool L1 8JX"], footer="OFFICIAL", head_color="002060")
    w.para(f"Date: {DATE_LONG}", align="right")
    w.para("Our Ref: FOI 0123/16")
    w.para("Dear Sir/Madam,")
    w.para("FREEDOM OF INFORMATION ACT 2000", bold=True)
    w.para(f"Thank you for your request for information dated {RECEIVED}, in which you asked for the "
           "following:")
    w.para(QUOTE["cy"], italic=True)
    w.para("Merseyside Police can confirm that it holds information in relation to your request. The "
           "table below shows investigations recorded by the Professional Standards Department and their "
           "outcome for the officers concerned.")
    rows = [
        ["Year", "Investigation", None, None, "Allegations substantiated", "Outcome", None, None],
        [None, "Cases", "Allegations", "Officers", None, "Dismissed", "Resigned", "Retired"],
    ]
    for y in CY:
        d = data[y]
        rows.append([y, str(d["cases"]), str(d["allegations"]), str(d["officers"]), str(d["substantiated"]),
                     str(d["dismissed"]), str(res[y]), str(d["resigned_or_retired"] - res[y])])
    rows.append(["Total", *(str(total(data, CY, m)) for m in ("cases", "allegations", "officers", "substantiated",
                                                              "dismissed")),
                 str(sum(res.values())), str(sum(data[y]["resigned_or_retired"] - res[y] for y in CY))])
    merges = [((0, 0), (1, 0)), ((0, 1), (0, 3)), ((0, 4), (1, 4)), ((0, 5), (0, 7))]
    w.table(rows, style="Table Grid", header_rows=2, shade="BDD7EE", merges=merges, size=9, total_bold=True,
            widths_cm=[1.6, 1.7, 2.2, 1.9, 2.6, 2.1, 2.1, 1.9])
    w.para("An officer is shown under Resigned where he or she resigned, and under Retired where he or she "
           "retired, while subject to the investigation.", size=9)
    w.para(COMPLAINT)
    w.para("Yours faithfully,")
    w.para("Information Access Unit")
    f = b.word_pdf(w, "c03_merseyside")
    truth = figs(data, CY, measures=["cases", "allegations", "officers", "substantiated", "dismissed"])
    b.add("c03", "cy", "merseyside", [f],
          "Word->PDF, merged group headers (Investigation / Outcome), separate Resigned and Retired: no resigned_or_retired truth",
          truth)


def c04_psni(b: Builder):
    rng = random.Random("c04-psni")
    data = gen(rng, CY, 1, 7)
    w = Word(["Police Service of Northern Ireland", "Corporate Information Branch, PSNI Headquarters, "
              "65 Knock Road, Belfast BT5 6LE", "foi@psni.pnn.police.uk"], font="Arial", size=11)
    w.para("FREEDOM OF INFORMATION REQUEST", heading=True)
    w.para(f"PSNI Freedom of Information Request Reference Number: F-2016-00117    Date: {DATE_LONG}")
    w.para(f"Police Service of Northern Ireland has now completed its search for the information you requested "
           f"on {RECEIVED}. The decision has been taken to disclose the located information to you in full. "
           "Your request is set out below with our answer to each part.")
    qs = [
        ("Request 1", "The number of cases in which police officers were investigated for possessing, making "
                      "or sharing indecent or obscene images, for each calendar year since 2010.",
         ["Calendar Year", "Number of Cases"], ["cases"]),
        ("Request 2", "The number of allegations in those cases, and the number of officers investigated.",
         ["Calendar Year", "Number of Allegations", "Number of Officers"], ["allegations", "officers"]),
        ("Request 3", "The number of allegations that were substantiated.",
         ["Calendar Year", "Allegations Substantiated"], ["substantiated"]),
        ("Request 4", "The number of officers dismissed, and the number allowed to resign or retire, as a result.",
         ["Calendar Year", "Dismissed", "Resigned or Retired"], ["dismissed", "resigned_or_retired"]),
    ]
    for title, text, head, ms in qs:
        w.para(title, bold=True, after=2)
        w.para(text, italic=True)
        w.para("Answer", bold=True, after=2)
        rows = [head] + [[y] + [str(data[y][m]) for m in ms] for y in CY]
        rows.append(["Total"] + [str(total(data, CY, m)) for m in ms])
        w.table(rows, style=None, size=10, widths_cm=[3.5] + [4.0] * len(ms), align="center")
    w.para("The figures are provided by PSNI's Professional Standards Department and were correct at "
           "1 February 2016.", size=9)
    w.para("If you have any queries regarding your request or the decision please do not hesitate to contact "
           "me. If you are dissatisfied in any way with the handling of your request, you have the right to "
           "request a review within 40 working days.")
    f = b.word_pdf(w, "c04_psni")
    b.add("c04", "cy", "northern-ireland", [f],
          "Word->PDF, answer per request as four small borderless tables", figs(data, CY))


def c05_north_wales(b: Builder):
    rng = random.Random("c05-north-wales")
    data = gen(rng, CY, 0, 6)
    for y in ("2011", "2014"):
        data[y]["dismissed"] = 0
        data[y]["resigned_or_retired"] = 0
    w = Word(["Heddlu Gogledd Cymru / North Wales Police",
              "Uned Rhyddid Gwybodaeth / Freedom of Information Unit, Pencadlys yr Heddlu / Police Headquarters, "
              "Ffordd Glan y Môr / Glan y Môr Road, Bae Colwyn / Colwyn Bay LL29 8AW"],
             footer="Rydym yn croesawu gohebiaeth yn y Gymraeg / We welcome correspondence in Welsh")
    w.para("Cais Rhyddid Gwybodaeth / Freedom of Information Request", heading=True)
    w.para(f"Cyf / Ref: FOI/2016/0099    Dyddiad / Date: 12 Chwefror 2016 / {DATE_LONG}")
    w.para("Annwyl / Dear Requester,")
    w.para(f"Diolch am eich cais a dderbyniwyd ar 11 Ionawr 2016. / Thank you for your request received on "
           f"{RECEIVED}, in which you asked:")
    w.para(QUOTE["cy"], italic=True)
    w.para("Mae Heddlu Gogledd Cymru yn dal y wybodaeth. / North Wales Police holds the information, which is "
           "set out below.")

    def cell(v):
        return "Dim / Nil" if v == 0 else str(v)

    head = ["Blwyddyn\nYear", "Achosion\nCases", "Honiadau\nAllegations", "Swyddogion\nOfficers investigated",
            "Honiadau a gadarnhawyd\nAllegations substantiated", "Diswyddwyd\nDismissed",
            "Ymddiswyddo / ymddeol\nResigned / retired"]
    rows = [head] + [[y] + [cell(data[y][m]) for m in MEASURES] for y in CY]
    rows.append(["Cyfanswm\nTotal"] + [cell(total(data, CY, m)) for m in MEASURES])
    w.table(rows, style="Table Grid", shade="FFF2CC", size=9, total_bold=True)
    w.para("Mae gennych hawl i ofyn am adolygiad mewnol. / You have the right to ask for an internal review "
           "within 40 working days.")
    w.para("Yn gywir / Yours sincerely,")
    w.para("Uned Rhyddid Gwybodaeth / Freedom of Information Unit")
    f = b.word_pdf(w, "c05_north_wales")
    b.add("c05", "cy", "north-wales", [f],
          "Word->PDF, bilingual Welsh/English two-line headers, 'Dim / Nil' for zero", figs(data, CY))


def c06_met(b: Builder):
    rng = random.Random("c06-met")
    data = gen(rng, CY, 6, 20)
    groups = ["Territorial Policing", "Specialist Crime & Operations", "Specialist Operations",
              "Met Headquarters"]
    parts = {y: split(rng, data[y]["officers"], len(groups)) for y in CY}
    w = Word(["Metropolitan Police Service", "Public Access Office, PO Box 57192, London SW6 1SF",
              "Total Policing"], footer="OFFICIAL", head_color="1F4E79")
    w.para("Freedom of Information Request Reference No: 2016010000318", bold=True)
    w.para(f"I write in connection with your request for information which was received by the Metropolitan "
           f"Police Service (MPS) on {RECEIVED}. I note you seek access to the following information:")
    w.para(QUOTE["cy"], italic=True)
    w.para("DECISION", bold=True)
    w.para("The MPS holds the information you have requested and I have provided it below. The officers "
           "investigated are shown by the Business Group in which they served at the time, followed by the "
           "figures for the whole MPS.")
    w.para("Table 1 \u2013 Officers investigated, by Business Group", bold=True, after=2)
    rows = [["Business Group"] + CY + ["Total"]]
    for i, g in enumerate(groups):
        vals = [parts[y][i] for y in CY]
        rows.append([g] + [str(v) for v in vals] + [str(sum(vals))])
    rows.append(["MPS Total"] + [str(data[y]["officers"]) for y in CY] + [str(total(data, CY, "officers"))])
    w.table(rows, style="Table Grid", shade="DEEAF6", size=9, total_bold=True,
            widths_cm=[4.6] + [1.6] * 7)
    w.para("Table 2 \u2013 Cases, allegations and outcomes, whole MPS", bold=True, after=2)
    ms = ["cases", "allegations", "substantiated", "dismissed", "resigned_or_retired"]
    rows = [["Year", "Cases", "Allegations", "Allegations upheld", "Officers dismissed",
             "Officers allowed to resign or retire"]]
    rows += [[y] + [str(data[y][m]) for m in ms] for y in CY]
    rows.append(["Total"] + [str(total(data, CY, m)) for m in ms])
    w.table(rows, style="Table Grid", shade="DEEAF6", size=9, total_bold=True)
    w.para("The figures were extracted from the Directorate of Professional Standards' Tribunal database "
           "on 2 February 2016.", size=9)
    w.para(COMPLAINT)
    f = b.word_pdf(w, "c06_met")
    b.add("c06", "cy", "metropolitan", [f],
          "Word->PDF, officers per Business Group with MPS total (measure named in caption only), second table",
          figs(data, CY))


def c07_west_yorkshire(b: Builder):
    rng = random.Random("c07-west-yorkshire")
    districts = ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"]
    per = gen(rng, districts, 0, 8)
    tot = {m: sum(per[d][m] for d in districts) for m in MEASURES}
    rows = [["District", "Cases", "Allegations", "Officers investigated", "Substantiated", "Dismissed",
             "Resigned or retired"]]
    rows += [[d] + [str(per[d][m]) for m in MEASURES] for d in districts]
    rows.append(["West Yorkshire total"] + [str(tot[m]) for m in MEASURES])
    items = [
        ("h", "West Yorkshire Police"),
        ("small", "Freedom of Information Team, PO Box 9, Laburnum Road, Wakefield WF1 3QP"),
        ("space", 10),
        ("right", DATE_LONG),
        ("p", "Our reference: 20160111-0654"),
        ("p", "Dear Requester,"),
        ("p", f"Your request for information received on {RECEIVED} has now been considered. You asked:"),
        ("p", f"<i>{QUOTE['cy']}</i>"),
        ("p", "West Yorkshire Police holds this information for the whole period of your request, 1 January "
              "2010 to 31 December 2015, by the district in which the officer was based. It cannot be broken "
              "down by year without manually reviewing every case file, which would exceed the appropriate "
              "limit under section 12 of the Act. The figures for the whole period are therefore given below."),
        ("p", "<b>Officers investigated for indecent or obscene images, 1 January 2010 to 31 December 2015</b>"),
        ("table", rows, {"grid": True, "bold_last": True, "shade": "#DDDDDD",
                         "col_widths": [95, 45, 60, 65, 75, 60, 70], "wrap_header": True}),
        ("p", "Officers who move between districts are counted in the district where the investigation began."),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Freedom of Information Team"),
    ]
    f = "c07_west_yorkshire.pdf"
    rl_letter(b.out / f, items)
    b.add("c07", "cy", "west-yorkshire", [f],
          "reportlab, per district with force total, whole period only (no years)",
          [fig(m, "total", tot[m]) for m in MEASURES])


def c08_lancashire(b: Builder):
    rng = random.Random("c08-lancashire")
    data = gen(rng, CY, 1, 8)
    rows = [["Year", "Cases", "Allegations", "Officers", "Upheld", "Dismissed", "Resigned/retired"]]
    for y in CY:
        rows.append([y + ("*" if y == "2015" else "")] + [str(data[y][m]) for m in MEASURES])
    rows.append(["Total"] + [str(total(data, CY, m)) for m in MEASURES])
    items = [
        ("h", "Lancashire Constabulary"),
        ("small", "Information Compliance and Disclosure, Police Headquarters, PO Box 77, Hutton, Preston PR4 5SB"),
        ("space", 8),
        ("p", f"Date: {DATE_LONG}<br/>Our ref: LC-20160111-0021"),
        ("p", "Dear Requester,"),
        ("p", "<b>FREEDOM OF INFORMATION ACT 2000 \u2013 REQUEST FOR INFORMATION</b>"),
        ("p", f"I refer to your request dated {RECEIVED}:"),
        ("p", f"<i>{QUOTE['cy']}</i>"),
        ("p", "Lancashire Constabulary can confirm that it holds information relevant to your request, which "
              "is provided below."),
        ("table", rows, {"grid": True, "bold_last": True, "col_widths": [60, 55, 65, 60, 55, 60, 85]}),
        ("small", "* part year: 1 January 2015 to 30 November 2015, the date the data were extracted."),
        ("p", "Cases are counted in the year in which they were recorded."),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Disclosure Officer"),
    ]
    f = "c08_lancashire.pdf"
    rl_letter(b.out / f, items)
    b.add("c08", "cy", "lancashire", [f], "reportlab, '2015*' row with footnote '* part year'", figs(data, CY))


def c09_derbyshire(b: Builder):
    rng = random.Random("c09-derbyshire")
    data = gen(rng, CY, 1, 7)
    tot = {m: total(data, CY, m) for m in MEASURES}
    p = Fpdf(["Derbyshire Constabulary", "Freedom of Information Unit, Butterley Hall, Ripley, Derbyshire DE5 3RS"])
    p.p(f"Date: {DATE_LONG}        Reference: FOI 16-0187")
    p.p("Dear Requester,")
    p.p(f"Thank you for your request for information received on {RECEIVED}. You asked:")
    p.p(QUOTE["cy"].replace("\u2019", "'"))
    p.p("Derbyshire Constabulary holds information relevant to your request. Our Professional Standards "
        "system records these investigations but does not allow the figures to be broken down by year "
        "without a manual review of each file. We are therefore able to provide totals for the whole period "
        "of your request only.")
    rows = [["Category", "Total 1 Jan 2010 - 31 Dec 2015"],
            ["Number of cases", str(tot["cases"])],
            ["Number of allegations", str(tot["allegations"])],
            ["Number of officers investigated", str(tot["officers"])],
            ["Allegations substantiated", str(tot["substantiated"])],
            ["Officers dismissed", str(tot["dismissed"])],
            ["Officers allowed to resign or retire", str(tot["resigned_or_retired"])]]
    p.table(rows, [95, 65])
    p.p(COMPLAINT)
    p.p("Yours sincerely,\nFreedom of Information Unit")
    f = p.save(b.out / "c09_derbyshire.pdf").name
    b.add("c09", "cy", "derbyshire", [f], "fpdf2, totals for the whole period only, measures as rows",
          [fig(m, "total", tot[m]) for m in MEASURES])


def c10_sussex(b: Builder):
    rng = random.Random("c10-sussex")
    data = gen(rng, CY, 2, 9)
    rows = [["Year", "Cases", "Allegations", "Officers", "Substantiated", "Dismissed", "Resigned or retired"]]
    rows += [[y] + [str(data[y][m]) for m in MEASURES] for y in CY]
    rows.append(["Total"] + [str(total(data, CY, m)) for m in MEASURES])
    items = [
        ("h", "Sussex Police"),
        ("small", "Information Access Team, Sussex Police Headquarters, Church Lane, Lewes, East Sussex BN7 2DZ"),
        ("space", 10),
        ("p", f"{DATE_LONG}"),
        ("p", "Reference: 0093/16"),
        ("p", "Dear Requester,"),
        ("p", f"I write in response to your request of {RECEIVED} for information about officers investigated "
              "for indecent or obscene images. Sussex Police holds the information you asked for, which is "
              "set out below by calendar year."),
        ("table", rows, {"grid": True, "bold_last": True, "font_size": 11,
                         "col_widths": [50, 50, 65, 55, 80, 60, 100]}),
        ("p", "The figures were obtained from the Professional Standards Department on 4 February 2016."),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Information Access Team"),
    ]
    src = b.work / "c10_sussex_source.pdf"
    rl_letter(src, items, size=11)
    f = "c10_sussex.pdf"
    scan_pdf(src, b.out / f)
    b.add("c10", "cy", "sussex", [f], "scanned: image-only PDF at 200 dpi rotated 1 degree (OCR at build)",
          figs(data, CY))


def c11_surrey(b: Builder):
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    rng = random.Random("c11-surrey")
    data = gen(rng, CY, 1, 9)
    wb = Workbook()
    wb.properties.creator = "Surrey Police"
    wb.properties.lastModifiedBy = "Surrey Police"
    wb.properties.created = wb.properties.modified = FIXED
    groups = [("Investigations", ["Calendar year", "Number of cases", "Number of allegations",
                                  "Number of officers investigated"], ["cases", "allegations", "officers"]),
              ("Outcomes", ["Calendar year", "Allegations substantiated", "Officers dismissed",
                            "Officers resigned or retired"], ["substantiated", "dismissed", "resigned_or_retired"])]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="D9D9D9")
    for i, (name, head, ms) in enumerate(groups):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        ws["A1"] = "Surrey Police FOI 2016-0042: officers investigated for indecent or obscene images"
        ws["A1"].font = bold
        ws.append([])
        ws.append(head)
        for c in ws[3]:
            c.font, c.fill = bold, fill
        for y in CY:
            ws.append([int(y)] + [data[y][m] for m in ms])
        ws.append(["Total"] + [total(data, CY, m) for m in ms])
        for c in ws[ws.max_row]:
            c.font = bold
        ws.append([])
        ws.append(["Source: Professional Standards Department, Centurion, extracted 2 February 2016."])
        for col, width in zip("ABCD", (16, 26, 26, 30)):
            ws.column_dimensions[col].width = width
    path = b.out / "c11_surrey.xlsx"
    wb.save(str(path))
    _zip_fixed(path)
    b.add("c11", "cy", "surrey", [path.name], "XLSX, two sheets (Investigations / Outcomes), years as numbers",
          figs(data, CY))


def c12_hampshire(b: Builder):
    rng = random.Random("c12-hampshire")
    data = gen(rng, CY, 2, 10)
    labels = {"cases": "Cases", "allegations": "Allegations", "officers": "Officers investigated",
              "substantiated": "Allegations proven", "dismissed": "Dismissed",
              "resigned_or_retired": "Resigned or retired"}
    rows = [[""] + CY + ["Total"]]
    rows += [[labels[m]] + [str(data[y][m]) for y in CY] + [str(total(data, CY, m))] for m in MEASURES]
    items = [
        ("h", "Hampshire Constabulary"),
        ("small", "Joint Information Management Unit, Police Headquarters, Mottisfont Court, Tower Street, "
                  "Winchester SO23 8ZD"),
        ("space", 10),
        ("p", f"{DATE_LONG}<br/>FOI reference: HC/000184/16"),
        ("p", "Dear Requester,"),
        ("p", f"Thank you for your email of {RECEIVED}, in which you asked for the following information:"),
        ("p", f"<i>{QUOTE['cy']}</i>"),
        ("p", "Hampshire Constabulary holds the information, which is set out below, one column per "
              "calendar year."),
        ("table", rows, {"grid": True, "shade": "#CCE0F0", "col_widths": [120] + [45] * 7}),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Joint Information Management Unit"),
    ]
    f = "c12_hampshire.pdf"
    rl_letter(b.out / f, items)
    b.add("c12", "cy", "hampshire", [f], "reportlab, transposed (measures as rows, years as columns), total column",
          figs(data, CY))


def c13_thames_valley(b: Builder):
    rng = random.Random("c13-thames-valley")
    data = gen(rng, CY, 0, 5)
    data["2013"]["dismissed"] = 0

    def cell(v):
        return "-" if v == 0 else str(v)

    p = Fpdf(["Thames Valley Police", "Information Management, Thames Valley Police Headquarters, Oxford Road, "
              "Kidlington, Oxfordshire OX5 2NX"])
    p.p(f"{DATE_LONG}        Our ref: 0214/2016")
    p.p("Dear Requester,")
    p.p(f"Thank you for your request for information received on {RECEIVED}. Thames Valley Police holds "
        "the following information in response to your request.")
    rows = [["Period", "Cases", "Allegations", "Officers", "Substantiated", "Dismissed", "Resigned/retired"]]
    rows += [[f"Jan-Dec {y}"] + [cell(data[y][m]) for m in MEASURES] for y in CY]
    p.table(rows, [30, 18, 23, 20, 26, 22, 30])
    p.p("Note: '-' denotes nil.", size=8)
    p.p(COMPLAINT)
    p.p("Yours sincerely,\nInformation Management")
    f = p.save(b.out / "c13_thames_valley.pdf").name
    b.add("c13", "cy", "thames-valley", [f], "fpdf2, 'Jan-Dec 2010' row labels, '-' with legend '- denotes nil', no total",
          figs(data, CY, with_total=False))


def c14_wiltshire(b: Builder):
    rng = random.Random("c14-wiltshire")
    data = gen(rng, CY, 1, 6, zero=("2012",))
    w = Word(["Wiltshire Police", "Information Management Unit, Police Headquarters, London Road, Devizes, "
              "Wiltshire SN10 2DN"], footer="OFFICIAL", head_color="203864")
    _intro_word(w, "FOI 2016/0061", "Wiltshire Police", "cy")
    w.para("Wiltshire Police holds the information, which is set out in the table below.")
    head = ["Year", "Cases", "Allegations", "Officers investigated", "Allegations substantiated",
            "Dismissed", "Resigned or retired"]
    rows = [head]
    merges = []
    for y in CY:
        if y == "2012":
            rows.append([y, "Nil return"] + [None] * 5)
            merges.append(((len(rows) - 1, 1), (len(rows) - 1, 6)))
        else:
            rows.append([y] + [str(data[y][m]) for m in MEASURES])
    rows.append(["Total"] + [str(total(data, CY, m)) for m in MEASURES])
    w.table(rows, style="Table Grid", shade="D9D9D9", merges=merges, size=10, total_bold=True)
    w.para(COMPLAINT)
    w.para("Yours sincerely,")
    w.para("Information Management Unit")
    f = b.word_pdf(w, "c14_wiltshire")
    b.add("c14", "cy", "wiltshire", [f], "Word->PDF, a whole year row 'Nil return' merged across the measures",
          figs(data, CY))


def c15_gwent(b: Builder):
    rng = random.Random("c15-gwent")
    data = gen(rng, CY, 0, 5)

    def cell(v):
        return "None" if v == 0 else str(v)

    rows = [["Year", "Number of\ncases", "Number of\nallegations", "Number of\nofficers", "Allegations\nsubstantiated",
             "Officers\ndismissed", "Resigned or\nretired"]]
    rows += [[y] + [cell(data[y][m]) for m in MEASURES] for y in CY]
    items = [
        ("h", "Gwent Police"),
        ("small", "Freedom of Information Unit, Police Headquarters, Croesyceiliog, Cwmbran NP44 2XJ"),
        ("space", 10),
        ("p", f"{DATE_LONG}"),
        ("p", "Reference: FOI.2016.0033"),
        ("p", "Dear Requester,"),
        ("p", f"Thank you for your request of {RECEIVED}. Gwent Police holds information relevant to your "
              "request. Please find the figures below."),
        ("table", rows, {"grid": False, "lines": False, "col_widths": [45, 60, 65, 60, 75, 60, 70]}),
        ("p", "Figures relate to the year the investigation was recorded."),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Freedom of Information Officer"),
    ]
    f = "c15_gwent.pdf"
    rl_letter(b.out / f, items)
    b.add("c15", "cy", "gwent", [f], "reportlab, borderless table, two-line headers, 'None' for zero, no total",
          figs(data, CY, with_total=False))


def c16_city_of_london(b: Builder):
    rng = random.Random("c16-city-of-london")
    data = gen(rng, CY, 0, 3)
    data["2013"]["allegations"] = 7
    data["2013"]["cases"] = 3

    def cell(v):
        return "*" if 1 <= v <= 4 else str(v)

    rows = [["Year", "Cases", "Allegations", "Officers", "Substantiated", "Dismissed", "Resigned or retired"]]
    rows += [[y] + [cell(data[y][m]) for m in MEASURES] for y in CY]
    items = [
        ("h", "City of London Police"),
        ("small", "Information Access Office, Guildhall Yard East, London EC2V 5AE"),
        ("space", 10),
        ("p", f"{DATE_LONG}<br/>Ref: FOI/16/027"),
        ("p", "Dear Requester,"),
        ("p", f"Your request for information dated {RECEIVED} has now been considered."),
        ("p", "The City of London Police is a small force, and small numbers of officers could be identified "
              "from these figures. Numbers between one and four have therefore been replaced by an asterisk "
              "under section 40(2) of the Act; no total is given, as it could be used to work them out."),
        ("table", rows, {"grid": True, "col_widths": [50, 55, 65, 55, 75, 60, 90]}),
        ("small", "* = between 1 and 4 (exempt under section 40(2))."),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Information Access Office"),
    ]
    f = "c16_city_of_london.pdf"
    rl_letter(b.out / f, items)
    b.add("c16", "cy", "city-of-london", [f], "reportlab, '*' = 1 to 4 suppressed (legend after table), no total",
          figs(data, CY, with_total=False, suppressed=lambda v: 1 <= v <= 4))


def c17_dorset(b: Builder):
    rng = random.Random("c17-dorset")
    data = gen(rng, CY, 1, 7)
    data["2012"]["cases"] = 4
    data["2012"]["officers"] = max(data["2012"]["officers"], 5)
    w = Word(["Dorset Police", "Freedom of Information, Force Headquarters, Winfrith, Dorchester, Dorset DT2 8DZ"],
             footer="Dorset Police and Devon & Cornwall Police: working together", head_color="0B3D91")
    _intro_word(w, "2016-0042", "Dorset Police", "cy")
    w.para("Dorset Police holds the information. It is set out in the table below, one row per calendar year.")
    head = ["Year", "Cases", "Allegations", "Officers investigated", "Substantiated", "Dismissed",
            "Resigned or retired"]
    rows = [head]
    for y in CY:
        vals = [str(data[y][m]) for m in MEASURES]
        label = y
        if y == "2012":
            vals[0] += "^{1}"
        if y == "2014":
            label += "^{2}"
        rows.append([label] + vals)
    rows.append(["Total"] + [str(total(data, CY, m)) for m in MEASURES])
    w.table(rows, style="Table Grid", shade="DAE3F3", size=10, total_bold=True)
    w.para("^{1} Includes one case investigated jointly with Devon & Cornwall Police.", size=9, after=2)
    w.para("^{2} From 2014 cases are recorded on the alliance's shared Professional Standards system.", size=9)
    w.para(COMPLAINT)
    w.para("Yours sincerely,")
    w.para("Freedom of Information Officer")
    f = b.word_pdf(w, "c17_dorset")
    b.add("c17", "cy", "dorset", [f],
          "Word->PDF, superscript footnote markers after a value ('4' + sup 1) and after a year ('2014' + sup 2)",
          figs(data, CY))


def c18_durham(b: Builder):
    rng = random.Random("c18-durham")
    years = [str(y) for y in range(2008, 2016)]
    data = gen(rng, years, 1, 6)
    rows = [["Year", "Cases", "Allegations", "Officers investigated", "Substantiated", "Dismissed",
             "Resigned or retired"]]
    rows += [[y] + [str(data[y][m]) for m in MEASURES] for y in years]
    items = [
        ("h", "Durham Constabulary"),
        ("small", "Freedom of Information, Police Headquarters, Aykley Heads, Durham DH1 5TT"),
        ("space", 10),
        ("p", f"{DATE_LONG}<br/>Our reference: DC/FOI/0077/16"),
        ("p", "Dear Requester,"),
        ("p", f"Thank you for your request received on {RECEIVED}. Durham Constabulary holds the information "
              "you asked for. We have also included 2008 and 2009, the first years held on our current "
              "system, for context."),
        ("table", rows, {"grid": True, "col_widths": [45, 50, 65, 85, 75, 60, 85]}),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Freedom of Information Unit"),
    ]
    f = "c18_durham.pdf"
    rl_letter(b.out / f, items)
    b.add("c18", "cy", "durham", [f], "reportlab, years 2008-2009 before the period asked for (not truth), no total",
          figs(data, CY, with_total=False))


# ------------------------------------------------------------------------------- financial years

def f01_btp(b: Builder):
    rng = random.Random("f01-btp")
    data = gen(rng, FY, 1, 8)
    labels = [f"FY {fy_slash(p)}" for p in FY[:-1]] + ["FY 2015/16\n(to 31/12/15)"]
    names = {"cases": "Number of cases", "allegations": "Number of allegations",
             "officers": "Number of officers investigated", "substantiated": "Allegations substantiated",
             "dismissed": "Officers dismissed", "resigned_or_retired": "Officers resigned/retired"}
    w = Word(["British Transport Police", "Freedom of Information Unit, 25 Camden Road, London NW1 9LN",
              "foi@btp.pnn.police.uk"], footer="OFFICIAL", head_color="002F6C")
    w.para(f"{DATE_LONG}", align="right")
    w.para("Freedom of Information Request Reference Number: 47/2016", bold=True)
    w.para(f"Thank you for your request for information received on {RECEIVED}. Your request has now been "
           "considered and I am able to provide the following response.")
    w.para("You asked:", bold=True)
    w.para(QUOTE["fy"], italic=True)
    w.para("Please find below the information held by British Transport Police, by financial year (April to "
           "March).")
    rows = [[""] + labels + ["Total"]]
    rows += [[names[m]] + [str(data[p][m]) for p in FY] + [str(total(data, FY, m))] for m in MEASURES]
    w.table(rows, style="Table Grid", shade="C5D9F1", size=9, bold_first_col=True,
            widths_cm=[4.3] + [1.75] * 7)
    w.para(COMPLAINT)
    w.para("Yours sincerely,")
    w.para("Disclosure Officer, Freedom of Information Unit")
    f = b.word_pdf(w, "f01_btp")
    b.add("f01", "fy", "btp", [f],
          "Word->PDF, measures as rows, 'FY 2010/11' columns, last year '(to 31/12/15)', total column",
          figs(data, FY))


def f02_police_scotland(b: Builder):
    rng = random.Random("f02-police-scotland")
    fys = FY[3:]  # Police Scotland exists from 1 April 2013
    data = gen(rng, fys, 8, 18)
    divisions = ["North East (A)", "Tayside (D)", "Highlands and Islands (N)", "Forth Valley (C)",
                 "Edinburgh City (E)", "The Lothians and Scottish Borders (J)", "Fife (P)", "Greater Glasgow (G)",
                 "Ayrshire (U)", "Lanarkshire (Q)", "Argyll and West Dunbartonshire (L)",
                 "Renfrewshire and Inverclyde (K)", "Dumfries and Galloway (V)"]
    parts = {p: split(rng, data[p]["officers"], len(divisions)) for p in fys}
    w = Word(["POLICE SCOTLAND", "Keeping people safe", "Information Management, Clyde Gateway, 2 French Street, "
              "Dalmarnock, Glasgow G40 4EH"], footer="OFFICIAL", head_color="0B0C0C")
    w.para(f"Our reference: IM-FOI-2016-0152    Date: {DATE_LONG}")
    w.para("Freedom of Information (Scotland) Act 2002", bold=True)
    w.para(f"I refer to your recent request for information which was received by Police Scotland on {RECEIVED}. "
           "Your request was as follows:")
    w.para(QUOTE["fy"], italic=True)
    w.para("Police Scotland was established on 1 April 2013. Information held by the eight legacy Scottish "
           "police forces before that date is not held in a form that allows it to be retrieved, and in terms "
           "of section 17 of the Act I must therefore advise you that information prior to 1 April 2013 is not "
           "held. For the period since then, I can advise you as follows.")
    w.para("Table 1: Officers subject to investigation, by Local Policing Division", bold=True, after=2)
    rows = [["Division", "2013/14", "2014/15", "2015/16*"]]
    for i, dname in enumerate(divisions):
        rows.append([dname] + [str(parts[p][i]) for p in fys])
    rows.append(["Total"] + [str(data[p]["officers"]) for p in fys])
    w.table(rows, style="Table Grid", shade="D9D9D9", size=9, total_bold=True, repeat_header=True,
            widths_cm=[7.5, 2.5, 2.5, 2.5])
    w.para("Table 2: Investigations, allegations and outcomes, Police Scotland", bold=True, after=2)
    ms = ["cases", "allegations", "substantiated", "dismissed", "resigned_or_retired"]
    rows = [["Financial year", "Investigations", "Allegations", "Upheld", "Dismissed", "Resigned or retired"]]
    rows += [[fy_slash(p) + ("*" if p == "2015-16" else "")] + [str(data[p][m]) for m in ms] for p in fys]
    w.table(rows, style="Table Grid", shade="D9D9D9", size=9)
    w.para("* 2015/16 is a part year, 1 April 2015 to 31 December 2015.", size=9)
    w.para("Officers are counted in the Division where the investigation was recorded. Officers in national "
           "units are counted in the Division where they were based.", size=9)
    w.para(COMPLAINT_SCOT)
    f = b.word_pdf(w, "f02_police_scotland")
    truth = figs(data, fys, measures=["officers"], with_total=False)
    truth += figs(data, fys, measures=ms, with_total=False)
    b.add("f02", "fy", "police-scotland", [f],
          "Word->PDF, officers per Division (13 rows) with total, from 2013/14 only, '2015/16*' part year",
          truth)


def f03_mdp(b: Builder):
    rng = random.Random("f03-mdp")
    data = gen(rng, FY[:-1], 0, 5)
    per = FY[:-1]
    rows = [["Period", "Cases", "Allegations", "Officers investigated", "Allegations substantiated",
             "Officers dismissed", "Officers resigned or retired"]]
    for p in per:
        y = int(p[:4])
        rows.append([f"April {y} \u2013 March {y + 1}"] + [str(data[p][m]) for m in MEASURES])
    rows.append(["Total"] + [str(total(data, per, m)) for m in MEASURES])
    items = [
        ("h", "Ministry of Defence Police"),
        ("small", "Secretariat, Freedom of Information, MDP Headquarters, Wethersfield, Braintree, Essex CM7 4AZ"),
        ("space", 10),
        ("p", f"Reference: FOI 2016/00241<br/>Date: {DATE_LONG}"),
        ("p", "Dear Requester,"),
        ("p", f"Thank you for your email of {RECEIVED} requesting the following information:"),
        ("p", f"<i>{QUOTE['fy']}</i>"),
        ("p", "I am treating your correspondence as a request for information under the Freedom of Information "
              "Act 2000. A search for the information has now been completed within the Ministry of Defence "
              "Police, and I can confirm that information in scope of your request is held. Figures for the "
              "current financial year are not yet validated and are not included."),
        ("table", rows, {"grid": True, "bold_last": True, "wrap_header": True,
                         "col_widths": [105, 40, 62, 70, 78, 55, 70]}),
        ("p", "If you are not satisfied with this response you may request an internal review by writing to "
              "the address above within 40 working days."),
        ("p", "Yours sincerely,<br/>MDP Secretariat"),
    ]
    f = "f03_mdp.pdf"
    rl_letter(b.out / f, items)
    b.add("f03", "fy", "mdp", [f], "reportlab, row labels 'April 2010 - March 2011', no 2015/16, total row",
          figs(data, per))


def f04_cnc(b: Builder):
    rng = random.Random("f04-cnc")
    data = gen(rng, FY, 0, 3)
    tot = {m: total(data, FY, m) for m in MEASURES}
    p = Fpdf(["Civil Nuclear Constabulary", "Culham Science Centre, Abingdon, Oxfordshire OX14 3DB"])
    p.p(f"Date: {DATE_LONG}    FOI reference: CNC FOI 2016-004")
    p.p("Dear Requester,")
    p.p(f"Thank you for your request of {RECEIVED}. The Civil Nuclear Constabulary holds information relevant "
        "to your request. Because of the small numbers involved the figures are given for the whole period "
        "from 1 April 2010 to the date of your request, and not year by year, so that no officer can be "
        "identified.")
    rows = [["", "1 April 2010 to 11 January 2016"],
            ["Cases", str(tot["cases"])],
            ["Allegations", str(tot["allegations"])],
            ["Officers investigated", str(tot["officers"])],
            ["Allegations substantiated", str(tot["substantiated"])],
            ["Dismissals", str(tot["dismissed"])],
            ["Resigned or retired", str(tot["resigned_or_retired"])]]
    p.table(rows, [80, 70])
    p.p(COMPLAINT)
    p.p("Yours sincerely,\nInformation Manager")
    f = p.save(b.out / "f04_cnc.pdf").name
    b.add("f04", "fy", "cnc", [f], "fpdf2, totals only, '1 April 2010 to 11 January 2016' column",
          [fig(m, "total", tot[m]) for m in MEASURES])


def f05_west_mercia(b: Builder):
    rng = random.Random("f05-west-mercia")
    per = FY[:-1]
    data = gen(rng, per, 1, 8)
    w = Word(["West Mercia Police", "Information Compliance Unit, Hindlip Hall, Worcester WR3 8SP"],
             footer="West Mercia Police and Warwickshire Police: Strategic Alliance")
    w.para(f"{DATE_LONG}", align="right")
    w.para("Freedom of Information Request: 1234/16", bold=True)
    w.para(f"Thank you for your request for information received on {RECEIVED}. West Mercia Police holds "
           "information relevant to your request, which is provided below. Figures for 2015/2016 will be "
           "available once the financial year has ended.")
    head = ["Financial Year", "Number of cases", "Number of allegations", "Number of officers",
            "Number found proven", "Dismissals", "Resigned/retired"]
    rows = [head] + [[f"{p[:4]}/{int(p[:4]) + 1}"] + [str(data[p][m]) for m in MEASURES] for p in per]
    rows.append(["Total"] + [str(total(data, per, m)) for m in MEASURES])
    w.table(rows, style="Table Grid", shade="E2EFDA", size=10, total_bold=True)
    w.para(COMPLAINT)
    w.para("Information Compliance Unit")
    path = w.save(b.out / "f05_west_mercia.docx")
    b.add("f05", "fy", "west-mercia", [path.name], "DOCX sent as DOCX, '2010/2011' labels, total row",
          figs(data, per))


def f06_warwickshire(b: Builder):
    rng = random.Random("f06-warwickshire")
    per = FY[2:]
    data = gen(rng, per, 0, 4)
    data["2013-14"]["substantiated"] = 0
    data["2014-15"]["dismissed"] = 0

    def cell(v):
        return "-" if v == 0 else str(v)

    w = Word(["Warwickshire Police", "Information Compliance, PO Box 4, Leek Wootton, Warwick CV35 7QB"],
             font="Arial", size=11)
    w.para(f"Date: {DATE_LONG}")
    w.para("Reference: FOI/WP/0088/16")
    w.para("Dear Requester,")
    w.para(f"Thank you for your request received on {RECEIVED}. Warwickshire Police holds information from "
           "1 April 2012, when the current Professional Standards system was introduced; information for "
           "earlier years is not held. The figures held are below.")
    rows = [["", "Cases", "Allegations", "Officers", "Substantiated", "Dismissed", "Resigned or retired"]]
    rows += [[f"FY {fy_slash(p)}"] + [cell(data[p][m]) for m in MEASURES] for p in per]
    w.table(rows, style=None, size=10, align="center", widths_cm=[2.6, 1.7, 2.4, 2.0, 2.9, 2.2, 2.6])
    w.para("- denotes nil.", size=9)
    w.para("The 2015/16 figures cover 1 April 2015 to 31 December 2015.", size=9)
    w.para(COMPLAINT)
    w.para("Information Compliance")
    f = b.word_pdf(w, "f06_warwickshire")
    b.add("f06", "fy", "warwickshire", [f], "Word->PDF, borderless table, 'FY 2012/13' labels, '-' with legend, no total",
          figs(data, per, with_total=False))


def f07_leicestershire(b: Builder):
    rng = random.Random("f07-leicestershire")
    data = gen(rng, FY, 2, 12)
    rows = [["Financial year", "Cases", "Allegations", "Officers investigated", "Substantiated", "Dismissed",
             "Resigned or retired"]]
    rows += [[p] + [lt5(data[p][m]) for m in MEASURES] for p in FY]
    rows.append(["Total"] + [str(total(data, FY, m)) for m in MEASURES])
    items = [
        ("h", "Leicestershire Police"),
        ("small", "Information Management, Force Headquarters, St Johns, Enderby, Leicester LE19 2BX"),
        ("space", 10),
        ("p", f"{DATE_LONG}<br/>Reference: 000123/16"),
        ("p", "Dear Requester,"),
        ("p", f"Thank you for your request of {RECEIVED}. Leicestershire Police holds the information you "
              "asked for. Where a number is fewer than five it has been shown as &lt;5 to protect the identity "
              "of the officers concerned (section 40(2)); the totals are given in full. 2015-16 covers 1 April "
              "to 31 December 2015."),
        ("table", rows, {"grid": True, "bold_last": True, "col_widths": [70, 50, 60, 80, 70, 55, 80]}),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Information Management"),
    ]
    f = "f07_leicestershire.pdf"
    rl_letter(b.out / f, items)
    b.add("f07", "fy", "leicestershire", [f], "reportlab, '2010-11' labels, <5 suppressed, totals in full",
          figs(data, FY, suppressed=is_lt5))


def f08_lincolnshire(b: Builder):
    rng = random.Random("f08-lincolnshire")
    data = gen(rng, FY, 1, 5)
    for p in FY:
        data[p]["dismissed"] = 0
        data[p]["resigned_or_retired"] = 0
    items = [
        ("h", "Lincolnshire Police"),
        ("small", "Freedom of Information, Police Headquarters, PO Box 999, Lincoln LN5 7PH"),
        ("space", 10),
        ("p", f"{DATE_LONG}<br/>Our ref: 016/2016"),
        ("p", "Dear Requester,"),
        ("p", f"Thank you for your request received on {RECEIVED}. Lincolnshire Police holds information relevant "
              "to your request. Each question is answered in turn below."),
        ("p", "<b>Q1.</b> The number of cases in which officers were investigated."),
        ("table", [["Financial year", "Number of cases"]] + [[fy_slash(p), str(data[p]["cases"])] for p in FY],
         {"grid": True, "col_widths": [90, 90]}),
        ("p", "<b>Q2.</b> The number of allegations, and the number of officers investigated."),
        ("table", [["Financial year", "Number of allegations", "Number of officers"]] +
         [[fy_slash(p), str(data[p]["allegations"]), str(data[p]["officers"])] for p in FY],
         {"grid": True, "col_widths": [90, 110, 100]}),
        ("p", "<b>Q3.</b> The number of allegations substantiated."),
        ("table", [["Financial year", "Substantiated"]] + [[fy_slash(p), str(data[p]["substantiated"])] for p in FY],
         {"grid": True, "col_widths": [90, 90]}),
        ("p", "<b>Q4.</b> The number of officers dismissed, or allowed to resign or retire, as a result."),
        ("p", "Nil return. No officer was dismissed, or resigned or retired, as a result of these investigations "
              "in the period of your request."),
        ("small", "2015/16 covers 1 April 2015 to 31 December 2015."),
        ("p", COMPLAINT),
        ("p", "Yours sincerely,<br/>Freedom of Information Officer"),
    ]
    f = "f08_lincolnshire.pdf"
    rl_letter(b.out / f, items)
    truth = figs(data, FY, measures=["cases", "allegations", "officers", "substantiated"], with_total=False)
    truth += [fig("dismissed", "total", 0), fig("resigned_or_retired", "total", 0)]
    b.add("f08", "fy", "lincolnshire", [f],
          "reportlab, answers per question Q1-Q3 as small tables, Q4 'Nil return' in prose (total 0)", truth)


def f09_gloucestershire(b: Builder):
    rng = random.Random("f09-gloucestershire")
    per = FY[:-1]
    data = gen(rng, per, 1, 7)
    names = {"cases": "Cases", "allegations": "Allegations", "officers": "Officers investigated",
             "substantiated": "Allegations found proven", "dismissed": "Officers dismissed",
             "resigned_or_retired": "Allowed to resign or retire"}
    w = Word(["Gloucestershire Constabulary", "Information Rights, No. 1 Waterwells, Waterwells Drive, Quedgeley, "
              "Gloucester GL2 2AN"], footer="OFFICIAL", font="Arial", size=10)
    _intro_word(w, "GC/FOI/2016/0019", "Gloucestershire Constabulary", "fy")
    w.para("Gloucestershire Constabulary holds the information for the five complete financial years since "
           "April 2010.")
    heads = [f"Apr {p[:4]} \u2013\nMar {int(p[:4]) + 1}" for p in per]
    rows = [["Measure", "Financial year", None, None, None, None], [None] + heads]
    rows += [[names[m]] + [str(data[p][m]) for p in per] for m in MEASURES]
    merges = [((0, 0), (1, 0)), ((0, 1), (0, 5))]
    w.table(rows, style="Table Grid", header_rows=2, shade="FBE4D5", merges=merges, size=9,
            widths_cm=[5.0] + [2.3] * 5)
    w.para(COMPLAINT)
    w.para("Yours sincerely,")
    w.para("Information Rights Officer")
    f = b.word_pdf(w, "f09_gloucestershire")
    b.add("f09", "fy", "gloucestershire", [f],
          "Word->PDF, merged 'Financial year' header over two-line 'Apr 2010 - Mar 2011' columns, measures as rows",
          figs(data, per, with_total=False))


LETTERS = [c01_kent, c02_essex, c03_merseyside, c04_psni, c05_north_wales, c06_met, c07_west_yorkshire,
           c08_lancashire, c09_derbyshire, c10_sussex, c11_surrey, c12_hampshire, c13_thames_valley,
           c14_wiltshire, c15_gwent, c16_city_of_london, c17_dorset, c18_durham,
           f01_btp, f02_police_scotland, f03_mdp, f04_cnc, f05_west_mercia, f06_warwickshire,
           f07_leicestershire, f08_lincolnshire, f09_gloucestershire]


def make(out_dir) -> dict:
    """Write the documents and truth.json into out_dir; return the truth."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="foi-eval2-") as work:
        b = Builder(out, Path(work))
        for letter in LETTERS:
            letter(b)
        office_to_pdf(b.to_convert, out, when=FIXED)
    requests = {}
    for key, periods in (("cy", "calendar-year"), ("fy", "financial-year")):
        to = [l["force"] for l in b.letters if l["request"] == key]
        requests[key] = {"periods": periods, "yaml": eval_request_yaml(key, to)}
    truth = {"sent": SENT, "requests": requests, "letters": b.letters}
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.splitlines()[2])
    t = make(sys.argv[1])
    print(f"{len(t['letters'])} letters, {sum(len(l['figures']) for l in t['letters'])} true figures "
          f"-> {sys.argv[1]}")
