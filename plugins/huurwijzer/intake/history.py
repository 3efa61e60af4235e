"""The content's history in git: one commit per editors' decision, holding only its files.

``make approve``, ``make verify``, ``make reject`` (when it touched a file) and
``make corporation`` call ``commit_decision`` with the paths they wrote. When the content
folder is inside a git work tree (and ``CONTENT_HISTORY`` is not False), exactly those paths
are committed (``git commit --only -- paths``): whatever else the editor has changed or
staged stays as it was, uncommitted. The message names the decision, the receipt (or record)
and the corporation; it never holds a sender's name, address or e-mail, nor the editors'
free text (a reason or "how checked" may name a person).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The setting that turns the history off (pelicanconf.py: CONTENT_HISTORY = False).
SETTING = "CONTENT_HISTORY"
# When git knows no author (a fresh machine), commits are made in the editors' name.
FALLBACK_IDENTITY = ("Huurwijzer redactie", "redactie@huurwijzer.invalid")


class HistoryError(RuntimeError):
    """git refused the commit; the files are written but not committed."""


@dataclass(frozen=True)
class Decision:
    """What the editors decided, in words that hold no personal data."""

    action: str  # approve, verify, reject, corporation
    subject: str  # the receipt (HW-…) or the record's id
    corporation: str  # the corporation's slug
    summary: str  # one line: what changed

    def message(self) -> str:
        title = f"{self.action} {self.subject}: {self.corporation}: {self.summary}"
        trailers = [
            f"Huurwijzer-Decision: {self.action}",
            f"Huurwijzer-Subject: {self.subject}",
            f"Huurwijzer-Corporation: {self.corporation}",
        ]
        return title + "\n\n" + "\n".join(trailers) + "\n"


def enabled(settings: dict[str, Any]) -> bool:
    value = settings.get(SETTING, True)
    if not isinstance(value, bool):
        raise HistoryError(f"setting {SETTING}: {value!r} is not True or False")
    return value


def _git(top: Path | None, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    command = ["git", "--literal-pathspecs"]
    if top is not None:
        command += ["-C", str(top)]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    result = subprocess.run([*command, *args], capture_output=True, text=True, env=env, check=False)
    if check and result.returncode != 0:
        raise HistoryError(f"git {args[0]}: {(result.stderr or result.stdout).strip()}")
    return result


def work_tree(content: Path) -> Path | None:
    """The top of the git work tree holding ``content``, or None (no git, no repository)."""
    if shutil.which("git") is None or not Path(content).is_dir():
        return None
    found = _git(Path(content), "rev-parse", "--show-toplevel", check=False)
    return Path(found.stdout.strip()) if found.returncode == 0 else None


def _identity(top: Path) -> list[str]:
    if _git(top, "config", "user.email", check=False).stdout.strip():
        return []
    name, email = FALLBACK_IDENTITY
    return ["-c", f"user.name={name}", "-c", f"user.email={email}"]


def commit_decision(
    settings: dict[str, Any], content: Path, paths: Sequence[Path], decision: Decision
) -> str | None:
    """Commit ``paths`` (and nothing else) with the decision's message; the new commit's
    hash, or None when there is no history to write (off, not a repository, no paths)."""
    if not paths or not enabled(settings):
        return None
    top = work_tree(content)
    if top is None:
        return None
    names = [str(Path(p).resolve().relative_to(top.resolve())) for p in paths]
    _git(top, "add", "--", *names)
    if not _git(top, "diff", "--cached", "--quiet", "HEAD", "--", *names, check=False).returncode:
        return None  # the files are as committed already
    identity = _identity(top)
    _commit(top, identity, names, decision.message())
    return _git(top, "rev-parse", "HEAD").stdout.strip()


def _commit(top: Path, identity: list[str], names: list[str], message: str) -> None:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    command = ["git", "--literal-pathspecs", "-C", str(top), *identity, "commit", "--quiet"]
    command += ["--only", "-F", "-", "--", *names]
    result = subprocess.run(
        command, input=message, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise HistoryError(f"git commit: {(result.stderr or result.stdout).strip()}")


def by_hand(paths: Sequence[Path], decision: Decision) -> str:
    """The command an editor can run when the commit failed."""
    names = " ".join(shlex.quote(str(p)) for p in paths)
    message = shlex.quote(f"{decision.action} {decision.subject}")
    return f"git add -- {names} && git commit -m {message} -- {names}"
