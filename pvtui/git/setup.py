"""`pvtui git-setup`: the merge driver registered in the repository, the data files pointed at it.

Idempotent: what is already in place is left as it is, and said so.
`.gitattributes` and `.gitignore` are committed (every clone needs them);
the driver's command is in `.git/config`, which git never shares: each
site runs `pvtui git-setup` once after its `git clone`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from pvtui.domain.fmt import count_of
from pvtui.git.commit import Committer
from pvtui.git.driver import RECORD_FOLDERS
from pvtui.git.repo import GitError, Repo

NAME = "pvtui : fusion clé par clé des fiches TOML"


def command() -> str:
    """How git starts this pvtui: its script when it is on the PATH, else this Python with `-m pvtui`."""
    script = shutil.which("pvtui")
    own = Path(sys.executable).parent / "pvtui"
    if own.exists():
        script = str(own)
    return shlex.quote(script) if script else f"{shlex.quote(sys.executable)} -m pvtui"


def setup(folder: Path) -> list[str]:
    """Set the repository holding `folder` up; the French lines saying what was done. GitError if none."""
    repo = Repo.find(folder)
    if repo is None:
        raise GitError(f"{folder} n'est pas dans un dépôt git : faites d'abord « git init » ou « git clone »")
    prefix = repo.rel(folder)
    prefix = "" if prefix == "." else prefix + "/"
    said = []
    patterns = [f"/{prefix}{name}/*.toml merge=pvtui" for name in RECORD_FOLDERS]
    said.append(_lines(repo.top / ".gitattributes", patterns, "pilote de fusion pour les fiches"))
    said.append(_lines(repo.top / ".gitignore", [f"/{prefix}.pvtui.lock"], "verrou de pvtui ignoré"))
    driver = f"{command()} merge-driver %O %A %B %P"
    if _config(repo, "merge.pvtui.driver") == driver and _config(repo, "merge.pvtui.name") == NAME:
        said.append("Pilote de fusion « pvtui » déjà enregistré dans .git/config.")
    else:
        repo.git("config", "merge.pvtui.name", NAME)
        repo.git("config", "merge.pvtui.driver", driver)
        said.append(f"Pilote de fusion enregistré dans .git/config : {driver}")
    warning = Committer(folder).commit([os.path.relpath(repo.top / name, folder) for name in (".gitattributes", ".gitignore")],
                                       "pvtui git-setup : fusion clé par clé des fiches")
    if warning:
        said.append(warning)
    return said


def _lines(path: Path, wanted: list[str], what: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    missing = [line for line in wanted if line not in text.splitlines()]
    if not missing:
        return f"{path.name} : déjà en place ({what})."
    with open(path, "a", encoding="utf-8") as out:
        out.write(("" if not text or text.endswith("\n") else "\n") + "\n".join(missing) + "\n")
    return f"{path.name} : {count_of(len(missing), 'ligne ajoutée', 'lignes ajoutées')} ({what})."


def _config(repo: Repo, key: str) -> str | None:
    try:
        return repo.git("config", "--local", "--get", key).strip()
    except GitError:
        return None
