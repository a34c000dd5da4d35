"""`pvtui import`: spreadsheets written by the tests, in every format, previewed then applied.

Each test starts from a folder made by `pvtui init` whose referentials the
team has filled (the shipped ones, copied), as the README tells a team to.
"""

from __future__ import annotations

import json
import shutil
import time

import pytest

from conftest import DATA, DataDir, run_pvtui, tree_hash
from sheets import Formula, write_csv, write_ods, write_xlsx

HEADER = ["Intitulé de l’action", "Porteur", "Secteur", "Année", "Coût total de l'action",
          "Montant CA", "Subvention État", "Subvention Ville de Yutz", "Objectifs"]
ROWS = [
    ["Salon-atelier", "Société Beaux-Arts de Lorraine", "Intercommunal", 2026, "43 655", "5 000", "4000", None, "I-I"],
    ["Café associatif", "C.L.C.V.", "Terrasses des Provinces", "2026", "12 000,50 €", None, "1 500", "2500", "I-E, I-I-2"],
    ["Accompagnement à la scolarité", "AFEV", "Côte des Roses", 2026, 30000, 10000, 0, None, ""],
]


@pytest.fixture
def contrat(tmp_path) -> DataDir:
    return new_contrat(tmp_path)


def new_contrat(tmp_path) -> DataDir:
    """A folder made by `pvtui init` whose referentials the team has filled."""
    root = tmp_path / "contrat"
    assert run_pvtui("init", str(root), "--annee", "2026").returncode == 0
    for name in ("financeurs", "secteurs", "objectifs"):
        shutil.copy(DATA / "referentiel" / f"{name}.toml", root / "referentiel" / f"{name}.toml")
    (root / "programmations" / "2026.toml").write_text("annee = 2026\ncontrat = \"Contrat de ville test\"\n"
                                                      "periode = \"2024-2030\"\n", "utf-8")
    return DataDir(root)


def _import(contrat: DataDir, sheet, *args: str):
    return run_pvtui("import", str(sheet), str(contrat.root), *args)


def _created(stdout: str) -> list[str]:
    return sorted(line.split(" — ")[1] for line in stdout.splitlines() if ": créée — " in line)


def _errors(contrat: DataDir) -> list[dict]:
    result = run_pvtui("check", str(contrat.root), "--format", "json")
    return [p for p in json.loads(result.stdout) if p["niveau"] == "erreur"]


def _sheet(kind: str, tmp_path, rows, **kw):
    path = tmp_path / f"programmation.{ 'csv' if kind.startswith('csv') else kind}"
    if kind == "xlsx":
        return write_xlsx(path, rows, **kw)
    if kind == "ods":
        return write_ods(path, rows, **kw)
    dialect = {"csv-semicolon-bom": (";", "utf-8-sig"), "csv-comma-utf8": (",", "utf-8"),
               "csv-tab-cp1252": ("\t", "cp1252"), "csv-semicolon-cp1252": (";", "cp1252"),
               "csv-tab-utf16": ("\t", "utf-16")}[kind]
    return write_csv(path, rows, *dialect)


FORMATS = ["csv-semicolon-bom", "csv-comma-utf8", "csv-tab-cp1252", "csv-semicolon-cp1252", "xlsx", "ods"]


