"""sitemap.xml and robots.txt, written from what the build actually put in the output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from huurwijzer.core import atomic
from huurwijzer.site.written import NOINDEX, Written, head_facts, still


def page_addresses(output: Path, written: dict[str, Written] | None = None) -> list[str]:
    """Site-relative addresses of every indexable HTML page, sorted; ``written``: the pages
    as the build's writers handed them over (site/written.py), not read again."""
    addresses = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        known = still(output, relative, written)
        if known.noindex if known else NOINDEX in path.read_bytes()[:4096]:
            continue
        if relative == "index.html":
            addresses.append("")
        elif relative.endswith("/index.html"):
            addresses.append(relative[: -len("index.html")])
        else:
            addresses.append(relative)
    return addresses


def alternates(
    output: Path, address: str, written: dict[str, Written] | None = None
) -> list[tuple[str, str]]:
    """The page's own hreflang alternates (its languages, itself included), from its head."""
    relative = address + "index.html" if address == "" or address.endswith("/") else address
    known = still(output, relative, written)
    return known.alternates if known else head_facts((output / relative).read_bytes())[1]


def write_sitemap(output: Path, siteurl: str, written: dict[str, Written] | None = None) -> None:
    """Every indexable page, with its versions in the other languages (xhtml:link)."""
    entries = []
    for address in page_addresses(output, written):
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{escape(lang)}" href="{escape(href)}"/>'
            for lang, href in alternates(output, address, written)
        )
        entries.append(f"  <url><loc>{escape(siteurl)}/{escape(address)}</loc>{links}</url>\n")
    atomic.replace(
        output / "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"{''.join(entries)}</urlset>\n",
    )


def index_for_search(
    output: Path,
    written: dict | None = None,
    processes: bool = False,
    also: Sequence[Callable[[], Any]] = (),
) -> None:
    """The search index over the output, per language (site/search_index.py); ``written``:
    the pages as the build's writers handed them over, not read again; ``processes``: with
    a second process; ``also``: other jobs to share out with the index's own."""
    from huurwijzer.site.search_index import write_index

    write_index(output, written, processes, also)


def write_robots(output: Path, siteurl: str) -> None:
    atomic.replace(
        output / "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"
    )
