"""Names compared as a person reads them: accents, case, punctuation and spacing set aside.

One rule for every place that asks whether two spellings are one porteur
(the importer, the Porteurs view, `check`), whether one only looks like the
other (the importer's « à confirmer », `check`'s suggestion), and whether a
header names a field.
"""

from __future__ import annotations

import re
import unicodedata

from pvtui.domain.model import Porteur

LOOKALIKE = 85
"""From this score (0-100) a porteur's name looks like a record's: the importer's « à confirmer », `check`'s
suggestion."""

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


def covers(a: str, b: str) -> float:
    """How well the words of normalised `a` are found among those of `b` (0 to 1, long words weigh more;
    typos count as near: OSA similarity, a swap of two letters being one edit)."""
    from rapidfuzz.distance import OSA

    words, others = a.split(), b.split()
    if not words or not others:
        return 0.0
    total = sum(len(w) for w in words)
    return sum(len(w) * max(OSA.normalized_similarity(w, o) for o in others) for w in words) / total


def resemblance(a: str, b: str) -> float:
    """How much two normalised names look alike, 0 to 1: each one's words found in the other's."""
    return min(covers(a, b), covers(b, a))


def lookalike(key: str, names: list[str], cutoff: float) -> tuple[float, str]:
    """(score 0-100, name) of the normalised name among `names` that looks most like `key`, if `cutoff` or
    more, else (0, ""). rapidfuzz's quick score (the words sorted) picks a few candidates; each is then
    compared word by word, as a person would: sharing a « de » with a long name is not looking like it."""
    from rapidfuzz import fuzz, process

    close = process.extract(key, names, scorer=fuzz.token_sort_ratio, score_cutoff=70, limit=5)
    best = max(((resemblance(key, n), n) for n, _, _ in close), default=(0.0, ""))
    return (round(best[0] * 100, 1), best[1]) if best[0] * 100 >= cutoff else (0.0, "")
