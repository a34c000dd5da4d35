"""The single writer of a data folder: every change of the TUI, the command line
and the importer goes through `Workspace.apply`, so all get the same guarantees.

- A change is based on a version (the digest of the file it was read from).
  If the file is still at that version, it is written. If a colleague
  changed it meanwhile, the two edits are merged key by key when they
  touched different keys (`Saved.merged` says which were theirs), and
  otherwise the person is asked (`Conflict`): keep theirs, mine, or mine as
  a copy. Whatever is not kept goes to `.corbeille/`: no value is lost.
- Compare-then-write happens under the folder's lock (between processes)
  and this object's lock (between the TUI's threads).
- `data` is always the latest snapshot, and each listener is told once
  after every load, save or merge: the one place the views learn of change.
- Inside a git work tree each save is then committed (pvtui/git/commit.py),
  after the folder's lock is released: only the files this save wrote, with
  a message naming the record and the keys changed. Git failing never undoes
  the save: `Saved.warning` says so.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import replace
from typing import Any, Callable, Iterator

from pvtui.domain.fmt import reason
from pvtui.domain.dataset import Dataset
from pvtui.domain.kinds import KINDS
from pvtui.domain.merge import changed, dotted, merge3
from pvtui.git.commit import Committer
from pvtui.git.pending import markers
from pvtui.storage.cache import stat_key
from pvtui.storage.decode import parse_record
from pvtui.storage.layout import StoreError, digest
from pvtui.storage.store import Store
from pvtui.storage.writer import Current, encode
from pvtui.workspace.changes import COPY, MINE, THEIRS, Change, Conflict, Create, Delete, Refused, Result, Saved
from pvtui.workspace.commits import Batch, commit_of, pending_conflict


class Workspace:
    """One data folder, read into snapshots and changed only through `apply`."""

    def __init__(self, root: str | os.PathLike[str], *, cache: bool = True):
        self.store = Store(root, cache=cache)
        self.root = self.store.root
        self.data: Dataset | None = None
        """The latest snapshot (None before the first `load`)."""
        self._seen: dict[str, tuple[int, ...]] = {}
        """File -> its stat key when this workspace last read or wrote it."""
        self._lock = threading.RLock()
        self._listeners: list[Callable[[], None]] = []
        self.git = Committer(self.root)
        self._batches: dict[int, Batch] = {}
        """Thread -> its open batch: an import in a worker does not swallow a save of the UI thread."""

    def subscribe(self, listener: Callable[[], None]) -> None:
        """`listener()` runs after each change of `data` (from the thread that made it, lock released)."""
        self._listeners.append(listener)

    def _published(self) -> None:
        for listener in self._listeners:
            listener()

    # --- reading -------------------------------------------------------------

    def load(self, *, cancelled: Callable[[], bool] = lambda: False) -> Dataset:
        """Read the folder (only what changed is parsed again) and publish it, unless `cancelled()`."""
        with self._lock:
            data = self.store.load()
            if cancelled():
                return data
            self._seen = dict(self.store.loaded_snapshot)
            self.data = data
        self._published()
        return data

    def changed_on_disk(self) -> list[str]:
        """The files changed by someone else since they were read or written here (cheap: one stat each)."""
        with self._lock:
            if self.data is None:
                return []
            now, seen = self.store.snapshot(), self._seen
        return sorted(rel for rel in now.keys() | seen.keys() if now.get(rel) != seen.get(rel))

    def new_id(self, kind: str, title: str) -> str:
        with self._lock:
            return self.store.new_id(kind, title)

    # --- changing ------------------------------------------------------------

    def apply(self, change: Change) -> Result:
        """Write one change; never raises for a refusal (disk full, bad id, hand text that would be lost)."""
        return self._guarded(change, lambda: self._apply(change))

    def apply_all(self, changes: list[Change]) -> list[Result]:
        return [self.apply(change) for change in changes]

    def resolve(self, conflict: Conflict, choice: str) -> Result:
        """Settle a conflict: THEIRS (mine goes to the trash), MINE (theirs goes to the trash), COPY."""
        def run() -> Result:
            result = self._resolve(conflict, choice)
            if isinstance(result, Saved) and conflict.pending:  # its content is kept by the choice
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.root / conflict.pending)
            return result

        return self._guarded(conflict.change, run, settled=conflict.pending)

    def pending_conflicts(self) -> list[Conflict]:
        """The conflicts a git merge set aside (driver.py), as local conflicts: the file is theirs, the marker mine."""
        return [c for marker in markers(self.root) if (c := pending_conflict(self.root, marker)) is not None]

    def _guarded(self, change: Change, run: Callable[[], Result], settled: str | None = None) -> Result:
        try:
            with self._lock:
                result = run()
        except StoreError as error:
            return Refused(change, str(error))
        except OSError as error:
            return Refused(change, f"écriture impossible ({reason(error)}) : rien n'a été enregistré")
        if not isinstance(result, Refused):
            self._published()
        if isinstance(result, Saved):
            paths, message = commit_of(result)
            paths += [settled] if settled else []
            if (batch := self._batches.get(threading.get_ident())) is not None:
                batch.add(paths, message)
            elif warning := self.git.commit(paths, message):
                result = replace(result, warning=warning)
        return result

    @contextlib.contextmanager
    def one_commit(self, subject: str) -> Iterator[Batch]:
        """The saves made within are committed together at the end (an import, a new year):
        one commit, not one per record; `batch.warning` then says if git failed."""
        batch = self._batches[threading.get_ident()] = Batch(subject)
        try:
            yield batch
        finally:
            del self._batches[threading.get_ident()]
            if batch.paths:
                batch.warning = self.git.commit(batch.paths, batch.message)

    def _apply(self, change: Change) -> Result:
        if isinstance(change, Create):
            return self._create(change, change.record)
        kind, id = change.kind, change.base.id
        writer = self.store.writer
        with writer.open(kind, id) as current:
            if isinstance(change, Delete):
                if current.data is None:
                    return Refused(change, f"{current.rel} n'existe plus : déjà supprimé{_by(writer.removed_by(kind, id))}")
                if current.version != change.version:
                    return self._conflict(change, current)
                return self._trash(current, change)
            if current.data is None:
                return self._conflict(change, current)
            if current.version == change.version:
                return self._write(current, change.base, change.record, change)
            theirs, _ = parse_record(current.rel, current.data)
            if theirs is None:
                return self._conflict(change, current)
            to_dict = KINDS[kind].to_dict
            base, their_dict = to_dict(change.base), to_dict(theirs)
            merged, conflicts = merge3(base, their_dict, to_dict(change.record))
            if conflicts:
                return self._conflict(change, current, theirs, tuple(dotted(p) for p in conflicts))
            record, issues = KINDS[kind].from_dict(id, merged)
            if issues:
                return self._conflict(change, current, theirs, tuple(issue.message for issue in issues))
            return self._write(current, theirs, record, change,
                               merged=tuple(dotted(p) for p in changed(base, their_dict)))

    def _create(self, change: Change, record: Any, kept: str | None = None) -> Result:
        """A new file; an id someone took meanwhile (or none) becomes the next free one."""
        kind = KINDS[change.kind]
        if not record.id:
            record = replace(record, id=self.store.new_id(kind.name, kind.label(record)))
        for _ in range(10):
            with self.store.writer.open(kind.name, record.id) as current:
                if current.data is None:
                    return self._write(current, None, record, change, kept=kept)
            self.store.forget(current.rel)  # taken on disk: new_id must see it
            record = replace(record, id=self.store.new_id(kind.name, f"{kind.label(record)} {record.id}"))
        raise StoreError(f"aucun identifiant libre pour « {kind.label(record)} » : rien n'a été enregistré")

    def _resolve(self, conflict: Conflict, choice: str) -> Result:
        change, writer = conflict.change, self.store.writer
        kind = KINDS[change.kind]
        if choice not in conflict.choices:
            return Refused(change, "choix impossible pour ce conflit : rien n'a été enregistré")
        mine = None if isinstance(change, Delete) else change.record
        if choice == COPY:
            return self._create(change, replace(mine, id=self.store.new_id(kind.name, f"{kind.label(mine)} copie")))
        with writer.open(kind.name, change.base.id) as current:
            if current.version != conflict.version:  # changed again since the question was asked
                return self._conflict(change, current)
            if choice == THEIRS:
                kept = writer.keep(kind.name, mine.id, "mienne", encode(kind.name, None, None, mine)) if mine else None
                if current.data is None:
                    self._forget(current)
                    return Saved(change, None, kept=kept)
                return self._wrote(current, conflict.theirs, change, kept=kept, before=conflict.theirs)
            if isinstance(change, Delete):
                return self._trash(current, change)
            kept = writer.keep(kind.name, mine.id, "leur", current.data) if current.data is not None else None
            return self._write(current, conflict.theirs if current.data is not None else None, mine, change, kept=kept)

    # --- under the lock ------------------------------------------------------

    def _conflict(self, change: Change, current: Current, theirs: Any = None, keys: tuple[str, ...] = ()) -> Conflict:
        kind = KINDS[change.kind]
        if current.data is not None and theirs is None:
            theirs, _ = parse_record(current.rel, current.data)
        if isinstance(change, Delete):
            choices = (THEIRS, MINE)
        elif current.data is None:
            choices = (MINE, THEIRS)  # recreate it, or drop my changes
        else:
            choices = (THEIRS, MINE, COPY) if kind.copyable else (THEIRS, MINE)
        removed_by = self.store.writer.removed_by(kind.name, current.id) if current.data is None else None
        # The snapshot shows the file as it is now (the form keeps its own base).
        if current.data is None:
            self._forget(current)
        elif theirs is not None:
            self._wrote(current, theirs, change)
        return Conflict(change, current.rel, theirs, current.version, keys, removed_by, choices)

    def _write(self, current: Current, old: Any, new: Any, change: Change, **result: Any) -> Saved:
        if getattr(change, "keep", None) and current.data is not None and not result.get("kept"):
            result["kept"] = self.store.writer.keep(current.kind, current.id, change.keep, current.data)
        self.store.writer.write(current, encode(current.kind, current.data, old, new))
        return self._wrote(current, new, change, before=old, **result)

    def _wrote(self, current: Current, record: Any, change: Change, **result: Any) -> Saved:
        """The file holds `current.data`: remember it, and publish the record as read back from those bytes."""
        read, _ = parse_record(current.rel, current.data)
        record = read if read is not None else record
        self.store.remember(current.rel, current.data, record)
        self._seen[current.rel] = stat_key(os.stat(current.path))
        if self.data is not None:
            self.data = self.data.replace_record(current.kind, record, digest(current.data))
        return Saved(change, record, **result)

    def _trash(self, current: Current, change: Change) -> Saved:
        moved = self.store.writer.trash(current, who=self.git.author())  # the name its commit will bear
        self._forget(current)
        return Saved(change, None, kept=moved, before=change.base)

    def _forget(self, current: Current) -> None:
        self.store.forget(current.rel)
        self._seen.pop(current.rel, None)
        if self.data is not None:
            self.data = self.data.remove_record(current.kind, current.id)


def _by(who: str | None) -> str:
    return f" par {who}" if who else ""
