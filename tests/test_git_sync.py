"""Two sites, one bare repository: saves commit, sync pulls (rebase) and pushes, the driver merges key by key."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from gittools import git, isolate, log, sites, status

from pvtui.domain.kinds import ACTIONS
from pvtui.domain.model import Financement
from pvtui.git.repo import GitError, Repo
from pvtui.git.setup import setup
from pvtui.git.sync import status as git_status, sync
from pvtui.workspace.changes import Saved, Update
from pvtui.workspace.workspace import Workspace

COMMENT = "# voté en comité le 12 mars\n"


def _fund(data, funder: str, amount: int) -> Saved:
    ws = Workspace(data, cache=False)
    snapshot = ws.load()
    action = snapshot.action("alpha")
    new = replace(action, financements=tuple(Financement(f.financeur, amount) if f.financeur == funder else f
                                             for f in action.financements))
    result = ws.apply(Update(ACTIONS, action, snapshot.version(ACTIONS, "alpha"), new))
    assert isinstance(result, Saved) and result.warning is None, result
    return result


@pytest.fixture
def two_sites(tmp_path, monkeypatch):
    """Sites A and B set up with `pvtui git-setup`, the action alpha carrying a hand comment."""
    isolate(tmp_path, monkeypatch)
    a, b = sites(tmp_path)
    for data in (a, b):
        setup(data)
    path = a / "actions" / "alpha.toml"
    path.write_text(COMMENT + path.read_text(encoding="utf-8"), encoding="utf-8")
    git(a.parent, "commit", "-qam", "Commentaire à la main")
    assert sync(Repo(a.parent), a).startswith("Synchronisé")
    assert sync(Repo(b.parent), b).startswith("Synchronisé : 2 modifications reçues")  # setup of A, comment
    return a, b


def test_git_setup_is_idempotent_and_says_what_it_did(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    a, _ = sites(tmp_path)
    first = setup(a)
    assert first[0] == ".gitattributes : 5 lignes ajoutées (pilote de fusion pour les fiches)."
    assert "/data/actions/*.toml merge=pvtui" in (a.parent / ".gitattributes").read_text().splitlines()
    assert git(a.parent, "config", "merge.pvtui.driver").strip().endswith("merge-driver %O %A %B %P")
    assert log(a.parent)[0] == "pvtui git-setup : fusion clé par clé des fiches"
    again = setup(a)
    assert again == [".gitattributes : déjà en place (pilote de fusion pour les fiches).",
                     ".gitignore : déjà en place (verrou de pvtui ignoré).",
                     "Pilote de fusion « pvtui » déjà enregistré dans .git/config."]
    assert len(log(a.parent)) == 2


def test_two_funders_changed_on_two_sites_merge_cleanly_keeping_the_comment(two_sites):
    a, b = two_sites
    _fund(a, "capft", 3500)
    assert sync(Repo(a.parent), a) == "Synchronisé : 0 modification reçue, 1 modification envoyée."
    _fund(b, "etat", 2500)
    assert sync(Repo(b.parent), b) == "Synchronisé : 1 modification reçue, 1 modification envoyée."
    assert sync(Repo(b.parent), b) == "Déjà à jour : rien à recevoir ni à envoyer."
    text = (b / "actions" / "alpha.toml").read_text(encoding="utf-8")
    assert text.startswith(COMMENT) and "capft = 3500" in text and "etat = 2500" in text
    assert status(b.parent) == "" and git_status(Repo(b.parent), b).label() == "à jour"
    assert log(b.parent)[:2] == ["Atelier alpha : financements.etat 2 000 € -> 2 500 €",
                                 "Atelier alpha : financements.capft 3 000 € -> 3 500 €"]
    assert not list((b / ".corbeille").glob("**/*.conflit.*"))


def test_the_same_key_on_both_sites_keeps_theirs_in_the_file_and_mine_aside(two_sites):
    a, b = two_sites
    _fund(a, "capft", 3500)
    sync(Repo(a.parent), a)
    _fund(b, "capft", 4000)
    assert sync(Repo(b.parent), b).startswith("Synchronisé : 1 modification reçue")
    text = (b / "actions" / "alpha.toml").read_text(encoding="utf-8")
    assert text.startswith(COMMENT) and "capft = 3500" in text
    [aside] = (b / ".corbeille" / "actions").glob("alpha.conflit.*.toml")
    assert "capft = 4000" in aside.read_text(encoding="utf-8")
    [conflict] = Workspace(b, cache=False).pending_conflicts()
    assert conflict.keys == ("financements.capft (3 500 € chez le collègue, 4 000 € ici)",) and conflict.choices == ("theirs", "mine", "copy")


def test_status_counts_ahead_and_uncommitted(two_sites):
    a, _ = two_sites
    repo = Repo(a.parent)
    _fund(a, "capft", 3500)
    assert git_status(repo, a).label() == "1 en avance"
    (a / "actions" / "beta.toml").write_text("# à la main\n" + (a / "actions" / "beta.toml").read_text())
    assert git_status(repo, a).label() == "modifications non enregistrées"


def test_behind_after_a_fetch(two_sites):
    a, b = two_sites
    _fund(a, "capft", 3500)
    sync(Repo(a.parent), a)
    git(b.parent, "fetch", "-q")
    assert git_status(Repo(b.parent), b).label() == "1 en retard"


@pytest.mark.parametrize("remote", ["https://127.0.0.1:9/x.git", "file:///nulle/part/depot.git"])
def test_a_remote_out_of_reach_fails_fast_with_a_clear_message(tmp_path, monkeypatch, remote):
    isolate(tmp_path, monkeypatch)
    a, _ = sites(tmp_path)
    git(a.parent, "remote", "set-url", "origin", remote)
    start = time.monotonic()
    with pytest.raises(GitError) as error:
        sync(Repo(a.parent), a, timeout=10)
    assert time.monotonic() - start < 10
    assert str(error.value).startswith("récupération impossible : dépôt distant injoignable")
    assert str(error.value).endswith("rien n'a été changé")


def test_no_upstream_is_said(tmp_path, monkeypatch):
    from gittools import repo_with_mini

    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "seul")
    with pytest.raises(GitError, match="^pas de dépôt distant pour cette branche"):
        sync(Repo(data.parent), data)


def test_without_the_driver_a_textual_conflict_undoes_the_sync(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    a, b = sites(tmp_path)
    _fund(a, "capft", 3500)
    sync(Repo(a.parent), a)
    _fund(b, "capft", 4000)
    head = git(b.parent, "rev-parse", "HEAD")
    with pytest.raises(GitError, match="^conflit que pvtui ne peut pas fusionner .* synchronisation annulée"):
        sync(Repo(b.parent), b)
    assert git(b.parent, "rev-parse", "HEAD") == head and status(b.parent) == ""
    assert "capft = 4000" in (b / "actions" / "alpha.toml").read_text(encoding="utf-8")
