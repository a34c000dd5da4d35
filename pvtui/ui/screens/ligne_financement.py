"""The sub-form of one funding line (Ctrl+L on its amount in the action form): its life after the vote.

At 80x24 the action form has no room for nine more fields per funder: they
open here, one line at a time; Ctrl+S keeps them in the form (saved with the
action), Esc leaves the line as it was.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pvtui.domain import vie_forms
from pvtui.domain.model import Amount, Financement

HINTS = {"nature": "numéraire / en nature", "conditions_versement": "unique / échelonné / autre",
         "versements": "2019-06-01 2500 acompte ; …", "date_vote": "2019-04-15"}


class LigneFinancementScreen(ModalScreen[tuple[Financement, Amount | None] | None]):
    BINDINGS = [Binding("ctrl+s", "keep", "Garder", id="ligne-keep", priority=True),
                Binding("escape", "cancel", "Annuler", id="ligne-cancel")]
    DEFAULT_CSS = """
    #ligne-grid { grid-size: 2; grid-columns: 16 1fr; height: auto; }
    #ligne-grid Input { height: 1; border: none; padding: 0 1; }
    #ligne-errors { color: $error; }
    """

    def __init__(self, code: str, label: str, life: Financement, demande: Amount | None) -> None:
        super().__init__()
        self.code, self.label = code, label
        self.values = vie_forms.to_form(life, demande)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(f"Ligne {self.label} — Ctrl+S garde, Échap annule", style="bold"))
            with Grid(id="ligne-grid"):
                for key, label in vie_forms.FIELDS:
                    yield Label(label)
                    yield Input(self.values[key], placeholder=HINTS.get(key, ""), id=f"ligne-{key}")
            yield Static(id="ligne-errors")

    def on_mount(self) -> None:
        self.query_one("#ligne-demande", Input).focus()

    def action_keep(self) -> None:
        fields = {w.id.removeprefix("ligne-"): w.value for w in self.query(Input)}
        life, demande, errors = vie_forms.from_form(self.code, fields)
        for widget in self.query(Input):
            widget.set_class(widget.id.removeprefix("ligne-") in errors, "-invalid")
        if errors:
            self.query_one("#ligne-errors", Static).update(Text("\n".join(errors.values())))
            return
        self.dismiss((life, demande))

    def action_cancel(self) -> None:
        self.dismiss(None)
