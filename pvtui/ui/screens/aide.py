"""Aide (`?`): every key of the current screen and of the app, in French."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

MOVES = [
    ("↑ ↓  j k", "se déplacer dans une liste"),
    ("PgPréc PgSuiv", "page précédente / suivante"),
    ("Début Fin", "première / dernière ligne d'une liste"),
    ("← →", "voir les colonnes cachées à droite"),
    ("Souris", "clic : choisir une ligne, second clic : l'ouvrir ; clic sur un titre : trier"),
    ("Tab  Maj+Tab", "champ ou tableau suivant / précédent"),
    ("Entrée", "ouvrir / valider"),
    ("Échap", "revenir en arrière"),
    ("Ctrl+P", "palette : toutes les commandes, toute action ou bailleur par son nom"),
]


NAMES = {"question_mark": "?", "slash": "/", "escape": "Échap", "enter": "Entrée", "delete": "Suppr"}


def key_label(binding: Binding) -> str:
    """Every key of a binding: "ctrl+s,f2" -> "Ctrl+S, F2"."""
    keys = []
    for key in binding.key.split(","):
        key = NAMES.get(key.strip(), key.strip())
        if key.startswith("ctrl+"):
            key = "Ctrl+" + key[5:].upper()
        elif len(key) == 2 and key[0] == "f":
            key = key.upper()
        keys.append(key)
    return ", ".join(keys)


def keys_of(screen: Screen, app_bindings: list) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(Text("Cet écran", style="underline"), Text(""))
    for binding in getattr(screen, "BINDINGS", []):
        if isinstance(binding, Binding) and binding.description:
            # The footer's word is short ("Suppr"); the tooltip says it whole.
            table.add_row(key_label(binding), binding.tooltip or binding.description)
    table.add_row(Text(""), Text(""))
    table.add_row(Text("Partout", style="underline"), Text(""))
    for binding in app_bindings:
        table.add_row(key_label(binding), binding.description)
    for keys, what in MOVES:
        table.add_row(keys, what)
    return table


class AideScreen(ModalScreen[None]):
    """Esc, ? or q closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Fermer")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(Text("Touches de pvtui — Échap ferme", style="bold"))
            yield Static(keys_of(self.for_screen, self.app.BINDINGS))
