"""Opening any record from anywhere, and the unsaved-changes guard that asks exactly when something changed."""

from __future__ import annotations

import pytest

from pvtui.ui.screens.bailleurs import BailleursScreen
from pvtui.ui.screens.confirm import ConfirmScreen
from pvtui.ui.screens.edit import EditScreen
from pvtui.ui.widgets.table import RecordTable
from tests.uitools import copy_data, running


async def test_the_palette_opens_a_bailleur_whose_view_was_never_shown(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"oph")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, BailleursScreen)
        assert app.screen.query_one("#quartiers", RecordTable).current_key.startswith("oph/")


async def test_problemes_enter_on_a_bailleur_opens_it_on_a_fresh_start(tmp_path):
    data = copy_data(tmp_path)
    path = data / "bailleurs" / "oph.toml"
    path.write_text(path.read_text("utf-8").replace("realisee = ", "realisee = -", 1), "utf-8")
    async with running(data) as (app, pilot):
        await pilot.press("p")
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        rows = [i for i in range(table.row_count) if "oph" in str(table.get_row_at(i))]
        assert rows, "the broken bailleur is listed in Problèmes"
        table.move_cursor(row=rows[0])
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, BailleursScreen)
        assert app.screen.query_one("#quartiers", RecordTable).current_key.startswith("oph/")


async def _open_form(app, pilot, key: str) -> EditScreen:
    table = app.screen.query_one("#actions", RecordTable)
    table.move_cursor(row=table.get_row_index("salon-atelier"))
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, EditScreen)
    return app.screen


@pytest.mark.parametrize("key", ["e", "c"])
async def test_escape_on_an_untouched_form_does_not_ask(tmp_path, key):
    async with running(copy_data(tmp_path)) as (app, pilot):
        await _open_form(app, pilot, key)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (EditScreen, ConfirmScreen))


async def test_quit_from_an_untouched_form_does_not_ask(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        await _open_form(app, pilot, "e")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_field_typed_then_put_back_is_not_a_change(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        form = await _open_form(app, pilot, "e")
        await pilot.press("end", "x")  # (the title is selected on focus: "end" first)
        await pilot.pause()
        assert form.dirty
        await pilot.press("backspace")
        await pilot.pause()
        assert not form.dirty
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (EditScreen, ConfirmScreen))
