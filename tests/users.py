"""Local users and a group for the shared-server tests: an attacker, a colleague, their team.

As root (as CI runs), `ensure()` creates them once (`.ci/run` runs this file
first); elsewhere the tests that need them skip. Run by hand:
`python tests/users.py` (as root).
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import sys

ATTACKER = "pvtui-mallory"
"""Another user of the server, who plants files where others will read them."""
COLLEAGUE = "pvtui-bob"
"""A technician of the same team (member of GROUP)."""
GROUP = "pvtui-equipe"
"""The team's group, which a shared data folder belongs to."""


def ensure() -> str | None:
    """None when the users and the group exist (created if need be), else why they cannot."""
    if missing() is None:
        return None
    if os.geteuid() != 0:
        return "needs root to create local users"
    if not (shutil.which("useradd") and shutil.which("groupadd")):
        return "useradd/groupadd not installed"
    try:
        if _group(GROUP) is None:
            subprocess.run(["groupadd", GROUP], check=True, capture_output=True)
        for name, groups in ((ATTACKER, []), (COLLEAGUE, [GROUP])):
            if _user(name) is None:
                extra = ["-G", ",".join(groups)] if groups else []
                subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", *extra, name],
                               check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        return f"cannot create users: {error}"
    return missing()


def missing() -> str | None:
    for name in (ATTACKER, COLLEAGUE):
        if _user(name) is None:
            return f"user {name} absent"
    if _group(GROUP) is None:
        return f"group {GROUP} absent"
    return None


def uid(name: str) -> int:
    return pwd.getpwnam(name).pw_uid


def gid(name: str = GROUP) -> int:
    return grp.getgrnam(name).gr_gid


def as_user(name: str) -> list[str]:
    """A command prefix that runs as `name` with its own groups (and no capability of root's)."""
    return ["setpriv", f"--reuid={name}", f"--regid={name}", "--init-groups", "--"]


def _user(name: str):
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _group(name: str):
    try:
        return grp.getgrnam(name)
    except KeyError:
        return None


if __name__ == "__main__":
    why = ensure()
    print(why or f"users {ATTACKER}, {COLLEAGUE} and group {GROUP} ready")
    sys.exit(0)
