"""The conflict-checked writer: under the folder's lock, a file is replaced only
by someone who knows which version of it they replace.

A save writes `.<id>.toml.*.tmp` beside the file and renames it over the
file; a save killed at that moment leaves that hidden file behind (never
read), and the next save of the record removes it under the lock.
Whatever leaves a file (a delete, the version a conflict did not keep)
goes to `.corbeille/`, and a delete is noted in `.corbeille/journal.tsv`
(when, who, which file, where it went) so that a colleague can be told.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pvtui.domain.fmt import reason
from pvtui.domain.kinds import KINDS
from pvtui.storage.atomic import atomic_write, fsync_dir, temp_name
from pvtui.storage.layout import TRASH, StoreError, digest, locked, path_of, rel_of
from pvtui.storage.tomlio import SaveRefused, render

JOURNAL = "journal.tsv"


def author() -> str:
    """Who is saving: $PVTUI_AUTEUR, else the login name."""
    with contextlib.suppress(Exception):
        return os.environ.get("PVTUI_AUTEUR") or getpass.getuser()
    return "?"


@dataclass
class Current:
    """A record's file as it is on disk, read under the lock."""

    kind: str
    id: str
    path: Path
    data: bytes | None
    """None: there is no such file (never created, or deleted)."""

    @property
    def rel(self) -> str:
        return rel_of(self.kind, self.id)

    @property
    def version(self) -> str | None:
        return None if self.data is None else digest(self.data)


def encode(kind: str, current: bytes | None, old: Any, new: Any) -> bytes:
    """The bytes that make the file hold `new`, edited key by key from `current`
    (`old`: what `current` was understood to hold); StoreError if it would lose hand-written text."""
    to_dict = KINDS[kind].to_dict
    try:
        text = render(current.decode("utf-8") if current is not None else None,
                      to_dict(old) if old is not None and current is not None else None, to_dict(new))
    except SaveRefused as error:
        raise StoreError(f"{rel_of(kind, new.id)} : {error}") from None
    except Exception as error:  # tomlkit cannot edit what tomllib read (a key nested over 100 levels)
        raise StoreError(f"{rel_of(kind, new.id)} : ce fichier ne peut pas être réécrit ({_why(error)}) : "
                         "rien n'a été enregistré ; corrigez-le dans un éditeur") from None
    return text.encode("utf-8")


def _why(error: Exception) -> str:
    """tomlkit's reason, in French when it is a known one, with its line."""
    message = str(error).split(" at line ")[0]
    if "nested more than" in message:
        message = "clé imbriquée sur plus de 100 niveaux"
    line = getattr(error, "line", None)
    return f"ligne {line} : {message}" if line else message


class Writer:
    """Writes the records of one folder, one file at a time, under its lock."""

    def __init__(self, root: Path):
        self.root = root
        self.temps: dict[str, set[str]] = {}
        """Folder -> hidden `.tmp` files seen when it was last listed (left by killed saves)."""

    @contextlib.contextmanager
    def open(self, kind: str, id: str) -> Iterator[Current]:
        """Hold the lock and read the file as it is now: compare, then write, within."""
        path = path_of(self.root, kind, id)
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(self.root):
            yield Current(kind, id, path, _read_regular(path))

    def write(self, current: Current, data: bytes) -> None:
        """Replace the file (the lock held by `open`); nothing is written when nothing changed."""
        self._clear_stale_temps(current.kind, current.path)
        if data != current.data:
            _refuse_if_read_only(current, "rien n'a été enregistré")
            atomic_write(current.path, data, locked=True)
        current.data = data

    def trash(self, current: Current, who: str | None = None) -> str:
        """Move the file into `.corbeille/` and say so in its journal (`who`, else `author()`); returns where it went."""
        _refuse_if_read_only(current, "rien n'a été supprimé")
        target = self._trash_target(current.kind, current.id)
        os.replace(current.path, target)
        fsync_dir(current.path.parent)
        fsync_dir(target.parent)
        moved = str(target.relative_to(self.root))
        line = f"{time.strftime('%Y-%m-%d %H:%M')}\t{who or author()}\t{current.rel}\t{moved}\n"
        with contextlib.suppress(OSError):  # the record is in the trash already: the note is a help
            with open(self.root / TRASH / JOURNAL, "a", encoding="utf-8") as journal:
                journal.write(line)
        current.data = None
        return moved

    def removed_by(self, kind: str, id: str) -> str | None:
        """Who moved this record to the trash and when, from the journal: "dupont le 2026-12-02 10:04"."""
        try:
            lines = (self.root / TRASH / JOURNAL).read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        for line in reversed(lines):
            parts = line.split("\t")
            if len(parts) == 4 and parts[2] == rel_of(kind, id):
                return f"{parts[1]} le {parts[0]}"
        return None

    def keep(self, kind: str, id: str, label: str, data: bytes) -> str:
        """A version that is not kept, put in `.corbeille/` so that nothing is lost; returns its path."""
        target = self._trash_target(kind, f"{id}.{label}")
        atomic_write(target, data)
        return str(target.relative_to(self.root))

    def _trash_target(self, kind: str, stem: str) -> Path:
        """A new, unused file name in the trash folder, stamped with the time."""
        trash = self.root / TRASH / kind
        if (self.root / TRASH).is_symlink() or trash.is_symlink():
            raise StoreError(f"{TRASH}/{kind} est un lien symbolique : refusé (rien n'a été déplacé)")
        trash.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target, n = trash / f"{stem}.{stamp}.toml", 1
        while target.exists():
            n += 1
            target = trash / f"{stem}.{stamp}-{n}.toml"
        return target

    def _clear_stale_temps(self, kind: str, path: Path) -> None:
        """Remove the temporary files of `path` left by a save that was killed.

        Every writer holds the lock while its temporary file exists, so under
        the lock any `.<name>.*.tmp` is garbage from a dead process. Saves
        use one fixed name; other names are those seen when the folder was
        last listed (by `load` or `snapshot`), as listing it again at each
        save would cost more than the save itself with 10 000 files.
        """
        prefix = f".{path.name}."
        names = {temp_name(path.name)}
        names |= {n for n in self.temps.get(kind, ()) if n.startswith(prefix) and n[len(prefix):].endswith(".tmp")}
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)


def _refuse_if_read_only(current: Current, nothing_done: str) -> None:
    """A record its owner made read-only (chmod a-w, 0444) is neither replaced nor moved.

    A rename ignores the file's own mode, so without this a save would
    silently replace it. Only the owner's write bit counts: in a shared
    folder a colleague's 0644 file is saved as before (the folder's rights decide).
    """
    try:
        mode = os.stat(current.path).st_mode
    except OSError:
        return
    if not mode & stat.S_IWUSR:
        raise StoreError(f"{current.rel} est en lecture seule ({stat.S_IMODE(mode):04o}) : {nothing_done} ; "
                         "rendez-le modifiable (chmod u+w) pour le changer")


def _read_regular(path: Path) -> bytes | None:
    """The file's bytes, None if there is none; never blocks on a FIFO or follows a planted link."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"{path.parent.name}/{path.name} illisible ({reason(error)}) : rien n'a été écrit") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise StoreError(f"{path.parent.name}/{path.name} n'est pas un fichier ordinaire : rien n'a été écrit")
        return handle.read()
