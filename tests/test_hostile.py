"""A data folder full of hostile files: `pvtui check` reports each one and touches nothing.

Truncated TOML, wrong types, invalid UTF-8, infinite and absurd numbers,
huge strings, Rich markup and terminal escape sequences, links and names
meant to escape or to confuse, an unreadable file, a FIFO. The check must
name every bad file with a line, never crash nor hang, print nothing a
terminal would interpret, and leave every file as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
from conftest import DataDir, refuse_reading, run_pvtui

from pvtui import cli
from pvtui.storage.store import Store

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

ALPHA = """titre = "Atelier hostile"
porteur = "Asso"
annee = 2019
secteur = "centre"
cout_total = 100
"""

HOSTILE: dict[str, bytes | str] = {
    "actions/tronque.toml": 'titre = "Atelier tronqué"\nporteur = "Asso"\ndescription = """\nUn texte coupé en pl',
    "actions/types.toml": 'titre = 3\nporteur = ["a"]\nannee = 1.5\nsecteur = "centre"\ncout_total = "mille"\n'
                          'objectifs = "I-A"\nbeneficiaires = 5\n\n[financements]\ncapft = true\n',
    "actions/latin1.toml": 'titre = "Caf\xe9 associatif"\nporteur = "Asso"\n'.encode("latin-1"),
    "actions/infini.toml": ALPHA.replace("cout_total = 100", "cout_total = 1e400\nnombre_beneficiaires = 1e400")
                           + "\n[financements]\ncapft = -inf\netat = nan\n",
    "actions/enorme.toml": ALPHA.replace("cout_total = 100", f"cout_total = {10**30}\nnombre_beneficiaires = {10**30}")
                           + f"\n[financements]\ncapft = {10**30}\n\n[beneficiaires_total]\nhommes = {10**30}\n"
                           f"femmes = {-10**30}\ntotal = 1\n",
    "actions/long.toml": ALPHA.replace('"Atelier hostile"', '"' + "x" * 1_000_000 + '"')
                                  .replace('secteur = "centre"', 'secteur = "' + "centre " * 20_000 + '"'),
    "actions/echappements.toml": ALPHA.replace('secteur = "centre"', 'secteur = "\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m"')
                                 + 'objectifs = ["[bold red]I-A[/]", "I-A\\u0000"]\n',
    "actions/nul.toml": b'titre = "a\x00b"\n',
    "actions/bom.toml": "\ufeff" + ALPHA,
    "actions/profond.toml": "titre = " + "[" * 5000 + "]" * 5000 + "\n",
    "actions/cles.toml": 'titre = "a"\ntitre = "b"\n',
    "actions/codes.toml": ALPHA.replace('secteur = "centre"', 'secteur = "' + "I-" * 40 + '1"')
                          + 'objectifs = ["' + "I-1-" * 30 + 'I"]\n\n[financements]\n"' + "k" * 5000 + '" = -1\n',
    "actions/\x1b[31mrouge.toml": ALPHA,
    "actions/saut\nde-ligne.toml": ALPHA,
    "bailleurs/types.toml": 'nom = "X"\nannee = 2019\nquartiers = "tous"\n',
    "bailleurs/lignes.toml": 'nom = "Y"\nannee = 2019\n[[quartiers]]\nsecteur = 3\nlignes = [1, { realisee = "x" }]\n',
    "programmations/2020.toml": 'annee = 2020\n[enveloppes]\ncapft = "beaucoup"\n[declare]\nsecteurs = 5\n'
                                'financeurs = [1, 2]\n',
    "programmations/2021.toml": 'annee = 2021\n[[declare.secteurs]]\nlibelle = "X"\nsecteurs = [[1], {a = 1}]\n'
                                'cout_total = 5\n[declare.financeurs]\ncapft = 3\n',
}
BAD_NAME = b"actions/nom\xff.toml"
ALL = [*HOSTILE, "actions/lien.toml", "actions/secret.toml", "actions/tube.toml", os.fsdecode(BAD_NAME)]


