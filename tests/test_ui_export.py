"""The Export view: preview = `pvtui.export.export`, byte for byte; save and copy (OSC 52)."""

from __future__ import annotations

from datetime import datetime

from textual.app import App
from textual.widgets import Input, Select, Static, TextArea

import pvtui.export as exports
from pvtui.export import ExportError, Filtres, export
from pvtui.domain.fmt import number
from pvtui.domain.model import LigneTFPB
from pvtui.ui.clipboard import copy_message, osc52
from pvtui.ui.screens.confirm import ConfirmScreen
from pvtui.ui.screens.export import PREVIEW_LINES, ExportScreen, SaveAsScreen, default_name, save_folder
from pvtui.ui.screens.lignes import with_lignes
from tests.uitools import copy_data, running, save, static_text

NOW = datetime(2020, 3, 2, 9, 30)


async def open_export(app, pilot) -> ExportScreen:
    await pilot.press("x")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    screen.clock = lambda: NOW
    screen.refresh_preview()
    await settle(app, pilot)
    return screen


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def choose(app, pilot, screen: ExportScreen, **values) -> None:
    for name, value in values.items():
        screen.query_one(f"#export-{name}", Select).value = value
    await settle(app, pilot)


def expected(app, kind: str, fmt: str = "text", **filtres) -> bytes:
    return export(app.data, kind, Filtres(**filtres), fmt, now=NOW)


