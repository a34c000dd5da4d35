"""Actions: every action with its funding, filtered as you type, sorted by any column."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from pvtui.domain import compute
from pvtui.domain.dataset import Dataset
from pvtui.domain.fmt import count_of, euros
from pvtui.domain.model import Action, Amount
from pvtui.domain.query import filter_actions
from pvtui.ui.records import ActionCommands
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.cells import money, text
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.prose import Prose
from pvtui.ui.widgets.table import Column, RecordTable
from pvtui.ui.widgets.viewbar import ViewBar

WIDTHS = {"titre": 28, "porteur": 16, "secteur": 14, "piliers": 10, "objectifs": 16}
"""Text columns are cut (with …) so that the amounts fit in 80 columns."""
TERMS_HINT = "mots, secteur:, financeur:, pilier:, objectif:, annee:, porteur:"
FIXED = (("titre", "Titre"), ("porteur", "Porteur"), ("secteur", "Secteur"), ("cout_total", "Coût total"))
TAIL = (("piliers", "Piliers"), ("objectifs", "Objectifs"))


def money_width(values: Iterable[Amount | None], label: str) -> int:
    """The widest amount's width, found from the largest one: no formatting of 10 000 cells."""
    largest, cents = 0, False
    for value in values:
        if value is not None:
            largest = max(largest, abs(value))
            cents = cents or not float(value).is_integer()
    return max(len(label), len(euros(int(largest))) + (3 if cents else 0))


