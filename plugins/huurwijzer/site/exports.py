"""Open data and feeds: standpunten.json and .csv, schema.json, datapackage.json, Atom feeds.

Everything here reads the views (what the pages show, decided once) and the records' export
form (codes, never labels; unknown as null).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed

from huurwijzer.core.filters import nl_date
from huurwijzer.core.languages import catalog_languages
from huurwijzer.reading.markup import clean_text
from huurwijzer.site.i18n import translations
from huurwijzer.stances.model import Register
from huurwijzer.stances.register_schema import export_schema, schema_id
from huurwijzer.stances.scales import (
    NO_END,
    SCHEMA_VERSION,
    SET,
    STANCE_FACTS,
    UNKNOWN,
    VOCABULARIES,
    WORDS,
    translated,
)
from huurwijzer.stances.views import CorporationView, RecordView, RegisterViews

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# "latest_known": the newest record the register has of the corporation; not a claim that it
# still applies (see its description in the Data Package).
CORPORATION_COLUMNS = ["corporation", "corporation_name", "record", "latest_known"]
LATEST_KNOWN = (
    "'yes': het nieuwste standpunt dat Huurwijzer van deze corporatie kent. Dat zegt niet dat "
    "het nu nog geldt: kijk naar said_on, effective_until en verified_on."
)
SOURCES_CELL = (
    "Elke bron als 'titel, uitgever, datum, webadres', gescheiden door ' | '. Een uitgever met "
    "'(nog te bevestigen)' moet de redactie nog bevestigen."
)
# In the CSV an empty cell is "not stated"; "none" is a stated empty list of exceptions.
CSV_NONE = "none"


def _vocabularies() -> dict[str, Any]:
    """Each code with its Dutch label and explanation, and both in every catalog's language."""
    local = {
        lang: {v.field: translated(v, translations(lang).gettext) for v in VOCABULARIES}
        for lang in catalog_languages()
    }
    return {
        v.field: [
            {
                "value": o.value,
                "label": o.label,
                "explanation": o.explanation,
                "rank": o.rank,
                "labels": {
                    lang: words[v.field].get(o.value).label for lang, words in local.items()
                },
                "explanations": {
                    lang: words[v.field].get(o.value).explanation for lang, words in local.items()
                },
            }
            for o in v.options
            if o.value != UNKNOWN
        ]
        for v in VOCABULARIES
    }


def clean_words(html: str) -> str:
    """An editor's Markdown text as plain words (as a record's summary is exported)."""
    return " ".join(clean_text(html).split())


def corporation_export(view: CorporationView) -> dict[str, Any]:
    records = {r.id: r for r in view.records}
    current = records[view.current.id] if view.current else None
    return {
        "slug": view.slug,
        "name": view.name,
        "url": view.url,
        "municipalities": view.municipality_slugs,
        "description": clean_words(view.description_html),
        "area_note": view.area_note,
        "translations": {
            lang: {"description": clean_words(html), "area_note": area_note}
            for lang, (html, area_note) in sorted(view.translated.items())
        },
        "current": current.export() if current and not current.states_nothing else None,
        "history": [r.export() for r in view.records],
    }


