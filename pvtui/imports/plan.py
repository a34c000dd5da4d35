"""A spreadsheet and a snapshot of the folder -> what an import would do, row by row.

Pure: nothing is written here. Each row of the sheet is one `Ligne`:
created, updated (field by field, old -> new), unchanged, skipped (the
reason, with the row and column) or to be confirmed (a porteur matched
fuzzily). `Plan.changes` is exactly what `pvtui import --appliquer`
applies, in that order.

How a row finds its action: its Dauphin/ANCT number when it has one, else
pvtui's identifiant (a file exported by pvtui), else the same year, title
and porteur. Rules for cells: an empty funder, statut or objectifs cell
means none; an empty titre, porteur, secteur or coût total leaves the
action's value as it is (and a new action without it is created, `check`
then lists what is missing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from pvtui.domain.check import suggest
from pvtui.domain.dataset import ACTIONS, Dataset
from pvtui.domain.ids import IdError, check_id, unique_id
from pvtui.domain.model import Action, Financement, action_to_dict
from pvtui.imports.columns import Correspondance, Header, find_header
from pvtui.imports.porteurs import PorteurIndex
from pvtui.imports.sheet import Sheet
from pvtui.imports.values import (Cell, CellError, Unsaved, amount, codes, formula_error, is_blank, norm, statut,
                                  text, year)

CREEE, MODIFIEE, INCHANGEE, IGNOREE = "créée", "modifiée", "inchangée", "ignorée"


class PlanError(Exception):
    """The file cannot be imported at all (no header row): the message says why, in French."""


@dataclass(frozen=True)
class Ligne:
    """What the import does with one row of the sheet."""

    row: int
    """The row's number in the spreadsheet (1-based)."""
    etat: str
    titre: str = ""
    id: str = ""
    details: tuple[str, ...] = ()
    """Field by field "cout_total : 1 000 -> 1 200", or the reason a row is skipped."""
    confirmer: str = ""
    """Not empty: a porteur matched fuzzily, what to confirm."""
    base: Action | None = None
    record: Action | None = None
    propose: str = ""
    """The id of the porteur record the name looks like (to be confirmed)."""
    graphie: str = ""
    """The porteur's name as the row writes it (what confirming adds to the record's aliases)."""


@dataclass(frozen=True)
class Plan:
    source: str
    what: str
    header: Header
    lignes: tuple[Ligne, ...]
    ignored_columns: tuple[str, ...] = ()
    blank_rows: tuple[int, ...] = ()
    """The numbers of the empty rows passed over (said in the preview)."""
    unnamed_columns: tuple[tuple[int, tuple[int, ...]], ...] = ()
    """Columns without a header that hold something: (index, the rows where), said, never read."""

    def count(self, etat: str) -> int:
        return sum(1 for ligne in self.lignes if ligne.etat == etat)

    @property
    def a_confirmer(self) -> list[Ligne]:
        return [ligne for ligne in self.lignes if ligne.confirmer]

    @property
    def to_apply(self) -> list[Ligne]:
        return [ligne for ligne in self.lignes if ligne.etat in (CREEE, MODIFIEE)]


@dataclass
class _Keys:
    """The existing actions, indexed by each way a row can find one."""

    by_dauphin: dict[str, Action] = field(default_factory=dict)
    by_id: dict[str, Action] = field(default_factory=dict)
    by_title: dict[tuple, list[Action]] = field(default_factory=dict)


def _title_key(annee: int | None, titre: str, porteur: str) -> tuple:
    return annee, norm(titre), norm(porteur)


