"""A new programme year from the TUI, and the programmation's own form (envelopes, declared figures)."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.widgets.selection_list import Selection

from pvtui.domain.fmt import AmountError, count_of, number, parse_amount
from pvtui.domain.kinds import PROGRAMMATIONS
from pvtui.domain.model import Programmation
from pvtui.domain.years import YearError, confirmed
from pvtui.domain.years_check import periode_problem
from pvtui.ui.records import settle
from pvtui.ui.widgets.checklist import CheckList
from pvtui.ui.safe import text, widget_id
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.workspace.changes import Create, Refused, Update


class NouvelleAnneeScreen(ModalScreen[None]):
    """Last year's actions, all ticked: Ctrl+S creates next year with the ticked ones renewed."""

    BINDINGS = [
        Binding("ctrl+s", "create", "Créer l'année", id="year-create", priority=True),
        Binding("ctrl+t", "toggle_all", "Tout / rien", id="year-toggle-all"),
        Binding("escape", "cancel", "Annuler", id="year-cancel"),
    ]

    def __init__(self, depuis: int, annee: int) -> None:
        super().__init__()
        self.depuis, self.annee = depuis, annee

    def compose(self) -> ComposeResult:
        actions = self.app.data.actions_of(self.depuis)
        choices = [Selection(text(f"{a.titre or a.id} — {a.porteur}"), a.id, True) for a in actions]
        with Vertical(classes="dialog wide"):
            yield Static(Text(f"Programmation {self.annee} depuis {self.depuis} : les actions cochées sont "
                              f"reconduites ({number(len(actions))} actions ; Espace coche ou décoche, "
                              "Ctrl+T tout ou rien). Les enveloppes sont reprises, à confirmer ensuite."))
            yield CheckList(*choices, id="renewals")
        yield KeyBar()

    def action_toggle_all(self) -> None:
        box = self.query_one(CheckList)
        box.deselect_all() if box.selected else box.select_all()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        from pvtui.workspace.years import open_year

        ids = self.query_one(CheckList).selected
        try:
            plan, results = open_year(self.app.workspace, self.annee, self.depuis, ids)
        except YearError as error:
            self.notify(str(error), title="Rien n'a été créé", severity="error", timeout=10)
            return
        if results and isinstance(results[-1], Refused):
            self.notify(results[-1].message, title="Année incomplète", severity="error", timeout=12)
            return
        self.app.year = self.annee
        n = len(plan.actions)
        self.notify(f"Programmation {self.annee} créée : {count_of(n, 'action reconduite')}",
                    title="Nouvelle année")
        if warning := getattr(results[-1], "warning", None):
            self.app.git_warning(warning)
        self.dismiss(None)
        self.app.push_screen(EnveloppesScreen(self.annee))


CONTRAT = (("contrat", "Contrat"), ("periode", "Période du contrat"))
"""The programmation's text fields: the contract it belongs to and its years (`check` compares them)."""


class EnveloppesScreen(ModalScreen[None]):
    """A programmation's contract, envelopes and declared figures; saving confirms envelopes copied
    from last year."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Enregistrer", id="envelopes-save", priority=True),
        Binding("escape", "cancel", "Annuler", id="envelopes-cancel"),
    ]

    def __init__(self, annee: int) -> None:
        super().__init__()
        self.annee = annee
        self.base: Programmation | None = None
        self.version: str | None = None

    def compose(self) -> ComposeResult:
        data = self.app.data
        self.base = data.programmations.get(self.annee) or Programmation(annee=self.annee, id=str(self.annee))
        self.version = data.version(PROGRAMMATIONS, self.base.id)
        envelopes = self.base.enveloppe
        copied = self.base.enveloppes_reprises_de
        with Vertical(classes="dialog"):
            yield Static(Text(f"Programmation {self.annee} : contrat, enveloppes (€)"
                              + (f" — reprises de {copied}, à confirmer" if copied else ""), style="bold"))
            with VerticalScroll():
                for name, label in CONTRAT:
                    with Horizontal(classes="field"):
                        yield Label(label)
                        yield Input(getattr(self.base, name), id=name, classes="contrat")
                for code, funder in data.referentiel.financeurs.items():
                    yield from _field(f"env-{code}", funder.libelle or code, _typed(envelopes.get(code)))
                yield from _field("complement_anru", "Complément ANRU", _typed(self.base.complement_anru))
                declare = self.base.declare
                yield from _field("declare-nombre_actions", "Actions déclarées", _typed(declare.get("nombre_actions")))
                yield from _field("declare-cout_global", "Coût global déclaré", _typed(declare.get("cout_global")))
            yield Static(id="envelopes-errors")
        yield KeyBar()

    def _read(self) -> tuple[Programmation, dict[str, str]]:
        errors: dict[str, str] = {}
        values: dict[str, float | None] = {}
        for box in self.query(".money").results(Input):
            try:
                values[box.name] = parse_amount(box.value) if box.value.strip() else None
            except AmountError as error:
                errors[box.name] = f"{box.name.split('-', 1)[-1]} : {error}"
            box.set_class(box.name in errors, "-invalid")
        codes = [c for c in self.app.data.referentiel.financeurs]
        envelopes = tuple((c, values[f"env-{c}"]) for c in codes if values.get(f"env-{c}") is not None)
        declare = dict(self.base.declare)
        for key in ("nombre_actions", "cout_global"):
            value = values.get(f"declare-{key}")
            if value is None:
                declare.pop(key, None)
            else:
                declare[key] = int(value) if float(value).is_integer() else value
        contrat = {box.id: box.value.strip() for box in self.query(".contrat").results(Input)}
        new = replace(confirmed(self.base, envelopes), complement_anru=values.get("complement_anru"), declare=declare,
                      **contrat)
        periode = self.query_one("#periode", Input)
        if message := periode_problem(new):
            errors["periode"] = message[0].upper() + message[1:]
        periode.set_class("periode" in errors, "-invalid")
        return new, errors

    def action_save(self) -> None:
        new, errors = self._read()
        box = self.query_one("#envelopes-errors", Static)
        box.update(text("\n".join(errors.values()), style="bold red"))
        if errors:
            self.app.bell()
            return
        # A year without a programmation file: this form creates it.
        change = Update(PROGRAMMATIONS, self.base, self.version, new) if self.version is not None \
            else Create(PROGRAMMATIONS, new)
        settle(self.app, self.app.apply(change),
               lambda saved: self.dismiss(None), f"Programmation {self.annee} enregistrée")

    def action_cancel(self) -> None:
        self.dismiss(None)


def _field(name: str, label: str, value: str) -> ComposeResult:
    """A labelled amount; `name` holds the key (a funder's code from the data need not be a valid id)."""
    with Horizontal(classes="field"):
        yield Label(text(label))
        yield Input(value, name=name, id=widget_id(name), classes="money")


def _typed(value) -> str:
    if value is None:
        return ""
    return number(value, 0 if float(value).is_integer() else 2)