def _drop_root():
    """A command prefix that makes root obey file permissions (else chmod 000 means nothing)."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv"):
        return ("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-dac_override,-dac_read_search")
    return None


@pytest.fixture
def corpus(mini, tmp_path) -> tuple[DataDir, DataDir]:
    outside = DataDir(tmp_path / "outside")
    outside.write("cible.toml", ALPHA)
    for rel, content in HOSTILE.items():
        mini.write(rel, content)
    os.symlink(outside.path("cible.toml"), mini.path("actions/lien.toml"))
    mini.write("actions/secret.toml", ALPHA)
    os.chmod(mini.path("actions/secret.toml"), 0)
    os.mkfifo(mini.path("actions/tube.toml"))
    with open(os.path.join(os.fsencode(mini.root), BAD_NAME), "wb") as handle:
        handle.write(ALPHA.encode())
    yield mini, outside
    os.chmod(mini.path("actions/secret.toml"), 0o644)


def _assert_clear(lines: list[str]) -> None:
    for line in lines:
        assert not CONTROL.search(line), line
        assert len(line) < 1000, line[:200]
        assert re.match(r"^[^\n]+\.toml:\d+(:\d+)?: (erreur|avertissement): ", line), line


def test_check_reports_every_hostile_file_and_changes_nothing(corpus):
    mini, outside = corpus
    prefix = _drop_root()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod 000 cannot be tested in a subprocess")
    before, before_outside = mini.hash(), outside.hash()
    done = run_pvtui("check", str(mini.root), prefix=prefix, timeout=30)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    _assert_clear(lines)
    reported = {line.split(":", 1)[0] for line in lines}
    for rel in ALL:
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        shown = shown.replace("\x1b", "\\x1b").replace("\n", "\\n")
        assert shown in reported, (rel, sorted(reported))
    assert mini.hash() == before
    assert outside.hash() == before_outside
    assert "[bold red]I-A[/]" in done.stdout  # markup is text, shown as typed
    # And the JSON output is valid JSON naming the same files.
    done = run_pvtui("check", str(mini.root), "--format", "json", prefix=prefix, timeout=30)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    problems = json.loads(done.stdout)
    assert {p["fichier"] for p in problems} >= {r for r in ALL if "\n" not in r and "\x1b" not in r and "\udcff" not in r}
    assert mini.hash() == before


def test_check_in_process_with_an_unreadable_file(corpus, capsys, monkeypatch):
    """The same, in this process; the unreadable file is made so by a mock when root ignores chmod."""
    mini, _ = corpus
    if os.geteuid() == 0:
        refuse_reading(monkeypatch, "secret.toml")
    before = mini.hash()
    assert cli.main(["check", str(mini.root)]) == 1
    out = capsys.readouterr().out
    assert "actions/secret.toml:1: erreur: fichier illisible (permission refusée)" in out.splitlines()
    _assert_clear(out.splitlines())
    assert mini.hash() == before


@pytest.mark.parametrize("rel", sorted(HOSTILE))
def test_each_hostile_file_alone(mini, rel):
    """Each file on its own in a clean folder: reported, with the rest still loading."""
    mini.write(rel, HOSTILE[rel])
    data = Store(mini.root, cache=False).load()
    assert len(data.actions) >= 4 and len(data.bailleurs) >= 2
    from pvtui.domain.check import check

    problems = check(data)
    assert problems, rel
    assert any(p.path == rel for p in problems), [str(p) for p in problems]
    _assert_clear([str(p) for p in problems])


def test_many_bad_values_in_one_file_stay_fast_and_short(mini):
    rows = "".join(f'    {{ age = "{i}", hommes = "x", femmes = "y" }},\n' for i in range(10_000))
    mini.write("actions/lignes.toml", ALPHA + "beneficiaires = [\n" + rows + "]\n")
    import time

    start = time.perf_counter()
    from pvtui.domain.check import check

    problems = [p for p in check(mini.load()) if p.path == "actions/lignes.toml"]
    assert time.perf_counter() - start < 5
    assert len(problems) == 20_000  # hommes and femmes of every row, each on its own line
    assert problems[-1].line == mini.read("actions/lignes.toml").count("\n") - 1
