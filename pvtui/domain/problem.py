"""A problem found in the data: where it is, how bad, and what to do."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from pvtui.domain.fmt import count_of

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """`text` safe to print: control characters (terminal escape sequences,
    newlines that would split a `path:line:` line) are shown as \\x1b, \\n;
    the undecodable bytes of a file name (surrogate escapes) as \\xff."""
    if not _UNSAFE.search(text):
        return text

    def show(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        if char in _NAMED:
            return _NAMED[char]
        if 0xDC80 <= code <= 0xDCFF:
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _UNSAFE.sub(show, text)


@dataclass(frozen=True)
class Problem:
    """One line of `pvtui check`: `path:line: niveau: message`."""

    path: str
    line: int
    niveau: str
    message: str
    column: int = 0

    def __str__(self) -> str:
        # File names and values come from the files: never let them drive the terminal.
        where = f"{printable(self.path)}:{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {self.niveau}: {printable(self.message)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "fichier": printable(self.path),
            "ligne": self.line,
            "colonne": self.column,
            "niveau": self.niveau,
            "message": printable(self.message),
        }


def _key_pattern(name: str) -> re.Pattern[str]:
    quoted = re.escape(name)
    return re.compile(rf'(^|[\[{{,\s.])["\']?{quoted}["\']?\s*(=|\]|\.)')


_SPECIAL = re.compile("[#\"']")
"""What may start a comment or a string outside one."""
_BASIC_STOP = re.compile(r'\\|"')
_ENDS = {'"""': re.compile(r'\\|"""'), "'''": re.compile("'''")}
"""Inside a multi-line string: an escape (basic strings only) or the closing quotes."""


@functools.lru_cache(maxsize=16)
def _code_lines(text: str) -> tuple[str, ...]:
    """The file's TOML lines (split on "\\n" only) with comments, string values
    and multi-line string bodies blanked, so that a key quoted in a
    description is never taken for the key itself. Quoted keys are kept.

    Jumps from one quote, backslash or "#" to the next (`re` finds them):
    a walk character by character cost 2 ms per file of a few KB, 20 s for
    the 10 000 files a `pvtui check` points into.
    """
    lines: list[str] = []
    delim = ""  # the opening quotes while inside a multi-line string
    for raw in text.split("\n"):
        out: list[str] = []
        i, n = 0, len(raw)
        while i < n:
            if delim:
                found = _ENDS[delim].search(raw, i)
                if found is None:
                    break
                at = found.start()
                if raw[at] == "\\":
                    i = at + 2
                    continue
                # up to two quotes of content may come just before the closing three
                i = at + min(5, len(raw) - at - len(raw[at:].lstrip(delim[0])))
                delim = ""
                out.append('""')
                continue
            found = _SPECIAL.search(raw, i)
            if found is None:
                out.append(raw[i:])
                break
            at = found.start()
            out.append(raw[i:at])
            i, char = at, raw[at]
            if char == "#":
                break
            if raw.startswith(char * 3, i):
                delim, i = char * 3, i + 3
                continue
            j = _string_end(raw, i, char)
            rest = raw[j + 1:].lstrip()
            is_key = rest[:1] in ("=", ".") or (rest[:1] == "]" and raw.lstrip().startswith("["))
            out.append(raw[i:j + 1] if is_key else char * 2)
            i = j + 1
        lines.append("".join(out).rstrip("\r"))
    return tuple(lines)


def _string_end(raw: str, i: int, quote: str) -> int:
    """Where the one-line string opened at `i` closes (past the end if it does not)."""
    if quote == "'":
        end = raw.find("'", i + 1)
        return len(raw) if end < 0 else end
    j = i + 1
    while (found := _BASIC_STOP.search(raw, j)) is not None:
        if raw[found.start()] == '"':
            return found.start()
        j = found.start() + 2
    return max(j, len(raw))


@functools.lru_cache(maxsize=64)
def _table_headers(text: str, header: str) -> tuple[int, ...]:
    """Indexes of the lines that open a table of an array (`[[header]]`)."""
    return tuple(i for i, line in enumerate(_code_lines(text)) if line.strip() == header)


@functools.lru_cache(maxsize=256)
def _array_items(text: str, start: int) -> tuple[int, ...]:
    """Indexes of the items of the multi-line array opened on line `start`: one a line, up to "]"."""
    lines = _code_lines(text)
    items = []
    for index in range(start + 1, len(lines)):
        item = lines[index].strip()
        if item.startswith("]"):
            break
        if item:
            items.append(index)
    return tuple(items)


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
            # Rows are indexed once per file: a file with 20 000 bad rows stays linear.
            if header.startswith("[["):
                rows = _table_headers(text, header)
                first = bisect.bisect_left(rows, pos)
                if first + part < len(rows):
                    pos = found = rows[first + part]
            elif header.endswith("["):
                items = _array_items(text, pos)
                if part < len(items):
                    pos = found = items[part]
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


def errors_in_folder(problems, see: str, told=()) -> str:
    """"2 erreurs dans le dossier : voir pvtui check", or "" without errors: an export says so beside its figures.

    `told`: errors already named on their own line; the others are counted ("1 autre erreur").
    """
    told = set(told)
    errors = sum(p.niveau == ERREUR and p not in told for p in problems)
    word = "autre erreur" if told else "erreur"
    return f"{count_of(errors, word)} dans le dossier : voir {see}" if errors else ""
