"""Work shared with forked processes gives exactly what one process gives."""

from __future__ import annotations

import os
from datetime import datetime

from pvtui import parallel
from pvtui.export import Filtres, rapport, select, text
from pvtui.export import header as export_header
from pvtui.store import Store
from tests.conftest import DATA


def test_in_two_returns_both_halves_in_order():
    assert parallel.in_two(lambda part: [x * 2 for x in part], list(range(7))) == ([0, 2, 4], [6, 8, 10, 12])


def test_in_two_does_the_childs_half_itself_when_the_child_fails():
    parent = os.getpid()

    def only_here(part):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return sum(part)

    assert parallel.in_two(only_here, [1, 2, 3, 4]) == (3, 7)


def test_the_rapport_rendered_by_two_processes_is_byte_identical(monkeypatch):
    data = Store(DATA, cache=False).load()
    sel = select(data, Filtres())
    section = rapport(sel)
    head = export_header(section.title, sel, "rapport", datetime(2026, 3, 4, 9, 5))
    alone = text.render(head, section.blocks)
    calls = []
    real = parallel.in_two
    monkeypatch.setattr(text, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "in_two", lambda *a: calls.append(1) or real(*a))
    assert text.render(head, section.blocks) == alone
    assert calls == [1]


def test_in_two_leaves_no_child_behind_when_the_parents_half_fails():
    """In a fresh process, so that no other test's child is counted."""
    import subprocess
    import sys

    script = (
        "import os\n"
        "from pvtui import parallel\n"
        "parent = os.getpid()\n"
        "def fails_here(part):\n"
        "    if os.getpid() == parent:\n"
        "        raise ValueError('here')\n"
        "    return ['x' * 1000] * 1000  # more than a pipe holds: the child would block on it\n"
        "try:\n"
        "    parallel.in_two(fails_here, [1, 2])\n"
        "except ValueError:\n"
        "    pass\n"
        "try:\n"
        "    print(os.waitpid(-1, os.WNOHANG))\n"
        "except ChildProcessError:\n"
        "    print('no child left')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.strip() == "no child left", result.stdout + result.stderr
