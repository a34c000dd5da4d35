"""What an export says, before it is written as text, CSV or JSON.

A kind builds a `Section`: blocks for the text (headings, prose, label :
value lines, tables), the tables a spreadsheet gets, and the JSON data.
Cells hold raw values (euros, ratios); each writer formats them its way, so
that the text says "5 000 € (11,5 %)" and the CSV gives 5000 and 11,5.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# Column kinds: how a writer formats a cell.
TEXT = "text"
INT = "int"
EUROS = "euros"
PCT = "pct"
"""A ratio (0.115), written "11,5 %"."""
SHARE = "share"
"""An (amount, ratio) pair, written "5 000 € (11,5 %)"; two columns in CSV."""
PRINTED_PCT = "printed_pct"
"""A percentage as the report prints it (21.3 for "21,3 %"), or "NC"."""
VALUE = "value"
"""A (value, kind) pair: a column whose cells each have their own kind."""
NUMERIC = (INT, EUROS, PCT, SHARE, PRINTED_PCT)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2
    """1: a part of the annual report; 2: a section; 3: a small title."""


@dataclass(frozen=True)
class Para:
    """Prose: lines separated by newlines, "- " lines are bullets."""

    text: str
    indent: int = 0


@dataclass(frozen=True)
class Fields:
    """Label : value lines (a value is formatted by its kind)."""

    title: str
    items: tuple[tuple[str, Any, str], ...]
    """(label, value, column kind)."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    footer: tuple[tuple[Any, ...], ...] = ()
    """Total rows, set apart by a rule in the text."""
    group: bool = False
    """The first column groups the rows: the text writes it once, above its rows."""


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart: one labelled bar an amount, with its share of the whole.

    Drawn with block characters, so that it reads in an e-mail and without
    colours; the numbers are the tables' (a chart adds no figure of its own).
    """

    title: str
    rows: tuple[tuple[str, float], ...]
    note: str = ""
    whole: float | None = None
    """What the shares are of (None: the sum of the bars)."""
    shares: bool = True
    """False where a share of the sum means nothing (years side by side)."""


Block = Union[Heading, Para, Fields, Table, Bars]


@dataclass
class Section:
    """One kind's output: text blocks, spreadsheet tables and JSON data."""

    title: str
    blocks: list[Block]
    data: dict[str, Any]
    tables: list[Table] | None = None
    """The CSV tables, when they are not the tables of the text."""

    def csv_tables(self) -> list[Table]:
        if self.tables is not None:
            return self.tables
        out: list[Table] = []
        for block in self.blocks:
            if isinstance(block, Table):
                out.append(block)
            elif isinstance(block, Fields) and block.items:
                out.append(as_table(block))
        return out


def as_table(block: Fields) -> Table:
    """Label : value lines as a two-column table (for a spreadsheet)."""
    return Table(block.title, (Column("Libellé"), Column("Valeur", VALUE)),
                 tuple((label, (value, kind)) for label, value, kind in block.items))


def cols(*spec: tuple[str, str] | str) -> tuple[Column, ...]:
    """cols("Secteur", ("Coût total", EUROS)) -> columns."""
    return tuple(Column(s) if isinstance(s, str) else Column(*s) for s in spec)


@dataclass
class Blocks:
    """A list of blocks with short helpers, to keep builders readable."""

    items: list[Block] = field(default_factory=list)

    def h(self, text: str, level: int = 2) -> None:
        self.items.append(Heading(text, level))

    def p(self, text: str, indent: int = 0) -> None:
        if text.strip():
            self.items.append(Para(text, indent))

    def fields(self, title: str, *items: tuple[str, Any, str] | None) -> None:
        kept = tuple(i for i in items if i is not None)
        if kept:
            self.items.append(Fields(title, kept))

    def table(self, table: Table) -> None:
        self.items.append(table)

    def bars(self, bars: Bars) -> None:
        if any(value for _, value in bars.rows):
            self.items.append(bars)

    def extend(self, blocks: list[Block]) -> None:
        self.items.extend(blocks)
