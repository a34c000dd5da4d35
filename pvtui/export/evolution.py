"""`evolution`: the years side by side — actions, each funder, pillar, sector and objective.

Each year is the selection `select` makes for it (the same filters but the
year), so that a year's figures are exactly those of its own Financements
export. Every row says how it moved since the year before, and a bar
shows the amount against the largest of the table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pvtui.domain import compute
from pvtui.export import text
from pvtui.export.charts import per_year as year_bars
from pvtui.export.doc import EUROS, INT, PCT, Blocks, Section, Table, cols
from pvtui.export.jsonout import ratio
from pvtui.export.selection import Selection, select
from pvtui.domain.fmt import word

BAR = 10


def bar(value: float | None, largest: float | None) -> str:
    """A text bar of `value` against `largest` (readable with no colour)."""
    if not value or not largest or value <= 0:
        return ""
    return text.bar(value / largest, BAR)


def _by_code(per_year: dict[int, Selection], rows_of) -> dict[str, dict[int, Any]]:
    """Each year's rows (a funder, a pillar, a sector…) gathered by code, then year."""
    out: dict[str, dict[int, Any]] = {}
    for y, s in per_year.items():
        for row in rows_of(s):
            out.setdefault(row.code, {})[y] = row
    return out


def _delta(value: float | None, before: float | None) -> float | None:
    return None if value is None or before is None else value - before


def evolution(sel: Selection) -> Section:
    years = [y for y in sel.data.years]
    per_year = {y: select(sel.data, replace(sel.filtres, annee=y)) for y in years}
    ref = sel.ref
    b = Blocks()
    b.p(f"{word(len(years), 'Année')} {', '.join(map(str, years))} : "
        "chaque ligne donne l'écart avec l'année précédente.")

    # Actions and what they cost, year by year.
    rows, data_years = [], {}
    previous: compute.GroupRow | None = None
    for y, s in per_year.items():
        total, statuts = compute.total(s.actions), compute.statuts(s.actions)
        rows.append((str(y), total.actions, statuts.nouvelles, statuts.renouvellements, total.cout_total,
                     total.subventions, _delta(total.subventions, previous and previous.subventions)))
        data_years[str(y)] = {"nombre_actions": total.actions, "nouvelles": statuts.nouvelles,
                              "renouvellements": statuts.renouvellements, "cout_total": total.cout_total,
                              "subventions": total.subventions, "part": ratio(total.part)}
        previous = total
    b.table(Table("Actions par année", cols("Année", ("Actions", INT), ("Nouv.", INT), ("Renouv.", INT),
                                            ("Coût total", EUROS), ("Subventions", EUROS), ("Écart", EUROS)),
                  tuple(rows)))
    b.bars(year_bars(sel.data, years))

    # Each funder: envelope, engaged, share of the cost of what it funds.
    funders = _by_code(per_year, lambda s: compute.funders(
        s.actions, s.financeurs, s.programmation.enveloppe if s.programmation else {}))
    largest = max((r.montant for by in funders.values() for r in by.values()), default=0)
    rows = []
    for code, by in funders.items():
        before = None
        for y, row in by.items():
            rows.append((sel.funder(code), str(y), row.enveloppe, row.montant, row.engage,
                         _delta(row.montant, before), bar(row.montant, largest)))
            data_years[str(y)].setdefault("financeurs", {})[code] = {
                "libelle": sel.funder(code), "enveloppe": row.enveloppe, "montant": row.montant,
                "nombre_actions": row.actions, "part": ratio(row.part), "part_engagee": ratio(row.engage)}
            before = row.montant
    b.table(Table("Financeurs par année", cols("Financeur", "Année", ("Enveloppe", EUROS), ("Engagé", EUROS),
                                               ("Engagé/env.", PCT), ("Écart", EUROS), ""), tuple(rows), group=True))

    # Pillars and sectors: the subsidies they receive.
    for name, key, group_of, label in (
            ("Piliers par année", "piliers", lambda s: compute.by_pillar(s.actions),
             lambda c: f"{c} {ref.piliers[c].libelle}" if c in ref.piliers else c),
            ("Secteurs par année", "secteurs", lambda s: compute.by_sector(s.actions, ref.secteurs),
             lambda c: ref.secteurs[c].libelle if c in ref.secteurs else c)):
        groups = _by_code(per_year, group_of)
        largest = max((r.subventions for by in groups.values() for r in by.values()), default=0)
        rows = []
        for code, by in groups.items():
            before = None
            for y, row in by.items():
                rows.append((label(code), str(y), row.actions, row.subventions, _delta(row.subventions, before),
                             bar(row.subventions, largest)))
                data_years[str(y)].setdefault(key, {})[code] = {
                    "libelle": label(code), "nombre_actions": row.actions, "subventions": row.subventions}
                before = row.subventions
        b.table(Table(name, cols(name.split()[0][:-1], "Année", ("Actions", INT), ("Subventions", EUROS),
                                 ("Écart", EUROS), ""), tuple(rows), group=True))

    # Objectives: how many actions name each, year by year (a column a year: counts are narrow).
    coverage = {y: compute.coverage(s.actions, ref.objectifs) for y, s in per_year.items()}
    strategic = [code for code, o in ref.objectifs.items() if not o.is_sous_objectif]
    rows = tuple((code, *(coverage[y].mentions.get(code, 0) for y in years)) for code in strategic)
    for y in years:
        data_years[str(y)]["objectifs"] = {code: coverage[y].mentions.get(code, 0) for code in strategic}
    b.table(Table("Objectifs : actions qui les visent", cols("Objectif", *((str(y), INT) for y in years)), rows))

    data: dict[str, Any] = {"annees": years, "par_annee": data_years}
    # A spreadsheet gets the numbers, not the bars.
    tables = [replace(t, columns=t.columns[:-1], rows=tuple(r[:-1] for r in t.rows)) if t.columns[-1].name == ""
              else t for t in b.items if isinstance(t, Table)]
    return Section("Évolution d'une année à l'autre", b.items, data, tables)
