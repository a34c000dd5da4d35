"""The pvtui App: data loading, live reload, views as modes, the palette."""

from __future__ import annotations

import importlib
import os
import threading
import weakref
from pathlib import Path
from typing import Iterable

from textual import work
from textual.worker import get_current_worker
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.binding import Binding
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES

from pvtui.domain.dataset import Dataset
from pvtui.domain.fmt import count_of
from pvtui.domain.problem import Problem
from pvtui.git.sync import Status
from pvtui.storage.store import Store
from pvtui.workspace.changes import Change, Conflict, Result, Saved
from pvtui.workspace.workspace import Workspace
from pvtui.ui.palette import PLACEHOLDER, RecordsProvider, system_commands
from pvtui.ui.safe import NoControls, visible

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
        return getattr(importlib.import_module(f"pvtui.ui.screens.{name}"), class_name)()

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
        # In the view bar (−2019+), where they also click: the footer keeps room for the screen's keys.
        Binding("minus", "year(-1)", "Année précédente", id="year-previous", show=False),
        Binding("plus", "year(1)", "Année suivante", id="year-next", show=False),
        Binding("i", "importer", "Importer un tableur", id="importer", show=False),
        Binding("t", "porteurs", "Porteurs", id="porteurs", show=False),
        # Not in the view bar, which is full at 80 columns (the year must stay visible).
        Binding("r", "echeances", "Échéances", id="echeances", show=False),
        # In the view bar with the git status (only inside a git work tree); S is the tables' reverse sort.
        Binding("G", "sync", "Synchroniser (git)", id="sync", show=False),
        Binding("u", "corbeille", "Corbeille", id="corbeille", show=False),
        Binding("question_mark", "help", "Aide", id="help"),
        Binding("ctrl+q", "quit", "Quitter", id="quit", priority=True),
    ]

    data: var[Dataset | None] = var(None, init=False)
    """The last snapshot of the folder; screens watch it."""
    problems: var[tuple[Problem, ...]] = var((), init=False)
    git_status: var[Status | None] = var(None, init=False)
    """Where the folder stands in git (None outside git): the view bar shows « à jour », « 2 en avance »…"""
    year: var[int | None] = var(None, init=False)
    """The programme year every view shows (−/+ move it); it persists for the session."""

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
        self.set_class(self.no_color, "-no-color")  # app.tcss: focus and selection without colour
        self.workspace = Workspace(data_dir, cache=cache)
        self.workspace.subscribe(self._follow)
        self.poll_seconds = poll
        self._ui_thread = threading.get_ident()
        self._mounted = False
        self.forms: weakref.WeakSet[Screen] = weakref.WeakSet()
        """The open forms (each has `dirty`), whichever mode they are in: quitting asks if one is."""
        self.column_choices: dict[str, set[str]] = {}
        """Per view and table, the columns someone hid (RecordTable, key C): kept for the session."""

    def get_line_filters(self):
        """Textual's filters, then the one that keeps any control character of the data off the terminal."""
        return [*super().get_line_filters(), self._no_controls]

    _no_controls = NoControls()

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every toast says record text (a title, a file name): plain text, controls shown, never markup."""
        if not markup:
            message, title = visible(message), visible(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_load(self) -> None:
        self._ui_thread = threading.get_ident()
        if self._small_folder():
            # Read before the first screen is composed, so that its first frame
            # shows the actions (a thread would wait for the GIL meanwhile).
            self.workspace.load()

    def on_mount(self) -> None:
        self._mounted = True
        self.switch_mode("actions")
        self._offer_init()
        if self.data is None:
            self.reload()
        else:
            self.call_after_refresh(self.recheck)  # after the first frame: the check is not needed to draw it
        self.call_after_refresh(self.refresh_git_status)
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.poll)

    def _offer_init(self) -> None:
        """An empty or foreign folder: say what it is (and offer `pvtui init`) instead of a blank screen."""
        from pvtui.imports.init import OK, folder_state

        if (state := folder_state(self.workspace.root)) != OK:
            from pvtui.ui.screens.accueil import AccueilScreen

            self.push_screen(AccueilScreen(self.workspace.root, state))

    def delay_update(self, delay: float = 0.05) -> None:
        """`switch_mode` hides a change of screen for 50 ms: leaving the start-up mode, there is nothing to hide."""
        if self.current_mode != self.DEFAULT_MODE:
            super().delay_update(delay)

    # --- data ----------------------------------------------------------------

    def _small_folder(self) -> bool:
        try:
            with os.scandir(self.workspace.root / "actions") as entries:
                return sum(1 for _ in entries) <= SMALL_FOLDER
        except OSError:
            return True

    @work(thread=True, exclusive=True, group="load", description="lecture du dossier")
    def reload(self, announce: str = "") -> None:
        """Read the folder off the UI thread; the workspace publishes it (see `_follow`).

        A reload cancelled by a newer one publishes nothing.
        """
        worker = get_current_worker()
        self.workspace.load(cancelled=lambda: worker.is_cancelled)
        if announce and not worker.is_cancelled:
            self.call_from_thread(self.notify, announce, title="Rechargé")

    def _follow(self) -> None:
        """The workspace has a new snapshot (a load, a save, a merge): show it, then check it.

        Called from whichever thread made the change; it takes the latest
        snapshot, not the one of the call, so that calls arriving out of
        order never put an older one back.
        """
        if self._ui_thread != threading.get_ident():
            self.call_from_thread(self._follow)
            return
        data = self.workspace.data
        if data is not self.data:
            if self.year not in data.years:  # the first load, or the year's last record gone
                self.year = data.default_year
            self.data = data
            if self._mounted:  # at start-up the check waits for the first frame (on_mount)
                self.recheck()
                self.refresh_git_status()

    @work(thread=True, exclusive=True, group="poll", description="surveillance des fichiers")
    def poll(self) -> None:
        """Notice files changed by someone else (another technician, git pull, an editor)."""
        changed = self.workspace.changed_on_disk()
        if changed and not get_current_worker().is_cancelled:
            names = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
            self.call_from_thread(self.reload, f"Fichiers modifiés sur le disque : {names}")

    def apply(self, change: Change) -> Result:
        """Apply a change through the workspace (every view follows through `_follow`)."""
        return self._told(self.workspace.apply(change))

    def resolve(self, conflict: Conflict, choice: str) -> Result:
        return self._told(self.workspace.resolve(conflict, choice))

    def _told(self, result: Result) -> Result:
        """A save git could not commit is said (from any thread), whichever screen made it."""
        if isinstance(result, Saved) and result.warning:
            self.git_warning(result.warning)
        if isinstance(result, Saved):
            self.refresh_git_status()  # after the commit, which follows the save
        return result

    def git_warning(self, message: str) -> None:
        if self._ui_thread != threading.get_ident():
            self.call_from_thread(self.git_warning, message)
        else:
            self.notify(message, title="Git", severity="warning", timeout=12)

    @work(thread=True, exclusive=True, group="git-status", description="état git")
    def refresh_git_status(self) -> None:
        """`git status` off the UI thread, after a load, a save or a sync (never per frame)."""
        from pvtui.git.repo import GitError
        from pvtui.git.sync import status

        repo = self.workspace.git.repo()
        try:
            found = status(repo, self.workspace.root) if repo is not None else None
        except GitError:
            found = None
        if not get_current_worker().is_cancelled:
            self.call_from_thread(setattr, self, "git_status", found)

    def action_sync(self) -> None:
        if self.workspace.git.repo() is None:
            self.notify("Ce dossier n'est pas dans un dépôt git : rien à synchroniser "
                        "(voir « Travailler à plusieurs sites » dans le README).", severity="warning")
            return
        self.notify("Synchronisation en cours…", title="Git", timeout=3)
        self._sync()

    @work(thread=True, exclusive=True, group="sync", description="synchronisation")
    def _sync(self) -> None:
        from pvtui.git.repo import GitError
        from pvtui.git.sync import sync

        try:
            said, severity = sync(self.workspace.git.repo(), self.workspace.root,
                                  committer=self.workspace.git), "information"
        except GitError as error:
            said, severity = str(error), "error"
        pending = len(self.workspace.pending_conflicts())
        if pending:
            said += f"\n{count_of(pending, 'conflit')} à régler : Problèmes (p), Entrée sur la ligne."
        self.call_from_thread(self.notify, said, title="Synchronisation", severity=severity,
                              timeout=12 if severity == "error" or pending else 6)
        self.call_from_thread(self.reload)  # every view follows, keeping its cursor
        self.call_from_thread(self.refresh_git_status)

    @work(thread=True, exclusive=True, group="check", description="vérification")
    def recheck(self) -> None:
        from pvtui.domain.check import check
        from pvtui.workspace.folder import folder_problems

        data = self.data
        problems = tuple(check(data)) + tuple(folder_problems(self.workspace.root))
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._checked, data, problems)

    def _checked(self, data: Dataset, problems: tuple[Problem, ...]) -> None:
        if data is self.data:  # the problems of an older snapshot are not this one's
            self.problems = problems

    @property
    def store(self) -> Store:
        return self.workspace.store

    def record_path(self, kind: str, id: str) -> Path:
        return self.store.path_of(kind, id)

    # --- views and commands --------------------------------------------------

    def action_view(self, name: str) -> None:
        if self.current_mode != name:
            self.switch_mode(name)

    def action_year(self, step: int) -> None:
        years = self.data.years if self.data else []
        if self.year in years:
            self.year = years[max(0, min(len(years) - 1, years.index(self.year) + step))]
        elif years:
            self.year = years[-1]

    def action_help(self) -> None:
        from pvtui.ui.screens.aide import AideScreen

        if not isinstance(self.screen, AideScreen):
            self.push_screen(AideScreen(self.screen))

    def action_importer(self) -> None:
        from pvtui.ui.screens.importer import ImporterScreen

        if not isinstance(self.screen, ImporterScreen):
            self.push_screen(ImporterScreen())

    def action_porteurs(self) -> None:
        from pvtui.ui.screens.porteurs import PorteursScreen

        if not isinstance(self.screen, PorteursScreen):
            self.push_screen(PorteursScreen())

    def action_echeances(self) -> None:
        from pvtui.ui.screens.echeances import EcheancesScreen

        if not isinstance(self.screen, EcheancesScreen):
            self.push_screen(EcheancesScreen())

    def action_corbeille(self) -> None:
        from pvtui.ui.screens.corbeille import CorbeilleScreen

        if not isinstance(self.screen, CorbeilleScreen):
            self.push_screen(CorbeilleScreen())

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
        yield from system_commands(self, screen)
        for name, (key, label, _) in VIEWS.items():
            yield SystemCommand(f"Vue {label}", f"Aller à la vue {label} (touche {key})",
                                lambda name=name: self.action_view(name))
        yield SystemCommand("Aide", "Afficher les touches (?)", self.action_help)
        yield SystemCommand("Importer un tableur", "CSV, XLSX ou ODS : aperçu puis application (touche i)",
                            self.action_importer)
        yield SystemCommand("Porteurs", "Chaque porteur, ses actions et ses subventions, toutes années (touche t)",
                            self.action_porteurs)
        yield SystemCommand("Échéances", "Ce qui est dû ou en retard : conventions, versements, bilans (touche r)",
                            self.action_echeances)
        yield SystemCommand("Corbeille", "Enregistrements supprimés et versions non retenues, à restaurer (touche u)",
                            self.action_corbeille)
        yield SystemCommand("Recharger", "Relire le dossier de données", lambda: self.reload("Dossier relu"))
        yield SystemCommand("Synchroniser", "git pull --rebase puis git push du dépôt partagé (touche G)",
                            self.action_sync)
        for binding in getattr(screen, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.show and binding.description:
                yield SystemCommand(binding.description, f"{binding.description} (touche {binding.key_display or binding.key})",
                                    lambda action=binding.action: screen.run_action(action))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=PLACEHOLDER, id="--command-palette"))

    def action_quit(self) -> None:
        if not any(form.dirty for form in list(self.forms)):
            self.exit()
            return
        from pvtui.ui.screens.confirm import ConfirmScreen

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmScreen("Des modifications ne sont pas enregistrées. Quitter quand même ?",
                                       "Quitter sans enregistrer"), answered)

