"""The `pvtui` command: its arguments read (args.py), one command run (records.py, sites.py),
and whatever happens (Ctrl+C, a closed pipe, a full disk) one French line, never a traceback.

`check` and `export` never import Textual: over SSH they must start at once.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys

import pvtui
from pvtui.cli.args import parser
from pvtui.cli.common import DEFAULT_DATA, default_data_dir
from pvtui.cli.records import LIFE_KINDS, cmd_tui
from pvtui.domain.fmt import reason

__all__ = ["DEFAULT_DATA", "LIFE_KINDS", "default_data_dir", "interrupted", "main", "parser", "run"]

SUBCOMMANDS = ("check", "export", "annee", "init", "import", "sync", "git-setup", "merge-driver", "historique",
               "corbeille")


INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl+C


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ours = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if ours:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        return _main(argv)
    finally:
        if ours and signal.getsignal(signal.SIGINT) is _interrupt:  # called in process (tests): put it back
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _main(argv: list[str]) -> int:
    try:
        # `pvtui DATA_DIR` opens the TUI on a folder: only subcommands go to subparsers.
        if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
            args = argparse.Namespace(data_dir=argv[0] if argv else None, func=cmd_tui)
        else:
            args = parser().parse_args(argv)
        if args.func is cmd_tui:
            return cmd_tui(args)
        if sys.stdout is None:  # started with stdout closed (>&-)
            print("pvtui : la sortie standard est fermée : rien n'a pu être écrit", file=sys.stderr)
            return 2
        status = args.func(args)
        sys.stdout.flush()  # here, not at exit: a full disk is told, not a traceback
        return status
    except BrokenPipeError:  # `| head`: the reader had enough
        _drop_stdout()
        return 0
    except KeyboardInterrupt:
        return interrupted()
    except OSError as error:
        if error.filename is not None:  # a file's error that no command expected: still no traceback
            print(f"pvtui : {error.filename} : {reason(error)}", file=sys.stderr)
            return 1
        _drop_stdout()
        print(f"pvtui : écriture sur la sortie standard impossible ({reason(error)}) : la sortie est incomplète",
              file=sys.stderr)
        return 1


def _drop_stdout() -> None:
    """What stdout still buffers goes nowhere: flushed at exit into a full disk, it would print a traceback."""
    with contextlib.suppress(OSError):
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.close(fd)


def _interrupt(signum, frame) -> None:
    """The first Ctrl+C stops the command; those that follow must not break its cleaning up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def interrupted() -> int:
    """Ctrl+C: one line, no traceback; writes are atomic, so nothing is left half written."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not interrupt the goodbye
    if (parallel := sys.modules.get("pvtui.storage.parallel")) is not None:
        parallel.end_all()
    with contextlib.suppress(OSError, ValueError):
        print(pvtui.INTERRUPTED, file=sys.stderr)
    return INTERRUPTED


def run() -> None:
    """The `pvtui` command: `main()`, and after a Ctrl+C an exit that skips the interpreter's finalization.

    Finalization puts back the default SIGINT action: a Ctrl+C landing then
    killed the process by the signal (status -2) after its one line.
    """
    status = main()
    if status == INTERRUPTED:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)
    raise SystemExit(status)
