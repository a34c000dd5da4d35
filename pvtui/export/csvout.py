"""The CSV writer: the tables of a kind, for a French spreadsheet.

UTF-8 with a BOM (so Excel reads the accents), ";" between cells, decimal
commas, amounts as plain numbers (43655, not "43 655 €") so that they can
be summed. One file may hold several tables: each starts with a row that
holds its title and is separated from the previous one by an empty row.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pvtui.export.clean import clean
from pvtui.export.doc import EUROS, INT, PCT, PRINTED_PCT, SHARE, VALUE, Table

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a spreadsheet may read as the start of a formula (OWASP's list, and a newline that clean() made of a CR)."""


def _number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",")


def _amount(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _text(value)
    return str(value) if float(value).is_integer() else _number(value, 2)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return _inert(clean(str(value), tabs=False))


def _inert(text: str) -> str:
    """A cell starting like a formula would be run by the spreadsheet: a leading ' shows it instead."""
    return "'" + text if text.startswith(_FORMULA) else text


def cells(value: Any, kind: str) -> list[str]:
    """A value as one cell (two for a share: amount and %)."""
    if kind == VALUE:
        value, kind = value
        if kind == SHARE:
            value, kind = (value[0] if value else None), EUROS
    if kind == SHARE:
        amount, ratio = value if value is not None else (None, None)
        return [_amount(amount), cells(ratio, PCT)[0]]
    if value is None:
        return [""]
    if kind in (EUROS, INT):
        return [_amount(value)]
    if kind == PCT:
        return [_number(100 * value, 1)] if isinstance(value, (int, float)) else [_text(value)]
    if kind == PRINTED_PCT:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [str(value) if float(value).is_integer() else _number(value, 1)]
    return [_text(value)]


def header(table: Table) -> list[str]:
    out = []
    for column in table.columns:
        name = _inert(clean(column.name, tabs=False))  # a funder's label may be a column title
        if column.kind == SHARE:
            out += [f"{name} (€)", f"{name} (%)"]
        elif column.kind == EUROS:
            out.append(f"{name} (€)")
        elif column.kind in (PCT, PRINTED_PCT) and "%" not in name:
            out.append(f"{name} (%)")
        else:
            out.append(name)
    return out


def render(title: str, tables: list[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_text(title)])
    for table in tables:
        writer.writerow([])
        writer.writerow([_text(table.title)])
        writer.writerow(header(table))
        for row in (*table.rows, *table.footer):
            line: list[str] = []
            for value, column in zip(row, table.columns):
                line += cells(value, column.kind)
            writer.writerow(line)
    # backslashreplace: a file name that is not UTF-8 shows as \udcff rather than stopping the export.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8", "backslashreplace")
