"""Helpers for the history and deploy tests: a git repository holding a copy of content/,
and make run as an editor would. Nothing here ever commits in the developer's checkout."""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import time
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sshd:
    """Debian's sshd on 127.0.0.1, a free port, with a throwaway host key and user key.

    Its configuration (in ``folder``) allows this user (root here) to log in with the
    user key only, and is used by this server alone: the machine's own sshd_config is never
    read or changed. StrictModes is off because the keys sit below /tmp (writable by all).
    """

    def __init__(self, folder: Path):
        folder.mkdir(parents=True)
        self.folder = folder
        self.port = free_port()
        self.user = getpass.getuser()
        for name in ("host_key", "user_key"):
            keygen = ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name]
            subprocess.run([*keygen, "-f", str(folder / name)], check=True)
        self.identity = folder / "user_key"
        (folder / "authorized_keys").write_text((folder / "user_key.pub").read_text())
        host_public = " ".join((folder / "host_key.pub").read_text().split()[:2])
        self.known_hosts = folder / "known_hosts"
        self.known_hosts.write_text(f"[127.0.0.1]:{self.port} {host_public}\n")
        self.config = folder / "sshd_config"
        self.config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
            f"PidFile {folder / 'sshd.pid'}\nAuthorizedKeysFile {folder / 'authorized_keys'}\n"
            f"AllowUsers {self.user}\nPermitRootLogin prohibit-password\n"
            "PubkeyAuthentication yes\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
            "X11Forwarding no\nAllowTcpForwarding no\nPrintMotd no\nLogLevel VERBOSE\n"
        )
        self.log = folder / "sshd.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Sshd:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["/usr/sbin/sshd", "-D", "-e", "-f", str(self.config)], stdout=log, stderr=log
            )
        for _ in range(200):  # until it accepts connections (readiness, not timing)
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text())
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return self
            time.sleep(0.05)
        raise RuntimeError("sshd did not start:\n" + self.log.read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def settings(self, target: Path) -> dict[str, object]:
        """The deploy settings for this server, as publishconf.py would hold them."""
        return {
            "DEPLOY_TARGET": "rsync",
            "SSH_HOST": "127.0.0.1",
            "SSH_PORT": self.port,
            "SSH_USER": self.user,
            "SSH_TARGET_DIR": str(target),
            "SSH_IDENTITY_FILE": str(self.identity),
            "SSH_KNOWN_HOSTS": str(self.known_hosts),
        }


def publish_settings(folder: Path, **overrides: object) -> Path:
    """A settings file that takes publishconf.py and overrides a few values; the extra rsync
    options come from TEST_RSYNC_OPTIONS, so one test can slow a single upload down."""
    path = folder / f"publish_settings_{len(list(folder.glob('publish_settings_*.py')))}.py"
    lines = ["import os, sys", "sys.path.insert(0, os.getcwd())", "from publishconf import *"]
    lines += [f"{name} = {value!r}" for name, value in overrides.items()]
    lines.append('RSYNC_OPTIONS = os.environ.get("TEST_RSYNC_OPTIONS", "").split()')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fake_site(folder: Path, words: str, big: int = 0) -> Path:
    """A small built site (what make publish leaves behind `output`), optionally with a big
    file that makes its upload take a while."""
    (folder / "corporaties" / "domesta").mkdir(parents=True)
    (folder / "index.html").write_text(f"<!doctype html><title>{words}</title><p>{words}\n")
    (folder / "corporaties" / "domesta" / "index.html").write_text(f"<p>Domesta {words}\n")
    (folder / "style.css").write_text("body { color: #222 }\n")  # the same in every site
    if big:
        (folder / "groot.bin").write_bytes(os.urandom(big))
    return folder
