"""One source per output path: clashes between content and generated pages are refused.

Pelican lets a page with `save_as` silently replace a generated page, and fails late, with
no location, on two articles with one slug or a tag without letters. Here every path the
build will write is listed with its source, and each clash or unusable address becomes a
Problem naming the file, the line and the field (and the other source).

Used by `make check` (over the files it reads) and by the build (over Pelican's own content
objects, before anything is written); both pass the generated paths in, so a new generated
page only has to appear in ``generated_outputs``.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huurwijzer.core.codes import Items, Phrase
from huurwijzer.core.problems import ContentError, Problem, display_path
from huurwijzer.core.settings import DECLARED, with_defaults
from huurwijzer.reading.frontmatter import parse_file
from huurwijzer.site.i18n import page_file

SITE_FILES = ("sitemap.xml", "robots.txt", "_headers", "search-index/")
FEED_SETTINGS = ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS")

LineOf = Callable[[str, tuple], int]
CONTENT_KINDS = ("article", "page", "tag", "category")
EDITION = "edition"  # a page another language's edition generates (home, news, search, …)


@dataclass(frozen=True)
class Output:
    """One path the build writes (relative to the output folder; a folder ends in '/')."""

    path: str
    source: str | Phrase  # a content file's path as shown, or what generates it
    where: int | Callable[[], int] = 0  # the line (0: not a content file's field), or how to
    # find it: a file is parsed again for its lines only when one of its outputs has a problem
    field: str = ""
    kind: str = "generated"  # 'article', 'page', 'tag', 'category', 'corporation', 'generated',
    # or 'edition'
    slug: str = ""

    @property
    def line(self) -> int:
        return self.where() if callable(self.where) else self.where

    def problem(self, code: str, /, **values: Any) -> Problem:
        """The problem ``code`` (core/codes.py) on this output's source and field."""
        return Problem.of(self.source, max(self.line, 1), self.field, code, **values)


def generated_outputs(settings: dict[str, Any], register: Any = None) -> list[Output]:
    """Every path the site itself generates: direct templates, feeds, register, site files."""
    found = []
    for template in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if save_as:
            found.append(Output(save_as, Phrase.named("generated-page", template=template)))
    for name in FEED_SETTINGS:
        value = settings.get(name)
        if value and "{" not in value:
            found.append(Output(value, Phrase.named("generated-feed", name=name)))
    values = with_defaults(settings)
    slugged = [d.name for d in DECLARED if d.name.endswith("_SAVE_AS") and "{slug}" in d.default]
    for setting in DECLARED:  # the register's pages and files, wherever the settings put them
        if setting.name.endswith("_SAVE_AS") and setting.name not in slugged:
            path = values[setting.name]
            kind = "page" if path.endswith("index.html") else "file"
            doc = Phrase.named("register-output", kind=kind, doc=setting.doc, setting=setting.name)
            found.append(Output(path, doc))
    default = settings.get("DEFAULT_LANG", "nl")
    slugged_editions: list[tuple[str, str, str]] = []
    for lang, spec in (settings.get("LANGUAGES") or {}).items():
        if lang == default:
            continue
        for key, url in spec.items():  # the other editions' own pages and feed (editions.py)
            if key.endswith("_URL") and isinstance(url, str) and "{slug}" not in url:
                what = Phrase.named("edition-output", lang=lang, key=key)
                found.append(Output(page_file(url), what, kind=EDITION))
            elif key.endswith("_URL") and isinstance(url, str):  # one per corporation/place
                slugged_editions.append((key, page_file(url), lang))
    for path in SITE_FILES:
        found.append(Output(path, Phrase.named("site-file")))
    theme = settings.get("THEME_STATIC_DIR", "theme") + "/"
    found.append(Output(theme, Phrase.named("theme-files")))
    if register is not None:
        for name in slugged:
            owners = (
                [
                    (m.slug, Phrase.named("municipality-page", slug=m.slug), 0)
                    for m in register.municipalities
                ]
                if name.startswith("MUNICIPALITY")
                else [(c.slug, c.path, 1) for c in register.corporations]
            )
            for slug, source, line in owners:
                kind = "corporation" if line else "generated"
                found.append(Output(values[name].format(slug=slug), source, line, kind=kind))
        for key, path, lang in slugged_editions:
            slugs = (
                [m.slug for m in register.municipalities]
                if key.startswith("MUNICIPALITY")
                else [c.slug for c in register.corporations]
            )
            for slug in slugs:
                source = Phrase.named("edition-output", lang=lang, key=key)
                found.append(Output(path.format(slug=slug), source, kind=EDITION))
    return found


