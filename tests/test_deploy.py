"""Issue 24, deploys with the real tools: rsync over ssh to an sshd this test starts on
127.0.0.1, the release folder served over HTTP through the link `current`; an upload killed
half-way; rollback; ghp-import into a local bare repository; and `make publish-update` from
an update in the inbox to the page served from the new release."""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from intake_support import GOOD, doc
from publish_support import (
    GIT_ENV,
    ROOT,
    Sshd,
    content_repo,
    fake_site,
    git,
    make,
    publish_settings,
)

from conftest import serve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    server = Sshd(tmp_path_factory.mktemp("sshd") / "ssh").start()
    yield server
    server.stop()


class Live:
    """The server's web root: `current` under the target folder, served over HTTP."""

    def __init__(self, target: Path):
        self.target = target
        self.server = serve(target / "current")
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def get(self, address: str) -> str:
        with urllib.request.urlopen(self.url + address, timeout=30) as response:
            return response.read().decode()

    def current(self) -> str:
        return os.readlink(self.target / "current")

    def releases(self) -> set[str]:
        return {p.name for p in (self.target / "releases").iterdir()}


@pytest.fixture
def live(tmp_path):
    server = Live(tmp_path / "server")
    yield server
    server.server.shutdown()


def digest(folder: Path) -> str:
    total = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        total.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            total.update(path.read_bytes())
    return total.hexdigest()


