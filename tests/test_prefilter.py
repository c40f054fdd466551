"""The literal prefilter (foi.prefilter): the strings it asks of a text come from the pattern
itself, and a gated pattern finds exactly what the pattern finds."""
import re
from pathlib import Path

import pytest

import foi.documents.letter as letter
import foi.documents.letter_text as letter_text
import foi.figures.values as values
from foi.prefilter import AnyOf, Gated, gate_text, required_strings


@pytest.mark.parametrize("pattern, strings", [
    (r"(?i)\brefus(?:e|ed|ing)\s+to\b", {"refus"}),
    (r"(?:abc)?def", {"def"}),  # an optional part asks for nothing
    (r"(?:ab)+cde", {"cde"}),  # the longer of two required strings
    (r"[xy]cd", {"cd"}),  # a class breaks the run of literals
    (r"(?i)neither|NCND", {"neither", "ncnd"}),  # either side of a branch
    (r"(?i)disclosed?|disclosure", {"disclos"}),  # the parser takes out the common start
    # re's parser takes the "y" out of "y|ying"; "denying" holds "deny": one string will do
    (r"(?i)\bden(?:y|ying)\b|\bdenying\s+it", {"deny"}),
    (r"a|bcd", None),  # one side too short: no test
    (r"\d+", None),
    # a sign is rarer than any letter: one will do
    (r"(?i)x\s*(?:=|:|denotes?)", {"=", ":", "denote"}),
    (r"""['"(\[]\s*x""", {"'", '"', "(", "["}),  # a class of listed signs
    (r"[a-c]=", {"="}),  # a range is no test; the sign after it is
    (r"[xy]\d", None),  # a class of letters is no test
    (r"a b", {"a b"}),  # a space inside a longer string is part of it
    (r" ", None),  # ... but a space alone is in every sentence
])
def test_required_strings_come_from_the_pattern(pattern, strings):
    assert required_strings(re.compile(pattern)) == strings


def test_a_letter_outside_ascii_turns_the_test_off():
    # `re` matches "i" to a dotless "ı" under (?i): lower-casing the text would miss it
    withheld = Gated(re.compile(r"(?i)\bwithheld\b"))
    assert withheld.strings == {"withheld"}
    assert gate_text("It was wıthheld.") is None
    assert withheld.search("It was wıthheld.", gate_text("It was wıthheld.")) is not None
    # marks and symbols outside ASCII keep it on, and it still finds what is there
    text = "The information – £450 of it – is WITHHELD."
    assert gate_text(text) == text.lower()
    assert withheld.search(text, gate_text(text)).group(0) == "WITHHELD"
    assert withheld.search("It was released.", gate_text("It was released.")) is None


def _gated_patterns():
    found = [(f"letter._SIGNALS[{kind}]", rx) for kind, rx in letter._SIGNALS]
    found += [(f"values._NAMED[{sym!r}]", rx) for rx, sym in values._NAMED]
    for module in (letter, letter_text, values):
        found += [(f"{module.__name__}.{name}", value) for name, value in vars(module).items() if isinstance(value, Gated)]
    return found


def _letter_sentences() -> list[str]:
    """Sentences and lines of real phrasing: every letter quoted in the letter reader's tests,
    and every legend and note in the figures' tests."""
    pieces: set[str] = set()
    for name in ("test_letter.py", "test_figures.py", "test_figures_layouts.py"):
        source = (Path(__file__).parent / name).read_text(encoding="utf-8")
        pieces |= set(source.splitlines())
        pieces |= {s for s in re.split(r"(?<=[.!?])\s+", source)}
    return sorted(p for p in pieces if p.strip())


def test_a_gated_pattern_finds_what_its_pattern_finds():
    sentences = _letter_sentences()
    assert len(sentences) > 500
    patterns = _gated_patterns()
    assert len(patterns) >= 10
    skipped = matched = 0
    for name, gated in patterns:
        assert gated.strings, f"{name} has no strings: gating it is pointless"
        for text in sentences:
            for variant in (text, text.upper(), text.title()):
                lowered = gate_text(variant)
                want = [m.span() for m in gated.pattern.finditer(variant)]
                assert [m.span() for m in gated.finditer(variant, lowered)] == want, (name, variant)
                assert bool(gated.search(variant, lowered)) == bool(want), (name, variant)
                skipped += not gated.could_match(lowered)
                matched += bool(want)
    assert matched > 100 and skipped > 1000  # the test met both kinds of text


def test_any_of_answers_as_the_alternation_does():
    # "\d{3}" asks for no string: it is tried in every text; "ı" is "i" to `re` under re.I, and
    # a text holding it is searched with the plain alternation
    any_of = AnyOf([r"\binternal\s+review\b", r"(?<![\w.])s\.?\s?50\b", r"\d{3}"], re.I)
    for text, want in [("You may ask for an Internal  Review.", True), ("See s.50 of the Act.", True),
                       ("It cost 120 pounds.", True), ("Nothing to see here.", False), ("Internally reviewed.", False),
                       ("An ınternal review", True)]:
        assert any_of.search(text, gate_text(text)) is want, text
        assert bool(any_of.pattern.search(text)) is want, text


def test_every_any_of_answers_as_its_alternation_on_letters():
    found = [(f"{m.__name__}.{n}", v) for m in (letter, letter_text, values) for n, v in vars(m).items()
             if isinstance(v, AnyOf)]
    assert found
    sentences = _letter_sentences()
    for name, any_of in found:
        hits = 0
        for text in sentences:
            for variant in (text, text.upper(), text.title()):
                want = bool(any_of.pattern.search(variant))
                assert any_of.search(variant, gate_text(variant)) is want, (name, variant)
                hits += want
        assert hits > 50, name  # the test met texts of both kinds
