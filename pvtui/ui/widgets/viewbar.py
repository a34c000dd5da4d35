"""The one-line bar at the top: each view's key (the current one highlighted), the git status and
the year shown, clickable."""

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

    def on_mount(self) -> None:
        self.watch(self.app, "year", lambda _: self.refresh(), init=False)
        if hasattr(self.app, "git_status"):
            self.watch(self.app, "git_status", lambda _: self.refresh(), init=False)

    def render(self) -> Text:
        year = getattr(self.app, "year", None)
        # The Actions list may show every year at once (`*`): the bar says it, not a year it ignores.
        shown = "toutes" if getattr(self.screen, "all_years", False) else year
        tail = f" −{shown}+ " if year else ""
        # Spaced when it fits, else tight: the year must never be cut off.
        roomy = sum(len(k) + len(label) + 4 for k, label in self.views.values()) + len(tail) <= self.size.width
        bar = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for name, (key, label) in self.views.items():
            if bar:
                bar.append("│")
            start = len(bar)
            style = "reverse bold" if name == self.current else ""
            bar.append(f" {key} " if roomy else f"{key} ", style="bold " + style)
            bar.append(f"{label} " if roomy else label, style=style)
            self._spans.append((start, len(bar), name))
        room = self.size.width - len(bar) - len(tail) - 1
        git = self._git(room + 1)
        if len(git) > room:  # 80 columns: the year gives up its right margin for « G↑1 »
            tail = tail.rstrip()
        if git:
            bar.append(" " * max(1, self.size.width - len(bar) - len(tail) - len(git)))
            start = len(bar)
            bar.append(git, style="bold")
            self._spans.append((start, len(bar), "sync"))
        if tail:
            bar.append(" " * max(0, self.size.width - len(bar) - len(tail)))  # the tail opens with its space
            start = len(bar)
            bar.append(tail, style="bold")
            self._spans += [(start, start + 2, "year(-1)"), (start + 2 + len(str(shown)), len(bar), "year(1)")]
        return bar

    def _git(self, room: int) -> str:
        """« G à jour » when it fits, else « G✓ », « G↑2 »… (G: the sync key); nothing outside git."""
        status = getattr(self.app, "git_status", None)
        if status is None:
            return ""
        for text in (f"G {status.label()}", f"G{status.short()}", f"G{status.sign()}"):
            if len(text) <= room:
                return text
        return ""

    async def on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                if name == "sync":
                    await self.app.run_action("sync")
                elif name.startswith("year("):  # the screen's own − / + when it has one (Actions)
                    await self.app.run_action(name, self.screen if hasattr(self.screen, "action_year") else None)
                else:
                    self.app.action_view(name)

