"""`make bench`, publishing: from `make publish-update` to the new page served at the target.

At 300 corporations (bench.generate's national site, in a git repository), with the real
tools on loopback: an sshd started here (tests/publish_support.Sshd), rsync over ssh into
release folders, and the link `current` served over HTTP. Measures

- the first deploy (`make publish` and `make rsync_upload`: every file travels);
- `make publish-update ID=…` for one corporation's update: from the command to the new page
  served through `current` (approve, commit, check, build, upload, switch);
- the same steps one by one for a second update (approve, publish, rsync_upload), and what
  travelled: files changed, and the disk the new release takes beside the old one (unchanged
  files are hard links).

Prints a Markdown section and puts it in bench/RESULTS.md between its markers (replacing the
previous one). Timings are reported, never asserted. Usage: python bench/publish.py [N]
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "plugins"))

from intake_support import GOOD  # noqa: E402
from publish_support import GIT_ENV, Sshd, git, publish_settings  # noqa: E402

from bench import generate  # noqa: E402
from conftest import serve  # noqa: E402
from huurwijzer.commands.publish import build  # noqa: E402

START, END = "<!-- bench/publish.py -->", "<!-- /bench/publish.py -->"
SLUG = "corporatie-000"


def make(target: str, env: dict[str, str], **arguments: str) -> tuple[float, str]:
    """Seconds `make TARGET` took, and what it printed; stops the bench when it fails."""
    command = ["make", "-s", "--no-print-directory", "-C", str(ROOT), target]
    command += [f"{name}={value}" for name, value in arguments.items()]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **GIT_ENV, **env}
    start = time.perf_counter()
    result = subprocess.run(command, env=full_env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"make {target} failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return elapsed, result.stdout


def timed_build(settings: Path, content: Path, output: Path) -> float:
    """Seconds of the check and build that make publish-update runs (commands/publish.py)."""
    start = time.perf_counter()
    build(str(settings), content, output)
    return time.perf_counter() - start


def submission(folder: Path, day: str, level: str) -> Path:
    path = folder / f"update-{day}.json"
    document = {**GOOD, "corporation": SLUG, "effective_from": day, "eviction": level}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def served_when(url: str, expected: bytes, start: float) -> float:
    """Seconds from ``start`` until ``url`` serves ``expected`` (polled every 10 ms)."""
    for _ in range(30000):
        with urllib.request.urlopen(url, timeout=30) as response:
            if response.read() == expected:
                return time.perf_counter() - start
        time.sleep(0.01)
    raise SystemExit(f"{url} never served the new page")


def disk_kib(*folders: Path) -> int:
    """Disk used by these folders together (du counts a hard-linked file once)."""
    result = subprocess.run(["du", "-sk", "-c", *map(str, folders)], capture_output=True, text=True)
    return int(result.stdout.splitlines()[-1].split()[0])


def measure(n: int, work: Path) -> dict:
    repo = work / "redactie"
    content = generate(repo, n, round(2000 * n / 300))
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "content")
    git(repo, "commit", "--quiet", "-m", "content")
    sshd = Sshd(work / "ssh").start()
    target = work / "server"
    http = serve(target / "current")
    url = f"http://127.0.0.1:{http.server_address[1]}"
    try:
        settings = publish_settings(
            work,
            PATH=str(content),
            REGISTER_TODAY="2026-11-28",
            SITEURL=url,
            FEED_DOMAIN=url,
            THEME=str(ROOT / "theme"),
            **sshd.settings(target),
        )
        output = work / "output"
        env = {"SETTINGS": str(settings), "INBOX": str(work / "inbox.sqlite3"), "BY": "bench"}
        result = {"n": n}
        result["first_build"] = timed_build(settings, content, output)
        result["first_upload"], _ = make("rsync_upload", env, OUTPUT=str(output))
        result["release_kib"] = disk_kib(target / "releases" / "000001")

        _, said = make("submit", env, FILE=str(submission(work, "2026-11-01", "restrained")))
        receipt = said.split("Received as ")[1].split(" ")[0]
        page = f"{url}/corporaties/{SLUG}/"
        start = time.perf_counter()
        _, said = make("publish-update", env, ID=receipt, OUTPUT=str(output))
        expected = (output / "corporaties" / SLUG / "index.html").read_bytes()
        result["update_served"] = served_when(page, expected, start)
        result["update_pages"] = len(said.split("pages changed):")[1].split())

        _, said = make("submit", env, FILE=str(submission(work, "2026-11-15", "none")))
        receipt = said.split("Received as ")[1].split(" ")[0]
        result["approve"], _ = make("approve", env, ID=receipt)
        result["build"] = timed_build(settings, content, output)
        result["upload"], said = make("rsync_upload", env, OUTPUT=str(output))
        result["upload_files"] = int(said.rsplit(": ", 1)[1].split()[0])
        result["files"] = sum(1 for p in output.resolve().rglob("*") if p.is_file())
        releases = sorted((target / "releases").iterdir())
        result["new_release_kib"] = disk_kib(*releases[-2:]) - disk_kib(releases[-2])
        result["rollback"], _ = make("rollback", env)
        result["load"] = os.getloadavg()[2]  # how busy the machine was (15 minutes)
    finally:
        http.shutdown()
        sshd.stop()
    return result


def rows(r: dict) -> str:
    first_upload = f"first deploy: `make rsync_upload` (every file, {r['release_kib'] // 1024} MiB)"
    update = (
        f"**`make publish-update ID=…` until the new page is served** "
        f"({r['update_pages']} pages changed)"
    )
    upload = (
        f"`make rsync_upload` ({r['upload_files']} files sent; the new release takes "
        f"{r['new_release_kib']:,} KiB of disk beside the old)"
    )
    table = [
        ("first deploy: check and build with the publish settings", f"{r['first_build']:.1f}"),
        (first_upload, f"{r['first_upload']:.1f}"),
        (update, f"**{r['update_served']:.1f}**"),
        ("a second update step by step: `make approve` (and its commit)", f"{r['approve']:.1f}"),
        ("check and build (what `make publish` does)", f"{r['build']:.1f}"),
        (upload, f"{r['upload']:.1f}"),
        ("`make rollback`", f"{r['rollback']:.1f}"),
    ]
    return "| step | seconds |\n|---|---:|\n" + "\n".join(f"| {a} | {b} |" for a, b in table)


def section(r: dict) -> str:
    return f"""{START}
## Publishing an update (`make publish-update`, issue 24; bench/publish.py)

Measured {date.today().isoformat()} on {os.cpu_count()} cores, {platform.machine()}, at
{r["n"]} corporations ({r["files"]:,} files in the site), everything on this machine: rsync
over ssh to an sshd on 127.0.0.1 (Debian's OpenSSH), the release served through `current`
by a small HTTP server. One run; the machine's load average over the last 15 minutes was
{r["load"]:.1f} on two cores, so compare figures within this table only.

{rows(r)}

The build is nearly all of it; the upload sends only the files that differ from the live
release (`--checksum`, the rest hard-linked with `--link-dest`), most of them the search
index's files, which change with any page. `make approve` loads the whole register once
(to find the update's corporation); with the new file written it reads only that
corporation's folder again.
{END}
"""


def into_results(text: str) -> None:
    results = ROOT / "bench" / "RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    if START in old and END in old:
        head, rest = old.split(START, 1)
        old = head + rest.split(END, 1)[1].lstrip("\n")
    results.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    print(f"measuring publish-update at {n} corporations …", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="huurwijzer-bench-publish-") as tmp:
        text = section(measure(n, Path(tmp)))
    print(text)
    if n == 300:
        into_results(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
