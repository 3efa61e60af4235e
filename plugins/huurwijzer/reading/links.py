"""Links from content to site pages, written by what they point at, never by address.

Editors write Pelican's own ``{filename}/pages/huurachterstand.md`` for articles and pages,
and ``{corporations}``, ``{corporation}actium``, ``{municipalities}``, ``{municipality}emmen``,
``{method}``, ``{submit}`` or ``{letter}`` for the register's pages (a ``#anchor`` may follow). The
addresses come from the settings, so moving a section moves every link; ``make check`` and
the build refuse a link whose target does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from huurwijzer.core.problems import ContentError, Problem, display_path
from huurwijzer.reading.frontmatter import parse_file, read_source
from huurwijzer.reading.markup import render_markdown

# indicator -> settings prefix (…_URL); the ones with a slug need an existing target
REGISTER_INDICATORS = {
    "corporations": "CORPORATIONS",
    "corporation": "CORPORATION",
    "municipalities": "MUNICIPALITIES",
    "municipality": "MUNICIPALITY",
    "method": "METHOD",
    "submit": "SUBMIT",
    "letter": "LETTER",
}
WITH_SLUG = {"corporation", "municipality"}
# The parts of a register page, by the name its template uses -> the id it writes: the
# templates take the ids from here (the Jinja global ``page_parts``: corporation.html writes
# id="{{ page_parts.corporation.now }}"), so a link's check and the page cannot drift. base.html
# writes "inhoud" and _help.html "gratis-hulp" on every page. A corporation's page has "more"
# with a stance, "questions" with its own questions and "general_questions" with the common
# ones. A link {corporation}actium#… may name one of these, or one of the page's questions,
# records or help entries (stances.loading.known_targets lists them per corporation);
# {municipality}assen#… one of the municipality page's parts. tests/test_corporation_anchors.py
# builds the site and fails when a page no longer writes one.
PAGE_PARTS = MappingProxyType(
    {
        "corporation": MappingProxyType(
            {
                "content": "inhoud",
                "now": "nu",
                "do": "doen",
                "help": "gratis-hulp",
                "history": "geschiedenis",
                "more": "meer",
                "questions": "vragen",
                "general_questions": "algemene-vragen",
            }
        ),
        "municipality": MappingProxyType(
            {"content": "inhoud", "now": "wat-nu", "help": "gratis-hulp"}
        ),
    }
)
_ALWAYS = ("content", "now", "do", "help", "history")
CORPORATION_SECTIONS = tuple(PAGE_PARTS["corporation"][name] for name in _ALWAYS)
MUNICIPALITY_SECTIONS = tuple(PAGE_PARTS["municipality"].values())
# the key of known_targets that holds, per corporation (per municipality), the anchors a link
# may name
CORPORATION_ANCHORS = "corporation-anchors"
MUNICIPALITY_ANCHORS = "municipality-anchors"
_ANCHORS = {"corporation": CORPORATION_ANCHORS, "municipality": MUNICIPALITY_ANCHORS}
# Pelican's own: {static} and {attach} need STATIC_PATHS (none), {author} pages are not
# written, and {tag}/{category} to a topic no article has would link to nothing: refused.
PELICAN_INDICATORS = {"filename", "index"}

_HREF = re.compile(r'href="\{(?P<what>\w+)\}(?P<target>[^"#?]*)(?P<rest>[^"]*)"')
# In Markdown source: ](…) or <…> or a reference definition "[x]: …"
_SOURCE = re.compile(
    r"(?:\]\(|^\s*\[[^\]]+\]:\s*)\{(?P<what>\w+)\}(?P<target>[^\s)#?\"]*)"
    r"(?:#(?P<fragment>[^\s)\"]*))?",
    re.M,
)


def register_url(what: str, target: str, settings: Mapping[str, Any]) -> str:
    return "/" + settings[f"{REGISTER_INDICATORS[what]}_URL"].format(slug=target)


def in_language(settings: Mapping[str, Any], lang: str | None) -> dict[str, Any]:
    """The settings with one language's register addresses (its LANGUAGES entry's *_URL), so
    an English text's ``{corporations}`` leads to the English overview; a page a language
    does not have stays at the default language's address."""
    spec = (settings.get("LANGUAGES") or {}).get(lang) or {}
    names = [f"{prefix}_URL" for prefix in REGISTER_INDICATORS.values()]
    return {**settings, **{name: spec[name] for name in names if name in spec}}


