"""Import (`i`): pick a spreadsheet, see what importing it would do row by row, apply it.

The preview is the plan `pvtui import` prints (`pvtui.imports.plan`), built
in a thread against the snapshot on screen: nothing is written until Ctrl+S
is pressed and confirmed. Applying goes through the app's Workspace, so
every view shows the new records at once, and a second preview then lists
every row as unchanged.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from pvtui.domain.dataset import ACTIONS, Dataset
from pvtui.imports.plan import CREEE, IGNOREE, MODIFIEE, Ligne, Plan
from pvtui.imports.render import summary
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.screens.confirm import ConfirmScreen
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable
from pvtui.domain.fmt import count_of


class ImporterScreen(DataScreen):
    """Three fields (file, correspondence table, year), the preview table, and Ctrl+S to apply."""

    DEFAULT_CSS = """
    ImporterScreen #import-fields { height: auto; }
    ImporterScreen #import-fields Input { width: 1fr; }
    ImporterScreen #import-annee { max-width: 16; }
    ImporterScreen #import-detail { height: auto; max-height: 8; padding: 0 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "appliquer", "Appliquer", id="import-apply", tooltip="Appliquer l'import prévu"),
        Binding("c", "confirmer", "Confirmer le porteur", id="import-confirm",
                tooltip="Le nom de la ligne est bien ce porteur : l'ajouter à ses autres graphies"),
        Binding("escape", "back", "Retour", id="import-back"),
    ]

    plan: Plan | None = None

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(Text("Importer un tableur (CSV, XLSX, ODS) : Entrée montre ce qui serait fait, "
                          "Ctrl+S l'applique"), classes="section")
        with Horizontal(id="import-fields"):
            yield Input(placeholder="Fichier à importer (chemin)", id="import-file")
            yield Input(placeholder="Table de correspondance .toml (facultatif)", id="import-correspondance")
            yield Input(placeholder="Année", id="import-annee", type="integer")
        yield Static(id="import-summary")
        yield RecordTable(id="import-rows")
        yield Static(id="import-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RecordTable).set_columns([
            Column("row", "Ligne", 6, right=True), Column("etat", "État", 11), Column("id", "Fichier", 36),
            Column("titre", "Titre", 40), Column("detail", "Détail", 120)])
        super().on_mount()
        self.query_one("#import-file", Input).focus()

    def refresh_data(self, data: Dataset) -> None:
        """The preview is redone on demand (Entrée): it says what it was built against."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.preview()

    def _arguments(self) -> tuple[str, str | None, int | None]:
        path = self.query_one("#import-file", Input).value.strip()
        corr = self.query_one("#import-correspondance", Input).value.strip() or None
        annee = self.query_one("#import-annee", Input).value.strip()
        return str(Path(path).expanduser()) if path else "", corr, int(annee) if annee.isdigit() else None

    @work(thread=True, exclusive=True, group="import", description="aperçu de l'import")
    def preview(self) -> None:
        from pvtui.imports.apply import prepare
        from pvtui.imports.columns import CorrespondanceError
        from pvtui.imports.plan import PlanError
        from pvtui.imports.sheet import SheetError

        path, corr, annee = self._arguments()
        if not path:
            self.app.call_from_thread(self.notify, "Indiquez le fichier à importer.", severity="warning")
            return
        try:
            plan = prepare(self.app.workspace, path, corr, annee)
        except (SheetError, CorrespondanceError, PlanError) as error:
            self.app.call_from_thread(self._show, None, f"{error} ; rien n'a été écrit")
            return
        self.app.call_from_thread(self._show, plan, "")

    def _show(self, plan: Plan | None, error: str) -> None:
        self.plan = plan
        table = self.query_one(RecordTable)
        if plan is None:
            self.query_one("#import-summary", Static).update(Text(error, style="bold"))
            table.fill([])
            self.query_one("#import-detail", Static).update("")
            return
        head = f"{plan.source} ({plan.what}), {plan.header.rows_label} — {summary(plan)}"
        if plan.to_apply:
            head += " Rien n'est écrit avant Ctrl+S."
        self.query_one("#import-summary", Static).update(Text(head))
        table.fill(((str(ligne.row), ligne) for ligne in plan.lignes), self._cells)

    @staticmethod
    def _cells(ligne: Ligne) -> list[Text]:
        etat = "à confirmer" if ligne.confirmer and ligne.etat != IGNOREE else ligne.etat
        detail = ligne.confirmer or ("; ".join(ligne.details))
        return [Text(str(ligne.row)), Text(etat, style="bold" if ligne.etat in (CREEE, MODIFIEE) else ""),
                Text(f"{ACTIONS}/{ligne.id}.toml" if ligne.id else ""), Text(ligne.titre), Text(detail)]

    def on_record_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        detail = self.query_one("#import-detail", Static)
        ligne = next((l for l in self.plan.lignes if str(l.row) == event.key), None) if self.plan else None
        if ligne is None:
            detail.update("")
            return
        lines = [f"Ligne {ligne.row} : {ligne.etat}", *ligne.details]
        if ligne.confirmer:
            lines.append(f"À confirmer : {ligne.confirmer}")
        detail.update(Text("\n".join(lines)))

    def action_confirmer(self) -> None:
        """The row's porteur is the record it looks like: add the spelling to its aliases, then preview again."""
        from dataclasses import replace

        from pvtui.domain.dataset import PORTEURS
        from pvtui.workspace.changes import Saved, Update

        key = self.query_one(RecordTable).current_key
        ligne = next((l for l in self.plan.lignes if str(l.row) == key), None) if self.plan and key else None
        if ligne is None or not ligne.propose:
            self.notify("Cette ligne n'a pas de porteur à confirmer.", severity="warning")
            return
        data = self.app.data
        record = data.porteur(ligne.propose)
        if record is None:
            self.notify(f"{PORTEURS}/{ligne.propose}.toml n'existe plus.", severity="error")
            return
        new = replace(record, aliases=(*record.aliases, ligne.graphie))
        result = self.app.apply(Update(PORTEURS, record, data.version(PORTEURS, record.id), new))
        if isinstance(result, Saved):
            self.notify(f"« {ligne.graphie} » ajouté aux graphies de {record.nom}", title="Porteur confirmé")
            self.preview()
        else:
            self.notify(getattr(result, "message", f"{PORTEURS}/{record.id}.toml a changé : réessayez"),
                        severity="error", title="Rien n'a été enregistré")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_appliquer(self) -> None:
        plan = self.plan
        if plan is None or not plan.to_apply:
            self.notify("Rien à appliquer : montrez d'abord l'aperçu d'un fichier (Entrée).", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(plan)

        self.app.push_screen(ConfirmScreen(f"Appliquer l'import de {plan.source} ? {summary(plan)}", "Appliquer"),
                             answered)

    @work(thread=True, exclusive=True, group="import", description="import")
    def _apply(self, plan: Plan) -> None:
        from pvtui.imports.apply import apply_plan

        applied = apply_plan(self.app.workspace, plan)
        written = f"{count_of(len(applied.saved), 'fichier écrit')}."
        if applied.problems:  # one event, one toast: what was written and what was not
            self.app.call_from_thread(self.notify, "\n".join([written, *applied.problems[:5]]), severity="error",
                                      title="Pas tout appliqué", timeout=12)
        else:
            self.app.call_from_thread(self.notify, written, title="Import appliqué")
        if applied.warning:
            self.app.git_warning(applied.warning)
        self.app.call_from_thread(self.preview)
