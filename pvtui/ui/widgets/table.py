"""RecordTable: a table of records that draws only the rows on screen.

The first column (title, funder, objective) stays in place; the others
scroll sideways by whole columns (← →), and a marker in the header says
when some are out of sight. Text columns grow into the room a wide terminal
leaves. `s` sorts by the next column, `S` reverses (a click on a header
sorts by it, again to reverse), ▲ ▼ in the header; `C` chooses the columns
shown, kept per view for the session.

Textual's DataTable builds and measures every cell when rows are added:
1.4 s for 10 000 actions. This table keeps the records and turns a row into
cells only when it is drawn, so filling, sorting or updating it costs the
same for 50 or 10 000 rows. Keyed by record id, it keeps its cursor on the
same record when refilled; moved with arrows, j/k, PgUp/PgDn, Home/End.
A click on the highlighted row posts RowSelected, a click on a header
HeaderSelected; Enter is the screen's own binding, so that the footer
says what it does there ("⏎ Fiche", "⏎ Ouvrir").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cells = Sequence[Text]
CACHE_ROWS = 512
"""Rows whose cells are kept: a few screens' worth, whatever the table's length."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None = None
    """None: as wide as the widest cell (every row is rendered once: for short tables)."""
    right: bool = False
    """Amounts: the header is right-aligned like the cells."""

    @property
    def grows(self) -> bool:
        """Text columns of a given width widen when the terminal leaves room (up to twice as wide)."""
        return not self.right and self.width is not None


