"""The dev server's engine: one Pelican in memory that reads again only what changed and renders
again only the outputs whose fingerprint changed.

`Site` builds through Pelican as a library, with the same generators, plugin, templates and
strict reading as `make html`. What differs is what is done, never what is written:

- Reading. The content cache lives in memory (pickled per file, so no build sees another
  build's objects); a changed file is dropped from it, so only changed files are read and
  validated. Most edits take a quick update (`Site._quick`): a changed article or page is
  read again and put in the place of the old one; a change in one corporation's folder reads
  that corporation again (`reload_corporation`) while every other keeps its model and views.
  Anything else, and any problem, takes the whole update (every file through the cache).
- Writing. Every output has a fingerprint (fingerprints.py): its template and the templates
  that one uses, the settings, the catalogs, and every value the template read when it last
  rendered that output. An output is rendered only when its fingerprint changed or its file
  is missing; outputs no longer made are deleted. No list says which outputs depend on what.
  In a quick update the generators that read nothing again make their last update's calls
  again (replayed: their objects are the same; an article or page replaced in place has its
  own page made afresh), and the register's generator runs again when a corporation was read.
  Data files and feeds are checked and written after the reload signal (`later`).
- Any warning or error, as under `--fatal warnings`, fails the update before anything is
  written; the last good site stays and the messages are kept for the browser's notice.

The first build, a change to the theme's static files and a failed write build everything into
a new folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import io
import logging
import os
import pickle
import shutil
import stat
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Article, Content, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.paginator import Paginator
from pelican.readers import SkipStub
from pelican.settings import read_settings
from pelican.utils import get_relative_path, path_to_url, sanitised_join

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import current_build, new_build_folder, swap_in  # noqa: E402  (tools/build.py)
from fingerprints import Fingerprints, Given, instrument  # noqa: E402

from huurwijzer.core import languages  # noqa: E402
from huurwijzer.core.problems import ContentError  # noqa: E402
from huurwijzer.reading.frontmatter import parse_file  # noqa: E402
from huurwijzer.reading.links import address_links, files_link_problems  # noqa: E402
from huurwijzer.site import refusals  # noqa: E402
from huurwijzer.site.addresses import ARTICLE_LISTS, PAGE_LISTS  # noqa: E402
from huurwijzer.site.refusals import StrictWriter  # noqa: E402
from huurwijzer.site.templates import CompiledTemplates  # noqa: E402
from huurwijzer.site.tree import unread_content_file, unread_in_corporation  # noqa: E402
from huurwijzer.stances.loading import CORPORATIONS_DIR, known_targets  # noqa: E402

# During an update the garbage collector's full passes are put off: each walks every object of
# the site, and the digests grow while pages render. Young garbage is collected as usual; after
# a whole update, finish collects the old site's (after the reload signal). A quick update runs
# with the collector off (its young passes took ~15% of its time): finish collects what it left
# once, after the reload signal (see Site._settle_memory).
FULL_PASSES_PUT_OFF = 1_000_000


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


class Checked:
    """A template as Pelican's writer sees it: it renders only when the fingerprint changed."""

    def __init__(self, call: Call, writer: FingerprintWriter) -> None:
        self.call, self.writer = call, writer

    def render(self, inputs: dict) -> str:
        return self.writer.render(self.call, inputs)


