"""A data folder shared by a team on one server: through a group, with odd files in it.

A save keeps the group and mode of the file it replaces; new files and the
lock take the folder's group and group permissions whatever the saver's
umask, so that a colleague can still read and save after it. A FIFO where
the lock or a record should be, or a save stuck holding the lock, never
freezes pvtui. A folder that cannot be read is an error naming it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest
import users
from conftest import FIXTURES, DataDir, Editor, run_pvtui

from pvtui.domain.model import Action
from pvtui.domain.problem import AVERTISSEMENT, ERREUR
from pvtui.storage.layout import LOCK, StoreError


@contextlib.contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _team_group() -> int:
    """A group this process may give its files to, other than its own: the team's."""
    if os.geteuid() == 0:
        why = users.ensure()
        if why:
            pytest.skip(why)
        return users.gid()
    others = [g for g in os.getgroups() if g != os.getegid()]
    if not others:
        pytest.skip("no second group to share a folder through")
    return others[0]


def _share(root: Path, group: int, *, setgid: bool) -> None:
    """The folder as a team shares it: every folder the team's (rwx, setgid or not), files rw for the group."""
    for folder, dirs, files in os.walk(root):
        os.chown(folder, -1, group)
        os.chmod(folder, 0o2770 if setgid else 0o770)
        for name in files:
            os.chown(os.path.join(folder, name), -1, group)
            os.chmod(os.path.join(folder, name), 0o660)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_save_keeps_the_group_and_mode_of_the_file_it_replaces(mini):
    group = _team_group()
    path = mini.path("actions/alpha.toml")
    os.chown(path, -1, group)
    os.chmod(path, 0o640)
    s = Editor(mini.root, cache=False)
    alpha = s.load().action("alpha")
    with umask(0o077):
        s.save("actions", replace(alpha, cout_total=1), alpha)
    assert os.stat(path).st_gid == group
    assert _mode(path) == 0o640


@pytest.mark.parametrize("setgid", [False, True], ids=["folder", "setgid-folder"])
def test_new_records_and_the_lock_take_the_folders_group_and_group_rights(mini, setgid):
    group = _team_group()
    _share(mini.root, group, setgid=setgid)
    s = Editor(mini.root, cache=False)
    s.load()
    with umask(0o077):
        s.save("actions", Action(id="nouvelle", titre="Nouvelle"))
    for path in (mini.path("actions/nouvelle.toml"), mini.path(LOCK)):
        assert os.stat(path).st_gid == group, path
        assert _mode(path) == 0o660, (path, oct(_mode(path)))


def test_a_lock_made_private_by_an_old_save_is_opened_up_again(mini):
    group = _team_group()
    _share(mini.root, group, setgid=True)
    mini.path(LOCK).touch()
    os.chmod(mini.path(LOCK), 0o600)
    s = Editor(mini.root, cache=False)
    alpha = s.load().action("alpha")
    s.save("actions", replace(alpha, cout_total=1), alpha)
    assert _mode(mini.path(LOCK)) == 0o660


@pytest.fixture
def team_folder():
    """A copy of the fixture in a folder other users can reach (pytest's tmp is root's own)."""
    why = users.ensure()
    if why:
        pytest.skip(why)
    if not shutil.which("setpriv") or not shutil.which("flock"):
        pytest.skip("setpriv or flock absent")
    base = Path(tempfile.mkdtemp(prefix="pvtui-team-"))
    os.chmod(base, 0o755)
    root = base / "data"
    shutil.copytree(FIXTURES / "mini", root)
    _share(root, users.gid(), setgid=True)
    yield DataDir(root)
    shutil.rmtree(base)