async def test_preview_is_the_export_and_follows_the_choices(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        screen = await open_export(app, pilot)
        preview = screen.query_one("#export-preview", TextArea)
        assert preview.read_only
        assert preview.text == expected(app, "synthese").decode("utf-8")

        await choose(app, pilot, screen, kind="tfpb")
        assert preview.text == expected(app, "tfpb").decode("utf-8")
        assert preview.text.startswith("Bilan de l'abattement TFPB")

        await choose(app, pilot, screen, secteur="cote-des-roses", bailleur="oph")
        assert preview.text == expected(app, "tfpb", secteur="cote-des-roses", bailleur="oph").decode("utf-8")
        assert "BATIGERE" not in preview.text

        await choose(app, pilot, screen, fmt="csv")
        csv = expected(app, "tfpb", "csv", secteur="cote-des-roses", bailleur="oph")
        assert preview.text == csv.decode("utf-8-sig")
        status = static_text(screen.query_one("#export-status", Static), 200)
        assert f"{number(len(csv))} octets" in status


async def test_filters_come_from_the_data_and_unused_ones_are_dimmed(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        screen = await open_export(app, pilot)
        assert ("2019", "2019") in [(str(p), v) for p, v in screen.query_one("#export-annee", Select)._options
                                    if v is not Select.NULL]
        bailleurs = [v for _, v in screen.query_one("#export-bailleur", Select)._options if v is not Select.NULL]
        assert bailleurs == ["batigere", "logiest", "moselis", "oph"]
        actions = [v for _, v in screen.query_one("#export-action", Select)._options if v is not Select.NULL]
        assert len(actions) == len(app.data.actions)
        await choose(app, pilot, screen, kind="financements")
        assert screen.query_one("#export-bailleur", Select).has_class("-unused")
        assert not screen.query_one("#export-secteur", Select).has_class("-unused")


async def test_keys_pick_the_kind(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        screen = await open_export(app, pilot)
        kind = screen.query_one("#export-kind", Select)
        assert screen.focused is kind
        await pilot.press("enter", "home", "enter")  # first entry: the fiches
        await settle(app, pilot)
        assert kind.value == exports.KINDS[0] == "fiche"
        # Every fiche is over 2 000 lines: the preview shows the start and says so.
        lines = expected(app, "fiche").decode().splitlines(keepends=True)
        assert len(lines) > PREVIEW_LINES
        assert screen.query_one("#export-preview", TextArea).text == "".join(lines[:PREVIEW_LINES])
        status = static_text(screen.query_one("#export-status", Static), 200)
        assert f"les {number(PREVIEW_LINES)} premières lignes sur {number(len(lines))}" in status


async def test_save_writes_the_file_and_asks_before_replacing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with running(copy_data(tmp_path)) as (app, pilot):
        screen = await open_export(app, pilot)
        await choose(app, pilot, screen, kind="tfpb")
        await pilot.press("ctrl+s")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, SaveAsScreen)
        box = ask.query_one("#save-as-path", Input)
        assert box.value == str(tmp_path / "export-tfpb-2019.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert (tmp_path / "export-tfpb-2019.txt").read_bytes() == expected(app, "tfpb")

        # Again, to a name typed by hand that exists: asks first.
        target = tmp_path / "bilan.txt"
        target.write_bytes(b"old")
        await pilot.press("ctrl+s")
        await pilot.pause()
        box = app.screen.query_one("#save-as-path", Input)
        box.value = "bilan.txt"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert target.read_bytes() == b"old"
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#save-as-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert target.read_bytes() == expected(app, "tfpb")


async def test_save_refuses_a_missing_folder(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        await open_export(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        ask = app.screen
        ask.query_one("#save-as-path", Input).value = str(tmp_path / "nowhere" / "x.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is ask
        assert "n'existe pas" in static_text(ask.query_one("#save-as-error", Static), 200)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert not (tmp_path / "nowhere").exists()


async def test_copy_sends_the_text_to_the_clipboard(tmp_path, monkeypatch):
    copied: list[str] = []
    monkeypatch.setattr(App, "copy_to_clipboard", lambda self, text: copied.append(text))
    async with running(copy_data(tmp_path)) as (app, pilot):
        screen = await open_export(app, pilot)
        await choose(app, pilot, screen, kind="tfpb", fmt="csv")
        await pilot.press("y")
        await pilot.pause()
        assert copied == [expected(app, "tfpb", "csv").decode("utf-8-sig")]
        screen.query_one("#export-preview", TextArea).focus()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert len(copied) == 2
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Copié (OSC 52)") and "utilisez Enregistrer" in m for m in messages)


async def test_an_export_error_is_shown_and_nothing_is_saved(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise ExportError("aucune action ne correspond à ces filtres")

    monkeypatch.chdir(tmp_path)
    async with running(copy_data(tmp_path)) as (app, pilot):
        screen = await open_export(app, pilot)
        monkeypatch.setattr(exports, "export", refuse)
        screen.refresh_preview()
        await settle(app, pilot)
        status = static_text(screen.query_one("#export-status", Static), 200)
        assert "Export impossible : aucune action ne correspond" in status
        assert screen.query_one("#export-preview", TextArea).text == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert not list(tmp_path.glob("export-*"))


def test_textual_copy_to_clipboard_is_osc52():
    """Hold Textual to the sequence clipboard.py documents (it works over SSH)."""

    class Driver:
        written: list[str] = []

        def write(self, data: str) -> None:
            self.written.append(data)

    app = App()
    app._driver = Driver()
    App.copy_to_clipboard(app, "Côte des Roses ; 43 655 €")
    assert Driver.written == [osc52("Côte des Roses ; 43 655 €")]
    assert osc52("é") == "\x1b]52;c;w6k=\a"


def test_copy_message_is_honest_and_mentions_tmux():
    assert "votre terminal ne gère pas OSC 52" in copy_message("abc", {})
    assert "tmux" not in copy_message("abc", {})
    assert "set -g set-clipboard on" in copy_message("abc", {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert copy_message("x" * 12345, {}).startswith("Copié (OSC 52) : 12 345 caractères")


def test_default_name():
    assert default_name("synthese", "text", Filtres(), 2019) == "export-synthese-2019.txt"
    assert default_name("fiche", "json", Filtres(annee=2018, action="salon-atelier"), 2019) == \
        "export-fiche-2018-salon-atelier.json"


async def test_preview_follows_a_save_made_in_another_view(tmp_path):
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        screen = await open_export(app, pilot)
        await choose(app, pilot, screen, kind="tfpb")
        assert "Veille nocturne" not in screen.query_one("#export-preview", TextArea).text
        await pilot.press("b")
        await pilot.pause()
        old = app.data.bailleur("oph")
        line = LigneTFPB("tranquillite", "Veille nocturne", 1000, 1000)
        save(app, "bailleurs", with_lignes(old, 0, (*old.quartiers[0].lignes, line)), old)
        await pilot.pause()
        assert screen._stale  # hidden: not recomputed for nothing
        await pilot.press("x")
        await settle(app, pilot)
        assert screen.query_one("#export-preview", TextArea).text == expected(app, "tfpb").decode()
        assert "Veille nocturne" in screen.query_one("#export-preview", TextArea).text


async def test_the_view_says_when_the_folder_has_errors(tmp_path):
    root = copy_data(tmp_path)
    for name in ("3-6-theatre-et-peinture", "a-vos-baskets-les-filles"):
        path = root / "actions" / f"{name}.toml"
        text = path.read_text("utf-8")
        path.write_text(text.replace(text.split("\n")[3], 'secteur = "nulle-part"', 1), "utf-8")
    async with running(root) as (app, pilot):
        screen = await open_export(app, pilot)
        warning = screen.query_one("#export-errors", Static)
        assert warning.display
        assert static_text(warning, 200).strip() == "2 erreurs dans le dossier : voir Problèmes (p)"


async def test_no_error_no_warning_line(tmp_path):
    async with running(copy_data(tmp_path)) as (app, pilot):
        screen = await open_export(app, pilot)
        assert not screen.query_one("#export-errors", Static).display


async def test_delete_resets_every_filter_at_once(tmp_path):
    """A filter chosen earlier and forgotten: one key (Suppr) and the export covers everything again."""
    async with running(copy_data(tmp_path)) as (app, pilot):
        screen = await open_export(app, pilot)
        await choose(app, pilot, screen, financeur="capft", secteur="cote-des-roses")
        preview = screen.query_one("#export-preview", TextArea)
        assert preview.text == expected(app, "synthese", financeur="capft", secteur="cote-des-roses").decode()
        assert ("Suppr", "Effacer les filtres", True) in screen.query_one("KeyBar").keys()
        await pilot.press("delete")
        await settle(app, pilot)
        assert all(screen.query_one(f"#export-{name}", Select).value is Select.NULL
                   for name in ("annee", "secteur", "financeur", "pilier", "bailleur", "action"))
        assert preview.text == expected(app, "synthese").decode()
        assert screen.query_one("#export-kind", Select).value == "synthese"


def test_the_default_folder_of_a_save_is_never_the_data_folder_nor_a_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    data, elsewhere, repo = tmp_path / "data", tmp_path / "travail", tmp_path / "pvtui"
    for folder in (data / "actions", elsewhere, repo / ".git", repo / "src"):
        folder.mkdir(parents=True)
    assert save_folder(elsewhere, data) == elsewhere
    assert save_folder(data, data) == tmp_path / "home"
    assert save_folder(data / "actions", data) == tmp_path / "home"
    assert save_folder(repo / "src", data) == tmp_path / "home"
