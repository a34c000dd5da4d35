"""What a person (or the importer) asks of a data folder, and what came of it.

A change is always relative to the version it was based on: the record as
it was shown when the form opened, and the digest of that file's bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

THEIRS, MINE, COPY = "theirs", "mine", "copy"
"""The choices offered on a conflict: keep the version on disk, mine over it, or mine as a new record."""


@dataclass(frozen=True)
class Create:
    """A new record (its id may be taken meanwhile: then it gets the next free one)."""

    kind: str
    record: Any
    restored: str | None = None
    """The corbeille file this record is put back from (its commit says « Restauration »)."""


@dataclass(frozen=True)
class Update:
    """`record` replaces `base`, which was read from the file at `version`."""

    kind: str
    base: Any
    version: str | None
    record: Any
    keep: str | None = None
    """A label: the file as it was goes to `.corbeille/` first (a removed TFPB line stays somewhere)."""


@dataclass(frozen=True)
class Delete:
    """The record goes to `.corbeille/`: `base` as it was shown, read at `version`."""

    kind: str
    base: Any
    version: str | None


Change = Create | Update | Delete


@dataclass(frozen=True)
class Saved:
    """The change is on disk."""

    change: Change
    record: Any
    """What the file holds now (None after a delete): the merge, when there was one."""
    merged: tuple[str, ...] = ()
    """Keys a colleague had changed meanwhile, kept alongside mine (a merge)."""
    kept: str | None = None
    """Where the version not kept went (`.corbeille/...`), if any."""
    before: Any = None
    """What the file held before (None: there was no file); the commit's message compares it."""
    warning: str | None = None
    """Saved, but something after went wrong (git's commit failed): French, to show."""


@dataclass(frozen=True)
class Conflict:
    """The file changed since the change was based on it, in a way no merge settles."""

    change: Change
    rel: str
    theirs: Any
    """The record on disk now; None when it is gone (deleted) or unreadable."""
    version: str | None
    """The version of the file the conflict saw (a choice applies only while it is still there)."""
    keys: tuple[str, ...] = ()
    """The keys both sides changed differently."""
    removed_by: str | None = None
    """Who deleted it and when ("dupont le 2026-12-02 10:04"), when the journal says."""
    choices: tuple[str, ...] = field(default=(THEIRS, MINE))
    pending: str | None = None
    """A conflict a git merge set aside (`.corbeille/<kind>/<id>.conflit.<date>.toml`, "mine"),
    removed once settled: its content is then in the file, a copy, or `.mienne`."""

    @property
    def deleted(self) -> bool:
        return self.version is None


@dataclass(frozen=True)
class Refused:
    """Nothing was written; `message` says why, in French."""

    change: Change
    message: str


Result = Saved | Conflict | Refused
