"""A programme across years: next year's programmation made from this one.

Pure: given last year's records, what next year's files should hold. The
workspace writes them (`pvtui.workspace.years`); last year's records are
never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pvtui.domain.dataset import Dataset
from pvtui.domain.ids import slugify, unique_id
from pvtui.domain.model import Action, Programmation


class YearError(Exception):
    """A new year that cannot be made as asked; the message says why, in French."""


@dataclass(frozen=True)
class NewYear:
    """What `pvtui annee nouvelle` writes: the renewals, then the programmation."""

    annee: int
    depuis: int
    programmation: Programmation
    actions: tuple[Action, ...]
    already: tuple[str, ...] = ()
    """Actions of `depuis` already renewed into `annee` (by an earlier, interrupted run): left alone."""


def new_year(data: Dataset, annee: int, depuis: int | None = None, ids: list[str] | None = None) -> NewYear:
    """Plan next year's programmation from `depuis` (by default the year before); `ids`: the actions
    renewed (None: every action of `depuis`)."""
    if annee in data.programmations:
        raise YearError(f"la programmation {annee} existe déjà ({data.programmation_file(annee)}) : "
                        "rien n'a été créé")
    if not 1900 < annee < 2200:
        raise YearError(f"année {annee} invraisemblable : rien n'a été créé")
    if depuis is None:
        earlier = [y for y in data.years if y < annee]
        if not earlier:
            raise YearError(f"aucune année avant {annee} d'où reprendre la programmation : rien n'a été créé")
        depuis = max(earlier)
    if depuis not in data.years:
        raise YearError(f"aucune donnée pour l'année {depuis} (années présentes : "
                        f"{', '.join(map(str, data.years)) or 'aucune'}) : rien n'a été créé")
    previous = data.actions_of(depuis)
    by_id = {a.id: a for a in previous}
    if ids is not None:
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise YearError(f"pas d'action {depuis} nommée {', '.join(f'« {i} »' for i in unknown)} : "
                            "rien n'a été créé")
        previous = [by_id[i] for i in dict.fromkeys(ids)]
    renewed = {a.reconduit_de for a in data.actions_of(annee) if a.reconduit_de}
    taken = {a.id for a in data.actions}
    actions = []
    for action in previous:
        if action.id in renewed:
            continue
        new = renewal(action, annee, renewal_id(action, annee, taken))
        taken.add(new.id)
        actions.append(new)
    return NewYear(annee, depuis, next_programmation(data.programmations.get(depuis), annee), tuple(actions),
                   tuple(a.id for a in previous if a.id in renewed))


def renewal(action: Action, annee: int, id: str) -> Action:
    """Next year's record of an action renewed: same porteur, secteur, objectifs and description;
    last year's subsidies become this year's request; results (beneficiaries, indicators) are next
    year's, so they start empty."""
    return Action(
        id=id,
        titre=action.titre,
        porteur=action.porteur,
        annee=annee,
        secteur=action.secteur,
        statut="renouvellement",
        renouvele_depuis=action.renouvele_depuis or action.annee,
        cout_total=action.cout_total,
        objectifs=action.objectifs,
        pilier_suppose=action.pilier_suppose,
        description=action.description,
        demandes=action.financements or action.demandes,
        reconduit_de=action.id,
    )


def next_programmation(previous: Programmation | None, annee: int) -> Programmation:
    """The new year's programmation: last year's contract and envelopes, the envelopes marked as
    copied until confirmed (a year past the contract's period is then said by `check`)."""
    if previous is None:
        return Programmation(annee=annee, id=str(annee))
    return Programmation(annee=annee, contrat=previous.contrat, periode=previous.periode,
                         enveloppes=previous.enveloppes,
                         enveloppes_reprises_de=previous.annee if previous.enveloppes else None, id=str(annee))


def confirmed(prog: Programmation, enveloppes: tuple[tuple[str, float], ...]) -> Programmation:
    """The envelopes as someone edited them: no longer marked as copied."""
    return replace(prog, enveloppes=enveloppes, enveloppes_reprises_de=None)


def renewal_id(action: Action, annee: int, taken: set[str]) -> str:
    """`salon-atelier` renewed in 2020: `salon-atelier-2020` (the year replaces a trailing one)."""
    stem = action.id
    if action.annee and stem.endswith(f"-{action.annee}"):
        stem = stem[: -len(f"-{action.annee}")]
    # Room for the year: a long title's slug is cut, the year never.
    return unique_id(f"{slugify(stem, 60 - len(str(annee)) - 1)}-{annee}", taken)


def history(actions_by_id: dict[str, Action], action: Action) -> list[Action]:
    """The action and the ones it renews, oldest first (following `reconduit_de`, never looping)."""
    chain, seen = [action], {action.id}
    while (previous := actions_by_id.get(chain[-1].reconduit_de)) is not None and previous.id not in seen:
        chain.append(previous)
        seen.add(previous.id)
    return chain[::-1]
