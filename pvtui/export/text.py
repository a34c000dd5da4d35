"""The text writer: plain UTF-8 that reads well pasted into an e-mail.

No line is longer than `WIDTH` characters: prose is wrapped, a table's text
columns are wrapped, and a table still too wide is split into several
tables that repeat its first column. Numbers are written the French way by
`fmt`; a number, "« … »" or " :" is never broken across two lines.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Iterable

from pvtui.domain import fmt
from pvtui.export.clean import clean, one_line
from pvtui.export.doc import (EUROS, INT, NUMERIC, PCT, PRINTED_PCT, SHARE, VALUE, Bars, Block, Column,
                              Fields, Heading, Para, Table)

WIDTH = 72
GAP = "  "
NBSP = fmt.NBSP
glue = fmt.glue  # the French line-break rule lives in fmt; prose and this module wrap with it
UNDERLINE = {1: "=", 2: "-"}

# Where prose must not break: inside "12 345 €", after "«", before "»", ":", "%".
# (The pattern starts with its space: the engine then jumps from space to space.)


_MAYBE_WIDE = re.compile("[\u1100-\U0010ffff]")
"""Wide characters all lie above U+1100: French text rarely needs a look-up."""


@functools.lru_cache(maxsize=4096)
def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def cwidth(text: str) -> int:
    """Columns a monospace font gives `text` (wide East Asian characters take two)."""
    if text.isascii() or not _MAYBE_WIDE.search(text):
        return len(text)
    return len(text) + sum(1 for c in _MAYBE_WIDE.findall(text) if _wide(c))


def _cut(word: str, room: int) -> tuple[str, str]:
    """The longest head of `word` that fits in `room` columns (at least one character)."""
    used = 0
    for i, char in enumerate(word):
        used += cwidth(char)
        if used > room:
            return (word[:i], word[i:]) if i else (word[:1], word[1:])
    return word, ""


def _measure(text: str):
    """`len` when no character of `text` is wide (nearly always), else `cwidth`."""
    if text.isascii() or not any(_wide(c) for c in _MAYBE_WIDE.findall(text)):
        return len
    return cwidth


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy wrap at plain spaces (NBSP glues); words longer than a line are cut."""
    measure = _measure(text + first + rest)
    if measure(first) + measure(text) <= width and "  " not in text and text.strip(" ") == text:
        return [first + text]  # fits as it is: most table cells
    lines: list[str] = []
    line, used, empty = first, measure(first), True
    for word in text.split(" "):
        if not word:
            continue
        size = measure(word)
        if not empty and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if not empty:
            lines.append(line)
            line, used = rest, measure(rest)
        while used + size > width and word:
            head, word = _cut(word, max(1, width - used))
            if word:
                lines.append(line + head)
                line, used = rest, measure(rest)
                size = measure(word)
            else:
                word = head
                break
        line, used, empty = line + word, used + size, False
    if not empty or not lines:
        lines.append(line)
    return lines


# --- cells -------------------------------------------------------------------


def pct(ratio: float | None) -> str:
    """0.115 -> "11,5 %"; "—" when there is no ratio."""
    return fmt.percent(ratio, 1) if ratio is not None else "—"


def cell(value: Any, kind: str) -> str:
    """A value as the text shows it."""
    if kind == VALUE:
        value, kind = value
    if value is None:
        return "—"
    if isinstance(value, str):
        return one_line(value)
    if kind == EUROS:
        return fmt.euros(value)
    if kind == PCT:
        return pct(value)
    if kind == SHARE:
        amount, ratio = value
        return f"{fmt.euros(amount)} ({pct(ratio)})" if ratio is not None else fmt.euros(amount)
    if kind == PRINTED_PCT:
        return f"{fmt.number(value, 0 if float(value).is_integer() else 1)} %"
    if kind == INT and isinstance(value, (int, float)):
        return fmt.number(value, 0 if float(value).is_integer() else 1)
    return one_line(str(value))


# --- blocks ------------------------------------------------------------------


def heading(text: str, level: int) -> list[str]:
    lines = wrap(glue(one_line(text)), WIDTH)
    mark = UNDERLINE.get(level)
    if mark:
        lines.append(mark * max(cwidth(line) for line in lines))
    return lines


