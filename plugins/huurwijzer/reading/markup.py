"""Markdown to HTML, and the one sanitizing policy for every HTML fragment the site writes."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup
from markdown import Markdown
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique as toc_unique

from huurwijzer.core.codes import Phrase
from huurwijzer.core.problems import Problem
from huurwijzer.reading.frontmatter import Document

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
}
# Classes the site's own Markdown features write (footnotes); no other class survives.
ALLOWED_CLASSES = {
    "div": {"footnote"},
    "a": {"footnote-ref", "footnote-backref"},
}
DEFAULT_MARKDOWN: dict[str, Any] = {
    "extensions": [
        "markdown.extensions.extra",
        "markdown.extensions.sane_lists",
        "markdown.extensions.toc",
    ],
    "extension_configs": {
        "markdown.extensions.extra": {
            "footnotes": {
                "BACKLINK_TITLE": "Terug naar voetnoot %d in de tekst",
                "SEPARATOR": "-",  # ids of letters, digits and dashes only (valid-id)
            }
        }
    },
    "output_format": "html",
}
_CONTROL = re.compile(r"[\x00-\x20]+")
# Limits that keep one file's rendering cheap (Python-Markdown is quadratic in unclosed
# brackets, parentheses and angle brackets within a paragraph, and recursive in nesting);
# real content stays far below them.
MAX_BODY_CHARS = 100_000
MAX_OPEN_BRACKETS = 32
MAX_MARKER_RUN = 32
_BRACKETS = re.compile(r"\\[\[\]()]|[\[\]()>]|<(?=\S)|\n[ \t]*\n")
MAX_TAG_STARTS = 200  # '<' before a letter: autolinks <https://…>; raw HTML is refused anyway
_MARKER_RUN = re.compile(rf"[*_~>`]{{{MAX_MARKER_RUN + 1},}}")


def markdown_renderer() -> Markdown:
    """A Markdown converter with the site's extensions; reuse it (building one is costly).

    The extensions are fixed here, next to the sanitizer that must allow what they produce
    (Pelican's own MARKDOWN setting is not used: its "meta" extension would eat body lines).
    """
    return Markdown(**DEFAULT_MARKDOWN)


def render_markdown(text: str, renderer: Markdown | None = None) -> str:
    """Render Markdown (unsanitized: pass the result through ``sanitize``)."""
    plain = plain_paragraphs(text)
    if plain is not None:
        return plain
    renderer = renderer or markdown_renderer()
    return renderer.reset().convert(text)


# A line of plain text: it starts with a letter, holds only letters, digits, spaces and
# ordinary punctuation, and ends in no space. No Markdown syntax can start in such a line.
_PLAIN = r"[^\W\d_](?:[^\W_]|[ .,;:?!'\"()-])*(?<! )"
_PLAIN_LINE = re.compile(_PLAIN)
_PLAIN_HEADING = re.compile(rf"(#{{2,6}}) ({_PLAIN})")  # h1 is not allowed (ALLOWED_TAGS)


def plain_paragraphs(text: str) -> str | None:
    """The HTML of a text of plain paragraphs and headings (``## …`` to ``###### …``, alone
    between blank lines), as Python-Markdown with the site's extensions writes it; None for
    anything else.

    Most register files (records, questions) and many articles are such text: converting
    them through Python-Markdown costs ~0.2 ms (a record) to ~1 ms (an article) a file, 11,000
    files at national scale. tests/test_markup.py checks this against Python-Markdown.
    """
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line.strip(" "):
            if blocks[-1]:
                blocks.append([])
        elif _PLAIN_LINE.fullmatch(line) or _PLAIN_HEADING.fullmatch(line):
            blocks[-1].append(line)
        else:
            return None
    html, ids = [], set()
    for block in blocks:
        if not block:
            continue
        heading = _PLAIN_HEADING.fullmatch(block[0])
        if heading is None:
            if any(line.startswith("#") for line in block):
                return None  # a heading inside a paragraph: left to Python-Markdown
            html.append("<p>" + "\n".join(block) + "</p>")
        elif len(block) == 1:
            level, title = len(heading[1]), heading[2]
            anchor = toc_unique(toc_slugify(title, "-"), ids)
            html.append(f'<h{level} id="{anchor}">{title}</h{level}>')
        else:
            return None
    return "\n".join(html)


def sanitize(html: str) -> str:
    """Keep only the safe set of tags, attributes, classes and link schemes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        attribute_filter=_keep_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """Drop links that leave the site without a scheme (`//host/`, `/\\host/`)."""
    if attribute == "href" and is_scheme_relative(value):
        return None
    return value


def is_scheme_relative(href: str) -> bool:
    """True for an address a browser reads as another host: `//host`, `/\\host`, `\\\\host`."""
    cleaned = _CONTROL.sub("", href).replace("\\", "/")
    return cleaned.startswith("//")


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
                Problem.of(
                    doc.path,
                    _find_line(text, f"<{element.name}", first),
                    field,
                    "html-element",
                    element=element.name,
                )
            )
            continue
        for name in element.attrs:
            if not _attribute_allowed(element, name):
                problems.append(
                    Problem.of(
                        doc.path, _find_line(text, name, first), field, "html-attribute", name=name
                    )
                )
        href = element.get("href")
        if element.name == "a" and href is not None:
            problems += _link_problems(doc, href, _find_line(text, href[:20], first), field)
    return problems


