"""Applying an import's plan through the Workspace: the same atomic, conflict-checked saves as the TUI.

Each created action is a `Create`, each updated one an `Update` based on the
version of the snapshot the plan was built from (`ws.data.version`): a file
a colleague changed since is merged key by key, or comes back as a conflict
that is reported and not forced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pvtui.domain.dataset import ACTIONS
from pvtui.imports.columns import Correspondance, read_correspondance
from pvtui.domain.fmt import count_of
from pvtui.imports.plan import CREEE, MODIFIEE, Plan, build_plan
from pvtui.imports.sheet import iter_sheets
from pvtui.workspace.changes import Conflict, Create, Refused, Saved, Update
from pvtui.workspace.workspace import Workspace


def prepare(ws: Workspace, path: str | Path, correspondance: str | Path | None = None,
            annee: int | None = None) -> Plan:
    """Read the sheet and build the plan against the workspace's snapshot (loaded if need be)."""
    data = ws.data if ws.data is not None else ws.load()
    own = read_correspondance(correspondance, data.referentiel, (p.id for p in data.porteurs)) if correspondance else Correspondance()
    return build_plan(data, iter_sheets(path), own, annee)


@dataclass(frozen=True)
class Applied:
    saved: tuple[str, ...]
    """Files written (`actions/x.toml`)."""
    problems: tuple[str, ...]
    """Changes not made, each with its row and why, in French."""
    warning: str | None = None
    """Applied, but git could not commit it (French)."""


def apply_plan(ws: Workspace, plan: Plan) -> Applied:
    saved, problems = [], []
    subject = (f"Import d'un tableur : {count_of(plan.count(CREEE), 'action créée', 'actions créées')}, "
               f"{count_of(plan.count(MODIFIEE), 'action modifiée', 'actions modifiées')}")
    with ws.one_commit(subject) as batch:
        _apply_lines(ws, plan, saved, problems)
    return Applied(tuple(saved), tuple(problems), batch.warning)


def _apply_lines(ws: Workspace, plan: Plan, saved: list[str], problems: list[str]) -> None:
    for ligne in plan.to_apply:
        if ligne.etat == CREEE:
            change = Create(ACTIONS, ligne.record)
        else:
            change = Update(ACTIONS, ligne.base, ws.data.version(ACTIONS, ligne.base.id), ligne.record)
        result = ws.apply(change)
        if isinstance(result, Saved):
            saved.append(f"{ACTIONS}/{result.record.id}.toml")
        elif isinstance(result, Conflict):
            problems.append(f"ligne {ligne.row} : {result.rel} a été modifié par quelqu'un d'autre pendant l'import "
                            f"({', '.join(result.keys) or 'le fichier a changé'}) : non modifié, relancez l'import")
        elif isinstance(result, Refused):
            problems.append(f"ligne {ligne.row} : {result.message}")
