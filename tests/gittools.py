"""Real git repositories in a temporary folder, for the tests of pvtui/git: no user config needed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def isolate(tmp_path: Path, monkeypatch, name: str | None = "Site Test") -> Path:
    """Git reads only a config of the test's own (with `name`, or none at all)."""
    config = tmp_path / "gitconfig"
    config.write_text(f"[user]\n\tname = {name}\n\temail = site@example.org\n" if name else "", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("PVTUI_AUTEUR", raising=False)
    monkeypatch.delenv("PVTUI_GIT", raising=False)
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(key, raising=False)
    return config


def repo_with_mini(top: Path) -> Path:
    """A work tree at `top` holding a committed copy of the mini data folder in `data/`; returns `data`."""
    top.mkdir(parents=True, exist_ok=True)
    git(top, "init", "-q", "-b", "main")
    shutil.copytree(MINI, top / "data")
    git(top, "add", "-A")
    git(top, "-c", "user.name=Init", "-c", "user.email=init@example.org", "commit", "-q", "-m", "Données")
    return top / "data"


def sites(tmp_path: Path) -> tuple[Path, Path]:
    """A bare repository holding the mini folder, and two clones of it (site A, site B); their data folders."""
    origin = tmp_path / "origin.git"
    seed = repo_with_mini(tmp_path / "seed")
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(seed.parent, "remote", "add", "origin", str(origin))
    git(seed.parent, "push", "-q", "origin", "main")
    for site in ("a", "b"):
        git(tmp_path, "clone", "-q", str(origin), site)
    return tmp_path / "a" / "data", tmp_path / "b" / "data"


def log(top: Path, *args: str) -> list[str]:
    """Subjects of the commits, newest first."""
    return git(top, "log", "--format=%s", *args).splitlines()


def status(top: Path) -> str:
    """`git status --porcelain` but for the lock file every pvtui leaves (ignored once `pvtui git-setup` ran)."""
    return "".join(line for line in git(top, "status", "--porcelain").splitlines(keepends=True)
                   if not line.rstrip().endswith(".pvtui.lock"))
