"""Financements: per funder against its envelope, sector x funder, pillar, nature of credits."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pvtui.domain import compute, vie
from pvtui.domain.dataset import Dataset
from pvtui.export import ExportError, Filtres
from pvtui.export.charts import NATURES, charts, per_year
from pvtui.export.selection import select
from pvtui.domain.fmt import count_of, euros, percent
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.cells import bar, count, money, share, text
from pvtui.ui.widgets.chart import BarChart
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable


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
            yield RecordTable(id="funders", cursor=False)
            yield Static("Demandé, voté, versé", id="suivi-title", classes="section")
            yield RecordTable(id="suivi", cursor=False)
            yield Static("Par secteur et financeur", classes="section")
            yield RecordTable(id="sectors", cursor=False)
            yield Static("Par pilier (une action sur plusieurs piliers compte dans chacun)", classes="section")
            yield RecordTable(id="pillars", cursor=False)
            yield Static(id="nature", classes="section")
            for name in ("financeur", "secteur", "pilier", "nature", "annees"):
                yield BarChart(id=f"chart-{name}")
        yield KeyBar()

    def refresh_data(self, data: Dataset) -> None:
        ref = data.referentiel
        year = self.app.year
        actions = data.actions_of(year)
        prog = data.programmations.get(year)
        envelopes = prog.enveloppe if prog else {}
        self.query_one("#fin-title", Static).update(Text(
            f"Programmation {year or '—'} : {count_of(len(actions), 'action')}, coût total "
            f"{euros(sum(a.cout_total or 0 for a in actions))}"
            + (f"\nComplément ANRU {euros(prog.complement_anru)}" if prog and prog.complement_anru else "")
            + (f"\nAucune programmation {year} ({data.programmation_file(year)}) : m pour la créer"
               if year is not None and prog is None else "")))

        def label(code: str) -> str:
            funder = ref.financeurs.get(code)
            return funder.libelle or code if funder else code

        table = self.query_one("#funders", RecordTable)
        table.set_columns([Column("financeur", "Financeur", 12), Column("montant", "Montant", None, True),
                           Column("actions", "Actions", None, True), Column("part", "Part", None, True),
                           Column("enveloppe", "Enveloppe", None, True), Column("reste", "Reste", None, True),
                           Column("engage", "Engagé", None, False)])
        table.fill((row.code, [
            text(label(row.code)), money(row.montant), count(row.actions), share(row.montant, row.cout_actions),
            money(row.enveloppe), money(row.reste), Text.assemble(bar(row.engage), " ", percent(row.montant, row.enveloppe)),
        ]) for row in compute.funders(actions, ref.financeurs, envelopes))

        self._show_suivi(actions, list(ref.financeurs), label)

        funders = list(ref.financeurs)
        table = self.query_one("#sectors", RecordTable)
        table.set_columns([Column("secteur", "Secteur", 16), Column("actions", "Actions", None, True),
                           Column("cout_total", "Coût total", None, True),
                           *(Column(c, label(c), None, True) for c in funders), Column("part", "Part", None, True)])
        table.fill((row.code, [
            text(ref.secteurs[row.code].libelle if row.code in ref.secteurs else row.code), count(row.actions),
            money(row.cout_total), *(money(row.financements.get(c, 0)) for c in funders),
            share(row.subventions, row.cout_total),
        ]) for row in compute.by_sector(actions, ref.secteurs))

        table = self.query_one("#pillars", RecordTable)
        table.set_columns([Column("pilier", "Pilier", 24), Column("actions", "Actions", None, True),
                           Column("cout_total", "Coût total", None, True),
                           Column("subventions", "Subventions", None, True), Column("part", "Part", None, True)])
        table.fill((row.code, [
            text(f"{row.code} {ref.piliers[row.code].libelle}" if row.code in ref.piliers else "sans pilier"),
            count(row.actions), money(row.cout_total), money(row.subventions), share(row.subventions, row.cout_total),
        ]) for row in compute.by_pillar(actions))

        natures = {code: entry.nature for code, entry in ref.financeurs.items()}
        split = compute.by_nature(actions, natures)
        total = sum(split.values())
        self.query_one("#nature", Static).update(Text(
            "Crédits spécifiques / droit commun : " + " · ".join(
                f"{NATURES.get(k, k)} {euros(v)} ({percent(v, total)})" for k, v in split.items())))
        self._show_charts(data, year)

    def _show_suivi(self, actions, order: list[str], label) -> None:
        """Asked, voted and paid per funder: shown once the year's records say what was asked or paid
        (a report transcribed in the short form only says what was voted)."""
        suivi = vie.demande_vote_verse(actions)
        shown = any(demande or verse for demande, _, verse in suivi.values())
        table = self.query_one("#suivi", RecordTable)
        table.display = self.query_one("#suivi-title", Static).display = shown
        if not shown:
            return
        table.set_columns([Column("financeur", "Financeur", 12), Column("demande", "Demandé", None, True),
                           Column("vote", "Voté", None, True), Column("verse", "Versé", None, True),
                           Column("reste", "Reste à verser", None, True)])
        codes = [c for c in order if c in suivi] + [c for c in suivi if c not in order]  # the referential's order
        table.fill((code, [text(label(code)), *(money(v) for v in suivi[code]), money(suivi[code][1] - suivi[code][2])])
                   for code in codes)

    def _show_charts(self, data: Dataset, year: int | None) -> None:
        try:
            drawn = charts(select(data, Filtres(annee=year))) if year is not None else {}
        except ExportError:
            drawn = {}
        drawn["annees"] = per_year(data, data.years) if len(data.years) > 1 else None
        for name, chart in drawn.items():
            self.query_one(f"#chart-{name}", BarChart).show(chart)
