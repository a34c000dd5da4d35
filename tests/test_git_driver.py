"""`pvtui merge-driver O A B P` on its own: key by key, comments kept, conflicts set aside, git's lines otherwise."""

from __future__ import annotations

import subprocess
import sys

from gittools import git, isolate, repo_with_mini

from pvtui.git.driver import merge_file
from pvtui.workspace.folder import check_folder

BASE = 'nom = "Habitat"\n# total à revoir\nannee = 2019\n'


def _three(tmp_path, ours: str, theirs: str, base: str = BASE):
    paths = []
    for name, text in (("o", base), ("a", ours), ("b", theirs)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    return paths


def test_different_keys_merge_keeping_the_hand_comment(tmp_path):
    o, a, b = _three(tmp_path, BASE.replace('"Habitat"', '"Habitat SA"'), BASE.replace("2019", "2020"))
    assert merge_file(o, a, b, "data/bailleurs/habitat.toml", tmp_path) == 0
    assert a.read_text(encoding="utf-8") == 'nom = "Habitat SA"\n# total à revoir\nannee = 2020\n'


def test_a_file_that_is_not_toml_gets_gits_own_lines_and_stops(tmp_path):
    o, a, b = _three(tmp_path, "nom = \n", 'nom = "B"\n')
    assert merge_file(o, a, b, "data/bailleurs/habitat.toml", tmp_path) == 1
    assert "<<<<<<< ici" in a.read_text(encoding="utf-8")


def test_in_a_plain_merge_the_file_gets_the_other_branch_and_mine_is_aside(tmp_path, monkeypatch):
    """Outside a rebase A is one's own branch: the colleague's value (B) is the one the file keeps."""
    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    o, a, b = _three(tmp_path, BASE.replace("2019", "2021"), BASE.replace("2019", "2020"))
    assert merge_file(o, a, b, "data/bailleurs/habitat.toml", data.parent) == 0
    assert "annee = 2020" in a.read_text(encoding="utf-8")
    [aside] = (data / ".corbeille" / "bailleurs").glob("habitat.conflit.*.toml")
    assert "annee = 2021" in aside.read_text(encoding="utf-8")


def test_a_referential_conflict_is_listed_by_check(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    base = (data / "referentiel" / "piliers.toml").read_text(encoding="utf-8")
    o, a, b = _three(tmp_path, base + "\n[extra]\nx = 1\n", base + "\n[extra]\nx = 2\n", base + "\n[extra]\nx = 0\n")
    assert merge_file(o, a, b, "data/referentiel/piliers.toml", data.parent) == 0
    (data / "referentiel" / "piliers.toml").write_text(a.read_text(encoding="utf-8"), encoding="utf-8")  # as git does
    found = [str(p) for p in check_folder(data) if "conflit de synchronisation" in p.message]
    assert len(found) == 1 and found[0].startswith("referentiel/piliers.toml:0: erreur: conflit de synchronisation "
                                                   "sur extra.x (2 chez le collègue, 1 ici)")
    assert "corrigez à la main" in found[0]


def test_the_command_line_entry(tmp_path):
    o, a, b = _three(tmp_path, BASE.replace('"Habitat"', '"Habitat SA"'), BASE.replace("2019", "2020"))
    done = subprocess.run([sys.executable, "-m", "pvtui", "merge-driver", str(o), str(a), str(b),
                           "data/bailleurs/habitat.toml"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert a.read_text(encoding="utf-8") == 'nom = "Habitat SA"\n# total à revoir\nannee = 2020\n'


def test_sync_and_git_setup_on_the_command_line(tmp_path, monkeypatch):
    from gittools import sites

    isolate(tmp_path, monkeypatch)
    a, _ = sites(tmp_path)
    run = [sys.executable, "-m", "pvtui"]
    setup = subprocess.run([*run, "git-setup", str(a)], capture_output=True, text=True)
    assert setup.returncode == 0 and setup.stdout.startswith(".gitattributes : 5 lignes ajoutées")
    synced = subprocess.run([*run, "sync", str(a)], capture_output=True, text=True)
    assert (synced.returncode, synced.stdout) == (0, "Synchronisé : 0 modification reçue, 1 modification envoyée.\n")
    git(a.parent, "remote", "set-url", "origin", "file:///nulle/part.git")
    failed = subprocess.run([*run, "sync", str(a)], capture_output=True, text=True)
    assert failed.returncode == 1 and failed.stderr.startswith("pvtui sync : récupération impossible : dépôt distant injoignable")
    alone = subprocess.run([*run, "sync", str(tmp_path / "ailleurs")], capture_output=True, text=True)
    assert alone.returncode != 0
