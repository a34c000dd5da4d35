"""The life of a funding line: derived states, and what is due or late as of a date."""

import datetime as dt
from pathlib import Path

import pytest

from pvtui.domain import vie
from pvtui.domain.dataset import Dataset, Referentiel
from pvtui.domain.model import Action, Bilan, Financement, Porteur, Versement

D = dt.date


@pytest.mark.parametrize("vote, demande, expected", [
    (None, None, ""),
    (None, Financement("ca", 6000), "demandée"),
    (Financement("ca", 5000), Financement("ca", 6000), "votée"),
    (Financement("ca", 5000, date_convention=D(2019, 5, 2)), None, "conventionnée"),
    (Financement("ca", 5000, versements=(Versement(D(2019, 6, 1), 2000, "acompte"),)), None, "versée en partie"),
    (Financement("ca", 5000, versements=(Versement(D(2019, 6, 1), 5000),)), None, "soldée"),
    (Financement("ca", 5000, versements=(Versement(D(2019, 6, 1), 4000, "solde"),)), None, "soldée"),
])
def test_each_state_is_derived_from_what_is_filled(vote, demande, expected):
    assert vie.etat(vote, demande) == expected


def test_bilan_states():
    assert vie.etat_bilan(Action(id="a")) == ""
    assert vie.etat_bilan(Action(id="a", financements=(Financement("ca", 1),))) == "bilan attendu"
    assert vie.etat_bilan(Action(id="a", financements=(Financement("ca", 1),),
                                 bilan=Bilan(date_recu=D(2020, 3, 1)))) == "bilan reçu"


def dataset(*actions):
    return Dataset(root=Path("."), referentiel=Referentiel(), programmations={}, actions=tuple(actions),
                   bailleurs=(), problems=(), porteurs=(Porteur(id="apsis", nom="APSIS Émergence"),))


A1 = Action(id="a1", titre="Un", porteur="apsis", annee=2019,
            financements=(Financement("ca", 20000, date_vote=D(2019, 4, 15),
                                      versements=(Versement(D(2019, 6, 1), 20000),)),))
A2 = Action(id="a2", titre="Deux", porteur="apsis", annee=2019,
            financements=(Financement("ca", 13000, date_vote=D(2019, 4, 15), date_convention=D(2019, 5, 2)),))


def test_echeances_soonest_first_and_late_as_of_the_date():
    rows = vie.echeances(dataset(A1, A2), D(2020, 1, 1))
    assert [(r.date, r.action, r.manque, r.en_retard) for r in rows] == [
        (D(2019, 4, 15), "a1", "convention requise (33 000 € en 2019 de ce financeur à ce porteur)", True),
        (D(2019, 8, 2), "a2", "publication en données ouvertes non faite", True),
        (D(2019, 12, 31), "a2", "versement restant dû : 13 000 €", True),
        (D(2020, 6, 30), "a1", "bilan (compte-rendu financier) non reçu", False),
        (D(2020, 6, 30), "a2", "bilan (compte-rendu financier) non reçu", False),
    ]
    assert rows[0].porteur == "APSIS Émergence"


def test_echeances_at_another_date_and_once_done():
    early = vie.echeances(dataset(A1, A2), D(2019, 5, 1))
    assert [r.en_retard for r in early] == [True, False, False, False, False]
    done = Action(id="a2", porteur="apsis", annee=2019, bilan=Bilan(date_recu=D(2020, 2, 1)),
                  financements=(Financement("ca", 13000, date_convention=D(2019, 5, 2),
                                            date_publication=D(2019, 6, 1),
                                            versements=(Versement(D(2019, 6, 1), 13000),)),))
    assert [r.action for r in vie.echeances(dataset(done), D(2021, 1, 1))] == []


def test_the_threshold_is_strictly_above_23000():
    a = Action(id="a", porteur="p", annee=2019, financements=(Financement("ca", 23000),))
    assert vie.totals_over_threshold(dataset(a)) == {}


def test_a_short_form_record_is_chased_only_for_its_convention():
    short = Action(id="s", porteur="apsis", annee=2019, financements=(Financement("ca", 30000),))
    assert [r.manque for r in vie.echeances(dataset(short), D(2021, 1, 1))] == [
        "convention requise (30 000 € en 2019 de ce financeur à ce porteur)"]


def test_the_timeline_is_oldest_first():
    a = Action(id="a", date_depot=D(2019, 1, 20), bilan=Bilan(date_recu=D(2020, 5, 1), statut="reçu"),
               financements=(Financement("ca", 5000, date_vote=D(2019, 4, 15), reference_decision="DEL-12",
                                         date_convention=D(2019, 5, 2),
                                         versements=(Versement(D(2019, 6, 1), 2500, "acompte"),)),))
    assert vie.timeline(a) == [
        (D(2019, 1, 20), "demande déposée"), (D(2019, 4, 15), "ca : voté 5 000 € (DEL-12)"),
        (D(2019, 5, 2), "ca : convention signée"), (D(2019, 6, 1), "ca : acompte de 2 500 €"),
        (D(2020, 5, 1), "bilan reçu (reçu)")]
