"""Command palette provider: jump to any action or bailleur by name."""

from __future__ import annotations

from functools import partial
from typing import Iterable

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from pvtui.ui.safe import content, visible


class RecordsProvider(Provider):
    """"Salon" finds the action Salon-atelier; "batigere" the bailleur BATIGERE."""

    def _targets(self):
        data = self.app.data
        if data is None:
            return []
        targets = [(f"Action : {a.titre}", a.porteur, partial(self.app.open_action, a.id)) for a in data.actions]
        targets += [(f"Bailleur : {b.nom}", b.nom_complet, partial(self.app.open_bailleur, b.id))
                    for b in data.bailleurs]
        return targets

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self._targets():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), callback, text=visible(label), help=_help(help_text))

    async def discover(self) -> Hits:
        for label, help_text, callback in self._targets()[:20]:
            yield DiscoveryHit(content(label), callback, text=visible(label), help=_help(help_text))


def highlight(matcher, label: str) -> Content:
    """`matcher.highlight` without its markup parsing (a title is text): the matched letters stand out."""
    shown = content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            shown = shown.stylize(matcher.match_style, offset, offset + 1)
    return shown


def _help(value: str) -> str:
    """The palette reads a hit's help as markup: the text escaped (visible() keeps one character per character)."""
    return escape(visible(value))


PLACEHOLDER = "Chercher une commande, une action, un bailleur…"


def system_commands(app, screen) -> Iterable[SystemCommand]:
    """Textual's own commands, in French (its get_system_commands speaks English)."""
    yield SystemCommand("Thème", "Changer les couleurs de l'interface", app.action_change_theme)
    yield SystemCommand("Quitter", "Quitter pvtui (demande d'abord si un formulaire n'est pas enregistré)",
                        app.action_quit)
    yield SystemCommand("Touches", "Les touches de l'écran et du champ actif", app.action_help)
    yield SystemCommand("Capture d'écran", "Enregistrer l'écran dans un fichier SVG",
                        lambda: app.set_timer(0.1, app.deliver_screenshot))
