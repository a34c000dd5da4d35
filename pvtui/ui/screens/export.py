"""Export: pick a kind and filters, preview, save to a file, copy to the clipboard.

The preview is exactly what `pvtui.export.export` returns (the same bytes as
`pvtui export` on the command line), shown in a read-only TextArea so that
nothing in a record is ever read as markup. It is computed in a thread: a
"rapport" over thousands of actions must not freeze the keyboard.

Saving asks for a file name; the default is `export-<type>-<année>[-filtres].<ext>`
in the current directory (where pvtui was started, as for any command-line
tool), unless that is inside the data folder or a git repository (pvtui's
clone, a shared folder's clone): an export is not data, so the default is
then the home folder. The path is shown in full and editable. Copying goes through OSC 52, which works
over SSH but cannot be confirmed: the message says so.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

import pvtui.export as exports
from pvtui.storage.atomic import atomic_write
from pvtui.domain.dataset import Dataset
from pvtui.export import FORMATS, KINDS, ExportError, Filtres
from pvtui.domain.fmt import number, reason
from pvtui.domain.problem import errors_in_folder
from pvtui.domain.ids import slugify
from pvtui.ui import clipboard
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.screens.confirm import ConfirmScreen
from pvtui.ui.widgets.keybar import KeyBar

KIND_LABELS = {
    "fiche": "Fiches actions",
    "synthese": "Synthèse par financeur",
    "financements": "Synthèse des financements",
    "objectifs": "Photographie des piliers",
    "tfpb": "Bilan de l'abattement TFPB",
    "beneficiaires": "Bénéficiaires",
    "rapport": "Rapport annuel complet",
    "actions": "Liste des actions",
}
FORMAT_LABELS = {"text": "Texte (.txt)", "csv": "CSV, tableur (.csv)", "json": "JSON (.json)"}
EXTENSIONS = {"text": "txt", "csv": "csv", "json": "json"}
FILTERS = ("annee", "secteur", "financeur", "pilier", "bailleur", "action")
"""The filter Selects, in the order of `Filtres`."""
BLANKS = {"annee": "celle de la barre du haut", "secteur": "tous", "financeur": "tous", "pilier": "tous",
          "bailleur": "tous", "action": "toutes"}
LABELS = {"kind": "Type", "fmt": "Format", "annee": "Année", "secteur": "Secteur", "financeur": "Financeur",
          "pilier": "Pilier", "bailleur": "Bailleur", "action": "Action"}

PREVIEW_LINES = 2000
"""A TextArea slows down past a few thousand lines: the preview shows the start, save and copy take all."""

Choice = tuple[str, str, Filtres]
"""(kind, format, filters): what the preview shows."""


def as_text(data: bytes) -> str:
    """The export as text to show or copy (the CSV's BOM is for spreadsheets only)."""
    return data.decode("utf-8-sig", errors="replace")


def default_name(kind: str, fmt: str, filtres: Filtres, year: int | None) -> str:
    """"export-synthese-2019.txt", "export-fiche-2019-salon-atelier.txt"."""
    parts = ["export", kind, str(filtres.annee or year or "")]
    parts += [slugify(str(value)) for name in FILTERS[1:] if (value := getattr(filtres, name))]
    return "-".join(p for p in parts if p) + "." + EXTENSIONS.get(fmt, fmt)


def save_folder(cwd: Path, data_root: Path) -> Path:
    """Where a save is proposed: the current directory, but never inside the data folder or a repository.

    A file written there would show up as a change to commit (or to share).
    """
    cwd, data_root = cwd.resolve(), data_root.resolve()
    if cwd.is_relative_to(data_root) or any((folder / ".git").exists() for folder in (cwd, *cwd.parents)):
        return Path.home()
    return cwd


class SaveAsScreen(ModalScreen[Path | None]):
    """Ask for the file to write; Enter writes, Esc cancels."""

    CSS_PATH = "export.tcss"

    BINDINGS = [Binding("escape", "cancel", "Annuler", id="save-as-cancel")]

    def __init__(self, default: Path, size: int) -> None:
        super().__init__()
        self.default = default
        self.nbytes = size

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save-as"):
            yield Static(Text(f"Enregistrer l'export ({number(self.nbytes)} octets) sous :"))
            yield Input(str(self.default), id="save-as-path")
            yield Static(id="save-as-error")
            yield Static(Text("Entrée : enregistrer · Échap : annuler · chemin relatif : depuis "
                              f"{Path.cwd()}"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#save-as-error").display = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        problem = ""
        path = None
        if not typed:
            problem = "Donnez un nom de fichier."
        else:
            path = Path(typed).expanduser()
            path = path if path.is_absolute() else Path.cwd() / path
            if path.is_dir():
                problem = f"{path} est un dossier : ajoutez un nom de fichier."
            elif not path.parent.is_dir():
                problem = f"Le dossier {path.parent} n'existe pas."
        if problem:
            box = self.query_one("#save-as-error", Static)
            box.update(Text(problem, style="bold red"))
            box.display = True
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(DataScreen):
    """Choose, look, then save or copy: the preview is the export, byte for byte."""

    CSS_PATH = "export.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Enregistrer", id="export-save", priority=True),
        Binding("y", "copy", "Copier", id="export-copy"),
        Binding("ctrl+y", "copy", "Copier", id="export-copy-ctrl", show=False, priority=True),
        Binding("delete", "reset_filters", "Effacer les filtres", key_display="Suppr", id="export-reset-filters",
                priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.clock: Callable[[], datetime] = datetime.now
        """The time written in the export's header (tests freeze it)."""
        self._options: dict[str, list[tuple[str, str]]] = {}
        self._shown: Choice | None = None
        self._text = ""
        self._preview_pending = False

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        with Grid(id="export-controls"):
            yield Label(LABELS["kind"])
            yield Select([(Text(KIND_LABELS.get(k, k)), k) for k in KINDS], allow_blank=False,
                         value="synthese" if "synthese" in KINDS else KINDS[0], id="export-kind", compact=True)
            yield Label(LABELS["fmt"])
            yield Select([(Text(FORMAT_LABELS.get(f, f)), f) for f in FORMATS], allow_blank=False,
                         value=FORMATS[0], id="export-fmt", compact=True)
            for name in FILTERS:
                yield Label(LABELS[name])
                yield Select([], prompt=BLANKS[name], id=f"export-{name}", compact=True)
        yield Static(id="export-status")
        yield Static(id="export-errors")
        yield TextArea(id="export-preview", read_only=True, soft_wrap=False, show_cursor=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#export-kind", Select).focus()
        super().on_mount()
        self.watch(self.app, "problems", self._show_errors, init=True)

    def _show_errors(self, problems) -> None:
        """The figures may rest on wrong files: one line says how many errors, shown only when there are some."""
        warning = errors_in_folder(problems, "Problèmes (p)")
        box = self.query_one("#export-errors", Static)
        box.update(Text(warning, style="bold", no_wrap=True, overflow="ellipsis"))
        box.display = bool(warning)

    def action_reset_filters(self) -> None:
        """Every filter back to blank: a filter chosen earlier and forgotten no longer narrows the export."""
        for name in FILTERS:
            self.query_one(f"#export-{name}", Select).clear()

    # --- choices -------------------------------------------------------------

    def refresh_data(self, data: Dataset) -> None:
        # Called only while this view is on display (DataScreen): a hidden preview costs nothing.
        ref = data.referentiel
        self._set_options("annee", [(str(y), str(y)) for y in reversed(data.years)])
        self._set_options("secteur", [(e.libelle or c, c) for c, e in ref.secteurs.items()])
        self._set_options("financeur", [(e.libelle or e.nom or c, c) for c, e in ref.financeurs.items()])
        self._set_options("pilier", [(f"{c} {e.libelle}".strip(), c) for c, e in ref.piliers.items()])
        self._set_options("bailleur", [(b.nom or b.id, b.id) for b in data.bailleurs])
        self._action_options(data)
        self.refresh_preview()

    def _action_options(self, data: Dataset) -> None:
        """The actions of the chosen year only (of the latest when none is): a list one can scroll."""
        chosen = self.query_one("#export-annee", Select).value
        year = int(chosen) if chosen is not Select.NULL else self.app.year
        actions = data.actions_of(year)
        self._set_options("action", sorted(
            ((f"{a.titre or a.id} — {a.porteur}" if a.porteur else a.titre or a.id, a.id) for a in actions),
            key=lambda option: slugify(option[0])))

    def _set_options(self, name: str, choices: list[tuple[str, str]]) -> None:
        """Refill a filter's list, keeping its value when it is still there."""
        if choices == self._options.get(name):
            return
        select = self.query_one(f"#export-{name}", Select)
        keep = select.value
        select.set_options([(Text(label), value) for label, value in choices])
        if keep is not Select.NULL and keep in {value for _, value in choices}:
            select.value = keep
        self._options[name] = choices

    def choice(self) -> Choice:
        def value(name: str) -> str | None:
            got = self.query_one(f"#export-{name}", Select).value
            return None if got is Select.NULL else str(got)

        annee = value("annee")  # none chosen: the year of the view bar
        filtres = Filtres(annee=int(annee) if annee else self.app.year,
                          **{name: value(name) for name in FILTERS[1:]})
        return value("kind") or "synthese", value("fmt") or "text", filtres

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.app.data is None:
            return
        if event.select.id == "export-annee":
            self._action_options(self.app.data)
        self.refresh_preview()

    def _dim_unused_filters(self, kind: str) -> None:
        """Filters the kind ignores are greyed out (a bailleur means nothing to the funding tables)."""
        used = getattr(exports, "FILTERS", {}).get(kind)
        for name in FILTERS[1:]:
            self.query_one(f"#export-{name}", Select).set_class(used is not None and name not in used, "-unused")

    # --- preview -------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Recompute the preview once the current burst of changes is over (a refill posts several)."""
        if not self._preview_pending:
            self._preview_pending = True
            self.call_after_refresh(self._start_preview)

    def _start_preview(self) -> None:
        self._preview_pending = False
        if self.app.data is None:
            return
        choice = self.choice()
        self._dim_unused_filters(choice[0])
        self.query_one("#export-status", Static).update(Text("Calcul de l'aperçu…", style="dim"))
        self._compute_preview(self.app.data, choice)

    # An explicit description: by default Textual builds one from repr() of the
    # arguments, and the repr of a 10 000-action Dataset takes over a second.
    @work(thread=True, exclusive=True, group="export-preview", description="aperçu de l'export")
    def _compute_preview(self, data: Dataset, choice: Choice) -> None:
        result, error = self.build(data, choice)
        self.app.call_from_thread(self._show, choice, result, error)

    def build(self, data: Dataset, choice: Choice) -> tuple[bytes | None, str]:
        """The export's bytes, or the French reason it cannot be made."""
        kind, fmt, filtres = choice
        try:
            return exports.export(data, kind, filtres, fmt, now=self.clock()), ""
        except ExportError as error:
            return None, str(error)
        except Exception as error:  # a bug in an exporter must not take the whole app down
            return None, f"erreur interne de l'export ({type(error).__name__} : {error})"

    def _show(self, choice: Choice, result: bytes | None, error: str) -> None:
        if choice != self.choice():
            return  # the person changed a choice meanwhile: a newer preview is on its way
        status = self.query_one("#export-status", Static)
        preview = self.query_one("#export-preview", TextArea)
        if result is None:
            self._shown, self._text = None, ""
            status.update(Text(f"Export impossible : {error}", style="bold red"))
            preview.load_text("")
            return
        self._shown, self._text = choice, as_text(result)
        lines = self._text.splitlines(keepends=True)
        shown = "".join(lines[:PREVIEW_LINES])
        if len(lines) > PREVIEW_LINES:
            summary = (f"Aperçu : les {number(PREVIEW_LINES)} premières lignes sur {number(len(lines))} "
                       f"({number(len(result))} octets) — Ctrl+S et y prennent tout")
        else:
            summary = f"Aperçu : {number(len(lines))} lignes, {number(len(result))} octets — Ctrl+S enregistre, y copie"
        status.update(Text(summary, no_wrap=True, overflow="ellipsis"))
        preview.load_text(shown)

    def _current(self) -> tuple[bytes, Choice] | None:
        """The export for the current choices, made now (so a file never lags behind the screen)."""
        data = self.app.data
        if data is None:
            return None
        choice = self.choice()
        result, error = self.build(data, choice)
        if result is None:
            self.notify(error, title="Export impossible", severity="error", timeout=10)
            return None
        return result, choice

    # --- commands ------------------------------------------------------------

    def action_save(self) -> None:
        current = self._current()
        if current is None:
            return
        result, (kind, fmt, filtres) = current
        default = save_folder(Path.cwd(), self.app.workspace.root) / default_name(kind, fmt, filtres, self.app.year)

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists():
                self.app.push_screen(ConfirmScreen(f"{path} existe déjà.\nLe remplacer par cet export ?", "Remplacer"),
                                     lambda yes: self._write(path, result) if yes else None)
            else:
                self._write(path, result)

        self.app.push_screen(SaveAsScreen(default, len(result)), chosen)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            atomic_write(path, data)
        except OSError as error:
            self.notify(f"Impossible d'écrire {path} : {reason(error)}", title="Rien n'a été enregistré",
                        severity="error", timeout=12)
            return
        self.notify(f"{path} ({number(len(data))} octets)", title="Export enregistré")

    def action_copy(self) -> None:
        current = self._current()
        if current is None:
            return
        message = clipboard.copy(self.app, as_text(current[0]))
        self.notify(message, title="Presse-papiers", timeout=12)
