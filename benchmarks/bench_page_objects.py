"""Pages per second of a page's objects read by pdfminer (pdfplumber as usual) and by PDFium
(foi.documents.pdf.pdfium_objects), on the same files; and read_pdf end to end both ways.

    python benchmarks/bench_page_objects.py [PDF or folder ...] [--letters N]

Defaults: the corpus in tests/data/corpus plus N generated letters (reportlab, ruled table).
One process; PDFium is not thread-safe.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from foi.documents.pdf import read_pdf  # noqa: E402
from foi.documents.pdf.page import load_page_objects  # noqa: E402
from foi.documents.pdf.pdfium_objects import PdfiumObjects  # noqa: E402
from foi.documents.pdf.settings import DEFAULT_SETTINGS  # noqa: E402


def objects_pdfminer(path: Path) -> int:
    """The reader's objects of every page as pdfminer reads them (what the reader copies out)."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            load_page_objects(page)
            page.close()
        return len(pdf.pages)


def objects_pdfium(path: Path) -> int:
    """The same objects read by PDFium, pdfminer reading the pages PDFium cannot be trusted with."""
    with pdfplumber.open(path) as pdf, PdfiumObjects(str(path)) as src:
        for page in pdf.pages:
            if src.read(page) is None:
                load_page_objects(page)
            page.close()
        return len(pdf.pages)


def read_pdf_with(path: Path, mode: str) -> int:
    return read_pdf(path, settings=dataclasses.replace(DEFAULT_SETTINGS, page_objects=mode)).page_count


def _letters(folder: Path, n: int) -> list[Path]:
    from tests.letters import letter_pdf

    out = []
    for i in range(n):
        rows = [["Offence", "2021", "2022", "2023"]] + [
            [f"Category {r}", str(100 + i * r), str(90 + r), str(80 + 2 * r)] for r in range(25)
        ]
        paras = [f"Dear Requester, reference FOI/{i:04d}. Thank you for your request."] * 6
        out.append(letter_pdf(folder / f"letter{i}.pdf", paras, rows, ruled=bool(i % 2)))
    return out


def _time(fn, files: list[Path]) -> tuple[float, int]:
    t = time.perf_counter()
    pages = sum(fn(f) for f in files)
    return time.perf_counter() - t, pages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--letters", type=int, default=10)
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    paths = [Path(p) for p in args.paths] or [root / "tests" / "data" / "corpus"]
    files: list[Path] = []
    for p in paths:
        files += sorted(p.glob("*/*.pdf")) + sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    files = [f for f in files if "scanned" not in f.parts]  # OCR time is not what is measured
    with tempfile.TemporaryDirectory() as tmp:
        sets = {"corpus": files, "letters": _letters(Path(tmp), args.letters)}
        for name, group in sets.items():
            if not group:
                continue
            for label, fn in (("objects pdfminer", objects_pdfminer), ("objects pdfium", objects_pdfium),
                              ("read_pdf pdfminer", lambda f: read_pdf_with(f, "pdfminer")),
                              ("read_pdf pdfium", lambda f: read_pdf_with(f, "pdfium"))):
                secs, pages = _time(fn, group)
                print(f"{name:8} {label:18} {pages:4d} pages {secs:7.2f} s {pages / secs:7.1f} pages/s", flush=True)


if __name__ == "__main__":
    main()
