"""Edit: the form of one action (new, edit, duplicate), validated field by field.

Nothing is written while a field is wrong; Ctrl+S saves, Esc asks before
dropping changes, and a file changed on disk meanwhile offers a choice.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList, Suggester
from textual.widgets import Input, Label, Select, TextArea

from pvtui.domain.dataset import ACTIONS
from pvtui.domain.fmt import number
from pvtui.domain.forms import action_from_form
from pvtui.domain import vie_forms
from pvtui.domain.model import Action, Amount, Beneficiaires, Financement
from pvtui.ui.records import settle
from pvtui.ui.safe import text, visible, widget_id
from pvtui.ui.screens.base import DataScreen, GuardedForm
from pvtui.ui.screens.confirm import ConfirmScreen
from pvtui.workspace.changes import Create, Saved, Update
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.prose import Prose

ROW_KEYS = ("age", "hommes", "femmes", "total", "part_qpv")


def _typed(value: object) -> str:
    """A stored value as a person would type it back: 43655 -> "43 655", 21.3 -> "21,3"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return number(value) if float(value).is_integer() else str(value).replace(".", ",")


class EditScreen(GuardedForm, DataScreen):
    """The action form. `copy=True` starts a new action from an existing one."""

    CSS_PATH = "edit.tcss"

    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Enregistrer", id="save", priority=True, key_display="^s"),
        Binding("escape", "cancel", "Retour", id="cancel"),
        Binding("ctrl+o", "pick_objectives", "Grille", id="pick-objectives"),
        Binding("ctrl+n", "add_row", "+ Ligne", id="add-row"),
        Binding("ctrl+r", "remove_row", "− Ligne", id="remove-row"),
        Binding("ctrl+l", "funding_line", "Suivi", id="funding-line"),
        Binding("ctrl+t", "pick_porteur", "Porteur", id="pick-porteur"),
    ]

    def __init__(self, action: Action | None, *, copy: bool = False) -> None:
        super().__init__()
        self.original = None if copy else action
        self.base = action or Action(id="")
        if copy and action is not None:
            self.base = replace(action, id="", titre=f"{action.titre} (copie)", corrections=())
        self.version: str | None = None
        """The version of the file the form was filled from: what the save is based on."""
        self._initial: tuple | None = None
        """The fields as loaded (None until armed, and once saved): dirty is "differs from this"."""
        self._rows = 0
        self._lines: dict[str, tuple[Financement, Amount | None]] = {}
        """Funder code -> its line's life and amount asked, as the sub-form (Ctrl+L) left them."""

    @property
    def is_new(self) -> bool:
        return self.original is None

    def compose(self) -> ComposeResult:
        a, ref = self.base, self.app.data.referentiel
        yield self.view_bar()
        yield Prose(id="errors")
        with VerticalScroll(id="form"):
            yield from self._field("titre", "Titre", a.titre)
            # As a name is typed, a record's name that starts with it is offered (→ takes it); ^T searches.
            names = sorted({p.nom for p in self.app.data.porteurs if p.nom}, key=str.casefold)
            yield from self._field("porteur", "Porteur (^T)", a.porteur,
                                   SuggestFromList(names, case_sensitive=False) if names else None)
            yield from self._field("annee", "Année", str(a.annee or max(self.app.data.programmations, default="")))
            yield Label("Secteur", classes="heading")
            yield Select([(text(entry.libelle or code), code) for code, entry in ref.secteurs.items()],
                         value=a.secteur if a.secteur in ref.secteurs else Select.NULL,
                         prompt="(choisir)", id="secteur", compact=True)
            yield Label("Statut", classes="heading")
            yield Select([("nouvelle", "nouvelle"), ("renouvellement", "renouvellement")],
                         value=a.statut or Select.NULL, prompt="(non précisé)", id="statut", compact=True)
            yield from self._field("renouvele_depuis", "Renouvelée depuis", str(a.renouvele_depuis or ""))
            yield from self._field("cout_total", "Coût total (€)", _typed(a.cout_total))
            yield Label("Subventions (€) — vide : pas de subvention ; ^L : suivi de la ligne", classes="heading")
            funders = dict.fromkeys([*ref.financeurs, *a.financement])
            for code in funders:
                entry = ref.financeurs.get(code)
                with Horizontal(classes="field"):
                    yield Label(text(f"  {entry.libelle if entry else code}"))
                    # the code is the name: a code from the data need not be a valid id
                    yield Input(_typed(a.financement.get(code)), id=widget_id(f"financement-{code}"), name=code,
                                classes="money")
            suivi = vie_forms.action_to_form(a)
            for name, label in vie_forms.ACTION_FIELDS:
                yield from self._field(name, label, suivi[name])
            yield from self._field("objectifs", "Objectifs (^O)", ", ".join(a.objectifs))
            yield Label("Pilier supposé (si aucun objectif)", classes="heading")
            yield Select([(text(f"{code} {entry.libelle}"), code) for code, entry in ref.piliers.items()],
                         value=a.pilier_suppose or Select.NULL, prompt="(aucun)", id="pilier_suppose", compact=True)
            yield Label("Bénéficiaires : âge, hommes, femmes, total, % QPV (NC : inconnu)", classes="heading")
            yield VerticalScroll(id="rows")
            yield from self._field("nombre_beneficiaires", "Bénéf. annoncés", _typed(a.nombre_beneficiaires))
            yield Label("Description", classes="heading")
            yield TextArea(a.description, id="description", soft_wrap=True)
            yield Label("Indicateurs", classes="heading")
            yield TextArea(a.indicateurs, id="indicateurs", soft_wrap=True)
        yield KeyBar()

    def _field(self, name: str, label: str, value: str, suggester: Suggester | None = None) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label(label)
            yield Input(value, id=name, suggester=suggester)

    def on_mount(self) -> None:
        if self.original is not None:
            self.version = self.app.data.version(ACTIONS, self.original.id)
        self.sub_title = "Nouvelle action" if self.is_new else f"Modifier : {visible(self.base.titre)}"
        rows = list(self.base.beneficiaires)
        if self.base.beneficiaires_total is not None:
            rows.append(replace(self.base.beneficiaires_total, age="Total"))
        for row in rows:
            self._add_row(row)
        self.query_one("#titre", Input).focus()
        self.call_after_refresh(self._arm)
        super().on_mount()

    def _arm(self) -> None:
        self.guard()

    def fields(self) -> tuple:
        return self._values()

    @property
    def dirty(self) -> bool:
        """A field differs from what was loaded, or a funding line was edited (the guards ask only then)."""
        return super().dirty or (self._initial is not None and bool(self._lines))

    def refresh_data(self, data) -> None:
        """The form keeps what was typed; a conflict is dealt with at save time."""

    # --- beneficiary rows ----------------------------------------------------

    def _add_row(self, row: Beneficiaires | None = None) -> Input:
        index = self._rows
        self._rows += 1
        inputs = [
            Input(_typed(getattr(row, key)) if row else "", id=f"beneficiaires-{index}-{key}",
                  placeholder=key if key != "part_qpv" else "% QPV", classes=f"cell cell-{key}")
            for key in ROW_KEYS
        ]
        self.query_one("#rows").mount(Horizontal(*inputs, classes="people-row", id=f"row-{index}"))
        return inputs[0]

    def action_add_row(self) -> None:
        first = self._add_row()
        self.call_after_refresh(first.focus)
        self._changed()

    def action_remove_row(self) -> None:
        focused = self.focused
        row = next((n for n in (focused.ancestors if focused else []) if "people-row" in n.classes), None)
        if row is None:
            self.notify("Placez le curseur dans une ligne de bénéficiaires pour la retirer.", severity="warning")
            return
        row.remove()
        self._changed()

    # --- form state ----------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        if self._initial is not None:
            self._validate()

    def _values(self) -> tuple[dict[str, str], dict[str, str], list[dict[str, str]]]:
        fields: dict[str, str] = {}
        for widget in self.query(Input):
            if widget.id and not widget.has_class("money") and not widget.id.startswith("beneficiaires-"):
                fields[widget.id] = widget.value
        for widget in self.query(Select):
            fields[widget.id] = "" if widget.value is Select.NULL else str(widget.value)
        for widget in self.query(TextArea):
            fields[widget.id] = widget.text
        funding = {w.name: w.value for w in self.query(".money").results(Input)}
        rows = []
        for row in self.query(".people-row"):
            rows.append({w.id.rsplit("-", 1)[1]: w.value for w in row.query(Input)})
        return fields, funding, rows

    def _validate(self) -> tuple[Action, dict[str, str]]:
        fields, funding, rows = self._values()
        action, errors = action_from_form(self.base, fields, funding, rows, self.app.data.referentiel)
        action = vie_forms.apply(action, self._lines)
        action, more = vie_forms.action_from_form(action, fields)
        errors = {**errors, **more}
        for widget in self.query(Input):
            field = f"financement-{widget.name}" if widget.has_class("money") else widget.id
            widget.set_class(field in errors, "-invalid")
        box = self.query_one("#errors", Prose)
        box.update("\n".join(errors.values()), style="bold red")
        box.display = bool(errors)
        return action, errors

    # --- commands ------------------------------------------------------------

    def action_save(self) -> None:
        action, errors = self._validate()
        if errors:
            self.notify("\n".join(errors.values()), title="Rien n'a été enregistré", severity="error", timeout=8)
            return
        change = Create(ACTIONS, replace(action, id="")) if self.is_new else \
            Update(ACTIONS, self.original, self.version, action)
        settle(self.app, self.app.apply(change), self._saved, "Action enregistrée")

    def _saved(self, saved: Saved) -> None:
        self._initial = None
        # A new action's id, for the list to put its cursor on it; None after an edit.
        self.dismiss(saved.record.id if self.is_new and saved.record is not None else None)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss()
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self._initial = None
                self.dismiss()

        self.app.push_screen(ConfirmScreen("Abandonner les modifications non enregistrées ?", "Abandonner"), answered)

    def action_funding_line(self) -> None:
        from pvtui.ui.screens.ligne_financement import LigneFinancementScreen

        focused = self.focused
        if not (isinstance(focused, Input) and focused.has_class("money") and focused.name):
            self.notify("Placez-vous sur le montant d'un financeur, puis Ctrl+L.")
            return
        code = focused.name
        votes = {f.financeur: f for f in self.base.financements}
        demandes = {f.financeur: f for f in self.base.demandes}
        life, demande = self._lines.get(code) or (
            votes.get(code) or demandes.get(code) or Financement(code, 0),
            demandes[code].montant if code in demandes else None)
        entry = self.app.data.referentiel.financeurs.get(code)

        def kept(result: tuple[Financement, Amount | None] | None) -> None:
            if result is not None:
                self._lines[code] = result
                self._changed()

        self.app.push_screen(LigneFinancementScreen(code, entry.libelle if entry else code, life, demande), kept)

    def action_pick_porteur(self) -> None:
        from pvtui.ui.screens.choix_porteur import ChoixPorteurScreen

        box = self.query_one("#porteur", Input)

        def picked(name: str | None) -> None:
            if name is not None:
                box.value = name
                box.focus()

        self.app.push_screen(ChoixPorteurScreen(box.value, self.app.data.porteurs), picked)

    def action_pick_objectives(self) -> None:
        from pvtui.ui.screens.grille import GrilleScreen

        box = self.query_one("#objectifs", Input)

        def picked(codes: list[str] | None) -> None:
            if codes is not None:
                box.value = ", ".join(codes)

        self.app.push_screen(GrilleScreen([c for c in box.value.replace(";", ",").replace(" ", ",").split(",") if c]),
                             picked)
