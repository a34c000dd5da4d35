"""Issue 18: odd values, odd files and odd outputs end in a French message, never a traceback.

Each test here failed on the main branch of 2026-12-02 (acdfd72): it names
what crashed, hung or went wrong, and checks what pvtui does instead.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from dataclasses import replace

import pytest
from conftest import REPO, refuse_reading, run_pvtui

from pvtui.export import Filtres, export
from pvtui.workspace.changes import Delete, Refused, Saved, Update
from pvtui.workspace.workspace import Workspace

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8").removeprefix("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]


# --- CSV formula injection -----------------------------------------------------


def test_csv_cells_and_headers_never_start_like_a_formula(mini):
    """A tab or a carriage return before `=` runs the formula in some spreadsheets; funder
    labels become column titles of the funding tables, which were not escaped at all."""
    mini.edit("referentiel/financeurs.toml", 'libelle = "C.A."', 'libelle = "=HYPERLINK(\\"http://x\\";\\"C.A.\\")"')
    mini.edit("actions/alpha.toml", 'titre = "Atelier alpha"', 'titre = "\\t=1+1"')
    mini.edit("actions/alpha.toml", 'porteur = "Association A"', 'porteur = "\\r=2+2"')
    data = mini.load()
    for kind in ("actions", "financements", "synthese", "rapport"):
        cells = _csv_cells(export(data, kind, Filtres(), "csv"))
        bad = [c for c in cells if c.startswith(FORMULA_START)]
        assert not bad, (kind, bad[:5])
        assert any(c.startswith("'=HYPERLINK") for c in cells), kind
    assert "'\t=1+1" in _csv_cells(export(data, "actions", Filtres(), "csv"))


# --- read-only record -------------------------------------------------------------


def test_a_read_only_record_is_not_replaced_by_a_save_nor_deleted(mini):
    """0444 said "do not change this file"; a save replaced it anyway (a rename ignores modes)."""
    path = mini.path("actions/alpha.toml")
    before = path.read_bytes()
    os.chmod(path, 0o444)
    ws = Workspace(mini.root, cache=False)
    data = ws.load()
    alpha = data.action("alpha")
    result = ws.apply(Update("actions", alpha, data.version("actions", "alpha"), replace(alpha, titre="Changé")))
    assert isinstance(result, Refused), result
    assert "actions/alpha.toml est en lecture seule" in result.message
    assert "rien n'a été enregistré" in result.message
    result = ws.apply(Delete("actions", alpha, data.version("actions", "alpha")))
    assert isinstance(result, Refused), result
    assert "lecture seule" in result.message
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444
    os.chmod(path, 0o644)  # made writable again, the same save goes through
    assert isinstance(ws.apply(Update("actions", alpha, data.version("actions", "alpha"),
                                      replace(alpha, titre="Changé"))), Saved)


# --- numbers TOML cannot hold -------------------------------------------------------


@pytest.mark.parametrize("number", [str(10**400), str(-10**400), str(2**63), "0x" + "f" * 17, "1_" + "0" * 30],
                         ids=["10**400", "-10**400", "2**63", "hex", "underscores"])
def test_an_integer_beyond_64_bits_is_a_located_error_not_a_crash(mini, number):
    """10**400 loaded as a Python int, then float() raised OverflowError in check and in every export."""
    mini.edit("actions/alpha.toml", "cout_total = 10000", f"cout_total = {number}")
    line = mini.line_of("actions/alpha.toml", "cout_total")
    data = mini.load()
    assert data.action("alpha") is None
    assert [(p.line, p.message) for p in data.problems if p.path == "actions/alpha.toml"] == [
        (line, "TOML invalide : « cout_total » est un entier de plus de 64 bits (au-delà de ±9 223 372 036 854 775 807) :"
               " corrigez la saisie")]
    done = run_pvtui("check", str(mini.root))
    assert "Traceback" not in done.stderr and done.returncode == 1
    assert f"actions/alpha.toml:{line}: erreur: TOML invalide" in done.stdout
    for fmt in ("text", "csv", "json"):
        export(data, "rapport", Filtres(), fmt)


def test_the_largest_64_bit_integer_still_loads(mini):
    mini.edit("actions/alpha.toml", "cout_total = 10000", f"cout_total = {2**63 - 1}")
    assert mini.load().action("alpha").cout_total == 2**63 - 1


def test_long_digit_runs_in_text_are_not_numbers(mini):
    mini.edit("actions/alpha.toml", 'indicateurs = "15 enfants accueillis."', f'indicateurs = "{"9" * 500}"')
    assert mini.load().action("alpha").indicateurs == "9" * 500


# --- a key nested too deep to be saved ------------------------------------------------


def test_a_key_nested_over_100_levels_loads_and_its_save_is_a_clear_refusal(mini):
    """tomlkit cannot parse it (nested more than 100 levels): its ParseError escaped `apply`."""
    deep = "x" + "".join(f".k{i}" for i in range(120)) + " = 1\n"
    mini.write("actions/alpha.toml", mini.read("actions/alpha.toml").replace("[financements]", deep + "\n[financements]"))
    line = mini.line_of("actions/alpha.toml", "x.k0")
    before = mini.path("actions/alpha.toml").read_bytes()
    ws = Workspace(mini.root, cache=False)
    data = ws.load()
    alpha = data.action("alpha")
    assert alpha is not None
    result = ws.apply(Update("actions", alpha, data.version("actions", "alpha"), replace(alpha, titre="Changé")))
    assert isinstance(result, Refused), result
    assert result.message == (f"actions/alpha.toml : ce fichier ne peut pas être réécrit (ligne {line} : clé imbriquée"
                              " sur plus de 100 niveaux) : rien n'a été enregistré ; corrigez-le dans un éditeur")
    assert mini.path("actions/alpha.toml").read_bytes() == before


# --- a loop of symbolic links ----------------------------------------------------------


def test_a_loop_of_links_is_a_located_error_in_check_export_and_load(mini):
    """pathlib's resolve() raised RuntimeError("Symlink loop") out of check, every export and the TUI's load."""
    os.symlink("boucle-b.toml", mini.path("actions/boucle-a.toml"))
    os.symlink("boucle-a.toml", mini.path("actions/boucle-b.toml"))
    data = mini.load()
    assert len(data.actions) == len(mini.store(cache=False).load().actions)
    assert [(p.path, p.message) for p in data.problems if "boucle" in p.path] == [
        (f"actions/boucle-{x}.toml", "boucle de liens symboliques (le lien mène à lui-même) : ignoré") for x in "ab"]
    done = run_pvtui("check", str(mini.root))
    assert "Traceback" not in done.stderr and done.returncode == 1
    assert "actions/boucle-a.toml:1: erreur: boucle de liens symboliques" in done.stdout
    done = run_pvtui("export", "rapport", str(mini.root))
    assert "Traceback" not in done.stderr and done.returncode == 3


# --- a file left out of an export ---------------------------------------------------------


def test_an_export_missing_a_file_says_so_on_stderr_and_exits_3(mini):
    """A TOML syntax error left the action out of every total with status 0 and nothing on stderr."""
    full = run_pvtui("export", "rapport", str(mini.root))
    assert (full.returncode, full.stderr) == (0, "")
    mini.write("actions/alpha.toml", mini.read("actions/alpha.toml").replace('titre = "Atelier alpha"', 'titre = "Atelier alpha'))
    line = mini.line_of("actions/alpha.toml", "titre")
    for _ in range(2):  # the second time from the kept results
        done = run_pvtui("export", "rapport", str(mini.root))
        assert done.returncode == 3 and done.stdout and "Traceback" not in done.stderr
        assert done.stderr.splitlines() == [
            f"pvtui export : actions/alpha.toml:{line}:23: erreur: TOML invalide : Illegal character '\\n'"
            " ; ce fichier manque à l'export et à ses totaux"]


# --- a full disk, a closed stdout or stdin ------------------------------------------------------

CLOSED_STDOUT = ("sh", "-c", 'exec "$@" >&-', "sh")
CLOSED_STDIN = ("sh", "-c", 'exec "$@" <&-', "sh")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [("check", "ROOT"), ("export", "rapport", "ROOT"),
                                  ("export", "actions", "ROOT", "--format", "csv")])
def test_stdout_on_a_full_disk_is_one_french_line(mini, args):
    """`> /dev/full` printed a traceback (at exit, when Python flushed what it still held)."""
    mini.write("actions/alpha.toml", mini.read("actions/alpha.toml") + "\nnimporte = [\n")  # something for check to say
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "pvtui", *[str(mini.root) if a == "ROOT" else a for a in args]], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=60, cwd=REPO, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == ("pvtui : écriture sur la sortie standard impossible (disque plein) :"
                                           " la sortie est incomplète")
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr


@pytest.mark.parametrize("args", [("check",), ("export", "rapport")])
def test_a_closed_stdout_is_one_french_line(mini, args):
    done = run_pvtui(*args, str(mini.root), prefix=CLOSED_STDOUT)
    assert (done.returncode, done.stderr) == (2, "pvtui : la sortie standard est fermée : rien n'a pu être écrit\n")


def test_the_tui_without_a_terminal_says_so(mini):
    """A closed stdin made Textual raise AttributeError ('NoneType' object has no attribute 'fileno')."""
    done = run_pvtui(str(mini.root), prefix=CLOSED_STDIN)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("pvtui : l'interface a besoin d'un terminal")


# --- thousands of unknown funder codes in one file ------------------------------------------------


def test_2000_unknown_funders_in_one_file_cost_linear_work(mini, monkeypatch):
    """`export rapport` ran over 300 s: each funder's amounts rebuilt every action's whole dict of funders.

    Counted, not timed: the funder entries read through `Action.financement` stay linear in the codes.
    """
    from pvtui.domain import model

    codes = 2000
    mini.edit("actions/alpha.toml", "[financements]\n", "[financements]\n" + "".join(f"inconnu{i} = 10\n" for i in range(codes)))
    data = mini.load()
    assert sum(p.message.startswith("financeur inconnu") for p in mini.check()) == codes
    read = [0]
    plain = model.Action.financement

    def counted(action):
        read[0] += len(action.financements)
        return plain.fget(action)
    monkeypatch.setattr(model.Action, "financement", property(counted))
    for kind in ("rapport", "financements", "synthese", "actions", "evolution", "beneficiaires", "objectifs"):
        for fmt in ("text", "csv", "json"):
            read[0] = 0
            export(data, kind, Filtres(), fmt)
            assert read[0] <= 10 * codes, (kind, fmt, read[0])  # it was 4 022 028 for `actions`, 32 million for `rapport`


def test_an_unreadable_file_is_named_on_stderr_by_export_and_exits_3(mini, capsys, monkeypatch):
    """chmod 000 on one action (mocked: root reads anyway); the export is written without it, and says so."""
    from pvtui import cli

    refuse_reading(monkeypatch, "alpha.toml")
    assert cli.main(["export", "rapport", str(mini.root)]) == 3
    out, err = capsys.readouterr()
    assert out and err.splitlines() == ["pvtui export : actions/alpha.toml:1: erreur: fichier illisible (permission refusée)"
                                        " ; ce fichier manque à l'export et à ses totaux"]


# --- a file name that is not UTF-8 ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rapport", "actions", "synthese", "financements"])
def test_a_file_name_that_is_not_utf8_does_not_stop_a_json_export(mini, kind):
    """json.dumps gave the surrogate through, and .encode("utf-8") raised UnicodeEncodeError."""
    import json

    name = os.fsdecode(b"caf\xe9.toml")
    mini.write(f"actions/{name}", mini.read("actions/alpha.toml").replace('id = "alpha"', 'id = "cafe"'))
    done = subprocess.run([sys.executable, "-m", "pvtui", "export", kind, str(mini.root), "--format", "json"],
                          capture_output=True, timeout=60, cwd=REPO)
    assert b"Traceback" not in done.stderr and done.returncode in (0, 3), done.stderr[-300:]
    json.loads(done.stdout)
