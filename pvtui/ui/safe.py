"""Text from the data, shown and never obeyed: the one rule for every widget.

Records, referentials and file names are typed by many people (or imported
from a spreadsheet): a title may hold an OSC 52 sequence that writes the
clipboard, an OSC 2 that renames the window, a CSI, a C1 control, a bidi
override, or Rich markup such as ``[/]`` (which raises) or ``[@click=…]``
(which runs an action). So:

- every string from the data becomes a renderable through `text` (or
  `content` for Textual's own widgets), never a markup string: its control
  characters are shown as visible symbols (ESC as ␛);
- a code used in a widget id goes through `widget_id`;
- whatever a widget still renders (an Input's value, a TextArea, a toast,
  the palette: widgets we do not own) is caught by `NoControls`, the App's
  last line filter, which shows any control character left the same way
  before a byte is written.
"""

from __future__ import annotations

import hashlib
import re

from rich.segment import Segment
from rich.text import Text
from textual.content import Content
from textual.filter import LineFilter

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 and C1 controls (ESC starts every sequence), DEL, line separators, bidi overrides, lone surrogates."""
_LEFT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""What may never reach the terminal, tab and newline included (a rendered line holds none)."""


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "␡" if code == 0x7F else "�"


def visible(value: str) -> str:
    """Control characters as visible symbols (ESC -> "␛", C1 and bidi -> "�"), one for one.

    Tab and newline are kept (a description has paragraphs); one symbol per
    character keeps the offsets of a search or a cursor right.
    """
    return _CONTROLS.sub(_picture, value) if _CONTROLS.search(value) else value


def text(value: object, style: str = "", **options) -> Text:
    """A value from the data as a Rich Text: shown as typed, never markup, never an escape."""
    return Text(visible(str(value)), style=style, **options)


def content(value: object) -> Content:
    """The same for a Textual Content (the palette's hits, titles)."""
    return Content(visible(str(value)))


def widget_id(name: str) -> str:
    """`name` if it is a valid widget id, else one made from it: a code from the data (a space, a bracket,
    an accent) must not stop a screen. Keep the name itself elsewhere (the widget's `name`)."""
    if re.fullmatch(r"[A-Za-z_-][A-Za-z0-9_-]*", name):
        return name
    return "id-" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class NoControls(LineFilter):
    """The last line of defence: no control character of a rendered line reaches the terminal.

    Applied by the App to every line of every widget, those we do not own
    included (an Input's value, a TextArea, a toast, the palette, a
    Select's options): what is left is shown as by `visible`. A control was
    laid out zero cells wide and its symbol takes one, so the line is cut
    back to its width (its last cells give way, never a neighbour's).
    """

    def apply(self, segments: list[Segment], background) -> list[Segment]:
        if not any(_LEFT.search(segment.text) for segment in segments if not segment.control):
            return segments
        width = Segment.get_line_length(segments)
        shown = [segment if segment.control else Segment(_LEFT.sub(_picture, segment.text), segment.style)
                 for segment in segments]
        return [segment for segment in Segment.adjust_line_length(shown, width) if segment.text or segment.control]
