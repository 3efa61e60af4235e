"""Helpers for the history and deploy tests: a git repository holding a copy of content/,
and make run as an editor would. Nothing here ever commits in the developer's checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

# The editor's identity in the temporary repositories (never the machine's own config).
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Redactie Test",
    "GIT_AUTHOR_EMAIL": "redactie@test.invalid",
    "GIT_COMMITTER_NAME": "Redactie Test",
    "GIT_COMMITTER_EMAIL": "redactie@test.invalid",
}


def git(repo: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    assert not check or result.returncode == 0, result.stderr
    return result.stdout


def content_repo(tmp_path: Path) -> Path:
    """A new git repository with a copy of the real content/ committed; returns content/."""
    repo = tmp_path / "redactie"
    content = repo / "content"
    shutil.copytree(ROOT / "content", content)
    assert not (tmp_path / ".git").exists()
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "content")
    git(repo, "commit", "--quiet", "-m", "content as it is")
    return content


def make(target: str, env: dict[str, str], **arguments: str) -> subprocess.CompletedProcess:
    """`make TARGET NAME=value …` in the project, as a person runs it."""
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(ROOT), target]
        + [f"{name}={value}" for name, value in arguments.items()],
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **GIT_ENV, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
