"""A problem found in the data: where it is, how bad, and what to do."""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=16)
def _code_lines(text: str) -> tuple[str, ...]:
    """The file's TOML lines (split on "\\n" only) with comments, string values
    and multi-line string bodies blanked, so that a key quoted in a
    description is never taken for the key itself. Quoted keys are kept."""
    lines: list[str] = []
    delim = ""  # the opening quotes while inside a multi-line string
    for raw in text.split("\n"):
        out: list[str] = []
        i, n = 0, len(raw)
        while i < n:
            if delim:
                if delim[0] == '"' and raw[i] == "\\":
                    i += 2
                elif raw.startswith(delim, i):
                    # up to two quotes of content may come just before the closing three
                    i += min(5, len(raw) - i - len(raw[i:].lstrip(delim[0])))
                    delim = ""
                    out.append('""')
                else:
                    i += 1
                continue
            char = raw[i]
            if char == "#":
                break
            if raw.startswith(char * 3, i) and char in "\"'":
                delim, i = char * 3, i + 3
                continue
            if char in "\"'":
                j = i + 1
                while j < n and raw[j] != char:
                    j += 2 if char == '"' and raw[j] == "\\" else 1
                rest = raw[j + 1:].lstrip()
                is_key = rest[:1] in ("=", ".") or (rest[:1] == "]" and raw.lstrip().startswith("["))
                out.append(raw[i:j + 1] if is_key else char * 2)
                i = j + 1
                continue
            out.append(char)
            i += 1
        lines.append("".join(out).rstrip("\r"))
    return tuple(lines)


def locate(text: str, key: tuple[str | int, ...]) -> int:
    """The 1-based line of a key path such as ("quartiers", 1, "lignes", 0, "axe").

    A light scan, good for pointing a person at the right line of the
    layouts pvtui and people write (one array item a line); 1 when the key
    is not found.
    """
    lines = _code_lines(text)
    pos, found, header = 0, 0, ""
    for part in key:
        if isinstance(part, int):
            seen = 0
            if header.startswith("[["):
                for index in range(pos, len(lines)):
                    if lines[index].strip() == header:
                        if seen == part:
                            pos = found = index
                            break
                        seen += 1
            elif header.endswith("["):
                # A multi-line array: each non-blank line up to "]" is one item.
                for index in range(pos + 1, len(lines)):
                    item = lines[index].strip()
                    if item.startswith("]"):
                        break
                    if item:
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
