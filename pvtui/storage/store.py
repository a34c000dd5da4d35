"""Reading a data folder into a snapshot, and the per-user cache of what was read.

Reading never raises on a bad file: it becomes a `Problem` (path, line,
column) and every other record still loads. Parsed files are cached per
user (`pvtui.storage.cache`), keyed by mtime, size, inode and ctime (and
re-read while too recent to trust: a change within one clock tick keeps the
mtime), so that a second run reads only what changed. Nothing here writes
a record: every change goes through `pvtui.workspace` (and its writer,
`pvtui.storage.writer`), which tells the store what it wrote (`remember`,
`forget`) so that the next load need not read it again.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import stat
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from pvtui.domain.fmt import reason
from pvtui.domain import model
from pvtui.domain.dataset import Dataset, Referentiel
from pvtui.domain.ids import unique_id
from pvtui.domain.kinds import ACTIONS, BAILLEURS, PORTEURS, PROGRAMMATIONS
from pvtui.domain.model import Issue, Programmation
from pvtui.domain.problem import AVERTISSEMENT, ERREUR, Problem
from pvtui.storage import cache, parallel
from pvtui.storage.cache import Cache, Entry, code_version
from pvtui.storage.decode import located, parse_plain, parse_record
from pvtui.storage.layout import (FOLDERS, LOCK, REFERENTIELS, TRASH, WATCHED,  # noqa: F401 (re-exported)
                                  StoreError, digest, path_of, rel_of, resolved)
from pvtui.storage.writer import Writer

T = TypeVar("T")


class Store:
    """Reads and writes one data folder."""

    def __init__(self, root: str | os.PathLike[str], *, cache: bool = True):
        self.root = Path(root).resolve()
        self._use_cache = cache
        self._entries: dict[str, Entry] = {}
        self._cache_loaded = False
        self._dirty = False
        """Entries changed since the cache was last written (an unchanged cache is not rewritten)."""
        self.writer = Writer(self.root)
        self._pending: memoryview | None = None
        """The cache's records, not decoded until an unchanged file needs one."""
        self._outsider = False
        self._prefetched: dict[str, tuple[int, ...]] = {}
        """Files `_prefetch` just parsed: stat key of the version it read."""
        self.loaded_fingerprint: str | None = None
        """After `load`: what `fingerprint` will return while no file changes (None: unknown)."""
        self._cache = Cache(self.root)
        self.loaded_snapshot: dict[str, tuple[int, ...]] = {}
        """After `load`: what `snapshot` returned when each file was read (for the TUI's poll)."""
        self._unreadable: dict[str, OSError] = {}
        """Folders whose listing failed when last listed (permissions, a symlink loop)."""
        self._team: tuple[int, str] | None = None
        """(gid, name) of the group the folder is shared with, if it is (see `team_of`)."""
        self._read: tuple[str | None, Dataset | None] | None = None
        """What `cached` read: the fingerprint, and the snapshot once loaded."""

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
        self._team = team_of(self.root)
        # What `snapshot()` would say, from the stats the reads take anyway (40 ms saved at 10 000 files).
        self.loaded_snapshot = self.snapshot(("referentiel",))
        referentiel = self._load_referentiel(problems, seen)
        programmations: dict[int, Programmation] = {}
        sources: dict[int, str] = {}
        for rel, prog in self._read_folder(PROGRAMMATIONS, problems, seen, parse_record):
            if prog.annee in sources:  # file names sort: the first one is kept, and said
                self._report(rel, [Issue(("annee",), f"programmation {prog.annee} déjà lue dans "
                                                     f"{sources[prog.annee]} : ce fichier est ignoré")], problems)
                continue
            programmations[prog.annee] = prog
            sources[prog.annee] = rel
        porteurs = [rec for _, rec in self._read_folder(PORTEURS, problems, seen, parse_record)]
        self._prefetch(ACTIONS)
        actions = [rec for _, rec in self._read_folder(ACTIONS, problems, seen, parse_record)]
        self._prefetch(BAILLEURS)
        bailleurs = [rec for _, rec in self._read_folder(BAILLEURS, problems, seen, parse_record)]
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
            porteurs=tuple(porteurs),
            problems=tuple(problems),
            versions={rel: entry.digest for rel, entry in self._entries.items()},
        )

    def snapshot(self, folders: tuple[str, ...] = WATCHED) -> dict[str, tuple[int, ...]]:
        """The stat key of every record file: cheap to poll for outside changes.

        mtime, size, inode and ctime: a same-size rewrite within one clock
        tick, or one whose mtime was put back (`rsync -t`, `cp -p`), still
        changes the inode or the ctime.
        """
        stats = {}
        for folder in folders:
            for rel, path in self._files(folder):
                with contextlib.suppress(OSError):
                    stats[rel] = cache.stat_key(os.stat(path))
        return stats

    def digest(self, kind: str, id: str) -> str | None:
        entry = self._entries.get(rel_of(kind, id))
        return entry.digest if entry else None

    def read(self, kind: str, id: str) -> Any:
        """The record as it is on disk now (to show 'theirs' in a conflict)."""
        rel = rel_of(kind, id)
        problems: list[Problem] = []
        record = self._read_file(rel, self.root / rel, problems, parse_record)
        if record is None:
            raise StoreError(problems[0].message if problems else f"{rel} est illisible")
        return record

    def _files(self, folder: str) -> Iterator[tuple[str, str]]:
        # Plain strings, not Paths: with 10 000 files the Path objects alone cost 50 ms.
        for entry in self._listing(folder):
            yield f"{folder}/{entry.name}", entry.path

    def _listing(self, folder: str, by_name: bool = True) -> list[os.DirEntry]:
        """The `.toml` entries of a folder, by name (or as listed); [] if absent or unreadable (noted)."""
        base = os.path.join(self.root, folder)
        found, temps = [], set()
        try:
            with os.scandir(base) as entries:
                for entry in entries:
                    if entry.name.endswith(".toml"):
                        found.append(entry)
                    elif entry.name.startswith(".") and entry.name.endswith(".tmp"):
                        temps.add(entry.name)
        except FileNotFoundError:
            self._unreadable.pop(folder, None)
            return []  # a folder not made yet holds no record
        except OSError as error:
            self._unreadable[folder] = error
            return []
        self._unreadable.pop(folder, None)
        # A save clears these without listing the folder again (10 ms with 10 000 files).
        self.writer.temps[folder] = temps
        if by_name:
            found.sort(key=_name)
        return found

    def _read_folder(self, folder, problems, seen, parse) -> Iterator[tuple[str, Any]]:
        linked = os.path.islink(os.path.join(self.root, folder))
        noted = self.loaded_snapshot
        for rel, path in self._files(folder):
            seen.add(rel)
            record = self._read_file(rel, path, problems, parse, linked, noted)
            if record is not None:
                yield rel, record
        if folder in self._unreadable:  # not "0 actions": say that none could be read
            error = self._unreadable[folder]
            problems.append(Problem(f"{folder}/", 0, ERREUR, f"dossier illisible ({reason(error)}) : "
                                                              "aucun de ses fichiers n'a été lu"))
            self._outsider = True

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
                    noted[rel] = cache.stat_key(followed)
            if stat.S_ISLNK(st.st_mode) or folder_linked:
                # The file or its folder (actions/ itself may be a link) must stay inside.
                target = resolved(path)
                if target is None:
                    problems.append(Problem(rel, 1, ERREUR, "boucle de liens symboliques (le lien mène à lui-même) : ignoré"))
                    self._outsider = True
                    return None
                if not target.is_relative_to(self.root):
                    problems.append(Problem(rel, 1, ERREUR, "lien symbolique vers l'extérieur du dossier de données : ignoré"))
                    self._outsider = True
                    return None
                st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read forever
                problems.append(Problem(rel, 1, ERREUR, "pas un fichier ordinaire : ignoré"))
                self._outsider = True
                return None
            if self._team is not None:
                _check_team(rel, st, self._team, problems)
            key = cache.stat_key(st)
            entry = self._entries.get(rel)
            if entry is not None and entry.stat != key and self._prefetched.pop(rel, None) == key:
                pass  # `_prefetch` parsed this very version a moment ago
            elif entry is None or entry.stat != key:
                raw = read_regular(path)
                version = digest(raw)
                if entry is None or entry.digest != version:
                    entry = Entry(key, version, *parse(rel, raw))
                    self._dirty = True
                settled = key if cache.settled(st) else None
                if entry.stat != settled:
                    entry.stat = settled
                    self._dirty = True
                self._entries[rel] = entry
            if entry.record is cache.PENDING:
                self._decode_records()
                if entry.record is cache.PENDING:  # the cached records were unreadable: parse the file
                    raw = read_regular(path)
                    entry = Entry(key if cache.settled(st) else None, digest(raw), *parse(rel, raw))
                    self._entries[rel] = entry
                    self._dirty = True
        except OSError as error:
            problems.append(Problem(rel, 1, ERREUR, f"fichier illisible ({reason(error)})"))
            self._outsider = True
            return None
        problems.extend(entry.problems)
        return entry.record

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

    def _load_referentiel(self, problems: list[Problem], seen: set[str]) -> Referentiel:
        parts: dict[str, Any] = {}
        for name in REFERENTIELS:
            rel = f"referentiel/{name}.toml"
            seen.add(rel)
            path = self.root / rel
            data = self._read_file(rel, path, problems, parse_plain) if _present(path) else None
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
            problems.extend(located(rel, read_regular(self.root / rel), issues))

    # --- cache -----------------------------------------------------------------

    def _read_cache(self) -> dict[str, Entry]:
        """The cache's index; its records are decoded only if an unchanged file needs one."""
        entries, self._pending = self._cache.read()
        return entries

    def fingerprint(self) -> str | None:
        """A digest of every file's content if none changed since the cache was written, else None.

        Cheap: the cache's summary line and one lstat per file, no file read. Equal
        to `loaded_fingerprint` of the load that wrote the cache, so that a
        result computed from the files only (`pvtui check`) can be reused.
        Anything unusual (a link, a file too recent to trust) gives None.
        """
        summary = self._cache.summary()
        if summary is None:
            return None
        if any(os.path.islink(os.path.join(self.root, folder)) for folder in ("referentiel", *FOLDERS)):
            return None
        lines = []
        for name in REFERENTIELS:
            try:
                st = os.lstat(os.path.join(self.root, "referentiel", f"{name}.toml"))
            except FileNotFoundError:
                continue
            except OSError:
                return None
            if not stat.S_ISREG(st.st_mode):
                return None
            lines.append(cache.stat_line(f"referentiel/{name}.toml", cache.stat_key(st)))
        jobs = []
        for folder in FOLDERS:
            try:
                names = sorted(n for n in os.listdir(os.path.join(self.root, folder)) if n.endswith(".toml"))
            except FileNotFoundError:
                continue  # a folder not made yet holds no record
            except OSError:
                return None
            jobs.extend((str(self.root), folder, part) for part in parallel.chunks(names, 2))
        parts = _stat_jobs(jobs, sum(len(names) for _, _, names in jobs))
        if parts is None or None in parts:
            return None
        stats, fingerprint = summary
        # Same files with the same stats as when the cache was written: its fingerprint holds.
        return fingerprint if cache.stat_digest_of([*lines, *parts]) == stats else None

    def cached(self, name: str, args: str, compute: Callable[[Dataset], T]) -> T:
        """`compute(self.load())`, or its last result while no file (and no line of pvtui) changed.

        With nothing changed it reads neither a file nor a record: the cache's
        summary and one stat per file (what `pvtui check` and `pvtui export` run).
        """
        # One read per store: a command asking two results (an export, then what it left
        # out) stats the folder once and loads it at most once (twice doubled a warm export).
        if self._read is None:
            self._read = (self.fingerprint(), None)
        key, data = self._read
        # Whether the folder is shared decides warnings of `_check_team`: a chmod of the folder counts too.
        args = f"{args} {team_of(self.root)}"
        if key is not None and (found := self._cache.recall(name, f"{key} {args} {code_version()}")) is not None:
            return found
        try:
            if data is None:
                # The cache is written by a child while `compute` runs (125 ms at 10 000 actions).
                data = self.load(cache_in_background=True)
                self._read = (self.loaded_fingerprint, data)
            value = compute(data)
            if self.loaded_fingerprint is not None:
                self._cache.remember(name, f"{self.loaded_fingerprint} {args} {code_version()}", value)
        finally:
            self._cache.wait()
        return value

    def left_out(self, data: Dataset) -> list[Problem]:
        """The errors of `data`'s load that left a whole file out (invalid TOML, unreadable, a bad link)."""
        def held(rel: str) -> bool:
            entry = self._entries.get(rel)
            return entry is not None and entry.record is not None
        return [p for p in data.problems if p.niveau == ERREUR and not held(p.path)]

    def _drop_pending_if_unused(self) -> None:
        """Let go of the cache's records (the size of the folder) once no entry needs them."""
        if self._pending is not None and not any(e.record is cache.PENDING for e in self._entries.values()):
            self._pending = None

    def _decode_records(self) -> None:
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
            self._decode_records()
        self._cache.write(self._entries, background=background)

    # --- after a write ---------------------------------------------------------

    def remember(self, rel: str, data: bytes, record: Any) -> None:
        """The file now holds `data` (written by this process): no need to read it again."""
        st = (self.root / rel).stat()
        self._entries[rel] = Entry(cache.stat_key(st) if cache.settled(st) else None, digest(data), record, ())
        self._dirty = True

    def forget(self, rel: str) -> None:
        """The file is gone (moved to the trash by this process)."""
        if self._entries.pop(rel, None) is not None:
            self._dirty = True

    def path_of(self, kind: str, id: str) -> Path:
        return path_of(self.root, kind, id)

    def new_id(self, kind: str, title: str) -> str:
        taken = {Path(rel).stem for rel in self._entries if rel.startswith(kind + "/")}
        taken |= {Path(p).stem for _, p in self._files(kind)}
        return unique_id(title, taken)


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


