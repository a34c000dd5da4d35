"""`pvtui check`: one broken file per rule, the French message it gets, on the right line.

The `mini` fixture is clean, so each test breaks one thing and expects
exactly the problems that thing causes, no more. Lines are found in the
broken file's text (the line holding the broken value), not hard-coded.
"""

from __future__ import annotations

import json

import pytest
from conftest import run_pvtui

from pvtui.domain.problem import AVERTISSEMENT, ERREUR, Problem, locate

A = "actions/alpha.toml"
B = "actions/beta.toml"
H = "bailleurs/habitat.toml"
P = "programmations/2019.toml"


def found(mini) -> set[tuple[str, int, str, str]]:
    return {(p.path, p.line, p.niveau, p.message) for p in mini.check()}


def test_the_fixture_is_clean(mini):
    assert mini.check() == []


# --- one rule at a time ------------------------------------------------------


def test_required_field_missing(mini):
    mini.edit(A, 'porteur = "Association A"\n', "")
    mini.edit("bailleurs/logis.toml", 'nom = "LOGIS"\n', "")
    assert found(mini) == {
        (A, 1, ERREUR, "champ obligatoire manquant : porteur"),
        ("bailleurs/logis.toml", 1, ERREUR, "champ obligatoire manquant : nom"),
    }


def test_negative_cost_is_one_error_not_a_cascade(mini):
    # delta's sector is not among the declared ones: the cost is checked alone.
    D = "actions/delta.toml"
    mini.edit(D, "cout_total = 2000", "cout_total = -2000")
    assert found(mini) == {
        (D, mini.line_of(D, "cout_total"), ERREUR, "cout_total doit être un montant positif ou nul (lu : -2000)"),
    }


def test_negative_subsidy(mini):
    mini.edit(A, "etat = 2000", "etat = -2000")
    assert found(mini) == {
        (A, mini.line_of(A, "etat = -2000"), ERREUR,
         "la subvention etat doit être un montant positif ou nul (lu : -2000)"),
    }


def test_amount_that_is_not_a_number(mini):
    mini.edit("actions/delta.toml", "capft = 500", 'capft = "cinq cents"')
    assert found(mini) == {
        ("actions/delta.toml", mini.line_of("actions/delta.toml", "capft"), ERREUR,
         "« capft » doit être un montant en euros (nombre)"),
    }


def test_absurd_amount(mini):
    mini.edit("actions/delta.toml", "cout_total = 2000", "cout_total = 2000000000000000")
    assert found(mini) == {
        ("actions/delta.toml", mini.line_of("actions/delta.toml", "cout_total"), ERREUR,
         "cout_total est invraisemblable (lu : 2e+15) : vérifiez la saisie"),
    }


def test_subsidy_above_total_cost(mini):
    mini.edit(B, "capft = 1000", "capft = 6000")
    # 6 000 alone is above the 5 000 cost, and so is 6 000 + 2 500 = 8 500.
    assert found(mini) == {
        (B, mini.line_of(B, "capft = 6000"), ERREUR, "la subvention capft (6 000 €) dépasse le coût total (5 000 €)"),
        (B, mini.line_of(B, "[financements]"), ERREUR,
         "la somme des subventions (8 500 €) dépasse le coût total (5 000 €)"),
    }


def test_sum_of_subsidies_above_total_cost(mini):
    mini.edit(B, "capft = 1000", "capft = 3000")
    assert found(mini) == {
        (B, mini.line_of(B, "[financements]"), ERREUR,
         "la somme des subventions (5 500 €) dépasse le coût total (5 000 €)"),
    }


def test_unknown_funder_with_suggestion(mini):
    mini.edit(A, "capft = 3000", "cpaft = 3000")
    assert found(mini) == {
        (A, mini.line_of(A, "cpaft"), ERREUR, "financeur inconnu « cpaft » : vouliez-vous dire « capft » ?"),
    }


def test_unknown_sector_with_suggestion(mini):
    D = "actions/delta.toml"
    mini.edit(D, 'secteur = "inter"', 'secteur = "intre"')
    assert found(mini) == {
        (D, mini.line_of(D, "secteur ="), ERREUR, "secteur inconnu « intre » : vouliez-vous dire « inter » ?"),
    }


