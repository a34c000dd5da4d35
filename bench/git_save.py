"""A save's cost with and without git: `python -m bench.git_save` (median of 20 saves each).

The same Update through Workspace.apply, in a copy of the shipped data folder
outside git, then inside a fresh git work tree (one commit per save).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pvtui.domain.kinds import ACTIONS
from pvtui.domain.model import Financement
from pvtui.workspace.changes import Saved, Update
from pvtui.workspace.workspace import Workspace

DATA = Path(__file__).resolve().parent.parent / "data"
RUNS = 20


def timed_saves(folder: Path) -> list[float]:
    ws = Workspace(folder, cache=False)
    ws.load()
    out = []
    for n in range(RUNS):
        data = ws.data
        action = data.action("salon-atelier")
        new = replace(action, financements=tuple(Financement(f.financeur, 5000 + n + 1) if f.financeur == "capft" else f
                                                 for f in action.financements))
        start = time.perf_counter()
        result = ws.apply(Update(ACTIONS, action, data.version(ACTIONS, action.id), new))
        out.append(time.perf_counter() - start)
        assert isinstance(result, Saved) and result.warning is None, result
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp, "plain", "data")
        shutil.copytree(DATA, plain)
        top = Path(tmp, "repo")
        shutil.copytree(DATA, top / "data")
        (top / "data" / "pvtui.toml").unlink(missing_ok=True)  # the shipped folder's opt-out
        env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "b",
               "GIT_COMMITTER_EMAIL": "b@x"}
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "data"]):
            subprocess.run(["git", *args], cwd=top, check=True, env=env)
        os.environ.update({k: v for k, v in env.items()})
        without = statistics.median(timed_saves(plain))
        with_git = statistics.median(timed_saves(top / "data"))
        commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=top, capture_output=True, text=True).stdout
    print(f"save without git: {without * 1000:.1f} ms (median of {RUNS})")
    print(f"save with git:    {with_git * 1000:.1f} ms (median of {RUNS}; {int(commits) - 1} commits)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
