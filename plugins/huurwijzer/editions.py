"""The other languages' own pages: home, news list, archive and search under each prefix.

Articles and pages in another language are Pelican translations (``lang`` metadata) and
Pelican writes them itself (ARTICLE_LANG_SAVE_AS, PAGE_LANG_SAVE_AS) with their feed
(TRANSLATION_FEED_ATOM). What Pelican writes only once, for DEFAULT_LANG, is written here
again for every language in LANGUAGES, from the same templates in that language.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from markupsafe import Markup

from .i18n import languages, page_file, translations
from .scales import translated


def views_in(views: Any, gettext: Any) -> Any:
    """The register's views with the vocabulary, titles and words in another language."""
    return dataclasses.replace(
        views,
        vocabularies=tuple(translated(v, gettext) for v in views.vocabularies),
        verdicts=translated(views.verdicts, gettext),
        words={name: gettext(text) for name, text in views.words.items()},
        titles={name: gettext(text) for name, text in views.titles.items()},
    )


# The direct templates every language has, with the LANGUAGES key of their address.
DIRECT = (
    ("home", "HOME_URL"),
    ("index", "INDEX_URL"),
    ("archives", "ARCHIVES_URL"),
    ("search", "SEARCH_URL"),
)


def in_language(items: list[Any], lang: str) -> list[Any]:
    """Every article or page in one language: originals and translations, newest first."""
    found = {id(i): i for i in items if i.lang == lang}
    for item in items:
        for other in getattr(item, "translations", []):
            if other.lang == lang:
                found[id(other)] = other
    return list(found.values())


def write_editions(generator: Any, writer: Any) -> None:
    """Write each other language's direct pages (the default language's are Pelican's)."""
    settings, context = generator.settings, generator.context
    default = settings.get("DEFAULT_LANG", "nl")
    for lang, spec in languages(settings).items():
        if lang == default:
            continue
        articles = sorted(
            in_language(context.get("articles", []), lang), key=lambda a: a.date, reverse=True
        )
        pages = in_language(context.get("pages", []), lang)
        guidance_slug = settings.get("GUIDANCE_SLUG")
        guidance = next((p for p in pages if p.translation_key == guidance_slug), None)
        extra = {
            "LANG": lang,
            "articles": articles,
            "dates": articles,
            "guidance_url": "/" + guidance.url if guidance else None,
            # links into the register, which is Dutch only for now
            "register_hreflang": Markup(f' hreflang="{default}"'),
        }
        if spec.get("FEED_URL"):
            title = translations(lang, default).gettext("nieuws")
            writer.write_feed(
                articles,
                {**context, "LANG": lang},
                spec["FEED_URL"],
                feed_title=title,
            )
        gettext = translations(lang, default).gettext
        views = views_in(generator.views, gettext)
        register_pages = [
            ("method", "METHOD_URL", {}),
            ("letter", "LETTER_URL", {"letter": generator.views.letter}),
        ]
        for template, key, more in register_pages:
            if key not in spec:
                continue
            writer.write_file(
                page_file(spec[key]),
                generator.get_template(template),
                context,
                relative_urls=settings["RELATIVE_URLS"],
                url=spec[key],
                page_url=spec[key],
                LANG_KEY=key,
                views=views,
                **more,
                **extra,
            )
        for template, key in DIRECT:
            if key not in spec:
                continue
            writer.write_file(
                page_file(spec[key]),
                generator.get_template(template),
                context,
                relative_urls=settings["RELATIVE_URLS"],
                url=spec[key],
                LANG_KEY=key,
                **extra,
            )
