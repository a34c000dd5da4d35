"""The text exports: 72 columns, nothing a terminal would obey, French numbers."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import pytest

from pvtui.export import FORMATS, KINDS, Filtres, export
from pvtui.export.clean import clean, one_line
from pvtui.export.doc import EUROS, INT, PCT, SHARE, Column, Table
from pvtui.export.text import WIDTH, cwidth, glue, para, table, wrap

NOW = datetime(2026, 11, 25, 18, 40)


@pytest.fixture
def shipped():
    import update_golden

    return update_golden.shipped()
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

# What a pasted title may carry: colours, a terminal reset, a hyperlink, a
# bell, a carriage return, a tab, an 8-bit CSI, a bidi override.
NASTY = ("\\u001b[31mROUGE\\u001b[0m \\u001b]8;;http://x.example\\u0007lien\\u001b]8;;\\u0007 "
         "\\u001bc\\u0007\\r\\tfin \\u009b2J \\u202eevil\\u202c \\u0000nul")
LONG = "X" * 150
WIDE = "漢字テキスト" * 8


@pytest.fixture
def nasty(mini):
    """The mini data set with escapes, control characters, long words and wide text everywhere."""
    mini.edit("actions/alpha.toml", 'titre = "Atelier alpha"', f'titre = "Atelier {NASTY} alpha {LONG}"')
    mini.edit("actions/alpha.toml", 'porteur = "Association A"', f'porteur = "Asso {NASTY} {WIDE}"')
    mini.edit("actions/alpha.toml", "Un atelier pour les enfants.", f"Un atelier {WIDE} {LONG}\r\n\ttabulé")
    mini.edit("actions/alpha.toml", 'indicateurs = "15 enfants accueillis."', f'indicateurs = "{NASTY}"')
    mini.edit("actions/alpha.toml", 'age = "0 à 5 ans"', f'age = "0 à 5 ans {NASTY}"')
    mini.edit("actions/beta.toml", 'titre = "Atelier beta"', f'titre = "=HYPERLINK(\\"x\\") {WIDE}"')
    mini.edit("bailleurs/habitat.toml", 'nom = "HABITAT"', f'nom = "HABITAT {NASTY}"')
    mini.edit("bailleurs/habitat.toml", 'action = "Fête de quartier"', f'action = "Fête {NASTY} {LONG}"')
    mini.edit("bailleurs/habitat.toml", "- Fête : un samedi de juin.", f"- Fête {NASTY} {WIDE}")
    mini.edit("referentiel/secteurs.toml", 'libelle = "Centre"', f'libelle = "Centre {NASTY}"')
    mini.edit("referentiel/objectifs.toml", 'libelle = "Réussite éducative"', f'libelle = "Réussite {NASTY}"')
    mini.edit("referentiel/axes-tfpb.toml", 'libelle = "Sur-entretien"', f'libelle = "Sur {NASTY} {LONG}"')
    return mini.load()


def _all(data, **filters):
    for kind in KINDS:
        for fmt in FORMATS:
            yield kind, fmt, export(data, kind, Filtres(**filters), fmt, now=NOW)


def test_no_text_line_is_longer_than_72_characters_on_the_shipped_data(shipped):
    for kind in KINDS:
        out = export(shipped, kind, Filtres(), "text", now=NOW).decode("utf-8")
        too_long = [(n, line) for n, line in enumerate(out.split("\n"), 1) if cwidth(line) > WIDTH]
        assert not too_long, f"{kind} : {too_long[:3]}"


def test_no_line_too_long_and_no_control_character_even_from_hostile_data(nasty):
    for kind, fmt, data in _all(nasty):
        out = data.decode("utf-8-sig")
        if fmt == "csv":
            out = out.replace("\r\n", "\n")
        if fmt == "text":
            for line in out.split("\n"):
                assert len(line) <= WIDTH and cwidth(line) <= WIDTH, (kind, line)
        assert "\x1b" not in out and "\x9b" not in out, (kind, fmt)
        assert "[31m" not in out and "]8;;" not in out and "2J" not in out, (kind, fmt)
        found = CONTROL.findall(out.replace("\t", "") if fmt != "text" else out)
        assert not found, (kind, fmt, found[:5])
        assert "ROUGE" in out or kind in ("tfpb",), (kind, fmt)  # the words themselves stay


def test_text_is_plain_utf8_with_a_final_newline_and_no_trailing_spaces(shipped):
    for kind in KINDS:
        out = export(shipped, kind, Filtres(), "text", now=NOW)
        text = out.decode("utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert "\u00a0" not in text and "\u202f" not in text  # plain spaces survive e-mail
        assert all(line == line.rstrip() for line in text.split("\n"))
        assert unicodedata.is_normalized("NFC", text)


def test_header_line_says_what_is_covered_and_when(mini):
    out = export(mini.load(), "financements", Filtres(secteur="centre"), "text", now=NOW).decode()
    head = out.split("\n\n")[0].replace("\n", " ")
    assert head == ("Synthèse des financements — programmation 2019 — secteur : Centre — "
                    "faite le 25/11/2026 à 18:40")


def test_french_numbers(shipped):
    out = export(shipped, "financements", Filtres(), "text", now=NOW).decode()
    assert "3 192 253 €" in out and "14,2 %" in out
    assert not re.search(r"\d,\d{3}\b €", out)  # no English thousands separator


# --- the writer's parts --------------------------------------------------------


def test_wrap_keeps_numbers_and_guillemets_whole():
    text = glue("la C.A. a engagé 155 000 € soit 100,0 % de « son enveloppe » : " * 6)
    lines = wrap(text, 40)
    assert all(cwidth(line) <= 40 for line in lines)
    joined = "\n".join(lines)
    assert "155\n" not in joined and "\n000" not in joined and "\n€" not in joined and "\n%" not in joined
    assert "«\n" not in joined and "\n»" not in joined and "\n:" not in joined


def test_wrap_cuts_words_longer_than_a_line_and_counts_wide_characters_twice():
    assert wrap("a" * 100, 30) == ["a" * 30, "a" * 30, "a" * 30, "a" * 10]
    lines = wrap("漢" * 50, 30)
    assert all(cwidth(line) <= 30 for line in lines) and "".join(lines) == "漢" * 50


def test_para_wraps_bullets_with_a_hanging_indent_and_aligns_pipe_tables():
    lines = para("- " + "mot " * 30 + "\n\n| Entrée | Sortie\n2019 | 28 | 22\nStage | 10 | 7")
    assert lines[0].startswith("- mot") and lines[1].startswith("  mot")
    assert "  Entrée  Sortie" in "\n".join(lines)
    assert any(re.fullmatch(r"Stage\s+10\s+7", line) for line in lines)


def test_a_table_too_wide_is_split_and_repeats_its_first_column():
    columns = (Column("Secteur"), *(Column(f"Financeur {i}", EUROS) for i in range(8)))
    rows = (("Saint-Pierre / La Milliaire", *([1234567] * 8)),)
    lines = table(Table("Large", columns, rows))
    assert all(cwidth(line) <= WIDTH for line in lines)
    assert "Large (suite)" in lines
    assert sum(line.startswith("Saint-Pierre") for line in lines) >= 2


def test_table_cells_are_formatted_by_kind():
    lines = table(Table("", (Column("A"), Column("N", INT), Column("P", PCT), Column("S", SHARE)),
                        (("x", 1234, 0.115, (5000, 0.115)), ("y", None, None, (400, 0.092)))))
    text = "\n".join(lines)
    assert "1 234" in text and "11,5 %" in text and "5 000 € (11,5 %)" in text and "400 €  (9,2 %)" in text
    assert "—" in text  # a missing figure


# --- clean -----------------------------------------------------------------------


@pytest.mark.parametrize("raw,text_out,data_out", [
    ("a\x1b[31mrouge\x1b[0m b", "arouge b", "arouge b"),
    ("x\x1b]8;;http://e\x07lien\x1b]8;;\x1b\\y", "xlieny", "xlieny"),
    ("tab\tici\r\nligne\rfin", "tab ici\nligne\nfin", "tab\tici\nligne\nfin"),
    ("bidi\u202eevil\u2066x\u2069", "bidievilx", "bidievilx"),
    ("nul\x00cloche\x07 del\x7f c1\x85\x9b2J", "nulcloche del c1", "nulcloche del c1"),
    ("e\u0301té", "été", "été"),
    ("a\x9dtexte sans fin", "atexte sans fin", "atexte sans fin"),
    ("ligne\u2028suivante", "ligne\nsuivante", "ligne\nsuivante"),
    ("Côte des Roses « 43 655 € »", "Côte des Roses « 43 655 € »", "Côte des Roses « 43 655 € »"),
])
def test_clean(raw, text_out, data_out):
    assert clean(raw) == text_out
    assert clean(raw, tabs=False) == data_out


def test_one_line():
    assert one_line(" a\n\nb\t c  ") == "a b c"
