"""Historique (`h` on the fiche and on Bailleurs): every version git holds of one record.

The versions are read in a worker (two git commands); the highlighted
one's changes are shown below the table. `r` restores it after a question,
through the normal save: an Update of the record as shown now, so that a
colleague's change made meanwhile is merged or asked about, and the restore
is itself a change that can be undone by restoring again.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.worker import get_current_worker
from textual.widgets import Static

from pvtui.domain.dataset import Dataset
from pvtui.domain.fmt import count_of, date_time
from pvtui.domain.kinds import KINDS
from pvtui.git.history import Version, history
from pvtui.git.repo import GitError
from pvtui.storage.layout import StoreError
from pvtui.workspace.restore import current, restore
from pvtui.ui.records import settle
from pvtui.ui.safe import visible
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable


class HistoriqueScreen(DataScreen):
    """The versions of `kind/id`, newest first; Esc goes back."""

    DEFAULT_CSS = """
    HistoriqueScreen #versions { height: 1fr; }
    HistoriqueScreen #version-changes { height: auto; max-height: 45%; padding: 0 1; }
    """
    BINDINGS = [
        Binding("r", "restore", "Restaurer", id="history-restore", tooltip="Restaurer la version surlignée"),
        Binding("escape", "back", "Retour", id="history-back"),
    ]

    def __init__(self, kind: str, id: str) -> None:
        super().__init__()
        self.kind, self.record_id = kind, id
        self.versions: list[Version] = []

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(id="history-title", classes="section")
        yield RecordTable(id="versions", sortable=False)
        yield Static(id="version-changes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RecordTable).set_columns([Column("date", "Date", 19), Column("auteur", "Auteur", 14),
                                                 Column("resume", "Résumé", 40)])
        super().on_mount()

    @property
    def rel(self) -> str:
        return f"{self.kind}/{self.record_id}.toml"

    def _title(self, text: str) -> None:
        record = current(self.app.data, self.kind, self.record_id) if self.app.data else None
        name = KINDS[self.kind].label(record) if record is not None else self.record_id
        self.query_one("#history-title", Static).update(Text(f"Historique de « {visible(name)} » : {text}"))

    def refresh_data(self, data: Dataset) -> None:
        """Read again after any change (a restore included: it is the newest version)."""
        self._title("lecture…")
        self.load(data)

    @work(thread=True, exclusive=True, group="historique", description="lecture de l'historique")
    def load(self, data: Dataset) -> None:
        try:
            versions = history(self.app.workspace.root, self.kind, self.record_id, data)
        except (GitError, StoreError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, versions)

    def _failed(self, message: str) -> None:
        if not self.is_mounted:  # left while git was read
            return
        self._title("indisponible")
        self.query_one("#version-changes", Static).update(Text(message[0].upper() + message[1:] + "."))

    def _show(self, versions: list[Version]) -> None:
        if not self.is_mounted:  # left while git was read
            return
        self.versions = versions
        self._title(f"{count_of(len(versions), 'version')} de {self.rel}" if versions
                    else f"aucune version de {self.rel} dans git (jamais validé par git commit)")
        # Keyed by commit: after a restore the cursor stays on the version it was on.
        self.query_one(RecordTable).fill(((v.commit or "disque", v) for v in versions), _cells)
        if not versions:
            self.query_one("#version-changes", Static).update("")

    def on_record_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        version = self._version(event.key)
        if version is not None:
            where = f"commit {version.commit[:8]}" if version.commit else "pas encore dans git"
            text = Text(f"{date_time(version.when)}, {visible(version.author)} ({where}) : "
                        f"« {visible(version.subject)} »\n", style="bold")
            text.append("\n".join(f"  {visible(line)}" for line in version.changes))
            self.query_one("#version-changes", Static).update(text)

    def _version(self, key: str | None) -> Version | None:
        return next((v for v in self.versions if (v.commit or "disque") == key), None)

    def action_restore(self) -> None:
        from pvtui.ui.screens.confirm import ConfirmScreen

        version = self._version(self.query_one(RecordTable).current_key)
        if version is None:
            return
        if version.record is None:
            self.notify("Cette version ne peut pas être restaurée : "
                        + ("le fichier y est supprimé." if version.data is None else "fichier illisible."),
                        severity="warning")
            return
        data = self.app.data

        def answered(yes: bool | None) -> None:
            if yes:
                change = restore(data, self.kind, self.record_id, version.record)
                settle(self.app, self.app.apply(change), lambda saved: None,
                       f"Version du {date_time(version.when)} restaurée")

        self.app.push_screen(ConfirmScreen(
            f"Restaurer la version du {date_time(version.when)} ({visible(version.author)}) de {self.rel} ?\n"
            "Elle est enregistrée comme une modification : restaurer une autre version l'annule.", "Restaurer"),
            answered)

    def action_back(self) -> None:
        self.dismiss()


def _cells(version: Version) -> list[Text]:
    return [Text(date_time(version.when)), Text(visible(version.author)), Text(visible(version.subject))]
