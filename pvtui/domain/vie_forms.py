"""The sub-form of one funding line (its life after the vote amount): text <-> line, French messages.

The action form keeps the vote amount; this sub-form edits what was asked,
proposed, the dates, the convention and the payments. Payments are typed on
one line, « 2019-06-01 2500 acompte M-12 ; 2019-12-01 2500 solde ».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pvtui.domain.fmt import number
from pvtui.domain.forms import Errors, parse_money
from pvtui.domain.vie_check import paid_above_voted
from pvtui.domain.model import Action, Amount, Bilan, Financement, Versement

FIELDS = (("demande", "Demandé (€)"), ("propose", "Proposé (€)"), ("date_vote", "Voté le"),
          ("reference_decision", "Réf. décision"), ("date_convention", "Convention le"),
          ("nature", "Nature"), ("conditions_versement", "Versement"),
          ("date_publication", "Publié le"), ("versements", "Versements"))
NATURES = ("numéraire", "en nature")
CONDITIONS = ("unique", "échelonné", "autre")
TYPES = ("acompte", "solde")


def _amount(value: Amount | None) -> str:
    return "" if value is None else number(value, 2 if isinstance(value, float) else 0)


def to_form(life: Financement, demande: Amount | None) -> dict[str, str]:
    out = {"demande": _amount(demande), "propose": _amount(life.propose)}
    for key in ("date_vote", "date_convention", "date_publication"):
        out[key] = getattr(life, key).isoformat() if getattr(life, key) else ""
    for key in ("reference_decision", "nature", "conditions_versement"):
        out[key] = getattr(life, key)
    out["versements"] = " ; ".join(
        " ".join(p for p in ((v.date.isoformat() if v.date else "?"), _amount(v.montant), v.type, v.reference) if p)
        for v in life.versements)
    return out


def _date(text: str, field: str, errors: Errors, label: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[field] = f"{label} : « {text} » n'est pas une date (attendue : 2019-04-15)"
        return None


def from_form(code: str, fields: dict[str, str]) -> tuple[Financement, Amount | None, Errors]:
    """The line's life (montant 0: the vote stays the action form's), the amount asked, the errors."""
    errors: Errors = {}
    demande = parse_money(fields.get("demande", ""), "demande", errors, "Demandé")
    propose = parse_money(fields.get("propose", ""), "propose", errors, "Proposé")
    dates = {key: _date(fields.get(key, ""), key, errors, label) for key, label in FIELDS
             if key.startswith("date_")}
    nature, conditions = fields.get("nature", "").strip(), fields.get("conditions_versement", "").strip()
    if nature and nature not in NATURES:
        errors["nature"] = f"Nature : « {nature} » (possibles : {', '.join(NATURES)})"
    if conditions and conditions not in CONDITIONS:
        errors["conditions_versement"] = f"Versement : « {conditions} » (possibles : {', '.join(CONDITIONS)})"
    versements = []
    for n, part in enumerate(p for p in fields.get("versements", "").split(";") if p.strip()):
        words = part.split()
        where = f"Versement {n + 1}"
        day = _date(words[0], "versements", errors, where)
        rest = words[1:]
        kind = next((w for w in rest if w in TYPES), "")
        amount_words = [w for w in rest[: rest.index(kind)] if w] if kind else rest[:1]
        reference = " ".join(rest[rest.index(kind) + 1:]) if kind else " ".join(rest[1:])
        montant = parse_money(" ".join(amount_words), "versements", errors, where)
        if montant is None and "versements" not in errors:
            errors["versements"] = f"{where} : montant manquant (ex. « 2019-06-01 2500 acompte »)"
        versements.append(Versement(date=day, montant=montant, type=kind, reference=reference))
    life = Financement(code, 0, propose=propose, reference_decision=fields.get("reference_decision", "").strip(),
                       nature=nature, conditions_versement=conditions, versements=tuple(versements), **dates)
    return life, demande, errors


ACTION_FIELDS = (("numero_dauphin", "N° Dauphin"), ("date_depot", "Déposée le"),
                 ("bilan_date_recu", "Bilan reçu le"), ("bilan_statut", "Bilan : statut"))


def action_to_form(action: Action) -> dict[str, str]:
    bilan = action.bilan or Bilan()
    return {"numero_dauphin": action.numero_dauphin,
            "date_depot": action.date_depot.isoformat() if action.date_depot else "",
            "bilan_date_recu": bilan.date_recu.isoformat() if bilan.date_recu else "", "bilan_statut": bilan.statut}


def action_from_form(action: Action, fields: dict[str, str]) -> tuple[Action, Errors]:
    """The action's request and bilan fields (the action form's « Suivi » block), and its lines
    once their sub-forms are applied (no more paid than voted)."""
    errors: Errors = {}
    depot = _date(fields.get("date_depot", ""), "date_depot", errors, "Déposée le")
    recu = _date(fields.get("bilan_date_recu", ""), "bilan_date_recu", errors, "Bilan reçu le")
    statut = fields.get("bilan_statut", "").strip()
    old = action.bilan or Bilan()
    bilan = replace(old, date_recu=recu, statut=statut)
    for f in action.financements:  # the lines' sub-forms are applied: what check would call an error
        if message := paid_above_voted(f, f"Subvention {f.financeur}"):
            errors[f"financement-{f.financeur}"] = message
    return replace(action, numero_dauphin=fields.get("numero_dauphin", "").strip(), date_depot=depot,
                   bilan=None if bilan == Bilan() else bilan), errors


def apply(action: Action, lines: dict[str, tuple[Financement, Amount | None]]) -> Action:
    """The action with the sub-forms' lines: each vote keeps its amount and takes the line's life."""
    if not lines:
        return action
    votes = tuple(replace(lines[f.financeur][0], montant=f.montant) if f.financeur in lines else f
                  for f in action.financements)
    voted = {f.financeur for f in votes}
    demandes = [d for d in action.demandes if d.financeur not in lines]
    for code, (life, demande) in lines.items():
        if demande is not None:
            demandes.append(Financement(code, demande) if code in voted else replace(life, montant=demande))
    return replace(action, financements=votes, demandes=tuple(demandes))
