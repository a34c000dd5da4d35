"""Why the actions list is pvtui's RecordTable: Textual's DataTable against it, with many rows.

    python -m bench.datatable [ROWS ...]      (default: 1000 10000)

For each size, in a headless app of 120x40: filling the table (cells built
as the actions view builds them), the first frame after the fill, then one
row updated and the frame after it (what a saved edit costs the actions
view). RecordTable turns a row into cells only when it is drawn.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

from rich.text import Text
from textual.app import App
from textual.widgets import DataTable

from pvtui.ui.widgets.table import Column, RecordTable

COLUMNS = ("titre", "porteur", "secteur", "cout", "capft", "etat", "thionville", "yutz", "piliers", "objectifs")
WIDTHS = (28, 16, 14, 11, 10, 10, 10, 10, 8, 16)


def now() -> float:
    return time.perf_counter()


def cells(i: int) -> list[str]:
    return [f"Action de quartier numéro {i}", "Centre social", "Côte des Roses", f"{12_000 + i:,} €".replace(",", " "),
            "4 000 €", "", "2 500 €", "", "I, III", "I-A-3, III-B-2"]


class Bench(App):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget
        self.frame_at = 0.0

    def compose(self):
        yield self.widget

    def _display(self, screen, renderable) -> None:
        super()._display(screen, renderable)
        if renderable is not None and not self._batch_count:
            self.frame_at = now()


async def next_frame(app: Bench, since: float) -> float:
    while app.frame_at <= since:
        await asyncio.sleep(0.0005)
    return (app.frame_at - since) * 1000


async def measure(kind: str, n: int) -> dict[str, float]:
    widget = DataTable(cursor_type="row", zebra_stripes=True) if kind == "DataTable" else RecordTable()
    app = Bench(widget)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = now()
        if kind == "DataTable":
            for key, width in zip(COLUMNS, WIDTHS):
                widget.add_column(key, key=key, width=width)
            for i in range(n):
                widget.add_row(*(Text(c, no_wrap=True) for c in cells(i)), key=str(i))
        else:
            widget.set_columns([Column(key, key, width, right=3 <= k < 8)
                                for k, (key, width) in enumerate(zip(COLUMNS, WIDTHS))])
            widget.fill(((str(i), i) for i in range(n)), lambda i: [Text(c, no_wrap=True) for c in cells(i)])
        filled = now()
        painted = await next_frame(app, filled)
        updates = []
        for k in range(7):
            await pilot.pause(0.05)
            start_update = now()
            if kind == "DataTable":
                widget.update_cell(str(k), "cout", Text(f"{k} €"))
            else:
                widget.update_row(str(k), -k - 1)  # a new item: its cells are built again
            updates.append(await next_frame(app, start_update))
        return {"fill": (filled - start) * 1000, "first paint": painted, "update + paint": statistics.median(updates)}


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10000]
    print("| Rows | Widget | Fill | First paint after fill | One cell updated, until painted |")
    print("|---|---|---|---|---|")
    for n in sizes:
        for kind in ("DataTable", "RecordTable"):
            r = asyncio.run(measure(kind, n))
            print(f"| {n:,} | {kind} | {r['fill']:.0f} ms | {r['first paint']:.0f} ms | {r['update + paint']:.1f} ms |"
                  .replace(",", " "))


if __name__ == "__main__":
    main(sys.argv[1:])
