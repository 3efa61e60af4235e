"""Languages: each page's words in its own language, through gettext and Babel catalogs.

Dutch is the source language: templates are written in Dutch inside translation calls
(``{% trans %}`` and ``_()``), and ``theme/translations/<lang>/LC_MESSAGES/messages.po``
holds another language's text. The build compiles each catalog in memory when it starts
(no ``.mo`` file is read or needs committing), so a page never shows a stale translation.
A fuzzy message is left out, as gettext does, and a test fails on it.

The language of a render comes from its context: ``LANG`` when the generator passes it,
else the article's or page's ``lang`` (Pelican's translation model), else ``DEFAULT_LANG``.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from io import BytesIO
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape, soft_str
from pelican.contents import Content

from huurwijzer.core import languages as catalogs
from huurwijzer.core.filters import format_partial


@cache
def translations(lang: str, source_lang: str = "nl") -> gettext_module.NullTranslations:
    """The compiled catalog of one language; the source language translates to itself."""
    path = catalogs.catalog_path(lang)
    if lang == source_lang or not path.exists():
        return gettext_module.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def language(context: Mapping[str, Any]) -> str:
    """The language a template renders in (see the module docstring)."""
    if context.get("LANG"):
        return context["LANG"]
    for name in ("article", "page"):
        content = context.get(name)
        if isinstance(content, Content) and getattr(content, "lang", None):
            return content.lang
    return context.get("DEFAULT_LANG") or "nl"


def languages(settings: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """LANGUAGES from the settings, the default language first."""
    declared = dict(settings.get("LANGUAGES") or {})
    default = settings.get("DEFAULT_LANG", "nl")
    declared.setdefault(default, {})
    return {default: declared[default], **{k: v for k, v in declared.items() if k != default}}


def page_file(url: str) -> str:
    """The file an address is written to: 'en/news/' → 'en/news/index.html'."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def marked(text: str) -> str:
    """Marks a sentence in Python for `make translations` (imported as ``_``; babel.cfg
    names the files); it is translated where it is shown."""
    return text


def translator(context: Context) -> gettext_module.NullTranslations:
    return translations(language(context), context.get("DEFAULT_LANG") or "nl")


@pass_context
def _gettext(context: Context, message: str) -> str:
    return translator(context).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return translator(context).ngettext(singular, plural, n)


@pass_context
def local_date(
    context: Context, value: date | datetime | str | None, style: str = "d MMMM y"
) -> str:
    """A date in the page's language (18 maart 2020 / 18 March 2020); unknown without one."""
    lang = language(context)
    if value is None or value == "":
        return translator(context).gettext("onbekend")
    settings = languages(context) if "LANGUAGES" in context else {}
    locale = (settings.get(lang) or {}).get("locale") or lang
    return format_partial(value, style, locale)


@pass_context
def current_lang(context: Context) -> str:
    return language(context)


@pass_context
def lang_attribute(context: Context, code: Any) -> Markup:
    """`` lang="…"`` for a text whose language is not the page's, else nothing (``in_lang``
    in _register.html; a function, not a macro: ~130,000 calls a national build)."""
    if language(context) == code:
        return Markup("")
    return Markup(' lang="') + escape(soft_str(code)) + Markup('"')


@pass_context
def dutch_attribute(context: Context) -> Markup:
    """`` lang="nl"`` for editors' Dutch text on a page in another language (``dutch``)."""
    return Markup("") if language(context) == "nl" else Markup(' lang="nl"')


@pass_context
def language_links(context: Context) -> list[dict[str, Any]]:
    """The same page in every other language, or that language's home when it has none.

    Each link: lang, name, url (site-relative, with leading '/'), exact (a true counterpart).
    """
    here = language(context)
    langs = languages(context)
    found: dict[str, str] = dict(context.get("lang_urls") or {})  # register pages
    for name in ("article", "page"):
        content = context.get(name)
        if isinstance(content, Content):
            for other in getattr(content, "translations", []):
                found[other.lang] = "/" + other.url
    # the default language's own addresses are the top-level settings (METHOD_URL, …)
    names = {k for spec in langs.values() for k in spec if k.endswith("_URL")}
    default = context.get("DEFAULT_LANG") or "nl"
    langs = {
        lang: ({k: context[k] for k in names if k in context} if lang == default else {}) | spec
        for lang, spec in langs.items()
    }
    key = context.get("LANG_KEY")
    if key is None:  # a direct template: find the file it writes among its language's own
        written = context.get("output_file") or ""
        mine = langs.get(here) or {}
        key = next(
            (k for k, v in mine.items() if k.endswith("_URL") and page_file(v) == written),
            None,
        )
    links = []
    for lang, spec in langs.items():
        if lang == here:
            continue
        if lang in found:
            links.append(
                {"lang": lang, "name": spec.get("name", lang), "url": found[lang], "exact": True}
            )
        elif key and key in spec:
            links.append(
                {
                    "lang": lang,
                    "name": spec.get("name", lang),
                    "url": "/" + spec[key],
                    "exact": True,
                }
            )
        else:
            links.append(
                {
                    "lang": lang,
                    "name": spec.get("name", lang),
                    "url": "/" + spec.get("HOME_URL", ""),
                    "exact": False,
                }
            )
    return links


@pass_context
def lang_setting(context: Context, name: str) -> Any:
    """A per-language setting (MENU, FOOTER_LINKS, SEARCH_URL, …) of the page's language."""
    spec = languages(context).get(language(context)) or {}
    return spec[name] if name in spec else context.get(name)


def install(env: Any) -> None:
    """Give a generator's Jinja environment the context-aware gettext and helpers."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.filters["local_date"] = local_date
    env.globals.update(
        current_lang=current_lang,
        language_links=language_links,
        lang_setting=lang_setting,
        lang_attribute=lang_attribute,
        dutch_attribute=dutch_attribute,
    )
