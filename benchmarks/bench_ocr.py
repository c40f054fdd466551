"""Time OCR of scanned letters, and check what the build makes of their figures.

usage: python benchmarks/bench_ocr.py [--pages 4]

Makes `--pages` scanned letters (a letter with a ruled table of figures, rendered at 150-300 dpi,
turned up to 2 degrees, blurred, with specks of dirt), then measures:

1. OCRmyPDF on one document of all those pages, `--jobs 1` (what the build gives each document);
2. the same on all cores (OCRmyPDF's own page parallelism);
3. `foi build` on the same pages as one-page documents, one worker per core (how a build runs),
   and the figures it got, against the truth put in the letters: right, flagged for review,
   and wrong without a flag (which must be 0).

Prints one line to paste into the README.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlite_utils  # noqa: E402

from foi.build import build  # noqa: E402
from foi.documents import ocr as ocr_mod  # noqa: E402
from foi.documents.responses import add_response  # noqa: E402
from foi.mail import send_request  # noqa: E402
from foi.workspace import init_workspace  # noqa: E402
from tests.letters import grey_page, letter_pdf  # noqa: E402

REQUEST = """\
title: Officers investigated
body: Please provide, for each calendar year since 2006, the number of officers investigated.
to: [england]
periods: calendar-year
since: 2006
measures:
  officers: [officers, officers investigated]
  allegations: [allegations]
"""
YEARS = list(range(2013, 2019))


def letter(path: Path, seed: int) -> dict:
    rnd = random.Random(seed)
    officers = [rnd.randint(0, 90) for _ in YEARS]
    allegations = [o + rnd.randint(0, 60) for o in officers]
    rows = [["Year", "Officers investigated", "Allegations"]] + [[str(y), str(o), str(a)] for y, o, a in zip(YEARS, officers, allegations)]
    truth = {("officers", str(y)): o for y, o in zip(YEARS, officers)} | {("allegations", str(y)): a for y, a in zip(YEARS, allegations)}
    if seed % 2 == 0:  # every other letter states totals
        rows.append(["Total", str(sum(officers)), str(sum(allegations))])
        truth |= {("officers", "total"): sum(officers), ("allegations", "total"): sum(allegations)}
    letter_pdf(path, [
        f"Our ref: FOI 2024/{seed:05d}", "Date: 12 March 2024", "Dear Requester,",
        "Thank you for your request. I can confirm that the force holds the information you requested, "
        "and it is provided in full in the table below.",
    ], rows)
    return truth


def scan(pdf: Path, dpi: int, angle: float, specks: int, seed: int):
    from PIL import Image, ImageFilter

    img = grey_page(pdf, dpi)
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.6))
    rnd = random.Random(seed)
    px = img.load()
    w, h = img.size
    for _ in range(w * h // specks):
        px[rnd.randrange(w), rnd.randrange(h)] = rnd.choice((0, 60, 120))
    return img


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    ok, versions = ocr_mod.ocr_available()
    if not ok:
        sys.exit(f"OCR is not available: {versions}")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        images, truths = [], []
        for i in range(args.pages):
            dpi = (150, 200, 300)[i % 3]
            angle = (-2.0, -0.7, 0.5, 1.5)[i % 4]
            truths.append(letter(tmp / f"born-{i}.pdf", seed=i))
            images.append((scan(tmp / f"born-{i}.pdf", dpi, angle, specks=(20000, 5000)[i % 2], seed=i), dpi))
        # one document of all the pages (each page keeps its own resolution)
        from PIL import Image  # noqa: F401

        pages = []
        for i, (img, dpi) in enumerate(images):
            one = tmp / f"scan-{i}.pdf"
            img.save(one, "PDF", resolution=dpi)
            pages.append(one)
        import pypdfium2 as pdfium

        combined = pdfium.PdfDocument.new()
        for one in pages:
            src = pdfium.PdfDocument(str(one))
            combined.import_pages(src)
            src.close()
        all_pages = tmp / "all.pdf"
        combined.save(str(all_pages))
        combined.close()
        n = args.pages
        timings = {}
        for label, jobs in (("1 job", 1), (f"{cores} cores", cores)):
            start = time.perf_counter()
            ocr_mod.ocr_pdf(all_pages, tmp / f"ocr-{jobs}.pdf", list(range(1, n + 1)), jobs=jobs)
            timings[label] = (time.perf_counter() - start) / n
            print(f"ocrmypdf, {n} pages, {label}: {timings[label]:.2f} s per page", file=sys.stderr)

        ws, _ = init_workspace(tmp / "ws")
        ws.request_path("bench").write_text(REQUEST, encoding="utf-8")
        send_request(ws, "bench", date=dt.date(2024, 2, 20))
        forces = ws.load_request("bench").recipients[:n]  # one letter per force, as in life
        for force, one in zip(forces, pages):
            add_response(ws, "bench", force, [one], date=dt.date(2024, 3, 12))
        start = time.perf_counter()
        report = build(ws, as_of=dt.date(2024, 3, 20), jobs=cores)
        per_page_build = (time.perf_counter() - start) / n
        db = sqlite_utils.Database(ws.db_path)
        right = flagged = wrong_unflagged = missing = 0
        unflagged_right = 0
        for i, truth in enumerate(truths):
            document = f"bench/{forces[i]}/scan-{i}.pdf"
            got = {(f["measure"], f["period"]): f for f in db.query("select * from figures where document = ?", [document])}
            for key, value in truth.items():
                f = got.get(key)
                if f is None:
                    missing += 1
                    continue
                right += f["value"] == value
                flagged += bool(f["needs_review"])
                unflagged_right += f["value"] == value and not f["needs_review"]
                wrong_unflagged += f["value"] != value and not f["needs_review"]
            wrong_unflagged += sum(1 for k, f in got.items() if k not in truth and not f["needs_review"])
        total = sum(len(t) for t in truths)
        confidence = [r["ocr_confidence"] for r in db.query("select ocr_confidence from documents")]
        print(
            f"build, {n} one-page scans, {cores} workers: {per_page_build:.2f} s per page "
            f"({report.documents.ocr_pages} pages OCR'd); mean OCR confidence "
            f"{sum(confidence) / len(confidence):.0f}%",
            file=sys.stderr,
        )
        print(
            f"OCR ({versions}, {cores} cores, {n} scanned A4 letters at 150-300 dpi): "
            f"{timings['1 job']:.1f} s per page with --jobs 1, {timings[f'{cores} cores']:.1f} s per page on {cores} cores, "
            f"{per_page_build:.1f} s per page in `foi build`; figures: {right} of {total} read right "
            f"({unflagged_right} of them need no review), {missing} missed, {wrong_unflagged} wrong without a flag"
        )


if __name__ == "__main__":
    main()
