"""The kinds of record that live one file each under a folder of their own.

Registered once here, so that storage, workspace and views find a kind's
reader, writer and name without passing strings through every layer. The
kinds coming next (porteur, programmation) register the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pvtui.domain import model


@dataclass(frozen=True)
class Kind:
    """How one kind of record is read, written and named."""

    name: str
    """The folder of its files and its key everywhere: "actions"."""
    singular: str
    """For messages: "l'action", "le bailleur"."""
    from_dict: Callable[[str, dict[str, Any]], tuple[Any, list[model.Issue]]]
    to_dict: Callable[[Any], dict[str, Any]]
    field: str
    """The Dataset field that holds the records of this kind."""
    copyable: bool = True
    """Whether "save mine as a copy" makes sense (a whole action: yes; a bailleur's report: no)."""

    def label(self, record: Any) -> str:
        """What a person calls this record: its title or name, else its id."""
        return getattr(record, "titre", "") or getattr(record, "nom", "") or record.id


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


ACTIONS = register(Kind("actions", "l'action", model.action_from_dict, model.action_to_dict, "actions")).name
BAILLEURS = register(Kind("bailleurs", "le bailleur", model.bailleur_from_dict, model.bailleur_to_dict,
                          "bailleurs", copyable=False)).name
PROGRAMMATIONS = register(Kind("programmations", "la programmation",
                               lambda id, data: model.programmation_from_dict(data, id),
                               model.programmation_to_dict, "programmations", copyable=False)).name
PORTEURS = register(Kind("porteurs", "le porteur", model.porteur_from_dict, model.porteur_to_dict,
                         "porteurs", copyable=False)).name
