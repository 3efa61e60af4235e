"""The register's small blocks of HTML (a level badge, a date, a basis, a record's facts,
details, check and sources), made in Python.

They were Jinja macros in theme/templates/_register.html and _macros.html; a national build
calls them ~200,000 times, and a macro call costs a new context and frame each time. Each function
writes exactly what its macro wrote (autoescaped the same way: ``escape`` on every value)
and takes only the values its macro read (a record and the views' ``titles`` and ``words``,
never the whole views), so the dev server's fingerprints (tools/) still digest no more than
the page shows.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape, soft_str

from huurwijzer.core.filters import iso_date
from huurwijzer.site.i18n import dutch_attribute, lang_attribute, local_date, translator
from huurwijzer.site.i18n import marked as _  # (`make translations` finds _(…); _said)


def badge(tone: Any, label: Any, stated: Any, year: Any = None) -> Markup:
    """A fact's level: icon, label and, when the fact was stated, the year it was said."""
    parts = [
        '<span class="level tone-',
        escape(tone),
        '"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-',
        escape(tone),
        '"/></svg> ',
        escape(label),
    ]
    if year and stated:
        parts += [' <span class="level-year">(', escape(year), ")</span>"]
    parts.append("</span>")
    return Markup("".join(parts))


@pass_context
def partial_date(context: Context, value: Any) -> Markup:
    """``<time>`` around a date or a month (YYYY-MM), written in the page's language."""
    shown = local_date(context, soft_str(value))
    return Markup(f'<time datetime="{escape(value)}">{escape(shown)}</time>')


@pass_context
def date_tag(context: Context, value: Any) -> Markup:
    """``<time>`` around a full date (an article's, a check's), in the page's language."""
    shown = local_date(context, value)
    return Markup(f'<time datetime="{escape(iso_date(value))}">{escape(shown)}</time>')


@pass_context
def basis(context: Context, text: Any, lang: Any, title: Any) -> Markup:
    """The basis of a fact under its badge (nothing without one), marked with its language
    when that is not the page's."""
    if not text:
        return Markup("")
    return Markup(
        f'<br><span class="basis"><span class="basis-title">{escape(title)}:</span> '
        f"<span{lang_attribute(context, lang)}>{escape(text)}</span></span>"
    )


RECEIVED = _("ontvangen op %(day)s")
NO_ADDRESS = _("webadres")
WORDS_EXPLAINED = _(
    'Wat deze woorden betekenen, lees je in <a href="%(url)s">hoe wij standpunten beoordelen</a>.'
)


def _said(context: Context, message: str, **values: Any) -> Markup:
    """A sentence of the catalog in the page's language, as ``{% trans %}`` writes it."""
    return Markup(translator(context).gettext(message)) % values


# The blocks below are built as plain text with f-strings, every value through ``escape``
# and each block wrapped in Markup once: adding str and Markup calls Markup.__radd__, which
# escapes the text again, and each Markup operation makes a new object (~30 % slower).


@pass_context
def checked(context: Context, record: Any, words: Any) -> Markup:
    """When and how the record was checked, or that it was not."""
    if not record.verified_on:
        return escape(words["not_verified"])
    text = words["verified"].format(date=date_tag(context, record.verified_on))
    if record.verified_how:
        text = f"{text}: <span{dutch_attribute(context)}>{escape(record.verified_how)}</span>"
    return Markup(text)


def _until(context: Context, record: Any, titles: Any, words: Any) -> str:
    """The "valid until" cell: the end (a date or words), the least end, its basis."""
    if record.until_date:
        cell = str(partial_date(context, record.until_date))
    else:
        cell = str(escape(record.until_text))
    if record.at_least_until:
        at_least = partial_date(context, record.at_least_until)
        cell = f"{cell}; {words['at_least_until'].format(date=at_least)}"
    if record.until_basis:
        cell = (
            f'{cell}<br><span class="basis"><span class="basis-title">'
            f"{escape(titles['basis'])}:</span> "
            f"<span{lang_attribute(context, record.until_basis_lang)}>"
            f"{escape(record.until_basis)}</span></span>"
        )
    return cell


