"""The news feeds say when an article was written, not the day it is about.

An article's ``date`` is the day its news happened (it orders the news and makes the
address); ``written`` is the day the editors wrote it. Pelican dates a feed entry by ``date``,
which would backdate a text written years later. Pelican sends ``feed_generated`` with the
feed before writing it: each entry of an article with ``written`` is dated then.
"""

from __future__ import annotations

from datetime import date, datetime, time
from urllib.parse import urlsplit

from pelican.utils import set_date_tzinfo


def _articles(context: dict):
    for article in context.get("articles", ()):
        yield article
        yield from getattr(article, "translations", ())


def _moment(day, zone: str | None) -> datetime:
    """Midnight of ``day`` (a date, or its ISO text as the reader keeps it) in the site's zone."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    if not isinstance(day, datetime):
        day = datetime.combine(day, time())
    return set_date_tzinfo(day, zone)


def date_entries_when_written(context: dict, feed) -> None:
    """Pelican's feed_generated: an entry's published day is its article's ``written``; its
    updated day never before that."""
    zone = context.get("TIMEZONE")
    written = {
        article.url: _moment(article.written, zone)
        for article in _articles(context)
        if getattr(article, "written", None)
    }
    for item in feed.items:
        day = written.get(urlsplit(item["link"]).path.lstrip("/"))
        if day is None:
            continue
        item["pubdate"] = day
        if item.get("updateddate") is not None and item["updateddate"] < day:
            item["updateddate"] = day
