"""What the workspace hands to git: each save's files and message, a batch's one commit, and the
conflicts a git merge left (pvtui/git/pending.py) as conflicts of the workspace's own kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pvtui.domain.kinds import KINDS
from pvtui.git.message import describe
from pvtui.git.pending import Marker, keys
from pvtui.storage.decode import parse_record
from pvtui.storage.layout import TRASH, digest, rel_of
from pvtui.storage.writer import JOURNAL
from pvtui.workspace.changes import COPY, MINE, THEIRS, Conflict, Create, Delete, Saved, Update


@dataclass
class Batch:
    """Saves waiting to be committed together (`Workspace.one_commit`)."""

    subject: str
    paths: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    warning: str | None = None

    def add(self, paths: list[str], message: str) -> None:
        self.paths += paths
        self.lines.append(message.split("\n")[0])

    @property
    def message(self) -> str:
        return self.subject + "\n\n" + "\n".join(self.lines)


def commit_of(saved: Saved) -> tuple[list[str], str]:
    """The files a save wrote (relative to the folder) and its commit's message."""
    change, record, kind = saved.change, saved.record, saved.change.kind
    paths = [rel_of(kind, record.id)] if record is not None else []
    if isinstance(change, Delete) and record is None:
        paths += [rel_of(kind, change.base.id), f"{TRASH}/{JOURNAL}"]
    if saved.kept:
        paths.append(saved.kept)
    shown = record if record is not None else getattr(change, "record", None) or saved.before
    if saved.kept and not isinstance(change, Delete) and _same(kind, saved.before, record):
        return paths, f"{KINDS[kind].label(shown)} : version non retenue gardée dans {saved.kept}"
    if isinstance(change, Create) and change.restored and record is not None:
        return paths, f"Restauration : {KINDS[kind].label(record)} (depuis {change.restored})"
    return paths, describe(kind, saved.before, record)


def _same(kind: str, a: Any, b: Any) -> bool:
    to_dict = KINDS[kind].to_dict
    return (a is None) == (b is None) and (a is None or to_dict(a) == to_dict(b))


def pending_conflict(root: Path, marker: Marker) -> Conflict | None:
    """A marker a git merge left, as a local conflict: the file is theirs, the marker mine."""
    kind = KINDS.get(marker.folder)
    try:
        here, aside = (root / marker.record_rel).read_bytes(), (root / marker.rel).read_bytes()
    except OSError:
        return None
    theirs, _ = parse_record(marker.record_rel, here) if kind else (None, ())
    mine, _ = parse_record(marker.record_rel, aside) if kind else (None, ())
    if theirs is None or mine is None:
        return None
    version = digest(here)
    choices = (THEIRS, MINE, COPY) if kind.copyable else (THEIRS, MINE)
    return Conflict(Update(kind.name, theirs, version, mine), marker.record_rel, theirs, version,
                    tuple(keys(root, marker)), None, choices, pending=marker.rel)