def build_plan(data: Dataset, sheets: Sheet | Iterable[Sheet], own: Correspondance | None = None,
               annee: int | None = None) -> Plan:
    """The plan of the first of `sheets` that has a header row (a workbook's notice or synthesis comes first)."""
    own = own or Correspondance()
    ref = data.referentiel
    tried = []
    for sheet in [sheets] if isinstance(sheets, Sheet) else sheets:
        tried.append(sheet)
        header = find_header(sheet.rows, ref, own)
        if header is not None:
            break
    else:
        where = "" if len(tried) < 2 else " des feuilles " + ", ".join(f"« {s.name} »" for s in tried)
        raise PlanError(f"{tried[0].path} : aucune ligne d'en-têtes trouvée dans les 30 premières lignes{where} "
                        "(il faut au moins une colonne « Titre » ou « Intitulé de l'action » et une autre colonne "
                        "connue ; une table de correspondance --correspondance nomme les vôtres)")
    filters = {}
    for key, wanted in own.filtres.items():
        index = next((i for i, h in header.headers.items() if norm(h) == norm(key)), None)
        if index is None:
            raise PlanError(f"{sheet.path} : filtre de la correspondance sur « {key} » : aucune colonne de ce nom "
                            f"dans la ligne d'en-têtes {header.row}")
        filters[index] = wanted
    porteurs = PorteurIndex(data.porteurs, own.porteurs)
    names = {p.id: p.nom for p in data.porteurs}
    keys = _Keys()
    for action in data.actions:
        if action.numero_dauphin:
            keys.by_dauphin.setdefault(action.numero_dauphin.strip(), action)
        keys.by_id[action.id] = action
        record = porteurs.find(action.porteur)  # one porteur under any of its spellings, or by id
        who = (record.nom or record.id) if record is not None else action.porteur
        keys.by_title.setdefault(_title_key(action.annee, action.titre, who), []).append(action)
    taken = set(keys.by_id)
    seen: dict[tuple, int] = {}
    lignes: list[Ligne] = []
    blank = []
    unnamed: dict[int, list[int]] = {}
    for number in range(header.row + 1, len(sheet.rows) + 1):
        cells = sheet.rows[number - 1]
        if all(is_blank(c) for c in cells):
            blank.append(number)
            continue
        for index, cell in enumerate(cells):
            if index not in header.headers and not is_blank(cell):
                unnamed.setdefault(index, []).append(number)
        outside = next((i for i, wanted in filters.items() if norm(text(_cell(cells, i))) not in wanted), None)
        if outside is not None:
            lignes.append(Ligne(number, IGNOREE, text(_cell(cells, header.column("titre"))), details=(
                f"ligne {number}, {header.where(outside)} : hors du filtre (« {text(_cell(cells, outside))} »)",)))
            continue
        ligne = _row(data, header, own, annee, porteurs, names, keys, taken, seen, number, cells)
        if ligne.etat == CREEE:
            taken.add(ligne.id)
        lignes.append(ligne)
    ignored = tuple(header.where(i) for i in header.unknown)
    return Plan(sheet.path, sheet.what, header, tuple(lignes), ignored, tuple(blank),
                tuple((i, tuple(rows)) for i, rows in sorted(unnamed.items())))


def _cell(cells: tuple[Cell, ...], index: int | None) -> Cell:
    return cells[index] if index is not None and index < len(cells) else None