@dataclass
class Call:
    """One write_file call, as the generator made it; a quick update makes it again."""

    name: str
    template: Any
    context: dict
    options: dict  # write_file's own arguments
    kwargs: dict  # the template's values besides the context
    lists: dict  # of a paginated call: the lists it pages, by name
    pages: list[str] = field(default_factory=list)  # of a paginated call: its pages' names

    def own(self, name: str, inputs: dict | None = None) -> dict:
        """A page's values besides the context, as pelican.writers.Writer gives them (of a
        list's page, ``inputs`` holds what the paginator made)."""
        found = {"output_file": name, "localsiteurl": self.context.get("localsiteurl")}
        if self.options["relative_urls"]:
            found["SITEURL"] = found["localsiteurl"] = path_to_url(get_relative_path(name))
        found |= self.kwargs
        for key in self.lists:
            for part in ("paginator", "page", "previous_page", "next_page"):
                found[f"{key}_{part}"] = inputs[f"{key}_{part}"]
        return found

    @property
    def own_names(self) -> frozenset[str]:
        """The names of a page's values besides the context (see own)."""
        names = self.__dict__.get("_own_names")  # (kept: a call's arguments never change)
        if names is None:
            names = {"output_file", "localsiteurl", "SITEURL", *self.kwargs}
            parts = ("paginator", "page", "previous_page", "next_page")
            names |= {f"{key}_{part}" for key in self.lists for part in parts}
            names = self.__dict__["_own_names"] = frozenset(names)
        return names

    def item(self) -> int | None:
        """The article or page this call writes the page of (by id), if any."""
        item = self.kwargs.get("article") or self.kwargs.get("page")
        return None if item is None else id(item)


