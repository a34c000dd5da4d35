"""What the command line runs on a whole folder: the check and the exports, reused while no file changed."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pvtui.domain.check import check
from pvtui.domain.problem import Problem
from pvtui.storage.store import Store

if TYPE_CHECKING:
    from pvtui.export import Filtres


def check_folder(root: str | os.PathLike[str]) -> list[Problem]:
    """`check(Store(root).load())`, the last result reused while no file changed.

    What `pvtui check` runs: with nothing changed since the last run it
    reads neither a file nor a record (the cache's summary and one stat per
    file), so that it answers at once even with 10 000 actions.
    """
    # What is late depends on the day: a result is reused the same day only.
    return Store(root).cached("check", date.today().isoformat(), check) + folder_problems(Path(root))


def folder_problems(root: Path) -> list[Problem]:
    """What the records' check cannot see: the folder's `pvtui.toml`, conflicts a git merge left to settle."""
    from pvtui.git.config import problems
    from pvtui.git.pending import pending_problems

    return problems(root) + pending_problems(root)


def export_folder(root, kind: str, filtres: Filtres, fmt: str = "text", now: datetime | None = None) -> bytes:
    """`export(Store(root).load(), ...)`, the last render of these arguments reused while no file changed.

    What `pvtui export` runs: instant with 10 000 actions when nothing
    changed. The render is kept with a placeholder date, replaced by `now`
    where the header says when the export was made (its first occurrence).
    """
    # Imported here: `pvtui check` never needs the exports (a third of its start-up).
    from pvtui.export import STAMP, export, restamp

    # One render kept per kind and format: alternating exports do not evict each other.
    kept = Store(root).cached(f"export-{kind}-{fmt}", repr(filtres),
                              lambda data: export(data, kind, filtres, fmt, now=STAMP))
    return restamp(kept, fmt, now or datetime.now())


def left_out(root: str | os.PathLike[str]) -> list[Problem]:
    """The errors that leave a whole file out of every export (a TOML syntax error, unreadable), reused likewise.

    Its amounts are missing from every total: `pvtui export` says so rather
    than print a smaller sum in silence.
    """
    store = Store(root)
    return store.cached("left-out", "", store.left_out)
