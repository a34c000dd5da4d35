"""The conflicts a git merge left to settle: `.corbeille/<kind>/<id>.conflit.<date>.toml` (see driver.py)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pvtui.domain.merge import at, changed, dotted
from pvtui.domain.problem import ERREUR, Problem
from pvtui.git.driver import CONFLICT, RECORD_FOLDERS
from pvtui.git.message import show
from pvtui.storage.layout import TRASH


@dataclass(frozen=True)
class Marker:
    """One version set aside by a merge, waiting for a person's choice."""

    folder: str
    """The record's folder: "actions", … or "referentiel"."""
    id: str
    rel: str
    """Where it is, relative to the data folder (`.corbeille/actions/x.conflit.20261203-101500.toml`)."""

    @property
    def record_rel(self) -> str:
        return f"{self.folder}/{self.id}.toml"


def markers(root: Path) -> list[Marker]:
    """Every marker of the folder, oldest first per record (one listing of each trash folder)."""
    found = []
    for folder in RECORD_FOLDERS:
        try:
            with os.scandir(root / TRASH / folder) as entries:
                names = sorted(entry.name for entry in entries if f".{CONFLICT}." in entry.name)
        except OSError:
            continue
        for name in names:
            id = name.split(f".{CONFLICT}.", 1)[0]
            found.append(Marker(folder, id, f"{TRASH}/{folder}/{name}"))
    return found


def keys(root: Path, marker: Marker) -> list[str]:
    """The keys on which the file and the version set aside differ, with both values:
    "financements.capft (6 000 € chez le collègue, 7 000 € ici)"."""
    try:
        here = tomllib.loads((root / marker.record_rel).read_text(encoding="utf-8"))
        aside = tomllib.loads((root / marker.rel).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    return [f"{dotted(path)} ({show(path, at(here, path))} chez le collègue, {show(path, at(aside, path))} ici)"
            for path in changed(here, aside)]


def pending_problems(root: Path) -> list[Problem]:
    """One error per marker, on the record's file: Problèmes opens the choice from it."""
    out = []
    for marker in markers(root):
        which = ", ".join(keys(root, marker)) or "le fichier"
        how = ("Entrée pour choisir (1, 2 ou 3)" if marker.folder != "referentiel"
               else "comparez les deux fichiers et corrigez à la main, puis supprimez la copie")
        out.append(Problem(marker.record_rel, 0, ERREUR,
                           f"conflit de synchronisation sur {which} : le fichier garde la version du collègue, "
                           f"la vôtre est dans {marker.rel} ; {how}"))
    return out
