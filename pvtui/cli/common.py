"""What every command shares: where the data folder is."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "data"


def default_data_dir() -> Path:
    """PVTUI_DATA, else the data folder shipped beside the package (the 2019 report)."""
    return Path(os.environ.get("PVTUI_DATA") or DEFAULT_DATA)


def data_dir(value: str | None) -> Path:
    path = Path(value) if value else default_data_dir()
    if not path.is_dir():
        raise SystemExit(f"pvtui : dossier de données introuvable : {path} (pvtui init {path} en crée un)")
    return path
