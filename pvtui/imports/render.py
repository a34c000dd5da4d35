"""The preview of an import, as text: what `pvtui import` prints, row by row, in French."""

from __future__ import annotations

from pvtui.domain.dataset import ACTIONS
from pvtui.domain.problem import printable
from pvtui.imports.columns import FIELDS
from pvtui.imports.plan import CREEE, IGNOREE, INCHANGEE, MODIFIEE, Plan, toml_string
from pvtui.imports.values import column_letter
from pvtui.domain.fmt import count_of, word


BLANKS_SHOWN = 20
"""Empty rows named in the preview; beyond, counted."""


def field_label(name: str) -> str:
    if name.startswith("financeur:"):
        return f"subvention {name.split(':', 1)[1]}"
    return FIELDS.get(name, name)


def preview_lines(plan: Plan) -> list[str]:
    out = [f"Import de {plan.source} ({plan.what}) — {plan.header.rows_label}"]
    mapped = ", ".join(f"{column_letter(i)} « {plan.header.headers[i]} » → {field_label(f)}"
                       for i, f in sorted(plan.header.fields.items()) if f)
    out.append(f"Colonnes lues : {mapped}")
    for where in plan.ignored_columns:
        out.append(f"Colonne ignorée : {where} (inconnue : nommez-la dans une table de correspondance)")
    for index, rows in plan.unnamed_columns:
        where = ", ".join(str(n) for n in rows[:5]) + ("…" if len(rows) > 5 else "")
        out.append(f"Colonne ignorée : colonne {column_letter(index)}, sans en-tête "
                   f"({count_of(len(rows), 'cellule remplie')}, {word(len(rows), 'ligne')} {where})")
    for ligne in plan.lignes:
        where = f"{ACTIONS}/{ligne.id}.toml" if ligne.id else ""
        title = f"« {ligne.titre} »" if ligne.titre else ""
        head = " — ".join(p for p in (f"ligne {ligne.row} : {ligne.etat}", where, title) if p)
        if ligne.etat == IGNOREE:
            out.append(f"ligne {ligne.row} : ignorée — {ligne.details[0]}")
            if ligne.confirmer:
                out.append(f"    à confirmer : {ligne.confirmer}")
            continue
        out.append(head)
        indent = "    "
        out.extend(indent + detail for detail in ligne.details)
        if ligne.confirmer:
            out.append(f"{indent}à confirmer : {ligne.confirmer}")
    out.extend(_to_confirm(plan))
    if plan.blank_rows:
        shown = ", ".join(str(n) for n in plan.blank_rows[:BLANKS_SHOWN])
        more = len(plan.blank_rows) - BLANKS_SHOWN
        out.append(f"Lignes vides passées : {shown}" + (f" et {count_of(more, 'autre')}" if more > 0 else ""))
    out.append(summary(plan))
    return [printable(line) for line in out]


def _to_confirm(plan: Plan) -> list[str]:
    """The `[porteurs]` lines that confirm every lookalike from the CLI, once per spelling, to paste."""
    rows: dict[tuple[str, str], list[str]] = {}
    for ligne in plan.a_confirmer:
        rows.setdefault((ligne.graphie, ligne.propose), []).append(str(ligne.row))
    if not rows:
        return []
    out = ["Pour confirmer depuis la ligne de commande ces porteurs « à confirmer », ajoutez à la table de "
           "correspondance (--correspondance) :", "[porteurs]"]
    for (graphie, id), numbers in rows.items():
        where = f"ligne {numbers[0]}" if len(numbers) == 1 else f"lignes {', '.join(numbers[:5])}" + (
            "…" if len(numbers) > 5 else "")
        out.append(f"{toml_string(graphie)} = {toml_string(id)}  # {where}")
    return out


def summary(plan: Plan) -> str:
    counts = [count_of(plan.count(CREEE), "créée"), count_of(plan.count(MODIFIEE), "modifiée"),
              count_of(plan.count(INCHANGEE), "inchangée"), count_of(plan.count(IGNOREE), "ignorée"),
              f"{len(plan.a_confirmer)} à confirmer"]
    return "Bilan : " + ", ".join(counts) + "."
