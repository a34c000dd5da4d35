"""RecordTable draws only what is on screen, and is driven by keys and mouse like a table."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from pvtui.ui.widgets.cells import money, text
from pvtui.ui.widgets.table import Column, RecordTable
from tests.uitools import copy_data, running, save, table_text

ROWS = 10_000


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[int] = []
        self.events: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield RecordTable(id="t")

    def cells(self, n: int) -> list[Text]:
        self.drawn.append(n)
        return [text(f"ligne {n}"), money(n * 10)]

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.set_columns([Column("nom", "Nom", 12), Column("montant", "Montant", 10, right=True)])
        table.fill(((f"r{n}", n) for n in range(ROWS)), self.cells)
        table.focus()

    def on_record_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        self.events.append(("selected", event.key))

    def on_record_table_sorted(self, event: RecordTable.Sorted) -> None:
        self.events.append(("sorted", f"{event.column} {'▼' if event.descending else '▲'}"))


async def test_only_the_rows_on_screen_are_turned_into_cells():
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        assert table.row_count == ROWS
        # 10 000 rows filled, but only the first screenful (11 rows under the header) drawn.
        assert max(app.drawn) < 20
        app.drawn.clear()
        await pilot.press("end")
        await pilot.pause()
        assert table.current_key == f"r{ROWS - 1}"
        assert ROWS - 1 in app.drawn and min(app.drawn) > ROWS - 20


async def test_keys_move_the_cursor():
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        await pilot.press("j", "j", "down", "k")
        assert table.current_key == "r2"
        await pilot.press("pagedown")
        assert table.cursor_row > 2 + 5
        assert table.scroll_y > 0  # the cursor stays on screen
        await pilot.press("home")
        await pilot.pause()
        assert table.current_key == "r0" and table.scroll_y == 0


async def test_click_moves_then_opens_and_header_click_sorts_both_ways():
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        await pilot.click(RecordTable, offset=(3, 4))  # line 4: the 4th row under the header
        await pilot.pause()
        assert table.current_key == "r3" and app.events == []
        await pilot.click(RecordTable, offset=(3, 4))
        await pilot.pause()
        assert app.events == [("selected", "r3")]
        header = table.render_line(0).text
        await pilot.click(RecordTable, offset=(header.index("Montant") + 1, 0))  # over "Montant"
        await pilot.pause()
        assert app.events[-1] == ("sorted", "montant ▲")
        await pilot.click(RecordTable, offset=(header.index("Montant") + 1, 0))
        await pilot.pause()
        assert app.events[-1] == ("sorted", "montant ▼")
        assert "Montant ▼" in table.render_line(0).text
        assert table.get_row_at(0)[1].plain == money((ROWS - 1) * 10).plain  # by amount, the largest first


async def test_keys_sort_by_any_column_both_ways_numbers_as_numbers():
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        await pilot.press("s", "s")  # Nom, then Montant
        assert table.sort == ("montant", False)
        amounts = [table.get_row_at(i)[1].plain for i in range(12)]
        assert amounts == [money(n * 10).plain for n in range(12)]  # 90 before 100: not text order
        await pilot.press("S")
        assert table.sort == ("montant", True) and table.get_row_at(0)[1].plain == money((ROWS - 1) * 10).plain
        await pilot.press("s")  # back to the first column
        assert table.sort == ("nom", False) and table.get_row_at(1)[0].plain == "ligne 1"
        assert table.get_row_at(2)[0].plain == "ligne 10"  # text order for text


async def test_columns_chosen_with_C_stay_hidden_when_the_view_comes_back():
    from pvtui.ui.app import PvtuiApp
    from uitools import DATA, loaded

    app = PvtuiApp(DATA, poll=0, cache=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        table = app.screen.query_one(RecordTable)
        assert "porteur" in table.visible_columns
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("space")  # the first choice: Porteur (the title always stays)
        await pilot.press("enter")
        await pilot.pause()
        assert "porteur" not in table.visible_columns and "titre" in table.visible_columns
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        assert "porteur" not in table.visible_columns


async def test_refill_keeps_the_cursor_on_the_same_record():
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        table.select("r500")
        table.fill(((f"r{n}", n) for n in reversed(range(ROWS))), app.cells)
        assert table.current_key == "r500" and table.cursor_row == ROWS - 1 - 500
        assert table.get_row("r500")[1].plain == "5 000 €"


async def test_sort_keys_and_header_clicks_on_the_actions_list(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        table = app.screen.query_one("#actions", RecordTable)
        await pilot.press("s")  # first column: titles, case ignored
        titles = [row[0] for row in table_text(table)]
        assert titles == sorted(titles, key=str.casefold)
        await pilot.click("#actions", offset=(66, 0))  # "Coût total": by amount, not by text
        await pilot.pause()
        costs = [int(row[3].replace(" ", "").replace("€", "")) for row in table_text(table)]
        assert costs == sorted(costs) and costs[-1] == 678_751
        await pilot.click("#actions", offset=(66, 0))  # again: largest first
        await pilot.pause()
        assert table.get_row_at(0)[3].plain == "678 751 €"
        assert table.current_key is not None


async def test_a_saved_edit_moves_the_row_and_the_totals_line(tmp_path):
    """The list is updated in place after a save: its row, its sort order and its totals follow."""
    from dataclasses import replace

    from tests.uitools import static_text

    async with running(copy_data(tmp_path)) as (app, pilot):
        table = app.screen.query_one("#actions", RecordTable)
        await pilot.click("#actions", offset=(66, 0))  # sorted by coût total, smallest first
        await pilot.pause()
        totals = static_text(app.screen.query_one("#totals"), 200)
        assert "52 actions · coût total 3 192 253 € · C.A. 155 000 €" in totals
        old = app.data.action("salon-atelier")
        new = replace(old, cout_total=old.cout_total + 1_000_000,
                      financements=tuple(replace(f, montant=f.montant + 1000) if f.financeur == "capft" else f for f in old.financements))
        save(app, "actions", new, old)
        await pilot.pause()
        assert table.get_row_at(table.row_count - 1)[0].plain == old.titre  # now the largest
        assert table.get_row("salon-atelier")[3].plain == f"{old.cout_total + 1_000_000:,} €".replace(",", " ")
        totals = static_text(app.screen.query_one("#totals"), 200)
        assert "52 actions · coût total 4 192 253 € · C.A. 156 000 €" in totals


async def test_enter_is_in_the_footer_of_every_list(tmp_path):
    """Enter belongs to each screen, which says in its footer what it does there."""
    from pvtui.ui.widgets.keybar import KeyBar

    async with running(copy_data(tmp_path)) as (app, pilot):
        for key, label in (("a", "Fiche"), ("p", "Ouvrir"), ("b", "Lignes du quartier")):
            await pilot.press(key)
            await pilot.pause()
            shown = {description for _, description, _ in app.screen.query_one(KeyBar).keys()}
            assert label in shown, (key, shown)


async def test_no_color_keeps_the_terminal_colours_and_marks_the_cursor_row(tmp_path, monkeypatch):
    """NO_COLOR over SSH: text in the terminal's own colours (not black on black), cursor row marked."""
    monkeypatch.setenv("NO_COLOR", "1")
    async with running(copy_data(tmp_path)) as (app, pilot):
        from rich.segment import Segment
        from textual.color import Color

        # The line filters the terminal output goes through (Textual chooses them at start-up):
        # with Monochrome, the ANSI theme's default colours came out black on black.
        segments = [Segment("x", app.screen.query_one("#totals").rich_style)]
        for line_filter in app._filters:
            segments = line_filter.apply(segments, Color(0, 0, 0))
        style = segments[0].style
        assert style.color is None or style.color.is_default, style
        assert style.bgcolor is None or style.bgcolor.is_default, style
        table = app.screen.query_one("#actions", RecordTable)
        await pilot.press("j")
        lines = [table.render_line(y).text for y in (1, 2, 3)]
        assert [line[0] for line in lines] == [" ", "›", " "]
        assert lines[1][1:].startswith(table.get_row_at(1)[0].plain[:20])


