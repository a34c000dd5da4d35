"""The actions flows as a technician drives them: keys in, files and tables checked."""

from __future__ import annotations

import os

from textual.widgets import Input, Static

from pvtui.ui.screens.confirm import ConfirmScreen, ConflictScreen
from pvtui.ui.screens.edit import EditScreen
from pvtui.ui.screens.fiche import FicheScreen
from pvtui.ui.widgets.prose import Prose
from pvtui.ui.widgets.table import RecordTable
from tests.uitools import copy_data, loaded, open_editor, running, set_field, static_text

SALON = "actions/salon-atelier.toml"


async def test_edit_saves_only_the_changed_line_and_updates_financements(tmp_path):
    data = copy_data(tmp_path)
    before = (data / SALON).read_text("utf-8")
    async with running(data) as (app, pilot):
        await pilot.press("f")
        await pilot.pause()
        funders = app.screen.query_one("#funders", RecordTable)
        assert [c.plain for c in funders.get_row("capft")][1] == "155 000 €"
        await pilot.press("a")
        await pilot.pause()
        screen = await open_editor(app, pilot, "salon-atelier")
        await set_field(pilot, screen, "financement-capft", "6 000 €")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)
        after = (data / SALON).read_text("utf-8")
        changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
        assert changed == [("capft = 5000", "capft = 6000")]
        assert len(before.splitlines()) == len(after.splitlines())
        await pilot.press("f")
        await pilot.pause()
        funders = app.screen.query_one("#funders", RecordTable)
        row = [c.plain for c in funders.get_row("capft")]
        assert row[1] == "156 000 €" and row[5] == "-1 000 €"


