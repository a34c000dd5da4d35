"""What an export covers: year, sector, funder, pillar, bailleur, action; bad values."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from pvtui.export import ExportError, Filtres, export

NOW = datetime(2026, 11, 25, 18, 40)


def _json(data, kind: str, **filters) -> dict:
    return json.loads(export(data, kind, Filtres(**filters), "json", now=NOW))


def _ids(data, **filters) -> list[str]:
    return [a["id"] for a in _json(data, "actions", **filters)["actions"]]


def test_everything_of_the_latest_programmation_year_by_default(mini):
    """One action saved in 2020 does not move the exports to a year that has no programmation."""
    mini.write("actions/epsilon.toml", 'titre = "Epsilon"\nannee = 2020\nsecteur = "centre"\ncout_total = 10\n')
    data = mini.load()
    assert _ids(data) == ["alpha", "beta", "gamma", "delta"]  # in the sectors' order
    assert _json(data, "actions")["annee"] == 2019
    assert _ids(data, annee=2020) == ["epsilon"]
    mini.write("programmations/2020.toml", "annee = 2020\n")
    assert _ids(mini.load()) == ["epsilon"]


def test_an_action_picks_its_own_year(mini):
    mini.write("actions/epsilon.toml", 'titre = "Epsilon"\nannee = 2020\nsecteur = "centre"\ncout_total = 10\n')
    assert _json(mini.load(), "fiche", action="alpha")["annee"] == 2019


def test_sector_funder_and_pillar_filter_the_actions(mini):
    data = mini.load()
    assert _ids(data, secteur="centre") == ["alpha", "beta"]
    assert _ids(data, secteur="Quartier Nord") == ["gamma"]  # the label works too
    assert _ids(data, secteur="quartier") == ["gamma"]  # and the start of one, if alone
    assert _ids(data, financeur="ville") == ["beta"]  # a printed 0 is not funding
    assert _ids(data, financeur="C.A.") == ["alpha", "beta", "delta"]
    assert _ids(data, pilier="II") == ["gamma"]  # pilier supposé
    assert _ids(data, pilier="3") == ["alpha", "beta"]
    assert _ids(data, secteur="centre", financeur="ville") == ["beta"]


def test_bailleur_and_sector_filter_the_tfpb(mini):
    data = mini.load()
    names = lambda **f: [(b["nom"], [q["secteur"] for q in b["quartiers"]])  # noqa: E731
                         for b in _json(data, "tfpb", **f)["bailleurs"]]
    assert names() == [("HABITAT", ["centre", "nord"]), ("LOGIS", ["centre"])]
    assert names(bailleur="logis") == [("LOGIS", ["centre"])]
    assert names(secteur="nord") == [("HABITAT", ["nord"])]
    axes = _json(data, "tfpb", secteur="nord")["axes"]
    assert [(a["axe"], a["realisee"]) for a in axes] == [("animation", 1000)]


def test_a_fiche_without_action_gives_every_matching_fiche(mini):
    data = mini.load()
    out = export(data, "fiche", Filtres(secteur="centre"), "text", now=NOW).decode()
    assert out.startswith("Fiches actions (2) — programmation 2019 — secteur : Centre")
    assert "Atelier alpha : Association A\n---" in out and "Atelier beta : Association B\n---" in out
    assert [a["id"] for a in _json(data, "fiche")["actions"]] == ["alpha", "beta", "gamma", "delta"]


def test_an_action_may_be_named_by_its_title(mini):
    assert [a["id"] for a in _json(mini.load(), "fiche", action="Atelier Beta")["actions"]] == ["beta"]


def test_unknown_action_names_it_and_suggests_the_closest_id(mini):
    with pytest.raises(ExportError) as error:
        export(mini.load(), "fiche", Filtres(action="alpah"), "text", now=NOW)
    assert str(error.value) == "action inconnue « alpah » ; vouliez-vous dire « alpha » ?"
    with pytest.raises(ExportError, match="action inconnue « zzz » ; la liste : pvtui export actions"):
        export(mini.load(), "fiche", Filtres(action="zzz"), "text", now=NOW)


@pytest.mark.parametrize("name,value,message", [
    ("secteur", "sud", "secteur inconnu « sud » (valeurs possibles : centre, nord, inter)"),
    ("financeur", "region", "financeur inconnu « region » (valeurs possibles : capft, etat, ville)"),
    ("pilier", "IV", "pilier inconnu « IV » (valeurs possibles : I, II, III)"),
    ("bailleur", "habitta", "bailleur inconnu « habitta » ; vouliez-vous dire « habitat » ? "
                            "(valeurs possibles : habitat, logis)"),
    ("annee", 2018, "aucune donnée pour l'année 2018 (années présentes : 2019)"),
])
def test_unknown_filter_values_name_the_value_and_the_choices(mini, name, value, message):
    with pytest.raises(ExportError) as error:
        export(mini.load(), "actions", Filtres(**{name: value}), "text", now=NOW)
    assert str(error.value) == message


def test_a_fiche_that_no_action_matches_is_an_error(mini):
    with pytest.raises(ExportError, match="aucune action ne correspond à ces filtres"):
        export(mini.load(), "fiche", Filtres(secteur="nord", financeur="capft"), "text", now=NOW)


def test_other_kinds_say_when_nothing_matches(mini):
    out = export(mini.load(), "actions", Filtres(secteur="nord", financeur="capft"), "text", now=NOW)
    assert "Aucune action ne correspond à ces filtres." in out.decode()


def test_unknown_kind_or_format(mini):
    with pytest.raises(ExportError, match="type d'export inconnu « pdf »"):
        export(mini.load(), "pdf", Filtres(), "text")
    with pytest.raises(ExportError, match="format inconnu « xlsx »"):
        export(mini.load(), "actions", Filtres(), "xlsx")


def test_filters_that_do_not_apply_to_a_kind_stay_out_of_its_header(mini):
    data = mini.load()
    out = export(data, "financements", Filtres(bailleur="logis"), "text", now=NOW).decode()
    assert "bailleur" not in out.split("\n\n")[0]
    out = export(data, "tfpb", Filtres(bailleur="logis", financeur="ville"), "text", now=NOW).decode()
    head = out.split("\n\n")[0].replace("\n", " ")
    assert "bailleur : LOGIS" in head and "financeur" not in head
    assert _json(data, "tfpb", bailleur="logis", financeur="ville")["filtres"] == {"bailleur": "logis"}


def test_the_synthese_of_one_funder(mini):
    data = _json(mini.load(), "synthese", financeur="capft")
    [capft] = data["financeurs"]
    assert (capft["code"], capft["nombre_actions"], capft["montant"], capft["enveloppe"], capft["reste"]) == (
        "capft", 3, 4500, 10000, 5500)
    assert capft["statuts"] == {"nouvelles": 1, "renouvellements": 1, "non_precise": 1, "depuis": {"2016": 1}}
    assert capft["seul_financeur"] == ["delta"]
    assert [a["id"] for a in capft["actions"]] == ["alpha", "beta", "delta"]


def test_the_report_declarations_are_compared_only_without_action_filters(mini):
    data = mini.load()
    assert _json(data, "financements")["secteurs_declares"] != []
    assert _json(data, "financements", secteur="centre")["secteurs_declares"] == []
    assert "Déclaré au rapport" in export(data, "synthese", Filtres(), "text", now=NOW).decode()
    assert "Déclaré au rapport" not in export(data, "synthese", Filtres(pilier="I"), "text", now=NOW).decode()


def test_one_funders_synthesis_keeps_what_the_report_declares_for_it(mini):
    """--financeur keeps every action of that funder: its declared figures still compare."""
    whole = export(mini.load(), "synthese", Filtres(), "json", now=NOW)
    alone = export(mini.load(), "synthese", Filtres(financeur="capft"), "json", now=NOW)
    declared = {f["code"]: f["declare"] for f in json.loads(whole)["financeurs"]}
    [capft] = json.loads(alone)["financeurs"]
    assert capft["declare"] == declared["capft"] and capft["declare"]
    assert "Déclaré au rapport" in export(mini.load(), "synthese", Filtres(financeur="capft"), "text", now=NOW).decode()
    assert "Déclaré au rapport" not in export(mini.load(), "synthese", Filtres(financeur="capft", pilier="I"),
                                                "text", now=NOW).decode()


def test_porteur_filters_the_actions_by_record_name_or_text(mini):
    mini.write("porteurs/cie.toml", 'nom = "Compagnie des Rêves"\nsigle = "CDR"\n')
    mini.write("actions/epsilon.toml",
               'titre = "Epsilon"\nannee = 2019\nsecteur = "centre"\nporteur = "cie"\ncout_total = 10\n')
    data = mini.load()
    assert _ids(data, porteur="cdr") == ["epsilon"]
    assert _ids(data, porteur="Compagnie des Rêves") == ["epsilon"]
    with pytest.raises(ExportError, match="porteur inconnu « nulle part »"):
        _ids(data, porteur="nulle part")


def test_the_report_counts_an_action_renewed_from_last_year_as_a_renewal(mini):
    """`reconduit_de` (what `pvtui annee nouvelle` writes) says a renewal where `statut` says nothing;
    a `statut` written by hand still decides."""
    mini.edit("actions/delta.toml", 'secteur = "inter"\n', 'secteur = "inter"\nreconduit_de = "forum-2018"\n')
    mini.edit("actions/beta.toml", 'statut = "nouvelle"\n', 'statut = "nouvelle"\nreconduit_de = "beta-2018"\n')
    report = _json(mini.load(), "rapport")
    [capft] = [f for f in report["synthese"]["financeurs"] if f["code"] == "capft"]
    assert capft["statuts"] == {"nouvelles": 1, "renouvellements": 2, "non_precise": 0, "depuis": {"2016": 1}}
    text = export(mini.load(), "rapport", Filtres(), "text", now=NOW).decode()
    assert "Nouvelles / renouvelées  : 1 nouvelle, 2 renouvellements (1 depuis 2016)\n" in text
    fiche = export(mini.load(), "fiche", Filtres(action="delta"), "text", now=NOW).decode()
    assert "Statut        : renouvellement\n" in fiche
