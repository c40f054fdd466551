"""Read what a police force's FOI response letter says, from its plain text.

`read_letter(text)` finds the force's own reference, the letter's date, the outcome
(full | partial | refused | not-held | ncnd), the sections of the Act cited and which Act
(FOIA or FOISA). Every finding keeps the sentence it came from, so it can be checked.

The reading is deliberately conservative, because a wrong outcome would be published:
an outcome is only given when there is explicit wording for it and no conflicting
wording; otherwise it is None. Text that is not the force's decision is left out:

* the requester's own request, as quoted in the letter ("You asked: ...", "Request 1 ...",
  "Thank you for your request dated ... regarding ..."), and anything in quotation marks;
* boilerplate about internal review, complaints, appeals, the Information Commissioner
  (s.50), re-use of public sector information, copyright and the disclosure log;
* statute text ("Section 12(1) provides: ...", a legal annex): it can name sections but
  never gives an outcome.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..dates import YEAR_PATTERN, find_dates
from ..prefilter import Gated, gate_text
from ..workspace import OUTCOMES
from .letter_text import ANSWER_MARK, ANY_LETTER, BOILER, MAX_CHARS, REQUEST, LetterText, Sentence

__all__ = ["Finding", "LetterInfo", "read_letter", "OUTCOMES"]


@dataclass
class Finding:
    value: str
    sentence: str  # the sentence it came from


@dataclass
class LetterInfo:
    reference: Optional[Finding] = None
    date: Optional[Finding] = None  # value is ISO YYYY-MM-DD
    outcome: Optional[Finding] = None
    sections: list[Finding] = field(default_factory=list)
    law: Optional[str] = None  # "FOIA" or "FOISA"


# =========================================================================== law


_FOISA = re.compile(r"(?i)freedom\s+of\s+information\s+\(scotland\)\s+act|\bFOI\s?\(S\)\s?A\b|\bFOISA\b")
_FOIA = re.compile(r"(?i)freedom\s+of\s+information\s+act(?:\s+2000)?(?!\s*\(scotland\))|\bFOIA\b|\bFOI\s+Act\b")
_FOIA_2000 = re.compile(r"(?i)freedom\s+of\s+information\s+act\s+2000|\bFOIA\b")
_SCOTTISH_HINT = Gated(re.compile(r"(?i)police\s+scotland|\bIM-FOI\b|scottish\s+information\s+commissioner|\bOSIC\b|\(scotland\)"))


def _law(doc: LetterText) -> Optional[str]:
    text = "\n".join(doc.line(i) for i in range(len(doc.lines)) if doc.regions[i] != REQUEST)
    scot = bool(_FOISA.search(text))
    foia = bool(_FOIA.search(_FOISA.sub(" ", text)))
    if scot and foia:
        # "the Freedom of Information Act" is loosely said in Scottish letters too
        return None if _FOIA_2000.search(_FOISA.sub(" ", text)) else "FOISA"
    if scot:
        return "FOISA"
    if foia:
        return "FOIA"
    return None


# =========================================================================== reference

_REF_LABEL = re.compile(
    r"""(?ix)\b(?P<label>
        (?P<our>our|force|police|foi|foia|foisa|request|case|unique|file)\s+ref(?:erence)?\.?(?:\s*(?:no|number|num)\b\.?)?
      | (?:freedom\s+of\s+information\s+(?:\(scotland\)\s+)?(?:act\s+)?(?:request\s+)?)ref(?:erence)?\.?(?:\s*(?:no|number|num)\b\.?)?
      | ref(?:erence)?\.?(?:\s*(?:no|number|num)\b\.?)?
      | (?:request|case|foi|foisa|freedom\s+of\s+information\s+request)\s+(?:no|number|num)\b\.?
    )[ \t]*[:#\-]?\s*
    (?P<value>(?:(?:IM-)?FOI(?:SA|A)?\s(?=\d)|RFI\s(?=\d))?[A-Z0-9][A-Z0-9/_.\-]*)""")
_REF_PATTERNS = [
    re.compile(r"\bIM-FOI-\d{4}-\d+\b"),
    re.compile(r"\bFOI(?:A|SA)?[-/ ]?\d{2,4}[-/]\d{2,6}(?:[-/]\d+)?\b"),
    re.compile(r"\bF-\d{4}-\d{3,}\b"),
    re.compile(r"\b\d{2,4}/FOI/\d{2,4}/\d+\b"),
    re.compile(r"\b[A-Z]{2,4}/FOI/\d+/\d{2,4}\b"),
]
_NOT_OURS = re.compile(
    r"(?i)(?:\byour|\bICO|\bcommissioner'?s?|\bOSIC|\bcase\s+officer'?s?|\bcrime|\bincident|\boccurrence"
    r"|\blog|\bcustody|\bcourt|\bwarrant|\bcomplaint|\bPSD|\bIOPC|\bIPCC)\s*(?:own\s+)?$")


def _clean_ref(value: str) -> Optional[str]:
    value = value.strip().rstrip(".-/_,;:")
    if len(value) < 3 or not re.search(r"\d", value):
        return None
    if find_dates(value):
        return None  # a date, not a reference
    if re.fullmatch(YEAR_PATTERN, value):
        return None  # a year, not a reference
    return value


def _reference(doc: LetterText) -> Optional[Finding]:
    best = None  # (priority, offset, value)
    text = doc.text
    for m in _REF_LABEL.finditer(text):
        start = m.start("label")
        if doc.region_at(start) == REQUEST or doc.in_quote(start):
            continue
        if _NOT_OURS.search(text[max(0, start - 25):start]):
            continue
        value = _clean_ref(m.group("value"))
        if not value:
            continue
        label = m.group("label").lower()
        prio = 3 if m.group("our") and m.group("our").lower() in ("our", "force", "police") else 2
        if "your" in label:
            continue
        cand = (-prio, start, value, m.start("value"))
        if best is None or cand < best:
            best = cand
    for pat in _REF_PATTERNS:
        for m in pat.finditer(text):
            if doc.region_at(m.start()) == REQUEST or doc.in_quote(m.start()):
                continue
            if _NOT_OURS.search(text[max(0, m.start() - 25):m.start()]):
                continue
            cand = (-1, m.start(), m.group(0), m.start())
            if best is None or cand < best:
                best = cand
    if best is None:
        return None
    return Finding(best[2], doc.sentence_text_at(best[3]))


# =========================================================================== date

_DATE_LABEL = re.compile(
    r"(?i)(?:^|[\s|,;])(?:date(?:\s+of\s+(?:response|reply|letter|this\s+letter|issue|disclosure|decision))?|dated|response\s+date|reply\s+date|date\s+(?:sent|issued|of\s+response))\s*[:\-]?\s*$")
_REQUEST_DATE_PREFIX = re.compile(r"(?i)(?:request|received|receipt|acknowledg\w*|submitted|your)\W*$")
_DATE_NOT_LETTER = re.compile(
    r"(?i)request|received|receipt|acknowledg|submitted|\bdated\b|\byour\b|\bbetween\b|\bfrom\b|\buntil\b|\btill\b|\bsince\b|\bperiod\b|\bending\b|\bended\b|\bas\s+at\b|\bbefore\b|\bafter\b|\bduring\b|\bto\b|\bon\b|\bby\b|\bdue\b|\bdeadline\b|\bexpected\b|\bincident|\boccurr|\bbirth\b|\bDOB\b")
_HEADER_WORDS = re.compile(r"(?i)^(?:our|ref|reference|no|number|foi|date|tel|telephone|email|e-mail|fax|ext|extension|direct|dial|line)$")


def _letter_date(doc: LetterText) -> Optional[Finding]:
    best = None  # (-score, offset, date)
    text = doc.text
    dates_on_line: dict[int, int] = {}

    def several(i: int) -> bool:
        """Line i has more than one date: a range, a table row, or two header fields."""
        if i not in dates_on_line:
            a, b = doc.lines[i]
            dates_on_line[i] = len(find_dates(text[a:b]))
        return dates_on_line[i] > 1
    for start, end, date in find_dates(text):
        i = doc.line_index(start)
        if doc.regions[i] in (REQUEST, BOILER) or doc.in_quote(start):
            continue
        sent = doc.sentence_at(start)
        if sent is not None and (sent.request or sent.boiler):
            continue
        a, b = doc.lines[i]
        before, after = text[a:start], text[end:b]
        score = 0
        label = _DATE_LABEL.search(before)
        if label:
            if _REQUEST_DATE_PREFIX.search(before[: label.start() + 1]):
                continue  # "Request dated: ...", "Received date: ..."
            score = 3
        elif (doc.before_salutation(start) or doc.just_after_sign_off(start)) and not several(i):
            rest = (before + " " + after).strip(" ,.;:-|")
            if not rest:
                score = 2
            else:
                words = re.findall(r"[A-Za-z][A-Za-z'-]*", rest)
                if not _DATE_NOT_LETTER.search(rest) and (
                    all(_HEADER_WORDS.match(w) for w in words) or len(words) <= 6
                ):
                    score = 1
        if score:
            cand = (-score, start, date)
            if best is None or cand < best:
                best = cand
    if best is None:
        return None
    return Finding(best[2].isoformat(), doc.sentence_text_at(best[1]))


# =========================================================================== sections

_ITEM = r"\d{1,2}[A-Z]?(?:\s?\(\s?\d{1,2}[A-Z]{0,2}\s?\))*(?:\s?\(\s?[a-z]{1,4}\s?\))*"
_NOT_UNIT = r"(?!\s*(?:hours?|days?|working|months?|years?|weeks?|minutes?|%|per\b|officers?|staff|people|pounds?))"
_SECTION = re.compile(
    rf"""(?ix)(?<![\w.])
        (?:sections?|sect?s?\.?|ss?\.|s(?=\s?\d)|§)\s*
        (?P<list>{_ITEM}{_NOT_UNIT}(?:\s*(?:,|and/or|and|&|/|or)\s*(?:sections?\s*|s\.?\s?)?{_ITEM}{_NOT_UNIT})*)
    """)
_OTHER_ACT = re.compile(
    r"""(?ix)^\s*(?:\([^)]{0,12}\)\s*)*(?:,\s*)?(?:of|under)\s+
        (?!(?:the\s+)?(?:freedom\s+of\s+information|foi|foisa|foia|act\b|above|same))(?:the\s+)?
        (?:[A-Z][\w()'-]*\s+){0,6}?(?:act|regulations?|order|rules)\b
      | ^\s*(?:\([^)]{0,12}\)\s*)*(?:of|under)\s+(?:the\s+)?(?:DPA|GDPR|UK\s+GDPR|PACE|RIPA|EIR|data\s+protection)""")

FOIA_SECTIONS = {12, 14} | set(range(21, 45)) - {25}
FOISA_SECTIONS = {12, 14, 17, 18} | set(range(25, 42))
# FOIA provisions that exclude the duty to confirm or deny: section -> subsection
NCND_SUBSECTIONS = {
    23: "5", 24: "2", 26: "3", 27: "4", 28: "3", 29: "2", 30: "3", 31: "3", 32: "3", 33: "3",
    34: "2", 35: "3", 36: "3", 37: "2", 38: "2", 39: "2", 40: "5", 41: "2", 42: "2", 43: "3", 44: "2",
}


@dataclass
class _Cite:
    number: int
    value: str  # normalised, e.g. "s.40(2)"
    subsection: Optional[str]
    offset: int


def _cites(doc: LetterText, sent: Sentence, scottish: bool) -> list[_Cite]:
    allowed = FOISA_SECTIONS if scottish else FOIA_SECTIONS
    out = []
    chunk = doc.text[sent.start:sent.end]
    for m in _SECTION.finditer(chunk):
        if doc.in_quote(sent.start + m.start()):
            continue
        if _OTHER_ACT.search(chunk[m.end():m.end() + 80]):
            continue
        for item in re.finditer(_ITEM, m.group("list"), re.I):
            raw = re.sub(r"\s", "", item.group(0))
            num_m = re.match(r"(\d{1,2})([A-Za-z]?)", raw)
            assert num_m is not None  # an _ITEM starts with one or two digits
            number, letter = int(num_m.group(1)), num_m.group(2).upper()
            if number not in allowed:
                continue
            sub_m = re.match(r"\((\d{1,2}[A-Za-z]{0,2})\)", raw[num_m.end():])
            sub = sub_m.group(1).upper() if sub_m else None
            if number == 40 and sub in ("3", "3A", "3B", "4A"):
                sub = "2"  # conditions of the s.40(2) exemption
            value = f"s.{number}{letter}" + (f"({sub})" if sub else "")
            out.append(_Cite(number, value, sub, sent.start + m.start() + item.start()))
    return out


# =========================================================================== outcome signals

_X, _C, _V, _W, _P, _N, _F, _H = "ncnd", "cost", "vexatious", "withheld", "partial", "not-held", "disclosed", "held"

_SIGNALS: list[tuple[str, Gated]] = [(kind, Gated(rx)) for kind, rx in [
    (_X, re.compile(r"(?i)\bneither\s+(?:to\s+)?confirm(?:s|ing)?\s+n?or\s+den(?:y|ies|ying)\b|\bNCND\b|(?:duty|obligation)\s+to\s+confirm\s+or\s+deny\s+(?:does\s+not|doesn't)\s+(?:arise|apply)|\bnot\s+(?:obliged|required)\s+to\s+confirm\s+or\s+deny")),
    (_C, re.compile(r"""(?ix)
        \bexceed(?:s|ed|ing)?\s+(?:the\s+)?(?:current\s+|FOIA?\s+|statutory\s+)*(?:appropriate|cost|fees?|statutory|upper|maximum|prescribed|£\s?\d+)(?:\s+(?:cost|fee|time|financial))?\s+(?:limit|threshold|amount)
      | \b(?:would|will)\s+(?:far\s+|significantly\s+|greatly\s+|considerably\s+)?exceed\b[^.]{0,60}\b(?:limit|threshold|£\s?\d+|18\s+hours|hours)
      | \bin\s+excess\s+of\s+(?:the\s+)?(?:current\s+|FOIA?\s+|statutory\s+|upper\s+)*(?:appropriate|cost|fee|£\s?\d+|18\s+hours|this\s+amount)
      | \btoo\s+costly\b | \bexcessive\s+cost | \bcost\s+of\s+compl(?:ying|iance)\b[^.]{0,100}\bexceed
    """)),
    (_V, re.compile(r"(?i)\b(?:is|be|being|as|deemed|considered)\s+vexatious\b|\bvexatious\s+request|\brepeated\s+request\b|\bmanifestly\s+unreasonable\b")),
    (_P, re.compile(r"""(?ix)
        \b(?:some|part|parts|elements?|certain|portions?|a\s+portion)\s+of\s+(?:the\s+)?(?:requested\s+)?(?:information|data|details|material|documents?|records?|figures)\b[^.]{0,80}?\b(?:exempt\b|withheld|redacted|refused|not\s+(?:be(?:en|ing)?\s+)?(?:provided|disclosed|released))
      | \b(?:the\s+)?(?:remaining|remainder\s+of\s+the|rest\s+of\s+the)\s+(?:information|data|details|parts?)\b[^.]{0,60}?\b(?:exempt\b|withheld|redacted|refused|not\s+(?:be(?:en|ing)?\s+)?(?:provided|disclosed|released))
      | \bpartial(?:ly)?\s+(?:disclos|refus|provid|release|exempt|withh|successful)
      | \b(?:disclosed|provided|released|answered|refused)\s+in\s+part\b | \bpartial\s+(?:disclosure|refusal|response)\b
      | \bdecided\s+to\s+disclose\s+(?:some|part)\b | \bable\s+to\s+provide\s+(?:some|part)\s+of\b
      | \bredact(?:ed|ions?)\b | \b(?:have|has)\s+been\s+suppressed\b
      | \bpart(?:s)?\s+(?:\d+|one|two|three|four|five|six|[a-h]|\([a-h0-9]\))(?:\s*(?:,|and|&)\s*(?:\d+|[a-h]))*\s+of\s+your\s+request\b[^.]{0,120}?\b(?:exempt\b|withheld|refus|not\s+(?:be(?:en|ing)?\s+)?(?:provided|disclosed|released))
    """)),
    (_W, re.compile(r"""(?ix)
        \b(?:refus(?:e|ed|ing)|declin(?:e|ed|ing))\s+(?:to\s+(?:disclose|provide|release|supply|comply)|(?:your|this|the)\s+(?:request|application))
      | \bdecided\s+(?:to\s+(?:refuse|withhold)|not\s+to\s+(?:disclose|release|provide))
      | \b(?:will|must|to)\s+withhold\s+(?:the|this|all|that|these)\b
      | \brefusal\s+notice\b | \b(?:serves\s+as|constitutes|represents|is)\s+a\s+(?:formal\s+)?refusal\b
      | \b(?:is|are|being|been|be)\s+withheld\b
      | \b(?:will\s+not\s+be|(?:is|are)\s+not\s+(?:being\s+)?)(?:disclosed|provided|released)\b
      | \b(?:information|data|it|this|these|details?|names?|figures?|material|documents?|records?|reports?)\s+(?:is|are)\s+(?:therefore\s+)?(?:considered\s+)?exempt\b
      | \bexempt\s+(?:from\s+disclosure\s+)?(?:under|by\s+virtue\s+of|pursuant\s+to|in\s+terms\s+of)\b
      | \bexemptions?\s+(?:has|have)\s+been\s+(?:applied|engaged)\b | \bapplied\s+(?:the\s+)?(?:following\s+)?exemptions?\b
      | \b(?:relying|rely|relied)\s+(?:up)?on\b[^.]{0,40}\b(?:exemptions?|section)
      | \bexemptions?\s+(?:appl(?:y|ies)|(?:is|are)\s+engaged)\b
      | public\s+interest\b[^.]{0,80}\b(?:favou?rs?|lies|rests)\b[^.]{0,40}\b(?:non-?disclosure|withholding|maintaining\s+the\s+exemption)
    """)),
    (_N, re.compile(r"""(?ix)
        (?<!\bor\s)\b(?:does|do|did)\s+not\s+hold\b | (?<!\bor\s)\b(?:doesn't|don't)\s+hold\b
      | (?<!\bor\s)\b(?:is|are|was|were)\s+not\s+held\b | \b(?:information|data)\s+not\s+held\b | \bnot\s+held\s+by\b
      | \bno\s+(?:relevant\s+|such\s+|recorded\s+|further\s+)?(?:information|data|records?|documents?|details)\s+(?:is\s+|are\s+|was\s+|were\s+|has\s+been\s+|have\s+been\s+|could\s+be\s+)?(?:held|found|located|recorded|exists?|identified)\b
      | \bholds?\s+no\s+(?:relevant\s+)?(?:information|data|records?)
      | \b(?:does|do)\s+not\s+(?:record|collate|capture|retain|keep|have)\s+(?:this|that|the|such|any)\b
    """)),
    (_F, re.compile(r"""(?ix)
        \bplease\s+(?:find|see)\s+(?:attached|enclosed|below|overleaf|herewith)?\s*(?:the\s+|a\s+|our\s+)?(?:requested\s+|relevant\s+|following\s+)?(?:information|data|figures|table|spreadsheet|document|details|statistics|breakdown|results|answers?)\b
      | \bplease\s+find\s+(?:attached|enclosed)\b(?!\s+(?:a\s+copy\s+of\s+)?(?:our|the)\s+(?:response|reply|letter|leaflet|procedure|guidance|notice))
      | \b(?:information|data|figures|details|table|spreadsheet|answers?|statistics|breakdown|results|numbers)\s+(?:(?:you\s+(?:have\s+)?)?requested\s+|sought\s+)?(?:is|are|has\s+been|have\s+been)\s+(?:attached|enclosed|provided|set\s+out|detailed|shown|given|listed|disclosed|supplied|as\s+follows|below)\b
      | (?<!\bnot\s)\b(?:decided|able|pleased|happy)\s+to\s+(?:disclose|provide|release|supply)\b(?!\s+(?:some|part))
      | \b(?:the\s+)?(?:following\s+|attached\s+|below\s+)?table\s+(?:below\s+)?(?:shows|provides|details|sets\s+out|contains|lists)\b
      | \bsee\s+(?:the\s+)?(?:table|figures|spreadsheet|attached)\b
      | \bin\s+full\b
      | \b(?:it|this|they|these)\s+(?:is|are|has\s+been|have\s+been)\s+(?:attached|enclosed|provided|set\s+out|shown|given|listed|disclosed|supplied)\s+(?:in|below|overleaf|as\s+follows|with)\b
    """)),
    (_H, re.compile(r"(?i)\b(?:can|could|able\s+to|pleased\s+to|hereby|I|we)\s+confirm\s+(?:that\s+)?(?P<subj>[^.;]{0,80}?)\b(?:holds?|is\s+held|are\s+held)\b"
                    r"|\b(?:police|constabulary|service|force|we)\s+holds?\s+(?:the|this|all\s+the)\s+information\s+(?:that\s+)?you\s+(?:have\s+)?requested\b")),
]]
_CONDITIONAL = re.compile(r"(?i)\b(?:if|where|whether|unless|should|when|in\s+the\s+event|any)\b")
_COST_EXPLANATION = re.compile(
    r"""(?ix)\bcentrally\b | \bcentral\s+(?:record|database|system|list|register|index|repository)
      | \bsearchable\b | \bmanual(?:ly)?\s+(?:search|review|trawl|examin|check|read)
      | \breadily\s+(?:available|retrievable|accessible|identifiable) | \bretriev(?:e|able|al)\b
      | \bin\s+a\s+(?:format|way|manner)\s+(?:that|which) | \bsearch\s+(?:field|facility|parameter)
      | \bwould\s+(?:need|have)\s+to\s+(?:be\s+)?(?:manually|read|review|search|examin|check)""")
_GATE_WITHHELD = re.compile(
    r"(?i)\bexempt\b|withh[eo]ld|redact|refus|engag|\bappl(?:y|ies|ied)\b|\brel(?:y|ied|ying)\b|by\s+virtue\s+of|not\s+(?:be(?:en|ing)?\s+)?(?:disclosed|provided|released)|suppress")
_NEGATED = re.compile(r"(?i)\bnot\s+(?:been\s+)?(?:applied|engaged|relied)|\bno\s+exemptions?\b|does\s+not\s+apply|do\s+not\s+apply")


@dataclass
class _Signal:
    kind: str
    sentence: str
    strength: int  # 2 for explicit wording, 1 for a section citation alone


def _clause_before(text: str, pos: int) -> str:
    head = text[:pos]
    cut = max(head.rfind(c) for c in ",;:(")
    return head[cut + 1:]


def _signals(doc: LetterText, sent: Sentence, cites: list[_Cite], scottish: bool) -> list[_Signal]:
    t = sent.text
    out: list[_Signal] = []
    kinds = set()
    quoted = [(a - sent.start, b - sent.start) for a, b in doc.quotes_overlapping(sent.start, sent.end)]

    raw = doc.text[sent.start:sent.end]
    worded = bool(ANY_LETTER.search(raw))  # every signal is worded: a row of figures holds none
    lowered = gate_text(raw) if worded else None
    for kind, rx in _SIGNALS if worded else ():
        for m in rx.finditer(raw, lowered):
            if any(a <= m.start() < b for a, b in quoted):
                continue
            if kind != _X and _CONDITIONAL.search(_clause_before(raw, m.start())):
                continue
            if kind not in (_N, _X):
                prev_words = re.findall(r"[A-Za-z']+", raw[max(0, m.start() - 40):m.start()])[-3:]
                if any(w.lower() in ("not", "no", "never", "cannot", "isn't", "wasn't") for w in prev_words):
                    continue  # "this letter is not a refusal notice"
            if kind == _H:
                subj = (m.group("subj") or "").lower()
                if re.search(r"\b(?:not|no|nor|whether|or\s+deny|neither)\b", subj):
                    continue
            if kind == _N and _COST_EXPLANATION.search(raw):
                continue
            if kind == _F and m.group(0).lower().strip() == "in full" and not re.search(r"(?i)\b(?:disclos|provid|releas|answer)", raw):
                continue
            kinds.add(kind)
            break
    if _X in kinds:
        kinds &= {_X, _C, _P}  # "neither confirm nor deny that it holds" is not a claim of holding
    for kind in kinds:
        out.append(_Signal(kind, t, 2))
    if not kinds and sent.answer:
        # an answer that just gives the figures ("A1: 5,412 searches") is a disclosure
        body = re.sub(rf"(?i)^\W*{ANSWER_MARK}", "", raw)
        body = _SECTION.sub("", body)
        if re.search(r"\d", body):
            kinds.add(_F)
            out.append(_Signal(_F, t, 1))

    negated = bool(_NEGATED.search(raw))
    for c in cites:
        if negated:
            continue
        found: Optional[str] = None
        if c.number == 12:
            found = _C
        elif c.number == 14:
            found = _V
        elif scottish and c.number == 17:
            found = _N
        elif scottish and c.number == 18:
            found = _X
        elif not scottish and c.subsection and c.number in NCND_SUBSECTIONS and c.subsection.startswith(NCND_SUBSECTIONS[c.number]):
            found = _X
        elif _GATE_WITHHELD.search(raw):
            found = _W
        if found and found not in kinds:
            kinds.add(found)
            out.append(_Signal(found, t, 1))
    return out


def _decide(signals: list[_Signal]) -> Optional[Finding]:
    by: dict[str, list[_Signal]] = {}
    for s in signals:
        by.setdefault(s.kind, []).append(s)
    has = set(by)

    def pick(*kinds: str) -> Optional[str]:
        for k in kinds:
            strong = [s for s in by.get(k, []) if s.strength == 2]
            if strong:
                return strong[0].sentence
        for k in kinds:
            if by.get(k):
                return by[k][0].sentence
        return None

    def finding(value: str, *kinds: str) -> Finding:
        return Finding(value, pick(*kinds) or "")

    # an answer that only gives figures ("A1: 38") is weaker evidence than "please find attached"
    strongly_disclosed = any(s.strength == 2 for s in by.get(_F, []))
    disclosed = _F in has
    refused = bool(has & {_C, _V, _W})
    if _P in has:
        if has & {_N, _X} and not disclosed and not (has & {_W}):
            return None  # "part ... exempt" but also not held / NCND, and nothing given
        return finding("partial", _P)
    if _X in has:
        if disclosed:
            return finding("partial", _X)
        if has & {_C, _N, _H}:
            return None
        return finding("ncnd", _X)
    if has & {_C, _V}:
        if strongly_disclosed or _N in has:
            return None  # cost refusal with figures given as advice, or mixed with not held
        return finding("refused", _C, _V, _W)
    if _W in has:
        if disclosed:
            return finding("partial", _W)
        if _N in has:
            return None
        return finding("refused", _W)
    if _N in has:
        if disclosed:
            return finding("partial", _N)
        if _H in has:
            return None
        return finding("not-held", _N)
    if strongly_disclosed or (disclosed and (_H in has or len(by[_F]) >= 2)):
        return finding("full", _F, _H)
    if _H in has and not refused:
        return finding("full", _H)
    return None


# =========================================================================== main


def read_letter(text: str) -> LetterInfo:
    """What a force's response letter says: reference, date, outcome, sections and Act."""
    info = LetterInfo()
    if not text or not text.strip():
        return info
    doc = LetterText(text[:MAX_CHARS])
    info.law = _law(doc)
    scottish = info.law == "FOISA" or (info.law is None and bool(_SCOTTISH_HINT.search(doc.text, gate_text(doc.text))))
    info.reference = _reference(doc)
    info.date = _letter_date(doc)

    sections: dict[str, Finding] = {}
    signals: list[_Signal] = []
    for sent in doc.sentences:
        if sent.request or sent.boiler:
            continue
        cites = _cites(doc, sent, scottish)
        for c in cites:
            sections.setdefault(c.value, Finding(c.value, sent.text))
        if sent.statute:
            continue
        signals.extend(_signals(doc, sent, cites, scottish))

    # "s.40" adds nothing when "s.40(2)" is also cited
    values = set(sections)
    info.sections = [
        f for v, f in sections.items()
        if not ("(" not in v and any(o.startswith(v + "(") for o in values))
    ]
    info.outcome = _decide(signals)
    return info
