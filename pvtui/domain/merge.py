"""Three-way merge of two edits of one record, key by key.

Two people changed the same record from one base version: what each
changed is kept when they changed different keys; a key both changed to
different values is a conflict, for a person to settle. Tables merge key
by key, and lists of equal length item by item (a bailleur's TFPB lines:
two colleagues editing two lines of one quartier). Used on the TOML dicts
of records, so it knows nothing of what the keys mean.
"""

from __future__ import annotations

from typing import Any

Path = tuple[str | int, ...]
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""A key that is absent on one side (never written, or removed)."""


def merge3(base: Any, theirs: Any, mine: Any) -> tuple[Any, list[Path]]:
    """The merge of `theirs` and `mine`, both edited from `base`, and the paths in conflict.

    With conflicts the value returned is `mine` where they are (it is not
    meant to be written).
    """
    conflicts: list[Path] = []
    return _merge(base, theirs, mine, (), conflicts), conflicts


def _merge(base: Any, theirs: Any, mine: Any, path: Path, conflicts: list[Path]) -> Any:
    if _same(mine, base) or _same(mine, theirs):
        return theirs
    if _same(theirs, base):
        return mine
    if isinstance(base, dict) and isinstance(theirs, dict) and isinstance(mine, dict):
        merged = {}
        for key in {**mine, **theirs}:  # mine's order, then keys only theirs has
            value = _merge(base.get(key, MISSING), theirs.get(key, MISSING), mine.get(key, MISSING),
                           (*path, key), conflicts)
            if value is not MISSING:
                merged[key] = value
        return merged
    if isinstance(base, list) and isinstance(theirs, list) and isinstance(mine, list) \
            and len(base) == len(theirs) == len(mine):
        return [_merge(b, t, m, (*path, i), conflicts) for i, (b, t, m) in enumerate(zip(base, theirs, mine))]
    conflicts.append(path)
    return mine


def _same(a: Any, b: Any) -> bool:
    """Equal as TOML values: 1 == 1.0 == True in Python, not in a file (a change of type is a change)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def changed(base: Any, other: Any, path: Path = ()) -> list[Path]:
    """The paths where `other` differs from `base` (the keys someone changed)."""
    if _same(base, other):
        return []
    if isinstance(base, dict) and isinstance(other, dict):
        return [p for key in {**base, **other}
                for p in changed(base.get(key, MISSING), other.get(key, MISSING), (*path, key))]
    if isinstance(base, list) and isinstance(other, list) and len(base) == len(other):
        return [p for i, (b, o) in enumerate(zip(base, other)) for p in changed(b, o, (*path, i))]
    return [path]


def dotted(path: Path) -> str:
    """A path as a person reads it in the file: financement.ca, quartiers[0].lignes[2].realisee."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(tout l'enregistrement)"


def at(data: Any, path: Path) -> Any:
    """The value at `path` (as `changed` gives them), or MISSING where that path does not exist."""
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else MISSING
        else:
            data = data.get(part, MISSING) if isinstance(data, dict) else MISSING
    return data
