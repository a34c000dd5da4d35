"""Snapshots of every view at 80x24 on the shipped data: what a technician sees over SSH.

Regenerate after a deliberate change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pvtui.ui.app import PvtuiApp

DATA = Path(__file__).resolve().parent.parent / "data"
SIZE = (80, 24)


def app() -> PvtuiApp:
    return PvtuiApp(DATA, poll=0, cache=False)


def keys(*pressed: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize(
    "name, pressed",
    [
        ("actions", ()),  # the list: titles cut with …, amounts right-aligned, totals line
        ("fiche", ("enter",)),  # first action: funding with shares, beneficiaries table
        ("edit", ("e",)),  # the form: one-line fields, subsidies per funder
        ("financements", ("f",)),  # per funder against its envelope, with a bar
        ("objectifs", ("o",)),  # the grid: absent objectives marked ✗
        ("bailleurs", ("b",)),  # TFPB per quartier and the synthesis by axe
        ("problemes", ("p",)),  # the report's inconsistencies, as warnings
        ("export", ("x",)),  # the export screen and its preview
        ("filter", ("slash", *"secteur:cote", "enter")),  # the filter keeps 5 Côte des Roses actions
    ],
)
def test_view(snap_compare, name, pressed):
    assert snap_compare(app(), terminal_size=SIZE, run_before=keys(*pressed))
