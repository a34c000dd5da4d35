"""`tfpb`: the bailleurs' abatement reports per quartier, and the synthesis by axe."""

from __future__ import annotations

from typing import Any

from pvtui.domain import compute
from pvtui.export.doc import EUROS, INT, PCT, Blocks, Section, Table, cols
from pvtui.export.jsonout import ratio
from pvtui.export.selection import Selection
from pvtui.domain.fmt import euros, number


def _heading(b, q) -> str:
    parts = [b.nom or b.id]
    if q.logements is not None:
        parts.append(f"{number(q.logements)} logements")
    if q.abattement is not None:
        parts.append(f"abattement annuel {euros(q.abattement)}")
    if q.logements is None and q.abattement is None:
        parts.append("logements et abattement non renseignés")
    return " — ".join(parts)


def _printed(sel: Selection) -> dict[str, Any] | None:
    """The report's printed total by axe, when it compares: only the whole synthesis is the report's."""
    printed = compute.printed_tfpb(sel.programmation.declare) if sel.programmation else None
    if printed is None or sel.filtres.secteur or sel.filtres.bailleur:
        return None
    realisee, valorisee, note = printed
    return {"realisee": realisee, "valorisee": valorisee, "taux": compute.ratio(valorisee, realisee), "note": note}


def tfpb(sel: Selection) -> Section:
    out = Blocks()
    rows = compute.quartiers(sel.bailleurs)
    # compute.quartiers gives one row per (bailleur, quartier), in this same order.
    entries = list(zip(((b, q) for b in sel.bailleurs for q in b.quartiers), rows))
    sectors = list(sel.ref.secteurs) + sorted({q.secteur for (_, q), _ in entries} - set(sel.ref.secteurs))
    position = {sector: i for i, sector in enumerate(sectors)}
    by_sector: dict[str, list] = {}  # one pass, however many quartiers
    for (b, q), row in entries:
        by_sector.setdefault(q.secteur, []).append((b, q, row))
    lignes = []
    for sector in sectors:
        here = by_sector.get(sector)
        if not here:
            continue
        out.h(sel.sector(sector), 2)
        for b, q, row in here:
            body = tuple((sel.axe(line.axe), line.action, line.realisee, line.valorisee,
                          compute.ratio(line.valorisee or 0, line.realisee)) for line in q.lignes)
            out.table(Table(
                _heading(b, q), cols("Axe", "Action", ("Réalisée", EUROS), ("Valorisée", EUROS), ("Taux", PCT)),
                body, (("Total", None, row.realisee, row.valorisee, row.taux),), group=True))
            notes = []
            if q.note:
                notes.append(q.note)
            if row.ecart is not None:
                notes.append(f"Dépense valorisée moins abattement : {euros(row.ecart)}.")
            out.p(" ".join(notes))
            if q.details:
                out.h("Détails des actions", 3)
                out.p(q.details)
            lignes += [(b.nom or b.id, sel.sector(sector), sel.axe(line.axe), line.action, line.realisee,
                        line.valorisee, compute.ratio(line.valorisee or 0, line.realisee)) for line in q.lignes]
    ordered = sorted(rows, key=lambda r: position[r.secteur])
    # The text leaves out the logements (each bailleur's heading gives them) so that the table fits.
    summary = Table(
        "Par bailleur et quartier",
        cols("Quartier", "Bailleur", ("Abattement", EUROS), ("Réalisée", EUROS), ("Valorisée", EUROS),
             ("Taux", PCT), ("Écart", EUROS)),
        tuple((sel.sector(r.secteur), r.bailleur, r.abattement, r.realisee, r.valorisee, r.taux, r.ecart)
              for r in ordered), group=True)
    summary_csv = Table(
        "Par bailleur et quartier",
        cols("Quartier", "Bailleur", ("Logements", INT), ("Abattement", EUROS), ("Réalisée", EUROS),
             ("Valorisée", EUROS), ("Taux", PCT), ("Valorisée − abattement", EUROS)),
        tuple((sel.sector(r.secteur), r.bailleur, r.logements, r.abattement, r.realisee, r.valorisee, r.taux,
               r.ecart) for r in ordered))
    axes = compute.synthese_axes(sel.bailleurs)
    total = compute.total_axes(axes)
    printed = _printed(sel)
    by_axe = Table(
        "Synthèse des dépenses par axe",
        cols("Axe", "Porteurs", ("Lignes", INT), ("Réalisée", EUROS), ("Valorisée", EUROS), ("Taux", PCT)),
        tuple((sel.axe(r.axe), " / ".join(r.porteurs), r.lignes, r.realisee, r.valorisee, r.taux) for r in axes),
        (("Total", None, total.lignes, total.realisee, total.valorisee, total.taux),)
        + ((("Total imprimé au rapport", None, None, printed["realisee"], printed["valorisee"], printed["taux"]),)
           if printed else ()), group=True)
    if entries:
        out.h("Synthèse", 2)
        out.table(summary)
        out.p("Écart : dépense valorisée moins abattement (négatif quand le bailleur a valorisé "
              "moins que l'abattement dont il a bénéficié).")
        out.table(by_axe)
        if printed and printed["note"]:
            out.p(printed["note"])
    else:
        out.p("Aucun bilan TFPB pour ces filtres.")
    computed = {id(q): row for (_, q), row in entries}
    data: dict[str, Any] = {
        "bailleurs": [{
            "id": b.id, "nom": b.nom, "nom_complet": b.nom_complet or None,
            "quartiers": [{
                "secteur": q.secteur, "secteur_libelle": sel.sector(q.secteur), "logements": q.logements,
                "abattement": q.abattement, "note": q.note or None, "details": q.details or None,
                "realisee": computed[id(q)].realisee, "valorisee": computed[id(q)].valorisee,
                "taux": ratio(computed[id(q)].taux), "ecart": computed[id(q)].ecart,
                "lignes": [{"axe": line.axe, "axe_libelle": sel.axe(line.axe), "action": line.action,
                            "realisee": line.realisee, "valorisee": line.valorisee} for line in q.lignes],
            } for q in b.quartiers],
        } for b in sel.bailleurs],
        "axes": [{"axe": r.axe, "libelle": sel.axe(r.axe), "porteurs": list(r.porteurs), "lignes": r.lignes,
                  "realisee": r.realisee, "valorisee": r.valorisee, "taux": ratio(r.taux)} for r in axes],
        "total": {"lignes": total.lignes, "realisee": total.realisee, "valorisee": total.valorisee,
                  "taux": ratio(total.taux)},
        "declare": {**printed, "taux": ratio(printed["taux"])} if printed else None,
    }
    tables = [
        summary_csv,
        Table("Lignes des bilans", cols("Bailleur", "Quartier", "Axe", "Action", ("Réalisée", EUROS),
                                         ("Valorisée", EUROS), ("Taux", PCT)), tuple(lignes)),
        by_axe,
    ]
    return Section("Bilan de l'abattement TFPB", out.items, data, tables)
