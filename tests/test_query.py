"""The Actions `/` filter's `porteur:` term (pure)."""

from __future__ import annotations

from pvtui.domain.dataset import Referentiel
from pvtui.domain.model import Action, Porteur
from pvtui.domain.query import filter_actions

PORTEURS = {"cie": Porteur(id="cie", nom="Compagnie des Rêves", sigle="CDR", aliases=("Cie des Reves",))}
BY_ID = Action(id="a", titre="Théâtre", porteur="cie", annee=2019)
BY_TEXT = Action(id="b", titre="Jardin", porteur="Maison des Quartiers", annee=2019)


def titles(text: str) -> list[str]:
    return [a.id for a in filter_actions((BY_ID, BY_TEXT), text, Referentiel(), PORTEURS.get)]


def test_porteur_term_matches_the_record_id_name_sigle_and_aliases():
    assert titles("porteur:cie") == ["a"]
    assert titles("porteur:compagnie") == ["a"]
    assert titles("porteur:cdr") == ["a"]
    assert titles("porteur:reves") == ["a"]


def test_porteur_term_matches_a_porteur_named_by_text():
    assert titles("porteur:maison") == ["b"]
    assert titles("porteur:quartiers") == ["b"]


def test_words_find_the_porteur_name_of_a_record():
    assert titles("compagnie") == ["a"]
