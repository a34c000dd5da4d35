"""Every computation against figures added up by hand on the `mini` fixture.

The fixture, in short (euros):
    alpha  centre  cost 10 000  capft 3 000  etat 2 000             I-A-3, III-A
    beta   centre  cost  5 000  capft 1 000  ville 2 500            III-B-2 (transversal)
    gamma  nord    cost  8 000  etat 4 000   ville 0 (printed 0)    no objective, pilier supposé II
    delta  inter   cost  2 000  capft 500                           nothing
    envelopes: capft 10 000, etat 8 000, ville 5 000
    HABITAT centre: animation 3 000/2 000, sur-entretien 4 000/4 000, abatement 5 000, 100 logements
    HABITAT nord:   animation 1 000/500, abatement 400, 50 logements
    LOGIS   centre: animation 1 500/1 500, abatement 1 000, 20 logements
"""

from __future__ import annotations

from collections import Counter

import pytest

from pvtui.domain import compute
from pvtui.domain.fmt import AmountError, euros, number, parse_amount, percent


@pytest.fixture
def data(mini):
    return mini.load()


def test_shares_of_one_action(data):
    assert compute.shares(data.action("alpha")) == [("capft", 3000, 0.3), ("etat", 2000, 0.2)]
    assert percent(3000, 10000) == "30,0 %"


def test_engaged_by_funder(data):
    # capft 3 000 + 1 000 + 500; etat 2 000 + 4 000; ville 2 500 + 0
    assert compute.engaged_by_funder(data.actions) == {"capft": 4500, "etat": 6000, "ville": 2500}


def test_funders_against_envelopes(data):
    rows = {r.code: r for r in compute.funders(data.actions, ["capft", "etat", "ville"],
                                                data.programmations[2019].enveloppe)}
    capft, etat, ville = rows["capft"], rows["etat"], rows["ville"]
    # capft funds alpha, beta, delta: 10 000 + 5 000 + 2 000 of cost
    assert (capft.montant, capft.actions, capft.cout_actions, capft.enveloppe) == (4500, 3, 17000, 10000)
    assert capft.part == pytest.approx(4500 / 17000)
    assert (capft.reste, capft.engage) == (5500, 0.45)
    # etat funds alpha and gamma: 18 000 of cost, 6 000 of 8 000 used
    assert (etat.montant, etat.actions, etat.cout_actions, etat.reste) == (6000, 2, 18000, 2000)
    assert etat.part == pytest.approx(1 / 3) and etat.engage == 0.75
    # ville: gamma's printed 0 is not funding, so one action (beta)
    assert (ville.montant, ville.actions, ville.cout_actions, ville.reste, ville.part) == (2500, 1, 5000, 2500, 0.5)


def test_funder_without_envelope_or_subsidy():
    [row] = compute.funders([], ["yutz"], {})
    assert (row.montant, row.actions, row.cout_actions, row.enveloppe, row.part, row.reste, row.engage) == (
        0, 0, 0, None, None, None, None)


def test_by_sector(data):
    rows = {r.code: r for r in compute.by_sector(data.actions, ["centre", "nord", "inter", "vide"])}
    assert list(rows) == ["centre", "nord", "inter", "vide"]
    centre = rows["centre"]
    assert (centre.actions, centre.cout_total, centre.financements) == (2, 15000, {"capft": 4000, "etat": 2000, "ville": 2500})
    assert centre.subventions == 8500 and centre.part == pytest.approx(8500 / 15000)
    assert (rows["nord"].actions, rows["nord"].cout_total, rows["nord"].subventions) == (1, 8000, 4000)
    assert (rows["inter"].actions, rows["inter"].cout_total, rows["inter"].subventions) == (1, 2000, 500)
    assert (rows["vide"].actions, rows["vide"].cout_total, rows["vide"].part) == (0, 0, None)


def test_by_pillar(data):
    rows = {r.code: r for r in compute.by_pillar(data.actions)}
    # alpha works I and III, beta III, gamma II (supposé), delta none.
    assert {code: (r.actions, r.cout_total) for code, r in rows.items()} == {
        "I": (1, 10000), "II": (1, 8000), "III": (2, 15000), "—": (1, 2000)}
    assert rows["III"].financements == {"capft": 4000, "etat": 2000, "ville": 2500}


def test_piliers(data):
    assert compute.piliers(data.action("alpha")) == ("I", "III")
    assert compute.piliers(data.action("gamma")) == ("II",)
    assert compute.piliers(data.action("delta")) == ()


def test_by_nature(data):
    natures = {code: f.nature for code, f in data.referentiel.financeurs.items()}
    assert compute.by_nature(data.actions, natures) == {"droit-commun": 7000, "credits-specifiques": 6000}


def test_coverage(data):
    cov = compute.coverage(data.actions, data.referentiel.objectifs)
    assert cov.actions == 4
    assert cov.mentions == Counter({"I-A": 1, "III-A": 1, "III-B": 1})
    assert cov.sous_objectifs == {"I-A": Counter({"I-A-3": 1}), "III-B": Counter({"III-B-2": 1})}
    assert cov.absents == ("I-B", "II-A")
    assert cov.sans_objectif == ("delta", "gamma")
    assert cov.par_pilier == {"I": 1, "II": 0, "III": 2}
    assert cov.transversaux == 1
    assert (cov.total, cov.total_sous_objectifs) == (3, 2)


