"""Deploys, named as Pelican's own Makefile names them, configured in publishconf.py.

  make rsync_upload   the published build over SSH into a new release folder on the server,
                      then the link `current` switched to it in one step (a rename)
  make rollback       `current` back to the release that was live before it
  make github         the published build to the gh-pages branch with ghp-import (.nojekyll)

On the server (SSH_TARGET_DIR) the layout is::

    releases/000041/  releases/000042/  current -> releases/000042

The web server's root is `current`. An upload goes into `releases/NNNNNN.partial` (rsync,
unchanged files hard-linked from the current release with --link-dest, so only what changed
travels); only a complete upload is renamed to `NNNNNN` and only then is `current` replaced,
by renaming a new link over it. A deploy killed at any moment leaves the old release serving,
whole; the next deploy removes what the killed one left. The link `previous` names the
release that was live before; the newest DEPLOY_KEEP_RELEASES releases and that one stay,
and `make rollback` switches `current` back to it. One deploy or rollback at a time: each
holds a lock on the server (``flock``) for as long as it runs.

Usage: python -m huurwijzer.commands.deploy rsync_upload|rollback|github
(SETTINGS, default publishconf.py, and OUTPUT, default output, from the environment).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huurwijzer.intake import history

COMMANDS = ("rsync_upload", "rollback", "github")
TARGETS = ("rsync", "github", "none")

# name: (default, type, what is expected); the values live in publishconf.py.
DECLARED: dict[str, tuple[Any, type, str]] = {
    "DEPLOY_TARGET": ("rsync", str, "rsync, github or none"),
    "SSH_HOST": ("", str, "the server's host name (or a Host from ~/.ssh/config)"),
    "SSH_PORT": (22, int, "a port number"),
    "SSH_USER": ("", str, "a user name, or empty for ssh's own choice"),
    "SSH_TARGET_DIR": ("/srv/huurwijzer", str, "an absolute folder on the server"),
    "SSH_IDENTITY_FILE": ("", str, "a private key file, or empty for ssh's own"),
    "SSH_KNOWN_HOSTS": ("", str, "a known_hosts file, or empty for ~/.ssh/known_hosts"),
    "RSYNC_OPTIONS": ([], list, "a list of extra rsync options, e.g. ['--bwlimit=500']"),
    "DEPLOY_KEEP_RELEASES": (5, int, "how many releases stay on the server (2 or more)"),
    "GITHUB_PAGES_BRANCH": ("gh-pages", str, "a branch name"),
    "GITHUB_PAGES_REMOTE": ("origin", str, "a git remote's name or address, or empty"),
}

# Run on the server by `sh -s -- ARGS` (POSIX sh and GNU coreutils' `mv -T`).
PREPARE = r"""set -eu
mkdir -p "$1/releases"
cd "$1"
rm -rf releases/*.partial
current=$(readlink current 2>/dev/null || true)
echo "current ${current#releases/}"
for r in releases/*; do [ -d "$r" ] && echo "release ${r#releases/}"; done
exit 0
"""
FINISH = r"""set -eu
cd "$1"; release=$2; keep=$3
mv -T "releases/$release.partial" "releases/$release"
was=$(readlink current 2>/dev/null || true)
ln -sfn "releases/$release" .current.new
mv -T .current.new current
if [ -n "$was" ]; then ln -sfn "$was" .previous.new; mv -T .previous.new previous; fi
previous=$(readlink previous 2>/dev/null || true)
for old in $(ls -1 releases | grep -E '^[0-9]+$' | sort -r | tail -n +$((keep + 1))); do
  if [ "releases/$old" != "$previous" ]; then rm -rf "releases/$old"; fi
done
exit 0
"""
ROLLBACK = r"""set -eu
cd "$1"
current=$(readlink current 2>/dev/null || true)
back=$(readlink previous 2>/dev/null || true)
if [ -z "$back" ] || [ ! -d "$back" ]; then
  back=$(ls -1 releases | grep -E '^[0-9]+$' | sort \
    | awk -v c="${current#releases/}" '$0 < c' | tail -n 1)
  if [ -n "$back" ]; then back="releases/$back"; fi
fi
if [ -z "$back" ]; then echo "there is no earlier release to go back to" >&2; exit 3; fi
ln -sfn "$back" .current.new
mv -T .current.new current
ln -sfn "$current" .previous.new
mv -T .previous.new previous
echo "${current#releases/} ${back#releases/}"
"""


class DeployError(RuntimeError):
    """A deploy that could not be done; the message says what to do."""


@dataclass(frozen=True)
class Deployed:
    where: str  # the release folder, or the branch's commit
    changed: list[str]  # files of the build that differ from what was live before


def deploy_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The deploy settings, each present and of its declared type."""
    found = {}
    for name, (default, kind, expected) in DECLARED.items():
        value = settings.get(name, default)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise DeployError(f"setting {name}: {value!r} is not {expected} (publishconf.py)")
        found[name] = value
    if found["DEPLOY_TARGET"] not in TARGETS:
        raise DeployError(
            f"setting DEPLOY_TARGET: {found['DEPLOY_TARGET']!r} is not rsync, "
            "github or none (publishconf.py)"
        )
    if found["DEPLOY_KEEP_RELEASES"] < 2:
        raise DeployError("setting DEPLOY_KEEP_RELEASES: keep 2 or more, or rollback cannot work")
    return found


def ssh_command(cfg: dict[str, Any]) -> list[str]:
    if not cfg["SSH_HOST"]:
        raise DeployError(
            "no server is set: give SSH_HOST (and SSH_TARGET_DIR) in publishconf.py; "
            "see docs/publiceren.md"
        )
    if not cfg["SSH_TARGET_DIR"].startswith("/"):
        raise DeployError(f"setting SSH_TARGET_DIR: {cfg['SSH_TARGET_DIR']!r} is not absolute")
    command = ["ssh", "-p", str(cfg["SSH_PORT"]), "-o", "BatchMode=yes"]
    if cfg["SSH_IDENTITY_FILE"]:
        key = os.path.expanduser(cfg["SSH_IDENTITY_FILE"])
        command += ["-i", key, "-o", "IdentitiesOnly=yes"]
    if cfg["SSH_KNOWN_HOSTS"]:
        known = os.path.expanduser(cfg["SSH_KNOWN_HOSTS"])
        command += ["-o", f"UserKnownHostsFile={known}"]
    return command


def _host(cfg: dict[str, Any]) -> str:
    return f"{cfg['SSH_USER']}@{cfg['SSH_HOST']}" if cfg["SSH_USER"] else cfg["SSH_HOST"]


def _on_server(cfg: dict[str, Any], script: str, *args: str) -> str:
    """Run ``script`` with ``sh`` on the server; its output."""
    remote = "sh -s -- " + shlex.join([cfg["SSH_TARGET_DIR"], *args])
    result = subprocess.run(
        [*ssh_command(cfg), _host(cfg), remote], input=script, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise DeployError(f"on the server {_host(cfg)}: {result.stderr.strip() or 'failed'}")
    return result.stdout


def reachable(settings: dict[str, Any]) -> None:
    """Refuse, before anything changes, a target that cannot work: no server or no way in
    (the server is asked once over ssh), or GitHub Pages without a repository."""
    cfg = deploy_settings(settings)
    if cfg["DEPLOY_TARGET"] == "rsync":
        _on_server(cfg, 'test -d "$1" || mkdir -p "$1"\n')
    elif cfg["DEPLOY_TARGET"] == "github" and history.work_tree(Path(settings["PATH"])) is None:
        raise DeployError("DEPLOY_TARGET is github, but the content folder is in no git repository")


def _next_release(listing: str) -> tuple[str, str]:
    """(the current release, the name of the next) from PREPARE's output."""
    current, numbers = "", [0]
    for line in listing.splitlines():
        kind, _, name = line.partition(" ")
        if kind == "current":
            current = name
        elif kind == "release" and re.fullmatch(r"[0-9]+", name):
            numbers.append(int(name))
    return current, f"{max(numbers) + 1:06d}"


def built(output: Path) -> Path:
    """The build behind ``output`` (the link make publish switches); refuse a missing one."""
    if not (output / "index.html").is_file():
        raise DeployError(f"{output}/ holds no built site: run make publish first")
    return output.resolve()


@contextlib.contextmanager
def server_lock(cfg: dict[str, Any]) -> Iterator[None]:
    """One deploy or rollback at a time: a lock on the server (util-linux `flock`) held by
    an ssh session for as long as this process runs. When the process ends, however it ends,
    the connection closes and the lock is gone, so a killed deploy never blocks the next."""
    folder = shlex.quote(cfg["SSH_TARGET_DIR"])
    hold = f"mkdir -p {folder} && exec flock -n {folder}/.deploy.lock sh -c 'echo locked; cat'"
    lock = subprocess.Popen(
        [*ssh_command(cfg), _host(cfg), hold],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert lock.stdin is not None and lock.stdout is not None
    if lock.stdout.readline() != b"locked\n":
        lock.stdin.close()
        lock.wait()
        problem = lock.stderr.read().decode(errors="replace").strip() if lock.stderr else ""
        raise DeployError(
            problem
            and f"on the server {_host(cfg)}: {problem}"
            or "another deploy or rollback is running on the server; try again when it is done"
        )
    try:
        yield
    finally:
        lock.stdin.close()  # cat ends, flock lets go
        lock.wait()


def rsync_upload(cfg: dict[str, Any], output: Path) -> Deployed:
    """Upload a new release next to the current one, then switch `current` to it."""
    source = built(output)
    with server_lock(cfg):
        return _upload(cfg, source)


def _upload(cfg: dict[str, Any], source: Path) -> Deployed:
    current, release = _next_release(_on_server(cfg, PREPARE))
    base = cfg["SSH_TARGET_DIR"].rstrip("/") + "/releases"
    command = ["rsync", "--recursive", "--links", "--perms", "--checksum", "--delete"]
    command += ["--chmod=Du=rwx,go=rx,Fu=rw,go=r", "--out-format=%i %n", *cfg["RSYNC_OPTIONS"]]
    if current:  # unchanged files become hard links to the current release's
        command.append(f"--link-dest=../{current}/")
    command += [
        "-e",
        shlex.join(ssh_command(cfg)),
        f"{source}/",
        f"{_host(cfg)}:{base}/{release}.partial/",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise DeployError(
            f"rsync stopped ({result.returncode}): {result.stderr.strip()}; "
            "the site that was live is still live"
        )
    _on_server(cfg, FINISH, release, str(cfg["DEPLOY_KEEP_RELEASES"]))
    changed = [line[12:] for line in result.stdout.splitlines() if line[:2] in ("<f", ">f")]
    return Deployed(f"{base}/{release}", changed)


def rollback(cfg: dict[str, Any]) -> str:
    """Switch `current` back to the release that was live before (`previous`); what was
    done, in words. Twice in a row returns to where it started."""
    with server_lock(cfg):
        was, now = _on_server(cfg, ROLLBACK).split()
    return f"current is release {now} again (was {was})"


def github_rollback(cfg: dict[str, Any], repo: Path | None) -> str:
    """A new commit on the pages branch with the files of the one before (pushed)."""
    if repo is None:
        raise DeployError("make rollback needs the content folder in a git repository")
    branch, remote = cfg["GITHUB_PAGES_BRANCH"], cfg["GITHUB_PAGES_REMOTE"]
    if remote:
        _git(repo, "fetch", "--quiet", remote, f"{branch}:{branch}", check=False)
    previous = _git(repo, "rev-parse", "--verify", "--quiet", f"{branch}~1", check=False)
    if not previous:
        raise DeployError(f"the branch {branch} has no earlier version to go back to")
    message = f"Roll back to {previous[:12]}"
    tree = f"{previous}^{{tree}}"
    commit = _git(repo, "commit-tree", tree, "-p", branch, "-m", message)
    _git(repo, "update-ref", f"refs/heads/{branch}", commit)
    if remote:
        _git(repo, "push", "--quiet", remote, branch)
    return f"{branch} holds the site of {previous[:12]} again (commit {commit[:12]})"


def _git(repo: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise DeployError(f"git {args[0]}: {result.stderr.strip()}")
    return result.stdout.strip()


def github(cfg: dict[str, Any], output: Path, repo: Path | None) -> Deployed:
    """The build to the gh-pages branch with ghp-import (and pushed to the remote)."""
    source = built(output)
    if repo is None:
        raise DeployError("make github needs the content folder in a git repository")
    branch, remote = cfg["GITHUB_PAGES_BRANCH"], cfg["GITHUB_PAGES_REMOTE"]
    if remote:  # start from what is published, when the remote has it
        _git(repo, "fetch", "--quiet", remote, f"{branch}:{branch}", check=False)
    before = _git(repo, "rev-parse", "--verify", "--quiet", branch, check=False)
    command = [sys.executable, "-m", "ghp_import", "-n", "-b", branch, "-m", "Publish the site"]
    if remote:
        command += ["-p", "-r", remote]
    result = subprocess.run([*command, str(source)], cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        raise DeployError(f"ghp-import: {(result.stderr or result.stdout).strip()}")
    after = _git(repo, "rev-parse", branch)
    if before:
        changed = _git(repo, "diff", "--name-only", before, after).splitlines()
    else:
        changed = _git(repo, "ls-tree", "-r", "--name-only", after).splitlines()
    return Deployed(f"{branch} {after[:12]}", changed)


def deploy(settings: dict[str, Any], output: Path) -> Deployed | None:
    """Deploy to DEPLOY_TARGET; None for `none` (the host builds from git itself)."""
    cfg = deploy_settings(settings)
    if cfg["DEPLOY_TARGET"] == "rsync":
        return rsync_upload(cfg, output)
    if cfg["DEPLOY_TARGET"] == "github":
        return github(cfg, output, history.work_tree(Path(settings["PATH"])))
    return None


def run(command: str, settings: dict[str, Any], output: Path) -> str:
    """One deploy command; what was done, in words."""
    cfg = deploy_settings(settings)
    repo = history.work_tree(Path(settings["PATH"]))
    if command == "rollback":
        if cfg["DEPLOY_TARGET"] == "github":
            return "Rolled back: " + github_rollback(cfg, repo)
        return "Rolled back: " + rollback(cfg)
    done = github(cfg, output, repo) if command == "github" else rsync_upload(cfg, output)
    return f"Deployed to {done.where}: {len(done.changed)} files changed."


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    from pelican.settings import read_settings

    try:
        settings = read_settings(os.environ.get("SETTINGS") or "publishconf.py")
        print(run(argv[0], settings, Path(os.environ.get("OUTPUT") or "output")))
    except (DeployError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
