"""The report's lost charts: subsidies by funder, sector, pillar, nature of credits, year.

The same bars in the Financements view and in the text exports; each bar's
figures are those of the tables beside it.
"""

from __future__ import annotations

from pvtui.domain import compute
from pvtui.domain.dataset import Dataset
from pvtui.export.doc import Bars
from pvtui.export.selection import Selection

NATURES = {"droit-commun": "Droit commun", "credits-specifiques": "Crédits spécifiques"}


def charts(sel: Selection) -> dict[str, Bars]:
    """By "financeur", "secteur", "pilier" and "nature", for the selected actions."""
    actions = sel.actions
    engaged = compute.engaged_by_funder(actions)
    pillar = lambda code: sel.pillar(code) if code != "—" else "Sans pilier"  # noqa: E731
    natures = compute.by_nature(actions, {c: e.nature for c, e in sel.ref.financeurs.items()})
    return {
        "financeur": Bars("Répartition des subventions par financeur",
                          tuple((sel.funder(code), engaged.get(code, 0)) for code in sel.financeurs)),
        "secteur": Bars("Répartition des subventions par secteur",
                        tuple((sel.sector(r.code), r.subventions) for r in compute.by_sector(actions, sel.secteurs))),
        "pilier": Bars("Répartition des subventions par pilier",
                       tuple((pillar(r.code), r.subventions) for r in compute.by_pillar(actions)),
                       "Une action qui relève de plusieurs piliers compte dans chacun : "
                       "les parts sont celles de la somme des barres."),
        "nature": Bars("Distinction droit commun et crédits spécifiques",
                       tuple((NATURES.get(code, code), amount) for code, amount in natures.items())),
    }


def per_year(data: Dataset, years: list[int]) -> Bars:
    """The subsidies voted each year."""
    return Bars("Subventions par année",
                tuple((str(year), sum(a.total_subventions for a in data.actions_of(year))) for year in years),
                shares=False)
