"""Literal prefilters for regular expressions: the one home of this speed rule.

Reading a letter runs dozens of case-insensitive patterns over every sentence, and Python's
`re` gets no quick start from a pattern that begins with `\\b` and an alternation of words
under `(?i)`: it tries every position. Most sentences hold none of the words a pattern needs.
`Gated` finds, from the pattern's own parse tree, a set of lower-case strings one of which any
match must contain ("refus", "declin", "withh", ...), and runs the pattern only on a text
holding one of them (a substring test, many times faster than the search). The answer is the
same as the pattern's own: the set is worked out from the pattern, never written by hand, and a
pattern with no such set always runs.

The test is on the text lower-cased, which is exact when the text has no letter outside ASCII:
a case-insensitive match of an ASCII letter is then that letter in either case. (Python's `re`
also matches "i" to a dotless "ı" and "s" to a long "ſ"; a text with any letter outside ASCII
is searched without the test.)
"""
from __future__ import annotations

import importlib
import re
from typing import Any, Iterator, Optional

_P: Any
_C: Any
try:  # the parser of Python's own `re`: private, so a version without it only loses the speed
    _P, _C = importlib.import_module("re._parser"), importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - Python 3.11 and later have both
    _P = _C = None

_NON_ASCII_LETTER = re.compile(r"(?![\x00-\x7f])[^\W\d_]")
_MIN_ATOM = 2  # a single letter is in nearly every sentence: no use as a test


def _useful(string: str) -> bool:
    """Worth testing for: two characters or more, or one sign ("=", ":", "'"), which is rarer
    than any letter."""
    return len(string) >= _MIN_ATOM or (len(string) == 1 and not string.isalnum() and not string.isspace())


def gate_text(text: str) -> Optional[str]:
    """`text` lower-cased, for `Gated.could_match`; None when the test would not be exact there."""
    if not text.isascii() and _NON_ASCII_LETTER.search(text):
        return None
    return text.lower()


def required_strings(pattern: re.Pattern) -> Optional[frozenset[str]]:
    """Lower-case strings one of which every match of `pattern` contains, each at least
    `_MIN_ATOM` long; None when the pattern has no such set."""
    if _P is None or not isinstance(pattern.pattern, str):
        return None
    try:
        tree = _P.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - it compiled, so it parses
        return None
    found = _sequence(list(tree))
    if not found:
        return None
    # "disclosed" adds nothing beside "disclose"
    return frozenset(s for s in found if not any(t != s and t in s for t in found))


def _sequence(items: list) -> Optional[set[str]]:
    """The most selective set of a sequence: every item of a sequence is in every match, so any
    one item's set will do. Literals in a row make one string."""
    best: Optional[set[str]] = None

    def consider(candidate: Optional[set[str]]) -> None:
        nonlocal best
        if candidate and all(map(_useful, candidate)) and (best is None or _selectivity(candidate) > _selectivity(best)):
            best = candidate

    run: list[str] = []
    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider({"".join(run).lower()})
            run = []
        if op is _C.SUBPATTERN:
            consider(_sequence(list(av[-1])))
        elif op is _C.ATOMIC_GROUP:
            consider(_sequence(list(av)))
        elif op is _C.BRANCH:
            consider(_branch(av[1]))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_sequence(list(av[2])))
        elif op is _C.IN and all(item_op is _C.LITERAL for item_op, _ in av):
            consider({chr(code).lower() for _, code in av})  # a class of listed signs: ['"(\[]
        # anything else (a range, a boundary, a look-around, an optional part) asks for no string
    if run:
        consider({"".join(run).lower()})
    return best


def _branch(alternatives: list) -> Optional[set[str]]:
    """Every alternative's set together; None when one alternative has none."""
    out: set[str] = set()
    for alternative in alternatives:
        found = _sequence(list(alternative))
        if not found:
            return None
        out |= found
    return out


def _selectivity(strings: set[str]) -> tuple[int, int]:
    return min(map(len, strings)), -len(strings)


class Gated:
    """A compiled pattern with its literal prefilter: `finditer` and `search` as the pattern's,
    given the text and `gate_text(text)`."""

    __slots__ = ("pattern", "strings")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.strings = required_strings(pattern)

    def could_match(self, lowered: Optional[str]) -> bool:
        if self.strings is None or lowered is None:
            return True
        return any(s in lowered for s in self.strings)

    def finditer(self, text: str, lowered: Optional[str]) -> Iterator[re.Match]:
        if self.could_match(lowered):
            yield from self.pattern.finditer(text)

    def search(self, text: str, lowered: Optional[str]) -> Optional[re.Match]:
        return self.pattern.search(text) if self.could_match(lowered) else None


class AnyOf:
    """Whether any of several patterns matches a text, as the alternation of them all would
    answer: each searched only in a text holding a string it needs. A long alternation gains
    little from one test (some alternative's word is in most sentences, and then all forty
    are tried at every position); each alternative's own test rules out nearly all of them."""

    __slots__ = ("pattern", "_by_string", "_always")

    def __init__(self, alternatives: list[str], flags: int = 0):
        self.pattern = re.compile("|".join(f"(?:{a})" for a in alternatives), flags)  # the plain alternation
        self._by_string: dict[str, list[re.Pattern]] = {}
        self._always: list[re.Pattern] = []  # alternatives no string can rule out
        for alternative in alternatives:
            compiled = re.compile(alternative, flags)
            strings = required_strings(compiled)
            if strings is None:
                self._always.append(compiled)
            for string in strings or ():
                self._by_string.setdefault(string, []).append(compiled)

    def search(self, text: str, lowered: Optional[str]) -> bool:
        """Whether any alternative matches `text` (`lowered`: `gate_text(text)`)."""
        if lowered is None:
            return self.pattern.search(text) is not None
        if any(p.search(text) for p in self._always):
            return True
        tried: set[re.Pattern] = set()  # an alternative needing either of two strings found is searched once
        for string, patterns in self._by_string.items():
            if string in lowered:
                for p in patterns:
                    if p not in tried:
                        if p.search(text):
                            return True
                        tried.add(p)
        return False