_NUMBER = re.compile(r"^[-+]?[\d .,\u00a0]*\d(?:\s?[%€])?$")


def _pipe_table(lines: list[str]) -> list[str]:
    """Lines "a | b | c" (tables the fiches keep in their text) as an aligned table."""
    rows = [[c.strip() for c in line.strip().split("|")] for line in lines]
    size = max(len(r) for r in rows)
    rows = [r + [""] * (size - len(r)) for r in rows]
    head, body = rows[0], rows[1:] or [[""] * size]
    kinds = [INT if i and all(_NUMBER.match(r[i]) or not r[i] for r in body) else "text" for i in range(size)]
    return table(Table("", tuple(Column(h, k) for h, k in zip(head, kinds)), tuple(map(tuple, body))))


def _is_pipe_row(line: str) -> bool:
    return " | " in line or line.startswith("| ")


def para(text: str, indent: int = 0) -> list[str]:
    out: list[str] = []
    pad = " " * indent
    lines = clean(text).split("\n")
    i = 0
    while i < len(lines):
        raw = lines[i]
        i += 1
        if _is_pipe_row(raw.strip()):
            j = i
            # A caption line between rows ("2019 en %") stays inside the table.
            while j < len(lines) and (_is_pipe_row(lines[j].strip()) or (
                    lines[j].strip() and j + 1 < len(lines) and _is_pipe_row(lines[j + 1].strip()))):
                j += 1
            if j > i:  # at least two rows: a table
                if out and out[-1]:
                    out.append("")
                out += _pipe_table([raw] + lines[i:j])
                out.append("")
                i = j
                continue
        line = " ".join(raw.split(" ")).strip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        bullet = re.match(r"^([-•▣■*]|\d+[.)])\s+", line)
        if bullet:
            mark = "-" if bullet.group(1) in "-•▣■*" else bullet.group(1)
            body = line[bullet.end():]
            out += wrap(glue(body), WIDTH, f"{pad}{mark} ", pad + " " * (len(mark) + 1))
        else:
            out += wrap(glue(line), WIDTH, pad, pad)
    while out and not out[-1]:
        out.pop()
    return out


def fields(block: Fields) -> list[str]:
    out = heading(block.title, 3) if block.title else []
    labels = [one_line(label) for label, _, _ in block.items]
    size = max(map(cwidth, labels))
    aligned = size <= 30
    for label, (_, value, kind) in zip(labels, block.items):
        text = cell(value, kind)
        if aligned:
            first = label + " " * (size - cwidth(label)) + " : "
            out += wrap(glue(text), WIDTH, first, " " * (size + 3))
        else:
            out += wrap(glue(text), WIDTH, f"{label} : ", "    ")
    return out


def _header_width(name: str) -> tuple[int, int]:
    words = [cwidth(w) for w in name.split()] or [0]
    return cwidth(name), max(words)


def _layout(columns: list[Column], body: list[list[str]], indent_first: int) -> tuple[list[int], ...]:
    """Natural, smallest and header widths of each column.

    A number column is as wide as its widest cell or the longest word of
    its header; it grows to hold the header on one line when there is room.
    """
    natural, smallest, whole = [], [], []
    for i, column in enumerate(columns):
        measure = _measure("".join(row[i] for row in body))
        cells = [measure(row[i]) for row in body] or [0]
        widest = max(cells) + (indent_first if i == 0 else 0)
        full, word = _header_width(one_line(column.name))
        whole.append(max(widest, full))
        if column.kind in NUMERIC:
            natural.append(max(widest, word))
            smallest.append(max(widest, word))
        else:
            words = max((measure(w) for row in body for w in row[i].split(" ")), default=0)
            natural.append(max(widest, word, min(full, 12)))
            smallest.append(max(word, min(widest, max(12, min(words, 20)))))
    return natural, smallest, whole


