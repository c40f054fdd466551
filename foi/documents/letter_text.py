"""A response letter's text as `read_letter` and the prose reader see it: lines, regions
(body, the quoted request, boilerplate, a legal annex), sentences and quotations, and the
letter's own paragraphs (`answer_paragraphs`)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from ..prefilter import AnyOf, Gated, gate_text

BODY, REQUEST, BOILER, ANNEX = "body", "request", "boilerplate", "annex"
MAX_CHARS = 400_000  # only the start of a very long text is read: the letter is there
_MAX_PARAGRAPH = 5_000
_MAX_SENTENCE = 1_500
_LIST_NUMBER = re.compile(r"\d{1,2}")  # "1." of a numbered list
_A_LINE = re.compile(r"[^\n]+")


def _normalise(text: str) -> str:
    table: dict[str, str | int | None] = {  # the value type str.maketrans takes
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
class Sentence:
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
_REQUEST_INTRO = Gated(re.compile(
    r"""(?ix)(?:
        ^(?:the\s+)?following\s+information\b |
        \byou\s+(?:have\s+)?(?:asked|requested|wrote|stated|said|sought|enquired)
      | \bseek(?:ing)?\s+access\s+to | \byour\s+(?:request|e-?mail|letter|questions?|enquiry|application)\b
      | \brequest(?:ed)?\s+(?:for\s+information\s+)?(?:as\s+follows|below|was|reads)
      | \bfollowing\s+(?:information|questions?)\s+(?:was|were|has\s+been|have\s+been)\s+(?:requested|asked)
    )[^:]{0,60}:\s*"?\s*$"""))  # asked of every line
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
ANSWER_MARK = (r"(?:A\s?\d+|answers?(?:\s+to)?(?:\s+(?:question|part|q)\s?\d+[a-z]?)?"
                r"|response(?:\s+to)?\s+(?:question|part|q)\s?\d+[a-z]?|\(?\d{1,2}[.)]|\(?[a-h][.)])")
_ANSWER_START = re.compile(rf"(?i)^\W*{ANSWER_MARK}\s*[:.)\-]?\s+\S")
_SIGN_OFF = re.compile(r"(?im)^\s*(?:yours\s+(?:sincerely|faithfully|truly)|kind\s+regards|regards|best\s+(?:wishes|regards))\b")
_SALUTATION = re.compile(r"(?im)^\s*Dear\b")

_BOILER_SENT = AnyOf([  # each alternative searched only where its own words are (foi.prefilter.AnyOf)
    r"internal\s+review", r"request\s+a\s+review", r"require\s+(?:the\s+)?\S+\s+(?:\S+\s+)?to\s+review",
    r"review\s+(?:of\s+)?(?:this|the|our|its|their)\s+(?:decision|response|handling)",
    r"right\s+(?:to|of)\s+(?:complain|complaint|appeal|review|request|apply)",
    r"information\s+commissioner", r"\bICO\b", r"\bOSIC\b", r"commissioner'?s?\s+office",
    r"scottish\s+information\s+commissioner",
    r"\bsection\s+50\b", r"(?<![\w.])s\.?\s?50\b",
    r"dissatisf", r"unhappy\s+with", r"not\s+(?:happy|satisfied)\s+with",
    r"(?:lodge|make|submit)\s+(?:a\s+|your\s+|formal\s+|any\s+)?complaint\b", r"\byour\s+complaint\s+(?:to|with)\b",
    r"complaints?\s+(?:rights|procedure|should\s+be|must\s+be)",
    r"you\s+(?:can|may)\s+(?:complain|appeal)", r"appeal\s+(?:to|against)", r"right\s+of\s+appeal", r"court\s+of\s+session",
    r"wycliffe", r"wilmslow", r"SK9\s*5AF", r"ico\.org\.uk", r"itspublicknowledge", r"kinburn",
    r"re-?use\b", r"copyright", r"open\s+government\s+licen[cs]e", r"public\s+sector\s+information",
    r"disclosure\s+log", r"alternative\s+format",
    r"accessible\s+as\s+possible", r"privacy\s+notice",
    r"\b(?:before|prior\s+to)\s+publication\b", r"\bresponses?\s+(?:are|is|will\s+be|may\s+be)\s+published\b",
    r"(?:40|forty)\s+(?:\(40\)\s+)?working\s+days", r"within\s+(?:two|2|six|6)\s+months",
], re.I | re.X)
_REQUEST_SENT_START = re.compile(
    r"""(?ix)^\W*(?:
        thank\s+you\s+for | I\s+(?:write|am\s+writing)\s+(?:in\s+connection|in\s+response|with\s+reference|regarding|further)
      | further\s+to\s+your | with\s+reference\s+to\s+your | in\s+your\s+(?:request|e-?mail|letter|correspondence)
      | you\s+(?:have\s+)?(?:asked|requested|sought|wrote|enquired) | your\s+(?:request|e-?mail|letter|application)\s+(?:dated|of|received|was|asked|reads|requested|stated|for)
      | I\s+(?:note|understand)\s+(?:that\s+)?you
    )""")
