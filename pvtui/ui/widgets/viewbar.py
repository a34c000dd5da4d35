"""The one-line bar of views at the top: each view's key, the current one highlighted, clickable."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Static


class ViewBar(Static):
    """" a Actions │ f Financements │ … " — a tab strip that fits 80 columns."""

    DEFAULT_CSS = "ViewBar { dock: top; height: 1; background: $panel; }"

    def __init__(self, views: dict[str, tuple[str, str]], current: str) -> None:
        super().__init__()
        self.views = views
        self.current = current
        self._spans: list[tuple[int, int, str]] = []

    def render(self) -> Text:
        bar = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for name, (key, label) in self.views.items():
            if bar:
                bar.append("│")
            start = len(bar)
            style = "reverse bold" if name == self.current else ""
            bar.append(f" {key} ", style="bold " + style)
            bar.append(f"{label} ", style=style)
            self._spans.append((start, len(bar), name))
        return bar

    def on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                self.app.action_view(name)
