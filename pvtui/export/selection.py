"""Filters -> what an export covers: the year, its actions and its bailleurs.

Values are checked against the referentials: an unknown one is an
`ExportError` that names it and lists what is valid. A value may be a code
or a label, in any case, with or without accents ("cote des roses").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from functools import cached_property

from pvtui.domain import compute
from pvtui.domain.dataset import Dataset, Referentiel
from pvtui.domain.model import Action, Bailleur, Programmation
from pvtui.domain.ids import slugify

ACTION_FILTERS = ("secteur", "financeur", "pilier", "action", "porteur")
TFPB_FILTERS = ("secteur", "bailleur")


class ExportError(Exception):
    """An export that cannot be made; the message is French and says what to do."""


@dataclass(frozen=True)
class Filtres:
    """What a summary covers; None means everything (the latest year for `annee`)."""

    annee: int | None = None
    secteur: str | None = None
    financeur: str | None = None
    pilier: str | None = None
    bailleur: str | None = None
    action: str | None = None
    porteur: str | None = None
    """A porteur record's id, name, sigle or alias, or the name an action holds."""


def _closest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(slugify(value), choices, n=1, cutoff=0.4)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


def _resolve(name: str, value: str, entries: dict[str, list[str]]) -> str:
    """The code whose code or label is `value`, or alone starts with it (accents and case ignored)."""
    wanted = slugify(value)
    keys = {code: [slugify(code), *(slugify(n) for n in names if n)] for code, names in entries.items()}
    for code, slugs in keys.items():
        if wanted in slugs:
            return code
    starting = [code for code, slugs in keys.items() if any(s.startswith(wanted) for s in slugs)]
    if len(starting) == 1 and value.strip():
        return starting[0]
    choices = ", ".join(entries) or "aucun"
    raise ExportError(f"{name} inconnu « {value} »{_closest(value, list(entries))} "
                      f"(valeurs possibles : {choices})")


@dataclass(frozen=True)
class Selection:
    """The records an export covers, in the report's order, and the names to show."""

    data: Dataset
    filtres: Filtres
    """Resolved: codes and ids, and the year."""
    annee: int
    programmation: Programmation | None
    actions: tuple[Action, ...]
    bailleurs: tuple[Bailleur, ...]

    @property
    def ref(self) -> Referentiel:
        return self.data.referentiel

    @property
    def action_filtered(self) -> bool:
        return any(getattr(self.filtres, name) for name in ACTION_FILTERS)

    # What the kinds group on, worked out once per selection (a Selection is immutable):
    # every grouping is one pass over the actions, however many sectors and funders.

    @cached_property
    def _financeurs(self) -> tuple[str, ...]:
        codes = dict.fromkeys(self.ref.financeurs)
        for action in self.actions:
            for f in action.financements:
                codes.setdefault(f.financeur)
        return tuple(codes)

    @cached_property
    def _secteurs(self) -> tuple[str, ...]:
        codes = dict.fromkeys(self.ref.secteurs)
        for action in self.actions:
            codes.setdefault(action.secteur)
        return tuple(codes)

    @property
    def financeurs(self) -> list[str]:
        """Funder codes: the referential's, then any other the actions name."""
        return list(self._financeurs)

    @property
    def secteurs(self) -> list[str]:
        """Sector codes: the referential's, then any other the actions name."""
        return list(self._secteurs)

    @cached_property
    def by_secteur(self) -> dict[str, tuple[Action, ...]]:
        """Sector code -> its actions, in the selection's order (only sectors that have some)."""
        return {code: tuple(group) for code, group in compute.group_by(self.actions, lambda a: a.secteur).items()}

    @cached_property
    def funded(self) -> dict[str, tuple[Action, ...]]:
        """Funder code -> the actions it pays for (a printed 0 is not funding)."""
        return {code: tuple(group) for code, group in compute.funded_groups(self.actions).items()}

    def funder(self, code: str) -> str:
        """Short name: "C.A."."""
        entry = self.ref.financeurs.get(code)
        return (entry.libelle or entry.nom or code) if entry else code

    def funder_name(self, code: str) -> str:
        """Full name: "Communauté d'Agglomération Portes de France-Thionville"."""
        entry = self.ref.financeurs.get(code)
        return (entry.nom or entry.libelle or code) if entry else code

    def sector(self, code: str) -> str:
        entry = self.ref.secteurs.get(code)
        if entry is None and code in ("", "?"):  # compute groups a missing sector under "?"
            return "secteur non renseigné"
        return (entry.libelle or code) if entry else code

    def pillar(self, code: str) -> str:
        entry = self.ref.piliers.get(code)
        return (entry.libelle or code) if entry else code

    def axe(self, code: str) -> str:
        entry = self.ref.axes.get(code)
        return (entry.libelle or code) if entry else code

    def describe(self, names: tuple[str, ...]) -> list[str]:
        """"secteur : Côte des Roses" for each filter in `names` that is set."""
        f = self.filtres
        out = []
        if "secteur" in names and f.secteur:
            out.append(f"secteur : {self.sector(f.secteur)}")
        if "financeur" in names and f.financeur:
            out.append(f"financeur : {self.funder(f.financeur)}")
        if "pilier" in names and f.pilier:
            out.append(f"pilier : {self.pillar(f.pilier)}")
        if "bailleur" in names and f.bailleur:
            bailleur = self.data.bailleur(f.bailleur)
            out.append(f"bailleur : {bailleur.nom if bailleur and bailleur.nom else f.bailleur}")
        if "porteur" in names and f.porteur:
            record = self.data.porteur(f.porteur)
            out.append(f"porteur : {record.nom if record and record.nom else f.porteur}")
        if "action" in names and f.action:
            action = self.data.action(f.action)
            out.append(f"action : {_short(action.titre if action and action.titre else f.action)}")
        return out


