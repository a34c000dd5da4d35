"""The per-user cache of parsed files: a second run reads only what changed.

It lives in the user's own cache folder ($PVTUI_CACHE_DIR, else
$XDG_CACHE_HOME/pvtui or ~/.cache/pvtui, mode 0700), never in the shared
data folder. It holds plain data only (msgpack: texts, numbers, lists,
maps), never code: the records are rebuilt by their declared types
(`msgspec` builds the domain's own dataclasses, nothing else), so that a
file planted there can at worst be refused as damaged. A folder or file
that is not the user's own, or that the group or the others may write, is
not used at all (a warning on stderr, and pvtui runs without cache).

One file per data folder holds a small index (each file's stat key and
digest), then the records, decoded only when an unchanged file needs one
(when every file changed, a checkout or a copied folder, they never are).
Results computed from a whole folder (`pvtui check`, `pvtui export`) are
kept beside it. Every file is written under a new name and renamed into
place; a write killed halfway leaves a `.tmp` file, removed by the next
write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import itertools
import json
import os
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from pvtui.domain import model
from pvtui.domain.kinds import ACTIONS, BAILLEURS, PORTEURS, PROGRAMMATIONS
from pvtui.domain.problem import Problem
from pvtui.storage import parallel

VERSION = 6
PENDING = "pending"
"""The record of an entry whose records are not decoded yet."""
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
        digest.update(f"{rel}\0{content}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def stat_digest(pairs: Iterable[tuple[str, tuple[int, ...] | None]]) -> str | None:
    """One digest of (path, stat key) pairs, in any order; None if a stat key is not trusted yet.

    Written in the cache's summary line: equal to the one of the files on disk
    iff none was added, removed or touched, so that "nothing changed" costs one
    stat per file and never decodes the index (50 000 entries: a third of a warm run).
    """
    lines = []
    for rel, key in pairs:
        if key is None:
            return None
        lines.append(stat_line(rel, key))
    return stat_digest_of(lines)


def stat_line(rel: str, key: tuple[int, ...]) -> str:
    return f"{rel}\0{key[0]} {key[1]} {key[2]} {key[3]}\n"


def stat_digest_of(parts: list[str]) -> str:
    """`stat_digest` of its `stat_line`s, given alone or joined in runs (sorted here:
    runs of one folder, each sorted by name, sort as their lines would)."""
    parts.sort()
    return hashlib.blake2b("".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _version() -> str:
    """The cache's format and the code that read its records: either changing voids it."""
    return f"{VERSION} {code_version()}"


# --- what a cache file holds: plain data, rebuilt by declared types -----------------

RECORD_TYPES: dict[str, type] = {ACTIONS: model.Action, BAILLEURS: model.Bailleur,
                                  PORTEURS: model.Porteur, PROGRAMMATIONS: model.Programmation}
"""The record class of each folder of records (the kinds of domain/kinds.py); any other
folder (referentiel) holds the plain TOML dicts `tomllib` gave."""

_MAGIC = f"pvtui-cache {VERSION}\n".encode()
"""The first line of every cache file; the second is a JSON header, plain data follows."""


@functools.cache
def _msgpack() -> tuple[Any, Any, Any]:
    """msgspec (imported only when records are read or written: a run that reuses a
    result needs the JSON header only), its encoder and the decoder of each folder."""
    import msgspec

    Entries = lambda record: list[tuple[str, record, tuple[Problem, ...]]]  # noqa: E731
    decoders = {folder: msgspec.msgpack.Decoder(Entries(Optional[cls])) for folder, cls in RECORD_TYPES.items()}
    return msgspec, msgspec.msgpack.Encoder(), (decoders, msgspec.msgpack.Decoder(Entries(Any)),
                                                 msgspec.msgpack.Decoder(dict[str, msgspec.Raw]))


class _Unencodable(Exception):
    """An entry `_encode_entry` refused, met while the cache was being streamed."""


def _encode_entry(encoder: Any, rel: str, value: Any, problems: tuple[Problem, ...]) -> bytes:
    return encoder.encode((rel, value, problems))


def _record_value(rel: str, entry: "Entry") -> Any:
    """What the cache holds of an entry's record (msgspec encodes the record classes as they are)."""
    folder = rel.split("/", 1)[0]
    cls = RECORD_TYPES.get(folder)
    if cls is None:
        return encode_plain(entry.record)
    if entry.record is None or type(entry.record) is cls:
        return entry.record
    raise TypeError(f"{type(entry.record).__name__} in {folder}/")


