#!/usr/bin/env python3
"""Score foi's PDF table extraction on a corpus, beside plain pdfplumber, in one run.

usage: python benchmarks/score_corpus.py [CORPUS_DIR] [--partial] [--unjoined] [--verbose]

CORPUS_DIR (default tests/data/corpus) has a manifest.tsv (source, pdf, pages, expected_csv, ...).
The scoring is the acceptance check's (/work/shared/tools/score_tables.py), calling
`foi.documents.pdf.extract_tables` directly instead of `foi extract --json`:

* every cell is compared after collapsing white space; empty rows and columns are dropped;
* each expected table is matched to the table on its page with the best cell F1 (F1 of the
  multisets of non-empty cell texts); row recall is the share of expected rows (non-empty cells,
  in order) found as rows;
* the baseline is pdfplumber with default settings, `page.extract_tables()` on whole pages.

Manifest rows whose expected_csv is not a CSV (pdfplumber's partial assertions, a JSON file) are
skipped, as the official scorer does; `--partial` also checks those assertions and prints how
many hold (informative only: they were written for specific pdfplumber settings).

`score(corpus_dir)` returns {"sources": {source: {...}}, "overall": {...}, "tables": [...]}.
"""
from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections import Counter, defaultdict

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)


def norm(c) -> str:
    return " ".join(str(c or "").split())


def clean(grid):
    g = [[norm(c) for c in r] for r in grid]
    g = [r for r in g if any(r)]
    if not g:
        return []
    w = max(len(r) for r in g)
    g = [r + [""] * (w - len(r)) for r in g]
    keep = [j for j in range(w) if any(r[j] for r in g)]
    return [[r[j] for j in keep] for r in g]


def cell_scores(gt, pr) -> tuple[float, float]:
    """(cell F1, row recall) of predicted grid `pr` against expected grid `gt` (both cleaned)."""
    G = Counter(c for r in gt for c in r if c)
    P = Counter(c for r in pr for c in r if c)
    tp = sum((G & P).values())
    prec, rec = tp / max(1, sum(P.values())), tp / max(1, sum(G.values()))
    f1 = 2 * prec * rec / (prec + rec) if tp else 0.0
    grow = Counter(tuple(c for c in r if c) for r in gt)
    prow = Counter(tuple(c for c in r if c) for r in pr)
    return f1, sum((grow & prow).values()) / max(1, sum(grow.values()))


def foi_tables(pdf: str, ocr: bool = False):
    """What `foi extract --json` returns (with ocr=True, image-only pages OCR'd as the build does)."""
    from foi.documents.ingest import read_as_built
    from foi.documents.pdf import extract_tables

    try:
        if ocr:
            return [(t.page, t.to_json()["rows"]) for t in read_as_built(pdf)[0].tables]
        return [(t.page, t.to_json()["rows"]) for t in extract_tables(pdf)]
    except Exception as exc:  # a failure scores zero, like a failing `foi extract`
        print(f"foi failed on {pdf}: {exc}", file=sys.stderr)
        return None


def foi_tables_unjoined(pdf: str):
    """foi with tables that run over a page break left in pieces, one per page (informative:
    the corpus's expected CSVs hold only the page a table starts on)."""
    from foi.documents.pdf import read_pdf

    try:
        return [(t.page, t.to_json()["rows"]) for t in read_pdf(pdf, join_pages=False).tables]
    except Exception:
        return None


def baseline_tables(pdf: str):
    import pdfplumber

    out = []
    try:
        with pdfplumber.open(pdf) as doc:
            for i, p in enumerate(doc.pages, 1):
                out += [(i, t) for t in p.extract_tables()]
    except Exception:
        return None
    return out


