"""The smallest blocks of HTML (a level badge, a date, a basis), made in Python.

They were Jinja macros in theme/templates/_register.html and _macros.html; a national build
calls them ~200,000 times, and a macro call costs a new context and frame each time. Each function
writes exactly what its macro wrote (autoescaped the same way: ``escape`` on every value)
and takes only the values its macro read, so the dev server's fingerprints (tools/) still
digest no more than the page shows.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape, soft_str

from huurwijzer.core.filters import iso_date
from huurwijzer.site.i18n import lang_attribute, local_date


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


def install(env: Any) -> None:
    """The blocks as globals of a generator's Jinja environment (see _register.html and
    _macros.html)."""
    env.globals.update(
        register_badge=badge,
        register_partial_date=partial_date,
        register_basis=basis,
        register_date_tag=date_tag,
    )
