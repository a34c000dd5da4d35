"""What every view shares: it follows the app's data snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.widgets import Input

from pvtui.domain.dataset import Dataset
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
        self.watch(self.app, "year", lambda _: self._data_changed(self.app.data), init=False)

    _stale = False

    def _data_changed(self, data: Dataset | None) -> None:
        """Only the screen on display redraws at once; the others when they are shown again.

        A save then costs one view's work, not six, even with 10 000 actions.
        """
        if data is None:
            return
        if self.is_current:
            self._stale = False
            self.refresh_data(data)
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale and self.app.data is not None:
            self._stale = False
            self.refresh_data(self.app.data)

    def refresh_data(self, data: Dataset) -> None:
        """Redraw from `data`; implemented by each view."""
        raise NotImplementedError


class GuardedForm:
    """A form the app asks about (Ctrl+Q, Esc) while what is typed differs from what it opened with.

    Mixed into a Screen: `guard()` once the fields hold their starting values;
    leaving the screen (unmount) lets it go.
    """

    app: "PvtuiApp"
    _initial: Any = None

    def fields(self) -> Any:
        raise NotImplementedError

    @property
    def dirty(self) -> bool:
        return self._initial is not None and self.fields() != self._initial

    def guard(self) -> None:
        self.app.forms.add(self)
        self._initial = self.fields()

    def on_unmount(self) -> None:
        self.app.forms.discard(self)


class EnterMovesOn:
    """Mixed into a form Screen: Enter in a field goes to the next one; in the last (`LAST`) it saves."""

    LAST = ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == self.LAST:
            self.action_save()
        else:
            self.focus_next()
