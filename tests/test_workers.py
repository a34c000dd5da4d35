"""Issue 18: a worker of check/export that dies or stops never hangs the command.

With multiprocessing.Pool a SIGKILLed worker left `imap` waiting forever
(7 runs of 8 hung). Each test runs in a subprocess with a bounded wait, so
that the old behaviour fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")


LEFT = """
import os


def left():
    # Children of this process still there (zombies too): none may outlive fork_map.
    try:
        return open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()
    except OSError:
        return []
"""


def _run(code: str, timeout: float = 60) -> str:
    done = subprocess.run([sys.executable, "-c", LEFT + textwrap.dedent(code)], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout




@pytest.mark.parametrize("how", ["SIGKILL", "SIGSTOP", "raises"])
def test_a_worker_that_dies_or_stops_is_given_up_and_reaped(how):
    out = _run(f"""
        import os, signal, time
        from pvtui.storage import parallel
        parallel.SILENCE = 1.0
        def work(job):
            if job == 5:
                if "{how}" == "raises":
                    raise ValueError(job)
                os.kill(os.getpid(), signal.{how if how != "raises" else "SIGKILL"})
            return job * 2
        try:
            got = list(parallel.fork_map(work, range(12), 3))
        except parallel.WorkerLost:
            got = "lost"
        print(got, left())
    """)
    assert out.split() == ["lost", "[]"]


def test_results_come_in_order_and_no_child_is_left():
    out = _run("""
        import os
        from pvtui.storage import parallel
        print(list(parallel.fork_map(lambda job: [job] * 3, range(10), 4)) == [[j] * 3 for j in range(10)], left())
        gen = parallel.fork_map(lambda job: job, range(10), 4)
        next(gen)
        gen.close()  # a caller that stops early: its children are killed and reaped
        print(left())
    """)
    assert out.split() == ["True", "[]", "[]"]


def test_a_load_whose_worker_is_killed_reads_in_process(mini):
    """The store falls back on its own walk: every record is there, no problem is invented."""
    for i in range(40):
        mini.write(f"actions/copie-{i:02}.toml", mini.read("actions/alpha.toml").replace('id = "alpha"', f'id = "copie-{i:02}"'))
    out = _run(f"""
        import os, signal
        from pvtui.storage import parallel, store
        from pvtui.storage.store import Store
        parse = store._parse_files
        def dying(job):
            if any(rel.endswith("copie-07.toml") for rel, _ in job[2]):
                os.kill(os.getpid(), signal.SIGKILL)
            return parse(job)
        store._parse_files = dying
        store._PARALLEL_FROM = 10
        parallel.workers = lambda: 2
        data = Store({str(mini.root)!r}, cache=False).load()
        print(len(data.actions), len(data.problems), left())
    """)
    expected = mini.load()
    assert out.split() == [str(len(expected.actions)), str(len(expected.problems)), "[]"]