def resolve_register_links(html: str, settings: Mapping[str, Any], lang: str | None = None) -> str:
    """Replace the register's indicators in rendered HTML with their addresses.

    ``lang``: the text's language. Its links lead to its language's pages (``in_language``);
    one to a page it does not have leads to the default language's and says so (hreflang).
    """
    if 'href="{' not in html:  # no link to resolve (most texts): no settings copied
        return html
    default = settings.get("DEFAULT_LANG", "nl")
    spec = (settings.get("LANGUAGES") or {}).get(lang) or {}
    addresses = in_language(settings, lang)

    def replace(match: re.Match) -> str:
        what = match["what"]
        if what not in REGISTER_INDICATORS:
            return match[0]
        href = f'href="{register_url(what, match["target"], addresses)}{match["rest"]}"'
        if lang and lang != default and f"{REGISTER_INDICATORS[what]}_URL" not in spec:
            return f'{href} hreflang="{default}"'
        return href

    return _HREF.sub(replace, html)


def resolve_filename_links(html: str, generated: Mapping[str, Any]) -> str:
    """Replace ``{filename}`` links in register texts with the page's or article's address."""

    def replace(match: re.Match) -> str:
        if match["what"] != "filename":
            return match[0]
        content = generated.get(match["target"].lstrip("/"))
        if content is None:
            return match[0]  # refused by link_problems before the build gets here
        return f'href="/{content.url}{match["rest"]}"'

    return _HREF.sub(replace, html)


def link_problems(
    path: str, text: str, known: Mapping[str, set[str]], content_root: Path, folder: Path
) -> list[Problem]:
    """Every internal link in a content file whose target does not exist.

    ``folder`` is the file's own folder: a ``{filename}`` path without a leading '/' is
    relative to it, as in Pelican.
    """
    problems = []
    for match in _SOURCE.finditer(text):
        what, target = match["what"], match["target"]
        line = 1 + text.count("\n", 0, match.start())
        if what in REGISTER_INDICATORS:
            if section := _missing_section(path, line, what, target, match["fragment"], known):
                problems.append(section)
            elif what in WITH_SLUG and target not in known[what]:
                choices = ", ".join(sorted(known[what])) or "none yet"
                problems.append(
                    Problem.of(
                        path,
                        line,
                        "link",
                        "no-such-target",
                        what=what,
                        target=target,
                        choices=choices,
                    )
                )
            elif what not in WITH_SLUG and target:
                problems.append(
                    Problem.of(path, line, "link", "link-takes-nothing", what=what, target=target)
                )
        elif what == "filename":
            base = content_root if target.startswith("/") else folder
            problems += _file_link(path, line, base / target.lstrip("/"), target, match)
        elif what not in PELICAN_INDICATORS:
            problems.append(
                Problem.of(
                    path,
                    line,
                    "link",
                    "unknown-link-kind",
                    what=what,
                    kinds=", ".join(f"{{{k}}}" for k in [*REGISTER_INDICATORS, "filename"]),
                )
            )
    return problems


def _missing_section(
    path: str, line: int, what: str, target: str, anchor: str | None, known: Mapping
) -> Problem | None:
    """``{corporation}actium#nope`` (``{municipality}assen#nope``): a part the page does not
    have."""
    anchors = known.get(_ANCHORS.get(what, ""))
    if not anchor or anchors is None or target not in known[what]:
        return None
    if anchor in anchors[target]:
        return None
    choices = ", ".join(sorted(anchors[target]))
    return Problem.of(
        path,
        line,
        "link",
        "no-such-section",
        what=what,
        target=target,
        anchor=anchor,
        choices=choices,
    )