def _short(text: str, size: int = 48) -> str:
    """A long title cut at a word for the header line: "Dispositif intercommunal de … "."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


def _find_action(data: Dataset, value: str) -> Action:
    found = data.action(value)
    if found is None:
        wanted = slugify(value)
        found = next((a for a in data.actions if a.id == wanted or slugify(a.titre) == wanted), None)
    if found is None:
        ids = [a.id for a in data.actions]
        hint = _closest(value, ids) or " ; la liste : pvtui export actions"
        raise ExportError(f"action inconnue « {value} »{hint}")
    return found


def _sort_key(sectors: list[str]):
    position = {code: i for i, code in reversed(list(enumerate(sectors)))}  # the first, as list.index

    def key(action: Action) -> tuple:
        return position.get(action.secteur, len(sectors)), slugify(action.titre), action.id

    return key


def select(data: Dataset, filtres: Filtres) -> Selection:
    """Check the filters and gather what they cover."""
    ref = data.referentiel
    years = data.years
    action = _find_action(data, filtres.action) if filtres.action else None
    annee = filtres.annee
    if annee is None:
        annee = action.annee if action and action.annee else data.default_year
    if annee is None:
        raise ExportError("aucune donnée à exporter : le dossier ne contient ni action ni programmation")
    if annee not in years:
        raise ExportError(f"aucune donnée pour l'année {annee} (années présentes : "
                          f"{', '.join(map(str, years)) or 'aucune'})")
    secteur = filtres.secteur and _resolve(
        "secteur", filtres.secteur, {c: [e.libelle] for c, e in ref.secteurs.items()})
    financeur = filtres.financeur and _resolve(
        "financeur", filtres.financeur, {c: [e.libelle, e.nom] for c, e in ref.financeurs.items()})
    pilier = filtres.pilier and _resolve(
        "pilier", filtres.pilier,
        {c: [e.libelle, str(i)] for i, (c, e) in enumerate(ref.piliers.items(), 1)})
    bailleur = filtres.bailleur and _resolve(
        "bailleur", filtres.bailleur, {b.id: [b.nom, b.nom_complet] for b in data.bailleurs})
    # A porteur is a record (its id in the actions) or, in older files, the name an action holds.
    porteurs = {p.id: [p.nom, p.sigle, *p.aliases] for p in data.porteurs}
    porteurs.update({a.porteur: [] for a in data.actions if a.porteur and a.porteur not in porteurs})
    porteur = filtres.porteur and _resolve("porteur", filtres.porteur, porteurs)
    resolved = Filtres(annee, secteur or None, financeur or None, pilier or None, bailleur or None,
                       action.id if action else None, porteur or None)

    actions = [
        a for a in data.actions
        if a.annee == annee
        and (not secteur or a.secteur == secteur)
        and (not financeur or a.financement.get(financeur))
        and (not pilier or pilier in compute.piliers(a))
        and (not action or a.id == action.id)
        and (not porteur or a.porteur == porteur)
    ]
    actions.sort(key=_sort_key(list(ref.secteurs)))
    bailleurs = []
    for b in data.bailleurs:
        if b.annee != annee or (bailleur and b.id != bailleur):
            continue
        if secteur:
            b = replace(b, quartiers=tuple(q for q in b.quartiers if q.secteur == secteur))
            if not b.quartiers:
                continue
        bailleurs.append(b)
    return Selection(data, resolved, annee, data.programmations.get(annee), tuple(actions), tuple(bailleurs))