def _row(data, header: Header, own: Correspondance, annee_option, porteurs: PorteurIndex, names, keys: _Keys,
         taken: set[str], seen: dict, number: int, cells: tuple[Cell, ...]) -> Ligne:
    ref = data.referentiel
    col = header.column
    titre = text(_cell(cells, col("titre")))

    def skip(reason: str, column: str | None = None) -> Ligne:
        where = f"ligne {number}" + (f", {header.where(col(column))}" if column and col(column) is not None else "")
        return Ligne(number, IGNOREE, titre, details=(f"{where} : {reason}",))

    filled = [i for i, c in enumerate(cells) if not is_blank(c)]
    unsaved = next((i for i in header.fields if isinstance(_cell(cells, i), Unsaved)), None)
    if unsaved is not None:
        return Ligne(number, IGNOREE, titre, details=(
            f"ligne {number}, {header.where(unsaved)} : {formula_error(_cell(cells, unsaved))}",))
    if all(norm(text(_cell(cells, i))) == norm(header.headers[i]) for i in header.fields):
        return skip("ligne d'en-têtes répétée")  # a printed export repeats it on every page
    if norm(titre).startswith(("total", "sous total", "totaux", "montant total")):
        return skip("ligne de total")
    if not titre:
        return skip("pas de titre (ligne de total ou de commentaire ?)", "titre")
    if filled == [col("titre")]:
        return skip("seul le titre est rempli (intertitre ?)", "titre")
    values: dict[str, Any] = {}
    try:
        for name, reader in (("annee", year), ("cout_total", amount), ("objectifs", codes), ("statut", statut)):
            index = col(name)
            if index is not None:
                current = name
                values[name] = reader(cells[index] if index < len(cells) else None)
        financements = {}
        for index, name in header.fields.items():
            if name.startswith("financeur:"):
                current = name
                value = amount(_cell(cells, index))
                if value is not None:
                    financements[name.split(":", 1)[1]] = value
    except CellError as error:
        index = col(current) if not current.startswith("financeur:") else \
            next(i for i, f in header.fields.items() if f == current)
        return Ligne(number, IGNOREE, titre, details=(f"ligne {number}, {header.where(index)} : {error}",))
    annee = values.get("annee") or annee_option or _default_year(own)
    if annee is None:
        return skip("année manquante : ajoutez une colonne « Année », ou donnez --annee")
    if annee_option and values.get("annee") and values["annee"] != annee_option:
        return skip(f"année {values['annee']}, l'import est limité à {annee_option} (--annee)", "annee")
    secteur_text = text(_cell(cells, col("secteur"))) or str(own.defauts.get("secteur", ""))
    secteur = _secteur(secteur_text, ref, own) if secteur_text else ""
    if secteur_text and secteur is None:
        return skip(f"secteur inconnu « {secteur_text} »{suggest(secteur_text, [e.libelle for e in ref.secteurs.values()])}"
                    " (ajoutez-le à referentiel/secteurs.toml ou à la table [secteurs] de la correspondance)",
                    "secteur")
    for code in values.get("objectifs", ()):
        if code not in ref.objectifs:
            return skip(f"objectif inconnu « {code} »{suggest(code, ref.objectifs)}", "objectifs")
    nom = text(_cell(cells, col("porteur")))
    match = porteurs.match(nom, text(_cell(cells, col("siret"))), text(_cell(cells, col("rna"))))
    dauphin = text(_cell(cells, col("numero_dauphin")))
    identifiant = text(_cell(cells, col("identifiant")))
    who = (match.record.nom or match.record.id) if match.record is not None else nom
    key = ("dauphin", dauphin) if dauphin else _title_key(annee, titre, who or identifiant)
    if key in seen:
        return skip(f"doublon de la ligne {seen[key]} (même {'numéro Dauphin' if dauphin else 'titre, porteur et année'})")
    seen[key] = number
    base, reason = _find(keys, dauphin, identifiant, annee, titre, who, secteur)
    if reason:
        return skip(reason)
    confirmer, proposed = _to_confirm(nom, match)
    if base is None and match.proposed is not None:
        # The action may already be there under the record's name (a spelling confirmed once): say it, do not
        # create a second one nor update it on a guess.
        look, _ = _find(keys, "", "", annee, titre, match.proposed.nom or match.proposed.id, secteur)
        if look is not None:
            return Ligne(number, IGNOREE, titre, details=(
                f"ligne {number} : {ACTIONS}/{look.id}.toml a déjà ce titre et cette année, sous le porteur "
                f"« {look.porteur} » : confirmez le porteur pour la mettre à jour",), confirmer=confirmer,
                propose=proposed[0], graphie=proposed[1])
    fields: dict[str, Any] = {"titre": titre, "annee": annee}
    if nom:
        fields["porteur"] = match.porteur
        if base is not None and match.record is not None and porteurs.find(base.porteur) is match.record:
            fields["porteur"] = base.porteur  # the same porteur under another spelling: no change
    if secteur:
        fields["secteur"] = secteur
    if dauphin:
        fields["numero_dauphin"] = dauphin
    if values.get("cout_total") is not None:
        fields["cout_total"] = values["cout_total"]
    if "objectifs" in values:
        fields["objectifs"] = values["objectifs"]
    if "statut" in values or own.defauts.get("statut"):
        fields["statut"], fields["renouvele_depuis"] = values.get("statut") or (own.defauts.get("statut", ""), None)
    for name in ("description", "indicateurs"):
        if col(name) is not None and text(_cell(cells, col(name))):
            fields[name] = text(_cell(cells, col(name)))
    funders = [f.split(":", 1)[1] for f in header.fields.values() if f.startswith("financeur:")]
    if base is None:
        id = identifiant if _free_id(identifiant, taken) else unique_id(titre, taken)
        record = Action(id=id, **fields, financements=tuple(Financement(c, a) for c, a in financements.items()))
        return Ligne(number, CREEE, titre, id, _summary(record, names), confirmer, None, record, *proposed)
    kept = tuple(f for f in base.financements if f.financeur not in funders)
    record = replace(base, **fields, financements=kept + tuple(Financement(c, a) for c, a in financements.items()))
    diff = _diff(base, record)
    if not diff:
        return Ligne(number, INCHANGEE, titre, base.id, (), confirmer, base, base, *proposed)
    return Ligne(number, MODIFIEE, titre, base.id, diff, confirmer, base, record, *proposed)


