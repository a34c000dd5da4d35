"""Regenerate the golden files of the exports: `python tests/update_golden.py`.

Every kind in every format, on the shipped data (`data/`), made "on"
25/11/2026 at 18:40 so that the files do not change with the clock. The
fiche is one chosen action. tests/test_export_golden.py compares the
exports with these files byte for byte: after a deliberate change to an
export (or to the shipped data), run this script and read the diff.
"""

from __future__ import annotations

import functools
import sys
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
NOW = datetime(2026, 11, 25, 18, 40)
EXTENSIONS = {"text": "txt", "csv": "csv", "json": "json"}
FICHE = "salon-atelier"
"""The action of the fiche golden files (the report's first fiche)."""


def cases() -> list[tuple[str, str, Path]]:
    from pvtui.export import FORMATS, KINDS

    return [(kind, fmt, GOLDEN / f"{kind}.{EXTENSIONS[fmt]}") for kind in KINDS for fmt in FORMATS]


@functools.lru_cache(maxsize=1)
def shipped():
    """The shipped data set, loaded once (exports never change it)."""
    from pvtui.storage.store import Store

    return Store(REPO / "data", cache=False).load()


def render(kind: str, fmt: str) -> bytes:
    from pvtui.export import Filtres, export

    filtres = Filtres(action=FICHE) if kind == "fiche" else Filtres()
    return export(shipped(), kind, filtres, fmt, now=NOW)


def main() -> int:
    sys.path.insert(0, str(REPO))
    GOLDEN.mkdir(exist_ok=True)
    for kind, fmt, path in cases():
        data = render(kind, fmt)
        changed = not path.exists() or path.read_bytes() != data
        path.write_bytes(data)
        print(f"{'écrit ' if changed else 'inchangé'} {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
