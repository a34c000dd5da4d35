"""Which column of a spreadsheet holds which field of an action.

The header row is found among the first rows (a title, merged header rows
or an empty line may come first), and each header is matched through a
correspondence table: the built-in one knows the usual French spellings
(accents, case, curly apostrophes, units, "Montant CA", "Subvention Ville
de Yutz", "Coût total de l'action"), pvtui's own CSV export and the ANCT
open-data file of programme 147; a team's own columns go in a TOML file
(`--correspondance`):

    [colonnes]                       # header in the file = field of pvtui
    "Nom du projet" = "titre"
    "Structure porteuse" = "porteur"
    "Budget prévisionnel" = "cout_total"
    "Part agglo" = "financeur:capft" # a funder: "financeur:" + its code
    "Observations" = ""              # ignored

    [secteurs]                       # a value of the file = a sector code
    "QPV Côte des Roses" = "cote-des-roses"

    [defauts]                        # for the rows that leave a field empty
    annee = 2026
    secteur = "intercommunal"

    [filtres]                        # only the rows whose column holds one of these
    "Code contrat ville" = ["CV057019"]

    [porteurs]                       # a spelling of the file = a porteur id: a sure match
    "APSIS Emergance" = "apsis-emergence"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pvtui.domain.check import suggest
from pvtui.domain.fmt import reason
from pvtui.domain.dataset import Referentiel
from pvtui.domain.names import compact, norm
from pvtui.imports.values import Cell, column_letter, is_blank, text

FIELDS = {
    "identifiant": "identifiant pvtui",
    "titre": "titre",
    "porteur": "porteur",
    "siret": "SIRET du porteur",
    "rna": "RNA du porteur",
    "annee": "année",
    "secteur": "secteur",
    "statut": "statut",
    "cout_total": "coût total",
    "objectifs": "objectifs",
    "numero_dauphin": "numéro Dauphin",
    "description": "description",
    "indicateurs": "indicateurs",
}
"""The fields a column may hold (besides "financeur:<code>"), and how a message names them."""

BUILTIN: dict[str, str] = {
    # pvtui's own CSV export (`pvtui export actions --format csv`)
    "identifiant": "identifiant", "id": "identifiant",
    "titre": "titre", "intitule": "titre", "intitule de l action": "titre", "libelle de l action": "titre",
    "nom de l action": "titre", "action": "titre", "titre de l action": "titre", "libelle action": "titre",
    "intitule du projet": "titre", "projet": "titre", "nom du projet": "titre",
    "porteur": "porteur", "porteur de projet": "porteur", "porteur du projet": "porteur", "structure": "porteur",
    "structure porteuse": "porteur", "organisme": "porteur", "association": "porteur", "operateur": "porteur",
    "raison sociale": "porteur", "raison sociale longue": "porteur", "nom du porteur": "porteur",
    "siret": "siret", "n siret": "siret", "numero siret": "siret",
    "rna": "rna", "n rna": "rna", "numero rna": "rna",
    "annee": "annee", "exercice": "annee", "annee de programmation": "annee", "millesime": "annee",
    "secteur": "secteur", "quartier": "secteur", "qpv": "secteur", "quartier prioritaire": "secteur",
    "territoire": "secteur", "quartier concerne": "secteur",
    "statut": "statut", "nouvelle ou renouvellement": "statut", "nouvelle renouvellement": "statut",
    "cout total": "cout_total", "cout total de l action": "cout_total", "cout de l action": "cout_total",
    "budget": "cout_total", "budget total": "cout_total", "budget de l action": "cout_total",
    "cout global": "cout_total", "montant total": "cout_total", "cout total du projet": "cout_total",
    "objectifs": "objectifs", "objectif": "objectifs", "objectifs strategiques": "objectifs",
    "codes objectifs": "objectifs",
    "numero dauphin": "numero_dauphin", "n dauphin": "numero_dauphin", "dossier dauphin": "numero_dauphin",
    "numero de dossier": "numero_dauphin", "n dossier": "numero_dauphin",
    "numero de l action prj": "numero_dauphin", "numero de l action": "numero_dauphin",
    "description": "description", "descriptif": "description", "indicateurs": "indicateurs",
    "indicateurs de reussite": "indicateurs",
    # ANCT open data of programme 147: the amount is the State's
    "mt engage": "financeur:etat", "montant engage": "financeur:etat",
    # Known columns pvtui computes or does not keep
    "total subventions": "", "part des subventions": "", "piliers": "", "pilier": "", "type de tiers": "",
    "code contrat ville": "", "libelle contrat ville": "", "theme": "", "sous themes": "", "region": "",
    "departement": "", "commune": "", "n": "", "numero": "",
}

_UNITS = ("eur", "euros", "euro", "en euros", "ttc", "ht")
_FUNDER_PREFIXES = ("subvention politique de la ville", "subvention pv", "subvention", "subventions",
                    "montant", "financement", "part", "subv", "montant subvention", "credits", "credits pv",
                    "montant accorde", "montant vote", "participation")


class CorrespondanceError(Exception):
    """The correspondence file is unreadable; the message names it and says why, in French."""


@dataclass(frozen=True)
class Correspondance:
    """A team's own columns, sector spellings and default values."""

    colonnes: dict[str, str] = field(default_factory=dict)
    """Normalised header -> field ("" ignores it)."""
    secteurs: dict[str, str] = field(default_factory=dict)
    """Normalised value -> sector code."""
    defauts: dict[str, Any] = field(default_factory=dict)
    filtres: dict[str, frozenset[str]] = field(default_factory=dict)
    """Header (as the team wrote it) -> the normalised values a row must hold there to be imported."""
    porteurs: dict[str, str] = field(default_factory=dict)
    """Normalised spelling of a porteur -> the id of its record (how the CLI confirms a lookalike)."""