def _to_confirm(nom: str, match) -> tuple[str, tuple[str, str]]:
    """What to confirm for a lookalike porteur (and how, from the CLI), and (record id, spelling); else empty."""
    if match.proposed is None:
        return "", ("", "")
    record = match.proposed
    return (f"porteur « {nom} » : ressemble à « {record.nom} » (porteurs/{record.id}) ; le nom est gardé tel quel — "
            f"pour les lier, ajoutez « {nom} » aux aliases de ce porteur, ou la ligne [porteurs] "
            f"{toml_string(nom)} = {toml_string(record.id)} à la table de correspondance (--correspondance)",
            (record.id, nom))


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's), so that the line can be pasted as is."""
    return json.dumps(value, ensure_ascii=False)


def _default_year(own: Correspondance) -> int | None:
    value = own.defauts.get("annee")
    return value if isinstance(value, int) else None


def _free_id(identifiant: str, taken: set[str]) -> bool:
    if not identifiant or identifiant in taken:
        return False
    try:
        check_id(identifiant)
    except IdError:
        return False
    return True


def _secteur(value: str, ref, own: Correspondance) -> str | None:
    if value in ref.secteurs:
        return value
    key = norm(value)
    if key in own.secteurs:
        return own.secteurs[key]
    for code, entry in ref.secteurs.items():
        if key in {norm(code), norm(entry.libelle), norm(entry.court)}:
            return code
    return None


def _find(keys: _Keys, dauphin: str, identifiant: str, annee: int, titre: str, nom: str,
          secteur: str) -> tuple[Action | None, str]:
    if dauphin and dauphin in keys.by_dauphin:
        return keys.by_dauphin[dauphin], ""
    if identifiant and identifiant in keys.by_id and keys.by_id[identifiant].annee == annee:
        return keys.by_id[identifiant], ""
    found = keys.by_title.get(_title_key(annee, titre, nom), [])
    if len(found) > 1 and secteur:
        found = [a for a in found if a.secteur == secteur] or found
    if len(found) > 1:
        return None, ("plusieurs actions ont ce titre, ce porteur et cette année : "
                      + ", ".join(f"{ACTIONS}/{a.id}.toml" for a in found) + " ; ajoutez une colonne « Identifiant »")
    if found and dauphin and found[0].numero_dauphin and found[0].numero_dauphin != dauphin:
        return None, ""  # another request of the same title: a new action
    return (found[0] if found else None), ""


def _flat(action: Action) -> dict[str, Any]:
    out = action_to_dict(action)
    out.pop("financements", None)
    for f in action.financements:
        out[f"financements.{f.financeur}"] = f.montant
    return out


def _show(value: Any) -> str:
    if value is None:
        return "(vide)"
    if isinstance(value, list):
        return ", ".join(value) or "(vide)"
    return str(value)


def _diff(old: Action, new: Action) -> tuple[str, ...]:
    before, after = _flat(old), _flat(new)
    out = []
    for key in dict.fromkeys([*before, *after]):
        if before.get(key) != after.get(key):
            out.append(f"{key} : {_show(before.get(key))} -> {_show(after.get(key))}")
    return tuple(out)


def _summary(action: Action, names: dict[str, str]) -> tuple[str, ...]:
    parts = [f"porteur : {names.get(action.porteur) or action.porteur or '(vide)'}",
             f"secteur : {action.secteur or '(à compléter)'}",
             f"coût total : {_show(action.cout_total)}"]
    if action.financements:
        parts.append("financements : " + ", ".join(f"{f.financeur} {f.montant}" for f in action.financements))
    return ("; ".join(parts),)