class RecordTable(ScrollView, can_focus=True):
    """Rows are (key, item) pairs; `cells(item)` turns an item into its cells when it is drawn."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Haut", show=False),
        Binding("down,j", "cursor(1)", "Bas", show=False),
        Binding("pageup", "page(-1)", "Page préc.", show=False),
        Binding("pagedown", "page(1)", "Page suiv.", show=False),
        Binding("home", "first", "Début", show=False),
        Binding("end", "last", "Fin", show=False),
        Binding("left,h", "columns(-1)", "Colonnes à gauche", show=False),
        Binding("right,l", "columns(1)", "Colonnes à droite", show=False),
        Binding("s", "sort", "Tri", id="sort", tooltip="Trier par la colonne suivante (S : dans l'autre sens)"),
        Binding("S", "reverse", "Tri inverse", id="reverse", show=False),
        Binding("C", "choose_columns", "Colonnes", id="choose-columns", tooltip="Choisir les colonnes affichées"),
    ]
    COMPONENT_CLASSES = {"record-table--header", "record-table--focused-header", "record-table--cursor",
                         "record-table--even-row"}
    DEFAULT_CSS = """
    RecordTable.-summary { height: auto; margin-bottom: 1; overflow: hidden hidden; }
    RecordTable {
        background: $surface;
        color: $foreground;
        & > .record-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .record-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .record-table--focused-header { background: $block-cursor-background; color: $block-cursor-foreground; }
        & > .record-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .record-table--even-row { background: $surface-darken-1 40%; }
        & > .record-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .record-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        def __init__(self, table: RecordTable, key: str | None) -> None:
            super().__init__()
            self.table, self.key = table, key

        @property
        def control(self) -> RecordTable:
            return self.table

    class RowSelected(RowHighlighted):
        pass

    class Sorted(Message):
        """The rows were sorted by `column` (descending or not), by a key or a click."""

        def __init__(self, table: RecordTable, column: str, descending: bool) -> None:
            super().__init__()
            self.table, self.column, self.descending = table, column, descending

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None, sortable: bool = True,
                 cursor: bool = True) -> None:
        super().__init__(id=id, classes=classes)
        self.sortable = sortable
        self.show_cursor = cursor
        if not cursor:
            self.add_class("-summary")
        """False: a summary read as a whole (no row is chosen), drawn at its full height."""
        self.columns: list[Column] = []
        self._widths: list[int] = []
        self._keys: list[str] = []
        self._items: list[Any] = []
        self._where: dict[str, int] | None = None
        self._cells: Callable[[Any], Cells] = lambda item: item
        self._cache: dict[str, tuple[Any, Cells]] = {}
        self.cursor_row = 0
        self.column_offset = 0
        """How many columns after the first are scrolled out to the left."""
        self.hidden: set[str] = set()
        """Column keys not shown (chosen by the person, kept while the screen lives)."""
        self.sort: tuple[str, bool] | None = None
        """(column, descending): shown ▲ ▼ in the header."""
        self.sort_key: Callable[[str], Callable[[Any], Any] | None] | None = None
        """The screen's key for a column (domain values); by default the cell's text or number."""

    def on_mount(self) -> None:
        # The columns someone hid stay hidden when the view comes back (same set, kept by the app).
        choices = getattr(self.app, "column_choices", None)
        if choices is not None:
            self.hidden = choices.setdefault(f"{type(self.screen).__name__}#{self.id}", self.hidden)

    # --- content ---------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self._measure()

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def current_key(self) -> str | None:
        return self._keys[self.cursor_row] if 0 <= self.cursor_row < len(self._keys) else None

    def fill(self, rows: Iterable[tuple[str, Any]], cells: Callable[[Any], Cells] | None = None) -> None:
        """Show these rows, keeping the cursor on the record it was on.

        Without `cells`, each item is already its list of cells.
        """
        keep = self.current_key
        self._cells = cells or (lambda item: item)
        pairs = self._sorted(list(rows))
        self._keys = [key for key, _ in pairs]
        self._items = [item for _, item in pairs]
        self._where = None
        self._cache.clear()
        self._measure()
        row = self.get_row_index(keep) if keep is not None and keep in self._index() else 0
        self._move(row, announce=True)

    def update_row(self, key: str, item: Any) -> None:
        """Replace one row's item in place (after a save): nothing else is redrawn."""
        row = self.get_row_index(key)
        old, self._items[row] = self._items[row], item
        self._cache.pop(key, None)
        if self.sort is not None:
            order = self._key_for(self.sort[0])
            if order(old) != order(item):  # its place changed
                self._resort()
                return
        if 0 < row + 1 - int(self.scroll_y) < self.size.height:
            self.refresh_line(row + 1)  # virtual line: the header is line 0

    def get_row_index(self, key: str) -> int:
        return self._index()[key]

    def get_row(self, key: str) -> Cells:
        return self._row_cells(self.get_row_index(key))

    def get_row_at(self, row: int) -> Cells:
        return self._row_cells(row)

    def select(self, key: str | None) -> None:
        if key is not None and key in self._index():
            self._move(self._index()[key])

    def move_cursor(self, *, row: int) -> None:
        self._move(row)

    # --- sorting -----------------------------------------------------------------

    def sort_by(self, column: str, descending: bool | None = None) -> None:
        """Sort by this column (None: ascending, or the other way if already sorted by it)."""
        if descending is None:
            descending = self.sort == (column, False)
        self.sort = (column, descending)
        self._resort()
        self.post_message(self.Sorted(self, column, descending))

    def _resort(self) -> None:
        keep = self.current_key
        pairs = self._sorted(list(zip(self._keys, self._items)))
        self._keys, self._items = [k for k, _ in pairs], [i for _, i in pairs]
        self._where = None
        if keep is not None:
            self.select(keep)
        self.refresh()

    def _sorted(self, pairs: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        if self.sort is None or not any(c.key == self.sort[0] for c in self.columns):
            return pairs
        column, descending = self.sort
        order = self._key_for(column)
        return sorted(pairs, key=lambda pair: order(pair[1]), reverse=descending)

    def _key_for(self, column: str) -> Callable[[Any], Any]:
        own = self.sort_key(column) if self.sort_key is not None else None
        if own is not None:
            return own
        index = next(i for i, c in enumerate(self.columns) if c.key == column)
        if self.columns[index].right:
            return lambda item: _number(self._cells(item)[index].plain)
        return lambda item: self._cells(item)[index].plain.casefold()

    def action_sort(self) -> None:
        """s: by the next column shown (the first one the first time)."""
        if not self.sortable:
            return
        shown = [c.key for c in self.columns if c.key not in self.hidden]
        if shown:
            at = shown.index(self.sort[0]) + 1 if self.sort and self.sort[0] in shown else 0
            self.sort_by(shown[at % len(shown)], descending=False)

    def action_reverse(self) -> None:
        """S: the same column, the other way."""
        if self.sortable and self.columns:
            column, descending = self.sort or (self.columns[0].key, False)
            self.sort_by(column, descending=not descending)

    def action_choose_columns(self) -> None:
        from pvtui.ui.screens.colonnes import ColonnesScreen

        if len(self.columns) > 1:
            self.app.push_screen(ColonnesScreen(self))

    def show_only(self, keys: Iterable[str]) -> None:
        """Show these columns (the first one always), hide the others."""
        keep = {self.columns[0].key, *keys}
        self.hidden.clear()
        self.hidden.update(c.key for c in self.columns if c.key not in keep)
        self.refresh()

    # --- internals -------------------------------------------------------------

    def _index(self) -> dict[str, int]:
        if self._where is None:
            self._where = {key: row for row, key in enumerate(self._keys)}
        return self._where

    def _row_cells(self, row: int) -> Cells:
        key, item = self._keys[row], self._items[row]
        cached = self._cache.get(key)
        if cached is not None and cached[0] is item:
            return cached[1]
        if len(self._cache) >= CACHE_ROWS:
            self._cache.clear()
        cells = self._cells(item)
        self._cache[key] = (item, cells)
        return cells

    def _measure(self) -> None:
        widths = []
        for index, column in enumerate(self.columns):
            width = column.width
            if width is None:
                width = max([len(column.label), *(self._row_cells(row)[index].cell_len
                                                   for row in range(len(self._keys)))])
            widths.append(width)
        self._widths = widths
        # No sideways scrolling of characters: columns move whole (`_layout`).
        self.virtual_size = Size(1, len(self._keys) + 1)
        self.refresh(layout=not self.show_cursor)  # a summary's height is its rows

    def _move(self, row: int, announce: bool = False) -> None:
        row = max(0, min(row, len(self._keys) - 1))
        moved = row != self.cursor_row
        self.cursor_row = row
        self._scroll_to_cursor()
        if (moved or announce) and self._keys:
            self.post_message(self.RowHighlighted(self, self.current_key))
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, force=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, force=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _layout(self) -> list[tuple[int, int]]:
        """(column index, width) of what fits the width now: the first column, then from `offset`."""
        room = self.scrollable_content_region.width - 1  # the margin
        shown = [i for i, c in enumerate(self.columns) if c.key not in self.hidden]
        if not shown:
            return []
        first, rest = shown[0], shown[1:]
        self.column_offset = max(0, min(self.column_offset, len(rest) - 1)) if rest else 0
        rest = rest[self.column_offset:]
        widths = {i: self._widths[i] for i in shown}
        spare = room - sum(widths[i] + 1 for i in [first, *rest])
        if spare < 0 and not self.columns[first].right:  # a narrow terminal: the first column gives up some room
            if widths[first] + spare >= 12:  # all of it to show every column, if that is enough
                widths[first] += spare
            else:
                widths[first] = min(widths[first], max(20, room * 3 // 10))
        if spare > 0 and self.column_offset == 0:  # everything fits: the text columns share the room left
            growing = [i for i in [first, *rest] if self.columns[i].grows]
            for n, i in enumerate(growing):
                extra = min(self._widths[i], spare // (len(growing) - n))
                widths[i] += extra
                spare -= extra
        out, used = [(first, min(widths[first], room - 1))], widths[first] + 1
        for i in rest:
            if used + widths[i] + 1 > room:
                if (len(out) == 1 or i == rest[-1]) and room - used > 4:  # a wide last column: cut, not hidden
                    out.append((i, room - used - 1))
                break
            out.append((i, widths[i]))
            used += widths[i] + 1
        return out

    @property
    def visible_columns(self) -> list[str]:
        """The keys of the columns on screen now."""
        return [self.columns[i].key for i, _ in self._layout()]

    def _more(self, layout: list[tuple[int, int]]) -> tuple[bool, bool]:
        """Whether columns are out of sight to the left, and to the right."""
        shown = [i for i, c in enumerate(self.columns) if c.key not in self.hidden]
        last = layout[-1][0] if layout else -1
        return self.column_offset > 0, bool(shown) and last != shown[-1]

    # --- drawing -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        _, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        layout = self._layout()
        if y == 0:
            # A summary has no cursor row: its header says it has the focus (also without colours).
            focused = self.has_focus and not self.show_cursor
            line = self._line([self._header(c) for c in self.columns], "›" if focused else " ", layout)
            left, right = self._more(layout)
            if left or right:  # say that columns are out of sight, and which key shows them
                marker = ("←" if left else " ") + ("→" if right else " ")
                line.truncate(max(0, width - 2), pad=True)
                line.append(marker)
            style = base + self.get_component_rich_style("record-table--header")
            if focused:
                style += self.get_component_rich_style("record-table--focused-header")
        else:
            row = scroll_y + y - 1
            if row >= len(self._keys):
                return Strip.blank(width, base)
            # Without colours (NO_COLOR) the cursor row is marked in the margin.
            cursor = row == self.cursor_row and self.show_cursor
            mark = "›" if cursor and self.app.no_color else " "
            line = self._line(self._row_cells(row), mark, layout)
            style = base
            if cursor:
                style += self.get_component_rich_style("record-table--cursor")
            elif row % 2:
                style += self.get_component_rich_style("record-table--even-row")
        strip = Strip(line.render(self.app.console), line.cell_len)
        return strip.crop(0, width).apply_style(style).extend_cell_length(width, style)

    def _header(self, column: Column) -> Text:
        label = column.label
        if self.sort is not None and self.sort[0] == column.key:
            label = f"{label} {'▼' if self.sort[1] else '▲'}"
        return Text(label, justify="right" if column.right else "left")

    def _line(self, cells: Cells, margin: str = " ", layout: list[tuple[int, int]] | None = None) -> Text:
        line = Text(margin, no_wrap=True, end="")
        for index, width in (layout if layout is not None else self._layout()):
            cell = cells[index].copy()
            cell.truncate(width, overflow="ellipsis")
            gap = " " * (width - cell.cell_len)
            if cell.justify == "right":
                line.append(gap)
                line.append_text(cell)
            else:
                line.append_text(cell)
                line.append(gap)
            line.append(" ")
        return line

    # --- keys and mouse ------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if self._page is not None:
            self._page.scroll_relative(y=step, animate=False)
        else:
            self._move(self.cursor_row + step)

    def action_first(self) -> None:
        if self._page is not None:
            self._page.scroll_home(animate=False)
        else:
            self._move(0)

    def action_last(self) -> None:
        if self._page is not None:
            self._page.scroll_end(animate=False)
        else:
            self._move(len(self._keys) - 1)

    @property
    def _page(self) -> ScrollableContainer | None:
        """A summary has no cursor: the arrows scroll the page it is part of."""
        if self.show_cursor:
            return None
        return next((w for w in self.ancestors if isinstance(w, ScrollableContainer)), None)

    def action_columns(self, step: int) -> None:
        """Scroll the columns after the first by one whole column."""
        left, right = self._more(self._layout())
        if (step < 0 and left) or (step > 0 and right):
            self.column_offset += step
            self.refresh()

    def action_page(self, direction: int) -> None:
        if self._page is not None:
            (self._page.scroll_page_down if direction > 0 else self._page.scroll_page_up)(animate=False)
            return
        self._move(self.cursor_row + direction * max(1, self.scrollable_content_region.height - 2))

    def action_select(self) -> None:
        if self._keys:
            self.post_message(self.RowSelected(self, self.current_key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y == 0:
            x = offset.x - 1
            for index, width in self._layout():
                if x < width + 1:
                    if self.sortable:
                        self.sort_by(self.columns[index].key)
                    return
                x -= width + 1
            return
        row = int(self.scroll_y) + offset.y - 1
        if row >= len(self._keys):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self._move(row)


def _number(text: str) -> float:
    """"43 655 €", "75,8 %", "-1 200" as a number; an empty cell before every number."""
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ",.-").replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return float("-inf")
