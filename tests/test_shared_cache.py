"""The per-user cache on a shared server: plain data only, and only the user's own.

A cache file is read by whoever runs pvtui next: if it could hold code
(a pickle), anyone able to write it would run code as that user. It holds
plain data, and a cache folder or file that another user owns, or that
the group or the others may write, is refused with a warning (pvtui then
runs without cache). Temporary files of killed cache writes are removed.
"""

from __future__ import annotations

import fcntl
import os
import pickle

import pytest
import users

from pvtui.domain.check import check
from pvtui.export import Filtres
from pvtui.storage import cache
from pvtui.storage.store import Store
from pvtui.workspace.folder import check_folder, export_folder


@pytest.fixture(autouse=True)
def _trust_fresh_files(monkeypatch):
    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # the fixture's files were just copied


class _Plant:
    """A pickle that, when loaded, creates a folder: proof that loading ran code."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def _fill_cache(root) -> None:
    Store(root).load()
    check_folder(root)
    export_folder(root, "actions", Filtres(), "json")


def _cache_files() -> list:
    return sorted(p for p in cache.cache_dir().iterdir() if p.is_file())


def test_a_planted_cache_file_runs_no_code(mini, tmp_path):
    _fill_cache(mini.root)
    marker = tmp_path / "code-ran"
    files = _cache_files()
    assert files
    for path in files:  # every file pvtui keeps there, whatever its name
        path.write_bytes(pickle.dumps(_Plant(str(marker))))
    expected = check(Store(mini.root, cache=False).load())
    assert check_folder(mini.root) == expected
    assert Store(mini.root).load().actions == Store(mini.root, cache=False).load().actions
    export_folder(mini.root, "actions", Filtres(), "json")
    assert not marker.exists(), "loading the cache ran code"


def test_the_cache_holds_only_plain_data(mini):
    """No pickle opcode stream, no class path: what is kept is data (records rebuilt by their own types)."""
    _fill_cache(mini.root)
    for path in _cache_files():
        data = path.read_bytes()
        assert not data.startswith(b"\x80"), f"{path.name} is a pickle"
        assert b"pvtui.domain" not in data and b"builtins" not in data, path.name


def test_cached_records_and_results_are_the_same_as_fresh_ones(mini):
    fresh = Store(mini.root, cache=False).load()
    Store(mini.root).load()
    again = Store(mini.root).load()  # every record from the cache
    assert again.actions == fresh.actions and again.bailleurs == fresh.bailleurs
    assert again.referentiel == fresh.referentiel and again.programmations == fresh.programmations
    assert [type(a.objectifs) for a in again.actions] == [tuple] * len(again.actions)
    mini.edit("actions/alpha.toml", "cout_total = 10000", "cout_total = -1")
    problems = check_folder(mini.root)
    assert problems and check_folder(mini.root) == problems == check(Store(mini.root, cache=False).load())


def test_odd_values_survive_the_cache(mini):
    """Huge integers, infinite cells, dates in a referential: what the files give, from the cache too."""
    mini.edit("actions/alpha.toml", "cout_total = 10000", f"cout_total = {10**30}")
    mini.write("referentiel/piliers.toml", mini.read("referentiel/piliers.toml") + "\n[dates]\nle = 2019-01-02\n"
               "a = 1979-05-27T07:32:00-08:00\nb = 07:32:00\nc = 1979-05-27T07:32:00\nliste = [1, 2.5, \"x\"]\n")
    with open(os.path.join(os.fsencode(mini.root), b"actions/nom\xff.toml"), "wb") as handle:
        handle.write(mini.path("actions/beta.toml").read_bytes().replace(b"[financements]", b"x = 1\n[financements]"))
    fresh = Store(mini.root, cache=False).load()
    Store(mini.root).load()
    again = Store(mini.root).load()
    assert again.actions == fresh.actions and again.referentiel == fresh.referentiel
    assert again.problems == fresh.problems
    assert check_folder(mini.root) == check_folder(mini.root) == check(fresh)


def _warned(capsys) -> str:
    return capsys.readouterr().err


def test_a_cache_folder_others_may_write_is_refused(mini, capsys):
    folder = cache.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o777)
    expected = check(Store(mini.root, cache=False).load())
    assert check_folder(mini.root) == expected
    assert Store(mini.root).load().actions == Store(mini.root, cache=False).load().actions
    err = _warned(capsys)
    assert "cache" in err and "modifiable" in err and " : " in err, err
    assert any("modifiable" in said for said in cache.refusals())
    assert list(folder.iterdir()) == []  # nothing written there, nothing read
    os.chmod(folder, 0o700)


def test_a_cache_file_others_may_write_is_refused(mini, capsys):
    _fill_cache(mini.root)
    _warned(capsys)
    for path in _cache_files():
        os.chmod(path, 0o666)
    assert check_folder(mini.root) == []
    assert "modifiable" in _warned(capsys)


@pytest.fixture
def attacker():
    why = users.ensure()
    if why:
        pytest.skip(why)
    return users.uid(users.ATTACKER)


def test_a_cache_folder_owned_by_another_user_is_refused(mini, capsys, attacker):
    folder = cache.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.chown(folder, attacker, -1)  # mode 0700: only its owner writes it, and that is not us
    assert check_folder(mini.root) == []
    assert Store(mini.root).load().actions == Store(mini.root, cache=False).load().actions
    err = _warned(capsys)
    assert "appartient" in err and users.ATTACKER in err, err
    assert list(folder.iterdir()) == []


def test_a_cache_file_owned_by_another_user_is_refused(mini, capsys, attacker):
    _fill_cache(mini.root)
    _warned(capsys)
    for path in _cache_files():
        os.chown(path, attacker, -1)
    assert check_folder(mini.root) == []
    assert Store(mini.root).load().actions == Store(mini.root, cache=False).load().actions
    assert users.ATTACKER in _warned(capsys)


def test_temporary_files_of_killed_cache_writes_are_removed(mini):
    folder = cache.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    killed = [folder / "tmpk1ll3d.tmp", folder / ".0123456789abcdef.pvtui.k1ll3d.tmp"]
    for path in killed:
        path.write_bytes(b"x" * 1000)
    alive = folder / ".fedcba9876543210.pvtui.writing.tmp"  # a write going on in another process
    alive.write_bytes(b"y")
    with open(alive, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        data = Store(mini.root).load()
        assert len(data.actions) == 4
        assert [p for p in killed if p.exists()] == []
        assert alive.exists()


def test_a_cache_write_killed_before_its_rename_leaves_nothing_after_the_next_run(mini):
    """For real: a process SIGKILLed in the middle of writing the cache (its temporary file is
    written, not yet renamed into place), then a normal run."""
    import signal
    import subprocess
    import sys

    code = (
        "import os, signal, sys\n"
        "from pvtui.storage import cache\n"
        "from pvtui.storage.store import Store\n"
        "cache.os.replace = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
        "Store(sys.argv[1]).load()\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(mini.root)], capture_output=True, timeout=60,
                          env={**os.environ, "PVTUI_CACHE_DIR": str(cache.cache_dir())})
    assert done.returncode == -signal.SIGKILL, done.stderr
    left = [p.name for p in cache.cache_dir().iterdir() if p.name.endswith(".tmp")]
    assert left, "the killed write left no temporary file: the test proves nothing"
    assert len(Store(mini.root).load().actions) == 4
    assert [p.name for p in cache.cache_dir().iterdir() if p.name.endswith(".tmp")] == []
    assert Store(mini.root).fingerprint() is not None  # and the cache is whole again


def test_a_temporary_file_swept_before_its_writer_locked_it_is_made_again(mini, monkeypatch):
    """Another process's sweep can come between a write's creating its file and locking it
    (the background cache writer and its parent did, under load): the cache must not be lost."""
    real, swept = fcntl.flock, []

    def flock(fd, operation):
        if operation == fcntl.LOCK_EX and not swept:
            for path in cache.cache_dir().iterdir():
                if path.name.endswith(".tmp"):
                    path.unlink()
                    swept.append(path.name)
        return real(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    Store(mini.root).load()
    assert swept, "nothing was swept: the test proves nothing"
    assert Store(mini.root).fingerprint() is not None
