"""The Bailleurs / TFPB view and its lines, driven by keys on a copy of the shipped data."""

from __future__ import annotations

import tomllib

from textual.widgets import DataTable, Input, Select, Static

from pvtui.ui.screens.bailleurs import BailleursScreen
from pvtui.ui.screens.confirm import ConfirmScreen
from pvtui.ui.screens.confirm import ConflictScreen
from pvtui.ui.widgets.prose import Prose
from pvtui.ui.screens.lignes import LigneFormScreen, LignesScreen
from pvtui.ui.widgets.table import RecordTable
from tests.conftest import tree_hash
from tests.uitools import copy_data, running, static_text, table_text

BATIGERE = "bailleurs/batigere.toml"


async def open_lignes(app, pilot, key: str = "batigere/0") -> LignesScreen:
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(app.screen, BailleursScreen)
    table = app.screen.query_one("#quartiers", RecordTable)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, LignesScreen)
    return app.screen


def first_quartier_actions(data) -> list[str]:
    with open(data / BATIGERE, "rb") as handle:
        return [line["action"] for line in tomllib.load(handle)["quartiers"][0]["lignes"]]


def axe_row(app, axe: str) -> list[str]:
    return [cell.plain for cell in app.screen.query_one("#axes", DataTable).get_row(axe)]


async def fill_form(pilot, form: LigneFormScreen, action: str, realisee: str, valorisee: str) -> None:
    for name, value in (("action", action), ("realisee", realisee), ("valorisee", valorisee)):
        box = form.query_one(f"#{name}", Input)
        box.focus()
        box.value = ""
        if value:
            await pilot.press(*value)
    await pilot.pause()


async def test_quartiers_and_synthesis_fit_80_columns(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        await pilot.press("b")
        await pilot.pause()
        for table_id in ("#quartiers", "#axes"):
            table = app.screen.query_one(table_id)
            assert table.virtual_size.width <= 80, table_id
        quartiers = table_text(app.screen.query_one("#quartiers", RecordTable))
        assert quartiers[0][:2] == ["BATIGERE", "Côte des Roses"]
        assert quartiers[0][3:7] == ["59 163", "122 227", "59 163", "48,4 %"]
        assert axe_row(app, "total")[2:] == ["36", "347 927", "222 920", "64,1 %"]
        # The report's printed total (without MOSELIS), from [declare.tfpb], right under pvtui's own.
        assert axe_row(app, "imprime") == ["Imprimé au rapport", "", "", "270 256", "204 920", "75,8 %"]


async def test_add_a_line_by_keys_writes_it_and_updates_the_synthesis(tmp_path):
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        await pilot.press("b")
        await pilot.pause()
        assert axe_row(app, "renforcement-presence")[2:5] == ["7", "47 232", "34 281"]
        lignes = await open_lignes(app, pilot)
        assert lignes.query_one("#lignes", RecordTable).row_count == 12
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LigneFormScreen)
        # The axe from the list (Enter opens it, Down goes past the blank choice), then the fields.
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert form.query_one("#axe", Select).value == "renforcement-presence"
        assert form.focused is form.query_one("#action", Input)
        await pilot.press(*"Médiation [soir] ", "enter", *"1 000", "enter", *"500,50 €", "enter")
        await pilot.pause()
        assert app.screen is lignes
        text = (data / BATIGERE).read_text("utf-8")
        assert ('axe = "renforcement-presence"\naction = "Médiation [soir]"\nrealisee = 1000\nvalorisee = 500.5\n'
                in text)
        rows = table_text(lignes.query_one("#lignes", RecordTable))
        assert len(rows) == 13 and rows[-1][1:] == ["Médiation [soir]", "1 000", "500,50", "50,0 %"]
        assert lignes.query_one("#lignes", RecordTable).cursor_row == 12
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BailleursScreen)
        assert axe_row(app, "renforcement-presence")[2:5] == ["8", "48 232", "34 781,50"]


