"""Porteurs (`t`): every organisation, what it receives from every funder in every year, its record.

The porteurs are the records of `porteurs/` and the names the actions give
that match none of them (today's files). An action counts under a record
when its `porteur` is the record's id, name, sigle or alias. The table
below lists the highlighted porteur's actions, every year and every funder;
`e` edits its record (`n` creates one for a name that has none), saved
through the app's Workspace like any form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from pvtui.domain.check import porteur_problems
from pvtui.domain.dataset import PORTEURS, Dataset
from pvtui.domain.fmt import count_of, euros, number
from pvtui.domain.model import Action, Porteur
from pvtui.imports.porteurs import PorteurIndex
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.table import Column, RecordTable
from pvtui.workspace.changes import Conflict, Create, Refused, Update

FIELDS = (("nom", "Nom"), ("sigle", "Sigle"), ("siret", "SIRET"), ("rna", "RNA"), ("adresse", "Adresse"),
          ("contact", "Contact"), ("aliases", "Autres graphies (séparées par « ; »)"))


@dataclass
class Groupe:
    """One porteur as the view lists it: its record (if any), its name, its actions."""

    key: str
    nom: str
    record: Porteur | None = None
    actions: list[Action] = field(default_factory=list)


def groupes(data: Dataset) -> list[Groupe]:
    """Records first matched by name or alias, then the names no record matches; by name."""
    index = PorteurIndex(data.porteurs)
    out: dict[str, Groupe] = {f"{PORTEURS}/{p.id}": Groupe(f"{PORTEURS}/{p.id}", p.nom or p.id, p)
                              for p in data.porteurs}
    for action in data.actions:
        record = data.porteur(action.porteur) or index.match(action.porteur).record
        key = f"{PORTEURS}/{record.id}" if record else f"nom/{action.porteur}"
        groupe = out.setdefault(key, Groupe(key, action.porteur or "(sans porteur)"))
        groupe.actions.append(action)
    return sorted(out.values(), key=lambda g: g.nom.casefold())


class PorteurForm(ModalScreen[Porteur | None]):
    """Edit a porteur record; Ctrl+S checks and saves, Esc cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Enregistrer", id="porteur-save"),
                Binding("escape", "cancel", "Annuler", id="porteur-cancel")]

    def __init__(self, porteur: Porteur) -> None:
        super().__init__()
        self.porteur = porteur

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(f"Porteur {self.porteur.id or '(nouveau)'} — Ctrl+S enregistre, Échap annule",
                              style="bold"))
            with Grid(id="porteur-grid"):
                for name, label in FIELDS:
                    value = getattr(self.porteur, name)
                    yield Label(label)
                    yield Input("; ".join(value) if name == "aliases" else value, id=f"porteur-{name}")
            yield Static(id="porteur-problems")
            with Horizontal(classes="buttons"):
                yield Button("Enregistrer (Ctrl+S)", id="save", variant="primary")
                yield Button("Annuler (Échap)", id="cancel")

    DEFAULT_CSS = "#porteur-grid { grid-size: 2; grid-columns: 38 1fr; height: auto; }"

    def typed(self) -> Porteur:
        values = {name: self.query_one(f"#porteur-{name}", Input).value.strip() for name, _ in FIELDS}
        aliases = tuple(a.strip() for a in values.pop("aliases").split(";") if a.strip())
        values["siret"] = values["siret"].replace(" ", "")  # typed in groups, kept as its 14 digits
        values["rna"] = values["rna"].replace(" ", "").upper()
        return replace(self.porteur, aliases=aliases, **values)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        porteur = self.typed()
        problems = porteur_problems(porteur)
        if problems:
            self.query_one("#porteur-problems", Static).update(Text("\n".join(problems), style="bold"))
            return
        self.dismiss(porteur)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PorteursScreen(DataScreen):
    """Porteurs and their totals; below, the highlighted one's actions in every year."""

    BINDINGS = [
        Binding("e", "edit", "Modifier la fiche", id="porteur-edit"),
        Binding("n", "new", "Créer sa fiche", id="porteur-new"),
        Binding("enter", "open", "Fiche action", id="porteur-open"),
        # Over the tables' h (columns to the left, also on ←): the same key as on the fiche.
        Binding("h", "history", "Historique", id="porteur-history", priority=True,
                tooltip="Les versions de la fiche du porteur surligné (dossier suivi par git)"),
        Binding("escape", "back", "Retour", id="porteurs-back"),
    ]
    DEFAULT_CSS = "PorteursScreen #porteurs { height: 1fr; } PorteursScreen #porteur-actions { height: 1fr; }"

    data: Dataset | None = None
    _groupes: dict[str, Groupe] = {}

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(id="porteurs-title", classes="section")
        yield RecordTable(id="porteurs")
        yield Static(id="porteur-title", classes="section")
        yield RecordTable(id="porteur-actions")
        yield KeyBar()

    def refresh_data(self, data: Dataset) -> None:
        self.load_porteurs(data)

    @work(thread=True, exclusive=True, group="porteurs", description="lecture des porteurs")
    def load_porteurs(self, data: Dataset) -> None:
        self.app.call_from_thread(self._show, data, groupes(data))

    def _show(self, data: Dataset, found: list[Groupe]) -> None:
        self.data = data
        self._groupes = {g.key: g for g in found}
        funders = list(data.referentiel.financeurs)
        table = self.query_one("#porteurs", RecordTable)
        table.set_columns([Column("nom", "Porteur", 40), Column("fiche", "Fiche", 9), Column("n", "Actions", 8, True),
                           Column("annees", "Années", 12), Column("total", "Subventions", 13, True),
                           *(Column(c, data.referentiel.financeurs[c].libelle or c, 12, True) for c in funders)])

        def cells(g: Groupe) -> list[Text]:
            years = sorted({a.annee for a in g.actions if a.annee})
            span = (f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])) if years else ""
            by_funder = {c: sum(a.financement.get(c, 0) for a in g.actions) for c in funders}
            return [Text(g.nom), Text("oui" if g.record else "—"), Text(number(len(g.actions))), Text(span),
                    Text(euros(sum(a.total_subventions for a in g.actions))),
                    *(Text(euros(by_funder[c]) if by_funder[c] else "") for c in funders)]

        table.fill(((g.key, g) for g in found), cells)
        records = sum(1 for g in found if g.record)
        self.query_one("#porteurs-title", Static).update(Text(
            f"{number(len(found))} porteurs, dont {number(records)} avec une fiche (porteurs/) — "
            "e modifie la fiche, n la crée, Entrée ouvre l'action"))
        self._show_actions(table.current_key)

    def on_record_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        if event.table.id == "porteurs":
            self._show_actions(event.key)

    def _show_actions(self, key: str | None) -> None:
        groupe = self._groupes.get(key) if key else None
        table = self.query_one("#porteur-actions", RecordTable)
        if self.data is None:
            return
        funders = list(self.data.referentiel.financeurs)
        table.set_columns([Column("annee", "Année", 6), Column("titre", "Action", 44), Column("secteur", "Secteur", 16),
                           Column("cout", "Coût total", 13, True),
                           *(Column(c, self.data.referentiel.financeurs[c].libelle or c, 12, True) for c in funders)])
        actions = sorted(groupe.actions, key=lambda a: (-(a.annee or 0), a.titre)) if groupe else []
        secteurs = self.data.referentiel.secteurs

        def cells(a: Action) -> list[Text]:
            secteur = secteurs.get(a.secteur)
            amounts = a.financement  # once: built again per funder, quadratic in a file's funders
            return [Text(str(a.annee or "")), Text(a.titre), Text(secteur.libelle if secteur else a.secteur),
                    Text(euros(a.cout_total)),
                    *(Text(euros(amounts[c]) if c in amounts else "") for c in funders)]

        table.fill(((a.id, a) for a in actions), cells)
        if groupe:
            self.query_one("#porteur-title", Static).update(Text(
                f"{groupe.nom} : {count_of(len(actions), 'action')}, "
                f"{euros(sum(a.total_subventions for a in actions))} de subventions, toutes années"))

    def _current(self) -> Groupe | None:
        key = self.query_one("#porteurs", RecordTable).current_key
        return self._groupes.get(key) if key else None

    def action_history(self) -> None:
        from pvtui.domain.kinds import PORTEURS
        from pvtui.ui.screens.historique import HistoriqueScreen

        groupe = self._current()
        if groupe is not None and groupe.record is None:
            self.notify("Ce porteur n'a pas de fiche (porteurs/) : il n'a pas d'historique.", severity="warning")
        elif groupe is not None:
            self.app.push_screen(HistoriqueScreen(PORTEURS, groupe.record.id))

    def action_edit(self) -> None:
        groupe = self._current()
        if groupe is None:
            return
        if groupe.record is None:
            self.notify("Ce porteur n'a pas encore de fiche : n la crée.", severity="warning")
            return
        self._form(groupe.record)

    def action_new(self) -> None:
        groupe = self._current()
        if groupe is not None and groupe.record is not None:
            self._form(groupe.record)
            return
        self._form(Porteur("", nom=groupe.nom if groupe else ""))

    def _form(self, porteur: Porteur) -> None:
        def saved(new: Porteur | None) -> None:
            if new is None:
                return
            if porteur.id:
                change = Update(PORTEURS, porteur, self.data.version(PORTEURS, porteur.id), new)
            else:
                change = Create(PORTEURS, new)
            result = self.app.apply(change)
            if isinstance(result, Refused):
                self.notify(result.message, severity="error", title="Rien n'a été enregistré")
            elif isinstance(result, Conflict):
                self.notify(f"{result.rel} a été modifié par quelqu'un d'autre : rouvrez la fiche",
                            severity="error", title="Rien n'a été enregistré")
            else:
                self.notify(f"{PORTEURS}/{result.record.id}.toml", title="Porteur enregistré")
                if self.app.data is not None:
                    self.load_porteurs(self.app.data)

        self.app.push_screen(PorteurForm(porteur), saved)

    def action_open(self) -> None:
        key = self.query_one("#porteur-actions", RecordTable).current_key
        if key:
            from pvtui.ui.screens.fiche import FicheScreen

            self.app.push_screen(FicheScreen(key))

    def action_back(self) -> None:
        self.app.pop_screen()
