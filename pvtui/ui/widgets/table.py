"""A DataTable keyed by record id, moved with arrows or j/k, that keeps its cursor on refresh."""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


class RecordTable(DataTable):
    """Rows keyed by record id; `fill` rebuilds and puts the cursor back on the same record."""

    BINDINGS = [
        Binding("j", "cursor_down", "Bas", show=False),
        Binding("k", "cursor_up", "Haut", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:
            return None

    def fill(self, rows: Iterable[tuple[str, Sequence[Text]]]) -> None:
        """Replace every row, keeping the cursor on the record it was on."""
        keep, scroll = self.current_key, self.scroll_y
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        self.select(keep)
        self.scroll_y = min(scroll, self.max_scroll_y)

    def select(self, key: str | None) -> None:
        if key is None:
            return
        try:
            self.move_cursor(row=self.get_row_index(key))
        except Exception:
            pass
