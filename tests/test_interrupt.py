"""Issue 18: Ctrl+C ends every command at once with status 130, one French line and no process left.

Before, a Ctrl+C during a cold run hung 3 runs of 24 (multiprocessing.Pool
waiting for workers) and printed a traceback per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from bench.soak import LINE, session_alive as session_processes
from conftest import REPO


def _interrupted(code: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True, text=True,
                              timeout=60, start_new_session=True)
    except subprocess.TimeoutExpired as expired:  # a child left running holds the pipes open
        raise AssertionError(f"no end within 60 s: {expired.stderr!r}") from None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
@pytest.mark.parametrize("command", ["check", "export"])
def test_ctrl_c_while_workers_parse(mini, command):
    """The terminal sends SIGINT to the whole group: here the workers do, then take their time."""
    for i in range(30):
        mini.write(f"actions/copie-{i:02}.toml", mini.read("actions/alpha.toml").replace('id = "alpha"', f'id = "copie-{i:02}"'))
    argv = ["check", str(mini.root)] if command == "check" else ["export", "rapport", str(mini.root)]
    done = _interrupted(f"""
        import os, signal, sys, time
        from pvtui import cli
        from pvtui.storage import parallel, store
        print(os.getsid(0), flush=True)
        parse = store._parse_files
        def slow(job):
            os.killpg(0, signal.SIGINT)
            time.sleep(30)
        store._parse_files = slow
        store._PARALLEL_FROM = 10
        parallel.workers = lambda: 2
        raise SystemExit(cli.main({argv!r}))
    """)
    assert (done.returncode, done.stderr) == (130, LINE)
    assert session_processes(int(done.stdout.split()[0])) == []


def test_ctrl_c_while_loading_in_process(mini):
    done = _interrupted(f"""
        import os, signal
        from pvtui import cli
        from pvtui.storage import store
        read = store.read_regular
        def interrupted(path):
            os.kill(os.getpid(), signal.SIGINT)
            return read(path)
        store.read_regular = interrupted
        raise SystemExit(cli.main(["export", "rapport", {str(mini.root)!r}]))
    """)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", LINE)
