"""What a reader sees, decided once: one view object per register page.

The generator builds these in ``generate_context`` from the model, the rules and the
settings; templates, exports and feeds only read them and format. No template calls a model
method or needs the build date, the vocabulary module or the comparison.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from gettext import NullTranslations
from typing import Any

from huurwijzer.stances.comparison import compare
from huurwijzer.stances.letter import LetterView, build_letter
from huurwijzer.stances.model import (
    ENDED,
    NOT_STARTED,
    STATUS_UNKNOWN,
    Corporation,
    FaqEntry,
    HelpEntry,
    PartialDate,
    Register,
    StanceRecord,
    Value,
    is_stated,
)
from huurwijzer.stances.scales import (
    EVICTION,
    EXCEPTIONS,
    FIELD_TITLES,
    MEASURES,
    PROVENANCE,
    SCOPE,
    SET,
    STANCE_FACTS,
    UNKNOWN,
    VERDICT,
    VOCABULARIES,
    WORDS,
    YES,
    Vocabulary,
)


# -- addresses --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Addresses:
    """Every register address, from the declared settings (see settings.py)."""

    values: dict[str, Any]

    def url(self, name: str, slug: str = "") -> str:
        return "/" + self.values[f"{name}_URL"].format(slug=slug)

    def save_as(self, name: str, slug: str = "") -> str:
        return self.values[f"{name}_SAVE_AS"].format(slug=slug)

    def file_url(self, name: str, slug: str = "") -> str:
        """The address of a generated file (data, feed): its save_as path."""
        return "/" + self.save_as(name, slug)

    @property
    def site(self) -> dict[str, str]:
        """The section addresses every page may link to."""
        return {
            "corporations": self.url("CORPORATIONS"),
            "municipalities": self.url("MUNICIPALITIES"),
            "method": self.url("METHOD"),
            "submit": self.url("SUBMIT"),
            "letter": self.url("LETTER"),
            "submit_template": self.file_url("SUBMIT_TEMPLATE"),
            "json": self.file_url("REGISTER_JSON"),
            "csv": self.file_url("REGISTER_CSV"),
            "schema": self.file_url("REGISTER_SCHEMA"),
            "datapackage": self.file_url("REGISTER_DATAPACKAGE"),
            "feed": self.file_url("REGISTER_FEED"),
            "guidance": "/" + self.values["PAGE_URL"].format(slug=self.values["GUIDANCE_SLUG"]),
        }


def anchor(prefix: str, name: str) -> str:
    """A valid, stable HTML id from any file name: lower case letters, digits and hyphens."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{prefix}-{cleaned or 'x'}"


# -- dates ------------------------------------------------------------------------------------
def months_between(earlier: PartialDate, today: date) -> int:
    return max(0, (today.year - earlier.year) * 12 + today.month - earlier.month)


def age_text(said: PartialDate, today: date, words: Any = None) -> str:
    """How old a statement is, in words: 'bijna 7 jaar', 'ruim 1 jaar', '3 maanden'.

    ``words`` is a gettext translations object (i18n.translations) for another language.
    """
    words = words or NullTranslations()
    _, ngettext = words.gettext, words.ngettext
    months = months_between(said, today)
    if months < 1:
        return _("minder dan een maand")
    if months < 12:
        return ngettext("%(n)d maand", "%(n)d maanden", months) % {"n": months}
    years, rest = divmod(months, 12)
    if rest == 0:
        return ngettext("%(n)d jaar", "%(n)d jaar", years) % {"n": years}
    if rest <= 5:
        return ngettext("ruim %(n)d jaar", "ruim %(n)d jaar", years) % {"n": years}
    return ngettext("bijna %(n)d jaar", "bijna %(n)d jaar", years + 1) % {"n": years + 1}


# -- facts ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FactView:
    """One fact as shown: title, label, tone (icon and colour), explanation and basis."""

    field: str
    value: str  # the code (a set's codes joined by spaces; 'unknown' when not stated)
    title: str
    label: str
    tone: str
    explanation: str
    stated: bool
    basis: str | None
    basis_lang: str = "nl"  # the language of basis (the original's, until translated)