async def test_bad_amount_is_refused_and_nothing_written(tmp_path):
    data = copy_data(tmp_path)
    before = (data / SALON).read_bytes()
    async with running(data) as (app, pilot):
        screen = await open_editor(app, pilot, "salon-atelier")
        await set_field(pilot, screen, "cout_total", "abc")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        errors = static_text(screen.query_one("#errors", Prose), 200)
        assert "Coût total" in errors and "n'est pas un montant" in errors
        await set_field(pilot, screen, "cout_total", "-5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "négatif" in static_text(screen.query_one("#errors", Prose), 200)
        await set_field(pilot, screen, "cout_total", "43 655")
        await set_field(pilot, screen, "financement-etat", "50 000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "dépasse le coût total" in static_text(screen.query_one("#errors", Prose), 200)
        await set_field(pilot, screen, "financement-etat", "4 000")
        await set_field(pilot, screen, "objectifs", "I-1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = static_text(screen.query_one("#errors", Prose), 200)
        assert "objectif inconnu « I-1 »" in errors and "« I-I »" in errors
        assert isinstance(app.screen, EditScreen)
    assert (data / SALON).read_bytes() == before


async def test_escape_with_unsaved_changes_asks_first(tmp_path):
    data = copy_data(tmp_path)
    before = (data / SALON).read_bytes()
    async with running(data) as (app, pilot):
        screen = await open_editor(app, pilot, "salon-atelier")
        await set_field(pilot, screen, "titre", "Autre titre")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: back to the form, still dirty
        await pilot.pause()
        assert app.screen is screen and screen.dirty
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")  # yes, drop the changes
        await pilot.pause()
        assert not isinstance(app.screen, (EditScreen, ConfirmScreen))
    assert (data / SALON).read_bytes() == before


async def test_new_action_is_written_with_a_slug_id(tmp_path):
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditScreen)
        await set_field(pilot, screen, "titre", "Atelier [2019] [/]")
        await set_field(pilot, screen, "porteur", "Association test")
        await set_field(pilot, screen, "cout_total", "10 000,50")
        await set_field(pilot, screen, "financement-yutz", "1 000")
        await set_field(pilot, screen, "objectifs", "I-I, III-B")
        screen.query_one("#secteur").value = "terrasses-des-provinces"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = data / "actions" / "atelier-2019.toml"
        assert path.exists()
        text = path.read_text("utf-8")
        assert 'titre = "Atelier [2019] [/]"' in text and "cout_total = 10000.5" in text
        table = app.screen.query_one("#actions", RecordTable)
        # the markup-looking title shows exactly as typed
        assert table.get_row("atelier-2019")[0].plain == "Atelier [2019] [/]"


async def test_a_new_action_takes_its_place_in_the_sort_order_and_the_cursor(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        await set_field(pilot, screen, "titre", "Bibliothèque de rue")
        await set_field(pilot, screen, "porteur", "Association test")
        await set_field(pilot, screen, "cout_total", "1 000")
        screen.query_one("#secteur").value = "terrasses-des-provinces"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        table = app.screen.query_one("#actions", RecordTable)
        assert table.current_key == "bibliotheque-de-rue"
        titles = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        at = titles.index("Bibliothèque de rue")
        assert at not in (0, len(titles) - 1) and titles[at - 1] < "Bibliothèque de rue" < titles[at + 1], \
            titles[at - 1:at + 2]


async def test_delete_asks_then_moves_to_trash(tmp_path):
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        table = app.screen.query_one("#actions", RecordTable)
        rows = table.row_count
        table.move_cursor(row=table.get_row_index("salon-atelier"))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("o")
        await pilot.pause()
        assert not (data / SALON).exists()
        trashed = list((data / ".corbeille" / "actions").glob("salon-atelier.*.toml"))
        assert len(trashed) == 1
        assert app.screen.query_one("#actions", RecordTable).row_count == rows - 1


async def test_outside_change_is_reloaded_keeping_filter_and_cursor(tmp_path):
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        await pilot.press("slash", *"secteur:intercommunal")
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one("#actions", RecordTable)
        assert table.row_count == 11
        table.move_cursor(row=table.get_row_index("salon-atelier"))
        text = (data / SALON).read_text("utf-8").replace('titre = "Salon-atelier"', 'titre = "Salon-atelier modifié"')
        (data / SALON).write_text(text, "utf-8")
        os.utime(data / SALON, ns=(1, 1))  # a different mtime, whatever the clock resolution
        app.poll()
        await loaded(app, pilot)
        await pilot.pause()
        assert table.row_count == 11
        assert table.get_row("salon-atelier")[0].plain == "Salon-atelier modifié"
        assert table.current_key == "salon-atelier"
        assert app.screen.query_one("#filter", Input).value == "secteur:intercommunal"


async def conflict_setup(tmp_path):
    data = copy_data(tmp_path)
    return data, (data / SALON)


async def _edit_then_conflict(app, pilot, path, their_titre: str, my_porteur: str):
    """A colleague changes the title and the porteur while I change the porteur: a real conflict."""
    screen = await open_editor(app, pilot, "salon-atelier")
    await set_field(pilot, screen, "porteur", my_porteur)
    path.write_text(path.read_text("utf-8").replace('titre = "Salon-atelier"', f'titre = "{their_titre}"')
                    .replace('porteur = "Société Beaux-Arts de Lorraine"', 'porteur = "Leur porteur"'), "utf-8")
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)


async def test_conflict_keep_mine_keeps_theirs_in_trash(tmp_path):
    data, path = await conflict_setup(tmp_path)
    async with running(data) as (app, pilot):
        await _edit_then_conflict(app, pilot, path, "Leur titre", "Mon porteur")
        await pilot.press("2")
        await pilot.pause()
        text = path.read_text("utf-8")
        assert 'porteur = "Mon porteur"' in text
        kept = list((data / ".corbeille" / "actions").glob("salon-atelier.leur.*.toml"))
        assert len(kept) == 1 and 'titre = "Leur titre"' in kept[0].read_text("utf-8")


async def test_conflict_take_theirs_keeps_mine_in_trash(tmp_path):
    data, path = await conflict_setup(tmp_path)
    async with running(data) as (app, pilot):
        await _edit_then_conflict(app, pilot, path, "Leur titre", "Mon porteur")
        await pilot.press("1")
        await pilot.pause()
        assert 'titre = "Leur titre"' in path.read_text("utf-8")
        kept = list((data / ".corbeille" / "actions").glob("salon-atelier.mienne.*.toml"))
        assert len(kept) == 1 and 'porteur = "Mon porteur"' in kept[0].read_text("utf-8")


async def test_conflict_save_as_copy_keeps_both(tmp_path):
    data, path = await conflict_setup(tmp_path)
    async with running(data) as (app, pilot):
        await _edit_then_conflict(app, pilot, path, "Leur titre", "Mon porteur")
        await pilot.press("3")
        await pilot.pause()
        assert 'titre = "Leur titre"' in path.read_text("utf-8")
        copies = [p for p in (data / "actions").glob("salon-atelier-copie*.toml")]
        assert len(copies) == 1 and 'porteur = "Mon porteur"' in copies[0].read_text("utf-8")


async def test_enter_opens_the_fiche_with_shares(tmp_path):
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        table = app.screen.query_one("#actions", RecordTable)
        table.move_cursor(row=table.get_row_index("salon-atelier"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FicheScreen)
        shown = static_text(app.screen.query_one("#fiche", Static))
        assert "5 000 €" in shown and "11,5 %" in shown and "9,2 %" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FicheScreen)


async def test_quit_with_unsaved_changes_asks(tmp_path):
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        screen = await open_editor(app, pilot, "salon-atelier")
        await set_field(pilot, screen, "titre", "x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.is_running


async def test_keys_in_one_burst_after_slash_all_reach_the_filter():
    """Over SSH "/salon" arrives in one packet: every key after "/" is typed in the filter,
    none of them sorts (s), switches to Actions (a) or to Objectifs (o)."""
    from textual import events

    from pvtui.ui.screens.actions import ActionsScreen
    from tests.uitools import DATA

    async with running(DATA) as (app, pilot):
        for char in "/salon":
            app.post_message(events.Key("slash" if char == "/" else char, char))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        assert app.screen.query_one("#filter", Input).value == "salon"
        assert {row.titre for row in app.screen._shown} == {"Salon-atelier", "Salon de l'apprentissage"}


async def test_a_delete_question_says_its_key_and_an_enter_typed_ahead_keeps_the_file(tmp_path):
    """Enter answers « Annuler » (focused first); the named action's button shows `o`, which does it."""
    from textual.widgets import Button

    data = copy_data(tmp_path)
    target = data / "actions" / "salon-atelier.toml"
    async with running(data) as (app, pilot):
        app.screen.query_one(RecordTable).select("salon-atelier")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert str(app.screen.query_one("#yes", Button).label).endswith("(o)")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen) and target.exists()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("o")
        await loaded(app, pilot)
        assert not target.exists()
