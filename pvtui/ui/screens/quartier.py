"""A bailleur's quartier: its logements and abattement (`q` in the lines of a quartier).

Checked by `pvtui.domain.forms.quartier_from_form` before anything is
written; the lines, notes and details are kept as they are. Empty means
"not given" (the report's MOSELIS table has neither).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pvtui.domain.forms import quartier_from_form
from pvtui.domain.model import Quartier
from pvtui.ui.screens.base import EnterMovesOn, GuardedForm
from pvtui.ui.screens.confirm import ConfirmScreen
from pvtui.ui.screens.lignes import typed
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.prose import Prose

FIELDS = ("logements", "abattement")


class QuartierFormScreen(GuardedForm, EnterMovesOn, ModalScreen[Quartier | None]):
    """Logements and abattement of one quartier; returns the checked quartier, or None when cancelled."""

    LAST = FIELDS[-1]
    CSS_PATH = "bailleurs.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Valider et enregistrer", id="quartier-form-save", priority=True),
        Binding("escape", "cancel", "Annuler", id="quartier-form-cancel"),
    ]

    def __init__(self, title: str, quartier: Quartier) -> None:
        super().__init__()
        self.heading = title
        self.quartier = quartier

    def compose(self) -> ComposeResult:
        q = self.quartier
        with Vertical(classes="dialog", id="ligne-dialog"):
            yield Static(Text(self.heading, style="bold"), id="ligne-heading")
            with Horizontal(classes="ligne-row"):
                yield Label("Logements", classes="ligne-label")
                yield Input("" if q.logements is None else str(q.logements), id="logements", placeholder="ex. 474")
            with Horizontal(classes="ligne-row"):
                yield Label("Abattement €", classes="ligne-label")
                yield Input(typed(q.abattement), id="abattement", placeholder="ex. 59 163 (vide : non renseigné)")
            yield Prose(id="quartier-errors")
        yield KeyBar()

    def on_mount(self) -> None:
        self.guard()
        self.query_one("#quartier-errors").display = False
        self.query_one("#logements").focus()

    def fields(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name in FIELDS}

    def action_save(self) -> None:
        quartier, errors = quartier_from_form(self.quartier, self.fields())
        for name in FIELDS:
            self.query_one(f"#{name}").set_class(name in errors, "-invalid")
        box = self.query_one("#quartier-errors", Prose)
        box.update("\n".join(errors.values()), style="bold red")
        box.display = bool(errors)
        if errors:
            self.app.bell()
            return
        self.dismiss(quartier)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmScreen("Abandonner ces modifications ? Rien n'a été enregistré.", "Abandonner"),
                             lambda drop: drop and self.dismiss(None))
