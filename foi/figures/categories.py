"""Categories that line up across forces.

Forces name the same thing differently ("Violence Against the Person", "VIOLENCE WITH
INJURY", "Violence w/o injury"). A request's `requests/<slug>/categories.yml` maps each
breakdown's printed labels to a canonical category:

    crime_type:
      VIOLENCE WITH INJURY: Violence with injury
      Criminal Damage & Arson: Arson and Criminal Damage

A mapping in the file is confirmed (a person wrote or confirmed it); for every other label
`suggest_categories` proposes one by fuzzy matching: for crime types against the Home Office
classification of notifiable offences (foi/data/crime_categories.csv: classes, sub classes
and offence categories), for any other breakdown against the labels the other forces printed,
grouping labels that mean the same. `granularity` says which forces used coarser or finer
categories than the others.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import sqlite_utils
import yaml

from ..errors import FoiError
from ..workspace import read_yaml_file

DATA = Path(__file__).resolve().parents[1] / "data" / "crime_categories.csv"
FILENAME = "categories.yml"
CLASS, SUB_CLASS, OFFENCE_CATEGORY = "class", "sub class", "offence category"
SURE = 95.0  # a suggestion scoring this much is a near-exact match of words
SUGGEST = 85.0  # below this, no suggestion (a label that contains a canonical name's words gets ~90)
SAME_LABEL = 88.0  # two forces' labels of another breakdown this alike mean the same
CRIME_WORDS = {"crime", "offence", "offense", "crimes", "offences", "offenses"}
KIND_WORDS = {"type", "types", "group", "groups", "category", "categories", "class", "classification", "description",
              "kind", "of", "home", "office", "ho", "recorded", "notifiable"}


@dataclass(frozen=True)
class Canonical:
    name: str
    level: str  # class, sub class, offence category
    parent: Optional[str]  # the class of a sub class; the sub class (or class) of an offence category


def normalise(label: str) -> str:
    """Lower case, '&' and 'w/o' spelt out, no punctuation: the form labels are compared in."""
    s = (label or "").lower().replace("&", " and ").replace("w/o", "without ").replace("w/", "with ")
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=1)
def crime_categories() -> tuple[Canonical, ...]:
    """The Home Office classes, sub classes and offence categories, each once (names differing
    only in capitals are one, spelt as most rows spell it)."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    found: dict[str, tuple[str, Optional[str]]] = {}  # normalised -> (level, parent normalised)
    with DATA.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            cls = " ".join(row["Class"].split())
            sub = " ".join(row["Sub class"].split())
            cat = " ".join(re.sub(r"^[\d/]+[A-Z]?\s+", "", row["Offence category"].strip()).split())
            for name, level, parent in ((cls, CLASS, None), (sub, SUB_CLASS, cls), (cat, OFFENCE_CATEGORY, sub or cls)):
                if not name:
                    continue
                key = normalise(name)
                spellings[key][name] += 1
                found.setdefault(key, (level, normalise(parent) if parent else None))
    name_of = {k: c.most_common(1)[0][0] for k, c in spellings.items()}
    return tuple(Canonical(name_of[k], level, name_of.get(p) if p else None) for k, (level, p) in found.items())


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Canonical]:
    return {normalise(c.name): c for c in crime_categories()}


def canonical_info(name: Optional[str]) -> Optional[Canonical]:
    return _by_name().get(normalise(name or ""))


def top_category(name: str) -> str:
    """The Home Office class a canonical crime category belongs to (itself for a class, or a name not in the list)."""
    info = canonical_info(name)
    while info is not None and info.parent:
        parent = canonical_info(info.parent)
        if parent is None:
            break
        info = parent
    return info.name if info is not None else name


def suggest_crime_category(label: str) -> tuple[Optional[str], float]:
    """The Home Office category a printed crime type most likely means, and how sure (0-100)."""
    from rapidfuzz import fuzz

    from .matching import header_tokens

    n = normalise(label)
    if not n:
        return None, 0.0
    words = set(n.split())
    rank = {CLASS: 2, SUB_CLASS: 1, OFFENCE_CATEGORY: 0}
    best, best_key = None, (0.0, 0.0, 0)
    for c in crime_categories():
        cn = normalise(c.name)
        sort = fuzz.token_sort_ratio(n, cn)
        score = sort
        if sort < SUGGEST and len(words) >= 2 and words <= set(cn.split()) and c.level != OFFENCE_CATEGORY:
            score = SUGGEST  # "Public Order" for "Public Order Offences": all its words, fewer of them
        elif sort < SUGGEST and c.level == CLASS and set(header_tokens(n)) <= set(header_tokens(cn)):
            score = SUGGEST  # "Drugs" for "Drug Offences": a class named by its own word
        key = (score, fuzz.WRatio(n, cn), rank[c.level])
        if key > best_key:
            best, best_key = c, key
    if best is None or best_key[0] < SUGGEST:
        return None, best_key[0]
    return best.name, best_key[0]


# ----------------------------------------------------------------------------- the mapping file

def categories_path(case_dir: Path) -> Path:
    return Path(case_dir) / FILENAME


