"""The domain records: frozen dataclasses, and their TOML-shaped dicts.

A record is built from the dict `tomllib` gives and turned back into the
dict a file holds. Only what is set is written; derived values (shares,
taux, pillars) never are. A value of the wrong type is reported as an
`Issue` and left out of the record, so that the rest of the file still
loads and a later save leaves the bad value in the file untouched.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Union

Amount = Union[int, float]
"""Euros: an int, or a float when cents are given ("43 655,50")."""

Cell = Union[int, float, str, None]
"""A beneficiary cell: a number, "NC" (unknown, as printed) or None (absent)."""

NC = "NC"

TODO = "à compléter"
"""What `pvtui init` writes where a team must fill in its own contract (any case)."""


def is_todo(value: object) -> bool:
    return isinstance(value, str) and value.strip().casefold().startswith(TODO)


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found while reading a value: the key path and the message."""

    key: tuple[str | int, ...]
    message: str


@dataclass(frozen=True, slots=True)
class Beneficiaires:
    """One row of a beneficiaries table (or its printed total row)."""

    age: str = ""
    hommes: Cell = None
    femmes: Cell = None
    total: Cell = None
    part_qpv: Cell = None


@dataclass(frozen=True, slots=True)
class Correction:
    """A value that could not be kept as printed, and what was kept instead."""

    champ: str
    imprime: str
    retenu: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Versement:
    """One payment of a subsidy (`versements = [{ date = 2019-06-01, montant = 2500, type = "acompte" }]`)."""

    date: dt.date | None = None
    montant: Amount | None = None
    type: str = ""
    """« acompte » or « solde »."""
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Bilan:
    """The compte-rendu financier (CERFA 15059) of an action."""

    date_recu: dt.date | None = None
    statut: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Financement:
    """One funder's line on an action: `capft = 5000` in the file's `[financements]`,
    or a table `capft = { demande = 6000, vote = 5000, date_vote = 2019-04-15, … }`.

    The life of the line (its fields after `montant`) is kept on the vote, or on the
    request while nothing is voted; its states are derived (domain/vie.py), never stored.
    """

    financeur: str
    """A code of referentiel/financeurs.toml."""
    montant: Amount
    """The subsidy voted, in euros (in `demandes`: the amount asked)."""
    propose: Amount | None = None
    """The amount the comité de pilotage proposed."""
    date_vote: dt.date | None = None
    reference_decision: str = ""
    date_convention: dt.date | None = None
    nature: str = ""
    """« numéraire » or « en nature »."""
    conditions_versement: str = ""
    """« unique », « échelonné » or « autre »."""
    date_publication: dt.date | None = None
    """When the subsidy was published as open data (due three months after the convention)."""
    versements: tuple[Versement, ...] = ()

    @property
    def has_life(self) -> bool:
        """Whether the line says more than its amount (and so is written as a table)."""
        return any(getattr(self, key) not in (None, "", ()) for key in LINE_KEYS)

    @property
    def verse(self) -> Amount:
        return sum(v.montant or 0 for v in self.versements)


LINE_KEYS = ("propose", "date_vote", "reference_decision", "date_convention", "nature",
             "conditions_versement", "date_publication", "versements")
"""A line's fields after its amounts, in the order a file holds them."""