def _manifest(root: str):
    with open(os.path.join(root, "manifest.tsv"), encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def score(corpus_dir: str, *, partial: bool = False, unjoined: bool = False, ocr: bool = False) -> dict:
    """Score foi and the pdfplumber baseline on every CSV-backed table of the corpus.

    `ocr` scores foi exactly as `foi extract` reads a file (image-only pages OCR'd; needs
    OCRmyPDF). `unjoined` also scores foi with tables left unjoined across page breaks
    ("foi_unjoined")."""
    root = corpus_dir
    by_pdf = defaultdict(list)
    for m in _manifest(root):
        if m["expected_csv"].endswith(".csv") or ".csv;" in m["expected_csv"]:
            by_pdf[m["pdf"]].append(m)
    runs = [("foi", (lambda pdf: foi_tables(pdf, ocr=True)) if ocr else foi_tables), ("baseline", baseline_tables)]
    if unjoined:
        runs.append(("foi_unjoined", foi_tables_unjoined))
    res = {name: defaultdict(list) for name, _ in runs}
    secs = Counter()
    failed = []
    detail = []
    for pdf, ms in sorted(by_pdf.items()):
        path = os.path.join(root, pdf)
        got = {}
        for name, fn in runs:
            t0 = time.perf_counter()
            tables = fn(path)
            secs[name] += time.perf_counter() - t0
            if tables is None:
                failed.append(f"{name}:{pdf}")
                tables = []
            got[name] = tables
        for m in ms:
            page = int(m["pages"].split("-")[0])
            for e in m["expected_csv"].split(";"):
                with open(os.path.join(root, e), encoding="utf-8") as fh:
                    gt = clean(list(csv.reader(fh)))
                row = {"source": m["source"], "pdf": pdf, "expected": e, "flavor": m["flavor"]}
                for name, _ in runs:
                    cands = [clean(rows) for p, rows in got[name] if p == page]
                    best = max((cell_scores(gt, c) for c in cands if c), default=(0.0, 0.0))
                    res[name][m["source"]].append(best)
                    row[name] = best
                detail.append(row)
    mean = lambda v: sum(v) / len(v) if v else 0.0
    sources = {}
    for src in sorted(res["foi"]):
        f, b = res["foi"][src], res["baseline"][src]
        sources[src] = {
            "tables": len(f),
            "foi_cell_f1": mean([x[0] for x in f]),
            "foi_row_recall": mean([x[1] for x in f]),
            "baseline_cell_f1": mean([x[0] for x in b]),
            "baseline_row_recall": mean([x[1] for x in b]),
        }
    allf = [x for v in res["foi"].values() for x in v]
    allb = [x for v in res["baseline"].values() for x in v]
    out = {
        "sources": sources,
        "overall": {
            "tables": len(allf),
            "foi_cell_f1": mean([x[0] for x in allf]),
            "foi_row_recall": mean([x[1] for x in allf]),
            "baseline_cell_f1": mean([x[0] for x in allb]),
            "baseline_row_recall": mean([x[1] for x in allb]),
            "foi_seconds": secs["foi"],
            "baseline_seconds": secs["baseline"],
        },
        "failed": failed,
        "tables": detail,
    }
    if unjoined:
        allu = [x for v in res["foi_unjoined"].values() for x in v]
        out["overall"]["foi_unjoined_cell_f1"] = mean([x[0] for x in allu])
        out["overall"]["foi_unjoined_row_recall"] = mean([x[1] for x in allu])
    if partial:
        out["partial"] = check_partial(root)
    return out


# ---------------------------------------------------------------------------------------------
# pdfplumber's partial assertions (informative)
# ---------------------------------------------------------------------------------------------


def check_partial(root: str) -> list[dict]:
    """Check pdfplumber's partial assertions against foi's tables of the same page.

    Each check passes when at least one foi table on the page satisfies it (after collapsing
    white space and dropping empty rows and columns). Notes are reported as "note".
    """
    from foi.documents.pdf import extract_tables

    path = os.path.join(root, "pdfplumber", "partial_expectations.json")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as fh:
        specs = json.load(fh)
    out = []
    cache = {}
    for spec in specs:
        pdf = os.path.join(root, "pdfplumber", spec["pdf"])
        if pdf not in cache:
            try:
                cache[pdf] = extract_tables(pdf)
            except Exception:
                cache[pdf] = []
        tables = [clean(t.rows) for t in cache[pdf] if t.page == spec["page"]]
        for chk in spec["checks"]:
            out.append({"pdf": spec["pdf"], "op": chk["op"], "result": _check(chk, tables)})
    return out


def _check(chk: dict, tables: list) -> str:
    op = chk["op"]
    if op == "note":
        return "note"
    nz = lambda r: [c for c in r if c]

    def rows_of(t):
        sl = chk.get("row_slice")
        return t[sl[0] : sl[1]] if sl else t

    try:
        if op == "n_tables":
            return "pass" if len(tables) == chk["value"] else f"fail ({len(tables)} tables)"
        if op == "table_n_rows":
            return "pass" if [len(t) for t in tables] == chk["value"] else "fail"
        if op == "each_table_shape":
            r, c = chk["value"]
            ok = tables and all(len(t) == r and len(t[0]) == c for t in tables)
            return "pass" if ok else "fail"
        if op == "each_table_last_row_contains":
            ok = tables and all(any(chk["value"] in c for c in t[-1]) for t in tables)
            return "pass" if ok else "fail"
        if op == "row_equals":
            want = nz([norm(v) for v in chk["value"]])
            for t in tables:
                rows = rows_of(t)
                idx = chk.get("index", 0)
                if rows and -len(rows) <= idx < len(rows) and nz(rows[idx]) == want:
                    return "pass"
                if any(nz(r) == want for r in rows):
                    return "pass (other row)"
            return "fail"
        if op == "cell_equals":
            for t in tables:
                for r in t:
                    if norm(chk["value"]) in r:
                        return "pass (value present)"
            return "fail"
        if op == "column_sums_equal_totals_row":
            return "skipped"
    except Exception as exc:  # pragma: no cover
        return f"error {exc}"
    return "skipped"


def print_report(result: dict, verbose: bool = False) -> None:
    print(f"{'source':16s} {'tables':>6s}  {'foi cellF1':>10s} {'foi rowRec':>10s}  "
          f"{'base cellF1':>11s} {'base rowRec':>11s}")
    for src, s in result["sources"].items():
        print(f"{src:16s} {s['tables']:6d}  {s['foi_cell_f1']:10.3f} {s['foi_row_recall']:10.3f}  "
              f"{s['baseline_cell_f1']:11.3f} {s['baseline_row_recall']:11.3f}")
    o = result["overall"]
    if verbose:
        print()
        for t in result["tables"]:
            print(f"  {t['expected']:62s} {t['flavor'][:12]:12s} foi={t['foi'][0]:.2f}/{t['foi'][1]:.2f}"
                  f"  base={t['baseline'][0]:.2f}/{t['baseline'][1]:.2f}")
    if result["failed"]:
        print("failed:", ", ".join(result["failed"]))
    if "partial" in result:
        c = Counter(r["result"].split(" ")[0] for r in result["partial"])
        print("partial assertions:", dict(c))
        if verbose:
            for r in result["partial"]:
                print(f"  {r['pdf']:50s} {r['op']:28s} {r['result']}")
    print(f"seconds foi={o['foi_seconds']:.1f} baseline={o['baseline_seconds']:.1f}")
    if "foi_unjoined_cell_f1" in o:
        print(f"(informative) foi with tables not joined across pages: cellF1={o['foi_unjoined_cell_f1']:.3f} "
              f"rowRec={o['foi_unjoined_row_recall']:.3f}")
    print(f"overall tables={o['tables']} foi_cellF1={o['foi_cell_f1']:.3f} "
          f"foi_rowRec={o['foi_row_recall']:.3f} baseline_cellF1={o['baseline_cell_f1']:.3f} "
          f"baseline_rowRec={o['baseline_row_recall']:.3f}")


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in args or "-v" in args
    partial = "--partial" in args
    unjoined = "--unjoined" in args
    ocr = "--ocr" in args
    args = [a for a in args if not a.startswith("-")]
    root = args[0] if args else os.path.join(_ROOT, "tests", "data", "corpus")
    print_report(score(root, partial=partial, unjoined=unjoined, ocr=ocr), verbose=verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
