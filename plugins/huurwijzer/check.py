"""`make check`: validate every content file without building; print every problem.

Articles, pages and the whole stance register are read and checked in one run.

Usage: python -m huurwijzer.check [SETTINGS_FILE [CONTENT_FOLDER]]
"""

from __future__ import annotations

import sys
from pathlib import Path

from pelican.settings import read_settings

from . import settings as declared
from .links import files_link_problems
from .loading import MUNICIPALITIES_FILE, REGISTER_DIRS, known_targets, load_register
from .markup import markdown_renderer
from .problems import ContentError, Problem
from .reader import read_checked


def content_files(settings: dict) -> list[Path]:
    """Every Markdown file Pelican would read as an article or a page."""
    root = Path(settings["PATH"])
    files: set[Path] = set()
    for key in ("ARTICLE_PATHS", "PAGE_PATHS"):
        for folder in settings[key]:
            files.update((root / folder).rglob("*.md"))
    return sorted(files)


def check_content(settings: dict) -> tuple[int, list[Problem]]:
    """Validate articles, pages and the register; return the files read and all problems."""
    problems: list[Problem] = []
    files = content_files(settings)
    renderer = markdown_renderer()
    for path in files:
        try:
            read_checked(str(path), settings, renderer)
        except ContentError as error:
            problems.extend(error.problems)
    register, register_problems = load_register(settings["PATH"], settings)
    problems.extend(register_problems)
    root = Path(settings["PATH"])
    problems.extend(
        files_link_problems(files + register_files(root), known_targets(register), root)
    )
    count = len(files) + register_file_count(Path(settings["PATH"]))
    return count, problems


def register_files(root: Path) -> list[Path]:
    return sorted(path for folder in REGISTER_DIRS for path in (root / folder).rglob("*.md"))


def register_file_count(root: Path) -> int:
    return len(register_files(root)) + int((root / MUNICIPALITIES_FILE).exists())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    settings = read_settings(argv[0] if argv else "pelicanconf.py")
    if len(argv) > 1:  # a content folder other than the settings' PATH
        settings = {**settings, "PATH": str(Path(argv[1]).resolve())}
    bad_settings = declared.problems(settings)
    if bad_settings:
        print("\n".join(bad_settings))
        return 2
    count, problems = check_content(settings)
    for problem in sorted(problems):
        print(problem)
    if problems:
        print(
            f"{len(problems)} problem(s) in {len({p.path for p in problems})} file(s); "
            f"{count} files checked."
        )
        return 1
    print(f"OK: {count} files checked, no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
