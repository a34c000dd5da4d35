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


async def test_the_form_refuses_what_check_calls_an_error_and_writes_nothing(tmp_path):
    """A year of 1850, a renewal « depuis 2025 » on a 2019 action, an implausible amount, a payment
    above the vote: each is refused with its French message, the file untouched, the form open."""
    from textual.widgets import Input

    from pvtui.domain.check import check
    from pvtui.domain.problem import ERREUR
    from pvtui.ui.screens.ligne_financement import LigneFinancementScreen
    from pvtui.ui.widgets.prose import Prose
    from tests.uitools import set_field, static_text

    data = copy_data(tmp_path)
    path = data / "actions/salon-atelier.toml"
    before = path.read_bytes()
    async with running(data) as (app, pilot):
        screen = await _open_form(app, pilot, "e")

        async def refused(expected: str) -> None:
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is screen and path.read_bytes() == before
            assert expected in static_text(screen.query_one("#errors", Prose), 200)

        await set_field(pilot, screen, "annee", "1850")
        await refused("Année 1850 invraisemblable (attendue entre 1990 et 2100)")
        await set_field(pilot, screen, "annee", "2019")
        await set_field(pilot, screen, "renouvele_depuis", "2025")
        await refused("Renouvelée depuis 2025 : après l'année de l'action (2019)")
        await set_field(pilot, screen, "renouvele_depuis", "2016")
        await set_field(pilot, screen, "financement-capft", "2 000 000 000 000")
        await refused("Subvention C.A. est invraisemblable")
        await set_field(pilot, screen, "financement-capft", "5 000")
        screen.query_one("#financement-capft", Input).focus()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LigneFinancementScreen)
        await set_field(pilot, app.screen, "ligne-versements", "2019-06-01 6000 solde")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await refused("Subvention capft : versé 6 000 €, plus que voté (5 000 €)")
        await set_field(pilot, screen, "financement-capft", "6 000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen) and path.read_bytes() != before
        assert not [p for p in check(app.data) if p.path == "actions/salon-atelier.toml" and p.niveau == ERREUR]
