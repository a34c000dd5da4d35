"""`pvtui annee nouvelle`: next year's records written through the workspace."""

from __future__ import annotations

from pvtui.domain.kinds import ACTIONS, PROGRAMMATIONS
from pvtui.domain.years import NewYear, new_year
from pvtui.workspace.changes import Create, Refused, Result
from pvtui.workspace.workspace import Workspace


def open_year(ws: Workspace, annee: int, depuis: int | None = None,
              ids: list[str] | None = None) -> tuple[NewYear, list[Result]]:
    """Create the renewals, then the programmation (last: while it is missing, a re-run completes
    an interrupted one). Raises YearError before writing anything when the request is wrong;
    stops at the first refusal."""
    plan = new_year(ws.load(), annee, depuis, ids)
    results: list[Result] = []
    for change in [*(Create(ACTIONS, a) for a in plan.actions), Create(PROGRAMMATIONS, plan.programmation)]:
        results.append(ws.apply(change))
        if isinstance(results[-1], Refused):
            break
    return plan, results