def json_export(views: RegisterViews, register: Register, siteurl: str) -> str:
    document = {
        "schema": schema_id(siteurl, views.addresses.save_as("REGISTER_SCHEMA")),
        "schema_version": SCHEMA_VERSION,
        "build_date": views.today.isoformat(),
        "vocabularies": _vocabularies(),
        "national_agreement": [r.export() for r in register.national],
        "corporations": [corporation_export(c) for c in views.corporations],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(field: str, value: Any) -> Any:
    """One export value as a CSV cell: lists joined; an empty list is 'none', null is empty."""
    if field in SET_FIELDS:
        if value is None:
            return None
        return ";".join(value) if value else CSV_NONE
    if field == "sources":
        return " | ".join(
            ", ".join(str(s[k]) for k in ("title", "publisher", "date", "url") if s.get(k))
            for s in value
        )
    if field == "basis":
        return " | ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


SET_FIELDS = {v.field for v in STANCE_FACTS if v.kind == SET}


def csv_fields() -> list[str]:
    """The CSV's columns: the corporation's, then the record export's fields (id as 'record')."""
    return CORPORATION_COLUMNS + [f for f in RECORD_FIELDS if f != "id"]


# The CSV stays one language (the original's): the translations are in the JSON export only.
RECORD_FIELDS = [f for f in export_schema()["$defs"]["record"]["properties"] if f != "translations"]


def csv_export(views: RegisterViews) -> str:
    """One row per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_fields())
    for view in views.corporations:
        current_id = view.current.id if view.current else None
        for record in view.records:
            data = record.export()
            row = [view.slug, view.name, record.id, "yes" if record.id == current_id else "no"]
            row += [_csv_value(f, data[f]) for f in RECORD_FIELDS if f != "id"]
            writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def _csv_field(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """One record column of the CSV as the Data Package describes it."""
    facts = {v.field: v for v in STANCE_FACTS}
    entry: dict[str, Any] = {"name": name, "type": "string"}
    if name in facts and facts[name].kind != SET:
        entry["constraints"] = {"enum": facts[name].known_values}
        entry["description"] = f"{facts[name].title}. Leeg: niet genoemd in de bron."
    elif name in facts:
        entry["description"] = (
            f"{facts[name].title}: codes gescheiden door ';'. '{CSV_NONE}': geen. "
            "Leeg: niet genoemd."
        )
    elif name == "sources":
        entry["description"] = SOURCES_CELL
    elif name == "no_stance_known":
        entry["type"] = "boolean"
    elif name in ("verified_on", "approved_on", "received_on"):
        entry["type"] = "date"
    elif name == "effective_until":
        entry["description"] = f"Datum, '{NO_END}' (geen einde) of leeg (niet genoemd)."
    elif name == "provenance":
        entry["constraints"] = {"enum": schema["provenance"]["enum"]}
    return entry


def datapackage(views: RegisterViews, siteurl: str) -> str:
    """A Frictionless Data Package describing the CSV: types, enums and missing values."""
    schema = export_schema()["$defs"]["record"]["properties"]
    fields: list[dict[str, Any]] = [
        {"name": "corporation", "type": "string", "constraints": {"required": True}},
        {"name": "corporation_name", "type": "string", "constraints": {"required": True}},
        {"name": "record", "type": "string", "constraints": {"required": True, "unique": True}},
        {
            "name": "latest_known",
            "type": "string",
            "constraints": {"enum": ["yes", "no"]},
            "description": LATEST_KNOWN,
        },
    ]
    fields += [_csv_field(name, schema) for name in RECORD_FIELDS if name != "id"]
    package = {
        "name": "huurwijzer-standpunten",
        "title": "Huurwijzer: standpunten van woningcorporaties over ontruimen en incasso",
        "profile": "tabular-data-package",
        "licenses": [],
        "resources": [
            {
                "name": "standpunten",
                "path": views.addresses.save_as("REGISTER_CSV").rsplit("/", 1)[-1],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": fields,
                    "missingValues": [""],
                    "primaryKey": ["record"],
                },
            }
        ],
        "sources": [{"title": "Huurwijzer", "path": siteurl + views.urls["corporations"]}],
        "schema_version": SCHEMA_VERSION,
    }
    if not package["licenses"]:
        del package["licenses"]
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def schema_document(views: RegisterViews, siteurl: str) -> str:
    schema = export_schema()
    schema["$id"] = schema_id(siteurl, views.addresses.save_as("REGISTER_SCHEMA"))
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


class _Feed(Atom1Feed):
    """An Atom feed whose 'updated' never falls back to the clock (reproducible builds)."""

    def __init__(self, *args, fallback: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.fallback


def _moment(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(zone))


def record_known_on(record: RecordView) -> date:
    """The first day the register can vouch the stance was said: a source known only to the
    month counts from the month's last day, so no entry is dated before its source."""
    return record.said_on.last


def record_changed_on(record: RecordView) -> date:
    """When a change became known: checked, received or said, whichever is latest."""
    known = (record.verified_on, record.received_on, record_known_on(record))
    return max(d for d in known if d is not None)


def feed_description(record: RecordView, words: dict[str, str] = WORDS) -> str:
    """The levels the record states, then the editors' summary, as plain text.

    ``words`` are the views' words (another language's in its edition)."""
    if record.no_stance:
        parts = [words["no_stance"] + "."]
    else:
        parts = [f"{f.title}: {f.label}." for f in record.facts if f.stated]
        parts += [f"{m.title}: {m.label}." for m in record.measures]
    return " ".join([*parts, record.summary_text])


def changes_feed(
    title: str,
    page_url: str,
    feed_url: str,
    items: list[tuple[CorporationView, RecordView]],
    settings: dict[str, Any],
    today: date,
    lang: str = "nl",
    entry_title: Callable[[CorporationView, RecordView], str] | None = None,
    words: dict[str, str] = WORDS,
) -> str:
    """An Atom feed of stance records, newest first; ``lang``, ``entry_title`` and
    ``words`` give another language's edition its own (editions.py)."""
    siteurl, zone = settings["SITEURL"], settings["TIMEZONE"]
    feed = _Feed(
        title=title,
        link=siteurl + page_url,
        feed_url=siteurl + feed_url,
        description=title,
        language=lang,
        fallback=_moment(today, zone),
    )
    for corporation, record in items:
        link = f"{siteurl}{corporation.url}#{record.anchor}"
        feed.add_item(
            title=(
                entry_title(corporation, record)
                if entry_title
                else f"{corporation.name}: standpunt vanaf {nl_date(str(record.effective_from))}"
            ),
            link=link,
            unique_id=link,
            description=feed_description(record, words),
            pubdate=_moment(record_known_on(record), zone),
            updateddate=_moment(record_changed_on(record), zone),
        )
    stream = io.StringIO()
    feed.write(stream, "utf-8")
    return stream.getvalue()
