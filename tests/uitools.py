"""Helpers for driving the TUI under Pilot on a copy of the shipped data."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from pvtui.ui.app import PvtuiApp

DATA = Path(__file__).resolve().parent.parent / "data"


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


async def loaded(app: PvtuiApp, pilot) -> None:
    """Wait until the folder is read and every view has drawn it."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@contextlib.asynccontextmanager
async def running(data_dir: Path, size=(80, 24)):
    app = PvtuiApp(data_dir, poll=0, cache=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        yield app, pilot


async def open_editor(app: PvtuiApp, pilot, action_id: str):
    """From the actions list: the edit form of one action."""
    from pvtui.ui.screens.edit import EditScreen
    from pvtui.ui.widgets.table import RecordTable

    table = app.screen.query_one("#actions", RecordTable)
    table.move_cursor(row=table.get_row_index(action_id))
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, EditScreen)
    return app.screen


async def set_field(pilot, screen, field_id: str, value: str) -> None:
    """Type `value` into a form's input, as a person would (cleared first)."""
    from textual.widgets import Input

    box = screen.query_one(f"#{field_id}", Input)
    box.focus()
    box.value = ""
    await pilot.press(*value) if value else None
    await pilot.pause()


def save(app: PvtuiApp, kind: str, new, old):
    """What a form does on save: the change, based on the version the app shows."""
    from pvtui.workspace.changes import Update

    return app.apply(Update(kind, old, app.data.version(kind, old.id), new))


def table_text(table) -> list[list[str]]:
    """The cells of a DataTable as plain strings, in display order."""
    return [[cell.plain if hasattr(cell, "plain") else str(cell) for cell in table.get_row_at(i)]
            for i in range(table.row_count)]


def static_text(static, width: int = 78) -> str:
    """What a Static shows, as plain text (Rich renderables rendered off-screen)."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)
    console.print(static.content)
    return console.export_text()
