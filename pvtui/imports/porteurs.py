"""Which porteur record a spreadsheet's row names: by SIRET or RNA, by name or alias, then fuzzily.

A sure match (same SIRET, same RNA, same name or alias once accents, case
and punctuation are set aside) gives the action the record's name (`nom`),
so that the spellings of one organisation converge on one; a name
that only looks like a record's (rapidfuzz) is never taken: the row says
« à confirmer », and the name is kept as written until the team confirms
it (by adding the spelling to the record's `aliases`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pvtui.domain.model import Porteur
from pvtui.domain.names import LOOKALIKE, covers, lookalike, norm, porteur_names

FUZZY_FROM = LOOKALIKE
"""The score (0-100) from which a name is proposed for confirmation: as `check`'s suggestion."""
PICK_FROM = 75
"""Lower for the edit form's picker: it only lists what a person then chooses from."""


@dataclass(frozen=True)
class Match:
    porteur: str
    """What the action's `porteur` holds: the record's name, or the name as written."""
    record: Porteur | None = None
    """The record linked (a sure match)."""
    proposed: Porteur | None = None
    """A record whose name looks like the row's (to be confirmed), not linked."""
    score: float = 0.0


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


class PorteurIndex:
    """The porteur records of a folder, indexed for matching."""

    def __init__(self, porteurs: tuple[Porteur, ...] | list[Porteur], linked: dict[str, str] | None = None):
        """`linked`: normalised spellings a team confirmed (a correspondence's [porteurs]) -> record id."""
        self.porteurs = list(porteurs)
        self.by_siret = {digits(p.siret): p for p in self.porteurs if digits(p.siret)}
        self.by_rna = {p.rna.strip().upper(): p for p in self.porteurs if p.rna.strip()}
        self.by_name: dict[str, Porteur] = {}
        for p in self.porteurs:
            for name in porteur_names(p):
                self.by_name.setdefault(name, p)
        by_id = {p.id: p for p in self.porteurs}
        self.by_name.update({spelling: by_id[id] for spelling, id in (linked or {}).items() if id in by_id})
        self._names = list(self.by_name)
        self._compact = {}
        for name in self._names:
            self._compact.setdefault(name.replace(" ", ""), name)
        self._lookalike: dict[str, tuple[float, str]] = {}

    def find(self, name: str, siret: str = "", rna: str = "") -> Porteur | None:
        """The record a name (or SIRET, RNA) surely designates, else None."""
        if digits(siret) and digits(siret) in self.by_siret:
            return self.by_siret[digits(siret)]
        if rna.strip() and rna.strip().upper() in self.by_rna:
            return self.by_rna[rna.strip().upper()]
        return self.by_name.get(norm(name))

    def match(self, name: str, siret: str = "", rna: str = "") -> Match:
        found = self.find(name, siret, rna)
        if found is not None:
            return Match(found.nom or found.id, found)
        key = norm(name)
        if key and self._names:
            if key not in self._lookalike:  # a sheet names the same porteur on many rows: once each
                self._lookalike[key] = self._closest(key)
            score, closest = self._lookalike[key]
            if closest:
                return Match(name, None, self.by_name[closest], score)
        return Match(name)

    def _closest(self, key: str) -> tuple[float, str]:
        """(score 0-100, name) of the record's name that looks most like `key`, if it is FUZZY_FROM or more."""
        same = self._compact.get(key.replace(" ", ""))
        if same:
            return 100.0, same  # "clcv" and "c l c v"
        return lookalike(key, self._names, FUZZY_FROM)

    def search(self, typed: str) -> list[Porteur]:
        """The records a person typing `typed` may mean (the edit form's picker): every word found in the
        name, sigle, aliases or id, names starting with it first; if none, the lookalikes (a typo)."""
        words = norm(typed).split()
        found = []
        for p in self.porteurs:
            names = porteur_names(p)
            squeezed = [n.replace(" ", "") for n in names]  # "ccas" is "C.C.A.S."
            if all(any(w in n for n in names) or any(w in s for s in squeezed) for w in words):
                found.append(p)
        if found or not words:
            key = norm(typed)
            found.sort(key=lambda p: (not norm(p.nom).startswith(key), norm(p.nom or p.id)))
            return found
        key = norm(typed)
        scored = sorted(((covers(key, n), n) for n in self._names), reverse=True)
        close = [self.by_name[n] for score, n in scored if score * 100 >= PICK_FROM]
        return list(dict.fromkeys(close))

