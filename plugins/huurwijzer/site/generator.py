"""The register's Pelican generator: gather and decide in generate_context, write after.

Pages, feeds and exports all read the views built once here (see views.py); their addresses
come from the declared settings (see settings.py).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any

from pelican.generators import CachingGenerator

from huurwijzer.core import atomic
from huurwijzer.core import settings as declared
from huurwijzer.core.messages import heading
from huurwijzer.reading.links import (
    files_link_problems,
    resolve_filename_links,
    resolve_register_links,
)
from huurwijzer.site import parallel
from huurwijzer.site.editions import (
    prepare_editions,
    write_edition_corporations,
    write_editions,
)
from huurwijzer.site.exports import (
    changes_feed,
    csv_export,
    datapackage,
    json_export,
    schema_document,
)
from huurwijzer.site.form import form_fields, template_yaml
from huurwijzer.site.parallel import SecondProcess
from huurwijzer.site.refusals import StrictWriter
from huurwijzer.site.tree import content_files, register_files
from huurwijzer.stances.loading import (
    corporation_folders,
    known_targets,
    load_register,
    read_corporations,
    reload_corporation,
)
from huurwijzer.stances.views import build_views

logger = logging.getLogger(__name__)


def read_register(
    path: str, settings: dict[str, Any], cache: Any = None, read_before: Any = None
) -> tuple:
    """The register, its problems, and the internal-link problems of every content file;
    ``read_before``: corporations read already (stances.loading.read_corporations)."""
    register, problems = load_register(path, settings, cache=cache, read_before=read_before)
    root = Path(path)
    link_problems = files_link_problems(
        content_files(settings) + register_files(root), known_targets(register), root
    )
    return register, problems, link_problems


def read_share(
    path: str, settings: dict[str, Any], names: list[str], take: Callable[[], Iterable[int]]
) -> tuple:
    """The corporations' folders (of ``names``) that ``take`` hands out, one at a time
    (parallel.Claims: the second process takes from the front while Pelican reads the news,
    this process from the back once the news is read); for read_register's ``read_before``
    (stances.loading.read_corporations)."""
    return read_corporations(path, settings, (names[number] for number in take()))


def both_shares(mine: tuple, theirs: tuple | None) -> tuple:
    """What this process and the second one read (read_share), as one ``read_before``; only
    this process's share when the second one failed (read_register reads the rest)."""
    if theirs is None:
        return mine
    return {**theirs[0], **mine[0]}, theirs[1] + mine[1]


