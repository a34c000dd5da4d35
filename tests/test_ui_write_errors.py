"""Issue 18: a save that the disk refuses keeps the form open with what was typed, and says why in French.

Disk full, a file-size limit, a quota, an I/O error, a read-only mount or
folder, a file made unreadable during the save: the old file stays as it
was, nothing is left in the folder, and the person can save again once the
cause is gone.
"""

from __future__ import annotations

import errno
import os

import pytest
from textual.widgets import Input
from uitools import copy_data, open_editor, running, set_field

from pvtui.storage import atomic, writer
from pvtui.ui.screens.edit import EditScreen

SALON = "actions/salon-atelier.toml"

REASONS = {
    errno.ENOSPC: "disque plein",
    errno.EFBIG: "fichier trop grand pour ce système (limite de taille)",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EACCES: "permission refusée",
}


def failing(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return fail


async def _save_refused(tmp_path, monkeypatch, inject) -> None:
    data = copy_data(tmp_path)
    before = (data / SALON).read_bytes()
    listing = sorted(os.listdir(data / "actions"))
    async with running(data) as (app, pilot):
        screen = await open_editor(app, pilot, "salon-atelier")
        await set_field(pilot, screen, "titre", "Salon renommé")
        await set_field(pilot, screen, "financement-capft", "6 000")
        reason = inject(monkeypatch, data)
        app._notifications.clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen, "the form must stay open"
        assert screen.query_one("#titre", Input).value == "Salon renommé"
        assert screen.query_one("#financement-capft", Input).value == "6 000"
        messages = [n.message for n in app._notifications]
        assert any(reason in m and "rien n'a été " in m for m in messages), messages
        assert (data / SALON).read_bytes() == before
        assert sorted(os.listdir(data / "actions")) == listing
        monkeypatch.undo()  # the cause is gone: the same form saves
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)
        assert 'titre = "Salon renommé"' in (data / SALON).read_text("utf-8")


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO])
async def test_a_write_that_fails_keeps_the_form(tmp_path, monkeypatch, code):
    def inject(mp, data):
        mp.setattr(atomic.os, "fsync", failing(code))
        return REASONS[code]
    await _save_refused(tmp_path, monkeypatch, inject)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
async def test_a_folder_that_refuses_the_new_file_keeps_the_form(tmp_path, monkeypatch, code):
    def inject(mp, data):
        mp.setattr(atomic, "_open_temp", failing(code))
        return REASONS[code]
    await _save_refused(tmp_path, monkeypatch, inject)


async def test_a_file_made_unreadable_during_the_save_keeps_the_form(tmp_path, monkeypatch):
    """chmod 000 between the load and the save (root reads it anyway: the refusal is injected)."""
    def inject(mp, data):
        opened = os.open

        def unreadable(path, *args, **kwargs):
            if str(path).endswith("salon-atelier.toml"):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return opened(path, *args, **kwargs)
        mp.setattr(writer.os, "open", unreadable)
        return "actions/salon-atelier.toml illisible (permission refusée)"
    await _save_refused(tmp_path, monkeypatch, inject)
