"""Render a record's dict as TOML text, keeping what a person wrote by hand.

A file pvtui wrote itself (its text is exactly the canonical rendering of
what was loaded) is rewritten canonically: fast, and a change to one field
changes only its lines. Any other file (comments, unknown keys, another
layout) is edited in place with tomlkit, key by key, so that comments,
unknown keys and formatting survive. A change that would drop a comment
written inside a value is refused with `SaveRefused`.
"""

from __future__ import annotations

import re
from typing import Any

import tomli_w


class SaveRefused(Exception):
    """The save would lose something written by hand; the message says what."""


def canonical(data: dict[str, Any]) -> str:
    """The one layout pvtui writes: stable key order, one list item a line."""
    return tomli_w.dumps(data, multiline_strings=True)


def render(current_text: str | None, old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    """The text to write so that the file holds `new`.

    `current_text` is the file as it is on disk (None for a new file) and
    `old` what pvtui understood of it when it was loaded.
    """
    if current_text is None or old is None or current_text == canonical(old):
        return canonical(new)
    import tomlkit  # only hand-edited files pay for the style-preserving parser

    document = tomlkit.parse(current_text)
    _merge(document, old, new, path="")
    return tomlkit.dumps(document)


def _merge(container: Any, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
    """Apply to `container` the differences between `old` and `new`, key by key.

    Keys the model does not know are in neither dict, so they are never touched.
    """
    for key in old:
        if key not in new and key in container:
            _refuse_if_commented(container[key], f"{path}{key}", trailing=True)
            del container[key]
    for key, value in new.items():
        before = old.get(key)
        if key in container and before == value:
            continue
        if key in container and isinstance(value, dict) and isinstance(before, dict):
            _merge(container[key], before, value, f"{path}{key}.")
        elif key in container and _same_length_tables(before, value):
            for index, (row_old, row_new) in enumerate(zip(before, value)):
                _merge(container[key][index], row_old, row_new, f"{path}{key}[{index + 1}].")
        else:
            if key in container:
                # tomlkit keeps the comment after a replaced value: only one inside it is lost.
                _refuse_if_commented(container[key], f"{path}{key}", trailing=False)
            container[key] = _item(value)


def _same_length_tables(before: Any, after: Any) -> bool:
    return (
        isinstance(before, list)
        and isinstance(after, list)
        and len(before) == len(after)
        and all(isinstance(row, dict) for row in before + after)
    )


_STRINGS = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def _refuse_if_commented(item: Any, path: str, trailing: bool) -> None:
    comment = trailing and getattr(getattr(item, "trivia", None), "comment", "")
    text = item.as_string() if hasattr(item, "as_string") else ""
    if comment or "#" in _STRINGS.sub("", text):
        raise SaveRefused(
            f"« {path} » contient un commentaire écrit à la main que cette modification "
            "effacerait : modifiez ce champ directement dans le fichier (touche E)"
        )


def _item(value: Any) -> Any:
    """A tomlkit item laid out as pvtui lays out new files."""
    import tomlkit

    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list):
        array = tomlkit.array()
        for entry in value:
            if isinstance(entry, dict):
                inline = tomlkit.inline_table()
                inline.update(entry)
                array.append(inline)
            else:
                array.append(entry)
        return array.multiline(True)
    return value