def content_outputs(
    items: Iterable[Any], settings: dict[str, Any], line_of: LineOf
) -> list[Output]:
    """What Pelican will write for its articles and pages (content objects, not drafts)."""
    found = []
    for item in items:
        kind = type(item).__name__.lower()
        if getattr(item, "status", "published") == "draft":
            continue
        source = display_path(item.source_path)
        field = next((f for f in ("save_as", "slug") if f in item.metadata), "title")
        if not item.save_as or not (item.slug or "save_as" in item.metadata):
            continue  # no address at all: address_problems says so once (empty-address)
        found.append(
            Output(item.save_as, source, _line(line_of, item, (field,)), field, kind, item.slug)
        )
        if kind != "article":
            continue
        for index, tag in enumerate(getattr(item, "tags", None) or ()):
            if tag.slug and settings.get("TAG_SAVE_AS"):
                found.append(
                    Output(
                        tag.save_as,
                        source,
                        _line(line_of, item, ("tags", index)),
                        "tags",
                        "tag",
                    )
                )
        category = getattr(item, "category", None)
        if category is not None and category.slug and settings.get("CATEGORY_SAVE_AS"):
            found.append(
                Output(
                    category.save_as,
                    source,
                    _line(line_of, item, ("category",)),
                    "category",
                    "category",
                )
            )
    return found


def _line(line_of: LineOf, item: Any, location: tuple) -> Callable[[], int]:
    return lambda: line_of(item.source_path, location)


def address_problems(items: Iterable[Any], line_of: LineOf) -> list[Problem]:
    """Slugs the build cannot use: empty, or shared by two articles (or two pages)."""
    problems = []
    groups: dict[tuple, list] = defaultdict(list)
    for item in items:
        source = display_path(item.source_path)
        kind = type(item).__name__.lower()
        has_slug = "slug" in item.metadata
        slug_field = ("slug",) if has_slug else ("title",)
        if not item.slug:
            problems.append(
                Problem.of(
                    source, line_of(item.source_path, slug_field), slug_field[0], "empty-address"
                )
            )
        else:
            # a slug is unique per language: a translation may keep the original's slug
            lang = getattr(item, "lang", None)
            # a hidden or draft item with a published one's slug breaks the build too
            groups[(kind, lang, item.slug)].append(item)
        if kind == "article":
            problems += _topic_problems(item, source, line_of)
    for (kind, _lang, slug), same in groups.items():
        first = display_path(same[0].source_path)
        for item in same[1:]:
            field = ("slug",) if "slug" in item.metadata else ("title",)
            problems.append(
                Problem.of(
                    display_path(item.source_path),
                    line_of(item.source_path, field),
                    field[0],
                    "duplicate-slug",
                    kind=kind,
                    slug=slug,
                    other=first,
                )
            )
    return problems


def _topic_problems(item: Any, source: str, line_of: LineOf) -> list[Problem]:
    """An article's tags and category without letters or digits: pages without address."""
    problems = []
    for index, tag in enumerate(getattr(item, "tags", None) or ()):
        if not tag.slug:
            problems.append(
                Problem.of(
                    source,
                    line_of(item.source_path, ("tags", index)),
                    f"tags.{index}",
                    "no-address",
                    name=tag.name,
                    what="the topic",
                )
            )
    category = getattr(item, "category", None)
    if category is not None and not category.slug:
        problems.append(
            Problem.of(
                source,
                line_of(item.source_path, ("category",)),
                "category",
                "no-address",
                name=category.name,
                what="the category",
            )
        )
    return problems


def language_problems(
    items: Iterable[Any], settings: dict[str, Any], line_of: LineOf
) -> list[Problem]:
    """Translations Pelican would file wrongly: an unknown lang, or no original to belong to.

    A page in another language without a Dutch original would stand alone in the Dutch
    lists and feed (Pelican's translation model keeps an item without original as one).
    """
    items = list(items)
    default = settings.get("DEFAULT_LANG", "nl")
    known = sorted({default, *(settings.get("LANGUAGES") or {})})
    others = [k for k in known if k != default]
    originals = {
        (type(i).__name__.lower(), i.slug)
        for i in items
        if i.metadata.get("lang", default) == default
    }
    problems = []
    for item in items:
        kind = type(item).__name__.lower()
        source = display_path(item.source_path)
        lang = item.metadata.get("lang", default)
        target = item.metadata.get("translation_of")
        if lang not in known:
            problems.append(
                Problem.of(
                    source,
                    line_of(item.source_path, ("lang",)),
                    "lang",
                    "unknown-language",
                    lang=lang,
                    known=", ".join(known),
                )
            )
        elif target and lang == default:
            problems.append(
                Problem.of(
                    source,
                    line_of(item.source_path, ("translation_of",)),
                    "translation_of",
                    "translation-needs-lang",
                    others=", ".join(others),
                )
            )
        elif lang != default and (kind, target or item.slug) not in originals:
            field = "translation_of" if target else "lang"
            named = f"'{target}'" if target else f"its slug '{item.slug}'"
            problems.append(
                Problem.of(
                    source,
                    line_of(item.source_path, (field,)),
                    field,
                    "no-original-slug",
                    named=named,
                    kind=kind,
                )
            )
    return problems


