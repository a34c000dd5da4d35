"""The history of one record from git: who changed it, when, and what, field by field.

Two git commands whatever the number of versions: one `git log --follow`
lists the commits that touched the file (under each of its names), one
`git cat-file --batch` gives every version's bytes. Each version is read
with pvtui's own decoder and compared with the one before it, so a hand
edit committed by a colleague is described like a save made in pvtui.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pvtui.domain.dataset import Dataset
from pvtui.domain.diff import describe, porteur_names
from pvtui.domain.kinds import KINDS
from pvtui.storage.decode import parse_record
from pvtui.storage.layout import path_of, rel_of
from pvtui.storage.writer import author
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

    @property
    def readable(self) -> bool:
        return self.record is not None

    @property
    def summary(self) -> str:
        return self.changes[0] + (f" (+{len(self.changes) - 1})" if len(self.changes) > 1 else "") if self.changes else ""


def history(root: str | os.PathLike[str], kind: str, id: str, data: Dataset | None = None) -> list[Version]:
    """Every version of `kind/id` git knows, newest first; NoHistory outside git, GitError if git fails.

    `data` (the folder as loaded) names funders, sectors and porteurs in the changes.
    """
    root = Path(os.path.abspath(root))
    repo = Repo.find(root)
    if repo is None:
        raise NoHistory(f"l'historique a besoin de git : {root} n'est pas dans un dépôt git "
                        "(git init, ou un clone du dépôt partagé)")
    path = repo.rel(path_of(root, kind, id))
    try:
        log = repo.git("-c", "core.quotePath=false", "log", "--follow", "-M", "--name-status",
                       "--format=%x1e%H%x1f%an%x1f%aI%x1f%s", "--", path)
    except GitError as error:
        if "does not have any commits" in str(error):
            log = ""
        else:
            raise
    commits = _parse_log(log)
    blobs = _contents(repo, [(c, p) for c, _, _, _, p, deleted in commits if not deleted])
    versions = [Version(c, who, when, subject, p, None if deleted else blobs.get(f"{c}:{p}"))
                for c, who, when, subject, p, deleted in commits]
    on_disk = _read(path_of(root, kind, id))
    if on_disk is not None and (not versions or versions[0].data != on_disk):
        mtime = datetime.fromtimestamp(os.stat(path_of(root, kind, id)).st_mtime).astimezone()
        versions.insert(0, Version("", author(), mtime, WORKING, path, on_disk))
    return _described(versions, kind, id, data)


def _parse_log(log: str) -> list[tuple[str, str, datetime, str, str, bool]]:
    """(commit, author, when, subject, path at that commit, deleted) per commit, newest first."""
    out = []
    for chunk in log.split("\x1e")[1:]:
        head, _, files = chunk.partition("\n")
        commit, who, when, subject = head.split("\x1f", 3)
        status = [line.split("\t") for line in files.splitlines() if "\t" in line]
        if not status:  # a merge: its content is the commits it joins
            continue
        fields = status[-1]
        out.append((commit, who, datetime.fromisoformat(when), subject, fields[-1], fields[0] == "D"))
    return out


def _contents(repo: Repo, wanted: list[tuple[str, str]]) -> dict[str, bytes]:
    """`commit:path` -> the file's bytes at that commit, all from one `git cat-file --batch`."""
    if not wanted:
        return {}
    names = [f"{commit}:{path}" for commit, path in wanted]
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


def _described(versions: list[Version], kind: str, id: str, data: Dataset | None) -> list[Version]:
    """Each version read and compared with the last readable one before it (oldest first, then reversed)."""
    to_dict = KINDS[kind].to_dict
    ref = data.referentiel if data is not None else None
    porteurs = porteur_names(data) if data is not None else {}
    out: list[Version] = []
    before: dict[str, Any] | None = None
    previous_path = None
    for version in reversed(versions):
        record = None
        renamed = previous_path is not None and version.path != previous_path
        if version.data is None:
            changes = ["Suppression du fichier"]
        else:
            record, _ = parse_record(rel_of(kind, Path(version.path).stem), version.data)
            if record is None:
                changes = [UNREADABLE[0].upper() + UNREADABLE[1:]]
            else:
                record = replace(record, id=id)
                now = to_dict(record)
                changes = describe(before, now, ref, porteurs) or ([] if renamed else [LAYOUT_ONLY[0].upper() + LAYOUT_ONLY[1:]])
                before = now
        if renamed:
            changes.insert(0, f"Fichier renommé : {previous_path} → {version.path}")
        previous_path = version.path
        if version.data is None:
            before = None
        out.append(replace(version, record=record, changes=tuple(changes)))
    return out[::-1]
