"""The register's domain objects: plain data, with the rules that read them.

Every rule here is a plain function of the data and a date (no settings, no templates), so
it is tested in milliseconds: which record is current, whether it has ended, whether it was
checked recently, and what the national agreement's status was on a given day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from huurwijzer.stances.scales import MEASURES, NO_END, PUBLISHED, SET, STANCE_FACTS, UNKNOWN


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day (2020-03-26) or only to the month (2020-03)."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        return _parsed(cls, text)

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


@lru_cache(maxsize=8192)
def _parsed(cls: type[PartialDate], text: str) -> PartialDate:
    """A date parsed once per text (a record's ``said_on`` parses its sources' dates each
    time it is asked, ~100,000 times a national build); the date is frozen, so shared."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        date(*parts)  # raises ValueError for an impossible date
    return cls(*parts)


@dataclass(frozen=True)
class EndDate:
    """When a stance ends: a date, explicitly no end, or not stated; plus "at least until"."""

    until: PartialDate | None = None  # a known end
    no_end: bool = False  # the source says there is no end
    at_least: PartialDate | None = None  # the source says it runs at least until this date

    @classmethod
    def parse(cls, until: str | None, at_least: str | None) -> EndDate:
        known = until not in (None, UNKNOWN, NO_END)
        return cls(
            until=PartialDate.parse(until) if known else None,
            no_end=until == NO_END,
            at_least=PartialDate.parse(at_least) if at_least else None,
        )

    @property
    def stated(self) -> bool:
        return self.until is not None or self.no_end

    def export(self) -> str | None:
        return str(self.until) if self.until else (NO_END if self.no_end else None)


# The states of a stance or agreement on a given day.
NOT_STARTED, IN_FORCE, ENDED, STATUS_UNKNOWN = "not_started", "in_force", "ended", "unknown"


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: str
    url: str | None = None
    note: str | None = None


Value = str | tuple[str, ...] | None


@dataclass(frozen=True)
class Translation:
    """An editor's text in another language: a record's body, or a question and its answer."""

    lang: str
    path: str
    body_html: str
    body_text: str
    # question; name, how_to_find; area_note; basis (by field), sources (title, publisher, note)
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def question(self) -> str | None:
        return self.fields.get("question")

    @property
    def basis(self) -> dict[str, str]:
        """A record's basis lines in this language, by field (those the editors translated)."""
        return dict(self.fields.get("basis") or {})

    def source(self, index: int) -> dict[str, str]:
        """The words of the record's source at ``index`` in this language (those translated)."""
        sources = self.fields.get("sources") or ()
        return dict(sources[index]) if index < len(sources) else {}

    def export(self) -> dict[str, Any]:
        """The translated words of a record, for the open data (beside the original's)."""
        count = len(self.fields.get("sources") or ())
        return {
            "summary": self.body_text,
            "basis": dict(sorted(self.basis.items())),
            "sources": [self.source(i) for i in range(count)],
        }


