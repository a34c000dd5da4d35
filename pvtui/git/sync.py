"""Sync: `git pull --rebase` (a fetch, then the rebase under the folder's lock) then `git push`,
never a prompt; and the status the view bar shows.

The pull replays this site's commits (one per save) over the colleagues';
a record both changed is merged key by key by `pvtui merge-driver` (see
driver.py), which records a real conflict for pvtui to settle instead of
stopping. If git still stops (a file outside the records, a driver not
set up), the rebase is undone: the folder is left as it was before the sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pvtui.domain.fmt import count_of
from pvtui.git.commit import Committer
from pvtui.git.repo import TIMEOUT, GitError, Repo
from pvtui.storage.layout import StoreError

LOCK_NAME = ".pvtui.lock"


@dataclass(frozen=True)
class Status:
    """Where the data folder stands against its upstream branch (as of the last fetch)."""

    ahead: int = 0
    behind: int = 0
    dirty: bool = False
    """Files of the folder changed or added but not committed."""
    upstream: bool = True

    def label(self) -> str:
        if self.dirty:
            return "modifications non enregistrées"
        if not self.upstream:
            return "sans dépôt distant"
        parts = ([f"{self.ahead} en avance"] if self.ahead else []) + ([f"{self.behind} en retard"] if self.behind else [])
        return ", ".join(parts) or "à jour"

    def short(self) -> str:
        """The label in two or three signs, for a narrow terminal: ✓ ↑2 ↓1 ✎."""
        if self.dirty:
            return "✎"
        if not self.upstream:
            return "∅"
        return (f"↑{self.ahead}" if self.ahead else "") + (f"↓{self.behind}" if self.behind else "") or "✓"

    def sign(self) -> str:
        """One sign, when even the counts do not fit (80 columns, ten saves ahead): ↑ ↓ ↕ ✓ ✎ ∅."""
        short = self.short()
        return "↕" if self.ahead and self.behind else short[0]


def status(repo: Repo, folder: Path) -> Status:
    """`git status --porcelain=v2 --branch` on the data folder only."""
    out = repo.git("status", "--porcelain=v2", "--branch", "--", repo.rel(folder))
    ahead = behind = 0
    upstream = dirty = False
    for line in out.splitlines():
        if line.startswith("# branch.upstream "):
            upstream = True
        elif line.startswith("# branch.ab "):
            plus, minus = line.split()[2:4]
            ahead, behind = int(plus), -int(minus)
        elif line and not line.startswith("#") and not line.endswith(LOCK_NAME):
            dirty = True
    return Status(ahead, behind, dirty, upstream)


def sync(repo: Repo, folder: Path, timeout: float = TIMEOUT, committer: Committer | None = None) -> str:
    """Pull (rebase) then push; a French summary, or GitError with a French reason (nothing half done)."""
    before = status(repo, folder)
    if not before.upstream:
        raise GitError("pas de dépôt distant pour cette branche : une première fois, "
                       "« git push -u origin main » (ou clonez le dépôt partagé)")
    upstream = repo.git("rev-parse", "@{u}").strip()
    try:
        repo.git("fetch", "--quiet", timeout=timeout)  # the slow part, saves go on meanwhile
    except GitError as error:
        raise GitError(_reason(error, "récupération")) from None
    # The rebase rewrites the files: no save (nor its commit) may land in the middle of it.
    try:
        with (committer or Committer(folder)).paused():
            _rebase(repo, timeout)
    except StoreError as error:  # the folder's lock: a save that does not end
        raise GitError(f"synchronisation impossible : {error}") from None
    pulled = status(repo, folder)
    received = _count(repo, f"{upstream}..@{{u}}")  # before the push moves the upstream
    if pulled.ahead:
        try:
            repo.git("push", "--quiet", timeout=timeout)
        except GitError as error:
            raise GitError(_reason(error, "envoi")) from None
    if not received and not pulled.ahead:
        return "Déjà à jour : rien à recevoir ni à envoyer."
    return (f"Synchronisé : {count_of(received, 'modification reçue', 'modifications reçues')}, "
            f"{count_of(pulled.ahead, 'modification envoyée', 'modifications envoyées')}.")


def _rebase(repo: Repo, timeout: float) -> None:
    try:
        repo.git("rebase", "--no-autostash", "--quiet", timeout=timeout)
    except GitError as error:
        if _stopped(repo):
            _abort(repo)
            raise GitError(f"conflit que pvtui ne peut pas fusionner ({_why(error)}) : synchronisation annulée, "
                           "le dossier est comme avant ; réglez-le avec git (git pull --rebase)") from None
        raise GitError(_reason(error, "fusion")) from None


def _count(repo: Repo, commits: str) -> int:
    try:
        return int(repo.git("rev-list", "--count", commits).strip() or 0)
    except (GitError, ValueError):
        return 0


def _stopped(repo: Repo) -> bool:
    try:
        return any(Path(repo.top, repo.git("rev-parse", "--git-path", name).strip()).exists()
                   for name in ("rebase-merge", "rebase-apply"))
    except GitError:
        return False


def _abort(repo: Repo) -> None:
    try:
        repo.git("rebase", "--abort")
    except GitError:
        pass


def _why(error: GitError) -> str:
    return str(error).split(" : ", 1)[-1]


CREDENTIALS = ("could not read username", "could not read password", "authentication failed",
               "terminal prompts disabled", "permission denied", "host key verification failed")
UNREACHABLE = ("could not resolve host", "failed to connect", "connection refused", "does not appear to be a git",
               "unable to access", "connection timed out", "no such file or directory", "could not read from remote")


def _reason(error: GitError, step: str) -> str:
    said = str(error).lower()
    if "n'a pas répondu" in said:
        return f"{error} : le dépôt distant ne répond pas ; rien n'a été changé"
    if any(text in said for text in CREDENTIALS):
        return (f"{step} impossible : le dépôt distant demande un identifiant ou une clé que pvtui ne peut pas saisir "
                "(configurez une clé SSH ou un gestionnaire d'identifiants git) ; rien n'a été changé")
    if "unstaged changes" in said or "uncommitted changes" in said or "your local changes" in said:
        return (f"{step} impossible : des fichiers du dépôt sont modifiés sans être enregistrés dans git "
                "(modifications faites hors de pvtui) ; enregistrez-les (git commit) ou mettez-les de côté (git stash)")
    if "rejected" in said or "fetch first" in said or "non-fast-forward" in said:
        return f"{step} refusé : le dépôt distant a changé entre-temps ; relancez la synchronisation"
    if any(text in said for text in UNREACHABLE):
        return f"{step} impossible : dépôt distant injoignable ({_why(error)}) ; rien n'a été changé"
    return f"{step} impossible : {_why(error)}"
