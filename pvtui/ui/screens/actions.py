"""Actions: every action with its funding, filtered as you type, sorted by any column."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static

from pvtui import compute
from pvtui.fmt import euros
from pvtui.model import Action
from pvtui.query import filter_actions
from pvtui.store import Dataset
from pvtui.ui.records import ActionCommands
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.cells import money, text
from pvtui.ui.widgets.table import RecordTable

WIDTHS = {"titre": 28, "porteur": 16, "secteur": 14, "objectifs": 16}
"""Text columns are cut (with …) so that the amounts fit in 80 columns."""
FIXED = (("titre", "Titre"), ("porteur", "Porteur"), ("secteur", "Secteur"), ("cout_total", "Coût total"))


class ActionsScreen(ActionCommands, DataScreen):
    """The list of actions, with a totals line for what the filter shows."""

    BINDINGS = [
        Binding("slash", "filter", "Filtre", id="filter", tooltip="Filtrer : mots, secteur:, financeur:, pilier:, objectif:, annee:"),
        Binding("enter", "open", "Fiche", id="open", key_display="⏎"),
        Binding("n", "new", "Nouv.", id="new", tooltip="Nouvelle action"),
        Binding("e", "edit", "Modif.", id="edit", tooltip="Modifier l'action"),
        Binding("c", "duplicate", "Copie", id="duplicate", tooltip="Dupliquer l'action"),
        Binding("d", "delete", "Suppr.", id="delete", tooltip="Supprimer (vers la corbeille)"),
        Binding("s", "sort", "Tri", id="sort", tooltip="Trier par la colonne suivante"),
        Binding("E", "external_edit", "$EDITOR", id="external-edit", tooltip="Ouvrir le fichier dans $EDITOR"),
        Binding("escape", "clear_filter", "Effacer le filtre", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[str] = []
        self._sort: tuple[str, bool] | None = None
        self._data: Dataset | None = None
        self._shown: list[Action] = []

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Input(placeholder="filtre : mots, secteur:, financeur:, pilier:, objectif:, annee:", id="filter")
        yield RecordTable(id="actions")
        yield Static(id="totals")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.query_one(RecordTable).loading = True
        super().on_mount()

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def refresh_data(self, data: Dataset) -> None:
        table = self.table
        if table.loading:
            table.loading = False
            table.focus()
        funders = list(data.referentiel.financeurs)
        columns = [*(key for key, _ in FIXED), *funders, "piliers", "objectifs"]
        if columns != self._columns:
            table.clear(columns=True)
            labels = dict(FIXED)
            for code in funders:
                labels[code] = data.referentiel.financeurs[code].libelle or code
            labels |= {"piliers": "Piliers", "objectifs": "Objectifs"}
            for key in columns:
                table.add_column(labels.get(key, key), key=key, width=WIDTHS.get(key))
            self._columns = columns
        previous, self._data = self._data, data
        if previous is not None and self._update_in_place(previous, data):
            self._show_totals()
            return
        self._rebuild()

    def _visible(self) -> list[Action]:
        data = self._data
        wanted = self.query_one("#filter", Input).value
        actions = filter_actions(data.actions, wanted, data.referentiel) if wanted.strip() else list(data.actions)
        return actions

    def _row(self, action: Action) -> list[Text]:
        ref = self._data.referentiel
        secteur = ref.secteurs.get(action.secteur)
        funding = action.financement
        return [
            text(action.titre),
            text(action.porteur),
            text(secteur.libelle if secteur else action.secteur),
            money(action.cout_total),
            *(money(funding.get(code)) for code in ref.financeurs),
            text(", ".join(compute.piliers(action))),
            text(", ".join(action.objectifs)),
        ]

    def _rebuild(self) -> None:
        self._shown = self._visible()
        self.table.fill((a.id, self._row(a)) for a in self._shown)
        self._apply_sort()
        self._show_totals()

    def _update_in_place(self, before: Dataset, after: Dataset) -> bool:
        """After a save, touch only the rows that changed: instant even with 10 000 actions."""
        if before.referentiel is not after.referentiel or len(before.actions) != len(after.actions):
            return False
        old = {a.id: a for a in before.actions}
        changed = [a for a in after.actions if old.get(a.id) is not a]
        if len(changed) > 50 or any(a.id not in old for a in changed):
            return False
        if self.query_one("#filter", Input).value.strip():
            return False
        table = self.table
        for action in changed:
            for key, cell in zip(self._columns, self._row(action)):
                table.update_cell(action.id, key, cell)
        by_id = {a.id: a for a in changed}
        self._shown = [by_id.get(a.id, a) for a in self._shown]
        if changed:
            self._apply_sort()
        return True

    def _show_totals(self) -> None:
        shown = self._shown
        ref = self._data.referentiel
        engaged = compute.engaged_by_funder(shown)
        parts = [f"{len(shown)} actions", f"coût total {euros(sum(a.cout_total or 0 for a in shown))}"]
        parts += [f"{ref.financeurs[c].libelle or c} {euros(engaged.get(c, 0))}" for c in ref.financeurs]
        self.query_one("#totals", Static).update(Text("Total : " + " · ".join(parts)))

    # --- sorting and filtering -------------------------------------------------

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, reverse = self._sort

        def key(cell: Text) -> object:
            raw = cell.plain.replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", ".")
            try:
                return (0, float(raw), "")
            except ValueError:
                return (1, 0.0, cell.plain.casefold())

        self.table.sort(column, key=key, reverse=reverse)

    def action_sort(self) -> None:
        """Sort by the column under the cursor; again to reverse."""
        table = self.table
        column = self._columns[table.cursor_column] if table.cursor_type == "cell" else None
        if column is None:
            current = self._sort[0] if self._sort else None
            index = (self._columns.index(current) + 1) % len(self._columns) if current else 0
            column = self._columns[index]
            self._sort = (column, False)
        else:
            self._sort = (column, not self._sort[1]) if self._sort and self._sort[0] == column else (column, False)
        self._apply_sort()
        label = table.columns[column].label.plain
        self.notify(f"Tri par {label}" + (" (décroissant)" if self._sort[1] else ""), timeout=2)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        column = event.column_key.value
        self._sort = (column, not self._sort[1]) if self._sort and self._sort[0] == column else (column, False)
        self._apply_sort()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter" and self._data is not None:
            self._rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.table.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        box.display = False
        self.table.focus()

    # --- records -----------------------------------------------------------

    def current_action(self) -> Action | None:
        key = self.table.current_key
        return self._data.action(key) if key and self._data else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        from pvtui.ui.screens.fiche import FicheScreen

        if action := self.current_action():
            self.app.push_screen(FicheScreen(action.id))

    def action_new(self) -> None:
        from pvtui.ui.screens.edit import EditScreen

        self.app.push_screen(EditScreen(None))
