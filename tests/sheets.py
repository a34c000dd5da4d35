"""Spreadsheets written by the tests: minimal XLSX and ODS files made by hand (zip + XML).

No writing library: a cell is a number, a text, a date, a `Formula(text,
value)` (the formula and the value the spreadsheet computed and saved, as
Excel and LibreOffice store them; value None: a formula saved without its
value, as files written by scripts are; a value "#DIV/0!": an error) or None; `merged` lists ranges such
as "A1:D1". A date is a date cell (XLSX: a serial number in a date format;
ODS: a date value; CSV: "15/01/2026", as a French spreadsheet saves it).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pvtui.imports.values import column_letter


@dataclass(frozen=True)
class Formula:
    formula: str
    value: float | int | str | None




def write_xlsx(path: Path, rows: list[list], merged: tuple[str, ...] = (), sheet: str = "Programmation",
               before: tuple[tuple[str, list[list]], ...] = ()) -> Path:
    """`before`: (name, rows) of sheets that come first in the workbook (a notice, a synthesis)."""
    books = [*before, (sheet, rows)]
    worksheets = {f"xl/worksheets/sheet{n}.xml": _xlsx_sheet(r, merged if n == len(books) else ())
                  for n, (_, r) in enumerate(books, start=1)}
    sheets = "".join(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
                     for n, (name, _) in enumerate(books, start=1))
    rels = "".join(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(books) + 1))
    overrides = "".join(f'<Override PartName="/{part}" '
                        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                        for part in worksheets)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'{overrides}'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets>{sheets}</sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{rels}<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>'),
        **worksheets,
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
            '</styleSheet>'),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def _xlsx_sheet(rows: list[list], merged: tuple[str, ...]) -> str:
    cells_xml = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column_letter(c)}{r}"
            if value is None:
                continue
            if isinstance(value, Formula):
                inner = f"<f>{escape(value.formula.lstrip('='))}</f>"
                if value.value is None:
                    cells.append(f'<c r="{ref}">{inner}</c>')
                elif isinstance(value.value, str) and value.value.startswith("#"):  # an error: #DIV/0!
                    cells.append(f'<c r="{ref}" t="e">{inner}<v>{escape(value.value)}</v></c>')
                elif isinstance(value.value, str):
                    cells.append(f'<c r="{ref}" t="str">{inner}<v>{escape(value.value)}</v></c>')
                else:
                    cells.append(f'<c r="{ref}">{inner}<v>{value.value}</v></c>')
            elif isinstance(value, dt.date):  # days since 1899-12-30, in the style of date format 14
                cells.append(f'<c r="{ref}" s="1"><v>{(value - dt.date(1899, 12, 30)).days}</v></c>')
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    merge = ""
    if merged:
        merge = f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged) + "</mergeCells>"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(cells_xml)}</sheetData>{merge}</worksheet>')


def write_ods(path: Path, rows: list[list], merged: tuple[str, ...] = (), sheet: str = "Programmation",
              before: tuple[tuple[str, list[list]], ...] = ()) -> Path:
    """`before`: (name, rows) of sheets that come first in the workbook (a notice, a synthesis)."""
    tables = "".join(f"<table:table table:name={quoteattr(name)}>{_ods_rows(r, merged if name == sheet else ())}"
                     "</table:table>" for name, r in [*before, (sheet, rows)])
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _ods_rows(rows: list[list], merged: tuple[str, ...]) -> str:
    spans = {}
    for ref in merged:  # "A1:D1" -> the first cell spans the columns
        start, end = ref.split(":")
        col = lambda r: sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed("".join(c for c in r if c.isalpha()))))  # noqa: E731
        row = int("".join(c for c in start if c.isdigit()))
        spans[(row, col(start) - 1)] = col(end) - col(start) + 1
    table_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            span = spans.get((r, c))
            attrs = f' table:number-columns-spanned="{span}"' if span else ""
            if value is None:
                cells.append(f"<table:table-cell{attrs}/>")
                continue
            formula = ""
            if isinstance(value, Formula):
                formula = f" table:formula={quoteattr('of:' + value.formula)}"
                value = value.value
                if value is None:
                    cells.append(f"<table:table-cell{attrs}{formula}/>")
                    continue
                if isinstance(value, str) and value.startswith("#"):  # an error, as LibreOffice saves it
                    cells.append(f'<table:table-cell{attrs}{formula} office:value-type="float" office:value="0" '
                                 f'calcext:value-type="error"><text:p>{escape(value)}</text:p></table:table-cell>')
                    continue
            if isinstance(value, dt.date):
                cells.append(f'<table:table-cell{attrs}{formula} office:value-type="date" '
                             f'office:date-value="{value.isoformat()}"><text:p>{value:%d/%m/%Y}</text:p>'
                             "</table:table-cell>")
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(f'<table:table-cell{attrs}{formula} office:value-type="float" office:value="{value}">'
                             f"<text:p>{value}</text:p></table:table-cell>")
            else:
                cells.append(f'<table:table-cell{attrs}{formula} office:value-type="string">'
                             f"<text:p>{escape(str(value))}</text:p></table:table-cell>")
        table_rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    return "".join(table_rows)


def write_csv(path: Path, rows: list[list], delimiter: str = ";", encoding: str = "utf-8-sig") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        # A spreadsheet saves a formula's computed value in a CSV file.
        writer.writerow(["" if v is None else _csv_value(v) for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _csv_value(value):
    if isinstance(value, Formula):  # a spreadsheet saves the value; with none, the formula's text
        return value.formula if value.value is None else value.value
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return value
