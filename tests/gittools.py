"""Real git repositories in a temporary folder, for the tests of pvtui/git: no user config needed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def git(cwd: Path, *args: str, who: str | None = None) -> str:
    """`git ARGS` in `cwd`; `who` commits as a colleague (name and e-mail) instead of the test's identity."""
    identity = ["-c", f"user.name={who}", "-c", f"user.email={who.lower()}@example.org"] if who else []
    return subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def isolate(tmp_path: Path, monkeypatch, name: str | None = "Site Test") -> Path:
    """Git reads only a config of the test's own (with `name`, or none at all), and pvtui uses git."""
    config = tmp_path / "gitconfig"
    user = f"[user]\n\tname = {name}\n\temail = {name.split()[0].lower()}@example.org\n" if name else ""
    config.write_text(user + "[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("PVTUI_AUTEUR", raising=False)
    monkeypatch.delenv("PVTUI_GIT", raising=False)
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL", "GIT_DIR"):
        monkeypatch.delenv(key, raising=False)
    return config


def private_git(tmp_path: Path, monkeypatch) -> Path:
    """Git configured for this test only, as user « Alice »; returns the config."""
    return isolate(tmp_path, monkeypatch, name="Alice")


def commit_all(root: Path, message: str, who: str | None = None) -> None:
    """What a colleague does after a hand edit: everything in one commit."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, who=who)


def in_git(root: Path) -> Path:
    """`root` made a git work tree whose first commit holds every file."""
    git(root, "init", "-q")
    commit_all(root, "Dossier de départ")
    return root


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
