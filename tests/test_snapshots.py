"""Snapshots of every view on the shipped data, at 80x24 (what a technician sees over
SSH) and 120x40, in colour and with NO_COLOR (focus and selection must show without it).

Regenerate after a deliberate change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pvtui.ui.app import PvtuiApp

DATA = Path(__file__).resolve().parent.parent / "data"


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
        pilot.app.clear_notifications()  # a toast fades in: its frame would vary from run to run
        await pilot.pause()

    return run_before


VIEWS = [
    pytest.param((), id="actions"),  # the list: titles cut with …, amounts right-aligned, totals line
    pytest.param(("enter",), id="fiche"),  # first action: funding with shares, beneficiaries table
    pytest.param(("e",), id="edit"),  # the form: one-line fields, the focused one reversed without colour
    pytest.param(("e", "tab", "tab", "tab", "enter"), id="select-open"),  # an open Select on its own background and frame
    pytest.param(("e", "ctrl+o"), id="picker"),  # objective picker: [x] ticked vs [ ] unticked without colour
    pytest.param(("e", "ctrl+t", *"centre", "down"), id="porteur-picker"),  # Ctrl+T: the second match reversed
    pytest.param(("f",), id="financements"),  # per funder against its envelope, with bars; every column
    pytest.param(("o",), id="objectifs"),  # the grid: absent objectives marked ✗, III-D to III-F visible
    pytest.param(("b",), id="bailleurs"),  # TFPB per quartier and the synthesis by axe
    pytest.param(("p",), id="problemes"),  # the report's inconsistencies, as warnings
    pytest.param(("x",), id="export"),  # the export screen and its preview
    pytest.param(("slash", *"secteur:cote", "enter"), id="filter"),  # the filter keeps 5 Côte des Roses actions
]


@pytest.mark.parametrize("colour", ["couleur", "no-color"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("pressed", VIEWS)
def test_view(snap_compare, monkeypatch, pressed, size, colour):
    if colour == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    assert snap_compare(app(), terminal_size=size, run_before=keys(*pressed))


def edit_with_errors():
    """The first action's form after Ctrl+S with a bad year and a subsidy above the cost."""
    from textual.widgets import Input

    async def run_before(pilot) -> None:
        await keys("e")(pilot)
        form = pilot.app.screen
        form.query_one("#annee", Input).value = "20x9"
        form.query_one("#cout_total", Input).value = "1 000"
        form.query_one("#financement-capft", Input).value = "5 000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # What made this snapshot flaky: the toast of the refused save fading in, and the
        # focused field's cursor blinking (on or off at the moment of the screenshot).
        pilot.app.clear_notifications()
        for box in form.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("colour", ["couleur", "no-color"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_edit_form_with_errors(snap_compare, monkeypatch, size, colour):
    """Look for: "Rien n'a été enregistré" is not a toast here but the red lines above the form,
    each naming its field and the figures it compares ("5 000 € dépasse le coût total (1 000 €)"),
    wrapped whole at 80 columns; the fields at fault marked (-invalid: red, or reversed without
    colour); nothing saved (the form still open)."""
    if colour == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    assert snap_compare(app(), terminal_size=size, run_before=edit_with_errors())
