"""Reading one cell of a force's table as a count.

`parse_value(text, footnotes)` gives a `Value`: the integer, or None with `suppressed`
when the force withheld it ("<5", "*", "redacted", ...). A value is `certain` only when
the cell plainly holds a whole count; anything else (a dash the letter does not explain,
a decimal, a percentage, money, two numbers in one cell) is marked uncertain with a note.

`read_footnotes(letter_text)` finds the letter's own legend for symbols ("- denotes nil",
"* = fewer than 5", "figures below 5 have been suppressed and shown as 'x'") and returns
{symbol: meaning} with meaning one of ZERO, SUPPRESSED, NOT_AVAILABLE or AMBIGUOUS.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..prefilter import Gated, gate_text

ZERO = "zero"
SUPPRESSED = "suppressed"
NOT_AVAILABLE = "not available"
AMBIGUOUS = "ambiguous"

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_CLASS = "[" + re.escape(DASHES) + "]"


@dataclass(frozen=True)
class Value:
    value: Optional[int]
    suppressed: bool = False
    certain: bool = True
    note: str = ""


# Compiled once: every cell of every table is read with them
_DASHES = re.compile(r"-+")
_STARS = re.compile(r"\*+")
_SUPPRESSED_START = re.compile(r"(?:redacted|withheld|suppressed|exempt)\b.*")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_NOTE_NUMBER = re.compile(r"\(\d{1,2}\)")
_MONEY = re.compile(r"[£$€]")
_NEGATIVE = re.compile(r"-\s*\d+")
_DECIMAL = re.compile(r"(\d+)\.(\d+)")
_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")
_NUMBERS = re.compile(r"\d[\d,]*")
_FIGURE_CHARS = re.compile(r"[\d.,% £$€-]+")
DIGIT = re.compile(r"\d")  # periods.py asks it too
_BILINGUAL_SPLIT = re.compile(r"\s+/\s+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def bilingual_halves(text: str) -> Optional[list[str]]:
    """The Welsh and the English of a label or cell from a Welsh force ("Dim / Nil",
    "Blwyddyn 2014 / Year 2014"), or None when it is not two worded halves."""
    parts = [p for p in _BILINGUAL_SPLIT.split(text or "") if p]
    if len(parts) == 2 and all(_ASCII_LETTER.search(p) for p in parts):
        return parts
    return None


ANY_DASH = re.compile(_DASH_CLASS)  # periods.py cleans its labels with these too
SPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # a build reads the same cells and legend symbols over and over
def _clean(text) -> str:
    s = "" if text is None else str(text)
    s = s.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    s = ANY_DASH.sub("-", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return SPACE_RUN.sub(" ", s).strip()


@lru_cache(maxsize=4096)
def symbol_key(sym: str) -> str:
    """The form a symbol is stored under in a footnotes dict: dashes as '-', lower case."""
    s = _clean(sym).lower()
    if _DASHES.fullmatch(s):
        return "-"
    return s.replace(" ", "")


_ZERO_WORDS = {"nil", "none", "zero", "0", "nil return", "nil returns", "nought", "dim"}  # dim: Welsh, none
_SUPPRESSED_WORDS = {
    "*", "**", "***", "x", "[x]", "c", "[c]", "..", "redacted", "withheld", "suppressed", "exempt",
    "s40", "s.40", "section 40", "s 40", "confidential", "small number", "small numbers", "[redacted]",
    "<5", "< 5",
}
_NOT_AVAILABLE_WORDS = {
    "n/a", "na", "n.a.", "n.a", "not available", "not known", "nk", "n/k", "unknown", "not recorded",
    "not held", "data not held", "no data", "not applicable", "[z]", "z", "nr", "n/r", "tbc", "not collected",
}
_FEWER_RE = re.compile(r"(?:<|≤|<=|fewer than|less than|under|below|up to)\s*(\d+)|(\d+)\s*or (?:fewer|less|under)"
                       r"|(?:between\s+)?([0-9])\s*(?:-|to|and)\s*([0-9])")
# footnote markers after a number: 12*, 12¹, 12 (a), 12[1], 12†, 12^1
_MARKER_RE = re.compile(r"^(?P<num>[\d,]+)\s*(?P<mark>\*+|[†‡§#¹²³⁴⁵⁶⁷⁸⁹⁰]+|\^\d+|\[\w{1,2}\]|\([a-z]\)|\(\d{1,2}\))$")
_INT_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")


def _meaning_value(meaning: str, sym: str) -> Value:
    if meaning == ZERO:
        return Value(0, False, True, f"'{sym}' means nil in this letter's legend")
    if meaning == SUPPRESSED:
        return Value(None, True, True, f"'{sym}' means a suppressed figure in this letter's legend")
    if meaning == NOT_AVAILABLE:
        return Value(None, True, True, f"'{sym}' means not available in this letter's legend")
    return Value(None, False, False, f"the letter gives '{sym}' more than one meaning")


def parse_value(text, footnotes: Optional[dict] = None) -> Value:
    """Read one cell as a count. footnotes: {symbol: meaning} from `read_footnotes`."""
    if text is not None and not isinstance(text, str):
        text = str(text)
    # a letter's cells repeat (small counts, the same symbols): each text is read once per legend
    return _parse_cached(text, tuple(sorted(footnotes.items())) if footnotes else ())


@lru_cache(maxsize=65536)
def _parse_cached(text: Optional[str], footnotes: tuple) -> Value:
    return _parse_cell(text, dict(footnotes))


def _parse_cell(text: Optional[str], footnotes: dict) -> Value:
    s = _clean(text)
    # Bilingual cells from Welsh forces: "Dim / Nil". Both words must mean the same.
    parts = bilingual_halves(s)
    if parts:
        read = [_parse_value(p, footnotes) for p in parts]
        sure = [r for r in read if r.certain and (r.value is not None or r.suppressed)]
        if sure and len({(r.value, r.suppressed) for r in sure}) == 1:
            return Value(sure[0].value, sure[0].suppressed, True, f"'{s}' read as {sure[0].value if sure[0].value is not None else 'suppressed'}")
    return _parse_value(text, footnotes)


def _parse_value(text, footnotes: Optional[dict] = None) -> Value:
    s = _clean(text)
    fn = {symbol_key(k): v for k, v in (footnotes or {}).items()}
    if not s:
        if "" in fn:
            return _meaning_value(fn[""], "blank")
        return Value(None, False, False, "empty cell (nil, or not recorded?)")
    low = s.lower()
    key = symbol_key(s)
    if key in fn:
        return _meaning_value(fn[key], s)
    if _DASHES.fullmatch(low):
        # A dash in a table of counts usually means none; read so, but never for sure.
        return Value(0, False, False, "a dash the letter does not explain, read as nil (or is it withheld?)")
    if low.rstrip(".") in _ZERO_WORDS or low in _ZERO_WORDS:
        return Value(0, False, True, "" if low == "0" else f"'{s}' read as 0")
    if low in _SUPPRESSED_WORDS or _STARS.fullmatch(low):
        return Value(None, True, True, f"suppressed ('{s}')")
    if low in _NOT_AVAILABLE_WORDS:
        return Value(None, True, True, f"not available ('{s}')")
    m = _FEWER_RE.fullmatch(low)
    if m:
        return Value(None, True, True, f"suppressed ('{s}')")
    if _SUPPRESSED_START.fullmatch(low):
        return Value(None, True, True, f"suppressed ('{s}')")

    # a plain count
    if _INT_RE.match(s):
        if "," in s and not _THOUSANDS.fullmatch(s):
            return Value(None, False, False, f"odd thousands separators in '{s}'")
        return Value(int(s.replace(",", "")), False, True, "")
    # a count with a footnote marker
    m = _MARKER_RE.match(s)
    if m and _INT_RE.match(m.group("num")):
        n = int(m.group("num").replace(",", ""))
        mark = m.group("mark")
        mk = symbol_key(mark)
        if mk in fn and fn[mk] in (ZERO, SUPPRESSED, NOT_AVAILABLE, AMBIGUOUS):
            return Value(n, False, False, f"'{mark}' after {n}: the letter uses '{mark}' for {fn[mk]} figures")
        if _NOTE_NUMBER.fullmatch(mark):
            return Value(n, False, False, f"'{s}': a footnote number, or a second figure?")
        return Value(n, False, True, f"footnote marker '{mark}'")
    # a decimal, a percentage, money, a negative number
    if "%" in s:
        return Value(None, False, False, f"a percentage ('{s}'), not a count")
    if _MONEY.search(s):
        return Value(None, False, False, f"money ('{s}'), not a count")
    if _NEGATIVE.fullmatch(s):
        return Value(None, False, False, f"a negative number ('{s}')")
    m = _DECIMAL.fullmatch(s)
    if m:
        if set(m.group(2)) == {"0"}:
            return Value(int(m.group(1)), False, False, f"a decimal ('{s}') where a count was expected")
        return Value(None, False, False, f"a decimal ('{s}'), not a count")
    if _SPACED_THOUSANDS.fullmatch(s):
        return Value(int(s.replace(" ", "")), False, False, f"'{s}': a number with a space in it, or two numbers?")
    # one number among words: "12 officers", "12 (3 dismissed)"
    nums = _NUMBERS.findall(s)
    if len(nums) == 1 and _INT_RE.match(nums[0]):
        return Value(int(nums[0].replace(",", "")), False, False, f"a number among words: '{s}'")
    if len(nums) > 1:
        return Value(None, False, False, f"more than one number in the cell: '{s}'")
    return Value(None, False, False, f"not a number: '{s}'")


def is_value_like(text, footnotes: Optional[dict] = None) -> bool:
    """Whether a cell looks like a figure (a count, a zero, a suppression, a dash)."""
    v = parse_value(text, footnotes)
    s = _clean(text)
    if v.suppressed:
        return True
    if v.value is not None and not v.note.startswith(("a number among words", "more than one number")):
        return True
    if _DASHES.fullmatch(s):
        return True
    if _FIGURE_CHARS.fullmatch(s) and DIGIT.search(s):
        return True  # a decimal or percentage is still a figure cell, though not a count
    return False


# ----------------------------------------------------------------------------- legends

_SYM = r"(?:-{1,2}|\*{1,3}|\[x\]|\[c\]|\[z\]|\.\.|x|c|z|†|#|~|n/a|<\s?\d+|0)"
# Gated (foi.prefilter): every clause of a document is asked, and most hold no quote, "=",
# ":" or any of the words these need
_QUOTED_RE = Gated(re.compile(r"""['"(\[]\s*(""" + _SYM + r""")\s*['")\]]""", re.I))
_DEFINED_RE = Gated(re.compile(r"(?:^|(?<=[\s(:;,]))(" + _SYM + r")\s*(?:=|:|denotes?|indicates?|means?|represents?|signif(?:y|ies)"
                               r"|is used|are used|shows?|stands? for|refers? to|is shown|in the table)", re.I))