def _unencodable(entries: dict[str, "Entry"]) -> set[str]:
    """The entries that cannot be kept (an integer beyond 64 bits, a file name that is not
    UTF-8: parsed again next time); each encoded and dropped, one at a time."""
    _, encoder, _ = _msgpack()
    left = set()
    for rel, entry in entries.items():
        try:
            _encode_entry(encoder, rel, _record_value(rel, entry), entry.problems)
        except (TypeError, ValueError, OverflowError, UnicodeError):
            left.add(rel)
    return left


def _encode_records(kept: list[tuple[str, "Entry"]]) -> Iterator[bytes]:
    """Every kept entry's record and problems as msgpack, by folder, one record at a time
    (raises `_Unencodable` on an entry that cannot be kept).

    Streamed to the file: joined, 50 000 records made three copies of 100 MB
    at once (each record's, each folder's, the whole); even as a list of parts
    they were one copy on top of the folder in the forked writer.
    """
    _, encoder, _ = _msgpack()
    folders: dict[str, list[tuple[str, Entry]]] = {}
    for rel, entry in kept:
        folders.setdefault(rel.split("/", 1)[0], []).append((rel, entry))
    # {folder: [entry, ...]} in msgpack: a map32 header, then each key and an array32 of the entries.
    yield b"\xdf" + len(folders).to_bytes(4, "big")
    for folder, items in folders.items():
        yield encoder.encode(folder)
        yield b"\xdd" + len(items).to_bytes(4, "big")
        for rel, entry in items:
            try:
                yield _encode_entry(encoder, rel, _record_value(rel, entry), entry.problems)
            except (TypeError, ValueError, OverflowError, UnicodeError) as error:
                raise _Unencodable(rel) from error


def _decode_records(data: bytes | memoryview) -> dict[str, tuple[Any, tuple[Problem, ...]]]:
    _, _, (decoders, plain, outer) = _msgpack()
    out: dict[str, tuple[Any, tuple[Problem, ...]]] = {}
    for folder, items in outer.decode(data).items():
        decoder = decoders.get(folder)
        if decoder is not None:
            out.update((rel, (record, problems)) for rel, record, problems in decoder.decode(items))
        else:
            out.update((rel, (decode_plain(value), problems)) for rel, value, problems in plain.decode(items))
    return out


def _encode_result(value: Any) -> tuple[str, bytes] | None:
    """A result kept by `remember`: the export's bytes as they are, problems as JSON; None: not kept."""
    if type(value) is bytes:
        return "bytes", value
    if type(value) is list and all(type(item) is Problem for item in value):
        return "problems", json.dumps([[p.path, p.line, p.niveau, p.message, p.column] for p in value]).encode()
    return None


def _decode_result(tag: str, data: bytes) -> Any:
    if tag == "bytes":
        return data
    if tag == "problems":
        out = []
        for path, line, niveau, message, column in json.loads(data):
            if not (type(path) is type(niveau) is type(message) is str and type(line) is type(column) is int):
                raise ValueError("not a problem")
            out.append(Problem(path, line, niveau, message, column))
        return out
    raise ValueError(f"unknown result {tag!r}")


_TIMES: dict[type, tuple[str, Callable[[str], Any]]] = {
    dt.datetime: ("datetime", dt.datetime.fromisoformat),
    dt.date: ("date", dt.date.fromisoformat),
    dt.time: ("time", dt.time.fromisoformat),
}
_FROM_TAG = {tag: parse for tag, parse in _TIMES.values()}


def encode_plain(value: Any) -> Any:
    """What `tomllib` gives as plain msgpack data: maps as maps, every array tagged
    ["list", ...], and dates and times as ["date", ISO text] (TOML's local times have no
    msgpack type)."""
    kind = type(value)
    if kind is dict:
        return {_text(key): encode_plain(item) for key, item in value.items()}
    if kind is list:
        return ["list", *map(encode_plain, value)]
    if kind in _TIMES:
        return [_TIMES[kind][0], value.isoformat()]
    if kind in (str, int, float, bool) or value is None:
        return value
    raise TypeError(f"not plain data: {kind.__name__}")


def decode_plain(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key: decode_plain(item) for key, item in value.items()}
    if kind is list:
        tag, *items = value
        if tag == "list":
            return [decode_plain(item) for item in items]
        [text] = items
        return _FROM_TAG[tag](text)
    if kind in (str, int, float, bool) or value is None:
        return value
    raise TypeError(f"not plain data: {kind.__name__}")


def _text(key: Any) -> str:
    if type(key) is not str:
        raise TypeError("a key that is not a text")
    return key


# --- the cache folder: the user's own, or none -------------------------------------

_said: set[str] = set()
_swept: set[str] = set()


