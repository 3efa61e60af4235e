"""The site's search index, written from the built pages (issue 23: a first search under 100 KB).

Every page with a ``data-search-body`` element (set by the templates) is indexed, in the
index of its ``<html lang>``; ``data-search-filter="key:value"`` anywhere in the page gives
its filter values. Per language, under ``search-index/<lang>/``:

  t/<key>.json   the terms whose first three letters are <key> (a shorter term: the term
                 itself): {"w": {term: stem number}, "p": [postings per stem]}, postings a
                 flat list [page - previous page, score, part, …] (pages in ascending
                 order; part: the first part of the page's text that holds the stem)
  r/<n>.json     page n: {"u": address, "t": title, "x": the first part of its text}
  r/<n>.<k>.json the same with the page's part k (about PART_CHARS characters each), so an
                 excerpt around a word deep in a long page costs one small file
  filters.json   {filter: {value: [pages]}}, loaded only when a filter is used

Words are lowercased with accents folded (é → e) and split on anything but a-z and 0-9, the
same way theme/static/js/search.js splits a query. A term's stem (Snowball, Dutch or English)
is only used here: the shard tells the script which terms share a stem, so a query word that
is in the index finds its other forms ("ontruimingen" finds "ontruiming") without a stemmer
in the browser, and any query word of three letters or more also finds the terms it begins.
Scores are BM25 over the page's indexed text, with the stem's weight added when it is in the
page's title, scaled to whole numbers.

Run as ``python -m huurwijzer.site.search_index OUTPUT`` (the dev server does after updates).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from html import unescape
from pathlib import Path
from typing import Any

from huurwijzer.site.parallel import run_shared

logger = logging.getLogger(__name__)

FOLDER = "search-index"
MARKER = b"data-search-body"
PART_CHARS = 4500  # a page's text is cut into parts of about this length, for excerpts:
# each part is a file to write (a third fewer than with 3,000: ~7,400 at national scale), and
# each result of a first search loads one (~1 KB gzipped)
K1, B, TITLE_WEIGHT = 1.2, 0.75, 1.5
STEMMERS = {"nl": "dutch", "en": "english"}
WORD = re.compile(r"[a-z0-9]+")
ACCENTS = re.compile("[\u0300-\u036f]")  # combining accents, after NFKD
OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
TAGS = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
SKIPPED_NAMES = r"s(?:cript|tyle|vg)|template|noscript"
SKIPPED = re.compile(rf"<({SKIPPED_NAMES})\b.*?</\1\s*>", re.S | re.I)
SKIPPED_LOWER = re.compile(rf"<({SKIPPED_NAMES})\b.*?</\1\s*>", re.S)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S | re.I)
FILTER = re.compile(r'data-search-filter="([^"]*)"')
LANG = re.compile(r"<html[^>]*?\slang=\"([^\"]*)\"")
BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section summary table td th tr ul".split()
)


def _alternatives(names: list[str]) -> str:
    """A regular expression matching exactly ``names``, as a tree of shared beginnings
    ("a(?:ddress|rticle|side)|…"): Python's re tries each alternative in turn, so a flat
    list of 33 tag names was tried letter by letter at every '<' of every page."""
    heads: dict[str, list[str]] = {}
    for name in names:
        heads.setdefault(name[0], []).append(name[1:])
    found = []
    for head, rests in sorted(heads.items()):
        longer = [rest for rest in rests if rest]
        tail = f"(?:{_alternatives(longer)})" if longer else ""
        found.append(re.escape(head) + tail + ("?" if longer and "" in rests else ""))
    return "|".join(found)


BLOCK_NAMES = _alternatives(sorted(BLOCKS))
BLOCK_TAGS = re.compile(rf"</?(?:{BLOCK_NAMES})\b[^>]*>", re.I)
# The same without re.I (~3× faster), for text with no tag name holding a capital (the
# build's own templates and Markdown never write one): there they match the same.
BLOCK_TAGS_LOWER = re.compile(rf"</?(?:{BLOCK_NAMES})\b[^>]*>")
CAPITAL_TAG = re.compile(r"</?[a-z0-9-]*[A-Z]")


def fold(text: str) -> str:
    """Lowercase with accents removed (é → e): what both the index and the script compare."""
    if text.isascii():
        return text.lower()
    return ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


@dataclass
class Page:
    address: str
    lang: str = ""
    title: str = ""
    parts: list[str] = field(default_factory=list)  # its text, cut (``cut``)
    filters: list[tuple[str, str]] = field(default_factory=list)


def region(html: str, start: int, page: Page) -> tuple[str, int]:
    """The text of the element that starts at ``start``, and where it ends; its first <h1>
    is the page's title when it has none yet. The element's end is found by counting its
    own tag name (the build escapes every '>' in attribute values)."""
    name = OPEN.match(html, start).group(1).lower()
    same = re.compile(rf"<(/?){name}\b[^>]*?(/?)>", re.I)
    depth, end = 0, len(html)
    for match in same.finditer(html, start):
        depth += -1 if match.group(1) else 0 if match.group(2) else 1
        if depth == 0:
            end = match.end()
            break
    inner = html[start:end]
    capitals = CAPITAL_TAG.search(inner) is not None
    inner = (SKIPPED if capitals else SKIPPED_LOWER).sub(" ", inner)
    if not page.title and (h1 := H1.search(inner)):
        page.title = " ".join(unescape(TAGS.sub("", h1.group(1))).split())
    blocks = BLOCK_TAGS if capitals else BLOCK_TAGS_LOWER
    return unescape(TAGS.sub("", blocks.sub(" ", inner))), end


def read_page(path: Path, address: str) -> Page | None:
    """The page's indexed part (every data-search-body element), or None when it has none."""
    raw = path.read_bytes()
    if MARKER not in raw:
        return None
    return page_of(raw.decode("utf-8"), address)


