"""Pages per second of a page's objects read by pdfminer (pdfplumber as usual) and by PDFium
(foi.documents.pdf.pdfium_objects), on the same files; and read_pdf end to end both ways.

    python benchmarks/bench_page_objects.py [PDF or folder ...] [--letters N]

Defaults: the corpus in tests/data/corpus plus N generated letters (reportlab, ruled table).
One process; PDFium is not thread-safe.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from foi.documents.pdf import read_pdf  # noqa: E402
from foi.documents.pdf.pdfium_objects import PdfiumObjects  # noqa: E402

KINDS = ("chars", "rects", "lines", "curves", "images")


def _touch(page) -> int:
    return sum(len(getattr(page, kind)) for kind in KINDS) + len(page.edges)


def objects_pdfminer(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _touch(page)
            page.close()
        return len(pdf.pages)


def objects_pdfium(path: Path) -> int:
    with pdfplumber.open(path) as pdf, PdfiumObjects(str(path)) as src:
        for page in pdf.pages:
            src.install(page)
            _touch(page)
            page.close()
        return len(pdf.pages)


def read_pdf_with(path: Path, mode: str) -> int:
    os.environ["FOI_PDF_OBJECTS"] = mode
    return read_pdf(path).page_count


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
