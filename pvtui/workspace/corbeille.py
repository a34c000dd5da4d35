"""The corbeille (`.corbeille/`): deleted records and versions not kept, listed and put back.

The writer names what it puts there `<kind>/<id>.<stamp>.toml` (a delete,
noted in `journal.tsv` with who and when) or `<kind>/<id>.<label>.<stamp>.toml`
(a version not kept: `mienne`, `leur` after a conflict, `avant-retrait`
before a TFPB line was removed, `remplacee` by a restore); the stamp is
`%Y%m%d-%H%M%S`, with `-2`, `-3` … when one second saw several. Works with
or without git. Restoring never removes the entry: nothing is lost.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pvtui.domain.dataset import Dataset
from pvtui.domain.kinds import KINDS
from pvtui.storage.decode import parse_record
from pvtui.storage.layout import TRASH
from pvtui.storage.writer import JOURNAL
from pvtui.workspace.changes import Change, Create
from pvtui.workspace.restore import REPLACED, restore

_NAME = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)(?:\.(?P<label>[a-z0-9-]+))?\.(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.toml$")

WHAT = {"": "supprimé", "mienne": "non retenue : mienne", "leur": "non retenue : leur",
        "avant-retrait": "avant un retrait", REPLACED: "avant restauration"}
"""Label -> what the entry is, in French (short: a column of the Corbeille screen)."""


@dataclass(frozen=True)
class Entry:
    """One file of the corbeille."""

    rel: str
    """Its path in the data folder: `.corbeille/actions/alpha.leur.20261203-101500.toml`."""
    kind: str
    id: str
    """The record it is a version of."""
    label: str
    """"" for a deleted record, else why it was kept (`mienne`, `leur` …)."""
    when: datetime
    who: str
    """Who deleted it (from the journal), "" when unknown."""
    data: bytes
    record: Any
    """The record those bytes hold; None when they cannot be read."""

    @property
    def deleted(self) -> bool:
        return not self.label

    @property
    def what(self) -> str:
        return WHAT.get(self.label, f"gardé : {self.label}")

    @property
    def title(self) -> str:
        return KINDS[self.kind].label(self.record) if self.record is not None else self.id


def entries(root: str | os.PathLike[str]) -> list[Entry]:
    """Everything in the corbeille, newest first (files it did not name itself are left out)."""
    trash = Path(root) / TRASH
    who = _journal(trash)
    out = []
    for kind in KINDS:
        try:
            names = os.listdir(trash / kind)
        except OSError:
            continue
        for name in names:
            found = _NAME.match(name)
            path = trash / kind / name
            if not found or not path.is_file() or path.is_symlink():
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            rel = f"{TRASH}/{kind}/{name}"
            record, _ = parse_record(f"{kind}/{found['id']}.toml", data)
            out.append(Entry(rel, kind, found["id"], found["label"] or "",
                             datetime.strptime(found["stamp"], "%Y%m%d-%H%M%S"), who.get(rel, ""), data, record))
    return sorted(out, key=lambda e: (e.when, e.rel), reverse=True)


def _journal(trash: Path) -> dict[str, str]:
    """Where a deleted file went -> who deleted it, from `journal.tsv` (when, who, file, where it went)."""
    try:
        lines = (trash / JOURNAL).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    return {parts[3]: parts[1] for line in lines if len(parts := line.split("\t")) == 4}


def restore_entry(data: Dataset, entry: Entry) -> Change:
    """The change that puts the entry back: a deleted record recreated (at its id, or the next free
    one if taken), a kept version in place of the current one (which goes to the corbeille)."""
    if entry.record is None:
        raise ValueError(f"{entry.rel} est illisible : il ne peut pas être restauré")
    if entry.deleted:
        return Create(entry.kind, entry.record, restored=entry.rel)
    return restore(data, entry.kind, entry.id, entry.record, keep=REPLACED)
