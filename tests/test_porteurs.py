"""Porteurs as records: the kind, the shipped records, today's files with a plain name."""

from __future__ import annotations

from conftest import DATA, DataDir
from pvtui.domain.check import porteur_problems
from pvtui.domain.kinds import KINDS, PORTEURS
from pvtui.domain.model import Porteur, action_from_dict, porteur_from_dict, porteur_to_dict
from pvtui.imports.porteurs import PorteurIndex


def test_a_porteur_record_reads_and_writes_its_keys_in_order():
    data = {"nom": "APSIS Emergence", "sigle": "APSIS", "siret": "12345678900011", "rna": "W572000123",
            "adresse": "1 rue de la Paix, 57100 Thionville", "contact": "contact@apsis.example",
            "aliases": ["A.P.S.I.S."]}
    porteur, issues = porteur_from_dict("apsis-emergence", data)
    assert not issues and porteur.aliases == ("A.P.S.I.S.",)
    assert porteur_to_dict(porteur) == data and list(porteur_to_dict(porteur)) == list(data)
    assert KINDS[PORTEURS].from_dict is porteur_from_dict
    _, issues = porteur_from_dict("x", {"nom": 12, "aliases": "un seul"})
    assert {i.key for i in issues} == {("nom",), ("aliases",)}


def test_an_action_naming_its_porteur_by_name_still_loads_and_shows_that_name():
    action, issues = action_from_dict("a", {"titre": "T", "porteur": "Association des amis"})
    assert not issues and action.porteur == "Association des amis"
    loaded = DataDir(DATA).load()
    salon = loaded.action("salon-atelier")
    assert loaded.porteur_nom(salon) == "Société Beaux-Arts de Lorraine"


def test_the_shipped_data_has_one_record_per_porteur_of_the_report(tmp_path):
    loaded = DataDir(DATA).load()
    index = PorteurIndex(loaded.porteurs)
    assert len(loaded.porteurs) == 26
    for action in loaded.actions:
        match = index.match(action.porteur)
        assert match.record is not None, action.porteur
    # "C.C.A.S. / Proxi'Job" is the C.C.A.S. under another spelling of the report.
    assert index.match("C.C.A.S. / Proxi'Job").record.id == index.match("C.C.A.S.").record.id == "c-c-a-s"


def test_porteur_rules_siret_rna_and_name():
    assert porteur_problems(Porteur("a", nom="A", siret="123 456 789 00011", rna="W572000123")) == []
    problems = porteur_problems(Porteur("a", nom=" ", siret="1234", rna="572000123"))
    assert problems == ["le nom du porteur est obligatoire", "SIRET « 1234 » : il faut 14 chiffres",
                        "RNA « 572000123 » : il faut W suivi de 9 chiffres"]


def test_a_porteur_is_created_and_updated_through_the_workspace(mini):
    from pvtui.workspace.changes import Create, Saved, Update
    from pvtui.workspace.workspace import Workspace

    ws = Workspace(mini.root, cache=False)
    ws.load()
    result = ws.apply(Create(PORTEURS, Porteur("", nom="Vélo Cité", siret="12345678900011")))
    assert isinstance(result, Saved) and result.record.id == "velo-cite"
    assert mini.read("porteurs/velo-cite.toml") == 'nom = "Vélo Cité"\nsiret = "12345678900011"\n'
    data = ws.data
    base = data.porteur("velo-cite")
    result = ws.apply(Update(PORTEURS, base, data.version(PORTEURS, "velo-cite"),
                             Porteur("velo-cite", nom="Vélo Cité", siret="12345678900011", aliases=("Velo Cite",))))
    assert isinstance(result, Saved), result
    assert "aliases" in mini.read("porteurs/velo-cite.toml")


def test_a_lookalike_is_a_name_whose_words_look_alike_not_one_sharing_a_short_word():
    index = PorteurIndex(DataDir(DATA).load().porteurs)
    assert index.match("Mision locale Nord Mosellan").proposed.id == "mission-locale-nord-mosellan"
    assert index.match("CLCV").proposed.id == "c-l-c-v"
    for name in ("Club de foot", "Ville de Yutz", "Association Alpha"):
        assert index.match(name).proposed is None, name
