"""Who the requester is, and how to take them out of what is published.

Forces' letters begin "Dear Mr Quillfeather", quote the address they reply to, and put the
requester's name in a spreadsheet's sheet, a table's "Prepared for" row or a file name.
`Redactor` finds the requester's details in any text, in the forms they are written in:

- the name with any white space between its parts (a line break, a double space), with its
  given names as initials ("Z. Quillfeather", "Z.A. Quillfeather"), surname first ("Quillfeather,
  Z."), and any part of it after a title or salutation ("Mr Quillfeather", "Dear Zebedee") or
  before a possessive ("Quillfeather's request");
- the email address;
- the postal address: the whole of it on one line or several, each line of two words or more,
  or with a number ("The Old Rectory", "17 Lantern Row"), and the postcode with or without its
  space. A one-word line ("Marshby") and a line that is part of a force's name ("West
  Yorkshire") are not redacted alone: they are places, not people, and redacting them would
  take "West Yorkshire Police" out of every letter.

A part of the name alone is not redacted ("Kent" may be a surname); nor is anything the
requester's details do not spell (a nickname, a signature drawn as a picture).

`requester_redactor` reads the details with the workspace's one reader of foi.local.yml
(`Workspace.requester`) and refuses, naming the problem, when they cannot be read, unless told
that there is no requester to redact.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from .errors import FoiError
from .workspace import LOCAL_CONFIG, Workspace

REPLACEMENT = "[requester]"
TITLES = r"(?:Dear|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Rev)\.?"
POSTCODE_RE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})(?![A-Za-z0-9])")
APOSTROPHES = "'\u2019"
# Address lines that name a country or a region, never a person's home
PLACES = {"uk", "united kingdom", "great britain", "gb", "england", "wales", "scotland", "northern ireland"}


def _escape(text: str) -> str:
    """re.escape, with either apostrophe for either ("O'Neil", "O’Neil")."""
    return "".join(f"[{APOSTROPHES}]" if c in APOSTROPHES else re.escape(c) for c in text)


def _flexible(phrase: str) -> Optional[str]:
    """A regex for the phrase with any white space (or commas) between its words."""
    tokens = re.findall(r"[^\s,]+", phrase)
    if not tokens:
        return None
    out = _escape(tokens[0])
    for before, token in zip(tokens, tokens[1:]):
        out += (r"[\s,]*" if before.endswith(".") else r"[\s,]+") + _escape(token)
    return out


def _address_line(line: str) -> Optional[str]:
    """A regex for an address line: flexible white space, and its postcode with or without its space."""
    match = POSTCODE_RE.search(line)
    if not match:
        return _flexible(line)
    pieces = [_flexible(line[:match.start()]), rf"{re.escape(match.group(1))}\s*{re.escape(match.group(2))}",
              _flexible(line[match.end():])]
    return r"[\s,]+".join(p for p in pieces if p)


def _bounded(regex: str) -> str:
    return rf"(?<!\w)(?:{regex})(?!\w)"


class Redactor:
    """Replaces the requester's details by "[requester]" in text; see the module's docstring."""

    def __init__(self, names: Iterable[str] = (), emails: Iterable[str] = (), address: str = "",
                 literals: Iterable[str] = (), places: Iterable[str] = ()):
        names = [n.strip() for n in names if n and n.strip()]
        emails = [e.strip() for e in emails if e and "@" in e]
        places = {p.lower() for p in places} | PLACES
        alternatives: list[str] = []  # the longest forms first: alternation takes the first that matches

        lines = [line.strip().strip(",").strip() for line in (address or "").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > 1 and (whole := _flexible(" ".join(lines))):
            alternatives.append(_bounded(whole))
        alternatives += [rf"(?<![\w.+-]){re.escape(e)}(?![\w-])" for e in sorted(set(emails), key=len, reverse=True)]

        parts: set[str] = set()
        for name in sorted(set(names), key=len, reverse=True):
            if flexible_name := _flexible(name):  # None for a "name" of commas alone
                alternatives.append(_bounded(flexible_name))
            tokens = [t.strip(".") for t in re.split(r"[\s.,]+", name) if t.strip(".")]
            parts |= {t for t in tokens if len(t) >= 2}
            if len(tokens) >= 2:
                given, surname = tokens[:-1], _escape(tokens[-1])
                first = "|".join(sorted({_escape(g) for g in given} | {_escape(g[0]) + r"\.?" for g in given},
                                        key=len, reverse=True))
                # "Z. Quillfeather", "Zebedee A. Quillfeather", "Z.A.Quillfeather"; "Quillfeather, Z." (a
                # separator is needed: "A. Li" must not take "Ali")
                sep = r"(?:[\s.]+|(?<=\.))"
                alternatives.append(_bounded(rf"(?:{first})(?:{sep}(?:{first}))*{sep}{surname}"))
                alternatives.append(rf"(?<!\w){surname},?\s+(?:{first})(?![\w])")

        for line in lines:
            if POSTCODE_RE.fullmatch(line):
                continue  # the postcode alone is below
            words = re.findall(r"[^\s,]+", line)
            if (re.search(r"\d", line) or len(words) >= 2) and line.lower() not in places:
                if address_line := _address_line(line):
                    alternatives.append(_bounded(address_line))
        for outward, inward in {m.groups() for m in POSTCODE_RE.finditer(address or "")}:
            alternatives.append(rf"(?<![A-Za-z0-9]){re.escape(outward)}\s*{re.escape(inward)}(?![A-Za-z0-9])")

        if parts:
            names_re = "|".join(map(_escape, sorted(parts, key=len, reverse=True)))
            alternatives.append(rf"(?<!\w){TITLES}\s+(?:{names_re})(?!\w)")
            # a possessive makes a person of a bare part: "Quillfeather's request" (not "Kent's figures")
            people = [p for p in parts if p.lower() not in places]
            if people:
                alternatives.append(rf"(?<!\w)(?:{'|'.join(map(_escape, sorted(people, key=len, reverse=True)))})"
                                    rf"(?=[{APOSTROPHES}]s?(?!\w))")
        self.pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
        self.literals = sorted({x for x in literals if x and len(x) > 1}, key=len, reverse=True)
        # for pictures: a name part read slightly wrong by OCR ("Quil1feather") is still covered
        self.close_words = sorted({p.lower() for p in parts if len(p) >= 5 and p.lower() not in places})

    @property
    def active(self) -> bool:
        """Whether there is anyone to redact."""
        return self.pattern is not None

    @classmethod
    def for_details(cls, details: dict | list[dict], literals: Iterable[str] = (), emails: Iterable[str] = ()) -> "Redactor":
        """For the requester's details (`name`, `email`, `address`: one mapping, or several)."""
        from .forces import all_forces

        every = [details] if isinstance(details, dict) else list(details)

        places = set()
        for force in all_forces().values():
            for label in (force.name, force.short_name):
                words = (label or "").split()
                # every run of words in a force's name: "West Yorkshire", "Yorkshire", "Kent"
                places |= {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
        return cls(names=[d.get("name", "") for d in every], emails=[d.get("email", "") for d in every] + list(emails),
                   address="\n".join(dict.fromkeys(d.get("address", "") for d in every)), literals=literals, places=places)

    def spans(self, value: str) -> list[tuple[int, int]]:
        """Where the requester's details are in the text: (start, end) of each."""
        found = []
        for literal in self.literals:
            start = value.find(literal)
            while start >= 0:
                found.append((start, start + len(literal)))
                start = value.find(literal, start + 1)
        if self.pattern is not None:
            found += [m.span() for m in self.pattern.finditer(value) if m.end() > m.start()]
        return sorted(found)

    def picture_spans(self, value: str) -> list[tuple[int, int]]:
        """`spans`, and any word within OCR's reach of a part of the name (a ratio of 80 or more:
        one letter wrong in a name of five or more). Only for pictures, where covering a word too
        many costs nothing and a scan's text layer is OCR's guess."""
        from rapidfuzz import fuzz

        found = self.spans(value)
        for word in re.finditer(r"[^\W_]{4,}", value):
            if any(fuzz.ratio(word.group().lower(), part) >= 80 for part in self.close_words):
                found.append(word.span())
        return sorted(found)

    def text(self, value: str) -> str:
        for literal in self.literals:
            value = value.replace(literal, ".")
        if self.pattern is not None:
            value = self.pattern.sub(REPLACEMENT, value)
        return value

    def row(self, row: dict) -> dict:
        return {k: self.text(v) if isinstance(v, str) else v for k, v in row.items()}

    def data(self, value):
        """Every string in nested lists and mappings (metadata), keys included."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.data(k): self.data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v) for v in value]
        return value


NO_REQUESTER_HINT = "or, if there is no requester to redact, pass --no-requester"


def requester_redactor(ws: Workspace, no_requester: bool = False) -> tuple[Redactor, list[str]]:
    """The redactor of the workspace's requester, and any warning about it.

    Publishing without knowing whom to redact would publish them: a missing, misspelt or
    malformed foi.local.yml, or one without the requester's name, is an error unless
    `no_requester` says there is nobody to redact (then whatever can be read is still redacted).
    The workspace's own path is always replaced by "."."""
    path = ws.root / LOCAL_CONFIG
    literals = {str(ws.root), str(ws.root.resolve())}
    try:
        if not path.exists():
            raise FoiError(
                f"{path} is missing, so the requester's name and address cannot be taken out of the published"
                f" letters; create it (see {LOCAL_CONFIG}.example)"
            )
        details = ws.requester()
        if not details["name"]:
            raise FoiError(f"{path}: the requester has no name, so it cannot be taken out of the published letters; add it")
    except FoiError as e:
        if not no_requester:
            raise FoiError(f"{e}, {NO_REQUESTER_HINT}") from None
        return _redactor(ws, literals, strict=False), []
    warnings = []
    if not details["address"]:
        warnings.append(f"{path}: the requester has no address; only their name and email are taken out of the letters")
    return _redactor(ws, literals), warnings


def _redactor(ws: Workspace, literals: set[str], strict: bool = True) -> Redactor:
    """Both the requester of foi.local.yml and the one FOI_FROM_NAME/FOI_FROM_EMAIL sign as,
    and the SMTP login when it is an email address: the letters may quote any of them."""
    try:
        details = [ws.requester(), ws.requester(environment=False)]
        smtp = ws.local_config().get("smtp")
    except FoiError:
        if strict:
            raise
        details, smtp = [], None
    user = smtp.get("user") if isinstance(smtp, dict) else None
    return Redactor.for_details(details, literals, emails=[user] if isinstance(user, str) else [])
