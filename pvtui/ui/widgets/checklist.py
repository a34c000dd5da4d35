"""CheckList: a SelectionList whose boxes read ticked or not without colour.

Textual draws every box as ▐X▌ and tells ticked from unticked by colour
only: with NO_COLOR (or a monochrome terminal) all boxes look ticked. Here
an unticked box is empty, and without colour the boxes are [x] and [ ].
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton  # its box glyphs, which SelectionList draws
from textual.widgets.option_list import OptionDoesNotExist


class CheckList(SelectionList):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        try:
            ticked = self.get_option_at_index(self.scroll_offset.y + y).value in self._selected
        except OptionDoesNotExist:
            return strip
        left, inner, right = segments[:3]
        if self.app.no_color:
            glyphs = ("[", "x" if ticked else " ", "]")
        else:
            glyphs = (left.text, inner.text if ticked else " ", right.text)
        boxed = [Segment(text, segment.style, segment.control) for text, segment in zip(glyphs, (left, inner, right))]
        return Strip([*boxed, *segments[3:]], strip.cell_length)
