"""Bailleurs / TFPB: per bailleur and quartier, spending against the abatement; the synthesis by axe."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from pvtui import compute
from pvtui.store import Dataset
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.cells import count, money, share, text
from pvtui.ui.widgets.table import RecordTable


class BailleursScreen(DataScreen):
    """Quartiers of every bailleur, then every line summed by axe."""

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        with VerticalScroll():
            yield Static("TFPB par bailleur et quartier", classes="section")
            yield RecordTable(id="quartiers")
            yield Static("Synthèse des dépenses par axe", classes="section")
            yield DataTable(id="axes", cursor_type="row", show_cursor=False)
        yield Footer()

    def refresh_data(self, data: Dataset) -> None:
        ref = data.referentiel
        table = self.query_one("#quartiers", RecordTable)
        if not table.columns:
            table.add_columns("Bailleur", "Quartier", "Logements", "Abattement", "Réalisée", "Valorisée", "Taux",
                              "Valorisée − abatt.")
        rows = []
        for bailleur in data.bailleurs:
            for index, row in enumerate(compute.quartiers([bailleur])):
                secteur = ref.secteurs.get(row.secteur)
                rows.append((f"{bailleur.id}/{index}", [
                    text(row.bailleur), text(secteur.libelle if secteur else row.secteur), count(row.logements),
                    money(row.abattement), money(row.realisee), money(row.valorisee),
                    share(row.valorisee, row.realisee),
                    money(row.ecart, style="bold reverse" if row.ecart is not None and row.ecart < 0 else ""),
                ]))
        table.fill(rows)

        axes = self.query_one("#axes", DataTable)
        axes.clear(columns=True)
        axes.add_columns("Axe", "Porteurs", "Lignes", "Réalisée", "Valorisée", "Taux")
        synthese = compute.synthese_axes(data.bailleurs)
        for row in [*synthese, compute.total_axes(synthese)]:
            axe = ref.axes.get(row.axe)
            label = "Total" if row.axe == "total" else (axe.libelle if axe else row.axe)
            axes.add_row(text(label), text(" / ".join(row.porteurs)), count(row.lignes), money(row.realisee),
                         money(row.valorisee), share(row.valorisee, row.realisee))

    def select_bailleur(self, id: str) -> None:
        self.query_one("#quartiers", RecordTable).select(f"{id}/0")
