"""The rules of a subsidy's life (`check`): amounts that do not follow, a convention or a bilan missing."""

from __future__ import annotations

import datetime as dt

from pvtui.domain import vie
from pvtui.domain.dataset import ACTIONS, Dataset
from pvtui.domain.fmt import euros
from pvtui.domain.model import Financement
from pvtui.domain.problem import AVERTISSEMENT, ERREUR


def paid_above_voted(f: Financement, who: str = "") -> str | None:
    """More paid than voted: an error (`check` reports it, the action form refuses it)."""
    if f.versements and f.verse > f.montant:
        return f"{who or f.financeur} : versé {euros(f.verse)}, plus que voté ({euros(f.montant)})"
    return None


def check_vie(data: Dataset, add, au: dt.date) -> None:
    over = vie.totals_over_threshold(data)
    for action in data.actions:
        rel = f"{ACTIONS}/{action.id}.toml"
        demandes = {f.financeur: f.montant for f in action.demandes}
        for f in action.financements:
            where = ("financements", f.financeur)
            if f.financeur in demandes and f.montant > demandes[f.financeur]:
                add(rel, (*where, "vote"), AVERTISSEMENT,
                    f"{f.financeur} : voté {euros(f.montant)}, plus que demandé ({euros(demandes[f.financeur])})")
            if message := paid_above_voted(f):
                add(rel, (*where, "versements"), ERREUR, message)
            for i, v in enumerate(f.versements):
                if v.date and f.date_vote and v.date < f.date_vote:
                    add(rel, (*where, "versements", i), AVERTISSEMENT,
                        f"{f.financeur} : versement du {v.date.isoformat()} avant le vote du "
                        f"{f.date_vote.isoformat()}")
            total = over.get((action.id, f.financeur))
            if total is not None and not f.date_convention:
                add(rel, where, AVERTISSEMENT,
                    f"{f.financeur} : convention obligatoire, absente ({euros(total)} en {action.annee} "
                    f"de ce financeur à ce porteur, au-dessus de {euros(vie.SEUIL_CONVENTION)})")
        due = vie.bilan_du(action)
        if vie.suivie(action) and vie.etat_bilan(action) == vie.BILAN_ATTENDU and due and due < au:
            add(rel, ("bilan",) if action.bilan else ("annee",), AVERTISSEMENT,
                f"bilan (compte-rendu financier) en retard : attendu le {due.isoformat()}")
