"""Rendering: canonical for pvtui's own files, style-preserving for hand-written ones."""

from __future__ import annotations

import tomllib

import pytest

from pvtui.storage.tomlio import SaveRefused, canonical, render

OLD = {"titre": "Atelier", "cout_total": 100, "objectifs": ["I-A", "I-B"], "financements": {"capft": 50}}


def test_new_file_is_canonical():
    assert render(None, None, OLD) == canonical(OLD)
    assert tomllib.loads(canonical(OLD)) == OLD


def test_canonical_layout():
    assert canonical(OLD) == (
        'titre = "Atelier"\ncout_total = 100\nobjectifs = [\n    "I-A",\n    "I-B",\n]\n\n'
        "[financements]\ncapft = 50\n"
    )


def test_a_file_pvtui_wrote_is_rewritten_canonically():
    new = {**OLD, "cout_total": 120}
    assert render(canonical(OLD), OLD, new) == canonical(new)


def test_a_canonical_file_whose_record_lost_a_bad_value_keeps_it():
    """A value of the wrong type is not in `old`: the file is not canonical(old), so it is merged."""
    text = canonical(OLD).replace("cout_total = 100", 'cout_total = 100\nannee = "2019"')
    new = {**OLD, "cout_total": 120}
    out = render(text, OLD, new)
    assert 'annee = "2019"' in out
    assert tomllib.loads(out) == {**new, "annee": "2019"}


HAND = """\
# en-tête
titre = "Atelier"  # le titre court
cout_total = 100
inconnue = { a = 1 }
objectifs = ["I-A", "I-B"]

[financements]
capft = 50 # vu en comité
"""


@pytest.mark.parametrize("change", [
    {"titre": "Atelier n°#2"},
    {"cout_total": 150},
    {"objectifs": ["I-A"]},
    {"financements": {"capft": 60, "etat": 10}},
    {"description": "Ligne # une\nLigne deux"},
    {"titre": "Guillemets \" et \\ et \t et \x1b"},
])
def test_hand_written_file_keeps_comments_and_unknown_keys(change):
    new = {**OLD, **change}
    out = render(HAND, OLD, new)
    for kept in ("# en-tête", "# le titre court", "inconnue = { a = 1 }", "# vu en comité"):
        assert kept in out
    assert tomllib.loads(out) == {**new, "inconnue": {"a": 1}}


def test_removing_a_key_of_a_hand_written_file():
    new = {k: v for k, v in OLD.items() if k != "objectifs"}
    out = render(HAND, OLD, new)
    assert "objectifs" not in out and "# en-tête" in out
    assert tomllib.loads(out) == {**new, "inconnue": {"a": 1}}


def test_removing_a_key_that_carries_a_comment_is_refused():
    new = {k: v for k, v in OLD.items() if k != "titre"}
    with pytest.raises(SaveRefused, match="« titre » contient un commentaire"):
        render(HAND, OLD, new)


def test_replacing_a_value_with_a_comment_inside_is_refused():
    text = HAND.replace('objectifs = ["I-A", "I-B"]', 'objectifs = [\n  "I-A", # prioritaire\n  "I-B",\n]')
    with pytest.raises(SaveRefused, match="« objectifs » contient un commentaire écrit à la main"):
        render(text, OLD, {**OLD, "objectifs": ["I-B"]})
    # Another key of the same file is fine.
    assert "# prioritaire" in render(text, OLD, {**OLD, "cout_total": 1})


ROWS_OLD = {"nom": "B", "quartiers": [{"secteur": "a", "lignes": [{"axe": "x", "realisee": 1}]},
                                      {"secteur": "b"}]}
ROWS_TEXT = """\
nom = "B"

[[quartiers]]
secteur = "a" # premier
lignes = [
    { axe = "x", realisee = 1 },
]

[[quartiers]]
secteur = "b"
"""


def test_rows_of_the_same_count_are_merged_row_by_row():
    new = {"nom": "B", "quartiers": [{"secteur": "a", "lignes": [{"axe": "x", "realisee": 2}]}, {"secteur": "c"}]}
    out = render(ROWS_TEXT, ROWS_OLD, new)
    assert "# premier" in out
    assert tomllib.loads(out) == new


def test_adding_a_row_to_commented_rows_is_refused():
    new = {**ROWS_OLD, "quartiers": ROWS_OLD["quartiers"] + [{"secteur": "d"}]}
    with pytest.raises(SaveRefused):
        render(ROWS_TEXT, ROWS_OLD, new)


def test_adding_a_row_to_uncommented_rows():
    text = ROWS_TEXT.replace(" # premier", "")
    new = {**ROWS_OLD, "quartiers": ROWS_OLD["quartiers"] + [{"secteur": "d"}]}
    assert tomllib.loads(render(text, ROWS_OLD, new)) == new
