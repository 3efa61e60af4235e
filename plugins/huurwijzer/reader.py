"""Pelican reader for Markdown with YAML front matter, strict about every field."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import Tag

from .content_schema import validator
from .frontmatter import parse_file
from .links import resolve_register_links
from .markup import markdown_renderer, render_checked
from .problems import ContentError
from .settings import with_defaults
from .validation import schema_problems

logger = logging.getLogger(__name__)


def content_kind(source_path: str, settings: dict[str, Any]) -> str:
    """'article' for files under ARTICLE_PATHS, otherwise 'page'."""
    relative = Path(os.path.relpath(source_path, settings["PATH"]))
    roots = {Path(p).parts[0] for p in settings["ARTICLE_PATHS"] if p}
    return "article" if relative.parts and relative.parts[0] in roots else "page"


def display_path(source_path: str) -> str:
    """The path as an editor typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(source_path)
    return source_path if relative.startswith("..") else relative


def read_checked(source_path: str, settings: dict[str, Any], renderer: Markdown | None = None):
    """Parse, validate and render one article or page; raise ContentError with all problems."""
    doc = parse_file(source_path, display_path(source_path))
    problems = schema_problems(doc, validator(content_kind(source_path, settings)))
    html, markup = render_checked(doc, renderer)
    if problems := problems + markup:
        raise ContentError(problems)
    return doc, html


class FrontMatterReader(BaseReader):
    enabled = True
    file_extensions = ["md"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._markdown = markdown_renderer()

    def read(self, source_path: str):
        try:
            doc, html = read_checked(source_path, self.settings, self._markdown)
        except ContentError as error:
            logger.error("%s", error)
            raise
        html = resolve_register_links(html, with_defaults(self.settings))
        metadata: dict[str, Any] = {}
        for key, value in doc.data.items():
            if key == "tags":
                metadata[key] = [Tag(tag, self.settings) for tag in value]
            elif key == "sources":
                metadata[key] = value
            else:
                metadata[key] = self.process_metadata(key, value)
        return html, metadata
