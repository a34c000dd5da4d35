"""A commit's message in the domain's words: the record, and each key changed, old -> new.

    Salon-atelier : financements.capft 5 000 € -> 6 000 €
"""

from __future__ import annotations

from typing import Any

from pvtui.domain.fmt import count_of, euros
from pvtui.domain.kinds import KINDS
from pvtui.domain.diff import AMOUNTS
from pvtui.domain.merge import MISSING, Path, at, changed, dotted

NEW = {"actions": "Nouvelle action", "bailleurs": "Nouveau bailleur", "porteurs": "Nouveau porteur",
       "programmations": "Nouvelle programmation"}
AMOUNT_TABLES = {"financements", "demandes", "enveloppes"}
"""Numbers under these keys are euros, as are those at the keys of `diff.AMOUNTS`."""
SUBJECT_CHANGES = 3
"""Changes named on the first line; all of them are in the body."""


def describe(kind: str, before: Any, after: Any) -> str:
    """The message of the commit that took the record from `before` to `after` (None: absent)."""
    record = after if after is not None else before
    label = KINDS[kind].label(record) if record is not None else kind
    if before is None:
        return f"{NEW.get(kind, 'Création')} : {label}"
    if after is None:
        return f"Suppression : {label}"
    to_dict = KINDS[kind].to_dict
    old, new = to_dict(before), to_dict(after)
    lines = [f"{dotted(path)} {show(path, at(old, path))} -> {show(path, at(new, path))}"
             for path in changed(old, new)]
    if not lines:
        return f"{label} : enregistré sans changement"
    subject = f"{label} : " + " ; ".join(lines[:SUBJECT_CHANGES]) + (" ; …" if len(lines) > SUBJECT_CHANGES else "")
    return subject if len(lines) == 1 else subject + "\n\n" + "\n".join(lines)


def show(path: Path, value: Any) -> str:
    """A value as a person reads it: amounts in euros, texts in guillemets, long texts cut."""
    if value is MISSING or value is None:
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float)) and _is_amount(path):
        return euros(value)
    if isinstance(value, str):
        flat = " ".join(value.split())
        return f"« {flat[:40]}{'…' if len(flat) > 40 else ''} »"
    if isinstance(value, (list, dict)):
        return f"({count_of(len(value), 'élément')})"
    return str(value)


def _is_amount(path: Path) -> bool:
    names = {part for part in path if isinstance(part, str)}
    return bool(names & AMOUNT_TABLES) or (bool(path) and path[-1] in AMOUNTS)
