"""A hostile corpus: record text carrying terminal escapes and Rich markup.

Every text field and label of a copy of the shipped data gets OSC 52 (writes
the clipboard), OSC 2 (the window title), CSI, C1 controls, bidi overrides and
Rich markup; a funder code holds a space, a file name an escape. The TUI is
driven through every screen, dialog and the palette while a driver records
every byte the app writes to the terminal: none of those sequences may be in
it, and the app must still be running.
"""

from __future__ import annotations

import re

import pytest
import tomlkit
from textual.drivers import headless_driver

from pvtui.ui.app import PvtuiApp
from tests.uitools import copy_data, loaded

OSC52 = "\x1b]52;c;cHduZWQ=\x07"
OSC2 = "\x1b]2;pwned\x1b\\"
CSI = "\x1b[21t\x1b[3J"
C1 = "\x9b6n\x9d0;c1\x9c\x85"
BIDI = "\u202e\u2066\u2069"
MARKUP = "[bold red]rouge[/] [/] [@click=app.quit]q[/] [link=file:///etc]l[/link]"
PAYLOAD = f" {OSC52}{OSC2}{CSI}{C1}{BIDI}{MARKUP}"
"""Appended to every text of the corpus."""

FORBIDDEN = re.compile("\x1b[\\]PX^_]|\x1b\\[21t|\x1b\\[3J|[\x80-\x9f\u202a-\u202e\u2066-\u2069\x07]")
"""What the TUI itself never writes: any OSC/DCS/APC string, the CSI planted, C1, bidi, BEL."""
POINTER = re.compile("\x1b\\]22;[a-z-]+\x07")
"""The one OSC Textual writes itself: the mouse pointer's shape."""

TEXT_KEYS = {"titre", "porteur", "description", "indicateurs", "age", "imprime", "retenu", "note", "nom",
             "nom_complet", "sigle", "adresse", "contact", "libelle", "court", "commune", "details", "action",
             "variantes", "contrat", "periode", "aliases", "alias"}
"""Free text: codes that link records (secteur, axe, objectifs…) stay valid so every view has content."""


def poison(node):
    """The TOML document with PAYLOAD appended to each free text."""
    if isinstance(node, dict):
        for key in list(node):
            value = node[key]
            if key in TEXT_KEYS and isinstance(value, str):
                node[key] = value + PAYLOAD
            elif key in TEXT_KEYS and isinstance(value, list):
                node[key] = [v + PAYLOAD if isinstance(v, str) else v for v in value]
            else:
                poison(value)
    elif isinstance(node, list):
        for item in node:
            poison(item)
    return node


def hostile_corpus(tmp_path):
    data = copy_data(tmp_path)
    for path in data.rglob("*.toml"):
        document = tomlkit.parse(path.read_text("utf-8"))
        path.write_text(tomlkit.dumps(poison(document)), "utf-8")
    # a funder whose code holds a space (and markup), funding one action
    funders = data / "referentiel" / "financeurs.toml"
    funders.write_text(funders.read_text("utf-8") + '\n["ma commune [b]"]\nnom = "Commune"\n'
                       'libelle = "[/]Commune\\u001b]2;pwned\\u0007"\nnature = "droit-commun"\n', "utf-8")
    salon = data / "actions" / "salon-atelier.toml"
    salon.write_text(salon.read_text("utf-8").replace("[financements]\n", '[financements]\n"ma commune [b]" = 100\n'),
                     "utf-8")
    # file names the Problèmes view shows
    (data / "actions" / "nom\x1b]2;pwned\x07[b].toml").write_text('titre = "x\nporteur', "utf-8")
    (data / "actions" / "[red]balise[-].toml").write_text("titre = 1\n", "utf-8")
    return data


class RecordingDriver(headless_driver.HeadlessDriver):
    """A headless driver that renders like a terminal one and keeps every byte written."""

    log: list[str] = []

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        RecordingDriver.log.append(data)


@pytest.fixture
def recorded(monkeypatch):
    RecordingDriver.log = []
    monkeypatch.setattr(headless_driver, "HeadlessDriver", RecordingDriver)
    return RecordingDriver.log


def leaks(log: list[str]) -> list[str]:
    written = POINTER.sub("", "".join(log))
    return sorted({repr(written[max(0, m.start() - 20):m.end() + 10]) for m in FORBIDDEN.finditer(written)})


