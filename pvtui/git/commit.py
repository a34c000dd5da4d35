"""One commit per save: exactly the files pvtui wrote, never the user's other changes.

The files are committed with `git commit --only -- paths`, which takes
those paths from the work tree and leaves whatever else the user had
staged as it was (files git does not know yet are `git add`ed first).
Files pvtui writes to `.corbeille/` count as written by it: the other sites
see what was kept. A failure of git never undoes a save: it comes back as a
French warning, for the TUI's toast or the command line's stderr.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import threading
from pathlib import Path
from typing import Iterator

from pvtui.git.config import settings
from pvtui.git.repo import GitError, Repo
from pvtui.storage.layout import locked

UNSET = object()
OFF = ("0", "non", "no", "false", "off")
NO_IDENTITY = ("please tell me who you are", "unable to auto-detect email", "empty ident", "no name was given")
NOTHING = ("nothing to commit", "no changes added to commit", "nothing added to commit")


class Committer:
    """Commits the saves of one data folder (found lazily: no git, no cost beyond one look)."""

    def __init__(self, root: Path):
        self.root = root
        self._repo: object = UNSET
        self._author: object = UNSET
        self._lock = threading.Lock()
        """Two threads of one TUI commit one after the other, not into git's index lock."""

    def repo(self) -> Repo | None:
        """The work tree of the folder; None outside git, or when PVTUI_GIT=0 turns pvtui's use of git off."""
        if self._repo is UNSET:
            off = os.environ.get("PVTUI_GIT", "").lower() in OFF
            self._repo = None if off else Repo.find(self.root)
        return self._repo  # type: ignore[return-value]

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """No save nor commit meanwhile (a sync's rebase): this object's commits, then the folder's lock."""
        with self._lock, locked(self.root):
            yield

    def author(self) -> str | None:
        """Who the commits name (PVTUI_AUTEUR, else git's user.name), so that the corbeille says the same; None outside git."""
        if os.environ.get("PVTUI_AUTEUR"):
            return os.environ["PVTUI_AUTEUR"]
        if self._author is UNSET:
            repo = self.repo()
            try:
                self._author = (repo.git("config", "user.name").strip() or None) if repo is not None else None
            except GitError:  # no user.name: the commit signs with the login, as the journal does
                self._author = None
        return self._author  # type: ignore[return-value]

    def commit(self, paths: list[str], message: str) -> str | None:
        """Commit `paths` (relative to the data folder); a French warning when git failed, else None."""
        if not paths or not settings(self.root).commit:
            return None
        repo = self.repo()
        if repo is None:
            return None
        try:
            with self._lock:
                self._commit(repo, paths, message)
        except GitError as error:
            why = str(error)
            if "index.lock" in why:
                why += " (un autre git travaille dans ce dépôt, ou s'est arrêté en laissant ce fichier : s'il n'y en a pas, supprimez-le)"
            return f"Enregistré, mais pas dans l'historique git : {why}"
        return None

    def _commit(self, repo: Repo, paths: list[str], message: str) -> None:
        rels = sorted({repo.rel(self.root / path) for path in paths})
        gone = [rel for rel in rels if not os.path.lexists(repo.top / rel)]
        if gone:  # a record deleted before it was ever committed is nothing to git
            tracked = set(repo.git("ls-files", "-z", "--", *gone).split("\0"))
            rels = [rel for rel in rels if rel not in gone or rel in tracked]
            if not rels:
                return
        args = ["commit", "-q", "--only", "-m", message, "--", *rels]
        env = {"GIT_AUTHOR_NAME": os.environ["PVTUI_AUTEUR"]} if os.environ.get("PVTUI_AUTEUR") else None
        try:
            self._try(repo, args, env)
        except GitError as error:
            if "did not match any file" not in str(error):
                raise
            # A file git does not know yet (a new record, a version kept in .corbeille/): staged first.
            # Only then: a change of a tracked file costs one git command, not two.
            repo.git("add", "-A", "--", *rels)
            self._try(repo, args, env)

    @staticmethod
    def _try(repo: Repo, args: list[str], env: dict[str, str] | None) -> None:
        try:
            repo.git(*args, env=env)
        except GitError as error:
            said = str(error).lower()
            if any(text in said for text in NOTHING):
                return  # the save changed no byte
            if not any(text in said for text in NO_IDENTITY):
                raise
            # No user.name/user.email anywhere: pvtui's own, so that a save is never left uncommitted.
            repo.git("-c", f"user.name={fallback_name()}", "-c", f"user.email={fallback_email()}", *args, env=env)


def fallback_name() -> str:
    return os.environ.get("PVTUI_AUTEUR") or _login()


def fallback_email() -> str:
    return f"{_login()}@pvtui.invalid"


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "pvtui"
