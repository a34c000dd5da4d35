"""The layers and their import rule (pyproject's [tool.importlinter]), checked on every run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint(root: Path) -> subprocess.CompletedProcess:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run([lint, "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120, check=False)


def test_every_import_contract_is_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_lower_layer_importing_a_higher_one_breaks_the_contract(tmp_path):
    """The contract really bites: the domain importing the storage is refused."""
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "pvtui", copy / "pvtui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy)
    bad = copy / "pvtui" / "domain" / "check.py"
    bad.write_text(bad.read_text() + "\nfrom pvtui.storage import store  # noqa\n")
    result = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, '.'); "
                             "from importlinter.cli import lint_imports_command; lint_imports_command()",
                             "--no-cache"], cwd=copy, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "pvtui.domain.check -> pvtui.storage.store" in result.stdout
