"""Record commands several screens share: delete to the trash, edit in $EDITOR."""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TYPE_CHECKING, Any

from pvtui.storage.store import StoreError

if TYPE_CHECKING:
    from pvtui.ui.app import PvtuiApp


def confirm_delete(app: "PvtuiApp", kind: str, record: Any, then=None) -> None:
    """Ask, then move the record's file to the trash folder."""
    from pvtui.ui.screens.confirm import ConfirmScreen

    name = getattr(record, "titre", "") or getattr(record, "nom", "") or record.id

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            target = app.delete(kind, record)
        except StoreError as error:
            app.notify(str(error), title="Suppression refusée", severity="error", timeout=10)
            return
        app.notify(f"« {name} » mis à la corbeille : {target.relative_to(app.store.root)}", title="Supprimé")
        if then:
            then()

    app.push_screen(ConfirmScreen(f"Supprimer « {name} » ?\nLe fichier ira dans la corbeille du dossier (.corbeille/).",
                                  "Supprimer"), answered)


def take_theirs(app: "PvtuiApp", kind: str, mine: Any) -> None:
    """Conflict, "reprendre la leur": my version goes to the trash folder, the disk's is reloaded."""
    kept = app.store.keep_copy(kind, mine, "mienne")
    app.reload(f"Version du disque reprise ; la vôtre est gardée dans {kept}")


def set_theirs_aside(app: "PvtuiApp", kind: str, mine: Any) -> Any:
    """Conflict, "garder la mienne": their file goes to the trash folder; returns their
    version, to save mine over (StoreError if it cannot be read)."""
    theirs = app.store.read(kind, mine.id)
    kept = app.store.keep_copy(kind, theirs, "leur")
    app.notify(f"Leur version est gardée dans {kept}")
    return theirs


def external_edit(app: "PvtuiApp", kind: str, id: str) -> None:
    """Open the record's TOML file in $VISUAL/$EDITOR, then reload the folder."""
    path = app.record_path(kind, id)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        with app.suspend():
            subprocess.run([*shlex.split(editor), str(path)], check=False)
    except (OSError, StoreError) as error:
        app.notify(f"Impossible d'ouvrir l'éditeur « {editor} » : {error}", severity="error")
    app.reload(f"{path.relative_to(app.store.root)} relu après l'éditeur")


class ActionCommands:
    """Edit, duplicate, delete, $EDITOR on "the current action": shared by the list and the fiche."""

    def current_action(self):
        """The action the commands apply to, or None."""
        raise NotImplementedError

    def action_edit(self) -> None:
        from pvtui.ui.screens.edit import EditScreen

        if action := self.current_action():
            self.app.push_screen(EditScreen(action))

    def action_duplicate(self) -> None:
        from pvtui.ui.screens.edit import EditScreen

        if action := self.current_action():
            self.app.push_screen(EditScreen(action, copy=True))

    def action_delete(self) -> None:
        from pvtui.domain.dataset import ACTIONS

        if action := self.current_action():
            confirm_delete(self.app, ACTIONS, action)

    def action_external_edit(self) -> None:
        from pvtui.domain.dataset import ACTIONS

        if action := self.current_action():
            external_edit(self.app, ACTIONS, action.id)
