"""The plugin's wiring: which of Pelican's signals run which part (the top floor).

Strict reading (reading/), the stance register's pages (site/generator), Dutch dates and
the theme's words (site/i18n), the sitemap, robots.txt, _headers and the search index.
"""

from __future__ import annotations

import logging
import weakref
from functools import partial
from pathlib import Path

from pelican import signals

from huurwijzer.core import atomic
from huurwijzer.core import settings as declared
from huurwijzer.core.filters import FILTERS
from huurwijzer.intake import settings as intake_settings
from huurwijzer.reading.links import PAGE_PARTS
from huurwijzer.reading.reader import MARKDOWN_EXTENSIONS, FrontMatterReader
from huurwijzer.site import i18n, marks, parallel
from huurwijzer.site.addresses import keep_urls
from huurwijzer.site.feeds import date_entries_when_written
from huurwijzer.site.generator import RegisterGenerator
from huurwijzer.site.refusals import check_outputs, check_tree, strict_writer
from huurwijzer.site.site_files import index_for_search, write_robots, write_sitemap
from huurwijzer.site.templates import share_compiled

logger = logging.getLogger(__name__)


def check_settings(pelican) -> None:
    """Stop at the start, with one line per bad setting, before anything is read."""
    i18n.translations.cache_clear()  # each build reads the catalogs afresh (devserver)
    for problem in declared.problems(pelican.settings, intake_settings.SETTINGS):
        logger.error("%s", problem)


def add_reader(readers) -> None:
    for extension in MARKDOWN_EXTENSIONS:
        readers.reader_classes[extension] = FrontMatterReader


def add_filters(generator) -> None:
    from huurwijzer.site.headers import inline_style

    share_compiled(generator.env, generator.settings)
    generator.env.filters.update(FILTERS)
    i18n.install(generator.env)
    marks.install(generator.env)
    generator.env.globals["inline_style"] = inline_style(generator.settings)
    generator.env.globals["page_parts"] = PAGE_PARTS  # the ids of a register page's parts


def set_translation_key(content) -> None:
    """Pelican groups translations by this: the Dutch slug a translation names, or its own."""
    content.translation_key = content.metadata.get("translation_of") or content.slug


def get_generators(pelican) -> type:
    return RegisterGenerator


def write_site_files(pelican) -> None:
    output = Path(pelican.output_path)
    siteurl = pelican.settings["SITEURL"]
    # the pages this build's writers handed over (site/written.py), if they did
    collector = getattr(_finishing.pop(id(pelican.settings), None), "collector", None)
    written = collector.written if collector is not None else None
    sitemap = partial(write_sitemap, output, siteurl, written)
    write_robots(output, siteurl)
    from huurwijzer.site.headers import netlify  # imported here: it is also run as a command

    atomic.replace(output / "_headers", netlify(pelican.settings))
    if pelican.settings.get("SEARCH_INDEX"):  # written beside the index (two cores: shared)
        index_for_search(output, written, parallel.available(pelican.settings), [sitemap])
    else:
        sitemap()
    if parallel.available(pelican.settings):
        parallel.let_go()  # see parallel.keep_what_was_read


def set_submit_policy(pelican) -> None:
    """The form page's CSP follows SUBMISSION_ENDPOINT (also when a test overrides it)."""
    from huurwijzer.site.form import correction_url, submit_policy

    pelican.settings["SUBMIT_CONTENT_SECURITY_POLICY"] = submit_policy(pelican.settings)
    pelican.settings["CORRECTION_URL"] = correction_url(pelican.settings)


# The register generator of each build, from the generators' context to the writer (by the
# build's settings, which Pelican and its generators share).
_building: weakref.WeakValueDictionary[int, RegisterGenerator] = weakref.WeakValueDictionary()
# ... and to the site files at the end (the pages its writers handed to the search index).
_finishing: weakref.WeakValueDictionary[int, RegisterGenerator] = weakref.WeakValueDictionary()


def note_register(generators) -> None:
    for generator in generators:
        if isinstance(generator, RegisterGenerator):
            _finishing[id(generator.settings)] = generator
            if parallel.available(generator.settings):
                _building[id(generator.settings)] = generator


def start_register_output(pelican) -> None:
    """Pelican asks for its writer once every link is final: the register starts writing."""
    generator = _building.pop(id(pelican.settings), None)
    if generator is not None:
        generator.start_output()


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.initialized.connect(check_tree)
    signals.all_generators_finalized.connect(check_outputs)
    signals.get_writer.connect(strict_writer)
    signals.all_generators_finalized.connect(note_register)
    signals.all_generators_finalized.connect(keep_urls)
    signals.get_writer.connect(start_register_output)
    signals.initialized.connect(set_submit_policy)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_filters)
    signals.content_object_init.connect(set_translation_key)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_site_files)
    signals.feed_generated.connect(date_entries_when_written)