@pass_context
def record_details_rows(context: Context, record: Any, titles: Any, words: Any) -> Markup:
    """A record's dates, check and origin: rows of a ``<dl class="facts">``."""
    origin = str(escape(record.provenance))
    if record.from_corporation and record.received_on:
        day = date_tag(context, record.received_on)
        origin = f"{origin}: {_said(context, RECEIVED, day=day)}"
    said = partial_date(context, record.said_on)
    rows = (
        (titles["effective_from"], partial_date(context, record.effective_from)),
        (titles["effective_until"], _until(context, record, titles, words)),
        (titles["said"], f"{said} ({escape(words['age'].format(age=record.age))})"),
        (titles["verified_on"], checked(context, record, words)),
        (titles["provenance"], origin),
    )
    return Markup(
        "\n  ".join(f"<div><dt>{escape(title)}</dt> <dd>{cell}</dd></div>" for title, cell in rows)
    )


@pass_context
def record_details(context: Context, record: Any, titles: Any, words: Any) -> Markup:
    """The same rows in their own list."""
    rows = record_details_rows(context, record, titles, words)
    return Markup(f'<dl class="facts">\n{rows}\n</dl>')


def _fact(context: Context, fact: Any, record: Any, titles: Any) -> str:
    """One fact's row: its level (or plain label), why that level, its basis."""
    neutral = fact.tone == "neutral"
    if neutral:
        text = str(escape(fact.label))
    else:
        text = str(badge(fact.tone, fact.label, fact.stated, record.said_on.year))
    if fact.stated and not neutral and not record.stale:
        text = f'{text}<br><span class="explain">{escape(fact.explanation)}</span>'
    text = f"{text}{basis(context, fact.basis, fact.basis_lang, titles['basis'])}"
    return f"  <div><dt>{escape(fact.title)}</dt> <dd>{text}</dd></div>\n"


def _measures(context: Context, record: Any, titles: Any) -> str:
    """The collection measures the record states, one per line (none: empty)."""
    year = record.said_on.year
    return "<br>".join(
        f'<span class="measure">{escape(m.title)}: {badge(m.tone, m.label, m.stated, year)}'
        f"{basis(context, m.basis, m.basis_lang, titles['basis'])}</span>"
        for m in record.measures
    )


@pass_context
def record_facts(
    context: Context, record: Any, titles: Any, words: Any, method_url: Any, details: bool = True
) -> Markup:
    """What a record states, fact by fact, then (``details``) its dates, check and origin;
    a record that is out of date points to the page on how stances are judged."""
    measures = _measures(context, record, titles) or escape(words["collection_none_stated"])
    parts = ['<dl class="facts">\n']
    parts += [_fact(context, fact, record, titles) for fact in record.facts]
    parts.append(f"  <div><dt>{escape(titles['collection'])}</dt> <dd>{measures}</dd></div>\n")
    if details:
        parts.append(record_details_rows(context, record, titles, words))
    parts.append("</dl>\n")
    if record.stale:
        parts.append(f'<p class="meta">{_said(context, WORDS_EXPLAINED, url=method_url)}</p>')
    return Markup("".join(parts))


def _source(context: Context, source: Any, words: Any) -> str:
    """One source: its title (a link when it has an address), publisher, date, note."""
    title, lang = escape(source.title), lang_attribute(context, source.title_lang)
    if source.url:
        title = f'<a href="{escape(source.url)}"{lang}>{title}</a>'
    else:
        title = f"<span{lang}>{title}</span>"
    line = (
        f"  <li>{title}, <span{lang_attribute(context, source.publisher_lang)}>"
        f"{escape(source.publisher)}</span>, {escape(local_date(context, source.date))}"
    )
    if not source.url:
        line = f"{line} ({_said(context, NO_ADDRESS)} {escape(words['unknown'])})"
    line += "."
    if source.note:
        line = (
            f'{line} <span class="note"{lang_attribute(context, source.note_lang)}>'
            f"{escape(source.note)}</span>"
        )
    return f"{line}</li>\n"


@pass_context
def sources(context: Context, record: Any, words: Any) -> Markup:
    """Where the record's stance was found: one line per source."""
    lines = "".join(_source(context, source, words) for source in record.sources)
    return Markup(f'<ul class="record-sources">\n{lines}</ul>')


def install(env: Any) -> None:
    """The blocks as globals of a generator's Jinja environment (see _register.html and
    _macros.html)."""
    env.globals.update(
        register_badge=badge,
        register_partial_date=partial_date,
        register_basis=basis,
        register_date_tag=date_tag,
        register_checked=checked,
        register_record_details=record_details,
        register_record_facts=record_facts,
        register_sources=sources,
    )
