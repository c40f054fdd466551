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

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from ..dates import YEAR_PATTERN, find_dates
from ..workspace import OUTCOMES

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


# =========================================================================== text model

BODY, REQUEST, BOILER, ANNEX = "body", "request", "boilerplate", "annex"
MAX_CHARS = 400_000  # only the start of a very long text is read: the letter is there
_MAX_PARAGRAPH = 5_000
_MAX_SENTENCE = 1_500


def _normalise(text: str) -> str:
    table = {
        "\r": "\n", "\f": "\n\n", "\v": "\n",
        "\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
        "\u200b": "", "\u00ad": "", "\ufeff": "",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-",
        "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl",
    }
    text = text.replace("\r\n", "\n")
    text = text.translate(str.maketrans(table))
    # words hyphenated over a line break
    return re.sub(r"([a-z])-\n([a-z])", r"\1\2", text)


def _squash(s: str) -> str:
    return " ".join(s.split())


@dataclass
class _Sentence:
    start: int
    end: int
    region: str
    text: str
    request: bool = False  # a sentence that only restates the request
    boiler: bool = False
    statute: bool = False  # quotes or paraphrases the Act
    answer: bool = False  # "A1: ...", "Answer: ..." in a question-and-answer letter


_LABEL_LINE = re.compile(r"^\s*[A-Z][\w .'/()&-]{0,30}:\s*\S")
_BULLET = re.compile(r"^\s*(?:[•▪●◦*\-]\s|\(?[0-9]{1,2}[.)]\s|\(?[a-hA-H][.)]\s|Q\s?\d+\b|A\s?\d+\b)")

_BOILER_HEAD = re.compile(
    r"""(?ix)^\W*(?:
        (?:your\s+)?(?:complaints?|appeals?|review)\s+(?:rights|procedure|process)
      | (?:your\s+)?rights?\s+(?:to|of)\s+(?:complain|complaint|appeal|review|request\s+a\s+review|an?\s+internal\s+review)
      | (?:requesting\s+an?\s+|request\s+an?\s+)?internal\s+review\b
      | requesting\s+a\s+review | review\s+(?:procedure|of\s+(?:the|our)\s+decision)
      | re-?use\s+of\s+(?:public\s+sector\s+)?information | copyright\b
      | if\s+you\s+are\s+(?:dissatisfied|unhappy|not\s+(?:happy|satisfied))
      | are\s+you\s+unhappy | what\s+(?:can|should)\s+I\s+do\s+if
      | (?:the\s+)?information\s+commissioner\b
    )""")
_ANNEX_HEAD = re.compile(r"(?i)^\W*(?:legal\s+annex(?:e)?|annex(?:e)?\b|appendix\b|relevant\s+legislation|legislation\b|legislative\s+(?:background|framework))")
_RESPONSE_HEAD = re.compile(
    r"""(?ix)^\W*(?:
        (?:(?:our|the|my|force|police\s+scotland)\s+)?(?:response|reply|answer|decision|outcome|disclosure)s?(?:\s+(?:to\s+)?(?:question|part|q)?\s*\d*)?\s*(?:[:.)\-]|$)
      | A\s?\d+\s*[:.)\-]
      | (?:[A-Z][\w&'.]*\s+){1,4}(?:response|reply)\s*:
    )""")
_REQUEST_HEAD = re.compile(
    r"""(?ix)^\W*(?:
        (?:your\s+|the\s+|original\s+)?(?:request|questions?|request\s+details|information\s+requested|you\s+asked)(?:\s+(?:no\.?\s*)?\d+)?\s*[:\-]
      | Q\s?\d+\s*[:.)\-]
      | request\s*$
      | -*\s*original\s+message\s*-*\s*$
    )""")
_REQUEST_INTRO = re.compile(
    r"""(?ix)(?:
        ^(?:the\s+)?following\s+information\b |
        \byou\s+(?:have\s+)?(?:asked|requested|wrote|stated|said|sought|enquired)
      | \bseek(?:ing)?\s+access\s+to | \byour\s+(?:request|e-?mail|letter|questions?|enquiry|application)\b
      | \brequest(?:ed)?\s+(?:for\s+information\s+)?(?:as\s+follows|below|was|reads)
      | \bfollowing\s+(?:information|questions?)\s+(?:was|were|has\s+been|have\s+been)\s+(?:requested|asked)
    )[^:]{0,60}:\s*"?\s*$""")