def _warn(message: str) -> None:
    """Once per process: `pvtui : cache ignoré : …` on stderr."""
    if message not in _said:
        _said.add(message)
        print(f"pvtui : cache ignoré : {message} ; pvtui continue sans cache", file=sys.stderr, flush=True)


def refusals() -> tuple[str, ...]:
    """What this process refused of the cache, as said on stderr (for a view that has no
    stderr to show it on: the TUI's is captured)."""
    return tuple(_said)


def _owner(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"l'utilisateur n° {uid}"


def unsafe(st: os.stat_result, what: str, path: str) -> str | None:
    """Why a cache folder or file must not be trusted (another owner, writable by others), or None."""
    if st.st_uid != os.geteuid():
        return f"{what} {path} appartient à {_owner(st.st_uid)}, pas à vous"
    if st.st_mode & 0o022:
        return (f"{what} {path} est modifiable par le groupe ou par les autres "
                f"(droits {stat.S_IMODE(st.st_mode):o}) : ôtez-leur ce droit (chmod go-w)")
    return None


@contextlib.contextmanager
def _folder(create: bool) -> Iterator[int | None]:
    """A descriptor of the cache folder if it is safe to use (None: absent or refused, said once)."""
    path = cache_dir()
    if create:
        with contextlib.suppress(OSError):
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        yield None
        return
    try:
        why = unsafe(os.fstat(fd), "le dossier", str(path))
        if why:
            _warn(why)
            yield None
        else:
            yield fd
    finally:
        os.close(fd)


def _open_file(name: str) -> Any:
    """A cache file opened for reading, None if absent or not to be trusted (said once)."""
    with _folder(create=False) as folder:
        if folder is None:
            return None
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
        except OSError:
            return None
        handle = os.fdopen(fd, "rb")
        st = os.fstat(fd)
        path = str(cache_dir() / name)
        why = unsafe(st, "le fichier", path) if stat.S_ISREG(st.st_mode) else f"{path} n'est pas un fichier ordinaire"
        if why:
            handle.close()
            _warn(why)
            return None
        return handle


def _replace(name: str, parts: Iterable[bytes]) -> None:
    """Write `parts` into a new file, then rename it over `name` (in the cache folder only)."""
    with _folder(create=True) as folder:
        if folder is None:
            return
        _sweep(folder)
        tmp, handle = _locked_temporary(name, folder)
        try:
            with handle:
                for part in parts:
                    handle.write(part)
                handle.flush()
                os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise


def _locked_temporary(name: str, folder: int) -> tuple[str, Any]:
    """A new temporary file in the cache folder, locked (held while written: `_sweep` leaves it alone).

    Another process sweeping between its creation and its lock takes it for a
    killed write's and removes it (the cache's background writer and its
    parent did, and the cache was lost): then it is made again.
    """
    while True:
        tmp = f".{name}.{os.urandom(6).hex()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                     dir_fd=folder)
        handle = os.fdopen(fd, "wb")
        fcntl.flock(handle, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:
            return tmp, handle
        handle.close()


def _sweep(folder: int) -> None:
    """Remove the temporary files of cache writes that were killed (once per process).

    A writer holds a lock on its temporary file until it is renamed into
    place: one that can be locked belongs to no living process.
    """
    key = str(cache_dir())
    if key in _swept:
        return
    _swept.add(key)
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        names = [entry.name for entry in entries if entry.name.endswith(".tmp")]
    for name in names:
        with contextlib.suppress(OSError):
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.unlink(name, dir_fd=folder)
            except BlockingIOError:
                pass  # being written
            finally:
                os.close(fd)


def _index(rels: list, stats: list, digests: list, unsettled: list) -> dict[str, tuple[tuple[int, ...] | None, str]]:
    """rel -> (stat key, digest) from the header's columns (a few large lists read faster than
    10 000 small ones: ~10 ms saved at 10 000 files)."""
    if not (len(stats) == 4 * len(rels) == 4 * len(digests)):
        raise ValueError("a damaged index")
    column = iter(stats)
    keys: list[tuple[int, ...] | None] = list(zip(column, column, column, column))
    for i in unsettled:
        keys[i] = None
    return dict(zip(rels, zip(keys, digests)))


class Cache:
    """The cache file of one data folder, and the results kept beside it."""

    def __init__(self, root: Path):
        self.root = root
        self._waiting: Callable[[], None] | None = None

    @property
    def name(self) -> str:
        return hashlib.blake2b(str(self.root).encode(), digest_size=8).hexdigest()

    @property
    def path(self) -> Path:
        return cache_dir() / f"{self.name}.cache"

    def _index(self, header: bytes) -> dict[str, tuple[tuple[int, ...] | None, str]]:
        version, root, rels, stats, digests, unsettled = json.loads(header)
        if version != _version() or root != str(self.root):
            raise ValueError("another version or folder")
        return _index(rels, stats, digests, unsettled)

    def index(self) -> dict[str, tuple[tuple[int, ...] | None, str]] | None:
        """rel -> (stat key, digest), reading the index only (not the records after it)."""
        try:
            handle = _open_file(self.path.name)
            if handle is None:
                return None
            with handle:
                if handle.readline() != _MAGIC:
                    return None
                handle.readline()  # the summary
                return self._index(handle.read(int(handle.readline())))
        except Exception:
            return None

    def summary(self) -> tuple[str, str] | None:
        """(stat digest, fingerprint) of the files the cache was written from, from its first
        lines only; None without a cache, or if a file was too recent to be trusted."""
        try:
            handle = _open_file(self.path.name)
            if handle is None:
                return None
            with handle:
                if handle.readline() != _MAGIC:
                    return None
                version, root, stats, fingerprint = json.loads(handle.readline())
            if version != _version() or root != str(self.root) or stats is None or fingerprint is None:
                return None
            return stats, fingerprint
        except Exception:
            return None

    def read(self) -> tuple[dict[str, Entry], memoryview | None]:
        """Entries whose record is PENDING, and the records' bytes to decode when one is needed."""
        try:
            handle = _open_file(self.path.name)
            if handle is None:
                return {}, None
            with handle:
                data = handle.read()  # at once: 20 MB with 10 000 actions, read in pieces cost twice as much
            if not data.startswith(_MAGIC):
                return {}, None
            size = data.index(b"\n", len(_MAGIC)) + 1  # after the summary
            at = data.index(b"\n", size) + 1
            end = at + int(data[size:at])
            index = self._index(data[at:end])
            return {rel: Entry(stat, digest, PENDING, ()) for rel, (stat, digest) in index.items()}, memoryview(data)[end:]
        except Exception:
            return {}, None

    @staticmethod
    def records(pending: memoryview | None) -> dict[str, tuple[Any, tuple[Problem, ...]]]:
        """The records the cache holds (rel -> record, problems); {} if they cannot be read."""
        if pending is None:
            return {}
        try:
            return _decode_records(pending)
        except Exception:
            return {}  # a damaged cache: the files are parsed

    def write(self, entries: dict[str, Entry], background: bool = False) -> None:
        """Write every entry (none PENDING); `background`: in a forked child, see `wait`.

        Encoding 10 000 records takes about 20 ms, writing them a few more: on
        two cores a child overlaps the check or the export instead of adding
        to it. Only where forking is safe (no thread).
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
        with contextlib.suppress(Exception):  # no cache is no error
            try:
                self._write_without(entries, set())
            except _Unencodable:  # rare: found which, then written again without them
                self._write_without(entries, _unencodable(entries))

    def _write_without(self, entries: dict[str, Entry], left: set[str]) -> None:
        # An entry whose record cannot be kept is left out of the index too: it is parsed again.
        kept = [(rel, entry) for rel, entry in entries.items() if rel not in left]
        stats = [n for _, entry in kept for n in (entry.stat or (0, 0, 0, 0))]
        unsettled = [i for i, (_, entry) in enumerate(kept) if entry.stat is None]
        header = json.dumps([_version(), str(self.root), [rel for rel, _ in kept], stats,
                             [entry.digest for _, entry in kept], unsettled]).encode()
        summary = json.dumps([_version(), str(self.root),
                              stat_digest((rel, entry.stat) for rel, entry in kept),
                              fingerprint((rel, entry.stat, entry.digest) for rel, entry in kept)]).encode()
        _replace(self.path.name, itertools.chain((_MAGIC, summary + b"\n", b"%d\n" % len(header), header),
                                                 _encode_records(kept)))

    def _result_name(self, name: str) -> str:
        return f"{self.name}.{name}.cache"

    def recall(self, name: str, key: str) -> Any:
        """What `remember(name, key, …)` kept, or None when it was kept under another key."""
        try:
            handle = _open_file(self._result_name(name))
            if handle is None:
                return None
            with handle:
                if handle.readline() != _MAGIC:
                    return None
                kept, tag = json.loads(handle.readline())
                return _decode_result(tag, handle.read()) if kept == key else None
        except Exception:
            return None

    def remember(self, name: str, key: str, value: Any) -> None:
        """Keep one result per name (the last one only), for `recall`: bytes or a list of problems."""
        encoded = _encode_result(value)
        if encoded is not None:
            with contextlib.suppress(Exception):
                tag, data = encoded
                _replace(self._result_name(name), (_MAGIC, json.dumps([key, tag]).encode() + b"\n", data))