def test_moving_an_action_out_of_a_declared_sector_is_seen_in_the_declared_total(mini):
    mini.edit(A, 'secteur = "centre"', 'secteur = "centr"')
    assert found(mini) == {
        (A, mini.line_of(A, "secteur ="), ERREUR, "secteur inconnu « centr » : vouliez-vous dire « centre » ?"),
        (P, mini.line_of(P, "[[declare.secteurs]]"), AVERTISSEMENT,
         "Centre : le rapport déclare 15 000 €, les fiches de ces secteurs font 5 000 € (1 fiche)"),
    }


def test_unknown_objective_points_at_the_code_itself(mini):
    mini.edit(A, '"III-A",', '"III-B-3",')
    assert found(mini) == {
        (A, mini.line_of(A, '"III-B-3"'), ERREUR,
         "objectif inconnu « III-B-3 » : vouliez-vous dire « III-B-2 » ?"),
    }


def test_unknown_axe_with_suggestion(mini):
    mini.edit(H, 'axe = "sur-entretien"', 'axe = "surentretien"')
    assert found(mini) == {
        (H, mini.line_of(H, '"surentretien"'), ERREUR,
         "axe TFPB inconnu « surentretien » : vouliez-vous dire « sur-entretien » ?"),
    }


def test_unknown_quartier_of_a_bailleur(mini):
    mini.edit(H, 'secteur = "nord"', 'secteur = "nrod"')
    assert found(mini) == {
        (H, mini.line_of(H, '"nrod"'), ERREUR, "quartier inconnu « nrod » : vouliez-vous dire « nord » ?"),
    }


def test_unknown_statut(mini):
    mini.edit(B, 'statut = "nouvelle"', 'statut = "nouveau"')
    assert found(mini) == {
        (B, mini.line_of(B, "statut"), ERREUR, "statut inconnu « nouveau » : vouliez-vous dire « nouvelle » ?"),
    }


def test_duplicate_action(mini):
    # The copy sorts after the original, so it is the one flagged; it also
    # adds its cost to the declared "Centre" sector.
    mini.write("actions/zeta.toml", mini.read(A))
    assert found(mini) == {
        ("actions/zeta.toml", 1, ERREUR, "doublon : même titre, porteur et année que actions/alpha.toml"),
        (P, mini.line_of(P, "[[declare.secteurs]]"), AVERTISSEMENT,
         "Centre : le rapport déclare 15 000 €, les fiches de ces secteurs font 25 000 € (3 fiches)"),
    }


def test_duplicate_id_differing_only_by_case(mini):
    mini.write("actions/Alpha.toml", mini.read(A).replace("Atelier alpha", "Autre atelier"))
    problems = found(mini)
    assert ("actions/Alpha.toml", 1, ERREUR, "identifiant « alpha » en double") in problems
    assert (A, 1, ERREUR, "identifiant « alpha » en double") in problems
    assert any(p[0] == "actions/Alpha.toml" and "identifiant invalide « Alpha »" in p[3] for p in problems)


def test_funder_above_its_envelope(mini):
    # ville funds beta 2 500 and gamma 0.
    mini.edit(P, "ville = 5000", "ville = 2000")
    assert found(mini) == {
        (P, mini.line_of(P, "ville = 2000"), ERREUR, "ville : subventions 2019 (2 500 €) au-delà de l'enveloppe (2 000 €)"),
    }


def test_a_programmation_is_reported_in_the_file_it_came_from(mini):
    renamed = "programmations/programmation-2019.toml"
    mini.write(renamed, mini.read(P).replace("ville = 5000", "ville = 2000"))
    mini.path(P).unlink()
    assert found(mini) == {
        (renamed, mini.line_of(renamed, "ville = 2000"), ERREUR,
         "ville : subventions 2019 (2 500 €) au-delà de l'enveloppe (2 000 €)"),
    }


def test_two_programmations_of_one_year_are_reported_not_merged(mini):
    bis = "programmations/2019-bis.toml"  # sorts before 2019.toml: the one kept
    mini.write(bis, mini.read(P).replace("ville = 5000", "ville = 2000"))
    assert found(mini) == {
        (P, mini.line_of(P, "annee = 2019"), ERREUR,
         "programmation 2019 déjà lue dans programmations/2019-bis.toml : ce fichier est ignoré"),
        (bis, mini.line_of(bis, "ville = 2000"), ERREUR,
         "ville : subventions 2019 (2 500 €) au-delà de l'enveloppe (2 000 €)"),
    }


