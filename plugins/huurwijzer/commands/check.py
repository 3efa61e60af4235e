"""`make check`: run every check the build runs, without building; print every problem.

Articles, pages and the whole stance register are read and checked in one run; so are the
files the build would not read (``tree``) and the output paths (``outputs``): a slug or
`save_as` that two sources share, or that lies in a section the site generates.

Usage: python -m huurwijzer.commands.check [SETTINGS_FILE [CONTENT_FOLDER]]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from pelican.contents import Article, Page
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.utils import slugify

from huurwijzer.core import settings as declared
from huurwijzer.core.messages import editor_language
from huurwijzer.core.problems import ContentError, Problem, display_path, terminal_safe
from huurwijzer.intake import settings as intake_settings
from huurwijzer.reading.frontmatter import parse_file
from huurwijzer.reading.links import address_link_problems
from huurwijzer.reading.markup import markdown_renderer
from huurwijzer.reading.reader import (
    MARKDOWN_EXTENSIONS,
    FrontMatterReader,
    content_kind,
    read_checked,
)
from huurwijzer.site.generator import read_register
from huurwijzer.site.outputs import (
    content_outputs,
    file_lines,
    generated_outputs,
    item_problems,
)
from huurwijzer.site.tree import content_files, register_files, unread_files
from huurwijzer.stances.loading import MUNICIPALITIES_FILE


def pelican_items(settings: dict[str, Any], files: list[Path]) -> list[Any]:
    """Pelican's own Article and Page objects for valid files (their real slugs and paths)."""
    readers = Readers(settings)
    reader = FrontMatterReader(settings)
    for extension in MARKDOWN_EXTENSIONS:
        readers.readers[extension] = reader
    items = []
    for path in files:
        kind = Article if content_kind(str(path), settings) == "article" else Page
        relative = os.path.relpath(path, settings["PATH"])
        items.append(readers.read_file(settings["PATH"], relative, content_class=kind))
    return items


def check_content(settings: dict) -> tuple[int, list[Problem]]:
    """Validate articles, pages and the register; return the files read and all problems."""
    problems: list[Problem] = unread_files(settings["PATH"], settings)
    unread = {p.path for p in problems}
    files = content_files(settings)
    renderer = markdown_renderer()
    valid, refused = [], []
    for path in files:
        if display_path(str(path)) in unread:
            continue  # refused by name or size: not worth reading
        try:
            read_checked(str(path), settings, renderer)
        except ContentError as error:
            problems.extend(error.problems)
            refused.append(path)
            continue
        valid.append(path)
    register, register_problems, link_problems = read_register(settings["PATH"], settings)
    problems += register_problems + link_problems
    items = pelican_items(settings, valid)
    line_of = file_lines()
    found = item_problems(items, settings, register, line_of)
    problems += without_cascade(found, items, refused_slugs(refused, settings))
    outputs = content_outputs(items, settings, line_of) + generated_outputs(settings, register)
    written = {o.path for o in outputs}
    problems += address_link_problems(valid + register_files(Path(settings["PATH"])), written)
    count = len(files) + register_file_count(Path(settings["PATH"]))
    return count, sorted(set(problems))


def refused_slugs(paths: list[Path], settings: dict[str, Any]) -> set[str]:
    """The slugs files refused above would have had (as far as their front matter says)."""
    slugs = set()
    for path in paths:
        try:
            data = parse_file(path).data
        except ContentError:
            data = {}
        slug = data.get("slug")
        slugs.add(slug if isinstance(slug, str) else "")
        title = data.get("title")
        if isinstance(title, str):
            slugs.add(slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])))
        slugs.add(path.stem)
    return slugs - {""}


def without_cascade(problems: list[Problem], items: list[Any], refused: set[str]) -> list:
    """Drop "no original" for a translation whose original was refused for its own problems:
    the editor fixes that file, and the translation is fine (no false second error)."""
    target = {
        display_path(i.source_path): i.metadata.get("translation_of") or i.slug for i in items
    }
    return [
        p for p in problems if not (p.code == "no-original-slug" and target.get(p.path) in refused)
    ]


def register_file_count(root: Path) -> int:
    return len(register_files(root)) + int((root / MUNICIPALITIES_FILE).exists())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    settings = read_settings(argv[0] if argv else "pelicanconf.py")
    if len(argv) > 1 and argv[1]:  # a content folder other than the settings' PATH
        settings = {**settings, "PATH": str(Path(argv[1]).resolve())}
    bad_settings = declared.problems(settings, intake_settings.SETTINGS)
    if bad_settings:
        print("\n".join(terminal_safe(line) for line in bad_settings))
        return 2
    count, problems = check_content(settings)
    for problem in problems:
        print(problem)
    files = len({p.path for p in problems})
    english = editor_language() == "en"
    if problems and english:
        print(f"{len(problems)} problem(s) in {files} file(s); {count} files checked.")
    elif problems:
        said = "probleem" if len(problems) == 1 else "problemen"
        where = "bestand" if files == 1 else "bestanden"
        print(f"{len(problems)} {said} in {files} {where}; {count} bestanden nagekeken.")
    else:
        print(
            f"OK: {count} files checked, no problems."
            if english
            else f"OK: {count} bestanden nagekeken, geen problemen."
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
