"""The formulas of a workbook that hold no usable value, by cell (row, column, both 0-based).

Saved without their value (a file written by a script) or with an error
(#DIV/0!, #REF!): python-calamine gives the first as empty and an error as
empty (XLSX) or 0 (ODS), and a subsidy would vanish silently. This reads the
sheet's XML only to find them; a part it cannot read gives nothing
(calamine has read the rest).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree as ET

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_REF = re.compile(r"([A-Z]+)(\d+)")
MAX_CELLS = 1_000_000
"""Repeated empty cells of an ODS row are counted, not expanded, beyond this."""


def broken_formulas(path: str, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column) -> the formula ("=B9*2") of each cell of `sheet` saved without a value, or the error
    ("#DIV/0!") a formula gave."""
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            if "content.xml" in names:
                return _ods(book, sheet)
            if "xl/workbook.xml" in names:
                return _xlsx(book, sheet)
    except (zipfile.BadZipFile, ET.ParseError, KeyError, OSError, ValueError):
        pass
    return {}


def _xlsx(book: zipfile.ZipFile, sheet: str) -> dict[tuple[int, int], str]:
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    rid = next((s.get(f"{_REL}id") for s in workbook.iter(f"{_MAIN}sheet") if s.get("name") == sheet), None)
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_PKG}Relationship") if r.get("Id") == rid), None)
    if not target:
        return {}
    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    out = {}
    with book.open(part) as xml:
        for _, cell in ET.iterparse(xml):
            if cell.tag != f"{_MAIN}c":
                continue
            formula, value = cell.find(f"{_MAIN}f"), cell.find(f"{_MAIN}v")
            ref = _REF.fullmatch(cell.get("r", ""))
            # No <v> at all: never computed (<v></v> is a formula whose result is an empty text).
            broken = "=" + (formula.text or "") if formula is not None and value is None else \
                (value.text or "#ERREUR") if cell.get("t") == "e" and value is not None else ""
            if broken and ref:
                column = 0
                for letter in ref.group(1):
                    column = column * 26 + ord(letter) - 64
                out[(int(ref.group(2)) - 1, column - 1)] = broken
            cell.clear()
    return out


def _ods(book: zipfile.ZipFile, sheet: str) -> dict[tuple[int, int], str]:
    content = ET.fromstring(book.read("content.xml"))
    table = next((t for t in content.iter(f"{_TABLE}table") if t.get(f"{_TABLE}name") == sheet), None)
    if table is None:
        return {}
    out = {}
    row = 0
    for line in table.iter(f"{_TABLE}table-row"):
        column = 0
        for cell in line:
            if cell.tag not in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                continue
            formula = cell.get(f"{_TABLE}formula")
            if formula and cell.get(f"{_OFFICE}value-type") is None:
                out[(row, column)] = "=" + formula.split(":", 1)[-1].lstrip("=")
            elif formula and cell.get(f"{_CALCEXT}value-type") == "error":  # saved as 0, the error in the text
                out[(row, column)] = "".join(cell.itertext()).strip() or "#ERREUR"
            column += min(int(cell.get(f"{_TABLE}number-columns-repeated", "1")), MAX_CELLS)
        row += min(int(line.get(f"{_TABLE}number-rows-repeated", "1")), MAX_CELLS)
    return out