_REQUEST_SENT_WORDS = Gated(re.compile(
    r"(?i)\b(?:asked|requested|requesting|sought|seek(?:ing)?|wanted|following\s+information|in\s+which|regarding|about|concerning|relating\s+to|enquir)"))
ANY_LETTER = re.compile(r"[^\W\d_]")
_STATUTE_SENT = Gated(re.compile(
    r"""(?ix)
        \b(?:provides|states|reads|says|stipulates)\s*(?:that\b|:|,?\s*")
      | \bthe\s+act\s+(?:allows|requires|places|gives)
      | \bplaces\s+(?:a\s+|two\s+)?duty | \bdut(?:y|ies)\s+(?:to|at|under)\s+(?:s|section)
      | ^\W*\(?\d+[A-Z]?\)\s
    """))  # asked of every sentence


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


class LetterText:
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

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Split and classified on first use: the prose reader wants only lines and regions."""
        return self._sentences()

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

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

    def sentence_at(self, offset: int) -> Optional[Sentence]:
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
            if state == BODY and _REQUEST_INTRO.search(s, gate_text(s)) and (
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
        paras: list[tuple[int, int, str]] = []
        cur_start: Optional[int] = None
        cur_end = 0  # cur_end and cur_region are read only while cur_start is set, which sets them
        cur_region = ""
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

    def _sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for a, b, region in self._paragraphs():
            chunk = self.text[a:b]
            cuts = [0]
            for m in self._SPLIT.finditer(chunk):
                # the word the stop ends ("Mr.", "s.", "1."): back from the stop to a space
                # (searching the chunk so far for its last word cost time in the square of its length)
                end = start = m.start() + 1
                while start > 0 and not chunk[start - 1].isspace():
                    start -= 1
                token = chunk[start:end].lower().strip("(\"'").rstrip(".")
                if token in self._ABBREV or (len(token) == 1 and token.isalpha()):
                    continue
                if _LIST_NUMBER.fullmatch(token) and m.start() - cuts[-1] < 4:
                    continue  # list numbering "1. ..."
                cuts.append(m.end())
            cuts.append(len(chunk))
            pieces = []
            for x, y in zip(cuts, cuts[1:]):
                if y - x > _MAX_SENTENCE:  # no full stops: fall back to lines
                    for ln in _A_LINE.finditer(chunk[x:y]):
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
                sent = Sentence(st, en, region, _squash(self.text[st:en]))
                self._classify(sent)
                out.append(sent)
        return out

    def _classify(self, s: Sentence) -> None:
        t = s.text
        worded = bool(ANY_LETTER.search(t))  # boilerplate and the request are worded; a row of figures is neither
        lowered = gate_text(t) if worded else None
        s.boiler = s.region == BOILER or (worded and bool(_BOILER_SENT.search(t, lowered)))
        s.request = s.region == REQUEST or (
            worded and bool(_REQUEST_SENT_START.match(t)) and bool(_REQUEST_SENT_WORDS.search(t, lowered))
        )
        s.statute = s.region == ANNEX or bool(_STATUTE_SENT.search(t, lowered)) or t.startswith('"')
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


_PDF_BULLET = re.compile(r"^\s*(?:\(cid:\d+\)|[•▪●◦·‣⁃■□➢►–-])\s*")


def answer_paragraphs(text: str) -> list[str]:
    """The letter's own words, paragraph by paragraph: the quoted request, the review rights
    and the statute's text set aside. A bullet, a blank line, or a short line ending a
    sentence ends a paragraph; a bullet's marker is dropped."""
    if not text or not text.strip():
        return []
    doc = LetterText(text[:MAX_CHARS])
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
