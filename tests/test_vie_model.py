"""The funding line grows: the short form, the table form, and their round trips."""

import datetime as dt
import tomllib

from hypothesis import given, strategies as st

from pvtui.domain.model import Action, Bilan, Financement, Versement, action_from_dict, action_to_dict
from pvtui.storage.tomlio import canonical

TEXT = """titre = "Atelier"
porteur = "apsis"
date_depot = 2019-01-20
annee = 2019

[financements]
etat = 3000
capft = 5000

[financements.ca]
demande = 12000
propose = 10000
vote = 9000
date_vote = 2019-04-15
reference_decision = "DEL-2019-12"
date_convention = 2019-05-02
nature = "numéraire"
conditions_versement = "échelonné"
versements = [
    { date = 2019-06-01, montant = 4500, type = "acompte" },
]

[financements.region]
demande = 2000

[bilan]
date_recu = 2020-05-10
statut = "reçu"
"""


def test_old_and_new_forms_round_trip_byte_identical():
    action, issues = action_from_dict("a", tomllib.loads(TEXT))
    assert issues == []
    assert action.financement == {"etat": 3000, "capft": 5000, "ca": 9000}
    ca = action.financements[2]
    assert ca.date_vote == dt.date(2019, 4, 15) and ca.versements[0].montant == 4500
    assert action.demandes == (Financement("ca", 12000), Financement("region", 2000))
    assert action.bilan == Bilan(date_recu=dt.date(2020, 5, 10), statut="reçu")
    assert canonical(action_to_dict(action)) == TEXT


def test_a_short_line_stays_short():
    action, _ = action_from_dict("a", {"financements": {"capft": 5000}})
    assert action_to_dict(action) == {"financements": {"capft": 5000}}


def test_a_bad_date_is_an_issue_naming_the_key():
    _, issues = action_from_dict("a", {"financements": {"ca": {"vote": 1, "date_vote": "15/04/2019"}}})
    assert [(i.key, i.message) for i in issues] == [
        (("financements", "ca", "date_vote"), "« date_vote » doit être une date (2019-04-15, sans guillemets)")]


dates = st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1))
texts = st.sampled_from(["", "numéraire", "en nature", "x"])
amounts = st.integers(0, 10**7)
versements = st.builds(Versement, date=dates, montant=st.none() | amounts, type=texts, reference=texts)
lines = st.builds(Financement, financeur=st.just("ca"), montant=amounts, propose=st.none() | amounts,
                  date_vote=dates, reference_decision=texts, date_convention=dates, nature=texts,
                  conditions_versement=texts, versements=st.lists(versements, max_size=3).map(tuple))


@given(line=lines, demande=st.none() | amounts)
def test_any_line_round_trips(line, demande):
    action = Action(id="a", financements=(Financement("etat", 1), line),
                    demandes=() if demande is None else (Financement("ca", demande),))
    again, issues = action_from_dict("a", tomllib.loads(canonical(action_to_dict(action))))
    assert issues == [] and again == action


def test_a_save_through_the_workspace_changes_only_what_changed(mini):
    from dataclasses import replace

    from pvtui.workspace.changes import Saved, Update
    from pvtui.workspace.workspace import Workspace

    text = mini.read("actions/alpha.toml").replace(
        "capft = 3000\n", "capft = { demande = 3500, vote = 3000, date_vote = 2019-04-15 }  # voté en avril\n")
    mini.write("actions/alpha.toml", text)
    ws = Workspace(mini.root, cache=False)
    ws.load()
    alpha = ws.data.action("alpha")
    capft = alpha.financements[0]
    paid = replace(capft, versements=(Versement(dt.date(2019, 6, 1), 1500, "acompte"),))
    new = replace(alpha, financements=(paid, *alpha.financements[1:]))
    assert isinstance(ws.apply(Update("actions", alpha, ws.data.version("actions", "alpha"), new)), Saved)
    after = mini.read("actions/alpha.toml")
    def around(t):  # all but the capft line (which tomlkit may spread over several)
        return t[:t.index("capft = ")], t[t.index("etat = 2000"):]
    assert around(after) == around(text) and "# voté en avril" in after
    assert "2019-04-15" in after and "2019-06-01" in after
    assert Workspace(mini.root, cache=False).load().action("alpha") == new
