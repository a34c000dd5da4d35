"""Financements: per funder against its envelope, sector x funder, pillar, nature of credits."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from pvtui.domain import compute
from pvtui.domain.dataset import Dataset
from pvtui.domain.fmt import euros, number, percent
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.cells import bar, count, money, share, text
from pvtui.ui.widgets.keybar import KeyBar


class FinancementsScreen(DataScreen):
    """Four small tables, recomputed from the records at every change."""

    BINDINGS = [
        Binding("m", "envelopes", "Enveloppes", id="envelopes", tooltip="Modifier les enveloppes de l'année"),
        Binding("v", "evolution", "Évolution", id="evolution", tooltip="Les années côte à côte"),
        Binding("N", "new_year", "Nouvelle année", id="new-year",
                tooltip="Préparer l'année suivante depuis la dernière"),
    ]

    def action_envelopes(self) -> None:
        from pvtui.ui.screens.annee import EnveloppesScreen

        if self.app.year:
            self.app.push_screen(EnveloppesScreen(self.app.year))

    def action_evolution(self) -> None:
        from pvtui.ui.screens.evolution import EvolutionScreen

        self.app.push_screen(EvolutionScreen())

    def action_new_year(self) -> None:
        from pvtui.ui.screens.annee import NouvelleAnneeScreen

        years = self.app.data.years if self.app.data else []
        if years:
            self.app.push_screen(NouvelleAnneeScreen(years[-1], years[-1] + 1))

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        with VerticalScroll():
            yield Static(id="fin-title", classes="section")
            yield DataTable(id="funders", cursor_type="row", show_cursor=False)
            yield Static("Par secteur et financeur", classes="section")
            yield DataTable(id="sectors", cursor_type="row", show_cursor=False)
            yield Static("Par pilier (une action sur plusieurs piliers compte dans chacun)", classes="section")
            yield DataTable(id="pillars", cursor_type="row", show_cursor=False)
            yield Static(id="nature", classes="section")
        yield KeyBar()

    def refresh_data(self, data: Dataset) -> None:
        ref = data.referentiel
        year = self.app.year
        actions = data.actions_of(year)
        prog = data.programmations.get(year)
        envelopes = prog.enveloppe if prog else {}
        self.query_one("#fin-title", Static).update(Text(
            f"Programmation {year or '—'} : {number(len(actions))} actions, coût total "
            f"{euros(sum(a.cout_total or 0 for a in actions))}"
            + (f"\nComplément ANRU {euros(prog.complement_anru)}" if prog and prog.complement_anru else "")))

        table = self.query_one("#funders", DataTable)
        table.clear(columns=True)
        table.add_columns("Financeur", "Montant", "Actions", "Part", "Enveloppe", "Reste", "Engagé")
        for row in compute.funders(actions, ref.financeurs, envelopes):
            funder = ref.financeurs.get(row.code)
            table.add_row(text(funder.libelle if funder else row.code), money(row.montant), count(row.actions),
                          share(row.montant, row.cout_actions), money(row.enveloppe), money(row.reste),
                          Text.assemble(bar(row.engage), " ", percent(row.montant, row.enveloppe)), key=row.code)

        funders = list(ref.financeurs)
        table = self.query_one("#sectors", DataTable)
        table.clear(columns=True)
        table.add_columns("Secteur", "Actions", "Coût total", *(ref.financeurs[c].libelle or c for c in funders), "Part")
        for row in compute.by_sector(actions, ref.secteurs):
            secteur = ref.secteurs.get(row.code)
            table.add_row(text(secteur.libelle[:16] if secteur else row.code), count(row.actions), money(row.cout_total),
                          *(money(row.financements.get(c, 0)) for c in funders),
                          share(row.subventions, row.cout_total), key=row.code)

        table = self.query_one("#pillars", DataTable)
        table.clear(columns=True)
        table.add_columns("Pilier", "Actions", "Coût total", "Subventions", "Part")
        for row in compute.by_pillar(actions):
            pilier = ref.piliers.get(row.code)
            table.add_row(text(f"{row.code} {pilier.libelle}" if pilier else "sans pilier"), count(row.actions),
                          money(row.cout_total), money(row.subventions), share(row.subventions, row.cout_total),
                          key=row.code)

        natures = {code: entry.nature for code, entry in ref.financeurs.items()}
        split = compute.by_nature(actions, natures)
        total = sum(split.values())
        labels = {"credits-specifiques": "Crédits spécifiques", "droit-commun": "Droit commun"}
        self.query_one("#nature", Static).update(Text(
            "Crédits spécifiques / droit commun : " + " · ".join(
                f"{labels.get(k, k)} {euros(v)} ({percent(v, total)})" for k, v in split.items())))
