"""Costs stay linear in the number of records (issue 17): counted, never timed.

A national folder holds tens of thousands of actions and thousands of
quartiers and funders. Two things make a cost quadratic: a lookup that scans
the snapshot once per record, and a grouping that scans every action once
per sector or funder. Both are counted here: records handed out by the
snapshot's tuples, and comparisons and hashes of the codes grouped on.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path


from pvtui.domain.check import check
from pvtui.domain.dataset import ACTIONS, BAILLEURS, Dataset
from pvtui.domain.model import Action, Bailleur, Financement, LigneTFPB, Quartier
from pvtui.export import KINDS, Filtres, export

YEARS = tuple(range(2015, 2025))


class Scanned(Exception):
    """Raised as soon as a snapshot hands out more records than its budget: a scan, failing fast."""


class CountingTuple(tuple):
    """A tuple that counts the records it hands out, over every iteration."""

    budget = 0
    handed = 0

    def __iter__(self):
        for item in super().__iter__():
            type(self).handed += 1
            if type(self).handed > type(self).budget:
                raise Scanned(f"{type(self).handed} records handed out (budget {type(self).budget})")
            yield item


def _snapshot(actions, bailleurs, cls=tuple) -> Dataset:
    from pvtui.domain.dataset import Referentiel

    return Dataset(root=Path("/nonexistent"), referentiel=Referentiel(), programmations={},
                   actions=cls(actions), bailleurs=cls(bailleurs), problems=())


N = 50_000


def test_50_000_lookups_by_id_and_year_do_not_scan(monkeypatch):
    actions = [Action(id=f"action-{i}", annee=YEARS[i % len(YEARS)]) for i in range(N)]
    bailleurs = [Bailleur(id=f"bailleur-{i}", annee=YEARS[i % len(YEARS)]) for i in range(2_000)]
    data = _snapshot(actions, bailleurs, CountingTuple)
    # The indexes may read each tuple a few times when they are built; a scan per lookup
    # would hand out N * N / 2 records (and is stopped at the budget).
    monkeypatch.setattr(CountingTuple, "budget", 10 * (N + len(bailleurs)))
    monkeypatch.setattr(CountingTuple, "handed", 0)
    for i in range(N):
        assert data.action(f"action-{i}") is actions[i]
    for i in range(len(bailleurs)):
        assert data.bailleur(f"bailleur-{i}") is bailleurs[i]
    assert data.action("absente") is None and data.bailleur("absent") is None
    for _ in range(1_000):  # a view asks at every refresh
        assert data.years == list(YEARS)
        assert len(data.actions_of(2019)) == N // len(YEARS)
        assert len(data.bailleurs_of(2019)) == len(bailleurs) // len(YEARS)
    assert data.actions_of(1999) == [] and data.bailleurs_of(None) == []
    assert CountingTuple.handed <= 10 * (N + len(bailleurs))


def test_indexes_follow_the_snapshot_they_belong_to():
    """Each snapshot has its own indexes: a save or a delete never leaves a stale one behind."""
    a, b = Action(id="a", annee=2019, titre="A"), Action(id="b", annee=2020)
    data = _snapshot([a, b], [Bailleur(id="h", annee=2019)])
    assert data.action("a") is a and data.years == [2019, 2020]  # indexes built
    a2 = replace(a, annee=2021, titre="A2")
    saved = data.replace_record(ACTIONS, a2)
    assert saved.action("a") is a2 and saved.actions_of(2019) == [] and saved.actions_of(2021) == [a2]
    assert saved.years == [2019, 2020, 2021]
    assert data.action("a") is a and data.actions_of(2019) == [a]  # the old snapshot is untouched
    added = saved.replace_record(ACTIONS, Action(id="c", annee=2019))
    assert [x.id for x in added.actions_of(2019)] == ["c"] and saved.action("c") is None
    removed = added.remove_record(ACTIONS, "b").remove_record(BAILLEURS, "h")
    assert removed.action("b") is None and removed.bailleur("h") is None and removed.years == [2019, 2021]


def test_a_new_record_is_placed_in_the_files_order():
    """A saved new action sits where a reload would put it (files sorted by name), not at the end."""
    data = _snapshot([Action(id="a"), Action(id="c"), Action(id="d")], [])
    added = data.replace_record(ACTIONS, Action(id="b"))
    assert [x.id for x in added.actions] == ["a", "b", "c", "d"]
    assert [x.id for x in added.replace_record(ACTIONS, Action(id="c-2")).actions] == ["a", "b", "c-2", "c", "d"]


def test_a_duplicate_id_finds_the_first_record_as_before():
    """`check` reports duplicate ids; until they are fixed, a lookup keeps giving the first one."""
    first, second = Action(id="x", titre="premier"), Action(id="x", titre="second")
    assert _snapshot([first, second], []).action("x") is first


# --- groupings ---------------------------------------------------------------


class Code(str):
    """A sector or funder code that counts how often it is compared or hashed."""

    count = 0
    budget = 0

    @staticmethod
    def _one() -> None:
        Code.count += 1
        if Code.count > Code.budget:
            raise Scanned(f"more than {Code.budget} comparisons and hashes of codes")

    def __eq__(self, other):
        Code._one()
        return str.__eq__(self, other)

    def __ne__(self, other):
        Code._one()
        return str.__ne__(self, other)

    def __hash__(self):
        Code._one()
        return str.__hash__(self)


def _national(mini, n: int) -> Dataset:
    """The mini folder grown to `n` actions of one year in n / 2 quartiers unknown to its
    referential (a national import), paid by 40 communes, with a bailleur per 10 actions.

    The funders stay 40: the exports' tables have a column per funder (actions x funders
    cells is the output's own size), while a sector is a row."""
    base = mini.load()
    year = 2019
    actions = tuple(
        Action(id=f"action-{i}", titre=f"Action {i}", porteur="Association", annee=year,
               secteur=Code(f"qpv-{i // 2}"), statut="nouvelle", cout_total=10_000,
               objectifs=("I-A-3",) if i % 3 else (),
               financements=(Financement(Code("capft"), 1_000), Financement(Code(f"commune-{i % 40}"), 500)))
        for i in range(n))
    bailleurs = tuple(
        Bailleur(id=f"bailleur-{i}", nom=f"Bailleur {i}", annee=year, quartiers=(
            Quartier(secteur=Code(f"qpv-{i * 5}"), logements=10, abattement=100,
                     lignes=(LigneTFPB(axe="animation", action="Fête", realisee=200, valorisee=150),)),))
        for i in range(n // 10))
    return replace(base, actions=actions, bailleurs=bailleurs)


PER_ACTION = 1_500
"""Comparisons and hashes of codes allowed per action, all kinds together (about 1 070 today):
a scan of the actions per funder, or of the funders per funder, goes well past it."""


def _cost(data: Dataset) -> int:
    Code.count, Code.budget = 0, PER_ACTION * len(data.actions)
    check(data)
    for kind in KINDS:
        export(data, kind, Filtres(), "text")
    export(data, "rapport", Filtres(), "json")
    export(data, "rapport", Filtres(), "csv")
    return Code.count


def test_check_and_exports_group_in_one_pass_however_many_quartiers_and_funders(mini):
    """Doubling the actions (and the quartiers and funders they name) at most doubles the work:
    one scan of the actions per sector or funder would quadruple it."""
    small, large = _cost(_national(mini, 300)), _cost(_national(mini, 600))
    assert large <= 2.1 * small, f"{small} -> {large} comparisons and hashes of codes"


# --- a subsidy's life ----------------------------------------------------------


def _lives(n: int) -> Dataset:
    """`n` actions of one year, two per porteur (24 000 € each from the C.A.: a convention, open data),
    naming it as the files before porteur records did: by its name, or by its sigle."""
    import datetime as dt

    from pvtui.domain.dataset import Referentiel
    from pvtui.domain.model import Libelle, Porteur, Versement

    porteurs = [Porteur(id=f"p-{i}", nom=f"Association {i}", sigle=f"A{i}", siret=f"{i:014d}")
                for i in range(n // 2)]
    line = Financement("capft", 24_000, date_vote=dt.date(2019, 4, 15), date_convention=dt.date(2019, 5, 2),
                       nature="numéraire", conditions_versement="échelonné",
                       versements=(Versement(dt.date(2019, 6, 1), 6_000, "acompte"),))
    actions = [Action(id=f"action-{i}", titre=f"Action {i}", annee=2019, cout_total=50_000, financements=(line,),
                      porteur=f"Association {i // 2}" if i % 2 else f"A{i // 2}")
               for i in range(n)]
    ref = Referentiel(financeurs={"capft": Libelle(code="capft", libelle="C.A.", nom="Communauté d'agglomération",
                                                   siret="20000000000000")})
    return Dataset(root=Path("/nonexistent"), referentiel=ref, programmations={}, actions=CountingTuple(actions),
                   bailleurs=CountingTuple(), problems=(), porteurs=CountingTuple(porteurs))


def test_echeances_and_opendata_at_10_000_actions_read_each_record_a_few_times(monkeypatch):
    """The open data finds each action's porteur record by name or sigle, and Échéances names it:
    one look-up each, not a scan of the porteurs per action (which would hand out n² / 4 records)."""
    import datetime as dt

    from pvtui.domain.vie import echeances
    from pvtui.export import echeances as echeances_export
    from pvtui.export import opendata

    n = 10_000
    data = _lives(n)
    monkeypatch.setattr(CountingTuple, "budget", 10 * (n + n // 2))
    monkeypatch.setattr(CountingTuple, "handed", 0)
    rows = opendata.lignes(data, "capft", 2019)
    assert len(rows) == n and not any(row.manque for row in rows)
    assert rows[1].valeurs["idBeneficiaire"] == f"{0:014d}" and rows[1].valeurs["nomBeneficiaire"] == "Association 0"
    opendata.render(rows)
    due = echeances(data, dt.date(2020, 7, 1))
    assert len(due) == 3 * n  # a publication, a payment and a bilan each
    echeances_export.render(data, dt.date(2020, 7, 1))
    assert CountingTuple.handed <= 10 * (n + n // 2)