def _fit(columns: list[Column], natural: list[int], smallest: list[int], whole: list[int]) -> list[int]:
    widths = list(natural)
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - WIDTH
    while excess > 0:
        # Shrink the widest text column first: numbers are never wrapped.
        room = [(widths[i] - smallest[i], widths[i], i) for i in range(len(widths))
                if columns[i].kind not in NUMERIC and widths[i] > smallest[i]]
        if not room:
            break
        _, _, i = max(room)
        step = min(excess, widths[i] - smallest[i], max(1, (widths[i] - smallest[i]) // 2))
        widths[i] -= step
        excess -= step
    # Spare room goes to number headers that had to wrap, a column at a time.
    wanting = [i for i in range(len(widths)) if columns[i].kind in NUMERIC and whole[i] > widths[i]]
    while excess < 0 and wanting:
        for i in list(wanting):
            if excess < 0:
                widths[i] += 1
                excess += 1
            if widths[i] >= whole[i]:
                wanting.remove(i)
    return widths


def _cell_lines(text: str, width: int, numeric: bool, indent: int = 0) -> list[str]:
    if numeric:
        return [" " * (width - cwidth(text)) + text]
    pad = " " * indent
    return [line + " " * (width - cwidth(line)) for line in wrap(glue(text), width, pad, pad + "  ")]


def _row(cells: list[str], columns: list[Column], widths: list[int], indent: int = 0) -> list[str]:
    parts = [_cell_lines(c, w, col.kind in NUMERIC, indent if i == 0 else 0)
             for i, (c, col, w) in enumerate(zip(cells, columns, widths))]
    height = max(len(p) for p in parts)
    lines = []
    for n in range(height):
        lines.append(GAP.join(p[n] if n < len(p) else " " * w for p, w in zip(parts, widths)).rstrip())
    return lines


def _header(columns: list[Column], widths: list[int]) -> list[str]:
    parts = []
    for column, width in zip(columns, widths):
        lines = wrap(glue(one_line(column.name)), width)
        if column.kind in NUMERIC:
            lines = [" " * (width - cwidth(line)) + line for line in lines]
        else:
            lines = [line + " " * (width - cwidth(line)) for line in lines]
        parts.append(lines)
    height = max(len(p) for p in parts)
    parts = [[" " * w] * (height - len(p)) + p for p, w in zip(parts, widths)]  # bottom-aligned
    out = [GAP.join(p[n] for p in parts).rstrip() for n in range(height)]
    out.append(GAP.join("-" * w for w in widths))
    return out


def table(block: Table) -> list[str]:
    columns = list(block.columns)
    groups: list[str | None] = [None] * len(block.rows)
    rows = [list(r) for r in block.rows]
    if block.group:
        groups = [one_line(str(r[0])) if r[0] is not None else "" for r in rows]
        columns, rows = columns[1:], [r[1:] for r in rows]
    body = [[cell(v, c.kind) for v, c in zip(r, columns)] for r in rows]
    footer = [list(_footer_row(f) if block.group else f) for f in block.footer]
    # An empty total cell stays blank ("—" would read as a missing figure).
    foot = [["" if v is None else cell(v, c.kind) for v, c in zip(r, columns)] for r in footer]
    _align_shares(columns, rows + footer, body + foot)
    indent = 2 if block.group else 0
    natural, smallest, whole = _layout(columns, body + foot, indent)
    parts = _split(columns, natural, smallest)
    out: list[str] = []
    for n, keep in enumerate(parts):
        if out:
            out.append("")
        title = block.title if n == 0 else f"{block.title} (suite)"
        if title:
            out += heading(title, 3)
        cs = [columns[i] for i in keep]
        ws = _fit(cs, [natural[i] for i in keep], [smallest[i] for i in keep], [whole[i] for i in keep])
        out += _header(cs, ws)
        previous = None
        for group, cells in zip(groups, body):
            if block.group and group != previous:
                if previous is not None:
                    out.append("")
                out += wrap(glue(group), WIDTH) if group else []
                previous = group
            out += _row([cells[i] for i in keep], cs, ws, indent)
        if foot:
            out.append(GAP.join("-" * w for w in ws))
            for cells in foot:
                out += _row([cells[i] for i in keep], cs, ws)
    return out


def _align_shares(columns: list[Column], rows: list[list[Any]], body: list[list[str]]) -> None:
    """"5 000 € (11,5 %)" over " 4 000 €  (9,2 %)": amounts and shares each aligned."""
    for i, column in enumerate(columns):
        if column.kind != SHARE:
            continue
        pairs = [(fmt.euros(r[i][0]), f"({pct(r[i][1])})") if r[i] is not None and r[i][1] is not None
                 else None for r in rows]
        wa = max((cwidth(p[0]) for p in pairs if p), default=0)
        wp = max((cwidth(p[1]) for p in pairs if p), default=0)
        for line, pair in zip(body, pairs):
            if pair:
                line[i] = " " * (wa - cwidth(pair[0])) + pair[0] + " " + " " * (wp - cwidth(pair[1])) + pair[1]


def _footer_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A total row of a grouped table: its label ("Total", in the group column) goes first."""
    label = row[0] if row[1] is None else f"{row[0]} ({row[1]})"
    return (label, *row[2:])


def _split(columns: list[Column], natural: list[int], smallest: list[int]) -> list[list[int]]:
    """Column indexes of each part: one part if the table fits, else the first column repeated."""
    total = sum(smallest) + len(GAP) * (len(smallest) - 1)
    if total <= WIDTH or len(columns) < 3:
        return [list(range(len(columns)))]
    key = max(smallest[0], min(natural[0], 28))
    parts: list[list[int]] = [[0]]
    used = key
    for i in range(1, len(columns)):
        need = len(GAP) + natural[i]
        if used + need > WIDTH and len(parts[-1]) > 1:
            parts.append([0])
            used = key
        parts[-1].append(i)
        used += need
    return parts


# --- document ----------------------------------------------------------------


def header_lines(parts: list[str]) -> list[str]:
    """The header line, wrapped between its parts rather than inside them."""
    glued = [glue(one_line(p)) if cwidth(p) > 44 else one_line(p).replace(" ", NBSP) for p in parts]
    return wrap(f"{NBSP}— ".join(glued), WIDTH)


def render(header: list[str], blocks: Iterable[Block]) -> bytes:
    """The whole text: the header line, then every block, a blank line apart."""
    out = header_lines(header) + _lines(list(blocks))
    text = "\n".join(line.rstrip() for line in _guard(out)) + "\n"
    return text.replace(NBSP, " ").replace("\u202f", " ").encode("utf-8")


EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int) -> str:
    """A bar `fraction` of `width` cells long, to an eighth of a cell: "███▍"."""
    full, eighths = divmod(round(max(0.0, min(1.0, fraction)) * width * 8), 8)
    if not full and not eighths and fraction > 0:
        eighths = 1  # a small amount still shows
    return "█" * full + (EIGHTHS[eighths] if eighths else "")


def bars(block: Bars, width: int = WIDTH) -> list[str]:
    """The chart as lines of at most `width` cells: label, bar, amount, share."""
    rows = [(one_line(label), value) for label, value in block.rows if value]
    if not rows:
        return []
    whole = block.whole if block.whole else sum(value for _, value in rows)
    top = max(value for _, value in rows)
    amounts = [fmt.euros(value) for _, value in rows]
    shares = [pct(value / whole) if whole and block.shares else "" for _, value in rows]
    label_width = min(max(cwidth(label) for label, _ in rows), max(8, width // 3))
    figures = max(map(len, amounts)) + (1 + max(map(len, shares)) if block.shares else 0)
    room = max(4, width - 2 - label_width - 1 - 1 - figures)
    out = []
    for (label, value), amount, share in zip(rows, amounts, shares):
        if cwidth(label) > label_width:
            label = _cut(label, label_width - 1)[0] + "…"
        figure = f"{amount:>{max(map(len, amounts))}}" + (f" {share:>{max(map(len, shares))}}" if block.shares else "")
        out.append(f"  {label}{' ' * (label_width - cwidth(label))} {bar(value / top, room):<{room}} {figure}")
    return out


def _lines(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines = heading(block.text, block.level)
            if block.level == 1:
                out.append("")
        elif isinstance(block, Para):
            lines = para(block.text, block.indent)
        elif isinstance(block, Fields):
            lines = fields(block)
        elif isinstance(block, Bars):
            lines = heading(block.title, 3) + bars(block) + (para(block.note) if block.note else [])
        else:
            lines = table(block)
        if lines:
            out.append("")
            out += lines
    return out


def _guard(lines: list[str]) -> Iterable[str]:
    """The promise of `WIDTH`, kept even if a layout above got it wrong."""
    for line in lines:
        while cwidth(line) > WIDTH:
            head, line = _cut(line, WIDTH)
            yield head
        yield line
