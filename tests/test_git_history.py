"""History of a record from git, restoring a version, the corbeille: real git in tmp_path."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import run_pvtui
from tests.gittools import commit_all, git, in_git, private_git

from pvtui.domain.fmt import euros
from pvtui.domain.kinds import ACTIONS, BAILLEURS
from pvtui.git.history import UNREADABLE, history
from pvtui.workspace.changes import Conflict, Create, Saved, Update
from pvtui.workspace.corbeille import entries, restore_entry
from pvtui.workspace.restore import restore
from pvtui.workspace.workspace import Workspace


@pytest.fixture
def repo(mini, tmp_path, monkeypatch):
    private_git(tmp_path, monkeypatch)
    in_git(mini.root)
    return mini


def test_a_hand_edit_committed_by_a_colleague_in_french_field_words(repo):
    repo.edit("actions/alpha.toml", "capft = 3000", "capft = 5000")
    repo.edit("actions/alpha.toml", 'porteur = "Association A"', 'porteur = "Association Z"')
    commit_all(repo.root, "Subvention revue en comité", who="Claire")

    newest, first = history(repo.root, ACTIONS, "alpha", repo.load())
    assert (newest.author, newest.subject) == ("Claire", "Subvention revue en comité")
    assert newest.changes == ("Porteur : Association A → Association Z", "Subvention C.A. : 3 000 € → 5 000 €")
    assert (first.author, first.changes) == ("Alice", ("Création de l'enregistrement",))


def test_the_command_line_prints_who_when_and_what(repo):
    repo.edit("actions/alpha.toml", "capft = 3000", "capft = 5000")
    commit_all(repo.root, "Subvention revue", who="Claire")

    done = run_pvtui("historique", str(repo.root), "--action", "alpha")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "actions/alpha.toml : 2 versions, de la plus récente à la plus ancienne"
    assert "  Claire  « Subvention revue »  (" in lines[2]
    assert lines[3] == "    Subvention C.A. : 3 000 € → 5 000 €"


def test_the_command_line_never_prints_a_terminal_sequence_from_a_commit(repo):
    repo.edit("actions/alpha.toml", 'titre = "Atelier alpha"', 'titre = "Atelier \\u001b]2;pwned\\u0007"')
    commit_all(repo.root, "Titre \x1b[31mrouge", who="Eve\x1b[2J")

    done = run_pvtui("historique", str(repo.root), "--action", "alpha")
    assert done.returncode == 0 and "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Eve\\x1b[2J  « Titre \\x1b[31mrouge »" in done.stdout
    assert "Titre : Atelier alpha → Atelier \\x1b]2;pwned\\x07" in done.stdout


def test_a_save_through_the_workspace_then_committed(repo):
    editor = repo.workspace()
    data = editor.load()
    old = data.bailleur("habitat")
    quartier = old.quartiers[0]
    lignes = (*quartier.lignes[:-1], replace(quartier.lignes[-1], realisee=999))
    editor.save(BAILLEURS, replace(old, quartiers=(replace(quartier, lignes=lignes), *old.quartiers[1:])), old)
    commit_all(repo.root, "Dépense corrigée")

    newest = history(repo.root, BAILLEURS, "habitat", repo.load())[0]
    secteur = repo.load().referentiel.secteurs[quartier.secteur].libelle
    assert newest.changes == (f"Quartier {secteur}, ligne TFPB « {lignes[-1].action} », dépense réalisée : "
                              f"{euros(quartier.lignes[-1].realisee)} → 999 €",)


def test_renames_are_followed_and_an_unreadable_version_is_listed(repo):
    git(repo.root, "mv", "actions/alpha.toml", "actions/atelier.toml")
    commit_all(repo.root, "Renommée")
    repo.write("actions/atelier.toml", 'titre = "Atelier\n')
    commit_all(repo.root, "Cassée à la main", who="Bruno")
    repo.write("actions/atelier.toml", repo.read("actions/beta.toml"))
    commit_all(repo.root, "Réparée")

    repaired, broken, renamed, created = history(repo.root, ACTIONS, "atelier")
    assert broken.changes == (UNREADABLE[0].upper() + UNREADABLE[1:],) and broken.record is None
    assert renamed.changes == ("Fichier renommé : actions/alpha.toml → actions/atelier.toml",)
    assert created.record.titre == "Atelier alpha" and created.record.id == "atelier"
    # Compared with the last readable version (the broken one has no fields to compare with).
    assert repaired.changes[:2] == ("Titre : Atelier alpha → Atelier beta", "Porteur : Association A → Association B")


def test_two_sites_joined_by_a_merge_each_say_what_they_changed(repo):
    git(repo.root, "checkout", "-q", "-b", "ville")
    repo.edit("actions/alpha.toml", "capft = 3000", "capft = 3500")
    commit_all(repo.root, "C.A. revue", who="Bruno")
    git(repo.root, "checkout", "-q", "main")
    repo.edit("actions/alpha.toml", 'porteur = "Association A"', 'porteur = "Association Z"')
    commit_all(repo.root, "Porteur corrigé")
    git(repo.root, "merge", "-q", "--no-edit", "ville")

    merge, *others, created = history(repo.root, ACTIONS, "alpha", repo.load())
    assert merge.subject.startswith("Merge branch") and merge.changes == ("Subvention C.A. : 3 000 € → 3 500 €",)
    assert {(v.subject, v.changes) for v in others} == {
        ("C.A. revue", ("Subvention C.A. : 3 000 € → 3 500 €",)),
        ("Porteur corrigé", ("Porteur : Association A → Association Z",))}
    assert created.subject == "Dossier de départ"  # and nothing "not yet in git": HEAD holds the file


def test_a_change_not_yet_in_git_comes_first(repo):
    repo.edit("actions/alpha.toml", "capft = 3000", "capft = 4000")
    newest = history(repo.root, ACTIONS, "alpha", repo.load())[0]
    assert newest.commit == "" and newest.changes == ("Subvention C.A. : 3 000 € → 4 000 €",)


def test_two_git_commands_whatever_the_number_of_versions(repo, monkeypatch):
    for amount in range(3001, 3013):
        repo.write("actions/alpha.toml", repo.read("actions/alpha.toml").replace(f"capft = {amount - 1}",
                                                                                 f"capft = {amount}"))
        commit_all(repo.root, f"{amount}")
    import pvtui.git.repo as runner

    calls = []
    real = runner.subprocess.run
    monkeypatch.setattr(runner.subprocess, "run", lambda args, **kw: calls.append(args[1:3]) or real(args, **kw))
    assert len(history(repo.root, ACTIONS, "alpha")) == 13
    assert len(calls) == 3, calls  # rev-parse (find the work tree), log, cat-file


def test_outside_git_the_command_says_it_needs_git(mini):
    done = run_pvtui("historique", str(mini.root), "--action", "alpha")
    assert done.returncode == 1
    assert "l'historique a besoin de git" in done.stderr and done.stdout == ""


def test_restoring_a_version_is_a_change_based_on_the_current_one(repo):
    repo.edit("actions/alpha.toml", "capft = 3000", "capft = 5000")
    commit_all(repo.root, "Plus", who="Claire")
    ws = Workspace(repo.root, cache=False)
    data = ws.load()
    old = history(repo.root, ACTIONS, "alpha")[-1]

    change = restore(data, ACTIONS, "alpha", old.record)
    assert isinstance(change, Update) and change.version == data.version(ACTIONS, "alpha")
    assert isinstance(ws.apply(change), Saved)
    assert "capft = 3000" in repo.read("actions/alpha.toml")
    assert history(repo.root, ACTIONS, "alpha")[0].changes == ("Subvention capft : 5 000 € → 3 000 €",)


def test_a_colleague_changed_the_file_meanwhile_merge_not_overwrite(repo):
    repo.edit("actions/alpha.toml", "capft = 3000", "capft = 5000")
    commit_all(repo.root, "Plus", who="Claire")
    ws = Workspace(repo.root, cache=False)
    data = ws.load()
    old = history(repo.root, ACTIONS, "alpha")[-1]
    repo.edit("actions/alpha.toml", "etat = 2000", "etat = 2500")  # after the history was shown

    saved = ws.apply(restore(data, ACTIONS, "alpha", old.record))
    assert isinstance(saved, Saved) and saved.merged == ("financements.etat",)
    text = repo.read("actions/alpha.toml")
    assert "capft = 3000" in text and "etat = 2500" in text


def test_a_colleague_changed_the_same_key_meanwhile_is_a_conflict(repo):
    repo.edit("actions/alpha.toml", "capft = 3000", "capft = 5000")
    commit_all(repo.root, "Plus", who="Claire")
    ws = Workspace(repo.root, cache=False)
    data = ws.load()
    old = history(repo.root, ACTIONS, "alpha")[-1]
    repo.edit("actions/alpha.toml", "capft = 5000", "capft = 7000")

    result = ws.apply(restore(data, ACTIONS, "alpha", old.record))
    assert isinstance(result, Conflict) and result.keys == ("financements.capft",)
    assert "capft = 7000" in repo.read("actions/alpha.toml")


def test_a_deleted_record_is_listed_and_recreated(mini, monkeypatch):
    monkeypatch.setenv("PVTUI_AUTEUR", "dupont")
    editor = mini.workspace(cache=False)
    data = editor.load()
    editor.delete(ACTIONS, data.action("beta"))
    assert not mini.path("actions/beta.toml").exists()

    (entry,) = entries(mini.root)
    assert (entry.kind, entry.id, entry.title, entry.what, entry.who) == (ACTIONS, "beta", "Atelier beta", "supprimé",
                                                                         "dupont")
    change = restore_entry(editor.ws.data, entry)
    assert isinstance(change, Create)
    assert isinstance(editor.ws.apply(change), Saved)
    assert editor.ws.data.action("beta").titre == "Atelier beta"
    assert mini.path(entry.rel).exists()  # the corbeille keeps its copy

    done = run_pvtui("corbeille", str(mini.root))
    assert done.returncode == 0
    assert "actions  « Atelier beta » supprimé, par dupont  .corbeille/actions/beta." in done.stdout


def test_a_deleted_record_whose_id_was_taken_gets_the_next_free_one(mini):
    editor = mini.workspace(cache=False)
    editor.delete(ACTIONS, editor.load().action("beta"))
    mini.write("actions/beta.toml", 'titre = "Autre beta"\n')
    editor.load()

    saved = editor.ws.apply(restore_entry(editor.ws.data, entries(mini.root)[0]))
    assert saved.record.id != "beta" and saved.record.titre == "Atelier beta"
    assert mini.read("actions/beta.toml") == 'titre = "Autre beta"\n'


def test_restoring_theirs_kept_by_a_conflict_keeps_the_replaced_version(mini):
    from pvtui.workspace.changes import MINE

    editor = mini.workspace(cache=False)
    data = editor.load()
    old = data.action("alpha")
    mini.edit("actions/alpha.toml", 'titre = "Atelier alpha"', 'titre = "Leur titre"')
    conflict = editor.ws.apply(Update(ACTIONS, old, data.version(ACTIONS, "alpha"), replace(old, titre="Mon titre")))
    assert isinstance(editor.ws.resolve(conflict, MINE), Saved)

    (leur,) = entries(mini.root)
    assert (leur.label, leur.what, leur.title) == ("leur", "non retenue : leur", "Leur titre")
    saved = editor.ws.apply(restore_entry(editor.ws.data, leur))
    assert isinstance(saved, Saved) and saved.kept.startswith(".corbeille/actions/alpha.remplacee.")
    assert 'titre = "Leur titre"' in mini.read("actions/alpha.toml")
    assert 'titre = "Mon titre"' in mini.read(saved.kept)
    assert sorted(e.what for e in entries(mini.root)) == ["avant restauration", "non retenue : leur"]



def test_the_corbeille_lists_an_unreadable_entry_and_ignores_foreign_files(mini):
    mini.write(".corbeille/actions/alpha.mienne.20261201-090000.toml", 'titre = "cassé\n')
    mini.write(".corbeille/actions/notes de Paul.txt", "à garder")
    mini.write(".corbeille/actions/beta.20261202-100000-2.toml", mini.read("actions/beta.toml"))

    newest, broken = entries(mini.root)
    assert (newest.id, newest.label, newest.title, newest.who) == ("beta", "", "Atelier beta", "")
    assert (broken.id, broken.what, broken.record, broken.title) == ("alpha", "non retenue : mienne", None, "alpha")
    with pytest.raises(ValueError, match="illisible"):
        restore_entry(mini.load(), broken)
