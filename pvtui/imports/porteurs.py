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
from pvtui.imports.values import norm

FUZZY_FROM = 85
"""A rapidfuzz score (0-100) from which a name is proposed for confirmation."""


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
            for name in (p.nom, p.sigle, *p.aliases, p.id):
                if norm(name):
                    self.by_name.setdefault(norm(name), p)
        by_id = {p.id: p for p in self.porteurs}
        self.by_name.update({spelling: by_id[id] for spelling, id in (linked or {}).items() if id in by_id})
        self._names = list(self.by_name)

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
            from rapidfuzz import fuzz, process

            best = process.extractOne(key, self._names, scorer=fuzz.WRatio, score_cutoff=FUZZY_FROM)
            if best is not None:
                return Match(name, None, self.by_name[best[0]], best[1])
        return Match(name)