async def test_bad_line_is_refused_and_nothing_written(tmp_path):
    data = copy_data(tmp_path)
    before = tree_hash(data)
    async with running(data) as (app, pilot):
        await open_lignes(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#axe", Select).value = "sur-entretien"
        await fill_form(pilot, form, "Ascenseurs", "1 000", "2 000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        errors = static_text(form.query_one("#ligne-errors", Prose), 200)
        assert "Dépense valorisée : ne peut pas dépasser la dépense réalisée" in errors
        assert form.query_one("#valorisee", Input).has_class("-invalid")

        await fill_form(pilot, form, "Ascenseurs", "abc", "10")
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = static_text(form.query_one("#ligne-errors", Prose), 200)
        assert "Dépense réalisée : « abc » n'est pas un montant" in errors
        assert app.screen is form

        await fill_form(pilot, form, "", "10", "")
        form.query_one("#axe", Select).clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = static_text(form.query_one("#ligne-errors", Prose), 200)
        assert "Axe : obligatoire" in errors and "Action : obligatoire" in errors
        assert "Dépense valorisée : obligatoire" in errors

        await pilot.press("escape")  # typed fields: asks before dropping them
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LignesScreen)
        assert app.screen.query_one("#lignes", RecordTable).row_count == 12
    assert tree_hash(data) == before


async def test_edit_a_line_keeps_the_rest_of_the_file(tmp_path):
    data = copy_data(tmp_path)
    before = (data / BATIGERE).read_text("utf-8")
    async with running(data) as (app, pilot):
        lignes = await open_lignes(app, pilot)
        lignes.query_one("#lignes", RecordTable).move_cursor(row=2)  # Référents sécurité 2 934 / 928
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LigneFormScreen)
        assert form.query_one("#realisee", Input).value == "2 934"
        await fill_form(pilot, form, "Référents sécurité", "2 934", "1 000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is lignes
    after = (data / BATIGERE).read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("valorisee = 928", "valorisee = 1000")]
    assert len(before.splitlines()) == len(after.splitlines())


async def test_remove_a_line_asks_first(tmp_path):
    data = copy_data(tmp_path)
    before = (data / BATIGERE).read_bytes()
    async with running(data) as (app, pilot):
        lignes = await open_lignes(app, pilot)
        lignes.query_one("#lignes", RecordTable).move_cursor(row=1)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Coordonnateur HLM de la gestion de proximité" in static_text(app.screen.query_one(".question"), 200)
        await pilot.press("escape")  # no
        await pilot.pause()
        assert app.screen is lignes and (data / BATIGERE).read_bytes() == before
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("o")  # yes
        await pilot.pause()
        assert app.screen is lignes
        text = (data / BATIGERE).read_text("utf-8")
        actions = first_quartier_actions(data)
        assert "Coordonnateur HLM de la gestion de proximité" not in actions and len(actions) == 11
        assert actions[:2] == ["Agents de médiation sociale", "Référents sécurité"]
        assert len(before.decode().splitlines()) - len(text.splitlines()) == 6
        rows = table_text(lignes.query_one("#lignes", RecordTable))
        assert len(rows) == 11 and rows[1][1] == "Référents sécurité"
        [kept] = (data / ".corbeille" / "bailleurs").iterdir()  # the file before, byte for byte
        assert kept.name.startswith("batigere.avant-retrait.") and kept.read_bytes() == before


async def test_conflict_on_a_line_offers_theirs_or_mine(tmp_path):
    data = copy_data(tmp_path)
    path = data / BATIGERE
    async with running(data) as (app, pilot):
        lignes = await open_lignes(app, pilot)
        theirs = path.read_text("utf-8").replace("realisee = 2934", "realisee = 3000")  # the third line
        path.write_text(theirs, "utf-8")
        lignes.query_one("#lignes", RecordTable).move_cursor(row=0)  # while I remove the first
        await pilot.press("d", "o")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("3")  # no copy for a line: ignored
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("2")  # mine
        await pilot.pause()
        assert first_quartier_actions(data)[0] == "Coordonnateur HLM de la gestion de proximité"
        assert "realisee = 2934" in path.read_text("utf-8")  # mine wins, whole
        kept = list((data / ".corbeille" / "bailleurs").glob("batigere.leur.*.toml"))
        assert len(kept) == 1 and kept[0].read_text("utf-8") == theirs


