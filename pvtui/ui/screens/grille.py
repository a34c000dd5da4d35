"""Pick objective codes in the contract's grid instead of typing them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.selection_list import Selection

from pvtui.ui.widgets.checklist import CheckList
from pvtui.ui.widgets.keybar import KeyBar


class GrilleScreen(ModalScreen[list[str] | None]):
    """Space ticks a code, Enter confirms, Esc leaves the codes as they were."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuler"),
        Binding("enter", "confirm", "Valider", priority=True),
    ]

    def __init__(self, selected: list[str]) -> None:
        super().__init__()
        self.selected = [code.strip().upper() for code in selected]

    def compose(self) -> ComposeResult:
        grid = self.app.data.referentiel.objectifs
        choices = []
        for code, objectif in grid.items():
            indent = "    " if objectif.is_sous_objectif else ""
            label = Text(f"{indent}{code}  {objectif.libelle or '(libellé absent)'}")
            choices.append(Selection(label, code, code in self.selected))
        with Vertical(classes="dialog wide"):
            yield Static("Objectifs de la grille : Espace coche, Entrée valide, Échap annule")
            yield CheckList(*choices, id="grille")
        yield KeyBar()

    def action_confirm(self) -> None:
        chosen = self.query_one(CheckList).selected
        unknown = [code for code in self.selected if code not in self.app.data.referentiel.objectifs]
        self.dismiss(chosen + unknown)

    def action_cancel(self) -> None:
        self.dismiss(None)
