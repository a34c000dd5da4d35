"""Records <-> the dicts a file holds: what is read, what is refused, what is written."""

from __future__ import annotations

import math

import pytest

from pvtui.domain import model
from pvtui.domain.model import NC, Action, Beneficiaires, Financement, Issue, Objectif

FULL = {
    "titre": "Atelier",
    "porteur": "Asso",
    "annee": 2019,
    "secteur": "centre",
    "statut": "renouvellement",
    "renouvele_depuis": 2016,
    "cout_total": 43655.5,
    "objectifs": ["I-A", "I-C-3"],
    "pilier_suppose": "I",
    "description": "Un\n\nDeux",
    "indicateurs": "12 ateliers",
    "nombre_beneficiaires": 25,
    "financements": {"capft": 5000, "etat": 0},
    "beneficiaires": [{"age": "0 à 5 ans", "hommes": 1, "femmes": NC, "total": 3, "part_qpv": 21.3}],
    "beneficiaires_total": {"total": 3},
    "corrections": [{"champ": "objectifs", "imprime": "I-1", "retenu": "I-I", "note": "coquille"}],
}


def test_a_full_action_round_trips_in_canonical_order():
    action, issues = model.action_from_dict("atelier", FULL)
    assert issues == []
    assert action.financement == {"capft": 5000, "etat": 0}
    assert action.total_subventions == 5000
    assert action.beneficiaires[0] == Beneficiaires("0 à 5 ans", 1, NC, 3, 21.3)
    assert action.beneficiaires_total == Beneficiaires(total=3)
    out = model.action_to_dict(action)
    assert out == FULL
    assert list(out) == list(FULL)


def test_only_what_is_set_is_written():
    assert model.action_to_dict(Action(id="x")) == {}
    assert model.action_to_dict(Action(id="x", titre="T", cout_total=0, financements=(Financement("etat", 0),))) == {
        "titre": "T", "cout_total": 0, "financements": {"etat": 0}}
    assert model.bailleur_to_dict(model.Bailleur(id="b", nom="B")) == {"nom": "B"}


@pytest.mark.parametrize("key, value, message", [
    ("titre", 12, "« titre » doit être un texte"),
    ("annee", "2019", "« annee » doit être un nombre entier"),
    ("annee", True, "« annee » doit être un nombre entier"),
    ("annee", 2019.0, "« annee » doit être un nombre entier"),
    ("cout_total", "43 655", "« cout_total » doit être un montant en euros (nombre)"),
    ("cout_total", True, "« cout_total » doit être un montant en euros (nombre)"),
    ("cout_total", math.inf, "« cout_total » doit être un montant en euros (nombre)"),
    ("cout_total", math.nan, "« cout_total » doit être un montant en euros (nombre)"),
    ("objectifs", "I-A", "« objectifs » doit être une liste de textes"),
    ("objectifs", ["I-A", 3], "« objectifs » doit être une liste de textes"),
    ("financements", [1], "« financements » doit être une table code = montant"),
    ("beneficiaires", {"age": "x"}, "« beneficiaires » doit être une liste de tables"),
    ("beneficiaires_total", 5, "« beneficiaires_total » doit être une table"),
])
def test_a_wrong_type_is_an_issue_and_the_value_is_left_out(key, value, message):
    action, issues = model.action_from_dict("x", {"titre": "T", key: value} if key != "titre" else {key: value})
    assert issues == [Issue((key,), message)]
    assert key not in model.action_to_dict(action)


def test_nested_issues_carry_their_key_path():
    data = {"financements": {"capft": "cinq", "etat": 10},
            "beneficiaires": [{"age": "a", "hommes": "beaucoup"}, 7]}
    action, issues = model.action_from_dict("x", data)
    assert sorted(issues, key=str) == sorted([
        Issue(("financements", "capft"), "« capft » doit être un montant en euros (nombre)"),
        Issue(("beneficiaires", 0, "hommes"), "« hommes » doit être un nombre ou \"NC\""),
        Issue(("beneficiaires", 1), "« beneficiaires » : chaque ligne doit être une table"),
    ], key=str)
    assert action.financements == (Financement("etat", 10),)
    assert action.beneficiaires == (Beneficiaires(age="a"),)


def test_bailleur_issues_point_into_quartiers_and_lines():
    data = {"nom": "B", "annee": 2019, "quartiers": [
        {"secteur": "a"},
        {"secteur": "b", "logements": "cent", "lignes": [{"axe": "x", "realisee": "mille", "valorisee": 5}]},
    ]}
    bailleur, issues = model.bailleur_from_dict("b", data)
    assert issues == [
        Issue(("quartiers", 1, "lignes", 0, "realisee"), "« realisee » doit être un montant en euros (nombre)"),
        Issue(("quartiers", 1, "logements"), "« logements » doit être un nombre entier"),
    ]
    assert bailleur.quartiers[1].lignes[0].realisee is None
    assert bailleur.quartiers[1].lignes[0].valorisee == 5


def test_bailleur_round_trip():
    data = {"nom": "B", "nom_complet": "Bailleur", "annee": 2019, "quartiers": [
        {"secteur": "a", "logements": 10, "abattement": 500, "note": "n", "details": "- d",
         "lignes": [{"axe": "x", "action": "y", "realisee": 1.5, "valorisee": 1}]}]}
    bailleur, issues = model.bailleur_from_dict("b", data)
    assert issues == [] and model.bailleur_to_dict(bailleur) == data


def test_cells():
    row, issues = model.action_from_dict("x", {"beneficiaires": [
        {"hommes": "NC", "femmes": 2.5, "total": "nc", "part_qpv": math.nan}]})
    assert row.beneficiaires[0] == Beneficiaires(hommes=NC, femmes=2.5)
    assert [i.key for i in issues] == [("beneficiaires", 0, "total"), ("beneficiaires", 0, "part_qpv")]


def test_referentials():
    grid, issues = model.objectifs_from_dict({"I-A": {"libelle": "L"}, "III-B-2": {"transversal": True},
                                              "II-A": {"pilier": "II", "transversal": "oui"}, "X": 3})
    assert grid["I-A"] == Objectif("I-A", "L", "I", False)
    assert grid["III-B-2"].pilier == "III" and grid["III-B-2"].transversal
    assert grid["III-B-2"].parent == "III-B" and grid["III-B-2"].is_sous_objectif
    assert grid["I-A"].parent == "I-A" and not grid["I-A"].is_sous_objectif
    assert "X" not in grid
    assert [i.key for i in issues] == [("II-A", "transversal"), ("X",)]
    libelles, issues = model.libelles_from_dict({"a": {"libelle": "A", "variantes": ["a1"]}, "b": []})
    assert libelles["a"].variantes == ("a1",) and "b" not in libelles and len(issues) == 1


def test_programmation():
    prog, issues = model.programmation_from_dict(
        {"annee": 2019, "complement_anru": 1223812, "enveloppes": {"capft": 155000, "yutz": "?"},
         "declare": {"nombre_actions": 67}})
    assert prog.enveloppe == {"capft": 155000}
    assert prog.declare == {"nombre_actions": 67}
    assert [i.key for i in issues] == [("enveloppes", "yutz")]
