"""The rules of a programme across years, shared by `check` and the action form."""

from __future__ import annotations

from pvtui.domain.dataset import ACTIONS, Dataset
from pvtui.domain.model import Action, Programmation, is_todo
from pvtui.domain.problem import AVERTISSEMENT, ERREUR
from pvtui.domain.fmt import count_of

FIRST_YEAR, LAST_YEAR = 1990, 2100
"""The politique de la ville's contracts start in the 1990s: outside, a year is a typing error."""


def year_errors(annee: int | None, renouvele_depuis: int | None) -> dict[str, str]:
    """What is wrong with an action's years, field by field (the form refuses it, `check` reports it)."""
    errors = {}
    if annee is not None and not FIRST_YEAR <= annee <= LAST_YEAR:
        errors["annee"] = f"Année {annee} invraisemblable (attendue entre {FIRST_YEAR} et {LAST_YEAR})"
    if renouvele_depuis is not None and annee is not None and renouvele_depuis > annee:
        errors["renouvele_depuis"] = (f"Renouvelée depuis {renouvele_depuis} : après l'année de l'action "
                                      f"({annee})")
    return errors


def periode_problem(prog: Programmation) -> str | None:
    """A `periode` that names no year (the form refuses it, `check` reports a hand-written one)."""
    if prog.periode.strip() and not is_todo(prog.periode) and prog.annees_contrat is None:
        return f"période du contrat « {prog.periode.strip()} » : aucune année (par exemple 2024-2030)"
    return None


def _within(annee: int, periods) -> bool:
    return any(first <= annee <= last for first, last in periods)


def _spans(periods) -> str:
    return ", ".join(f"{first}-{last}" for first, last in periods)


def check_years(data: Dataset, by_year: dict[int | None, list[Action]], add) -> None:
    ids = {a.id for a in data.actions}
    # The contract's years are data (`periode` of the programmations; a folder may span two
    # contracts): with none written, nothing to compare with.
    periods = sorted({p.annees_contrat for p in data.programmations.values() if p.annees_contrat})
    for action in data.actions:
        rel = f"{ACTIONS}/{action.id}.toml"
        for key, message in year_errors(action.annee, action.renouvele_depuis).items():
            add(rel, (key,), ERREUR, message)
        if action.reconduit_de and action.reconduit_de not in ids:
            add(rel, ("reconduit_de",), AVERTISSEMENT,
                f"reconduit de « {action.reconduit_de} » : aucune action de ce nom dans le dossier")
    for annee, actions in sorted(by_year.items(), key=lambda item: item[0] or 0):
        if annee is not None and annee not in data.programmations and data.programmations:
            n = len(actions)
            first = min(actions, key=lambda a: a.id)
            add(f"{ACTIONS}/{first.id}.toml", ("annee",), AVERTISSEMENT,
                f"{count_of(n, 'action')} en {annee}, année sans programmation "
                f"(programmations/{annee}.toml : pvtui annee nouvelle {annee})")
        if annee is not None and periods and not _within(annee, periods):
            first = min(actions, key=lambda a: a.id)
            add(f"{ACTIONS}/{first.id}.toml", ("annee",), AVERTISSEMENT,
                f"{count_of(len(actions), 'action')} en {annee}, hors des années du contrat ({_spans(periods)})")
    for annee, prog in data.programmations.items():
        rel = data.programmation_file(annee)
        if message := periode_problem(prog):
            add(rel, ("periode",), AVERTISSEMENT, f"programmation {annee} : {message}")
        own = prog.annees_contrat
        if own and not _within(annee, [own]):
            add(rel, ("periode",), AVERTISSEMENT,
                f"programmation {annee} hors des années de son contrat ({_spans([own])})")
        if not by_year.get(annee):
            add(rel, ("annee",), AVERTISSEMENT, f"programmation {annee} sans aucune action")
        if prog.enveloppes_reprises_de:
            add(rel, ("enveloppes_reprises_de",), AVERTISSEMENT,
                f"enveloppes {annee} reprises de {prog.enveloppes_reprises_de} : à confirmer")
