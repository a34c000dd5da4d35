"""Real git in a temporary folder, with its own identity (never the tester's ~/.gitconfig)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def private_git(tmp_path: Path, monkeypatch) -> Path:
    """Git configured for this test only: user.name « Alice », no system config; returns the config."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Alice\n\temail = alice@example.org\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR"):
        monkeypatch.delenv(name, raising=False)
    return config


def git(root: Path, *args: str, who: str | None = None) -> str:
    """`git ARGS` in `root`; `who` commits as a colleague (name and e-mail) instead of Alice."""
    identity = ["-c", f"user.name={who}", "-c", f"user.email={who.lower()}@example.org"] if who else []
    done = subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout


def commit_all(root: Path, message: str, who: str | None = None) -> None:
    """What a colleague does after a hand edit (or the engine after a save): everything in one commit."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, who=who)


def in_git(root: Path) -> Path:
    """`root` made a git work tree whose first commit holds every file."""
    git(root, "init", "-q")
    commit_all(root, "Dossier de départ")
    return root