class RegisterGenerator(CachingGenerator):
    """Builds the overview, corporation, letter, municipality and method pages, feeds, exports.

    With two cores (PARALLEL_BUILD), a second process reads corporations' folders from the
    front of the list while Pelican reads the news, and this process then reads them from
    the back until the two meet (parallel.Claims); the register's pages are written in a
    second process while Pelican writes the news, and the other languages' corporation pages
    are shared the same way. The pages and errors are the same as in one process.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # This build's second processes (parallel.py), entered here and in start_output and
        # all ended by one ExitStack: at the end of generate_output, when this generator's
        # own work raises, and, when the build fails in Pelican's own reading or writing in
        # between, as soon as this generator is freed (or Python exits). The stack holds no
        # reference to the generator, so the finalizer does not keep it alive.
        self.processes = ExitStack()
        weakref.finalize(self, self.processes.close)
        self.reading: SecondProcess | None = None
        self.writing: SecondProcess | None = None
        if parallel.available(self.settings):
            self.folder_names = [folder.name for folder in corporation_folders(self.path)]
            self.folder_claims = parallel.Claims(len(self.folder_names))
            job = partial(
                read_share, self.path, self.settings, self.folder_names, self.folder_claims.front
            )
            self.reading = self.processes.enter_context(SecondProcess(job, "reading the register"))

    def generate_context(self) -> None:
        try:
            self._gather()
        except BaseException:
            self.processes.close()  # the reading child, if any: killed and reaped
            raise

    def _gather(self) -> None:
        try:
            self.values = declared.read(self.settings)
        except declared.SettingsError as error:
            logger.error("%s", error)
            raise
        cache = self if self.settings.get("CACHE_CONTENT") else None
        read_before = None
        if self.reading is not None:
            parallel.keep_what_was_read()  # the news
            mine = read_share(self.path, self.settings, self.folder_names, self.folder_claims.back)
            # when the child failed: what it took is read again by read_register, here
            read_before = both_shares(mine, self.reading.result(here=lambda: None))
            self.reading = None
        register, problems, link_problems = read_register(
            self.path, self.settings, cache, read_before
        )
        if read_before is not None:
            parallel.keep_what_was_read()
        self.save_cache()
        if problems:
            logger.error(
                "%s\n%s", heading("register", len(problems)), "\n".join(str(p) for p in problems)
            )
        if link_problems:
            logger.error(
                "%s\n%s",
                heading("links", len(link_problems)),
                "\n".join(str(p) for p in sorted(link_problems)),
            )
        settings = {**self.settings, **self.values}
        generated = self.context.get("generated_content", {})

        def resolve(html: str) -> str:
            return resolve_filename_links(resolve_register_links(html, settings), generated)

        self.register = register
        self.resolve = resolve  # the other languages' views are built with it (editions.py)
        self.view_settings = settings
        self.view_memos: dict[str, dict] = {}  # per language; see build_views
        # with two cores the other languages are made once every generator has read
        # (finish_reading), while a second process checks the outputs (site/refusals.py)
        self._set_views(editions=not parallel.available(self.settings))

    def finish_reading(self) -> None:
        """The other languages' register, if not made with the views (refusals.check_outputs
        calls this once every generator has read, before anything is written)."""
        if not hasattr(self, "alternates"):
            self._set_editions()

    def _set_views(self, editions: bool = True) -> None:
        self.views = build_views(
            self.register,
            self.view_settings,
            self.resolve,
            self.view_memos.setdefault(self.settings.get("DEFAULT_LANG", "nl"), {}),
        )
        # What every page may show: the section addresses and the build date (footer).
        self.context["register_urls"] = self.views.urls
        self.context["BUILD_DATE"] = self.register.today
        self.context["register_views"] = self.views
        if editions:
            self._set_editions()

    def _set_editions(self) -> None:
        # The register in the other languages (before pages are written: the guidance page
        # in another language shows its help route from them).
        self.alternates = prepare_editions(self)
        self.context["register_editions"] = self.editions

    def reload_corporation(self, folder: Path) -> bool:
        """Read one corporation's folder again and rebuild the views: the dev server's update.

        Every other corporation keeps its model and views. False (nothing changed) when the
        folder has any problem or the change reaches further than the corporation (its slug);
        the caller then builds everything, which reports the problems as `make html` does.
        """
        cache = self if self.settings.get("CACHE_CONTENT") else None
        register = reload_corporation(self.register, folder, Path(self.path), self.settings, cache)
        self.save_cache()
        if register is None:
            return False
        files = sorted(folder.rglob("*.md"))
        if files_link_problems(files, known_targets(register), Path(self.path)):
            return False
        self.register = register
        self._set_views()
        return True

    def start_output(self) -> None:
        """Start writing the default language's pages and the data files in a second
        process, while this one writes Pelican's news and the other languages' pages
        (generate_output); then both write the other languages' corporation pages, the
        second process from the front of the list, this one from the back."""
        if parallel.available(self.settings):
            parallel.keep_what_was_read()
            self.edition_claims = parallel.Claims(len(self.views.corporations))
            self.writing = self.processes.enter_context(
                SecondProcess(self._write_share, "writing the register's pages")
            )

    def _write_share(self, instead: bool = False) -> dict | None:
        """The second process's share of generate_output, with a writer of its own; the
        pages it wrote, for the sitemap and the search index (site/written.py). ``instead``:
        done here after the second process failed (every corporation this one left)."""
        writer = StrictWriter(self.output_path, settings=self.settings)
        self.write_pages(writer)
        claims = self.edition_claims
        write_edition_corporations(self, writer, claims.rest if instead else claims.front)
        return writer.collector.written if writer.collector is not None else None

    def generate_output(self, writer) -> None:
        # The pages every writer of this build wrote, for the site files (plugin.py).
        self.collector = getattr(writer, "collector", None)
        with self.processes:  # every second process of this build ends here, whatever happens
            if self.writing is not None:
                write_editions(self, writer, corporations=False)
                write_edition_corporations(self, writer, self.edition_claims.back)
                # written beside this one's pages
                written = self.writing.result(here=partial(self._write_share, instead=True))
                self.writing = None
                if self.collector is not None and written:
                    self.collector.written.update(written)
                return
            self.write_pages(writer)
            write_editions(self, writer)

    def write_pages(self, writer) -> None:
        """The default language's register pages and every data file."""
        views = self.views

        def page(save_as: str, url: str, template: str, **extra) -> None:
            writer.write_file(
                save_as,
                self.get_template(template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=url.lstrip("/"),
                views=views,
                lang_urls=self.alternates.get(url, {}),
                **extra,
            )

        address = views.addresses
        page(address.save_as("CORPORATIONS"), views.urls["corporations"], "corporations")
        for corporation in views.corporations:
            page(corporation.save_as, corporation.url, "corporation", corporation=corporation)
            letter = corporation.letter
            page(letter.save_as, letter.url, "letter", letter=letter)
        page(views.letter.save_as, views.letter.url, "letter", letter=views.letter)
        page(address.save_as("MUNICIPALITIES"), views.urls["municipalities"], "municipalities")
        for municipality in views.municipalities:
            page(municipality.save_as, municipality.url, "municipality", municipality=municipality)
        page(address.save_as("METHOD"), views.urls["method"], "method")
        page(
            address.save_as("SUBMIT"),
            views.urls["submit"],
            "submit_form",
            form_fields=form_fields(),
        )
        self.write_data()

    def write_text(self, save_as: str, make: Callable[[], str]) -> None:
        """Write one data file. The dev server replaces this per instance to skip unchanged ones.

        Whole or not at all, without fsync: the output is a build's own folder (see
        core/atomic.py); ~600 data files (feeds mostly) made 1,200 fsyncs, seconds a build."""
        atomic.replace(Path(self.output_path) / save_as, make(), durable=False)

    def write_data(self) -> None:
        views, settings = self.views, self.settings
        address = views.addresses
        siteurl = settings["SITEURL"]
        write = self.write_text

        write(address.save_as("REGISTER_JSON"), lambda: json_export(views, self.register, siteurl))
        write(address.save_as("REGISTER_CSV"), lambda: csv_export(views))
        write(address.save_as("REGISTER_DATAPACKAGE"), lambda: datapackage(views, siteurl))
        write(address.save_as("REGISTER_SCHEMA"), lambda: schema_document(views, siteurl))
        write(
            address.save_as("SUBMIT_TEMPLATE"),
            lambda: template_yaml([c.slug for c in views.corporations]),
        )

        def everything() -> list:  # (sorted when the feed is made: after the dev server's reload)
            return sorted(
                ((c, r) for c in views.corporations for r in c.history),
                key=lambda item: (item[1].effective_from.sort_key(), item[0].slug),
                reverse=True,
            )

        write(
            address.save_as("REGISTER_FEED"),
            lambda: changes_feed(
                "Huurwijzer: nieuwe standpunten van corporaties",
                views.urls["corporations"],
                views.urls["feed"],
                everything(),
                settings,
                views.today,
            ),
        )
        for corporation in views.corporations:
            write(
                corporation.feed_save_as,
                lambda corporation=corporation: changes_feed(
                    f"Huurwijzer: standpunten van {corporation.name}",
                    corporation.url,
                    corporation.feed_url,
                    [(corporation, r) for r in corporation.history],
                    settings,
                    views.today,
                ),
            )
