"""Front matter schemas of news articles and pages (the register has its own in ``scales``)."""

from __future__ import annotations

from functools import cache

from huurwijzer.reading.validation import Validator, date_field, validator_for

SLUG = {
    "type": "string",
    "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "x-message": "a slug may hold only lowercase letters, digits and single hyphens",
}
TEXT = {"type": "string", "minLength": 1}
# a summary stands under a title in lists, feeds and search results: a few sentences
SUMMARY = {"type": "string", "minLength": 1, "maxLength": 400}
TITLE = {
    "type": "string",
    "minLength": 1,
    "maxLength": 70,
    "x-message": "a title is at most 70 characters (search engines and tabs cut it off)",
}
HTTP_URL = {
    "type": "string",
    "pattern": r"^https?://[^\s/$.?#][^\s]*$",
    "x-message": "an address must start with http:// or https://",
}
SOURCE = {
    "type": "object",
    "required": ["title", "publisher", "date"],
    "additionalProperties": False,
    "properties": {
        "title": TEXT,
        "publisher": TEXT,
        "url": HTTP_URL,
        "date": {
            "type": "string",
            "pattern": r"^(19|20)\d{2}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
            "x-message": "a source date is YYYY-MM or YYYY-MM-DD, from 1900 on",
        },
        "note": TEXT,
    },
}
SOURCES = {"type": "array", "items": SOURCE, "minItems": 1}
STATUSES = ["published", "draft", "hidden"]
LANG = {
    "type": "string",
    "pattern": r"^[a-z]{2,3}$",
    "x-message": "lang is a language code such as 'en' (one of the site's LANGUAGES)",
}

# An article's source may name the language of its title when that is not the article's (an
# English article citing a Dutch report): the page marks the title with lang=.
ARTICLE_SOURCE = {**SOURCE, "properties": {**SOURCE["properties"], "lang": LANG}}

ARTICLE_SCHEMA = {
    "type": "object",
    "required": ["title", "date", "summary"],
    "additionalProperties": False,
    "properties": {
        "title": TITLE,
        "date": date_field("publication date"),
        "modified": date_field("date of the last real change"),
        # the day the editors wrote it, and the period it is about (a day, or a month)
        "written": date_field("the day the editors wrote the article"),
        "about": SOURCE["properties"]["date"],
        "slug": SLUG,
        "category": TEXT,
        "tags": {"type": "array", "items": TEXT},
        "summary": SUMMARY,
        "status": {"enum": STATUSES},
        "sources": {**SOURCES, "items": ARTICLE_SOURCE},
        "lang": LANG,
        "translation_of": SLUG,
    },
}

PAGE_SCHEMA = {
    "type": "object",
    "required": ["title", "slug"],
    "additionalProperties": False,
    "properties": {
        "title": TITLE,
        "slug": SLUG,
        "summary": SUMMARY,
        "status": {"enum": STATUSES},
        "template": {"enum": ["page", "404", "guidance"]},
        "search_type": {"enum": ["hulp", "info"]},
        "save_as": {
            "type": "string",
            # folders and a file name, each starting with a letter or digit: no '..', no
            # leading '/', no hidden files; the page stays inside the built site
            "pattern": r"^([a-z0-9][a-z0-9_.-]*/)*[a-z0-9][a-z0-9_.-]*\.html$",
            "x-message": "save_as is a path inside the site such as 'over/index.html' "
            "(lowercase letters, digits, '-', '_', '.'; no '..' and no leading '/')",
        },
        "modified": date_field("date of the last real change"),
        "lang": LANG,
        "translation_of": SLUG,
    },
}


@cache
def validator(kind: str) -> Validator:
    """The compiled validator for 'article' or 'page' front matter (built on first use)."""
    return validator_for({"article": ARTICLE_SCHEMA, "page": PAGE_SCHEMA}[kind])
