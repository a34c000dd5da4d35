"""A programme across years: `pvtui annee nouvelle`, the year every view follows, the rules of years."""

from __future__ import annotations

import shutil
import tomllib

import pytest
import update_golden
from conftest import DATA, run_pvtui, tree_hash

from pvtui.domain.check import check
from pvtui.domain.forms import action_from_form
from pvtui.domain.problem import AVERTISSEMENT, ERREUR
from pvtui.export import Filtres, export
from pvtui.storage.store import Store
from tests.uitools import running


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """The shipped 2019, and 2020 made from it by the command line."""
    root = tmp_path_factory.mktemp("years") / "data"
    shutil.copytree(DATA, root)
    done = run_pvtui("annee", "nouvelle", "2020", str(root), "--depuis", "2019", "--reconduire-tout")
    assert done.returncode == 0, done.stderr
    return root, done


def test_a_new_year_renews_every_action_and_copies_the_envelopes(two_years):
    root, done = two_years
    data = Store(root, cache=False).load()
    renewed = data.actions_of(2020)
    assert len(renewed) == 52 and len(data.actions_of(2019)) == 52
    assert "52 actions reconduites" in done.stderr and "à confirmer" in done.stderr
    salon = data.action("salon-atelier-2020")
    assert (salon.reconduit_de, salon.statut, salon.renouvele_depuis) == ("salon-atelier", "renouvellement", 2019)
    assert salon.financements == () and {f.financeur: f.montant for f in salon.demandes} == {"capft": 5000, "etat": 4000}
    assert salon.beneficiaires == () and salon.indicateurs == "" and salon.description
    prog = tomllib.loads((root / "programmations" / "2020.toml").read_text("utf-8"))
    assert prog["enveloppes"] == tomllib.loads((DATA / "programmations" / "2019.toml").read_text("utf-8"))["enveloppes"]
    assert prog["enveloppes_reprises_de"] == 2019
    # The 2019 files are never modified.
    shipped = {k: v for k, v in tree_hash(DATA).items()}
    now = tree_hash(root)
    assert all(now[k] == v for k, v in shipped.items())


def test_the_new_year_checks_clean_and_a_second_run_refuses_without_a_change(two_years):
    root, _ = two_years
    checked = run_pvtui("check", str(root))
    assert checked.returncode == 0, checked.stdout
    assert "enveloppes 2020 reprises de 2019 : à confirmer" in checked.stdout
    before = tree_hash(root)
    again = run_pvtui("annee", "nouvelle", "2020", str(root), "--reconduire-tout")
    assert again.returncode == 2
    assert "la programmation 2020 existe déjà (programmations/2020.toml) : rien n'a été créé" in again.stderr
    assert tree_hash(root) == before