def value_text(vocabulary: Vocabulary, value: Value) -> str:
    return ", ".join(value_labels(vocabulary, value))


def value_labels(vocabulary: Vocabulary, value: Value) -> tuple[str, ...]:
    """A value's label, or each label of a set's values (each one message to translate)."""
    if vocabulary.kind == SET:
        if value is None:
            return (WORDS["exceptions_unknown"],)
        return tuple(vocabulary.label(v) for v in value) or (WORDS["exceptions_none"],)
    return (vocabulary.label(value),)


def fact_view(record: StanceRecord, vocabulary: Vocabulary) -> FactView:
    value = record.value(vocabulary.field)
    if vocabulary.kind == SET:
        tone, explanation = ("unknown" if value is None else "neutral"), vocabulary.question
    else:
        tone, explanation = vocabulary.tone(value), vocabulary.get(value).explanation
    if vocabulary.kind == SET:
        code = UNKNOWN if value is None else " ".join(value)
    else:
        code = value
    return FactView(
        vocabulary.field,
        code,
        vocabulary.title,
        value_text(vocabulary, value),
        tone,
        explanation,
        is_stated(value),
        record.basis.get(vocabulary.field),
    )


# -- records ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceView:
    title: str
    publisher: str
    date: str
    url: str | None
    note: str | None
    # the language of title, publisher and note (the original's, until translated)
    title_lang: str = "nl"
    publisher_lang: str = "nl"
    note_lang: str = "nl"


@dataclass(frozen=True)
class RecordView:
    id: str
    anchor: str
    no_stance: bool
    eviction: FactView
    scope: FactView
    exceptions: FactView
    measures: list[FactView]  # the collection measures the record states
    effective_from: PartialDate
    until_text: str
    until_date: PartialDate | None
    until_basis: str | None
    at_least_until: PartialDate | None
    said_on: PartialDate
    age: str
    verified_on: date | None
    verified_how: str | None
    stale: bool  # the one staleness rule (StanceRecord.stale), from REGISTER_STALE_AFTER_DAYS
    fresh_on: PartialDate  # the newest day said or checked
    fresh_age: str  # how long ago that was, in words
    provenance: str
    provenance_explanation: str
    from_corporation: bool
    received_on: date | None
    status_today: str  # not_started / in_force / ended / unknown
    summary_html: str
    summary_text: str
    statement_paragraphs: list[str]
    sources: list[SourceView]
    is_current: bool = False
    summary_lang: str = "nl"  # the language of summary_html (the original's, until translated)
    translated: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang: (html, text)
    until_basis_lang: str = "nl"
    # lang: the record's Translation (its basis lines and sources' words in that language)
    translations: dict[str, Any] = field(default_factory=dict)

    @property
    def not_started(self) -> bool:
        return self.status_today == NOT_STARTED

    @property
    def ended(self) -> bool:
        return self.status_today == ENDED

    @property
    def facts(self) -> list[FactView]:
        return [self.eviction, self.scope, self.exceptions]


def record_view(
    record: StanceRecord,
    today: date,
    stale_after: int,
    current: StanceRecord | None = None,
    resolve: Callable[[str], str] = str,
) -> RecordView:
    end = record.end
    if end.until is not None:
        until_text = ""
    elif end.no_end:
        until_text = WORDS["until_none"]
    else:
        until_text = WORDS["until_unknown"]
    return RecordView(
        id=record.id,
        anchor=anchor("standpunt", record.slug),
        no_stance=record.states_nothing,
        eviction=fact_view(record, EVICTION),
        scope=fact_view(record, SCOPE),
        exceptions=fact_view(record, EXCEPTIONS),
        measures=[fact_view(record, m) for m in MEASURES if m.field in record.stated_measures],
        effective_from=record.effective_from,
        until_text=until_text,
        until_date=end.until,
        until_basis=record.basis.get("effective_until"),
        at_least_until=end.at_least,
        said_on=record.said_on,
        age=age_text(record.said_on, today),
        verified_on=record.verified_on,
        verified_how=record.verified_how,
        stale=record.stale(today, stale_after),
        fresh_on=PartialDate.parse(record.fresh_on.isoformat()),
        fresh_age=age_text(PartialDate.parse(record.fresh_on.isoformat()), today),
        provenance=PROVENANCE.label(record.provenance),
        provenance_explanation=PROVENANCE.get(record.provenance).explanation,
        from_corporation=record.provenance == PROVENANCE.options[0].value,
        received_on=record.received_on,
        status_today=record.status_on(today),
        summary_html=resolve(record.summary_html),
        summary_text=record.summary_text,
        statement_paragraphs=[
            p.strip() for p in (record.statement or "").split("\n\n") if p.strip()
        ],
        sources=[SourceView(s.title, s.publisher, s.date, s.url, s.note) for s in record.sources],
        is_current=current is not None and record.id == current.id,
        translated=translated_bodies(record.translations, resolve),
        translations=dict(record.translations),
    )


