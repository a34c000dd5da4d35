"""Échéances (`r`): what is due or late on the subsidies, soonest first, as of today; Enter opens the action."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from pvtui.domain.dataset import Dataset
from pvtui.domain.fmt import count_of, euros
from pvtui.domain.vie import Echeance, echeances
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable


class EcheancesScreen(DataScreen):
    """One row per thing to do: a convention, a payment, a bilan, an open-data publication."""

    BINDINGS = [Binding("enter", "open", "Ouvrir", id="open-echeance"),
                Binding("escape", "back", "Retour", id="echeances-back")]
    au: dt.date | None = None
    """« Today » (tests set it); None: the real day."""

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(id="ech-title", classes="section")
        yield RecordTable(id="echeances")
        yield Static(id="ech-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RecordTable).set_columns([
            Column("date", "Échéance", 10), Column("etat", "État", 9), Column("action", "Action", 22),
            Column("financeur", "Fin.", 8), Column("montant", "Montant", 9), Column("manque", "Ce qui manque", 60)])
        super().on_mount()

    def refresh_data(self, data: Dataset) -> None:
        au = self.au or dt.date.today()
        year = self.app.year
        self._rows = [e for e in echeances(data, au) if not year or (a := data.action(e.action)) and a.annee == year]
        late = sum(e.en_retard for e in self._rows)
        self.query_one("#ech-title", Static).update(Text(
            f"Au {au.isoformat()} : {count_of(len(self._rows), 'échéance')}, dont {late} en retard"
            " — Entrée ouvre l'action"))
        self.query_one(RecordTable).fill(((str(i), e) for i, e in enumerate(self._rows)), self._cells)

    _rows: list[Echeance] = []

    @staticmethod
    def _cells(e: Echeance) -> list[Text]:
        return [Text(e.date.isoformat()), Text("en retard" if e.en_retard else "à venir",
                                                style="bold" if e.en_retard else ""),
                Text(e.titre or e.action), Text(e.financeur), Text(euros(e.montant), justify="right"),
                Text(e.manque)]

    def on_record_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        detail = self.query_one("#ech-detail", Static)
        if event.key is None:
            detail.update("")
            return
        e = self._rows[int(event.key)]
        detail.update(Text(f"{e.titre} ({e.porteur}) — {e.financeur or 'tous financeurs'}, "
                           f"{euros(e.montant)} : {e.manque}"))

    def on_record_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        key = self.query_one(RecordTable).current_key
        if key is not None:
            self.app.open_action(self._rows[int(key)].action)