async def test_recording_driver_sees_what_a_terminal_would(recorded, tmp_path):
    """The byte log is real: a sequence written raw by the app is in it."""
    app = PvtuiApp(copy_data(tmp_path), poll=0, cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.copy_to_clipboard("pwned")
        await pilot.pause()
        assert "Actions" in "".join(recorded)
    assert "\x1b]52;c;" in "".join(recorded)


SHOWN = re.compile(r"␛]52;c;|\\x1b]52;c;")
"""The payload as the screen must show it: visible (␛, or \\x1b as `check` writes it), not obeyed."""


async def visit(app, pilot, recorded, found: dict, *keys: str, shows: bool = False) -> None:
    """Press `keys`, let the screen settle, note what leaked in the bytes written meanwhile.

    `shows`: the payload must be on the screen, shown (a toast, a dialog, a form, the palette).
    """
    start = len(recorded)
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    assert app.is_running, keys
    found.setdefault("screens", set()).add(type(app.screen).__name__)
    step = " ".join(keys) + f" ({type(app.screen).__name__})"
    if leaked := leaks(recorded[start:]):
        found[step] = leaked
    if shows and not SHOWN.search(re.sub("\x1b\\[[0-9;]*[A-Za-z]", "", "".join(recorded[start:]))):
        found[step] = ["payload not shown"]


async def test_hostile_corpus_never_reaches_the_terminal(recorded, tmp_path):
    data = hostile_corpus(tmp_path)
    app = PvtuiApp(data, poll=0, cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        found: dict = {"start": leaks(recorded)} if leaks(recorded) else {}
        go = lambda *keys, shows=False: visit(app, pilot, recorded, found, *keys, shows=shows)  # noqa: E731
        # the list, its columns dialog, the filter
        await go("j", "j")
        await go("C")
        await go("escape")
        await go("slash", "r", "o", "u", "g", "e")
        await go("escape")
        # the fiche, its delete confirmation, the edit form and its dialogs
        await go("enter", shows=True)
        await go("d", shows=True)
        await go("escape")
        await go("escape")
        await go("e", shows=True)
        await go("tab", "tab", "tab", "tab", "enter")  # a Select open on its options
        await go("escape")
        await go("ctrl+o")
        await go("escape")
        await go("ctrl+s", shows=True)  # a save (a toast naming the record)
        await go("escape")
        await go("n")  # an empty form, its secteur options
        await go("escape")
        await go("d", shows=True)  # the delete confirmation from the list
        await go("escape")
        # the palette, searching the records by a word of their titles
        await go("ctrl+p")
        await go(*"rouge", shows=True)
        await go("down")
        await go("escape")
        await go("ctrl+p")
        await go(*"pwned")
        await go("escape")
        # every other view and its dialogs
        await go("f")
        await go("m")
        await go("escape")
        await go("v")
        await go("escape")
        await go("N")
        await go("escape")
        await go("o", shows=True)
        await go("b")
        await go("enter")
        await go("e")
        await go("escape")
        await go("escape")
        await go("p", shows=True)
        await go("j", "enter")
        await go("escape")
        await go("x")
        await go("tab", "enter")
        await go("escape")
        await go("t", shows=True)
        await go("e")
        await go("escape")
        await go("escape")
        await go("i")
        await go("escape")
        await go("question_mark")
        await go("escape")
        await go("minus")
        await go("plus")
        assert app.is_running
    print(found.pop("screens"))
    assert not found, "\n".join(f"{step}: {leaked[:3]}" for step, leaked in found.items())


async def test_history_and_corbeille_never_reach_the_terminal(recorded, tmp_path, monkeypatch):
    """Who committed, their message, the values that changed, who deleted: shown, never obeyed."""
    from tests.gittools import commit_all, in_git, private_git

    from pvtui.workspace.changes import Delete
    from pvtui.workspace.workspace import Workspace

    private_git(tmp_path, monkeypatch)
    data = in_git(hostile_corpus(tmp_path))
    salon = data / "actions" / "salon-atelier.toml"
    salon.write_text(salon.read_text("utf-8").replace("titre = \"", "titre = \"Nouveau \\u001b]52;c;cHduZWQ=\\u0007 "),
                     "utf-8")
    commit_all(data, f"Titre{OSC52}{OSC2}{CSI}", who=f"Eve{OSC2}")
    monkeypatch.setenv("PVTUI_AUTEUR", f"mallory{OSC52}")
    ws = Workspace(data, cache=False)
    loaded_data = ws.load()
    victim = loaded_data.action("cafe-associatif")
    result = ws.apply(Delete("actions", victim, loaded_data.version("actions", victim.id)))
    assert getattr(result, "kept", None), getattr(result, "message", result)

    app = PvtuiApp(data, poll=0, cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        found: dict = {}
        go = lambda *keys, shows=False: visit(app, pilot, recorded, found, *keys, shows=shows)  # noqa: E731
        app.open_action("salon-atelier")
        await go("h", shows=True)  # the versions: Eve's commit, the title's change
        await go("r", shows=True)  # the question names the author
        await go("escape")
        await go("escape")
        await go("escape")
        await go("u", shows=True)  # the corbeille: the deleted record, who deleted it
        await go("enter", shows=True)  # its file
        await go("escape")
        await go("r", shows=True)
        await go("escape")
        assert found.pop("screens") >= {"HistoriqueScreen", "CorbeilleScreen", "ContenuScreen"}
    assert not found, "\n".join(f"{step}: {leaked[:3]}" for step, leaked in found.items())
