"""`E` opens the file in $EDITOR at the line: from Problèmes (any file) and from Bailleurs;
Enter in Problèmes on a file that is neither an action nor a bailleur opens the editor too."""

from __future__ import annotations

import contextlib
import json
import stat
import sys

from textual.app import App

from pvtui.ui.screens.bailleurs import BailleursScreen
from pvtui.ui.screens.problemes import ProblemesScreen
from pvtui.ui.widgets.table import RecordTable
from tests.uitools import copy_data, running


def _editor(tmp_path, monkeypatch) -> list:
    """$EDITOR: a script that notes its arguments (the test's terminal cannot be suspended)."""
    calls = tmp_path / "calls.jsonl"
    script = tmp_path / "editor"
    script.write_text(f"#!{sys.executable}\nimport json, sys\n"
                      f"open({str(calls)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(App, "suspend", lambda self: contextlib.nullcontext())
    return lambda: [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []


async def _problem(app, pilot, path: str) -> None:
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(app.screen, ProblemesScreen)
    table = app.screen.query_one(RecordTable)
    rows = [i for i in range(table.row_count) if path in str(table.get_row_at(i))]
    assert rows, f"{path} is listed"
    table.move_cursor(row=rows[0])
    await pilot.pause()


async def test_enter_on_a_programmation_problem_opens_the_editor_at_its_line(tmp_path, monkeypatch):
    calls = _editor(tmp_path, monkeypatch)
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        await _problem(app, pilot, "programmations/2019.toml")
        line = app.screen._problems[int(app.screen.query_one(RecordTable).current_key)].line
        await pilot.press("enter")
        await pilot.pause()
        assert calls() == [[f"+{line}", str(data / "programmations" / "2019.toml")]]


async def test_E_in_problemes_opens_any_file_even_an_action(tmp_path, monkeypatch):
    calls = _editor(tmp_path, monkeypatch)
    data = copy_data(tmp_path)
    path = data / "actions" / "salon-atelier.toml"
    path.write_text(path.read_text("utf-8").replace("cout_total = ", "cout_total = -", 1), "utf-8")
    async with running(data) as (app, pilot):
        await _problem(app, pilot, "actions/salon-atelier.toml")
        problem = app.screen._problems[int(app.screen.query_one(RecordTable).current_key)]
        await pilot.press("E")
        await pilot.pause()
        assert calls() == [[f"+{problem.line}", str(path)]]
        assert isinstance(app.screen, ProblemesScreen)


async def test_E_in_bailleurs_opens_the_bailleurs_file(tmp_path, monkeypatch):
    calls = _editor(tmp_path, monkeypatch)
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BailleursScreen)
        table = app.screen.query_one("#quartiers", RecordTable)
        table.move_cursor(row=table.get_row_index("oph/0"))
        await pilot.press("E")
        await pilot.pause()
        assert calls() == [[str(data / "bailleurs" / "oph.toml")]]
        assert ("E", "TOML", True) in app.screen.query_one("KeyBar").keys()
