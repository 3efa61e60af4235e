"""The register's domain objects: plain data, with the rules that read them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .scales import COLLECTION, EVICTION, EXCEPTIONS, SCOPE, UNKNOWN


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day (2020-03-26) or only to the month (2020-03)."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 3:
            date(*parts)  # raises ValueError for an impossible date
        return cls(*parts)

    def __str__(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return base if self.day is None else f"{base}-{self.day:02d}"

    @property
    def first(self) -> date:
        return date(self.year, self.month, self.day or 1)

    @property
    def last(self) -> date:
        day = self.day or calendar.monthrange(self.year, self.month)[1]
        return date(self.year, self.month, day)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: str
    url: str | None = None
    note: str | None = None


@dataclass
class StanceRecord:
    """One dated statement of a corporation's (or the national agreement's) policy."""

    id: str
    owner: str  # corporation slug, or "landelijke-afspraak"
    path: str
    eviction: str
    collection: str
    scope: str
    exceptions: tuple[str, ...] | None
    effective_from: PartialDate
    effective_until: PartialDate | None
    verified_on: date | None
    provenance: str
    status: str
    sources: tuple[Source, ...]
    summary_html: str
    summary_text: str
    statement: str | None = None
    received_on: date | None = None
    submission: str | None = None
    received_at: str | None = None
    contact: dict[str, str | None] | None = None
    verified_how: str | None = None
    approved_on: date | None = None
    approved_by: str | None = None
    from_line: int = 1

    @property
    def anchor(self) -> str:
        return f"standpunt-{self.id.rsplit('/', 1)[-1]}"

    @property
    def statement_paragraphs(self) -> list[str]:
        return [p.strip() for p in (self.statement or "").split("\n\n") if p.strip()]

    @property
    def published(self) -> bool:
        return self.status == "published"

    def expired(self, today: date) -> bool:
        return self.effective_until is not None and self.effective_until.last < today

    def in_force_on(self, day: date) -> bool:
        return self.effective_from.first <= day and not self.expired(day)

    def stale(self, today: date, max_age_days: int) -> bool:
        return self.verified_on is None or (today - self.verified_on).days > max_age_days

    def level_label(self, field_name: str) -> str:
        vocabulary = {"eviction": EVICTION, "collection": COLLECTION, "scope": SCOPE}[field_name]
        return vocabulary.label(getattr(self, field_name))

    @property
    def exception_labels(self) -> list[str] | None:
        if self.exceptions is None:
            return None
        return [EXCEPTIONS.label(value) for value in self.exceptions]

    def export(self) -> dict[str, Any]:
        """Open-data form: unknown becomes null, never a level."""

        def known(value: str) -> str | None:
            return None if value == UNKNOWN else value

        return {
            "id": self.id,
            "eviction": known(self.eviction),
            "collection": known(self.collection),
            "scope": known(self.scope),
            "exceptions": list(self.exceptions) if self.exceptions is not None else None,
            "effective_from": str(self.effective_from),
            "effective_until": str(self.effective_until) if self.effective_until else None,
            "verified_on": self.verified_on.isoformat() if self.verified_on else None,
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "provenance": self.provenance,
            "summary": self.summary_text,
            "statement": self.statement,
            "sources": [
                {
                    "title": s.title,
                    "publisher": s.publisher,
                    "date": s.date,
                    "url": s.url,
                    "note": s.note,
                }
                for s in self.sources
            ],
        }


@dataclass
class FaqEntry:
    slug: str
    question: str
    answer_html: str
    order: int
    path: str
    owner: str | None  # corporation slug, or None for the general questions

    @property
    def anchor(self) -> str:
        return f"vraag-{self.slug}" if self.owner else f"vraag-algemeen-{self.slug}"


@dataclass(frozen=True)
class Municipality:
    slug: str
    name: str
    province: str


@dataclass
class Corporation:
    slug: str
    name: str
    path: str
    municipalities: tuple[str, ...]
    website: str | None
    area_note: str | None
    contact: dict[str, str | None]
    description_html: str
    email_domains: tuple[str, ...] = ()  # domains tied to the corporation through a source
    records: list[StanceRecord] = field(default_factory=list)  # published, newest first
    faq: list[FaqEntry] = field(default_factory=list)

    def contact_now(self, today: date) -> dict[str, str | None]:
        """Contact channels: from the current record when the corporation sent them."""
        current = self.current(today)
        if current is not None and current.contact and any(current.contact.values()):
            return current.contact
        return self.contact

    def current(self, today: date) -> StanceRecord | None:
        """The newest published record that has started; None when there is none."""
        started = [r for r in self.records if r.effective_from.first <= today]
        return started[0] if started else None


@dataclass
class Register:
    corporations: list[Corporation]
    municipalities: list[Municipality]
    national: list[StanceRecord]  # published, newest first
    faq: list[FaqEntry]
    pending: list[StanceRecord]
    today: date

    @property
    def municipality_by_slug(self) -> dict[str, Municipality]:
        return {m.slug: m for m in self.municipalities}

    def corporations_in(self, municipality: str) -> list[Corporation]:
        return [c for c in self.corporations if municipality in c.municipalities]

    def national_for(self, record: StanceRecord) -> StanceRecord | None:
        """The national agreement in force when the record started (else the earliest one)."""
        if not self.national:
            return None
        day = record.effective_from.last
        started = [n for n in self.national if n.effective_from.first <= day]
        in_force = [n for n in started if not n.expired(day)]
        # in force then; else the latest that had started (it has ended); else the first one
        return (in_force or started or self.national[-1:])[0]
