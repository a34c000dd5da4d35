"""What the command line runs on a whole folder: the check and the exports, reused while no file changed."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pvtui.domain.check import check
from pvtui.domain.problem import ERREUR, Problem
from pvtui.storage.store import Store

if TYPE_CHECKING:
    from pvtui.export import Filtres


def check_folder(root: Store | str | os.PathLike[str]) -> list[Problem]:
    """`check(Store(root).load())`, the last result reused while no file changed.

    What `pvtui check` runs: with nothing changed since the last run it
    reads neither a file nor a record (the cache's summary and one stat per
    file), so that it answers at once even with 10 000 actions.
    """
    # What is late depends on the day: a result is reused the same day only.
    store = _store(root)
    return store.cached("check", date.today().isoformat(), check) + folder_problems(Path(store.root))


def folder_errors(root: Store | str | os.PathLike[str]) -> list[Problem]:
    """The errors of `check_folder` alone, kept apart from its warnings: what an export counts beside its figures.

    A folder of 50 000 actions can have 90 000 warnings: decoding them to count
    a few errors was half of a warm `pvtui export`.
    """
    store = _store(root)
    errors = store.cached("check-errors", date.today().isoformat(), lambda data: _errors(check(data)))
    return errors + _errors(folder_problems(Path(store.root)))


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.niveau == ERREUR]


def folder_problems(root: Path) -> list[Problem]:
    """What the records' check cannot see: the folder's `pvtui.toml`, conflicts a git merge left to settle."""
    from pvtui.git.config import problems
    from pvtui.git.pending import pending_problems

    return problems(root) + pending_problems(root)


def check_output(root: str | os.PathLike[str], fmt: str = "text") -> tuple[bytes, int, int]:
    """What `pvtui check` prints in `fmt` ("text" or "json"), its errors and its warnings.

    The printed bytes are what is kept, not the problems: a folder of 50 000
    actions can have 90 000 warnings, and decoding them, then formatting and
    printing each line, cost more than every stat of the nothing-changed run.
    """
    kept = Store(root).cached(f"check-{fmt}", date.today().isoformat(), lambda data: _render(check(data), fmt))
    counts, _, out = kept.partition(b"\n")
    errors, warnings = map(int, counts.split())
    return out, errors, warnings


def _render(problems: list[Problem], fmt: str) -> bytes:
    """The counts on a first line, then the output."""
    if fmt == "json":
        out = json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2) + "\n"
    else:
        out = "".join(f"{p}\n" for p in problems)
    errors = sum(p.niveau == ERREUR for p in problems)
    return f"{errors} {len(problems) - errors}\n{out}".encode()


def export_folder(root: Store | str | os.PathLike[str], kind: str, filtres: Filtres, fmt: str = "text", now: datetime | None = None) -> bytes:
    """`export(Store(root).load(), ...)`, the last render of these arguments reused while no file changed.

    What `pvtui export` runs: instant with 10 000 actions when nothing
    changed. The render is kept with a placeholder date, replaced by `now`
    where the header says when the export was made (its first occurrence).
    """
    # Imported here: `pvtui check` never needs the exports (a third of its start-up).
    from pvtui.export import STAMP, export, restamp

    # One render kept per kind and format: alternating exports do not evict each other.
    kept = _store(root).cached(f"export-{kind}-{fmt}", repr(filtres),
                              lambda data: export(data, kind, filtres, fmt, now=STAMP))
    return restamp(kept, fmt, now or datetime.now())


def left_out(root: Store | str | os.PathLike[str]) -> list[Problem]:
    """The errors that leave a whole file out of every export (a TOML syntax error, unreadable), reused likewise.

    Its amounts are missing from every total: `pvtui export` says so rather
    than print a smaller sum in silence.
    """
    store = _store(root)
    return store.cached("left-out", "", store.left_out)


def _store(root: Store | str | os.PathLike[str]) -> Store:
    """The store given (one command, one read of the folder: see `Store.cached`), or a new one."""
    return root if isinstance(root, Store) else Store(root)
