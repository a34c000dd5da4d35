"""The computations behind every table and export: pure functions of records.

Nothing here reads files or knows about a terminal. Shares are ratios
(0.115), formatting is `fmt`'s job.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from pvtui.domain.dataset import Referentiel
from pvtui.domain.model import NC, Action, Amount, Bailleur, Objectif

PILIERS = ("I", "II", "III")


def ratio(part: float, whole: float | None) -> float | None:
    return part / whole if whole else None


def piliers(action: Action) -> tuple[str, ...]:
    """The pillars of an action: from its objective codes, else the one it supposes."""
    heads = {code.partition("-")[0] for code in action.objectifs}
    found = [pilier for pilier in PILIERS if pilier in heads]  # in PILIERS order
    if not found and action.pilier_suppose:
        return (action.pilier_suppose,)
    return tuple(found)


# --- funding -----------------------------------------------------------------


def shares(action: Action) -> list[tuple[str, Amount, float | None]]:
    """Each funder's subsidy and its share of the action's total cost."""
    return [(f.financeur, f.montant, ratio(f.montant, action.cout_total)) for f in action.financements]


def engaged_by_funder(actions: Iterable[Action]) -> dict[str, Amount]:
    totals: dict[str, Amount] = defaultdict(int)
    for action in actions:
        for line in action.financements:
            totals[line.financeur] += line.montant
    return dict(totals)


@dataclass(frozen=True)
class FunderRow:
    """One funder over a set of actions, against its envelope."""

    code: str
    montant: Amount
    actions: int
    cout_actions: Amount
    """Total cost of the actions this funder pays for."""
    enveloppe: Amount | None

    @property
    def part(self) -> float | None:
        """Share of the total cost of the actions it funds."""
        return ratio(self.montant, self.cout_actions)

    @property
    def reste(self) -> Amount | None:
        return None if self.enveloppe is None else self.enveloppe - self.montant

    @property
    def engage(self) -> float | None:
        return ratio(self.montant, self.enveloppe)


def funders(actions: Sequence[Action], codes: Iterable[str], enveloppes: dict[str, Amount]) -> list[FunderRow]:
    """Per funder: amount, actions funded (a printed 0 is not funding), their cost, envelope.

    One pass over the actions, however many funders they name.
    """
    # Summed in the pass itself: `a.financement[code]` per funder rebuilt each action's dict once per
    # funder, quadratic in the codes of one file (2 000 unknown codes: over 300 s for `export rapport`).
    sums: dict[str, list] = {}
    for action in actions:
        for code, amount in action.financement.items():
            if amount:
                row = sums.setdefault(code, [0, 0, 0])
                row[0] += amount
                row[1] += 1
                row[2] += action.cout_total or 0
    rows = []
    for code in dict.fromkeys([*codes, *engaged_by_funder(actions)]):
        montant, count, cout = sums.get(code, (0, 0, 0))
        rows.append(FunderRow(code=code, montant=montant, actions=count, cout_actions=cout,
                              enveloppe=enveloppes.get(code)))
    return rows


def funded_groups(actions: Iterable[Action]) -> dict[str, list[Action]]:
    """Funder code -> the actions it pays for, in their order (a printed 0 is not funding), in one pass."""
    groups: dict[str, list[Action]] = {}
    for action in actions:
        for code, amount in action.financement.items():
            if amount:
                groups.setdefault(code, []).append(action)
    return groups


def funded_only_groups(actions: Iterable[Action]) -> dict[str, list[Action]]:
    """Funder code -> the actions it alone pays for ("subventionnées seulement par l'État"), in one pass."""
    groups: dict[str, list[Action]] = {}
    for action in actions:
        paying = [f.financeur for f in action.financements if f.montant]
        if len(paying) == 1:
            groups.setdefault(paying[0], []).append(action)
    return groups


def funded_by(actions: Iterable[Action], code: str) -> list[Action]:
    """The actions this funder pays for (a printed 0 is not funding, as in `funders`)."""
    return [a for a in actions if a.financement.get(code)]


def funded_only_by(actions: Iterable[Action], code: str) -> list[Action]:
    """The actions this funder alone pays for ("subventionnées seulement par l'État")."""
    return funded_only_groups(actions).get(code, [])


def group_by(actions: Iterable[Action], key) -> dict:
    """key(action) -> the actions that have it, in their order: one pass, for any number of groups."""
    groups: dict = {}
    for action in actions:
        groups.setdefault(key(action), []).append(action)
    return groups


@dataclass(frozen=True)
class Statuts:
    """New and renewed actions, as the fiches record them."""

    nouvelles: int
    renouvellements: int
    non_precise: int
    depuis: dict[int, int]
    """Renewals by the year they have been renewed since (those that say it)."""


def statut(action: Action) -> str:
    """« nouvelle » or « renouvellement » as the record says it, else "".

    `statut` decides when written; without it, a link to the record renewed
    (`reconduit_de`, written by `pvtui annee nouvelle`) says a renewal.
    """
    if action.statut in ("nouvelle", "renouvellement"):
        return action.statut
    return "renouvellement" if action.reconduit_de else ""


def statuts(actions: Iterable[Action]) -> Statuts:
    counts: Counter = Counter()
    depuis: Counter = Counter()
    for action in actions:
        counts[found := statut(action)] += 1
        if found == "renouvellement" and action.renouvele_depuis:
            depuis[action.renouvele_depuis] += 1
    return Statuts(counts["nouvelle"], counts["renouvellement"], counts[""], dict(sorted(depuis.items())))


@dataclass(frozen=True)
class GroupRow:
    """A group of actions (a sector, a pillar, a nature of credits) and its funding."""

    code: str
    actions: int
    cout_total: Amount
    financements: dict[str, Amount] = field(default_factory=dict)

    @property
    def subventions(self) -> Amount:
        return sum(self.financements.values())

    @property
    def part(self) -> float | None:
        return ratio(self.subventions, self.cout_total)


def _group(actions: Iterable[Action], keys_of, order: Iterable[str]) -> list[GroupRow]:
    members: dict[str, list[Action]] = {code: [] for code in order}
    for action in actions:
        for key in keys_of(action):
            members.setdefault(key, []).append(action)
    return [
        GroupRow(code, len(group), sum(a.cout_total or 0 for a in group), engaged_by_funder(group))
        for code, group in members.items()
    ]


def by_sector(actions: Iterable[Action], order: Iterable[str] = ()) -> list[GroupRow]:
    """Per sector: actions, total cost, each funder's amount (the sector x funder table)."""
    return _group(actions, lambda a: (a.secteur or "?",), order)