def _name(entry: os.DirEntry) -> str:
    return entry.name


_PARALLEL_FROM = 500

_PARALLEL_STATS_FROM = 5_000
"""From how many files `fingerprint` takes its stats in two processes (a fork costs a few ms)."""


def _stat_jobs(jobs: list[tuple[str, str, list[str]]], files: int) -> list[str | None] | None:
    """`_stat_lines` of each job, in order: in forked workers when the files are many."""
    if files >= _PARALLEL_STATS_FROM and parallel.workers() >= 2:
        with contextlib.suppress(parallel.WorkerLost):
            return list(parallel.fork_map(_stat_lines, jobs, 2))
    return [_stat_lines(job) for job in jobs]


def _stat_lines(job: tuple[str, str, list[str]]) -> str | None:
    """The `cache.stat_line` of each file named, joined; None if one is not a regular file or fails.

    Through the folder's descriptor: each stat looks up one name, not the whole path.
    """
    root, folder, names = job
    try:
        fd = os.open(os.path.join(root, folder), os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        lines = []
        for name in names:
            st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                return None
            lines.append(cache.stat_line(f"{folder}/{name}", cache.stat_key(st)))
        return "".join(lines)
    except OSError:
        return None
    finally:
        os.close(fd)
"""Files to parse from which `_prefetch` starts worker processes (below, they cost more than they save)."""


def _parse_files(job: tuple[str, str, list[tuple[str, str]]]) -> list[tuple]:
    """In a worker: read and parse files as `Store._read_file` would, for `_prefetch`."""
    root, folder, files = job
    parse = parse_record
    out = []
    for rel, path in files:
        try:
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode):
                continue
            raw = read_regular(path)
        except OSError:
            continue
        key = cache.stat_key(st)
        out.append((rel, key, key if cache.settled(st) else None, digest(raw), *parse(rel, raw)))
    return out


