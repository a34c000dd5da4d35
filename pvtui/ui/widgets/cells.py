"""Table cells: record text shown exactly as typed, numbers in French, right-aligned."""

from __future__ import annotations

from rich.text import Text

from pvtui.domain.fmt import euros, number, percent
from pvtui.ui.safe import visible
from pvtui.domain.model import Amount


def text(value: object, style: str = "") -> Text:
    """Never parsed as markup: a title like "Atelier [2019] [/]" shows as typed."""
    return Text(visible(str(value)) if value is not None else "", style=style, no_wrap=True, overflow="ellipsis")


def money(value: Amount | None, style: str = "") -> Text:
    return Text(euros(value) if value is not None else "", style=style, justify="right", no_wrap=True)


def share(part: float | None, whole: float | None, style: str = "") -> Text:
    return Text(percent(part, whole), style=style, justify="right", no_wrap=True)


def count(value: int | None, style: str = "") -> Text:
    return Text("" if value is None else number(value), style=style, justify="right", no_wrap=True)


def bar(fraction: float | None, width: int = 5) -> Text:
    """An envelope gauge that reads without colour: "█████░░░░░"."""
    if fraction is None:
        return Text("")
    filled = max(0, min(width, round(fraction * width)))
    style = "bold red" if fraction > 1 else ""
    return Text("█" * filled + "░" * (width - filled), style=style, no_wrap=True)
