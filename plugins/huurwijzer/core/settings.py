"""Every setting the plugin reads, declared once with its default and type, checked at start.

Addresses follow Pelican's own convention: ``*_URL`` is the address a link uses, ``*_SAVE_AS``
the file written; ``{slug}`` is filled in per corporation or municipality. Change one and the
section moves: pages, links, feeds, exports, sitemap and search filters all read it here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    check: Callable[[Any], bool]
    expected: str
    doc: str


def _address(value: Any) -> bool:
    return isinstance(value, str) and not value.startswith("/") and ".." not in value


def _page_url(value: Any) -> bool:
    return _address(value) and (value == "" or value.endswith("/"))


def _save_as(value: Any) -> bool:
    return _address(value) and value != "" and not value.endswith("/")


def _slugged(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: check(value) and "{slug}" in value


def _iso_date(value: Any) -> bool:
    if value in (None, ""):
        return True
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


PAGE = "an address relative to the site root ending in '/', e.g. 'corporaties/'"
FILE = "a file path relative to the output folder, e.g. 'corporaties/index.html'"
SLUG_PAGE = "an address with {slug}, ending in '/', e.g. 'corporaties/{slug}/'"
SLUG_FILE = "a file path with {slug}, e.g. 'corporaties/{slug}/index.html'"

DECLARED: tuple[Setting, ...] = (
    Setting("CORPORATIONS_URL", "corporaties/", _page_url, PAGE, "the overview"),
    Setting("CORPORATIONS_SAVE_AS", "corporaties/index.html", _save_as, FILE, "the overview"),
    Setting(
        "CORPORATION_URL", "corporaties/{slug}/", _slugged(_page_url), SLUG_PAGE, "one corporation"
    ),
    Setting(
        "CORPORATION_SAVE_AS",
        "corporaties/{slug}/index.html",
        _slugged(_save_as),
        SLUG_FILE,
        "one corporation",
    ),
    Setting(
        "CORPORATION_FEED_SAVE_AS",
        "corporaties/{slug}/wijzigingen.atom",
        _slugged(_save_as),
        SLUG_FILE,
        "one corporation's stance changes (Atom)",
    ),
    Setting(
        "CORPORATION_LETTER_URL",
        "corporaties/{slug}/brief/",
        _slugged(_page_url),
        SLUG_PAGE,
        "the payment-plan letter to one corporation",
    ),
    Setting(
        "CORPORATION_LETTER_SAVE_AS",
        "corporaties/{slug}/brief/index.html",
        _slugged(_save_as),
        SLUG_FILE,
        "the payment-plan letter to one corporation",
    ),
    Setting("LETTER_URL", "brief/", _page_url, PAGE, "the payment-plan letter to any landlord"),
    Setting(
        "LETTER_SAVE_AS",
        "brief/index.html",
        _save_as,
        FILE,
        "the payment-plan letter to any landlord",
    ),
    Setting("MUNICIPALITIES_URL", "gemeenten/", _page_url, PAGE, "the list of municipalities"),
    Setting(
        "MUNICIPALITIES_SAVE_AS",
        "gemeenten/index.html",
        _save_as,
        FILE,
        "the list of municipalities",
    ),
    Setting(
        "MUNICIPALITY_URL", "gemeenten/{slug}/", _slugged(_page_url), SLUG_PAGE, "one municipality"
    ),
    Setting(
        "MUNICIPALITY_SAVE_AS",
        "gemeenten/{slug}/index.html",
        _slugged(_save_as),
        SLUG_FILE,
        "one municipality",
    ),
    Setting("METHOD_URL", "methode/", _page_url, PAGE, "how stances are assessed"),
    Setting("METHOD_SAVE_AS", "methode/index.html", _save_as, FILE, "how stances are assessed"),
    Setting("SUBMIT_URL", "standpunt-doorgeven/", _page_url, PAGE, "the submission form"),
    Setting(
        "SUBMIT_SAVE_AS", "standpunt-doorgeven/index.html", _save_as, FILE, "the submission form"
    ),
    Setting(
        "SUBMIT_TEMPLATE_SAVE_AS",
        "standpunt-doorgeven/sjabloon.yaml",
        _save_as,
        FILE,
        "the blank submission document",
    ),
    Setting(
        "REGISTER_JSON_SAVE_AS",
        "corporaties/standpunten.json",
        _save_as,
        FILE,
        "open data: every record as JSON",
    ),
    Setting(
        "REGISTER_CSV_SAVE_AS",
        "corporaties/standpunten.csv",
        _save_as,
        FILE,
        "open data: every record as CSV",
    ),
    Setting(
        "REGISTER_SCHEMA_SAVE_AS",
        "corporaties/schema.json",
        _save_as,
        FILE,
        "the JSON Schema of the exports and of a stance record",
    ),
    Setting(
        "REGISTER_DATAPACKAGE_SAVE_AS",
        "corporaties/datapackage.json",
        _save_as,
        FILE,
        "the Frictionless Data Package describing the CSV",
    ),
    Setting(
        "REGISTER_FEED_SAVE_AS",
        "corporaties/wijzigingen.atom",
        _save_as,
        FILE,
        "every stance change (Atom)",
    ),
    Setting(
        "GUIDANCE_SLUG",
        "huurachterstand",
        lambda v: isinstance(v, str) and bool(v),
        "the slug of a page",
        "the guidance page every register page points to",
    ),
    Setting(
        "REGISTER_STALE_AFTER_DAYS",
        365,
        lambda v: isinstance(v, int) and v > 0,
        "a whole number of days above 0",
        "a stance checked longer ago shows a warning",
    ),
    Setting(
        "REGISTER_TODAY",
        None,
        _iso_date,
        "a date as 'YYYY-MM-DD', or None for today",
        "the build date (also SOURCE_DATE_EPOCH)",
    ),
    Setting(
        "SEARCH_INDEX",
        True,
        lambda v: isinstance(v, bool),
        "True or False",
        "write the search index (search-index/) after every build",
    ),
    Setting(
        "PARALLEL_BUILD",
        True,
        lambda v: isinstance(v, bool),
        "True or False",
        "read and write the register in a second process beside Pelican's news (2+ cores, "
        "CACHE_CONTENT off); the site is the same either way",
    ),
)


def of_type(kind: type | tuple[type, ...]) -> Callable[[Any], bool]:
    """A check that a value is of ``kind`` (True and False are not numbers here)."""
    return lambda value: not isinstance(value, bool) and isinstance(value, kind)


BY_NAME = {s.name: s for s in DECLARED}


class SettingsError(ValueError):
    """A setting with a value the plugin cannot use."""


def problems(settings: Mapping[str, Any], more: tuple[Setting, ...] = ()) -> list[str]:
    """One line per bad setting: its name, what it holds and what is expected.

    ``more`` are settings declared elsewhere (the intake declares its own, beside its code).
    """
    found = []
    for setting in DECLARED + more:
        value = settings.get(setting.name, setting.default)
        if not setting.check(value):
            found.append(f"setting {setting.name} = {value!r}: expected {setting.expected}")
    return found + language_problems(settings)


# The register's addresses another language may give in LANGUAGES (editions.py): <NAME>_URL,
# written to that address (its index.html when it ends in '/'), checked like the default's.
LANGUAGE_ADDRESSES = (
    "CORPORATIONS",
    "CORPORATION",
    "MUNICIPALITIES",
    "MUNICIPALITY",
    "METHOD",
    "LETTER",
    "CORPORATION_LETTER",
    "CORPORATION_FEED",
)


def language_problems(settings: Mapping[str, Any]) -> list[str]:
    """One line per bad register address in LANGUAGES, naming the language and the setting."""
    by_name = {s.name: s for s in DECLARED}
    default = settings.get("DEFAULT_LANG", "nl")
    found = []
    for lang, spec in (settings.get("LANGUAGES") or {}).items():
        if lang == default or not isinstance(spec, Mapping):
            continue
        for name in LANGUAGE_ADDRESSES:
            key = f"{name}_URL"
            if key not in spec:
                continue
            url = spec[key]
            if key in by_name:  # a page: its file is the address's index.html
                written = url + "index.html" if isinstance(url, str) and url.endswith("/") else url
                checks = [(by_name[key], url), (by_name[f"{name}_SAVE_AS"], written)]
            else:  # a data file (a feed): the address is the file
                checks = [(by_name[f"{name}_SAVE_AS"], url)]
            bad = [setting for setting, value in checks if not setting.check(value)]
            if bad:
                found.append(
                    f"setting LANGUAGES[{lang!r}][{key!r}] = {url!r}: expected {bad[0].expected}"
                )
    return found


def read(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The declared settings with their defaults filled in; SettingsError when one is bad."""
    found = problems(settings)
    if found:
        raise SettingsError("; ".join(found))
    return {s.name: settings.get(s.name, s.default) for s in DECLARED}


def with_defaults(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Pelican's settings with every declared one present (its default when unset)."""
    return {**{s.name: s.default for s in DECLARED}, **settings}
