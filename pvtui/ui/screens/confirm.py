"""Small modal questions: yes/no, and the choice offered on a save conflict."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """A question answered with Enter (the named action) or Esc (cancel)."""

    BINDINGS = [
        Binding("escape", "answer(False)", "Annuler"),
        Binding("o", "answer(True)", "Oui", show=False),
        Binding("n", "answer(False)", "Non", show=False),
    ]

    def __init__(self, question: str, yes_label: str = "Oui") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes_label, id="yes", variant="error")
                yield Button("Annuler (Échap)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


THEIRS, MINE, COPY = "theirs", "mine", "copy"


class ConflictScreen(ModalScreen[str | None]):
    """The file changed on disk while it was being edited: whose version wins?

    Every choice keeps the version that does not win in .corbeille/, so nothing is lost.
    """

    ALLOW_COPY = True
    """Saving mine as a new record (a copy) makes sense for a whole action, not for one line."""

    BINDINGS = [
        Binding("escape", "choose(None)", "Annuler"),
        Binding("1", "choose('theirs')", "Reprendre la leur"),
        Binding("2", "choose('mine')", "Garder la mienne"),
        Binding("3", "choose('copy')", "Enregistrer comme copie"),
    ]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        lines = [
            f"{self.path} a été modifié par quelqu'un d'autre pendant que vous l'éditiez.\n",
            "1  Reprendre la leur : votre version est gardée dans .corbeille/",
            "2  Garder la mienne : elle remplace la leur (la leur va dans .corbeille/)",
        ]
        if self.ALLOW_COPY:
            lines.append("3  Enregistrer la mienne comme copie : les deux restent")
        lines.append("Échap  revenir sans rien enregistrer")
        with Vertical(classes="dialog"):
            yield Static(Text("\n".join(lines)), classes="question")
            with Horizontal(classes="buttons"):
                yield Button("1 La leur", id=THEIRS)
                yield Button("2 La mienne", id=MINE, variant="warning")
                if self.ALLOW_COPY:
                    yield Button("3 Copie", id=COPY, variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str | None) -> None:
        if choice != COPY or self.ALLOW_COPY:
            self.dismiss(choice)
