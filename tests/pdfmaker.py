"""Build small real PDFs for the tests with reportlab."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def letter_pdf(path: Path, paragraphs: list[str], table: list[list[str]] | None = None, ruled: bool = True) -> Path:
    styles = getSampleStyleSheet()
    story = []
    for text in paragraphs:
        story += [Paragraph(text, styles["Normal"]), Spacer(1, 8)]
    if table:
        t = Table(table)
        style = [("FONT", (0, 0), (-1, 0), "Helvetica-Bold")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        t.setStyle(TableStyle(style))
        story.append(t)
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path
