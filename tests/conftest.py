"""Shared fixtures: a tiny data folder to break, the shipped data, the CLI in a subprocess.

`tests/fixtures/mini/` is a complete, clean data folder (`pvtui check` finds
nothing in it) whose figures are small enough to add up by hand; every test
gets its own copy (`mini`) and breaks it one file at a time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """The parse cache goes to a throw-away folder, never to the tester's ~/.cache."""
    monkeypatch.setenv("PVTUI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # The shipped data lies in pvtui's own work tree: its saves and status must not depend on that
    # checkout's git state (tests/gittools.py `isolate` turns git back on, in a repository of its own).
    monkeypatch.setenv("PVTUI_GIT", "0")


class DataDir:
    """A copy of a data folder, with helpers to break it and to look at it."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text("utf-8")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace `old` (which must occur exactly once) by `new` in a file."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        self.write(rel, text.replace(old, new))

    def line_of(self, rel: str, needle: str, after: str | None = None) -> int:
        """1-based number of the first line containing `needle` (after the line holding `after`)."""
        lines = self.read(rel).splitlines()
        start = 0
        if after is not None:
            start = next(i for i, line in enumerate(lines) if after in line) + 1
        return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1

    def store(self, **kwargs):
        from pvtui.storage.store import Store

        return Store(self.root, **kwargs)

    def workspace(self, **kwargs) -> "Editor":
        return Editor(self.root, **kwargs)

    def load(self):
        return self.store(cache=False).load()

    def check(self):
        from pvtui.domain.check import check

        return check(self.load())

    def hash(self) -> dict[str, tuple]:
        return tree_hash(self.root)


class Conflicted(Exception):
    """The workspace answered with a conflict (`.conflict`)."""

    def __init__(self, conflict):
        super().__init__(conflict.rel)
        self.conflict = conflict


class Editor:
    """A workspace used as a form uses it: each save based on the version last loaded.

    `save` and `delete` raise `Conflicted` or StoreError (the refusal's
    message) instead of returning them, so that a test reads as a sequence
    of edits; anything else is the workspace's or its store's.
    """

    def __init__(self, root: Path, **kwargs):
        from pvtui.workspace.workspace import Workspace

        self.ws = Workspace(root, **kwargs)

    def __getattr__(self, name):
        return getattr(self.ws.store, name)

    def load(self):
        return self.ws.load()

    def _outcome(self, result):
        from pvtui.storage.layout import StoreError
        from pvtui.workspace.changes import Conflict, Refused

        if isinstance(result, Conflict):
            raise Conflicted(result)
        if isinstance(result, Refused):
            raise StoreError(result.message)
        return result

    def _version(self, kind, record):
        return self.ws.data.version(kind, record.id) if self.ws.data is not None else None

    def save(self, kind: str, record, old=None):
        from pvtui.workspace.changes import Create, Update

        change = Create(kind, record) if old is None else Update(kind, old, self._version(kind, old), record)
        return self._outcome(self.ws.apply(change))

    def delete(self, kind: str, record) -> Path:
        from pvtui.workspace.changes import Delete

        return self.ws.root / self._outcome(self.ws.apply(Delete(kind, record, self._version(kind, record)))).kept


def tree_hash(root: Path) -> dict[str, tuple]:
    """Every entry under `root` (symlinks not followed): kind, mode and content digest."""
    out: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder, name)
            rel = str(path.relative_to(root))
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                try:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    digest = "unreadable"
                out[rel] = ("file", stat.S_IMODE(st.st_mode), digest)
            else:
                out[rel] = ("other", stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode))
    return out


def refuse_reading(monkeypatch, name: str) -> None:
    """Reading a file called `name` fails as after `chmod 000` (a mock: root reads anyway)."""
    from pvtui.storage import store

    real = store.read_regular

    def read_regular(path):
        if os.path.basename(path) == name:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(store, "read_regular", read_regular)


@pytest.fixture
def mini(tmp_path) -> DataDir:
    """A fresh copy of tests/fixtures/mini."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", root)
    return DataDir(root)


def run_pvtui(*args: str, cwd: Path = REPO, timeout: float = 60, prefix: tuple[str, ...] = ()):
    """`python -m pvtui ARGS` in a subprocess, as a technician would run it."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "pvtui", *args],
        cwd=cwd, check=False, capture_output=True, encoding="utf-8", errors="backslashreplace", timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
