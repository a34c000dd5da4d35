"""`fiche` (each action as the report presents it) and `actions` (the list)."""

from __future__ import annotations

from typing import Any

from pvtui.domain import compute
from pvtui.export.doc import EUROS, INT, PCT, PRINTED_PCT, SHARE, Blocks, Section, Table, cols
from pvtui.export.jsonout import ratio
from pvtui.export.selection import Selection
from pvtui.domain.model import Action, Beneficiaires
from pvtui.domain.fmt import count_of

BENEFICIAIRES = (("hommes", "Hommes", INT), ("femmes", "Femmes", INT), ("total", "Total", INT),
                 ("part_qpv", "% issus des QPV", PRINTED_PCT))


def statut(action: Action) -> str | None:
    found = compute.statut(action)
    if found == "nouvelle":
        return "nouvelle action"
    if found == "renouvellement":
        since = f" depuis {action.renouvele_depuis}" if action.renouvele_depuis else ""
        return f"renouvellement{since}"
    return None


def title(action: Action) -> str:
    name = action.titre or action.id
    return f"{name} : {action.porteur}" if action.porteur else name


def objective_label(sel: Selection, code: str) -> str:
    objectif = sel.ref.objectifs.get(code)
    if objectif is None:
        return "code absent de la grille des objectifs"
    return objectif.libelle or "libellé absent du référentiel"


def objective_pillar(sel: Selection, code: str) -> str:
    objectif = sel.ref.objectifs.get(code)
    return objectif.pilier if objectif and objectif.pilier else code.split("-")[0]


def _present(rows: tuple[Beneficiaires, ...]) -> list[tuple[str, str, str]]:
    """The columns a beneficiaries table has (the report leaves some out)."""
    return [c for c in BENEFICIAIRES if any(getattr(r, c[0]) is not None for r in rows)]


def _beneficiaires_table(action: Action) -> Table | None:
    rows = action.beneficiaires
    every = rows + ((action.beneficiaires_total,) if action.beneficiaires_total else ())
    if not every:
        return None
    present = _present(every)
    columns = cols("Âge", *((label, kind) for _, label, kind in present))
    body = tuple((r.age or "—", *(getattr(r, key) for key, _, _ in present)) for r in rows)
    total = action.beneficiaires_total
    footer = (("Total", *(getattr(total, key) for key, _, _ in present)),) if total else ()
    return Table("Bénéficiaires", columns, body, footer)


def fiche_blocks(sel: Selection, action: Action) -> list:
    b = Blocks()
    b.h(title(action), 2)
    pillars = compute.piliers(action)
    b.fields(
        "",
        ("Secteur", sel.sector(action.secteur), "text"),
        ("Programmation", action.annee, "text"),
        ("Statut", statut(action), "text") if statut(action) else None,
        ("Pilier" + ("s" if len(pillars) > 1 else ""),
         ", ".join(sel.pillar(p) for p in pillars) + (" (supposé)" if not action.objectifs else ""),
         "text") if pillars else None,
        ("Coût total", action.cout_total, EUROS),
    )
    b.p(action.description)
    if action.indicateurs:
        b.h("Indicateurs", 3)
        b.p(action.indicateurs)
    if action.nombre_beneficiaires is not None:
        b.fields("", ("Bénéficiaires annoncés", action.nombre_beneficiaires, INT))
    table = _beneficiaires_table(action)
    if table:
        b.table(table)
    shares = compute.shares(action)
    if not shares:
        b.h("Répartition des subventions « politique de la ville »", 3)
        b.p("Aucune subvention n'est enregistrée pour cette action.")
    else:
        b.table(Table(
            "Répartition des subventions « politique de la ville »",
            cols("Financeur", ("Subvention (part du coût)", SHARE)),
            tuple((sel.funder(code), (amount, part)) for code, amount, part in shares),
            (("Total", (action.total_subventions, compute.ratio(action.total_subventions, action.cout_total))),)
            if len(shares) > 1 else (),
        ))
    if action.objectifs:
        b.h("Objectifs", 3)
        b.p("\n".join(
            f"- {code} : {objective_label(sel, code)} (pilier {sel.pillar(objective_pillar(sel, code))})"
            for code in action.objectifs))
    else:
        supposed = f" ; pilier supposé : {sel.pillar(action.pilier_suppose)}" if action.pilier_suppose else ""
        b.p(f"Aucun objectif n'est mentionné pour cette action{supposed}.")
    if action.corrections:
        b.h("Corrections de saisie", 3)
        b.p("\n".join(
            f"- {c.champ} : " + (f"« {c.imprime} » dans le rapport" if c.imprime.strip() else "absent du rapport")
            + f", « {c.retenu} » retenu" + (f" ({c.note})" if c.note else "") for c in action.corrections))
    return b.items


def _row(row: Beneficiaires | None, age: bool = True) -> dict[str, Any] | None:
    if row is None:
        return None
    out: dict[str, Any] = {"age": row.age} if age else {}
    out.update({k: getattr(row, k) for k, _, _ in BENEFICIAIRES})
    return out