TABLES = ("colonnes", "secteurs", "defauts", "filtres", "porteurs")


def read_correspondance(path: str | Path, referentiel: Referentiel, porteurs: Iterable[str] = ()) -> Correspondance:
    """The team's table, checked against the referentials and the ids of the porteur records."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except OSError as error:
        raise CorrespondanceError(f"{path} : fichier illisible ({reason(error)})") from None
    except UnicodeDecodeError:
        raise CorrespondanceError(f"{path} : le fichier n'est pas en UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise CorrespondanceError(f"{path} : TOML invalide ({error})") from None
    unknown = set(data) - set(TABLES)
    if unknown:
        raise CorrespondanceError(f"{path} : table inconnue « {sorted(unknown)[0]} » "
                                  f"(tables possibles : {', '.join(TABLES)})")
    colonnes = {}
    for header, target in (data.get("colonnes") or {}).items():
        if not isinstance(target, str):
            raise CorrespondanceError(f"{path} : [colonnes] « {header} » doit valoir un nom de champ entre guillemets")
        if target and target not in FIELDS and not (
                target.startswith("financeur:") and target.split(":", 1)[1] in referentiel.financeurs):
            choices = ", ".join([*FIELDS, *(f"financeur:{c}" for c in referentiel.financeurs)])
            raise CorrespondanceError(f"{path} : [colonnes] « {header} » = « {target} » : champ inconnu "
                                      f"(champs possibles : {choices})")
        colonnes[norm(header)] = target
    secteurs = {}
    for value, code in (data.get("secteurs") or {}).items():
        if code not in referentiel.secteurs:
            raise CorrespondanceError(f"{path} : [secteurs] « {value} » = « {code} » : secteur inconnu du référentiel")
        secteurs[norm(value)] = code
    defauts = dict(data.get("defauts") or {})
    for key in defauts:
        if key not in ("annee", "secteur", "statut"):
            raise CorrespondanceError(f"{path} : [defauts] « {key} » : seuls annee, secteur et statut ont un défaut")
    filtres = {}
    for header, wanted in (data.get("filtres") or {}).items():
        values = [wanted] if isinstance(wanted, (str, int)) else wanted
        if not isinstance(values, list) or not all(isinstance(v, (str, int)) for v in values):
            raise CorrespondanceError(f"{path} : [filtres] « {header} » doit valoir un texte ou une liste de textes")
        filtres[header] = frozenset(norm(str(v)) for v in values)
    ids = set(porteurs)
    linked = {}
    for spelling, id in (data.get("porteurs") or {}).items():
        if not isinstance(id, str):
            raise CorrespondanceError(f"{path} : [porteurs] « {spelling} » doit valoir l'identifiant d'un porteur "
                                      "entre guillemets (le nom de son fichier dans porteurs/, sans .toml)")
        if id not in ids:
            raise CorrespondanceError(f"{path} : [porteurs] « {spelling} » = « {id} » : aucun porteur de ce nom "
                                      f"dans porteurs/{suggest(id, sorted(ids))}")
        linked[norm(spelling)] = id
    return Correspondance(colonnes, secteurs, defauts, filtres, linked)


def _strip_units(header: str) -> str:
    words = norm(header)
    for unit in _UNITS:
        if words.endswith(" " + unit):
            words = words[: -len(unit) - 1]
    return words


def funder_of(header: str, referentiel: Referentiel) -> str | None:
    """The code of the funder a header names ("Montant CA", "Subvention Ville de Yutz", "État (€)")."""
    words = _strip_units(header)
    for prefix in sorted(_FUNDER_PREFIXES, key=len, reverse=True):
        if words.startswith(prefix + " "):
            words = words[len(prefix) + 1:]
            break
    words = words.removeprefix("de ").removeprefix("du ").removeprefix("l ")
    if not words:
        return None
    candidates = {compact(words), compact(words.removeprefix("ville de "))}
    for code, entry in referentiel.financeurs.items():
        names = {compact(code), compact(entry.libelle), compact(entry.nom), compact(entry.court)}
        names |= {compact(norm(entry.nom).removeprefix("ville de "))}
        names.discard("")
        if candidates & names:
            return code
    return None


def field_of(header: str, referentiel: Referentiel, own: Correspondance) -> str | None:
    """The field of a header: the team's correspondence first, then the built-in one, then the funders."""
    key = norm(header)
    if key in own.colonnes:
        return own.colonnes[key]
    bare = _strip_units(header)
    for candidate in (key, bare):
        if candidate in BUILTIN:
            target = BUILTIN[candidate]
            if target.startswith("financeur:") and target.split(":", 1)[1] not in referentiel.financeurs:
                return None
            return target
    code = funder_of(header, referentiel)
    return f"financeur:{code}" if code else None


