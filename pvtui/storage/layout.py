"""The layout of a data folder: where each record lives, the lock, the trash.

    referentiel/   objectifs, piliers, financeurs, secteurs, axes-tfpb (.toml)
    programmations/<annee>.toml
    actions/<id>.toml      one file per action (every registered kind: a folder)
    bailleurs/<id>.toml    one file per bailleur
    .corbeille/            deleted records and versions a conflict did not keep, never erased by pvtui
    .pvtui.lock            the lock that serialises saves (created once, kept)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from pathlib import Path
from typing import Iterator

from pvtui.domain.fmt import reason
from pvtui.domain.ids import IdError, check_id
from pvtui.domain.kinds import ACTIONS, BAILLEURS, KINDS, PORTEURS
from pvtui.storage.atomic import give, new_file_mode

TRASH = ".corbeille"
LOCK = ".pvtui.lock"
REFERENTIELS = ("objectifs", "piliers", "financeurs", "secteurs", "axes-tfpb")
FOLDERS = ("programmations", PORTEURS, ACTIONS, BAILLEURS)
WATCHED = ("referentiel", *FOLDERS)
"""The folders whose files are records: polled for outside changes."""


class StoreError(Exception):
    """A save or delete that did not happen; the message says why, in French."""


def digest(data: bytes) -> str:
    """A file's version: the digest of its bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def unreadable_folders(root: Path) -> list[tuple[str, OSError]]:
    """The folders of records that exist but cannot be listed (permissions, a symlink loop)."""
    out = []
    for folder in WATCHED:
        try:
            with os.scandir(root / folder):
                pass
        except FileNotFoundError:
            continue  # a folder not made yet holds no record
        except OSError as error:
            out.append((folder, error))
    return out


def resolved(path: str | Path) -> Path | None:
    """Where `path` leads through its links; None for a loop of links (pathlib raises RuntimeError)."""
    try:
        return Path(path).resolve()
    except RuntimeError:
        return None


def rel_of(kind: str, id: str) -> str:
    return f"{kind}/{id}.toml"


def path_of(root: Path, kind: str, id: str) -> Path:
    """The file of a record; an id can never point outside the folder."""
    if kind not in KINDS:
        raise StoreError(f"type d'enregistrement inconnu : {kind}")
    try:
        check_id(id)
    except IdError as error:
        raise StoreError(str(error)) from None
    path = root / kind / f"{id}.toml"
    if path.is_symlink() or not (resolved(path) or root).is_relative_to(root / kind):
        raise StoreError(f"{kind}/{id}.toml pointe hors du dossier de données : refusé")
    return path


LOCK_TIMEOUT = 5.0
"""Seconds a save waits for the lock held by another pvtui before it gives up (PVTUI_LOCK_TIMEOUT)."""


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Serialise check-then-replace between pvtui processes sharing the folder.

    Read-only is enough for flock, and works when a colleague created the
    lock file; O_NOFOLLOW: a planted symlink must not create a file
    elsewhere; O_NONBLOCK and a regular file only: a FIFO there must not
    freeze the save (and every colleague's after it). The lock file takes
    the folder's group and group permissions (see `atomic.new_file_mode`),
    so that a save under umask 077 does not lock the team out. A lock held
    longer than LOCK_TIMEOUT (a pvtui stopped while saving) is a refusal,
    not a wait for ever.
    """
    import fcntl

    try:
        fd = os.open(root / LOCK, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    except OSError as error:
        raise StoreError(f"verrou {LOCK} inutilisable ({reason(error)}) : rien n'a été écrit") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(f"verrou {LOCK} : ce n'est pas un fichier ordinaire : rien n'a été écrit")
        if st.st_uid == os.geteuid():
            _share_lock(fd, st, root)
        _flock(fd, fcntl)
        yield
    finally:
        os.close(fd)


def _share_lock(fd: int, st: os.stat_result, root: Path) -> None:
    """The lock file (ours) as readable by the folder's group as the folder is (a lock made
    private by an older pvtui under umask 077 is opened up again by its owner's next save)."""
    mode, group = new_file_mode(root)
    give(fd, -1, group)
    wanted = stat.S_IMODE(st.st_mode) | (mode & 0o060)
    if wanted != stat.S_IMODE(st.st_mode):
        with contextlib.suppress(OSError):
            os.fchmod(fd, wanted)


def _flock(fd: int, fcntl) -> None:
    try:
        timeout = float(os.environ.get("PVTUI_LOCK_TIMEOUT") or LOCK_TIMEOUT)
    except ValueError:
        timeout = LOCK_TIMEOUT
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreError(f"un autre enregistrement tient le verrou {LOCK} depuis plus de {timeout:g} s "
                                 "(un pvtui arrêté en pleine sauvegarde ?) : rien n'a été écrit ; "
                                 "réessayez dans un instant") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
