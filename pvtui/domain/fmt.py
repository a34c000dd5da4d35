"""French numbers, both ways: "43 655 €", "11,5 %", and reading what people type."""

from __future__ import annotations

import errno
import re

from pvtui.domain.model import Amount

NBSP = "\u00a0"
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GLUE = re.compile(r" (?:(?<=\d )(?=\d{3}(?!\d))|(?<=« )|(?=[»:;!?%€]))")


def glue(text: str) -> str:
    """Non-breaking spaces where a line must not break: inside an amount, after « and before » : ; ! ? % €.

    Wrapping at plain spaces then never cuts "43 655 €" or "financeur :";
    whoever prints turns them back into spaces.
    """
    return _GLUE.sub(NBSP, text)


def number(value: float, decimals: int = 0) -> str:
    """12345.5 -> "12 345,5" (plain spaces: they survive e-mail and terminals)."""
    # An int is formatted as an int: ",.0f" would go through a float and print
    # 10**30 as 1 000 000 000 000 000 019 884 624 838 656.
    text = f"{value:,}" if isinstance(value, int) and not decimals else f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",")


def count_of(n: int, singular: str, plural: str | None = None) -> str:
    """2 -> "2 actions", 1 and 0 -> "1 action", "0 action" (French: below two is singular).

    `plural` for the words that do not just take an s ("1 bailleur social",
    "2 bailleurs sociaux"); never "action(s)".
    """
    return f"{number(n)} {word(n, singular, plural)}"


def word(n: int, singular: str, plural: str | None = None) -> str:
    """The word alone, agreed with n: "reconduite" / "reconduites"."""
    if abs(n) < 2:
        return singular
    return plural if plural is not None else " ".join(w + ("" if w.endswith(("s", "x", "z")) else "s")
                                                     for w in singular.split(" "))


def euros(value: Amount | None) -> str:
    """43655 -> "43 655 €"; cents shown only when there are some."""
    if value is None:
        return "—"
    decimals = 0 if float(value).is_integer() else 2
    return f"{number(value, decimals)} €"


def percent(part: float | None, whole: float | None) -> str:
    """Share as the report prints it: "11,5 %"; "—" when the whole is zero."""
    if part is None or not whole:
        return "—"
    return f"{number(100 * part / whole, 1)} %"


class AmountError(ValueError):
    """Text that is not a non-negative amount; the message is French."""


def parse_amount(text: str) -> Amount | None:
    """Read "43 655", "43655", "43 655 €", "43 655,50"; "" -> None.

    Raises AmountError with a French message for anything else, or a
    negative amount.
    """
    cleaned = _SPACES.sub("", text.strip()).removesuffix("€").removesuffix("EUR")
    if not cleaned:
        return None
    if not re.fullmatch(r"-?\d+(?:[.,]\d{1,2})?", cleaned):
        raise AmountError(f"« {text.strip()} » n'est pas un montant (exemple : 43 655 ou 43 655,50 €)")
    value = float(cleaned.replace(",", "."))
    if value < 0:
        raise AmountError(f"« {text.strip()} » : un montant ne peut pas être négatif")
    return int(value) if value.is_integer() else value


_REASONS = {
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EFBIG: "fichier trop grand pour ce système (limite de taille)",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "n'est pas un dossier",
    errno.EISDIR: "est un dossier",
    errno.ELOOP: "boucle de liens symboliques",
    errno.ENAMETOOLONG: "nom trop long",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EBADF: "descripteur fermé",
    errno.EPIPE: "sortie fermée",
    errno.ESTALE: "fichier réseau périmé (montage NFS)",
}


def reason(error: BaseException) -> str:
    """Why a file operation failed, in French: the person reads it, not the C library's English."""
    code = getattr(error, "errno", None)
    return _REASONS.get(code) or getattr(error, "strerror", None) or str(error)


MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def date_time(when) -> str:
    """A moment as French reads it: "3 déc. 2026 14:05" (in local time when it knows its zone)."""
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{when.day} {MONTHS[when.month - 1]} {when.year} {when:%H:%M}"
