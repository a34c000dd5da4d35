"""`financements` (the funding share tables) and `synthese` (one summary per funder)."""

from __future__ import annotations

from typing import Any

from pvtui.domain import compute, vie
from pvtui.export.charts import NATURES, charts
from pvtui.export.doc import EUROS, INT, PCT, Blocks, Fields, Section, Table, as_table, cols
from pvtui.export.fiches import title
from pvtui.export.jsonout import ratio
from pvtui.export.selection import ACTION_FILTERS, Selection
from pvtui.export.text import pct
from pvtui.domain.fmt import count_of, euros

_FEMININE = {"communauté", "ville", "région", "métropole", "commune", "caisse", "agence", "préfecture"}
_MASCULINE = {"conseil", "département", "fonds", "ministère", "programme"}


def par(nom: str) -> str:
    """The name with its article, for "subventionnées par …": "la Ville de Yutz", "l'État"."""
    words = nom.split()
    if not words:
        return nom
    first = words[0].lower()
    if first[0] in "aeiouyéèêàâîôû":
        return "l'" + nom
    if first in _FEMININE:
        return "la " + nom
    if first in _MASCULINE:
        return "le " + nom
    return nom


def _plural(n: int, word: str) -> str:
    return count_of(n, word)


def _funder_dict(row: compute.FunderRow, sel: Selection) -> dict[str, Any]:
    return {"code": row.code, "libelle": sel.funder(row.code), "nom": sel.funder_name(row.code),
            "montant": row.montant, "nombre_actions": row.actions, "cout_actions": row.cout_actions,
            "part": ratio(row.part), "enveloppe": row.enveloppe, "reste": row.reste,
            "part_engagee": ratio(row.engage)}


def _group_dict(row: compute.GroupRow, label: str) -> dict[str, Any]:
    return {"code": row.code, "libelle": label, "nombre_actions": row.actions, "cout_total": row.cout_total,
            "financements": row.financements, "subventions": row.subventions, "part": ratio(row.part)}


def _group_tables(name: str, first: str, rows: list[compute.GroupRow], label, sel: Selection,
                  total: compute.GroupRow | None) -> tuple[list[Table], Table]:
    """Groups of actions (sectors, pillars) and their funding.

    The text gets two tables that fit the page (costs, then each funder's
    amount); the spreadsheet gets them as one.
    """
    codes = sel.financeurs
    funders = [(sel.funder(c), EUROS) for c in codes]

    def footer(*cells) -> tuple:
        return (("Total", *cells),) if total else ()

    t = total or compute.total(())
    costs = Table(name, cols(first, ("Actions", INT), ("Coût total", EUROS), ("Subventions", EUROS), ("Part", PCT)),
                  tuple((label(r.code), r.actions, r.cout_total, r.subventions, r.part) for r in rows),
                  footer(t.actions, t.cout_total, t.subventions, t.part))
    amounts = Table(f"{name} et financeur", cols(first, *funders),
                    tuple((label(r.code), *(r.financements.get(c, 0) for c in codes)) for r in rows),
                    footer(*(t.financements.get(c, 0) for c in codes)))
    whole = Table(f"{name} et financeur", cols(first, ("Actions", INT), ("Coût total", EUROS), *funders,
                                              ("Subventions", EUROS), ("Part", PCT)),
                  tuple((label(r.code), r.actions, r.cout_total, *(r.financements.get(c, 0) for c in codes),
                         r.subventions, r.part) for r in rows),
                  footer(t.actions, t.cout_total, *(t.financements.get(c, 0) for c in codes), t.subventions, t.part))
    return [costs, amounts], whole


