"""Pick a porteur record for an action (the edit form's Ctrl+T), by part of its name, sigle or alias.

Picking writes the record's `nom`, as the import does, so that the spellings
of one organisation converge on one; a name no record holds is kept as
typed (free text), the Porteurs view (`t`, then `n`) can give it a record.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from pvtui.domain.model import Porteur
from pvtui.imports.porteurs import PorteurIndex
from pvtui.ui.safe import text
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.prose import Prose


def label(porteur: Porteur) -> str:
    """ "C.C.A.S. (CCAS)": the name, and the sigle when it says something more."""
    nom = porteur.nom or porteur.id
    return f"{nom} ({porteur.sigle})" if porteur.sigle and porteur.sigle != nom else nom


class ChoixPorteurScreen(ModalScreen[str | None]):
    """Type to narrow the list, ↑/↓ to move, Enter picks (or keeps the typed name), Esc changes nothing."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuler", id="porteur-pick-cancel"),
        Binding("enter", "pick", "Choisir", id="porteur-pick", priority=True),
        Binding("down", "move(1)", "Suivant", show=False, priority=True),
        Binding("up", "move(-1)", "Précédent", show=False, priority=True),
    ]
    DEFAULT_CSS = "ChoixPorteurScreen #porteur-choices { height: 1fr; }"
    # Focused once, as the screen is shown: a second focus() in on_mount selected again what was typed
    # meanwhile, and the next key replaced it (seen in a real terminal typing right after ^T).
    AUTO_FOCUS = "#porteur-search"

    def __init__(self, typed: str, porteurs: tuple[Porteur, ...] | list[Porteur]) -> None:
        super().__init__()
        self.typed = typed
        self.index = PorteurIndex(porteurs)
        self.found: list[Porteur] = []
        self._marked: int | None = None
        """The option showing the ▸ mark."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            # Prose wraps as French is set: never before « : » or « ; ».
            yield Prose("Porteur : tapez une partie du nom, du sigle ou d'une autre graphie ; "
                        "Entrée choisit, Échap annule")
            yield Input(self.typed, placeholder="Nom, sigle…", id="porteur-search")
            yield Prose(id="porteur-hint")
            yield OptionList(id="porteur-choices")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill(self.typed)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, typed: str) -> None:
        self.found = self.index.search(typed)
        choices = self.query_one("#porteur-choices", OptionList)
        choices.set_options(Option(self._prompt(p, False), id=str(i)) for i, p in enumerate(self.found))
        self._marked = None
        if self.found:
            choices.highlighted = 0
        hint = "" if self.found else (
            f"Aucune fiche : Entrée garde « {typed.strip()} » tel quel (t puis n lui crée une fiche)"
            if typed.strip() else "Aucune fiche de porteur dans porteurs/ : tapez son nom")
        self.query_one("#porteur-hint", Prose).update(hint)

    @staticmethod
    def _prompt(porteur: Porteur, here: bool):
        # A mark, not only a style: without colours the highlighted option would show in bold alone.
        return text(("▸ " if here else "  ") + label(porteur))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        choices = event.option_list
        for index, here in ((self._marked, False), (event.option_index, True)):
            if index is not None and index < len(self.found):
                choices.replace_option_prompt_at_index(index, self._prompt(self.found[index], here))
        self._marked = event.option_index

    def action_move(self, step: int) -> None:
        choices = self.query_one("#porteur-choices", OptionList)
        choices.action_cursor_down() if step > 0 else choices.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def action_pick(self) -> None:
        self._choose(self.query_one("#porteur-choices", OptionList).highlighted)

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.found):
            record = self.found[index]
            self.dismiss(record.nom or record.id)
        else:  # free text; nothing typed changes nothing
            self.dismiss(self.query_one("#porteur-search", Input).value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
