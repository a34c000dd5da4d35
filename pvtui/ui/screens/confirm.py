"""Small modal questions: yes/no, and the choice offered on a save conflict."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from pvtui.ui.widgets.prose import Prose
from pvtui.workspace.changes import COPY, MINE, THEIRS, Conflict, Delete


class ConfirmScreen(ModalScreen[bool]):
    """A question answered with `o` (or a click on the named action) and cancelled with Esc or `n`.

    Annuler has the focus at first, so that an Enter typed ahead never deletes
    nor restores; the named action's button says its key.
    """

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
            yield Prose(self.question, classes="question")  # never a line that starts with « ; » or « : »
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes_label} (o)", id="yes", variant="error")
                yield Button("Annuler (Échap)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ConflictScreen(ModalScreen[str | None]):
    """The file changed (or went) on disk while it was being edited: which version wins?

    The choices are the workspace's (`Conflict.choices`), keyed 1, 2, 3 in
    that order; each keeps the version that does not win in .corbeille/.
    """

    BINDINGS = [
        Binding("escape", "choose(0)", "Annuler"),
        Binding("1", "choose(1)", "Choix 1", show=False),
        Binding("2", "choose(2)", "Choix 2", show=False),
        Binding("3", "choose(3)", "Choix 3", show=False),
    ]

    def __init__(self, conflict: Conflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        c = self.conflict
        if c.pending:
            head = (f"{c.rel} : la synchronisation git a trouvé les mêmes clés changées ici et par un collègue. "
                    f"Le fichier a la leur ; la vôtre est dans {c.pending}.")
        elif isinstance(c.change, Delete):
            head = f"{c.rel} a été modifié par quelqu'un d'autre depuis que vous l'avez affiché."
        elif c.deleted:
            head = f"{c.rel} a été supprimé{f' par {c.removed_by}' if c.removed_by else ''} pendant que vous l'éditiez."
        else:
            head = f"{c.rel} a été modifié par quelqu'un d'autre pendant que vous l'éditiez."
        lines = [head]
        if c.keys:
            lines.append("Modifié des deux côtés : " + ", ".join(c.keys))
        lines.append("")
        labels = _labels(c)
        lines += [f"{n}  {labels[choice][1]}" for n, choice in enumerate(c.choices, 1)]
        lines.append("Échap  revenir sans rien enregistrer")
        with Vertical(classes="dialog"):
            yield Prose("\n".join(lines), classes="question")
            with Horizontal(classes="buttons"):
                for n, choice in enumerate(c.choices, 1):
                    yield Button(f"{n} {labels[choice][0]}", id=choice, variant=_VARIANTS.get(choice, "default"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, n: int) -> None:
        if n == 0:
            self.dismiss(None)
        elif n <= len(self.conflict.choices):
            self.dismiss(self.conflict.choices[n - 1])


_VARIANTS = {MINE: "warning", COPY: "primary"}


def _labels(c: Conflict) -> dict[str, tuple[str, str]]:
    """Choice -> (button, sentence), for this kind of conflict."""
    if isinstance(c.change, Delete):
        return {THEIRS: ("Ne pas supprimer", "Ne pas supprimer : leur version reste"),
                MINE: ("Supprimer", "Supprimer quand même : le fichier va dans .corbeille/")}
    if c.deleted:
        return {MINE: ("Recréer", "Le recréer avec vos modifications"),
                THEIRS: ("Abandonner", "Abandonner vos modifications (gardées dans .corbeille/)")}
    return {THEIRS: ("La leur", "Reprendre la leur : votre version est gardée dans .corbeille/"),
            MINE: ("La mienne", "Garder la mienne : elle remplace la leur (la leur va dans .corbeille/)"),
            COPY: ("Copie", "Enregistrer la mienne comme copie : les deux restent")}
