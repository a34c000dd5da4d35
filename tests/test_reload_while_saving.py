"""Issue 18: a reload running while one saves or deletes never crashes, never loses track of a
trashed record and never calls one's own save a colleague's conflict."""

from __future__ import annotations

import threading
from dataclasses import replace

from uitools import copy_data, open_editor, running, set_field

from pvtui.workspace.changes import Create, Delete, Saved, Update
from pvtui.workspace.workspace import Workspace


def _reloading(ws: Workspace, stop: threading.Event, errors: list[BaseException]) -> threading.Thread:
    def loop() -> None:
        while not stop.is_set():
            try:
                ws.load()
                ws.changed_on_disk()
            except BaseException as error:  # noqa: BLE001 - the test reports it
                errors.append(error)
                return
    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


def test_saves_and_deletes_under_constant_reloads(mini):
    ws = Workspace(mini.root, cache=False)
    ws.load()
    stop, errors = threading.Event(), []
    thread = _reloading(ws, stop, errors)
    try:
        for i in range(40):
            data = ws.data
            alpha = data.action("alpha")
            result = ws.apply(Update("actions", alpha, data.version("actions", "alpha"), replace(alpha, titre=f"Titre {i}")))
            assert isinstance(result, Saved), result  # never a conflict with oneself
            new = ws.apply(Create("actions", replace(alpha, id="", titre=f"Copie {i}")))
            assert isinstance(new, Saved), new
            data = ws.data
            copy = new.record
            gone = ws.apply(Delete("actions", copy, data.version("actions", copy.id)))
            assert isinstance(gone, Saved), gone
            assert ws.data.action(copy.id) is None
            assert (mini.root / gone.kept).exists()
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors
    assert ws.load().action("alpha").titre == "Titre 39"
    assert ws.changed_on_disk() == []


async def test_the_tui_saves_while_its_reload_worker_runs(tmp_path):
    """The save lands while the app's own reload is reading the folder: no crash, no conflict screen."""
    from pvtui.ui.screens.confirm import ConflictScreen
    from pvtui.ui.screens.edit import EditScreen

    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        for i in range(3):
            screen = await open_editor(app, pilot, "salon-atelier")
            await set_field(pilot, screen, "titre", f"Salon {i}")
            app.reload("")  # a reload in flight, as the poll starts one when a file changes
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not isinstance(app.screen, (EditScreen, ConflictScreen)), app.screen
            assert app.data.action("salon-atelier").titre == f"Salon {i}"
        assert 'titre = "Salon 2"' in (data / "actions/salon-atelier.toml").read_text("utf-8")


async def test_the_tui_deletes_while_its_reload_worker_runs(tmp_path):
    """The file goes to .corbeille/ while a reload reads the folder: no KeyError, the fiche closes once."""
    from pvtui.ui.screens.fiche import FicheScreen

    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        app.open_action("salon-atelier")
        await pilot.pause()
        assert isinstance(app.screen, FicheScreen)
        await pilot.press("d")
        await pilot.pause()
        app.reload("")
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.reload("")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, FicheScreen)
        assert app.data.action("salon-atelier") is None
        assert not (data / "actions/salon-atelier.toml").exists()
        assert any(p.name.startswith("salon-atelier.") for p in (data / ".corbeille").rglob("*.toml"))
