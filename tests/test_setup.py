"""The editor's set-up: a lean first `make serve`, the preview's address, one-line fixes."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.request import urlopen

import feedparser
import pytest
from bs4 import BeautifulSoup
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ENV, ROOT

sys.path.insert(0, str(ROOT / "tools"))
from address import network_address  # noqa: E402

# What building and serving run: every module they import must come from requirements.txt.
RUNTIME_CODE = [
    *sorted((ROOT / "plugins").rglob("*.py")),
    *sorted((ROOT / "tools").glob("*.py")),
    ROOT / "pelicanconf.py",
    ROOT / "publishconf.py",
]
# Extras the build relies on (a package whose optional part the build needs: name → extra).
EXTRAS: dict[str, str] = {}
# the project's own modules: the plugin, the settings, and every file in tests/ and tools/
LOCAL_MODULES = {"huurwijzer", "pelicanconf"} | {
    path.stem for folder in ("tests", "tools", "bench") for path in (ROOT / folder).glob("*.py")
}


# -- requirements ---------------------------------------------------------------------------


def pins(name: str) -> dict[str, str]:
    """The `name==version` lines of one requirements file (canonical names)."""
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{name}: {line} is not pinned with =="
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def imported_modules(files: list[Path]) -> set[str]:
    """Top-level modules imported or run with `-m` by these files."""
    modules = set()
    for path in files:
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
        modules.update(re.findall(r'"-m",\s*"(\w+)"', source))
    return modules - set(sys.stdlib_module_names) - LOCAL_MODULES - {"__future__"}


def distributions_of(modules: set[str]) -> set[str]:
    owners = metadata.packages_distributions()
    missing = sorted(m for m in modules if m not in owners)
    assert not missing, f"modules from no installed distribution: {missing}"
    return {canonicalize_name(d) for m in modules for d in owners[m]}


def dependency_closure(names: set[str]) -> set[str]:
    """The names and everything they need (with the extras in EXTRAS)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            extra = EXTRAS.get(name, "")
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                todo.append(canonicalize_name(requirement.name))
    return seen


def test_runtime_requirements_hold_no_test_or_development_tool():
    """A first `make serve` installs requirements.txt only: no pytest, Playwright, ruff, …"""
    runtime = pins("requirements.txt")
    test_tools = distributions_of(imported_modules(sorted((ROOT / "tests").glob("*.py"))))
    test_only = test_tools - distributions_of(imported_modules(RUNTIME_CODE)) | {"ruff"}
    assert {"pytest", "hypothesis", "playwright", "feedparser"} <= test_only
    assert not test_only & set(runtime), "test tools in requirements.txt"
    dev_lines = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
    assert "-r requirements.txt" in dev_lines
    assert test_only <= set(pins("requirements-dev.txt")), "a test tool is not pinned"


def test_runtime_requirements_are_enough_to_build_and_serve():
    """requirements.txt is exactly what building and serving import, with what that needs."""
    runtime = set(pins("requirements.txt"))
    needed = dependency_closure(distributions_of(imported_modules(RUNTIME_CODE)))
    assert needed <= runtime, f"needed but not in requirements.txt: {sorted(needed - runtime)}"
    assert runtime <= needed, f"not needed to build or serve: {sorted(runtime - needed)}"


def test_both_requirement_files_are_one_consistent_freeze_of_this_environment():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert not set(runtime) & set(dev), "pinned twice"
    everything = {**runtime, **dev}
    assert dependency_closure(set(everything)) == set(everything)
    for name, version in everything.items():
        assert metadata.version(name) == version, f"{name}: installed is not the pin"


def make_dry_run(target: str, venv: Path) -> str:
    result = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def installs(commands: str) -> list[str]:
    return re.findall(r"pip install .*-r (\S+)", commands)


@pytest.mark.slow
def test_first_make_serve_installs_only_the_runtime_set_and_make_test_both(tmp_path):
    fresh = tmp_path / "fresh-venv"
    assert installs(make_dry_run("serve", fresh)) == ["requirements.txt"]
    assert installs(make_dry_run("html", fresh)) == ["requirements.txt"]
    assert installs(make_dry_run("test", fresh)) == ["requirements-dev.txt"]
    assert installs(make_dry_run("lint", fresh)) == ["requirements-dev.txt"]


def test_venv_upgrades_when_a_requirement_file_changes(tmp_path):
    venv = tmp_path / "venv"
    venv.mkdir()
    runtime_stamp, dev_stamp = venv / ".installed-runtime", venv / ".installed-dev"
    newest = max((ROOT / f).stat().st_mtime for f in ("requirements.txt", "requirements-dev.txt"))
    for stamp in (runtime_stamp, dev_stamp):
        stamp.touch()
        os.utime(stamp, (newest + 10, newest + 10))
    assert installs(make_dry_run("serve", venv)) == []
    assert installs(make_dry_run("test", venv)) == []
    os.utime(dev_stamp, (newest - 10, newest - 10))  # requirements-dev.txt changed since
    assert installs(make_dry_run("serve", venv)) == []
    assert installs(make_dry_run("test", venv)) == ["requirements-dev.txt"]
    os.utime(runtime_stamp, (newest - 10, newest - 10))  # requirements.txt changed since
    assert installs(make_dry_run("serve", venv)) == ["requirements.txt"]


# -- the preview's address ------------------------------------------------------------------


