"""Figures written in sentences, for letters that answer without a table.

    "2007: 1 case involving 2 allegations against 1 officer. 1 of the allegations was
    substantiated. 1 officer was dismissed and none resigned or retired."
    "In 2010/11 a Taser was drawn on 60 occasions, aimed on 37 occasions and fired on 7."
    "In 2012 there were three allegations, one of which was substantiated."
    "No allegations were recorded in 2009."  (every measure 0 that year)

How: the letter's own paragraphs (`documents.letter.answer_paragraphs`: the quoted request
and the review rights set aside) are split into sentences; each sentence belongs to the
period it names, or to the one named before it in the same paragraph. Each count in a
sentence (digits, number words, "no", "none") is matched to a measure by the words that
follow it up to the next count, or, when those name nothing ("on 60 occasions"), by the
words before it, with the same header matcher the tables use. A sentence saying nothing at
all was recorded, with no other count that year, gives 0 for every measure.

Every figure read this way needs review, with the sentence as its reason: a sentence is
read less surely than a table cell, and a wrong number unflagged is the failure to avoid.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from ..dates import MONTH_PATTERN, YEAR_PATTERN
from ..documents.letter_text import answer_paragraphs
from ..tables import Table
from .figure import Figure
from .matching import header_tokens, is_unit_measure, match_header
from .periods import Period, find_periods
from .spec import MeasureSpec
from .values import NUMBER_WORD_RE, number_in_words

_COUNT_RE = re.compile(
    rf"(?<![\w£$€/.,\-])(\d{{1,3}}(?:,\d{{3}})+|\d+|{NUMBER_WORD_RE})(?![\w%/]|[.,]\d)", re.IGNORECASE
)
# words before a number that make it no count of anything: a bound, a reference, money
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?:more|greater|higher|other)\s+than|\b(?:over|under|up\s+to|at\s+least|around|about|approximately|"
    r"nearly|almost|section|sections|s|page|paragraph|ref|reference|no|number|question|part|item|schedule|"
    r"article|regulation|rule|appendix|annex|table|figure|version|level|stage|grade|tier|phase|£|\$|€)"
    r"|\b\d+\s+of)\W*$",  # "Page 1 of 3": the 3 counts pages
    re.IGNORECASE,
)
_FEWER_BEFORE = re.compile(r"\b(?:fewer|less)\s+than\s*$", re.IGNORECASE)
_DATES = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH_PATTERN + r"[a-z]*\.?(?:\s+\d{4})?\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b" + YEAR_PATTERN + r"\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")
_CLAUSE_SPLIT = re.compile(r"[;:]\s+|,\s+|\s+(?:and|but|while|whilst|whereas)\s+", re.IGNORECASE)
# "no allegations were recorded", "nothing was received": there was nothing to count at all
_NOTHING_VERBS = {"recorded", "received", "reported", "made", "held", "identified", "found", "logged", "raised"}
MAX_PHRASE_WORDS = 8  # words after a count that can name what it counts
TABLE_LINE_SHARE = 0.6  # a line this much made of a table's cell words is that table, not prose


def prose_figures(page_texts: list[str], spec: MeasureSpec, tables: Sequence[Table] = ()) -> list[Figure]:
    """The figures a letter gives in sentences, page by page (1-based pages). The lines of the
    page that print a table's cells are not sentences: they are left to the table reader."""
    out: list[Figure] = []
    # each table's words once: a table continued over many pages is on each of them
    table_words = [(_pages_of(t), _cell_words([t])) for t in tables]
    for page, text in enumerate(page_texts, start=1):
        cells = set().union(*(words for pages, words in table_words if page in pages))
        if cells:
            text = "\n".join(line for line in text.splitlines() if not _is_table_line(line, cells))
        for paragraph in answer_paragraphs(text):
            out.extend(_paragraph_figures(paragraph, spec, page))
    return out


def _pages_of(table: Table) -> set[int]:
    return {p for row in (table.cell_pages or []) for p in row} | {table.page}


def _cell_words(tables: Iterable[Table]) -> set[str]:
    """The words of the tables' cells and captions."""
    words: set[str] = set()
    for t in tables:
        for text in [t.caption or ""] + [cell or "" for row in t.rows for cell in row]:
            words.update(w.lower() for w in text.split())
    return words


def _is_table_line(line: str, cells: set[str]) -> bool:
    """A line most of whose words are a table's cells: the table, printed as text."""
    words = [w.lower() for w in line.split()]
    return len(words) >= 2 and sum(w in cells for w in words) >= TABLE_LINE_SHARE * len(words)


