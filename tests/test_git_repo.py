"""The git runner: found only inside a work tree, never prompts, errors in French."""

from __future__ import annotations

import subprocess

import pytest

from pvtui.git.repo import GitError, Repo


def test_no_repo_outside_a_work_tree(tmp_path):
    (tmp_path / "data").mkdir()
    assert Repo.find(tmp_path / "data") is None


def test_the_work_tree_holding_a_data_folder(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "data" / "actions").mkdir(parents=True)
    repo = Repo.find(tmp_path / "data" / "actions")
    assert repo is not None and repo.top.resolve() == tmp_path.resolve()
    assert repo.rel(tmp_path / "data" / "actions") == "data/actions"


def test_a_failure_is_a_french_sentence(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    with pytest.raises(GitError, match=r"^git log a échoué : .*does not have any commits"):
        Repo(tmp_path).git("log")


def test_a_remote_asking_for_credentials_never_prompts(tmp_path):
    """An https remote that wants a password fails at once instead of waiting on a prompt."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    repo = Repo(tmp_path)
    repo.git("remote", "add", "origin", "https://127.0.0.1:9/depot.git")
    with pytest.raises(GitError, match="^git fetch a échoué"):
        repo.git("fetch", "origin", timeout=15)