def test_beneficiary_rows_not_adding_up_to_the_total_row(mini):
    mini.edit(A, "hommes = 6", "hommes = 7")
    assert found(mini) == {
        (A, mini.line_of(A, "hommes = 7"), AVERTISSEMENT,
         "bénéficiaires : la somme des lignes (hommes = 6) ne fait pas le total imprimé (7)"),
    }


def test_beneficiary_row_whose_men_and_women_do_not_make_its_total(mini):
    mini.edit(A, "femmes = 3, total = 5", "femmes = 3, total = 6")
    assert found(mini) == {
        (A, mini.line_of(A, "total = 6"), AVERTISSEMENT,
         "bénéficiaires « 0 à 5 ans » : hommes + femmes = 5, total imprimé 6"),
        (A, mini.line_of(A, "total = 15", after="[beneficiaires_total]"), AVERTISSEMENT,
         "bénéficiaires : la somme des lignes (total = 16) ne fait pas le total imprimé (15)"),
    }


def test_beneficiaries_text_against_table(mini):
    mini.edit(A, "nombre_beneficiaires = 15", "nombre_beneficiaires = 25")
    assert found(mini) == {
        (A, mini.line_of(A, "nombre_beneficiaires"), AVERTISSEMENT,
         "bénéficiaires : le texte en annonce 25, le tableau en totalise 15"),
    }


def test_tfpb_valorisee_above_realisee(mini):
    mini.edit(H, "realisee = 4000, valorisee = 4000", "realisee = 4000, valorisee = 5000")
    assert found(mini) == {
        (H, mini.line_of(H, "valorisee = 5000"), ERREUR,
         "ligne « Portes de caves » : dépense valorisée (5 000 €) supérieure à la dépense réalisée (4 000 €)"),
    }


def test_tfpb_negative_spending(mini):
    mini.edit(H, "realisee = 1000, valorisee = 500", "realisee = -1000, valorisee = 500")
    assert found(mini) == {
        (H, mini.line_of(H, "realisee = -1000"), ERREUR,
         "la dépense réalisée doit être un montant positif ou nul (lu : -1000)"),
    }


def test_bailleur_spending_below_its_abatement(mini):
    # Nord: one line, 500 € valorised.
    mini.edit(H, "abattement = 400", "abattement = 900")
    assert found(mini) == {
        (H, mini.line_of(H, "abattement = 900"), AVERTISSEMENT,
         "HABITAT (Quartier Nord) : dépense valorisée (500 €) inférieure à l'abattement (900 €)"),
    }


def test_quartier_without_logements_cannot_enter_the_synthesis(mini):
    mini.edit(H, "logements = 50\n", "")
    assert found(mini) == {
        (H, mini.line_of(H, "[[quartiers]]", after="[[quartiers]]"), AVERTISSEMENT,
         "HABITAT (Quartier Nord) : logements non renseigné : ce quartier ne peut entrer dans la synthèse"),
    }


def test_declared_sector_cost_against_the_fiches(mini):
    mini.edit(P, "cout_total = 15000", "cout_total = 16000")
    problems = found(mini)
    assert len(problems) == 1
    path, line, niveau, message = problems.pop()
    assert (path, niveau) == (P, AVERTISSEMENT)
    assert line == mini.line_of(P, "[[declare.secteurs]]")
    assert message == "Centre : le rapport déclare 16 000 €, les fiches de ces secteurs font 15 000 € (2 fiches)"


def test_declared_new_and_renewed_not_adding_up(mini):
    mini.edit(P, "renouvellements = 2", "renouvellements = 3")
    assert found(mini) == {
        (P, mini.line_of(P, "[declare.financeurs.capft]"), AVERTISSEMENT,
         "capft : le rapport déclare 3 actions dont 1 nouvelles et 3 renouvellements (4 ≠ 3)"),
    }


