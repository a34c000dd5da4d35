"""What changed between two versions of a record, in the domain's words.

« Subvention C.A. : 3 000 € → 6 000 € », « Porteur : A → B »,
« Bénéficiaires : ligne « 6-15 ans » ajoutée ». Works on the TOML dicts of
the records (`Kind.to_dict`), so that it says what the file says, and on the
paths `merge.changed` finds, so that it agrees with the merge on what a
change is. Pure: the history (git) and its screen only print it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pvtui.domain.dataset import Dataset, Referentiel
from pvtui.domain.fmt import euros, number
from pvtui.domain.merge import MISSING, Path, at, changed

FIELDS = {
    # actions
    "titre": "Titre", "porteur": "Porteur", "numero_dauphin": "Numéro Dauphin", "date_depot": "Date de dépôt",
    "annee": "Année", "secteur": "Secteur", "statut": "Statut", "renouvele_depuis": "Renouvelée depuis",
    "cout_total": "Coût total", "objectifs": "Objectifs", "pilier_suppose": "Pilier supposé",
    "description": "Description", "indicateurs": "Indicateurs", "nombre_beneficiaires": "Bénéficiaires annoncés",
    "reconduit_de": "Reconduite de", "corrections": "Corrections", "bilan": "Bilan",
    # a funder's line
    "demande": "demande", "propose": "proposé", "vote": "voté", "date_vote": "date du vote",
    "reference_decision": "référence de la décision", "date_convention": "date de la convention",
    "nature": "nature", "conditions_versement": "conditions de versement",
    "date_publication": "date de publication", "versements": "versements",
    # bilan, beneficiaries
    "date_recu": "reçu le", "note": "note", "age": "âge", "hommes": "hommes", "femmes": "femmes",
    "total": "total", "part_qpv": "% issu des QPV",
    # bailleurs, porteurs
    "nom": "Nom", "nom_complet": "Nom complet", "quartiers": "Quartiers", "logements": "logements",
    "abattement": "abattement", "details": "détails", "lignes": "lignes", "axe": "axe", "action": "action",
    "realisee": "dépense réalisée", "valorisee": "dépense valorisée",
    "sigle": "Sigle", "siret": "SIRET", "rna": "RNA", "adresse": "Adresse", "contact": "Contact",
    "aliases": "Autres noms", "beneficiaires": "Bénéficiaires", "beneficiaires_total": "Bénéficiaires, total",
    "financements": "Financements", "montant": "montant", "date": "date", "type": "type", "reference": "référence",
}
"""TOML key -> how a person calls it (capitalised at the head of a line, lower case inside)."""

AMOUNTS = {"cout_total", "demande", "propose", "vote", "montant", "abattement", "realisee", "valorisee",
           "complement_anru"}
"""Keys whose numbers are euros (besides a funder's plain amount under `financements` or `enveloppes`)."""
YEARS = {"annee", "renouvele_depuis"}
LONG_TEXTS = {"description", "indicateurs", "details", "note"}
"""Texts too long to print twice: « texte modifié » says enough (the file has the rest)."""


def describe(old: dict[str, Any] | None, new: dict[str, Any] | None, ref: Referentiel | None = None,
             porteurs: dict[str, str] | None = None) -> list[str]:
    """One French line per change from `old` to `new` (TOML dicts of one record).

    `ref` names the funders and sectors; `porteurs` (id -> name) the porteur an action names by id.
    """
    ref = ref or Referentiel()
    names = porteurs or {}
    if old is None and new is None:
        return []
    if old is None:
        return ["Création de l'enregistrement"]
    if new is None:
        return ["Suppression de l'enregistrement"]
    return [_line(path, old, new, ref, names) for path in changed(old, new)]


def porteur_names(data: Dataset) -> dict[str, str]:
    """Porteur id -> its name: what `describe` shows for an action that names its porteur by id."""
    return {p.id: p.nom for p in data.porteurs if p.nom}


def _line(path: Path, old: dict[str, Any], new: dict[str, Any], ref: Referentiel, porteurs: dict[str, str]) -> str:
    before, after = at(old, path), at(new, path)
    label = _label(path, old, new, ref)
    # A plain `capft = 5000` under [financements] is an amount like `vote = 5000`.
    head = "vote" if len(path) == 2 and path[0] == "financements" else (path[-1] if path else "")
    if isinstance(before, list) and isinstance(after, list) and len(before) != len(after):
        return f"{label} : {_rows(before, after, head)}"
    if head in LONG_TEXTS:
        return f"{label} : texte {'ajouté' if before is MISSING else 'retiré' if after is MISSING else 'modifié'}"
    if path == ("porteur",):
        before, after = (porteurs.get(v, v) if isinstance(v, str) else v for v in (before, after))
    # An absent value is « — » either way: no agreement to get wrong (« Subvention Ville : — → 500 € »).
    return f"{label} : {_value(before, head, ref)} → {_value(after, head, ref)}"


def _label(path: Path, old: dict[str, Any], new: dict[str, Any], ref: Referentiel) -> str:
    """« Subvention C.A. », « Bénéficiaires « 6-15 ans », femmes », « Quartier 2, ligne 1, axe »."""
    if not path:
        return "L'enregistrement"
    first, rest = path[0], list(path[1:])
    if first == "financements" and rest:
        code = rest.pop(0)
        funder = ref.financeurs.get(str(code))
        name = funder.libelle or funder.nom if funder else str(code)
        words = [f"Subvention {name}"]
        if rest and rest[0] != "vote":  # the vote is the subsidy itself
            words.append(_words(rest))
        return ", ".join(words)
    if first == "beneficiaires" and rest and isinstance(rest[0], int):
        index = rest.pop(0)
        age = _named(old, new, path[:2], "age")
        words = [f"Bénéficiaires « {age} »" if age else f"Bénéficiaires, ligne {index + 1}"]
        return ", ".join(words + ([_words(rest)] if rest else []))
    if first == "beneficiaires_total":
        return ", ".join(["Bénéficiaires, ligne total"] + ([_words(rest)] if rest else []))
    if first == "quartiers" and rest and isinstance(rest[0], int):
        index = rest.pop(0)
        secteur = _named(old, new, path[:2], "secteur")
        label = ref.secteurs[secteur].libelle or secteur if secteur in ref.secteurs else secteur
        words = [f"Quartier {label}" if label else f"Quartier {index + 1}"]
        if rest[:1] == ["lignes"] and len(rest) > 1 and isinstance(rest[1], int):
            action = _named(old, new, path[:4], "action")
            words.append(f"ligne TFPB « {action} »" if action else f"ligne TFPB {rest[1] + 1}")
            rest = rest[2:]
        return ", ".join(words + ([_words(rest)] if rest else []))
    text = _words([first, *rest])
    return text[:1].upper() + text[1:]


def _named(old: dict[str, Any], new: dict[str, Any], path: Path, key: str) -> str:
    """What names the row at `path` (a beneficiaries row's age, a quartier's secteur): new, else old."""
    rows = (at(new, path), at(old, path))
    return next((str(row[key]) for row in rows if isinstance(row, dict) and row.get(key)), "")


def _words(path: list) -> str:
    parts = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"n° {part + 1}")
        else:
            parts.append(FIELDS.get(part, part))
    text = ", ".join(parts)
    return text


