"""Every file under the content folder is either read by the build or refused, by name.

Pelican and the register loader read only some names in some places; anything else (a
stance record in a nested or misspelled folder, `x.MD`, `x.markdown`, a stray `notes.txt`,
a symbolic link) would be left out without a word. ``unread_files`` names each such file,
and every file too large to publish, as a Problem at line 1.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from huurwijzer.core.problems import Problem, display_path
from huurwijzer.reading.reader import MARKDOWN_EXTENSIONS
from huurwijzer.stances.loading import CORPORATIONS_DIR, MUNICIPALITIES_FILE, REGISTER_DIRS
from huurwijzer.stances.text_translations import TRANSLATED_FOLDERS, TRANSLATION_NAME

MARKDOWN = ".md"
# Markdown under another extension: Pelican would hand it to a reader other than ours.
OTHER_MARKDOWN = {".markdown", ".mkd", ".mdown", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".text"}
# A register file's name becomes part of ids and addresses (`standpunt-2020-03`).
REGISTER_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.md$")
MAX_FILE_BYTES = 200_000  # the longest real page is a few KB; a reader's page stays small

CORPORATION_FILES = {"profile.md"}
PROFILE_TRANSLATION = re.compile(r"^profile\.[a-z]{2,3}\.md$")  # the profile in another language
CORPORATION_FOLDERS = {"stances", "faq"}


def unread_files(root: Path | str, settings: dict[str, Any]) -> list[Problem]:
    """A problem for every file or link under ``root`` that the build would not read."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        return [Problem.of(display_path(str(root)), 1, "", "no-content-folder")]
    content_roots = {
        Path(p).parts[0] for key in ("ARTICLE_PATHS", "PAGE_PATHS") for p in settings[key] if p
    }
    static_roots = {Path(p).parts[0] for p in settings.get("STATIC_PATHS") or [] if p}
    register_roots = set(REGISTER_DIRS)
    for entry in sorted(root.iterdir()):
        name = entry.name
        if odd := _odd_entry(entry):
            problems.append(odd)
        elif entry.is_symlink():
            problems.append(_symlink(entry))
        elif entry.is_dir() and name in content_roots:
            problems += _content_folder(entry)
        elif entry.is_dir() and name in static_roots:
            problems += _links(entry)
        elif entry.is_dir() and name in register_roots:
            problems += _register_folder(entry)
        elif entry.is_file() and name == MUNICIPALITIES_FILE:
            problems += _size(entry)
        else:
            expected = sorted(content_roots | register_roots | static_roots) + [MUNICIPALITIES_FILE]
            problems.append(_unread(entry, "not-read", expected=", ".join(expected)))
    return sorted(problems)


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry below ``folder``, without following links (a link loop cannot hang it)."""
    for directory, folders, files in os.walk(folder, followlinks=False):
        here = Path(directory)
        for name in sorted(folders + files):
            yield here / name


def _content_folder(folder: Path) -> list[Problem]:
    """Articles or pages: Pelican reads `*.md` at any depth with our strict reader."""
    problems = []
    for path in _walk(folder):
        if odd := _odd_entry(path):
            problems.append(odd)
        elif path.is_symlink():
            problems.append(_symlink(path))
        elif path.is_file():
            problems += _name_and_size(path)
    return problems


def _register_folder(folder: Path) -> list[Problem]:
    problems = []
    if folder.name != CORPORATIONS_DIR:
        return _flat_markdown_folder(folder)
    for corporation in sorted(folder.iterdir()):
        if odd := _odd_entry(corporation):
            problems.append(odd)
        elif corporation.is_symlink():
            problems.append(_symlink(corporation))
        elif not corporation.is_dir():
            problems.append(_unread(corporation, "corporation-not-folder", folder=CORPORATIONS_DIR))
        elif not REGISTER_NAME.match(corporation.name + MARKDOWN):
            problems += [
                _unread(path, "folder-not-slug", name=corporation.name)
                for path in _files_below(corporation)
            ]
        else:
            problems += _corporation_folder(corporation)
    return problems


def _corporation_folder(folder: Path) -> list[Problem]:
    problems = []
    for entry in sorted(folder.iterdir()):
        if odd := _odd_entry(entry):
            problems.append(odd)
        elif entry.is_symlink():
            problems.append(_symlink(entry))
        elif entry.is_file() and (
            entry.name in CORPORATION_FILES or PROFILE_TRANSLATION.match(entry.name)
        ):
            problems += _size(entry)  # profile.<lang>.md: read by loading (text_translations)
        elif entry.is_dir() and entry.name in CORPORATION_FOLDERS:
            problems += _flat_markdown_folder(entry)
        else:
            where = f"{CORPORATIONS_DIR}/{folder.name}/"
            what = entry.name if entry.is_file() else f"{entry.name}/"
            files = [entry] if entry.is_file() else _files_below(entry)
            problems += [
                _unread(path, "not-in-corporation", where=where, what=what) for path in files
            ]
    return problems


def _flat_markdown_folder(folder: Path) -> list[Problem]:
    """A register folder of records or questions: `<slug>.md` files (and their translations,
    `<slug>.<lang>.md`, where text_translations reads them), no sub-folders."""
    problems = []
    for entry in sorted(folder.iterdir()):
        if odd := _odd_entry(entry):
            problems.append(odd)
        elif entry.is_symlink():
            problems.append(_symlink(entry))
        elif entry.is_dir():
            problems += [
                _unread(path, "files-only", folder=folder.name, name=entry.name)
                for path in _files_below(entry)
            ]
        elif TRANSLATION_NAME.match(entry.name) and folder.name in TRANSLATED_FOLDERS:
            problems += _size(entry)  # a translation: text_translations.py reads it
        elif TRANSLATION_NAME.match(entry.name):
            problems.append(
                _unread(
                    entry,
                    "translation-not-here",
                    folders=", ".join(f"{n}/" for n in TRANSLATED_FOLDERS),
                )
            )
        elif not REGISTER_NAME.match(entry.name):
            problems += _name_and_size(entry) or [_unread(entry, "bad-file-name")]
        else:
            problems += _size(entry)
    return problems


def _files_below(folder: Path) -> list[Path]:
    return [p for p in _walk(folder) if p.is_file() or p.is_symlink() or _odd_entry(p)]


def _odd_entry(path: Path) -> Problem | None:
    """A name with a control character, or something that is no plain file nor folder (a
    FIFO would hang whoever reads it; a folder named `*.md` is no text): refused unread."""
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in path.name):
        return _unread(path, "control-character-in-name")
    if path.is_symlink():
        return None
    if path.is_dir():
        return _unread(path, "not-a-regular-file") if path.suffix.lower() == MARKDOWN else None
    return None if path.is_file() else _unread(path, "not-a-regular-file")


def _name_and_size(path: Path) -> list[Problem]:
    suffix = path.suffix
    if path.name.startswith("."):
        return [_unread(path, "hidden-file")]
    if suffix == MARKDOWN:
        return _size(path)
    if suffix.lower() == MARKDOWN or suffix.lower() in OTHER_MARKDOWN:
        return [_unread(path, "wrong-extension", suffix=suffix)]
    return [_unread(path, "not-markdown")]


def _links(folder: Path) -> list[Problem]:
    return [_symlink(p) for p in _walk(folder) if p.is_symlink()]


def _size(path: Path) -> list[Problem]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [_unread(path, "file-too-large", size=size, limit=MAX_FILE_BYTES)]
    return []


def _symlink(path: Path) -> Problem:
    return _unread(path, "symbolic-link")


def _unread(path: Path, code: str, /, **values: Any) -> Problem:
    return Problem.of(display_path(str(path)), 1, "", code, **values)


def unread_in_corporation(folder: Path) -> list[Problem]:
    """`unread_files` for one existing corporation's folder (the dev server checks only it)."""
    return sorted(_corporation_folder(folder))


def unread_content_file(path: Path) -> list[Problem]:
    """`unread_files` for one article or page file (the dev server checks only it)."""
    return [_symlink(path)] if path.is_symlink() else _name_and_size(path)


def content_files(settings: dict) -> list[Path]:
    """Every Markdown file Pelican would read as an article or a page."""
    root = Path(settings["PATH"])
    files: set[Path] = set()
    for key in ("ARTICLE_PATHS", "PAGE_PATHS"):
        for folder in settings[key]:
            for extension in MARKDOWN_EXTENSIONS:
                files.update(
                    p
                    for p in (root / folder).rglob(f"*.{extension}")
                    if not p.is_symlink() and not p.is_dir()
                )
    return sorted(files)


def register_files(root: Path) -> list[Path]:
    return sorted(path for folder in REGISTER_DIRS for path in (root / folder).rglob("*.md"))
