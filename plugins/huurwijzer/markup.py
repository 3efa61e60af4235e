"""Markdown to HTML, and the one sanitizing policy for every HTML fragment the site writes."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup
from markdown import Markdown

from .frontmatter import Document
from .problems import Problem

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
    # footnotes (markdown "extra") link by id
    "li": {"id"},
    "sup": {"id"},
    "div": {"class"},
}
DEFAULT_MARKDOWN: dict[str, Any] = {
    "extensions": [
        "markdown.extensions.extra",
        "markdown.extensions.sane_lists",
        "markdown.extensions.toc",
    ],
    "output_format": "html",
}
_CONTROL = re.compile(r"[\x00-\x20]+")


def markdown_renderer() -> Markdown:
    """A Markdown converter with the site's extensions; reuse it (building one is costly).

    The extensions are fixed here, next to the sanitizer that must allow what they produce
    (Pelican's own MARKDOWN setting is not used: its "meta" extension would eat body lines).
    """
    return Markdown(**DEFAULT_MARKDOWN)


def render_markdown(text: str, renderer: Markdown | None = None) -> str:
    """Render Markdown (unsanitized: pass the result through ``sanitize``)."""
    renderer = renderer or markdown_renderer()
    return renderer.reset().convert(text)


def sanitize(html: str) -> str:
    """Keep only the safe set of tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def clean_text(text: str) -> str:
    """Plain text from anything: every tag removed (script and style with their content).

    Cleaned until stable, so text that only turns into markup once its entities are decoded
    (``&lt;script&gt;``) is removed too. The result is text, not HTML: templates escape it,
    exports carry it as it is.
    """
    for _ in range(8):
        cleaned = html.unescape(nh3.clean(text, tags=set(), strip_comments=True)).strip()
        if cleaned == text:
            break
        text = cleaned
    return text


def link_scheme(href: str) -> str:
    """The scheme a browser would see, after it drops whitespace and control characters."""
    return urlsplit(_CONTROL.sub("", href)).scheme.lower()


def markup_problems(
    doc: Document,
    html: str,
    field: str = "body",
    base_line: int | None = None,
    source: str | None = None,
) -> list[Problem]:
    """Raw HTML or link schemes in editors' Markdown that sanitizing would remove."""
    text = doc.body if source is None else source
    first = doc.body_line if base_line is None else base_line
    problems = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name not in ALLOWED_TAGS:
            problems.append(
                Problem(
                    doc.path,
                    _find_line(text, f"<{element.name}", first),
                    field,
                    f"HTML element <{element.name}> is not allowed; write Markdown",
                )
            )
            continue
        for name in element.attrs:
            if name not in ALLOWED_ATTRIBUTES.get(element.name, ()):
                problems.append(
                    Problem(
                        doc.path,
                        _find_line(text, name, first),
                        field,
                        f"HTML attribute '{name}' is not allowed",
                    )
                )
        href = element.get("href")
        if element.name == "a" and href is not None:
            scheme = link_scheme(href)
            if scheme and scheme not in URL_SCHEMES:
                problems.append(
                    Problem(
                        doc.path,
                        _find_line(text, href[:20], first),
                        field,
                        f"link scheme '{scheme}:' is not allowed; use http, https, mailto or tel",
                    )
                )
    return problems


def _find_line(text: str, needle: str, first: int) -> int:
    for number, line in enumerate(text.splitlines(), first):
        if needle.lower() in line.lower():
            return number
    return first


def render_checked(doc: Document, renderer: Markdown | None = None) -> tuple[str, list[Problem]]:
    """A document's body as safe HTML, with what sanitizing had to remove as problems.

    The HTML is only searched for problems when sanitizing changed it (rarely: ordinary
    Markdown passes through nh3 unchanged), which keeps large builds fast.
    """
    html = render_markdown(doc.body, renderer)
    safe = sanitize(html)
    if safe == html:
        return safe, []
    return safe, markup_problems(doc, html)
