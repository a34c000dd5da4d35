"""Fiche: everything about one action, as the report presents it, shares computed."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pvtui.domain import compute, vie
from pvtui.domain.dataset import ACTIONS, Dataset
from pvtui.domain.fmt import euros, number, percent
from pvtui.ui.safe import visible
from pvtui.domain.model import NC, Action
from pvtui.domain.years import history
from pvtui.ui.records import ActionCommands, confirm_delete
from pvtui.ui.screens.base import DataScreen
from pvtui.ui.widgets.keybar import KeyBar


def _cell(value: object) -> Text:
    if value is None:
        return Text("")
    if value == NC:
        return Text("NC", justify="right")
    return Text(number(value, 0 if float(value).is_integer() else 1), justify="right")


def _shown(action: Action) -> Action:
    """The action with every free text made safe to display."""
    return replace(
        action,
        titre=visible(action.titre), porteur=visible(action.porteur), description=visible(action.description),
        indicateurs=visible(action.indicateurs),
        beneficiaires=tuple(replace(row, age=visible(row.age)) for row in action.beneficiaires),
        corrections=tuple(replace(c, imprime=visible(c.imprime), retenu=visible(c.retenu), note=visible(c.note))
                          for c in action.corrections),
    )


def _history(action: Action, ref) -> Text:
    """Each line's state, then its dated history (the subsidy's life, oldest first)."""
    def label(code: str) -> str:
        funder = ref.financeurs.get(code)
        return funder.libelle if funder and funder.libelle else code

    out = Text("Suivi des subventions\n", style="bold")
    states = [f"{label(code)} {state}" for code, state in vie.etats(action).items()]
    out.append("État : " + ", ".join(states) + (f" ; {vie.etat_bilan(action)}" if vie.etat_bilan(action) else "") + "\n")
    for day, event in vie.timeline(action, label):
        out.append(f"{day.isoformat()}  ", style="bold")
        out.append(visible(event) + "\n")
    return out


def render_fiche(action: Action, data: Dataset) -> Group:
    """The fiche as Rich renderables; every record value goes in as Text, never markup.

    Control characters in the record are shown as symbols (`fmt.visible`),
    never sent to the terminal.
    """
    ref = data.referentiel
    action = _shown(action)
    secteur = ref.secteurs.get(action.secteur)
    head = Text()
    head.append(action.titre or "(sans titre)", style="bold")
    head.append("\n")
    head.append(f"Porteur : {action.porteur}\n")
    head.append(f"Secteur : {secteur.libelle if secteur else action.secteur}   Année : {action.annee or '—'}")
    if statut := compute.statut(action) or action.statut:
        head.append(f"   Statut : {statut}" + (f" depuis {action.renouvele_depuis}" if action.renouvele_depuis else ""))
    head.append(f"\nFichier : {ACTIONS}/{action.id}.toml")

    money = Table(title="Répartition des subventions « politique de la ville »", title_justify="left",
                  expand=False, show_edge=False)
    asked = {f.financeur: f.montant for f in action.demandes}
    money.add_column("Financeur")
    if asked:
        money.add_column("Demandé", justify="right")
    money.add_column("Montant", justify="right")
    money.add_column("Part", justify="right")

    def row(label: Text, *cells: Text, demande: Text = Text("")) -> None:
        money.add_row(label, *((demande,) if asked else ()), *cells)

    row(Text("Montant total de l'action"), Text(euros(action.cout_total)), Text(""))
    voted = {code: amount for code, amount, _ in compute.shares(action)}
    for code in dict.fromkeys([*voted, *asked]):
        funder = ref.financeurs.get(code)
        amount = voted.get(code)
        row(Text(funder.libelle if funder else code), Text(euros(amount) if amount is not None else "—"),
            Text(percent(amount, action.cout_total) if amount is not None else ""),
            demande=Text(euros(asked[code]) if code in asked else ""))
    row(Text("Total des subventions", style="bold"), Text(euros(action.total_subventions), style="bold"),
        Text(percent(action.total_subventions, action.cout_total), style="bold"),
        demande=Text(euros(sum(asked.values())), style="bold"))

    parts: list = [head, Text(""), money, Text("")]
    if vie.suivie(action):
        parts.append(_history(action, ref))
    rows = list(action.beneficiaires) + ([action.beneficiaires_total] if action.beneficiaires_total else [])
    if rows:
        people = Table(title="Bénéficiaires", title_justify="left", show_edge=False)
        for label in ("Âge", "Hommes", "Femmes", "Total", "% issu des QPV"):
            people.add_column(label, justify="left" if label == "Âge" else "right")
        for index, row in enumerate(rows):
            is_total = row is action.beneficiaires_total and index == len(rows) - 1
            people.add_row(Text("Total" if is_total else row.age, style="bold" if is_total else ""),
                           _cell(row.hommes), _cell(row.femmes), _cell(row.total),
                           Text("" if row.part_qpv is None else f"{_cell(row.part_qpv).plain} %" if row.part_qpv != NC else "NC",
                                justify="right"))
        parts += [people, Text("")]
    if action.nombre_beneficiaires is not None:
        parts.append(Text(f"Bénéficiaires annoncés dans le texte : {number(action.nombre_beneficiaires)}\n"))

    objectives = Text("Objectifs\n", style="bold")
    if not action.objectifs:
        objectives.append("aucun objectif mentionné")
        if action.pilier_suppose:
            pilier = ref.piliers.get(action.pilier_suppose)
            objectives.append(f" ; pilier supposé : {pilier.libelle if pilier else action.pilier_suppose}")
        objectives.append("\n")
    for code in action.objectifs:
        objectif = ref.objectifs.get(code)
        pilier = ref.piliers.get(objectif.pilier if objectif else code.split("-")[0])
        label = objectif.libelle if objectif and objectif.libelle else "(libellé absent du référentiel)"
        objectives.append(f"{code}  ", style="bold")
        objectives.append(f"{label} — pilier {pilier.libelle if pilier else '?'}\n")
    parts.append(objectives)
    for title, body in (("Description", action.description), ("Indicateurs", action.indicateurs)):
        if body:
            parts += [Text(title, style="bold"), Text(body + "\n")]
    lineage = _lineage(data, action)
    if len(lineage) > 1:
        years = Text("D'une année à l'autre\n", style="bold")
        for record in lineage:
            mark = "›" if record.id == action.id else " "
            years.append(f"{mark} {record.annee or '—'}  subventions {euros(record.total_subventions)}"
                         + (f", demandé {euros(sum(f.montant for f in record.demandes))}" if record.demandes else "")
                         + f"  ({ACTIONS}/{visible(record.id)}.toml)\n")
        parts.append(years)
    if action.corrections:
        fixes = Text("Corrections par rapport au texte imprimé\n", style="bold")
        for c in action.corrections:
            fixes.append(f"{c.champ} : imprimé « {c.imprime} », retenu « {c.retenu} »"
                         + (f" ({c.note})" if c.note else "") + "\n")
        parts.append(fixes)
    return Group(*parts)


def _lineage(data: Dataset, action: Action) -> list[Action]:
    """The action across years: the ones it renews (`reconduit_de`), itself, then its renewals."""
    by_id = {a.id: a for a in data.actions}
    chain = history(by_id, action)
    seen = {a.id for a in chain}
    while (after := next((a for a in data.actions if a.reconduit_de == chain[-1].id and a.id not in seen), None)):
        chain.append(after)
        seen.add(after.id)
    return chain


class FicheScreen(ActionCommands, DataScreen):
    """One action, read-only; e edits it, Esc goes back."""

    BINDINGS = [
        Binding("escape", "back", "Retour", id="back"),
        Binding("e", "edit", "Modifier", id="edit"),
        Binding("c", "duplicate", "Dupliquer", id="duplicate"),
        Binding("d", "delete", "Supprimer", id="delete"),
        Binding("E", "external_edit", "TOML", id="external-edit", tooltip="Ouvrir le fichier dans $EDITOR"),
        # Shown only while a git merge left this action's conflict to settle (check_action).
        Binding("exclamation_mark", "conflict", "Conflit", id="fiche-conflict", key_display="!"),
        Binding("h", "history", "Historique", id="history", tooltip="Les versions de l'action (dossier suivi par git)"),
    ]

    def __init__(self, action_id: str) -> None:
        super().__init__()
        self.action_id = action_id
        self._deleting: str | None = None
        """The action this fiche is deleting (asked and confirmed): its vanishing is no news."""
        self._shown = False

    def action_delete(self) -> None:
        if action := self.current_action():
            confirm_delete(self.app, ACTIONS, action, before=lambda: setattr(self, "_deleting", action.id))

    def compose(self) -> ComposeResult:
        yield self.view_bar()
        yield Static(id="fiche-pending", classes="section")
        with VerticalScroll(id="fiche-scroll"):
            yield Static(id="fiche")
        yield KeyBar()

    def refresh_data(self, data: Dataset) -> None:
        action = data.action(self.action_id)
        if action is None:
            if self._deleting != self.action_id:  # deleted here: the deletion's own toast says so
                self.notify("Cette action n'existe plus (supprimée ou renommée sur le disque).", severity="warning")
            self.dismiss()
            return
        if not self._shown and action.annee and action.annee != self.app.year:
            self.app.year = action.annee  # opened from every year (Actions `*`, Porteurs): its year is shown
        elif action.annee != self.app.year:  # the year moved: this action's record of that year, if any
            action = next((a for a in _lineage(data, action) if a.annee == self.app.year), action)
            self.action_id = action.id
        self._shown = True
        self.sub_title = action.titre
        self.query_one("#fiche", Static).update(render_fiche(action, data))
        self.pending = next((c for c in self.app.workspace.pending_conflicts() if c.rel == f"{ACTIONS}/{action.id}.toml"),
                            None)
        notice = self.query_one("#fiche-pending", Static)
        notice.display = self.pending is not None
        if self.pending is not None:
            # One key a line: an amount is not cut at the end of a line.
            notice.update(Text("Conflit de synchronisation — ! pour choisir (1, 2 ou 3) :\n"
                               + "\n".join(self.pending.keys)))
        self.refresh_bindings()

    pending = None
    """The conflict a git merge left on this action (workspace.pending_conflicts), if any."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.pending is not None if action == "conflict" else True

    def action_conflict(self) -> None:
        from pvtui.ui.records import settle

        if self.pending is not None:
            settle(self.app, self.pending, lambda saved: None, "Conflit réglé")

    def current_action(self) -> Action | None:
        return self.app.data.action(self.action_id) if self.app.data else None

    def action_history(self) -> None:
        from pvtui.ui.screens.historique import HistoriqueScreen

        self.app.push_screen(HistoriqueScreen(ACTIONS, self.action_id))

    def action_back(self) -> None:
        self.dismiss()
