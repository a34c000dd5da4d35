"""CSV for a French spreadsheet, JSON with its documented keys, the rapport, speed."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import datetime

import pytest

from pvtui.export import FORMATS, KINDS, Filtres, export

NOW = datetime(2026, 11, 25, 18, 40)


@pytest.fixture
def shipped():
    import update_golden

    return update_golden.shipped()


def _tables(raw: bytes) -> tuple[str, dict[str, list[list[str]]]]:
    """The header line and the tables of a CSV export: title -> rows (header row first)."""
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, tables, current = rows[0][0], {}, None
    for previous, row in zip(rows, rows[1:]):
        if not row:
            current = None
        elif not previous and current is None:
            current = tables.setdefault(row[0], [])
        else:
            current.append(row)
    return header, tables


def test_csv_holds_titled_tables_separated_by_an_empty_row(mini):
    header, tables = _tables(export(mini.load(), "financements", Filtres(), "csv", now=NOW))
    assert header == "Synthèse des financements — programmation 2019 — faite le 25/11/2026 à 18:40"
    assert list(tables) == ["Programmation 2019", "Par financeur", "Par secteur et financeur",
                            "Par pilier et financeur", "Droit commun et crédits spécifiques",
                            "Coûts par secteur : déclarés au rapport et coûts des fiches"]
    by_funder = tables["Par financeur"]
    assert by_funder[0] == ["Financeur", "Actions", "Subventions (€)", "Part du coût (%)", "Enveloppe (€)",
                            "Reste (€)", "Engagé (%)"]
    assert by_funder[1] == ["C.A.", "3", "4500", "26,5", "10000", "5500", "45,0"]  # numbers a sheet can add


def test_csv_shares_take_two_columns_and_formulas_are_defused(mini):
    mini.edit("actions/alpha.toml", 'titre = "Atelier alpha"', 'titre = "=1+1 alpha"')
    _, tables = _tables(export(mini.load(), "fiche", Filtres(action="alpha"), "csv", now=NOW))
    money = tables["Répartition des subventions"]
    assert money[0] == ["Identifiant", "Titre", "Financeur", "Subvention (€)", "Subvention (%)"]
    assert money[1] == ["alpha", "'=1+1 alpha", "C.A.", "3000", "30,0"]


def test_every_kind_makes_valid_csv_and_json(mini):
    data = mini.load()
    for kind in KINDS:
        _, tables = _tables(export(data, kind, Filtres(), "csv", now=NOW))
        assert tables, kind
        doc = json.loads(export(data, kind, Filtres(), "json", now=NOW))
        assert (doc["export"], doc["annee"], doc["fait_le"]) == (kind, 2019, "2026-11-25T18:40")


def test_json_actions_keys(shipped):
    doc = json.loads(export(shipped, "actions", Filtres(), "json", now=NOW))
    assert len(doc["actions"]) == len(shipped.actions)
    salon = next(a for a in doc["actions"] if a["id"] == "salon-atelier")
    assert salon == {
        "id": "salon-atelier", "titre": "Salon-atelier", "porteur": "Société Beaux-Arts de Lorraine",
        "annee": 2019, "secteur": "intercommunal", "statut": None, "cout_total": 43655,
        "financements": {"capft": 5000, "etat": 4000}, "objectifs": ["I-I"], "piliers": ["I"],
    }


def test_json_tfpb_keys(shipped):
    doc = json.loads(export(shipped, "tfpb", Filtres(), "json", now=NOW))
    assert [b["nom"] for b in doc["bailleurs"]] == sorted(b.nom for b in shipped.bailleurs)
    batigere = next(b for b in doc["bailleurs"] if b["id"] == "batigere")
    cote = batigere["quartiers"][0]
    assert (cote["secteur"], cote["logements"], cote["abattement"]) == ("cote-des-roses", 474, 59163)
    assert cote["lignes"][0] == {"axe": "renforcement-presence", "axe_libelle": cote["lignes"][0]["axe_libelle"],
                                 "action": "Agents de médiation sociale", "realisee": 8648, "valorisee": 8648}
    assert (cote["realisee"], cote["valorisee"], cote["taux"]) == (122227, 59163, 0.484)
    assert doc["total"]["lignes"] == sum(len(q["lignes"]) for b in doc["bailleurs"] for q in b["quartiers"])


def test_rapport_holds_every_part_in_the_reports_order(shipped):
    text = export(shipped, "rapport", Filtres(), "text", now=NOW).decode()
    parts = ["1. Programmation financière", "2. Synthèse des actions subventionnées par financeur",
             "3. Fiches des actions", "4. Bénéficiaires", "5. Annexe : photographie des piliers",
             "6. Annexe : bilan de l'abattement de TFPB"]
    contents = text.index("Sommaire")
    assert all(text.index(p, contents) < text.index(p + "\n===") for p in parts)
    assert [text.index(p + "\n===") for p in parts] == sorted(text.index(p + "\n===") for p in parts)
    doc = json.loads(export(shipped, "rapport", Filtres(), "json", now=NOW))
    assert list(doc)[5:] == ["financements", "synthese", "fiches", "beneficiaires", "objectifs", "tfpb"]
    assert len(doc["fiches"]) == len(shipped.actions)


def test_rapport_is_fast_enough_for_a_live_preview(shipped):
    """The TUI previews exports as one types: well under 100 ms on the shipped data (lenient here)."""
    best = min(_timed(lambda: export(shipped, "rapport", Filtres(), "text", now=NOW)) for _ in range(3))
    assert best < 0.3


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def test_export_is_pure(shipped):
    """Same data, same filters, same time: same bytes, and the data is untouched."""
    before = repr(shipped.actions)
    for kind in KINDS:
        for fmt in FORMATS:
            assert export(shipped, kind, Filtres(), fmt, now=NOW) == export(shipped, kind, Filtres(), fmt, now=NOW)
    assert repr(shipped.actions) == before


def test_sparse_and_odd_records_still_export(mini):
    """Missing fields, an unknown funder or sector, no programmation: every export still works."""
    mini.write("actions/vide.toml", "annee = 2019\n")
    mini.write("actions/bizarre.toml", 'titre = "Bizarre"\nannee = 2019\nsecteur = "lune"\n'
                                       'objectifs = ["IX-Z", "I-A"]\n[financements]\nmecene = 300\n')
    mini.write("bailleurs/sans.toml", 'nom = "SANS"\nannee = 2019\n')
    mini.path("programmations/2019.toml").unlink()
    data = mini.load()
    for kind in KINDS:
        for fmt in FORMATS:
            out = export(data, kind, Filtres(), fmt, now=NOW)
            assert out, (kind, fmt)
    text = export(data, "financements", Filtres(), "text", now=NOW).decode()
    assert "mecene" in text and "secteur non renseigné" in text and "lune" in text


def test_tfpb_shows_the_reports_printed_total_beside_its_own(shipped):
    """The report's synthesis by axe leaves MOSELIS out: its printed total (a datum of the
    programmation's [declare.tfpb], never of the code) is shown under pvtui's own."""
    text = export(shipped, "tfpb", Filtres(), "text", now=NOW).decode()
    lines = [line.split() for line in text.splitlines()]
    ours = ["Total", "36", "347", "927", "€", "222", "920", "€", "64,1", "%"]
    printed = ["Total", "imprimé", "au", "rapport", "270", "256", "€", "204", "920", "€", "75,8", "%"]
    assert lines.index(printed) == lines.index(ours) + 1
    assert "MOSELIS" in text.split("Total imprimé au rapport")[1].split("\n\n")[1]  # the note says why
    doc = json.loads(export(shipped, "tfpb", Filtres(), "json", now=NOW))
    assert doc["declare"]["realisee"] == 270256 and doc["declare"]["valorisee"] == 204920
    assert doc["declare"]["taux"] == 0.7582
    # One bailleur's synthesis is not the report's: nothing to compare it with.
    assert "imprimé" not in export(shipped, "tfpb", Filtres(bailleur="oph"), "text", now=NOW).decode()
    assert json.loads(export(shipped, "tfpb", Filtres(bailleur="oph"), "json", now=NOW))["declare"] is None
