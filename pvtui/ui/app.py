"""The pvtui App: data loading, live reload, views as modes, the palette."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES

from pvtui.domain.dataset import Dataset
from pvtui.domain.problem import Problem
from pvtui.storage.store import Store
from pvtui.ui.palette import RecordsProvider

VIEWS = {
    "actions": ("a", "Actions", "ActionsScreen"),
    "financements": ("f", "Financements", "FinancementsScreen"),
    "objectifs": ("o", "Objectifs", "ObjectifsScreen"),
    "bailleurs": ("b", "Bailleurs", "BailleursScreen"),
    "problemes": ("p", "Problèmes", "ProblemesScreen"),
    "export": ("x", "Export", "ExportScreen"),
}
"""View name -> (key, label, screen class in pvtui.ui.screens.<view name>)."""
POLL_SECONDS = 2.0
SMALL_FOLDER = 500
"""Up to this many action files, the folder is read before the first frame (about 20 ms from the cache)."""


def chosen_theme() -> str:
    """PVTUI_THEME, else the ANSI theme that follows the terminal's own palette."""
    theme = os.environ.get("PVTUI_THEME", "ansi-dark")
    return theme if theme in BUILTIN_THEMES else "ansi-dark"  # a typo must not stop the app


def _view(name: str, class_name: str):
    """A view's screen, imported the first time it is shown: start-up loads only the actions list."""

    def make() -> Screen:
        from textual import active_app

        module = importlib.import_module(f"pvtui.ui.screens.{name}")
        screen = getattr(module, class_name)()
        # A screen not yet mounted has no stale styles: without this, Textual
        # re-parses every stylesheet twice when a mode is first shown (25 ms at start-up).
        screen._css_update_count = active_app.get()._css_update_count
        return screen

    return make


