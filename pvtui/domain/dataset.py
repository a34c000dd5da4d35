"""What a data folder holds once read: an immutable snapshot the views and exports share."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pvtui.domain.kinds import ACTIONS, BAILLEURS, KINDS, PORTEURS  # noqa: F401 (re-exported)
from pvtui.domain.model import Action, Bailleur, Libelle, Objectif, Porteur, Programmation
from pvtui.domain.problem import Problem


@dataclass(frozen=True)
class Referentiel:
    """The contract's referentials, read from `referentiel/`."""

    objectifs: dict[str, Objectif] = field(default_factory=dict)
    piliers: dict[str, Libelle] = field(default_factory=dict)
    financeurs: dict[str, Libelle] = field(default_factory=dict)
    secteurs: dict[str, Libelle] = field(default_factory=dict)
    axes: dict[str, Libelle] = field(default_factory=dict)


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one data folder, as an immutable snapshot."""

    root: Path
    referentiel: Referentiel
    programmations: dict[int, Programmation]
    actions: tuple[Action, ...]
    bailleurs: tuple[Bailleur, ...]
    problems: tuple[Problem, ...]
    """What could not be read: bad TOML, wrong types, unsafe files."""
    programmation_files: dict[int, str] = field(default_factory=dict)
    """Year -> the file it was read from (`programmations/2019.toml`, whatever its name)."""
    versions: dict[str, str] = field(default_factory=dict)
    """File (`actions/x.toml`) -> the version read (digest of its bytes): what an edit is based on."""
    porteurs: tuple[Porteur, ...] = ()
    """The porteurs' records (`porteurs/<id>.toml`)."""

    def programmation_file(self, annee: int) -> str:
        return self.programmation_files.get(annee, f"programmations/{annee}.toml")

    @property
    def years(self) -> list[int]:
        """Every programme year the folder speaks of, oldest first."""
        return sorted({*self.programmations, *(a.annee for a in self.actions if a.annee),
                       *(b.annee for b in self.bailleurs if b.annee)})

    def actions_of(self, year: int | None) -> list[Action]:
        return [a for a in self.actions if a.annee == year]

    def action(self, id: str) -> Action | None:
        return next((a for a in self.actions if a.id == id), None)

    def bailleur(self, id: str) -> Bailleur | None:
        return next((b for b in self.bailleurs if b.id == id), None)

    def porteur(self, id: str) -> Porteur | None:
        return next((p for p in self.porteurs if p.id == id), None)

    def porteur_nom(self, action: Action) -> str:
        """The name of an action's porteur: its record's, or the name the action holds."""
        record = self.porteur(action.porteur) if action.porteur else None
        return record.nom if record is not None and record.nom else action.porteur

    def version(self, kind: str, id: str) -> str | None:
        """The version of the record's file this snapshot holds (None: no such file)."""
        return self.versions.get(f"{kind}/{id}.toml")

    def replace_record(self, kind: str, record: Any, version: str | None = None) -> "Dataset":
        """A new snapshot with `record` saved (added, or in place of its old version).

        In place, so that the views find what changed by identity.
        """
        field_name = KINDS[kind].field
        records = list(getattr(self, field_name))
        index = next((i for i, r in enumerate(records) if r.id == record.id), None)
        if index is None:
            records.append(record)
        else:
            records[index] = record
        versions = {**self.versions, f"{kind}/{record.id}.toml": version} if version else self.versions
        return replace(self, versions=versions, **{field_name: tuple(records)})

    def remove_record(self, kind: str, id: str) -> "Dataset":
        field_name = KINDS[kind].field
        versions = {rel: v for rel, v in self.versions.items() if rel != f"{kind}/{id}.toml"}
        return replace(self, versions=versions, **{field_name: tuple(r for r in getattr(self, field_name) if r.id != id)})