def translated_bodies(translations: dict, resolve: Callable[[str], str]) -> dict:
    """A record's body in each language it is translated into: {lang: (html, text)}."""
    return {lang: (resolve(t.body_html), t.body_text) for lang, t in translations.items()}


# -- comparison -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ComparisonRow:
    title: str
    ours: str
    theirs: str
    verdict: str
    verdict_label: str
    ours_labels: tuple[str, ...] = ()  # the labels joined in ours (one per value of a set)
    theirs_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComparisonView:
    reference_from: PartialDate
    reference_status: str  # in_force / ended / unknown on the stance's start
    reference_at_least: PartialDate | None
    reference_until: PartialDate | None
    rows: list[ComparisonRow]

    @property
    def reference_ended(self) -> bool:
        return self.reference_status == ENDED

    @property
    def reference_status_unknown(self) -> bool:
        return self.reference_status == STATUS_UNKNOWN

    @property
    def has_verdict(self) -> bool:
        """True when at least one row says more, the same or less."""
        return any(
            row.verdict
            in (VERDICT.options[0].value, VERDICT.options[1].value, VERDICT.options[2].value)
            for row in self.rows
        )


@dataclass(frozen=True)
class NationalContext:
    """What the national agreement said at a date, for a tenant whose corporation is silent."""

    effective_from: PartialDate
    at_least_until: PartialDate | None
    status: str
    summary_html: str
    summary_lang: str = "nl"
    translated: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang: (html, text)


def verdict_label(row: Any) -> str:
    """The verdict in words; "not known" where both say the same words but the exceptions
    of one side are unknown (the same words may still allow other evictions)."""
    if row.verdict == UNKNOWN and row.ours == row.theirs and is_stated(row.ours):
        return WORDS["same_words"]
    return VERDICT.label(row.verdict)


def comparison_view(register: Register, record: StanceRecord) -> ComparisonView | None:
    reference, status = register.national_for(record)
    if reference is None:
        return None
    rows = [
        ComparisonRow(
            row.vocabulary.title,
            value_text(row.vocabulary, row.ours),
            value_text(row.vocabulary, row.theirs),
            row.verdict,
            verdict_label(row),
            value_labels(row.vocabulary, row.ours),
            value_labels(row.vocabulary, row.theirs),
        )
        for row in compare(record, reference)
    ]
    return ComparisonView(
        reference.effective_from, status, reference.end.at_least, reference.end.until, rows
    )


# -- pages ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class CardView:
    """A corporation in a list: name, the stance it last stated, and when it said so."""

    name: str
    url: str
    municipalities: list[Link]
    record: RecordView | None
    filter_data: dict[str, str]

    @property
    def no_stance(self) -> bool:
        return self.record is None or self.record.no_stance

    @property
    def summary(self) -> list[str]:
        """The stance in a few words: eviction, then each collection measure it states."""
        if self.no_stance:
            return [WORDS["no_stance"]]
        record = self.record
        parts = [f"{record.eviction.title}: {record.eviction.label}"]
        parts += [f"{m.title}: {m.label}" for m in record.measures]
        return parts


@dataclass(frozen=True)
class FaqView:
    anchor: str
    question: str
    answer_html: str
    lang: str = "nl"  # the language of question and answer
    translated: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang: (q, html)


@dataclass(frozen=True)
class ContactRow:
    title: str
    text: str | None
    href: str | None


