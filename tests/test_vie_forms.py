"""The funding line's sub-form, and the action form keeping a line's life when its amount changes."""

import datetime as dt

from pvtui.domain import vie_forms
from pvtui.domain.dataset import Referentiel
from pvtui.domain.forms import action_from_form
from pvtui.domain.model import Action, Bilan, Financement, Libelle, Versement

LINE = Financement("ca", 5000, propose=5000, date_vote=dt.date(2019, 4, 15), nature="numéraire",
                   versements=(Versement(dt.date(2019, 6, 1), 2500, "acompte", "M-12"),))


def test_the_form_text_round_trips():
    fields = vie_forms.to_form(LINE, 6000)
    assert fields["versements"] == "2019-06-01 2 500 acompte M-12" and fields["demande"] == "6 000"
    life, demande, errors = vie_forms.from_form("ca", fields)
    assert errors == {} and demande == 6000 and life == LINE.__class__("ca", 0, **{
        k: getattr(LINE, k) for k in ("propose", "date_vote", "nature", "versements")})


def test_bad_values_name_their_field():
    _, _, errors = vie_forms.from_form("ca", {"date_vote": "15/04/2019", "nature": "chèque",
                                               "versements": "2019-06-01 acompte"})
    assert errors == {
        "date_vote": "Voté le : « 15/04/2019 » n'est pas une date (attendue : 2019-04-15)",
        "nature": "Nature : « chèque » (possibles : numéraire, en nature)",
        "versements": "Versement 1 : montant manquant (ex. « 2019-06-01 2500 acompte »)",
    }


def test_apply_keeps_the_vote_and_takes_the_life():
    action = Action(id="a", financements=(Financement("ca", 5000), Financement("etat", 1000)))
    life, demande, _ = vie_forms.from_form("ca", {"demande": "6000", "versements": "2019-06-01 5000 solde"})
    again = vie_forms.apply(action, {"ca": (life, demande)})
    assert again.financements[0].montant == 5000 and again.financements[0].verse == 5000
    assert again.demandes == (Financement("ca", 6000),) and again.financements[1] == Financement("etat", 1000)


def test_the_action_form_keeps_a_lines_life_when_its_amount_changes():
    base = Action(id="a", titre="t", porteur="p", annee=2019, secteur="s", cout_total=10000, financements=(LINE,))
    ref = Referentiel(secteurs={"s": Libelle("s")}, financeurs={"ca": Libelle("ca")})
    fields = {"titre": "t", "porteur": "p", "annee": "2019", "secteur": "s", "cout_total": "10000"}
    action, errors = action_from_form(base, fields, {"ca": "6000"}, [], ref)
    assert errors == {} and action.financements == (LINE.__class__(**{**_as_dict(LINE), "montant": 6000}),)


def _as_dict(line):
    return {k: getattr(line, k) for k in line.__slots__}


def test_the_action_request_and_bilan_fields():
    a = Action(id="a", bilan=Bilan(note="à relancer"))
    fields = {**vie_forms.action_to_form(a), "date_depot": "2019-01-20", "bilan_date_recu": "2020-05-01",
              "bilan_statut": "reçu"}
    again, errors = vie_forms.action_from_form(a, fields)
    assert errors == {} and again.date_depot == dt.date(2019, 1, 20)
    assert again.bilan == Bilan(date_recu=dt.date(2020, 5, 1), statut="reçu", note="à relancer")
    _, errors = vie_forms.action_from_form(a, {"date_depot": "hier"})
    assert errors == {"date_depot": "Déposée le : « hier » n'est pas une date (attendue : 2019-04-15)"}
    assert vie_forms.action_from_form(Action(id="a"), vie_forms.action_to_form(Action(id="a")))[0] == Action(id="a")


def test_an_amount_above_the_cost_gives_both_figures():
    """The message gives the numbers it compares, in French: "5 000 € dépasse le coût total (1 000 €)"."""
    base = Action(id="a", titre="t", porteur="p", annee=2019, secteur="s", cout_total=1000)
    ref = Referentiel(secteurs={"s": Libelle("s")}, financeurs={"ca": Libelle("ca", libelle="C.A."), "etat": Libelle("etat", libelle="État")})
    fields = {"titre": "t", "porteur": "p", "annee": "2019", "secteur": "s", "cout_total": "1 000"}
    _, errors = action_from_form(base, fields, {"ca": "5000"}, [], ref)
    assert errors == {"financement-ca": "Subvention C.A. : 5 000 € dépasse le coût total (1 000 €)"}
    _, errors = action_from_form(base, fields, {"ca": "600", "etat": "500"}, [], ref)
    assert errors == {"financements": "La somme des subventions (1 100 €) dépasse le coût total de l'action (1 000 €)"}


def test_a_quartiers_logements_and_abattement_from_the_form():
    from pvtui.domain.forms import quartier_from_form
    from pvtui.domain.model import LigneTFPB, Quartier

    before = Quartier(secteur="s", logements=10, abattement=500, lignes=(LigneTFPB(axe="a", realisee=1),))
    after, errors = quartier_from_form(before, {"logements": "1 200", "abattement": "59 163,50 €"})
    assert errors == {} and after == Quartier(secteur="s", logements=1200, abattement=59163.5, lignes=before.lignes)
    emptied, errors = quartier_from_form(before, {"logements": "", "abattement": ""})
    assert errors == {} and (emptied.logements, emptied.abattement) == (None, None)  # "non renseigné"
    _, errors = quartier_from_form(before, {"logements": "beaucoup", "abattement": "-3"})
    assert errors == {"logements": "Logements : « beaucoup » n'est pas un nombre entier positif",
                      "abattement": "Abattement : « -3 » : un montant ne peut pas être négatif"}