async def test_conflict_take_theirs_reloads(tmp_path):
    data = copy_data(tmp_path)
    path = data / BATIGERE
    async with running(data) as (app, pilot):
        lignes = await open_lignes(app, pilot)
        theirs = path.read_text("utf-8").replace("realisee = 8648", "realisee = 9000")
        path.write_text(theirs, "utf-8")
        lignes.query_one("#lignes", RecordTable).move_cursor(row=2)
        await pilot.press("d", "o")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert path.read_text("utf-8") == theirs
        assert list((data / ".corbeille" / "bailleurs").glob("batigere.mienne.*.toml"))
        assert table_text(lignes.query_one("#lignes", RecordTable))[0][2] == "9 000"


async def test_one_year_at_a_time(tmp_path):
    data = copy_data(tmp_path)
    text = (data / BATIGERE).read_text("utf-8").replace("annee = 2019", "annee = 2020")
    (data / "bailleurs" / "batigere-2020.toml").write_text(text, "utf-8")
    async with running(data) as (app, pilot):
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        quartiers = screen.query_one("#quartiers", RecordTable)
        # The year shown first is the latest with a programmation: 2020 has none.
        assert screen.year == 2019 and quartiers.row_count == 6
        assert axe_row(app, "total")[2] == "36"
        await pilot.press("plus")
        await pilot.pause()
        assert screen.year == 2020 and quartiers.row_count == 2
        assert "TFPB 2020" in static_text(screen.query_one("#tfpb-title", Static), 200)
        assert axe_row(app, "total")[2] == "20"  # BATIGERE's two quartiers only
        await pilot.press("plus")  # no year after: stays
        await pilot.pause()
        assert screen.year == 2020
        await pilot.press("minus")
        await pilot.pause()
        assert screen.year == 2019 and quartiers.row_count == 6


async def test_a_quartiers_logements_and_abattement_are_edited_by_keys(tmp_path):
    from pvtui.ui.screens.quartier import QuartierFormScreen

    data = copy_data(tmp_path)
    before = tomllib.loads((data / BATIGERE).read_text("utf-8"))["quartiers"][0]
    async with running(data) as (app, pilot):
        await open_lignes(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, QuartierFormScreen)
        assert form.query_one("#logements", Input).value == "474"
        form.query_one("#logements", Input).value = "beaucoup"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "n'est pas un nombre entier" in static_text(form.query_one("#quartier-errors"), 200)
        assert tomllib.loads((data / BATIGERE).read_text("utf-8"))["quartiers"][0] == before
        form.query_one("#logements", Input).value = "480"
        form.query_one("#abattement", Input).value = "60 000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LignesScreen)
        after = tomllib.loads((data / BATIGERE).read_text("utf-8"))["quartiers"][0]
        assert (after["logements"], after["abattement"]) == (480, 60000)
        assert after["lignes"] == before["lignes"]


async def test_ctrl_q_asks_only_while_a_quartier_or_line_form_holds_something_typed(tmp_path):
    """The TFPB forms are guarded as the action form is: a typed value is never dropped by Ctrl+Q unasked."""
    from pvtui.ui.screens.confirm import ConfirmScreen
    from pvtui.ui.screens.quartier import QuartierFormScreen

    async with running(copy_data(tmp_path)) as (app, pilot):
        await open_lignes(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, QuartierFormScreen) and not form.dirty
        form.query_one("#logements", Input).value = "480"
        assert form.dirty
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        form.query_one("#logements", Input).value = "474"  # put back: nothing to lose
        assert not form.dirty
        await pilot.press("escape")
        await pilot.pause()
        assert form not in app.forms  # left: no longer asked about
