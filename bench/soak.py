"""Soak: `python -m bench.soak [RUNS] [DIR]` kills workers and sends Ctrl+C at random moments.

Each run starts `pvtui check` or `pvtui export rapport` cold (an empty
cache, so the workers parse) on a folder of 3 000 generated actions (made
once in DIR), in a session of its own, then at a random moment either
SIGKILLs one of its workers or sends SIGINT to its whole group (what a
terminal does on Ctrl+C). Every run must end within BOUND seconds, with
status 0 (a killed worker: the parent parsed in process) or 130 and the one
Ctrl+C line, no traceback, and no process of its session left. A SIGINT in
the first milliseconds, while the interpreter imports its own modules
(`os`, `abc`) before any line of pvtui runs, gets Python's traceback and
status 1, or (earlier still, before Python handles SIGINT) ends silently,
killed by the signal: counted apart ("started"), as pvtui cannot catch it. Prints one
line per failure and a summary; exits 1 if any run failed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BOUND = 60.0
LINE = "pvtui : interrompu (Ctrl+C) ; aucun fichier n'a été laissé à moitié écrit\n"


def session_alive(sid: int) -> list[int]:
    """Processes of session `sid` that are not zombies."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(name))
    return found


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def one_run(root: Path, rng: random.Random) -> tuple[str, str | None]:
    """(what was done, None if all went well, else what went wrong)."""
    command = rng.choice([["check"], ["export", "rapport"]])
    action = rng.choice(["kill", "sigint"])
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PVTUI_CACHE_DIR": cache, "PYTHONIOENCODING": "utf-8"}
        proc = subprocess.Popen([sys.executable, "-m", "pvtui", *command, str(root)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env, start_new_session=True)
        start = time.monotonic()
        time.sleep(rng.uniform(0, 2.5))
        done = f"{' '.join(command)}, {action}"
        if proc.poll() is None:
            if action == "kill":
                kids = children(proc.pid)
                if kids:
                    os.kill(rng.choice(kids), signal.SIGKILL)
                    done += " (a worker)"
                else:
                    done += " (no worker at that moment)"
            else:
                os.killpg(proc.pid, signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=BOUND)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return done, f"hung over {BOUND:.0f} s"
        err = err.decode("utf-8", "replace")
        took = time.monotonic() - start
        left = session_alive(proc.pid)
        if left:
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            return done, f"processes left: {left}"
        if ("Traceback" in err and "pvtui" not in err and proc.returncode == 1) or \
                (proc.returncode == -signal.SIGINT and not err):  # before Python set its handler: killed by it
            return f"{done}: interrupted while Python itself started, before it ran pvtui", None
        if "Traceback" in err or "Exception" in err:
            return done, f"traceback: {err[-500:]!r}"
        if proc.returncode == 130 and err != LINE:
            return done, f"status 130 but stderr {err!r}"
        if proc.returncode not in (0, 130):
            return done, f"status {proc.returncode}: {err[-300:]!r}"
        return f"{done}: {proc.returncode} in {took:.1f} s", None


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 100
    base = Path(argv[1]) if len(argv) > 1 else Path(tempfile.gettempdir()) / "pvtui-soak"
    root = base / "data"
    if not root.is_dir():
        subprocess.run([sys.executable, "-m", "bench.generate", "3000", str(root)], check=True,
                       cwd=Path(__file__).resolve().parent.parent)
    rng = random.Random(int(os.environ.get("SOAK_SEED", "18")))
    failures, statuses = 0, {}
    for run in range(runs):
        done, problem = one_run(root, rng)
        if problem:
            failures += 1
            print(f"run {run + 1}: {done}: {problem}")
        else:
            if os.environ.get("SOAK_VERBOSE"):
                print(f"run {run + 1}: {done}")
            status = "started" if "Python itself" in done else done.split(": ")[1].split()[0]
            statuses[status] = statuses.get(status, 0) + 1
    print(f"{runs} runs, {failures} failed; statuses {dict(sorted(statuses.items()))}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