def test_a_colleague_can_still_read_and_lock_after_a_save_under_umask_077(team_folder):
    """For real: after root saves with umask 077, the colleague (member of the group) reads the
    new record and takes the lock, as their own pvtui would."""
    s = Editor(team_folder.root, cache=False)
    s.load()
    with umask(0o077):
        s.save("actions", Action(id="nouvelle", titre="Nouvelle"))
    colleague = users.as_user(users.COLLEAGUE)
    record = str(team_folder.path("actions/nouvelle.toml"))
    done = subprocess.run([*colleague, "cat", record], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and "Nouvelle" in done.stdout, done.stderr
    done = subprocess.run([*colleague, "flock", "--nonblock", str(team_folder.path(LOCK)), "true"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


def test_check_warns_about_records_the_group_cannot_read(mini):
    group = _team_group()
    _share(mini.root, group, setgid=True)
    os.chmod(mini.path("actions/beta.toml"), 0o600)
    os.chown(mini.path("actions/gamma.toml"), -1, os.getegid())
    found = [(p.path, p.niveau) for p in mini.load().problems]
    assert found == [("actions/beta.toml", AVERTISSEMENT), ("actions/gamma.toml", AVERTISSEMENT)]
    message = next(p.message for p in mini.load().problems if p.path == "actions/beta.toml")
    assert "groupe" in message and "600" in message and " : " in message, message
    os.chmod(mini.path("actions/beta.toml"), 0o640)
    os.chown(mini.path("actions/gamma.toml"), -1, group)
    assert mini.load().problems == ()


def test_a_private_folder_gets_no_such_warning(mini):
    os.chmod(mini.path("actions/beta.toml"), 0o600)
    assert mini.load().problems == ()


# --- FIFOs and a stuck lock ----------------------------------------------------------

SAVE = """
import sys, time
from dataclasses import replace
from pvtui.workspace.changes import Refused, Update
from pvtui.workspace.workspace import Workspace
ws = Workspace(sys.argv[1], cache=False)
alpha = ws.load().action("alpha")
start = time.monotonic()
result = ws.apply(Update("actions", alpha, ws.data.version("actions", "alpha"), replace(alpha, cout_total=1)))
print(f"refused: {result.message}" if isinstance(result, Refused) else "saved")
print(round(time.monotonic() - start, 1))
"""


def _save_in_a_child(root: Path, timeout: float = 30, **env) -> list[str]:
    done = subprocess.run([sys.executable, "-c", SAVE, str(root)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_fifo_in_place_of_the_lock_does_not_freeze_a_save(mini):
    os.mkfifo(mini.path(LOCK))
    said, seconds = _save_in_a_child(mini.root, timeout=20)  # blocked forever before
    assert said == f"refused: verrou {LOCK} : ce n'est pas un fichier ordinaire : rien n'a été écrit", said
    assert stat.S_ISFIFO(os.lstat(mini.path(LOCK)).st_mode)


def test_a_fifo_in_place_of_the_record_does_not_freeze_a_save(mini):
    s = Editor(mini.root, cache=False)
    alpha = s.load().action("alpha")
    os.unlink(mini.path("actions/alpha.toml"))
    os.mkfifo(mini.path("actions/alpha.toml"))
    with pytest.raises(StoreError, match="n'est pas un fichier ordinaire"):
        s.save("actions", replace(alpha, cout_total=1), alpha)


def test_a_save_stuck_holding_the_lock_makes_others_give_up_not_freeze(mini, monkeypatch):
    """A pvtui stopped (Ctrl+Z, a hung disk) while it holds the lock: the other saves are refused
    after a while, with a message, instead of waiting for ever."""
    if not shutil.which("flock"):
        pytest.skip("flock absent")
    holder = subprocess.Popen(["flock", str(mini.path(LOCK)), "sleep", "60"])
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["flock", "--nonblock", str(mini.path(LOCK)), "true"]).returncode == 0:
            assert time.monotonic() < deadline, "the holder never took the lock"
            time.sleep(0.05)
        said, seconds = _save_in_a_child(mini.root, timeout=30, PVTUI_LOCK_TIMEOUT="1")
        assert said.startswith("refused: un autre enregistrement tient le verrou"), said
        assert float(seconds) < 5
    finally:
        holder.kill()
        holder.wait()
    assert mini.load().action("alpha").cout_total == 10000


def test_a_record_swapped_for_a_fifo_while_read_does_not_freeze(mini):
    """Between the look at a file and its reading, a FIFO takes its place: the read does not block."""
    code = (
        "import os, stat, sys\n"
        "from pvtui.storage.store import Store\n"
        "root = sys.argv[1]; path = os.path.join(root, 'actions', 'alpha.toml')\n"
        "regular = os.lstat(os.path.join(root, 'actions', 'beta.toml'))\n"
        "real = os.lstat\n"
        "def lying(p, *a, **k):\n"
        "    return regular if os.fspath(p) == path else real(p, *a, **k)\n"
        "os.unlink(path); os.mkfifo(path); os.lstat = lying\n"
        "data = Store(root, cache=False).load()\n"
        "print([(p.path, p.message) for p in data.problems])\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(mini.root)], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert "actions/alpha.toml" in done.stdout and "ordinaire" in done.stdout, done.stdout


# --- a folder that cannot be read ------------------------------------------------------


def _drop_root():
    """As root, a prefix that makes the command obey file permissions; () when not root."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv"):
        return ("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-dac_override,-dac_read_search")
    pytest.skip("running as root without setpriv")


def test_an_unreadable_actions_folder_is_an_error_naming_it(mini):
    os.chmod(mini.path("actions"), 0)
    try:
        done = run_pvtui("check", str(mini.root), prefix=_drop_root())
        assert done.returncode == 1, (done.stdout, done.stderr)
        assert "actions/:0: erreur: dossier illisible" in done.stdout, done.stdout
        done = run_pvtui("export", "actions", str(mini.root), prefix=_drop_root())
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.startswith("pvtui export : dossier actions/ illisible"), done.stderr
    finally:
        os.chmod(mini.path("actions"), 0o755)


def test_a_symlink_loop_in_place_of_the_actions_folder_is_an_error(mini):
    shutil.rmtree(mini.path("actions"))
    os.symlink("actions", mini.path("actions"))
    data = mini.load()
    assert [(p.path, p.line, p.niveau) for p in data.problems] == [("actions/", 0, ERREUR)]
    assert "dossier illisible" in data.problems[0].message
    done = run_pvtui("check", str(mini.root))
    assert done.returncode == 1
    done = run_pvtui("export", "rapport", str(mini.root))
    assert done.returncode == 1 and "actions/" in done.stderr


def test_a_missing_bailleurs_folder_is_no_error(mini):
    shutil.rmtree(mini.path("bailleurs"))
    assert [p for p in mini.load().problems if p.niveau == ERREUR] == []


def test_an_unreadable_referentiel_folder_is_reported_not_a_crash(mini):
    os.chmod(mini.path("referentiel"), 0)
    try:
        done = run_pvtui("check", str(mini.root), prefix=_drop_root())
    finally:
        os.chmod(mini.path("referentiel"), 0o755)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1
    assert "referentiel/objectifs.toml:1: erreur: fichier illisible" in done.stdout, done.stdout


def test_root_saving_a_colleagues_record_leaves_it_theirs(mini):
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to someone else")
    why = users.ensure()
    if why:
        pytest.skip(why)
    path = mini.path("actions/alpha.toml")
    os.chown(path, users.uid(users.COLLEAGUE), users.gid())
    s = Editor(mini.root, cache=False)
    alpha = s.load().action("alpha")
    s.save("actions", replace(alpha, cout_total=1), alpha)
    assert (os.stat(path).st_uid, os.stat(path).st_gid) == (users.uid(users.COLLEAGUE), users.gid())