def page_of(html: str, address: str) -> Page | None:
    """The same from the page's HTML as written (the build's writer hands it over)."""
    if "data-search-body" not in html:
        return None
    lang = LANG.search(html)
    page = Page(address, lang=(lang.group(1) if lang else "").split("-")[0].lower())
    for value in FILTER.findall(html):
        key, _, value = unescape(value).partition(":")
        if value.strip():
            page.filters.append((key.strip(), value.strip()))
    texts, at = [], html.find("data-search-body")
    while at >= 0:
        text, end = region(html, html.rfind("<", 0, at), page)
        texts.append(text)
        at = html.find("data-search-body", end)
    page.parts = cut(" ".join(" ".join(texts).split()))
    return page


def cut(text: str) -> list[str]:
    """The text in parts of about PART_CHARS characters, cut between words."""
    parts, start = [], 0
    while start < len(text):
        end = (
            len(text)
            if len(text) - start <= PART_CHARS
            else text.rfind(" ", start, start + PART_CHARS)
        )
        end = end if end > start else start + PART_CHARS
        parts.append(text[start:end].strip())
        start = end
    return parts or [""]


class Stems:
    """Snowball stems per language, each word stemmed once."""

    def __init__(self) -> None:
        import snowballstemmer

        self.stemmers = {lang: snowballstemmer.stemmer(name) for lang, name in STEMMERS.items()}
        self.known: dict[tuple[str, str], str] = {}

    def stem(self, lang: str, word: str) -> str:
        key = (lang, word)
        if key not in self.known:
            stemmer = self.stemmers.get(lang)
            self.known[key] = stemmer.stemWord(word) if stemmer and not word.isdigit() else word
        return self.known[key]


@dataclass
class Counted:
    """One page's stems: how often each occurs, the first part holding it, the title's, and
    the stem of each of the page's terms."""

    counts: dict[str, int]
    first_part: dict[str, int]
    length: int
    titled: set[str]
    stems: dict[str, str]


