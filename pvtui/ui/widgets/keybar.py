"""The footer: the keys of what the screen can do now, on one line, each clickable.

Textual's Footer builds a widget per key and composes them again whenever
the bindings change (three times before the first frame): this one draws a
single line of text, which keeps start-up and every focus change cheap (a
line too long for the terminal ends with "…").
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

# Textual's own widgets describe their keys in English.
FRENCH = {
    "Dismiss menu": "Fermer la liste", "Show menu": "Ouvrir la liste", "Select": "Choisir",
    "Submit": "Valider", "Exit the command palette": "Fermer la palette", "Copy selected text": "Copier",
    "Cut selected text": "Couper", "Paste text from the clipboard": "Coller", "Select all": "Tout sélectionner",
    "Next command": "Commande suivante", "Previous command": "Commande précédente", "Quit": "Quitter",
    "Focus Next": "Champ suivant", "Focus Previous": "Champ précédent", "Palette": "Palette",
    "Toggle": "Cocher", "Page Up": "Page précédente", "Page Down": "Page suivante",
}


class KeyBar(Widget):
    """" / Filtre ⏎ Fiche n Nouv … ^q Quitter ? Aide" — the keys shown (`show=True`) of the focused chain."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str, bool]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def keys(self) -> list[tuple[str, str, bool]]:
        """(key as shown, description, enabled) in the order of the footer, one per action."""
        return [(display, description, enabled) for display, description, enabled, _, _ in self._shown()]

    def _shown(self) -> list[tuple[str, str, bool, str, bool]]:
        """As `keys`, with the key to simulate on a click and whether it is the app's: the
        screen's keys first, the focused widget's (a table's Tri, Colonnes), then the app's."""
        shown: dict[str, tuple[int, tuple[str, str, bool, str, bool]]] = {}
        for node, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                rank = 0 if node is self.screen else 2 if node is self.app else 1
                shown[binding.action] = (rank, (self.app.get_key_display(binding),
                                                FRENCH.get(binding.description, binding.description), enabled,
                                                binding.key, rank == 2))
        return [entry for _, entry in sorted(shown.values(), key=lambda ranked: ranked[0])]

    def render(self) -> Text:
        shown = self._shown()
        line = self._line(shown, terse=False)
        if line.cell_len > self.size.width:  # 80 columns: the app's keys keep only their key (? Aide lists all)
            line = self._line(shown, terse=True)
        return line

    def _line(self, shown: list[tuple[str, str, bool, str, bool]], terse: bool) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        self._spans = []
        for display, description, enabled, key, of_app in shown:
            if line:
                line.append(" ")
            start = len(line)
            line.append(display, style=key_style if enabled else "dim")
            if not (terse and of_app):
                line.append(f" {description}", style="" if enabled else "dim")
            self._spans.append((start, len(line), key, enabled))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
