#!/usr/bin/env python3
"""Score `foi build`'s figures on a held-out set of letters (tests/eval_letters*) against their truth.

usage: python benchmarks/score_figures.py [OUT_DIR] [--set 1|2|3|tables] [--keep WORKSPACE] [--details] [--json]

OUT_DIR holds the letters and truth.json written by the set's make.py (tests/eval_letters/,
eval_letters2/, eval_letters3/); without it they are generated into a temporary folder. The script builds a workspace (init_workspace, the two request
files, `send_request`, `add_response` with each letter's documents to its force), runs `foi.build.build`,
reads `figures` from foi.db and compares each figure with the truth, keyed by (request, force,
measure, period):

* right            value and suppressed both match (flagged or not)
* wrong_flagged    a figure for a true key that differs, with needs_review = 1
* wrong_unflagged  a figure for a true key that differs, with needs_review = 0
* extra_unflagged  a figure for a key with no truth, needs_review = 0 (counted as wrong-unflagged too)
* extra_flagged    a figure for a key with no truth, needs_review = 1
* missing          a true figure with no extracted figure

When the build gives several figures for one true key, the key is right only if all of them are;
otherwise it is wrong-unflagged if any differing one is unflagged, else wrong-flagged.

`score(out_dir=None, workspace=None, which=1) -> dict` returns {"letters": [...], "totals": {...},
"problems": [...]}, problems being every wrong and missing figure with what was read.
`score_tables()` scores the table-level set (tests/figures_eval: `extract_figures` on each letter's
tables, no build) the same way, and `failures(result, min_right)` says what fails an evaluation's
bar. This is the one scorer of these evaluations: the tests call it, with their bars.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

SLUGS = {"cy": "eval-images-cy", "fy": "eval-images-fy"}
SENT = dt.date(2016, 1, 11)
RESPONDED = dt.date(2016, 2, 12)
AS_OF = dt.date(2016, 3, 1)
CATEGORIES = ["right", "wrong_flagged", "wrong_unflagged", "extra_unflagged", "extra_flagged", "missing"]


# The held-out sets: each folder's make.py writes its documents and truth.json.
SETS = {1: "eval_letters", 2: "eval_letters2", 3: "eval_letters3"}


def maker(which: int = 1):
    """Set `which`'s make.py, imported as the module tests.<folder>.make."""
    import importlib

    return importlib.import_module(f"tests.{SETS[which]}.make")


def _make(out_dir: Path, which: int = 1) -> dict:
    return maker(which).make(out_dir)


def build_workspace(out_dir: Path, truth: dict, root: Path) -> Path:
    """A workspace at root with the two requests sent and every letter added; returns foi.db's path."""
    from foi.build import build
    from foi.documents.responses import add_response
    from foi.mail import send_request
    from foi.workspace import init_workspace

    ws, _ = init_workspace(root)
    for key, slug in SLUGS.items():
        ws.request_path(slug).write_text(truth["requests"][key]["yaml"], encoding="utf-8")
        send_request(ws, slug, date=SENT)
    for letter in truth["letters"]:
        add_response(ws, SLUGS[letter["request"]], letter["force"], [out_dir / f for f in letter["files"]],
                     date=RESPONDED, outcome="full")
    build(ws, as_of=AS_OF, jobs=1)
    return ws.db_path


def read_figures(db_path: Path) -> list[dict]:
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    cols = {r[1] for r in con.execute("pragma table_info(figures)")}
    want = [c for c in ("request", "force", "measure", "period", "value", "suppressed", "needs_review",
                        "review_reasons", "raw_text", "header", "document", "page", "table_number", "row", "col")
            if c in cols]
    rows = [dict(r) for r in con.execute(f"select {', '.join(want)} from figures")]
    con.close()
    return rows


def _matches(truth: dict, fig: dict) -> bool:
    if bool(truth["suppressed"]) != bool(fig.get("suppressed")):
        return False
    if truth["suppressed"]:
        return fig.get("value") is None
    try:
        return fig.get("value") is not None and int(fig["value"]) == int(truth["value"])
    except (TypeError, ValueError):
        return False


def _show(value, suppressed) -> str:
    return "suppressed" if suppressed else ("null" if value is None else str(value))


def judge(truth: dict, found: list[dict]) -> str:
    """The verdict on one true figure given every figure extracted for its key: right only if all
    of them match; otherwise wrong_unflagged if any that differs is unflagged, else wrong_flagged."""
    if not found:
        return "missing"
    bad = [f for f in found if not _matches(truth, f)]
    if not bad:
        return "right"
    return "wrong_unflagged" if any(not f.get("needs_review") for f in bad) else "wrong_flagged"


