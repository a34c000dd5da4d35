"""`pvtui.toml` at a data folder's root: the folder's own settings for git.

    [git]
    commit = false   # saves are not committed (default: true inside a git work tree)

Unknown keys are ignored (a later version may add some); a broken file
leaves the defaults in force and is reported by `pvtui check` with its line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pvtui.domain.fmt import reason
from pvtui.domain.problem import ERREUR, Problem

NAME = "pvtui.toml"


@dataclass(frozen=True)
class Settings:
    commit: bool = True
    """Whether each save becomes a commit."""


def settings(root: Path) -> Settings:
    """The folder's settings; the defaults when the file is missing or broken."""
    found, _ = _read(root)
    return found


def problems(root: Path) -> list[Problem]:
    """What is wrong with the folder's `pvtui.toml` (none when it is missing)."""
    _, found = _read(root)
    return found


def _read(root: Path) -> tuple[Settings, list[Problem]]:
    try:
        text = (root / NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [Problem(NAME, 0, ERREUR, f"illisible ({reason(error)}) : réglages par défaut utilisés")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+)", str(error))
        return Settings(), [Problem(NAME, int(where.group(1)) if where else 0, ERREUR,
                                    f"TOML invalide ({str(error).split(' (at')[0]}) : réglages par défaut utilisés")]
    git = data.get("git", {})
    if not isinstance(git, dict):
        return Settings(), [Problem(NAME, _line_of(text, "git"), ERREUR,
                                    "« git » doit être une table [git] : réglages par défaut utilisés")]
    commit = git.get("commit", True)
    if not isinstance(commit, bool):
        return Settings(), [Problem(NAME, _line_of(text, "commit"), ERREUR,
                                    "« git.commit » doit valoir true ou false : réglages par défaut utilisés")]
    return Settings(commit=commit), []


def _line_of(text: str, key: str) -> int:
    """The first line that sets `key` (1-based), 0 when none does."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[?\s*{re.escape(key)}\b", line):
            return number
    return 0