class FingerprintWriter(StrictWriter):
    """The strict writer, rendering an output only when its fingerprint changed or its file is
    missing. It records every call (a quick update makes them again) and every output made,
    and puts data files and feeds off until after the reload signal."""

    def __init__(self, output_path: str, settings: dict, prints: Fingerprints, later) -> None:
        super().__init__(output_path, settings=settings)
        self.prints, self.later = prints, later
        # the build folder, open while its outputs are checked (see there; closed by close)
        self.folder = os.open(output_path, os.O_RDONLY | os.O_DIRECTORY)
        self.produced: set[str] = set()  # every output of this update, by save_as
        self.calls: list = []  # the current generator's (see Site._output)
        self.rendered: list[str] = []  # the pages rendered, by save_as
        self.checked = 0
        self.discard: str | None = None  # a skipped page of a paginated list

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
            return
        options = {
            "relative_urls": relative_urls,
            "paginated": paginated,
            "url": url,
            "template_name": template_name,
            "override_output": override_output,
        }
        lists = paginated
        if lists is None:  # (most calls have neither: no pass over their arguments)
            lists = (
                {k: v for k, v in kwargs.items() if k in ("articles", "dates")}
                if "articles" in kwargs or "dates" in kwargs
                else {}
            )
        paged = bool(lists) and template_name in self.settings["PAGINATED_TEMPLATES"]
        self.file(Call(name, template, context, options, kwargs, lists if paged else {}))

    def file(self, call: Call, again: bool = False) -> None:
        """Check one write_file call's page (of a list, each page as Pelican makes it) and
        have Pelican's writer render and write what changed. ``again``: the last update's
        call, made again with the same objects (see Fingerprints.still)."""
        self.calls.append(call)
        if again and self.still(call):
            return
        if not call.lists:  # (most calls: one page)
            if self.unchanged(call, call.name, None):
                self.claim(call.name)
                self.checked += 1
                return
        else:
            pages = self.pages(call)
            if all(self.unchanged(call, name, values) for name, values in pages):
                for name, _ in pages:  # checked here, before Pelican builds the pages' values
                    self.claim(name)
                self.checked += len(pages)
                return
        call.pages = []
        options = call.options | call.kwargs
        super().write_file(call.name, Checked(call, self), call.context, **options)

    def pages(self, call: Call, numbers: set[int] | None = None) -> list[tuple[str, dict]]:
        """A paginated call's pages: each one's name and what the paginator gives it, as
        pelican.writers.Writer makes them (``numbers``: only those pages)."""
        template_name = call.options["template_name"]
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name]
        per_page = per_page or self.settings["DEFAULT_PAGINATION"]
        url = call.options["url"]
        paginators = {
            key: Paginator(call.name, url, value, self.settings, per_page)
            for key, value in call.lists.items()
        }
        count = next(iter(paginators.values())).num_pages
        found = []
        for number in range(1, count + 1):
            if numbers is not None and number not in numbers:
                continue
            values: dict[str, Any] = {}
            for key, paginator in paginators.items():
                page = paginator.page(number)
                values[f"{key}_paginator"], values[f"{key}_page"] = paginator, page
                values[f"{key}_previous_page"] = paginator.page(number - 1) if number > 1 else None
                following = paginator.page(number + 1) if number < count else None
                values[f"{key}_next_page"] = following
            found.append((page.save_as, values))
        return found

    def still(self, call: Call) -> bool:
        """Whether every page of a call made again with the same objects is unchanged (see
        Fingerprints.still). Of a list, only the pages that are not still are checked in full
        (`unchanged`, with what the paginator gives them): the list and the articles or pages
        in it are the same objects, so the other pages' inputs are as they were."""
        own, prints = call.own_names, self.prints
        if not call.lists:  # (most calls: one page)
            name = call.name
            if not (self.there(name) and prints.still(name, call.template, call.context, own)):
                return False
            self.claim(name)
            self.checked += 1
            return True
        names = call.pages
        if not names or not all(self.there(n) for n in names):
            return False
        moved = {
            number
            for number, name in enumerate(names, 1)
            if not prints.still(name, call.template, call.context, own)
        }
        if moved and not self.list_unchanged(call, moved):
            return False
        for name in names:
            self.claim(name)
        self.checked += len(names)
        return True

    def list_unchanged(self, call: Call, numbers: set[int]) -> bool:
        """Whether the pages ``numbers`` of a list made again are unchanged."""
        pages = self.pages(call, numbers)
        return len(pages) == len(numbers) and all(
            name == call.pages[number - 1] and self.unchanged(call, name, values)
            for number, (name, values) in zip(sorted(numbers), pages, strict=True)
        )

    def unchanged(self, call: Call, name: str, inputs: dict | None) -> bool:
        """Whether one page's file is there and its fingerprint the last one."""
        template = call.template
        given = Given(call.own(name, inputs), call.context, self.prints.globals_of(template))
        return self.there(name) and self.prints.unchanged(name, template, given, True)

    def there(self, name: str) -> bool:
        """Whether an output's file is there, looked up from the build folder (half the time
        of a lookup by its whole path, which mattered: every output is looked up)."""
        try:
            return stat.S_ISREG(os.stat(name, dir_fd=self.folder).st_mode)
        except (OSError, ValueError):
            return False

    def close(self) -> None:
        os.close(self.folder)

    def render(self, call: Call, inputs: dict) -> str:
        """Pelican's writer asks for one output's text (``inputs``: what it renders with)."""
        name = inputs["output_file"]
        call.pages.append(name)
        self.claim(name)
        self.checked += 1
        if call.lists and self.unchanged(call, name, inputs):  # a list's page
            self.discard = sanitised_join(self.output_path, name)
            return ""  # (Pelican goes on with the list's other pages)
        self.rendered.append(name)
        own = {*call.own(name, inputs), "SITEURL"}
        return self.prints.render(name, call.template, inputs, call.context, own)

    def claim(self, name: str) -> None:
        """Note an output of this update; refuse one that something made already."""
        name = normal(name)
        if name in self.produced:
            path = sanitised_join(self.output_path, name)
            raise RuntimeError(
                f"{path} would be written twice; run `make check` to see which files clash"
            )
        self.produced.add(name)

    def _open_w(self, filename, encoding, override=False):
        if filename == self.discard:
            self.discard = None
            return contextlib.nullcontext(io.StringIO())
        return super()._open_w(filename, encoding, override)

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
        options = dict(feed_type=feed_type, override_output=override_output, feed_title=feed_title)
        if not path:
            return super().write_feed(elements, context, path, url, **options)
        self.calls.append(("write_feed", (elements, context), dict(path=path, url=url, **options)))
        self.claim(path)
        self.later(partial(self._feed, elements, context, path, url, options))
        return None

    def _feed(self, elements, context, path: str, url, options: dict) -> None:
        arguments = (path, url, sorted(options.items()))
        full = sanitised_join(self.output_path, path)
        if os.path.isfile(full) and self.prints.feed_unchanged(path, elements, context, arguments):
            return
        write = partial(super().write_feed, elements, path=path, url=url, **options)
        self.prints.feed_made(path, elements, context, arguments, write)

    def write_text(self, generator: Any, save_as: str, make: Any) -> None:
        """A data file of ``generator``, made by ``make`` (see RegisterGenerator.write_text)."""
        self.calls.append(("write_text", (generator, save_as, make), {}))
        self.claim(save_as)
        self.later(partial(self._data, generator, save_as, make))

    def _data(self, generator: Any, save_as: str, make: Any) -> None:
        full = Path(generator.output_path) / save_as
        if full.is_file() and self.prints.data_unchanged(save_as, make):
            return
        type(generator).write_text(generator, save_as, make)
        self.prints.data_made(save_as, make)

    def static(self, names: list[str]) -> None:
        """Files a generator copies itself (static content): made, not rendered here."""
        self.calls.append(("static", (names,), {}))
        for name in names:
            self.claim(name)

    def replay(self, calls: list, replaced: frozenset[int]) -> None:
        """Make a generator's calls of the last update again, but for the pages of the
        articles and pages replaced in place (``replaced``, by id): those are made afresh."""
        for call in calls:
            if not isinstance(call, Call):
                method, args, options = call
                getattr(self, method)(*args, **options)
            elif call.item() not in replaced:
                self.file(call, again=True)


