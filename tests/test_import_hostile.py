"""Ugly real-life spreadsheets, in the six formats: each oddity reported with its row and column, nothing
guessed silently, and importing twice changes nothing.

One corpus written as CSV (`;` with BOM, `,` in UTF-8, tab and `;` in cp1252), XLSX and ODS: a title row and
a merged group header above the header row, amounts typed as text, formulas, dates as cells, columns no
rule names, blank lines, a repeated header row (a printed export), duplicates, totals.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import tree_hash
from sheets import Formula, write_ods, write_xlsx
from test_import import FORMATS, _created, _errors, _import, _sheet, new_contrat

HEADER = ["Intitulé de l’action", "Porteur", "Secteur", "Année", "Coût total de l'action", "Montant CA",
          "Subvention État", "Subvention Ville de Yutz", "Objectifs", "Date de dépôt", "Référent"]
DEPOSE = dt.date(2026, 1, 15)


@pytest.fixture
def contrat(tmp_path):
    return new_contrat(tmp_path)


CORPUS = [
    ["Programmation politique de la ville 2026 — document de travail"] + [None] * 10,         # 1 title
    [None] * 5 + ["Subventions demandées", None, None] + [None] * 3,                          # 2 merged group
    HEADER,                                                                                   # 3
    ["Salon-atelier", "Société Beaux-Arts de Lorraine", "Intercommunal", 2026, "43 655,50 €",
     Formula("=2000+3000", 5000), "4 000 €", None, "I-I", DEPOSE, "Mme Dupont", "à relancer"],  # 4, L: no header
    [None] * 11,                                                                              # 5 blank
    ["Café associatif", "C.L.C.V.", "Terrasses des Provinces", "2026", "12\u00a0000", None, "1\u00a0500",
     "2 500,00", "I-E, I-I-2", None, None],                                                   # 6
    ["Café associatif", "C.L.C.V.", "Terrasses des Provinces", "2026", "12\u00a0000", None, "1\u00a0500",
     "2 500,00", "I-E, I-I-2", None, None],                                                   # 7 duplicate
    HEADER,                                                                                   # 8 header again
    ["Mobilité", "AFEV", "Intercommunal", 2026, DEPOSE, 1000, None, None, None, None, None],  # 9 date as amount
    ["Jardins", "AFEV", "Intercommunal", DEPOSE, 3000, 1000, None, None, None, None, None],   # 10 date as year
    ["Chantier", "AFEV", "Intercommunal", 2026, 3000, "mille", None, None, None, None, None],  # 11 text amount
    ["Je monte ma boîte", "BGE", "Lune", 2026, 5000, 1000, None, None, None, None, None],      # 12 unknown sector
    [None] * 11,                                                                              # 13 blank
    ["Total", None, None, None, Formula("=SUM(E4:E12)", 99999), Formula("=SUM(F4:F12)", 8000), None, None,
     None, None, None],                                                                       # 14 total
    ["Ateliers", "AFEV", "Intercommunal", 2026, 3000, Formula("=F3/0", "#DIV/0!"), None, None, None, None,
     None],                                                                                   # 15 an error
]


@pytest.mark.parametrize("kind", [*FORMATS, "csv-tab-utf16"])  # and Excel's « Texte Unicode »
def test_a_hostile_sheet_reports_each_oddity_with_row_and_column_then_imports_once(kind, contrat, tmp_path):
    merged = {"merged": ("A1:K1", "F2:H2")} if kind in ("xlsx", "ods") else {}
    sheet = _sheet(kind, tmp_path, CORPUS, **merged)
    before = tree_hash(contrat.root)
    preview = _import(contrat, sheet)
    assert preview.returncode == 0, preview.stderr
    assert tree_hash(contrat.root) == before, "the preview wrote something"
    out = preview.stdout
    expected = [
        "ligne d'en-têtes : 3",
        "Colonne ignorée : colonne J « Date de dépôt » (inconnue",
        "Colonne ignorée : colonne K « Référent » (inconnue",
        "Colonne ignorée : colonne L, sans en-tête (1 cellule remplie, ligne 4)",
        "ligne 7 : ignorée — ligne 7 : doublon de la ligne 6",
        "ligne 8 : ignorée — ligne 8 : ligne d'en-têtes répétée",
        "ligne 9 : ignorée — ligne 9, colonne E « Coût total de l'action » : « 15/01/2026 » est une date, "
        "pas un montant",
        "ligne 10 : ignorée — ligne 10, colonne D « Année » : « 15/01/2026 » est une date, pas une année",
        "ligne 11 : ignorée — ligne 11, colonne F « Montant CA » : « mille » n'est pas un montant",
        "ligne 12 : ignorée — ligne 12, colonne C « Secteur » : secteur inconnu « Lune »",
        "ligne 14 : ignorée — ligne 14 : ligne de total",
        "ligne 15 : ignorée — ligne 15, colonne F « Montant CA » : erreur « #DIV/0! » d'une formule : "
        "corrigez-la dans le tableur",
        "Lignes vides passées : 5, 13",
        "Bilan : 2 créées, 0 modifiée, 0 inchangée, 8 ignorées, 0 à confirmer.",
    ]
    for line in expected:
        assert line in out, f"{line!r} not in the preview:\n{out}"
    listed = _created(out)
    assert listed == ["actions/cafe-associatif.toml", "actions/salon-atelier.toml"]
    applied = _import(contrat, sheet, "--appliquer")
    assert applied.returncode == 0, applied.stderr
    after = tree_hash(contrat.root)
    assert sorted(r for r in after.keys() - before.keys() if r.startswith("actions/")) == listed
    loaded = contrat.load()
    salon, cafe = loaded.action("salon-atelier"), loaded.action("cafe-associatif")
    assert (salon.cout_total, salon.financement) == (43655.5, {"capft": 5000, "etat": 4000})
    assert (cafe.cout_total, cafe.financement, cafe.annee) == (12000, {"etat": 1500, "yutz": 2500}, 2026)
    again = _import(contrat, sheet, "--appliquer")
    assert "Bilan : 0 créée, 0 modifiée, 2 inchangées, 8 ignorées" in again.stdout
    assert tree_hash(contrat.root) == after, "a second import changed something"
    assert _errors(contrat) == []


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv-semicolon-bom"])
def test_a_formula_saved_without_its_value_is_reported_not_read_as_empty(kind, contrat, tmp_path):
    """Files written by scripts keep the formula and no value: read as empty, the subsidy would vanish."""
    rows = [HEADER[:9], ["Salon-atelier", "SBAL", "Intercommunal", 2026, 10000, Formula("=B9*2", None), None,
                         None, None]]
    out = _import(contrat, _sheet(kind, tmp_path, rows)).stdout
    assert ("ligne 2 : ignorée — ligne 2, colonne F « Montant CA » : formule « =B9*2 » sans valeur calculée"
            in out), out


def test_a_formula_without_value_in_a_text_column_is_reported_too(contrat, tmp_path):
    rows = [HEADER[:9], [Formula("=A1", None), "SBAL", "Intercommunal", 2026, 10000, 100, None, None, None]]
    out = _import(contrat, write_xlsx(tmp_path / "p.xlsx", rows)).stdout
    assert "ligne 2 : ignorée — ligne 2, colonne A « Intitulé de l’action » : formule « =A1 » sans valeur" in out


@pytest.mark.parametrize("write", [write_xlsx, write_ods], ids=["xlsx", "ods"])
def test_a_workbook_starting_with_a_notice_and_a_synthesis_is_read_on_its_programmation_sheet(write, contrat,
                                                                                            tmp_path):
    notice = [["Mode d'emploi : une ligne par action, montants en euros"], ["Contact : service politique de la ville"]]
    synthese = [["Financeur", "Total"], ["CA", Formula("=SUM(Programmation!F:F)", 5000)]]
    path = tmp_path / f"classeur.{'xlsx' if write is write_xlsx else 'ods'}"
    sheet = write(path, [HEADER[:9], CORPUS[3][:9]], before=(("Notice", notice), ("Synthèse", synthese)))
    out = _import(contrat, sheet).stdout
    assert "(feuille « Programmation »)" in out and "ligne 2 : créée — actions/salon-atelier.toml" in out, out
    only_notes = write(path, notice, sheet="Notes", before=(("Notice", notice),))
    result = _import(contrat, only_notes)
    assert result.returncode == 2
    assert "aucune ligne d'en-têtes trouvée dans les 30 premières lignes des feuilles « Notice », « Notes »" in \
        result.stderr


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv-semicolon-bom"])
def test_a_header_on_two_rows_a_group_over_the_funders_names_is_read_whole(kind, contrat, tmp_path):
    """« Subventions » merged over three columns, the funders named in the row below: the amounts are read."""
    rows = [["Programmation 2026"] + [None] * 7,
            ["Intitulé de l'action", "Porteur", "Secteur", "Année", "Coût total", "Subventions", None, None],
            [None] * 5 + ["CA", "État", "Ville de Yutz"],
            ["Salon-atelier", "SBAL", "Intercommunal", 2026, 10000, 5000, "4 000", None]]
    merged = {"merged": ("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:H2")} if kind != "csv-semicolon-bom" else {}
    out = _import(contrat, _sheet(kind, tmp_path, rows, **merged), "--appliquer").stdout
    assert "lignes d'en-têtes : 2 et 3" in out and "Colonne ignorée" not in out, out
    assert "H « Ville de Yutz » → subvention yutz" in out
    assert contrat.load().action("salon-atelier").financement == {"capft": 5000, "etat": 4000}
