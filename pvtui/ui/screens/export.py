"""Export: pick a kind and filters, preview, save to a file, copy to the clipboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from pvtui.store import Dataset
from pvtui.ui.screens.base import DataScreen


class ExportScreen(DataScreen):
    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static("Export")
        yield Footer(compact=True)

    def refresh_data(self, data: Dataset) -> None:
        pass
