"""Exports: the same summaries for the command line and the TUI (pure, no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("fiche", "synthese", "financements", "objectifs", "tfpb", "beneficiaires", "rapport", "actions")
FORMATS = ("text", "csv", "json")


class ExportError(Exception):
    """An export that cannot be made (unknown action, kind without that format)."""


@dataclass(frozen=True)
class Filtres:
    """What a summary covers; None means everything."""

    annee: int | None = None
    secteur: str | None = None
    financeur: str | None = None
    pilier: str | None = None
    bailleur: str | None = None
    action: str | None = None


def export(data, kind: str, filtres: Filtres, fmt: str = "text", now=None) -> bytes:
    raise ExportError("pas encore disponible")