def load_categories(path: Path) -> dict[str, dict[str, str]]:
    """breakdown key -> {printed label -> canonical category}; {} when there is no file."""
    path = Path(path)
    if not path.exists():
        return {}
    data = read_yaml_file(path, empty={})
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise FoiError(f"{path}: expected breakdown keys, each mapping printed labels to canonical categories")
    return {str(k): {" ".join(str(a).split()): str(b) for a, b in (v or {}).items()} for k, v in data.items()}


def save_categories(path: Path, mapping: dict[str, dict[str, str]]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "# breakdown key -> printed label -> canonical category (confirmed with `foi categories SLUG confirm`)\n"
    ordered = {k: dict(sorted(v.items(), key=lambda kv: kv[0].lower())) for k, v in sorted(mapping.items())}
    path.write_text(head + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


def confirm_category(path: Path, breakdown: str, label: str, canonical: str) -> None:
    mapping = load_categories(path)
    mapping.setdefault(breakdown, {})[" ".join(label.split())] = " ".join(canonical.split())
    save_categories(path, mapping)


# ----------------------------------------------------------------------------- suggestions

def printed_labels(db: sqlite_utils.Database, slug: str) -> dict[str, dict[str, set[str]]]:
    """breakdown key -> {label -> forces that printed it}, from the figures; two-way figures
    ("crime_type+outcome", "Theft | Charged") give a label to each of their breakdowns."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    if not db["figures"].exists():
        return {}
    for r in db.query("select distinct force, breakdown, category from figures where request = ? and breakdown is not null "
                      "and category is not null", [slug]):
        keys, labels = r["breakdown"].split("+"), r["category"].split(" | ")
        if len(keys) != len(labels):
            continue
        for k, label in zip(keys, labels):
            out[k][label].add(r["force"])
    return {k: dict(v) for k, v in out.items()}


def looks_like_crime_types(key: str, aliases: list[str], labels: list[str]) -> bool:
    """A breakdown of crime types: its name says so, or most of its labels are Home Office categories."""
    for name in [key.replace("_", " ")] + list(aliases):
        words = set(normalise(name).split())
        # "crime type", "offence group", "offences": but not "crime outcome"
        if words & CRIME_WORDS and words <= CRIME_WORDS | KIND_WORDS:
            return True
    if not labels:
        return False
    hits = sum(suggest_crime_category(label)[1] >= SURE for label in labels)
    return hits >= max(2, len(labels) // 2)


def _same_words(a: str, b: str) -> float:
    """100 when every word of each label stands for a word of the other by the header matcher's
    word rule (a shared stem, a close spelling: "Charge/Summons" and "Charged/Summonsed"), else 0."""
    from .matching import REJECT_SCORE, header_tokens, word_score

    ta, tb = header_tokens(a), header_tokens(b)
    if not ta or not tb:
        return 0.0
    ok = all(max(word_score(x, y) for y in tb) >= REJECT_SCORE for x in ta) and \
        all(max(word_score(y, x) for x in ta) >= REJECT_SCORE for y in tb)
    return 100.0 if ok else 0.0


def _unbroken(a: str, b: str) -> float:
    """Alike once spaces are gone: a label broken inside a word by a narrow cell ("Charged/Sum
    monsed") is the same label as the one printed whole ("Charged/Summonsed")."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))


def group_labels(labels: dict[str, set[str]]) -> dict[str, tuple[str, float]]:
    """For a breakdown without a canonical list: label -> (the name of its group, score). Labels
    that are alike (same words, or close spellings) form a group named by the label most forces
    printed."""
    from rapidfuzz import fuzz  # here: a build with nothing new to label need not load it

    ordered = sorted(labels, key=lambda label: (-len(labels[label]), label))
    groups: list[tuple[str, list[str]]] = []
    out: dict[str, tuple[str, float]] = {}
    for label in ordered:
        n = normalise(label)
        best, best_score = None, 0.0
        for name, members in groups:
            s = max(max(fuzz.token_sort_ratio(n, normalise(m)), _same_words(label, m), _unbroken(n, normalise(m)))
                    for m in members)
            if s > best_score:
                best, best_score = (name, members), s
        if best and best_score >= SAME_LABEL:
            best[1].append(label)
            out[label] = (best[0], best_score)
        else:
            groups.append((label, [label]))
            out[label] = (label, 100.0)
    return out


@dataclass
class CategoryRow:
    request: str
    breakdown: str
    label: str
    canonical: Optional[str]
    confirmed: bool
    score: Optional[float]  # how alike the label and the suggestion are (100 for a confirmed mapping)
    level: Optional[str]  # for crime types: class, sub class or offence category
    parent: Optional[str]
    forces: list[str]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["confirmed"] = int(self.confirmed)
        d["forces"] = ", ".join(self.forces)
        return d


def suggest_categories(db: sqlite_utils.Database, request, mapping: Optional[dict[str, dict[str, str]]] = None,
                       breakdown: Optional[str] = None,
                       labels: Optional[dict[str, dict[str, set[str]]]] = None) -> list[CategoryRow]:
    """Every printed label of a request's breakdowns with its canonical category: the one in
    the mapping file when there is one (confirmed), else a suggestion. `labels`: the request's
    printed_labels, when the caller has them already."""
    mapping = mapping or {}
    labels = printed_labels(db, request.slug) if labels is None else labels
    rows: list[CategoryRow] = []
    keys = [k for k in (request.breakdowns or {}) if breakdown in (None, k)]
    keys += [k for k in labels if k not in keys and breakdown in (None, k)]
    for key in keys:
        printed = labels.get(key, {})
        confirmed = mapping.get(key, {})
        crime = looks_like_crime_types(key, (request.breakdowns or {}).get(key, []), list(printed))
        grouped = {} if crime else group_labels(printed)
        for label in sorted(printed, key=str.lower):
            canonical: Optional[str]
            if label in confirmed:
                canonical, score, sure = confirmed[label], 100.0, True
            elif crime:
                canonical, score = suggest_crime_category(label)
                sure = False
            else:
                canonical, score = grouped[label]
                sure = False
            info = canonical_info(canonical) if crime else None
            rows.append(CategoryRow(request.slug, key, label, canonical, sure, round(score, 1) if score else None,
                                    info.level if info else None, info.parent if info else None,
                                    sorted(printed[label])))
    return rows


def granularity(rows: list[CategoryRow]) -> list[dict]:
    """Which forces used coarser or finer categories than the others, breakdown by breakdown.

    A force is finer where it splits what others print as one: several of its labels map to one
    canonical category that the other forces give as one label, or it maps to the sub classes
    of a Home Office class that another force gives whole. It is coarser in the reverse case."""
    by_force: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.canonical:
            for f in r.forces:
                by_force[(r.breakdown, f)][r.canonical].append(r.label)
    notes: list[dict] = []
    breakdowns = {b for b, _ in by_force}
    crime = {r.breakdown for r in rows if r.level}  # breakdowns mapped to the Home Office list
    for b in sorted(breakdowns):
        forces = {f: cats for (bb, f), cats in by_force.items() if bb == b}
        def top(name: str) -> str:
            return top_category(name) if b in crime else name  # noqa: B023 - used in this same iteration

        by_top: dict[str, dict[str, set[str]]] = defaultdict(dict)  # class -> force -> canonical names
        for f, cats in forces.items():
            for c in cats:
                by_top[top(c)].setdefault(f, set()).add(c)
        for cls, per_force in sorted(by_top.items()):
            whole = {f for f, names in per_force.items() if names == {cls}}
            split = {f for f, names in per_force.items() if names - {cls}}
            if whole and split:
                for f in sorted(whole):
                    notes.append({"breakdown": b, "force": f, "granularity": "coarser", "category": cls,
                                  "detail": f"gives '{cls}' whole, where {', '.join(sorted(split))} split it"})
                for f in sorted(split):
                    notes.append({"breakdown": b, "force": f, "granularity": "finer", "category": cls,
                                  "detail": f"gives '{cls}' in parts: {', '.join(sorted(per_force[f] - {cls}))}"})
        for f, cats in sorted(forces.items()):
            for c, labels in sorted(cats.items()):
                others = [len(o[c]) for g, o in forces.items() if g != f and c in o]
                if len(labels) > 1 and others and max(others) == 1:
                    notes.append({"breakdown": b, "force": f, "granularity": "finer", "category": c,
                                  "detail": f"prints {', '.join(repr(x) for x in labels)} for '{c}'"})
    return notes


# ----------------------------------------------------------------------------- the build

CATEGORIES_VERSION = 1  # bump when suggesting or grouping changes, so that a build computes them again
CATEGORIES_INPUTS = "categories"  # its row in `derived_inputs`


def build_categories(db: sqlite_utils.Database, ws, requests) -> int:
    """Write the `categories` table: every printed label of every request, with its canonical
    category from the request's categories.yml or as suggested; the rows in it. Nothing is
    written when the labels, breakdowns and categories.yml files are those it was last written from."""
    from ..db import TABLES, inputs_hash, store_inputs, stored_inputs

    spec = TABLES["categories"]
    mappings = {request.slug: load_categories(categories_path(ws.case_dir(request.slug))) for request in requests}
    labels = {request.slug: printed_labels(db, request.slug) for request in requests}
    key = inputs_hash(CATEGORIES_VERSION, [
        [request.slug, request.breakdowns, mappings[request.slug],
         {k: {label: sorted(forces) for label, forces in v.items()} for k, v in labels[request.slug].items()}]
        for request in requests
    ])
    if stored_inputs(db, CATEGORIES_INPUTS) == key and db["categories"].exists():
        return db["categories"].count
    rows = []
    for request in requests:
        rows += [r.to_dict() for r in suggest_categories(db, request, mappings[request.slug], labels=labels[request.slug])]
    with db.atomic():
        db.table("categories").delete_where()
        if rows:
            db.table("categories").insert_all(rows, pk=spec["pk"], columns=spec["columns"], replace=True)
        store_inputs(db, CATEGORIES_INPUTS, key)
    return len(rows)
