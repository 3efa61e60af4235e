"""Open data: standpunten.json, standpunten.csv, schema.json, and the Atom feeds of changes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed

from .model import Corporation, Register, StanceRecord
from .register_schema import export_schema
from .scales import VOCABULARIES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CORPORATION_COLUMNS = ["corporation", "corporation_name", "record", "current"]


def corporation_export(corporation: Corporation, register: Register) -> dict[str, Any]:
    current = corporation.current(register.today)
    return {
        "slug": corporation.slug,
        "name": corporation.name,
        "url": f"/corporaties/{corporation.slug}/",
        "municipalities": list(corporation.municipalities),
        "current": current.export() if current else None,
        "history": [r.export() for r in corporation.records],
    }


def json_export(register: Register) -> str:
    document = {
        "schema": "/corporaties/schema.json",
        "build_date": register.today.isoformat(),
        "vocabularies": {
            v.field: [
                {"value": o.value, "label": o.label, "explanation": o.explanation, "rank": o.rank}
                for o in v.options
                if o.value != "unknown"
            ]
            for v in VOCABULARIES
        },
        "national_agreement": [r.export() for r in register.national],
        "corporations": [corporation_export(c, register) for c in register.corporations],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(field: str, value: Any) -> Any:
    """One export value as a CSV cell: lists joined, sources as their addresses or titles."""
    if field == "exceptions":
        return None if value is None else ";".join(value)
    if field == "sources":
        return " | ".join(s["url"] or s["title"] for s in value)
    return value


def csv_export(register: Register) -> str:
    """One row per record; the columns are the JSON export's fields (id as 'record')."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header_written = False
    for corporation in register.corporations:
        current = corporation.current(register.today)
        for record in corporation.records:
            data = record.export()
            fields = [f for f in data if f != "id"]
            if not header_written:
                writer.writerow(CORPORATION_COLUMNS + fields)
                header_written = True
            row = [
                corporation.slug,
                corporation.name,
                record.id,
                "yes" if record is current else "no",
            ]
            row += [_csv_value(f, data[f]) for f in fields]
            writer.writerow([safe_cell(v) for v in row])
    if not header_written:
        writer.writerow(CORPORATION_COLUMNS)
    return buffer.getvalue()


def schema_document(siteurl: str) -> str:
    schema = export_schema()
    schema["$id"] = f"{siteurl}/corporaties/schema.json"
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


def record_changed_on(record: StanceRecord) -> date:
    """When a change became known: checked, received or started, whichever is latest."""
    return max(
        d
        for d in (record.verified_on, record.received_on, record.effective_from.first)
        if d is not None
    )


def changes_feed(
    title: str,
    page_url: str,
    feed_url: str,
    items: list[tuple[Corporation, StanceRecord]],
    settings: dict[str, Any],
    today: date,
) -> str:
    siteurl, zone = settings["SITEURL"], settings["TIMEZONE"]
    feed = _Feed(
        title=title,
        link=siteurl + page_url,
        feed_url=siteurl + feed_url,
        description=title,
        language="nl",
        fallback=_moment(today, zone),
    )
    for corporation, record in items:
        levels = (
            f"Ontruimen: {record.level_label('eviction')}. "
            f"Incasso: {record.level_label('collection')}."
        )
        feed.add_item(
            title=f"{corporation.name}: standpunt vanaf {record.effective_from}",
            link=f"{siteurl}/corporaties/{corporation.slug}/#{record.anchor}",
            unique_id=f"{siteurl}/corporaties/{corporation.slug}/#{record.anchor}",
            description=f"{levels} {record.summary_text}",
            pubdate=_moment(record.effective_from.first, zone),
            updateddate=_moment(record_changed_on(record), zone),
        )
    stream = io.StringIO()
    feed.write(stream, "utf-8")
    return stream.getvalue()
