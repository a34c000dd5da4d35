"""Lignes TFPB: the lines of one bailleur's quartier, added, edited and removed one by one.

Every change is written at once (the whole bailleur file, through the
workspace: based on the version shown when the line form opened, so a
colleague's change to another line meanwhile is merged, and one to the
same line asks), so there is nothing to "save" on leaving.
A line is checked by `pvtui.domain.forms.ligne_from_form` before anything is
written: a wrong amount, or a valorisée above the réalisée, is refused on
the spot with the French message and the file is left as it was.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from pvtui.domain.dataset import BAILLEURS, Dataset, Referentiel
from pvtui.domain.fmt import euros, number, percent
from pvtui.domain.forms import ligne_from_form
from pvtui.domain.model import Amount, Bailleur, LigneTFPB, Quartier
from pvtui.workspace.changes import Update
from pvtui.ui.records import settle
from pvtui.ui.screens.base import DataScreen, EnterMovesOn, GuardedForm
from pvtui.ui.screens.confirm import ConfirmScreen
from pvtui.ui.widgets.cells import share, text
from pvtui.ui.widgets.keybar import KeyBar
from pvtui.ui.widgets.prose import Prose
from pvtui.ui.widgets.table import Column, RecordTable

FIELDS = ("axe", "action", "realisee", "valorisee")


def amount(value: Amount | None, style: str = "") -> Text:
    """An amount without the "€" (the table title says €), so that more columns fit in 80."""
    if value is None:
        return Text("")
    return Text(number(value, 0 if float(value).is_integer() else 2), style=style, justify="right", no_wrap=True)


def typed(value: Amount | None) -> str:
    """An amount as a person would type it back: 43655 -> "43 655", 43655.5 -> "43 655,50"."""
    if value is None:
        return ""
    return number(value, 0 if float(value).is_integer() else 2)


def quartier_label(ref: Referentiel, quartier: Quartier) -> str:
    secteur = ref.secteurs.get(quartier.secteur)
    return (secteur.libelle if secteur else quartier.secteur) or "(quartier sans secteur)"


def axe_label(ref: Referentiel, code: str) -> str:
    axe = ref.axes.get(code)
    return (axe.libelle if axe else code) or "(sans axe)"


def with_lignes(bailleur: Bailleur, index: int, lignes: tuple[LigneTFPB, ...]) -> Bailleur:
    """The bailleur with quartier `index` holding `lignes` instead of its own."""
    quartiers = list(bailleur.quartiers)
    quartiers[index] = replace(quartiers[index], lignes=lignes)
    return replace(bailleur, quartiers=tuple(quartiers))


class LigneFormScreen(GuardedForm, EnterMovesOn, ModalScreen[LigneTFPB | None]):
    """A small form for one line; returns the checked line, or None when cancelled."""

    LAST = FIELDS[-1]
    CSS_PATH = "bailleurs.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Valider et enregistrer", id="ligne-form-save", priority=True),
        Binding("escape", "cancel", "Annuler", id="ligne-form-cancel"),
    ]

    def __init__(self, ref: Referentiel, title: str, ligne: LigneTFPB | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.heading = title
        self.ligne = ligne or LigneTFPB()
        self._tried = False
        self._ready = False

    def compose(self) -> ComposeResult:
        ligne = self.ligne
        options = [(Text(entry.libelle or code), code) for code, entry in self.ref.axes.items()]
        if ligne.axe and ligne.axe not in self.ref.axes:
            # Keep an unknown axe visible: the check below asks to pick a real one.
            options.append((Text(f"« {ligne.axe} » (inconnu)"), ligne.axe))
        with Vertical(classes="dialog", id="ligne-dialog"):
            yield Static(Text(self.heading, style="bold"), id="ligne-heading")
            with Horizontal(classes="ligne-row"):
                yield Label("Axe", classes="ligne-label")
                yield Select(options, value=ligne.axe or Select.NULL, prompt="(choisir un axe)", id="axe",
                             compact=True)
            with Horizontal(classes="ligne-row"):
                yield Label("Action", classes="ligne-label")
                yield Input(ligne.action, id="action", placeholder="ex. Agents de médiation sociale")
            with Horizontal(classes="ligne-row"):
                yield Label("Réalisée €", classes="ligne-label")
                yield Input(typed(ligne.realisee), id="realisee", placeholder="ex. 43 655", classes="ligne-amount")
                yield Label("Valorisée €", classes="ligne-label ligne-label-2")
                yield Input(typed(ligne.valorisee), id="valorisee", placeholder="ex. 43 655,50", classes="ligne-amount")
            yield Prose(id="ligne-errors")
        yield KeyBar()

    def on_mount(self) -> None:
        self.guard()
        self.query_one("#ligne-errors").display = False
        first = "#action" if self.ligne.axe else "#axe"
        self.query_one(first).focus()
        self.call_after_refresh(setattr, self, "_ready", True)

    def fields(self) -> dict[str, str]:
        axe = self.query_one("#axe", Select).value
        out = {"axe": "" if axe is Select.NULL else str(axe)}
        for name in FIELDS[1:]:
            out[name] = self.query_one(f"#{name}", Input).value
        return out

    def check(self) -> tuple[LigneTFPB, dict[str, str]]:
        """Check the fields; show every message and mark the wrong fields."""
        ligne, errors = ligne_from_form(self.fields(), self.ref)
        for name in FIELDS:
            self.query_one(f"#{name}").set_class(name in errors, "-invalid")
        box = self.query_one("#ligne-errors", Prose)
        box.update("\n".join(errors.values()), style="bold red")
        box.display = bool(errors)
        return ligne, errors

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._tried:
            self.check()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._tried:
            self.check()
        if self._ready and event.select.has_focus:
            # An axe picked from the list: on to the next field, as Enter does in an input.
            self.query_one("#action", Input).focus()

    def action_save(self) -> None:
        self._tried = True
        ligne, errors = self.check()
        if errors:
            self.app.bell()
            return
        self.dismiss(ligne)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Abandonner cette ligne ? Rien n'a été enregistré.", "Abandonner"), answered)


class LignesScreen(DataScreen):
    """One quartier of one bailleur: its TFPB lines, each change written at once."""

    CSS_PATH = "bailleurs.tcss"

    VIEW = "bailleurs"
    BINDINGS = [
        Binding("n", "add", "Ajouter", id="ligne-add"),
        Binding("e", "edit", "Modifier", id="ligne-edit"),
        Binding("enter", "edit", "Modifier", show=False),
        Binding("d", "remove", "Retirer", id="ligne-remove"),
        Binding("q", "edit_quartier", "Logts/abatt.", id="quartier-edit",
                tooltip="Logements et abattement du quartier"),
        Binding("escape", "back", "Retour", id="ligne-back"),
    ]

    def __init__(self, bailleur_id: str, index: int) -> None:
        super().__init__()
        self.bailleur_id = bailleur_id
        self.index = index
        self.bailleur: Bailleur | None = None
        """The bailleur as last shown: what a line form opened now is based on."""
        self._ref = Referentiel()

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(id="lignes-title")
        yield RecordTable(id="lignes")
        yield Static(id="ligne-detail")
        yield Static(id="lignes-total")
        yield KeyBar()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#lignes", RecordTable)

    @property
    def quartier(self) -> Quartier | None:
        b = self.bailleur
        return b.quartiers[self.index] if b is not None and self.index < len(b.quartiers) else None

    def refresh_data(self, data: Dataset) -> None:
        self._ref = ref = data.referentiel
        self.bailleur = data.bailleur(self.bailleur_id)
        table = self.table
        if not table.columns:
            table.set_columns([Column("axe", "Axe", 15), Column("action", "Action", 28),
                               Column("realisee", "Réalisée", right=True),
                               Column("valorisee", "Valorisée", right=True), Column("taux", "Taux", right=True)])
        quartier = self.quartier
        title = self.query_one("#lignes-title", Static)
        if quartier is None:
            title.update(Text(f"Le quartier n° {self.index + 1} de « {self.bailleur_id} » n'existe plus "
                              "(fichier modifié ou supprimé) : Échap pour revenir.", style="bold"))
            table.fill([])
            self._show_detail()
            self.query_one("#lignes-total", Static).update("")
            return
        b = self.bailleur
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f"{b.nom or b.id} — {quartier_label(ref, quartier)}", style="bold")
        if quartier.logements is not None:
            head.append(f" · {number(quartier.logements)} logements")
        head.append(" · montants en €")
        title.update(head)
        table.fill((str(i), [
            text(axe_label(ref, line.axe)), text(line.action), amount(line.realisee), amount(line.valorisee),
            share(line.valorisee, line.realisee),
        ]) for i, line in enumerate(quartier.lignes))
        self._show_detail()
        self._show_total(quartier)

    def _show_total(self, quartier: Quartier) -> None:
        realisee = sum(line.realisee or 0 for line in quartier.lignes)
        valorisee = sum(line.valorisee or 0 for line in quartier.lignes)
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(f"{len(quartier.lignes)} lignes : réalisée {euros(realisee)} · valorisée {euros(valorisee)}"
                   f" · taux {percent(valorisee, realisee)}\n")
        if quartier.abattement is None:
            out.append("Abattement non renseigné")
        else:
            ecart = valorisee - quartier.abattement
            out.append(f"Abattement {euros(quartier.abattement)} · valorisée − abattement : ")
            out.append(euros(ecart), style="bold reverse" if ecart < 0 else "bold")
        self.query_one("#lignes-total", Static).update(out)

    def _current(self) -> tuple[int, LigneTFPB] | None:
        key, quartier = self.table.current_key, self.quartier
        if key is None or quartier is None or int(key) >= len(quartier.lignes):
            return None
        return int(key), quartier.lignes[int(key)]

    def _show_detail(self) -> None:
        """The highlighted line in full: the table cuts long axes and actions."""
        current = self._current()
        detail = Text()
        if current is not None:
            _, line = current
            detail.append("Axe : ", style="bold")
            detail.append(axe_label(self._ref, line.axe))
            detail.append("\nAction : ", style="bold")
            detail.append(line.action or "—")
        elif self.quartier is not None:
            detail.append("Aucune ligne : n pour en ajouter une.")
        self.query_one("#ligne-detail", Static).update(detail)

    def on_record_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self._show_detail()

    def on_record_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_edit()

    # --- commands ------------------------------------------------------------

    def _where(self) -> str:
        b, q = self.bailleur, self.quartier
        return f"{b.nom or b.id} · {quartier_label(self._ref, q)}" if b and q else ""

    def _based(self) -> tuple[Bailleur, str | None]:
        """The bailleur as shown and its file's version: what a line form's change is based on."""
        return self.bailleur, self.app.data.version(BAILLEURS, self.bailleur_id)

    def action_add(self) -> None:
        if self.quartier is None:
            return
        (base, version), index = self._based(), self.index

        def done(ligne: LigneTFPB | None) -> None:
            if ligne is not None:
                lignes = (*base.quartiers[index].lignes, ligne)
                self._commit(base, version, with_lignes(base, index, lignes), "Ligne ajoutée", len(lignes) - 1)

        self.app.push_screen(LigneFormScreen(self._ref, f"Nouvelle ligne — {self._where()}"), done)

    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        position, before = current
        (base, version), index = self._based(), self.index

        def done(ligne: LigneTFPB | None) -> None:
            if ligne is None or ligne == before:
                return
            lignes = base.quartiers[index].lignes
            lignes = lignes[:position] + (ligne,) + lignes[position + 1:]
            self._commit(base, version, with_lignes(base, index, lignes), "Ligne modifiée", position)

        self.app.push_screen(LigneFormScreen(self._ref, f"Modifier la ligne — {self._where()}", before), done)

    def action_remove(self) -> None:
        current = self._current()
        if current is None:
            return
        position, before = current
        (base, version), index = self._based(), self.index

        def answered(yes: bool | None) -> None:
            if yes:
                lignes = base.quartiers[index].lignes
                lignes = lignes[:position] + lignes[position + 1:]
                # The file as it was goes to the trash first: a removed line is never lost.
                self._commit(base, version, with_lignes(base, index, lignes), "Ligne retirée",
                             min(position, len(lignes) - 1), keep="avant-retrait")

        self.app.push_screen(ConfirmScreen(
            f"Retirer la ligne « {before.action or '—'} » (réalisée {euros(before.realisee)}) ?\n"
            f"{self._where()} : le fichier {BAILLEURS}/{self.bailleur_id}.toml est réécrit sans elle.",
            "Retirer"), answered)

    def action_edit_quartier(self) -> None:
        from pvtui.ui.screens.quartier import QuartierFormScreen

        if self.quartier is None:
            return
        (base, version), index = self._based(), self.index
        before = base.quartiers[index]

        def done(quartier: Quartier | None) -> None:
            if quartier is not None and quartier != before:
                quartiers = base.quartiers[:index] + (quartier,) + base.quartiers[index + 1:]
                current = self._current()
                self._commit(base, version, replace(base, quartiers=quartiers), "Quartier modifié",
                             current[0] if current else -1)

        self.app.push_screen(QuartierFormScreen(f"Logements et abattement — {self._where()}", before), done)

    def action_back(self) -> None:
        self.dismiss()

    # --- writing -------------------------------------------------------------

    def _commit(self, base: Bailleur, version: str | None, new: Bailleur, message: str, select: int,
                keep: str | None = None) -> None:
        """Save the bailleur changed from `base` (a colleague's changes meanwhile are merged, or asked about)."""
        settle(self.app, self.app.apply(Update(BAILLEURS, base, version, new, keep=keep)),
               lambda saved: self._select(select), message)

    def _select(self, position: int) -> None:
        if position >= 0:
            self.table.select(str(position))
        self._show_detail()
