"""The JSON writer: the data of a kind, every string cleaned."""

from __future__ import annotations

import json
from typing import Any

from pvtui.export.clean import clean


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value, tabs=False)
    if isinstance(value, dict):
        return {clean(str(k), tabs=False): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        # No NaN or Infinity: they are not JSON.
        return value if value == value and abs(value) != float("inf") else None
    return value


def render(data: dict[str, Any]) -> bytes:
    # A file name that is not UTF-8 reaches here as surrogates: written as \udcXX, still valid JSON.
    return (json.dumps(_clean(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8", "backslashreplace")


def ratio(value: float | None) -> float | None:
    """A share for JSON: a fraction of 1 rounded to 4 places (0.1145 = 11,45 %)."""
    return None if value is None else round(value, 4)
