"""Huurwijzer's Pelican plugin: strict reading, the stance register, Dutch dates, sitemap."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from . import atomic
from .filters import FILTERS
from .generator import RegisterGenerator
from .reader import FrontMatterReader
from .site_files import index_for_search, write_robots, write_sitemap


def add_reader(readers) -> None:
    readers.reader_classes["md"] = FrontMatterReader


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def get_generators(pelican) -> type:
    return RegisterGenerator


def write_site_files(pelican) -> None:
    output = Path(pelican.output_path)
    siteurl = pelican.settings["SITEURL"]
    write_sitemap(output, siteurl)
    write_robots(output, siteurl)
    from .headers import netlify  # imported here: the module is also run as a command

    atomic.replace(output / "_headers", netlify(pelican.settings))
    if pelican.settings.get("SEARCH_INDEX"):
        index_for_search(output)


def set_submit_policy(pelican) -> None:
    """The form page's CSP follows SUBMISSION_ENDPOINT (also when a test overrides it)."""
    from .intake.settings import correction_url, submit_policy

    pelican.settings["SUBMIT_CONTENT_SECURITY_POLICY"] = submit_policy(pelican.settings)
    pelican.settings["CORRECTION_URL"] = correction_url(pelican.settings)


def register() -> None:
    signals.initialized.connect(set_submit_policy)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_site_files)