@dataclass
class CorporationView:
    slug: str
    name: str
    url: str
    save_as: str
    feed_url: str
    feed_save_as: str
    description_html: str
    municipalities: list[Link]
    municipality_names: list[str]
    municipality_slugs: list[str]
    area_note: str | None
    current: RecordView | None
    comparison: ComparisonView | None
    national_context: NationalContext | None
    contact: list[ContactRow]
    history: list[RecordView]
    faq: list[FaqView]
    card: CardView
    letter: LetterView
    records: list[StanceRecord] = field(repr=False, default_factory=list)
    description_lang: str = "nl"  # the language of description_html and area_note
    area_note_lang: str = "nl"
    # lang: (description_html, area_note or None) where the editors translated the profile
    translated: dict[str, tuple[str, str | None]] = field(default_factory=dict)


@dataclass
class MunicipalityView:
    slug: str
    name: str
    province: str
    url: str
    save_as: str
    cards: list[CardView]


@dataclass(frozen=True)
class HelpView:
    """A help organisation as shown: a row for each sourced contact detail, and for the rest
    the one line that says how to find them."""

    anchor: str
    name: str
    what_html: str
    contact: list[ContactRow]
    how_to_find: str | None  # shown while any contact detail is unknown
    checked_on: date | None
    sources: list[SourceView]
    lang: str = "nl"  # the language of name, what_html and how_to_find
    # lang: (name, what_html, how_to_find) in each language the editors translated it into
    translated: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)


def shown_phone(phone: str | None) -> str | None:
    """A phone number as shown: its hyphens do not break across lines (0900‑8020)."""
    return phone.replace("-", "\u2011") if phone else None


def tel_link(phone: str | None) -> str | None:
    return f"tel:{phone.replace(' ', '').replace('-', '')}" if phone else None


def help_view(entry: HelpEntry, resolve: Callable[[str], str] = str) -> HelpView:
    phone = entry.phone
    rows = [
        ContactRow("Telefoon", shown_phone(phone), tel_link(phone)),
        ContactRow(
            "Website", entry.website.split("://")[-1] if entry.website else None, entry.website
        ),
        ContactRow("Adres", entry.address, None),
    ]
    return HelpView(
        anchor=anchor("hulp", entry.slug),
        name=entry.name,
        what_html=resolve(entry.what_html),
        contact=[row for row in rows if row.text],  # an unknown detail is no row
        how_to_find=None if all(row.text for row in rows) else entry.how_to_find,
        checked_on=entry.checked_on if entry.anything_known else None,
        sources=[SourceView(s.title, s.publisher, s.date, s.url, s.note) for s in entry.sources],
        translated={
            lang: (
                t.fields["name"],
                resolve(t.body_html),
                t.fields.get("how_to_find") or entry.how_to_find,
            )
            for lang, t in entry.translations.items()
        },
    )


@dataclass
class RegisterViews:
    """Every register page's view, plus what several pages share."""

    addresses: Addresses
    today: date
    stale_after_days: int
    corporations: list[CorporationView]
    municipalities: list[MunicipalityView]
    general_faq: list[FaqView]
    letter: LetterView
    help: list[HelpView]
    vocabularies: tuple[Vocabulary, ...] = VOCABULARIES
    verdicts: Vocabulary = VERDICT
    words: dict[str, str] = field(default_factory=lambda: dict(WORDS))
    titles: dict[str, str] = field(
        default_factory=lambda: {**FIELD_TITLES, **{v.field: v.title for v in VOCABULARIES}}
    )

    @property
    def urls(self) -> dict[str, str]:
        return self.addresses.site

    @property
    def cards_with_stance(self) -> list[CardView]:
        return [c.card for c in self.corporations if not c.card.no_stance]

    @property
    def cards_without_stance(self) -> list[CardView]:
        return [c.card for c in self.corporations if c.card.no_stance]

    @property
    def eviction(self) -> Vocabulary:
        return EVICTION

    @property
    def measures(self) -> tuple[Vocabulary, ...]:
        return MEASURES

    @property
    def fact_vocabularies(self) -> tuple[Vocabulary, ...]:
        return STANCE_FACTS

    @property
    def verified_count(self) -> int:
        return sum(1 for c in self.corporations for r in c.history if r.verified_on)

    @property
    def record_count(self) -> int:
        return sum(len(c.history) for c in self.corporations)

    def municipalities_by_province(self) -> list[tuple[str, list[MunicipalityView]]]:
        provinces: dict[str, list[MunicipalityView]] = {}
        for m in self.municipalities:
            provinces.setdefault(m.province, []).append(m)
        return sorted(provinces.items())