class PvtuiApp(App[None]):
    """Browse and edit one data folder; every table follows the files live."""

    CSS_PATH = "app.tcss"
    TITLE = "pvtui"
    COMMANDS = App.COMMANDS | {RecordsProvider}
    MODES = {name: _view(name, class_name) for name, (_, _, class_name) in VIEWS.items()}
    BINDINGS = [
        # The view keys are shown in the view bar at the top, so the footer keeps room.
        *(Binding(key, f"view('{name}')", label, id=f"view-{name}", show=False)
          for name, (key, label, _) in VIEWS.items()),
        Binding("question_mark", "help", "Aide", id="help"),
        Binding("ctrl+q", "quit", "Quitter", id="quit", priority=True),
    ]

    data: var[Dataset | None] = var(None, init=False)
    """The last snapshot of the folder; screens watch it."""
    problems: var[tuple[Problem, ...]] = var((), init=False)

    theme: Reactive[str] = Reactive(chosen_theme)
    """The theme from the start (not set after): the stylesheet is parsed once, with its colours."""

    def __init__(self, data_dir: str | os.PathLike[str], *, poll: float = POLL_SECONDS, cache: bool = True):
        theme = BUILTIN_THEMES[chosen_theme()]
        # An ANSI theme must be declared now: the NO_COLOR filter is chosen here, and the
        # one chosen for a truecolor theme would paint the ANSI default colours black on black.
        super().__init__(ansi_color=True if theme.ansi else None)
        # What setting `theme` would do besides parsing every stylesheet again.
        self.set_class(True, f"-theme-{theme.name}")
        self.set_class(theme.dark, "-dark-mode")
        self.set_class(not theme.dark, "-light-mode")
        self.store = Store(data_dir, cache=cache)
        self.poll_seconds = poll
        self._snapshot: dict[str, tuple[int, int]] = {}

    def on_load(self) -> None:
        if self._small_folder():
            # Read before the first screen is composed, so that its first frame
            # shows the actions (a thread would wait for the GIL meanwhile).
            self._publish(self.store.load(), self.store.loaded_snapshot, "")

    def on_mount(self) -> None:
        self.switch_mode("actions")
        if self.data is None:
            self.reload()
        else:
            self.call_after_refresh(self.recheck)  # after the first frame: the check is not needed to draw it
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.poll)

    def delay_update(self, delay: float = 0.05) -> None:
        """`switch_mode` hides a change of screen for 50 ms: leaving the start-up mode, there is nothing to hide."""
        if self.current_mode != self.DEFAULT_MODE:
            super().delay_update(delay)

    # --- data ----------------------------------------------------------------

    def _small_folder(self) -> bool:
        try:
            with os.scandir(self.store.root / "actions") as entries:
                return sum(1 for _ in entries) <= SMALL_FOLDER
        except OSError:
            return True

    @work(thread=True, exclusive=True, group="load", description="lecture du dossier")
    def reload(self, announce: str = "") -> None:
        """Read the folder off the UI thread, publish it, then check it.

        The tables are drawn before the rules run, so the first screen
        with data comes as soon as the files are read.
        """
        data = self.store.load()
        self.call_from_thread(self._publish, data, self.store.loaded_snapshot, announce)
        from pvtui.domain.check import check

        problems = tuple(check(data))
        self.call_from_thread(setattr, self, "problems", problems)

    def _publish(self, data: Dataset, snapshot, announce: str) -> None:
        self._snapshot = snapshot
        self.data = data
        if announce:
            self.notify(announce, title="Rechargé")

    @work(thread=True, exclusive=True, group="poll", description="surveillance des fichiers")
    def poll(self) -> None:
        """Notice files changed by someone else (another technician, git pull, an editor)."""
        if self.data is None:
            return
        snapshot = self.store.snapshot()
        if snapshot != self._snapshot:
            changed = {k for k in snapshot.keys() | self._snapshot.keys() if snapshot.get(k) != self._snapshot.get(k)}
            names = ", ".join(sorted(changed)[:3]) + (" …" if len(changed) > 3 else "")
            self.call_from_thread(self.reload, f"Fichiers modifiés sur le disque : {names}")

    def save(self, kind: str, record: Any, old: Any = None) -> None:
        """Save through the store (raises StoreError/ConflictError) and refresh every table.

        The new snapshot swaps one record in memory instead of rereading the
        folder, so that tables follow a save at once even with 10 000 files.
        """
        self.store.save(kind, record, old)
        self._after_write(kind, record.id, self.data.replace_record(kind, record))

    def delete(self, kind: str, record: Any) -> Path:
        target = self.store.delete(kind, record)
        self._after_write(kind, record.id, self.data.remove_record(kind, record.id))
        return target

    def _after_write(self, kind: str, id: str, data: Dataset) -> None:
        rel = f"{kind}/{id}.toml"
        try:
            st = (self.store.root / rel).stat()
            self._snapshot[rel] = (st.st_mtime_ns, st.st_size)
        except OSError:
            self._snapshot.pop(rel, None)
        self.data = data
        self.recheck()

    @work(thread=True, exclusive=True, group="check", description="vérification")
    def recheck(self) -> None:
        from pvtui.domain.check import check

        data = self.data
        problems = tuple(check(data))
        self.call_from_thread(setattr, self, "problems", problems)

    def record_path(self, kind: str, id: str) -> Path:
        return self.store.path_of(kind, id)

    # --- views and commands --------------------------------------------------

    def action_view(self, name: str) -> None:
        if self.current_mode != name:
            self.switch_mode(name)

    def action_help(self) -> None:
        from pvtui.ui.screens.aide import AideScreen

        if not isinstance(self.screen, AideScreen):
            self.push_screen(AideScreen(self.screen))

    def open_action(self, id: str) -> None:
        from pvtui.ui.screens.fiche import FicheScreen

        self.switch_mode("actions")
        self.push_screen(FicheScreen(id))

    def open_bailleur(self, id: str) -> None:
        from pvtui.ui.screens.bailleurs import BailleursScreen

        self.switch_mode("bailleurs")
        screen = self.screen
        if isinstance(screen, BailleursScreen):
            screen.select_bailleur(id)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, (key, label, _) in VIEWS.items():
            yield SystemCommand(f"Vue {label}", f"Aller à la vue {label} (touche {key})",
                                lambda name=name: self.action_view(name))
        yield SystemCommand("Aide", "Afficher les touches (?)", self.action_help)
        yield SystemCommand("Recharger", "Relire le dossier de données", lambda: self.reload("Dossier relu"))
        for binding in getattr(screen, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.show and binding.description:
                yield SystemCommand(binding.description, f"{binding.description} (touche {binding.key_display or binding.key})",
                                    lambda action=binding.action: screen.run_action(action))

    def action_quit(self) -> None:
        screens = (s for stack in self._screen_stacks.values() for s in stack)
        editor = next((s for s in screens if getattr(s, "dirty", False)), None)
        if editor is None:
            self.exit()
            return
        from pvtui.ui.screens.confirm import ConfirmScreen

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmScreen("Des modifications ne sont pas enregistrées. Quitter quand même ?",
                                       "Quitter sans enregistrer"), answered)

