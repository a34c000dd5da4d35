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
from pathlib import Path
from typing import Iterator

from pvtui.domain.ids import IdError, check_id
from pvtui.domain.kinds import ACTIONS, BAILLEURS, KINDS

TRASH = ".corbeille"
LOCK = ".pvtui.lock"
REFERENTIELS = ("objectifs", "piliers", "financeurs", "secteurs", "axes-tfpb")
FOLDERS = ("programmations", ACTIONS, BAILLEURS)
WATCHED = ("referentiel", *FOLDERS)
"""The folders whose files are records: polled for outside changes."""


class StoreError(Exception):
    """A save or delete that did not happen; the message says why, in French."""


def digest(data: bytes) -> str:
    """A file's version: the digest of its bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
    if path.is_symlink() or not path.resolve().is_relative_to(root / kind):
        raise StoreError(f"{kind}/{id}.toml pointe hors du dossier de données : refusé")
    return path


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Serialise check-then-replace between pvtui processes sharing the folder."""
    import fcntl

    # Read-only is enough for flock, and works when a colleague created the
    # lock file; O_NOFOLLOW: a planted symlink must not create a file elsewhere.
    try:
        fd = os.open(root / LOCK, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    except OSError as error:
        raise StoreError(f"verrou {LOCK} inutilisable ({error.strerror or error}) : rien n'a été écrit") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
