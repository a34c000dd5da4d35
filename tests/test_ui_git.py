"""B's pvtui after a sync: the conflict a git merge set aside is settled with 1, 2 or 3; G syncs."""

from __future__ import annotations

import tomllib

import pytest
from gittools import git, isolate, log, sites, status
from test_git_sync import _fund
from uitools import loaded

from pvtui.git.repo import Repo
from pvtui.git.setup import setup
from pvtui.git.sync import sync
from pvtui.ui.app import PvtuiApp
from pvtui.ui.screens.confirm import ConflictScreen
from pvtui.ui.widgets.table import RecordTable


def _capft(path) -> int:
    return tomllib.loads(path.read_text(encoding="utf-8"))["financements"]["capft"]


@pytest.fixture
def conflicted(tmp_path, monkeypatch):
    """A and B both changed alpha's C.A. subsidy; B synced: 3500 (A's) in the file, 4000 (B's) aside."""
    isolate(tmp_path, monkeypatch)
    a, b = sites(tmp_path)
    setup(a)
    sync(Repo(a.parent), a)
    setup(b)
    _fund(a, "capft", 3500)
    sync(Repo(a.parent), a)
    _fund(b, "capft", 4000)
    sync(Repo(b.parent), b)
    return b


async def _open_conflict(app, pilot):
    await pilot.press("p")
    await loaded(app, pilot)
    screen = app.screen
    row = next(i for i, p in enumerate(screen._problems) if p.message.startswith("conflit de synchronisation"))
    assert "financements.capft" in screen._problems[row].message
    screen.query_one(RecordTable).move_cursor(row=row)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)


@pytest.mark.parametrize("choice, in_file, kept", [("1", 3500, ("mienne", 4000)), ("2", 4000, ("leur", 3500)),
                                                    ("3", 3500, None)])
async def test_the_conflict_shows_in_problemes_with_three_choices_and_loses_nothing(conflicted, choice, in_file, kept):
    b = conflicted
    app = PvtuiApp(b, poll=0, cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await _open_conflict(app, pilot)
        assert [button.id for button in app.screen.query("Button")] == ["theirs", "mine", "copy"]
        await pilot.press(choice)
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, ConflictScreen)
        assert _capft(b / "actions" / "alpha.toml") == in_file
        assert not list((b / ".corbeille").glob("**/*.conflit.*"))  # settled
        if kept:
            [aside] = (b / ".corbeille" / "actions").glob(f"alpha.{kept[0]}.*.toml")
            assert _capft(aside) == kept[1]
        else:  # the copy: a new action holding mine
            [copy] = [p for p in (b / "actions").glob("*.toml") if "copie" in p.name]
            assert _capft(copy) == 4000
        assert status(b.parent) == ""  # the choice is itself a commit
        assert not any(p.message.startswith("conflit de synchronisation") for p in app.problems)