class ActionsScreen(ActionCommands, DataScreen):
    """The list of actions, with a totals line for what the filter shows."""

    AUTO_FOCUS = "#actions"  # the table, not the hidden filter box above it
    BINDINGS = [
        Binding("slash", "filter", "Filtre", id="filter", tooltip=f"Filtrer : {TERMS_HINT}"),
        Binding("enter", "open", "Fiche", id="open", key_display="⏎", tooltip="Ouvrir la fiche de l'action"),
        Binding("n", "new", "Nouv", id="new", tooltip="Nouvelle action"),
        Binding("e", "edit", "Modif", id="edit", tooltip="Modifier l'action"),
        Binding("c", "duplicate", "Copie", id="duplicate", tooltip="Dupliquer l'action"),
        Binding("d", "delete", "Suppr", id="delete", tooltip="Supprimer (vers la corbeille)"),
        Binding("E", "external_edit", "TOML", id="external-edit", tooltip="Ouvrir le fichier dans $EDITOR"),
        Binding("escape", "clear_filter", "Effacer le filtre", show=False),
        Binding("asterisk", "all_years", "Toutes les années", show=False,
                tooltip="Toutes les années (une colonne Année), ou seulement celle de la barre du haut"),
        Binding("minus", "year(-1)", "Année précédente", show=False),
        Binding("plus", "year(1)", "Année suivante", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[str] = []
        self._data: Dataset | None = None
        self._shown: list[Action] = []
        self._engaged: dict[str, Amount] = {}
        self._cost: Amount = 0
        self.all_years = False
        """Every year at once (`*`), with an Année column; else the app's year only."""

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        # Composed hidden, not mounted on "/": focus must move at once, since over SSH the
        # keys typed after "/" arrive in the same packet and would reach the table's bindings.
        filter_box = Input(placeholder=f"filtre : {TERMS_HINT}", id="filter")
        filter_box.display = False
        yield filter_box
        yield RecordTable(id="actions")
        yield Prose("Lecture du dossier…", id="totals")
        yield KeyBar()

    @property
    def wanted(self) -> str:
        """The filter typed after "/", "" when there is none."""
        return self.query_one("#filter", Input).value.strip()

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def refresh_data(self, data: Dataset) -> None:
        previous, self._data = self._data, data
        year, self._year = getattr(self, "_year", None), self.app.year
        if previous is not None and year == self._year and self._update_in_place(previous, data):
            return
        self._set_columns(data)
        self._rebuild()

    def _set_columns(self, data: Dataset) -> None:
        """Amount columns as wide as the largest amount of all actions: stable while filtering."""
        ref = data.referentiel
        amounts: dict[str, list[Amount]] = {code: [] for code in ref.financeurs}
        for action in data.actions:
            for line in action.financements:
                amounts.setdefault(line.financeur, []).append(line.montant)
        columns = [Column(key, label, WIDTHS.get(key)) for key, label in FIXED[:3]]
        if self.all_years:
            columns.insert(1, Column("annee", "Année", 5, right=True))
        columns.append(Column("cout_total", "Coût total", money_width((a.cout_total for a in data.actions),
                                                                      "Coût total"), right=True))
        for code, funder in ref.financeurs.items():
            label = funder.libelle or code
            columns.append(Column(code, label, money_width(amounts[code], label), right=True))
        columns += [Column(key, label, WIDTHS[key]) for key, label in TAIL]
        if columns != self.table.columns:
            self.table.set_columns(columns)
        self._columns = [c.key for c in columns]

    def _visible(self) -> list[Action]:
        data, wanted = self._data, self.wanted
        # A filter naming a year looks in every year.
        actions = data.actions if self.all_years or "annee:" in wanted else data.actions_of(self.app.year)
        return filter_actions(actions, wanted, data.referentiel, data.porteur) if wanted else list(actions)

    def _row(self, action: Action) -> list[Text]:
        """The cells of one action, built only when its row is drawn."""
        ref = self._data.referentiel
        secteur = ref.secteurs.get(action.secteur)
        funding = action.financement
        return [
            text(action.titre),
            *([text(str(action.annee or ""))] if self.all_years else []),
            text(self._data.porteur_nom(action)),
            text(secteur.libelle if secteur else action.secteur),
            money(action.cout_total),
            *(money(funding.get(code)) for code in ref.financeurs),
            text(", ".join(compute.piliers(action))),
            text(", ".join(action.objectifs)),
        ]

    def _rebuild(self) -> None:
        self._shown = self._visible()
        self.table.sort_key = self._sort_key
        self.table.fill(((a.id, a) for a in self._shown), self._row)
        self._show_totals()
        self._select_created()

    def _update_in_place(self, before: Dataset, after: Dataset) -> bool:
        """After a save, swap only the rows that changed: instant even with 10 000 actions.

        A save replaces a record where it was (Dataset.replace_record), so the
        changed ones are found by identity, and the totals move by their difference.
        """
        if (before.referentiel is not after.referentiel or len(before.actions) != len(after.actions)
                or self.wanted):
            return False
        changed = [(a, b) for a, b in zip(before.actions, after.actions) if a is not b]
        if len(changed) > 50 or any(a.id != b.id or a.annee != b.annee for a, b in changed):
            return False
        if not self.all_years:  # another year's record changed: nothing shown moves
            changed = [(a, b) for a, b in changed if b.annee == self.app.year]
        widths = dict(zip(self._columns, (c.width for c in self.table.columns)))
        for _, action in changed:
            amounts = [("cout_total", action.cout_total), *((f.financeur, f.montant) for f in action.financements)]
            if any(money_width([value], "") > widths.get(key, 0) for key, value in amounts):
                return False  # a wider amount: the columns are measured again
        where = {a.id: i for i, a in enumerate(self._shown)}
        for old, new in changed:
            self._shown[where[new.id]] = new
            self._add_to_totals(old, -1)
            self._add_to_totals(new, 1)
            self.table.update_row(new.id, new)  # moved too, if the sort puts it elsewhere now
        self._show_totals(recount=False)
        return True

    def _add_to_totals(self, action: Action, sign: int) -> None:
        self._cost += sign * (action.cout_total or 0)
        for line in action.financements:
            self._engaged[line.financeur] = self._engaged.get(line.financeur, 0) + sign * line.montant

    def _show_totals(self, recount: bool = True) -> None:
        shown = self._shown
        if recount:
            self._engaged = compute.engaged_by_funder(shown)
            self._cost = sum(a.cout_total or 0 for a in shown)
        ref = self._data.referentiel
        n = len(shown)
        parts = [count_of(n, "action"), f"coût total {euros(self._cost)}"]
        parts += [f"{ref.financeurs[c].libelle or c} {euros(self._engaged.get(c, 0))}" for c in ref.financeurs]
        line = ("Total " + (f"{self.app.year} " if not self.all_years and self.app.year else "")
                + ": " + " · ".join(parts))
        if self.all_years:
            per_year: dict[int, list] = {}
            for action in shown:
                entry = per_year.setdefault(action.annee or 0, [0, 0])
                entry[0] += 1
                entry[1] += action.cout_total or 0
            line += "\nPar année : " + " · ".join(
                f"{year or 'sans année'} : {count_of(k, 'action')}, {euros(cost)}"
                for year, (k, cost) in sorted(per_year.items()))
        self.query_one("#totals", Prose).update(line)

    # --- sorting and filtering -------------------------------------------------

    def _sort_key(self, column: str) -> Callable[[Action], object]:
        """Numbers sort as numbers, empty amounts first; text ignoring case."""
        ref = self._data.referentiel
        if column == "cout_total":
            return lambda a: a.cout_total if a.cout_total is not None else -1
        if column in ref.financeurs:
            return lambda a: a.financement.get(column, -1)
        if column == "secteur":
            labels = {code: s.libelle for code, s in ref.secteurs.items()}
            return lambda a: labels.get(a.secteur, a.secteur or "").casefold()
        if column == "piliers":
            return lambda a: compute.piliers(a)
        if column == "objectifs":
            return lambda a: a.objectifs
        if column == "annee":
            return lambda a: a.annee or 0
        return lambda a: (getattr(a, column) or "").casefold()

    def on_record_table_sorted(self, event: RecordTable.Sorted) -> None:
        label = next(c.label for c in self.table.columns if c.key == event.column)
        self.notify(f"Tri par {label}" + (" (décroissant)" if event.descending else ""), timeout=2)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        self.set_focus(box)  # now, not after a refresh as Widget.focus() does

    def on_key(self, event: events.Key) -> None:
        # Over SSH "/salon" arrives in one packet: its keys pass here before the app runs the
        # "/" binding, so "/" opens the filter now and the keys after it are typed in it.
        box = self.query_one("#filter", Input)
        if event.key == "slash" and self.focused is not box:
            self.action_filter()
        elif self.focused is box and event.is_printable and event.character:
            box.insert_text_at_cursor(event.character)
        else:
            return
        event.stop()
        event.prevent_default()

    def action_all_years(self) -> None:
        self._show_all_years(not self.all_years)
        if self._data is not None:
            self._set_columns(self._data)
            self._rebuild()
        self.notify("Toutes les années" if self.all_years else f"Année {self.app.year} seulement", timeout=2)

    def action_year(self, step: int) -> None:
        """− / + from every year at once: back to one year, the one before or after the bar's."""
        if not self.all_years:
            self.app.action_year(step)
            return
        self._show_all_years(False)
        before = self.app.year
        self.app.action_year(step)
        if self.app.year == before and self._data is not None:  # no year to move to: rebuilt here
            self._set_columns(self._data)
            self._rebuild()

    def _show_all_years(self, on: bool) -> None:
        self.all_years = on
        self.query_one(ViewBar).refresh()

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

    def on_record_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        from pvtui.ui.screens.fiche import FicheScreen

        if action := self.current_action():
            self.app.push_screen(FicheScreen(action.id))

    def action_new(self) -> None:
        from pvtui.ui.screens.edit import EditScreen

        self.app.push_screen(EditScreen(None), self.created)

    _created: str | None = None

    def created(self, id: str | None) -> None:
        """The new action gets the cursor, at its place in the sort order: now, or once its row is in."""
        self._created = id
        self._select_created()

    def _select_created(self) -> None:
        if self._created is not None:
            self.table.select(self._created)
            if self.table.current_key == self._created:
                self._created = None
