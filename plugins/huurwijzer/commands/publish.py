"""`make publish-update ID=HW-…`: from an approved update to the live site in one step.

1. approve the update (a new record file) and commit it (intake/history.py);
2. build with the publish settings (`make check`, then Pelican into a fresh folder that
   `output` is switched to: tools/build.py);
3. deploy to DEPLOY_TARGET (commands/deploy.py: rsync over SSH, GitHub Pages, or none);
4. print the live address of every page that changed.

The deploy settings are checked before anything is approved. When a later step fails, the
message says what is done and the one command that finishes the rest.

Usage: python -m huurwijzer.commands.publish   (ID, AS, CONFIRMED, BY, INBOX, OUTPUT and
SETTINGS, default publishconf.py, from the environment)
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from huurwijzer.commands import deploy
from huurwijzer.core.problems import ContentError, terminal_safe
from huurwijzer.intake import settings as intake_settings
from huurwijzer.intake.commands import approve_one
from huurwijzer.intake.inbox import Inbox, InboxError

ROOT = Path(__file__).resolve().parents[3]  # the project: tools/, the Makefile


def manifest(folder: Path) -> dict[str, str]:
    """Every file of a build with the digest of its bytes (empty when there is none)."""
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def page_addresses(siteurl: str, files: list[str]) -> list[str]:
    """The address of each page (HTML file) among ``files``, as a reader types it."""
    addresses = []
    for name in sorted(files):
        if not name.endswith(".html"):
            continue
        if name == "index.html" or name.endswith("/index.html"):
            name = name.removesuffix("index.html")
        addresses.append(f"{siteurl.rstrip('/')}/{name}")
    return addresses


def build(settings_path: str, content: Path, output: Path) -> None:
    """`make publish` with these settings: every check, then a build switched in whole."""
    python = sys.executable
    check = [python, "-m", "huurwijzer.commands.check", settings_path, str(content)]
    pelican = [python, "-m", "pelican", str(content), "-s", settings_path, "--fatal", "warnings"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    for step in (check, [python, str(ROOT / "tools" / "build.py"), str(output), "--", *pelican]):
        if subprocess.run(step, cwd=ROOT, env=env, check=False).returncode != 0:
            raise InboxError(
                "the update is approved and committed, but the site could not be built (see "
                "above); fix it, then run `make publish` and `make rsync_upload` (or "
                "`make github`)"
            )


def publish_update(settings_path: str, settings: dict[str, Any], output: Path) -> list[str]:
    """Approve, commit, build, deploy; the addresses of the pages that changed."""
    cfg = deploy.deploy_settings(settings)
    deploy.reachable(settings)  # a wrong server or key is refused before anything is approved
    inbox = Inbox(os.environ.get("INBOX") or settings["INBOX_PATH"])
    approve_one(settings, inbox)
    before = manifest(output.resolve()) if cfg["DEPLOY_TARGET"] == "none" else {}
    build(settings_path, Path(settings["PATH"]), output)
    try:
        done = deploy.deploy(settings, output)
    except deploy.DeployError as error:
        raise deploy.DeployError(
            f"the update is approved, committed and built, but not deployed: {error}. "
            "Try again with `make rsync_upload` (or `make github`)"
        ) from None
    if done is None:  # DEPLOY_TARGET = "none": the host builds from the repository
        after = manifest(output.resolve())
        changed = [name for name, digest in after.items() if before.get(name) != digest]
        print("Built. DEPLOY_TARGET is none: push the repository (git push); the host builds")
        print("the site from it, and then these pages change.")
    else:
        changed = done.changed
        print(f"Deployed to {done.where}.")
    return page_addresses(settings["SITEURL"], changed)


def main() -> int:
    settings_path = os.environ.get("SETTINGS") or "publishconf.py"
    try:
        settings = intake_settings.load(settings_path)
        output = Path(os.environ.get("OUTPUT") or "output")
        addresses = publish_update(settings_path, settings, output)
    except (ContentError, InboxError, deploy.DeployError, OSError, ValueError) as error:
        print(terminal_safe(f"error: {error}"), file=sys.stderr)
        return 1
    live = deploy.deploy_settings(settings)["DEPLOY_TARGET"] != "none"
    print(f"{'Live now' if live else 'After the push'} ({len(addresses)} pages changed):")
    for address in addresses:
        print(f"  {address}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
