"""The dev server's warm start: when nothing the last good site was built from has changed
since the server stopped, that site is served at once.

Beside the build folders the server keeps a note of its last good update
(`<output>.builds/devserver-note.json`): the build folder it wrote, the name, size and time of
every file in that folder (the search index aside), and one digest of everything the site was
built from:

- every file in the content folder: its path and a hash of its bytes;
- every file of the theme, the plugin, `tools/` and the settings file, likewise, with Python's
  version and every installed distribution's name and version (the code that reads them);
- the settings as read (the fingerprint engine's digest of each value) and the day the pages
  were rendered for (`BUILD_DATE`).

On start, a note whose digests equal those of now says the build folder is what a clean build
would write: it is served at once, and the in-memory site that quick updates need is built
behind it (edits made meanwhile wait for it, then apply as usual). Anything else (no note; a
file, a setting, a line of code, a package or the day changed; a file of the output touched)
is a cold start, as before.

The note never outlives what it describes: it is removed when a change arrives, before the
update reads anything, and written again only after an update succeeded, with the hashes the
files had before that update read them. A file changed during an update gives a note that no
longer matches its file: a cold start, never a stale site.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
from pathlib import Path
from typing import Any

from build import builds_folder, current_build

from huurwijzer.core import languages
from huurwijzer.core.clock import clock_of

NOTE = "devserver-note.json"
SKIPPED = {"__pycache__", ".pytest_cache", ".ruff_cache"}


def blake(parts: Any) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Sources:
    """A hash of every file under some folders, kept up to date from the changed paths."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = sorted({Path(os.path.realpath(r)) for r in roots})
        self.hashes: dict[str, str] = {}
        for root in self.roots:
            self._scan(root)

    def _scan(self, path: Path) -> None:
        if not path.is_dir():
            self._hash(path)
            return
        for folder, folders, names in os.walk(path):
            folders[:] = [f for f in folders if f not in SKIPPED]
            for name in names:
                self._hash(Path(folder, name))

    def _hash(self, path: Path) -> None:
        try:
            self.hashes[str(path)] = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        except OSError:  # gone (or a folder) meanwhile
            self.hashes.pop(str(path), None)

    def changed(self, paths: set[Path]) -> None:
        """Hash again what the paths name (a file, or everything under a folder)."""
        for path in paths:
            path = Path(os.path.realpath(path))
            if SKIPPED.intersection(path.parts) or not any(
                path.is_relative_to(root) for root in self.roots
            ):
                continue
            key, below = str(path), str(path) + os.sep
            if self.hashes.pop(key, None) is None:  # (a file known has nothing below it)
                for known in [k for k in self.hashes if k.startswith(below)]:
                    del self.hashes[known]
            if path.exists():
                self._scan(path)

    def digest(self) -> str:
        return blake(sorted(self.hashes.items()))


def installed() -> list[tuple[str, str]]:
    """Every installed distribution and its version (the code the build runs)."""
    return sorted((d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions())


def output_stamps(folder: Path) -> str:
    """The name, size and time of every file in a build folder (the search index aside: the
    server makes it again after each update)."""
    found = []
    for parent, folders, names in os.walk(folder):
        if Path(parent) == folder:
            folders[:] = [f for f in folders if f != "search-index"]
        for name in names:
            stat = os.stat(os.path.join(parent, name))
            found.append(
                (
                    os.path.relpath(os.path.join(parent, name), folder),
                    stat.st_size,
                    stat.st_mtime_ns,
                )
            )
    return blake(sorted(found))


class LastBuild:
    """The note of the dev server's last good update, and whether it still holds."""

    def __init__(self, root: Path, site: Any) -> None:
        settings = site.settings
        self.site, self.output = site, site.output
        self.path = builds_folder(site.output) / NOTE
        theme = [Path(settings["THEME"]), *map(Path, settings["THEME_TEMPLATES_OVERRIDES"])]
        folders = [site.content, root / "plugins", root / "tools", site.settings_file]
        self.sources = Sources([*folders, *theme, languages.TRANSLATIONS])
        # what does not change while the server runs (a change to it restarts the server)
        self.fixed = blake((sys.version, installed(), site.prints.settings_digest()))
        self.before: dict[str, str] = {}  # the sources' hashes before the last update read them

    def matches(self) -> bool:
        """Whether the last build folder is what a clean build of the sources would write."""
        try:
            note = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        folder = current_build(self.output)
        today = clock_of(self.site.settings).today().isoformat()
        return (
            folder is not None
            and note.get("folder") == str(folder)
            and note.get("key") == blake((self.fixed, today, self.sources.digest()))
            and note.get("output") == output_stamps(folder)
        )

    def changed(self, paths: set[Path]) -> None:
        """Files changed: the note no longer holds; hash them before the update reads them."""
        self.forget()
        self.sources.changed(paths)

    def starting(self) -> None:
        """An update starts reading now."""
        self.forget()
        self.before = dict(self.sources.hashes)

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)

    def record(self) -> None:
        """The update succeeded and its files are written: note what it was built from."""
        folder = current_build(self.output)
        day = self.site.context.get("BUILD_DATE")
        if folder is None or day is None or not self.before:
            return
        note = {
            "folder": str(folder),
            "key": blake((self.fixed, day.isoformat(), blake(sorted(self.before.items())))),
            "output": output_stamps(folder),
        }
        partial = self.path.with_name(f".{NOTE}.{os.getpid()}")
        partial.write_text(json.dumps(note), encoding="utf-8")
        os.replace(partial, self.path)
