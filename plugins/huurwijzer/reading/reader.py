"""Pelican reader for Markdown with YAML front matter, strict about every field."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from pelican.utils import slugify

from huurwijzer.core.clock import clock_of
from huurwijzer.core.problems import ContentError, Problem, display_path
from huurwijzer.core.settings import with_defaults
from huurwijzer.reading.content_schema import validator
from huurwijzer.reading.frontmatter import parse_file
from huurwijzer.reading.links import resolve_register_links
from huurwijzer.reading.markup import markdown_renderer, render_checked
from huurwijzer.reading.validation import (
    invisible_problems,
    modified_problems,
    schema_problems,
    source_date_problems,
)

logger = logging.getLogger(__name__)
# Every extension Pelican's own Markdown reader claims: all of them go through this reader,
# so no file reaches Python-Markdown unchecked (tree.py refuses all but .md by name).
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


def content_kind(source_path: str, settings: dict[str, Any]) -> str:
    """'article' for files under ARTICLE_PATHS, otherwise 'page'."""
    relative = Path(os.path.relpath(source_path, settings["PATH"]))
    roots = {Path(p).parts[0] for p in settings["ARTICLE_PATHS"] if p}
    return "article" if relative.parts and relative.parts[0] in roots else "page"


def read_checked(source_path: str, settings: dict[str, Any], renderer: Markdown | None = None):
    """Parse, validate and render one article or page; raise ContentError with all problems."""
    doc = parse_file(source_path, display_path(source_path))
    kind = content_kind(source_path, settings)
    today = clock_of(settings).today()
    problems = schema_problems(doc, validator(kind), today)
    problems += taxonomy_problems(doc, settings)
    problems += source_date_problems(doc, today) + modified_problems(doc)
    problems += invisible_problems(doc)
    html, markup = render_checked(doc, renderer)
    if problems := problems + markup:
        raise ContentError(problems)
    return doc, html


def taxonomy_slug(kind: str, name: str, settings: dict[str, Any]) -> str:
    """The slug Pelican gives a Tag or Category named ``name`` (as pelican.urlwrappers)."""
    subs = settings.get(
        f"{kind.upper()}_REGEX_SUBSTITUTIONS",
        settings.get("SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]),
    )
    return slugify(
        name,
        regex_subs=subs,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def taxonomy_problems(doc: Any, settings: dict[str, Any]) -> list[Problem]:
    """A tag or category without letters or digits has no address (Pelican fails late)."""
    problems = []
    tags = doc.data.get("tags")
    named = [("tag", ("tags", i), t) for i, t in enumerate(tags if isinstance(tags, list) else ())]
    if doc.data.get("category"):
        named.append(("category", ("category",), doc.data["category"]))
    for kind, location, name in named:
        slug = taxonomy_slug(kind, name, settings) if isinstance(name, str) else "x"
        if not any(c.isalnum() for c in slug):  # "—" becomes "-": /nieuws/onderwerp/-/
            problems.append(doc.problem(location, "no-address", name=name, what="it"))
    return problems


class FrontMatterReader(BaseReader):
    enabled = True
    file_extensions = list(MARKDOWN_EXTENSIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._markdown = markdown_renderer()

    def read(self, source_path: str):
        try:
            doc, html = read_checked(source_path, self.settings, self._markdown)
        except ContentError as error:
            logger.error("%s", error)
            raise
        # an English page's {corporations} is the English overview (LANGUAGES['en'])
        html = resolve_register_links(html, with_defaults(self.settings), doc.data.get("lang"))
        metadata: dict[str, Any] = {}
        for key, value in doc.data.items():
            if key == "tags":
                metadata[key] = [Tag(tag, self.settings) for tag in value]
            elif key == "sources":
                metadata[key] = value
            else:
                metadata[key] = self.process_metadata(key, value)
        return html, metadata
