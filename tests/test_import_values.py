"""The importer's pure parts: French amounts, header spellings, CSV dialects."""

from __future__ import annotations

import pytest

from conftest import DATA, DataDir
from pvtui.imports.columns import Correspondance, field_of
from pvtui.imports.sheet import read_csv
from pvtui.imports.values import CellError, amount, codes, norm, statut


@pytest.mark.parametrize("cell, expected", [
    ("43 655", 43655), ("43\u202f655,50 €", 43655.5), ("43655.5", 43655.5), ("1.234,50", 1234.5),
    ("1,234.50", 1234.5), (43655.0, 43655), (5000, 5000), ("", None), (None, None), ("0", 0),
    ("1.234.567", 1234567), ("12 000 EUR", 12000),
])
def test_french_amounts(cell, expected):
    assert amount(cell) == expected


@pytest.mark.parametrize("cell", ["beaucoup", "-5", "=A1+B1", "12 000 $", True, "1,2,3"])
def test_what_is_not_an_amount_is_said(cell):
    with pytest.raises(CellError):
        amount(cell)


def test_codes_statut_and_norm():
    assert codes("I-H, i-f-1; III-B") == ("I-H", "I-F-1", "III-B")
    assert statut("renouvellement depuis 2016") == ("renouvellement", 2016)
    assert statut("Nouvelle action") == ("nouvelle", None)
    assert norm("Coût total de l’Action (€)") == "cout total de l action"


@pytest.mark.parametrize("header, field", [
    ("Montant CA", "financeur:capft"), ("Subvention Ville de Yutz", "financeur:yutz"),
    ("Coût total de l’action", "cout_total"), ("COUT TOTAL (€)", "cout_total"), ("État (€)", "financeur:etat"),
    ("Thionville (€)", "financeur:thionville"), ("C.A. (€)", "financeur:capft"), ("Intitulé de l'action", "titre"),
    ("Raison sociale longue", "porteur"), ("Numéro de l’action Prj", "numero_dauphin"),
    ("Mt engagé", "financeur:etat"), ("Sous-thèmes", ""), ("Couleur préférée", None),
])
def test_built_in_header_spellings(header, field):
    referentiel = DataDir(DATA).load().referentiel
    assert field_of(header, referentiel, Correspondance()) == field


@pytest.mark.parametrize("raw, delimiter, encoding", [
    ("Titre;Coût\r\nCafé;1 000,50\r\n".encode("utf-8-sig"), ";", "UTF-8 avec BOM"),
    ('Titre,Coût\nCafé,"1 000,50"\n'.encode("utf-8"), ",", "UTF-8"),
    ("Titre\tCoût\r\nCafé\t1 000,50\r\n".encode("cp1252"), "\t", "Windows-1252"),
])
def test_csv_dialects_and_encodings(raw, delimiter, encoding):
    sheet = read_csv(raw, "p.csv")
    assert (sheet.delimiter, sheet.encoding) == (delimiter, encoding)
    assert sheet.rows == (("Titre", "Coût"), ("Café", "1 000,50"))


def test_a_date_is_never_read_as_a_year_or_an_amount():
    import datetime as dt

    from pvtui.imports.values import text, year

    for cell in (dt.date(1905, 7, 18), dt.datetime(2026, 1, 15), "15/01/2026", "2026-01-15"):
        with pytest.raises(CellError, match="est une date, pas une année"):
            year(cell)
        with pytest.raises(CellError, match="est une date, pas un montant"):
            amount(cell)
    assert text(dt.date(1905, 7, 18)) == "18/07/1905" and year("2026") == 2026


def test_excels_unicode_text_utf16_with_tabs_is_read_and_a_binary_file_is_refused():
    from pvtui.imports.sheet import SheetError

    raw = "Titre\tCoût\r\nCafé\t1 000,50\r\n".encode("utf-16")  # « Texte Unicode » of Excel: BOM, UTF-16 LE
    sheet = read_csv(raw, "p.txt")
    assert (sheet.delimiter, sheet.encoding) == ("\t", "UTF-16")
    assert sheet.rows == (("Titre", "Coût"), ("Café", "1 000,50"))
    with pytest.raises(SheetError, match="ce n'est pas un fichier texte"):
        read_csv(b"PK\x03\x04\x00\x00binary", "p.csv")