_SHOWN_AS_RE = Gated(re.compile(r"(?:shown|marked|represented|replaced|denoted|displayed|indicated|recorded|presented|appear)"
                                r"\s+(?:as|with|by|in the table as)\s+(?:an?\s+)?['\"]?(" + _SYM + r")(?=['\"]?(?:\s|$|[.,;)]))", re.I))
_NAMED = [(Gated(re.compile(r"\b(?:dash|dashes|hyphen|hyphens)\b", re.I)), "-"),
          (Gated(re.compile(r"\basterisks?\b", re.I)), "*"),
          (Gated(re.compile(r"\b(?:blank|empty) (?:cells?|boxes|box|spaces?|entries|fields?)\b|\bleft blank\b", re.I)), "")]

_NA_RE = re.compile(r"not available|not recorded|not held|no data|not known|unknown|not applicable|no record|"
                    r"not collected|cannot be (?:provided|retrieved|located)|n/a", re.I)
_SUPP_RE = re.compile(r"fewer than|less than|below|under \d|under five|suppress|redact|withh(?:e|o)ld|small numbers?|"
                      r"protect|identif|between 1 and|1-4|1 to 4|low numbers?|exempt|section 40|s\.? ?40|disclos|"
                      r"confidential|\b[1-9] or (?:fewer|less)|<\s?\d", re.I)