def _declared(sel: Selection) -> tuple[list[dict[str, Any]], Table | None]:
    """The report's printed sector totals against what the fiches add up to."""
    prog = sel.programmation
    entries = [e for e in (prog.declare.get("secteurs") or []) if isinstance(e, dict)] if prog else []
    if sel.action_filtered or not entries:
        return [], None
    out, rows = [], []
    for entry in entries:
        codes = [c for c in entry.get("secteurs", []) if isinstance(c, str)]
        fiches = compute.total([a for c in dict.fromkeys(codes) for a in sel.by_secteur.get(c, ())])
        declared = entry.get("cout_total") if isinstance(entry.get("cout_total"), (int, float)) else None
        out.append({"libelle": entry.get("libelle", ""), "secteurs": codes,
                    "nombre_actions_declare": entry.get("nombre_actions"), "nombre_fiches": fiches.actions,
                    "cout_declare": declared, "cout_fiches": fiches.cout_total})
        rows.append((str(entry.get("libelle", "")), entry.get("nombre_actions"), fiches.actions, declared,
                     fiches.cout_total, None if declared is None else fiches.cout_total - declared))
    table = Table("Coûts par secteur : déclarés au rapport et coûts des fiches",
                  cols("Secteur", ("Actions déclarées", INT), ("Fiches", INT), ("Coût déclaré", EUROS),
                       ("Coût des fiches", EUROS), ("Écart", EUROS)), tuple(rows))
    return out, table


def financements(sel: Selection) -> Section:
    prog = sel.programmation
    enveloppes = prog.enveloppe if prog else {}
    codes = sel.financeurs
    total = compute.total(sel.actions)
    funders = compute.funders(sel.actions, codes, enveloppes)
    declare = prog.declare if prog else {}
    b = Blocks()
    whole = not sel.action_filtered
    declared_n, declared_cost = declare.get("nombre_actions"), declare.get("cout_global")
    key_figures = Fields(
        f"Programmation {sel.annee}", tuple(item for item in (
        ("Actions (fiches)", total.actions, INT),
        ("Actions selon le rapport", declared_n, INT) if whole and isinstance(declared_n, int) else None,
        ("Coût total des actions", total.cout_total, EUROS),
        ("Coût global selon le rapport", declared_cost, EUROS) if whole and declared_cost is not None else None,
        ("Subventions", total.subventions, EUROS),
        ("Part du coût total", total.part, PCT),
        ("Complément ANRU", prog.complement_anru, EUROS) if whole and prog and prog.complement_anru else None,
    ) if item))
    b.items.append(key_figures)
    tables = [as_table(key_figures)]
    by_funder = Table(
        "Par financeur", cols("Financeur", ("Actions", INT), ("Subventions", EUROS), ("Part du coût", PCT),
                              ("Enveloppe", EUROS), ("Reste", EUROS), ("Engagé", PCT)),
        tuple((sel.funder(r.code), r.actions, r.montant, r.part, r.enveloppe, r.reste, r.engage) for r in funders),
        (("Total", None, total.subventions, total.part, sum(enveloppes.values()) if enveloppes else None,
          None, None),),
    )
    b.table(by_funder)
    chart = charts(sel)
    b.bars(chart["financeur"])
    b.p("Part du coût : subvention du financeur rapportée au coût total des actions qu'il "
        "finance. Engagé : part de l'enveloppe de l'année consommée.")
    sectors = [r for r in compute.by_sector(sel.actions, sel.secteurs) if r.actions]
    text_tables, by_sector = _group_tables("Par secteur", "Secteur", sectors, sel.sector, sel, total)
    for table in text_tables:
        b.table(table)
    b.bars(chart["secteur"])
    pillars = [r for r in compute.by_pillar(sel.actions) if r.actions]
    pillar_label = lambda code: sel.pillar(code) if code != "—" else "Sans pilier"  # noqa: E731
    text_tables, by_pillar = _group_tables("Par pilier", "Pilier", pillars, pillar_label, sel, None)
    for table in text_tables:
        b.table(table)
    b.p("Une action qui relève de plusieurs piliers compte dans chacun : les lignes ne s'additionnent pas.")
    b.bars(chart["pilier"])
    natures = compute.by_nature(sel.actions, {c: e.nature for c, e in sel.ref.financeurs.items()})
    by_nature = Table(
        "Droit commun et crédits spécifiques", cols("Nature des crédits", ("Montant", EUROS), ("Part", PCT)),
        tuple((NATURES.get(code, code), amount, compute.ratio(amount, total.subventions))
              for code, amount in natures.items()),
    )
    b.table(by_nature)
    b.bars(chart["nature"])
    tables += [by_funder, by_sector, by_pillar, by_nature]
    declared_rows, declared_table = _declared(sel)
    if declared_table:
        b.table(declared_table)
        tables.append(declared_table)
    data = {
        "programmation": {"nombre_actions": total.actions, "cout_total": total.cout_total,
                          "subventions": total.subventions, "part": ratio(total.part),
                          "complement_anru": prog.complement_anru if prog else None,
                          "enveloppes": enveloppes,
                          "declare": {"nombre_actions": declared_n, "cout_global": declared_cost}},
        "financeurs": [_funder_dict(r, sel) for r in funders],
        "secteurs": [_group_dict(r, sel.sector(r.code)) for r in sectors],
        "piliers": [_group_dict(r, pillar_label(r.code)) for r in pillars],
        "natures": natures,
        "secteurs_declares": declared_rows,
    }
    return Section("Synthèse des financements", b.items, data, tables)