NOUNS = {"objectifs": ("objectif", "objectifs", ""), "versements": ("versement", "versements", ""),
         "quartiers": ("quartier", "quartiers", ""), "aliases": ("nom", "noms", ""),
         "corrections": ("correction", "corrections", "e"), "lignes": ("ligne TFPB", "lignes TFPB", "e")}
"""List -> (one item, several, the agreement of « ajouté »); rows of beneficiaries by default."""


def _rows(before: list, after: list, head: Any) -> str:
    """Items added, removed or changed in a list whose length changed, each named by its key value."""
    old, new = {_name(r) or repr(r): r for r in before}, {_name(r) or repr(r): r for r in after}
    one, many, e = NOUNS.get(head, ("ligne", "lignes", "e"))
    out = []
    for verb, names in (("ajouté", [n for n in new if n not in old]), ("retiré", [n for n in old if n not in new]),
                        ("modifié", [n for n in new if n in old and new[n] != old[n]])):
        if names:
            shown = ", ".join(f"« {n} »" for n in names if not n.startswith("{"))  # unnamed: counted only
            plural = len(names) > 1
            out.append(" ".join(w for w in ((many if plural else one), shown, verb + e + ("s" if plural else "")) if w))
    return " ; ".join(out) or f"{number(len(before))} → {number(len(after))}"


def _name(row: Any) -> str:
    """What names an item of a list: a row's age, a TFPB line's action, a versement's date, a code."""
    if isinstance(row, dict):
        name = row.get("age") or row.get("action") or row.get("date") or row.get("secteur") or row.get("champ") or ""
        return str(name)
    return str(row)


def _value(value: Any, head: Any, ref: Referentiel) -> str:
    if value is MISSING or value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if head in YEARS:
        return str(value)
    if head in AMOUNTS and isinstance(value, (int, float)):
        return euros(value)
    if isinstance(value, (int, float)):
        return number(value, 0 if float(value).is_integer() else 1)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        # A funder's line that became a table (or the other way): its amount says most.
        if "vote" in value or "demande" in value:
            return ", ".join(f"{FIELDS[k]} {euros(value[k])}" for k in ("demande", "vote") if k in value)
        return "…"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if all(not isinstance(v, (dict, list)) for v in value) else "…"
    if head == "secteur" and (secteur := ref.secteurs.get(value)):
        return secteur.libelle or str(value)
    return str(value)