def compare(truth: dict, figures: list[dict]) -> dict:
    by_force = {(SLUGS[l["request"]], l["force"]): l for l in truth["letters"]}
    got = defaultdict(list)
    for f in figures:
        got[(f["request"], f["force"], f["measure"], str(f["period"]))].append(f)
    letters, problems = [], []
    seen = set()
    for (slug, force), letter in by_force.items():
        counts = dict.fromkeys(CATEGORIES, 0)
        flagged_right = 0
        for t in letter["figures"]:
            key = (slug, force, t["measure"], t["period"])
            seen.add(key)
            found = got.get(key, [])
            expected = _show(t["value"], t["suppressed"])
            kind = judge(t, found)
            counts[kind] += 1
            if kind == "missing":
                problems.append({"kind": "missing", "letter": letter["id"], "force": force, "measure": t["measure"],
                                 "period": t["period"], "expected": expected, "got": None})
                continue
            if kind == "right":
                flagged_right += any(f.get("needs_review") for f in found)
                continue
            for f in (f for f in found if not _matches(t, f)):
                problems.append({
                    "kind": kind, "letter": letter["id"], "force": force, "measure": t["measure"],
                    "period": t["period"], "expected": expected, "got": _show(f.get("value"), f.get("suppressed")),
                    "needs_review": f.get("needs_review"), "raw_text": f.get("raw_text"), "header": f.get("header"),
                    "reasons": f.get("review_reasons"), "where": _where(f),
                })
        for key, found in got.items():
            if key[:2] != (slug, force) or key in seen:
                continue
            for f in found:
                kind = "extra_flagged" if f.get("needs_review") else "extra_unflagged"
                counts[kind] += 1
                problems.append({
                    "kind": kind, "letter": letter["id"], "force": force, "measure": key[2], "period": key[3],
                    "expected": None, "got": _show(f.get("value"), f.get("suppressed")),
                    "needs_review": f.get("needs_review"), "raw_text": f.get("raw_text"), "header": f.get("header"),
                    "reasons": f.get("review_reasons"), "where": _where(f),
                })
        letters.append({"id": letter["id"], "force": force, "request": slug, "features": letter["features"],
                        "true": len(letter["figures"]), "flagged_right": flagged_right, **counts})
    # Figures for a force that sent no letter here would be a bug of the harness: report them as extras.
    for key, found in got.items():
        if key[:2] not in by_force:
            for f in found:
                problems.append({"kind": "extra_flagged" if f.get("needs_review") else "extra_unflagged",
                                 "letter": "?", "force": key[1], "measure": key[2], "period": key[3],
                                 "expected": None, "got": _show(f.get("value"), f.get("suppressed"))})
    return {"letters": letters, "totals": _totals(letters), "problems": problems}


def _totals(letters: list[dict]) -> dict:
    tot = {c: sum(l[c] for l in letters) for c in CATEGORIES}
    tot["true"] = sum(l["true"] for l in letters)
    tot["flagged_right"] = sum(l["flagged_right"] for l in letters)
    tot["wrong_unflagged_all"] = tot["wrong_unflagged"] + tot["extra_unflagged"]
    n = max(1, tot["true"])
    tot["shares"] = {c: round(tot[c] / n, 4) for c in ("right", "wrong_flagged", "wrong_unflagged", "missing")}
    return tot


def _where(f: dict) -> str:
    parts = [str(f.get("document") or "").split("/")[-1]]
    for k in ("page", "table_number", "row", "col"):
        if f.get(k) is not None:
            parts.append(f"{k[0] if k != 'table_number' else 't'}{f[k]}")
    return " ".join(p for p in parts if p)


def score(out_dir=None, workspace=None, which: int = 1) -> dict:
    """Generate (when out_dir has no truth.json) set `which`'s letters, build, and score."""
    with tempfile.TemporaryDirectory(prefix="foi-score-figures-") as tmp:
        out_dir = Path(out_dir) if out_dir else Path(tmp) / "letters"
        truth_path = out_dir / "truth.json"
        truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else _make(out_dir, which)
        root = Path(workspace) if workspace else Path(tmp) / "ws"
        db = build_workspace(out_dir, truth, root)
        figures = read_figures(db)
        result = compare(truth, figures)
        result["db"] = str(db) if workspace else None
        return result


