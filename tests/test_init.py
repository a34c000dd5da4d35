"""`pvtui init`: a data folder a team can fill, and `check` saying what is left to fill."""

from __future__ import annotations

import json

from conftest import DataDir, run_pvtui, tree_hash


def _problems(root) -> list[dict]:
    result = run_pvtui("check", str(root), "--format", "json")
    return json.loads(result.stdout)


def test_init_makes_the_national_referentials_and_placeholders(tmp_path):
    root = tmp_path / "contrat"
    result = run_pvtui("init", str(root), "--annee", "2026")
    assert result.returncode == 0, result.stderr
    assert "Dossier créé" in result.stdout
    data = DataDir(root)
    for rel in ("referentiel/piliers.toml", "referentiel/axes-tfpb.toml", "referentiel/financeurs.toml",
                "referentiel/secteurs.toml", "referentiel/objectifs.toml", "programmations/2026.toml",
                "LISEZMOI.md"):
        assert data.path(rel).is_file(), rel
    loaded = data.load()
    assert not loaded.problems
    assert set(loaded.referentiel.piliers) == {"I", "II", "III"}
    assert len(loaded.referentiel.axes) == 8
    assert loaded.referentiel.financeurs["etat"].nature == "credits-specifiques"
    assert loaded.programmations[2026].annee == 2026
    assert (root / "actions").is_dir() and (root / "porteurs").is_dir()


def test_init_then_check_lists_every_item_to_complete_and_no_error(tmp_path):
    root = tmp_path / "contrat"
    run_pvtui("init", str(root), "--annee", "2026")
    problems = _problems(root)
    assert all(p["niveau"] == "avertissement" for p in problems), problems
    todo = {(p["fichier"], p["message"]) for p in problems if "à compléter" in p["message"]}
    files = {f for f, _ in todo}
    assert {"referentiel/financeurs.toml", "referentiel/secteurs.toml", "referentiel/objectifs.toml",
            "programmations/2026.toml"} <= files
    # Every placeholder written by init is listed, one line each.
    written = sum(path.read_text("utf-8").count("= \"À compléter") for path in root.rglob("*.toml"))
    assert len(todo) == written
    assert all(p["ligne"] > 1 or p["fichier"].startswith("programmations") for p in problems)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    root = tmp_path / "plein"
    root.mkdir()
    (root / "notes.txt").write_text("à garder")
    before = tree_hash(root)
    result = run_pvtui("init", str(root))
    assert result.returncode == 2
    assert "n'est pas vide" in result.stderr and str(root) in result.stderr
    assert tree_hash(root) == before


def test_check_reports_a_missing_or_empty_referential_as_an_error(tmp_path, mini):
    (mini.root / "referentiel" / "secteurs.toml").unlink()
    mini.write("referentiel/financeurs.toml", "# vide\n")
    problems = _problems(mini.root)
    errors = {(p["fichier"], p["niveau"]) for p in problems if "référentiel" in p["message"]}
    assert ("referentiel/secteurs.toml", "erreur") in errors
    assert ("referentiel/financeurs.toml", "erreur") in errors
    empty = tmp_path / "vide"
    empty.mkdir()
    result = run_pvtui("check", str(empty))
    assert result.returncode == 1
    assert "referentiel/objectifs.toml" in result.stdout and "pvtui init" in result.stdout
