"""Bytes of a file -> a record and its problems, each located at its line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Iterator

from pvtui.domain.kinds import KINDS
from pvtui.domain.model import Issue
from pvtui.domain.problem import ERREUR, Problem, locate


def decode(rel: str, raw: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The TOML dict of a file, or None and why (UTF-8, BOM, syntax), never an exception."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(rel, line, ERREUR, "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8")]
    if text.startswith("\ufeff"):  # invisible in an editor, fatal to TOML: say it
        return None, [Problem(rel, 1, ERREUR, "le fichier commence par une marque d'ordre des octets (BOM) : "
                              "enregistrez-le en UTF-8 sans BOM")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error).split(" (at ")[0]
        line, col = getattr(error, "lineno", 1), getattr(error, "colno", 0)
        if not hasattr(error, "lineno"):
            found = re.search(r"line (\d+), column (\d+)", str(error))
            line, col = (int(found[1]), int(found[2])) if found else (1, 0)
        return None, [Problem(rel, line, ERREUR, f"TOML invalide : {message}", col)]
    except (RecursionError, ValueError, OverflowError) as error:
        return None, [Problem(rel, 1, ERREUR, f"TOML illisible : {error}")]
    if _LONG_NUMBER.search(raw) and (key := _huge_integer(data)) is not None:
        name = ".".join(str(k) for k in key if isinstance(k, str))
        return None, [Problem(rel, locate(text, key), ERREUR,
                              f"TOML invalide : « {name} » est un entier de plus de 64 bits "
                              "(au-delà de ±9 223 372 036 854 775 807) : corrigez la saisie")]
    return data, []


_LONG_NUMBER = re.compile(rb"[0-9_]{19}|0x[0-9A-Fa-f_]{16}|0o[0-7_]{22}|0b[01_]{64}")
"""What any integer beyond 64 bits looks like in the text: a cheap test before walking the values."""
_INT64 = range(-2**63, 2**63)


def _huge_integer(value: Any, key: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """The key of the first integer outside 64 bits, which TOML says must be an error.

    tomllib reads 10**400 as a Python int; float() of it (every share, every
    check of an absurd amount) raises OverflowError. Refused here, the file
    is reported at its line like any other invalid TOML.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return None if value in _INT64 else key
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for name, child in children:
        if isinstance(child, (int, dict, list)) and (found := _huge_integer(child, (*key, name))) is not None:
            return found
    return None


def parse_plain(rel: str, raw: bytes) -> tuple[Any, tuple[Problem, ...]]:
    data, problems = decode(rel, raw)
    return data, tuple(problems)


def parse_record(rel: str, raw: bytes) -> tuple[Any, tuple[Problem, ...]]:
    """The record of a `<kind>/<id>.toml` file (None when it cannot be read) and its problems."""
    data, problems = decode(rel, raw)
    if data is None:
        return None, tuple(problems)
    record, issues = KINDS[rel.split("/", 1)[0]].from_dict(Path(rel).stem, data)
    return record, tuple(located(rel, raw, issues))


def located(rel: str, raw: bytes, issues: list[Issue]) -> Iterator[Problem]:
    text = raw.decode("utf-8", "replace")
    for issue in issues:
        yield Problem(rel, locate(text, issue.key), ERREUR, issue.message)