def _link_problems(doc: Document, href: str, line: int, field: str) -> list[Problem]:
    """A link to another host without scheme, one relative to its page, or a scheme that
    sanitizing removes."""
    scheme = link_scheme(href)
    if is_scheme_relative(href):
        return [Problem.of(doc.path, line, field, "link-without-scheme", href=href[:40])]
    if not scheme and href and not href.startswith(("/", "#", "{")):
        return [Problem.of(doc.path, line, field, "relative-link", href=href[:40])]
    if scheme and scheme not in URL_SCHEMES:
        return [Problem.of(doc.path, line, field, "link-scheme", scheme=scheme)]
    return []


def _attribute_allowed(element: Any, name: str) -> bool:
    """What the site's Markdown writes: allowed attributes, footnote classes; and what
    sanitizing may drop without loss (a code block's language, a table column's alignment,
    which the site's CSP would block anyway)."""
    if name in ALLOWED_ATTRIBUTES.get(element.name, ()):
        return True
    value = element.get(name)
    if name == "class":
        classes = value if isinstance(value, list) else str(value).split()
        if element.name == "code":
            return all(c.startswith("language-") for c in classes)
        return set(classes) <= ALLOWED_CLASSES.get(element.name, set())
    if name == "style" and element.name in ("th", "td"):
        return re.fullmatch(r"text-align: (left|right|center);", str(value)) is not None
    return False


def complexity_problems(doc: Document, field: str = "body") -> list[Problem]:
    """A body too long or too deeply bracketed to render in reasonable time, or at all."""
    text = doc.body
    if len(text) > MAX_BODY_CHARS:
        return [
            Problem.of(
                doc.path,
                doc.body_line,
                field,
                "text-too-long",
                length=len(text),
                limit=MAX_BODY_CHARS,
            )
        ]
    if run := _MARKER_RUN.search(text):
        return [
            Problem.of(
                doc.path,
                _body_line(doc, run.start()),
                field,
                "marker-run",
                count=len(run.group()),
                marker=run.group()[0],
                limit=MAX_MARKER_RUN,
            )
        ]
    found = _bracket_problem(doc, field)
    return [found] if found else []


def _bracket_problem(doc: Document, field: str) -> Problem | None:
    """Too many '<' in one text, or too many brackets open at once (per paragraph)."""
    depth = dict.fromkeys("[(<", 0)
    starts = 0
    closing = {"]": "[", ")": "(", ">": "<"}
    for match in _BRACKETS.finditer(doc.body):
        char = match.group()
        if char.startswith("\\"):
            continue  # written as a character, not markup (an escaped '<' still costs)
        if char == "<":
            starts += 1
            if starts > MAX_TAG_STARTS:
                line = _body_line(doc, match.start())
                return Problem.of(doc.path, line, field, "too-many-tags", limit=MAX_TAG_STARTS)
        if char in depth:
            depth[char] += 1
            if depth[char] > MAX_OPEN_BRACKETS:
                return Problem.of(
                    doc.path,
                    _body_line(doc, match.start()),
                    field,
                    "too-many-open",
                    limit=MAX_OPEN_BRACKETS,
                    char=char,
                    escape=Phrase.named("escape-lt") if char == "<" else f"\\{char}",
                )
        elif char in closing:
            if depth[closing[char]]:
                depth[closing[char]] -= 1
        else:  # a blank line: links never span paragraphs (an unclosed '<' costs anyway)
            depth["["] = depth["("] = 0
    return None


def _body_line(doc: Document, offset: int) -> int:
    """The file line of a position in the body."""
    return doc.body_line + doc.body.count("\n", 0, offset)


def _find_line(text: str, needle: str, first: int) -> int:
    for number, line in enumerate(text.splitlines(), first):
        if needle.lower() in line.lower():
            return number
    return first


def _footnote_ids(html: str, path: str) -> str:
    """Footnote ids unique per file, the same in every build: several summaries share a
    register page, and each would otherwise number its notes fn:1, fn:2, …"""
    if 'class="footnote' not in html:
        return html
    key = hashlib.sha1("/".join(PurePath(path).parts[-3:]).encode()).hexdigest()[:8]
    return _FOOTNOTE_ID.sub(lambda m: f"{m.group(1)}{m.group(2)}-{key}-", html)


_FOOTNOTE_ID = re.compile(r'((?:id|href)="#?)(fn|fnref)-')


# a link that is no address on its own: not /…, #…, {kind}…, nor scheme:…
_RELATIVE_HREF = re.compile(r'href="(?![/#{]|[a-zA-Z][a-zA-Z0-9+.-]*:)')


def render_checked(doc: Document, renderer: Markdown | None = None) -> tuple[str, list[Problem]]:
    """A document's body as safe HTML, with what sanitizing had to remove as problems.

    The HTML is only searched for problems when sanitizing changed it (rarely: ordinary
    Markdown passes through nh3 unchanged), which keeps large builds fast.
    """
    if problems := complexity_problems(doc):
        return "", problems
    if (plain := plain_paragraphs(doc.body)) is not None:
        return plain, []  # nothing in it for sanitizing to remove (tests/test_markup.py)
    try:
        html = render_markdown(doc.body, renderer)
    except RecursionError:
        return "", [Problem.of(doc.path, doc.body_line, "body", "text-nested-too-deeply")]
    if 'class="footnote' in html and "effective_from" in doc.data:
        return "", [
            Problem.of(
                doc.path, _find_line(doc.body, "[^", doc.body_line), "body", "footnote-in-record"
            )
        ]
    html = _footnote_ids(html, doc.path)
    safe = sanitize(html)
    if safe == html and not _RELATIVE_HREF.search(html):
        return safe, []
    return safe, markup_problems(doc, html)
