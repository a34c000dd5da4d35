"""`pvtui export opendata`: the SCDL « subventions » 2.1.1 CSV (décret 2017-779).

One row per subsidy the funder (the attribuant) must publish: each line of a
funder, porteur and year above 23 000 €, and any line with a convention. A
row is written only when every value the schema requires is in the records;
otherwise what is missing is said, row by row, never invented.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pvtui.domain import vie
from pvtui.domain.dataset import PORTEURS, Dataset
from pvtui.domain.model import Action, Financement

SCHEMA = Path(__file__).with_name("scdl-subventions-2.1.1.json")
"""The Table Schema descriptor shipped with pvtui, written from the specification."""

COLUMNS = ("nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire",
           "idBeneficiaire", "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement",
           "datesPeriodeVersement", "idRAE", "notificationUE", "pourcentageSubvention", "dispositifAide")

NATURES = {"numéraire": "aide en numéraire", "en nature": "aide en nature"}


@dataclass(frozen=True, slots=True)
class Ligne:
    action: str
    financeur: str
    valeurs: dict[str, str]
    manque: tuple[str, ...]


def _periode(action: Action, f: Financement) -> str:
    dates = sorted(v.date for v in f.versements if v.date)
    if len(dates) == 1 and f.conditions_versement == "unique":
        return dates[0].isoformat()
    if dates:
        return f"{dates[0].isoformat()}/{dates[-1].isoformat()}"
    return f"{action.annee}-01-01/{action.annee}-12-31" if action.annee else ""


def lignes(data: Dataset, financeur: str | None = None, annee: int | None = None) -> list[Ligne]:
    over = vie.totals_over_threshold(data)
    find = vie.porteur_finder(data)
    out = []
    for action in sorted(data.actions, key=lambda a: (a.annee or 0, a.id)):
        if annee is not None and action.annee != annee:
            continue
        porteur = find(action.porteur)
        for f in action.financements:
            if financeur is not None and f.financeur != financeur:
                continue
            if (action.id, f.financeur) not in over and not f.date_convention:
                continue
            funder = data.referentiel.financeurs.get(f.financeur)
            valeurs = {
                "nomAttribuant": funder.nom if funder else "",
                "idAttribuant": funder.siret if funder else "",
                "dateConvention": f.date_convention.isoformat() if f.date_convention else "",
                "referenceDecision": f.reference_decision,
                "nomBeneficiaire": (porteur.nom if porteur else "") or data.porteur_nom(action),
                "idBeneficiaire": porteur.siret if porteur else "",
                "rnaBeneficiaire": porteur.rna if porteur else "",
                "objet": action.titre[:256],
                "montant": str(f.montant),
                "nature": NATURES.get(f.nature, ""),
                "conditionsVersement": f.conditions_versement,
                "datesPeriodeVersement": _periode(action, f),
                "idRAE": "",
                "notificationUE": "non",
                "pourcentageSubvention": "1.00",  # one beneficiary per line
                "dispositifAide": "",
            }
            out.append(Ligne(action.id, f.financeur, valeurs, _manque(valeurs, porteur.id if porteur else None, f)))
    return out


def _manque(v: dict[str, str], porteur_id: str | None, f: Financement) -> tuple[str, ...]:
    out = []
    for key, what in (("nomAttribuant", "nom"), ("idAttribuant", "siret")):
        if not v[key]:
            out.append(f"{what} du financeur (referentiel/financeurs.toml, [{f.financeur}] {what} = …)")
    if not v["dateConvention"]:
        out.append("date de convention (date_convention)")
    if porteur_id is None:
        out.append("fiche du porteur (porteurs/<id>.toml, avec son SIRET ou RNA)")
    elif not v["idBeneficiaire"] and not v["rnaBeneficiaire"]:
        out.append(f"SIRET ou RNA du porteur ({PORTEURS}/{porteur_id}.toml)")
    if not v["nature"]:
        out.append("nature (« numéraire » ou « en nature »)")
    if not v["conditionsVersement"]:
        out.append("conditions de versement (conditions_versement)")
    if not v["datesPeriodeVersement"]:
        out.append("année de l'action ou dates des versements")
    return tuple(out)


def render(rows: list[Ligne]) -> bytes:
    """The CSV: `,`, UTF-8 without BOM, the 16 columns in their order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.valeurs[c] for c in COLUMNS])
    return buffer.getvalue().encode("utf-8")
