"""Évolution: the years side by side, as the `evolution` export writes them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pvtui.domain.dataset import Dataset
from pvtui.export import Filtres, export
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.keybar import KeyBar


class EvolutionScreen(DataScreen):
    """Actions, funders, pillars, sectors and objectives, year by year, with the gap to the year before."""

    VIEW = "financements"
    BINDINGS = [Binding("escape", "back", "Retour", id="evolution-back")]

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        with VerticalScroll(id="evolution-scroll"):
            yield Static(id="evolution", classes="report")
        yield KeyBar()

    def refresh_data(self, data: Dataset) -> None:
        if not data.years:
            self.query_one("#evolution", Static).update("Aucune année dans le dossier.")
            return
        # The export's own text (one rule for both), without its dated header.
        body = export(data, "evolution", Filtres(), "text").decode("utf-8").split("\n\n", 1)[-1]
        self.query_one("#evolution", Static).update(Text(body))

    def action_back(self) -> None:
        self.dismiss()
