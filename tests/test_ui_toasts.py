"""One toast per event: a save, a line added, an edit in $EDITOR are each told once,
also when the file polling runs right after (the app's own write is not "someone else's")."""

from __future__ import annotations

from pvtui.ui.screens.edit import EditScreen
from pvtui.ui.widgets.table import RecordTable
from tests.test_ui_editor import _editor
from tests.uitools import copy_data, loaded, running, set_field


async def _poll(app, pilot) -> None:
    app.poll()
    await loaded(app, pilot)


def _toasts(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_a_saved_edit_is_told_once(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        table = app.screen.query_one("#actions", RecordTable)
        table.move_cursor(row=table.get_row_index("salon-atelier"))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        app._notifications.clear()
        await set_field(pilot, app.screen, "porteur", "Autre porteur")
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        await _poll(app, pilot)
        assert len(_toasts(app)) == 1, _toasts(app)


async def test_an_edit_in_the_editor_is_told_once(tmp_path, monkeypatch):
    data = copy_data(tmp_path)
    target = data / "actions" / "salon-atelier.toml"
    calls = _editor(tmp_path, monkeypatch)
    async with running(data) as (app, pilot):
        table = app.screen.query_one("#actions", RecordTable)
        table.move_cursor(row=table.get_row_index("salon-atelier"))
        app._notifications.clear()
        # What the person does in the editor: the file changes while pvtui is suspended.
        monkeypatch.setattr("pvtui.ui.records.subprocess.run",
                            lambda *a, **k: target.write_text(target.read_text("utf-8") + "# vu\n", "utf-8"))
        await pilot.press("E")
        await loaded(app, pilot)
        await _poll(app, pilot)
        assert len(_toasts(app)) == 1, _toasts(app)
        assert calls() == []  # the runner was replaced


async def test_deleting_from_the_fiche_is_told_once(tmp_path):
    from pvtui.ui.screens.actions import ActionsScreen
    from pvtui.ui.screens.confirm import ConfirmScreen

    async with running(copy_data(tmp_path)) as (app, pilot):
        table = app.screen.query_one("#actions", RecordTable)
        table.move_cursor(row=table.get_row_index("salon-atelier"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        app._notifications.clear()
        await pilot.press("o")
        await loaded(app, pilot)
        assert isinstance(app.screen, ActionsScreen)
        assert len(_toasts(app)) == 1 and "corbeille" in _toasts(app)[0], _toasts(app)


async def test_an_import_with_problems_is_one_toast(tmp_path, monkeypatch):
    from pvtui.imports.apply import Applied
    from pvtui.ui.screens.importer import ImporterScreen

    monkeypatch.setattr("pvtui.imports.apply.apply_plan",
                        lambda ws, plan: Applied(saved=("actions/y.toml",), problems=("actions/x.toml : refusé",)))
    async with running(copy_data(tmp_path)) as (app, pilot):
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImporterScreen)
        monkeypatch.setattr(screen, "preview", lambda: None)  # the preview that follows: another event
        app._notifications.clear()
        screen._apply(None)
        await loaded(app, pilot)
        assert len(_toasts(app)) == 1, _toasts(app)
        assert "1 fichier écrit" in _toasts(app)[0] and "refusé" in _toasts(app)[0]