def _file_link(path: str, line: int, linked: Path, target: str, match: re.Match) -> list:
    """A ``{filename}`` link: to a file that exists, is public, has an address and the
    anchor it names."""
    if not linked.is_file():
        return [Problem.of(path, line, "link", "no-such-file", target=target)]
    if _unlinkable(linked) == "draft":
        return [Problem.of(path, line, "link", "link-to-draft", target=target)]
    if _unlinkable(linked) == "save_as":
        return [Problem.of(path, line, "link", "link-to-save-as", target=target)]
    anchor = match["fragment"]
    if anchor and anchor not in _anchors(linked):
        return [Problem.of(path, line, "link", "no-such-anchor", target=target, anchor=anchor)]
    return []


def _anchors(linked: Path) -> set[str]:
    """The ids a content file's body gets (its headings' anchors); everything when the file
    cannot be read (the reader reports it)."""
    try:
        doc = parse_file(linked)
        html = render_markdown(doc.body)
    except (ContentError, OSError, RecursionError):
        return _EVERYTHING
    return set(re.findall(r'\bid="([^"]+)"', html))


class _Everything(set):
    def __contains__(self, item: object) -> bool:
        return True


_EVERYTHING = _Everything()


def _unlinkable(linked: Path) -> str | None:
    """Why a page or article cannot be linked to: a draft (its link would publish its
    address under /drafts/), or a page written with `save_as` but no `url` (no address)."""
    try:
        data = parse_file(linked).data
    except (ContentError, OSError):
        return None  # the reader reports the file's own problems
    if data.get("status") == "draft":
        return "draft"
    if data.get("save_as") and not data.get("url"):
        return "save_as"
    return None


def files_link_problems(
    files: list[Path], known: Mapping[str, set[str]], content_root: Path
) -> list[Problem]:
    """Internal-link problems of every file (read as text: cheap at national scale)."""

    problems: list[Problem] = []
    for file in files:
        try:
            text = read_source(file, str(file))
        except (OSError, ContentError):
            continue  # the reader reports unreadable files with their own message
        if "{" in text:
            problems += link_problems(
                display_path(str(file)), text, known, content_root, file.parent
            )
    return problems


# a link to a page of this site by its address: ](/nieuws/) or [x]: /over/
_ADDRESS = re.compile(r"(?:\]\(|^\s*\[[^\]]+\]:\s*)(?P<href>/[^\s)#?\"]*)", re.M)


def address_links(path: Path) -> list[tuple[int, str]]:
    """(line, address) of each link the file writes as a page address (``/…/`` or
    ``/….html``); none for a file that cannot be read (refused with its own message)."""
    try:
        text = read_source(path, str(path))
    except (OSError, ContentError):
        return []
    if "](/" not in text and "]:" not in text:
        return []  # no address link: skip the (slow, multi-line) pattern
    found = []
    for match in _ADDRESS.finditer(text):
        href = match["href"]
        if href.startswith("//") or not (href.endswith("/") or href.endswith(".html")):
            continue
        found.append((1 + text.count("\n", 0, match.start()), href))
    return found


def address_link_problems(files: list[Path], written: set[str]) -> list[Problem]:
    """A link written as an address (``/en/bestaat-niet/``) to a page the build does not
    write (``written``: every output path): it would give the reader a 404. `make check`,
    the build (site/refusals.py) and the dev server (a file with such links is updated
    whole, so this runs) all refuse it."""
    problems = []
    for path in files:
        for line, href in address_links(path):
            target = href.lstrip("/")
            if target.endswith("/") or not target:
                target += "index.html"
            if target not in written:
                shown = display_path(str(path))
                problems.append(Problem.of(shown, line, "link", "no-such-page", href=href))
    return problems