def score_tables() -> dict:
    """The table-level evaluation (tests/figures_eval): foi.figures.extract_figures run straight on
    each synthetic letter's tables, no documents and no build, judged as `compare` judges; an
    extracted figure with no truth is an extra. Same result shape as `score`."""
    from foi.figures import MeasureSpec, extract_figures
    from tests.figures_eval.make_letters import make_hard_letters, make_letters

    letters, problems = [], []
    for letter in make_letters() + make_hard_letters():
        got = defaultdict(list)
        for f in extract_figures(letter.tables, MeasureSpec.from_dict(letter.spec), letter_text=letter.letter_text):
            got[(f.measure, f.period)].append({"value": f.value, "suppressed": f.suppressed,
                                               "needs_review": f.needs_review, "raw_text": f.raw_text,
                                               "header": f.header, "reasons": f.review_reasons[:2]})
        counts = dict.fromkeys(CATEGORIES, 0)
        flagged_right = 0
        where = {"letter": letter.name, "force": ""}
        for (measure, period), (value, suppressed) in letter.truth.items():
            truth = {"value": value, "suppressed": suppressed}
            found = got.get((measure, period), [])
            kind = judge(truth, found)
            counts[kind] += 1
            flagged_right += kind == "right" and any(f["needs_review"] for f in found)
            if kind != "right":
                shown = [f for f in found if not _matches(truth, f)] or [{}]
                problems += [{**where, "kind": kind, "measure": measure, "period": period,
                              "expected": _show(value, suppressed),
                              "got": _show(f.get("value"), f.get("suppressed")) if f else None, **f} for f in shown]
        for (measure, period), found in got.items():
            if (measure, period) in letter.truth:
                continue
            for f in found:
                kind = "extra_flagged" if f["needs_review"] else "extra_unflagged"
                counts[kind] += 1
                problems.append({**where, "kind": kind, "measure": measure, "period": period, "expected": None,
                                 "got": _show(f["value"], f["suppressed"]), **f})
        letters.append({"id": letter.name, "force": "", "request": letter.spec["periods"],
                        "features": letter.description, "true": len(letter.truth), "flagged_right": flagged_right,
                        **counts})
    return {"letters": letters, "totals": _totals(letters), "problems": problems}


LETTERS_V1 = _ROOT.parent / "shared" / "eval" / "letters-v1"  # the independent set, beside the repository
V1_SUMMARY = re.compile(r"figure_recall=([\d.]+) silent_errors=(\d+) outcome_accuracy=([\d.]+)")
V1_OUTCOMES = re.compile(r"Outcome accuracy: (\d+)/(\d+)")


def score_letters_v1(workspace: Path, jobs: int = 2) -> dict:
    """The independent set (LETTERS_V1): its workspace copied to `workspace` and built, then scored
    by the set's own score.py. Returns {"recall", "silent_errors", "outcomes_right", "documents",
    "text"}: score.py's summary read from its printout, and the printout itself."""
    import shutil
    import subprocess

    from foi.build import build
    from foi.workspace import Workspace

    root = Path(workspace)
    shutil.copytree(LETTERS_V1 / "workspace", root)
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)  # the shared copy is read-only
    build(Workspace(root), jobs=jobs)
    text = subprocess.run([sys.executable, str(LETTERS_V1 / "score.py"), str(LETTERS_V1 / "truth.json"),
                           str(root / "foi.db")], capture_output=True, text=True, check=True).stdout
    summary = V1_SUMMARY.fullmatch(text.strip().splitlines()[-1])
    outcomes = V1_OUTCOMES.search(text)
    if not (summary and outcomes):
        raise ValueError(f"score.py printed no summary the benchmark can read:\n{text}")
    return {"recall": float(summary.group(1)), "silent_errors": int(summary.group(2)),
            "outcomes_right": int(outcomes.group(1)), "documents": int(outcomes.group(2)), "text": text}


def failures(result: dict, min_right: float) -> list[str]:
    """What fails an evaluation's bar, as messages (none: it passes): any wrong figure not flagged
    for review, or fewer than `min_right` of the true figures right."""
    t = result["totals"]
    out = []
    unflagged = [p for p in result["problems"] if p["kind"] in ("wrong_unflagged", "extra_unflagged")]
    if t["wrong_unflagged_all"]:
        out.append("wrong numbers not flagged for review:\n" + "\n".join(map(describe, unflagged)))
    if t["right"] < min_right * t["true"]:
        not_right = [p for p in result["problems"] if p["kind"] in ("wrong_flagged", "missing")]
        out.append(f"only {t['right']} of {t['true']} figures right ({t['right'] / max(1, t['true']):.1%}, "
                   f"below {min_right:.0%}); not right:\n" + "\n".join(map(describe, not_right)))
    return out


