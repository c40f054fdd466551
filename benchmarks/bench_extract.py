"""Seconds of `foi extract` on a long listing: a spreadsheet of records exported to PDF.

usage: python benchmarks/bench_extract.py [--pages 61] [--ruled] [--keep listing.pdf] [PDF ...]

Without a PDF, makes one as a spreadsheet program prints a sheet: one row per incident in eight
columns, the header row repeated on every page, no rules (`--ruled`: every cell boxed, as when
the sheet has borders), "Page N of M" at the foot. Times the whole `foi extract --json` process
(start-up included), then the same file read in this process (`read_as_built`), so that start-up
and printing can be told from reading.
"""
import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS_PER_PAGE = 45  # records on each landscape A4 page, under the header
TYPES = ["Violence with injury", "Violence without injury", "Theft", "Public order", "Criminal damage",
         "Sexual offences", "Possession of weapons"]
OUTCOMES = ["Charged", "No suspect identified", "Evidential difficulties", "Community resolution",
            "Under investigation"]
HOSPITALS = ["St Mary's Hospital", "Royal Infirmary", "General Hospital", "Children's Hospital", "City Hospital"]


def make_listing(path: Path, pages: int, ruled: bool, seed: int = 61) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

    rng = random.Random(seed)
    header = ["Reference", "Date Recorded", "Financial Year", "Hospital Name", "Crime Type", "Outcome",
              "Officer Involved", "Days Open"]
    rows = []
    for i in range(pages * ROWS_PER_PAGE):
        day = dt.date(2019, 4, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        start = day.year if day.month >= 4 else day.year - 1
        rows.append([f"CR/{100000 + i}/{day.year % 100}", day.strftime("%d/%m/%Y"), f"{start}/{(start + 1) % 100:02d}",
                     rng.choice(HOSPITALS), rng.choice(TYPES), rng.choice(OUTCOMES), rng.choice(["Yes", "No"]),
                     str(rng.randrange(0, 400))])
    style = [("FONT", (0, 0), (-1, -1), "Helvetica", 8), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
             ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.25, colors.black))
    story = []
    for page in range(pages):  # a page at a time, as a spreadsheet program lays a sheet out
        table = Table([header] + rows[page * ROWS_PER_PAGE:(page + 1) * ROWS_PER_PAGE],
                      colWidths=[80, 70, 60, 110, 120, 130, 60, 50])
        table.setStyle(TableStyle(style))
        story += [table, PageBreak()] if page < pages - 1 else [table]

    def footer(canvas, doc):
        canvas.setFont("Helvetica", 7)
        canvas.drawRightString(landscape(A4)[0] - 30, 20, f"Page {doc.page} of {pages}")

    SimpleDocTemplate(str(path), pagesize=landscape(A4), topMargin=24, bottomMargin=36, invariant=1).build(
        story, onFirstPage=footer, onLaterPages=footer)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=61)
    parser.add_argument("--ruled", action="store_true")
    parser.add_argument("--keep", type=Path, help="also keep the generated PDF here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = list(args.pdfs)
        if not pdfs:
            made = Path(args.keep or Path(tmp) / "listing.pdf")
            make_listing(made, args.pages, args.ruled)
            pdfs = [made]
        from foi.documents.ingest import read_as_built

        for pdf in pdfs:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "foi", "extract", "--json", str(pdf)], check=True,
                           stdout=subprocess.DEVNULL)
            whole = time.perf_counter() - start
            start = time.perf_counter()
            parsed, _ = read_as_built(pdf)
            read = time.perf_counter() - start
            print(f"{pdf.name}: {parsed.page_count} pages, {len(parsed.tables)} tables, "
                  f"{sum(t.n_rows for t in parsed.tables)} rows")
            print(f"| `foi extract --json`, whole process | {whole:.1f} s | {whole / 10:.2f}x the 10 s target |")
            print(f"| read_as_built in process | {read:.1f} s | {parsed.page_count / read:.1f} pages/s |")


if __name__ == "__main__":
    main()
