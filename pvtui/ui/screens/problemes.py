"""Problèmes: what `pvtui check` finds, live; Enter opens the record concerned."""

from __future__ import annotations

from pathlib import PurePosixPath

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from pvtui.problem import ERREUR, Problem
from pvtui.store import ACTIONS, BAILLEURS, Dataset
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.table import RecordTable


class ProblemesScreen(DataScreen):
    """Errors first, then the warnings the report itself carries."""

    BINDINGS = [Binding("enter", "open", "Ouvrir", id="open-problem")]

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(id="prob-title", classes="section")
        yield RecordTable(id="problems")
        yield Static(id="problem-detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column("Niveau", key="niveau", width=13)
        table.add_column("Fichier:ligne", key="where", width=24)
        table.add_column("Message", key="message")
        super().on_mount()
        self.watch(self.app, "problems", self._show, init=True)

    def refresh_data(self, data: Dataset) -> None:
        """Problems arrive through the app's `problems` (computed off the UI thread)."""

    def _show(self, problems: tuple[Problem, ...]) -> None:
        self._problems = sorted(problems, key=lambda p: (p.niveau != ERREUR, p.path, p.line))
        errors = sum(p.niveau == ERREUR for p in problems)
        self.query_one("#prob-title", Static).update(Text(
            f"{errors} erreur(s), {len(problems) - errors} avertissement(s) — Entrée ouvre l'enregistrement"))
        self.query_one(RecordTable).fill(
            (str(i), [Text(p.niveau, style="bold" if p.niveau == ERREUR else ""), Text(f"{p.path}:{p.line}"),
                      Text(p.message)])
            for i, p in enumerate(self._problems))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        detail = self.query_one("#problem-detail", Static)
        detail.update(Text(str(self._problems[int(key)])) if key is not None else "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        key = self.query_one(RecordTable).current_key
        if key is None:
            return
        problem = self._problems[int(key)]
        path = PurePosixPath(problem.path)
        if path.parts[0] == ACTIONS and self.app.data.action(path.stem):
            self.app.open_action(path.stem)
        elif path.parts[0] == BAILLEURS and self.app.data.bailleur(path.stem):
            self.app.open_bailleur(path.stem)
        else:
            self.notify(f"{problem.path} : ouvrez ce fichier dans un éditeur (ligne {problem.line}).")
