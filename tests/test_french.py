"""Every text pvtui prints reads as French: agreed plurals, never "(s)", no line broken inside an amount.

Walked on the shipped data and on a two-year folder (2020 renewed from 2019
with one action, so that "1 action" and the multi-year views appear): every
export in text, and every view at 80 columns as the screen shows it.
"""

from __future__ import annotations

import re
import shutil

import pytest

from pvtui.domain.fmt import count_of, word
from pvtui.export import KINDS, Filtres, export
from pvtui.export.doc import Bars
from pvtui.export.text import WIDTH, bars
from pvtui.storage.store import Store
from pvtui.ui.widgets.prose import lines
from pvtui.workspace.workspace import Workspace
from pvtui.workspace.years import open_year
from uitools import DATA, loaded

WORDS = ("action", "erreur", "avertissement", "fichier", "bailleur", "ligne", "quartier", "porteur",
         "mention", "objectif", "financeur", "secteur", "fiche", "année", "créée", "modifiée")
WRONG_PLURAL = re.compile(r"(?<![\d,.\u00a0\u202f ])(?:0|1) (?:%s)s\b" % "|".join(WORDS))
BROKEN_AMOUNT = re.compile(r"(?<!\d)\d{1,3}[ \t]*\n\s*(?:\d{3}(?!\d)|€|%)")


def faults(text: str) -> list[str]:
    found = ["(s)"] if "(s)" in text else []
    found += WRONG_PLURAL.findall(text)
    found += [m.group() for m in BROKEN_AMOUNT.finditer(text)]
    return found


def test_faults_finds_what_it_looks_for():
    assert faults("1 actions · 2 erreur(s)") == ["(s)", "1 actions"]
    assert faults("État 208\n841 €") and faults("Yutz 50 500\n€") and not faults("2019\n841 actions")
    assert faults("12 actions, 3 erreurs · 1 action") == []


def test_count_of_agrees_in_number():
    assert [count_of(n, "action") for n in (0, 1, 2, 12000)] == ["0 action", "1 action", "2 actions",
                                                                  "12 000 actions"]
    assert count_of(2, "fichier écrit") == "2 fichiers écrits" and word(3, "reconduite") == "reconduites"
    assert count_of(2, "bailleur social", "bailleurs sociaux") == "2 bailleurs sociaux"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    root = tmp_path_factory.mktemp("years") / "data"
    shutil.copytree(DATA, root)
    ws = Workspace(root, cache=False)
    first = sorted(a.id for a in ws.load().actions_of(2019))[0]
    open_year(ws, 2020, 2019, [first])
    return root


@pytest.mark.parametrize("folder", ["shipped", "two_years"])
def test_no_export_prints_a_wrong_plural_or_breaks_an_amount(folder, request):
    root = DATA if folder == "shipped" else request.getfixturevalue("two_years")
    data = Store(root, cache=False).load()
    for year in data.years:
        for kind in KINDS:
            text = export(data, kind, Filtres(annee=year), "text").decode("utf-8")
            assert faults(text) == [], (kind, year)


async def test_no_view_prints_a_wrong_plural_or_breaks_an_amount(two_years):
    from pvtui.ui.app import PvtuiApp

    app = PvtuiApp(two_years, poll=0, cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        for year_key in ("", "minus"):  # 2020 (one action), then 2019
            if year_key:
                await pilot.press(year_key)
            for view in "afobpx":
                await pilot.press(view)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
                assert faults(screen) == [], (year_key, view, screen)


def test_a_chart_fits_its_width_and_cuts_long_labels():
    chart = Bars("Par secteur", (("Thionville interquartiers et au-delà", 55_600), ("Côte des Roses", 46_150),
                                 ("Vide", 0), ("Petit", 10)))
    out = bars(chart)
    assert len(out) == 3  # a zero draws no bar
    assert all(len(line) <= WIDTH for line in out)
    assert out[0].split("█")[0].rstrip().endswith("…")
    assert "55 600 €" in out[0] and "54,6 %" in out[0]
    assert out[2].count("█") == 0 and "▏" in out[2]  # a tiny amount still shows, without colour
    longest = max(line.count("█") for line in out)
    assert out[0].count("█") == longest  # the largest amount, the longest bar
    assert all(len(line) <= 40 for line in bars(chart, 40))


def test_prose_wraps_between_figures_never_inside_one():
    text = "Total 2019 : 52 actions · coût total 3 192 253 € · C.A. 155 000 € · État 208 841 € · Yutz 50 500 €"
    for width in range(30, 90):
        wrapped = lines(text, width)
        assert all(len(line) <= width for line in wrapped)
        assert faults("\n".join(wrapped)) == [], width
        assert " ".join(wrapped) == text


ENGLISH = re.compile(r"\b(?:Dismiss|Show menu|Submit|Quit|Theme|Keys|Screenshot|Search for|Maximize|Minimize)\b")


async def test_footer_and_palette_speak_french():
    """Textual's own strings (a Select's footer key, the palette's system commands and
    placeholder) are translated: a technician never meets "Dismiss menu" or "Quit"."""
    from textual.command import CommandInput, CommandPalette

    from pvtui.ui.widgets.keybar import KeyBar
    from uitools import running

    async with running(DATA) as (app, pilot):
        await pilot.press("e", "tab", "tab", "tab", "enter")
        await pilot.pause()
        footer = " ".join(f"{key} {description}" for key, description, _ in app.screen.query_one(KeyBar).keys())
        assert "Fermer la liste" in footer and not ENGLISH.search(footer), footer
        await pilot.press("escape", "escape")
        await pilot.pause()
        commands = [f"{c.title} {c.help}" for c in app.get_system_commands(app.screen)]
        assert any(c.startswith("Quitter") for c in commands)
        assert not [c for c in commands if ENGLISH.search(c)], commands
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder.startswith("Chercher")