def total(actions: Iterable[Action]) -> GroupRow:
    """All the actions as one group: their number, total cost and each funder's amount."""
    return _group(actions, lambda a: ("total",), ("total",))[0]


def by_pillar(actions: Iterable[Action]) -> list[GroupRow]:
    """Per pillar; an action that works several pillars counts in each, one with none under "—"."""
    return _group(actions, lambda a: piliers(a) or ("—",), PILIERS)


def by_nature(actions: Iterable[Action], natures: dict[str, str]) -> dict[str, Amount]:
    """Crédits spécifiques vs droit commun: funder code -> nature, summed."""
    totals: dict[str, Amount] = defaultdict(int)
    for code, amount in engaged_by_funder(actions).items():
        totals[natures.get(code) or "?"] += amount
    return dict(totals)


# --- objective coverage ------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """The "photographie des piliers" of a set of actions."""

    actions: int
    mentions: Counter
    """Objective code -> how many times it is named, sub-objectives included."""
    sous_objectifs: dict[str, Counter]
    """Objective code -> sub-objective code -> times named ("Dont : I-C-3 (1)")."""
    absents: tuple[str, ...]
    """Objectives of the grid no action names."""
    sans_objectif: tuple[str, ...]
    """Ids of the actions that name no objective."""
    par_pilier: dict[str, int]
    transversaux: int

    @property
    def total(self) -> int:
        return sum(self.mentions.values())

    @property
    def total_sous_objectifs(self) -> int:
        return sum(sum(c.values()) for c in self.sous_objectifs.values())


def parent(code: str) -> str:
    return "-".join(code.split("-")[:2])


def coverage(actions: Sequence[Action], grid: dict[str, Objectif]) -> Coverage:
    mentions: Counter = Counter()
    subs: dict[str, Counter] = defaultdict(Counter)
    transversaux = 0
    for action in actions:
        for code in action.objectifs:
            mentions[parent(code)] += 1
            if code.count("-") >= 2:
                subs[parent(code)][code] += 1
            objectif = grid.get(code)  # not get(code, Objectif(code)): one object built per mention
            if objectif is not None and objectif.transversal:
                transversaux += 1
    strategic = [code for code, o in grid.items() if not o.is_sous_objectif]
    par_pilier = {p: 0 for p in PILIERS}
    for code, count in mentions.items():
        pilier = grid[code].pilier if code in grid else code.split("-")[0]
        par_pilier[pilier] = par_pilier.get(pilier, 0) + count
    return Coverage(
        actions=len(actions),
        mentions=mentions,
        sous_objectifs=dict(subs),
        absents=tuple(code for code in strategic if not mentions[code]),
        sans_objectif=tuple(a.id for a in actions if not a.objectifs),
        par_pilier=par_pilier,
        transversaux=transversaux,
    )


# --- beneficiaries -----------------------------------------------------------


def age_band(label: str) -> str:
    """Spellings of one band as one: "0-5 ans", "0 à 5 ans" -> "0 à 5 ans"."""
    numbers = re.findall(r"\d+", label)
    if len(numbers) >= 2:
        return f"{numbers[0]} à {numbers[1]} ans"
    if len(numbers) == 1 and "plus" in label:
        return f"{numbers[0]} ans et plus"
    return label.strip() or "?"


def _num(value: object) -> float:
    return value if isinstance(value, (int, float)) and value != NC else 0