async def test_g_syncs_and_every_view_follows_keeping_the_cursor(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    a, b = sites(tmp_path)
    for data in (a, b):
        setup(data)
    sync(Repo(a.parent), a)
    app = PvtuiApp(b, poll=0, cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        table = app.screen.query_one("#actions", RecordTable)
        table.move_cursor(row=table.get_row_index("gamma"))
        _fund(a, "capft", 3500)
        sync(Repo(a.parent), a)
        await pilot.press("G")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await loaded(app, pilot)
        assert app.data.action("alpha").financement["capft"] == 3500
        assert table.current_key == "gamma"
        assert app.git_status is not None and app.git_status.label() == "à jour"
        assert log(b.parent)[0] == "Atelier alpha : financements.capft 3 000 € -> 3 500 €"
    assert git(b.parent, "status", "--porcelain", "--", "data/actions") == ""


async def test_the_fiche_shows_the_conflict_and_opens_the_choice(conflicted):
    from pvtui.ui.screens.fiche import FicheScreen
    from uitools import static_text

    app = PvtuiApp(conflicted, poll=0, cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.open_action("alpha")
        await pilot.pause()
        assert isinstance(app.screen, FicheScreen)
        notice = static_text(app.screen.query_one("#fiche-pending"))
        assert notice.splitlines()[:2] == ["Conflit de synchronisation — ! pour choisir (1, 2 ou 3) :",
                                           "financements.capft (3 500 € chez le collègue, 4 000 € ici)"]
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, FicheScreen) and not app.screen.query_one("#fiche-pending").display
        assert _capft(conflicted / "actions" / "alpha.toml") == 4000


async def test_a_sync_made_outside_is_picked_up_by_the_poll_keeping_the_cursor(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    a, b = sites(tmp_path)
    for data in (a, b):
        setup(data)
    sync(Repo(a.parent), a)
    app = PvtuiApp(b, poll=0, cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        table = app.screen.query_one("#actions", RecordTable)
        table.move_cursor(row=table.get_row_index("gamma"))
        _fund(a, "capft", 3500)
        sync(Repo(a.parent), a)
        sync(Repo(b.parent), b)  # `pvtui sync` in another terminal
        app.poll()
        await app.workers.wait_for_complete()
        await loaded(app, pilot)
        assert app.data.action("alpha").financement["capft"] == 3500
        assert table.current_key == "gamma"
        assert app.git_status.label() == "à jour"


async def test_a_save_with_an_index_lock_is_written_and_the_toast_says_git_failed(tmp_path, monkeypatch):
    from gittools import repo_with_mini
    from uitools import open_editor, set_field

    isolate(tmp_path, monkeypatch)
    data = repo_with_mini(tmp_path / "repo")
    (data.parent / ".git" / "index.lock").write_text("")
    app = PvtuiApp(data, poll=0, cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        form = await open_editor(app, pilot, "alpha")
        await set_field(pilot, form, "financement-capft", "6000")
        app._notifications.clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _capft(data / "actions" / "alpha.toml") == 6000
        told = {n.title: n.message for n in app._notifications}
        assert told["Git"].startswith("Enregistré, mais pas dans l'historique git : git commit a échoué")
        assert "index.lock" in told["Git"] and told["Git"].count("\n") == 0
    assert log(data.parent) == ["Données"]


@pytest.mark.parametrize("ahead, behind, shown", [(1, 0, "G↑1"), (0, 1, "G↓1"), (12, 0, "G↑"), (2, 1, "G↕")])
async def test_the_view_bar_shows_saves_not_pushed_and_not_pulled_at_80_columns(tmp_path, monkeypatch,
                                                                                 ahead, behind, shown):
    """At 80 columns the status used to vanish as soon as a count was due: two cells were left for it."""
    from pvtui.ui.widgets.viewbar import ViewBar

    isolate(tmp_path, monkeypatch)
    a, b = sites(tmp_path)
    for n in range(behind):
        _fund(a, "capft", 3100 + n)
    sync(Repo(a.parent), a)
    sync(Repo(b.parent), b) if behind else None
    for n in range(behind):
        git(b.parent, "reset", "-q", "--hard", "HEAD~1")
    for n in range(ahead):
        _fund(b, "etat", 100 + n)
    app = PvtuiApp(b, poll=0, cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        bar = app.screen.query_one(ViewBar).render().plain
        assert f" {shown} " in bar and bar.rstrip().endswith("−2019+"), bar
        assert len(bar) <= 80, repr(bar)


async def test_the_conflict_question_never_starts_a_line_with_a_semicolon(conflicted):
    """French typography: « Le fichier a la leur ; la vôtre » was wrapped before the « ; » (salon-atelier, 80 columns)."""
    from dataclasses import replace

    app = PvtuiApp(conflicted, poll=0, cache=False)
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(app, pilot)
        [conflict] = app.workspace.pending_conflicts()
        for rel in ("actions/alpha.toml", "actions/salon-atelier.toml", "actions/salon-atelier-2.toml"):
            app.push_screen(ConflictScreen(replace(conflict, rel=rel)))
            await pilot.pause()
            question = app.screen.query_one(".question")
            lines = [strip.text for strip in question.render_lines(question.region.reset_offset)]
            assert len(lines) > 3 and not any(line.lstrip().startswith((";", ":", "»", "€")) for line in lines), lines
            assert " ".join(" ".join(lines).split()).startswith(f"{rel} : la synchronisation git")
            await pilot.press("escape")
            await pilot.pause()
