"""Exports: the same summaries for the command line and the TUI (pure, no Textual).

`export(data, kind, filtres, fmt, now)` -> bytes. Each kind is modelled on a
section of the annual report; `rapport` is all of them, in the report's
order. Text is UTF-8, at most 72 characters a line, French numbers; CSV is
for a French spreadsheet; JSON has the keys documented in the README.
Filters that make no sense for a kind (a bailleur for the funding tables)
are left out of it, and of its header line.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable

from pvtui.domain.export_kinds import FORMATS, KINDS
from pvtui.export import csvout, jsonout, text
from pvtui.export.beneficiaires import beneficiaires
from pvtui.export.doc import Heading, Para, Section
from pvtui.export.evolution import evolution
from pvtui.export.fiches import actions, fiche
from pvtui.export.financements import financements, synthese
from pvtui.export.objectifs import objectifs
from pvtui.export.selection import ACTION_FILTERS, TFPB_FILTERS, ExportError, Filtres, Selection, select
from pvtui.export.tfpb import tfpb

__all__ = ["KINDS", "FORMATS", "Filtres", "ExportError", "export", "STAMP", "restamp"]


_BUILD: dict[str, Callable[[Selection], Section]] = {
    "fiche": fiche, "synthese": synthese, "financements": financements, "objectifs": objectifs,
    "tfpb": tfpb, "beneficiaires": beneficiaires, "actions": actions, "evolution": evolution,
}
FILTERS = {kind: ACTION_FILTERS for kind in _BUILD}
FILTERS["tfpb"] = TFPB_FILTERS
FILTERS["rapport"] = ACTION_FILTERS + ("bailleur",)

# The annual report's parts, in its order, with the JSON key of each.
RAPPORT = (
    ("financements", "Programmation financière", "financements"),
    ("synthese", "Synthèse des actions subventionnées par financeur", "synthese"),
    ("fiche", "Fiches des actions", "fiches"),
    ("beneficiaires", "Bénéficiaires", "beneficiaires"),
    ("objectifs", "Annexe : photographie des piliers", "objectifs"),
    ("tfpb", "Annexe : bilan de l'abattement de TFPB", "tfpb"),
)


def rapport(sel: Selection) -> Section:
    blocks: list = [Heading("Sommaire", 3),
                    Para("\n".join(f"{n}. {label}" for n, (_, label, _) in enumerate(RAPPORT, 1)))]
    data, tables = {}, []
    for n, (kind, label, key) in enumerate(RAPPORT, 1):
        section = _BUILD[kind](sel)
        blocks.append(Heading(f"{n}. {label}", 1))
        blocks += section.blocks
        data[key] = section.data["actions"] if kind == "fiche" else section.data
        for table in section.csv_tables():
            tables.append(replace(table, title=f"{label} — {table.title}" if table.title else label))
    return Section("Rapport annuel politique de la ville", blocks, data, tables)


def header(title: str, sel: Selection, kind: str, now: datetime) -> list[str]:
    """The parts of "Synthèse des financements — programmation 2019 — secteur : … — faite le …"."""
    years = sel.data.years
    span = (f"années {years[0]} à {years[-1]}" if len(years) > 1 else f"année {sel.annee}") if kind == "evolution" \
        else f"programmation {sel.annee}"
    return [title, span, *sel.describe(FILTERS[kind]),
            f"faite le {now:%d/%m/%Y} à {now:%H:%M}"]


def export(data, kind: str, filtres: Filtres, fmt: str = "text", now: datetime | None = None) -> bytes:
    """One summary of a loaded data folder, as bytes ready to write.

    Raises ExportError (French message) for an unknown kind, format or
    filter value, and for a fiche that no action matches.
    """
    if kind not in KINDS:
        raise ExportError(f"type d'export inconnu « {kind} » (possibles : {', '.join(KINDS)})")
    if fmt not in FORMATS:
        raise ExportError(f"format inconnu « {fmt} » (possibles : {', '.join(FORMATS)})")
    now = now or datetime.now()
    sel = select(data, filtres)
    if kind == "fiche" and not sel.actions:
        raise ExportError("aucune action ne correspond à ces filtres ("
                          + (", ".join(sel.describe(ACTION_FILTERS)) or f"programmation {sel.annee}") + ")")
    section = rapport(sel) if kind == "rapport" else _BUILD[kind](sel)
    if kind == "fiche" and len(sel.actions) > 1:
        section.title = f"{section.title} ({len(sel.actions)})"
    head = header(section.title, sel, kind, now)
    if fmt == "text":
        return text.render(head, section.blocks)
    if fmt == "csv":
        return csvout.render(" — ".join(head), section.csv_tables())
    return jsonout.render({
        "export": kind,
        "titre": section.title,
        "annee": sel.annee,
        "filtres": {name: getattr(sel.filtres, name) for name in FILTERS[kind] if getattr(sel.filtres, name)},
        "fait_le": now.strftime("%Y-%m-%dT%H:%M"),
        **section.data,
    })


STAMP = datetime(1111, 11, 11, 11, 11)
"""Renders kept by `pvtui.workspace.folder.export_folder` carry this date, put right when they are used."""


def restamp(render: bytes, fmt: str, now: datetime) -> bytes:
    """Put `now` where the kept render says `STAMP`: the header, its first occurrence.

    In text the date and the time are replaced apart: a long header may wrap between them.
    """
    if fmt == "json":
        return render.replace(f"{STAMP:%Y-%m-%dT%H:%M}".encode(), f"{now:%Y-%m-%dT%H:%M}".encode(), 1)
    out = render
    at = 0
    for part in ("%d/%m/%Y", "%H:%M"):
        old, new = f"{STAMP:{part}}".encode(), f"{now:{part}}".encode()
        at = out.find(old, at)
        if at < 0:
            break
        out = out[:at] + new + out[at + len(old):]
    return out