@dataclass(frozen=True, slots=True)
class Action:
    """One subsidised action of one programme year (one fiche)."""

    id: str
    titre: str = ""
    porteur: str = ""
    annee: int | None = None
    secteur: str = ""
    statut: str = ""
    renouvele_depuis: int | None = None
    cout_total: Amount | None = None
    objectifs: tuple[str, ...] = ()
    pilier_suppose: str = ""
    description: str = ""
    indicateurs: str = ""
    nombre_beneficiaires: int | None = None
    """The number of beneficiaries the fiche's text gives, when it gives one."""
    financements: tuple[Financement, ...] = ()
    """The subsidies voted (or engaged): what every share and total counts."""
    demandes: tuple[Financement, ...] = ()
    """The amounts asked of each funder, where known (`capft = { demande = 5000 }` in the file)."""
    reconduit_de: str = ""
    """The id of last year's action this one renews (`pvtui annee nouvelle`)."""
    beneficiaires: tuple[Beneficiaires, ...] = ()
    beneficiaires_total: Beneficiaires | None = None
    corrections: tuple[Correction, ...] = ()
    numero_dauphin: str = ""
    """The Dauphin / ANCT number of the subsidy request, when known: the import's matching key."""
    date_depot: dt.date | None = None
    """When the request was filed (on Dauphin)."""
    bilan: Bilan | None = None

    @property
    def financement(self) -> dict[str, Amount]:
        """Funder code -> subsidy."""
        return {f.financeur: f.montant for f in self.financements}

    @property
    def total_subventions(self) -> Amount:
        return sum(f.montant for f in self.financements)


@dataclass(frozen=True, slots=True)
class LigneTFPB:
    """One line of a bailleur's TFPB table."""

    axe: str = ""
    action: str = ""
    realisee: Amount | None = None
    valorisee: Amount | None = None


@dataclass(frozen=True, slots=True)
class Quartier:
    """A bailleur's patrimoine in one QPV and what it spent there."""

    secteur: str = ""
    logements: int | None = None
    abattement: Amount | None = None
    note: str = ""
    details: str = ""
    lignes: tuple[LigneTFPB, ...] = ()


@dataclass(frozen=True, slots=True)
class Bailleur:
    """A social landlord and its TFPB abatement report for one year."""

    id: str
    nom: str = ""
    nom_complet: str = ""
    annee: int | None = None
    quartiers: tuple[Quartier, ...] = ()


@dataclass(frozen=True, slots=True)
class Porteur:
    """An organisation that runs actions (`porteurs/<id>.toml`).

    An action names it by id (`porteur = "<id>"`); an action whose
    `porteur` is not the id of a record keeps the name as written (the
    files written before porteurs were records).
    """

    id: str
    nom: str = ""
    sigle: str = ""
    siret: str = ""
    """14 digits."""
    rna: str = ""
    """For an association: W and 9 digits."""
    adresse: str = ""
    contact: str = ""
    aliases: tuple[str, ...] = ()
    """Other spellings of its name (in reports, spreadsheets): the import matches them."""


@dataclass(frozen=True, slots=True)
class Objectif:
    """An objective ("I-A") or sub-objective ("I-A-3") of the contract's grid."""

    code: str
    libelle: str = ""
    pilier: str = ""
    transversal: bool = False

    @property
    def parent(self) -> str:
        """The strategic objective a sub-objective counts under ("I-C-3" -> "I-C")."""
        return "-".join(self.code.split("-")[:2])

    @property
    def is_sous_objectif(self) -> bool:
        return self.code.count("-") >= 2


@dataclass(frozen=True, slots=True)
class Libelle:
    """A referential entry with a code and a label (pilier, financeur, secteur, axe)."""

    code: str
    libelle: str = ""
    court: str = ""
    """A short label for narrow table headers ("Côte R.")."""
    nom: str = ""
    nature: str = ""
    commune: str = ""
    qpv: bool = False
    variantes: tuple[str, ...] = ()
    siret: str = ""
    """A funder's SIRET: the open data's idAttribuant."""


@dataclass(frozen=True, slots=True)
class Programmation:
    """One programme year: envelopes and what the report declares."""

    annee: int
    complement_anru: Amount | None = None
    contrat: str = ""
    """The contract's name ("Contrat de Ville Portes de France-Thionville")."""
    periode: str = ""
    """The contract's years ("2024-2030", "2015-2020, prorogé jusqu'en 2023")."""
    enveloppes: tuple[tuple[str, Amount], ...] = ()
    enveloppes_reprises_de: int | None = None
    """The year the envelopes were copied from, until someone confirms them."""
    declare: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    id: str = ""
    """Its file's name (`2019` for programmations/2019.toml)."""

    @property
    def enveloppe(self) -> dict[str, Amount]:
        return dict(self.enveloppes)

    @property
    def annees_contrat(self) -> tuple[int, int] | None:
        """The first and last year `periode` names (an extension included), None when it names none."""
        if is_todo(self.periode):
            return None
        years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", self.periode)]
        return (min(years), max(years)) if years else None