def test_upload_killed_half_way_then_deploy_and_rollback(sshd, live, tmp_path):
    settings = publish_settings(
        tmp_path, **sshd.settings(live.target), DEPLOY_KEEP_RELEASES=2, PATH=str(tmp_path)
    )
    env = {"SETTINGS": str(settings)}
    first = fake_site(tmp_path / "eerste", "eerste")
    done = make("rsync_upload", {}, OUTPUT=str(first), SETTINGS=str(settings))  # as typed
    assert done.returncode == 0, done.stderr
    assert live.current() == "releases/000001"
    assert "eerste" in live.get("/") and "Domesta eerste" in live.get("/corporaties/domesta/")
    whole = digest(live.target / "releases" / "000001")

    # a slow upload of a second site, killed (the whole process group) while it uploads
    second = fake_site(tmp_path / "tweede", "tweede", big=6_000_000)
    slow = subprocess.Popen(
        ["make", "-s", "-C", str(ROOT), "rsync_upload", f"OUTPUT={second}"],
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT / "plugins"),
            **GIT_ENV,
            **env,
            "TEST_RSYNC_OPTIONS": "--bwlimit=400",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    partial = live.target / "releases" / "000002.partial"
    for _ in range(3000):  # until the upload has begun writing on the server
        if partial.is_dir() and any(partial.iterdir()):
            break
        assert slow.poll() is None, "the slow upload ended before it could be interrupted"
        time.sleep(0.05)
    os.killpg(slow.pid, signal.SIGKILL)
    slow.wait()
    assert slow.returncode != 0
    assert live.current() == "releases/000001"
    assert digest(live.target / "releases" / "000001") == whole
    assert "eerste" in live.get("/") and "Domesta eerste" in live.get("/corporaties/domesta/")
    assert "000002" not in live.releases()

    # the next deploy finishes the job; unchanged files are hard links, not new copies
    done = make("rsync_upload", env, OUTPUT=str(second))
    assert done.returncode == 0, done.stderr
    assert live.current() == "releases/000002" and "tweede" in live.get("/")
    assert live.releases() == {"000001", "000002"}
    old, new = (live.target / "releases" / r / "style.css" for r in ("000001", "000002"))
    assert old.stat().st_ino == new.stat().st_ino

    back = make("rollback", env)
    assert back.returncode == 0, back.stderr
    assert live.current() == "releases/000001" and "eerste" in live.get("/")
    assert "Domesta eerste" in live.get("/corporaties/domesta/")

    third = fake_site(tmp_path / "derde", "derde")
    assert make("rsync_upload", env, OUTPUT=str(third)).returncode == 0
    assert live.current() == "releases/000003" and "derde" in live.get("/")
    # the newest two are kept, and the one that was live before (rollback returns to it)
    assert live.releases() == {"000001", "000002", "000003"}
    assert make("rollback", env).returncode == 0
    assert live.current() == "releases/000001" and "eerste" in live.get("/")
    assert make("rollback", env).returncode == 0  # twice: back where it started
    assert live.current() == "releases/000003"
    fourth = fake_site(tmp_path / "vierde", "vierde")
    assert make("rsync_upload", env, OUTPUT=str(fourth)).returncode == 0
    assert live.releases() == {"000003", "000004"} and "vierde" in live.get("/")

    # one deploy at a time: while another holds the server's lock, a deploy is refused
    with open(live.target / ".deploy.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        refused = make("rsync_upload", env, OUTPUT=str(first))
        assert refused.returncode != 0 and "another deploy" in refused.stderr
        assert make("rollback", env).returncode != 0
        assert live.current() == "releases/000004"


def test_make_github_puts_the_build_on_gh_pages_with_nojekyll(tmp_path):
    bare = tmp_path / "pages.git"
    git(tmp_path, "init", "--quiet", "--bare", str(bare))
    content = content_repo(tmp_path)
    git(content.parent, "remote", "add", "origin", str(bare))
    settings = publish_settings(tmp_path, DEPLOY_TARGET="github", PATH=str(content))
    checkout_before = git(ROOT, "branch", "--list", "gh-pages")

    site = fake_site(tmp_path / "site", "eerste")
    done = make("github", {"SETTINGS": str(settings)}, OUTPUT=str(site))
    assert done.returncode == 0, done.stderr
    files = git(bare, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {".nojekyll", "index.html", "corporaties/domesta/index.html"} <= set(files)
    (site / "index.html").write_text("<p>tweede\n")
    assert make("github", {"SETTINGS": str(settings)}, OUTPUT=str(site)).returncode == 0
    assert git(bare, "show", "gh-pages:index.html") == "<p>tweede\n"
    assert git(bare, "rev-list", "--count", "gh-pages").strip() == "2"
    back = make("rollback", {"SETTINGS": str(settings)})
    assert back.returncode == 0, back.stderr
    assert "eerste" in git(bare, "show", "gh-pages:index.html")
    assert git(bare, "rev-list", "--count", "gh-pages").strip() == "3"  # history kept
    assert git(ROOT, "branch", "--list", "gh-pages") == checkout_before  # never here


def test_publish_update_from_the_inbox_to_the_page_served_over_ssh(sshd, live, tmp_path):
    content = content_repo(tmp_path)
    repo = content.parent
    base = {"PATH": str(content), "REGISTER_TODAY": "2026-11-28"}
    inbox = str(tmp_path / "inbox.sqlite3")
    sent = tmp_path / "standpunt.json"
    sent.write_bytes(doc())
    unset = publish_settings(tmp_path, **base)  # publishconf.py as it comes: no server yet
    taken = make("submit", {"SETTINGS": str(unset), "INBOX": inbox}, FILE=str(sent))
    assert taken.returncode == 0, taken.stderr
    receipt = taken.stdout.split("Received as ")[1].split(" ")[0]
    head = git(repo, "rev-parse", "HEAD")

    refused = make("publish-update", {"SETTINGS": str(unset), "INBOX": inbox}, ID=receipt)
    assert refused.returncode != 0 and "docs/publiceren.md" in refused.stderr
    assert git(repo, "rev-parse", "HEAD") == head  # refused before anything was approved
    stranger = tmp_path / "stranger_key"  # a key the server does not know
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)], check=True)
    wrong = {**sshd.settings(live.target), "SSH_IDENTITY_FILE": str(stranger)}
    unknown = publish_settings(tmp_path, **base, **wrong)
    refused = make("publish-update", {"SETTINGS": str(unknown), "INBOX": inbox}, ID=receipt)
    assert refused.returncode != 0 and "Permission denied" in refused.stderr
    assert git(repo, "rev-parse", "HEAD") == head and not (live.target / "releases").exists()

    settings = publish_settings(
        tmp_path, **base, **sshd.settings(live.target), SITEURL=live.url, FEED_DOMAIN=live.url
    )
    output = tmp_path / "output"
    env = {"SETTINGS": str(settings), "INBOX": inbox, "BY": "redactie"}
    done = make("publish-update", env, ID=receipt, OUTPUT=str(output))
    assert done.returncode == 0, done.stdout + done.stderr

    page = f"{live.url}/corporaties/domesta/"
    assert page in done.stdout.split("pages changed):")[1].split()
    assert live.current() == "releases/000001"
    served = live.get("/corporaties/domesta/")
    assert served == (output / "corporaties" / "domesta" / "index.html").read_text()
    assert receipt.removeprefix("HW-").lower() in served or "1 november 2026" in served

    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith(f"approve {receipt}: domesta:")
    everything = git(repo, "show", "--format=%an %ae %B", "HEAD")
    for value in GOOD["sender"].values():
        assert value not in everything and value not in served

    # a second update: only the pages it changed are listed, the rest was live already
    sent.write_bytes(doc(effective_from="2026-11-20", lenient_collection="no"))
    taken = make("submit", env, FILE=str(sent))
    assert taken.returncode == 0, taken.stderr
    receipt = taken.stdout.split("Received as ")[1].split(" ")[0]
    done = make("publish-update", env, ID=receipt, OUTPUT=str(output))
    assert done.returncode == 0, done.stdout + done.stderr
    listed = done.stdout.split("pages changed):")[1].split()
    assert page in listed and f"{live.url}/en/corporations/domesta/" in listed
    assert f"{live.url}/corporaties/actium/" not in listed
    assert live.current() == "releases/000002"
    assert (
        live.get("/corporaties/domesta/") == (output / "corporaties/domesta/index.html").read_text()
    )
