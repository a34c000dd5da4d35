"""The Échéances view (`r`): what is due or late, soonest first, at 80x24."""

from __future__ import annotations

import datetime as dt

from pvtui.ui.screens.echeances import EcheancesScreen
from pvtui.ui.widgets.table import RecordTable
from tests.uitools import copy_data, running, static_text


async def test_echeances_lists_what_is_late_and_opens_the_action(tmp_path, monkeypatch):
    monkeypatch.setattr(EcheancesScreen, "au", dt.date(2020, 7, 1))
    data = copy_data(tmp_path)
    async with running(data) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, EcheancesScreen)
        assert static_text(app.screen.query_one("#ech-title"), 200).startswith("Au 2020-07-01 : 7 échéances, dont 7 en retard")
        table = app.screen.query_one("#echeances", RecordTable)
        first = [c.plain for c in table.get_row("0")]
        assert first[:2] == ["2019-01-01", "en retard"] and first[3] == "capft"
        assert first[5].startswith("convention requise (33 000 €")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "FicheScreen"
