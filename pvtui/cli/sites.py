"""The commands of several sites through git: `sync`, `git-setup`, `merge-driver`, `historique`, `corbeille`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pvtui.cli.common import data_dir
from pvtui.domain.fmt import count_of


def cmd_sync(args: argparse.Namespace) -> int:
    from pvtui.git.repo import GitError, Repo
    from pvtui.git.sync import sync

    root = data_dir(args.data_dir)
    repo = Repo.find(root)
    if repo is None:
        print(f"pvtui sync : {root} n'est pas dans un dépôt git (voir « Travailler à plusieurs sites »)", file=sys.stderr)
        return 2
    try:
        print(sync(repo, root))
    except GitError as error:
        print(f"pvtui sync : {error}", file=sys.stderr)
        return 1
    from pvtui.git.pending import pending_problems

    for problem in pending_problems(root):
        print(f"pvtui sync : {problem}", file=sys.stderr)
    return 0


def cmd_git_setup(args: argparse.Namespace) -> int:
    from pvtui.git.repo import GitError
    from pvtui.git.setup import setup

    try:
        for line in setup(data_dir(args.data_dir)):
            print(line)
    except GitError as error:
        print(f"pvtui git-setup : {error}", file=sys.stderr)
        return 2
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from pvtui.git.driver import merge_file

    return merge_file(Path(args.base), Path(args.ours), Path(args.theirs), args.name, Path.cwd())


def cmd_historique(args: argparse.Namespace) -> int:
    from pvtui.domain.fmt import date_time
    from pvtui.domain.kinds import ACTIONS, BAILLEURS, PORTEURS
    from pvtui.domain.problem import printable
    from pvtui.git.history import NoHistory, history
    from pvtui.git.repo import GitError
    from pvtui.storage.layout import StoreError
    from pvtui.storage.store import Store

    root = data_dir(args.data_dir)
    kind, id = next((k, v) for k, v in ((ACTIONS, args.action), (BAILLEURS, args.bailleur), (PORTEURS, args.porteur))
                    if v)
    try:
        versions = history(root, kind, id, Store(root).load())
    except NoHistory as error:
        print(f"pvtui historique : {error}", file=sys.stderr)
        return 1
    except (GitError, StoreError) as error:
        print(f"pvtui historique : {error}", file=sys.stderr)
        return 2
    if not versions:
        print(f"pvtui historique : {kind}/{id}.toml n'a aucune version dans git (jamais enregistré par git commit)",
              file=sys.stderr)
        return 1
    print(f"{kind}/{id}.toml : {count_of(len(versions), 'version')}, de la plus récente à la plus ancienne")
    for version in versions:
        commit = f"  ({version.commit[:8]})" if version.commit else ""
        # Names, messages and values are anyone's text: never a terminal sequence.
        print(f"\n{date_time(version.when)}  {printable(version.author)}  « {printable(version.subject)} »{commit}")
        for change in version.changes:
            print(f"    {printable(change)}")
    return 0


def cmd_corbeille(args: argparse.Namespace) -> int:
    from pvtui.domain.fmt import date_time
    from pvtui.domain.problem import printable
    from pvtui.workspace.corbeille import entries

    listed = entries(data_dir(args.data_dir))
    print(f"Corbeille : {count_of(len(listed), 'fichier')}, du plus récent au plus ancien" if listed
          else "La corbeille est vide.")
    for entry in listed:
        who = f", par {printable(entry.who)}" if entry.who else ""
        print(f"{date_time(entry.when)}  {entry.kind}  « {printable(entry.title)} » {entry.what}{who}  {entry.rel}")
    return 0
