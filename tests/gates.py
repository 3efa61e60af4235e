"""Quality gates over a built site, as pure functions: each returns its violations."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

PAGE_BUDGET = 14 * 1024  # gzipped HTML + the CSS and JS it loads
SCRIPT_BUDGET = 3 * 1024  # gzipped JS per page
WEIGHT_EXCEPTIONS: set[str] = set()  # none: the search pages fit since issue 23 (no Pagefind)
LINKED = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action")]


def html_pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if "search-index" not in p.parts)


def address_of(output: Path, file: Path) -> str:
    relative = file.relative_to(output).as_posix()
    return "/" + (
        relative.removesuffix("index.html") if relative.endswith("index.html") else relative
    )


@cache
def _soup(path: Path, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    return _soup(path, path.stat().st_mtime)


def target_file(output: Path, path: str) -> Path | None:
    """The file a site-relative path serves, as a static host would."""
    candidate = output / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(output: Path) -> list[str]:
    """Internal links and anchors that lead nowhere."""
    problems = []
    for page in html_pages(output):
        here = address_of(output, page)
        document = soup(page)
        for name, attribute in LINKED:
            for element in document.find_all(name):
                value = element.get(attribute)
                if not value:
                    continue
                url = urlsplit(value)
                if url.scheme or url.netloc:
                    continue  # another site, mailto: or tel:: not ours to check
                path = url.path or here
                if not path.startswith("/"):
                    path = here.rsplit("/", 1)[0] + "/" + path
                target = target_file(output, path)
                if target is None:
                    problems.append(f"{here}: {name} {attribute}={value!r}: no such page")
                    continue
                if url.fragment and target.suffix == ".html":
                    if not soup(target).find(id=url.fragment):
                        problems.append(f"{here}: {value!r}: no element with id {url.fragment!r}")
    return problems


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weight(output: Path, page: Path) -> tuple[int, int]:
    """(gzipped HTML + CSS + JS, gzipped JS) for one page."""
    document = soup(page)
    total = _gzip_size(page.read_bytes())
    scripts = 0
    resources = [link["href"] for link in document.find_all("link", rel="stylesheet")]
    script_sources = [s["src"] for s in document.find_all("script", src=True)]
    for path in resources + script_sources:
        target = target_file(output, urlsplit(path).path)
        size = _gzip_size(target.read_bytes()) if target else 0
        total += size
        if path in script_sources:
            scripts += size
    return total, scripts


def weight_violations(output: Path) -> list[str]:
    problems = []
    for page in html_pages(output):
        here = address_of(output, page)
        if here in WEIGHT_EXCEPTIONS:
            continue
        total, scripts = page_weight(output, page)
        if total > PAGE_BUDGET:
            problems.append(
                f"{here}: {total} bytes gzipped with its CSS and JS (budget {PAGE_BUDGET})"
            )
        if scripts > SCRIPT_BUDGET:
            problems.append(
                f"{here}: {scripts} bytes of JavaScript gzipped (budget {SCRIPT_BUDGET})"
            )
    return problems


RESOURCES = [
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("audio", "src"),
    ("video", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("form", "action"),
]


def external_references(output: Path) -> list[str]:
    """Anything a page or stylesheet would load from another host."""
    problems = []
    for page in html_pages(output):
        here = address_of(output, page)
        document = soup(page)
        urls = [
            tag[attr]
            for name, attr in RESOURCES
            for tag in document.find_all(name)
            if tag.get(attr)
        ]
        urls += [
            link["href"]
            for link in document.find_all("link", href=True)
            if not {"canonical", "alternate"} & set(link.get("rel", []))
        ]
        for url in urls:
            if urlsplit(url).netloc or url.startswith("//"):
                problems.append(f"{here}: loads {url}")
    for css in output.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", text):
            if not url.startswith("data:") and ("//" in url):
                problems.append(f"{css.relative_to(output)}: loads {url}")
        if "@import" in text:
            problems.append(f"{css.relative_to(output)}: uses @import")
    return problems


def style_source(css: str) -> str:
    """The CSP source that allows exactly this <style> text."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_style_sources(document: BeautifulSoup) -> set[str]:
    meta = document.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    for directive in (meta["content"] if meta else "").split(";"):
        name, *sources = directive.split() or [""]
        if name == "style-src":
            return set(sources)
    return set()


def inline_code(output: Path) -> list[str]:
    """Inline scripts, styles and event handlers: a strict CSP would block them. A <style>
    element passes only when the page's own policy allows its exact text by hash."""
    problems = []
    for page in html_pages(output):
        here = address_of(output, page)
        document = soup(page)
        allowed = page_style_sources(document)
        for style in document.find_all("style"):
            if style_source(style.string or "") not in allowed:
                problems.append(f"{here}: <style> element its policy does not allow by hash")
        if document.find(style=True):
            problems.append(f"{here}: style= attribute")
        if any(not s.get("src") for s in document.find_all("script")):
            problems.append(f"{here}: inline <script>")
        for tag in document.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            if handlers:
                problems.append(f"{here}: <{tag.name}> has {', '.join(handlers)}")
            href = str(tag.get("href", "")).strip().lower()
            if href.startswith("javascript:"):
                problems.append(f"{here}: javascript: link")
    return problems


def heading_jumps(output: Path) -> list[str]:
    """Headings that skip a level going down (h2 followed by h4), or a page without one h1."""
    problems = []
    for page in html_pages(output):
        here = address_of(output, page)
        levels = [int(h.name[1]) for h in soup(page).find_all(re.compile(r"^h[1-6]$"))]
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{here}: expected one h1 first, found levels {levels[:5]}")
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                problems.append(f"{here}: h{before} followed by h{after}")
                break
    return problems