def _faq_view(entry: FaqEntry, resolve: Callable[[str], str]) -> FaqView:
    prefix = "vraag" if entry.owner else "vraag-algemeen"
    translated = {
        lang: (t.question, resolve(t.body_html)) for lang, t in entry.translations.items()
    }
    return FaqView(
        anchor(prefix, entry.slug), entry.question, resolve(entry.answer_html), "nl", translated
    )


def _contact(corporation: Corporation, today: date) -> list[ContactRow]:
    """The contact channels shown, each with its title; unknown ones say so."""
    channels = corporation.contact_on(today)
    website = channels.get("website") or corporation.website
    phone = channels.get("phone")
    email = channels.get("email")
    rows = [
        ContactRow("Telefoon", shown_phone(phone), tel_link(phone)),
        ContactRow("E-mail", email, f"mailto:{email}" if email else None),
        ContactRow("Website", website, website),
        ContactRow(
            "Pagina over betalingsproblemen", channels.get("help_page"), channels.get("help_page")
        ),
    ]
    if channels.get("hours"):
        rows.append(ContactRow("Bereikbaar", channels["hours"], None))
    return rows


def _filter_data(corporation: Corporation, record: RecordView | None, places: list[str]):
    """What the overview's filter script reads from each card (codes, never labels)."""
    return {
        "search": " ".join([corporation.name, *places]),
        "municipalities": " ".join(corporation.municipalities),
        "eviction": record.eviction.value if record else UNKNOWN,
        "measures": " ".join(m.field for m in record.measures if m.value == YES) if record else "",
        "stance": "none" if record is None or record.no_stance else "known",
    }


def _corporation_view(
    corporation: Corporation,
    register: Register,
    addresses: Addresses,
    places: dict[str, Any],
    periods: Any,
    stale_after: int,
    resolve: Callable[[str], str],
) -> CorporationView:
    """One corporation's view: its page, card, letter, history and questions."""
    today = register.today
    current = corporation.current(today)
    current_view = record_view(current, today, stale_after, current, resolve) if current else None
    links = _municipality_links(corporation, places, addresses)
    names = [link.text for link in links]
    card = CardView(
        corporation.name,
        addresses.url("CORPORATION", corporation.slug),
        links,
        current_view,
        _filter_data(corporation, current_view, names),
    )
    context = _national_context(register, current, resolve)
    return CorporationView(
        slug=corporation.slug,
        name=corporation.name,
        url=addresses.url("CORPORATION", corporation.slug),
        save_as=addresses.save_as("CORPORATION", corporation.slug),
        feed_url=addresses.file_url("CORPORATION_FEED", corporation.slug),
        feed_save_as=addresses.save_as("CORPORATION_FEED", corporation.slug),
        description_html=resolve(corporation.description_html),
        municipalities=links,
        municipality_names=names,
        municipality_slugs=list(corporation.municipalities),
        area_note=corporation.area_note,
        current=current_view,
        comparison=(
            comparison_view(register, current)
            if current is not None and not current.states_nothing
            else None
        ),
        national_context=context,
        contact=_contact(corporation, today),
        history=[record_view(r, today, stale_after, current, resolve) for r in corporation.records],
        faq=[_faq_view(e, resolve) for e in corporation.faq],
        card=card,
        letter=_corporation_letter(corporation, addresses, periods, today),
        records=corporation.records,
        translated={
            lang: (resolve(t.body_html), t.fields.get("area_note"))
            for lang, t in corporation.translations.items()
        },
    )


def _municipality_links(
    corporation: Corporation, places: dict[str, Any], addresses: Addresses
) -> list[Link]:
    """The corporation's municipalities (those the register knows), linked to their pages."""
    return [
        Link(places[m].name, addresses.url("MUNICIPALITY", m))
        for m in corporation.municipalities
        if m in places
    ]


