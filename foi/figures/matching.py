"""Matching a force's header text to the request's measure keys.

Headers rarely match the request's wording: "No. of officers investigated", "Upheld",
"Resigned / Retired", "Number of\\nallegations", "Alegations". `match_header` normalises
the text (case, white space, "No. of"/"Number of", "(s)", plurals, punctuation), compares
its words with each alias's words (exactly, by a shared stem such as dismiss-ed/-al, or
by rapidfuzz similarity for typos) and picks the measure whose alias is fully present and
most specific. The result says whether it is sure, and why not:

- a word matched only by similarity between REJECT_SCORE and SURE_SCORE, a header that
  names only part of an alias ("Resigned" for "resigned or retired"), two measures
  equally likely ("Dismissed / resigned"), words that change the meaning ("police
  staff", "would have been"), or many unexplained words -> uncertain;
- a negated header ("Not substantiated", "Unsubstantiated", "No case to answer") or a
  rate ("% substantiated") -> no measure at all.

When a header names a counting unit (officers, allegations, cases) and an outcome
(dismissed, substantiated), the outcome wins: "Officers dismissed" is dismissed,
"Allegations substantiated" is substantiated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

SURE_SCORE = 95.0  # word similarity at or above this is a sure match (a shared stem scores 95)
REJECT_SCORE = 80.0  # below this it is no match; in between, an uncertain match

STOPWORDS = {
    "a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "by", "with", "who", "which", "were", "was",
    "been", "being", "is", "are", "be", "that", "this", "as", "at", "from", "whom", "whose", "their", "they",
    "it", "its", "into", "per", "s",
    # a table that restates the request's questions: "How many officers were dismissed?"
    "how", "many", "much", "what", "did", "do", "does", "please", "provide", "question", "q",
}
# words that say nothing about which measure a column is
GENERIC = {
    "number", "num", "count", "total", "figure", "amount", "year", "calendar", "financial", "fy", "cy", "period",
    "outcome", "result", "category", "type", "police", "force", "recorded", "reported", "received",
    "identified", "subject", "involved", "relating", "related", "data", "overall", "all", "sum", "grand",
    "investigation", "final", "resulting", "led", "leading", "following", "after", "where", "whose",
    "value", "measure", "description", "detail", "item", "no", "see", "note", "below", "above",
}
# counting units: a header that names one of these and an outcome is about the outcome
UNIT = {
    "officer", "allegation", "case", "complaint", "individual", "person", "people", "member", "employee",
    "investigated", "incident", "referral", "matter", "constable", "misconduct", "conduct", "investigation",
}
# words that change what is counted: a match next to them is never sure
CAUTION = {
    "staff", "civilian", "pcso", "special", "volunteer", "contractor", "would", "could", "had", "pending",
    "ongoing", "awaiting", "appeal", "appealed", "excluding", "excl", "except", "partial", "estimated",
    "estimate", "approx", "approximately", "provisional", "previous", "prior", "other", "rate", "per",
    "average", "mean", "median", "cumulative", "before", "former", "retrospective", "gross",
}
NEGATIONS = {"not", "non", "never", "no", "nor", "neither"}
_NEG_PREFIXES = ("un", "non", "in", "dis", "not")
RATE_WORDS = {"%", "percent", "percentage", "proportion", "ratio", "rate", "average", "mean", "median", "pct"}


# Words that open a relative clause: what follows describes the noun before it, which is the
# thing counted ("cases in which an officer was investigated" counts cases).
RELATIVE = {"which", "where", "whereby", "who", "whom", "whose", "that", "involving"}


# Prepositions that, after a counting unit, open a phrase describing it: "Officers subject of
# allegations" counts officers, "Allegations against officers" allegations.
MODIFIER_PREPS = {"of", "in", "against", "with", "under", "into", "about", "concerning", "regarding"}


def _clause_start(text: str) -> Optional[int]:
    """The index, among a header's non-stopword tokens, where a relative clause (or a phrase
    describing the counting unit already named) begins."""
    n = 0
    unit_seen = False
    for t in header_tokens(text, keep_stopwords=True):
        if t in RELATIVE or (t in MODIFIER_PREPS and unit_seen):
            return n or None
        if t not in STOPWORDS:
            n += 1
            unit_seen = unit_seen or t in UNIT
    return None


@dataclass
class HeaderMatch:
    measure: Optional[str]
    certain: bool = False
    score: float = 0.0
    reason: str = ""  # why uncertain, or why there is no measure
    alias: str = ""  # the alias that matched
    alternatives: list[str] = field(default_factory=list)
    negated: bool = False
    # counting-unit measures the header also names with a qualifier, set aside for the outcome
    # ("Officers investigated and dismissed")
    units_set_aside: list[str] = field(default_factory=list)


def _singular(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("sses"):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def normalise_header(text: str) -> str:
    """Lower case, one line, no 'No. of'/'Number of', no '(s)', no punctuation, singular words."""
    return " ".join(header_tokens(text))


def header_tokens(text: str, keep_stopwords: bool = False) -> list[str]:
    return list(_header_tokens(text or "", keep_stopwords))  # a list of its own: the caller may change it


# Compiled once: a build tokenises thousands of distinct headers (every cell asks of its column's)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_PLURAL_MARK = re.compile(r"\(s\)")
_MARKERS = re.compile(r"[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_NOTE_REFS = re.compile(r"\[\w{1,2}\]|\((?:[a-z]|\d{1,2}|note \d+)\)")
_NUMBER_OF = re.compile(r"\b(?:total\s+)?(?:number|no\.?|num\.?|nos\.?)\s+of\b")
_NO_DOT = re.compile(r"\bno\.")
_BARE_NO = re.compile(r"^\s*no\s*$")
_PUNCTUATION = re.compile(r"[^\w\s%'-]")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


@lru_cache(maxsize=8192)
def _header_tokens(text: str, keep_stopwords: bool) -> tuple[str, ...]:
    toks = _all_tokens(text)
    return toks if keep_stopwords else tuple(t for t in toks if t not in STOPWORDS)


@lru_cache(maxsize=8192)
def _all_tokens(text: str) -> tuple[str, ...]:
    """The words of a header, stopwords kept: once per text (a match asks for both kinds)."""
    s = text.replace("\u00a0", " ")
    s = _DASHES.sub("-", s)
    s = s.lower()
    s = _PLURAL_MARK.sub("", s)
    s = _MARKERS.sub(" ", s)
    s = _NOTE_REFS.sub(" ", s)
    s = s.replace("&", " and ").replace("%", " % ")
    s = _NUMBER_OF.sub(" number ", s)
    s = _NO_DOT.sub(" number ", s)
    s = _BARE_NO.sub(" number ", s)
    s = _PUNCTUATION.sub(" ", s)
    s = s.replace("'", "")
    s = _INNER_HYPHEN.sub(" ", s)
    s = s.replace("-", " ").replace("_", " ")
    return tuple([_singular(t) for t in s.split()])


_SUFFIXES = {"", "s", "d", "ed", "al", "als", "ation", "ations", "ion", "ions", "ment", "ments", "ing", "e", "es",
             "ee", "ees", "ance", "ances", "n", "en"}
# Words that name the same thing in police forces' answers, though they share no stem: a
# header word standing for an alias word only this way is a match, never a sure one.
SYNONYMS = [
    {"fired", "discharged"},
    {"case", "investigation"},
    {"substantiated", "upheld", "proven", "proved", "founded"},
    {"dismissed", "sacked"},
]
_SYNONYM_OF = {w: group for group in SYNONYMS for w in group}
SYNONYM_SCORE = 88.0  # between REJECT_SCORE and SURE_SCORE: a match, flagged for review
ABBREVIATION_SCORE = 86.0  # "Allegs", "Subst.", "Res/Ret": flagged for review
ABBREVIATION_MIN = 3  # letters a shortened word keeps at least


@lru_cache(maxsize=65536)
def word_score(a: str, h: str) -> float:
    """How well header word h stands for alias word a (0-100). Cached: the same few alias words
    meet the same header words in table after table."""
    if a == h:
        return 100.0
    if a.isdigit() or h.isdigit():
        return 0.0
    # a shared stem: dismiss-ed/-al, resign-ed/-ation, retire-d/-ment, substantiat-ed/-ion
    n = 0
    for x, y in zip(a, h):
        if x != y:
            break
        n += 1
    if n >= 5 and a[n:] in _SUFFIXES and h[n:] in _SUFFIXES:
        # A counting unit's other forms count something else: "investigated" (officers) is
        # not "investigations" (cases), so such a match is never sure.
        if a in UNIT or h in UNIT:
            return 90.0
        return 95.0
    if h in _SYNONYM_OF.get(a, ()):
        return SYNONYM_SCORE
    # a shortened word: "alleg(s)" for allegation, "subst" for substantiated, "res" for resigned
    if ABBREVIATION_MIN <= len(h) <= len(a) - 2 and a.startswith(h):
        return ABBREVIATION_SCORE
    if len(a) >= 5 and len(h) >= 5:
        return float(fuzz.ratio(a, h))
    return 0.0


@lru_cache(maxsize=16384)
def _is_negated(tok: str, alias_words: frozenset[str]) -> bool:
    for p in _NEG_PREFIXES:
        if tok.startswith(p) and len(tok) > len(p) + 3:
            rest = tok[len(p):].lstrip("-")
            if rest in alias_words or any(word_score(a, rest) >= SURE_SCORE for a in alias_words):
                if tok in alias_words:
                    continue
                return True
    return False


@dataclass
class _AliasHit:
    measure: str
    alias: str
    words: list[str]
    matched: list[tuple[str, int, float]]  # alias word, header index, score
    full: bool
    unit: bool

    @property
    def min_score(self) -> float:
        return min((s for _, _, s in self.matched), default=0.0)

    @property
    def used(self) -> set[int]:
        return {i for _, i, _ in self.matched}


def _alias_words(alias: str) -> list[str]:
    return [w for w in header_tokens(alias) if w not in GENERIC or w in UNIT]


def _aliases(measures: dict[str, list[str]]) -> tuple[list[tuple[str, str, list[str]]], frozenset[str]]:
    """Each measure's aliases as (measure, alias, its words), and every alias word: worked out
    once per set of measures (a build asks for thousands of headers against the same ones)."""
    return _aliases_of(tuple((m, tuple(aliases or ())) for m, aliases in measures.items()))


@lru_cache(maxsize=64)
def _aliases_of(measures: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[list[tuple[str, str, list[str]]], frozenset[str]]:
    out = []
    for m, aliases in measures:
        seen = set()
        for a in list(aliases) + [m.replace("_", " ")]:
            words = _alias_words(a)
            if words and tuple(words) not in seen:
                seen.add(tuple(words))
                out.append((m, a, words))
    return out, frozenset(w for _, _, ws in out for w in ws)


def match_header(text: str, measures: dict[str, list[str]]) -> HeaderMatch:
    """The measure a header (or row label, or title) names; see the module's notes."""
    raw = " ".join((text or "").split())
    toks = header_tokens(text)
    if not toks:
        return HeaderMatch(None, False, 0.0, "no words")
    if RATE_WORDS & set(toks):
        return HeaderMatch(None, False, 0.0, f"'{raw}' is a rate or share, not a count")
    aliases, all_alias_words = _aliases(measures)
    all_words = set(header_tokens(text, keep_stopwords=True))
    negs = [t for t in toks if _is_negated(t, all_alias_words)]
    if NEGATIONS & all_words or negs:
        what = negs[0] if negs else sorted(NEGATIONS & all_words)[0]
        return HeaderMatch(None, False, 0.0, f"'{raw}' is negated ('{what}'): not a measure", negated=True)

    hits: list[_AliasHit] = []
    for m, a, words in aliases:
        matched = []
        for w in words:
            word_best, word_at = 0.0, -1
            for i, t in enumerate(toks):
                s = word_score(w, t)
                if s > word_best:
                    word_best, word_at = s, i
            if word_best >= REJECT_SCORE:
                matched.append((w, word_at, word_best))
        if not matched:
            continue
        all_words_matched = len(matched) == len(words)
        unit = all(w in UNIT for w in words)
        if not all_words_matched:
            content = [w for w, _, sc in matched if w not in UNIT and sc >= SURE_SCORE]
            if not content:
                continue  # only "investigated" of "officers investigated", or a lookalike: no evidence
        hits.append(_AliasHit(m, a, words, matched, all_words_matched, unit))

    if not hits:
        best_m, best_s, best_a = None, 0.0, ""
        norm = " ".join(toks)
        for m, a, words in aliases:
            an = " ".join(words)
            if len(an) < 5 or len(norm) < 5:
                continue
            s = fuzz.WRatio(norm, an)
            if s > best_s:
                best_m, best_s, best_a = m, s, a
        if best_m and best_s >= 88:
            return HeaderMatch(best_m, False, best_s, f"'{raw}' only resembles '{best_a}'", best_a)
        return HeaderMatch(None, False, best_s, f"'{raw}' names no measure")

    clause = _clause_start(text)
    if clause is not None and any(min(h.used) < clause for h in hits):
        # a counting unit named only inside the clause describes the thing counted, it is not it
        hits = [h for h in hits if not (h.unit and min(h.used) >= clause)]
    full = [h for h in hits if h.full]
    pool = full or hits
    if any(not h.unit for h in pool):
        dropped_units = [h for h in pool if h.unit]
        pool = [h for h in pool if not h.unit]
    else:
        dropped_units = []
    # the most specific: most alias words, then best word scores
    pool.sort(key=lambda h: (len(h.matched) / len(h.words), len(h.words), h.min_score), reverse=True)
    best = pool[0]
    reasons = []
    certain = True
    if not best.full:
        certain = False
        missing = [w for w in best.words if w not in {x for x, _, _ in best.matched}]
        reasons.append(f"'{raw}' names only part of '{best.alias}' (no '{' '.join(missing)}')")
    if best.min_score < SURE_SCORE:
        certain = False
        reasons.append(f"'{raw}' only resembles '{best.alias}'")
    rivals = sorted({h.measure for h in pool if h.measure != best.measure and
                     (len(h.words) == len(best.words) or not h.used <= best.used)})
    # another measure's words in the header, beyond what the winner explains
    others = sorted({h.measure for h in hits if h.measure != best.measure and not h.unit and
                     not h.used <= best.used} - set(rivals))
    if rivals or others:
        certain = False
        reasons.append(f"'{raw}' could also be {', '.join(rivals + others)}")
    caution = sorted(CAUTION & set(toks))
    if caution:
        certain = False
        reasons.append(f"'{raw}' has words that may change what is counted: {', '.join(caution)}")
    explained = set(best.used)
    for h in dropped_units:
        explained |= h.used
    extra = [t for i, t in enumerate(toks) if i not in explained and t not in GENERIC and t not in UNIT
             and not t.isdigit()]
    if len(extra) >= 2:
        certain = False
        reasons.append(f"'{raw}' has words the request's names do not explain: {', '.join(extra)}")
    score = sum(sc for _, _, sc in best.matched) / len(best.words)
    # only a unit named with a qualifier ("officers investigated") is a measure of its own; a bare
    # "officers" in "Officers dismissed" just says what is counted
    units = sorted({h.measure for h in dropped_units if h.measure != best.measure and h.full and len(h.words) > 1})
    return HeaderMatch(best.measure, certain, score, "; ".join(reasons), best.alias, rivals + others,
                       units_set_aside=units)


def is_generic_header(text: str, measures: Optional[dict[str, list[str]]] = None) -> bool:
    """A header that only says 'Number', 'No.', 'Total', 'Count' (or nothing).

    A header that is word for word one of the request's own names for a measure is never
    generic, even when its words usually are ("Investigations" named as cases).
    """
    toks = header_tokens(text)
    if not all(t in GENERIC for t in toks):
        return False
    if toks and measures:
        for measure, aliases in measures.items():
            for alias in list(aliases or []) + [measure.replace("_", " ")]:
                words = header_tokens(alias)
                if words == toks:
                    return False
                # "Investigations" where the request names cases: a synonym names the measure
                if any(t in _SYNONYM_OF.get(w, ()) for t in toks for w in words):
                    return False
    return True


def is_unit_measure(measure: str, measures: dict[str, list[str]]) -> bool:
    """A measure that only names what is counted (officers, allegations, cases), no outcome."""
    aliases = list(measures.get(measure, [])) + [measure.replace("_", " ")]
    return all(all(w in UNIT or w in GENERIC for w in _alias_words(a)) for a in aliases)
