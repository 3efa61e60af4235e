"""The other languages' own pages: home, news list, archive and search under each prefix.

Articles and pages in another language are Pelican translations (``lang`` metadata) and
Pelican writes them itself (ARTICLE_LANG_SAVE_AS, PAGE_LANG_SAVE_AS) with their feed
(TRANSLATION_FEED_ATOM). What Pelican writes only once, for DEFAULT_LANG, is written here
again for every language in LANGUAGES, from the same templates in that language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from huurwijzer.core import settings as declared
from huurwijzer.core.filters import format_partial
from huurwijzer.reading.links import resolve_filename_links, resolve_register_links
from huurwijzer.site.exports import changes_feed
from huurwijzer.site.i18n import languages, page_file, translations
from huurwijzer.site.i18n import marked as _  # (`make translations` finds _(…))
from huurwijzer.stances.scales import SET, UNKNOWN, VOCABULARIES, translated
from huurwijzer.stances.views import RecordView, RegisterViews, age_text, build_views

# The titles of contact rows (views.py), so the catalogs hold them.
CONTACT_TITLES = (
    _("Telefoon"),
    _("E-mail"),
    _("Website"),
    _("Adres"),
    _("Pagina over betalingsproblemen"),
    _("Bereikbaar"),
)
# The register pages each language may have, by the name of their settings (settings.py).
REGISTER_PAGES = ("CORPORATIONS", "CORPORATION", "MUNICIPALITIES", "MUNICIPALITY")
# The titles of each corporation's stance-change feed in another language.
FEED_TITLE = _("Huurwijzer: standpunten van %(name)s")
ENTRY_TITLE = _("%(name)s: standpunt vanaf %(day)s")


def views_in(views: Any, gettext: Any) -> Any:
    """The register's views with the vocabulary, titles and words in another language."""
    return dataclasses.replace(
        views,
        vocabularies=tuple(translated(v, gettext) for v in views.vocabularies),
        verdicts=translated(views.verdicts, gettext),
        words={name: gettext(text) for name, text in views.words.items()},
        titles={name: gettext(text) for name, text in views.titles.items()},
    )


@lru_cache(maxsize=8)
def _vocabularies(words: Any) -> dict[str, Any]:
    """Every vocabulary in one language, by field (once per catalog, not per record)."""
    return {v.field: translated(v, words.gettext) for v in VOCABULARIES}


def each_fact(record: RecordView, fact: Any) -> dict[str, Any]:
    """A record's stated facts (eviction, scope, exceptions, each collection measure), each
    passed through ``fact``: the fields for dataclasses.replace."""
    return {
        "eviction": fact(record.eviction),
        "scope": fact(record.scope),
        "exceptions": fact(record.exceptions),
        "measures": [fact(m) for m in record.measures],
    }


def record_in(record: RecordView, words: Any, today: Any) -> RecordView:
    """One record's view with its vocabulary words and age in another language."""
    gettext = words.gettext
    vocabularies = _vocabularies(words)

    def fact(view: Any) -> Any:
        vocabulary = vocabularies.get(view.field)
        label = gettext(view.label)
        if vocabulary is not None and vocabulary.kind == SET and view.value not in (UNKNOWN, ""):
            label = ", ".join(vocabulary.label(v) for v in view.value.split())
        return dataclasses.replace(
            view, title=gettext(view.title), label=label, explanation=gettext(view.explanation)
        )

    return dataclasses.replace(
        record,
        **each_fact(record, fact),
        until_text=gettext(record.until_text) if record.until_text else "",
        age=age_text(record.said_on, today, words),
        fresh_age=age_text(record.fresh_on, today, words),
        provenance=gettext(record.provenance),
        provenance_explanation=gettext(record.provenance_explanation),
    )


def text_in(view: Any, lang: str) -> Any:
    """A record's or the national agreement's body in ``lang`` when translated; else as is."""
    if lang not in view.translated:
        return view
    html, text = view.translated[lang]
    fields = {"summary_html": html, "summary_lang": lang}
    if hasattr(view, "summary_text"):
        fields["summary_text"] = text
    return dataclasses.replace(view, **fields)


def words_in(record: RecordView, lang: str) -> RecordView:
    """A record's basis lines and sources' words in ``lang`` where the editors translated
    them (its translation file's ``basis:`` and ``sources:``); the others stay as they are."""
    translation = record.translations.get(lang)
    if translation is None:
        return record
    basis = translation.basis

    def fact(view: Any) -> Any:
        if view.field not in basis:
            return view
        return dataclasses.replace(view, basis=basis[view.field], basis_lang=lang)

    def source(index: int, view: Any) -> Any:
        words = translation.source(index)
        fields = {name: words[name] for name in ("title", "publisher", "note") if name in words}
        fields |= {f"{name}_lang": lang for name in fields}
        return dataclasses.replace(view, **fields)

    until = {}
    if "effective_until" in basis:
        until = {"until_basis": basis["effective_until"], "until_basis_lang": lang}
    return dataclasses.replace(
        record,
        **each_fact(record, fact),
        sources=[source(i, v) for i, v in enumerate(record.sources)],
        **until,
    )


