"""`beneficiaires`: people reached, by sex and age band, and the share from the QPV.

The law asks that the report's figures be given by sex: the tables put
hommes and femmes first, and say how many people the fiches do not split.
"""

from __future__ import annotations

from typing import Any

from pvtui.domain import compute
from pvtui.export.doc import INT, PCT, Blocks, Section, Table, cols
from pvtui.export.jsonout import ratio
from pvtui.export.selection import Selection
from pvtui.export.text import pct
from pvtui.domain.fmt import number


def _totals_dict(t: compute.BeneficiairesTotals) -> dict[str, Any]:
    return {"hommes": t.hommes, "femmes": t.femmes, "sexe_non_precise": t.sexe_non_precise, "total": t.total,
            "part_femmes": ratio(compute.ratio(t.femmes, t.hommes + t.femmes)),
            "part_qpv": ratio(t.part_qpv), "total_avec_part_qpv": t.total_avec_qpv}


def beneficiaires(sel: Selection) -> Section:
    totals = compute.beneficiaires(sel.actions)
    b = Blocks()
    sexed = totals.hommes + totals.femmes
    without = [a for a in sel.actions if not a.beneficiaires and not a.beneficiaires_total]
    b.fields(
        "",
        ("Bénéficiaires", totals.total, INT),
        ("Hommes", f"{number(totals.hommes)} ({pct(compute.ratio(totals.hommes, sexed))} des personnes "
                   "dont le sexe est connu)", "text"),
        ("Femmes", f"{number(totals.femmes)} ({pct(compute.ratio(totals.femmes, sexed))})", "text"),
        ("Sexe non précisé", totals.sexe_non_precise, INT),
        ("Issus des QPV", f"{pct(totals.part_qpv)} (sur les {number(totals.total_avec_qpv)} bénéficiaires "
                          "dont la fiche donne la part)", "text"),
        ("Actions sans tableau", f"{len(without)} sur {len(sel.actions)}", "text"),
    )
    by_age = Table(
        "Par sexe et tranche d'âge",
        cols("Tranche d'âge", ("Hommes", INT), ("Femmes", INT), ("Total", INT)),
        tuple((band, h, f, t) for band, (h, f, t) in totals.par_age.items()),
        (("Total", totals.hommes, totals.femmes, totals.total),))
    b.table(by_age)
    b.p("Une tranche dont la fiche ne donne que le total compte dans « Total » sans compter "
        "chez les hommes ni chez les femmes.")
    sector_rows, sectors = [], []
    for code in sel.secteurs:
        group = sel.by_secteur.get(code)
        if not group:
            continue
        t = compute.beneficiaires(group)
        sector_rows.append((sel.sector(code), t.hommes, t.femmes, t.total, t.part_qpv))
        sectors.append({"code": code, "libelle": sel.sector(code), **_totals_dict(t)})
    by_sector = Table(
        "Par secteur", cols("Secteur", ("Hommes", INT), ("Femmes", INT), ("Total", INT), ("Issus des QPV", PCT)),
        tuple(sector_rows), (("Total", totals.hommes, totals.femmes, totals.total, totals.part_qpv),))
    b.table(by_sector)
    if without:
        b.h("Actions dont la fiche n'a pas de tableau de bénéficiaires", 3)
        b.p("\n".join(f"- {a.titre or a.id}" for a in without))
    data = {
        **_totals_dict(totals),
        "par_age": [{"age": band, "hommes": h, "femmes": f, "total": t}
                    for band, (h, f, t) in totals.par_age.items()],
        "par_secteur": sectors,
        "actions_sans_tableau": [a.id for a in without],
    }
    tables = [
        Table("Synthèse", cols("Libellé", ("Valeur", INT)), (
            ("Hommes", totals.hommes), ("Femmes", totals.femmes),
            ("Sexe non précisé", totals.sexe_non_precise), ("Total", totals.total))),
        by_age, by_sector,
    ]
    return Section("Bénéficiaires", b.items, data, tables)
