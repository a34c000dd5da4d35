"""With NO_COLOR every state still shows: the focused field in reverse video, the open
list of a Select framed on its own background, ticked boxes as [x] (issue 16, item 3)."""

from __future__ import annotations

from textual.widgets import Input
from textual.widgets._select import SelectOverlay

from uitools import DATA, running


async def test_focus_and_open_list_show_without_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    async with running(DATA) as (app, pilot):
        assert app.no_color
        await pilot.press("e")
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, Input) and focused.styles.text_style.reverse
        others = [i for i in app.screen.query(Input) if i is not focused]
        assert others and not any(i.styles.text_style.reverse for i in others)
        await pilot.press("tab", "tab", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.focused, SelectOverlay)
        overlay = app.screen.query_one(SelectOverlay)
        assert overlay.display and overlay.styles.border_top[0] == "solid"


async def test_colour_keeps_its_own_focus_style(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    async with running(DATA) as (app, pilot):
        await pilot.press("e")
        await pilot.pause()
        assert not app.focused.styles.text_style.reverse
