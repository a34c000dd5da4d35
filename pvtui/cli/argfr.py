"""argparse in French: its own strings (usage, help, errors) for the `pvtui` command.

argparse looks its strings up through gettext when it uses them (the module
globals `argparse._` and `argparse.ngettext`). `FrenchParser` answers those
look-ups from TABLE while it builds, parses or prints, and only then: the
process's other argparse users keep their English. Python 3.11 and 3.12+
word a few strings differently; TABLE holds both. Sub-parsers are made of
the same class (argparse's `parser_class` default), so every subcommand,
whoever adds it, speaks French. Errors still exit 2 with the message on
stderr, as argparse does.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import re
import textwrap

from pvtui.domain.fmt import NBSP, glue

TABLE = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",  # Python < 3.10
    "subcommands": "sous-commandes",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s : avertissement : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur « %s » ignorée (cette option n'en prend pas)",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut être %(matches)s",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "une valeur au plus attendue",
    "expected at least one argument": "une valeur au moins attendue",
    "invalid %(type)s value: %(value)r": "« %(value)s » : valeur impossible (%(type)s attendu)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "commande inconnue : « %(parser_name)s » (au choix : %(choices)s)",
}
PLURALS = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
    "conflicting option string: %s": ("option en double : %s", "options en double : %s"),
}


def _gettext(message: str) -> str:
    return TABLE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    french = PLURALS.get(singular)
    if french is None:
        return singular if n == 1 else plural
    return french[0] if abs(n) < 2 else french[1]


@contextlib.contextmanager
def french():
    """argparse's look-ups answered in French for the time of the block (nests)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _in_french(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with french():
            return method(*args, **kwargs)
    return wrapper


_TERM = re.compile(r"^(\s*\S+\s{2,})")  # "  synthese     " in a list of terms and their meanings


class FrenchFormatter(argparse.HelpFormatter):
    """French section headings ("options :"), lines that never break before ":", descriptions that keep their lines.

    argparse wraps at ASCII spaces only, so the NBSPs of `glue` hold; they
    are printed as spaces. A description line that starts with a term
    followed by two spaces (the list of kinds) wraps under its meaning.
    """

    def start_section(self, heading):
        super().start_section(heading + NBSP if heading else heading)

    def _split_lines(self, text, width):
        return super()._split_lines(glue(text), width)

    def _fill_text(self, text, width, indent):
        lines = []
        for line in glue(text).splitlines():
            term = _TERM.match(line)
            hang = " " * (len(term.group(1)) if term else len(line) - len(line.lstrip()))
            lines += textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent + hang,
                                   break_on_hyphens=False) or [""]
        return "\n".join(lines)

    def format_help(self):
        return super().format_help().replace(NBSP, " ")


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose every word is French (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", FrenchFormatter)
        with french():
            super().__init__(*args, **kwargs)

    parse_args = _in_french(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_french(argparse.ArgumentParser.parse_known_args)
    format_usage = _in_french(argparse.ArgumentParser.format_usage)
    format_help = _in_french(argparse.ArgumentParser.format_help)
    error = _in_french(argparse.ArgumentParser.error)

    def _check_value(self, action, value):
        # Overridden (the one method that is): argparse quotes the choices with
        # repr() in 3.11 and not in 3.12+; here they read as a French list.
        if action.choices is None or value in action.choices:
            return
        choices = [str(choice) for choice in action.choices]
        close = difflib.get_close_matches(str(value), choices, 1)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        raise argparse.ArgumentError(action, f"choix impossible : « {value} » (au choix : {', '.join(choices)}){hint}")


def entier(text: str) -> int:
    """type= for a whole number, with a French message."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre entier") from None


def annee(text: str) -> int:
    """type= for a year, with a French message that shows one."""
    if not re.fullmatch(r"\s*\d{4}\s*", text):
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une année (exemple : 2020)")
    return int(text)
