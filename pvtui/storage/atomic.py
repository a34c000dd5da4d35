"""Durable, atomic file writes: after a crash a file holds its old bytes or its new ones."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, locked: bool = False) -> None:
    """Write so that `path` holds either its old bytes or `data`, even after a crash.

    Temporary file in the same folder, flush and fsync, os.replace, then
    fsync of the folder so that the rename itself is durable. The file keeps
    its permissions (a new one gets 0666 minus the umask): mkstemp's 0600
    would lock the other technicians of a shared folder out. `locked`: the
    caller holds the folder's lock, so the temporary file can have a fixed
    name, which a later save finds without listing the folder.
    """
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = _open_temp(path, locked)
    try:
        with os.fdopen(fd, "wb") as handle:
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
