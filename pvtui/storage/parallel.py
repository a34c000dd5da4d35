"""Work spread over forked processes, where forking is safe: the command line, not the TUI."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
from typing import Callable, Iterable, Iterator, TypeVar

J = TypeVar("J")
R = TypeVar("R")


def workers() -> int:
    """How many processes may work at once: 1 where forking is not safe (threads, a worker itself)."""
    if threading.active_count() > 1 or not hasattr(os, "fork"):
        return 1
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.current_process().daemon:
        return 1  # a pool's worker cannot start its own
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, 8)


def fork_map(func: Callable[[J], R], jobs: Iterable[J], processes: int) -> Iterator[R]:
    """func(job) for each job, in order, computed by forked processes; the caller falls back on error."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(func, jobs)  # one by one: the caller keeps a lower peak of memory


def chunks(items: list[J], parts: int) -> list[list[J]]:
    """`items` cut into about `parts` runs, in order."""
    size = max(1, -(-len(items) // parts))
    return [items[i:i + size] for i in range(0, len(items), size)]


def in_background(func: Callable[[], object]) -> Callable[[], None] | None:
    """func() in a forked child while the caller goes on; returns the wait for it, None if no child.

    The caller checks `workers() >= 2` first.
    """
    pid = _fork(func)
    if pid is None:
        return None

    def wait() -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    return wait


def _fork(child: Callable[[], object]) -> int | None:
    """A forked process that runs `child` and exits (status 1 if it raised); None if fork failed."""
    gc.freeze()  # in the child, a collection would otherwise touch (and copy) every page
    try:
        pid = os.fork()
    except OSError:
        pid = None
    if pid == 0:
        code = 1
        try:
            child()
            code = 0
        finally:
            os._exit(code)  # no atexit handler, no buffered output flushed twice
    gc.unfreeze()
    return pid
