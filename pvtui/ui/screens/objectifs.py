"""Objectifs: the grid's 20 objectives against the sectors; what no action names stands out."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from pvtui.domain import compute
from pvtui.domain.dataset import Dataset
from pvtui.ui.safe import visible
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.cells import count, text
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable


def dont(subs: dict[str, int]) -> str:
    """The report's "Dont : I-C-3 (1)" column."""
    return " ; ".join(f"{code} ({n})" for code, n in sorted(subs.items()))


class ObjectifsScreen(DataScreen):
    """The "photographie des piliers", per sector and for the programme."""

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        with VerticalScroll():
            yield Static(id="obj-title", classes="section")
            yield RecordTable(id="grid", cursor=False, sortable=False)  # the grid's order is the report's
            yield Static(id="summary", classes="section")
        yield KeyBar()

    def refresh_data(self, data: Dataset) -> None:
        ref = data.referentiel
        year = self.app.year
        actions = data.actions_of(year)
        programme = compute.coverage(actions, ref.objectifs)
        by_sector = compute.group_by(actions, lambda a: a.secteur)  # one pass, however many sectors
        per_sector = {code: compute.coverage(by_sector.get(code, []), ref.objectifs) for code in ref.secteurs}
        self.query_one("#obj-title", Static).update(Text(
            f"Objectifs {year or '—'} : {programme.total} mentions pour {programme.actions} actions "
            f"(dont {programme.total_sous_objectifs} sous-objectifs) ; ✗ = objectif qu'aucune action ne vise"))

        table = self.query_one("#grid", RecordTable)
        table.set_columns([Column("objectif", "Obj.", 7),
                           *(Column(code, visible(secteur.court or secteur.libelle or code), 7, True)
                             for code, secteur in ref.secteurs.items()),
                           Column("total", "Total", 5, True), Column("dont", "Dont", None)])
        rows = []
        for pilier_code, pilier in ref.piliers.items():
            rows.append((f"pilier-{pilier_code}", [Text(pilier_code, style="bold"), *[Text("")] * (len(ref.secteurs) + 1),
                                                   text(pilier.libelle, style="bold")]))
            for code, objectif in ref.objectifs.items():
                if objectif.is_sous_objectif or objectif.pilier != pilier_code:
                    continue
                n = programme.mentions.get(code, 0)
                absent = n == 0
                label = Text(("✗ " if absent else "  ") + code, style="bold reverse" if absent else "")
                rows.append((code, [label, *(count(per_sector[s].mentions.get(code) or None) for s in ref.secteurs),
                                    count(n, style="bold reverse" if absent else "bold"),
                                    text(dont(programme.sous_objectifs.get(code, {})))]))
        table.fill(rows)

        titles = {a.id: a.titre for a in actions}
        pillars = " · ".join(f"{code} : {n}" for code, n in programme.par_pilier.items())
        lines = [
            f"Mentions par pilier : {pillars}",
            f"Objectifs absents : {', '.join(programme.absents) or 'aucun'}",
            f"Transversaux « valeurs de la République » : {programme.transversaux} "
            f"(d'après les sous-objectifs marqués transversal dans le référentiel)",
            f"Actions sans objectif ({len(programme.sans_objectif)}) :",
            *(f"  - {titles[id]}" for id in programme.sans_objectif),
        ]
        self.query_one("#summary", Static).update(Text("\n".join(lines)))