def assert_meets(result: dict, min_right: float, out=sys.stdout) -> None:
    """The tests' check: the full report written to `out`, then an AssertionError naming every
    failure (failures) if the result is below the bar."""
    report(result, details=True, out=out)
    failed = failures(result, min_right)
    assert not failed, "\n\n".join(failed)


def describe(problem: dict) -> str:
    p = problem
    return (f"{p['kind']:15} {p['letter']} {p['force']} {p['measure']} {p['period']}: expected {p['expected']}, "
            f"got {p['got']} (header {p.get('header')!r}, raw {p.get('raw_text')!r}, at {p.get('where')})")


def report(result: dict, details: bool = True, out=sys.stdout) -> None:
    w = out.write
    head = f"{'letter':6} {'force':20} {'true':>4} {'right':>5} {'w-flag':>6} {'w-unfl':>6} {'x-unfl':>6} {'x-flag':>6} {'miss':>5}  features\n"
    w(head)
    w("-" * (len(head) + 20) + "\n")
    for l in result["letters"]:
        w(f"{l['id']:6} {l['force'][:20]:20} {l['true']:>4} {l['right']:>5} {l['wrong_flagged']:>6} "
          f"{l['wrong_unflagged']:>6} {l['extra_unflagged']:>6} {l['extra_flagged']:>6} {l['missing']:>5}  {l['features']}\n")
    t = result["totals"]
    n = max(1, t["true"])
    w("-" * (len(head) + 20) + "\n")
    w(f"{'TOTAL':27} {t['true']:>4} {t['right']:>5} {t['wrong_flagged']:>6} {t['wrong_unflagged']:>6} "
      f"{t['extra_unflagged']:>6} {t['extra_flagged']:>6} {t['missing']:>5}\n\n")
    w(f"true figures          {t['true']}\n")
    w(f"right                 {t['right']:5}  {100 * t['right'] / n:5.1f}%  ({t['flagged_right']} of them flagged)\n")
    w(f"wrong, flagged        {t['wrong_flagged']:5}  {100 * t['wrong_flagged'] / n:5.1f}%\n")
    w(f"wrong, unflagged      {t['wrong_unflagged']:5}  {100 * t['wrong_unflagged'] / n:5.1f}%\n")
    w(f"missing               {t['missing']:5}  {100 * t['missing'] / n:5.1f}%\n")
    w(f"extra, unflagged      {t['extra_unflagged']:5}  (count as wrong-unflagged: {t['wrong_unflagged_all']} in all)\n")
    w(f"extra, flagged        {t['extra_flagged']:5}\n")
    if details:
        for kind in ("wrong_unflagged", "extra_unflagged", "wrong_flagged", "missing", "extra_flagged"):
            rows = [p for p in result["problems"] if p["kind"] == kind]
            if not rows:
                continue
            w(f"\n{kind} ({len(rows)}):\n")
            for p in rows:
                extra = ""
                if p.get("raw_text") is not None or p.get("where"):
                    extra = f"  raw={p.get('raw_text')!r} header={p.get('header')!r} at {p.get('where')}"
                    if p.get("reasons"):
                        extra += f" reasons={p['reasons']!r}"
                w(f"  {p['letter']:4} {p['force'][:18]:18} {p['measure']:20} {p['period']:8} "
                  f"expected={p['expected']!s:10} got={p['got']!s:10}{extra}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", nargs="?", type=Path)
    ap.add_argument("--keep", type=Path, help="build the workspace here and keep it (to look at foi.db)")
    ap.add_argument("--details", action="store_true", help="list every figure that is not right")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--set", choices=[*map(str, sorted(SETS)), "tables", "v1"], default="1",
                    help="which held-out set (default 1); `tables`: tests/figures_eval, extracted from its tables "
                         "alone; `v1`: ../shared/eval/letters-v1, scored by its own score.py")
    args = ap.parse_args(argv)
    if args.set == "v1":
        with tempfile.TemporaryDirectory(prefix="foi-letters-v1-") as tmp:
            print(score_letters_v1(args.keep or Path(tmp) / "ws")["text"])
        return 0
    result = score_tables() if args.set == "tables" else score(args.out_dir, args.keep, int(args.set))
    if args.json:
        print(json.dumps(result, indent=1, default=str))
    else:
        report(result, details=args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