def fiche_data(sel: Selection, action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "titre": action.titre,
        "porteur": action.porteur,
        "annee": action.annee,
        "secteur": action.secteur,
        "secteur_libelle": sel.sector(action.secteur),
        "statut": action.statut or None,
        "renouvele_depuis": action.renouvele_depuis,
        "cout_total": action.cout_total,
        "description": action.description,
        "indicateurs": action.indicateurs,
        "nombre_beneficiaires": action.nombre_beneficiaires,
        "financements": [
            {"financeur": code, "libelle": sel.funder(code), "montant": amount, "part": ratio(part)}
            for code, amount, part in compute.shares(action)
        ],
        "total_subventions": action.total_subventions,
        "part_subventions": ratio(compute.ratio(action.total_subventions, action.cout_total)),
        "beneficiaires": [_row(r) for r in action.beneficiaires],
        "beneficiaires_total": _row(action.beneficiaires_total, age=False),
        "objectifs": [
            {"code": code, "libelle": sel.ref.objectifs[code].libelle if code in sel.ref.objectifs else None,
             "pilier": objective_pillar(sel, code)}
            for code in action.objectifs
        ],
        "piliers": list(compute.piliers(action)),
        "pilier_suppose": action.pilier_suppose or None,
        "corrections": [
            {"champ": c.champ, "imprime": c.imprime, "retenu": c.retenu, "note": c.note or None}
            for c in action.corrections
        ],
    }


def fiche_tables(sel: Selection) -> list[Table]:
    """Flat tables over every fiche, one line per fact, for a spreadsheet."""
    actions = sel.actions
    ident = Table("Actions", cols(
        "Identifiant", "Titre", "Porteur", ("Année", INT), "Secteur", "Statut", ("Renouvelée depuis", INT),
        ("Coût total", EUROS), "Objectifs", "Piliers", "Description", "Indicateurs"),
        tuple((a.id, a.titre, a.porteur, a.annee, sel.sector(a.secteur), a.statut or None, a.renouvele_depuis,
               a.cout_total, ", ".join(a.objectifs), ", ".join(compute.piliers(a)), a.description,
               a.indicateurs) for a in actions))
    money = Table("Répartition des subventions", cols(
        "Identifiant", "Titre", "Financeur", ("Subvention", SHARE)),
        tuple((a.id, a.titre, sel.funder(code), (amount, part))
              for a in actions for code, amount, part in compute.shares(a)))
    people = Table("Bénéficiaires", cols(
        "Identifiant", "Titre", "Âge", *((label, kind) for _, label, kind in BENEFICIAIRES)),
        tuple((a.id, a.titre, row.age if row is not a.beneficiaires_total else "Total",
               *(getattr(row, k) for k, _, _ in BENEFICIAIRES))
              for a in actions
              for row in (*a.beneficiaires, *((a.beneficiaires_total,) if a.beneficiaires_total else ()))))
    goals = Table("Objectifs", cols("Identifiant", "Titre", "Code", "Libellé", "Pilier"),
                  tuple((a.id, a.titre, code, objective_label(sel, code), sel.pillar(objective_pillar(sel, code)))
                        for a in actions for code in a.objectifs))
    return [ident, money, people, goals]


def fiche(sel: Selection) -> Section:
    b = Blocks()
    for action in sel.actions:
        b.extend(fiche_blocks(sel, action))
    if not sel.actions:
        b.p("Aucune action ne correspond à ces filtres.")
    return Section("Fiche action" if len(sel.actions) == 1 else "Fiches actions", b.items,
                   {"actions": [fiche_data(sel, a) for a in sel.actions]}, fiche_tables(sel))


# --- the list ----------------------------------------------------------------


def actions(sel: Selection) -> Section:
    funders = sel.financeurs
    rows = []
    for a in sel.actions:
        rows.append((sel.sector(a.secteur), title(a), a.cout_total, a.total_subventions,
                     compute.ratio(a.total_subventions, a.cout_total)))
    total = compute.total(sel.actions)
    count = count_of(total.actions, "action")
    table = Table(
        "", cols("Secteur", "Action : porteur", ("Coût total", EUROS), ("Subventions", EUROS), ("Part", PCT)),
        tuple(rows), (("Total", count, total.cout_total, total.subventions, total.part),),
        group=True)
    csv_table = Table("Actions", cols(
        "Identifiant", "Titre", "Porteur", ("Année", INT), "Secteur", "Statut", ("Coût total", EUROS),
        *((sel.funder(code), EUROS) for code in funders), ("Total subventions", EUROS),
        ("Part des subventions", PCT), "Objectifs", "Piliers"),
        tuple((a.id, a.titre, a.porteur, a.annee, sel.sector(a.secteur), a.statut or None, a.cout_total,
               *map(a.financement.get, funders), a.total_subventions,  # the dict built once per action
               compute.ratio(a.total_subventions, a.cout_total), ", ".join(a.objectifs),
               ", ".join(compute.piliers(a))) for a in sel.actions))
    b = Blocks()
    if sel.actions:
        b.table(table)
    else:
        b.p("Aucune action ne correspond à ces filtres.")
    data = {"actions": [
        {"id": a.id, "titre": a.titre, "porteur": a.porteur, "annee": a.annee, "secteur": a.secteur,
         "statut": a.statut or None, "cout_total": a.cout_total, "financements": a.financement,
         "objectifs": list(a.objectifs), "piliers": list(compute.piliers(a))}
        for a in sel.actions]}
    return Section("Liste des actions", b.items, data, [csv_table])