def count(page: Page, lang: str, stem_of: dict[str, str], stems: Stems) -> Counted:
    """Count the page's stems; ``stem_of`` (term → stem, the language's terms so far) is
    only a cache."""
    if len(page.parts) == 1:  # most pages: every term is in part 0
        terms: Counter = Counter(words(page.parts[0]))
        first: dict[str, int] = dict.fromkeys(terms, 0)
    else:
        terms, first = Counter(), {}
        for part_number, part in enumerate(page.parts):
            in_part = Counter(words(part))
            for term in in_part.keys() - first.keys():
                first[term] = part_number
            terms.update(in_part)
    counts: dict[str, int] = {}
    first_part: dict[str, int] = {}
    page_stems: dict[str, str] = {}
    for term, n in terms.items():
        stem = stem_of.get(term)
        if stem is None:
            stem = stem_of[term] = stems.stem(lang, term)
        page_stems[term] = stem
        counts[stem] = counts.get(stem, 0) + n
        part = first[term]
        if part < first_part.get(stem, part + 1):
            first_part[stem] = part
    titled = {stems.stem(lang, t) for t in words(page.title)}
    return Counted(counts, first_part, terms.total() or 1, titled, page_stems)


@dataclass
class Indexed:
    """A page read for the index, its stems counted (sent back by the build's second
    process, so it pickles)."""

    page: Page
    counted: Counted


def address_of(relative: str) -> str:
    """The site address of an output file (``a/index.html`` → ``/a/``)."""
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def index_page(page: Page, stems: Stems, stem_of: dict[str, dict[str, str]]) -> Indexed:
    """The page with its stems counted; ``stem_of``: per language, term → stem (a cache)."""
    lang = page.lang or "nl"
    return Indexed(page, count(page, lang, stem_of[lang], stems))


def indexed_pages(output: Path, written: dict | None = None) -> list[Indexed]:
    """Every indexed page of the built site, in the order of their paths: as the build's
    writer handed it over (``written``: path → site/written.Written) when the file is still
    what was written (same size), else read from the file."""
    written = written or {}
    stems, stem_of = Stems(), defaultdict(dict)
    found, read = [], 0
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith(FOLDER + "/"):
            continue
        known = written.get(relative)
        if known is not None and known.size == path.stat().st_size:
            indexed = known.indexed
        else:
            page = read_page(path, address_of(relative))
            indexed = None if page is None else index_page(page, stems, stem_of)
            read += 1
        if indexed is not None:
            found.append(indexed)
    logger.debug("search index: %d pages as written, %d read from the output", len(written), read)
    return found


def scores(items: list[Indexed]) -> tuple[dict, dict]:
    """Per stem, each page that holds it: page number → (score, first part holding it); per
    shard key, the terms in it and their stems."""
    stem_of: dict[str, str] = {}
    for item in items:
        stem_of.update(item.counted.stems)
    counted = [item.counted for item in items]
    shards: dict[str, dict[str, str]] = defaultdict(dict)
    for term, stem in stem_of.items():
        shards[term[:3]][term] = stem
    average = sum(c.length for c in counted) / max(len(counted), 1)
    frequency = Counter(stem for c in counted for stem in c.counts)
    total = len(counted)
    by_stem: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    for number, page in enumerate(counted):
        norm = K1 * (1 - B + B * page.length / average)
        for stem, tf in page.counts.items():
            idf = math.log(1 + (total - frequency[stem] + 0.5) / (frequency[stem] + 0.5))
            value = idf * (tf * (K1 + 1) / (tf + norm) + TITLE_WEIGHT * (stem in page.titled))
            by_stem[stem][number] = (max(1, round(value * 10)), page.first_part[stem])
    return by_stem, shards


def shard(terms: dict[str, str], by_stem: dict[str, dict[int, tuple[int, int]]]) -> dict:
    """One shard's JSON: its terms with a stem number each, and each stem's postings."""
    order: dict[str, int] = {}
    for term in sorted(terms):
        order.setdefault(terms[term], len(order))
    postings = []
    for stem in order:
        flat, previous = [], 0
        for number, (value, part) in sorted(by_stem[stem].items()):
            flat += [number - previous, value, part]
            previous = number
        postings.append(flat)
    return {"w": {term: order[terms[term]] for term in sorted(terms)}, "p": postings}


