"""Classifying replies: the event a force's message shows (fee notice, extension with its new date,
clarification requested, response, acknowledgement) with the sentence that shows it, and the
force's reference number written in it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from .composing import TOKEN_RE
from .dates import parse_uk_dates
from .reading import Attachment


@dataclass
class Classification:
    event: Optional[str]  # None: nothing the text shows for sure
    evidence: str = ""
    until: Optional[dt.date] = None
    problem: Optional[str] = None


def _rx(*patterns: str) -> list[re.Pattern]:
    return [re.compile(p, re.I) for p in patterns]


FEE_PHRASES = _rx(r"\bfees? notice\b", r"\bfee of £\s?\d", r"\bcharge of £\s?\d")
FEE_NEGATIONS = _rx(r"\bno (?:fee|charge)\b", r"\bfree of charge\b")
EXTENSION_PHRASES = _rx(
    r"\bextend(?:ing|ed)? the (?:time|deadline|response)",
    r"\bextension\b",
    r"\bpublic interest test\b",
    r"\b(?:additional|further|more) time to consider\b",
)
CLARIFY_PHRASES = _rx(r"\bclarif(?:y|ication)\b", r"\bconfirm which\b")
CLARIFY_ASKING = _rx(r"\bplease\b", r"\bcould you\b", r"\bcan you\b", r"\bwould you\b", r"\bkindly\b",
                     r"\bwe (?:need|require)\b", r"\?\s*$", r"\bin order to\b")
CLARIFY_OFFER = _rx(r"\bif you (?:have any|need|would like|require|want)\b", r"\bfollowing your clarification\b",
                    r"\bthank you for (?:your|the) clarification\b")
RESPONSE_STRONG = _rx(
    r"\bplease find (?:attached|enclosed) (?:is )?(?:our|my|the|a|your) (?:full |formal )?(?:response|reply|answer|information|disclosure|decision)",
    r"\bthe information (?:that )?you (?:have )?requested\b",
    r"\b(?:is|are) (?:provided|set out|shown|detailed|given) below\b",
    r"\bdoes not hold (?:the|any|this|that) information\b",
    r"\binformation (?:you requested )?is not held\b",
    r"\bneither confirms? nor denies?\b",
    r"\bwe are (?:able|unable|not able) to (?:provide|disclose)\b",
)
RESPONSE_WEAK = _rx(
    r"\b(?:i|we) can confirm\b",
    r"\bin response to your (?:freedom of information |foi |)request\b",
    r"\b(?:our|my|the) (?:response|reply) to your (?:freedom of information |foi |)request\b",
)
FUTURE = _rx(r"\bwill\b", r"\baim\b", r"\bendeavour\b", r"\bshall\b")
ACK_PHRASES = _rx(
    r"\b(?:we|i) (?:have )?received your (?:e-?mail|request|foi|freedom|letter|correspondence)",
    r"\backnowledge(?:s|d)? (?:the )?receipt\b",
    r"\backnowledg(?:e|ement of|ing) your (?:request|e-?mail|foi)\b",
    r"\backnowledgement\b",
    r"\bwill respond (?:by|within|no later|to you by)\b",
    r"\byour request (?:has been|was) (?:received|logged)\b",
    r"\bhas been logged\b",
)


def _sentences(text: str) -> list[str]:
    out = []
    for block in re.split(r"\n\s*\n", text):
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(£])", block):
            sentence = " ".join(sentence.split())
            if sentence:
                out.append(sentence)
    return out


def _any(patterns: list[re.Pattern], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def classify(subject: str, text: str, attached: list[Attachment], date: Optional[dt.date]) -> Classification:
    """What a force's message says happened, with the sentence that shows it.

    In order: fee notice; extension (with the new date); a request for clarification; a response
    (a disclosure phrase); an acknowledgement; a response shown only by an attached document.
    """
    sentences = ([subject] if subject else []) + _sentences(text)
    found: dict[str, str] = {}
    until: Optional[dt.date] = None
    extension_without_date: Optional[str] = None
    for i, s in enumerate(sentences):
        is_ack = _any(ACK_PHRASES, s)
        if _any(FEE_PHRASES, s) and not _any(FEE_NEGATIONS, s):
            found.setdefault("fee-notice", s)
        if _any(EXTENSION_PHRASES, s) and "extended" not in found:
            window = s + " " + (sentences[i + 1] if i + 1 < len(sentences) else "")
            later = [d for d in parse_uk_dates(window) if date is None or d > date]
            if later:
                found["extended"] = s
                until = later[0]
            elif re.search(r"\bextend|\bextension\b|\b(?:further|additional|more) time\b", s, re.I):
                extension_without_date = extension_without_date or s
        if _any(CLARIFY_PHRASES, s) and _any(CLARIFY_ASKING, s) and not _any(CLARIFY_OFFER, s):
            found.setdefault("clarification-requested", s)
        if _any(RESPONSE_STRONG, s):
            found.setdefault("responded", s)
        elif _any(RESPONSE_WEAK, s) and not is_ack and not _any(FUTURE, s) and not _any(CLARIFY_PHRASES, s):
            found.setdefault("responded", s)
        if is_ack:
            found.setdefault("acknowledged", s)
    for kind in ("fee-notice", "extended", "clarification-requested", "responded", "acknowledged"):
        if kind in found:
            return Classification(kind, found[kind][:400], until if kind == "extended" else None)
    documents = [a for a in attached if a.is_document]
    if documents:
        return Classification("responded", f"attached: {', '.join(a.filename for a in documents)}"[:400])
    if extension_without_date:
        return Classification(
            None, extension_without_date[:400],
            problem="it mentions an extension but no new date: record it with `foi log SLUG FORCE extended --until D`",
        )
    return Classification(None, problem="nothing in it says acknowledged, responded, clarification, extension or fee")


# ---------------------------------------------------------------- references


_REF_LABEL = re.compile(
    r"\b(?:(?:our|your|force|foi|foia|foisa)\s+)?(?:ref(?:erence)?|request\s+(?:no|number|ref(?:erence)?))"
    r"\s*(?:no|number|num)?\.?\s*[:#]\s*"
    r"|\b(?:our|your)\s+ref(?:erence)?\.?\s+"
    r"|\bfoi(?:a|sa)?\s+(?:ref(?:erence)?\s+)?(?=[A-Za-z]{0,6}[\s/-]?\d)",
    re.I,
)
_REF_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/._-]*[A-Za-z0-9]")


def find_reference(text: str) -> Optional[str]:
    """A force's reference number as written after 'Our ref:', 'Reference:', 'FOI ...' (with a digit in it)."""
    text = TOKEN_RE.sub(" ", text)
    for label in _REF_LABEL.finditer(text):
        m = _REF_VALUE.match(text, label.end())
        if m and re.search(r"\d", m.group(0)) and len(m.group(0)) >= 3:
            value = m.group(0)
            if parse_uk_dates(value) and re.fullmatch(r"[\d/.-]+", value):
                continue  # a date, not a reference
            return value
    return None


def _ref_pattern(ref: str) -> Optional[re.Pattern]:
    chunks = re.findall(r"[A-Za-z0-9]+", ref)
    joined = "".join(chunks)
    if sum(c.isdigit() for c in joined) < 3 or len(joined) < 4 or re.fullmatch(r"(?:19|20)\d\d", joined):
        return None  # too short (or a year) to find in a text without false matches
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s/._-]*".join(map(re.escape, chunks)) + r"(?![A-Za-z0-9])", re.I)


def reference_patterns(ref: str) -> list[re.Pattern]:
    """Patterns that find a recorded reference in a text however it is spaced, with or without its FOI/ref prefix."""
    out = [_ref_pattern(ref)]
    m = re.match(r"(?i)\s*(?:foi(?:a|sa)?|ref)[\s/_-]*(.+)", ref)
    if m:
        out.append(_ref_pattern(m.group(1)))
    return [p for p in out if p is not None]

