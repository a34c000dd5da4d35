"""Durable, atomic file writes: after a crash a file holds its old bytes or its new ones."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, locked: bool = False, shared: bool = True) -> None:
    """Write so that `path` holds either its old bytes or `data`, even after a crash.

    Temporary file in the same folder, flush and fsync, os.replace, then
    fsync of the folder so that the rename itself is durable. A final
    symlink is replaced, never written through. `locked`: the caller holds
    the folder's lock, so the temporary file can have a fixed name, which a
    later save finds without listing the folder.

    The new file keeps the mode and the group of the one it replaces (and
    its owner, when root writes it): mkstemp's 0600 and the saver's own
    group would lock the other technicians of a shared folder out. A new
    file gets 0666 minus the umask and, when `shared` (the data folder's
    files, not an export), the folder's group and the group permissions
    the folder has, whatever the umask (as git's core.sharedRepository).
    Not `shared`, a file of someone else's is replaced by one of the
    saver's own (an export over another user's file in /tmp is not theirs).
    """
    try:
        st = os.lstat(path)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode) and (shared or st.st_uid == os.geteuid()):
        mode, owner, group = stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid
    else:
        mode, group = new_file_mode(path.parent, shared)
        owner = -1
    fd, tmp = _open_temp(path, locked)
    try:
        with os.fdopen(fd, "wb") as handle:
            give(handle.fileno(), owner, group)
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def new_file_mode(folder: Path, shared: bool = True) -> tuple[int, int]:
    """(mode, group) of a new file in `folder`: 0666 minus the umask, plus (`shared`) the
    read and write permissions the folder gives its group, and the folder's group (-1: the
    saver's own, when not `shared`)."""
    mode = 0o666 & ~_umask()
    if not shared:
        return mode, -1
    try:
        st = os.stat(folder)
    except OSError:
        return mode, -1
    return mode | (st.st_mode & 0o060), st.st_gid


def give(fd: int, owner: int, group: int) -> None:
    """The file's group (and owner, for root) as asked, where the saver may: a saver who is
    not a member of the group keeps their own (`pvtui check` then says who cannot read it)."""
    st = os.fstat(fd)
    owner = owner if os.geteuid() == 0 and owner not in (-1, st.st_uid) else -1
    group = group if group not in (-1, st.st_gid) else -1
    if owner != -1 or group != -1:
        with contextlib.suppress(OSError):
            os.fchown(fd, owner, group)


def temp_name(name: str) -> str:
    """The fixed temporary file of a save under the lock (matches `.<name>.*.tmp`)."""
    return f".{name}.pvtui.tmp"


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_temp(path: Path, locked: bool) -> tuple[int, str]:
    if locked:
        tmp = os.path.join(path.parent, temp_name(path.name))
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # left by a save that was killed
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600), tmp
        except FileExistsError:
            pass  # something that is not a file sits there: take a random name
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: read it by setting it (not thread-safe, rare)
    os.umask(mask)
    return mask
