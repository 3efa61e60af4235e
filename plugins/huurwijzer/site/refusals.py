"""The build refuses what `make check` refuses: unread files, clashing output paths, and
links written as an address (/…) to a page the build does not write.

Connected to Pelican's signals by the plugin: the content tree is scanned before anything is
read, the output paths are compared once every generator has its content, and the writer
refuses to write any path twice (Pelican's own writer lets a page with `save_as` win).
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

from huurwijzer.core.messages import heading
from huurwijzer.core.problems import ContentError, Problem
from huurwijzer.reading.links import address_link_problems
from huurwijzer.site import parallel
from huurwijzer.site.outputs import content_outputs, file_lines, generated_outputs, item_problems
from huurwijzer.site.parallel import SecondProcess
from huurwijzer.site.tree import content_files, register_files, unread_files
from huurwijzer.site.written import Collector

logger = logging.getLogger(__name__)


def refuse(problems: list[Problem], what: str) -> None:
    """Log every problem as one error (fatal under --fatal) and stop the build."""
    if not problems:
        return
    problems = sorted(set(problems))
    logger.error("%s\n%s", heading(what, len(problems)), "\n".join(map(str, problems)))
    raise ContentError(problems)


def check_tree(pelican: Any) -> None:
    refuse(unread_files(pelican.settings["PATH"], pelican.settings), "unread")


def check_outputs(generators: list[Any]) -> None:
    """Refuse clashing output paths and address links to pages the build does not write.

    Generators with a ``finish_reading`` hook (the register's other languages) finish
    first; with two cores (site/parallel.py) they do it while a second process compares
    the outputs, so neither waits for the other (both read only what was read before)."""
    finishing = [g.finish_reading for g in generators if hasattr(g, "finish_reading")]
    settings = generators[0].settings if generators else {}
    if not (finishing and parallel.available(settings)):
        for finish in finishing:
            finish()
        refuse_all(output_problems(generators))
        return
    job = partial(output_problems, generators)
    with SecondProcess(job, "checking the outputs") as child:
        for finish in finishing:
            finish()
        refuse_all(child.result(here=job))


def output_problems(generators: list[Any]) -> list[tuple[list[Problem], str]]:
    """Clashing output paths, and links written as an address to a page not written: the
    groups refuse_all tells."""
    items: list[Any] = []
    register = None
    settings: dict[str, Any] = {}
    for generator in generators:
        settings = generator.settings
        if isinstance(generator, ArticlesGenerator):
            items += generator.articles + generator.translations
            items += generator.hidden_articles + generator.hidden_translations
        elif isinstance(generator, PagesGenerator):
            items += generator.pages + generator.translations
            items += generator.hidden_pages + generator.hidden_translations
        elif hasattr(generator, "register"):
            register = generator.register
    line_of = file_lines()
    outputs = content_outputs(items, settings, line_of), generated_outputs(settings, register)
    found = item_problems(items, settings, register, line_of, outputs)
    written = outputs[0] + outputs[1]
    files = content_files(settings) + register_files(Path(settings["PATH"]))
    links = address_link_problems(files, {o.path for o in written})
    return [(found, "outputs"), (links, "links")]


def refuse_all(groups: list[tuple[list[Problem], str]]) -> None:
    """Log every group of problems under its heading as one error (fatal under --fatal, so
    one call), then stop the build."""
    said = [
        f"{heading(what, len(set(problems)))}\n" + "\n".join(map(str, sorted(set(problems))))
        for problems, what in groups
        if problems
    ]
    if said:
        logger.error("%s", "\n".join(said))
        raise ContentError([p for problems, _ in groups for p in problems])


class StrictWriter(Writer):
    """Pelican's writer, except that no path is ever written twice (not even by `save_as`).

    With SEARCH_INDEX, every HTML page it writes is also handed to ``collector`` (a
    site/written.Collector), so the sitemap and the search index are made from what was
    written without reading the built site back."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.collector = Collector(output_path) if (settings or {}).get("SEARCH_INDEX") else None

    def _open_w(self, filename, encoding, override=False):
        if filename in self._written_files:
            raise RuntimeError(
                f"{filename} would be written twice; run `make check` to see which files clash"
            )
        file = super()._open_w(filename, encoding, override)
        if self.collector is not None and filename.endswith(".html") and file.name == filename:
            return _Handed(file, partial(self.collector.add, filename))
        return file


class _Handed:
    """A file being written whose whole text is handed to ``take`` once it is closed."""

    def __init__(self, file: Any, take: Any) -> None:
        self.file, self.take, self.parts = file, take, []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.file.write(text)

    def __enter__(self) -> _Handed:
        return self

    def close(self) -> None:
        """Close the file and hand its text over (once)."""
        if not self.file.closed:
            self.file.close()
            self.take("".join(self.parts))

    def __exit__(self, kind: Any, *rest: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.file.close()  # nothing handed over: the build fails anyway


def strict_writer(pelican: Any) -> type:
    return StrictWriter
