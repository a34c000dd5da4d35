"""Choose the columns a table shows: kept for the view while pvtui runs."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.selection_list import Selection

from pvtui.ui.safe import visible
from pvtui.ui.widgets.checklist import CheckList
from pvtui.ui.widgets.keybar import KeyBar


class ColonnesScreen(ModalScreen[None]):
    """Space ticks a column, Enter shows the ticked ones, Esc changes nothing."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuler"),
        Binding("enter", "confirm", "Valider", priority=True),
    ]

    def __init__(self, table) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        first, *rest = self.table.columns
        choices = [Selection(Text(visible(c.label)), c.key, c.key not in self.table.hidden) for c in rest]
        with Vertical(classes="dialog"):
            yield Static(Text(f"Colonnes affichées (« {visible(first.label)} » reste toujours) : "
                              "Espace coche, Entrée valide, Échap annule"))
            yield CheckList(*choices, id="colonnes")
        yield KeyBar()

    def action_confirm(self) -> None:
        self.table.show_only(self.query_one(CheckList).selected)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