normal = functools.lru_cache(maxsize=None)(os.path.normpath)  # (the same names every update)


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


def placement(item: Any) -> tuple:
    """What Pelican derives from an article or page besides its own page: its address, its
    place and order in lists (type, status, dates, title, language), its tag and category
    pages, its template. A quick update puts a file read again in the place of the old one
    only when this stays (then every list, link and writer call that holds it stays right)."""
    meta = item.metadata
    return (
        type(item).__name__,
        getattr(item, "status", None),
        item.slug,
        item.lang,
        str(getattr(item, "date", "")),
        str(getattr(item, "modified", "")),
        item.title,
        str(getattr(item, "category", "")),
        tuple(str(t) for t in getattr(item, "tags", []) or []),
        meta.get("save_as"),
        meta.get("url"),
        getattr(item, "template", None),
    )


@dataclass
class Live:
    """The last good update's generators and their writer calls, kept for quick updates."""

    generators: list
    register: Any  # the RegisterGenerator: model, views, editions
    items: dict[str, tuple[Any, Any]]  # source path → (its generator, article or page)
    folders: dict[str, str]  # a corporation's folder name → its slug
    calls: list[list[tuple]]  # each generator's writer calls, in order

    @classmethod
    def of(cls, generators: list, calls: list[list[tuple]]) -> Live:
        items: dict[str, tuple[Any, Any]] = {}
        register = None
        for generator in generators:
            if hasattr(generator, "reload_corporation"):
                register = generator
            for item in items_of(generator):
                items[item.source_path] = (generator, item)
        folders = {Path(c.path).parent.name: c.slug for c in register.register.corporations}
        return cls(generators, register, items, folders, calls)

    def again(self, calls: list[list[tuple]]) -> Live:
        """After a quick update: the same generators, articles and pages (replaced in place)
        and corporations' folders (each slug the same), with this update's calls."""
        return dataclasses.replace(self, calls=calls)


@dataclass
class Quick:
    """What a quick update reads again: articles and pages, and corporations' folders."""

    articles: list[Path]
    folders: set[str]


