"""Bailleurs / TFPB: per bailleur and quartier, spending against the abatement; the synthesis by axe.

Enter on a quartier opens its lines (`LignesScreen`), where they are added,
edited and removed. Amounts are shown without "€" (the titles say it) so
that every column fits in 80 columns.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from pvtui.domain import compute
from pvtui.domain.dataset import BAILLEURS, Dataset
from pvtui.ui.records import external_edit
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.screens.lignes import LignesScreen, amount
from pvtui.ui.widgets.cells import count, share, text
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable


def _right(label: str) -> Text:
    """A column title over numbers, aligned with them."""
    return Text(label, justify="right")


class BailleursScreen(DataScreen):
    """Quartiers of every bailleur, then every line summed by axe."""

    CSS_PATH = "bailleurs.tcss"

    BINDINGS = [
        Binding("enter", "open_lignes", "Lignes du quartier", id="open-lignes", priority=True),
        # Over the table's h (columns to the left, also on ←): the same key as on the fiche.
        Binding("h", "history", "Historique", id="bailleur-history", priority=True,
                tooltip="Les versions du bailleur surligné (dossier suivi par git)"),
        Binding("E", "external_edit", "TOML", id="external-edit", tooltip="Ouvrir le fichier dans $EDITOR"),
    ]

    @property
    def year(self) -> int | None:
        """The app's year: one at a time, the synthesis must not add up several."""
        return self.app.year

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(id="tfpb-title", classes="section")
        yield RecordTable(id="quartiers")
        yield Static(id="axes-title", classes="section")
        yield DataTable(id="axes", cursor_type="row", show_cursor=False)
        yield KeyBar()

    def refresh_data(self, data: Dataset) -> None:
        ref = data.referentiel
        # A bailleur without a year is shown whatever the year (check reports it).
        bailleurs = [b for b in data.bailleurs if b.annee in (self.year, None)]
        year = f" {self.year}" if self.year else ""
        self.query_one("#tfpb-title", Static).update(
            f"TFPB{year} par bailleur et quartier (€) — écart : valorisée − abattement")
        self.query_one("#axes-title", Static).update(f"Synthèse{year} des dépenses par axe (€)")
        table = self.query_one("#quartiers", RecordTable)
        if not table.columns:
            table.set_columns([Column("bailleur", "Bailleur", 8), Column("quartier", "Quartier", 15),
                               *(Column(label, label, right=True)
                                 for label in ("Logts", "Abatt.", "Réal.", "Valor.", "Taux", "Écart"))])
        rows = []
        for bailleur in bailleurs:
            for index, row in enumerate(compute.quartiers([bailleur])):
                secteur = ref.secteurs.get(row.secteur)
                rows.append((f"{bailleur.id}/{index}", [
                    text(row.bailleur), text(secteur.libelle if secteur else row.secteur), count(row.logements),
                    amount(row.abattement), amount(row.realisee), amount(row.valorisee),
                    share(row.valorisee, row.realisee),
                    amount(row.ecart, style="bold reverse" if row.ecart is not None and row.ecart < 0 else ""),
                ]))
        table.fill(rows)

        axes = self.query_one("#axes", DataTable)
        axes.clear(columns=True)
        axes.add_column("Axe", width=21)
        axes.add_column("Porteurs", width=14)
        for label in ("Lignes", "Réalisée", "Valorisée", "Taux"):
            axes.add_column(_right(label))
        synthese = compute.synthese_axes(bailleurs)
        for row in [*synthese, compute.total_axes(synthese)]:
            axe = ref.axes.get(row.axe)
            label = "Total" if row.axe == "total" else (axe.libelle if axe else row.axe)
            style = "bold" if row.axe == "total" else ""
            axes.add_row(text(label, style), text(", ".join(row.porteurs)), count(row.lignes, style),
                         amount(row.realisee, style), amount(row.valorisee, style),
                         share(row.valorisee, row.realisee, style), key=row.axe)
        prog = data.programmations.get(self.year)
        if prog and (printed := compute.printed_tfpb(prog.declare)):  # the report's own total, beside pvtui's
            realisee, valorisee, _ = printed
            axes.add_row(text("Imprimé au rapport"), text(""), text(""), amount(realisee), amount(valorisee),
                         share(valorisee, realisee), key="imprime")

    def select_bailleur(self, id: str) -> None:
        if not self.is_mounted:  # just made by switch_mode (from the palette, Problèmes): once drawn
            self.call_after_refresh(self.select_bailleur, id)
            return
        bailleur = self.app.data.bailleur(id) if self.app.data else None
        if bailleur and bailleur.annee and bailleur.annee != self.year:
            self.app.year = bailleur.annee  # every view follows, this one at once
        self.query_one("#quartiers", RecordTable).select(f"{id}/0")

    def on_record_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_open_lignes()

    def action_history(self) -> None:
        from pvtui.ui.screens.historique import HistoriqueScreen

        key = self.query_one("#quartiers", RecordTable).current_key
        if key:
            self.app.push_screen(HistoriqueScreen(BAILLEURS, key.rsplit("/", 1)[0]))

    def action_external_edit(self) -> None:
        if key := self.query_one("#quartiers", RecordTable).current_key:
            external_edit(self.app, BAILLEURS, key.rsplit("/", 1)[0])

    def action_open_lignes(self) -> None:
        key = self.query_one("#quartiers", RecordTable).current_key
        if key:
            bailleur, index = key.rsplit("/", 1)
            self.app.push_screen(LignesScreen(bailleur, int(index)))
