"""Prose: a few lines of figures that wrap between words, never inside "208 841 €".

Rich wraps at any space, a non-breaking one too; this widget wraps as the
text export does (its `glue` and `wrap`), to the width it has now.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from pvtui.ui.safe import visible
from pvtui.export.text import NBSP, glue, wrap


def lines(text: str, width: int) -> list[str]:
    """`text` wrapped to `width`, each of its own lines apart, never inside an amount."""
    return [line.replace(NBSP, " ") for paragraph in text.split("\n")
            for line in wrap(glue(visible(paragraph)), max(10, width))]


class Prose(Widget):
    DEFAULT_CSS = "Prose { height: auto; }"

    def __init__(self, text: str = "", *, style: str = "", id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self.style = style

    def update(self, text: str, style: str | None = None) -> None:
        self.text = text
        if style is not None:
            self.style = style
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(lines(self.text, width))

    def render(self) -> Text:
        return Text("\n".join(lines(self.text, self.size.width)), style=self.style, no_wrap=True, end="")

    @property
    def content(self) -> str:
        """The text, unwrapped (as a Static's `content`)."""
        return self.text
