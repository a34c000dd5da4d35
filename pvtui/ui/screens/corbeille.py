"""Corbeille (`u`, or « Corbeille » in Ctrl+P): deleted records and versions not kept, newest first.

Below the table, what restoring the highlighted entry would change (against
the record as it is now); Enter shows the file; `r` restores it after a
question, through the workspace: a deleted record is recreated (at its id,
or the next free one), a kept version replaces the current record, which
goes to the corbeille in its turn. Nothing is ever removed from it here.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from pvtui.domain.dataset import Dataset
from pvtui.domain.diff import describe, porteur_names
from pvtui.domain.fmt import count_of, date_time
from pvtui.domain.kinds import KINDS
from pvtui.workspace.corbeille import Entry, entries, restore_entry
from pvtui.workspace.restore import current
from pvtui.ui.records import settle
from pvtui.ui.safe import visible
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable

KIND_NAMES = {"actions": "action", "bailleurs": "bailleur", "porteurs": "porteur", "programmations": "program."}


class CorbeilleScreen(DataScreen):
    """One row per file of `.corbeille/`."""

    DEFAULT_CSS = """
    CorbeilleScreen #trash { height: 1fr; }
    CorbeilleScreen #trash-detail { height: auto; max-height: 45%; padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "show", "Voir", id="trash-show", key_display="⏎", tooltip="Voir le contenu du fichier"),
        Binding("r", "restore", "Restaurer", id="trash-restore", tooltip="Restaurer l'entrée surlignée"),
        Binding("escape", "back", "Retour", id="trash-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static("Corbeille : lecture…", id="trash-title", classes="section")
        yield RecordTable(id="trash")
        yield Static(id="trash-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RecordTable).set_columns([
            Column("date", "Date", 19), Column("type", "Type", 8), Column("titre", "Enregistrement", 17),
            Column("quoi", "Quoi", 18), Column("par", "Par", 8)])
        super().on_mount()

    def refresh_data(self, data: Dataset) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="corbeille", description="lecture de la corbeille")
    def load(self) -> None:
        listed = entries(self.app.workspace.root)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, listed)

    def _show(self, listed: list[Entry]) -> None:
        if not self.is_mounted:  # left while git was read
            return
        self.entries = listed
        self.query_one("#trash-title", Static).update(Text(
            f"Corbeille (.corbeille/) : {count_of(len(listed), 'fichier')}, le plus récent en haut" if listed
            else "La corbeille est vide : rien n'a été supprimé ni écarté par un conflit."))
        self.query_one(RecordTable).fill(((e.rel, e) for e in listed), _cells)
        if not listed:
            self.query_one("#trash-detail", Static).update("")

    def _entry(self, key: str | None) -> Entry | None:
        return next((e for e in self.entries if e.rel == key), None)

    def on_record_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        entry = self._entry(event.key)
        if entry is not None:
            self.query_one("#trash-detail", Static).update(_detail(entry, self.app.data))

    def on_record_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_show()

    def action_show(self) -> None:
        entry = self._entry(self.query_one(RecordTable).current_key)
        if entry is not None:
            self.app.push_screen(ContenuScreen(entry))

    def action_restore(self) -> None:
        from pvtui.ui.screens.confirm import ConfirmScreen

        entry = self._entry(self.query_one(RecordTable).current_key)
        if entry is None:
            return
        if entry.record is None:
            self.notify(f"{entry.rel} est illisible : il ne peut pas être restauré.", severity="warning")
            return
        data = self.app.data
        shown = current(data, entry.kind, entry.id)
        then = ("Il remplace la version actuelle, qui est gardée dans .corbeille/." if shown is not None and not entry.deleted
                else "Il est recréé" + (" sous un autre identifiant (le sien est pris)." if shown is not None else "."))

        def answered(yes: bool | None) -> None:
            if yes:
                settle(self.app, self.app.apply(restore_entry(data, entry)), lambda saved: None,
                       f"« {entry.title} » restauré", "Version remplacée gardée dans")

        self.app.push_screen(ConfirmScreen(f"Restaurer « {visible(entry.title)} » ({entry.what}, "
                                           f"{date_time(entry.when)}) ?\n{then}", "Restaurer"), answered)

    def action_back(self) -> None:
        self.dismiss()


def _cells(entry: Entry) -> list[Text]:
    return [Text(date_time(entry.when)), Text(KIND_NAMES.get(entry.kind, entry.kind)), Text(visible(entry.title)),
            Text(entry.what), Text(visible(entry.who) or "—")]


def _detail(entry: Entry, data: Dataset | None) -> Text:
    """The file, and what restoring it would change in the record as it is now."""
    text = Text(f"{entry.rel}\n", style="bold")
    if entry.record is None:
        text.append("Fichier illisible : il ne peut pas être restauré (Entrée montre son contenu).")
        return text
    shown = current(data, entry.kind, entry.id) if data is not None else None
    if shown is None:
        text.append(f"{KINDS[entry.kind].singular.capitalize()} n'existe plus : restaurer le recrée.")
        return text
    if entry.deleted:
        text.append("Un enregistrement de cet identifiant existe : restaurer crée une copie sous un autre identifiant.")
        return text
    to_dict = KINDS[entry.kind].to_dict
    changes = describe(to_dict(shown), to_dict(entry.record), data.referentiel, porteur_names(data))
    text.append("Restaurer changerait : " if changes else "Identique à la version actuelle.")
    text.append("".join(f"\n  {visible(line)}" for line in changes))
    return text


class ContenuScreen(ModalScreen[None]):
    """The file of a corbeille entry, as text; Esc closes it."""

    BINDINGS = [Binding("escape,q,enter", "dismiss", "Fermer")]

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(Text(f"{self.entry.rel} — Échap ferme", style="bold"))
            yield Static(Text(visible(self.entry.data.decode("utf-8", "replace"))))
