"""The Échéances view (`r`): what is due or late, soonest first, at 80x24."""

from __future__ import annotations

import datetime as dt

from pvtui.ui.screens.echeances import EcheancesScreen
from pvtui.ui.widgets.table import RecordTable
from tests.uitools import copy_data, running, static_text


async def test_echeances_lists_what_is_late_and_opens_the_action(tmp_path, monkeypatch):
    monkeypatch.setattr(EcheancesScreen, "au", dt.date(2020, 7, 1))
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, EcheancesScreen)
        assert static_text(app.screen.query_one("#ech-title"), 200).startswith("Au 2020-07-01 : 7 échéances, dont 7 en retard")
        table = app.screen.query_one("#echeances", RecordTable)
        first = [c.plain for c in table.get_row("0")]
        assert first[:2] == ["2019-01-01", "en retard"] and first[3] == "capft"
        assert first[5].startswith("convention requise (33 000 €")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "FicheScreen"


async def test_a_payment_and_a_convention_typed_in_the_line_subform_change_echeances(tmp_path, monkeypatch):
    from textual.widgets import Input

    from pvtui.ui.screens.edit import EditScreen
    from pvtui.ui.screens.ligne_financement import LigneFinancementScreen
    from tests.uitools import open_editor, set_field

    monkeypatch.setattr(EcheancesScreen, "au", dt.date(2020, 7, 1))
    data = copy_data(tmp_path)
    rel = data / "actions/accompagnement-a-la-scolarite.toml"
    before = rel.read_text("utf-8")
    async with running(data) as (app, pilot):
        await pilot.press("f")
        await pilot.pause()
        assert not app.screen.query_one("#suivi", RecordTable).display  # the short form only says what was voted
        await pilot.press("a")
        await pilot.pause()
        screen = await open_editor(app, pilot, "accompagnement-a-la-scolarite")
        screen.query_one("#financement-capft", Input).focus()
        await pilot.press("ctrl+l")
        await pilot.pause()
        sub = app.screen
        assert isinstance(sub, LigneFinancementScreen)
        await set_field(pilot, sub, "ligne-date_convention", "2019-05-02")
        await set_field(pilot, sub, "ligne-nature", "numéraire")
        await set_field(pilot, sub, "ligne-versements", "2019-06-01 1500 acompte")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)
        after = rel.read_text("utf-8")
        assert "date_convention = 2019-05-02" in after and "montant = 1500" in after
        assert after[:after.index("[financements")] == before[:before.index("[financements")]
        from pvtui.export import Filtres, export
        synthese = " ".join(export(app.data, "synthese", Filtres()).decode().replace("\u00a0", " ").split())
        assert "Demandé / voté / versé : 0 € / 155 000 € / 1 500 €" in synthese
        await pilot.press("f")
        await pilot.pause()
        suivi = app.screen.query_one("#suivi", RecordTable)
        assert suivi.display
        assert [c.plain for c in suivi.get_row("capft")] == ["C.A.", "0 €", "155 000 €", "1 500 €", "153 500 €"]
        await pilot.press("r")
        await pilot.pause()
        title = static_text(app.screen.query_one("#ech-title"), 200)
        rows = [[c.plain for c in app.screen.query_one("#echeances", RecordTable).get_row_at(i)]
                for i in range(app.screen.query_one("#echeances", RecordTable).row_count)]
        mine = [r[5] for r in rows if r[2] == "Accompagnement à la scolarité"]
        # The record now follows its life: its other funder's payment and its bilan are chased too.
        assert mine == ["publication en données ouvertes non faite", "versement restant dû : 2 500 €",
                        "versement restant dû : 750 €", "bilan (compte-rendu financier) non reçu"]
        assert title.startswith("Au 2020-07-01 : 10 échéances, dont 10 en retard")


async def test_the_fiche_shows_the_lines_state_and_history(tmp_path):
    from pvtui.ui.screens.fiche import render_fiche

    data = copy_data(tmp_path)
    rel = data / "actions/accompagnement-a-la-scolarite.toml"
    rel.write_text(rel.read_text("utf-8").replace("capft = 4000", "capft = { vote = 4000, date_vote = 2019-04-15 }"),
                   "utf-8")
    async with running(data) as (app, pilot):
        from rich.console import Console

        console = Console(width=78, record=True, file=open("/dev/null", "w"), color_system=None)
        console.print(render_fiche(app.data.action("accompagnement-a-la-scolarite"), app.data))
        text = console.export_text()
        assert "Suivi des subventions" in text and "2019-04-15  C.A. : voté 4 000 €" in text
        assert "État : C.A. votée" in text
