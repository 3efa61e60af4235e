"""Shared fixtures: real builds into temporary folders, a local server, a real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from huurwijzer.core.clock import Clock

ROOT = Path(__file__).resolve().parents[1]

# The tests' one clock. Every rule, build, command and receiver the tests start reads this
# day (through SOURCE_DATE_EPOCH when a test does not pin REGISTER_TODAY itself), never the
# machine's date: `make test` runs the date-dependent tests again with the machine's clock
# moved a year ahead and a year behind (faketime), and they must pass the same.
TEST_DAY = date(2026, 11, 28)
TEST_CLOCK = Clock(TEST_DAY)
NOW = datetime.combine(TEST_DAY, time(10, 30), UTC)
os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(TEST_DAY, time(12), UTC).timestamp()))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Tests that build a whole site, drive a browser or talk to a running receiver carry the
# `slow` marker (`make test-fast` skips them). A test that uses one of these fixtures without
# the marker is refused at collection, so the marker cannot be forgotten.
SLOW_FIXTURES = {"site", "browser", "page", "base_url", "receiver", "stack", "mailed"}


def pytest_collection_modifyitems(items):
    unmarked = [
        item.nodeid
        for item in items
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("slow") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "these tests use a slow fixture but are not marked @pytest.mark.slow: "
            + ", ".join(unmarked)
        )


# Editors read problems in Dutch by default (core/messages.py); the suite's older tests assert
# the English wording, so the suite selects English explicitly. Tests of the Dutch pass
# language="nl" or an environment without this setting (tests/test_editor_language.py).
os.environ["HUURWIJZER_LANG"] = "en"
ENV = {**os.environ, "COLUMNS": "400", "PYTHONPATH": str(ROOT / "plugins")}
# what an editor's terminal has: no language setting, a C locale (so Dutch, the default)
DUTCH_ENV = {k: v for k, v in ENV.items() if k != "HUURWIJZER_LANG"} | {"LANG": "C.UTF-8"}


def make_check(content: Path) -> subprocess.CompletedProcess:
    """The real `make check` over another content folder, in Dutch; paths in its output are
    shown as from the folder that holds ``content`` (``content/…``)."""
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "check", f"CONTENT={content}"],
        cwd=ROOT,
        env=DUTCH_ENV,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    result.stdout = result.stdout.replace(f"{content.parent}/", "")
    return result


def run_pelican(
    content: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    extra: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess:
    """Build like `make html` does, in a separate process (plugin signals stay isolated);
    ``env`` replaces the suite's environment (ENV), e.g. to take its language away."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(ROOT / settings),
            "-o",
            str(output),
            "--fatal",
            "warnings",
            *extra,
        ],
        cwd=ROOT,
        env=ENV if env is None else env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def run_module(
    module: str,
    *args: str,
    cwd: Path = ROOT,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
):
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


def settings_file(folder: Path, **overrides) -> Path:
    """A settings file that takes pelicanconf.py and overrides a few values."""
    path = folder / "settings.py"
    lines = ["import os, sys", "sys.path.insert(0, os.getcwd())", "from pelicanconf import *"]
    lines += [f"{name} = {value!r}" for name, value in overrides.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def copy_content(tmp_path: Path) -> Path:
    """A private copy of the real content, to break or extend in one test."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


@pytest.fixture
def content(tmp_path) -> Path:
    """A private copy of the real content (see copy_content)."""
    return copy_content(tmp_path)


class Site:
    """A built site: read pages as a reader would."""

    def __init__(self, output: Path):
        self.output = output

    def path(self, address: str) -> Path:
        address = address.lstrip("/")
        if address == "" or address.endswith("/"):
            return self.output / address / "index.html"
        return self.output / address

    def text(self, address: str) -> str:
        return self.path(address).read_text(encoding="utf-8")

    def page(self, address: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(address), "html.parser")

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def address_of(self, file: Path) -> str:
        relative = file.relative_to(self.output).as_posix()
        return "/" + (
            relative[: -len("index.html")] if relative.endswith("index.html") else relative
        )


def build_site(content: Path, output: Path, settings: str = "pelicanconf.py") -> Site:
    result = run_pelican(content, output, settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(output)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The real content, built once with the development settings."""
    return build_site(ROOT / "content", tmp_path_factory.mktemp("site") / "output")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def base_url(site):
    server = serve(site.output)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records CSP violations, console errors and requests elsewhere."""
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda m: (
            page.problems.append(m.text)
            if "Content Security Policy" in m.text or m.type == "error"
            else None
        ),
    )
    page.on(
        "request",
        lambda r: (
            page.problems.append(f"request to {r.url}")
            if urlsplit(r.url).hostname not in ("127.0.0.1",) and not r.url.startswith("data:")
            else None
        ),
    )
    yield page
    context.close()