class Site:
    """One Pelican over one content folder, built in full once, then updated per change."""

    def __init__(self, root: Path, settings_file: Path, content: Path, output: Path) -> None:
        self.root, self.content, self.output = root, content.resolve(), output
        self.settings_file = settings_file.resolve()
        self.settings = settings = self._settings()
        self.search = bool(settings.get("SEARCH_INDEX"))
        settings["SEARCH_INDEX"] = False  # the dev server indexes in the background
        for name in ("pelican", "huurwijzer"):
            logging.getLogger(name).setLevel(logging.WARNING)
        self.pelican = Pelican(settings)
        refusals.file_lines = FrontMatterLines()  # same lines, each file parsed once
        self.caches: dict[str, PickledCache] = {}
        self.context: dict = {}  # the last whole update's shared context
        self.prints = Fingerprints(settings, lambda v: v is self.context, languages.TRANSLATIONS)
        self.outputs: set[str] = set()  # every output of the last good update, by save_as
        self.pending: set[Path] = set()
        self.rebuild_all = True  # first build; a theme's static file; a failed write
        self.deferred: list = []  # see later()
        self.live: Live | None = None  # the last good update's generators, for quick updates
        self.rendered: list[str] = []  # the pages the last update rendered
        self.collect = False  # the last update left the old site's objects (see finish)

    def _settings(self) -> dict:
        settings = read_settings(
            str(self.settings_file),
            override={
                "PATH": str(self.content),
                "OUTPUT_PATH": str(self.output),
                "CACHE_CONTENT": True,
                "LOAD_CONTENT_CACHE": False,
                "CONTENT_CACHING_LAYER": "generator",
            },
        )
        settings["JINJA_ENVIRONMENT"] = {
            **settings["JINJA_ENVIRONMENT"],
            "bytecode_cache": CompiledTemplates(),
        }
        return settings

    # -- what changed ---------------------------------------------------------------------
    def changed(self, paths: set[Path]) -> None:
        """Note changed files; they are re-read on the next update. A template or catalog is
        read by the whole update; another file of the theme is copied: a new build."""
        rendered = [Path(self.settings["THEME"]).resolve() / "templates", languages.TRANSLATIONS]
        rendered += [Path(p).resolve() for p in self.settings["THEME_TEMPLATES_OVERRIDES"]]
        for path in paths:
            path = Path(os.path.realpath(path))  # as Pelican names its sources
            self.pending.add(path)
            outside = not path.is_relative_to(self.content)
            if outside and not any(path.is_relative_to(folder) for folder in rendered):
                self.rebuild_all = True
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

    # -- one update -----------------------------------------------------------------------
    def update(self) -> str:
        """Bring the output up to date with the content; return a one-line summary.

        Raises UpdateFailed (the output untouched) when the content has problems.
        """
        started, cpu = time.perf_counter(), time.process_time()
        problems = CollectProblems()
        logging.getLogger().addHandler(problems)
        thresholds = gc.get_threshold()
        gc.set_threshold(thresholds[0], thresholds[1], FULL_PASSES_PUT_OFF)
        try:
            try:
                summary = self._update(problems)
            except UpdateFailed:
                raise
            except Exception as error:  # noqa: BLE001  (any failure is shown, never fatal)
                messages = problems.messages or [f"{type(error).__name__}: {error}"]
                raise UpdateFailed(messages) from error
        except UpdateFailed:
            gc.enable()  # (no finish follows a failed update; see _settle_memory)
            raise
        finally:
            logging.getLogger().removeHandler(problems)
            gc.set_threshold(*thresholds)
        self.pending.clear()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        return f"{summary} in {wall:.2f} s ({cpu:.2f} s CPU)"

    def _update(self, problems: CollectProblems) -> str:
        fresh = self.rebuild_all or self.live is None or current_build(self.output) is None
        if not fresh:
            mark = len(problems.messages)
            gc.disable()  # until finish, after the reload signal (see FULL_PASSES_PUT_OFF)
            try:
                summary = self._quick(problems)
            except Exception:  # noqa: BLE001  (the whole update below reports it)
                summary = None
            if summary is not None:
                return summary
            gc.enable()
            del problems.messages[mark:]  # the whole update reports them again
            fresh = self.rebuild_all  # a quick update that failed while writing
        self.live = None  # a failed quick update may have half updated it
        folder = new_build_folder(self.output) if fresh else current_build(self.output)
        if fresh:
            self.prints.clear()
        generators = self._read_all(folder, fresh, problems)
        writer = self._write(generators, folder, fresh, problems)
        kind = "new build" if fresh else "whole update"
        return f"rendered {len(writer.rendered)} of {writer.checked} page(s) ({kind})"

    def _read_all(self, folder: Path, fresh: bool, problems: CollectProblems) -> list:
        """Every generator's context, as `pelican` makes it (every file through the cache)."""
        self.pelican.output_path = self.settings["OUTPUT_PATH"] = str(folder)
        context = self.context = self.settings.copy()
        context |= {"generated_content": {}, "static_links": set(), "static_content": {}}
        context["localsiteurl"] = self.settings["SITEURL"]
        try:
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
                self._read(generator)
            signals.all_generators_finalized.send(generators)
            for generator in generators:
                if hasattr(generator, "refresh_metadata_intersite_links"):
                    generator.refresh_metadata_intersite_links()
            if problems.messages:
                raise UpdateFailed(problems.messages)
        except BaseException:
            if fresh:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        return generators

    def _read(self, generator: Any) -> None:
        """One generator's content, read through the in-memory cache; its Jinja environment
        records what each render reads (fingerprints.instrument)."""
        if hasattr(generator, "env"):
            instrument(generator.env)
        if hasattr(generator, "_cache"):
            generator._cache = self.caches.setdefault(type(generator).__name__, PickledCache())
            generator.save_cache = lambda: None
            generator.get_cached_data = cached_reader(generator)
        if hasattr(generator, "generate_context"):
            generator.generate_context()
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()

    # -- writing ----------------------------------------------------------------------------
    def _write(
        self, generators: list, folder: Path, fresh: bool, problems: CollectProblems, **quick
    ) -> FingerprintWriter:
        """Every output, each rendered only when its fingerprint changed; then the outputs no
        longer made are deleted. ``quick``: see _output."""
        self.prints.start(whole=quick.get("replay") is None)
        writer = FingerprintWriter(str(folder), self.settings, self.prints, self.later)
        self.pelican.output_path = self.settings["OUTPUT_PATH"] = str(folder)
        try:
            try:
                calls = [self._output(g, i, writer, **quick) for i, g in enumerate(generators)]
            finally:
                writer.close()
            for stale in sorted(self.outputs - writer.produced):
                remove(folder, stale)  # before the sitemap, which lists what is there
                self.prints.forget(stale)
            self.later(lambda: signals.finalized.send(self.pelican))  # sitemap, robots, headers
            self.later(self.prints.digests.sweep)
            if fresh:
                self.finish()
            if problems.messages:
                raise UpdateFailed(problems.messages)
        except BaseException:
            self.rebuild_all = True  # a half-written update: the next one starts afresh
            if fresh:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        if fresh:
            swap_in(self.output, folder)
        self.rebuild_all, self.outputs = False, writer.produced
        self.rendered = writer.rendered
        self.collect = self.collect or quick.get("replay") is None
        replay = quick.get("replay")
        self.live = Live.of(generators, calls) if replay is None else replay.again(calls)
        return writer

    def _output(
        self,
        generator: Any,
        index: int,
        writer: FingerprintWriter,
        replay: Live | None = None,
        rerun: Any = None,
        replaced: frozenset[int] = frozenset(),
    ) -> list[tuple]:
        """One generator's calls to the writer. In a quick update (``replay``: the last one's
        calls) every generator but ``rerun`` makes its last calls again, and the pages of the
        articles and pages ``replaced`` in place afresh (render_items)."""
        writer.calls = []
        if hasattr(generator, "write_text"):  # the register's data files
            generator.write_text = partial(writer.write_text, generator)
        if replay is not None and generator is not rerun:
            writer.replay(replay.calls[index], replaced)
            mine = replaced & {id(item) for item in items_of(generator)}
            if mine:
                render_items(generator, mine, writer)
            return writer.calls
        if hasattr(generator, "generate_output"):
            generator.generate_output(writer)
        if hasattr(generator, "staticfiles"):
            writer.static([s.save_as for s in generator.staticfiles if s.save_as])
        return writer.calls

    def later(self, work) -> None:
        """Work no page the browser reloads depends on: data files, feeds and the sitemap."""
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
        finally:
            self._settle_memory()

    def _settle_memory(self) -> None:
        """Keep Python's garbage collector from walking the whole site during an update: the
        objects that stay are frozen; after a whole update (the old site's objects are
        garbage now) they are collected first; after a quick one, which ran with the collector
        off, the young objects it left."""
        if not gc.isenabled():
            gc.collect(1)
            gc.enable()
        if self.collect:
            gc.unfreeze()
            gc.collect()
            self.collect = False
        gc.freeze()

    # -- a quick update: changed articles, pages, or files of known corporations ----------
    def _quick(self, problems: CollectProblems) -> str | None:
        """Update without reading the rest of the site, when the change allows it.

        Allowed: existing articles and pages whose place stays the same (`placement`), and
        files in the folders of existing corporations whose slug stays the same. Each changed
        file passes the same checks as in a whole update (the tree check for its folder, the
        strict reader, the schema, the links). None, with nothing written, when anything is
        otherwise or any problem shows: the whole update then runs and reports what
        `make html` reports.
        """
        live = self.live
        plan = self._plan(live)
        if plan is None:
            return None
        fresh = [self._reread(path, live) for path in plan.articles]
        if None in fresh:
            return None
        register = live.register
        for name in sorted(plan.folders):
            if not register.reload_corporation(self.content / CORPORATIONS_DIR / name):
                return None
        if problems.messages:
            return None
        self._replace(fresh)
        writer = self._write(
            live.generators,
            current_build(self.output),
            False,
            problems,
            replay=live,
            rerun=register if plan.folders else None,
            replaced=frozenset(id(old) for old, _ in fresh),
        )
        what = f"{len(plan.articles)} article(s) or page(s), {len(plan.folders)} corporation(s)"
        return f"rendered {len(writer.rendered)} of {writer.checked} page(s) (quick: {what})"

    def _plan(self, live: Live) -> Quick | None:
        """What a quick update would read again, or None when the changes need more."""
        plan = Quick([], set())
        for path in self.pending:
            if not path.is_relative_to(self.content):
                return None
            if path == self.content:
                continue
            parts = path.relative_to(self.content).parts
            if str(path) in live.items:
                if path.is_symlink() or not path.is_file():
                    return None
                plan.articles.append(path)
            elif len(parts) > 2 and parts[0] == CORPORATIONS_DIR and parts[1] in live.folders:
                plan.folders.add(parts[1])
            elif not path.exists() and not parts[-1].endswith(".md"):
                continue  # an editor's temporary file, gone again
            else:
                return None
        if any(unread_content_file(p) for p in plan.articles) or any(
            unread_in_corporation(self.content / CORPORATIONS_DIR / f) for f in plan.folders
        ):
            return None
        if any(p.is_file() and address_links(p) for p in self.pending):
            return None  # a link by address is checked against every page the build writes
        return plan

    def _reread(self, path: Path, live: Live) -> tuple[Any, Any] | None:
        """(old, new) for an article or page read again, or None when it cannot replace the
        old one in place (its place, translations or links changed)."""
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
            placement(new) == placement(old)
            and new.translation_key == old.translation_key
            and new.get_static_links() == old.get_static_links()
        )
        if not same or files_link_problems(
            [path], known_targets(live.register.register), self.content
        ):
            forget(new)
            return None
        return old, new

    def _replace(self, fresh: list[tuple[Any, Any]]) -> None:
        """Put each article or page read again in the place of the old object."""
        for old, new in fresh:
            translations = old.translations
            forget(old)
            forget(new)
            old.__dict__.clear()
            old.__dict__.update(new.__dict__)
            old.translations = translations
            self.prints.digests.forget(old)


def item_lists(generator: Any) -> tuple[str, ...]:
    """The names of an articles or pages generator's lists of what it read (else none)."""
    if isinstance(generator, ArticlesGenerator):
        return ARTICLE_LISTS
    return PAGE_LISTS if isinstance(generator, PagesGenerator) else ()


def items_of(generator: Any) -> list:
    return [item for name in item_lists(generator) for item in getattr(generator, name)]


def render_items(generator: Any, chosen: set[int], writer: Any) -> None:
    """Make the writer calls of only the chosen articles or pages (by id), through the
    generator's own code."""
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


def remove(folder: Path, save_as: str) -> None:
    """Delete an output its source no longer makes, and folders left empty."""
    path = folder / save_as
    if path.is_file():
        path.unlink()
    parent = path.parent
    while parent != folder and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
