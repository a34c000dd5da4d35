"""The history of one record from git: who changed it, when, and what, field by field.

Two git commands whatever the number of versions: one `git log --follow`
lists the commits that touched the file (under each of its names), one
`git cat-file --batch` gives every version's bytes and its parent's. Each
version is read with pvtui's own decoder and compared with the file in its
commit's parent, so a hand edit committed by a colleague is described like
a save made in pvtui.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pvtui.domain.dataset import Dataset
from pvtui.domain.diff import describe, porteur_names
from pvtui.domain.kinds import KINDS
from pvtui.storage.decode import parse_record
from pvtui.storage.layout import path_of, rel_of
from pvtui.git.repo import GitError, Repo

UNREADABLE = "fichier illisible dans cette version"
LAYOUT_ONLY = "mise en forme seulement (aucune valeur changée)"
WORKING = "modifications pas encore enregistrées dans git"


class NoHistory(GitError):
    """The folder is not in a git work tree: there is no history to show."""


@dataclass(frozen=True)
class Version:
    """One commit that touched the record's file (newest first in a history)."""

    commit: str
    """The commit's id; "" for the file as it is on disk when git does not hold it yet."""
    author: str
    when: datetime
    subject: str
    path: str
    """The file's path in the work tree at that commit (it may have been renamed since)."""
    data: bytes | None
    """The file's bytes at that commit; None: the commit deleted it."""
    record: Any = None
    """The record those bytes hold (None when deleted or unreadable)."""
    changes: tuple[str, ...] = ()
    """What changed since the version before, in French, one line each."""


def history(root: str | os.PathLike[str], kind: str, id: str, data: Dataset | None = None) -> list[Version]:
    """Every version of `kind/id` git knows, newest first; NoHistory outside git, GitError if git fails.

    Each version is compared with the file in its commit's (first) parent, so
    that commits of two sites joined by a merge each say what they changed,
    and the merge what it brought to the line it merged into.
    `data` (the folder as loaded) names funders, sectors and porteurs in the changes.
    """
    root = Path(os.path.abspath(root))
    if shutil.which("git") is None:
        raise NoHistory("l'historique a besoin de git, qui n'est pas installé sur cette machine")
    repo = Repo.find(root)
    if repo is None:
        raise NoHistory(f"l'historique a besoin de git : {root} n'est pas dans un dépôt git "
                        "(git init, ou un clone du dépôt partagé)")
    path = repo.rel(path_of(root, kind, id))
    try:
        # Decoded here, leniently: whatever bytes a commit holds, the history is shown.
        log = repo.git_bytes("-c", "core.quotePath=false", "log", "--follow", "-M", "--name-status",
                             "--diff-merges=first-parent", "--format=%x1e%H%x1f%P%x1f%an%x1f%aI%x1f%s",
                             "--", path).decode("utf-8", "replace")
    except GitError as error:
        if "does not have any commits" not in str(error):
            raise
        log = ""
    commits = _parse_log(log)
    # One batch: each version, the file in its parent, and HEAD's (is the file on disk committed?).
    names = [f"HEAD:{path}"]
    for c in commits:
        names += ([] if c.deleted else [f"{c.commit}:{c.path}"]) + ([f"{c.parent}:{c.before}"] if c.parent else [])
    blobs = _contents(repo, names)
    versions = [(Version(c.commit, c.author, c.when, c.subject, c.path,
                         None if c.deleted else blobs.get(f"{c.commit}:{c.path}")),
                 blobs.get(f"{c.parent}:{c.before}") if c.parent else None, c.before) for c in commits]
    on_disk = _read(path_of(root, kind, id))
    committed = blobs.get(f"HEAD:{path}")
    if on_disk is not None and on_disk != committed:
        mtime = datetime.fromtimestamp(os.stat(path_of(root, kind, id)).st_mtime).astimezone()
        # Who wrote it is not known (pvtui, an editor, a colleague on the shared folder): git has not recorded it.
        versions.insert(0, (Version("", "—", mtime, WORKING, path, on_disk), committed, path))
    return _described(versions, kind, id, data)


@dataclass(frozen=True)
class _Commit:
    commit: str
    parent: str
    """Its first parent ("" for a root commit)."""
    author: str
    when: datetime
    subject: str
    path: str
    """The file's path after the commit."""
    before: str
    """Its path in the parent (another one when the commit renamed it)."""
    deleted: bool
    added: bool


def _parse_log(log: str) -> list[_Commit]:
    """The commits that changed the file, newest first, read from `git log --format=… --name-status`."""
    out = []
    for chunk in log.split("\x1e")[1:]:
        head, _, files = chunk.partition("\n")
        commit, parents, who, when, subject = head.split("\x1f", 4)
        status = [line.split("\t") for line in files.splitlines() if "\t" in line]
        if not status:  # a merge that left the file as its first parent had it
            continue
        fields = status[-1]
        parent = parents.split(" ")[0] if parents else ""
        added = fields[0] == "A" or not parent
        out.append(_Commit(commit, "" if added else parent, who, datetime.fromisoformat(when), subject,
                           fields[-1], fields[1] if len(fields) > 2 else fields[-1], fields[0] == "D", added))
    return out


def _contents(repo: Repo, names: list[str]) -> dict[str, bytes]:
    """`commit:path` -> the file's bytes at that commit, all from one `git cat-file --batch`."""
    names = list(dict.fromkeys(names))
    out = repo.git_bytes("cat-file", "--batch", input="".join(f"{n}\n" for n in names).encode("utf-8"))
    blobs, at = {}, 0
    for name in names:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs[name] = out[at:at + size]
            at += size + 1
    return blobs


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _described(versions: list[tuple[Version, bytes | None, str]], kind: str, id: str,
               data: Dataset | None) -> list[Version]:
    """Each version read and compared with the file in its parent (`before`, at the path `was`)."""
    ref = data.referentiel if data is not None else None
    porteurs = porteur_names(data) if data is not None else {}
    read: dict[bytes, Any] = {}

    def as_dict(raw: bytes | None, name: str) -> tuple[Any, dict[str, Any] | None]:
        """The record in those bytes and its TOML dict; parsed once however many versions share them."""
        if raw is None:
            return None, None
        if raw not in read:
            record, _ = parse_record(rel_of(kind, Path(name).stem), raw)
            record = replace(record, id=id) if record is not None else None
            read[raw] = record, (KINDS[kind].to_dict(record) if record is not None else None)
        return read[raw]

    out = []
    readable = None
    """The last readable version met, oldest first: what a repair of an unreadable file is compared with."""
    for version, before, was in reversed(versions):
        record, now = as_dict(version.data, version.path)
        _, then = as_dict(before, was)
        if before is not None and then is None:
            then = readable
        if version.data is None:
            changes = ["Suppression du fichier"]
        elif record is None:
            changes = [UNREADABLE[0].upper() + UNREADABLE[1:]]
        else:
            changes = describe(then, now, ref, porteurs)
            readable = now
        if was != version.path:
            changes.insert(0, f"Fichier renommé : {was} → {version.path}")
        if not changes:
            changes = [LAYOUT_ONLY[0].upper() + LAYOUT_ONLY[1:]]
        out.append(replace(version, record=record, changes=tuple(changes)))
    return out[::-1]
