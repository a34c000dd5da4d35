"""`objectifs`: the "photographie des piliers", per sector and for the programme."""

from __future__ import annotations

from typing import Any

from pvtui.domain import compute
from pvtui.export.doc import INT, Blocks, Section, Table, cols
from pvtui.export.fiches import objective_label
from pvtui.export.selection import Selection
from pvtui.domain.model import Action


def _order(sel: Selection, cov: compute.Coverage) -> list[str]:
    """Named objectives in the grid's order, then codes the grid does not know."""
    grid = [code for code, o in sel.ref.objectifs.items() if not o.is_sous_objectif]
    return [c for c in grid if cov.mentions[c]] + sorted(c for c in cov.mentions if c not in grid)


def _pillar_of(sel: Selection, code: str) -> str:
    objectif = sel.ref.objectifs.get(code)
    return objectif.pilier if objectif and objectif.pilier else code.split("-")[0]


def _dont(cov: compute.Coverage, code: str) -> str | None:
    subs = cov.sous_objectifs.get(code)
    return ", ".join(f"{s} ({n})" for s, n in sorted(subs.items())) if subs else None


def _coverage_blocks(sel: Selection, label: str, actions: tuple[Action, ...], programme: bool) -> tuple[list, dict]:
    cov = compute.coverage(actions, sel.ref.objectifs)
    b = Blocks()
    b.h(label, 2)
    order = _order(sel, cov)
    if order:
        b.table(Table("", cols("Pilier", "Objectif", ("Mentions", INT), "Dont"),
                      tuple((f"{p} — {sel.pillar(p)}", code, cov.mentions[code], _dont(cov, code))
                            for code in order for p in [_pillar_of(sel, code)]),
                      (("Total", None, cov.total, None),), group=True))
    top = max(cov.mentions.values(), default=0)
    most = [c for c in order if cov.mentions[c] == top] if top else []
    absent_pillars = [p for p in compute.PILIERS if not cov.par_pilier.get(p)]
    by_title = {a.id: a.titre or a.id for a in actions}
    marked = any(o.transversal for o in sel.ref.objectifs.values())
    b.fields(
        "",
        ("Actions", cov.actions, INT),
        ("Sans objectif mentionné", f"{len(cov.sans_objectif)}" + (
            " (" + " ; ".join(by_title[i] for i in cov.sans_objectif) + ")" if cov.sans_objectif else ""),
         "text"),
        ("Objectifs mentionnés", f"{cov.total}, dont {cov.total_sous_objectifs} par un sous-objectif", "text"),
        ("Par pilier", ", ".join(f"{sel.pillar(p)} {n}" for p, n in cov.par_pilier.items()), "text"),
        ("Le plus mentionné", ", ".join(f"{c} ({top})" for c in most), "text") if most else None,
        ("Piliers absents", ", ".join(sel.pillar(p) for p in absent_pillars), "text") if absent_pillars else None,
        ("Transversaux", f"{cov.transversaux} (pilier « Valeurs de la République et citoyenneté »)"
         if marked else "non renseigné (la grille n'en marque aucun)", "text"),
    )
    if programme and cov.absents:
        b.h(f"Objectifs de la grille qu'aucune action ne mentionne ({len(cov.absents)})", 3)
        b.p("\n".join(f"- {code} : {objective_label(sel, code)}" for code in cov.absents))
    data = {
        "nombre_actions": cov.actions,
        "mentions": {c: cov.mentions[c] for c in order},
        "sous_objectifs": {c: dict(sorted(cov.sous_objectifs[c].items())) for c in order if c in cov.sous_objectifs},
        "total_mentions": cov.total,
        "mentions_sous_objectifs": cov.total_sous_objectifs,
        "par_pilier": cov.par_pilier,
        "absents": list(cov.absents),
        "sans_objectif": list(cov.sans_objectif),
        "transversaux": cov.transversaux,
    }
    return b.items, data


def objectifs(sel: Selection) -> Section:
    blocks: list = []
    sectors: list[dict[str, Any]] = []
    rows, absents, without = [], [], []
    scopes = [(code, sel.by_secteur[code]) for code in sel.secteurs if code in sel.by_secteur]
    many = len(scopes) > 1 or not sel.filtres.secteur
    for code, group in scopes if many else []:
        items, data = _coverage_blocks(sel, f"Photographie des piliers : {sel.sector(code)}", group, False)
        blocks += items
        sectors.append({"code": code, "libelle": sel.sector(code), **data})
    items, programme = _coverage_blocks(
        sel, f"Photographie des piliers pour la programmation {sel.annee}"
        if not sel.filtres.secteur else f"Photographie des piliers : {sel.sector(sel.filtres.secteur)}",
        sel.actions, True)
    blocks += items
    for scope, data in [*((s["libelle"], s) for s in sectors), ("Programmation", programme)]:
        for objective, n in data["mentions"].items():
            rows.append((scope, _pillar_of(sel, objective), objective, n,
                         ", ".join(f"{s} ({k})" for s, k in data["sous_objectifs"].get(objective, {}).items())
                         or None))
        without += [(scope, i, a.titre if (a := sel.data.action(i)) else i) for i in data["sans_objectif"]]
    absents = [(code, objective_label(sel, code), _pillar_of(sel, code)) for code in programme["absents"]]
    tables = [
        Table("Objectifs mentionnés", cols("Périmètre", "Pilier", "Objectif", ("Mentions", INT), "Dont"),
              tuple(rows)),
        Table("Objectifs qu'aucune action ne mentionne", cols("Objectif", "Libellé", "Pilier"), tuple(absents)),
        Table("Actions sans objectif", cols("Périmètre", "Identifiant", "Titre"), tuple(without)),
    ]
    return Section("Photographie des piliers", blocks,
                   {"programme": programme, "secteurs": sectors}, tables)