# --- synthese ----------------------------------------------------------------


def _synthese_funders(sel: Selection) -> list[str]:
    if sel.filtres.financeur:
        return [sel.filtres.financeur]
    enveloppes = sel.programmation.enveloppe if sel.programmation else {}
    codes = [c for c in sel.financeurs if c in enveloppes or c in sel.funded]
    # The report's order: the funders' own money (droit commun) first, the State's credits last.
    nature = {c: e.nature for c, e in sel.ref.financeurs.items()}
    return sorted(codes, key=lambda c: nature.get(c) != "droit-commun")


def _statut_text(s: compute.Statuts) -> str:
    if not s.nouvelles and not s.renouvellements:
        return f"non précisé dans les fiches ({_plural(s.non_precise, 'action')})"
    parts = [_plural(s.nouvelles, "nouvelle"), _plural(s.renouvellements, "renouvellement")]
    if s.depuis:
        parts[-1] += " (" + ", ".join(f"{n} depuis {y}" for y, n in s.depuis.items()) + ")"
    if s.non_precise:
        parts.append(f"statut non précisé pour {s.non_precise}")
    return ", ".join(parts)


def _declared_text(entry: dict[str, Any]) -> str | None:
    n = entry.get("nombre_actions")
    if not isinstance(n, int):
        return None
    text = _plural(n, "action")
    details = []
    if isinstance(entry.get("nouvelles"), int):
        details.append(_plural(entry["nouvelles"], "nouvelle"))
    if isinstance(entry.get("renouvellements"), int):
        details.append(_plural(entry["renouvellements"], "renouvellement"))
    since = entry.get("depuis")
    if isinstance(since, dict) and since:
        details[-1:] = [(details[-1] + " " if details else "") + "(" + ", ".join(
            f"{v} depuis {k}" for k, v in since.items()) + ")"]
    return text + (", " + ", ".join(details) if details else "")


def _suivi_field(suivi: dict, code: str):
    """« Demandé / voté / versé », where the records say what was asked or paid (else nothing to show)."""
    demande, vote, verse = suivi.get(code, (0, 0, 0))
    if not demande and not verse:
        return None
    return ("Demandé / voté / versé", f"{euros(demande)} / {euros(vote)} / {euros(verse)}", "text")


