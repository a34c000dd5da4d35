"""Problèmes: what `pvtui check` finds, live; Enter opens the record concerned."""

from __future__ import annotations

from pathlib import PurePosixPath

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from pvtui.domain.dataset import ACTIONS, BAILLEURS, Dataset
from pvtui.domain.fmt import count_of, number
from pvtui.domain.problem import ERREUR, Problem
from pvtui.ui.records import edit_file, settle
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable


class ProblemesScreen(DataScreen):
    """Errors first, then the warnings the report itself carries."""

    BINDINGS = [Binding("enter", "open", "Ouvrir", id="open-problem"),
                Binding("E", "external_edit", "TOML", id="external-edit",
                        tooltip="Ouvrir le fichier dans $EDITOR, à la ligne du problème")]

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(id="prob-title", classes="section")
        yield RecordTable(id="problems")
        yield Static(id="problem-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RecordTable).set_columns([
            Column("niveau", "Niveau", 13), Column("where", "Fichier:ligne", 24), Column("message", "Message", 160)])
        super().on_mount()
        self.watch(self.app, "problems", self._show, init=True)

    def refresh_data(self, data: Dataset) -> None:
        """Problems arrive through the app's `problems` (computed off the UI thread); the year filters them."""
        self._show(self.app.problems)

    def _show(self, problems: tuple[Problem, ...]) -> None:
        data, year = self.app.data, self.app.year
        years = _years_of(data) if data is not None else {}
        mine = [p for p in problems if years.get(p.path) in (None, year)]
        self._problems = sorted(mine, key=lambda p: (p.niveau != ERREUR, p.path, p.line))
        errors = sum(p.niveau == ERREUR for p in mine)
        others = len(problems) - len(mine)
        title = f"{_n(errors, 'erreur')}, {_n(len(mine) - errors, 'avertissement')}"
        if year:
            title += f" en {year}" + (f" (et {number(others)} dans les autres années)" if others else "")
        self.query_one("#prob-title", Static).update(Text(title + " — Entrée : ouvrir, E : éditeur"))
        self.query_one(RecordTable).fill(((str(i), p) for i, p in enumerate(self._problems)), self._cells)

    _problems: list[Problem] = []

    @staticmethod
    def _cells(p: Problem) -> list[Text]:
        return [Text(p.niveau, style="bold" if p.niveau == ERREUR else ""), Text(f"{p.path}:{p.line}"), Text(p.message)]

    def on_record_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        key = event.key
        detail = self.query_one("#problem-detail", Static)
        detail.update(Text(str(self._problems[int(key)])) if key is not None else "")

    def on_record_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_open()

    def _current(self) -> Problem | None:
        key = self.query_one(RecordTable).current_key
        return None if key is None else self._problems[int(key)]

    def action_open(self) -> None:
        """An action's fiche, a bailleur's quartiers; any other file (or one pvtui could not read) in $EDITOR."""
        if (problem := self._current()) is None:
            return
        path = PurePosixPath(problem.path)
        conflict = next((c for c in self.app.workspace.pending_conflicts() if c.rel == problem.path), None)
        if conflict is not None:  # a git merge set one version aside: choose, as for a local conflict
            settle(self.app, conflict, lambda saved: None, "Conflit réglé")
        elif path.parts[0] == ACTIONS and self.app.data.action(path.stem):
            self.app.open_action(path.stem)
        elif path.parts[0] == BAILLEURS and self.app.data.bailleur(path.stem):
            self.app.open_bailleur(path.stem)
        else:
            self.action_external_edit()

    def action_external_edit(self) -> None:
        if (problem := self._current()) is not None:
            edit_file(self.app, problem.path, problem.line)


def _n(count: int, word: str) -> str:
    return count_of(count, word)


def _years_of(data: Dataset) -> dict[str, int | None]:
    """The year each record file belongs to (a referential belongs to every year: absent)."""
    years: dict[str, int | None] = {f"{ACTIONS}/{a.id}.toml": a.annee for a in data.actions}
    years |= {f"{BAILLEURS}/{b.id}.toml": b.annee for b in data.bailleurs}
    years |= {rel: annee for annee, rel in data.programmation_files.items()}
    return years
