"""The life of a funding line: its state, and what is due or late as of a date.

States are derived from what is filled, never stored. A convention is
compulsory when one funder gives one organisation more than 23 000 € in a
year, counted over all its actions (loi 2000-321 art. 10, décret 2001-495);
the bilan (CERFA 15059) is due six months after the year ends; the open-data
publication three months after the convention (décret 2017-779).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from pvtui.domain.dataset import Dataset
from pvtui.domain.fmt import euros
from pvtui.domain.model import Action, Amount, Financement, Porteur
from pvtui.domain.names import norm, porteur_names

SEUIL_CONVENTION = 23000
"""Above it (strictly), per funder, per organisation, per year: a convention, and open data."""

DEMANDEE, VOTEE, CONVENTIONNEE, VERSEE_EN_PARTIE, SOLDEE = (
    "demandée", "votée", "conventionnée", "versée en partie", "soldée")
BILAN_ATTENDU, BILAN_RECU = "bilan attendu", "bilan reçu"


def etat(vote: Financement | None, demande: Financement | None = None) -> str:
    """The state of one funder's line, from what is filled."""
    if vote is None:
        return DEMANDEE if demande is not None else ""
    if vote.verse >= vote.montant > 0 or any(v.type == "solde" for v in vote.versements):
        return SOLDEE
    if vote.verse > 0:
        return VERSEE_EN_PARTIE
    return CONVENTIONNEE if vote.date_convention else VOTEE


def etats(action: Action) -> dict[str, str]:
    """Funder code -> state of its line."""
    votes = {f.financeur: f for f in action.financements}
    demandes = {f.financeur: f for f in action.demandes}
    return {code: etat(votes.get(code), demandes.get(code)) for code in dict.fromkeys([*votes, *demandes])}


def suivie(action: Action) -> bool:
    """Whether the record follows the subsidy's life (a table line, a date, a bilan).

    A record in the short form (`capft = 5000`) only says what was voted: its
    payments and bilan are not chased, only the convention the amounts require.
    """
    return bool(action.date_depot or action.bilan or any(f.has_life for f in action.financements)
                or action.demandes)


def etat_bilan(action: Action) -> str:
    """« bilan reçu » once received, « bilan attendu » once anything is voted."""
    if action.bilan is not None and action.bilan.date_recu:
        return BILAN_RECU
    return BILAN_ATTENDU if action.financements else ""


def demande_vote_verse(actions) -> dict[str, tuple[Amount, Amount, Amount]]:
    """Funder code -> its amounts asked, voted and paid over these actions (one pass)."""
    out: dict[str, list[Amount]] = defaultdict(lambda: [0, 0, 0])
    for action in actions:
        for f in action.demandes:
            out[f.financeur][0] += f.montant
        for f in action.financements:
            sums = out[f.financeur]
            sums[1] += f.montant
            sums[2] += f.verse
    return {code: (d, v, p) for code, (d, v, p) in out.items()}


def bilan_du(action: Action) -> dt.date | None:
    """Six months after the end of the action's year."""
    return dt.date(action.annee + 1, 6, 30) if action.annee else None


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):  # 30 November + 3 months is 28 or 29 February
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def publication_due(line: Financement) -> dt.date | None:
    return _add_months(line.date_convention, 3) if line.date_convention else None


def porteur_finder(data: Dataset) -> Callable[[str], Porteur | None]:
    """The record an action's `porteur` designates: by id, else by a record's name, sigle or alias
    compared as `names.norm` compares them (the rule of check and the Porteurs view), as the files
    written before porteurs were records name it. Indexed once: a look-up per action, not a scan."""
    names: dict[str, Porteur] = {}
    for p in data.porteurs:
        for key in porteur_names(p):
            names.setdefault(key, p)

    def find(name: str) -> Porteur | None:
        if not name:
            return None
        found = data.porteur(name)
        return found if found is not None else names.get(norm(name))

    return find