@pytest.mark.parametrize("kind", FORMATS)
def test_preview_writes_nothing_then_apply_creates_what_it_listed_then_nothing(kind, contrat, tmp_path):
    sheet = _sheet(kind, tmp_path, [HEADER, *ROWS])
    before = tree_hash(contrat.root)
    preview = _import(contrat, sheet)
    assert preview.returncode == 0, preview.stderr
    assert tree_hash(contrat.root) == before, "the preview wrote something"
    listed = _created(preview.stdout)
    assert len(listed) == 3 and "Rien n'a été écrit" in preview.stdout
    applied = _import(contrat, sheet, "--appliquer")
    assert applied.returncode == 0, applied.stderr
    after = tree_hash(contrat.root)
    new = sorted(rel for rel in after.keys() - before.keys() if rel.startswith("actions/"))
    assert new == listed
    loaded = contrat.load()
    cafe = next(a for a in loaded.actions if a.titre == "Café associatif")
    assert (cafe.porteur, cafe.secteur, cafe.annee, cafe.cout_total) == ("C.L.C.V.", "terrasses-des-provinces", 2026, 12000.5)
    assert cafe.financement == {"etat": 1500, "yutz": 2500} and cafe.objectifs == ("I-E", "I-I-2")
    salon = next(a for a in loaded.actions if a.titre == "Salon-atelier")
    assert salon.financement == {"capft": 5000, "etat": 4000} and salon.cout_total == 43655
    again = _import(contrat, sheet, "--appliquer")
    assert "0 créée, 0 modifiée, 3 inchangées" in again.stdout
    assert tree_hash(contrat.root) == after, "a second import changed something"
    assert _errors(contrat) == []


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv-semicolon-bom"])
def test_hostile_sheet_title_rows_merged_headers_formulas_totals_blanks_duplicates(kind, contrat, tmp_path):
    rows = [
        ["Programmation politique de la ville 2026", None, None, None, None, None, None, None, None],
        [None, None, None, None, None, "Subventions", None, None, None],
        HEADER,
        ROWS[0][:5] + [Formula("=2000+3000", 5000), "4000", None, "I-I"],
        [None] * 9,
        ROWS[1],
        ROWS[1],  # the same row twice
        ["Mobilité", "AFEV", "Intercommunal", 2026, "beaucoup", 1000, None, None, None],  # wrong type
        ["Je monte ma boîte", "BGE", "Lune", 2026, 5000, 1000, None, None, None],  # unknown sector
        ["Total", None, None, None, Formula("=SUM(E4:E8)", 85655), Formula("=SUM(F4:F8)", 6000), None, None, None],
    ]
    sheet = _sheet(kind, tmp_path, rows, **({"merged": ("A1:I1", "F2:H2")} if kind != "csv-semicolon-bom" else {}))
    before = tree_hash(contrat.root)
    preview = _import(contrat, sheet)
    assert preview.returncode == 0, preview.stderr
    assert tree_hash(contrat.root) == before
    out = preview.stdout
    assert "ligne d'en-têtes : 3" in out
    assert "ligne 7 : ignorée — ligne 7 : doublon de la ligne 6" in out
    assert "ligne 8 : ignorée — ligne 8, colonne E « Coût total de l'action » : « beaucoup » n'est pas un montant" in out
    assert "ligne 9 : ignorée — ligne 9, colonne C « Secteur » : secteur inconnu « Lune »" in out
    assert "ligne 10 : ignorée — ligne 10 : ligne de total" in out
    assert "2 créées, 0 modifiée, 0 inchangée, 4 ignorées" in out
    listed = _created(out)
    _import(contrat, sheet, "--appliquer")
    assert sorted(r for r in tree_hash(contrat.root).keys() - before.keys() if r.startswith("actions/")) == listed
    assert next(a for a in contrat.load().actions if a.titre == "Salon-atelier").financement["capft"] == 5000
    assert _errors(contrat) == []


def test_a_header_in_the_second_row_and_a_formula_without_value_is_reported(contrat, tmp_path):
    sheet = write_csv(tmp_path / "p.csv", [["Export du 12/01"], HEADER,
                                           ["Salon", "SBAL", "Intercommunal", 2026, "=B2*2", 1, None, None, None]])
    out = _import(contrat, sheet).stdout
    assert "ligne d'en-têtes : 2" in out
    assert "ligne 3, colonne E « Coût total de l'action » : formule « =B2*2 » sans valeur calculée" in out


def test_an_update_is_listed_field_by_field_and_applied_through_the_workspace(contrat, tmp_path):
    sheet = _sheet("xlsx", tmp_path, [HEADER, *ROWS])
    _import(contrat, sheet, "--appliquer")
    changed = [HEADER, ROWS[0][:4] + ["45 000", "6 000", "4000", None, "I-I"], *ROWS[1:]]
    sheet = _sheet("xlsx", tmp_path, changed)
    before = tree_hash(contrat.root)
    out = _import(contrat, sheet).stdout
    assert "ligne 2 : modifiée — actions/salon-atelier.toml" in out
    assert "    cout_total : 43655 -> 45000" in out and "    financements.capft : 5000 -> 6000" in out
    assert "1 modifiée, 2 inchangées" in out
    assert tree_hash(contrat.root) == before
    _import(contrat, sheet, "--appliquer")
    salon = contrat.load().action("salon-atelier")
    assert salon.cout_total == 45000 and salon.financement == {"capft": 6000, "etat": 4000}
    assert "0 modifiée, 3 inchangées" in _import(contrat, sheet).stdout


