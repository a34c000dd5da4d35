"""Record commands several screens share: telling the outcome of a change, delete, edit in $EDITOR."""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TYPE_CHECKING, Any, Callable

from pvtui.domain.kinds import KINDS
from pvtui.storage.layout import StoreError
from pvtui.workspace.changes import COPY, MINE, THEIRS, Conflict, Delete, Refused, Result, Saved

if TYPE_CHECKING:
    from pvtui.ui.app import PvtuiApp


def settle(app: "PvtuiApp", result: Result, done: Callable[[Saved], None], message: str,
           kept: str = "Version d'avant gardée dans") -> None:
    """What the workspace answered, told to the person: saved (and merged), a conflict to choose, refused.

    `done(saved)` runs once the change is on disk (or the disk's version
    taken); `message` is the toast of a plain save. A cancelled choice
    writes nothing and leaves the form as it was.
    """
    from pvtui.ui.screens.confirm import ConflictScreen

    if isinstance(result, Refused):
        app.notify(result.message, title="Rien n'a été enregistré", severity="error", timeout=12)
        return
    if isinstance(result, Conflict):
        def chosen(choice: str | None) -> None:
            if choice is None:
                app.notify("Rien n'a été enregistré.", severity="warning")
            else:
                settle(app, app.resolve(result, choice), done, outcome(result, choice, message),
                       "Version non retenue gardée dans")

        app.push_screen(ConflictScreen(result), chosen)
        return
    lines = [message if result.record is None else f"{message} : {result.change.kind}/{result.record.id}.toml"]
    if result.merged:
        lines.append("Fusionné avec les modifications d'un collègue ("
                     + ", ".join(result.merged) + ") : l'écran montre le résultat.")
    if result.kept:
        lines.append(f"{'Fichier déplacé dans' if isinstance(result.change, Delete) else kept} {result.kept}")
    title = "Supprimé" if isinstance(result.change, Delete) and result.record is None else "Enregistré"
    app.notify("\n".join(lines), title=title, timeout=10 if result.merged or result.kept else 5)
    done(result)


def outcome(conflict: Conflict, choice: str, message: str) -> str:
    """What a choice did, in a sentence."""
    if isinstance(conflict.change, Delete):
        return message if choice == MINE else "Suppression annulée : leur version est gardée"
    if conflict.deleted:
        return "Enregistrement recréé avec vos modifications" if choice == MINE else \
            "Vos modifications sont abandonnées : l'enregistrement reste supprimé"
    return {THEIRS: "Version du disque reprise", MINE: "Votre version remplace la leur",
            COPY: "Votre version est enregistrée comme copie"}.get(choice, message)


def confirm_delete(app: "PvtuiApp", kind: str, record: Any, then=None, before=None) -> None:
    """Ask, then move the record's file to the trash folder (`before()` once the person said yes)."""
    from pvtui.ui.screens.confirm import ConfirmScreen

    name = KINDS[kind].label(record)
    version = app.data.version(kind, record.id)

    def answered(yes: bool | None) -> None:
        if yes:
            if before is not None:
                before()
            settle(app, app.apply(Delete(kind, record, version)), lambda saved: then and saved.record is None and then(),
                   f"« {name} » mis à la corbeille")

    app.push_screen(ConfirmScreen(f"Supprimer « {name} » ?\nLe fichier ira dans la corbeille du dossier (.corbeille/).",
                                  "Supprimer"), answered)


def external_edit(app: "PvtuiApp", kind: str, id: str) -> None:
    """Open the record's TOML file in $VISUAL/$EDITOR, then reload the folder."""
    edit_file(app, app.record_path(kind, id).relative_to(app.store.root).as_posix())


def editor_command(editor: str, path: str, line: int = 0) -> list[str]:
    """`$EDITOR +LINE FILE`: the line argument vi, vim, nano, emacs and micro all understand."""
    return [*shlex.split(editor), *([f"+{line}"] if line > 0 else []), path]


def edit_file(app: "PvtuiApp", rel: str, line: int = 0) -> None:
    """Open a file of the data folder in $VISUAL/$EDITOR (at `line`), then reload the folder."""
    from textual.app import SuspendNotSupported

    root = app.store.root
    path = root / rel
    if not path.resolve().is_relative_to(root.resolve()):  # a path from the files: never outside the folder
        app.notify(f"{rel} n'est pas dans le dossier de données", severity="error")
        return
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        with app.suspend():
            subprocess.run(editor_command(editor, str(path), line), check=False)
    except (OSError, ValueError, StoreError, SuspendNotSupported) as error:
        app.notify(f"Impossible d'ouvrir l'éditeur « {editor} » : {error}", severity="error")
        return
    app.reload(f"{rel} relu après l'éditeur")


class ActionCommands:
    """Edit, duplicate, delete, $EDITOR on "the current action": shared by the list and the fiche."""

    def current_action(self):
        """The action the commands apply to, or None."""
        raise NotImplementedError

    def created(self, id: str | None) -> None:
        """Called with the id of the action a form created (None: nothing created); the list selects it."""

    def action_edit(self) -> None:
        from pvtui.ui.screens.edit import EditScreen

        if action := self.current_action():
            self.app.push_screen(EditScreen(action))

    def action_duplicate(self) -> None:
        from pvtui.ui.screens.edit import EditScreen

        if action := self.current_action():
            self.app.push_screen(EditScreen(action, copy=True), self.created)

    def action_delete(self) -> None:
        from pvtui.domain.dataset import ACTIONS

        if action := self.current_action():
            confirm_delete(self.app, ACTIONS, action)

    def action_external_edit(self) -> None:
        from pvtui.domain.dataset import ACTIONS

        if action := self.current_action():
            external_edit(self.app, ACTIONS, action.id)
