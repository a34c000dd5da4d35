"""What a data folder holds once read: an immutable snapshot the views and exports share."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import cached_property
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

    # Indexes: built once per snapshot, on first use, and never updated. A snapshot is
    # immutable and `replace_record` / `remove_record` return a new one (whose indexes
    # start empty), so an index can never go stale. A lookup is then O(1) and a
    # selection by year O(its size), however many records the folder holds.

    @cached_property
    def _actions_by_id(self) -> dict[str, Action]:
        return _first_by_id(self.actions)

    @cached_property
    def _bailleurs_by_id(self) -> dict[str, Bailleur]:
        return _first_by_id(self.bailleurs)

    @cached_property
    def _porteurs_by_id(self) -> dict[str, Porteur]:
        return _first_by_id(self.porteurs)

    @cached_property
    def _actions_by_year(self) -> dict[int | None, tuple[Action, ...]]:
        return _by_year(self.actions)

    @cached_property
    def _bailleurs_by_year(self) -> dict[int | None, tuple[Bailleur, ...]]:
        return _by_year(self.bailleurs)

    @cached_property
    def _years(self) -> tuple[int, ...]:
        return tuple(sorted({*self.programmations, *(y for y in self._actions_by_year if y),
                             *(y for y in self._bailleurs_by_year if y)}))

    @property
    def years(self) -> list[int]:
        """Every programme year the folder speaks of, oldest first."""
        return list(self._years)

    @property
    def default_year(self) -> int | None:
        """The year shown first: the most recent with a programmation file, else the most recent at all."""
        return max(self.programmations, default=None) or max(self.years, default=None)

    def actions_of(self, year: int | None) -> list[Action]:
        """The actions of one programme year, in the snapshot's order."""
        return list(self._actions_by_year.get(year, ()))

    def bailleurs_of(self, year: int | None) -> list[Bailleur]:
        """The bailleurs' reports of one programme year, in the snapshot's order."""
        return list(self._bailleurs_by_year.get(year, ()))

    def action(self, id: str) -> Action | None:
        """The action of that id (the first one, while `check` reports a duplicate)."""
        return self._actions_by_id.get(id)

    def bailleur(self, id: str) -> Bailleur | None:
        return self._bailleurs_by_id.get(id)

    def porteur(self, id: str) -> Porteur | None:
        return self._porteurs_by_id.get(id)

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
        rel = f"{kind}/{record.id}.toml"
        versions = {**self.versions, rel: version} if version else self.versions
        if isinstance(getattr(self, field_name), dict):  # programmations, by year
            return replace(self, versions=versions, programmations={**self.programmations, record.annee: record},
                           programmation_files={**self.programmation_files, record.annee: rel})
        records = list(getattr(self, field_name))
        index = next((i for i, r in enumerate(records) if r.id == record.id), None)
        if index is None:  # where a reload puts it: the files are read in name order
            bisect.insort(records, record, key=lambda r: f"{r.id}.toml")
        else:
            records[index] = record
        return replace(self, versions=versions, **{field_name: tuple(records)})

    def remove_record(self, kind: str, id: str) -> "Dataset":
        field_name = KINDS[kind].field
        versions = {rel: v for rel, v in self.versions.items() if rel != f"{kind}/{id}.toml"}
        if isinstance(getattr(self, field_name), dict):
            kept = {year: p for year, p in self.programmations.items() if p.id != id}
            return replace(self, versions=versions, programmations=kept,
                           programmation_files={y: f for y, f in self.programmation_files.items() if y in kept})
        return replace(self, versions=versions, **{field_name: tuple(r for r in getattr(self, field_name) if r.id != id)})


def _first_by_id(records) -> dict:
    index: dict = {}
    for record in records:
        index.setdefault(record.id, record)
    return index


def _by_year(records) -> dict:
    groups: dict = {}
    for record in records:
        groups.setdefault(record.annee, []).append(record)
    return {year: tuple(group) for year, group in groups.items()}