def test_coverage_of_one_sector(data):
    centre = [a for a in data.actions if a.secteur == "centre"]
    cov = compute.coverage(centre, data.referentiel.objectifs)
    assert (cov.actions, cov.absents, cov.sans_objectif) == (2, ("I-B", "II-A"), ())


@pytest.mark.parametrize("label, band", [
    ("0 à 5 ans", "0 à 5 ans"), ("6-15 ans", "6 à 15 ans"), ("65 ans et plus", "65 ans et plus"),
    ("Adultes", "Adultes"), ("", "?"),
])
def test_age_band(label, band):
    assert compute.age_band(label) == band


def test_beneficiaires(data):
    totals = compute.beneficiaires(data.actions)
    # alpha rows 2/3/5 (100 %) and 4/6/10 (50 %); beta NC/4/7 (0 %); gamma total row only: 20
    assert (totals.hommes, totals.femmes, totals.total) == (6, 13, 42)
    assert totals.par_age == {"0 à 5 ans": (2, 3, 5), "6 à 15 ans": (4, 6, 10), "18 à 25 ans": (0, 4, 7),
                              "non précisé": (0, 0, 20)}
    assert totals.qpv == pytest.approx(5 + 5 + 0)
    assert totals.total_avec_qpv == 5 + 10 + 7
    assert totals.part_qpv == pytest.approx(10 / 22)


def test_quartiers(data):
    rows = {(r.bailleur, r.secteur): r for r in compute.quartiers(data.bailleurs)}
    centre = rows[("HABITAT", "centre")]
    assert (centre.logements, centre.abattement, centre.realisee, centre.valorisee) == (100, 5000, 7000, 6000)
    assert centre.taux == pytest.approx(6 / 7) and centre.ecart == 1000
    nord = rows[("HABITAT", "nord")]
    assert (nord.realisee, nord.valorisee, nord.taux, nord.ecart) == (1000, 500, 0.5, 100)
    logis = rows[("LOGIS", "centre")]
    assert (logis.realisee, logis.valorisee, logis.taux, logis.ecart) == (1500, 1500, 1.0, 500)
    assert len(rows) == 3


def test_synthese_axes(data):
    rows = compute.synthese_axes(data.bailleurs)
    assert [(r.axe, r.porteurs, r.lignes, r.realisee, r.valorisee) for r in rows] == [
        ("animation", ("HABITAT", "LOGIS"), 3, 5500, 4000),
        ("sur-entretien", ("HABITAT",), 1, 4000, 4000),
    ]
    total = compute.total_axes(rows)
    assert (total.lignes, total.realisee, total.valorisee) == (4, 9500, 8000)
    assert percent(total.valorisee, total.realisee) == "84,2 %"


def test_total_of_all_actions(data):
    row = compute.total(data.actions)
    # 10 000 + 5 000 + 8 000 + 2 000; subsidies 4 500 + 6 000 + 2 500
    assert (row.actions, row.cout_total, row.subventions) == (4, 25000, 13000)
    assert row.financements == {"capft": 4500, "etat": 6000, "ville": 2500}


def test_small_helpers(data):
    assert compute.ratio(1, 4) == 0.25 and compute.ratio(1, 0) is None and compute.ratio(1, None) is None
    assert compute.parent("I-C-3") == "I-C" and compute.parent("I-C") == "I-C"
    assert compute.referentiel_order(data.referentiel) == (["capft", "etat", "ville"], ["centre", "nord", "inter"])


# --- French numbers ----------------------------------------------------------------


@pytest.mark.parametrize("value, text", [
    (0, "0 €"), (43655, "43 655 €"), (1385981, "1 385 981 €"), (43655.5, "43 655,50 €"),
    (1000.0, "1 000 €"), (None, "—"), (-1500, "-1 500 €"),
    (10**30, "1 000 000 000 000 000 000 000 000 000 000 €"),  # exact, not through a float
])
def test_euros(value, text):
    assert euros(value) == text


def test_number_and_percent():
    assert number(1234567.891, 2) == "1 234 567,89"
    assert percent(5000, 43655) == "11,5 %"
    assert percent(204920, 270256) == "75,8 %"
    assert percent(1, 0) == "—" and percent(None, 5) == "—"


@pytest.mark.parametrize("text, value", [
    ("43 655", 43655), ("43655", 43655), ("43 655 €", 43655), ("43\u00a0655,50 €", 43655.5),
    ("43\u202f655", 43655), ("12.5", 12.5), ("", None), ("   ", None), ("0", 0), ("100 EUR", 100),
])
def test_parse_amount(text, value):
    assert parse_amount(text) == value
    assert type(parse_amount(text)) is type(value)


@pytest.mark.parametrize("text", ["-5", "abc", "1,2,3", "12,345", "1e5", "1 000,5x", "--1"])
def test_parse_amount_refuses(text):
    with pytest.raises(AmountError):
        parse_amount(text)
