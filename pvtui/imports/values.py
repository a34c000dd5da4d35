"""Cells of a spreadsheet -> pvtui's values: French amounts, years, codes, names.

A cell that cannot be read raises `CellError` with a French message; the
caller adds the file, row and column.
"""

from __future__ import annotations

import datetime as _dt
import re

from pvtui.domain.model import Amount
from pvtui.domain.names import norm

Cell = str | int | float | bool | _dt.date | _dt.datetime | _dt.time | _dt.timedelta | None


class CellError(ValueError):
    """A cell that cannot be read as the value its column holds."""


class Unsaved(str):
    """A formula of a workbook with no usable value: saved without it (`"=B9*2"`, a file written by a
    script) or an error (`"#DIV/0!"`). Read as the empty cell it looks like, a subsidy would vanish."""


_ERRORS = re.compile(r"^(#(DIV/0!|REF!|VALUE!|VALEUR!|N/A|NAME\?|NOM\?|NUM!|NOMBRE!|NULL!|NUL!|ERREUR)|Err:\d+)$")
"""The errors a spreadsheet shows in place of a formula's value, in English, French and LibreOffice's."""


_DATE_TEXT = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$|^\d{4}-\d{2}-\d{2}([ T][\d:.]+)?$")
"""A date typed or saved as text: "15/01/2026", "2026-01-15"."""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def text(cell: Cell) -> str:
    """A cell as text: numbers as typed ("2019", not "2019.0"), spaces trimmed."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "oui" if cell else "non"
    if isinstance(cell, _dt.datetime):
        return f"{cell:%d/%m/%Y}" if cell.time() == _dt.time() else f"{cell:%d/%m/%Y %H:%M}"
    if isinstance(cell, _dt.date):  # as a French spreadsheet shows it, in the messages too
        return f"{cell:%d/%m/%Y}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    value = _SPACES.sub(" ", str(cell)).strip()
    # pvtui's own CSV export protects a text that looks like a formula with a leading "'".
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        value = value[1:]
    return value


def formula_error(formula: str) -> CellError:
    """A formula where a value was expected (a CSV keeps its text, a script's workbook keeps no value), or
    the error it gave."""
    if _ERRORS.match(formula):
        return CellError(f"erreur « {formula} » d'une formule : corrigez-la dans le tableur")
    return CellError(f"formule « {formula} » sans valeur calculée : enregistrez le fichier depuis le tableur")


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


MAX_AMOUNT = 10**12
"""As `pvtui check`: above a thousand billion euros an amount is a typing error."""

_AMOUNT = re.compile(r"^-?\d+(\.\d+)?$")


def amount(cell: Cell) -> Amount | None:
    """ "43 655", "43 655,50 €", "43655.5", "1.234,50", 43655.0 -> euros (int when whole); empty -> None."""
    if is_blank(cell):
        return None
    if _is_date(cell):
        raise CellError(f"« {text(cell)} » est une date, pas un montant")
    if isinstance(cell, bool) or isinstance(cell, (_dt.time, _dt.timedelta)):
        raise CellError(f"« {text(cell)} » n'est pas un montant")
    if isinstance(cell, (int, float)):
        value: float = cell
    else:
        raw = text(cell)
        if raw.startswith("=") or _ERRORS.match(raw):
            raise formula_error(raw)
        cleaned = _SPACES.sub("", raw).replace("€", "").replace("EUR", "").replace("eur", "")
        if "," in cleaned and "." in cleaned:  # 1.234,50 (French) or 1,234.50 (English)
            cleaned = cleaned.replace(".", "").replace(",", ".") if cleaned.rfind(",") > cleaned.rfind(".") \
                else cleaned.replace(",", "")
        elif cleaned.count(",") == 1:
            cleaned = cleaned.replace(",", ".")
        elif cleaned.count(".") > 1:  # 1.234.567
            cleaned = cleaned.replace(".", "")
        if not _AMOUNT.match(cleaned):
            raise CellError(f"« {raw} » n'est pas un montant (exemples : 43 655 ou 43 655,50 €)")
        value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError(f"« {text(cell)} » n'est pas un montant")
    if value < 0:
        raise CellError(f"montant négatif « {text(cell)} »")
    if value > MAX_AMOUNT:
        raise CellError(f"montant invraisemblable « {text(cell)} » (plus de mille milliards d'euros)")
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value


def year(cell: Cell) -> int | None:
    """2019, "2019", 2019.0 -> 2019; empty -> None."""
    if is_blank(cell):
        return None
    if _is_date(cell):  # a year typed in a date-formatted cell shows as 1905: never take a date's year
        raise CellError(f"« {text(cell)} » est une date, pas une année (exemple : 2026)")
    raw = text(cell)
    if not re.fullmatch(r"\d{4}", raw) or not 1990 <= int(raw) <= 2100:
        raise CellError(f"« {raw} » n'est pas une année (exemple : 2026)")
    return int(raw)


def _is_date(cell: Cell) -> bool:
    return isinstance(cell, _dt.date) or (isinstance(cell, str) and bool(_DATE_TEXT.match(text(cell))))


_CODE = re.compile(r"[IVX]+(?:-[A-Z0-9]+)*", re.IGNORECASE)


def codes(cell: Cell) -> tuple[str, ...]:
    """ "I-H, I-F-1" or "I-H; I-F-1" or "I-H I-F-1" -> ("I-H", "I-F-1")."""
    raw = text(cell)
    parts = [p for p in re.split(r"[,;/\s]+", raw) if p]
    out = []
    for part in parts:
        if not _CODE.fullmatch(part):
            raise CellError(f"« {part} » n'est pas un code d'objectif (exemples : I-A, I-C-3)")
        out.append(part.upper())
    return tuple(dict.fromkeys(out))


def statut(cell: Cell) -> tuple[str, int | None]:
    """ "nouvelle action" -> ("nouvelle", None); "renouvellement depuis 2016" -> ("renouvellement", 2016)."""
    raw = norm(text(cell))
    if not raw:
        return "", None
    if raw.startswith("nouvel"):
        return "nouvelle", None
    if raw.startswith("renouvel"):
        since = re.search(r"(19|20)\d\d", raw)
        return "renouvellement", int(since.group()) if since else None
    raise CellError(f"statut « {text(cell)} » inconnu (nouvelle ou renouvellement)")


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA": the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
