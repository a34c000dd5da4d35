"""`pvtui export echeances [--au DATE]`: what is due or late, soonest first."""

from __future__ import annotations

import datetime as dt

from pvtui.domain.dataset import Dataset
from pvtui.domain.fmt import count_of, euros
from pvtui.domain.vie import echeances


def render(data: Dataset, au: dt.date) -> bytes:
    rows = echeances(data, au)
    late = sum(r.en_retard for r in rows)
    lines = [f"Échéances au {au.isoformat()} : {count_of(len(rows), 'échéance')}, "
             f"dont {count_of(late, 'en retard', 'en retard')}", ""]
    for r in rows:
        state = "EN RETARD" if r.en_retard else "à venir"
        funder = f" — {r.financeur}" if r.financeur else ""
        lines.append(f"{r.date.isoformat()}  {state:9}  {r.titre or r.action} ({r.porteur}){funder}, "
                     f"{euros(r.montant)} : {r.manque}")
    return ("\n".join(lines) + "\n").encode("utf-8")