def profile_in(corporation: Any, lang: str) -> None:
    """A corporation's description and area note in ``lang`` where translated (in place)."""
    if lang not in corporation.translated:
        return
    description, area_note = corporation.translated[lang]
    corporation.description_html, corporation.description_lang = description, lang
    if area_note:
        corporation.area_note, corporation.area_note_lang = area_note, lang


def help_in(entry: Any, lang: str) -> Any:
    """A help organisation's name and texts in ``lang`` when translated; else as is."""
    if lang not in entry.translated:
        return entry
    name, what_html, how_to_find = entry.translated[lang]
    shown = how_to_find if entry.how_to_find else None  # shown only while a detail is unknown
    return dataclasses.replace(entry, name=name, what_html=what_html, how_to_find=shown, lang=lang)


def faq_in(entries: list[Any], lang: str) -> list[Any]:
    """Questions and answers in ``lang`` where translated; the others stay in the original."""
    found = []
    for entry in entries:
        if lang in entry.translated:
            question, answer = entry.translated[lang]
            entry = dataclasses.replace(entry, question=question, answer_html=answer, lang=lang)
        found.append(entry)
    return found


def comparison_in(comparison: Any, gettext: Any) -> Any:
    """The comparison with the national agreement, its rows' words in another language."""
    rows = [
        dataclasses.replace(
            row,
            title=gettext(row.title),
            ours=", ".join(gettext(label) for label in row.ours_labels),
            theirs=", ".join(gettext(label) for label in row.theirs_labels),
            verdict_label=gettext(row.verdict_label),
        )
        for row in comparison.rows
    ]
    return dataclasses.replace(comparison, rows=rows)