def test_a_correspondence_file_names_a_teams_own_columns_sectors_and_defaults(contrat, tmp_path):
    table = tmp_path / "colonnes.toml"
    table.write_text('[colonnes]\n"Nom du projet" = "titre"\n"Asso" = "porteur"\n"Où" = "secteur"\n'
                     '"Budget prévisionnel" = "cout_total"\n"Part agglo" = "financeur:capft"\n"Remarques" = ""\n'
                     '[secteurs]\n"QPV Côte" = "cote-des-roses"\n[defauts]\nannee = 2026\n', "utf-8")
    sheet = write_csv(tmp_path / "p.csv", [["Nom du projet", "Asso", "Où", "Budget prévisionnel", "Part agglo", "Remarques"],
                                           ["Atelier vélo", "Vélo Cité", "QPV Côte", "8 000", "2 000", "à revoir"]])
    result = _import(contrat, sheet, "--correspondance", str(table), "--appliquer")
    assert result.returncode == 0, result.stderr
    velo = contrat.load().action("atelier-velo")
    assert (velo.porteur, velo.secteur, velo.annee, velo.cout_total, velo.financement) == (
        "Vélo Cité", "cote-des-roses", 2026, 8000, {"capft": 2000})
    assert "Colonne ignorée" not in result.stdout