def test_a_correction_is_shown_not_hidden(mini):
    mini.write(A, mini.read(A) + '\n[[corrections]]\nchamp = "objectifs"\nimprime = "I-1"\nretenu = "I-A-3"\n')
    assert found(mini) == {
        (A, mini.line_of(A, "[[corrections]]"), AVERTISSEMENT,
         "valeur corrigée (objectifs) : imprimé « I-1 », retenu « I-A-3 »"),
    }


def test_wrong_type_is_reported_on_its_line_and_the_rest_loads(mini):
    mini.edit(A, "annee = 2019", 'annee = "2019"')
    problems = found(mini)
    assert (A, mini.line_of(A, "annee"), ERREUR, "« annee » doit être un nombre entier") in problems
    assert mini.load().action("alpha").cout_total == 10000


# --- locating keys -----------------------------------------------------------


def test_locate_skips_keys_quoted_inside_multiline_strings(mini):
    mini.edit(A, "Deuxième paragraphe", "Les financements. capft = 9\n[financements]\nDeuxième paragraphe")
    mini.edit(A, "capft = 3000", "capft = 30000")
    assert found(mini) == {
        (A, mini.line_of(A, "capft = 30000"), ERREUR, "la subvention capft (30 000 €) dépasse le coût total (10 000 €)"),
        (A, mini.line_of(A, "[financements]", after="Deuxième"), ERREUR,
         "la somme des subventions (32 000 €) dépasse le coût total (10 000 €)"),
        (P, mini.line_of(P, "capft = 10000"), ERREUR, "capft : subventions 2019 (31 500 €) au-delà de l'enveloppe (10 000 €)"),
        (A, mini.line_of(A, "capft = 30000"), AVERTISSEMENT, "capft : convention obligatoire, absente "
         "(30 000 € en 2019 de ce financeur à ce porteur, au-dessus de 23 000 €)"),
    }


@pytest.mark.parametrize("text, key, line", [
    ('a = 1\n[t]\nb = 2\n', ("t", "b"), 3),
    ('x = [\n    { k = 1 },\n    { k = 2 },\n]\n', ("x", 1, "k"), 3),
    ('[[q]]\nn = 1\n[[q]]\nn = 2\n[[q.l]]\nv = 1\n[[q.l]]\nv = 2\n', ("q", 1, "l", 1, "v"), 8),
    ('o = [\n    "A",\n    # commentaire\n    "B",\n]\n', ("o", 1), 4),
    ('d = """\nn = 1\n"""\nn = 2\n', ("n",), 4),
    ("d = '''\nn = 1\n'''\nn = 2\n", ("n",), 4),
    ('t = { a = 1, b = 2 }\n', ("t", "b"), 1),
    ('absent = 1\n', ("nulle", "part"), 1),
    # strings not closed on their line, an escape before the end, quotes of content before the closing ones
    ('a = "n = \\\nn = 1\n', ("n",), 2),
    ("a = 'n = \nn = 1\n", ("n",), 2),
    ('d = """\\"""\nn = 1\n"""\nn = 2\n', ("n",), 4),
    ('d = """x"""""\nn = 1\n', ("n",), 2),
    ('d = """\nn = 1\n', ("n",), 1),
    ('["t"]\n"n" = 1\r\n', ("t", "n"), 2),
])
def test_locate(text, key, line):
    assert locate(text, key) == line


# --- the command -------------------------------------------------------------


def test_cli_text_output_and_exit_code_on_error(mini):
    mini.edit(A, "capft = 3000", "cpaft = 3000")
    done = run_pvtui("check", str(mini.root))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{A}:{mini.line_of(A, 'cpaft')}: erreur: financeur inconnu « cpaft » : vouliez-vous dire « capft » ?"
    ]
    assert "1 erreur, 0 avertissement" in done.stderr


def test_cli_warnings_only_exit_zero(mini):
    mini.edit(H, "abattement = 400", "abattement = 900")
    done = run_pvtui("check", str(mini.root))
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        (f"{H}:{mini.line_of(H, 'abattement = 900')}: avertissement: "
         "HABITAT (Quartier Nord) : dépense valorisée (500 €) inférieure à l'abattement (900 €)")
    ]


def test_cli_clean_folder(mini):
    done = run_pvtui("check", str(mini.root))
    assert (done.returncode, done.stdout) == (0, "")
    assert "0 erreur, 0 avertissement" in done.stderr


