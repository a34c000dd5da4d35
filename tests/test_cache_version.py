"""After an upgrade that changes how a file is read, nothing read by the old code is served."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO

READ = """
import sys
from pvtui.storage.store import Store
from pvtui.workspace.folder import check_folder
print(Store(sys.argv[1]).load().action("alpha").titre)
print(len(check_folder(sys.argv[1])))
"""


def _run(pkg, root, cache) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(pkg), "PVTUI_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", READ, str(root)], cwd=pkg, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_changed_reader_is_not_served_from_the_cache(mini, tmp_path):
    pkg = tmp_path / "installed"
    shutil.copytree(REPO / "pvtui", pkg / "pvtui", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    old = os.stat(mini.path("actions/alpha.toml"))
    os.utime(mini.path("actions/alpha.toml"), ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # settled: cacheable
    assert _run(pkg, mini.root, cache)[:3] == ["Atelier", "alpha", "0"]
    # The upgrade: titles are now read in capitals, and a rule finds something everywhere.
    model = pkg / "pvtui" / "domain" / "model.py"
    model.write_text(model.read_text("utf-8").replace('titre=r.text("titre"),', 'titre=r.text("titre").upper(),'), "utf-8")
    check = pkg / "pvtui" / "domain" / "check.py"
    check.write_text(check.read_text("utf-8") + "\n\n_real = check\n\n\ndef check(data):\n"
                     "    return [*_real(data), 'x']\n", "utf-8")
    assert _run(pkg, mini.root, cache)[:3] == ["ATELIER", "ALPHA", "1"]
