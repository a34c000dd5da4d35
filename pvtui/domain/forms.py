"""Form text -> record, with a French message per bad field (pure, tested without a terminal).

The edit screens collect what was typed as strings; these functions decide
whether it makes a valid record. Nothing is saved while any message remains.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pvtui.domain.check import STATUTS, amount_problem, suggest
from pvtui.domain.dataset import Referentiel
from pvtui.domain.fmt import AmountError, euros, parse_amount
from pvtui.domain.model import NC, Action, Beneficiaires, Financement, LigneTFPB, Quartier
from pvtui.domain.years_check import year_errors

Errors = dict[str, str]
"""Field name -> message."""


def parse_int(text: str, field: str, errors: Errors, label: str) -> int | None:
    cleaned = re.sub(r"\s", "", text)
    if not cleaned:
        return None
    if not cleaned.isdigit():
        errors[field] = f"{label} : « {text.strip()} » n'est pas un nombre entier positif"
        return None
    return int(cleaned)


def parse_money(text: str, field: str, errors: Errors, label: str) -> Any:
    """An amount typed in a form, refused when `check` would call it an error (negative, implausible)."""
    try:
        value = parse_amount(text)
    except AmountError as error:
        errors[field] = f"{label} : {error}"
        return None
    if value is not None and (problem := amount_problem(value, label)):
        errors[field] = problem[0].upper() + problem[1:]
        return None
    return value


def parse_cell(text: str, field: str, errors: Errors, label: str, decimals: bool = False) -> Any:
    """A beneficiary cell: empty (absent), "NC" (unknown) or a non-negative number."""
    cleaned = re.sub(r"[\s%]", "", text)
    if not cleaned:
        return None
    if cleaned.upper() == NC:
        return NC
    pattern = r"\d+(?:[.,]\d+)?" if decimals else r"\d+"
    if not re.fullmatch(pattern, cleaned):
        errors[field] = f"{label} : « {text.strip()} » n'est ni un nombre positif ni NC"
        return None
    value = float(cleaned.replace(",", "."))
    return int(value) if value.is_integer() else value


def parse_codes(text: str) -> list[str]:
    return [code.upper() for code in re.split(r"[\s,;]+", text) if code]


def action_from_form(
    base: Action,
    fields: dict[str, str],
    funding: dict[str, str],
    rows: list[dict[str, str]],
    ref: Referentiel,
) -> tuple[Action, Errors]:
    """The action the form describes, and a message for every field that is wrong."""
    errors: Errors = {}
    titre = fields.get("titre", "").strip()
    if not titre:
        errors["titre"] = "Titre : obligatoire"
    porteur = fields.get("porteur", "").strip()
    if not porteur:
        errors["porteur"] = "Porteur : obligatoire"
    annee = parse_int(fields.get("annee", ""), "annee", errors, "Année")
    if annee is None and "annee" not in errors:
        errors["annee"] = "Année : obligatoire"
    secteur = fields.get("secteur", "").strip()
    if secteur not in ref.secteurs:
        errors["secteur"] = f"Secteur inconnu « {secteur} »{suggest(secteur, ref.secteurs)}" if secteur \
            else "Secteur : obligatoire"
    statut = fields.get("statut", "").strip()
    if statut and statut not in STATUTS:
        errors["statut"] = f"Statut inconnu « {statut} »{suggest(statut, STATUTS)}"
    depuis = parse_int(fields.get("renouvele_depuis", ""), "renouvele_depuis", errors, "Renouvelée depuis")
    for key, message in year_errors(annee, depuis).items():
        errors.setdefault(key, message)
    cout = parse_money(fields.get("cout_total", ""), "cout_total", errors, "Coût total")
    if cout is None and "cout_total" not in errors:
        errors["cout_total"] = "Coût total : obligatoire"
    objectifs = parse_codes(fields.get("objectifs", ""))
    unknown = [code for code in objectifs if code not in ref.objectifs]
    if unknown:
        errors["objectifs"] = "; ".join(
            f"objectif inconnu « {code} »{suggest(code, ref.objectifs, n=3)}" for code in unknown
        ) + " (Ctrl+O : choisir dans la grille)"
    pilier = fields.get("pilier_suppose", "").strip()
    if pilier and pilier not in ref.piliers:
        errors["pilier_suppose"] = f"Pilier inconnu « {pilier} »{suggest(pilier, ref.piliers)}"
    nombre = parse_int(fields.get("nombre_beneficiaires", ""), "nombre_beneficiaires", errors, "Bénéficiaires annoncés")

    financements = []
    lines = {f.financeur: f for f in base.financements}  # an edited amount keeps its line's life
    for code, typed in funding.items():
        label = ref.financeurs[code].libelle if code in ref.financeurs else code
        amount = parse_money(typed, f"financement-{code}", errors, f"Subvention {label}")
        if amount is None:
            continue
        if cout is not None and amount > cout:
            errors[f"financement-{code}"] = f"Subvention {label} : {euros(amount)} dépasse le coût total ({euros(cout)})"
        financements.append(replace(lines[code], montant=amount) if code in lines else Financement(code, amount))
    total = sum(f.montant for f in financements)
    if cout is not None and total > cout and not any(k.startswith("financement-") for k in errors):
        errors["financements"] = (f"La somme des subventions ({euros(total)}) dépasse le coût total de l'action "
                                  f"({euros(cout)})")

    beneficiaires = []
    for index, row in enumerate(rows):
        where = f"Bénéficiaires ligne {index + 1}"
        cells = {
            key: parse_cell(row.get(key, ""), f"beneficiaires-{index}-{key}", errors, f"{where}, {label}",
                            decimals=key == "part_qpv")
            for key, label in (("hommes", "hommes"), ("femmes", "femmes"), ("total", "total"),
                               ("part_qpv", "% QPV"))
        }
        age = row.get("age", "").strip()
        if not age and any(v is not None for v in cells.values()):
            errors[f"beneficiaires-{index}-age"] = f"{where} : précisez la tranche d'âge"
        if age or any(v is not None for v in cells.values()):
            beneficiaires.append(Beneficiaires(age=age, **cells))

    # The printed "Total" row is edited as the last row of the table.
    totals = [row for row in beneficiaires if row.age.casefold() == "total"]
    beneficiaires = [row for row in beneficiaires if row.age.casefold() != "total"]
    total_row = replace(totals[-1], age="") if totals else None

    action = replace(
        base,
        titre=titre, porteur=porteur, annee=annee, secteur=secteur, statut=statut,
        renouvele_depuis=depuis, cout_total=cout, objectifs=tuple(objectifs), pilier_suppose=pilier,
        description=fields.get("description", "").strip("\n"),
        indicateurs=fields.get("indicateurs", "").strip("\n"),
        nombre_beneficiaires=nombre,
        financements=tuple(financements), beneficiaires=tuple(beneficiaires),
        beneficiaires_total=total_row,
    )
    return action, errors


def quartier_from_form(quartier: Quartier, fields: dict[str, str]) -> tuple[Quartier, Errors]:
    """A quartier's logements and abattement (empty: not given); its lines and notes are kept."""
    errors: Errors = {}
    logements = parse_int(fields.get("logements", ""), "logements", errors, "Logements")
    abattement = parse_money(fields.get("abattement", ""), "abattement", errors, "Abattement")
    return replace(quartier, logements=logements, abattement=abattement), errors


def ligne_from_form(fields: dict[str, str], ref: Referentiel) -> tuple[LigneTFPB, Errors]:
    """One TFPB line: axe, action, réalisée, valorisée (valorisée never above réalisée)."""
    errors: Errors = {}
    axe = fields.get("axe", "").strip()
    if axe not in ref.axes:
        errors["axe"] = f"Axe inconnu « {axe} »{suggest(axe, ref.axes)}" if axe else "Axe : obligatoire"
    action = fields.get("action", "").strip()
    if not action:
        errors["action"] = "Action : obligatoire"
    realisee = parse_money(fields.get("realisee", ""), "realisee", errors, "Dépense réalisée")
    valorisee = parse_money(fields.get("valorisee", ""), "valorisee", errors, "Dépense valorisée")
    for key, value, label in (("realisee", realisee, "Dépense réalisée"), ("valorisee", valorisee, "Dépense valorisée")):
        if value is None and key not in errors:
            errors[key] = f"{label} : obligatoire"
    if realisee is not None and valorisee is not None and valorisee > realisee:
        errors["valorisee"] = "Dépense valorisée : ne peut pas dépasser la dépense réalisée"
    return LigneTFPB(axe=axe, action=action, realisee=realisee, valorisee=valorisee), errors