def totals_over_threshold(data: Dataset) -> dict[tuple[str, str], Amount]:
    """(action id, funder) -> what that funder voted that year to the action's porteur over all its
    actions, however each names it (record id, name, sigle), where it is above the threshold."""
    find = porteur_finder(data)
    organisations = []
    totals: dict[tuple[str, tuple[str, str], int], Amount] = defaultdict(int)
    for action in data.actions:
        if action.annee is None or not action.porteur:
            continue
        record = find(action.porteur)
        organisation = ("record", record.id) if record is not None else ("nom", action.porteur)
        organisations.append((action, organisation))
        for f in action.financements:
            totals[f.financeur, organisation, action.annee] += f.montant
    out = {}
    for action, organisation in organisations:
        for f in action.financements:
            if (total := totals[f.financeur, organisation, action.annee]) > SEUIL_CONVENTION:
                out[action.id, f.financeur] = total
    return out


@dataclass(frozen=True, slots=True)
class Echeance:
    """Something due on a line (or an action's bilan), and whether it is late as of `au`."""

    date: dt.date
    action: str
    titre: str
    porteur: str
    financeur: str
    montant: Amount
    manque: str
    en_retard: bool


def echeances(data: Dataset, au: dt.date) -> list[Echeance]:
    """Everything still to do, soonest first: conventions, payments, bilans, publications."""
    over = totals_over_threshold(data)
    out: list[Echeance] = []
    for action in data.actions:
        porteur = data.porteur_nom(action)

        def due(day: dt.date, code: str, montant: Amount, manque: str) -> None:
            out.append(Echeance(day, action.id, action.titre, porteur, code, montant, manque, day < au))

        year_end = dt.date(action.annee, 12, 31) if action.annee else None
        for f in action.financements:
            total = over.get((action.id, f.financeur))
            voted_on = f.date_vote or (dt.date(action.annee, 1, 1) if action.annee else None)
            if total is not None and not f.date_convention and voted_on:
                due(voted_on, f.financeur, f.montant,
                    f"convention requise ({euros(total)} en {action.annee} de ce financeur à ce porteur)")
            if total is not None and f.date_convention and not f.date_publication:
                due(publication_due(f), f.financeur, f.montant, "publication en données ouvertes non faite")
            if suivie(action) and f.verse < f.montant and etat(f) != SOLDEE and year_end:
                due(year_end, f.financeur, f.montant, f"versement restant dû : {euros(f.montant - f.verse)}")
        if suivie(action) and etat_bilan(action) == BILAN_ATTENDU and (day := bilan_du(action)):
            due(day, "", action.total_subventions, "bilan (compte-rendu financier) non reçu")
    return sorted(out, key=lambda e: (e.date, e.action, e.financeur, e.manque))


def timeline(action: Action, label=lambda code: code) -> list[tuple[dt.date, str]]:
    """The dated events of an action's subsidies, oldest first (what the fiche shows as its history)."""
    events = []
    if action.date_depot:
        events.append((action.date_depot, "demande déposée"))
    for f in action.financements:
        name = label(f.financeur)
        if f.date_vote:
            ref = f" ({f.reference_decision})" if f.reference_decision else ""
            events.append((f.date_vote, f"{name} : voté {euros(f.montant)}{ref}"))
        if f.date_convention:
            events.append((f.date_convention, f"{name} : convention signée"))
        for v in f.versements:
            if v.date:
                events.append((v.date, f"{name} : {v.type or 'versement'} de {euros(v.montant)}"))
        if f.date_publication:
            events.append((f.date_publication, f"{name} : publié en données ouvertes"))
    if action.bilan is not None and action.bilan.date_recu:
        events.append((action.bilan.date_recu, "bilan reçu" + (f" ({action.bilan.statut})" if action.bilan.statut else "")))
    return sorted(events, key=lambda e: e[0])