def synthese(sel: Selection) -> Section:
    prog = sel.programmation
    enveloppes = prog.enveloppe if prog else {}
    declared_all = (prog.declare.get("financeurs") or {}) if prog else {}
    b = Blocks()
    out, summary, listing = [], [], []
    codes = _synthese_funders(sel)
    # Every funder's row and actions from one pass each, not one scan of the actions per funder.
    rows = {r.code: r for r in compute.funders(sel.actions, codes, enveloppes)}
    alone_by = compute.funded_only_groups(sel.actions)
    by_funder = {id(a): a.financement for a in sel.actions}  # each action's dict once, not once per funder
    suivi = vie.demande_vote_verse(sel.actions)
    narrowed = any(getattr(sel.filtres, name) for name in ACTION_FILTERS if name != "financeur")
    for code in codes:
        row = rows[code]
        funded = list(sel.funded.get(code, ()))
        alone = alone_by.get(code, [])
        statuts = compute.statuts(funded)
        # --financeur keeps all of a funder's actions: only the other filters make its declaration incomparable.
        declared = declared_all.get(code) if not narrowed else None
        declared = declared if isinstance(declared, dict) else None
        b.h(f"Synthèse des actions subventionnées par {par(sel.funder_name(code))}", 2)
        b.fields(
            "",
            ("Actions subventionnées", row.actions, INT),
            ("Enveloppe", row.enveloppe, EUROS) if row.enveloppe is not None else None,
            ("Engagé", f"{euros(row.montant)}" + (
                f" ({pct(row.engage)} de l'enveloppe)" if row.engage is not None else ""), "text"),
            ("Reste", row.reste, EUROS) if row.reste is not None else None,
            ("Part du coût des actions", row.part, PCT),
            ("Nouvelles / renouvelées", _statut_text(statuts), "text"),
            _suivi_field(suivi, code),
            ("Seul financeur de", " ; ".join(a.titre or a.id for a in alone), "text") if alone else None,
            ("Déclaré au rapport", _declared_text(declared), "text")
            if declared and _declared_text(declared) else None,
        )
        if declared and declared.get("note"):
            b.p(f"Note : {declared['note']}")
        if funded:
            b.table(Table(
                "Actions et subventions",
                cols("Secteur", "Action : porteur", ("Coût total", EUROS), ("Subvention", EUROS), ("Part", PCT)),
                tuple((sel.sector(a.secteur), title(a), a.cout_total, by_funder[id(a)][code],
                       compute.ratio(by_funder[id(a)][code], a.cout_total)) for a in funded),
                (("Total", _plural(row.actions, "action"), row.cout_actions, row.montant, row.part),),
                group=True,
            ))
        summary.append((sel.funder(code), row.actions, row.enveloppe, row.montant, row.reste, row.engage, row.part,
                        statuts.nouvelles, statuts.renouvellements, statuts.non_precise, len(alone),
                        declared.get("nombre_actions") if declared else None,
                        declared.get("nouvelles") if declared else None,
                        declared.get("renouvellements") if declared else None))
        listing += [(sel.funder(code), sel.sector(a.secteur), a.id, a.titre, a.porteur, a.cout_total,
                     by_funder[id(a)][code], compute.ratio(by_funder[id(a)][code], a.cout_total)) for a in funded]
        out.append({
            **_funder_dict(row, sel),
            "statuts": {"nouvelles": statuts.nouvelles, "renouvellements": statuts.renouvellements,
                        "non_precise": statuts.non_precise,
                        "depuis": {str(y): n for y, n in statuts.depuis.items()}},
            "seul_financeur": [a.id for a in alone],
            "declare": declared,
            "actions": [{"id": a.id, "titre": a.titre, "porteur": a.porteur, "secteur": a.secteur,
                         "cout_total": a.cout_total, "montant": by_funder[id(a)][code],
                         "part": ratio(compute.ratio(by_funder[id(a)][code], a.cout_total))} for a in funded],
        })
    if not out:
        b.p("Aucun financeur ni aucune action pour ces filtres.")
    tables = [
        Table("Synthèse par financeur", cols(
            "Financeur", ("Actions", INT), ("Enveloppe", EUROS), ("Engagé", EUROS), ("Reste", EUROS),
            ("Part de l'enveloppe", PCT), ("Part du coût des actions", PCT), ("Nouvelles", INT),
            ("Renouvellements", INT), ("Statut non précisé", INT), ("Seul financeur", INT),
            ("Actions déclarées", INT), ("Nouvelles déclarées", INT), ("Renouvellements déclarés", INT)),
            tuple(summary)),
        Table("Actions par financeur", cols(
            "Financeur", "Secteur", "Identifiant", "Titre", "Porteur", ("Coût total", EUROS),
            ("Subvention", EUROS), ("Part", PCT)), tuple(listing)),
    ]
    return Section("Synthèse par financeur", b.items, {"financeurs": out}, tables)
