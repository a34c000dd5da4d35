"""`pvtui --help`, every subcommand's help and every argument error read as French.

argparse's own strings ("usage:", "options:", "invalid choice") go through
pvtui.cli.argfr; errors exit 2 with one French message on stderr.
"""

from __future__ import annotations

import argparse
import re

import pytest

from pvtui.cli.argfr import FrenchParser
from pvtui.cli import LIFE_KINDS, main, parser
from pvtui.export import KINDS

ENGLISH = re.compile(r"usage:|positional arguments|optional arguments|show this help|error:|invalid choice"
                     r"|choose from|the following arguments|unrecognized|expected|invalid \w+ value|subcommands")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit.value.code, out, err


def _every_parser(root: argparse.ArgumentParser, prefix=()):
    yield prefix, root
    for action in root._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _every_parser(sub, prefix + (name,))


def test_every_help_is_french(capsys):
    helps = list(_every_parser(parser()))
    assert len(helps) >= 6  # pvtui, check, export, annee, annee nouvelle, init, import (and others' new ones)
    for words, _ in helps:
        status, out, err = _run(capsys, *words, "--help")
        assert status == 0 and not err, words
        assert out.startswith("utilisation : pvtui"), (words, out[:80])
        assert "options :" in out and "-h, --help" in out and "afficher cette aide et quitter" in out, words
        assert not ENGLISH.search(out), (words, ENGLISH.search(out).group())
        assert not re.search(r"^\s*[:;?!»]", out, re.M), (words, "a line starts with a punctuation mark")


def test_the_export_help_describes_every_kind_on_its_own_line(capsys):
    _, out, _ = _run(capsys, "export", "--help")
    for kind in KINDS + LIFE_KINDS:
        assert re.search(rf"^  {kind}  +\S", out, re.M), kind
    assert max(len(line) for line in out.splitlines()) <= 80


def test_every_argument_and_option_is_described():
    for words, sub in _every_parser(parser()):
        for action in sub._actions:
            assert action.help, (words, action.dest)


@pytest.mark.parametrize("argv, message", [
    (("export", "x"), "pvtui export : erreur : argument TYPE : choix impossible : « x » (au choix : fiche, synthese,"),
    (("export", "synthse"), "vouliez-vous dire « synthese » ?"),
    (("-v",), "pvtui : erreur : arguments non reconnus : -v"),
    (("export", "synthese", "--format", "pdf"), "argument --format : choix impossible : « pdf » (au choix : text, csv, json)"),
    (("import",), "pvtui import : erreur : arguments obligatoires manquants : FICHIER"),
    (("annee",), "pvtui annee : erreur : arguments obligatoires manquants : SOUS-COMMANDE"),
    (("check", "data", "de", "trop"), "pvtui : erreur : arguments non reconnus : de trop"),
    (("export", "synthese", "--annee"), "argument --annee : une valeur attendue"),
    (("export", "synthese", "--annee", "deux"), "argument --annee : « deux » n'est pas une année (exemple : 2020)"),
    (("annee", "nouvelle", "20x0"), "argument ANNÉE : « 20x0 » n'est pas une année (exemple : 2020)"),
    (("annee", "nouvelle", "2020", "--reconduire"), "argument --reconduire : une valeur au moins attendue"),
    (("annee", "nouvelle", "2020", "--reconduire", "a", "--reconduire-tout"),
     "argument --reconduire-tout : incompatible avec l'argument --reconduire"),
])
def test_argument_errors_are_french_on_stderr_with_status_2(capsys, argv, message):
    status, out, err = _run(capsys, *argv)
    assert status == 2 and not out
    assert message in err, err
    assert err.startswith("utilisation : pvtui") and not ENGLISH.search(err), err


def test_the_translation_is_only_while_pvtui_parses(capsys):
    """Another argparse user in the same process keeps its English."""
    _run(capsys, "export", "x")
    other = argparse.ArgumentParser(prog="autre")
    assert other.format_help().startswith("usage: autre")
    assert FrenchParser(prog="p").format_usage().startswith("utilisation : p")
