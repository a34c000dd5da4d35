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


@functools.lru_cache(maxsize=256)
def _key_pattern(name: str) -> re.Pattern[str]:
    quoted = re.escape(name)
    return re.compile(rf'(^|[\[{{,\s.])["\']?{quoted}["\']?\s*(=|\]|\.)')


_SPECIAL = re.compile("[#\"']")
"""What may start a comment or a string outside one."""
_MULTI = {'"': re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+""""{0,2}', re.S),
          "'": re.compile(r"(?:[^']++|'(?!''))*+'''" + r"'{0,2}")}
"""A multi-line string's body (escapes in basic strings) up to its first closing quotes, and the
up to two quotes of content that may come just before them; no match: it never closes."""
_ONE = {'"': re.compile(r'"(?:[^"\\\n]++|\\[^\n])*+(")?'), "'": re.compile(r"'[^'\n]*+(')?")}
"""A one-line string (escapes in basic strings), closed or cut at the end of its line."""
_NEXT = re.compile(r"[^\S\n]*+(.?)")
_TABLE_LINE = re.compile(r"[^\S\n]*+\[")


@functools.lru_cache(maxsize=16)
def _code_lines(text: str) -> tuple[str, ...]:
    """The file's TOML lines (split on "\\n" only) with comments, string values
    and multi-line string bodies blanked, so that a key quoted in a
    description is never taken for the key itself. Quoted keys are kept.

    One pass over the whole text from one quote or "#" to the next, `re`
    finding each string's end: the same walk line by line in Python cost
    80 µs a file, 4 s of a cold `pvtui check` of 50 000 actions.
    """
    out: list[str] = []
    i = 0
    while (found := _SPECIAL.search(text, i)) is not None:
        at = found.start()
        out.append(text[i:at])
        char = text[at]
        if char == "#":
            i = text.find("\n", at)
            if i < 0:
                i = len(text)
            continue
        if text.startswith(char * 3, at):
            closed = _MULTI[char].match(text, at + 3)
            if closed is None:  # never closed: blank to the end, its lines kept
                out.append("\n" * text.count("\n", at))
                i = len(text)
                break
            i = closed.end()
            out.append("\n" * text.count("\n", at, i) + '""')
            continue
        one = _ONE[char].match(text, at)
        if one[1] is None:  # not closed on its line: a value, blank to the end of the line
            out.append(char * 2)
            i = text.find("\n", at)
            if i < 0:
                i = len(text)
            continue
        i = one.end()
        after = _NEXT.match(text, i)[1]
        is_key = after in ("=", ".") or (
            after == "]" and _TABLE_LINE.match(text, text.rfind("\n", 0, at) + 1) is not None)
        out.append(text[at:i] if is_key else char * 2)
    out.append(text[i:])
    lines = "".join(out).split("\n")
    return tuple(line.rstrip("\r") for line in lines) if "\r" in text else tuple(lines)


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
