"""`pvtui annee nouvelle`: next year's records written through the workspace."""

from __future__ import annotations

from pvtui.domain.kinds import ACTIONS, PROGRAMMATIONS
from pvtui.domain.years import NewYear, new_year
from dataclasses import replace

from pvtui.workspace.changes import Create, Refused, Result, Saved
from pvtui.workspace.workspace import Workspace


def open_year(ws: Workspace, annee: int, depuis: int | None = None,
              ids: list[str] | None = None) -> tuple[NewYear, list[Result]]:
    """Create the renewals, then the programmation (last: while it is missing, a re-run completes
    an interrupted one). Raises YearError before writing anything when the request is wrong;
    stops at the first refusal."""
    plan = new_year(ws.load(), annee, depuis, ids)
    results: list[Result] = []
    with ws.one_commit(f"Année {annee} ouverte depuis {plan.depuis}") as batch:
        for change in [*(Create(ACTIONS, a) for a in plan.actions), Create(PROGRAMMATIONS, plan.programmation)]:
            results.append(ws.apply(change))
            if isinstance(results[-1], Refused):
                break
    if batch.warning and isinstance(results[-1], Saved):  # said once, on the last save
        results[-1] = replace(results[-1], warning=batch.warning)
    return plan, results