def write_json(path: Path, value: object) -> None:
    path.write_text(
        json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
        encoding="utf-8",
    )


def record_files(folders: dict[Path, list[Page]]) -> list[tuple[str, int, Page]]:
    """Each page's records to write: its language's records folder, its number there, the
    page (write_records)."""
    return [
        (os.path.join(folder, "r"), number, page)
        for folder, pages in folders.items()
        for number, page in enumerate(pages)
    ]


def write_records(pages: list[tuple[str, int, Page]], take: Callable[[], Iterable[int]]) -> None:
    """The records (r/<n>.json, r/<n>.<k>.json) of the pages (record_files) that ``take``
    hands out, by their place in ``pages``: all of them (``range``), or a share of them
    (site/parallel.Claims). Written as json.dumps(…, sort_keys=True) writes them, ~7,400
    files at national scale."""
    string = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False
    for place in take():
        records, number, page = pages[place]
        head = f'{{"t":{string(page.title)},"u":{string(page.address)},"x":'
        for part_number, part in enumerate(page.parts):
            name = f"{number}.{part_number}" if part_number else f"{number}"
            with open(os.path.join(records, name + ".json"), "w", encoding="utf-8") as file:
                file.write(head + string(part) + "}")


def write_terms(folder: Path, items: list[Indexed]) -> None:
    """A language's files of terms (t/<key>.json) and its filters.json."""
    by_stem, shards = scores(items)
    for key, terms in shards.items():
        write_json(folder / "t" / f"{key}.json", shard(terms, by_stem))
    filters: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, item in enumerate(items):
        for key, value in dict.fromkeys(item.page.filters):
            filters[key][value].append(number)
    write_json(folder / "filters.json", filters)


BATCH = 100  # pages whose records are one piece of work shared by two processes


def write_index(
    output: Path,
    written: dict | None = None,
    processes: bool = False,
    also: Sequence[Callable[[], Any]] = (),
) -> None:
    """The whole index; each language's folder is written beside the old one, inside
    search-index/, and then put in its place (the dev server's search keeps working).
    ``written``: the pages as the build's writers handed them over (site/written.py).
    ``processes``: a second process (site/parallel.py) writes records while this one
    scores the terms, then both write the rest (the build's last step, on its two cores).
    ``also``: other jobs of the build's end (the sitemap), shared out with these."""
    by_lang: dict[str, list[Indexed]] = defaultdict(list)
    for item in indexed_pages(output, written):
        by_lang[item.page.lang or "nl"].append(item)
    target = output / FOLDER
    target.mkdir(exist_ok=True)
    fresh = {lang: target / f".{lang}.new" for lang in sorted(by_lang)}
    for folder in fresh.values():
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "t").mkdir(parents=True)
        (folder / "r").mkdir()
    pages = record_files({fresh[lang]: [item.page for item in by_lang[lang]] for lang in fresh})
    terms = [partial(write_terms, folder, by_lang[lang]) for lang, folder in fresh.items()]
    if processes:  # the second process starts on the sitemap and records, this one on the terms
        batches = [
            partial(write_records, pages, partial(range, start, min(start + BATCH, len(pages))))
            for start in range(0, len(pages), BATCH)
        ]
        run_shared([*also, *batches, *terms], "writing the search index")
    else:
        for job in [*terms, *also]:
            job()
        write_records(pages, partial(range, len(pages)))
    for lang, folder in fresh.items():
        old = target / f".{lang}.old"
        shutil.rmtree(old, ignore_errors=True)
        if (target / lang).exists():
            (target / lang).rename(old)
        folder.rename(target / lang)
        shutil.rmtree(old, ignore_errors=True)
    for gone in target.iterdir():  # a language no page has any more
        if gone.name not in by_lang:
            shutil.rmtree(gone, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m huurwijzer.site.search_index OUTPUT", file=sys.stderr)
        return 2
    write_index(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
