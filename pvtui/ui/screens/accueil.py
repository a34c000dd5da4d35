"""What `pvtui` shows on a folder that is not a data folder: what it is, and the offer to create one."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from pvtui.imports.init import EMPTY, InitError, init_folder


class AccueilScreen(Screen[None]):
    """Instead of a blank interface: the folder is empty (offer `pvtui init`) or holds something else."""

    BINDINGS = [
        Binding("i", "init", "Créer le dossier de données", id="accueil-init"),
        Binding("escape", "app.quit", "Quitter", id="accueil-quit"),
    ]

    def __init__(self, root: Path, state: str) -> None:
        super().__init__()
        self.root = root
        self.state = state

    def compose(self) -> ComposeResult:
        if self.state == EMPTY:
            message = (f"Le dossier {self.root} est vide : ce n'est pas encore un dossier de données pvtui.\n\n"
                       "pvtui peut y créer les référentiels nationaux (piliers, axes TFPB, programme 147), "
                       "des modèles « À compléter » pour vos financeurs, secteurs et objectifs, et une "
                       "programmation vide pour l'année — comme « pvtui init ». Vous pourrez ensuite importer "
                       "votre tableur (vue Import, touche i).")
        else:
            message = (f"Le dossier {self.root} n'est pas un dossier de données pvtui : il n'a ni referentiel/, "
                       "ni actions/, ni programmations/.\n\nOuvrez le bon dossier (pvtui DOSSIER), ou créez-en "
                       "un neuf : pvtui init NOUVEAU_DOSSIER.")
        with Vertical(classes="dialog", id="accueil"):
            yield Static(Text(message), id="accueil-message")
            with Horizontal(classes="buttons"):
                if self.state == EMPTY:
                    yield Button("Créer le dossier de données (i)", id="init", variant="primary")
                yield Button("Quitter (Échap)", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "init":
            self.action_init()
        else:
            self.app.exit()

    def action_init(self) -> None:
        if self.state != EMPTY:
            return
        try:
            init_folder(self.root)
        except InitError as error:
            self.notify(str(error), severity="error", title="Rien n'a été créé")
            return
        self.app.pop_screen()
        self.app.notify("Remplacez les « À compléter » (vue Problèmes, touche p), puis importez votre tableur.",
                        title=f"Dossier créé : {self.root}")
        self.app.reload()
