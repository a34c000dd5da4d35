"""`pvtui export` from a shell: stdout or -o, French errors, never Textual."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
import users
from conftest import REPO, run_pvtui


def test_export_to_stdout(mini):
    result = run_pvtui("export", "actions", str(mini.root), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [a["id"] for a in json.loads(result.stdout)["actions"]] == ["alpha", "beta", "gamma", "delta"]


def test_export_to_a_file(mini, tmp_path):
    target = tmp_path / "financements.csv"
    result = run_pvtui("export", "financements", str(mini.root), "--format", "csv", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert target.read_bytes().startswith(b"\xef\xbb\xbfSynth\xc3\xa8se des financements")


def test_export_errors_are_french_and_exit_2(mini):
    result = run_pvtui("export", "fiche", str(mini.root), "--action", "alpah")
    assert result.returncode == 2
    assert result.stderr.strip() == "pvtui export : action inconnue « alpah » ; vouliez-vous dire « alpha » ?"
    assert result.stdout == ""


def test_unwritable_output_is_a_message_not_a_traceback(mini, tmp_path):
    result = run_pvtui("export", "actions", str(mini.root), "-o", str(tmp_path / "absent" / "x.txt"))
    assert result.returncode == 1
    assert result.stderr.startswith("pvtui export : impossible d'écrire")


def test_export_never_imports_textual(tmp_path):
    script = (
        "import sys\n"
        "from pvtui.cli import main\n"
        f"code = main(['export', 'rapport', '-o', {str(tmp_path / 'r.txt')!r}])\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "r.txt").read_text("utf-8").startswith("Rapport annuel politique de la ville")


# --- -o never writes through what it did not expect ------------------------------


def _planted(tmp_path, owner: int | None = None):
    """A file of the victim's (~/.bashrc), and a link to it left in a folder everyone may write (/tmp)."""
    victim = tmp_path / "home" / ".bashrc"
    victim.parent.mkdir()
    victim.write_text("alias ls='ls -F'\n")
    shared = tmp_path / "tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    link = shared / "rapport.txt"
    os.symlink(victim, link)
    if owner is not None:
        os.lchown(link, owner, -1)
    return victim, link


def _refused(result, link) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"pvtui export : {link} est un lien symbolique : refusé"), result.stderr
    assert " : " in result.stderr and "Traceback" not in result.stderr


def test_export_refuses_to_write_through_a_symlink(mini, tmp_path):
    victim, link = _planted(tmp_path)
    result = run_pvtui("export", "actions", str(mini.root), "-o", str(link))
    _refused(result, link)
    assert victim.read_text() == "alias ls='ls -F'\n"
    assert os.readlink(link) == str(victim)


def test_export_refuses_a_dangling_symlink(mini, tmp_path):
    link = tmp_path / "rapport.txt"
    os.symlink(tmp_path / "would-be-created", link)
    _refused(run_pvtui("export", "actions", str(mini.root), "-o", str(link)), link)
    assert not (tmp_path / "would-be-created").exists()


def test_export_refuses_a_symlink_planted_by_another_user(mini, tmp_path):
    """The attack for real: another user's link in a sticky folder, the victim exporting there."""
    why = users.ensure()
    if why:
        pytest.skip(why)
    victim, link = _planted(tmp_path, owner=users.uid(users.ATTACKER))
    assert os.lstat(link).st_uid == users.uid(users.ATTACKER) != os.geteuid()
    _refused(run_pvtui("export", "actions", str(mini.root), "-o", str(link)), link)
    assert victim.read_text() == "alias ls='ls -F'\n"


def test_export_refuses_a_fifo_and_does_not_hang(mini, tmp_path):
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    result = run_pvtui("export", "actions", str(mini.root), "-o", str(fifo), timeout=30)
    assert result.returncode == 1
    assert result.stderr.startswith(f"pvtui export : {fifo} n'est pas un fichier ordinaire : refusé"), result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_replaces_an_existing_file_and_keeps_its_mode(mini, tmp_path):
    target = tmp_path / "actions.txt"
    target.write_text("ancien\n")
    os.chmod(target, 0o640)
    result = run_pvtui("export", "actions", str(mini.root), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text("utf-8") != "ancien\n" and not target.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_export_of_a_folder_with_errors_prints_and_warns_on_stderr(mini):
    """The export is written (status 0), and one line says the folder has errors to look at."""
    for name in ("alpha", "beta"):
        path = mini.root / "actions" / f"{name}.toml"
        path.write_text(path.read_text("utf-8").replace('secteur = "centre"', 'secteur = "nulle-part"'), "utf-8")
    result = run_pvtui("export", "actions", str(mini.root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Liste des actions")
    assert result.stderr == "pvtui export : 2 erreurs dans le dossier : voir pvtui check\n"
    life = run_pvtui("export", "echeances", str(mini.root), "--au", "2020-07-01")
    assert life.returncode == 0 and life.stderr == "pvtui export : 2 erreurs dans le dossier : voir pvtui check\n"


def test_errors_already_named_on_stderr_are_not_counted_again(mini):
    """A file left out is named on its own line; the count line only tells of the other errors."""
    mini.write("actions/alpha.toml", mini.read("actions/alpha.toml").replace('titre = "Atelier alpha"', 'titre = "Atelier'))
    path = mini.root / "actions" / "beta.toml"
    path.write_text(path.read_text("utf-8").replace('secteur = "centre"', 'secteur = "nulle-part"'), "utf-8")
    result = run_pvtui("export", "actions", str(mini.root))
    lines = result.stderr.splitlines()
    assert result.returncode == 3 and len(lines) == 2 and lines[0].startswith("pvtui export : actions/alpha.toml:")
    assert lines[1] == "pvtui export : 1 autre erreur dans le dossier : voir pvtui check"


def test_export_of_a_clean_folder_says_nothing_on_stderr(mini):
    result = run_pvtui("export", "actions", str(mini.root))
    assert result.returncode == 0 and result.stderr == ""