def test_cli_json(mini):
    A = "actions/delta.toml"
    mini.edit(A, "cout_total = 2000", "cout_total = 2 000")
    mini.edit(H, "abattement = 400", "abattement = 900")
    done = run_pvtui("check", str(mini.root), "--format", "json")
    assert done.returncode == 1
    problems = json.loads(done.stdout)
    line = mini.read(A).splitlines()[mini.line_of(A, "cout_total") - 1]
    assert problems[0] == {
        "fichier": A, "ligne": mini.line_of(A, "cout_total"), "colonne": line.index("000") + 1,
        "niveau": "erreur", "message": problems[0]["message"],
    }
    assert problems[0]["message"].startswith("TOML invalide : ")
    assert problems[1] == {
        "fichier": H, "ligne": mini.line_of(H, "abattement = 900"), "colonne": 0, "niveau": "avertissement",
        "message": "HABITAT (Quartier Nord) : dépense valorisée (500 €) inférieure à l'abattement (900 €)",
    }
    assert len(problems) == 2


def test_cli_missing_folder(tmp_path):
    done = run_pvtui("check", str(tmp_path / "absent"))
    assert done.returncode != 0
    assert "dossier de données introuvable" in done.stderr


def test_problem_format():
    assert str(Problem("actions/x.toml", 7, ERREUR, "message")) == "actions/x.toml:7: erreur: message"
    assert str(Problem("actions/x.toml", 7, ERREUR, "m", 3)) == "actions/x.toml:7:3: erreur: m"


# --- no Textual for the command line ----------------------------------------------


def _modules_after(code: str) -> set[str]:
    import subprocess
    import sys

    from conftest import REPO

    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, check=False, capture_output=True, text=True, timeout=60)
    modules = set(done.stderr.split("\n"))
    assert "pvtui" in modules, done.stderr[-2000:]
    return modules


def test_importing_the_core_does_not_import_textual():
    modules = _modules_after("import pvtui.cli, pvtui.domain.check, pvtui.storage.store, pvtui.domain.compute, pvtui.export, pvtui.domain.fmt")
    assert "pvtui.domain.check" in modules and "pvtui.export" in modules
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


def test_running_check_does_not_import_textual():
    modules = _modules_after(
        "import runpy, sys\nsys.argv = ['pvtui', 'check', 'data']\n"
        "try:\n    runpy.run_module('pvtui', run_name='__main__')\nexcept SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n")
    assert "pvtui.domain.check" in modules
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


def test_a_porteur_no_record_names_is_a_warning_once_the_folder_has_porteur_records(mini):
    G, D = "actions/gamma.toml", "actions/delta.toml"
    assert found(mini) == set(), "no porteurs/ at all: names are the folder's way, nothing to say"
    mini.write("porteurs/association-a.toml", 'nom = "Association A"\nsigle = "A.A."\n')
    mini.write("porteurs/regie-de-quartier-c.toml", 'nom = "Régie de quartier C"\n')
    mini.edit(A, 'porteur = "Association A"', 'porteur = "association-a"')  # by id
    mini.edit(B, 'porteur = "Association B"', 'porteur = "a.a"')  # its sigle, punctuation and case set aside
    mini.edit(G, 'porteur = "Régie C"', 'porteur = "Régie de quartir C"')  # a typo: the record is suggested
    assert found(mini) == {
        (G, mini.line_of(G, "porteur ="), AVERTISSEMENT,
         "porteur « Régie de quartir C » : aucune fiche de porteurs/ n'a ce nom, ce sigle ni cet alias (créez-la, "
         "ou ajoutez ce nom aux aliases de sa fiche) : vouliez-vous dire « Régie de quartier C » ?"),
        (D, mini.line_of(D, "porteur ="), AVERTISSEMENT,
         "porteur « Collectif D » : aucune fiche de porteurs/ n'a ce nom, ce sigle ni cet alias (créez-la, ou "
         "ajoutez ce nom aux aliases de sa fiche)"),
    }


def test_a_crlf_file_is_pointed_at_the_right_line(mini):
    mini.edit(A, "capft = 3000", "capft = 30000")
    path = mini.root / A
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert (A, mini.line_of(A, "capft = 30000"), ERREUR,
            "la subvention capft (30 000 €) dépasse le coût total (10 000 €)") in found(mini)
