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
        """(key as shown, description, enabled) in the order of the screen's bindings, one per action."""
        return [(display, description, enabled) for display, description, enabled, _ in self._shown()]

    def _shown(self) -> list[tuple[str, str, bool, str]]:
        """As `keys`, with the key to simulate on a click."""
        shown: dict[str, tuple[str, str, bool, str]] = {}
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (self.app.get_key_display(binding), binding.description, enabled, binding.key)
        return list(shown.values())

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        self._spans = []
        for display, description, enabled, key in self._shown():
            if line:
                line.append(" ")
            start = len(line)
            line.append(display, style=key_style if enabled else "dim")
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
