"""`pvtui export` from a shell: stdout or -o, French errors, never Textual."""

from __future__ import annotations

import json
import subprocess
import sys

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
