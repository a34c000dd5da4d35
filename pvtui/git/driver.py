"""`pvtui merge-driver O A B P`: git's merge of a record file, key by key.

Git calls it (registered by `pvtui git-setup`) with the common ancestor O,
the current side A (where the result goes) and the other side B. Keys
changed on one side only are taken from it; the file's comments and layout
are those of A, edited key by key as a save edits them (storage/tomlio.py).

A key both sides changed differently is not left as `<<<<<<<` lines that
pvtui cannot read. The file gets the colleague's value (the upstream
side: A while `git pull --rebase` replays one's own commits, B in a plain
merge), so that what is pushed never overrides a colleague unasked; one's
own version, complete, goes to `.corbeille/<kind>/<id>.conflit.<date>.toml`.
That file is the marker: pvtui lists it in Problèmes and settles it with
the three choices of a local conflict (theirs, mine, a copy). The driver
then exits 0: the conflict is recorded, nothing is lost, and the rebase
can finish rather than stop in a state the TUI cannot continue.
Files that are not TOML pvtui can read get git's own textual merge.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

from pvtui.domain.kinds import KINDS
from pvtui.domain.merge import merge3
from pvtui.git.repo import GitError, Repo
from pvtui.storage.tomlio import SaveRefused, canonical, render
from pvtui.storage.writer import Writer

CONFLICT = "conflit"
"""The label of the version set aside by a merge: `<id>.conflit.<date>.toml`."""
RECORD_FOLDERS = ("actions", "bailleurs", "porteurs", "programmations", "referentiel")


def merge_file(base: Path, ours: Path, theirs: Path, name: str | None, top: Path) -> int:
    """Merge into `ours`; 0 when the file holds a result pvtui reads (a conflict is then set aside)."""
    texts = [_text(path) for path in (base, ours, theirs)]
    where = _where(name, top)
    if None in texts or where is None:
        return _textual(base, ours, theirs)
    dicts = [_toml(text) for text in texts]
    if None in dicts:
        return _textual(base, ours, theirs)
    o, a, b = dicts
    upstream_is_ours = _rebasing(top)
    kept, aside = (a, b) if upstream_is_ours else (b, a)
    merged, conflicts = merge3(o, aside, kept)  # conflicts take the kept side's values
    try:
        result = _rendered(where, texts[1], a, merged)
        aside_text = None
        if conflicts:
            mine, _ = merge3(o, kept, aside)
            source = texts[2] if upstream_is_ours else texts[1]
            aside_text = _rendered(where, source, aside, mine)
    except SaveRefused:  # a comment inside a changed value: git's lines, for a person
        return _textual(base, ours, theirs)
    if aside_text is not None:
        root, folder, stem = where
        Writer(root).keep(folder, stem, CONFLICT, aside_text.encode("utf-8"))
    ours.write_text(result, encoding="utf-8")
    return 0


def _rendered(where: tuple[Path, str, str], text: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """`new` written over `text` (which holds `old`): canonical when pvtui wrote it, else edited key by key."""
    _, folder, stem = where
    kind = KINDS.get(folder)
    if kind is not None:
        before, issues = kind.from_dict(stem, old)
        after, later = kind.from_dict(stem, new)
        if not issues and not later and text == canonical(kind.to_dict(before)):
            return canonical(kind.to_dict(after))
    return render(text, old, new)


def _where(name: str | None, top: Path) -> tuple[Path, str, str] | None:
    """(data folder, record folder, file stem) of the repository path git names, or None."""
    if not name:
        return None
    path = PurePosixPath(name)
    if len(path.parts) < 2 or path.parts[-2] not in RECORD_FOLDERS or path.suffix != ".toml":
        return None
    return top.joinpath(*path.parts[:-2]), path.parts[-2], path.stem


def _text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _toml(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _rebasing(top: Path) -> bool:
    """Whether git is replaying commits (`pull --rebase`): then A is upstream, B one's own."""
    repo = Repo(top)
    try:
        return any(Path(top, repo.git("rev-parse", "--git-path", name).strip()).exists()
                   for name in ("rebase-merge", "rebase-apply"))
    except GitError:
        return False


def _textual(base: Path, ours: Path, theirs: Path) -> int:
    """Git's own line merge (conflict markers in `ours`): 0 clean, 1 conflict."""
    done = subprocess.run(["git", "merge-file", "-L", "ici", "-L", "ancêtre", "-L", "autre",
                           str(ours), str(base), str(theirs)], capture_output=True)
    return 0 if done.returncode == 0 else 1
