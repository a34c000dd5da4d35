"""Hostile files in the data folder: the TUI opens, lists each one, and writes nothing."""

from __future__ import annotations

import hashlib
import os

from pvtui.ui.widgets.table import RecordTable
from tests.uitools import copy_data, running


def tree_digest(root) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink() and p.name != ".pvtui.lock"
    }


async def test_tui_survives_hostile_files(tmp_path):
    data = copy_data(tmp_path)
    actions = data / "actions"
    (actions / "tronque.toml").write_text('titre = "Atelier\nporteur = ', "utf-8")
    (actions / "types.toml").write_text('titre = 12\nporteur = "P"\nannee = "2019"\nsecteur = "intercommunal"\n'
                                        'cout_total = "beaucoup"\n', "utf-8")
    (actions / "latin1.toml").write_bytes('titre = "Côte"\n'.encode("latin-1"))
    (actions / "enorme.toml").write_text('titre = "Gros"\nporteur = "P"\nannee = 2019\nsecteur = "intercommunal"\n'
                                         f'cout_total = 1e400\n[financements]\netat = {10**30}\n', "utf-8")
    (actions / "balises.toml").write_text('titre = "[bold red]Atelier[/] \\u001b[2J [/]"\nporteur = "P"\n'
                                          'annee = 2019\nsecteur = "intercommunal"\ncout_total = 10\n'
                                          f'description = "{"x" * 200_000}"\n', "utf-8")
    outside = tmp_path / "dehors.toml"
    outside.write_text('titre = "dehors"\n', "utf-8")
    os.symlink(outside, actions / "lien.toml")
    before = tree_digest(data)
    async with running(data) as (app, pilot):
        table = app.screen.query_one("#actions", RecordTable)
        # the markup-looking title is shown as typed, escape character included
        assert table.get_row("balises")[0].plain.startswith("[bold red]Atelier[/]")
        await pilot.press("p")
        await pilot.pause()
        problems = app.screen.query_one("#problems", RecordTable)
        shown = "\n".join(" ".join(c.plain for c in problems.get_row_at(i)) for i in range(problems.row_count))
        for name in ("tronque", "types", "latin1", "enorme", "lien"):
            assert f"actions/{name}.toml" in shown, name
        assert "UTF-8" in shown and "lien symbolique" in shown and "TOML invalide" in shown
        await pilot.press("f", "o", "b", "a")
        await pilot.pause()
        assert app.is_running
    assert tree_digest(data) == before
    assert outside.read_text("utf-8") == 'titre = "dehors"\n'


def test_control_characters_are_shown_not_obeyed():
    from rich.console import Console

    from pvtui.ui.safe import visible
    from pvtui.domain.model import Action
    from pvtui.storage.store import Store
    from pvtui.ui.screens.fiche import render_fiche

    data = Store(copy_data.__globals__["DATA"], cache=False).load()
    action = Action(id="x", titre="Atelier \x1b[2J [/]", porteur="P\x07", description="a\x1b]0;titre\x07b")
    console = Console(width=80, record=True, file=open(os.devnull, "w"), color_system=None)
    console.print(render_fiche(action, data))
    shown = console.export_text()
    assert "\x1b" not in shown and "\x07" not in shown
    assert "Atelier ␛[2J [/]" in shown and "P␇" in shown
    assert visible("a\x1bb") == "a␛b" and visible("ok") == "ok"