@dataclass(frozen=True)
class BeneficiairesTotals:
    hommes: int
    femmes: int
    total: int
    qpv: float
    """People from a QPV, from each row's total and % (rows without both are left out)."""
    total_avec_qpv: int
    par_age: dict[str, tuple[int, int, int]]
    """Age band -> (hommes, femmes, total)."""

    @property
    def part_qpv(self) -> float | None:
        return ratio(self.qpv, self.total_avec_qpv)

    @property
    def sexe_non_precise(self) -> int:
        """People counted in a total whose table does not split them by sex."""
        return self.total - self.hommes - self.femmes


def beneficiaires(actions: Iterable[Action]) -> BeneficiairesTotals:
    h = f = t = with_qpv = 0
    qpv = 0.0
    bands: dict[str, list[int]] = {}
    for action in actions:
        rows = action.beneficiaires or ((action.beneficiaires_total,) if action.beneficiaires_total else ())
        for row in rows:
            total = _num(row.total) or _num(row.hommes) + _num(row.femmes)
            band = bands.setdefault(age_band(row.age) if row.age else "non précisé", [0, 0, 0])
            band[0] += _num(row.hommes)
            band[1] += _num(row.femmes)
            band[2] += total
            h, f, t = h + _num(row.hommes), f + _num(row.femmes), t + total
            if isinstance(row.part_qpv, (int, float)) and total:
                qpv += total * row.part_qpv / 100
                with_qpv += total
    ordered = dict(sorted(bands.items(), key=lambda kv: [int(n) for n in re.findall(r"\d+", kv[0])] or [999]))
    return BeneficiairesTotals(h, f, t, qpv, with_qpv, {k: tuple(v) for k, v in ordered.items()})


# --- TFPB --------------------------------------------------------------------


@dataclass(frozen=True)
class QuartierRow:
    """A bailleur in one quartier: spending against the abatement."""

    bailleur: str
    secteur: str
    logements: int | None
    abattement: Amount | None
    realisee: Amount
    valorisee: Amount

    @property
    def taux(self) -> float | None:
        return ratio(self.valorisee, self.realisee)

    @property
    def ecart(self) -> Amount | None:
        """Valorisée minus abatement: negative when the bailleur spent less than it saved."""
        return None if self.abattement is None else self.valorisee - self.abattement


def quartiers(bailleurs: Iterable[Bailleur]) -> list[QuartierRow]:
    return [
        QuartierRow(
            bailleur=b.nom or b.id,
            secteur=q.secteur,
            logements=q.logements,
            abattement=q.abattement,
            realisee=sum(line.realisee or 0 for line in q.lignes),
            valorisee=sum(line.valorisee or 0 for line in q.lignes),
        )
        for b in bailleurs
        for q in b.quartiers
    ]


@dataclass(frozen=True)
class AxeRow:
    """One axe of the "Synthèse des dépenses par axes"."""

    axe: str
    porteurs: tuple[str, ...]
    lignes: int
    realisee: Amount
    valorisee: Amount

    @property
    def taux(self) -> float | None:
        return ratio(self.valorisee, self.realisee)


def synthese_axes(bailleurs: Iterable[Bailleur]) -> list[AxeRow]:
    """Every TFPB line summed by axe, largest spending first, as the report orders it."""
    porteurs: dict[str, dict[str, None]] = defaultdict(dict)
    counts: Counter = Counter()
    realisee: dict[str, Amount] = defaultdict(int)
    valorisee: dict[str, Amount] = defaultdict(int)
    for b in bailleurs:
        for q in b.quartiers:
            for line in q.lignes:
                porteurs[line.axe][b.nom or b.id] = None
                counts[line.axe] += 1
                realisee[line.axe] += line.realisee or 0
                valorisee[line.axe] += line.valorisee or 0
    rows = [AxeRow(axe, tuple(porteurs[axe]), counts[axe], realisee[axe], valorisee[axe]) for axe in counts]
    return sorted(rows, key=lambda r: -r.realisee)


def total_axes(rows: Iterable[AxeRow]) -> AxeRow:
    rows = list(rows)
    return AxeRow("total", (), sum(r.lignes for r in rows), sum(r.realisee for r in rows),
                  sum(r.valorisee for r in rows))


def printed_tfpb(declare: dict) -> tuple[Amount, Amount, str] | None:
    """The report's printed total of its synthesis by axe: `[declare.tfpb]` realisee, valorisee, note.

    The report's figures are data (the 2019 synthesis leaves MOSELIS out), shown
    beside pvtui's own total; None when absent or of a shape pvtui cannot read.
    """
    declared = declare.get("tfpb")
    declared = declared if isinstance(declared, dict) else {}
    realisee, valorisee, note = declared.get("realisee"), declared.get("valorisee"), declared.get("note")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (realisee, valorisee)):
        return None
    return realisee, valorisee, note if isinstance(note, str) else ""


def referentiel_order(ref: Referentiel) -> tuple[list[str], list[str]]:
    """Funder and sector codes in the referential's order."""
    return list(ref.financeurs), list(ref.secteurs)
