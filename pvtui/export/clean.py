"""Make record text safe to print: no terminal escape, no control character.

Records are hand-edited files: a pasted title may carry an ANSI colour, a
carriage return or a bidi override. None of it may reach a terminal, a
spreadsheet or an e-mail, so every string an export writes goes through
`clean` first.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?               # CSI: colours, cursor moves
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)   # OSC: titles, hyperlinks
    | \x1b[PX^_][^\x07\x1b\x9c]*(?:\x1b\\|\x9c)   # DCS, SOS, PM, APC strings
    | \x1b[ -/]*[0-~]?                       # two-character escapes
    | \x9b[0-?]*[ -/]*[@-~]?                 # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)  # 8-bit strings
    """,
    re.VERBOSE,
)
# String sequences are removed only with their terminator: an unterminated
# one loses its introducer alone, so that a stray byte cannot eat the text.
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but tab and newline, DEL, line separators, bidi overrides."""
_NEWLINES = re.compile("\r\n?|[\u2028\u2029]")
_STRIP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, tabs: bool = True) -> str:
    """`text` without escape sequences or control characters, in NFC.

    Newlines are kept (CR LF and CR become LF); tabs become a space when
    `tabs` is true (text output), else they are kept (CSV and JSON quote them).
    """
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _BAD.search(text) or (tabs and "\t" in text):
        text = _ESCAPES.sub("", text)
        text = _NEWLINES.sub("\n", text)
        text = _STRIP.sub("", text)
        if tabs:
            text = text.replace("\t", " ")
    return text


def one_line(text: str) -> str:
    """Clean text for a single-line place (a table cell, a title): runs of spaces and newlines become one space."""
    return " ".join(clean(text).split())