@dataclass(frozen=True)
class Header:
    """Where the header row is and what each column holds."""

    row: int
    """1-based number of the header row (of the second, when on two): the data start below."""
    fields: dict[int, str]
    """Column index -> field (ignored columns are absent)."""
    headers: dict[int, str]
    """Column index -> the header as written."""
    unknown: tuple[int, ...] = ()
    """Columns whose header pvtui does not know (ignored, and said)."""
    top: int = 0
    """The first header row when the header is on two (a group over the funders named below), else 0."""

    @property
    def rows_label(self) -> str:
        """ "ligne d'en-têtes : 3", or "lignes d'en-têtes : 2 et 3"."""
        if self.top and self.top != self.row:
            return f"lignes d'en-têtes : {self.top} et {self.row}"
        return f"ligne d'en-têtes : {self.row}"

    def column(self, name: str) -> int | None:
        return next((i for i, f in self.fields.items() if f == name), None)

    def where(self, index: int) -> str:
        return f"colonne {column_letter(index)} « {self.headers.get(index, '')} »"


def find_header(rows: tuple[tuple[Cell, ...], ...], referentiel: Referentiel, own: Correspondance,
                within: int = 30) -> Header | None:
    """The first row (of the first `within`) with a titre column and at least one other known column."""
    for number, row in enumerate(rows[:within], start=1):
        above = rows[number - 2] if number >= 2 else ()
        headers: dict[int, str] = {}
        for index, cell in enumerate(row):
            label = text(cell)
            if not label and index < len(above) and not is_blank(above[index]):
                label = text(above[index])  # a header merged over two rows: the cell above names it
            if label:
                headers[index] = label
        fields = {i: field_of(h, referentiel, own) for i, h in headers.items()}
        known = {i: f for i, f in fields.items() if f}
        if "titre" in known.values() and len(known) >= 2:
            below = _second_row(rows[number] if number < len(rows) else (), fields, referentiel, own)
            if below:  # « Subventions » over the funders the row below names: the header is both rows
                for i, (label, f) in below.items():
                    headers[i], fields[i], known[i] = label, f, f
                top, number = number, number + 1
            else:
                top = 0
            unknown = tuple(i for i, f in fields.items() if f is None)
            # One column per field: a second "titre" column is ignored, and said.
            seen: set[str] = set()
            kept = {}
            for i, f in sorted(known.items()):
                if f in seen:
                    unknown += (i,)
                else:
                    seen.add(f)
                    kept[i] = f
            return Header(number, kept, headers, tuple(sorted(unknown)), top)
    return None


def _second_row(row: tuple[Cell, ...], fields: dict[int, str | None], referentiel: Referentiel,
                own: Correspondance) -> dict[int, tuple[str, str]]:
    """The columns a second header row names, where the first names nothing pvtui knows: only when every
    filled cell of that row is a header pvtui knows (a row of data holds amounts, titles, names)."""
    out = {}
    for index, cell in enumerate(row):
        if is_blank(cell):
            continue
        label = text(cell)
        target = field_of(label, referentiel, own) if isinstance(cell, str) else None
        if not target or fields.get(index):
            return {}
        out[index] = (label, target)
    return out
