"""Held-out evaluation of foi.figures on synthetic force answers (tests/figures_eval/).

For every true figure (measure, period) of every letter:
- right: every figure extracted for it has the true value and suppression (flagged or not),
  or some do and the ones that differ are flagged;
- wrong-but-flagged: none has the true value, all are flagged;
- wrong-and-unflagged: a figure that differs is not flagged;
- missing: nothing extracted for it.
An extracted figure with no truth at all (a "Not substantiated" column read as a measure,
police staff, a rank table) is an extra: unflagged extras count as wrong-and-unflagged.
Run with -s to see the numbers.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from tests.figures_eval.make_letters import make_hard_letters, make_letters

from foi.figures import MeasureSpec, extract_figures


def score_letter(letter):
    figs = extract_figures(letter.tables, MeasureSpec.from_dict(letter.spec), letter_text=letter.letter_text)
    by_key = defaultdict(list)
    for f in figs:
        by_key[(f.measure, f.period)].append(f)
    counts = Counter()
    problems = []
    for key, (value, suppressed) in letter.truth.items():
        got = by_key.get(key, [])
        if not got:
            counts["missing"] += 1
            problems.append(("missing", key, (value, suppressed), None))
            continue
        same = [f for f in got if f.value == value and f.suppressed == suppressed]
        differ = [f for f in got if not (f.value == value and f.suppressed == suppressed)]
        if any(not f.needs_review for f in differ):
            counts["wrong_unflagged"] += 1
            problems.append(("WRONG-UNFLAGGED", key, (value, suppressed), differ))
        elif same:
            counts["right"] += 1
            if any(f.needs_review for f in got):
                counts["right_flagged"] += 1
        else:
            counts["wrong_flagged"] += 1
            problems.append(("wrong-flagged", key, (value, suppressed), differ))
    for key, got in by_key.items():
        if key in letter.truth:
            continue
        for f in got:
            if f.needs_review:
                counts["extra_flagged"] += 1
            else:
                counts["extra_unflagged"] += 1
                counts["wrong_unflagged"] += 1
                problems.append(("EXTRA-UNFLAGGED", key, None, [f]))
    return counts, problems


def run_eval(verbose: bool = True):
    total = Counter()
    per_letter = []
    for letter in make_letters() + make_hard_letters():
        counts, problems = score_letter(letter)
        total.update(counts)
        per_letter.append((letter, counts, problems))
    n = sum(len(L.truth) for L, _, _ in per_letter)
    if verbose:
        print()
        print(f"figures eval: {len(per_letter)} letters, {n} true figures")
        for name in ("right", "right_flagged", "wrong_flagged", "wrong_unflagged", "missing",
                     "extra_flagged", "extra_unflagged"):
            base = n if name in ("right", "wrong_flagged", "wrong_unflagged", "missing", "right_flagged") else 1
            share = f"{100 * total[name] / base:5.1f}%" if base == n and n else ""
            print(f"  {name:16} {total[name]:5d} {share}")
        for letter, counts, problems in per_letter:
            bad = problems
            if bad:
                print(f"  {letter.name}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
                for kind, key, truth, figs in bad[:6]:
                    got = [(f.value, f.suppressed, f.raw_text, f.review_reasons[:2]) for f in figs] if figs else None
                    print(f"      {kind} {key} truth={truth} got={got}")
    return total, n


def test_figures_eval():
    total, n = run_eval()
    assert n >= 500
    assert total["wrong_unflagged"] == 0
    assert total["right"] >= 0.95 * n


def test_eval_set_is_varied_and_deterministic():
    a = make_letters()
    b = make_letters()
    assert len(a) >= 24
    assert [L.truth for L in a] == [L.truth for L in b]
    assert [[t.rows for t in L.tables] for L in a] == [[t.rows for t in L.tables] for L in b]
    # both orientations, both period kinds, suppression, dashes, totals
    cells = [c for L in a for t in L.tables for row in t.rows for c in row]
    assert any(c in ("<5", "*", "x", "[x]", "c") for c in cells)
    assert any(c in ("-", "–") for c in cells)
    assert any(c.lower().startswith(("total", "grand total")) for c in cells)
    assert {L.spec["periods"] for L in a} == {"calendar-year", "financial-year"}


if __name__ == "__main__":
    run_eval()
