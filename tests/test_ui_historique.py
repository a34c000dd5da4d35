"""The Historique screen (`h`) and the Corbeille screen (`u`), driven by keys, checked on disk."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.gittools import commit_all, in_git, private_git
from tests.uitools import loaded, running, static_text, table_text

from pvtui.domain.kinds import ACTIONS
from pvtui.ui.screens.corbeille import CorbeilleScreen
from pvtui.ui.screens.fiche import FicheScreen
from pvtui.ui.screens.historique import HistoriqueScreen
from pvtui.workspace.changes import MINE, Update


@pytest.fixture
def repo(mini, tmp_path, monkeypatch):
    """The mini folder in git; then Claire raised alpha's C.A. subsidy by hand and committed it."""
    private_git(tmp_path, monkeypatch)
    in_git(mini.root)
    mini.edit("actions/alpha.toml", "capft = 3000", "capft = 5000")
    commit_all(mini.root, "Subvention revue en comité", who="Claire")
    return mini


async def _history_of_alpha(app, pilot) -> HistoriqueScreen:
    app.open_action("alpha")
    await pilot.pause()
    assert isinstance(app.screen, FicheScreen)
    await pilot.press("h")
    await loaded(app, pilot)
    assert isinstance(app.screen, HistoriqueScreen)
    return app.screen


async def test_h_on_the_fiche_lists_a_hand_edit_in_french_field_words(repo):
    async with running(repo.root) as (app, pilot):
        screen = await _history_of_alpha(app, pilot)
        rows = table_text(screen.query_one("#versions"))
        assert [row[1:] for row in rows] == [["Claire", "Subvention revue en comité"], ["Alice", "Dossier de départ"]]
        changes = static_text(screen.query_one("#version-changes"), 100)
        assert "Claire" in changes and "Subvention C.A. : 3 000 € → 5 000 €" in changes
        await pilot.press("escape")
        assert isinstance(app.screen, FicheScreen)


async def test_r_restores_a_version_through_the_save_and_every_view_shows_it(repo):
    async with running(repo.root) as (app, pilot):
        screen = await _history_of_alpha(app, pilot)
        await pilot.press("down", "r")
        await pilot.press("o")
        await loaded(app, pilot)
        assert "capft = 3000" in repo.read("actions/alpha.toml")
        assert "etat = 2000" in repo.read("actions/alpha.toml")
        # The restore is a save like any other: the newest commit, undone by restoring the version before it.
        newest = table_text(screen.query_one("#versions"))[0]
        assert newest[1:] == ["Alice", "Atelier alpha : financements.capft 5 000 € -> 3 000 €"]
        await pilot.press("escape")
        assert "3 000 €" in static_text(app.screen.query_one("#fiche"), 200)
        await pilot.press("escape")
        row = app.screen.query_one("#actions").get_row("alpha")
        cells = [c.plain for c in row]
        assert "3 000 €" in cells and "5 000 €" not in cells  # the C.A. column


async def test_a_restore_never_overwrites_a_change_made_meanwhile(repo):
    """The file changed after the history was shown: the same key is a conflict, not an overwrite."""
    from pvtui.ui.screens.confirm import ConflictScreen

    async with running(repo.root) as (app, pilot):
        await _history_of_alpha(app, pilot)
        repo.edit("actions/alpha.toml", "capft = 5000", "capft = 7000")  # a colleague, no poll yet
        await pilot.press("down", "r")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert "capft = 7000" in repo.read("actions/alpha.toml")


async def test_outside_git_the_screen_says_history_needs_git(mini):
    async with running(mini.root) as (app, pilot):
        await _history_of_alpha(app, pilot)
        assert "L'historique a besoin de git" in static_text(app.screen.query_one("#version-changes"), 200)


async def test_h_on_bailleurs_opens_the_highlighted_bailleur_history(repo):
    async with running(repo.root) as (app, pilot):
        await pilot.press("b")
        await pilot.pause()
        bailleur = app.screen.query_one("#quartiers").current_key.split("/")[0]
        await pilot.press("h")
        await loaded(app, pilot)
        assert isinstance(app.screen, HistoriqueScreen)
        assert (app.screen.kind, app.screen.record_id) == ("bailleurs", bailleur)
        assert [row[1] for row in table_text(app.screen.query_one("#versions"))] == ["Alice"]