_ZERO_RE = re.compile(r"\bnil\b|\bzero\b|\bnone\b|\bno (?:officers?|cases?|allegations?|incidents?|instances?|"
                      r"figures?|individuals?|complaints?|records? of)\b|\bwere no\b|\bthere (?:were|was) no\b|"
                      r"= ?0\b|\bnought\b|\bnil return", re.I)


def _classify(clause: str) -> Optional[str]:
    found = set()
    if _NA_RE.search(clause):
        found.add(NOT_AVAILABLE)
    c2 = _NA_RE.sub(" ", clause)
    if _SUPP_RE.search(c2):
        found.add(SUPPRESSED)
    if _ZERO_RE.search(c2):
        found.add(ZERO)
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        return AMBIGUOUS
    return None


def _symbols(clause: str) -> list[str]:
    syms = []
    lowered = gate_text(clause)
    for rx in (_QUOTED_RE, _DEFINED_RE, _SHOWN_AS_RE):
        for m in rx.finditer(clause, lowered):
            syms.append(m.group(1))
    for rx, sym in _NAMED:
        if rx.search(clause, lowered):
            syms.append(sym)
    out = []
    for s in syms:
        k = symbol_key(s) if s else ""
        if k in ("0",) or _BELOW_N.fullmatch(k):
            continue  # '0' and '<5' explain themselves
        if k not in out:
            out.append(k)
    return out


