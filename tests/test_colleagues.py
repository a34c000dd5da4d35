"""Two technicians, two pvtui on one folder, each with its own polling, at the timings people use.

A colleague saves, my view reloads (the toast "Rechargé"), I save a while
later from a form opened before: whatever the order, every value written is
on disk or in `.corbeille/`, and every screen shows what is on disk after
its next poll. Also a change applied from the command line (another
process, through the Workspace) while my form is open.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import REPO

from pvtui.ui.app import PvtuiApp
from pvtui.ui.screens.confirm import ConflictScreen
from pvtui.ui.screens.fiche import FicheScreen
from pvtui.ui.screens.lignes import LigneFormScreen
from pvtui.ui.widgets.table import RecordTable
from tests.uitools import copy_data, loaded, open_editor, set_field, static_text

SALON = "actions/salon-atelier.toml"
POLL = 0.1


@contextlib.asynccontextmanager
async def colleagues(data: Path, poll_b: float = POLL):
    """Two apps on one folder, each polling it on its own, as two terminals would."""
    a, b = PvtuiApp(data, poll=POLL, cache=False), PvtuiApp(data, poll=poll_b, cache=False)
    async with a.run_test(size=(100, 40)) as pa, b.run_test(size=(100, 40)) as pb:
        for app, pilot in ((a, pa), (b, pb)):
            await loaded(app, pilot)
            app.told = []
            notify = app.notify
            app.notify = lambda message, *args, _n=notify, _t=app.told, **kw: (_t.append(str(message)), _n(message, *args, **kw))
        yield (a, pa), (b, pb)


async def until(pilot, condition, what: str, timeout: float = 10.0) -> None:
    """Wait (as a person would, looking at the screen) until `condition()` holds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        assert loop.time() < end, f"still not: {what}"
        await pilot.pause(0.05)


def on_disk(data: Path, rel: str = SALON) -> dict:
    return tomllib.loads((data / rel).read_text("utf-8"))


def trash(data: Path, pattern: str) -> list[dict]:
    return [tomllib.loads(p.read_text("utf-8")) for p in sorted((data / ".corbeille").rglob(pattern))]


def ca(app) -> int | None:
    return app.data.action("salon-atelier").financement.get("capft")


async def save_form(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_same_field_after_my_view_reloaded_asks_and_loses_nothing(tmp_path):
    """Issue 10, case 1: the reload used to move the base version under B's open form."""
    data = copy_data(tmp_path)
    async with colleagues(data) as ((a, pa), (b, pb)):
        form_a = await open_editor(a, pa, "salon-atelier")
        form_b = await open_editor(b, pb, "salon-atelier")
        await set_field(pa, form_a, "financement-capft", "6000")
        await save_form(pa)
        assert on_disk(data)["financements"]["capft"] == 6000
        await until(pb, lambda: ca(b) == 6000, "B's pvtui has reloaded A's save")
        assert b.screen is form_b
        await pb.pause(0.5)  # a while later, B, whose form is still open, changes the same field
        await set_field(pb, form_b, "financement-capft", "7000")
        await save_form(pb)
        assert isinstance(b.screen, ConflictScreen), b.told
        assert on_disk(data)["financements"]["capft"] == 6000  # nothing written before B chooses
        await pb.press("2")  # keep mine
        await pb.pause()
        assert on_disk(data)["financements"]["capft"] == 7000
        assert [t["financements"]["capft"] for t in trash(data, "salon-atelier.leur.*")] == [6000]
        await until(pa, lambda: ca(a) == 7000, "A's pvtui shows B's value after its poll")
        assert ca(b) == 7000


async def test_take_theirs_keeps_mine_in_the_trash(tmp_path):
    data = copy_data(tmp_path)
    async with colleagues(data) as ((a, pa), (b, pb)):
        form_a = await open_editor(a, pa, "salon-atelier")
        form_b = await open_editor(b, pb, "salon-atelier")
        await set_field(pa, form_a, "financement-capft", "6000")
        await save_form(pa)
        await until(pb, lambda: ca(b) == 6000, "B reloaded")
        await set_field(pb, form_b, "financement-capft", "7000")
        await save_form(pb)
        await pb.press("1")  # theirs
        await pb.pause()
        assert on_disk(data)["financements"]["capft"] == 6000
        assert [t["financements"]["capft"] for t in trash(data, "salon-atelier.mienne.*")] == [7000]
        assert not isinstance(b.screen, ConflictScreen) and ca(b) == 6000


async def test_different_fields_are_merged_and_every_screen_of_the_saver_shows_the_merge(tmp_path):
    """Issue 10, case 2: after a merged save, B's fiche and Financements show A's amount too."""
    data = copy_data(tmp_path)
    # B's poll never comes: the save itself must bring A's change to B's screens.
    async with colleagues(data, poll_b=0) as ((a, pa), (b, pb)):
        b.open_action("salon-atelier")  # B looks at the fiche, then edits from it
        await pb.pause()
        assert isinstance(b.screen, FicheScreen)
        form_b = await _edit_from_fiche(b, pb)
        form_a = await open_editor(a, pa, "salon-atelier")
        await set_field(pa, form_a, "financement-capft", "30000")
        await save_form(pa)
        assert on_disk(data)["financements"]["capft"] == 30000, a.told
        await set_field(pb, form_b, "porteur", "Beaux-Arts de Lorraine (société)")
        await save_form(pb)
        assert not isinstance(b.screen, ConflictScreen)
        disk = on_disk(data)
        assert (disk["financements"]["capft"], disk["porteur"]) == (30000, "Beaux-Arts de Lorraine (société)")
        assert any("Fusionné" in told and "financements.capft" in told for told in b.told), b.told
        assert isinstance(b.screen, FicheScreen)
        assert "30 000 €" in static_text(b.screen.query_one("#fiche"), 200)
        await pb.press("f")
        await pb.pause()
        funders = b.screen.query_one("#funders")
        row = next(funders.get_row_at(i) for i in range(funders.row_count) if "C.A." in str(funders.get_row_at(i)[0]))
        assert "180 000" in " ".join(getattr(c, "plain", str(c)) for c in row)  # 155 000 + 25 000
        await until(pb, lambda: any("au-delà de l'enveloppe" in p.message
                                                                for p in b.problems), "B's check sees the overrun")


async def _edit_from_fiche(app, pilot):
    from pvtui.ui.screens.edit import EditScreen

    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, EditScreen)
    return app.screen


