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
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as error:
        message = str(error).split(" (at ")[0]
        line, col = getattr(error, "lineno", 1), getattr(error, "colno", 0)
        if not hasattr(error, "lineno"):
            found = re.search(r"line (\d+), column (\d+)", str(error))
            line, col = (int(found[1]), int(found[2])) if found else (1, 0)
        return None, [Problem(rel, line, ERREUR, f"TOML invalide : {message}", col)]
    except (RecursionError, ValueError, OverflowError) as error:
        return None, [Problem(rel, 1, ERREUR, f"TOML illisible : {error}")]


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
