"""The data folder <-> records: reading, durable saving, conflicts, trash.

Layout of a data folder:

    referentiel/   objectifs, piliers, financeurs, secteurs, axes-tfpb (.toml)
    programmations/<annee>.toml
    actions/<id>.toml      one file per action
    bailleurs/<id>.toml    one file per bailleur
    .corbeille/            deleted records, never erased by pvtui
    .pvtui.lock            the lock that serialises saves (created once, kept)

A save writes `.<id>.toml.*.tmp` beside the file and renames it over the
file; a save killed at that moment leaves that hidden file behind (never
read), and the next save of the record removes it under the lock.

Reading never raises on a bad file: it becomes a `Problem` (path, line,
column) and every other record still loads. Parsed files are cached per
user (`pvtui.storage.cache`), keyed by mtime, size, inode and ctime (and re-read
while too recent to trust: a change within one clock tick keeps the mtime),
so that a second run reads only what changed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import os
import re
import stat
import time
import tomllib
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from pvtui.storage import cache, parallel
from pvtui.domain import model
from pvtui.storage.atomic import atomic_write, fsync_dir, temp_name
from pvtui.storage.cache import Cache, Entry, code_version
from pvtui.domain.ids import IdError, check_id, slugify, unique_id  # noqa: F401 (re-exported)
from pvtui.domain.dataset import ACTIONS, BAILLEURS, Dataset, Referentiel
from pvtui.domain.model import Issue, Programmation
from pvtui.domain.problem import ERREUR, Problem, locate
from pvtui.storage.tomlio import SaveRefused, render

T = TypeVar("T")

TRASH = ".corbeille"
LOCK = ".pvtui.lock"
REFERENTIELS = ("objectifs", "piliers", "financeurs", "secteurs", "axes-tfpb")
_FOLDERS = ("programmations", "actions", "bailleurs")
_FROM_DICT: dict[str, Callable[[str, dict[str, Any]], tuple[Any, list[Issue]]]] = {
    ACTIONS: model.action_from_dict,
    BAILLEURS: model.bailleur_from_dict,
}
_TO_DICT: dict[str, Callable[[Any], dict[str, Any]]] = {
    ACTIONS: model.action_to_dict,
    BAILLEURS: model.bailleur_to_dict,
}


class StoreError(Exception):
    """A save or delete that did not happen; the message says why, in French."""


class ConflictError(StoreError):
    """The file changed on disk since it was loaded: saving would overwrite it."""

    def __init__(self, path: str):
        super().__init__(
            f"{path} a été modifié par quelqu'un d'autre depuis son ouverture : "
            "rechargez-le (reprendre le leur), gardez votre version, ou enregistrez-la comme copie"
        )
        self.path = path


WATCHED = ("referentiel", "programmations", ACTIONS, BAILLEURS)
"""The folders whose files are records: polled for outside changes."""


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Store:
    """Reads and writes one data folder."""

    def __init__(self, root: str | os.PathLike[str], *, cache: bool = True):
        self.root = Path(root).resolve()
        self._use_cache = cache
        self._entries: dict[str, Entry] = {}
        self._cache_loaded = False
        self._dirty = False
        """Entries changed since the cache was last written (an unchanged cache is not rewritten)."""
        self._temps: dict[str, set[str]] = {}
        """Folder -> hidden `.tmp` files seen when it was last listed (left by killed saves)."""
        self._pending: memoryview | None = None
        """The cache's records, not unpickled until an unchanged file needs one."""
        self._outsider = False
        self._prefetched: dict[str, tuple[int, ...]] = {}
        """Files `_prefetch` just parsed: stat key of the version it read."""
        self.loaded_fingerprint: str | None = None
        """After `load`: what `fingerprint` will return while no file changes (None: unknown)."""
        self._cache = Cache(self.root)
        self.loaded_snapshot: dict[str, tuple[int, int]] = {}
        """After `load`: what `snapshot` returned when each file was read (for the TUI's poll)."""

    # --- reading -------------------------------------------------------------

    def load(self, *, cache_in_background: bool = False) -> Dataset:
        """Read the whole folder; files unchanged since the last read are not parsed again.

        `cache_in_background`: the cache is written by a forked child (see `cached`).
        """
        with _gc_paused():
            return self._load(cache_in_background)

    def _load(self, cache_in_background: bool) -> Dataset:
        if self._use_cache and not self._cache_loaded:
            self._entries.update(self._read_cache())
            self._cache_loaded = True
        problems: list[Problem] = []
        seen: set[str] = set()
        self._outsider = False
        # What `snapshot()` would say, from the stats the reads take anyway (40 ms saved at 10 000 files).
        self.loaded_snapshot = self.snapshot(("referentiel",))
        referentiel = self._load_referentiel(problems, seen)
        programmations: dict[int, Programmation] = {}
        sources: dict[int, str] = {}
        for rel, data in self._read_folder("programmations", problems, seen, self._parse_plain):
            prog, issues = model.programmation_from_dict(data)
            self._report(rel, issues, problems)
            if prog.annee in sources:  # file names sort: the first one is kept, and said
                self._report(rel, [Issue(("annee",), f"programmation {prog.annee} déjà lue dans "
                                                     f"{sources[prog.annee]} : ce fichier est ignoré")], problems)
                continue
            programmations[prog.annee] = prog
            sources[prog.annee] = rel
        self._prefetch(ACTIONS)
        actions = [rec for _, rec in self._read_folder(ACTIONS, problems, seen, self._parse_record(ACTIONS))]
        self._prefetch(BAILLEURS)
        bailleurs = [rec for _, rec in self._read_folder(BAILLEURS, problems, seen, self._parse_record(BAILLEURS))]
        self._prefetched = {}
        for gone in set(self._entries) - seen:
            del self._entries[gone]
            self._dirty = True
        self._drop_pending_if_unused()
        if self._use_cache and self._dirty:
            self._write_cache(cache_in_background)
            self._dirty = False
        self.loaded_fingerprint = None if self._outsider else cache.fingerprint(
            (rel, entry.stat, entry.digest) for rel, entry in self._entries.items())
        return Dataset(
            root=self.root,
            referentiel=referentiel,
            programmations=programmations,
            programmation_files=sources,
            actions=tuple(actions),
            bailleurs=tuple(bailleurs),
            problems=tuple(problems),
        )

    def snapshot(self, folders: tuple[str, ...] = WATCHED) -> dict[str, tuple[int, int]]:
        """(mtime_ns, size) of every record file: cheap to poll for outside changes."""
        stats = {}
        for folder in folders:
            for rel, path in self._files(folder):
                with contextlib.suppress(OSError):
                    st = os.stat(path)
                    stats[rel] = (st.st_mtime_ns, st.st_size)
        return stats

    def digest(self, kind: str, id: str) -> str | None:
        entry = self._entries.get(f"{kind}/{id}.toml")
        return entry.digest if entry else None

    def read(self, kind: str, id: str) -> Any:
        """The record as it is on disk now (to show 'theirs' in a conflict)."""
        rel = f"{kind}/{id}.toml"
        problems: list[Problem] = []
        record = self._read_file(rel, self.root / rel, problems, self._parse_record(kind))
        if record is None:
            raise StoreError(problems[0].message if problems else f"{rel} est illisible")
        return record

    def _files(self, folder: str) -> Iterator[tuple[str, str]]:
        # Plain strings, not Paths: with 10 000 files the Path objects alone cost 50 ms.
        base = os.path.join(self.root, folder)
        names, temps = [], set()
        try:
            with os.scandir(base) as entries:
                for entry in entries:
                    if entry.name.endswith(".toml"):
                        names.append(entry.name)
                    elif entry.name.startswith(".") and entry.name.endswith(".tmp"):
                        temps.add(entry.name)
        except OSError:
            return
        # A save clears these without listing the folder again (10 ms with 10 000 files).
        self._temps[folder] = temps
        names.sort()
        for name in names:
            yield f"{folder}/{name}", os.path.join(base, name)

    def _read_folder(self, folder, problems, seen, parse) -> Iterator[tuple[str, Any]]:
        linked = os.path.islink(os.path.join(self.root, folder))
        noted = self.loaded_snapshot
        for rel, path in self._files(folder):
            seen.add(rel)
            record = self._read_file(rel, path, problems, parse, linked, noted)
            if record is not None:
                yield rel, record

    def _read_file(self, rel: str, path: str | Path, problems: list[Problem], parse,
                   folder_linked: bool | None = None, noted: dict | None = None) -> Any:
        try:
            # One lstat per file: for a regular file it is the stat itself.
            st = os.lstat(path)
            if folder_linked is None:
                folder_linked = os.path.islink(os.path.dirname(path))
            if noted is not None:
                with contextlib.suppress(OSError):  # as snapshot() sees it: through a link
                    followed = os.stat(path) if stat.S_ISLNK(st.st_mode) else st
                    noted[rel] = (followed.st_mtime_ns, followed.st_size)
            if stat.S_ISLNK(st.st_mode) or folder_linked:
                # The file or its folder (actions/ itself may be a link) must stay inside.
                if not Path(path).resolve().is_relative_to(self.root):
                    problems.append(Problem(rel, 1, ERREUR, "lien symbolique vers l'extérieur du dossier de données : ignoré"))
                    self._outsider = True
                    return None
                st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read forever
                problems.append(Problem(rel, 1, ERREUR, "pas un fichier ordinaire : ignoré"))
                self._outsider = True
                return None
            key = cache.stat_key(st)
            entry = self._entries.get(rel)
            if entry is not None and entry.stat != key and self._prefetched.pop(rel, None) == key:
                pass  # `_prefetch` parsed this very version a moment ago
            elif entry is None or entry.stat != key:
                raw = Path(path).read_bytes()
                digest = _digest(raw)
                if entry is None or entry.digest != digest:
                    entry = Entry(key, digest, *parse(rel, raw))
                    self._dirty = True
                settled = key if cache.settled(st) else None
                if entry.stat != settled:
                    entry.stat = settled
                    self._dirty = True
                self._entries[rel] = entry
            if entry.record is cache.PENDING:
                self._unpickle_records()
                if entry.record is cache.PENDING:  # the cached records were unreadable: parse the file
                    raw = Path(path).read_bytes()
                    entry = Entry(key if cache.settled(st) else None, _digest(raw), *parse(rel, raw))
                    self._entries[rel] = entry
                    self._dirty = True
        except OSError as error:
            problems.append(Problem(rel, 1, ERREUR, f"fichier illisible ({error.strerror or error})"))
            self._outsider = True
            return None
        problems.extend(entry.problems)
        return entry.record

    def _decode(self, rel: str, raw: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            return None, [Problem(rel, line, ERREUR, "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8")]
        if text.startswith("\ufeff"):  # invisible in an editor, fatal to TOML: say it
            return None, [Problem(rel, 1, ERREUR, "le fichier commence par une marque d'ordre des octets (BOM) : "
                                  "enregistrez-le en UTF-8 sans BOM")]
        try:
            return tomllib.loads(text), []
        except tomllib.TOMLDecodeError as error:
            message = str(error).split(" (at ")[0]
            line, col = getattr(error, "lineno", 1), getattr(error, "colno", 0)
            if not hasattr(error, "lineno"):
                found = re.search(r"line (\d+), column (\d+)", str(error))
                line, col = (int(found[1]), int(found[2])) if found else (1, 0)
            return None, [Problem(rel, line, ERREUR, f"TOML invalide : {message}", col)]
        except (RecursionError, ValueError, OverflowError) as error:
            return None, [Problem(rel, 1, ERREUR, f"TOML illisible : {error}")]

    def _prefetch(self, folder: str) -> None:
        """Parse in forked worker processes the files of `folder` that changed, when they are many.

        A cold start is mostly tomllib: with 10 000 actions on two cores this
        halves it. Only in a process without threads (fork is safe there: the
        command line, not the TUI), and from 500 files to parse. The walk
        that follows finds the new entries and reads nothing twice; anything
        unusual (a link, a failed worker) is left to it.
        """
        self._prefetched = {}
        workers = parallel.workers()
        if workers < 2 or os.path.islink(os.path.join(self.root, folder)):
            return
        todo = []
        for rel, path in self._files(folder):
            try:
                st = os.lstat(path)
            except OSError:
                continue
            entry = self._entries.get(rel)
            if stat.S_ISREG(st.st_mode) and (entry is None or entry.stat != cache.stat_key(st)):
                todo.append((rel, path))
        if len(todo) < _PARALLEL_FROM:
            return
        jobs = [(str(self.root), folder, files) for files in parallel.chunks(todo, workers * 4)]
        try:
            for parsed in parallel.fork_map(_parse_files, jobs, workers):
                for rel, key, settled, digest, record, problems in parsed:
                    entry = self._entries.get(rel)
                    if entry is None or entry.digest != digest or entry.record is cache.PENDING:
                        entry = self._entries[rel] = Entry(settled, digest, record, problems)
                        self._dirty = True
                    elif entry.stat != settled:
                        entry.stat = settled
                        self._dirty = True
                    if entry.stat != key:
                        self._prefetched[rel] = key
        except Exception:
            self._prefetched = {}  # what was not parsed, the walk parses
        self._drop_pending_if_unused()

    def _parse_plain(self, rel: str, raw: bytes) -> tuple[Any, tuple[Problem, ...]]:
        data, problems = self._decode(rel, raw)
        return data, tuple(problems)

    def _parse_record(self, kind: str):
        def parse(rel: str, raw: bytes) -> tuple[Any, tuple[Problem, ...]]:
            data, problems = self._decode(rel, raw)
            if data is None:
                return None, tuple(problems)
            record, issues = _FROM_DICT[kind](Path(rel).stem, data)
            return record, tuple(_problems(rel, raw, issues))

        return parse

    def _load_referentiel(self, problems: list[Problem], seen: set[str]) -> Referentiel:
        parts: dict[str, Any] = {}
        for name in REFERENTIELS:
            rel = f"referentiel/{name}.toml"
            seen.add(rel)
            path = self.root / rel
            data = self._read_file(rel, path, problems, self._parse_plain) if path.exists() else None
            reader = model.objectifs_from_dict if name == "objectifs" else model.libelles_from_dict
            parts[name], issues = reader(data or {})
            if data is not None:
                self._report(rel, issues, problems)
        return Referentiel(
            objectifs=parts["objectifs"], piliers=parts["piliers"], financeurs=parts["financeurs"],
            secteurs=parts["secteurs"], axes=parts["axes-tfpb"],
        )

    def _report(self, rel: str, issues: list[Issue], problems: list[Problem]) -> None:
        if issues:
            problems.extend(_problems(rel, (self.root / rel).read_bytes(), issues))

    # --- cache -----------------------------------------------------------------

    def _read_cache(self) -> dict[str, Entry]:
        """The cache's index; its records are unpickled only if an unchanged file needs one."""
        entries, self._pending = self._cache.read()
        return entries

    def fingerprint(self) -> str | None:
        """A digest of every file's content if none changed since the cache was written, else None.

        Cheap: the cache's index and one lstat per file, no file read. Equal
        to `loaded_fingerprint` of the load that wrote the cache, so that a
        result computed from the files only (`pvtui check`) can be reused.
        Anything unusual (a link, a file too recent to trust) gives None.
        """
        index = self._cache.index()
        if index is None:
            return None
        if any(os.path.islink(os.path.join(self.root, folder)) for folder in ("referentiel", *_FOLDERS)):
            return None
        referentiel = ((f"referentiel/{name}.toml", os.path.join(self.root, "referentiel", f"{name}.toml"))
                       for name in REFERENTIELS)
        files = itertools.chain(((rel, path) for rel, path in referentiel if os.path.lexists(path)),
                                *(self._files(folder) for folder in _FOLDERS))
        found = []
        for rel, path in files:  # stops at the first change: cheap when everything changed
            cached = index.get(rel)
            try:
                st = os.lstat(path)
            except OSError:
                return None
            if cached is None or not stat.S_ISREG(st.st_mode) or cached[0] != cache.stat_key(st):
                return None
            found.append((rel, cached[0], cached[1]))
        return cache.fingerprint(found) if len(found) == len(index) else None

    def cached(self, name: str, args: str, compute: Callable[[Dataset], T]) -> T:
        """`compute(self.load())`, or its last result while no file (and no line of pvtui) changed.

        With nothing changed it reads neither a file nor a record: the cache's
        index and one stat per file (what `pvtui check` and `pvtui export` run).
        """
        key = self.fingerprint()
        if key is not None and (found := self._cache.recall(name, f"{key} {args} {code_version()}")) is not None:
            return found
        try:
            # The cache is written by a child while `compute` runs (125 ms at 10 000 actions).
            value = compute(self.load(cache_in_background=True))
            if self.loaded_fingerprint is not None:
                self._cache.remember(name, f"{self.loaded_fingerprint} {args} {code_version()}", value)
        finally:
            self._cache.wait()
        return value

    def _drop_pending_if_unused(self) -> None:
        """Let go of the cache's records (the size of the folder) once no entry needs them."""
        if self._pending is not None and not any(e.record is cache.PENDING for e in self._entries.values()):
            self._pending = None

    def _unpickle_records(self) -> None:
        pending, self._pending = self._pending, None
        records = Cache.records(pending)
        for rel, entry in list(self._entries.items()):
            if entry.record is cache.PENDING:
                if rel in records:
                    entry.record, entry.problems = records[rel]
                else:  # a damaged cache: forget the entry, the file will be parsed
                    del self._entries[rel]
                    self._dirty = True

    def _write_cache(self, background: bool) -> None:
        if any(entry.record is cache.PENDING for entry in self._entries.values()):
            self._unpickle_records()
        self._cache.write(self._entries, background=background)

    # --- writing ---------------------------------------------------------------

    def path_of(self, kind: str, id: str) -> Path:
        """The file of a record; an id can never point outside the folder."""
        if kind not in _TO_DICT:
            raise StoreError(f"type d'enregistrement inconnu : {kind}")
        try:
            check_id(id)
        except IdError as error:
            raise StoreError(str(error)) from None
        path = self.root / kind / f"{id}.toml"
        if path.is_symlink() or not path.resolve().is_relative_to(self.root / kind):
            raise StoreError(f"{kind}/{id}.toml pointe hors du dossier de données : refusé")
        return path

    def new_id(self, kind: str, title: str) -> str:
        taken = {Path(rel).stem for rel in self._entries if rel.startswith(kind + "/")}
        taken |= {Path(p).stem for _, p in self._files(kind)}
        return unique_id(title, taken)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise check-then-replace between pvtui processes sharing the folder."""
        import fcntl

        # Read-only is enough for flock, and works when a colleague created the
        # lock file; O_NOFOLLOW: a planted symlink must not create a file elsewhere.
        try:
            fd = os.open(self.root / LOCK, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        except OSError as error:
            raise StoreError(f"verrou {LOCK} inutilisable ({error.strerror or error}) : rien n'a été écrit") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def save(self, kind: str, record: Any, old: Any = None) -> None:
        """Write `record`; `old` is the version it was edited from (None: a new file).

        Refuses with ConflictError when the file is no longer what was
        loaded, and with StoreError when the save would lose hand-written text.
        """
        path = self.path_of(kind, record.id)
        rel = f"{kind}/{record.id}.toml"
        to_dict = _TO_DICT[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            current = path.read_bytes() if path.exists() else None
            expected = self._entries[rel].digest if rel in self._entries and old is not None else None
            if (current is None) != (expected is None) or (current is not None and _digest(current) != expected):
                raise ConflictError(rel)
            try:
                text = render(current.decode("utf-8") if current else None,
                              to_dict(old) if old is not None else None, to_dict(record))
            except SaveRefused as error:
                raise StoreError(f"{rel} : {error}") from None
            data = text.encode("utf-8")
            self._clear_stale_temps(kind, path)
            if data != current:
                try:
                    atomic_write(path, data, locked=True)
                except BaseException:
                    # The new file may be in place already (the folder fsync
                    # failed): remember it, so that a retry is no conflict with oneself.
                    with contextlib.suppress(OSError):
                        if path.read_bytes() == data:
                            self._remember(rel, path, data, record)
                    raise
        self._remember(rel, path, data, record)

    def _clear_stale_temps(self, kind: str, path: Path) -> None:
        """Remove the temporary files of `path` left by a save that was killed.

        Every writer holds the lock while its temporary file exists, so under
        the lock any `.<name>.*.tmp` is garbage from a dead process. Saves
        use one fixed name; other names are those seen when the folder was
        last listed (by `load` or `snapshot`), as listing it again at each
        save would cost more than the save itself with 10 000 files.
        """
        prefix = f".{path.name}."
        names = {temp_name(path.name)}
        names |= {n for n in self._temps.get(kind, ()) if n.startswith(prefix) and n[len(prefix):].endswith(".tmp")}
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)

    def _remember(self, rel: str, path: Path, data: bytes, record: Any) -> None:
        st = path.stat()
        self._entries[rel] = Entry(cache.stat_key(st) if cache.settled(st) else None, _digest(data), record, ())
        self._dirty = True

    def keep_copy(self, kind: str, record: Any, label: str, *, from_disk: bool | None = None) -> str:
        """Put a version that is not kept in the trash folder, so a conflict loses nothing.

        `from_disk` (by default for "leur"): the file's bytes as they are,
        comments included, rather than `record` rendered. Returns the
        copy's path relative to the data folder.
        """
        path = self.path_of(kind, record.id)
        if (label == "leur" if from_disk is None else from_disk) and path.exists():
            data = path.read_bytes()
        else:
            data = render(None, None, _TO_DICT[kind](record)).encode("utf-8")
        target = self._trash_target(kind, f"{record.id}.{label}")
        atomic_write(target, data)
        return str(target.relative_to(self.root))

    def _trash_target(self, kind: str, stem: str) -> Path:
        """A new, unused file name in the trash folder, stamped with the time."""
        trash = self.root / TRASH / kind
        if (self.root / TRASH).is_symlink() or trash.is_symlink():
            raise StoreError(f"{TRASH}/{kind} est un lien symbolique : refusé (rien n'a été déplacé)")
        trash.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target, n = trash / f"{stem}.{stamp}.toml", 1
        while target.exists():
            n += 1
            target = trash / f"{stem}.{stamp}-{n}.toml"
        return target

    def delete(self, kind: str, record: Any) -> Path:
        """Move a record's file into the trash folder; returns where it went."""
        path = self.path_of(kind, record.id)
        rel = f"{kind}/{record.id}.toml"
        with self._locked():
            if not path.exists():
                raise StoreError(f"{rel} n'existe plus : rien à supprimer")
            entry = self._entries.get(rel)
            if entry is None or _digest(path.read_bytes()) != entry.digest:
                raise ConflictError(rel)
            target = self._trash_target(kind, record.id)
            os.replace(path, target)
            fsync_dir(path.parent)
            fsync_dir(target.parent)
        del self._entries[rel]
        self._dirty = True
        return target


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic GC while loading: 10 000 records are ~1 million objects kept
    alive, and each collection would walk them again for nothing (about a
    third of a cold load, and half of reading the cache).

    Afterwards what was loaded joins the oldest generation (freeze then
    unfreeze moves every tracked object there): left young, it would be
    walked by the next three collections (~100 ms each with 10 000 records,
    on whichever thread allocates next, the TUI's included)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


_PARALLEL_FROM = 500
"""Files to parse from which `_prefetch` starts worker processes (below, they cost more than they save)."""


def _parse_files(job: tuple[str, str, list[tuple[str, str]]]) -> list[tuple]:
    """In a worker: read and parse files as `Store._read_file` would, for `_prefetch`."""
    root, folder, files = job
    parse = Store(root, cache=False)._parse_record(folder)
    out = []
    for rel, path in files:
        try:
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode):
                continue
            raw = Path(path).read_bytes()
        except OSError:
            continue
        key = cache.stat_key(st)
        out.append((rel, key, key if cache.settled(st) else None, _digest(raw), *parse(rel, raw)))
    return out


def _problems(rel: str, raw: bytes, issues: list[Issue]) -> Iterator[Problem]:
    text = raw.decode("utf-8", "replace")
    for issue in issues:
        yield Problem(rel, locate(text, issue.key), ERREUR, issue.message)
