"""Scanned tables, with and without reading them cell by cell (foi.documents.ocr_tables).

usage: python benchmarks/bench_ocr_tables.py [--eval ../shared/eval/letters-v1] [--no-made]

Two sets of scans:

* the scanned documents of an evaluation set (`--eval`, those whose style has `scanned`),
  scored with the set's own score.py against its truth;
* the scans made in tests/test_ocr_tables.py (ruled and unruled tables, 150-200 dpi, turned,
  blurred, noisy, JPEG'd, a faint grid, a stamp, a signature, one page inside a born-digital PDF).

For each set it builds a workspace twice from the same OCR'd copies: with FOI_OCR_TABLES=0 (the
tables the table reader finds in OCRmyPDF's text layer) and with the table step; it prints the
figures right, wrong with a flag and wrong without one, and the seconds per page of OCRmyPDF and
of the table step (measured on its own, without its cache, one process).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from foi.build import build  # noqa: E402
from foi.documents import ocr_tables  # noqa: E402
from foi.documents.ocr import clean_ocr_tables  # noqa: E402
from foi.documents.pdf import read_pdf  # noqa: E402
from foi.workspace import find_workspace  # noqa: E402


def _build(ws_root: Path, tables: bool) -> float:
    os.environ[ocr_tables.ENV_SWITCH] = "1" if tables else "0"
    (ws_root / "foi.db").unlink(missing_ok=True)
    for cache in ws_root.glob("responses/*/*/.ocr/*.cells.json"):
        cache.unlink()
    start = time.perf_counter()
    build(find_workspace(ws_root), jobs=2)
    return time.perf_counter() - start


def _ocr_seconds_per_page(ws_root: Path) -> float:
    seconds, pages = 0.0, 0
    for meta in ws_root.glob("responses/*/*/.ocr/*.json"):
        if meta.name.endswith(".cells.json"):
            continue
        m = json.loads(meta.read_text(encoding="utf-8"))
        if m.get("seconds"):
            seconds += m["seconds"]
            pages += len(m.get("pages_done") or [])
    return seconds / pages if pages else float("nan")


def _table_step_seconds_per_page(ws_root: Path) -> float:
    os.environ[ocr_tables.ENV_SWITCH] = "1"
    seconds, pages = 0.0, 0
    for copy in ws_root.glob("responses/*/*/.ocr/*.pdf"):
        meta = json.loads(copy.with_suffix(".json").read_text(encoding="utf-8"))
        done = meta.get("pages_done") or []
        parsed = read_pdf(copy)
        clean_ocr_tables(parsed.tables, done)
        start = time.perf_counter()
        ocr_tables.reread_tables(copy, parsed, done, None)
        seconds += time.perf_counter() - start
        pages += len(done)
    return seconds / pages if pages else float("nan")


def eval_set(eval_dir: Path, tmp: Path) -> None:
    truth = json.loads((eval_dir / "truth.json").read_text(encoding="utf-8"))
    scanned = [d for d in truth["documents"] if "scanned" in d["style"]]
    ws_root = tmp / "eval"
    shutil.copytree(eval_dir / "workspace" / "requests", ws_root / "requests")
    for d in scanned:
        dest = ws_root / d["file"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(eval_dir / "workspace" / d["file"], dest)
        dest.chmod(0o644)
    sub = dict(truth, documents=scanned, cases=[c for c in truth["cases"] if any(
        c["request"] == d["request"] and c["force"] == d["force"] for d in scanned)])
    truth_path = tmp / "truth-scanned.json"
    truth_path.write_text(json.dumps(sub), encoding="utf-8")
    pages = None
    for tables in (False, True):
        seconds = _build(ws_root, tables)
        out = subprocess.run([sys.executable, str(eval_dir / "score.py"), str(truth_path), str(ws_root / "foi.db"), "--verbose"],
                             capture_output=True, text=True).stdout
        counts = [ln for ln in out.splitlines() if ln.startswith("Correct:")]
        pages = pages or sum(r["pages"] or 0 for r in sqlite_utils.Database(ws_root / "foi.db").query("select pages from documents"))
        print(f"eval scans, {'table step' if tables else 'text layer only'}: {out.strip().splitlines()[-1]} | "
              f"{counts[0] if counts else ''} | build {seconds:.1f}s")
    print(f"eval scans: {len(scanned)} documents, {pages} pages; OCRmyPDF {_ocr_seconds_per_page(ws_root):.1f} s/page, "
          f"table step {_table_step_seconds_per_page(ws_root):.1f} s/page")


def made_set(tmp: Path) -> None:
    from tests import test_ocr_tables as made

    class Factory:
        def mktemp(self, name):
            p = tmp / name
            p.mkdir()
            return p

    os.environ[ocr_tables.ENV_SWITCH] = "0"
    fixture = made.scans.__wrapped__(Factory())
    ws_root = fixture["ws"].root
    for tables in (False, True):
        seconds = _build(ws_root, tables)
        right, total, silent = made._score(sqlite_utils.Database(ws_root / "foi.db"), fixture["truth"])
        print(f"made scans, {'table step' if tables else 'text layer only'}: {right}/{total} right "
              f"({right / total:.1%}), {len(silent)} wrong without a flag | build {seconds:.1f}s")
    print(f"made scans: {len(made.SCANS)} pages; OCRmyPDF {_ocr_seconds_per_page(ws_root):.1f} s/page, "
          f"table step {_table_step_seconds_per_page(ws_root):.1f} s/page")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval" / "letters-v1")
    ap.add_argument("--no-made", action="store_true", help="skip the scans made by the tests")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="foi-bench-tables-") as t:
        tmp = Path(t)
        if args.eval and (args.eval / "truth.json").is_file():
            eval_set(args.eval, tmp)
        if not args.no_made:
            made_set(tmp)


if __name__ == "__main__":
    main()
