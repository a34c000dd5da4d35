"""The per-user cache of parsed files: a second run reads only what changed.

It lives in the user's own cache folder ($PVTUI_CACHE_DIR, else
$XDG_CACHE_HOME/pvtui or ~/.cache/pvtui, mode 0700), never in the shared
data folder, so no one else can plant a pickle in it. One file per data
folder holds two pickles: a small index (each file's stat key and digest),
then the records, unpickled only when an unchanged file needs one (when
every file changed, a checkout or a copied folder, they never are). Results
computed from a whole folder (`pvtui check`, `pvtui export`) are kept beside it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from pvtui.storage import parallel
from pvtui.domain.problem import Problem

VERSION = 4
PENDING = "pending"
"""The record of an entry whose records are not unpickled yet."""
SETTLED_NS = 2_000_000_000
"""A file untouched for that long cannot change again within the same mtime tick."""


@dataclass
class Entry:
    """One file as last read: its stat key, digest, record and read issues."""

    stat: tuple[int, ...] | None
    """None: modified too recently for its stat to prove it unchanged (re-read it)."""
    digest: str
    record: Any
    problems: tuple[Problem, ...]


def cache_dir() -> Path:
    base = os.environ.get("PVTUI_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pvtui"
    )
    return Path(base)


@functools.cache
def code_version() -> str:
    """pvtui's modules as installed, in one digest: records read or results computed by
    another pvtui (an upgrade that changes how a file is read) must not be reused."""
    package = Path(__file__).parent.parent
    digest = hashlib.blake2b(digest_size=8)
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(n for n in names if n.endswith(".py")):
            st = os.stat(os.path.join(folder, name))
            digest.update(f"{os.path.relpath(folder, package)}/{name} {st.st_mtime_ns} {st.st_size}\n".encode())
    return digest.hexdigest()


def stat_key(st: os.stat_result) -> tuple[int, ...]:
    # The inode changes at every atomic replace, ctime at any write or utime.
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def settled(st: os.stat_result) -> bool:
    """Old enough that a later change gets another mtime (as git's "racy clean" check)."""
    return time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLED_NS


def fingerprint(entries: Iterable[tuple[str, tuple[int, ...] | None, str]]) -> str | None:
    """One digest for (path, stat key, digest) triples; None if a stat key is not trusted yet."""
    found = sorted(entries)
    if any(key is None for _, key, _ in found):
        return None
    digest = hashlib.blake2b(digest_size=16)
    for rel, _, content in found:
        digest.update(f"{rel}\0{content}\n".encode())
    return digest.hexdigest()


def _version() -> str:
    """The cache's format and the code that read its records: either changing voids it."""
    return f"{VERSION} {code_version()}"


@dataclass(frozen=True)
class Pending:
    """Where the records of an index `Cache.read` read are: the cache file, as it was then."""

    path: str
    offset: int
    file: tuple[int, int, int]
    """(inode, mtime, size): a cache file replaced since is not read for these entries."""


class Cache:
    """The cache file of one data folder, and the results kept beside it."""

    def __init__(self, root: Path):
        self.root = root
        self._waiting: Callable[[], None] | None = None

    @property
    def path(self) -> Path:
        name = hashlib.blake2b(str(self.root).encode(), digest_size=8).hexdigest()
        return cache_dir() / f"{name}.pickle"

    def index(self) -> dict[str, tuple[tuple[int, ...] | None, str]] | None:
        """rel -> (stat key, digest), reading the index only (not the records after it)."""
        try:
            with open(self.path, "rb") as handle:
                version, root, index = pickle.load(handle)
        except Exception:
            return None
        return index if version == _version() and root == str(self.root) else None

    def read(self) -> tuple[dict[str, Entry], "Pending | None"]:
        """Entries whose record is PENDING, and where the records' pickle is, to unpickle when one is needed.

        Only the index is read: the records (100 MB at 50 000 actions) are
        streamed from the file by `records`, never held as bytes beside the
        objects they make.
        """
        try:
            with open(self.path, "rb") as handle:
                version, root, index = pickle.load(handle)
                if version != _version() or root != str(self.root):
                    return {}, None
                st = os.fstat(handle.fileno())
                pending = Pending(str(self.path), handle.tell(), (st.st_ino, st.st_mtime_ns, st.st_size))
            entries = {rel: Entry(stat, digest, PENDING, ()) for rel, (stat, digest) in index.items()}
            return entries, pending
        except Exception:
            return {}, None

    @staticmethod
    def records(pending: "Pending | None") -> dict[str, tuple[Any, tuple[Problem, ...]]]:
        """The records after the index that `read` read; {} if the cache file was replaced since."""
        if pending is None:
            return {}
        try:
            with open(pending.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                if (st.st_ino, st.st_mtime_ns, st.st_size) != pending.file:
                    return {}  # another pvtui wrote the cache meanwhile: its records may not match the index
                handle.seek(pending.offset)
                return pickle.load(handle)
        except Exception:
            return {}  # a damaged cache: the files are parsed

    def write(self, entries: dict[str, Entry], background: bool = False) -> None:
        """Write every entry (none PENDING); `background`: in a forked child, see `wait`.

        Pickling 10 000 records takes 125 ms: on two cores a child then
        overlaps the check or the export instead of adding to it. Only
        where forking is safe (no thread).
        """
        if background and parallel.workers() >= 2:
            self._waiting = parallel.in_background(lambda: self._write(entries))
            if self._waiting is not None:
                return
        self._write(entries)

    def wait(self) -> None:
        """Until the background write is done."""
        if self._waiting is not None:
            self._waiting()
            self._waiting = None

    def _write(self, entries: dict[str, Entry]) -> None:
        index = {rel: (entry.stat, entry.digest) for rel, entry in entries.items()}
        records = {rel: (entry.record, entry.problems) for rel, entry in entries.items()}
        with contextlib.suppress(OSError, pickle.PicklingError):
            self._replace(self.path, (_version(), str(self.root), index), records)

    def recall(self, name: str, key: str) -> Any:
        """What `remember(name, key, …)` kept, or None when it was kept under another key."""
        try:
            with open(self.path.with_suffix(f".{name}.pickle"), "rb") as handle:
                version, kept, value = pickle.load(handle)
            return value if version == VERSION and kept == key else None
        except Exception:
            return None

    def remember(self, name: str, key: str, value: Any) -> None:
        """Keep one result per name (the last one only), for `recall`."""
        with contextlib.suppress(OSError, pickle.PicklingError):
            self._replace(self.path.with_suffix(f".{name}.pickle"), (VERSION, key, value))

    @staticmethod
    def _replace(path: Path, *pickles: Any) -> None:
        """Pickles streamed one after the other into a new file, then renamed over `path`."""
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                for value in pickles:
                    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
