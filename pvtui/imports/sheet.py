"""A spreadsheet file -> its rows of cells, numbered as the spreadsheet numbers them.

CSV with `;`, `,` or tab between cells, in UTF-8 (with or without BOM),
cp1252 as Excel writes it, or UTF-16 with its BOM (Excel's « Texte
Unicode »); XLSX and ODS through python-calamine (formulas give the value
the spreadsheet computed and saved, a formula saved without one or with an
error is an `Unsaved` cell; merged cells give their value in the first cell).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from pvtui.domain.fmt import reason
from pvtui.imports.formulas import broken_formulas
from pvtui.imports.values import Cell, Unsaved

MAX_BYTES = 200 * 1024 * 1024
"""A spreadsheet of programmation is a few megabytes at most: beyond, it is not one."""


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message names it and says why, in French."""


@dataclass(frozen=True)
class Sheet:
    """The cells of one sheet: `rows[i]` is row `i + 1` of the spreadsheet."""

    path: str
    name: str
    rows: tuple[tuple[Cell, ...], ...]
    encoding: str = ""
    delimiter: str = ""

    @property
    def what(self) -> str:
        """What the file was read as, for the preview's first line."""
        if self.delimiter:
            sep = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}.get(self.delimiter, self.delimiter)
            return f"CSV, {self.encoding}, séparateur {sep}"
        return f"feuille « {self.name} »"


def iter_sheets(path: str | Path) -> Iterator[Sheet]:
    """Each sheet that holds something, in the workbook's order (read one at a time: the importer stops at
    the first with a header row); a CSV file is one sheet. A workbook with nothing gives its first sheet."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SheetError(f"{path} : fichier illisible ({reason(error)})") from None
    if size > MAX_BYTES:
        raise SheetError(f"{path} : fichier trop gros pour un tableur ({size // 1_000_000} Mo)")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        yield from _read_workbook(path)
        return
    if suffix in (".csv", ".tsv", ".txt", ""):
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise SheetError(f"{path} : fichier illisible ({reason(error)})") from None
        yield read_csv(raw, str(path))
        return
    raise SheetError(f"{path} : format inconnu « {path.suffix} » (formats lus : .csv, .xlsx, .ods)")


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding's name: UTF-8 (BOM or not), else cp1252 (Excel)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace"), "UTF-8 avec BOM"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace"), "Windows-1252"


def read_csv(raw: bytes, name: str = "") -> Sheet:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's « Texte Unicode »: UTF-16 with its BOM, tabs
        try:
            text, encoding = raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise SheetError(f"{name} : texte UTF-16 illisible : enregistrez-le en « CSV UTF-8 » ou en XLSX") from None
    elif b"\x00" in raw[:4096]:
        raise SheetError(f"{name} : ce n'est pas un fichier texte (UTF-16 sans BOM ou binaire) : "
                         "enregistrez-le en « CSV UTF-8 » ou en XLSX")
    else:
        text, encoding = decode(raw)
    delimiter = _delimiter(text)
    try:
        rows = tuple(tuple(cell for cell in row) for row in csv.reader(io.StringIO(text, newline=""),
                                                                         delimiter=delimiter))
    except csv.Error as error:
        raise SheetError(f"{name} : CSV illisible ({error})") from None
    return Sheet(name, Path(name).name, rows, encoding, delimiter)


def _delimiter(text: str) -> str:
    """The separator that splits the first lines most often and most evenly."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, score = ";", -1
    for candidate in (";", "\t", ","):
        counts = [len(next(csv.reader([line], delimiter=candidate))) - 1 for line in lines]
        if not counts:
            continue
        most = max(counts)
        # Many columns, on most lines: a header row with the separator in each cell.
        value = most * sum(1 for c in counts if c == most) if most else 0
        if value > score:
            best, score = candidate, value
    return best


def _read_workbook(path: Path) -> Iterator[Sheet]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency of pvtui
        raise SheetError("lecture des fichiers XLSX et ODS impossible : python-calamine n'est pas installé") from None
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
    except Exception as error:  # calamine's own errors: a damaged or password-protected file
        raise SheetError(f"{path} : classeur illisible ({type(error).__name__} : {error})") from None
    if not names:
        raise SheetError(f"{path} : le classeur n'a aucune feuille")
    found = False
    for name in names:  # a workbook often starts with an empty sheet, a notice or a synthesis
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as error:
            raise SheetError(f"{path} : feuille « {name} » illisible ({type(error).__name__} : {error})") from None
        if any(any(c not in (None, "") for c in row) for row in rows):
            found = True
            yield _sheet(path, name, rows)
    if not found:
        yield Sheet(str(path), names[0], ())


def _sheet(path: Path, name: str, rows: list[list]) -> Sheet:
    cells = [[None if c == "" else c for c in row] for row in rows]
    for (r, c), formula in broken_formulas(str(path), name).items():
        if r < len(cells) and c < len(cells[r]):
            cells[r][c] = Unsaved(formula)
    return Sheet(str(path), name, tuple(tuple(row) for row in cells))
