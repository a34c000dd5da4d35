"""A problem found in the data: where it is, how bad, and what to do."""

from __future__ import annotations

import re
from dataclasses import dataclass

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"


@dataclass(frozen=True)
class Problem:
    """One line of `pvtui check`: `path:line: niveau: message`."""

    path: str
    line: int
    niveau: str
    message: str
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {self.niveau}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "fichier": self.path,
            "ligne": self.line,
            "colonne": self.column,
            "niveau": self.niveau,
            "message": self.message,
        }


def _key_pattern(name: str) -> re.Pattern[str]:
    quoted = re.escape(name)
    return re.compile(rf'(^|[\[{{,\s.])["\']?{quoted}["\']?\s*(=|\]|\.)')


def locate(text: str, key: tuple[str | int, ...]) -> int:
    """The 1-based line of a key path such as ("quartiers", 1, "lignes", 0, "axe").

    A light scan, good for pointing a person at the right line of the
    layouts pvtui and people write; 1 when the key is not found.
    """
    lines = text.splitlines()
    pos, found, header = 0, 0, ""
    for part in key:
        if isinstance(part, int):
            if header.startswith("[["):
                seen = 0
                for index in range(pos, len(lines)):
                    if lines[index].strip() == header:
                        if seen == part:
                            pos = found = index
                            break
                        seen += 1
            else:
                seen = 0
                for index in range(pos + 1, len(lines)):
                    if lines[index].lstrip().startswith("{"):
                        if seen == part:
                            pos = found = index
                            break
                        seen += 1
            continue
        pattern = _key_pattern(part)
        for index in range(pos, len(lines)):
            if pattern.search(lines[index]):
                pos = found = index
                header = lines[index].strip()
                break
        else:
            return found + 1
    return found + 1
