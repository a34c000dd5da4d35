"""Record ids: the file-name-safe slug of a title, and the rule an id follows."""

from __future__ import annotations

import re
import unicodedata

_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


class IdError(ValueError):
    """An id that is not a slug (it could point outside the data folder)."""


def slugify(text: str, limit: int = 60) -> str:
    """A file-name-safe id from a title: "Salon-atelier 2019" -> "salon-atelier-2019"."""
    ligatures = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    ascii_text = unicodedata.normalize("NFKD", ligatures).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        # Cut at a word boundary: keep the last word when the cut falls right after it.
        cut = slug[: limit + 1]
        slug = cut[:-1] if cut.endswith("-") else (cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit])
    return slug or "sans-titre"


def unique_id(title: str, taken: set[str]) -> str:
    """The slug of `title`, with -2, -3 … appended when it is already taken."""
    base = slugify(title)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def check_id(id: str) -> None:
    if not _ID.fullmatch(id):  # not match(): "$" would accept a final newline
        raise IdError(f"identifiant invalide « {id} » : lettres minuscules, chiffres et tirets seulement")
