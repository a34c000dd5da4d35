"""The computations added to pvtui/compute.py for the exports, and the funders' short label."""

from __future__ import annotations

from pvtui.domain import compute
from pvtui.domain.model import Action, Beneficiaires, Financement


def _action(id: str, statut: str = "", depuis: int | None = None, **funding) -> Action:
    return Action(id=id, statut=statut, renouvele_depuis=depuis, cout_total=1000,
                  financements=tuple(Financement(c, m) for c, m in funding.items()))


ACTIONS = [
    _action("a", "nouvelle", capft=100, etat=200),
    _action("b", "renouvellement", 2016, etat=300),
    _action("c", "renouvellement", None, etat=50, ville=0),  # a printed 0 is not funding
    _action("d", capft=0, etat=0),
]


def test_funded_by_and_funded_only_by():
    assert [a.id for a in compute.funded_by(ACTIONS, "etat")] == ["a", "b", "c"]
    assert [a.id for a in compute.funded_by(ACTIONS, "capft")] == ["a"]
    assert [a.id for a in compute.funded_only_by(ACTIONS, "etat")] == ["b", "c"]
    assert compute.funded_only_by(ACTIONS, "capft") == []


def test_statuts():
    s = compute.statuts(ACTIONS)
    assert (s.nouvelles, s.renouvellements, s.non_precise, s.depuis) == (1, 2, 1, {2016: 1})


def test_total():
    total = compute.total(ACTIONS)
    assert (total.actions, total.cout_total, total.subventions) == (4, 4000, 650)
    assert total.financements == {"capft": 100, "etat": 550, "ville": 0}
    assert compute.total([]).actions == 0


def test_sexe_non_precise():
    rows = (Beneficiaires("0 à 5 ans", 2, 3, 5), Beneficiaires("6 à 15 ans", None, None, 10))
    totals = compute.beneficiaires([Action(id="x", beneficiaires=rows)])
    assert (totals.hommes, totals.femmes, totals.total, totals.sexe_non_precise) == (2, 3, 15, 10)


def test_funders_short_label_comes_from_libelle(mini):
    assert mini.load().referentiel.financeurs["capft"].libelle == "C.A."
