"""What changed between two versions of a record, in the domain's words (pure)."""

from __future__ import annotations

from datetime import datetime, timezone

from pvtui.domain.dataset import Referentiel
from pvtui.domain.diff import describe
from pvtui.domain.fmt import date_time
from pvtui.domain.model import Libelle

REF = Referentiel(financeurs={"capft": Libelle("capft", "C.A."), "etat": Libelle("etat", "État")},
                  secteurs={"nord": Libelle("nord", "Nord")})


def test_amounts_formatted_and_funders_named():
    old = {"cout_total": 10000, "financements": {"capft": 5000, "etat": 2000}}
    new = {"cout_total": 12000, "financements": {"capft": 6000, "ville": 500}}
    assert describe(old, new, REF) == [
        "Coût total : 10 000 € → 12 000 €",
        "Subvention C.A. : 5 000 € → 6 000 €",
        "Subvention État : 2 000 € → —",
        "Subvention ville : — → 500 €",  # not in the referential: its code
    ]


def test_a_funder_line_that_became_a_table():
    old = {"financements": {"capft": 5000}}
    new = {"financements": {"capft": {"demande": 6000, "vote": 5500, "date_vote": "2019-04-15"}}}
    assert describe(old, new, REF) == ["Subvention C.A. : 5 000 € → demande 6 000 €, voté 5 500 €"]
    newer = {"financements": {"capft": {"demande": 6000, "vote": 6000, "date_vote": "2019-05-02"}}}
    assert describe(new, newer, REF) == ["Subvention C.A. : 5 500 € → 6 000 €",
                                         "Subvention C.A., date du vote : 2019-04-15 → 2019-05-02"]


def test_plain_fields_years_sectors_and_long_texts():
    old = {"titre": "A", "annee": 2019, "secteur": "centre", "description": "long", "objectifs": ["I-A"]}
    new = {"titre": "B", "annee": 2020, "secteur": "nord", "description": "longer", "objectifs": ["I-A", "II-B", "III"]}
    assert describe(old, new, REF) == ["Titre : A → B", "Année : 2019 → 2020", "Secteur : centre → Nord",
                                       "Description : texte modifié", "Objectifs : objectifs « II-B », « III » ajoutés"]


def test_beneficiary_rows_named_by_their_age():
    rows = [{"age": "0 à 5 ans", "hommes": 2}, {"age": "6-15 ans", "hommes": 4}]
    assert describe({"beneficiaires": rows}, {"beneficiaires": [rows[0], {"age": "6-15 ans", "hommes": 5}]}) == [
        "Bénéficiaires « 6-15 ans », hommes : 4 → 5"]
    assert describe({"beneficiaires": rows}, {"beneficiaires": [*rows, {"age": "adultes", "total": 3}]}) == [
        "Bénéficiaires : ligne « adultes » ajoutée"]
    assert describe({"beneficiaires": rows}, {"beneficiaires": rows[1:]}) == [
        "Bénéficiaires : ligne « 0 à 5 ans » retirée"]


def test_a_bailleur_tfpb_lines():
    line = {"axe": "tranquillite", "action": "Médiation", "realisee": 1000, "valorisee": 800}
    old = {"nom": "Logis", "quartiers": [{"secteur": "nord", "abattement": 5000, "lignes": [line]}]}
    changed = {"nom": "Logis", "quartiers": [{"secteur": "nord", "abattement": 5000,
                                              "lignes": [{**line, "valorisee": 900}]}]}
    assert describe(old, changed, REF) == ["Quartier Nord, ligne TFPB « Médiation », dépense valorisée : 800 € → 900 €"]
    unnamed = {"quartiers": [{"lignes": [{"realisee": 1}]}]}
    assert describe(unnamed, {"quartiers": [{"lignes": [{"realisee": 2}]}]}) == [
        "Quartier 1, ligne TFPB 1, dépense réalisée : 1 € → 2 €"]
    added = {"nom": "Logis", "quartiers": [{"secteur": "nord", "abattement": 5000,
                                            "lignes": [line, {"axe": "sur-entretien", "action": "Peinture"}]}]}
    assert describe(old, added, REF) == ["Quartier Nord, lignes : ligne TFPB « Peinture » ajoutée"]


def test_a_porteur_named_by_its_record():
    assert describe({"porteur": "aico"}, {"porteur": "Ville"}, porteurs={"aico": "AICO"}) == ["Porteur : AICO → Ville"]


def test_creation_and_deletion():
    assert describe(None, {"titre": "A"}) == ["Création de l'enregistrement"]
    assert describe({"titre": "A"}, None) == ["Suppression de l'enregistrement"]
    assert describe({"titre": "A"}, {"titre": "A"}) == []


def test_a_moment_in_french():
    assert date_time(datetime(2026, 12, 3, 14, 5)) == "3 déc. 2026 14:05"
    assert date_time(datetime(2026, 2, 1, 9, 0)) == "1 févr. 2026 09:00"
    assert date_time(datetime(2026, 8, 1, 9, 0, tzinfo=timezone.utc)).startswith("1 août 2026 ")
