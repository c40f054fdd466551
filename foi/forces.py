"""The built-in list of UK police forces and the group names that stand for several of them.

The list is `data/forces.csv` (sources and licences in `data/SOURCES.md`). A workspace may
override a force's FOI address in `forces.yml`; that is read by the mail module, not here.
"""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

from .errors import FoiError


@dataclass(frozen=True)
class Force:
    id: str
    name: str
    short_name: str
    nation: str
    law: str  # "FOIA", "FOISA", or "" for a body outside FOI law
    foi_email: str
    homepage: str
    wdtk_slug: str

    @property
    def subject_to_foi(self) -> bool:
        return bool(self.law)


def _law_of(text: str) -> str:
    text = text.strip().upper()
    if text.startswith("FOISA"):
        return "FOISA"
    if text.startswith("FOIA"):
        return "FOIA"
    return ""


@lru_cache(maxsize=1)
def all_forces() -> dict[str, Force]:
    """Every force in the reference list, by id, in the list's order."""
    text = resources.files("foi").joinpath("data/forces.csv").read_text(encoding="utf-8")
    forces = {}
    for row in csv.DictReader(text.splitlines()):
        forces[row["id"]] = Force(
            id=row["id"],
            name=row["name"],
            short_name=row["short_name"],
            nation=row["nation"],
            law=_law_of(row["foi_law"]),
            foi_email=row["foi_email"],
            homepage=row["homepage"],
            wdtk_slug=row["wdtk_slug"],
        )
    return forces


def _territorial(force: Force, nations: set[str]) -> bool:
    return force.nation in nations


# Group name -> predicate over forces. Groups never include bodies outside FOI law (the NCA).
GROUPS: dict[str, tuple[str, Callable[[Force], bool]]] = {
    "all": ("every force subject to FOI law", lambda f: True),
    "territorial": (
        "the 45 territorial forces of the UK",
        lambda f: _territorial(f, {"England", "Wales", "Scotland", "Northern Ireland"}),
    ),
    "england-wales": ("the 43 territorial forces of England and Wales", lambda f: _territorial(f, {"England", "Wales"})),
    "all-england-wales": ("the same as england-wales", lambda f: _territorial(f, {"England", "Wales"})),
    "england": ("the 39 territorial forces of England", lambda f: _territorial(f, {"England"})),
    "wales": ("the 4 Welsh forces", lambda f: _territorial(f, {"Wales"})),
    "scotland": ("Police Scotland", lambda f: _territorial(f, {"Scotland"})),
    "northern-ireland": ("the Police Service of Northern Ireland", lambda f: _territorial(f, {"Northern Ireland"})),
    "special": ("the UK-wide and special forces (BTP, MDP, CNC)", lambda f: f.id in {"btp", "mdp", "cnc"}),
}


def group_members(name: str) -> list[str]:
    _, predicate = GROUPS[name]
    return [f.id for f in all_forces().values() if f.subject_to_foi and predicate(f)]


def suggest(name: str) -> list[str]:
    """The nearest force ids and group names to a mistyped one."""
    candidates = list(all_forces()) + list(GROUPS)
    close = difflib.get_close_matches(name.lower(), candidates, n=3, cutoff=0.6)
    if not close:
        # Also match on names, e.g. "thames valley police" -> thames-valley
        by_name = {f.name.lower(): f.id for f in all_forces().values()}
        by_name.update({f.short_name.lower(): f.id for f in all_forces().values()})
        close = [by_name[n] for n in difflib.get_close_matches(name.lower(), list(by_name), n=3, cutoff=0.6)]
    return list(dict.fromkeys(close))


def unknown_force_message(name: str) -> str:
    close = suggest(name)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; `foi forces` lists them"
    return f"unknown force or group '{name}'{hint}"


def get_force(force_id: str) -> Force:
    """The force with this id, or a FoiError naming the nearest ids."""
    force = all_forces().get(force_id)
    if force is None:
        raise FoiError(unknown_force_message(force_id))
    return force


def resolve(names: list[str]) -> list[str]:
    """Expand force ids and group names to force ids, de-duplicated, in the order given.

    Raises FoiError for an unknown name or a body that FOI law does not cover.
    """
    out: list[str] = []
    for raw in names:
        name = str(raw).strip().lower()
        if name in all_forces():
            force = all_forces()[name]
            if not force.subject_to_foi:
                raise FoiError(
                    f"{force.name} ('{name}') is not subject to FOI law (not in FOIA Schedule 1), "
                    "so it cannot be sent a request"
                )
            out.append(name)
        elif name in GROUPS:
            out.extend(group_members(name))
        else:
            raise FoiError(unknown_force_message(name))
    return list(dict.fromkeys(out))
