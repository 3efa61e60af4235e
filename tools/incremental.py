"""The dev server's engine: one Pelican in memory, re-reading and re-rendering only what changed.

`Site` builds through Pelican as a library, with the same generators, plugin, templates and
strict reading as `make html`. Three things differ, none of them in what is written:

- the content cache lives in memory (pickled per file, so no build sees another build's
  objects); a changed file is dropped from it, so only changed files are read and validated;
- the writer renders only the outputs that depend on what changed (`Selection`); every other
  output is recorded as still owned, so outputs of removed files are deleted;
- any warning or error, as under `--fatal warnings`, fails the update before anything is
  written; the last good site stays and the messages are kept for the browser's notice.

A template, the theme or an unforeseen change of addresses renders everything.

Most edits take a quick update (`Site._quick`): a changed article or page is read again and
put in the place of the old one; a change in one corporation's folder reads that
corporation again while every other keeps its model and views (`build_views(memo=…)`).
Anything else, and any problem, takes the whole update (every file through the cache).
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from pelican import Pelican, signals
from pelican.contents import Article, Content, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.paginator import Paginator
from pelican.readers import SkipStub
from pelican.settings import read_settings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import current_build, new_build_folder, swap_in  # noqa: E402  (tools/build.py)

from huurwijzer.core.problems import ContentError  # noqa: E402
from huurwijzer.reading.frontmatter import parse_file  # noqa: E402
from huurwijzer.reading.links import files_link_problems  # noqa: E402
from huurwijzer.site import refusals  # noqa: E402
from huurwijzer.site.editions import edition_files  # noqa: E402
from huurwijzer.site.refusals import StrictWriter  # noqa: E402
from huurwijzer.site.tree import unread_content_file, unread_in_corporation  # noqa: E402
from huurwijzer.stances.loading import CORPORATIONS_DIR, known_targets  # noqa: E402

SITE_FILES = ("sitemap.xml", "robots.txt", "_headers")
LISTS = ("home", "index", "archives", "search")


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept between updates (each build makes new environments).

    Keyed by template name and a checksum of its source, so an edited template is compiled
    again.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class PickledCache(dict):
    """Pelican's per-file content cache, in memory: each get returns fresh objects."""

    def __setitem__(self, key: str, value: Any) -> None:
        stamp, data = value
        if not isinstance(data, Content):
            super().__setitem__(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
            return
        # The whole site and the settings: the build that reads it back gives its own.
        context, settings = data._context, data.settings
        data._context = data.settings = None
        try:
            super().__setitem__(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        finally:
            data._context, data.settings = context, settings

    def get(self, key: str, default: Any = None) -> Any:
        data = super().get(key)
        return default if data is None else pickle.loads(data)


@dataclass
class Selection:
    """What one update renders; ``everything`` renders all (a first build, a template)."""

    everything: bool = False
    reason: str = ""  # why everything
    sources: set[str] = field(default_factory=set)  # article and page source paths
    lists: set[str] = field(default_factory=set)  # of home, news index, archives, search
    tags: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    feeds: bool = False
    names: set[str] = field(default_factory=set)  # register pages and data files by save_as
    pages: bool = True  # False: feeds only (written after the reload signal)

    def __str__(self) -> str:
        if self.everything:
            return f"everything: {self.reason}" if self.reason else "everything"
        parts = [f"{len(self.sources)} page(s)"] if self.sources else []
        parts += [f"lists ({', '.join(sorted(self.lists))})"] if self.lists else []
        parts += [f"{len(self.tags) + len(self.categories)} tag/category list(s)"] * bool(
            self.tags or self.categories
        )
        parts += ["feeds"] if self.feeds else []
        parts += [f"{len(self.names)} register output(s)"] if self.names else []
        return ", ".join(parts) or "nothing"


class SelectiveWriter(StrictWriter):
    """The strict writer that renders only selected outputs and records every output path."""

    def __init__(self, output_path: str, settings: dict, selection: Selection, register: set):
        super().__init__(output_path, settings=settings)
        self.selection = selection
        self.register_names = register  # save_as of every register page in this build
        self.outputs: set[str] = set()
        self.register_seen: set[str] = set()  # every register page of this build, by save_as
        self.rendered = 0

    def wanted(self, name: str, template_name: str | None, kwargs: dict) -> bool:
        chosen = self.selection
        if not chosen.pages:
            return False
        if chosen.everything or name in chosen.names:
            return True
        if name in self.register_names:
            return False
        content = kwargs.get("article") or kwargs.get("page")
        if content is not None:
            return content.source_path in chosen.sources
        if "tag" in kwargs:
            return kwargs["tag"].name in chosen.tags
        if "category" in kwargs:
            return kwargs["category"].name in chosen.categories
        if template_name in LISTS:
            return template_name in chosen.lists
        return True  # an output this selection does not know: render it

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not name:
            return None
        self.outputs.update(self._names(name, url, paginated, template_name, kwargs))
        if "views" in kwargs:  # the register generator's pages, in every language
            self.register_seen.add(name)
        if not self.wanted(name, template_name, kwargs):
            return None
        self.rendered += 1
        return super().write_file(
            name,
            template,
            context,
            relative_urls,
            paginated,
            template_name,
            override_output,
            url,
            **kwargs,
        )

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        if path:
            self.outputs.add(path)
            if not (self.selection.everything or self.selection.feeds):
                return None
        return super().write_feed(
            elements, context, path, url, feed_type, override_output, feed_title
        )

    def _names(self, name, url, paginated, template_name, kwargs) -> list[str]:
        """Every path write_file writes for these arguments (pagination included)."""
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            return [name]
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        paginator = Paginator(name, url, next(iter(paginated.values())), self.settings, per_page)
        return [paginator.page(n).save_as for n in range(1, paginator.num_pages + 1)]


class CollectProblems(logging.Handler):
    """Every warning or error during an update: under `--fatal warnings` each stops the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class UpdateFailed(Exception):
    """The content has problems; ``messages`` say which (each `path:line: field: problem`)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def content_signature(item: Any) -> tuple:
    """(address, shown): what decides an article's or page's address (the settings being fixed),
    and what lists and tag pages show of it."""
    meta = item.metadata
    address = (
        type(item).__name__,
        getattr(item, "status", None),
        item.slug,
        item.lang,
        str(getattr(item, "date", "")),
        str(getattr(item, "category", "")),
        meta.get("save_as"),
        meta.get("url"),
    )
    shown = (
        item.title,
        str(getattr(item, "modified", "")),
        str(getattr(item, "summary", "")),
        tuple(str(t) for t in getattr(item, "tags", []) or []),
        str(getattr(item, "category", "")),
    )
    return address, shown


@dataclass
class State:
    """What the last good build made: content signatures, register shape, its outputs."""

    content: dict[str, tuple]
    corporations: dict[str, tuple]
    municipalities: tuple
    outputs: set[str]


class Site:
    """One Pelican over one content folder, built in full once, then updated per change."""

    def __init__(self, root: Path, settings_file: Path, content: Path, output: Path) -> None:
        self.root, self.content, self.output = root, content.resolve(), output
        self.settings_file = settings_file.resolve()
        settings = read_settings(
            str(self.settings_file),
            override={
                "PATH": str(self.content),
                "OUTPUT_PATH": str(output),
                "CACHE_CONTENT": True,
                "LOAD_CONTENT_CACHE": False,
                "CONTENT_CACHING_LAYER": "generator",
            },
        )
        settings["JINJA_ENVIRONMENT"] = {
            **settings["JINJA_ENVIRONMENT"],
            "bytecode_cache": CompiledTemplates(),
        }
        self.search = bool(settings.get("SEARCH_INDEX"))
        settings["SEARCH_INDEX"] = False  # the dev server indexes in the background
        for name in ("pelican", "huurwijzer"):
            logging.getLogger(name).setLevel(logging.WARNING)
        self.pelican = Pelican(settings)
        refusals.file_lines = FrontMatterLines()  # same lines, each file parsed once
        self.settings = settings
        self.caches: dict[str, PickledCache] = {}
        self.state: State | None = None
        self.pending: set[Path] = set()
        self.rebuild_all = True  # first build; a theme change; a failed write
        self.deferred: list = []  # see later()
        self.live: Live | None = None  # the last good update's generators, for quick updates
        self.register_seen: set[str] = set()  # the register's pages, every language
        self.data_seen: set[str] = set()  # the register's data files and feeds

    # -- what changed ---------------------------------------------------------------
    def changed(self, paths: set[Path]) -> None:
        """Note changed files; they are re-read on the next update."""
        for path in paths:
            path = Path(os.path.realpath(path))  # as Pelican names its sources
            self.pending.add(path)
            if not path.is_relative_to(self.content):
                self.rebuild_all = True  # theme or templates
            for cache in self.caches.values():
                dict.pop(cache, str(path), None)

    def needs_restart(self, paths: set[Path]) -> bool:
        """Code and settings are imported once: a change to them needs a new process."""
        plugins = self.root / "plugins"
        plugins = plugins.resolve()
        return any(
            Path(os.path.realpath(p)) == self.settings_file
            or (Path(os.path.realpath(p)).is_relative_to(plugins) and str(p).endswith(".py"))
            for p in paths
        )

    # -- one update -----------------------------------------------------------------
    def update(self) -> str:
        """Bring the output up to date with the content; return a one-line summary.

        Raises UpdateFailed (the output untouched) when the content has problems.
        """
        started = time.perf_counter()
        problems = CollectProblems()
        logging.getLogger().addHandler(problems)
        try:
            try:
                summary = self._update(problems)
            except UpdateFailed:
                raise
            except Exception as error:  # noqa: BLE001  (any failure is shown, never fatal)
                messages = problems.messages or [f"{type(error).__name__}: {error}"]
                raise UpdateFailed(messages) from error
        finally:
            logging.getLogger().removeHandler(problems)
        self.pending.clear()
        return f"{summary} in {time.perf_counter() - started:.2f} s"

    def _update(self, problems: CollectProblems) -> str:
        fresh = self.rebuild_all or self.state is None or current_build(self.output) is None
        if not fresh:
            summary = self._try_quick(problems)
            if summary is not None:
                return summary
        previous, self.live = self.live, None  # a failed quick update may have half updated it
        folder = new_build_folder(self.output) if fresh else current_build(self.output)
        self.pelican.output_path = str(folder)
        self.settings["OUTPUT_PATH"] = str(folder)
        try:
            generators = self._gather(folder, problems)
        except BaseException:
            if fresh:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        state, register_names = self._state(generators)
        selection = (
            Selection(everything=True, reason="first build" if self.state is None else "theme")
            if fresh
            else self._select(state, generators, previous)
        )
        writer = SelectiveWriter(
            str(folder), self.settings, selection, register_names | self.register_seen
        )
        data = self._write(generators, writer, selection, folder, state, fresh, problems)
        if fresh:
            swap_in(self.output, folder)
        self.state, self.rebuild_all = state, False
        self.register_seen, self.data_seen = writer.register_seen, data
        self.live = Live.of(generators)
        return f"rendered {writer.rendered} page(s) ({selection})"

    def _try_quick(self, problems: CollectProblems) -> str | None:
        """A quick update's summary, or None when the whole update must run (it reports)."""
        mark = len(problems.messages)
        try:
            summary = self._quick(problems)
        except Exception:  # noqa: BLE001  (the whole update reports it)
            summary = None
        if summary is None:
            del problems.messages[mark:]  # the whole update reports them again
        return summary

    def _gather(self, folder: Path, problems: CollectProblems) -> list:
        """Pelican's generators with every context gathered (through the content cache)."""
        context = self.settings.copy()
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = self.settings["SITEURL"]
        signals.initialized.send(self.pelican)  # settings and tree checks, as at start
        generators = [
            cls(
                context=context,
                settings=self.settings,
                path=str(self.content),
                theme=self.settings["THEME"],
                output_path=str(folder),
            )
            for cls in self.pelican._get_generator_classes()
        ]
        for generator in generators:
            if hasattr(generator, "_cache"):
                generator._cache = self.caches.setdefault(type(generator).__name__, PickledCache())
                generator.save_cache = lambda: None
                generator.get_cached_data = cached_reader(generator)
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        if problems.messages:
            raise UpdateFailed(problems.messages)
        return generators

    def _write(self, generators, writer, selection, folder, state, fresh, problems) -> set[str]:
        """Render what the selection wants; the data files written; stale outputs removed."""
        data: set[str] = set()
        for generator in generators:
            if hasattr(generator, "write_text"):
                generator.write_text = self._data_writer(generator, selection, data, folder)
        try:
            for generator in generators:
                if hasattr(generator, "generate_output"):
                    generator.generate_output(writer)
            state.outputs = {os.path.normpath(p) for p in writer.outputs | data}
            if not fresh and self.state is not None:
                for stale in self.state.outputs - state.outputs:
                    remove(folder, stale)  # before the sitemap, which lists what is there
            self.later(lambda: signals.finalized.send(self.pelican))  # sitemap, robots, headers
            if fresh:
                self.finish()
            if problems.messages:
                raise UpdateFailed(problems.messages)
        except BaseException:
            self.rebuild_all = True  # a half-written update: the next one starts afresh
            if fresh:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        return data

    # -- a quick update: changed articles, pages, or files of known corporations --------
    def _quick(self, problems: CollectProblems) -> str | None:
        """Update without reading the rest of the site, when the change allows it.

        Allowed: existing articles and pages whose address, lists and tag pages stay the
        same, and files in the folders of existing corporations whose name, addresses and
        slug stay the same. Each changed file passes the same checks as in a whole update
        (the tree check for its folder, the strict reader, the schema, the links). None,
        with nothing written, when anything is otherwise or any problem shows: the whole
        update then runs and reports what `make html` reports.
        """
        live, state = self.live, self.state
        if live is None or state is None:
            return None
        changed = self._quick_changes(live)
        if changed is None:
            return None
        articles, folders = changed
        fresh = [self._reread(path, live) for path in articles]
        if None in fresh:
            return None
        signatures = self._reload_corporations(live, state, folders)
        if signatures is None or problems.messages:
            return None
        for old, new in fresh:  # every check passed: the new articles take the old ones' place
            translations = old.translations
            forget(old)
            forget(new)
            old.__dict__.clear()
            old.__dict__.update(new.__dict__)
            old.translations = translations
        places = {
            m
            for slug, sig in signatures.items()
            for m in set(sig[5]) | set(state.corporations[slug][5])
        }
        selection = Selection(
            sources={str(p) for p in articles},
            names=self._register_outputs(live, set(signatures), places) if signatures else set(),
        )
        rendered = self._quick_write(live, selection, articles, fresh, signatures, problems)
        state.corporations.update(signatures)
        return f"rendered {rendered} page(s) (quick: {selection})"

    def _quick_changes(self, live: Live) -> tuple[list[Path], set[str]] | None:
        """The changed articles and pages, and the changed corporation folders; None when a
        change is of another kind (or a file the tree check refuses)."""
        articles: list[Path] = []
        folders: set[str] = set()
        for path in self.pending:
            if not path.is_relative_to(self.content):
                return None
            if path == self.content:
                continue
            parts = path.relative_to(self.content).parts
            if str(path) in live.items:
                if path.is_symlink() or not path.is_file():
                    return None
                articles.append(path)
            elif len(parts) > 2 and parts[0] == CORPORATIONS_DIR and parts[1] in live.folders:
                folders.add(parts[1])
            elif not path.exists() and not parts[-1].endswith(".md"):
                continue  # an editor's temporary file, gone again
            else:
                return None
        if any(unread_content_file(p) for p in articles) or any(
            unread_in_corporation(self.content / CORPORATIONS_DIR / f) for f in folders
        ):
            return None
        return articles, folders

    def _reload_corporations(self, live: Live, state: State, folders: set[str]):
        """Each changed corporation read again; its view's signature by slug, or None when
        one cannot be updated alone (its name, addresses or slug changed)."""
        signatures: dict[str, tuple] = {}
        for name in sorted(folders):
            slug = live.folders[name]
            if not live.register.reload_corporation(self.content / CORPORATIONS_DIR / name):
                return None
            view = next(c for c in live.register.views.corporations if c.slug == slug)
            signatures[slug] = corporation_signature(view)
            if signatures[slug][:5] != state.corporations[slug][:5]:
                return None
        return signatures

    def _quick_write(self, live, selection, articles, fresh, signatures, problems) -> int:
        """Render the selection in place in the current build; the pages rendered."""
        register = live.register
        folder = current_build(self.output)
        writer = SelectiveWriter(str(folder), self.settings, selection, self.register_seen)
        self.pelican.output_path = self.settings["OUTPUT_PATH"] = str(folder)
        data: set[str] = set()
        register.write_text = self._data_writer(register, selection, data, folder)
        try:
            changed = {id(old) for old, _ in fresh}
            for generator in {
                id(live.items[str(p)][0]): live.items[str(p)][0] for p in articles
            }.values():
                render_items(generator, changed, writer)
            if signatures:  # (the home page names corporations: their names did not change)
                register.generate_output(writer)
            if articles:  # the news feeds show the articles' text
                feeds = SelectiveWriter(
                    str(folder),
                    self.settings,
                    Selection(feeds=True, pages=False),
                    self.register_seen,
                )
                self.later(
                    lambda: [
                        g.generate_output(feeds)
                        for g in live.generators
                        if hasattr(g, "generate_output")
                    ]
                )
            self.later(lambda: signals.finalized.send(self.pelican))
            if problems.messages:
                raise UpdateFailed(problems.messages)
        except BaseException:
            self.rebuild_all = True  # a half-written update: the next one starts afresh
            raise
        return writer.rendered

    def _reread(self, path: Path, live: Live) -> tuple[Any, Any] | None:
        """(old, new) for an article or page read again, or None when it cannot replace the
        old one in place (its address, lists, tag pages, translations or links changed)."""
        generator, old = live.items[str(path)]
        kind = Article if isinstance(generator, ArticlesGenerator) else Page
        prefix = "article" if kind is Article else "page"
        new = generator.readers.read_file(
            base_path=generator.path,
            path=os.path.relpath(path, generator.path),
            content_class=kind,
            context=generator.context,
            preread_signal=getattr(signals, f"{prefix}_generator_preread"),
            preread_sender=generator,
            context_signal=getattr(signals, f"{prefix}_generator_context"),
            context_sender=generator,
        )
        if isinstance(new, SkipStub) or not new.is_valid():
            return None
        new.refresh_metadata_intersite_links()
        same = (
            content_signature(new) == content_signature(old)
            and new.translation_key == old.translation_key
            and new.get_static_links() == old.get_static_links()
        )
        if not same or files_link_problems(
            [path], known_targets(live.register.register), self.content
        ):
            forget(new)
            return None
        return old, new

    def _register_outputs(self, live: Live, slugs: set[str], places: set[str]) -> set[str]:
        """The register's pages and data files (every language) that may show these
        corporations: all but the other corporations' and municipalities' own."""
        register = live.register
        editions = [register.views] + [
            v for v in getattr(register, "editions", {}).values() if v is not None
        ]
        others: set[str] = set()
        for views in editions:
            for c in views.corporations:
                if c.slug not in slugs:
                    others |= {c.save_as, c.letter.save_as, c.feed_save_as}
                    others |= edition_files(self.settings, c.slug)
            others |= {m.save_as for m in views.municipalities if m.slug not in places}
        return {os.path.normpath(n) for n in self.register_seen | self.data_seen} - {
            os.path.normpath(n) for n in others
        }

    def later(self, work) -> None:
        """Work no page the browser reloads depends on: data files and the sitemap."""
        self.deferred.append(work)

    def finish(self) -> None:
        """Write what `later` put off (the dev server calls this right after the reload signal).

        Raises UpdateFailed, and the next update renders everything, when a write fails.
        """
        work, self.deferred = self.deferred, []
        try:
            for item in work:
                item()
        except Exception as error:
            self.rebuild_all = True
            raise UpdateFailed([f"{type(error).__name__}: {error}"]) from error

    def _data_writer(self, generator, selection: Selection, data: set[str], folder: Path):
        original = type(generator).write_text

        def write_text(save_as: str, make) -> None:
            data.add(save_as)
            if selection.everything or save_as in selection.names:
                self.later(lambda: original(generator, save_as, make))

        return write_text

    def _state(self, generators: list) -> tuple[State, set[str]]:
        content: dict[str, tuple] = {}
        known = self.state.content if self.state is not None else {}
        pending = {str(p) for p in self.pending}

        def signature(item: Any) -> tuple:
            """Unchanged files keep their signature (their links' targets kept their addresses,
            or everything is rendered anyway)."""
            path = item.source_path
            if path in known and path not in pending and not self.rebuild_all:
                return known[path]
            return content_signature(item)

        corporations: dict[str, tuple] = {}
        municipalities: tuple = ()
        register_names: set[str] = set()
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                for item in (
                    generator.articles
                    + generator.translations
                    + generator.hidden_articles
                    + generator.hidden_translations
                    + generator.drafts
                    + generator.drafts_translations
                ):
                    content[item.source_path] = signature(item)
            elif isinstance(generator, PagesGenerator):
                for item in (
                    generator.pages
                    + generator.translations
                    + generator.hidden_pages
                    + generator.hidden_translations
                    + generator.draft_pages
                    + generator.draft_translations
                ):
                    content[item.source_path] = signature(item)
            elif hasattr(generator, "views"):
                views = generator.views
                for c in views.corporations:
                    corporations[c.slug] = corporation_signature(c)
                    register_names |= {c.save_as, c.letter.save_as}
                municipalities = tuple(
                    (m.slug, m.name, m.url, m.save_as) for m in views.municipalities
                )
                register_names |= {m.save_as for m in views.municipalities}
                self.register_pages = register_pages(views)
                register_names |= self.register_pages
        return State(content, corporations, municipalities, set()), register_names

    def _select(self, new: State, generators: list, previous: Live | None) -> Selection:
        """The outputs that depend on the pending changes (more when in doubt)."""
        old = self.state
        assert old is not None
        if set(old.content) != set(new.content):
            return Selection(everything=True, reason="an article or page came or went")
        if set(old.corporations) != set(new.corporations):
            return Selection(everything=True, reason="a corporation came or went")
        if old.municipalities != new.municipalities:
            return Selection(everything=True, reason="the municipalities changed")
        if any(old.content[k][0] != new.content[k][0] for k in new.content):
            return Selection(everything=True, reason="an address changed")
        if any(old.corporations[k][:5] != new.corporations[k][:5] for k in new.corporations):
            return Selection(everything=True, reason="a corporation's name or address changed")
        chosen = Selection()
        views = next(g.views for g in generators if hasattr(g, "views"))
        by_slug = {c.slug: c for c in views.corporations}
        municipality_pages = {m.slug: m.save_as for m in views.municipalities}
        for path in self.pending:
            if not path.is_relative_to(self.content):
                return Selection(everything=True, reason="theme")
            if path == self.content:
                continue
            source = str(path)
            parts = path.relative_to(self.content).parts
            if source in new.content or source in old.content:
                before, after = old.content.get(source), new.content.get(source)
                chosen.sources.add(source)
                if parts[0] in self.settings["ARTICLE_PATHS"]:
                    chosen.feeds = True
                if before != after:
                    if parts[0] not in self.settings["ARTICLE_PATHS"]:
                        return Selection(everything=True, reason="a page's title or summary")
                    chosen.lists |= set(LISTS)
                    for signature in (before, after):
                        if signature:
                            chosen.tags |= set(signature[1][3])
                            chosen.categories.add(signature[1][4])
            elif len(parts) > 2 and parts[0] == "corporations" and parts[1] in by_slug:
                corporation = by_slug[parts[1]]
                chosen.names |= {
                    corporation.save_as,
                    corporation.letter.save_as,
                    corporation.feed_save_as,
                }
                chosen.names |= edition_files(self.settings, parts[1])  # its other-language feeds
                places = set(old.corporations[parts[1]][5]) | set(new.corporations[parts[1]][5])
                for slug in places:
                    if slug in municipality_pages:
                        chosen.names.add(municipality_pages[slug])
                chosen.names |= self.register_pages | data_names(views)
                if previous is not None:  # the same in the other languages
                    chosen.names |= self._register_outputs(previous, {parts[1]}, places)
                chosen.lists.add("home")  # it names corporations and municipalities
            elif not path.exists() and not parts[-1].endswith(".md"):
                continue  # an editor's temporary file, gone again
            else:
                return Selection(everything=True, reason=f"{path.name} is read by every page")
        return chosen


@dataclass
class Live:
    """The last good update's generators, kept for quick updates."""

    generators: list
    register: Any  # the RegisterGenerator: model, views, editions
    items: dict[str, tuple[Any, Any]]  # source path → (its generator, article or page)
    folders: dict[str, str]  # a corporation's folder name → its slug

    @classmethod
    def of(cls, generators: list) -> Live:
        items: dict[str, tuple[Any, Any]] = {}
        register = None
        for generator in generators:
            if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
                lists = item_lists(generator)
            else:
                if hasattr(generator, "reload_corporation"):
                    register = generator
                continue
            for name in lists:
                for item in getattr(generator, name):
                    items[item.source_path] = (generator, item)
        folders = {Path(c.path).parent.name: c.slug for c in register.register.corporations}
        return cls(generators, register, items, folders)


def item_lists(generator: Any) -> tuple[str, ...]:
    """The names of an articles or pages generator's lists of what it read."""
    if isinstance(generator, ArticlesGenerator):
        return (
            "articles",
            "translations",
            "hidden_articles",
            "hidden_translations",
            "drafts",
            "drafts_translations",
        )
    return (
        "pages",
        "translations",
        "hidden_pages",
        "hidden_translations",
        "draft_pages",
        "draft_translations",
    )


def render_items(generator: Any, chosen: set[int], writer: Any) -> None:
    """Render only the chosen articles or pages (by id), through the generator's own code."""
    kept = {name: getattr(generator, name) for name in item_lists(generator)}
    try:
        for name, items in kept.items():
            setattr(generator, name, [i for i in items if id(i) in chosen])
        if isinstance(generator, ArticlesGenerator):
            write = partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"])
            generator.generate_articles(write)
            generator.generate_drafts(write)
        else:
            generator.generate_output(writer)
    finally:
        for name, items in kept.items():
            setattr(generator, name, items)


def corporation_signature(view: Any) -> tuple:
    """What other pages show of a corporation (name, addresses), and its municipalities."""
    return (
        view.name,
        view.url,
        view.save_as,
        view.letter.save_as,
        view.feed_save_as,
        tuple(sorted(view.municipality_slugs)),
    )


def forget(item: Any) -> None:
    """Drop Pelican's memoized content and summary of an article or page (they are kept per
    object for the life of the process)."""
    for method in (Content.get_content, Content.get_summary):
        for key in [k for k in method.cache if k and k[0] is item]:
            del method.cache[key]


class FrontMatterLines:
    """`refusals.file_lines` for a long-lived process: a file is parsed again only when changed."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[tuple[int, int], Any]] = {}

    def __call__(self):
        def line_of(source_path: str, location: tuple) -> int:
            try:
                stat = os.stat(source_path)
                stamp = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                return 1
            known = self.documents.get(source_path)
            if known is None or known[0] != stamp:
                try:
                    known = (stamp, parse_file(Path(source_path)))
                except (ContentError, OSError):
                    known = (stamp, None)
                self.documents[source_path] = known
            return known[1].line_of(location) if known[1] is not None else 1

        return line_of


def cached_reader(generator: Any):
    """The generator's cache lookup; a cached Content object gets this build's context and
    settings.

    (Pelican keeps the context of the build that read it, whose links to content read
    later cannot be resolved.)
    """
    lookup = type(generator).get_cached_data

    def get_cached_data(filename: str, default: Any = None) -> Any:
        data = lookup(generator, filename, default)
        if isinstance(data, Content):
            data._context, data.settings = generator.context, generator.settings
        return data

    return get_cached_data


def register_pages(views: Any) -> set[str]:
    """The register's pages that are not one corporation's or one municipality's."""
    address = views.addresses
    return {address.save_as(n) for n in ("CORPORATIONS", "MUNICIPALITIES", "METHOD", "SUBMIT")} | {
        views.letter.save_as
    }


def data_names(views: Any) -> set[str]:
    address = views.addresses
    return {
        address.save_as(n)
        for n in (
            "REGISTER_JSON",
            "REGISTER_CSV",
            "REGISTER_DATAPACKAGE",
            "REGISTER_SCHEMA",
            "SUBMIT_TEMPLATE",
            "REGISTER_FEED",
        )
    }


def remove(folder: Path, save_as: str) -> None:
    """Delete an output its source no longer makes, and folders left empty."""
    path = folder / save_as
    if path.is_file():
        path.unlink()
    parent = path.parent
    while parent != folder and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