async def test_saving_a_record_a_colleague_deleted_asks_and_says_who(tmp_path, monkeypatch):
    """Issue 10, case 3: it used to come back without a word."""
    data = copy_data(tmp_path)
    async with colleagues(data) as ((a, pa), (b, pb)):
        form_b = await open_editor(b, pb, "salon-atelier")
        monkeypatch.setenv("PVTUI_AUTEUR", "dupont")
        table = a.screen.query_one("#actions", RecordTable)
        table.move_cursor(row=table.get_row_index("salon-atelier"))
        await pa.press("d")
        await pa.pause()
        await pa.click("#yes")
        await pa.pause()
        assert not (data / SALON).exists()
        await until(pb, lambda: b.data.action("salon-atelier") is None, "B reloaded the delete")
        await set_field(pb, form_b, "financement-capft", "7000")
        await save_form(pb)
        assert isinstance(b.screen, ConflictScreen)
        question = static_text(b.screen.query_one(".question"), 200)
        assert "supprimé par dupont le " in question and "recréer" in question
        await pb.press("1")  # recreate it, with my changes
        await pb.pause()
        assert on_disk(data)["financements"]["capft"] == 7000
        await until(pa, lambda: a.data.action("salon-atelier") is not None, "A sees it back")


async def test_drop_my_changes_on_a_deleted_record_keeps_them_in_the_trash(tmp_path):
    data = copy_data(tmp_path)
    async with colleagues(data) as ((a, pa), (b, pb)):
        form_b = await open_editor(b, pb, "salon-atelier")
        a.workspace.apply(_delete(a, "salon-atelier"))
        await until(pb, lambda: b.data.action("salon-atelier") is None, "B reloaded the delete")
        await set_field(pb, form_b, "financement-capft", "7000")
        await save_form(pb)
        await pb.press("2")  # drop my changes
        await pb.pause()
        assert not (data / SALON).exists()
        assert [t["financements"]["capft"] for t in trash(data, "salon-atelier.mienne.*")] == [7000]


def _delete(app, id):
    from pvtui.workspace.changes import Delete

    return Delete("actions", app.data.action(id), app.data.version("actions", id))


