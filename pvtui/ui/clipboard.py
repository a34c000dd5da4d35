"""Copy text to the clipboard of the terminal the person sits at, even over SSH.

The only way a program on a remote machine can reach the local clipboard is
to ask the terminal itself, with the OSC 52 escape sequence (the text in
base64). Textual's `App.copy_to_clipboard` sends exactly that sequence
(checked against textual 8.2.8; a test holds it to `osc52`). A terminal never
answers OSC 52, so pvtui cannot know whether the copy worked: the message says
so, and points to Enregistrer instead.
"""

from __future__ import annotations

import base64
import os
from typing import TYPE_CHECKING

from pvtui.domain.fmt import number

if TYPE_CHECKING:
    from textual.app import App


def osc52(text: str) -> str:
    """The escape sequence that asks the terminal to put `text` in the clipboard.

    `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL`: "c" is the clipboard
    (not the primary selection), BEL the terminator most terminals accept.
    """
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\a"


def in_tmux(environ: dict[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("TMUX"))


def copy_message(text: str, environ: dict[str, str] | None = None) -> str:
    """What to tell the person after a copy: honest, since the terminal cannot confirm it."""
    message = (
        f"Copié (OSC 52) : {number(len(text))} caractères — si rien n'arrive dans le presse-papiers, "
        "votre terminal ne gère pas OSC 52 : utilisez Enregistrer"
    )
    if in_tmux(environ):
        message += " (dans tmux, il faut aussi `set -g set-clipboard on` dans ~/.tmux.conf)"
    return message


def copy(app: "App", text: str) -> str:
    """Send `text` to the terminal's clipboard through the app's driver; returns the message to show."""
    app.copy_to_clipboard(text)
    return copy_message(text)