def register_settings(settings: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """The register's settings with one language's addresses (its LANGUAGES entry).

    A language names the *_URL of the register pages it has; the file is the address's
    index.html. Pages it does not name stay in the default language.
    """
    found = {}
    for name in declared.LANGUAGE_ADDRESSES:
        url = spec.get(f"{name}_URL")
        if url is None:
            continue
        found[f"{name}_URL"] = url
        found[f"{name}_SAVE_AS"] = page_file(url)
    problems = declared.problems({**settings, **found})
    if problems:
        raise declared.SettingsError("LANGUAGES: " + "; ".join(problems))
    return {**settings, **found}


def register_in(
    generator: Any, lang: str, spec: dict[str, Any], guidance_url: str | None
) -> RegisterViews | None:
    """The register's views at one language's addresses, in that language; None without them.

    The same build_views over the same model: no record is copied, no rule repeated.
    """
    if not any(f"{name}_URL" in spec for name in REGISTER_PAGES):
        return None
    settings = register_settings({**generator.settings, **generator.values}, spec)
    if guidance_url:
        settings["PAGE_URL"], settings["GUIDANCE_SLUG"] = guidance_url.lstrip("/"), "-"
    words = translations(lang, generator.settings.get("DEFAULT_LANG", "nl"))
    memo = generator.view_memos.setdefault(lang, {})  # see build_views
    done = set(memo)  # corporations whose view was translated in an earlier build
    # municipalities' views translated in an earlier build (by id; held, so no id is reused)
    places_done = {id(view): view for key, (_, view) in memo.items() if type(key) is tuple}
    register = generator.register
    generated = generator.context.get("generated_content", {})

    def resolve(html: str) -> str:  # links in the editors' texts lead to this language's pages
        return resolve_filename_links(resolve_register_links(html, settings, lang), generated)

    views = views_in(build_views(register, settings, resolve, memo), words.gettext)
    today = views.today

    def contact(rows: list[Any]) -> list[Any]:
        return [dataclasses.replace(r, title=words.gettext(r.title)) for r in rows]

    views.general_faq = faq_in(views.general_faq, lang)
    for model, corporation in zip(register.corporations, views.corporations, strict=True):
        if id(model) in done:
            continue
        current = corporation.current
        if current is not None:
            corporation.current = text_in(words_in(record_in(current, words, today), lang), lang)
        corporation.history = [
            corporation.current
            if r.is_current and corporation.current
            else text_in(words_in(record_in(r, words, today), lang), lang)
            for r in corporation.history
        ]
        profile_in(corporation, lang)
        corporation.faq = faq_in(corporation.faq, lang)
        if corporation.national_context is not None:
            corporation.national_context = text_in(corporation.national_context, lang)
        corporation.contact = contact(corporation.contact)
        if corporation.comparison is not None:
            corporation.comparison = comparison_in(corporation.comparison, words.gettext)
        card = corporation.card
        corporation.card = dataclasses.replace(
            card, record=corporation.current if card.record is not None else None
        )
    places_in(views, words.gettext, places_done)
    views.help = [
        dataclasses.replace(help_in(h, lang), contact=contact(h.contact)) for h in views.help
    ]
    return views


def places_in(views: RegisterViews, gettext: Any, done: dict[int, Any]) -> None:
    """Each municipality's view in another language: its corporations' cards as translated,
    its province's name. One translated in an earlier build (``done``, by id) stays."""
    cards = {c.url: c.card for c in views.corporations}
    for municipality in views.municipalities:
        if done.get(id(municipality)) is municipality:
            continue
        municipality.cards = [cards[c.url] for c in municipality.cards]
        municipality.province = gettext(municipality.province)  # scales.PROVINCES


def alternates(views: RegisterViews, default: str, others: dict[str, Any]) -> dict[str, dict]:
    """Each register page's address in the other languages: {url: {lang: url}}."""
    found: dict[str, dict[str, str]] = {}
    for lang, other in others.items():
        if other is None:
            continue
        pairs = [(views.urls[k], other.urls[k]) for k in ("corporations", "municipalities")]
        pairs += [
            (a.url, b.url) for a, b in zip(views.corporations, other.corporations, strict=True)
        ]
        pairs += [
            (a.letter.url, b.letter.url)
            for a, b in zip(views.corporations, other.corporations, strict=True)
        ]
        pairs += [
            (a.url, b.url) for a, b in zip(views.municipalities, other.municipalities, strict=True)
        ]
        for here, there in pairs:
            if here != there:
                found.setdefault(here, {})[lang] = there
                found.setdefault(there, {})[default] = here
    return found


def guidance_in(generator: Any, lang: str) -> str | None:
    """The address of the guidance page's translation into one language, if there is one."""
    pages = in_language(generator.context.get("pages", []), lang)
    slug = generator.settings.get("GUIDANCE_SLUG")
    guidance = next((p for p in pages if p.translation_key == slug), None)
    return "/" + guidance.url if guidance else None


def prepare_editions(generator: Any) -> dict[str, dict]:
    """Build every other language's register views (generator.editions); the alternates."""
    settings = generator.settings
    default = settings.get("DEFAULT_LANG", "nl")
    generator.editions = {
        lang: register_in(generator, lang, spec, guidance_in(generator, lang))
        for lang, spec in languages(settings).items()
        if lang != default
    }
    return alternates(generator.views, default, generator.editions)


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


def edition_context(generator: Any, lang: str) -> dict[str, Any]:
    """What every page of one other language is rendered with, besides Pelican's context."""
    default = generator.settings.get("DEFAULT_LANG", "nl")
    articles = sorted(
        in_language(generator.context.get("articles", []), lang),
        key=lambda a: a.date,
        reverse=True,
    )
    register = generator.editions.get(lang)
    extra = {
        "LANG": lang,
        "articles": articles,
        "dates": articles,
        "guidance_url": guidance_in(generator, lang),
        # links into the register: its own pages when this language has them
        "register_hreflang": "" if register else Markup(f' hreflang="{default}"'),
    }
    if register is not None:
        extra["register_views"] = register
        extra["register_urls"] = register.urls
    return extra


def other_languages(generator: Any) -> list[tuple[str, dict[str, Any]]]:
    default = generator.settings.get("DEFAULT_LANG", "nl")
    return [(lang, spec) for lang, spec in languages(generator.settings).items() if lang != default]


def write_edition_corporations(
    generator: Any, writer: Any, take: Callable[[], Iterable[int]]
) -> None:
    """Each other language's corporation pages and letters, for the corporations (numbers
    in the views' order, the same in every language: register_in builds each language's
    views over the same model) that ``take`` hands out: a parallel build's two processes
    share them (site/parallel.Claims)."""
    editions = [
        (register, edition_context(generator, lang))
        for lang, _ in other_languages(generator)
        if (register := generator.editions.get(lang)) is not None
    ]
    for number in take():
        for register, extra in editions:
            links = generator.alternates
            write_register(generator, writer, register, links, extra, [number], rest=False)


def write_editions(generator: Any, writer: Any, corporations: bool = True) -> None:
    """Write each other language's pages (the default language's are Pelican's and the
    register generator's); their corporation pages too unless ``corporations`` is False
    (write_edition_corporations writes them)."""
    settings, context = generator.settings, generator.context
    default = settings.get("DEFAULT_LANG", "nl")
    for lang, spec in other_languages(generator):
        extra = edition_context(generator, lang)
        articles = extra["articles"]
        register = generator.editions.get(lang)
        if spec.get("FEED_URL"):
            title = translations(lang, default).gettext("nieuws")
            writer.write_feed(
                articles,
                {**context, "LANG": lang},
                spec["FEED_URL"],
                feed_title=title,
            )
        gettext = translations(lang, default).gettext
        views = register or views_in(generator.views, gettext)
        if register is not None:
            chosen = None if corporations else []
            write_register(generator, writer, register, generator.alternates, extra, chosen)
        # the register's own pages get its views (and the dev server knows them by these)
        pages = [
            ("method", "METHOD_URL", {"views": views}),
            ("letter", "LETTER_URL", {"views": views, "letter": generator.views.letter}),
        ] + [(template, key, {}) for template, key in DIRECT]
        for template, key, more in pages:
            if key not in spec:
                continue
            if "views" in more:
                more = {**more, "page_url": spec[key]}
            writer.write_file(
                page_file(spec[key]),
                generator.get_template(template),
                context,
                relative_urls=settings["RELATIVE_URLS"],
                url=spec[key],
                LANG_KEY=key,
                **more,
                **extra,
            )


def write_register(
    generator: Any,
    writer: Any,
    views: RegisterViews,
    links: dict[str, dict],
    extra: dict,
    corporations: Iterable[int] | None = None,
    rest: bool = True,
) -> None:
    """One language's register pages: overview, corporations (by number in the views'
    order; None: all of them) with their letters, their feeds, municipalities;
    ``corporations`` and ``rest`` choose which."""

    def page(url: str, template: str, **more: Any) -> None:
        writer.write_file(
            page_file(url.lstrip("/")),
            generator.get_template(template),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            url=url.lstrip("/"),
            views=views,
            lang_urls=links.get(url, {}),
            **more,
            **extra,
        )

    if rest:
        page(views.urls["corporations"], "corporations")
    default = generator.settings.get("DEFAULT_LANG", "nl")
    chosen = (
        views.corporations
        if corporations is None
        else [views.corporations[number] for number in corporations]
    )
    for corporation in chosen:
        page(corporation.url, "corporation", corporation=corporation)
        if corporation.letter.url != generator.views.addresses.url(
            "CORPORATION_LETTER", corporation.slug
        ):  # this language has its own letter pages (the letter itself stays Dutch)
            page(corporation.letter.url, "letter", letter=corporation.letter)
    if rest:
        if extra["LANG"] != default:
            write_corporation_feeds(generator, views, extra["LANG"])
        page(views.urls["municipalities"], "municipalities")
        for municipality in views.municipalities:
            page(municipality.url, "municipality", municipality=municipality)


def edition_files(settings: dict[str, Any], slug: str) -> set[str]:
    """The data files of one corporation in every other language (its stance-change feeds)."""
    default = settings.get("DEFAULT_LANG", "nl")
    return {
        page_file(spec["CORPORATION_FEED_URL"].format(slug=slug))
        for lang, spec in languages(settings).items()
        if lang != default and "CORPORATION_FEED_URL" in spec
    }


def write_corporation_feeds(generator: Any, views: RegisterViews, lang: str) -> None:
    """Each corporation's stance-change feed in ``lang``, where the language names its address.

    The same records as the Dutch feed; titles, labels and (where translated) the editors'
    text in that language.
    """
    spec = languages(generator.settings).get(lang) or {}
    if "CORPORATION_FEED_URL" not in spec:
        return
    words = translations(lang, generator.settings.get("DEFAULT_LANG", "nl"))
    locale = spec.get("locale") or lang
    settings = {**generator.settings, **generator.values}

    def entry_title(corporation: Any, record: RecordView) -> str:
        day = format_partial(str(record.effective_from), locale=locale)
        return words.gettext(ENTRY_TITLE) % {"name": corporation.name, "day": day}

    for corporation in views.corporations:
        generator.write_text(
            corporation.feed_save_as,
            lambda corporation=corporation: changes_feed(
                words.gettext(FEED_TITLE) % {"name": corporation.name},
                corporation.url,
                corporation.feed_url,
                [(corporation, r) for r in corporation.history],
                settings,
                views.today,
                lang=lang,
                entry_title=entry_title,
                words=views.words,
            ),
        )