_NOT_REQUEST_INTRO = re.compile(
    r"(?i)please\s+(?:find|see)|attached|enclosed|as\s+follows|table|figures|response\s+(?:is|to\s+(?:each|the\s+questions?))|answers?\s*:|\bin\s+(?:response|reply|answer)\s+to\b|\bI\s+can\s+confirm|\bfollowing\s+(?:response|answers?|information\s+(?:is|has))")
_STRONG_REQUEST_INTRO = re.compile(
    r"(?i)\byou\s+(?:have\s+)?(?:asked|requested|wrote|sought|stated|said)\b|\bseek(?:ing)?\s+access\b")
_OPENER = re.compile(
    r"""(?x)^\W*(?:
        (?:I|We)\s+(?!(?:would|'d)\s+(?:like|be\s+grateful)|wish\s+to\s+(?:request|know|ask|obtain|see|have)
              |am\s+(?:writing\s+to\s+(?:request|ask)|requesting|asking|seeking|interested|looking)
              |request|want|need|ask|hereby\s+request|should\s+be\s+grateful)[A-Za-z']
      | In\s+(?:terms|response|relation|answer|respect|accordance|reply)\b
      | (?:Unfortunately|Having|Following|Further\s+to|Searches|However|Thank|Yours|Regards|Kind\s+regards)\b
      | Please\s+(?:find|see|note)\b | By\s+way\b | To\s+be\s+of\b
      | Our\s+(?:response|reply|answer|decision)\b
      | The\s+(?:force|information\s+(?:you|requested|is|has|sought)|requested\s+information|data|table|attached|following\s+table|figures|answer|response|cost|MPS|PSNI)\b
      | This\s+(?:letter|information|response|is\s+to)\b
      | (?:[A-Z][\w&'.-]*\s+){1,4}(?:can|has|have|does|do|is|holds?|will|would|cannot|are|regrets?)\b
    )""")
_ANSWER_MARK = (r"(?:A\s?\d+|answers?(?:\s+to)?(?:\s+(?:question|part|q)\s?\d+[a-z]?)?"
                r"|response(?:\s+to)?\s+(?:question|part|q)\s?\d+[a-z]?|\(?\d{1,2}[.)]|\(?[a-h][.)])")
_ANSWER_START = re.compile(rf"(?i)^\W*{_ANSWER_MARK}\s*[:.)\-]?\s+\S")
_SIGN_OFF = re.compile(r"(?im)^\s*(?:yours\s+(?:sincerely|faithfully|truly)|kind\s+regards|regards|best\s+(?:wishes|regards))\b")
_SALUTATION = re.compile(r"(?im)^\s*Dear\b")

_BOILER_SENT = re.compile(
    r"""(?ix)
        internal\s+review | request\s+a\s+review | require\s+(?:the\s+)?\S+\s+(?:\S+\s+)?to\s+review
      | review\s+(?:of\s+)?(?:this|the|our|its|their)\s+(?:decision|response|handling)
      | right\s+(?:to|of)\s+(?:complain|complaint|appeal|review|request|apply)
      | information\s+commissioner | \bICO\b | \bOSIC\b | commissioner'?s?\s+office
      | scottish\s+information\s+commissioner
      | \bsection\s+50\b | (?<![\w.])s\.?\s?50\b
      | dissatisf | unhappy\s+with | not\s+(?:happy|satisfied)\s+with
      | (?:lodge|make|submit)\s+(?:a\s+|your\s+|formal\s+|any\s+)?complaint\b | \byour\s+complaint\s+(?:to|with)\b
      | complaints?\s+(?:rights|procedure|should\s+be|must\s+be)
      | you\s+(?:can|may)\s+(?:complain|appeal) | appeal\s+(?:to|against) | right\s+of\s+appeal | court\s+of\s+session
      | wycliffe | wilmslow | SK9\s*5AF | ico\.org\.uk | itspublicknowledge | kinburn
      | re-?use\b | copyright | open\s+government\s+licen[cs]e | public\s+sector\s+information
      | disclosure\s+log | alternative\s+format
      | accessible\s+as\s+possible | privacy\s+notice
      | \b(?:before|prior\s+to)\s+publication\b | \bresponses?\s+(?:are|is|will\s+be|may\s+be)\s+published\b
      | (?:40|forty)\s+(?:\(40\)\s+)?working\s+days | within\s+(?:two|2|six|6)\s+months
    """)