_BELOW_N = re.compile(r"<\d+")  # '<5': explains itself
_SENTENCE_BREAK = re.compile(r"\n|(?<=[.!?])\s+(?=[A-Z*'\"(\[-])|;")
_CLAUSE_BREAK = re.compile(r",\s*|\s+and\s+(?=['\"(\[]|-|\*)")


def read_footnotes(letter_text: Optional[str]) -> dict[str, str]:
    """{symbol: meaning} from the legends in a letter (or the note rows of its tables)."""
    if not letter_text:
        return {}
    text = _clean_keep_lines(letter_text)
    found: dict[str, set] = {}
    for sentence in _SENTENCE_BREAK.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        clauses = [c for c in _CLAUSE_BREAK.split(sentence) if c.strip()]
        sentence_class: Optional[str] = None
        sentence_read = False  # read only where a clause names a symbol: most sentences name none
        for clause in clauses:
            syms = _symbols(clause)
            if not syms:
                continue
            cls = _classify(clause)
            if cls is None:
                if not sentence_read:
                    sentence_class, sentence_read = _classify(sentence), True
                cls = sentence_class
            if cls is None:
                continue
            for k in syms:
                found.setdefault(k, set()).add(cls)
    out = {}
    for k, classes in found.items():
        out[k] = classes.pop() if len(classes) == 1 else AMBIGUOUS
    return out


def _clean_keep_lines(text: str) -> str:
    lines = [_clean(line) for line in str(text).splitlines()]
    return "\n".join(lines)


_NUMBER_WORDS = {
    "zero": 0, "no": 0, "none": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
NUMBER_WORD_RE = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|none|nil|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"


def number_in_words(text: str) -> Optional[int]:
    """A count written in words, as letters give small numbers: "three", "twenty-one", "no", "none"."""
    t = " ".join((text or "").lower().replace("-", " ").split())
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    parts = t.split()
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        tens, unit = _NUMBER_WORDS[parts[0]], _NUMBER_WORDS[parts[1]]
        if tens >= 20 and tens % 10 == 0 and 1 <= unit <= 9:
            return tens + unit
    return None
