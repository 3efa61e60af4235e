"""The register's Pelican generator: gather in generate_context, write in generate_output."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from pelican.generators import CachingGenerator

from . import scales
from .comparison import compare
from .exports import changes_feed, csv_export, json_export, schema_document
from .form import form_fields, template_yaml
from .loading import load_register

logger = logging.getLogger(__name__)


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


class RegisterGenerator(CachingGenerator):
    """Builds /corporaties/, /gemeenten/, /methode/, the feeds and the exports."""

    def generate_context(self) -> None:
        cache = self if self.settings.get("CACHE_CONTENT") else None
        register, problems = load_register(self.path, self.settings, cache=cache)
        self.save_cache()
        self.register = register
        self.context["register"] = register
        if problems:
            logger.error(
                "The stance register has %d problem(s):\n%s",
                len(problems),
                "\n".join(str(p) for p in problems),
            )

    def _template_values(self) -> dict:
        register = self.register
        return {
            "register": register,
            "today": register.today,
            "scales": scales,
            "compare": compare,
            "stale_after_days": self.settings.get("REGISTER_STALE_AFTER_DAYS", 365),
        }

    def generate_output(self, writer) -> None:
        register = self.register
        values = self._template_values()
        relative = self.settings["RELATIVE_URLS"]

        def page(save_as: str, template: str, **extra) -> None:
            writer.write_file(
                save_as,
                self.get_template(template),
                self.context,
                relative_urls=relative,
                url=save_as.removesuffix("index.html"),
                **values,
                **extra,
            )

        page("corporaties/index.html", "corporations")
        for corporation in register.corporations:
            page(
                f"corporaties/{corporation.slug}/index.html",
                "corporation",
                corporation=corporation,
                current=corporation.current(register.today),
            )
        page("gemeenten/index.html", "municipalities")
        for municipality in register.municipalities:
            page(
                f"gemeenten/{municipality.slug}/index.html",
                "municipality",
                municipality=municipality,
                corporations=register.corporations_in(municipality.slug),
            )
        page("methode/index.html", "method")
        page("standpunt-doorgeven/index.html", "submit_form", form_fields=form_fields())
        self.write_data()

    def write_data(self) -> None:
        register, settings = self.register, self.settings
        output = Path(self.output_path)
        write_atomic(output / "corporaties" / "standpunten.json", json_export(register))
        write_atomic(output / "corporaties" / "standpunten.csv", csv_export(register))
        write_atomic(
            output / "standpunt-doorgeven" / "sjabloon.yaml",
            template_yaml([c.slug for c in register.corporations]),
        )
        write_atomic(output / "corporaties" / "schema.json", schema_document(settings["SITEURL"]))
        everything = sorted(
            ((c, r) for c in register.corporations for r in c.records),
            key=lambda item: (item[1].effective_from.sort_key(), item[0].slug),
            reverse=True,
        )
        write_atomic(
            output / "corporaties" / "wijzigingen.atom",
            changes_feed(
                "Huurwijzer: nieuwe standpunten van corporaties",
                "/corporaties/",
                "/corporaties/wijzigingen.atom",
                everything,
                settings,
                register.today,
            ),
        )
        for corporation in register.corporations:
            base = f"/corporaties/{corporation.slug}/"
            write_atomic(
                output / "corporaties" / corporation.slug / "wijzigingen.atom",
                changes_feed(
                    f"Huurwijzer: standpunten van {corporation.name}",
                    base,
                    base + "wijzigingen.atom",
                    [(corporation, r) for r in corporation.records],
                    settings,
                    register.today,
                ),
            )
