"""The one place pvtui runs `git`: never a prompt, always a timeout, French errors."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TIMEOUT = 20.0
"""Seconds a git command may take (a fetch over a slow link included) before it is given up."""

# No prompt may ever hang the TUI: no terminal prompt, no askpass program, no editor,
# an SSH that fails rather than asks; messages in C so that they can be recognised.
QUIET = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "true",
    "SSH_ASKPASS": "true",
    "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=10"),
    "GIT_EDITOR": "true",
    "GIT_MERGE_AUTOEDIT": "no",
    "LC_ALL": "C",
}


class GitError(Exception):
    """A git command failed or timed out; `str()` is a French sentence for the user."""


@dataclass(frozen=True)
class Repo:
    """The git work tree a data folder lies in."""

    top: Path
    """The work tree's top folder."""

    @classmethod
    def find(cls, folder: str | os.PathLike[str]) -> Repo | None:
        """The work tree holding `folder`, or None (no git installed, or not in a work tree)."""
        if shutil.which("git") is None:
            return None
        try:
            out = _run(Path(folder), ["rev-parse", "--show-toplevel"], timeout=TIMEOUT)
        except GitError:
            return None
        return cls(Path(out.strip()))

    def git(self, *args: str, timeout: float = TIMEOUT, input: str | None = None,
            env: dict[str, str] | None = None) -> str:
        """Run `git ARGS` in the work tree; its standard output, or GitError."""
        return _run(self.top, list(args), timeout=timeout, input=input, env=env)

    def git_bytes(self, *args: str, timeout: float = TIMEOUT, input: bytes | None = None) -> bytes:
        """`git` as above, its output as bytes: file contents (`cat-file --batch`), whatever their encoding."""
        return _run(self.top, list(args), timeout=timeout, input=input, text=False)

    def rel(self, path: str | os.PathLike[str]) -> str:
        """`path` relative to the work tree's top, with `/` (as git names files)."""
        return Path(os.path.realpath(path)).relative_to(os.path.realpath(self.top)).as_posix()


def _run(cwd: Path, args: list[str], *, timeout: float, input: str | bytes | None = None,
         env: dict[str, str] | None = None, text: bool = True) -> Any:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, text=text,
                              timeout=timeout, env={**os.environ, **QUIET, **(env or {})},
                              stdin=None if input is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} n'a pas répondu en {timeout:g} s : abandonné") from None
    except OSError as error:
        raise GitError(f"git ne peut pas être lancé ({error.strerror or error})") from None
    if done.returncode != 0:
        said = _text(done.stderr or done.stdout).strip().splitlines()
        # git's own verdict ("fatal: Unable to create '…/index.lock': File exists.") rather than its advice after.
        verdict = next((line for line in said if line.startswith(("fatal:", "error:"))), said[-1] if said else "")
        raise GitError(f"git {args[0]} a échoué : {verdict or f'code {done.returncode}'}")
    return done.stdout


def _text(output: str | bytes) -> str:
    return output.decode("utf-8", "replace") if isinstance(output, bytes) else output
