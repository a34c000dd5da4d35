"""What every view shares: it follows the app's data snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from pvtui.store import Dataset
from pvtui.ui.widgets.viewbar import ViewBar

if TYPE_CHECKING:
    from pvtui.ui.app import PvtuiApp


class DataScreen(Screen[None]):
    """A screen that redraws itself whenever a new snapshot is published."""

    app: "PvtuiApp"
    VIEW = ""
    """The view (app mode) this screen belongs to, highlighted in the view bar."""

    def view_bar(self) -> ViewBar:
        from pvtui.ui.app import VIEWS

        current = self.VIEW or self.app.current_mode
        return ViewBar({name: (key, label) for name, (key, label, _) in VIEWS.items()}, current)

    def on_mount(self) -> None:
        self.watch(self.app, "data", self._data_changed, init=True)

    def _data_changed(self, data: Dataset | None) -> None:
        if data is not None:
            self.refresh_data(data)

    def refresh_data(self, data: Dataset) -> None:
        """Redraw from `data`; implemented by each view."""
        raise NotImplementedError
