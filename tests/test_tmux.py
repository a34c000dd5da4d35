"""At 80x24, as a user sees it through tmux: the Actions list shows the title and every
funder column after at most two keys, and Financements shows all its columns.

pvtui runs in a real terminal (a tmux server of the test's own, on its own
socket) on a copy of the shipped data; the test reads the screen tmux
holds, not Textual's idea of it. Skipped when tmux is absent (.ci/run
installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from pvtui.storage.store import Store
from tests.uitools import copy_data

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux absent: this test drives pvtui in a real 80x24 "
                                "terminal (apt-get install tmux; .ci/run installs it)")
REPO = Path(__file__).resolve().parent.parent


class Terminal:
    """An 80x24 tmux window running one command; `screen()` is what it shows."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"pvtui-test-{uuid.uuid4().hex[:8]}"
        line = " ".join(["env", *(f"{k}={v}" for k, v in env.items()), *command])
        self._tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "24", line)

    def _tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, "-f", os.devnull, *args], check=True,
                              capture_output=True, text=True, timeout=30).stdout

    def screen(self) -> list[str]:
        return self._tmux("capture-pane", "-p", "-t", "t").splitlines()

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "t", key)

    def wait_for(self, ready, what: str, limit: float = 60) -> list[str]:
        """The screen once `ready(screen)` holds (polled: pvtui draws when it is ready, not on a clock)."""
        end = time.monotonic() + limit
        while True:
            shown = self.screen()
            if ready(shown):
                return shown
            if time.monotonic() > end:
                pytest.fail(f"{what} never showed; the screen:\n" + "\n".join(shown))
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, timeout=30, check=False)


@pytest.fixture
def terminal(tmp_path):
    data = copy_data(tmp_path)
    env = {"PVTUI_CACHE_DIR": str(tmp_path / "cache"), "TERM": "xterm-256color", "PYTHONPATH": str(REPO),
           "LANG": "C.UTF-8"}
    term = Terminal([sys.executable, "-m", "pvtui", str(data)], env)
    term.data = data
    yield term
    term.close()


def _funders(data: Path) -> list[str]:
    return [f.libelle or code for code, f in Store(data).load().referentiel.financeurs.items()]


def _header(shown: list[str], first: str) -> str:
    return next((line for line in shown if line.split()[:1] == [first]), "")


def test_actions_shows_the_title_and_every_funder_after_at_most_two_keys(terminal):
    funders = _funders(terminal.data)
    shown = terminal.wait_for(lambda s: "Titre" in _header(s, "Titre") and "Total" in "\n".join(s), "the Actions list")
    for presses in range(3):
        header = _header(shown, "Titre")
        if all(f" {name}" in header for name in funders):
            break
        assert presses < 2, f"after two keys the header is still: {header!r}"
        terminal.keys("Right")
        shown = terminal.wait_for(lambda s, before=header: _header(s, "Titre") != before, "a scroll by columns")
    header = _header(shown, "Titre")
    assert header.split()[0] == "Titre", header  # the title column stays in place
    rows = shown[shown.index(header) + 1:]
    assert any(line.strip().startswith("3/6 : théâtre") for line in rows), "the titles stay beside the amounts"


def test_financements_shows_all_its_columns(terminal):
    terminal.wait_for(lambda s: _header(s, "Titre"), "the Actions list")
    terminal.keys("f")
    shown = terminal.wait_for(lambda s: _header(s, "Financeur") and _header(s, "Pilier"), "the Financements view")
    funders = _funders(terminal.data)
    expected = {
        "Financeur": ["Montant", "Actions", "Part", "Enveloppe", "Reste", "Engagé"],
        "Secteur": ["Actions", "Coût total", *funders, "Part"],
        "Pilier": ["Actions", "Coût total", "Subventions", "Part"],
    }
    for first, titles in expected.items():
        header = _header(shown, first)
        for title in titles:
            assert f" {title}" in header, (first, title, header)
    assert all(len(line) <= 80 for line in shown)
    assert not any(line.rstrip().endswith(("→", "←→")) for line in shown), "no column hidden off screen"
