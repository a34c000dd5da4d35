"""The edit form's porteur field: Ctrl+T picks a porteur record by part of its name, sigle or alias."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from pvtui.imports.porteurs import PorteurIndex
from pvtui.domain.model import Porteur
from pvtui.ui.screens.edit import EditScreen
from pvtui.ui.screens.porteurs import PorteursScreen
from tests.uitools import copy_data, loaded, open_editor, running, table_text

RECORDS = [Porteur("apsis-emergence", nom="APSIS Emergence", aliases=("A.P.S.I.S.",)),
           Porteur("c-c-a-s", nom="C.C.A.S.", sigle="CCAS", aliases=("Centre communal d'action sociale",)),
           Porteur("cidff", nom="CIDFF", sigle="CIDFF")]


def test_the_search_finds_records_by_any_word_of_their_name_sigle_or_alias_then_by_lookalike():
    index = PorteurIndex(RECORDS)
    assert [p.id for p in index.search("emerg")] == ["apsis-emergence"]
    assert [p.id for p in index.search("communal")] == ["c-c-a-s"], "an alias"
    assert [p.id for p in index.search("ccas")] == ["c-c-a-s"], "a sigle, punctuation set aside"
    assert [p.id for p in index.search("Émergence apsis")] == ["apsis-emergence"], "words in any order, accents"
    assert [p.id for p in index.search("")] == ["apsis-emergence", "c-c-a-s", "cidff"], "empty: every record"
    assert [p.id for p in index.search("emergance")] == ["apsis-emergence"], "a typo: the lookalike"
    assert index.search("club de foot") == []


async def _pick(app, pilot, form: EditScreen, typed: str) -> None:
    form.query_one("#porteur", Input).focus()
    await pilot.press("ctrl+t", *typed)  # typed at once: the first key is not lost while the picker opens
    await pilot.pause()
    assert not isinstance(app.screen, EditScreen), "Ctrl+T opens the picker"
    assert app.screen.query_one("#porteur-search", Input).value == typed


async def test_ctrl_t_picks_a_record_by_part_of_its_name_and_the_save_writes_its_name(tmp_path):
    root = copy_data(tmp_path)
    async with running(root, size=(80, 24)) as (app, pilot):
        form = await open_editor(app, pilot, "salon-atelier")
        await _pick(app, pilot, form, "emerg")
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            "▸ APSIS Emergence"], "the highlighted one marked: seen without colours too"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#porteur", Input).value == "APSIS Emergence"
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        assert 'porteur = "APSIS Emergence"\n' in (root / "actions" / "salon-atelier.toml").read_text("utf-8")
        await pilot.press("t")
        await loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, PorteursScreen)
        porteurs = screen.query_one("#porteurs")
        porteurs.move_cursor(row=porteurs.get_row_index("porteurs/apsis-emergence"))
        await pilot.pause()
        titles = [row[1] for row in table_text(screen.query_one("#porteur-actions"))]
        assert "Salon-atelier" in titles and len(titles) == 6, "the action is listed under the record"


async def test_a_name_no_record_holds_is_kept_as_typed(tmp_path):
    root = copy_data(tmp_path)
    async with running(root) as (app, pilot):
        form = await open_editor(app, pilot, "salon-atelier")
        await _pick(app, pilot, form, "Club de foot")
        assert app.screen.query_one(OptionList).option_count == 0
        await pilot.press("enter")
        await pilot.pause()
        assert form.query_one("#porteur", Input).value == "Club de foot", "free text, as typed"
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        assert 'porteur = "Club de foot"\n' in (root / "actions" / "salon-atelier.toml").read_text("utf-8")


async def test_escape_leaves_the_porteur_as_it_was(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        form = await open_editor(app, pilot, "salon-atelier")
        await _pick(app, pilot, form, "cidff")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and form.query_one("#porteur", Input).value == "Société Beaux-Arts de Lorraine"
        assert not form.dirty


async def test_down_then_enter_picks_the_second_match(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        form = await open_editor(app, pilot, "salon-atelier")
        await _pick(app, pilot, form, "centre social")
        options = app.screen.query_one(OptionList)
        names = [str(options.get_option_at_index(i).prompt)[2:] for i in range(options.option_count)]
        assert len(names) >= 2
        await pilot.press("down")
        await pilot.pause()
        assert [str(options.get_option_at_index(i).prompt)[:2] for i in range(2)] == ["  ", "▸ "]
        await pilot.press("enter")
        await pilot.pause()
        assert form.query_one("#porteur", Input).value == names[1]


async def test_typing_the_start_of_a_records_name_offers_it_and_right_takes_it(tmp_path):
    root = copy_data(tmp_path)
    async with running(root) as (app, pilot):
        form = await open_editor(app, pilot, "salon-atelier")
        box = form.query_one("#porteur", Input)
        box.focus()
        await pilot.press("ctrl+u", *"mission l")  # (^U clears the field)
        await pilot.pause()
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert box.value == "Mission Locale Nord Mosellan"


async def test_the_forms_footer_shows_ctrl_t_and_still_the_quit_key_at_80_columns(tmp_path):
    from pvtui.ui.widgets.keybar import KeyBar

    async with running(copy_data(tmp_path), size=(80, 24)) as (app, pilot):
        form = await open_editor(app, pilot, "salon-atelier")
        line = form.query_one(KeyBar).render().plain
        assert "^t Porteur" in line and line.endswith("^q") and len(line) <= 80, line


async def test_a_records_name_with_markup_and_escapes_is_shown_never_obeyed(tmp_path):
    root = copy_data(tmp_path)
    (root / "porteurs" / "piege.toml").write_text('nom = "[red]Asso piège[/] \\u001b]0;titre\\u0007"\n', "utf-8")
    async with running(root) as (app, pilot):
        form = await open_editor(app, pilot, "salon-atelier")
        await _pick(app, pilot, form, "piege")
        options = app.screen.query_one(OptionList)
        shown = options.get_option_at_index(0).prompt
        assert "[red]Asso piège[/]" in shown.plain and "\x1b" not in shown.plain and "␛" in shown.plain
        await pilot.press("enter")
        await pilot.pause()
        assert form.query_one("#porteur", Input).value == "[red]Asso piège[/] \x1b]0;titre\x07", "the name as stored"