# --- reading -----------------------------------------------------------------


def _is_amount(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Reader:
    """Reads typed values out of a dict, collecting issues instead of raising."""

    def __init__(self, data: dict[str, Any], prefix: tuple[str | int, ...] = ()):
        self.data = data
        self.prefix = prefix
        self.issues: list[Issue] = []

    def _bad(self, key: str | int, message: str) -> None:
        self.issues.append(Issue(self.prefix + (key,), message))

    def text(self, key: str) -> str:
        value = self.data.get(key, "")
        if isinstance(value, str):
            return value
        self._bad(key, f"« {key} » doit être un texte")
        return ""

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        self._bad(key, f"« {key} » doit être un nombre entier")
        return None

    def amount(self, key: str) -> Amount | None:
        value = self.data.get(key)
        if value is None:
            return None
        if _is_amount(value) and value == value and abs(value) != float("inf"):
            return value
        self._bad(key, f"« {key} » doit être un montant en euros (nombre)")
        return None

    def cell(self, key: str) -> Cell:
        value = self.data.get(key)
        if value is None or value == NC or (_is_amount(value) and value == value):
            return value
        self._bad(key, f"« {key} » doit être un nombre ou \"NC\"")
        return None

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if isinstance(value, bool):
            return value
        self._bad(key, f"« {key} » doit être true ou false")
        return False

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None or (type(value) is dt.date):
            return value
        self._bad(key, f"« {key} » doit être une date (2019-04-15, sans guillemets)")
        return None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self._bad(key, f"« {key} » doit être une liste de textes")
        return ()

    def amounts(self, key: str) -> tuple[tuple[str, Amount], ...]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self._bad(key, f"« {key} » doit être une table code = montant")
            return ()
        if all(type(amount) is int for amount in value.values()):  # the usual case, read at once
            return tuple(value.items())
        sub = self.child(value, key)
        pairs = ((code, sub.amount(code)) for code in value)
        return tuple((code, amount) for code, amount in pairs if amount is not None)

    def table(self, key: str) -> dict[str, Any] | None:
        value = self.data.get(key)
        if value is None or isinstance(value, dict):
            return value
        self._bad(key, f"« {key} » doit être une table")
        return None

    def tables(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self._bad(key, f"« {key} » doit être une liste de tables")
            return []
        rows = []
        for index, row in enumerate(value):
            if isinstance(row, dict):
                rows.append((index, row))
            else:
                self.issues.append(
                    Issue(self.prefix + (key, index), f"« {key} » : chaque ligne doit être une table")
                )
        return rows

    def child(self, data: dict[str, Any], *key: str | int) -> "_Reader":
        reader = _Reader(data, self.prefix + key)
        reader.issues = self.issues
        return reader


def _plain_cell(value: object) -> bool:
    """A cell `_Reader.cell` would keep as it is, recognised quickly (not all of them: NC is not)."""
    return value is None or type(value) is int or (type(value) is float and value == value)


def _beneficiaires(parent: _Reader, data: dict[str, Any], *key: str | int) -> Beneficiaires:
    # Read 30 000 times per load of 10 000 actions: a row of plain numbers skips the reader's checks.
    age, h, f, t, q = (data.get("age", ""), data.get("hommes"), data.get("femmes"), data.get("total"),
                       data.get("part_qpv"))
    if type(age) is str and _plain_cell(h) and _plain_cell(f) and _plain_cell(t) and _plain_cell(q):
        return Beneficiaires(age=age, hommes=h, femmes=f, total=t, part_qpv=q)
    reader = parent.child(data, *key)
    return Beneficiaires(
        age=reader.text("age"),
        hommes=reader.cell("hommes"),
        femmes=reader.cell("femmes"),
        total=reader.cell("total"),
        part_qpv=reader.cell("part_qpv"),
    )


def action_from_dict(id: str, data: dict[str, Any]) -> tuple[Action, list[Issue]]:
    """Build an Action from a file's dict; wrong types become issues."""
    r = _Reader(data)
    total = r.table("beneficiaires_total")
    action = Action(
        id=id,
        titre=r.text("titre"),
        porteur=r.text("porteur"),
        annee=r.integer("annee"),
        secteur=r.text("secteur"),
        statut=r.text("statut"),
        renouvele_depuis=r.integer("renouvele_depuis"),
        cout_total=r.amount("cout_total"),
        objectifs=r.texts("objectifs"),
        pilier_suppose=r.text("pilier_suppose"),
        description=r.text("description"),
        indicateurs=r.text("indicateurs"),
        nombre_beneficiaires=r.integer("nombre_beneficiaires"),
        **_financements(r),
        reconduit_de=r.text("reconduit_de"),
        beneficiaires=tuple(
            _beneficiaires(r, row, "beneficiaires", i) for i, row in r.tables("beneficiaires")
        ),
        beneficiaires_total=None if total is None else _beneficiaires(r, total, "beneficiaires_total"),
        corrections=tuple(
            Correction(
                champ=c.text("champ"), imprime=c.text("imprime"), retenu=c.text("retenu"), note=c.text("note")
            )
            for c in (r.child(row, "corrections", i) for i, row in r.tables("corrections"))
        ),
        numero_dauphin=r.text("numero_dauphin"),
        date_depot=r.date("date_depot"),
        bilan=_bilan(r),
    )
    return action, r.issues


def _bilan(r: _Reader) -> Bilan | None:
    data = r.table("bilan")
    if data is None:
        return None
    b = r.child(data, "bilan")
    return Bilan(date_recu=b.date("date_recu"), statut=b.text("statut"), note=b.text("note"))


def _line_life(l: _Reader) -> dict[str, Any]:
    """The fields of a table line after its amounts."""
    return dict(
        propose=l.amount("propose"), date_vote=l.date("date_vote"),
        reference_decision=l.text("reference_decision"), date_convention=l.date("date_convention"),
        nature=l.text("nature"), conditions_versement=l.text("conditions_versement"),
        date_publication=l.date("date_publication"),
        versements=tuple(
            Versement(date=v.date("date"), montant=v.amount("montant"), type=v.text("type"),
                      reference=v.text("reference"))
            for v in (l.child(row, "versements", i) for i, row in l.tables("versements"))
        ),
    )


def _financements(r: _Reader) -> dict[str, tuple[Financement, ...]]:
    """`capft = 5000` is a vote; `capft = { demande = 6000, vote = 5000 }` says what was asked too."""
    value = r.data.get("financements", {})
    if not isinstance(value, dict) or not any(isinstance(v, dict) for v in value.values()):
        return {"financements": tuple(Financement(code, montant) for code, montant in r.amounts("financements"))}
    sub = r.child(value, "financements")
    votes, demandes = [], []
    for code, line in value.items():
        if not isinstance(line, dict):
            if (montant := sub.amount(code)) is not None:
                votes.append(Financement(code, montant))
            continue
        l = sub.child(line, code)
        vote, demande, life = l.amount("vote"), l.amount("demande"), _line_life(l)
        if vote is not None:
            votes.append(Financement(code, vote, **life))
        if demande is not None:
            demandes.append(Financement(code, demande, **({} if vote is not None else life)))
    return {"financements": tuple(votes), "demandes": tuple(demandes)}


def bailleur_from_dict(id: str, data: dict[str, Any]) -> tuple[Bailleur, list[Issue]]:
    """Build a Bailleur from a file's dict; wrong types become issues."""
    r = _Reader(data)
    quartiers = []
    for i, row in r.tables("quartiers"):
        q = r.child(row, "quartiers", i)
        lignes = tuple(
            LigneTFPB(axe=l.text("axe"), action=l.text("action"), realisee=l.amount("realisee"),
                      valorisee=l.amount("valorisee"))
            for l in (q.child(line, "lignes", j) for j, line in q.tables("lignes"))
        )
        quartiers.append(
            Quartier(secteur=q.text("secteur"), logements=q.integer("logements"),
                     abattement=q.amount("abattement"), note=q.text("note"),
                     details=q.text("details"), lignes=lignes)
        )
    bailleur = Bailleur(id=id, nom=r.text("nom"), nom_complet=r.text("nom_complet"),
                        annee=r.integer("annee"), quartiers=tuple(quartiers))
    return bailleur, r.issues


def porteur_from_dict(id: str, data: dict[str, Any]) -> tuple[Porteur, list[Issue]]:
    """Build a Porteur from a file's dict; wrong types become issues."""
    r = _Reader(data)
    porteur = Porteur(id=id, nom=r.text("nom"), sigle=r.text("sigle"), siret=r.text("siret"), rna=r.text("rna"),
                      adresse=r.text("adresse"), contact=r.text("contact"), aliases=r.texts("aliases"))
    return porteur, r.issues


def porteur_to_dict(porteur: Porteur) -> dict[str, Any]:
    """The dict a file holds for this porteur, keys in their canonical order."""
    out = _copy({}, porteur, ("nom", "sigle", "siret", "rna", "adresse", "contact"))
    _set(out, "aliases", list(porteur.aliases))
    return out


def programmation_from_dict(data: dict[str, Any], id: str = "") -> tuple[Programmation, list[Issue]]:
    r = _Reader(data)
    declare = r.table("declare") or {}
    programmation = Programmation(
        annee=r.integer("annee") or 0,
        complement_anru=r.amount("complement_anru"),
        contrat=r.text("contrat"),
        periode=r.text("periode"),
        enveloppes=r.amounts("enveloppes"),
        enveloppes_reprises_de=r.integer("enveloppes_reprises_de"),
        declare=declare,
        id=id,
    )
    return programmation, r.issues


def programmation_to_dict(prog: Programmation) -> dict[str, Any]:
    """The dict a programmation file holds, keys in their canonical order."""
    out = _copy({}, prog, ("annee", "contrat", "periode", "complement_anru", "enveloppes_reprises_de"))
    _set(out, "enveloppes", dict(prog.enveloppes))
    _set(out, "declare", prog.declare)
    return out


def objectifs_from_dict(data: dict[str, Any]) -> tuple[dict[str, Objectif], list[Issue]]:
    r = _Reader(data)
    grid: dict[str, Objectif] = {}
    for code, entry in data.items():
        if not isinstance(entry, dict):
            r.issues.append(Issue((code,), f"l'objectif « {code} » doit être une table"))
            continue
        e = r.child(entry, code)
        objectif = Objectif(code=code, libelle=e.text("libelle"), pilier=e.text("pilier"),
                            transversal=e.flag("transversal"))
        if not objectif.pilier:
            objectif = replace(objectif, pilier=code.split("-")[0])
        grid[code] = objectif
    return grid, r.issues


def libelles_from_dict(data: dict[str, Any]) -> tuple[dict[str, Libelle], list[Issue]]:
    r = _Reader(data)
    entries: dict[str, Libelle] = {}
    for code, entry in data.items():
        if not isinstance(entry, dict):
            r.issues.append(Issue((code,), f"« {code} » doit être une table"))
            continue
        e = r.child(entry, code)
        entries[code] = Libelle(code=code, libelle=e.text("libelle"), court=e.text("court"), nom=e.text("nom"),
                                nature=e.text("nature"), commune=e.text("commune"),
                                qpv=e.flag("qpv"), variantes=e.texts("variantes"), siret=e.text("siret"))
    return entries, r.issues


# --- writing -----------------------------------------------------------------


def _set(out: dict[str, Any], key: str, value: Any) -> None:
    """Only what is set goes to the file."""
    if value is not None and value != "" and value != () and value != [] and value != {}:
        out[key] = value


def _copy(out: dict[str, Any], obj: Any, keys: Iterable[str]) -> dict[str, Any]:
    """`obj`'s attributes `keys`, those that are set, into `out` in that order."""
    for key in keys:
        _set(out, key, getattr(obj, key))
    return out


def _beneficiaires_dict(row: Beneficiaires, with_age: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if with_age:
        _set(out, "age", row.age)
    _copy(out, row, ("hommes", "femmes", "total", "part_qpv"))
    return out


def action_to_dict(action: Action) -> dict[str, Any]:
    """The dict a file holds for this action, keys in their canonical order."""
    out = _copy({}, action, ("titre", "porteur", "numero_dauphin", "date_depot", "annee", "secteur", "statut", "renouvele_depuis",
                "cout_total"))
    _set(out, "objectifs", list(action.objectifs))
    _copy(out, action, ("pilier_suppose", "description", "indicateurs", "nombre_beneficiaires"))
    _set(out, "financements", _financements_dict(action))
    _set(out, "reconduit_de", action.reconduit_de)
    _set(out, "beneficiaires", [_beneficiaires_dict(row) for row in action.beneficiaires])
    if action.beneficiaires_total is not None:
        # Written even when empty: a total row that is there but blank is still read back as one.
        out["beneficiaires_total"] = _beneficiaires_dict(action.beneficiaires_total, with_age=False)
    if action.bilan is not None:
        _set(out, "bilan", {k: v for k in ("date_recu", "statut", "note")
                            if (v := getattr(action.bilan, k)) not in (None, "")})
    corrections = []
    for c in action.corrections:
        entry = {"champ": c.champ, "imprime": c.imprime, "retenu": c.retenu}
        _set(entry, "note", c.note)
        corrections.append(entry)
    _set(out, "corrections", corrections)
    return out


def _financements_dict(action: Action) -> dict[str, Any]:
    votes = {f.financeur: f for f in action.financements}
    if not action.demandes and not any(f.has_life for f in action.financements):
        return {code: f.montant for code, f in votes.items()}
    demandes = {f.financeur: f for f in action.demandes}
    tables = {code for code, f in votes.items() if f.has_life} | set(demandes)
    # Plain amounts first, then the tables: the order TOML gives them back, so a saved
    # record reloads equal (a TOML table cannot come before a plain key of its parent).
    out: dict[str, Any] = {code: f.montant for code, f in votes.items() if code not in tables}
    for code in dict.fromkeys([*votes, *demandes]):
        if code in tables:
            out[code] = _line_dict(demandes.get(code), votes.get(code))
    return out


def _line_dict(demande: Financement | None, vote: Financement | None) -> dict[str, Any]:
    line: dict[str, Any] = {}
    if demande is not None:
        line["demande"] = demande.montant
    life = vote or demande
    assert life is not None
    _set(line, "propose", life.propose)
    if vote is not None:
        line["vote"] = vote.montant
    _copy(line, life, LINE_KEYS[1:-1])
    _set(line, "versements", [_copy({}, v, ("date", "montant", "type", "reference")) for v in life.versements])
    return line


def bailleur_to_dict(bailleur: Bailleur) -> dict[str, Any]:
    """The dict a file holds for this bailleur, keys in their canonical order."""
    out = _copy({}, bailleur, ("nom", "nom_complet", "annee"))
    quartiers = []
    for q in bailleur.quartiers:
        entry = _copy({}, q, ("secteur", "logements", "abattement", "note", "details"))
        _set(entry, "lignes", [_copy({}, line, ("axe", "action", "realisee", "valorisee")) for line in q.lignes])
        quartiers.append(entry)
    _set(out, "quartiers", quartiers)
    return out