@dataclass
class StanceRecord:
    """One dated statement of a corporation's (or the national agreement's) policy."""

    id: str
    owner: str  # corporation slug, or the national agreement's owner name
    path: str
    values: dict[str, Value]  # every field of scales.STANCE_FACTS; unknown / None when not stated
    effective_from: PartialDate
    end: EndDate
    provenance: str
    status: str
    sources: tuple[Source, ...]
    summary_html: str
    summary_text: str
    basis: dict[str, str] = field(default_factory=dict)
    verified_on: date | None = None
    verified_how: str | None = None
    approved_on: date | None = None
    approved_by: str | None = None
    statement: str | None = None
    received_on: date | None = None
    submission: str | None = None
    received_at: str | None = None
    contact: dict[str, str | None] | None = None
    from_line: int = 1
    translations: dict[str, Translation] = field(default_factory=dict)  # by language

    def value(self, name: str) -> Value:
        return self.values.get(name, None if FACTS_BY_FIELD[name].kind == SET else UNKNOWN)

    @property
    def slug(self) -> str:
        return self.id.rsplit("/", 1)[-1]

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def states_nothing(self) -> bool:
        """True when the record states no fact at all: "no stance known", not a stance."""
        return not any(is_stated(self.value(v.field)) for v in STANCE_FACTS)

    @property
    def stated_measures(self) -> list[str]:
        return [m.field for m in MEASURES if is_stated(self.value(m.field))]

    @property
    def said_on(self) -> PartialDate:
        """When the stance was said: the newest source date, else its start."""
        dates = [PartialDate.parse(s.date) for s in self.sources]
        if self.received_on is not None:
            dates.append(PartialDate(*self.received_on.timetuple()[:3]))
        return max(dates, key=PartialDate.sort_key) if dates else self.effective_from

    def status_on(self, day: date) -> str:
        """Not started, in force, ended, or unknown (after the last date the sources vouch for)."""
        if day < self.effective_from.first:
            return NOT_STARTED
        if self.end.until is not None:
            return ENDED if day > self.end.until.last else IN_FORCE
        if self.end.no_end:
            return IN_FORCE
        if self.end.at_least is not None and day <= self.end.at_least.last:
            return IN_FORCE
        return STATUS_UNKNOWN

    def ended(self, day: date) -> bool:
        return self.status_on(day) == ENDED

    @property
    def fresh_on(self) -> date:
        """The newest day the register vouches for this record: the day said, or checked.

        A stance known only to the month counts from the month's last day, so no record is
        called older than it may be.
        """
        said = self.said_on.last
        return max(said, self.verified_on) if self.verified_on else said

    def stale(self, today: date, max_age_days: int) -> bool:
        """The one staleness rule: said (or last checked) more than max_age_days ago."""
        return (today - self.fresh_on).days > max_age_days

    def unverified_or_stale(self, today: date, max_age_days: int) -> bool:
        """Due for an editor's check (the review list): never checked, or not recently."""
        return self.verified_on is None or (today - self.verified_on).days > max_age_days

    def export(self) -> dict[str, Any]:
        """Open-data form: unknown becomes null, never a level."""

        def known(value: Value) -> Any:
            if isinstance(value, tuple):
                return list(value)
            return None if value == UNKNOWN else value

        return {
            "id": self.id,
            **{v.field: known(self.value(v.field)) for v in STANCE_FACTS},
            "basis": dict(sorted(self.basis.items())),
            "no_stance_known": self.states_nothing,
            "effective_from": str(self.effective_from),
            "effective_until": self.end.export(),
            "at_least_until": str(self.end.at_least) if self.end.at_least else None,
            "said_on": str(self.said_on),
            "verified_on": self.verified_on.isoformat() if self.verified_on else None,
            "verified_how": self.verified_how,
            "approved_on": self.approved_on.isoformat() if self.approved_on else None,
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "provenance": self.provenance,
            "summary": self.summary_text,
            "statement": self.statement,
            "translations": {lang: t.export() for lang, t in sorted(self.translations.items())},
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


FACTS_BY_FIELD = {v.field: v for v in STANCE_FACTS}


def is_stated(value: Value) -> bool:
    """A value the record states: a level or yes/no, or a list of exceptions (even empty)."""
    return value is not None and value != UNKNOWN


@dataclass
class FaqEntry:
    slug: str
    question: str
    answer_html: str
    order: int
    path: str
    owner: str | None  # corporation slug, or None for the general questions
    translations: dict[str, Translation] = field(default_factory=dict)  # by language


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
    translations: dict[str, Translation] = field(default_factory=dict)  # profile.<lang>.md

    def current(self, today: date) -> StanceRecord | None:
        """The newest published record that has started; None when there is none."""
        started = [r for r in self.records if r.effective_from.first <= today]
        return started[0] if started else None

    def contact_on(self, today: date) -> dict[str, str | None]:
        """Contact channels: from the current record when the corporation sent them."""
        current = self.current(today)
        if current is not None and current.contact and any(current.contact.values()):
            return current.contact
        return self.contact


@dataclass(frozen=True)
class HelpEntry:
    """A help organisation: what it does, and how to reach it (None = not known yet)."""

    slug: str
    name: str
    path: str
    order: int
    what_html: str
    how_to_find: str
    phone: str | None = None
    website: str | None = None
    address: str | None = None
    checked_on: date | None = None
    sources: tuple[Source, ...] = ()
    translations: dict[str, Translation] = field(default_factory=dict)  # by language

    @property
    def anything_known(self) -> bool:
        return any((self.phone, self.website, self.address))


@dataclass(frozen=True)
class AgreementPeriod:
    """Days on which the sources say a national agreement record was in force: first..last.

    ``last`` is None when the record has explicitly no end.
    """

    record: StanceRecord
    first: date
    last: date | None

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass
class Register:
    corporations: list[Corporation]
    municipalities: list[Municipality]
    national: list[StanceRecord]  # published, newest first
    faq: list[FaqEntry]
    pending: list[StanceRecord]
    today: date
    help: list[HelpEntry] = field(default_factory=list)

    @property
    def municipality_by_slug(self) -> dict[str, Municipality]:
        return {m.slug: m for m in self.municipalities}

    def corporations_in(self, municipality: str) -> list[Corporation]:
        return [c for c in self.corporations if municipality in c.municipalities]

    def due_for_check(self, max_age_days: int) -> list[tuple[Corporation, StanceRecord]]:
        """Each corporation's last known record that was never checked or not recently,
        oldest check first (never checked first of all, then by when it was said)."""
        due = [
            (c, record)
            for c in self.corporations
            if (record := c.current(self.today)) is not None
            and record.unverified_or_stale(self.today, max_age_days)
        ]
        return sorted(
            due,
            key=lambda item: (
                item[1].verified_on or date.min,
                item[1].said_on.sort_key(),
                item[0].slug,
            ),
        )

    def national_on(self, day: date) -> tuple[StanceRecord | None, str]:
        """The newest agreement record that had started on ``day``, and its status then."""
        started = [n for n in self.national if n.effective_from.first <= day]
        if not started:
            return None, NOT_STARTED
        return started[0], started[0].status_on(day)

    def national_for(self, record: StanceRecord) -> tuple[StanceRecord | None, str]:
        """The agreement to compare a record with: the one that had started when it started.

        A record known only to the month counts from the month's last day, so an agreement
        made in that month is included; its status then says whether it was still in force.
        """
        return self.national_on(record.effective_from.last)

    def agreement_in_force(self, day: date) -> StanceRecord | None:
        """The agreement record the sources say was in force on ``day``; None otherwise.

        Stricter than ``national_on`` for a record known only to the month (October 2020):
        the sources vouch for it only from the month's last day, since the day it was made
        is not known (the same rule as ``national_for``).
        """
        record, status = self.national_on(day)
        if record is None or status != IN_FORCE or day < record.effective_from.last:
            return None
        return record

    def agreement_periods(self) -> list[AgreementPeriod]:
        """Every stretch of days on which an agreement was in force, oldest first.

        The same answer as ``agreement_in_force`` for every day, as data for a script: each
        record from its first sure day to its end (or "at least until" date), cut off the
        day before a newer record starts.
        """
        periods = []
        oldest_first = list(reversed(self.national))
        for i, record in enumerate(oldest_first):
            end = record.end
            if end.until is not None:
                last = end.until.last
            elif end.no_end:
                last = None
            elif end.at_least is not None:
                last = end.at_least.last
            else:
                continue  # the sources vouch for no day after the start: cite it on none
            if i + 1 < len(oldest_first):
                cut = oldest_first[i + 1].effective_from.first - timedelta(days=1)
                last = cut if last is None else min(last, cut)
            first = record.effective_from.last
            if last is None or first <= last:
                periods.append(AgreementPeriod(record, first, last))
        return periods
