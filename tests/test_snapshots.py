"""Snapshots of every view at 80x24 on the shipped data: what a technician sees over SSH.

Regenerate after a deliberate change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pvtui.ui.app import PvtuiApp

DATA = Path(__file__).resolve().parent.parent / "data"
SIZE = (80, 24)


class FrozenDatetime(datetime):
    """The export preview says when it was made: a snapshot needs a fixed clock."""

    @classmethod
    def now(cls, tz=None):
        return cls(2026, 11, 25, 9, 30)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr("pvtui.ui.screens.export.datetime", FrozenDatetime)


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
    "pressed",
    [
        pytest.param((), id="actions"),  # the list: titles cut with …, amounts right-aligned, totals line
        pytest.param(("enter",), id="fiche"),  # first action: funding with shares, beneficiaries table
        pytest.param(("e",), id="edit"),  # the form: one-line fields, subsidies per funder
        pytest.param(("f",), id="financements"),  # per funder against its envelope, with a bar
        pytest.param(("o",), id="objectifs"),  # the grid: absent objectives marked ✗
        pytest.param(("b",), id="bailleurs"),  # TFPB per quartier and the synthesis by axe
        pytest.param(("p",), id="problemes"),  # the report's inconsistencies, as warnings
        pytest.param(("x",), id="export"),  # the export screen and its preview
        pytest.param(("slash", *"secteur:cote", "enter"), id="filter"),  # the filter keeps 5 Côte des Roses actions
    ],
)
def test_view(snap_compare, pressed):
    assert snap_compare(app(), terminal_size=SIZE, run_before=keys(*pressed))
