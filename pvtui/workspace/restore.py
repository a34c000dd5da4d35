"""Putting an older version of a record back: a change like any other, based on what is shown now.

An older version (from the history, or from `.corbeille/`) is never copied
over the file: it becomes an Update of the record as the workspace shows
it, so that a colleague's change made meanwhile is merged or asked about,
the file keeps its hand comments, and the restore can itself be undone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pvtui.domain.dataset import Dataset
from pvtui.domain.kinds import KINDS
from pvtui.workspace.changes import Change, Create, Update

REPLACED = "remplacee"
"""The label, in `.corbeille/`, of a version a restore replaced (when asked to keep it)."""


def current(data: Dataset, kind: str, id: str) -> Any:
    """The record `kind/id` in the snapshot, or None."""
    records = getattr(data, KINDS[kind].field)
    if isinstance(records, dict):  # programmations, by year
        records = records.values()
    return next((r for r in records if getattr(r, "id", None) == id), None)


def restore(data: Dataset, kind: str, id: str, record: Any, keep: str | None = None) -> Change:
    """The change that makes `kind/id` hold `record` again; a Create when it is gone.

    `keep`: a label under which the version replaced goes to `.corbeille/` first.
    """
    record = replace(record, id=id)
    shown = current(data, kind, id)
    if shown is None:
        return Create(kind, record)
    return Update(kind, shown, data.version(kind, id), record, keep=keep)