@pytest.fixture
def busy_port():
    """A port another program is listening on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def run_tool(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / script), *args],
        cwd=ROOT,
        env={**ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def suggested_port(line: str, command: str) -> int:
    match = re.search(rf"PORT=(\d+) make {command}$", line)
    assert match, line
    return int(match.group(1))


@pytest.mark.parametrize(
    ("script", "command"), [("serve.py", "serve"), ("devserver.py", "devserver")]
)
def test_busy_port_gives_one_line_with_the_fix(busy_port, script, command, tmp_path):
    result = run_tool(script, str(tmp_path), env={"PORT": str(busy_port), "HOST": "127.0.0.1"})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert f"Port {busy_port} is already in use" in lines[0]
    free = suggested_port(lines[0], command)
    assert free != busy_port
    with socket.socket() as probe:  # the suggested port really was free
        probe.bind(("127.0.0.1", free))
    assert result.stdout == ""  # nothing built, nothing served


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PORT": "acht"}, "PORT=acht is not a port number"),
        ({"PORT": "70000"}, "PORT=70000 is not a port number"),
        ({"HOST": "no-such-host.invalid"}, "HOST=no-such-host.invalid is not an address"),
    ],
)
def test_a_wrong_port_or_host_gives_one_line_with_the_fix(env, expected, tmp_path):
    result = run_tool("serve.py", str(tmp_path), env=env)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(expected)
    assert "make serve" in result.stderr


def test_make_serve_on_a_busy_port_stops_before_building(busy_port, tmp_path):
    output = tmp_path / "output"
    result = subprocess.run(
        ["make", "serve", f"OUTPUT={output}"],
        cwd=ROOT,
        env={**ENV, "PORT": str(busy_port)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert re.search(rf"^Port {busy_port} .* PORT=\d+ make serve$", result.stderr, re.M)
    assert not output.exists()


class Preview:
    """`tools/serve.py` running on a free port, stopped at the end."""

    def __init__(self, site_output: Path, host: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tools" / "serve.py"), str(site_output)],
            cwd=ROOT,
            env={**ENV, "HOST": host, "PORT": str(self.port)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        reader = threading.Thread(target=self._read, daemon=True)
        reader.start()
        reader.join(timeout=30)  # a guard against a hang, not a timing assertion
        if not (self.lines and self.lines[0]):
            self.process.kill()
            pytest.fail(f"the preview did not start: {self.process.stderr.read()}")

    def _read(self) -> None:
        self.lines.append(self.process.stdout.readline().strip())

    def read_more(self, count: int) -> list[str]:
        return [self.process.stdout.readline().strip() for _ in range(count)]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def title_at(url: str) -> str:
    with urlopen(url, timeout=30) as response:
        return BeautifulSoup(response.read(), "html.parser").title.get_text()


@pytest.mark.slow
def test_host_0_0_0_0_shares_the_preview_with_a_phone_on_the_network(site):
    own = network_address()
    if own is None:
        pytest.skip("this machine is on no network, so no phone could reach it")
    preview = Preview(site.output, "0.0.0.0")
    try:
        assert (
            preview.lines[0]
            == f"Serving {site.output}/ at http://localhost:{preview.port}/ (Ctrl-C stops)"
        )
        phone_line, warning = preview.read_more(2)
        phone_url = f"http://{own}:{preview.port}/"
        assert phone_line == f"On a phone on the same network, open {phone_url}"
        assert "Everyone on this network" in warning
        assert "Huurwijzer" in title_at(phone_url)
        assert "Huurwijzer" in title_at(f"http://127.0.0.1:{preview.port}/")
    finally:
        preview.stop()


@pytest.mark.slow
def test_by_default_the_preview_is_for_this_computer_only(site):
    own = network_address()
    if own is None:
        pytest.skip("this machine is on no network: nothing to keep the preview from")
    preview = Preview(site.output, "127.0.0.1")
    try:
        assert "Huurwijzer" in title_at(f"http://127.0.0.1:{preview.port}/")
        with pytest.raises(OSError):
            title_at(f"http://{own}:{preview.port}/")
    finally:
        preview.stop()


# -- the site's own address follows PORT ----------------------------------------------------


@pytest.mark.slow
def test_feeds_sitemap_robots_and_canonical_links_follow_port(tmp_path):
    """`PORT=8765 make serve` builds a site whose own addresses all say :8765."""
    output = tmp_path / "output"
    result = subprocess.run(
        ["make", "html", f"OUTPUT={output}"],
        cwd=ROOT,
        env={**ENV, "PORT": "8765"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    base = "http://localhost:8765/"
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (output / "sitemap.xml").read_text())
    assert sitemap and all(loc.startswith(base) for loc in sitemap)
    assert f"Sitemap: {base}sitemap.xml" in (output / "robots.txt").read_text().splitlines()
    for feed_file in ("nieuws/feed.atom", "corporaties/wijzigingen.atom"):
        feed = feedparser.parse((output / feed_file).read_text(encoding="utf-8"))
        links = [feed.feed.link] + [entry.link for entry in feed.entries]
        assert feed.entries and all(link.startswith(base) for link in links), feed_file
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("link", rel="canonical")["href"] == base
    own_files = [p for p in output.rglob("*") if p.suffix in {".html", ".xml", ".atom", ".json"}]
    assert not [p for p in own_files if "localhost:8000" in p.read_text(encoding="utf-8")]
