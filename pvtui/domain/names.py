"""Names compared as a person reads them: accents, case, punctuation and spacing set aside.

One rule for every place that asks whether two spellings are one porteur
(the importer, the Porteurs view, `check`), and whether a header names a field.
"""

from __future__ import annotations

import re
import unicodedata

from pvtui.domain.model import Porteur

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})


def norm(text: str) -> str:
    """Lower case, no accents, straight apostrophes, words separated by one space: for matching."""
    text = unicodedata.normalize("NFKD", str(text).translate(_APOSTROPHES).replace("œ", "oe").replace("Œ", "oe"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def compact(text: str) -> str:
    """`norm` without the spaces: "C.A." and "CA" are the same."""
    return norm(text).replace(" ", "")


def porteur_names(porteur: Porteur) -> list[str]:
    """The normalised names an action may give a record by: its name, sigle, aliases and id."""
    return [key for key in (norm(n) for n in (porteur.nom, porteur.sigle, *porteur.aliases, porteur.id)) if key]