def _paragraph_figures(paragraph: str, spec: MeasureSpec, page: int) -> list[Figure]:
    figures: list[Figure] = []
    nothing: dict[str, tuple[str, Period]] = {}  # period -> the sentence saying nothing was recorded
    counted: set[str] = set()
    current: Optional[tuple[str, Period]] = None  # the period in force: (its text, Period)
    for sentence in _SENTENCE_END.split(paragraph):
        for clause, period_here in _clauses_with_periods(sentence, spec):
            if period_here is not None:
                current = period_here
            if current is None:
                continue
            label, period = current
            blanked = _blank(clause)
            counts = [m for m in _COUNT_RE.finditer(blanked) if not _NOT_A_COUNT_BEFORE.search(blanked[: m.start()])]
            for k in range(len(counts)):
                fig = _figure_for(blanked, counts, k, spec, period, label, sentence, page)
                if fig is None:
                    continue
                counted.add(period.key)
                if fig.value == 0 and fig.raw_text.lower() in ("no", "none", "nil") and _says_nothing(blanked, fig, spec):
                    nothing.setdefault(period.key, (sentence, period))
                figures.append(fig)
    # "No allegations were recorded in 2009": nothing that year, so every measure is 0
    for key, (sentence, period) in nothing.items():
        year_figs = [f for f in figures if f.period == key]
        if any(f.value for f in year_figs):
            continue
        have = {f.measure for f in year_figs}
        for measure in spec.measures:
            if measure in have:
                continue
            figures.append(Figure(
                measure=measure, period=key, value=0, suppressed=False, needs_review=True,
                review_reasons=[f"the letter says nothing was recorded ('{_short(sentence)}'), so {measure} is read as 0"],
                table_index=-1, page=page, row=-1, col=-1, raw_text="", header=_short(sentence), bbox=None,
                period_label=period.note or key,
            ))
    return figures


def _clauses_with_periods(sentence: str, spec: MeasureSpec):
    """The sentence's clauses, each with the period it names ((label, Period)) or None: a
    count's words never run on past a comma or an "and" into the next clause's."""
    found = find_periods(sentence, spec.periods)
    out = []
    pos = 0
    for part in _CLAUSE_SPLIT.split(sentence):
        start = sentence.find(part, pos)
        end = start + len(part)
        pos = end
        inside = [(a - start, b - start, p) for a, b, p in found if a >= start and b <= end]
        here = (part[inside[0][0]:inside[0][1]], _best(inside)) if inside else None
        out.append((_blank_spans(part, inside), here))
    return out


def _best(found: list[tuple[int, int, Period]]) -> Period:
    """Of several mentions of one period ("2013/14* (1 April 2013 to 28 February 2014)"), the
    least sure: a partial year stays marked as one."""
    return min((p for _, _, p in found), key=lambda p: p.certain)


def _blank_spans(text: str, spans) -> str:
    chars = list(text)
    for a, b, _p in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _blank(text: str) -> str:
    """Dates and years are no counts: blank them, keeping every other character where it is."""
    return _DATES.sub(lambda m: " " * len(m.group(0)), text)


def _figure_for(clause: str, counts: list, k: int, spec: MeasureSpec, period: Period, label: str,
                sentence: str, page: int) -> Optional[Figure]:
    m = counts[k]
    text = m.group(1)
    value = number_in_words(text)
    if value is None:
        value = int(text.replace(",", ""))
    end = counts[k + 1].start() if k + 1 < len(counts) else len(clause)
    after = " ".join(clause[m.end():end].split()[:MAX_PHRASE_WORDS])
    start = counts[k - 1].end() if k > 0 else 0
    before = " ".join(clause[start:m.start()].split()[-MAX_PHRASE_WORDS:])
    match = match_header(after, spec.measures) if after else None
    phrase = after
    if match is None or not match.measure:
        # "drawn on 60 occasions": the words before name it
        match = match_header(before + " " + after, spec.measures)
        phrase = (before + " " + after).strip()
    if not match.measure or match.negated:
        return None
    if value == 0 and text.lower() in ("no", "none", "nil") and not header_tokens(after):
        return None  # a bare "no" naming nothing after it
    suppressed = bool(_FEWER_BEFORE.search(clause[: m.start()]))
    reasons = [f"read from the letter's words, not a table: '{_short(sentence)}'"]
    if not match.certain and match.reason:
        reasons.append(match.reason)
    if not period.certain:
        reasons.append(period.note or f"the period '{label}' is unclear")
    return Figure(
        measure=match.measure, period=period.key, value=None if suppressed else value, suppressed=suppressed,
        needs_review=True, review_reasons=reasons, table_index=-1, page=page, row=-1, col=-1,
        raw_text=text, header=phrase, bbox=None, period_label=label,
    )


def _says_nothing(clause: str, fig: Figure, spec: MeasureSpec) -> bool:
    """"no allegations were recorded": a counting unit, and a verb of recording."""
    words = set(header_tokens(clause, keep_stopwords=True))
    return is_unit_measure(fig.measure, spec.measures) and bool(words & _NOTHING_VERBS)


def _short(text: str, n: int = 160) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 3] + "..."
