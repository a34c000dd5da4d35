"""The TUI on a folder that is not a data folder yet, and the import view."""

from __future__ import annotations

from textual.widgets import Button, Static

from pvtui.ui.app import PvtuiApp
from uitools import loaded, static_text


async def test_an_empty_folder_shows_the_offer_to_create_a_data_folder_not_a_blank_screen(tmp_path):
    from pvtui.ui.screens.accueil import AccueilScreen

    root = tmp_path / "vide"
    root.mkdir()
    app = PvtuiApp(root, poll=0, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, AccueilScreen)
        text = " ".join(static_text(app.screen.query_one("#accueil-message", Static), 98).split())
        assert "est vide" in text and "pvtui init" in text
        assert app.screen.query_one("#init", Button)
        assert not any(root.iterdir()), "nothing is written before the person asks"
        await pilot.press("i")
        await loaded(app, pilot)
        assert not isinstance(app.screen, AccueilScreen)
        assert (root / "referentiel" / "secteurs.toml").is_file()
        assert "intercommunal" in app.data.referentiel.secteurs
        assert any("à compléter" in p.message for p in app.problems)


async def test_a_foreign_folder_says_what_it_is_and_offers_no_init(tmp_path):
    from pvtui.ui.screens.accueil import AccueilScreen

    root = tmp_path / "photos"
    root.mkdir()
    (root / "vacances.jpg").write_bytes(b"\xff\xd8")
    app = PvtuiApp(root, poll=0, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, AccueilScreen)
        assert "n'est pas un dossier de données" in " ".join(static_text(app.screen.query_one("#accueil-message", Static), 98).split())
        assert not app.screen.query("#init")
        await pilot.press("i")
        assert [p.name for p in root.iterdir()] == ["vacances.jpg"]


async def test_the_import_view_previews_then_applies_and_every_view_has_the_new_actions(tmp_path):
    from pvtui.ui.screens.importer import ImporterScreen
    from pvtui.ui.widgets.table import RecordTable
    from conftest import tree_hash
    from sheets import write_xlsx
    from uitools import copy_data, table_text

    root = copy_data(tmp_path)
    sheet = write_xlsx(tmp_path / "prog.xlsx", [
        ["Titre", "Porteur", "Secteur", "Année", "Coût total", "Montant CA"],
        ["Atelier vélo", "Vélo Cité", "Côte des Roses", 2019, "8 000", "2 000"],
        ["Salon-atelier", "Société Beaux-Arts de Lorraine", "Intercommunal", 2019, 43655, 5000],
        ["Total", None, None, None, 51655, 7000],
    ])
    app = PvtuiApp(root, poll=0, cache=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImporterScreen)
        before = tree_hash(root)
        screen.query_one("#import-file").value = str(sheet)
        await pilot.press("enter")
        await loaded(app, pilot)
        rows = table_text(screen.query_one("#import-rows", RecordTable))
        assert [r[:3] for r in rows] == [["2", "créée", "actions/atelier-velo.toml"],
                                         ["3", "inchangée", "actions/salon-atelier.toml"], ["4", "ignorée", ""]]
        assert "1 créée, 0 modifiée, 1 inchangée, 1 ignorée" in str(
            screen.query_one("#import-summary").content)
        assert tree_hash(root) == before, "the preview wrote something"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")  # the confirmation: « Oui »
        await loaded(app, pilot)
        assert (root / "actions" / "atelier-velo.toml").is_file()
        assert app.data.action("atelier-velo").financement == {"capft": 2000}
        rows = table_text(screen.query_one("#import-rows", RecordTable))
        assert rows[0][1] == "inchangée", "after applying, the preview is redone: nothing left to do"
        await pilot.press("escape")
        await loaded(app, pilot)
        actions = app.screen.query_one("#actions", RecordTable)
        assert "atelier-velo" in actions._keys, "the actions view shows the imported action at once"


async def test_the_porteurs_view_lists_what_each_receives_every_year_and_edits_its_record(tmp_path):
    from textual.widgets import Input

    from pvtui.ui.screens.porteurs import PorteurForm, PorteursScreen
    from pvtui.ui.widgets.table import RecordTable
    from uitools import copy_data, table_text

    root = copy_data(tmp_path)
    app = PvtuiApp(root, poll=0, cache=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(app, pilot)
        await pilot.press("t")
        await loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, PorteursScreen)
        porteurs = screen.query_one("#porteurs", RecordTable)
        rows = {r[0]: r for r in table_text(porteurs)}
        assert len(rows) == 26, "one line per porteur: C.C.A.S. and « C.C.A.S. / Proxi'Job » are one"
        assert rows["C.C.A.S."][1:3] == ["oui", "4"]
        porteurs.move_cursor(row=porteurs.get_row_index("porteurs/apsis-emergence"))
        await pilot.pause()
        actions = table_text(screen.query_one("#porteur-actions", RecordTable))
        assert len(actions) == 5 and all(a[0] == "2019" for a in actions)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PorteurForm)
        form.query_one("#porteur-siret", Input).value = "1234"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PorteurForm), "a SIRET of 4 digits is refused, the form stays open"
        assert "il faut 14 chiffres" in str(form.query_one("#porteur-problems").content)
        form.query_one("#porteur-siret", Input).value = "123 456 789 00011"
        form.query_one("#porteur-sigle", Input).value = "APSIS"
        await pilot.press("ctrl+s")
        await loaded(app, pilot)
        assert isinstance(app.screen, PorteursScreen)
        text = (root / "porteurs" / "apsis-emergence.toml").read_text("utf-8")
        assert 'sigle = "APSIS"' in text and 'siret = "12345678900011"' in text


async def test_a_porteur_to_confirm_is_confirmed_in_the_import_view_and_then_linked(tmp_path):
    from pvtui.ui.screens.importer import ImporterScreen
    from pvtui.ui.widgets.table import RecordTable
    from sheets import write_csv
    from uitools import copy_data, table_text

    root = copy_data(tmp_path)
    sheet = write_csv(tmp_path / "p.csv", [["Titre", "Porteur", "Secteur", "Année", "Coût total"],
                                           ["Jardin partagé", "APSIS Emergance", "Intercommunal", 2019, 900]])
    app = PvtuiApp(root, poll=0, cache=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImporterScreen)
        screen.query_one("#import-file").value = str(sheet)
        await pilot.press("enter")
        await loaded(app, pilot)
        table = screen.query_one("#import-rows", RecordTable)
        assert table_text(table)[0][1] == "à confirmer"
        table.focus()
        await pilot.press("c")
        await loaded(app, pilot)
        assert "APSIS Emergance" in (root / "porteurs" / "apsis-emergence.toml").read_text("utf-8")
        row = table_text(table)[0]
        assert row[1] == "créée" and "APSIS Emergence" in row[4], "now linked: the record's name is written"
