"""One commit per save, through Workspace.apply: only pvtui's files, a French message, never blocking."""

from __future__ import annotations

from dataclasses import replace

from gittools import git, isolate, log, repo_with_mini, status

from pvtui.domain.kinds import ACTIONS
from pvtui.domain.model import Financement
from pvtui.workspace.changes import Create, Delete, Saved, Update
from pvtui.workspace.workspace import Workspace


def _capft(ws: Workspace, id: str, amount: int) -> Saved:
    data = ws.data if ws.data is not None else ws.load()
    action = data.action(id)
    new = replace(action, financements=tuple(Financement(f.financeur, amount) if f.financeur == "capft" else f
                                             for f in action.financements))
    result = ws.apply(Update(ACTIONS, action, data.version(ACTIONS, id), new))
    assert isinstance(result, Saved), result
    return result


def test_a_save_is_one_commit_naming_the_record_and_the_amount(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    result = _capft(Workspace(data, cache=False), "alpha", 6000)
    assert result.warning is None
    top = data.parent
    assert log(top)[0] == "Atelier alpha : financements.capft 3 000 € -> 6 000 €"
    assert git(top, "show", "--format=%an", "--name-only", "HEAD").split() == ["Site", "Test", "data/actions/alpha.toml"]
    assert status(top) == ""


def test_the_users_other_changes_are_never_committed(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    top = data.parent
    (top / "notes.txt").write_text("brouillon\n", encoding="utf-8")
    git(top, "add", "notes.txt")  # staged by the user
    (data / "actions" / "beta.toml").write_text((data / "actions" / "beta.toml").read_text() + "# à voir\n")
    _capft(Workspace(data, cache=False), "alpha", 6000)
    assert git(top, "show", "--format=", "--name-only", "HEAD").split() == ["data/actions/alpha.toml"]
    assert sorted(status(top).splitlines()) == [" M data/actions/beta.toml", "A  notes.txt"]


def test_create_and_delete_commit_the_record_and_the_trash(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    top = data.parent
    ws = Workspace(data, cache=False)
    snapshot = ws.load()
    created = ws.apply(Create(ACTIONS, replace(snapshot.action("beta"), id="", titre="Jardin partagé")))
    assert isinstance(created, Saved) and log(top)[0] == "Nouvelle action : Jardin partagé"
    gone = ws.apply(Delete(ACTIONS, snapshot.action("beta"), snapshot.version(ACTIONS, "beta")))
    assert isinstance(gone, Saved) and log(top)[0] == "Suppression : Atelier beta"
    files = git(top, "show", "--format=", "--name-status", "--no-renames", "HEAD").splitlines()
    assert "D\tdata/actions/beta.toml" in files
    assert f"A\tdata/{gone.kept}" in files and "A\tdata/.corbeille/journal.tsv" in files
    assert status(top) == ""


def test_an_index_lock_never_blocks_the_save(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    (data.parent / ".git" / "index.lock").write_text("")
    result = _capft(Workspace(data, cache=False), "alpha", 6000)
    assert "capft = 6000" in (data / "actions" / "alpha.toml").read_text()
    assert result.warning.startswith("Enregistré, mais pas dans l'historique git : git commit a échoué")
    assert "index.lock" in result.warning and "un autre git travaille" in result.warning
    assert log(data.parent) == ["Données"]


def test_without_any_user_config_pvtui_auteur_signs(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch, name=None)
    monkeypatch.setenv("PVTUI_AUTEUR", "Camille Martin")
    data = repo_with_mini(tmp_path / "repo")
    result = _capft(Workspace(data, cache=False), "alpha", 6000)
    assert result.warning is None
    assert git(data.parent, "show", "-s", "--format=%an", "HEAD").strip() == "Camille Martin"


def test_pvtui_auteur_wins_over_git_config(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    monkeypatch.setenv("PVTUI_AUTEUR", "Camille Martin")
    data = repo_with_mini(tmp_path / "repo")
    _capft(Workspace(data, cache=False), "alpha", 6000)
    assert git(data.parent, "show", "-s", "--format=%an <%ae> / %cn", "HEAD").strip() == \
        "Camille Martin <site@example.org> / Site Test"


def test_opt_out_per_folder(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    (data / "pvtui.toml").write_text("[git]\ncommit = false\nautre = 1\n", encoding="utf-8")
    _capft(Workspace(data, cache=False), "alpha", 6000)
    assert log(data.parent) == ["Données"]


def test_a_broken_pvtui_toml_is_reported_with_its_line(tmp_path, monkeypatch):
    from pvtui.workspace.folder import check_folder

    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    (data / "pvtui.toml").write_text("[git]\ncommit = peut-être\n", encoding="utf-8")
    found = [str(p) for p in check_folder(data) if p.path == "pvtui.toml"]
    assert len(found) == 1 and found[0].startswith("pvtui.toml:2: erreur: TOML invalide")
    _capft(Workspace(data, cache=False), "alpha", 6000)  # the defaults: committed
    assert len(log(data.parent)) == 2


def test_an_import_is_one_commit(tmp_path, monkeypatch):
    from pvtui.workspace.years import open_year

    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    plan, results = open_year(Workspace(data, cache=False), 2020, 2019, None)
    assert all(isinstance(r, Saved) for r in results)
    assert log(data.parent)[0] == "Année 2020 ouverte depuis 2019"
    assert status(data.parent) == ""


def test_outside_git_nothing_changes(tmp_path, monkeypatch):
    import shutil

    from gittools import MINI

    isolate(tmp_path, monkeypatch)
    shutil.copytree(MINI, tmp_path / "data")
    result = _capft(Workspace(tmp_path / "data", cache=False), "alpha", 6000)
    assert result.warning is None and not (tmp_path / "data" / ".git").exists()


def test_an_import_applied_is_one_commit_of_its_records(tmp_path, monkeypatch):
    from pvtui.imports.apply import apply_plan, prepare

    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    sheet = tmp_path / "tableur.csv"
    sheet.write_text("Intitulé de l'action;Porteur;Secteur;Coût total\n"
                     "Jardin partagé;Association J;centre;1200\nAtelier vélo;Association V;centre;800\n",
                     encoding="utf-8")
    ws = Workspace(data, cache=False)
    applied = apply_plan(ws, prepare(ws, sheet, annee=2019))
    assert len(applied.saved) == 2 and applied.warning is None, applied
    assert log(data.parent)[0] == "Import d'un tableur : 2 actions créées, 0 action modifiée"
    assert sorted(git(data.parent, "show", "--format=", "--name-only", "HEAD").split()) == \
        sorted(f"data/{rel}" for rel in applied.saved)


def test_the_corbeille_says_who_deleted_a_record_as_git_does(tmp_path, monkeypatch):
    """At a site the corbeille said « root » (the login) where the history said « Site Test » (git's user.name)."""
    from pvtui.workspace.corbeille import entries

    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    ws = Workspace(data, cache=False)
    snapshot = ws.load()
    gone = ws.apply(Delete(ACTIONS, snapshot.action("beta"), snapshot.version(ACTIONS, "beta")))
    assert isinstance(gone, Saved)
    [entry] = [e for e in entries(data) if e.deleted]
    assert entry.who == "Site Test" == git(data.parent, "log", "-1", "--format=%an").strip()
    monkeypatch.setenv("PVTUI_AUTEUR", "Bruno")
    gone = ws.apply(Delete(ACTIONS, snapshot.action("alpha"), snapshot.version(ACTIONS, "alpha")))
    assert {e.id: e.who for e in entries(data) if e.deleted} == {"beta": "Site Test", "alpha": "Bruno"}


def test_a_record_restored_from_the_corbeille_is_committed_as_a_restore(tmp_path, monkeypatch):
    """Not « Nouvelle action » (it was committed so): the history says where it came back from."""
    from pvtui.workspace.corbeille import entries, restore_entry

    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    ws = Workspace(data, cache=False)
    snapshot = ws.load()
    assert isinstance(ws.apply(Delete(ACTIONS, snapshot.action("beta"), snapshot.version(ACTIONS, "beta"))), Saved)
    [entry] = [e for e in entries(data) if e.deleted]
    assert isinstance(ws.apply(restore_entry(ws.data, entry)), Saved)
    label = snapshot.action("beta").titre
    assert log(data.parent)[0] == f"Restauration : {label} (depuis {entry.rel})"
    assert (data / "actions" / "beta.toml").exists()