def _national_context(
    register: Register, current: StanceRecord | None, resolve: Callable[[str], str]
) -> NationalContext | None:
    """The national agreement beside a current record that says nothing about evictions."""
    silent = current is not None and (
        current.states_nothing or not is_stated(current.value("eviction"))
    )
    if not silent:
        return None
    reference, status = register.national_for(current)
    if reference is None:
        return None
    return NationalContext(
        reference.effective_from,
        reference.end.at_least,
        status,
        resolve(reference.summary_html),
        translated=translated_bodies(reference.translations, resolve),
    )


def _corporation_letter(
    corporation: Corporation, addresses: Addresses, periods: Any, today: date
) -> LetterView:
    """The payment-plan letter addressed to the corporation (see letter.py)."""
    return build_letter(
        addresses.url("CORPORATION_LETTER", corporation.slug),
        addresses.save_as("CORPORATION_LETTER", corporation.slug),
        periods,
        corporation,
        addresses.url("CORPORATION", corporation.slug),
        corporation.contact_on(today).get("email"),
    )


def _municipality_views(
    register: Register,
    corporations: list[CorporationView],
    addresses: Addresses,
    known: dict,
    kept: dict,
) -> list[MunicipalityView]:
    """Each municipality's view: its corporations' cards, in the register's order. One in
    ``known`` (see build_views) is kept when its model object and cards are the same objects
    (those of its cards another language translated included); each is put in ``kept``."""
    cards: dict[str, list[CardView]] = {}
    for corporation, view in zip(register.corporations, corporations, strict=True):
        for slug in dict.fromkeys(corporation.municipalities):
            cards.setdefault(slug, []).append(view.card)
    found = []
    for m in register.municipalities:
        mine = cards.get(m.slug, [])
        hit = known.get(("municipality", m.slug))
        if hit is not None and hit[0] is m and _same_objects(hit[1].cards, mine):
            view = hit[1]
        else:
            url, save_as = (
                addresses.url("MUNICIPALITY", m.slug),
                addresses.save_as("MUNICIPALITY", m.slug),
            )
            view = MunicipalityView(m.slug, m.name, m.province, url, save_as, mine)
        kept[("municipality", m.slug)] = (m, view)
        found.append(view)
    return found


def _same_objects(these: list, those: list) -> bool:
    return len(these) == len(those) and all(a is b for a, b in zip(these, those, strict=True))


def build_views(
    register: Register,
    settings: dict[str, Any],
    resolve: Callable[[str], str] = str,
    memo: dict[Any, tuple] | None = None,
) -> RegisterViews:
    """Every register page's view, from the model and the declared settings.

    ``resolve`` turns the internal links in editors' texts into addresses (see links.py).
    ``memo`` (the dev server's) keeps each corporation's view with the model object it came
    from; a corporation whose model object is the same keeps its view, and a municipality
    whose model object and corporations' cards are the same keeps its view. The caller keeps
    it only while the rest (agreement, settings, addresses, links) is unchanged.
    """
    addresses = Addresses(settings)
    today = register.today
    stale_after = settings["REGISTER_STALE_AFTER_DAYS"]
    places = register.municipality_by_slug
    periods = register.agreement_periods()
    known = memo if memo is not None else {}
    kept: dict[Any, tuple] = {}
    corporations: list[CorporationView] = []
    for corporation in register.corporations:
        hit = known.get(id(corporation))
        if hit is not None and hit[0] is corporation:
            view = hit[1]
        else:
            view = _corporation_view(
                corporation, register, addresses, places, periods, stale_after, resolve
            )
        kept[id(corporation)] = (corporation, view)
        corporations.append(view)
    municipalities = _municipality_views(register, corporations, addresses, known, kept)
    if memo is not None:
        memo.clear()
        memo.update(kept)
    return RegisterViews(
        addresses=addresses,
        today=today,
        stale_after_days=stale_after,
        corporations=corporations,
        municipalities=municipalities,
        general_faq=[_faq_view(e, resolve) for e in register.faq],
        letter=build_letter(addresses.url("LETTER"), addresses.save_as("LETTER"), periods),
        help=[help_view(e, resolve) for e in register.help],
    )