def translated_twice(
    items: Iterable[Any], settings: dict[str, Any], line_of: LineOf
) -> list[Problem]:
    """Two translations of one original into one language (Pelican keeps one at random):
    each of them names the other."""
    default = settings.get("DEFAULT_LANG", "nl")
    groups: dict[tuple, list] = defaultdict(list)
    for item in items:
        lang, target = item.metadata.get("lang", default), item.metadata.get("translation_of")
        if lang != default and target:
            groups[(type(item).__name__.lower(), lang, target)].append(item)
    problems = []
    for (_kind, lang, target), same in groups.items():
        paths = sorted(display_path(i.source_path) for i in same)
        for item in same if len(same) > 1 else ():
            path = display_path(item.source_path)
            problems.append(
                Problem.of(
                    path,
                    line_of(item.source_path, ("translation_of",)),
                    "translation_of",
                    "translated-twice",
                    target=target,
                    lang=lang,
                    other=", ".join(p for p in paths if p != path),
                )
            )
    return problems


def output_problems(content: Iterable[Output], generated: Iterable[Output]) -> list[Problem]:
    """Every path written by two sources, outside the output, or inside a generated section.

    ``generated`` holds the paths the site generates itself; a folder (ending in '/') means
    everything below it. Pages may not go into a folder the site generates pages in (a later
    corporation, municipality or news page would collide with them). Each clash is reported
    on the content file's side, naming the other source.
    """
    content, generated = list(content), list(generated)
    problems = [
        out.problem("path-outside-site", path=out.path)
        for out in content
        if not _inside_site(out.path)
    ]
    inside = [(posixpath.normpath(out.path), out) for out in content if _inside_site(out.path)]
    by_path: dict[str, list[Output]] = defaultdict(list)
    for normal, out in inside:
        by_path[normal].append(out)
    for out in generated:
        if not out.path.endswith("/"):
            by_path[posixpath.normpath(out.path)].append(out)
    clashes = _clashes(by_path)
    problems += [problem for _, problem in clashes]
    clashing = {id(out) for out, _ in clashes}
    reserved = _reserved_folders(generated)
    for normal, out in inside:
        top = normal.split("/", 1)[0]
        if out.kind == "page" and top in reserved and "/" in normal and id(out) not in clashing:
            problems.append(
                out.problem(
                    "path-in-generated-folder",
                    path=out.path,
                    top=top,
                    source=reserved[top].source,
                )
            )
    return problems


def _inside_site(path: str) -> bool:
    """A relative path that stays inside the output folder (no '..', no leading '/' or '\\')."""
    normal = posixpath.normpath(path)
    return not (
        path.startswith(("/", "\\"))
        or normal == ".."
        or normal.startswith("../")
        or "\\" in path
        or "//" in path
    )


def _reserved_folders(generated: list[Output]) -> dict[str, Output]:
    """The top folders the site generates pages in, each with the first output that does."""
    reserved: dict[str, Output] = {}
    for out in generated:
        # an edition's folder (en/) also holds that language's translated pages
        if "/" in out.path and out.kind != EDITION:
            reserved.setdefault(out.path.split("/", 1)[0], out)
    return reserved


def _clashes(by_path: dict[str, list[Output]]) -> list[tuple[Output, Problem]]:
    """Each content output that writes a path another source writes too, with its problem."""
    found = []
    for path, writers in by_path.items():
        if len(writers) < 2 or all(o.kind in ("tag", "category") for o in writers):
            continue  # articles that share a tag share its page: that is the point
        for out in writers:
            if out.kind not in CONTENT_KINDS:
                continue  # generated: the content side carries the message
            others = [o for o in writers if o is not out and o.kind != "tag"]
            if out.slug and all(o.kind == out.kind and o.slug == out.slug for o in others):
                continue  # two articles (or pages) with one slug: address_problems says so
            if not others:
                continue
            names = Items(f"{o.source}:{o.line}" if o.line else o.source for o in others)
            found.append((out, out.problem("path-written-twice", path=path, others=names)))
    return found


def item_problems(
    items: list[Any],
    settings: dict[str, Any],
    register: Any,
    line_of: LineOf,
    outputs: tuple[list[Output], list[Output]] | None = None,
) -> list[Problem]:
    """Every address, language and output-path problem of these articles and pages, with
    the register's outputs (what `make check` and the build both refuse). ``outputs``: their
    content_outputs and generated_outputs when the caller has them already."""
    problems = address_problems(items, line_of)
    problems += language_problems(items, settings, line_of)
    problems += translated_twice(items, settings, line_of)
    if outputs is None:
        outputs = content_outputs(items, settings, line_of), generated_outputs(settings, register)
    problems += output_problems(*outputs)
    return problems


def file_lines() -> LineOf:
    """Look up the line of a front matter field, parsing each file once, only when needed."""
    documents: dict[str, Any] = {}

    def line_of(source_path: str, location: tuple) -> int:
        if source_path not in documents:
            try:
                documents[source_path] = parse_file(Path(source_path))
            except (ContentError, OSError):
                documents[source_path] = None
        doc = documents[source_path]
        return doc.line_of(location) if doc is not None else 1

    return line_of
