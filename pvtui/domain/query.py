"""The actions filter typed after `/`: words and `secteur:`, `financeur:`, `pilier:`,
`objectif:`, `annee:`, `porteur:` terms.

Pure, so the TUI and the tests share it. Matching ignores case and accents;
a term value matches a code or a label by prefix ("secteur:cote" finds
Côte des Roses, "objectif:I-C" finds I-C-3); `porteur:` also matches a porteur record's name, sigle
and aliases.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

from pvtui.domain.compute import piliers
from pvtui.domain.dataset import Referentiel
from pvtui.domain.model import Action, Porteur

TERMS = ("secteur", "financeur", "pilier", "objectif", "annee", "porteur")

FindPorteur = Callable[[str], "Porteur | None"]


def fold(text: str) -> str:
    """Lower case without accents: "Côte" -> "cote"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()


def parse(text: str) -> Query:
    words, terms = [], []
    for token in text.split():
        name, sep, value = token.partition(":")
        if sep and fold(name) in TERMS and value:
            terms.append((fold(name), fold(value)))
        else:
            words.append(fold(token))
    return Query(tuple(words), tuple(terms))


def _no_porteur(id: str) -> Porteur | None:
    return None


def matcher(query: Query, ref: Referentiel, find_porteur: FindPorteur = _no_porteur) -> Callable[[Action], bool]:
    """A predicate for one parsed query (labels folded once, not per action).

    `find_porteur` gives the record an action's `porteur` id names (None
    when the action names its porteur by text).
    """
    porteur_labels: dict[str, str] = {}

    def porteur_label(action: Action) -> str:
        """Id or text, and the record's name, sigle and aliases, folded once per porteur."""
        key = action.porteur
        if key not in porteur_labels:
            record = find_porteur(key) if key else None
            names = (record.nom, record.sigle, *record.aliases) if record is not None else ()
            porteur_labels[key] = fold(" ".join((key, *names)))
        return porteur_labels[key]

    labels = {
        "secteur": {code: fold(f"{code} {entry.libelle}") for code, entry in ref.secteurs.items()},
        "financeur": {code: fold(f"{code} {entry.libelle} {entry.nom}") for code, entry in ref.financeurs.items()},
        "pilier": {code: fold(f"{code} {entry.libelle}") for code, entry in ref.piliers.items()},
    }

    def values(action: Action, name: str) -> Iterable[str]:
        if name == "secteur":
            return (action.secteur,)
        if name == "financeur":
            return tuple(f.financeur for f in action.financements if f.montant)
        if name == "pilier":
            return piliers(action)
        if name == "objectif":
            return action.objectifs
        return (str(action.annee),)

    def term_ok(action: Action, name: str, wanted: str) -> bool:
        if name == "porteur":
            return wanted in porteur_label(action)
        for code in values(action, name):
            folded = fold(code)
            label = labels.get(name, {}).get(code, folded)
            exact_only = name in ("pilier", "annee")
            if folded == wanted or (not exact_only and folded.startswith(wanted)):
                return True
            if len(wanted) > 3 and wanted in label:
                return True
        return False

    def ok(action: Action) -> bool:
        if query.words:
            haystack = fold(f"{action.titre} {action.secteur} {action.id}") + " " + porteur_label(action)
            if not all(word in haystack for word in query.words):
                return False
        return all(term_ok(action, name, wanted) for name, wanted in query.terms)

    return ok


def filter_actions(actions: Iterable[Action], text: str, ref: Referentiel,
                   find_porteur: FindPorteur = _no_porteur) -> list[Action]:
    ok = matcher(parse(text), ref, find_porteur)
    return [a for a in actions if ok(a)]
