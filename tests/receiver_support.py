"""A real receiver process on 127.0.0.1 for the tests, and plain HTTP to talk to it."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from conftest import ENV, ROOT, settings_file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """`python -m huurwijzer.intake.receiver` with its own settings, inbox and log."""

    def __init__(self, folder: Path, content: Path, site: str, port: int | None = None, **settings):
        folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.site = site
        self.inbox = folder / "inbox.sqlite3"
        self.log = folder / "receiver.log"
        overrides = {
            "PATH": str(content),
            "SITEURL": site,
            "REGISTER_TODAY": "2026-11-28",
            "SUBMISSION_ENDPOINT": f"{self.url}/standpunt",
            "RECEIVER_RATE_LIMIT": 100000,
            **settings,
        }
        self.settings = settings_file(folder, **overrides)
        self.process: subprocess.Popen | None = None

    def start(self) -> Receiver:
        env = {
            **ENV,
            "SETTINGS": str(self.settings),
            "RECEIVER_PORT": str(self.port),
            "PORT": "1",  # the preview's port: never the receiver's
            "INBOX": str(self.inbox),
        }
        log = open(self.log, "ab")  # noqa: SIM115 - the process owns it while it runs
        self.process = subprocess.Popen(
            [sys.executable, "-m", "huurwijzer.intake.receiver"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        log.close()
        for _ in range(300):  # until it answers (a readiness poll, not a timing assertion)
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text())
            try:
                if self.get("/health")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the receiver did not start:\n" + self.log.read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    # -- HTTP ------------------------------------------------------------------------------
    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path)

    def post_json(self, document: dict, path: str = "/standpunt", origin: str | None = None):
        headers = {"Content-Type": "application/json", "Origin": origin or self.site}
        return self.request("POST", path, json.dumps(document).encode(), headers)

    def post_form(self, pairs: list[tuple[str, str]], path: str = "/standpunt"):
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.site}
        return self.request("POST", path, urlencode(pairs).encode(), headers)


def form_pairs(document: dict) -> list[tuple[str, str]]:
    """A submission document as the HTML form posts it (dotted names, one pair per box)."""
    pairs: list[tuple[str, str]] = []
    for key, value in document.items():
        if isinstance(value, dict):
            pairs += [(f"{key}.{k}", v or "") for k, v in value.items()]
        elif isinstance(value, list):
            pairs += [(key, v) for v in value] or [(key, "")]
        elif value is not None:
            pairs.append((key, value))
    return pairs


def host_of(url: str) -> str:
    return urlsplit(url).netloc