def test_a_bad_correspondence_file_or_sheet_changes_nothing_and_says_where(contrat, tmp_path):
    table = tmp_path / "colonnes.toml"
    table.write_text('[colonnes]\n"Nom" = "intitule"\n', "utf-8")
    sheet = write_csv(tmp_path / "p.csv", [HEADER, *ROWS])
    before = tree_hash(contrat.root)
    result = _import(contrat, sheet, "--correspondance", str(table), "--appliquer")
    assert result.returncode == 2
    assert str(table) in result.stderr and "« intitule » : champ inconnu" in result.stderr
    assert "rien n'a été écrit" in result.stderr
    nothing = write_csv(tmp_path / "rien.csv", [["a", "b"], [1, 2]])
    result = _import(contrat, nothing, "--appliquer")
    assert result.returncode == 2 and "aucune ligne d'en-têtes" in result.stderr and str(nothing) in result.stderr
    (tmp_path / "faux.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    result = _import(contrat, tmp_path / "faux.xlsx", "--appliquer")
    assert result.returncode == 2 and "faux.xlsx : classeur illisible" in result.stderr
    assert tree_hash(contrat.root) == before


def test_the_anct_open_data_file_keeps_the_dauphin_number_and_matches_on_it(contrat, tmp_path):
    header = ["Numéro de l’action Prj", "Libellé de l'action", "Raison sociale longue", "Type de tiers",
              "Code contrat ville", "Libellé contrat ville", "Thème", "Sous-thèmes", "Mt engagé", "Région"]
    row = ["2026-00123", "Ateliers sociolinguistiques", "ASSOCIATION ALPHA", "Association", "CV057",
           "Contrat de ville test", "Lien social", "Langue", "3 500", "Grand Est"]
    sheet = write_xlsx(tmp_path / "anct.xlsx", [header, row])
    table = tmp_path / "anct.toml"
    table.write_text("[defauts]\nannee = 2026\nsecteur = \"intercommunal\"\n", "utf-8")
    result = _import(contrat, sheet, "--correspondance", str(table), "--appliquer")
    assert result.returncode == 0, result.stderr
    action = contrat.load().action("ateliers-sociolinguistiques")
    assert (action.numero_dauphin, action.porteur, action.financement) == ("2026-00123", "ASSOCIATION ALPHA", {"etat": 3500})
    renamed = write_xlsx(tmp_path / "anct.xlsx", [header, [row[0], "Ateliers socio-linguistiques", *row[2:8], "4 000", row[9]]])
    out = _import(contrat, renamed, "--correspondance", str(table)).stdout
    assert "ligne 2 : modifiée — actions/ateliers-sociolinguistiques.toml" in out
    assert "titre : Ateliers sociolinguistiques -> Ateliers socio-linguistiques" in out
    assert "financements.etat : 3500 -> 4000" in out


def test_porteurs_are_matched_by_siret_name_alias_and_a_lookalike_is_to_be_confirmed(contrat, tmp_path):
    contrat.write("porteurs/apsis-emergence.toml", 'nom = "APSIS Emergence"\nsiret = "12345678900011"\n'
                  'aliases = ["A.P.S.I.S."]\n')
    rows = [["Titre", "Porteur", "SIRET", "Secteur", "Année", "Coût total"],
            ["Médiation", "Autre nom", "123 456 789 00011", "Intercommunal", 2026, 100],
            ["Écoute", "a.p.s.i.s", None, "Intercommunal", 2026, 100],
            ["Accueil", "APSIS Emergance", None, "Intercommunal", 2026, 100],
            ["Sport", "Club de foot", None, "Intercommunal", 2026, 100]]
    sheet = write_csv(tmp_path / "p.csv", rows)
    out = _import(contrat, sheet, "--appliquer").stdout
    assert out.count("à confirmer : porteur") == 1
    assert "« APSIS Emergance » : ressemble à « APSIS Emergence » (porteurs/apsis-emergence)" in out
    loaded = contrat.load()
    porteurs = {a.titre: a.porteur for a in loaded.actions}
    assert porteurs == {"Médiation": "APSIS Emergence", "Écoute": "APSIS Emergence",
                        "Accueil": "APSIS Emergance", "Sport": "Club de foot"}
    # The same porteur under another of its spellings changes nothing.
    again = write_csv(tmp_path / "p.csv", [rows[0], ["Médiation", "A.P.S.I.S.", None, "Intercommunal", 2026, 100]])
    assert "0 modifiée, 1 inchangée" in _import(contrat, again).stdout


def test_a_10000_row_file_is_previewed_in_seconds_and_writes_nothing(contrat, tmp_path):
    """The preview only: applying 10 000 creations takes ~50 s (one fsynced save each), measured by hand."""
    rows = [HEADER] + [[f"Action {n}", f"Association {n % 300}", "Intercommunal", 2026, 1000 + n, 500, None, None, "I-A"]
                       for n in range(10_000)]
    sheet = write_csv(tmp_path / "gros.csv", rows)
    before = tree_hash(contrat.root)
    start = time.perf_counter()
    preview = _import(contrat, sheet)
    elapsed = time.perf_counter() - start
    assert preview.returncode == 0 and "10 000 créées" in preview.stdout
    assert len(set(_created(preview.stdout))) == 10_000
    assert tree_hash(contrat.root) == before
    assert elapsed < 15, elapsed


def test_round_trip_export_csv_of_the_shipped_data_into_an_init_folder(contrat, tmp_path):
    exported = run_pvtui("export", "actions", str(DATA), "--format", "csv", "-o", str(tmp_path / "actions.csv"))
    assert exported.returncode == 0, exported.stderr
    root = tmp_path / "neuf"
    run_pvtui("init", str(root), "--annee", "2019")
    for name in ("financeurs", "secteurs", "objectifs"):  # the team fills its referentials
        shutil.copy(DATA / "referentiel" / f"{name}.toml", root / "referentiel" / f"{name}.toml")
    result = run_pvtui("import", str(tmp_path / "actions.csv"), str(root), "--appliquer")
    assert result.returncode == 0, result.stderr
    shipped, imported = DataDir(DATA).load(), DataDir(root).load()

    def essentials(data):
        return {a.id: (a.titre, data.porteur_nom(a), a.annee, a.secteur, a.statut, a.cout_total,
                       a.financement, a.objectifs) for a in data.actions}

    assert essentials(imported) == essentials(shipped)


def test_import_and_init_never_import_textual(contrat, tmp_path):
    sheet = write_csv(tmp_path / "p.csv", [HEADER, *ROWS])
    code = ("import sys; from pvtui.cli import main; "
            f"main(['import', {str(sheet)!r}, {str(contrat.root)!r}]); "
            f"main(['init', {str(tmp_path / 'autre')!r}]); "
            "assert 'textual' not in sys.modules, 'textual imported'")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_the_national_anct_file_is_filtered_to_ones_own_contract(contrat, tmp_path):
    header = ["Numéro de l'action Prj", "Libellé de l'action", "Raison sociale longue", "Code contrat ville",
              "Mt engagé"]
    sheet = write_csv(tmp_path / "anct.csv", [header, ["2026-1", "Ici", "ALPHA", "CV057019", "1 000"],
                                              ["2026-2", "Ailleurs", "BETA", "CV013001", "2 000"],
                                              ["2026-3", "Ici aussi", "GAMMA", "cv057019", "3 000"]])
    table = tmp_path / "anct.toml"
    table.write_text('[filtres]\n"Code contrat ville" = "CV057019"\n[defauts]\nannee = 2026\n'
                     'secteur = "intercommunal"\n', "utf-8")
    out = _import(contrat, sheet, "--correspondance", str(table)).stdout
    assert "ligne 3 : ignorée — ligne 3, colonne D « Code contrat ville » : hors du filtre (« CV013001 »)" in out
    assert "2 créées" in out
    table.write_text('[filtres]\n"Code du contrat" = "CV057019"\n', "utf-8")
    result = _import(contrat, sheet, "--correspondance", str(table))
    assert result.returncode == 2 and "« Code du contrat » : aucune colonne de ce nom" in result.stderr


def test_an_absurd_amount_is_refused_not_imported(contrat, tmp_path):
    sheet = write_xlsx(tmp_path / "p.xlsx", [HEADER, ROWS[0][:4] + [1e15, 5000, None, None, None]])
    out = _import(contrat, sheet).stdout
    assert "colonne E « Coût total de l'action » : montant invraisemblable" in out


def test_a_lookalike_porteur_is_confirmed_from_the_cli_by_the_correspondence_files_porteurs_table(contrat, tmp_path):
    contrat.write("porteurs/apsis-emergence.toml", 'nom = "APSIS Emergence"\n')
    sheet = write_csv(tmp_path / "p.csv", [["Titre", "Porteur", "Secteur", "Année", "Coût total"],
                                           ["Accueil", "APSIS Emergance", "Intercommunal", 2026, 100]])
    out = _import(contrat, sheet).stdout
    assert "ligne 2 : créée — actions/accueil.toml" in out
    assert ("à confirmer : porteur « APSIS Emergance » : ressemble à « APSIS Emergence » (porteurs/apsis-emergence)"
            in out)
    assert '[porteurs] "APSIS Emergance" = "apsis-emergence"' in out, "the preview says how to confirm it"
    assert "1 à confirmer" in out
    block = out[out.index("Pour confirmer depuis la ligne de commande"):]
    assert block.splitlines()[1:3] == ["[porteurs]", '"APSIS Emergance" = "apsis-emergence"  # ligne 2'], \
        "the lines to paste, once each"
    table = tmp_path / "colonnes.toml"
    table.write_text('[porteurs]                 # a spelling of the file = a porteur id\n'
                     '"APSIS Emergance" = "apsis-emergence"\n', "utf-8")
    before = tree_hash(contrat.root)
    result = _import(contrat, sheet, "--correspondance", str(table), "--appliquer")
    assert result.returncode == 0, result.stderr
    assert "à confirmer" not in result.stdout.replace("0 à confirmer", "")
    assert "porteur : APSIS Emergence" in result.stdout
    assert contrat.load().action("accueil").porteur == "APSIS Emergence", "a confirmed spelling counts as sure"
    after = tree_hash(contrat.root)
    assert {r for r in after.keys() - before.keys() if not r.startswith(".")} == {"actions/accueil.toml"}
    assert after["porteurs/apsis-emergence.toml"] == before["porteurs/apsis-emergence.toml"], "the record is untouched"
    assert "1 inchangée" in _import(contrat, sheet, "--correspondance", str(table)).stdout
    again = _import(contrat, sheet).stdout
    assert ("ligne 2 : ignorée — ligne 2 : actions/accueil.toml a déjà ce titre et cette année, sous le porteur "
            "« APSIS Emergence » : confirmez le porteur pour la mettre à jour") in again, "without the table, no twin"
    assert "1 à confirmer" in again


def test_a_porteurs_table_naming_no_record_is_refused_with_the_closest_id(contrat, tmp_path):
    contrat.write("porteurs/apsis-emergence.toml", 'nom = "APSIS Emergence"\n')
    sheet = write_csv(tmp_path / "p.csv", [["Titre", "Porteur", "Secteur", "Année", "Coût total"],
                                           ["Accueil", "APSIS Emergance", "Intercommunal", 2026, 100]])
    table = tmp_path / "colonnes.toml"
    table.write_text('[porteurs]\n"APSIS Emergance" = "apsis-emergense"\n', "utf-8")
    before = tree_hash(contrat.root)
    result = _import(contrat, sheet, "--correspondance", str(table), "--appliquer")
    assert result.returncode == 2
    assert (f"{table} : [porteurs] « APSIS Emergance » = « apsis-emergense » : aucun porteur de ce nom dans "
            "porteurs/ : vouliez-vous dire « apsis-emergence » ?") in result.stderr
    assert tree_hash(contrat.root) == before