async def test_a_click_on_a_key_of_the_footer_does_what_the_key_does(tmp_path):
    from pvtui.ui.screens.edit import EditScreen
    from pvtui.ui.widgets.keybar import KeyBar

    async with running(copy_data(tmp_path)) as (app, pilot):
        bar = app.screen.query_one(KeyBar)
        text = bar.render().plain
        assert text.startswith("/ Filtre ⏎ Fiche n Nouv e Modif") and len(text) <= 80
        await pilot.click(KeyBar, offset=(text.index("n Nouv") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)


async def test_help_says_each_key_in_full(tmp_path):
    from textual.widgets import Static

    from pvtui.ui.screens.aide import AideScreen
    from tests.uitools import static_text

    async with running(copy_data(tmp_path)) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, AideScreen)
        shown = "\n".join(static_text(s, 120) for s in app.screen.query(Static))
        for words in ("Ouvrir la fiche de l'action", "Supprimer (vers la corbeille)", "Ouvrir le fichier dans $EDITOR",
                      "première / dernière ligne", "Quitter"):
            assert words in shown, words
        await pilot.press("escape")
        assert not isinstance(app.screen, AideScreen)


async def test_the_filter_box_leaves_the_view_bar_and_the_header_visible(tmp_path):
    from pvtui.ui.widgets.viewbar import ViewBar

    async with running(copy_data(tmp_path)) as (app, pilot):
        await pilot.press("slash", *"secteur:cote")
        await pilot.pause()
        bar, box, table = (app.screen.query_one(s).region for s in (ViewBar, "#filter", "#actions"))
        assert bar.height == box.height == 1
        assert bar.bottom <= box.y and box.bottom <= table.y
        assert app.screen.query_one("#actions", RecordTable).row_count == 5


@pytest.mark.parametrize(("asked", "theme", "mode"), [
    ("textual-light", "textual-light", "-light-mode"),
    ("nimporte-quoi", "ansi-dark", "-dark-mode"),  # a typo does not stop the app
])
async def test_pvtui_theme_is_taken_from_the_start(tmp_path, monkeypatch, asked, theme, mode):
    monkeypatch.setenv("PVTUI_THEME", asked)
    async with running(copy_data(tmp_path)) as (app, pilot):
        assert app.theme == theme
        assert {f"-theme-{theme}", mode} <= set(app.classes)
        assert app.screen.query_one("#actions", RecordTable).row_count == 52


@pytest.mark.parametrize("theme", ["textual-light", "ansi-dark"])
async def test_the_theme_classes_set_at_start_are_those_textual_sets(tmp_path, monkeypatch, theme):
    """The app sets the theme's classes itself (setting `theme` would parse every stylesheet again):
    this fails when Textual changes what its theme watcher does, so that the copy is kept honest."""
    from textual.app import App

    def theme_classes(app) -> set[str]:
        return {c for c in app.classes if c.startswith("-theme-") or c in ("-dark-mode", "-light-mode")}

    class Plain(App):
        pass

    plain = Plain()
    async with plain.run_test():
        plain.theme = theme
        expected = theme_classes(plain)
    monkeypatch.setenv("PVTUI_THEME", theme)
    async with running(copy_data(tmp_path)) as (app, pilot):
        assert theme_classes(app) == expected
