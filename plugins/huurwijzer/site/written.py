"""What the build's writers wrote, taken from each HTML page as it is written, so that the
site files made at the end (sitemap, search index) need not read the built site back.

``Collector.add(path, html)`` is called by site/refusals.StrictWriter for every HTML page it
writes (only in a build that writes the search index: the dev server renders only what
changed and reads the rest from its output). Each page's ``Written`` keeps its size in
bytes: a file whose size differs at the end, or that no writer handed over, is read from
the output as before.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from huurwijzer.site.search_index import (
    FOLDER,
    Indexed,
    Stems,
    address_of,
    index_page,
    page_of,
)

NOINDEX = b'<meta name="robots" content="noindex'
ALTERNATE = re.compile(rb'<link rel="alternate" hreflang="([a-zA-Z-]+)" href="([^"]+)">')


def head_facts(raw: bytes) -> tuple[bool, list[tuple[str, str]]]:
    """Whether a page asks not to be indexed (in its first 4 KB), and its hreflang
    alternates (its languages, itself included), from its head."""
    head = raw.split(b"</head>", 1)[0]
    alternates = [(lang.decode(), href.decode()) for lang, href in ALTERNATE.findall(head)]
    return NOINDEX in raw[:4096], alternates


@dataclass
class Written:
    """One HTML page as written (pickles: the second process sends its pages back)."""

    size: int
    noindex: bool
    alternates: list[tuple[str, str]]
    indexed: Indexed | None  # its text for the search index; None when it has none


class Collector:
    """The HTML pages one writer wrote, by path under the output (``written``)."""

    def __init__(self, output: str | Path) -> None:
        self.output = Path(output)
        self.stems = Stems()
        self.stem_of: dict[str, dict[str, str]] = defaultdict(dict)  # per language, a cache
        self.written: dict[str, Written] = {}

    def add(self, path: str, html: str) -> None:
        relative = Path(path).relative_to(self.output).as_posix()
        if relative.startswith(FOLDER + "/"):
            return
        raw = html.encode("utf-8")
        page = page_of(html, address_of(relative))
        indexed = None if page is None else index_page(page, self.stems, self.stem_of)
        self.written[relative] = Written(len(raw), *head_facts(raw), indexed)


def still(output: Path, relative: str, written: dict[str, Written] | None) -> Written | None:
    """The page as written when the file is still that (same size), else None."""
    known = (written or {}).get(relative)
    if known is not None and known.size == (output / relative).stat().st_size:
        return known
    return None
