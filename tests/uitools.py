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