async def test_restoring_a_deleted_record_from_the_corbeille(mini, monkeypatch):
    monkeypatch.setenv("PVTUI_AUTEUR", "dupont")
    editor = mini.workspace(cache=False)
    editor.delete(ACTIONS, editor.load().action("beta"))
    async with running(mini.root) as (app, pilot):
        assert app.data.action("beta") is None
        await pilot.press("u")
        await loaded(app, pilot)
        assert isinstance(app.screen, CorbeilleScreen)
        (row,) = table_text(app.screen.query_one("#trash"))
        assert row[1:] == ["action", "Atelier beta", "supprimé", "dupont"]
        await pilot.press("r")
        await pilot.press("o")
        await loaded(app, pilot)
        assert mini.path("actions/beta.toml").exists()
        await pilot.press("escape", "a")
        await pilot.pause()
        assert "Atelier beta" in [r[0] for r in table_text(app.screen.query_one("#actions"))]


async def test_restoring_their_version_kept_by_a_conflict_keeps_the_replaced_one(mini):
    editor = mini.workspace(cache=False)
    data = editor.load()
    old = data.action("alpha")
    mini.edit("actions/alpha.toml", 'titre = "Atelier alpha"', 'titre = "Leur titre"')
    conflict = editor.ws.apply(Update(ACTIONS, old, data.version(ACTIONS, "alpha"), replace(old, titre="Mon titre")))
    editor.ws.resolve(conflict, MINE)  # theirs goes to .corbeille/ as .leur
    async with running(mini.root) as (app, pilot):
        await pilot.press("u")
        await loaded(app, pilot)
        assert "Titre : Mon titre → Leur titre" in static_text(app.screen.query_one("#trash-detail"), 100)
        await pilot.press("r")
        await pilot.press("o")
        await loaded(app, pilot)
        assert 'titre = "Leur titre"' in mini.read("actions/alpha.toml")
        kept = sorted(mini.path(".corbeille/actions").glob("alpha.remplacee.*.toml"))
        assert len(kept) == 1 and 'titre = "Mon titre"' in kept[0].read_text()
        assert app.data.action("alpha").titre == "Leur titre"


async def test_an_unreadable_version_is_listed_and_not_restored(repo):
    repo.write("actions/alpha.toml", 'titre = "cassé\n')
    commit_all(repo.root, "Cassée à la main", who="Bruno")
    repo.edit("actions/alpha.toml", 'titre = "cassé\n', 'titre = "Atelier alpha"\nannee = 2019\n')
    commit_all(repo.root, "Réparée", who="Bruno")
    async with running(repo.root) as (app, pilot):
        screen = await _history_of_alpha(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        assert "Fichier illisible dans cette version" in static_text(screen.query_one("#version-changes"), 100)
        before = repo.read("actions/alpha.toml")
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen  # no question: nothing to restore
        assert repo.read("actions/alpha.toml") == before


async def test_h_on_porteurs_opens_the_porteur_record_history(mini, tmp_path, monkeypatch):
    private_git(tmp_path, monkeypatch)
    mini.write("porteurs/association-a.toml", 'nom = "Association A"\n')
    in_git(mini.root)
    mini.edit("porteurs/association-a.toml", 'nom = "Association A"', 'nom = "Association A"\nsigle = "AA"')
    commit_all(mini.root, "Sigle", who="Claire")
    async with running(mini.root) as (app, pilot):
        await pilot.press("t")
        await loaded(app, pilot)
        table = app.screen.query_one("#porteurs")
        table.select(next(key for key, g in app.screen._groupes.items() if g.record is not None))
        await pilot.press("h")
        await loaded(app, pilot)
        assert isinstance(app.screen, HistoriqueScreen) and app.screen.rel == "porteurs/association-a.toml"
        assert "Sigle : — → AA" in static_text(app.screen.query_one("#version-changes"), 100)