_REQUEST_SENT_START = re.compile(
    r"""(?ix)^\W*(?:
        thank\s+you\s+for | I\s+(?:write|am\s+writing)\s+(?:in\s+connection|in\s+response|with\s+reference|regarding|further)
      | further\s+to\s+your | with\s+reference\s+to\s+your | in\s+your\s+(?:request|e-?mail|letter|correspondence)
      | you\s+(?:have\s+)?(?:asked|requested|sought|wrote|enquired) | your\s+(?:request|e-?mail|letter|application)\s+(?:dated|of|received|was|asked|reads|requested|stated|for)
      | I\s+(?:note|understand)\s+(?:that\s+)?you
    )""")
_REQUEST_SENT_WORDS = re.compile(
    r"(?i)\b(?:asked|requested|requesting|sought|seek(?:ing)?|wanted|following\s+information|in\s+which|regarding|about|concerning|relating\s+to|enquir)")
_STATUTE_SENT = re.compile(
    r"""(?ix)
        \b(?:provides|states|reads|says|stipulates)\s*(?:that\b|:|,?\s*")
      | \bthe\s+act\s+(?:allows|requires|places|gives)
      | \bplaces\s+(?:a\s+|two\s+)?duty | \bdut(?:y|ies)\s+(?:to|at|under)\s+(?:s|section)
      | ^\W*\(?\d+[A-Z]?\)\s
    """)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text in double quotation marks (25 characters or more)."""
    spans = []
    opener = None
    for m in re.finditer('"', text):
        i = m.start()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opener is None:
            if before.isspace() or before in "([:-'" or i == 0:
                if not after.isspace():
                    opener = i
        else:
            if (after.isspace() or after in ".,;:)?!'-") and not before.isspace():
                if i - opener >= 25:
                    spans.append((opener, i + 1))
                opener = None
            elif i - opener > 3000:
                opener = i if not after.isspace() else None
    return spans


class _Text:
    """The letter split into lines, regions and sentences."""

    def __init__(self, raw: str):
        self.text = _normalise(raw)
        self.lines: list[tuple[int, int]] = []
        pos = 0
        for line in self.text.split("\n"):
            self.lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        self.line_starts = [a for a, _ in self.lines]
        self.regions = self._regions()
        m = _SALUTATION.search(self.text)
        self.salutation = m.start() if m else None
        self.quotes = _quote_spans(self.text)
        self._quote_starts = [a for a, _ in self.quotes]
        self.sentences = self._sentences()
        self._sentence_starts = [s.start for s in self.sentences]

    # -- lines
    def line(self, i: int) -> str:
        a, b = self.lines[i]
        return self.text[a:b]

    def line_index(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def region_at(self, offset: int) -> str:
        return self.regions[self.line_index(offset)]

    def in_quote(self, offset: int) -> bool:
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        return i >= 0 and self.quotes[i][0] <= offset < self.quotes[i][1]

    def quotes_overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        i = max(0, bisect.bisect_right(self._quote_starts, start) - 1)
        out = []
        while i < len(self.quotes) and self.quotes[i][0] < end:
            if self.quotes[i][1] > start:
                out.append(self.quotes[i])
            i += 1
        return out

    def sentence_at(self, offset: int) -> Optional[_Sentence]:
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset <= self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_text_at(self, offset: int) -> str:
        s = self.sentence_at(offset)
        if s is not None:
            return s.text
        return _squash(self.line(self.line_index(offset)))

    # -- regions
    def _regions(self) -> list[str]:
        regions = []
        state = BODY
        request_lines = 0
        quoted_request = False
        prev = ""
        for i in range(len(self.lines)):
            line = self.line(i)
            s = line.strip()
            new_para = not prev.strip() or prev.rstrip().endswith((".", "?", "!", ":", '"')) or len(prev.strip()) < 45
            short = len(s) < 90
            if not s:
                regions.append(state)
                prev = line
                continue
            if short and _BOILER_HEAD.match(s) and new_para:
                state = BOILER
            elif short and _ANNEX_HEAD.match(s) and new_para and state != REQUEST:
                state = ANNEX
            elif state == REQUEST:
                request_lines += 1
                if request_lines > 40:
                    state = BODY  # never ended: stop excluding text
                elif quoted_request:
                    pass  # ends with its closing quotation mark, below
                elif new_para and (_RESPONSE_HEAD.match(s) or _OPENER.match(s) or _BOILER_HEAD.match(s)) and not _REQUEST_HEAD.match(s):
                    state = BODY
            elif state in (BODY, BOILER, ANNEX) and new_para and _RESPONSE_HEAD.match(s) and state != ANNEX:
                state = BODY
            if state != REQUEST and new_para and short and _REQUEST_HEAD.match(s) and not _RESPONSE_HEAD.match(s):
                state, request_lines, quoted_request = REQUEST, 0, False
                regions.append(REQUEST)
                prev = line
                continue
            regions.append(state)
            if state == REQUEST and quoted_request and s.endswith(('"', '".', '"?')) and not (s.startswith('"') and s.count('"') == 1 and request_lines == 1):
                state = BODY
                quoted_request = False
            # a line introducing the request ("... you asked:") starts a request region after it
            probe = s if len(s) > 60 else (prev.strip() + " " + s)  # the intro may wrap
            if state == BODY and _REQUEST_INTRO.search(s) and (
                _STRONG_REQUEST_INTRO.search(probe) or not _NOT_REQUEST_INTRO.search(probe)
            ):
                state, request_lines = REQUEST, 0
                nxt = self._next_nonblank(i)
                quoted_request = nxt is not None and self.line(nxt).lstrip().startswith('"')
            prev = line
        return regions

    def _next_nonblank(self, i: int) -> Optional[int]:
        for j in range(i + 1, len(self.lines)):
            if self.line(j).strip():
                return j
        return None

    # -- sentences
    def _paragraphs(self) -> list[tuple[int, int, str]]:
        paras = []
        cur_start = None
        cur_end = None
        cur_region = None
        prev = ""
        for i, (a, b) in enumerate(self.lines):
            line = self.text[a:b]
            s = line.strip()
            region = self.regions[i]
            if not s:
                if cur_start is not None:
                    paras.append((cur_start, cur_end, cur_region))
                cur_start = None
                prev = ""
                continue
            brk = cur_start is None or region != cur_region or (b - cur_start) > _MAX_PARAGRAPH
            if not brk:
                p = prev.strip()
                if "\t" in s or "\t" in p or "   " in s or "   " in p:
                    brk = True  # table rows and header fields laid out in columns
                elif _BULLET.match(line) or _LABEL_LINE.match(line) or _LABEL_LINE.match(prev):
                    brk = True
                elif len(p) < 45 and not p.endswith((",", "-", "(", "/")) and not s[0].islower():
                    brk = True
                elif p.endswith((".", "?", "!", ":")) and (s[0].isupper() or s[0].isdigit()) and len(p) < 70:
                    brk = True
            if brk:
                if cur_start is not None:
                    paras.append((cur_start, cur_end, cur_region))
                cur_start, cur_region = a + (len(line) - len(line.lstrip())), region
            cur_end = b
            prev = line
        if cur_start is not None:
            paras.append((cur_start, cur_end, cur_region))
        return paras

    _ABBREV = {
        "mr", "mrs", "ms", "dr", "st", "no", "nos", "s", "ss", "sec", "sect", "e.g", "i.e", "eg", "ie",
        "etc", "para", "paras", "ref", "approx", "vs", "v", "cf", "fig", "inc", "ltd", "co", "art",
        "reg", "sch", "ch", "pt", "op", "al", "dept", "govt", "tel", "ext", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
    _SPLIT = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9•])")

    def _sentences(self) -> list[_Sentence]:
        out: list[_Sentence] = []
        for a, b, region in self._paragraphs():
            chunk = self.text[a:b]
            cuts = [0]
            for m in self._SPLIT.finditer(chunk):
                word = re.search(r"(\S+)$", chunk[: m.start() + 1])
                token = word.group(1).lower().strip("(\"'").rstrip(".") if word else ""
                if token in self._ABBREV or (len(token) == 1 and token.isalpha()):
                    continue
                if re.fullmatch(r"\d{1,2}", token) and m.start() - cuts[-1] < 4:
                    continue  # list numbering "1. ..."
                cuts.append(m.end())
            cuts.append(len(chunk))
            pieces = []
            for x, y in zip(cuts, cuts[1:]):
                if y - x > _MAX_SENTENCE:  # no full stops: fall back to lines
                    for ln in re.finditer(r"[^\n]+", chunk[x:y]):
                        pieces.append((x + ln.start(), x + ln.end()))
                else:
                    pieces.append((x, y))
            for x, y in pieces:
                seg = chunk[x:y]
                if not seg.strip():
                    continue
                lead = len(seg) - len(seg.lstrip())
                trail = len(seg) - len(seg.rstrip())
                st, en = a + x + lead, a + y - trail
                sent = _Sentence(st, en, region, _squash(self.text[st:en]))
                self._classify(sent)
                out.append(sent)
        return out

    def _classify(self, s: _Sentence) -> None:
        t = s.text
        s.boiler = s.region == BOILER or bool(_BOILER_SENT.search(t))
        s.request = s.region == REQUEST or (
            bool(_REQUEST_SENT_START.match(t)) and bool(_REQUEST_SENT_WORDS.search(t))
        )
        s.statute = s.region == ANNEX or bool(_STATUTE_SENT.search(t)) or t.startswith('"')
        s.answer = bool(_ANSWER_START.match(t))

    def before_salutation(self, offset: int) -> bool:
        if self.salutation is not None:
            return offset < self.salutation
        return offset < self._top_end  # no "Dear ...": the first 20 non-empty lines

    def just_after_sign_off(self, offset: int) -> bool:
        """Within the 8 lines after "Yours sincerely" (some letters are dated at the foot)."""
        if not hasattr(self, "_sign_off"):
            signs = list(_SIGN_OFF.finditer(self.text))
            m = signs[-1] if signs else None  # the last sign-off
            self._sign_off = self.line_index(m.start()) if m else None
        if self._sign_off is None:
            return False
        return 0 < self.line_index(offset) - self._sign_off <= 8

    @property
    def _top_end(self) -> int:
        if not hasattr(self, "_top"):
            n, self._top = 0, len(self.text)
            for a, b in self.lines:
                if self.text[a:b].strip():
                    n += 1
                    if n == 20:
                        self._top = b + 1
                        break
        return self._top


# =========================================================================== law


_FOISA = re.compile(r"(?i)freedom\s+of\s+information\s+\(scotland\)\s+act|\bFOI\s?\(S\)\s?A\b|\bFOISA\b")
_FOIA = re.compile(r"(?i)freedom\s+of\s+information\s+act(?:\s+2000)?(?!\s*\(scotland\))|\bFOIA\b|\bFOI\s+Act\b")
_FOIA_2000 = re.compile(r"(?i)freedom\s+of\s+information\s+act\s+2000|\bFOIA\b")
_SCOTTISH_HINT = re.compile(r"(?i)police\s+scotland|\bIM-FOI\b|scottish\s+information\s+commissioner|\bOSIC\b|\(scotland\)")


def _law(doc: _Text) -> Optional[str]:
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


def _reference(doc: _Text) -> Optional[Finding]:
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


def _letter_date(doc: _Text) -> Optional[Finding]:
    best = None  # (-score, offset, date)
    text = doc.text
    for start, end, date in find_dates(text):
        i = doc.line_index(start)
        if doc.regions[i] in (REQUEST, BOILER) or doc.in_quote(start):
            continue
        sent = doc.sentence_at(start)
        if sent is not None and (sent.request or sent.boiler):
            continue
        a, b = doc.lines[i]
        before, after = text[a:start], text[end:b]
        several = len(find_dates(text[a:b])) > 1  # a range, a table row, or two header fields
        score = 0
        label = _DATE_LABEL.search(before)
        if label:
            if _REQUEST_DATE_PREFIX.search(before[: label.start() + 1]):
                continue  # "Request dated: ...", "Received date: ..."
            score = 3
        elif (doc.before_salutation(start) or doc.just_after_sign_off(start)) and not several:
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


def _cites(doc: _Text, sent: _Sentence, scottish: bool) -> list[_Cite]:
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

_SIGNALS: list[tuple[str, re.Pattern]] = [
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
]
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


def _signals(doc: _Text, sent: _Sentence, cites: list[_Cite], scottish: bool) -> list[_Signal]:
    t = sent.text
    out: list[_Signal] = []
    kinds = set()
    quoted = [(a - sent.start, b - sent.start) for a, b in doc.quotes_overlapping(sent.start, sent.end)]

    raw = doc.text[sent.start:sent.end]
    for kind, rx in _SIGNALS:
        for m in rx.finditer(raw):
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
        body = re.sub(rf"(?i)^\W*{_ANSWER_MARK}", "", raw)
        body = _SECTION.sub("", body)
        if re.search(r"\d", body):
            kinds.add(_F)
            out.append(_Signal(_F, t, 1))

    negated = bool(_NEGATED.search(raw))
    for c in cites:
        if negated:
            continue
        kind = None
        if c.number == 12:
            kind = _C
        elif c.number == 14:
            kind = _V
        elif scottish and c.number == 17:
            kind = _N
        elif scottish and c.number == 18:
            kind = _X
        elif not scottish and c.subsection and c.number in NCND_SUBSECTIONS and c.subsection.startswith(NCND_SUBSECTIONS[c.number]):
            kind = _X
        elif _GATE_WITHHELD.search(raw):
            kind = _W
        if kind and kind not in kinds:
            kinds.add(kind)
            out.append(_Signal(kind, t, 1))
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
    doc = _Text(text[:MAX_CHARS])
    info.law = _law(doc)
    scottish = info.law == "FOISA" or (info.law is None and bool(_SCOTTISH_HINT.search(doc.text)))
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


_PDF_BULLET = re.compile(r"^\s*(?:\(cid:\d+\)|[•▪●◦·‣⁃■□➢►–-])\s*")


def answer_paragraphs(text: str) -> list[str]:
    """The letter's own words, paragraph by paragraph: the quoted request, the review rights
    and the statute's text set aside. A bullet, a blank line, or a short line ending a
    sentence ends a paragraph; a bullet's marker is dropped."""
    if not text or not text.strip():
        return []
    doc = _Text(text[:MAX_CHARS])
    widths = sorted(len(doc.line(i).rstrip()) for i in range(len(doc.lines)) if doc.line(i).strip())
    full = widths[int(len(widths) * 0.9)] if widths else 0  # a line that runs to the margin
    out: list[str] = []
    cur: list[str] = []

    def close() -> None:
        if cur:
            out.append(" ".join(cur))
            cur.clear()

    prev = ""
    for i in range(len(doc.lines)):
        line = doc.line(i)
        if doc.regions[i] != BODY or not line.strip():
            close()
            prev = ""
            continue
        bullet = _PDF_BULLET.match(line) or _BULLET.match(line)
        ended = prev.rstrip().endswith((".", "!", "?", ":")) and len(prev.rstrip()) < 0.85 * full
        if bullet or ended:
            close()
        if _PDF_BULLET.match(line):
            line = _PDF_BULLET.sub("", line, count=1)
        cur.append(" ".join(line.split()))
        prev = line
    close()
    return out
