"""The site's languages: the default, the others (LANGUAGES), and the theme's catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TRANSLATIONS = Path(__file__).resolve().parents[3] / "theme" / "translations"


def catalog_path(lang: str, root: Path | None = None) -> Path:
    return (root or TRANSLATIONS) / lang / "LC_MESSAGES" / "messages.po"


def catalog_languages(source_lang: str = "nl") -> list[str]:
    """The source language and every language with a catalog, sorted after it."""
    found = sorted(p.parts[-3] for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    return [source_lang, *(lang for lang in found if lang != source_lang)]


def site_languages(settings: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The default language and every language a translation may be in: LANGUAGES, or
    (settings without it, as in a unit test) every language the theme has a catalog for."""
    default = settings.get("DEFAULT_LANG", "nl")
    if "LANGUAGES" in settings:
        return default, (default, *settings["LANGUAGES"])
    return default, tuple(catalog_languages(default))
