"""Jinja filters: Dutch dates through Babel, never through the machine's locale."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date

LOCALE = "nl_NL"


def format_partial(
    value: date | datetime | str, style: str = "d MMMM y", locale: str = LOCALE
) -> str:
    """A date, or a month when only the month is known (YYYY-MM), in the given locale."""
    if isinstance(value, str):
        if len(value) == 7:  # YYYY-MM: a month is all that is known
            return _format(date.fromisoformat(value + "-01"), "MMMM y", locale)
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return _format(value, style, locale)


@lru_cache(maxsize=65536)
def _format(day: date, pattern: str, locale: str) -> str:
    """Babel's formatting, once per day, pattern and locale (a build asks ~100,000 times)."""
    return format_date(day, pattern, locale=locale)


def nl_date(value: date | datetime | str | None, style: str = "d MMMM y") -> str:
    """18 maart 2020 (or another CLDR pattern); 'onbekend' when there is no date."""
    if value is None or value == "":
        return "onbekend"
    return format_partial(value, style)


def iso_date(value: date | datetime | str | None) -> str:
    """2020-03-18, for <time datetime> and machine-readable places."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:10]
    # date's own strftime: Pelican's SafeDatetime overrides it with a slow pure-Python one
    # (~30,000 calls a national build), which gives the same for this pattern
    return date.strftime(value, "%Y-%m-%d")


FILTERS = {"nl_date": nl_date, "iso_date": iso_date}
