"""BarChart: one of the report's charts, drawn as the text export draws it, to the widget's width."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from pvtui.export.doc import Bars
from pvtui.export.text import bars


class BarChart(Widget):
    DEFAULT_CSS = """
    BarChart { height: auto; padding: 0 1; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart: Bars | None = None

    def show(self, chart: Bars | None) -> None:
        self.chart = chart
        self.display = chart is not None and any(value for _, value in chart.rows)
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[str]:
        return bars(self.chart, max(20, width)) if self.chart is not None else []

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 + len(self._lines(width))

    def render(self) -> Text:
        if self.chart is None:
            return Text("")
        out = Text(self.chart.title, style="bold", no_wrap=True, overflow="ellipsis")
        for line in self._lines(self.size.width):
            out.append("\n" + line)
        return out