async def test_the_same_tfpb_line_edited_by_two_asks(tmp_path):
    """The line forms too: both open the same line, A saves, B's view reloads, B saves later."""
    data = copy_data(tmp_path)
    rel = "bailleurs/batigere.toml"
    async with colleagues(data) as ((a, pa), (b, pb)):
        for app, pilot in ((a, pa), (b, pb)):
            await _open_first_line(app, pilot)
        await set_field(pa, a.screen, "realisee", "9000")
        await pa.press("ctrl+s")
        await pa.pause()
        assert on_disk(data, rel)["quartiers"][0]["lignes"][0]["realisee"] == 9000
        await until(pb, lambda: b.data.bailleur("batigere").quartiers[0].lignes[0].realisee == 9000, "B reloaded")
        await set_field(pb, b.screen, "realisee", "9500")
        await pb.press("ctrl+s")
        await pb.pause()
        assert isinstance(b.screen, ConflictScreen)
        await pb.press("2")
        await pb.pause()
        assert on_disk(data, rel)["quartiers"][0]["lignes"][0]["realisee"] == 9500
        assert [t["quartiers"][0]["lignes"][0]["realisee"] for t in trash(data, "batigere.leur.*")] == [9000]


async def test_two_lines_of_one_bailleur_edited_by_two_are_merged(tmp_path):
    data = copy_data(tmp_path)
    rel = "bailleurs/batigere.toml"
    async with colleagues(data) as ((a, pa), (b, pb)):
        await _open_first_line(a, pa)
        await _open_first_line(b, pb, row=1)
        await set_field(pa, a.screen, "realisee", "9000")
        await pa.press("ctrl+s")
        await pa.pause()
        await set_field(pb, b.screen, "realisee", "15000")
        await pb.press("ctrl+s")
        await pb.pause()
        lignes = on_disk(data, rel)["quartiers"][0]["lignes"]
        assert (lignes[0]["realisee"], lignes[1]["realisee"]) == (9000, 15000)
        lignes = b.data.bailleur("batigere").quartiers[0].lignes
        assert (lignes[0].realisee, lignes[1].realisee) == (9000, 15000)


async def _open_first_line(app, pilot, row: int = 0):
    await pilot.press("b")
    await pilot.pause()
    quartiers = app.screen.query_one("#quartiers", RecordTable)
    quartiers.move_cursor(row=quartiers.get_row_index("batigere/0"))
    await pilot.press("enter")
    await pilot.pause()
    app.screen.query_one("#lignes", RecordTable).move_cursor(row=row)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, LigneFormScreen)


CLI_CHANGE = """
import sys
from dataclasses import replace
from pvtui.domain.model import Financement
from pvtui.workspace.changes import Saved, Update
from pvtui.workspace.workspace import Workspace
ws = Workspace(sys.argv[1], cache=False)
a = ws.load().action("salon-atelier")
new = replace(a, financements=tuple(Financement(f.financeur, 6000) if f.financeur == "capft" else f for f in a.financements))
result = ws.apply(Update("actions", a, ws.data.version("actions", a.id), new))
assert isinstance(result, Saved), result
"""


async def test_a_change_from_the_command_line_while_my_form_is_open(tmp_path):
    data = copy_data(tmp_path)
    async with colleagues(data) as ((a, pa), _):
        form = await open_editor(a, pa, "salon-atelier")
        done = subprocess.run([sys.executable, "-c", CLI_CHANGE, str(data)], cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        await until(pa, lambda: ca(a) == 6000, "the TUI reloaded the other process's change")
        await set_field(pa, form, "financement-capft", "7000")
        await save_form(pa)
        assert isinstance(a.screen, ConflictScreen)
        await pa.press("2")
        await pa.pause()
        assert on_disk(data)["financements"]["capft"] == 7000
        assert [t["financements"]["capft"] for t in trash(data, "salon-atelier.leur.*")] == [6000]


async def test_both_save_at_once_before_any_poll(tmp_path):
    """The race: no reload in between, the second save still asks."""
    data = copy_data(tmp_path)
    async with colleagues(data) as ((a, pa), (b, pb)):
        form_a = await open_editor(a, pa, "salon-atelier")
        form_b = await open_editor(b, pb, "salon-atelier")
        await set_field(pa, form_a, "financement-capft", "6000")
        await set_field(pb, form_b, "financement-capft", "7000")
        await pa.press("ctrl+s")
        await pb.press("ctrl+s")
        await pb.pause()
        assert isinstance(b.screen, ConflictScreen)
        await pb.press("escape")  # nothing written, the form is still there
        await pb.pause()
        assert b.screen is form_b and form_b.dirty
        assert on_disk(data)["financements"]["capft"] == 6000