def test_unknown_actions_to_renew_are_refused_before_anything_is_written(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    before = tree_hash(root)
    done = run_pvtui("annee", "nouvelle", "2020", str(root), "--reconduire", "salon-atelier", "nimporte")
    assert done.returncode == 2 and "« nimporte »" in done.stderr
    assert tree_hash(root) == before


def test_every_2019_export_is_unchanged_by_the_presence_of_2020(two_years):
    root, _ = two_years
    data = Store(root, cache=False).load()
    for kind, fmt, path in update_golden.cases():
        if kind == "evolution":  # the one export made to put the years side by side
            continue
        filtres = Filtres(action=update_golden.FICHE) if kind == "fiche" else Filtres(annee=2019)
        assert export(data, kind, filtres, fmt, now=update_golden.NOW) == path.read_bytes(), (kind, fmt)


def test_the_year_rules(mini):
    mini.write("actions/epsilon.toml", 'titre = "E"\nporteur = "P"\nannee = 2021\nsecteur = "centre"\n'
               'cout_total = 10\nrenouvele_depuis = 2025\nreconduit_de = "disparue"\n')
    found = {(p.path, p.niveau, p.message) for p in check(mini.load())}
    assert ("actions/epsilon.toml", ERREUR, "Renouvelée depuis 2025 : après l'année de l'action (2021)") in found
    assert any(m.startswith("1 action en 2021, année sans programmation") for _, _, m in found)
    assert any("reconduit de « disparue »" in m for _, _, m in found)
    mini.write("programmations/2022.toml", "annee = 2022\n")
    assert any(p.message == "programmation 2022 sans aucune action" for p in check(mini.load()))


def test_the_form_refuses_what_check_calls_an_error(mini):
    data = mini.load()
    alpha = data.action("alpha")
    fields = {"titre": "A", "porteur": "P", "annee": "1850", "secteur": "centre", "cout_total": "10",
              "renouvele_depuis": ""}
    _, errors = action_from_form(alpha, fields, {}, [], data.referentiel)
    assert errors["annee"].startswith("Année 1850 invraisemblable")
    _, errors = action_from_form(alpha, {**fields, "annee": "2019", "renouvele_depuis": "2025"}, {}, [],
                                 data.referentiel)
    assert errors["renouvele_depuis"] == "Renouvelée depuis 2025 : après l'année de l'action (2019)"
    _, errors = action_from_form(alpha, {**fields, "annee": "2019", "cout_total": "2 000 000 000 000"}, {}, [],
                                 data.referentiel)
    assert errors["cout_total"].startswith("Coût total est invraisemblable")


async def test_the_year_keys_switch_every_view(two_years):
    root, _ = two_years
    async with running(root, size=(100, 30)) as (app, pilot):
        assert app.year == 2020  # the latest with a programmation
        await pilot.press("minus")
        await pilot.pause()
        assert app.year == 2019
        for key, selector, expected in (("f", "#fin-title", "Programmation 2019"), ("o", "#obj-title", "Objectifs 2019"),
                                        ("b", "#tfpb-title", "TFPB 2019")):
            await pilot.press(key)
            await pilot.pause()
            assert expected in _text(app.screen, selector), key
        await pilot.press("plus")
        await pilot.pause()
        assert "TFPB 2020" in _text(app.screen, "#tfpb-title")  # no bailleur yet in 2020: an empty table
        await pilot.press("f")
        await pilot.pause()
        assert "Programmation 2020 : 52 actions" in _text(app.screen, "#fin-title")
        await pilot.press("a")
        await pilot.pause()
        assert _text(app.screen, "#totals").startswith("Total 2020 : 52 actions")
        await pilot.press("asterisk")
        await pilot.pause()
        totals = _text(app.screen, "#totals")
        assert totals.startswith("Total : 104 actions") and "2019 : 52 actions" in totals and "2020 : 52 actions" in totals
        assert [c.label for c in app.screen.table.columns][:2] == ["Titre", "Année"]


def _text(screen, selector: str) -> str:
    from tests.uitools import static_text

    return " ".join(static_text(screen.query_one(selector), 200).split())


def test_evolution_gives_each_year_the_figures_of_its_own_financements_export(two_years):
    import json

    root, _ = two_years
    evolution = json.loads(run_pvtui("export", "evolution", str(root), "--format", "json").stdout)
    assert evolution["annees"] == [2019, 2020]
    for year in (2019, 2020):
        financements = json.loads(run_pvtui("export", "financements", str(root), "--annee", str(year),
                                            "--format", "json").stdout)
        expected = {f["code"]: (f["enveloppe"], f["montant"]) for f in financements["financeurs"]}
        got = {code: (f["enveloppe"], f["montant"]) for code, f in evolution["par_annee"][str(year)]["financeurs"].items()}
        assert got == expected, year
    assert evolution["par_annee"]["2020"]["renouvellements"] == 52


async def test_a_new_year_from_the_tui_then_its_envelopes(tmp_path):
    from tests.uitools import copy_data, set_field

    from pvtui.ui.screens.annee import EnveloppesScreen, NouvelleAnneeScreen

    root = copy_data(tmp_path)
    async with running(root, size=(100, 30)) as (app, pilot):
        await pilot.press("f", "N")
        await pilot.pause()
        assert isinstance(app.screen, NouvelleAnneeScreen)
        await pilot.press("down", "space")  # untick the second action
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EnveloppesScreen) and app.year == 2020
        assert len(app.data.actions_of(2020)) == 51 == len(list((root / "actions").glob("*-2020.toml")))
        await set_field(pilot, app.screen, "env-capft", "160 000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EnveloppesScreen)
        prog = tomllib.loads((root / "programmations" / "2020.toml").read_text("utf-8"))
        assert prog["enveloppes"]["capft"] == 160000 and "enveloppes_reprises_de" not in prog
        assert "Programmation 2020 : 51 actions" in _text(app.screen, "#fin-title")
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("ctrl+s")  # 2021 from 2020: fine; but 2020 again is refused (see the CLI test)
        await pilot.pause()
        assert app.year == 2021


async def test_the_fiche_follows_the_year_along_the_renewals(two_years):
    root, _ = two_years
    async with running(root, size=(100, 30)) as (app, pilot):
        app.open_action("salon-atelier-2020")
        await pilot.pause()
        assert "D'une année à l'autre" in _text(app.screen, "#fiche")
        await pilot.press("minus")
        await pilot.pause()
        assert app.screen.action_id == "salon-atelier"
        assert "Fichier : actions/salon-atelier.toml" in _text(app.screen, "#fiche")


def _outside(mini) -> set[tuple[str, str, str]]:
    return {(p.path, p.niveau, p.message) for p in check(mini.load()) if "hors des années" in p.message}


def test_a_year_outside_the_contracts_years_is_a_warning(mini):
    mini.write("actions/epsilon.toml", 'titre = "E"\nporteur = "P"\nannee = 2030\nsecteur = "centre"\n'
               'cout_total = 10\n')
    assert _outside(mini) == set()  # no period written: nothing to compare with
    mini.edit("programmations/2019.toml", "annee = 2019\n",
              "annee = 2019\nperiode = \"À compléter : années du contrat (2024-2030)\"\n")
    assert _outside(mini) == set()  # the placeholder of `pvtui init` is no period
    mini.edit("programmations/2019.toml", "À compléter : années du contrat (2024-2030)",
              "2015-2020, prorogé jusqu'en 2023")
    assert _outside(mini) == {("actions/epsilon.toml", AVERTISSEMENT,
                               "1 action en 2030, hors des années du contrat (2015-2023)")}
    mini.write("programmations/2030.toml", 'annee = 2030\nperiode = "2024-2030"\n')
    assert _outside(mini) == set()  # a folder may span two contracts


def test_the_programmation_of_a_year_outside_its_own_period_is_a_warning(mini):
    mini.edit("programmations/2019.toml", "annee = 2019\n", "annee = 2019\nperiode = \"2024-2030\"\n")
    assert _outside(mini) == {("programmations/2019.toml", AVERTISSEMENT,
                               "programmation 2019 hors des années de son contrat (2024-2030)"),
                              ("actions/alpha.toml", AVERTISSEMENT,
                               "4 actions en 2019, hors des années du contrat (2024-2030)")}


def test_the_shipped_contract_runs_2015_to_2023_and_a_new_year_keeps_its_period(two_years):
    root, _ = two_years
    data = Store(root, cache=False).load()
    assert data.programmations[2019].annees_contrat == (2015, 2023)
    assert data.programmations[2020].periode == data.programmations[2019].periode
    assert data.programmations[2020].contrat == data.programmations[2019].contrat != ""


async def test_every_year_at_once_is_said_in_the_view_bar_and_the_year_keys_leave_it(two_years):
    """Only the Actions list shows every year (`*`); the bar says so, and − / + go back to one year."""
    from pvtui.ui.widgets.viewbar import ViewBar

    root, _ = two_years
    async with running(root, size=(100, 30)) as (app, pilot):
        def bar() -> str:
            return app.screen.query_one(ViewBar).render().plain

        await pilot.press("asterisk")
        await pilot.pause()
        assert bar().endswith(" −toutes+ ") and app.screen.table.row_count == 104
        await pilot.press("f")
        await pilot.pause()
        assert bar().endswith(" −2020+ ")  # the other views show one year: the app's
        await pilot.press("a", "minus")
        await pilot.pause()
        assert app.year == 2019 and bar().endswith(" −2019+ ")
        assert app.screen.table.row_count == 52 and "Année" not in [c.label for c in app.screen.table.columns]
        assert _text(app.screen, "#totals").startswith("Total 2019 : 52 actions")
        await pilot.press("asterisk")
        await pilot.pause()
        await pilot.click(ViewBar, offset=(bar().index("toutes+") + len("toutes"), 0))  # the « + »
        await pilot.pause()
        assert app.year == 2020 and bar().endswith(" −2020+ ") and app.screen.table.row_count == 52
        # A fiche opened from every year shows its own year, and the list is still every year after it.
        await pilot.press("asterisk")
        await pilot.pause()
        app.screen.table.move_cursor(row=app.screen.table.get_row_index("salon-atelier"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.action_id == "salon-atelier" and app.year == 2019 and bar().endswith(" −2019+ ")
        await pilot.press("escape")
        await pilot.pause()
        assert bar().endswith(" −toutes+ ") and app.screen.table.row_count == 104


async def _tables_of_2019(root, keys) -> dict[str, list[list[str]]]:
    """Every table of each view, as text, at 2019."""
    from pvtui.ui.widgets.table import RecordTable
    from tests.uitools import table_text

    out = {}
    async with running(root, size=(120, 40)) as (app, pilot):
        app.year = 2019
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            for table in app.screen.query(RecordTable):
                if table.display:
                    out[f"{key}#{table.id}"] = table_text(table)
    return out


async def test_every_view_of_2019_is_unchanged_by_the_presence_of_2020(two_years, tmp_path):
    from tests.uitools import copy_data

    keys = ("a", "f", "o", "b")
    alone = await _tables_of_2019(copy_data(tmp_path), keys)
    beside = await _tables_of_2019(two_years[0], keys)
    assert alone.keys() == beside.keys() and len(alone) >= 6, sorted(alone)
    assert all(alone.values()), [k for k, v in alone.items() if not v]
    assert alone == beside


async def test_the_contracts_period_is_edited_with_the_envelopes(tmp_path):
    from tests.uitools import copy_data, set_field, static_text

    from pvtui.ui.screens.annee import EnveloppesScreen

    root = copy_data(tmp_path)
    path = root / "programmations" / "2019.toml"
    before = path.read_bytes()
    async with running(root, size=(80, 24)) as (app, pilot):
        await pilot.press("f", "m")
        await pilot.pause()
        assert isinstance(app.screen, EnveloppesScreen)
        await set_field(pilot, app.screen, "periode", "bientôt")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EnveloppesScreen) and path.read_bytes() == before
        assert "Période du contrat « bientôt » : aucune année" in static_text(
            app.screen.query_one("#envelopes-errors"), 200)
        await set_field(pilot, app.screen, "periode", "2024-2030")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EnveloppesScreen)
    after = path.read_text("utf-8")
    assert [line for line in after.splitlines() if line not in before.decode().splitlines()] == ['periode = "2024-2030"']
    assert ("programmations/2019.toml", AVERTISSEMENT, "programmation 2019 hors des années de son contrat (2024-2030)") in {
        (p.path, p.niveau, p.message) for p in check(Store(root, cache=False).load())}


def test_a_period_naming_no_year_is_a_warning(mini):
    mini.edit("programmations/2019.toml", "annee = 2019\n", "annee = 2019\nperiode = \"bientôt\"\n")
    assert ("programmations/2019.toml", AVERTISSEMENT,
            "programmation 2019 : période du contrat « bientôt » : aucune année (par exemple 2024-2030)") in {
        (p.path, p.niveau, p.message) for p in check(mini.load())}


async def test_a_year_without_a_programmation_says_so_and_m_creates_it(tmp_path):
    from tests.uitools import copy_data, set_field

    from pvtui.ui.screens.annee import EnveloppesScreen

    root = copy_data(tmp_path)
    salon = (root / "actions" / "salon-atelier.toml").read_text("utf-8")
    (root / "actions" / "salon-2021.toml").write_text(salon.replace("annee = 2019", "annee = 2021"), "utf-8")
    async with running(root, size=(80, 24)) as (app, pilot):
        await pilot.press("f", "plus")
        await pilot.pause()
        assert app.year == 2021
        assert "Aucune programmation 2021 (programmations/2021.toml) : m pour la créer" in _text(app.screen, "#fin-title")
        await pilot.press("m")
        await pilot.pause()
        await set_field(pilot, app.screen, "env-capft", "6 000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EnveloppesScreen)
        assert "Aucune programmation" not in _text(app.screen, "#fin-title")
    prog = tomllib.loads((root / "programmations" / "2021.toml").read_text("utf-8"))
    assert prog == {"annee": 2021, "enveloppes": {"capft": 6000}}