def _present(path: Path) -> bool:
    """Whether a file is there, readable or not (an unreadable referentiel/ is an error, not an absence)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True  # `_read_file` says why it cannot be read
    return True


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes; OSError if it is not a regular file, never blocking (a FIFO swapped in
    after the look at it would block a plain read for ever)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "pas un fichier ordinaire")
        return handle.read()


def team_of(root: Path) -> tuple[int, str] | None:
    """(gid, name) of the group a data folder is shared with: the folder lets its group in
    (r-x) and is set-group-ID or belongs to a group other than its owner's own; else None."""
    try:
        st = os.stat(root)
    except OSError:
        return None
    if st.st_mode & 0o050 != 0o050:
        return None
    import grp
    import pwd

    if not st.st_mode & stat.S_ISGID:
        with contextlib.suppress(KeyError):
            if pwd.getpwuid(st.st_uid).pw_gid == st.st_gid:
                return None  # the owner's own group (one user's folder)
    try:
        return st.st_gid, grp.getgrgid(st.st_gid).gr_name
    except KeyError:
        return st.st_gid, str(st.st_gid)


def _check_team(rel: str, st: os.stat_result, team: tuple[int, str], problems: list[Problem]) -> None:
    """A warning when the colleagues of the folder's group cannot read this file."""
    gid, name = team
    if st.st_mode & stat.S_IROTH or (st.st_gid == gid and st.st_mode & stat.S_IRGRP):
        return
    import grp

    try:
        group = grp.getgrgid(st.st_gid).gr_name
    except KeyError:
        group = str(st.st_gid)
    problems.append(Problem(rel, 1, AVERTISSEMENT,
                            f"vos collègues du groupe « {name} » ne peuvent pas lire ce fichier (droits "
                            f"{stat.S_IMODE(st.st_mode):o}, groupe « {group} ») : faites chgrp {name} et "
                            "chmod g+r sur ce fichier"))
