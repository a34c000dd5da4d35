"""Work spread over forked processes, where forking is safe: the command line, not the TUI."""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
from typing import Callable, Iterable, Iterator, TypeVar

J = TypeVar("J")
R = TypeVar("R")

SILENCE = 60.0
"""Seconds a child may stay silent before it is given up: a stopped or stuck one must not hang the command."""

_in_child = False  # a worker of fork_map starts no workers of its own
_children: dict[int, bool] = {}  # pid -> killable (a worker of fork_map; not a cache write), until reaped


class WorkerLost(Exception):
    """A child of `fork_map` died, stayed silent or could not be started: the caller works in process."""


def workers() -> int:
    """How many processes may work at once: 1 where forking is not safe (threads, a worker itself)."""
    if _in_child or threading.active_count() > 1 or not hasattr(os, "fork"):
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
    """func(job) for each job, in order, computed by forked processes; raises WorkerLost on failure.

    One pipe per child, not multiprocessing.Pool: a pool whose worker was
    SIGKILLed waits forever for its result, and one interrupted by Ctrl+C
    hung or printed a traceback per worker. Here a dead child is an end of
    file on its pipe, a silent one a bounded wait; either way the caller
    does the work itself. Children ignore SIGINT (the parent, interrupted,
    kills and reaps them): no process outlives the command.
    """
    jobs = list(jobs)
    processes = max(1, min(processes, len(jobs)))
    children: list[tuple[int, int]] = []  # (pid, read end)
    try:
        gc.freeze()  # in a child, a collection would otherwise touch (and copy) every page
        try:
            for index in range(processes):
                children.append(_spawn(func, jobs[index::processes], [fd for _, fd in children]))
        finally:
            gc.unfreeze()
        for index in range(len(jobs)):
            yield pickle.loads(_receive(children[index % processes][1]))
    finally:
        _end(children)


def _spawn(func: Callable[[J], R], jobs: list[J], others: list[int]) -> tuple[int, int]:
    """A child writing func(job) for each job to a pipe, each as its length then its pickle."""
    global _in_child
    read, write = os.pipe()
    try:
        pid = _fork_deaf(killable=True)
    except OSError:
        os.close(read)
        os.close(write)
        raise WorkerLost("fork") from None
    if pid == 0:
        code = 1
        try:
            _in_child = True
            os.close(read)
            for fd in others:  # the other children's pipes: their end of file must not wait for this one
                os.close(fd)
            with os.fdopen(write, "wb") as out:
                for job in jobs:
                    data = pickle.dumps(func(job), pickle.HIGHEST_PROTOCOL)
                    out.write(struct.pack("<Q", len(data)))
                    out.write(data)
            code = 0
        finally:
            os._exit(code)  # no atexit handler, no buffered output flushed twice
    os.close(write)
    return pid, read


def _receive(fd: int) -> bytes:
    size = struct.unpack("<Q", _read_exactly(fd, 8))[0]
    return _read_exactly(fd, size)


def _read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from a child's pipe; WorkerLost at its end or after SILENCE seconds without a byte."""
    parts = []
    while size:
        ready, _, _ = select.select([fd], [], [], SILENCE)
        if not ready:
            raise WorkerLost("silent")
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            raise WorkerLost("ended")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _end(children: list[tuple[int, int]]) -> None:
    """Close the pipes, kill the children still running and reap them all."""
    for pid, fd in children:
        os.close(fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # finished ones are zombies: the signal does no harm
    for pid, _ in children:
        _reap(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    _children.pop(pid, None)


def end_all(grace: float = 5.0) -> None:
    """Kill the workers still running and give a cache write `grace` seconds to finish, then kill it too.

    For an interrupted command (Ctrl+C may land inside a `finally` that was
    reaping them): no process of pvtui outlives it.
    """
    deadline = time.monotonic() + grace
    for pid, killable in list(_children.items()):
        if killable:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    for pid in list(_children):
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                time.sleep(0.01)
        _children.pop(pid, None)


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

    return lambda: _reap(pid)


def _fork(child: Callable[[], object]) -> int | None:
    """A forked process that runs `child` and exits (status 1 if it raised); None if fork failed."""
    gc.freeze()  # in the child, a collection would otherwise touch (and copy) every page
    try:
        pid = _fork_deaf(killable=False)
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


def _fork_deaf(killable: bool) -> int:
    """os.fork(), the child ignoring Ctrl+C: the parent, interrupted, ends its children itself.

    SIGINT is blocked across the fork: one landing in the child before it
    could ignore it printed a traceback from threading's fork hooks.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a pending one is dropped with it
        else:
            # Known before SIGINT is let through: a Ctrl+C raised as it is unblocked, before the caller
            # could note the pid, left a worker running after the parent had gone (`end_all` kills it).
            _children[pid] = killable
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return pid
