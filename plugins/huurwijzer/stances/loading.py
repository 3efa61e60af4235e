"""Read the register's files once, validate them together, and build the model.

Layout under the content folder:
  municipalities.md                       the municipalities corporations may name
  national-agreement/<date>.md            the national agreement's stance records
  faq/<slug>.md                           general questions
  corporations/<slug>/profile.md          one corporation (profile.<lang>.md: its words in
                                          another language)
  corporations/<slug>/stances/<id>.md     its stance records (append-only)
  corporations/<slug>/faq/<slug>.md       its questions
  help/<slug>.md                          a help organisation (the help route)
  <name>.<lang>.md beside a record, question or help entry: its text in another language
                                          (text_translations.py)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from huurwijzer.core.clock import AHEAD, clock_of
from huurwijzer.core.languages import site_languages
from huurwijzer.core.problems import ContentError, Problem, display_path
from huurwijzer.reading.frontmatter import Document, parse_file
from huurwijzer.reading.links import (
    CORPORATION_ANCHORS,
    CORPORATION_SECTIONS,
    MUNICIPALITY_ANCHORS,
    MUNICIPALITY_SECTIONS,
    PAGE_PARTS,
)
from huurwijzer.reading.markup import clean_text, markdown_renderer, render_checked
from huurwijzer.reading.validation import (
    date_problem,
    first_day,
    invisible_problems,
    schema_problems,
    source_date_problems,
)
from huurwijzer.stances.model import (
    Corporation,
    EndDate,
    FaqEntry,
    HelpEntry,
    Municipality,
    PartialDate,
    Register,
    Source,
    StanceRecord,
    is_stated,
)
from huurwijzer.stances.register_schema import BASIS_FIELDS, validator
from huurwijzer.stances.scales import (
    CORPORATION,
    DRAFT,
    PENDING,
    PUBLISHED,
    SET,
    STANCE_FACTS,
    UNKNOWN,
)
from huurwijzer.stances.text_translations import (
    TRANSLATION_NAME,
    read_translations,
    split_translations,
)
from huurwijzer.stances.views import anchor

NATIONAL = "landelijke-afspraak"
CORPORATIONS_DIR = "corporations"
NATIONAL_DIR = "national-agreement"
FAQ_DIR = "faq"
HELP_DIR = "help"
MUNICIPALITIES_FILE = "municipalities.md"
REGISTER_DIRS = (CORPORATIONS_DIR, NATIONAL_DIR, FAQ_DIR, HELP_DIR)


class _Loader:
    def __init__(self, root: Path, today: date, cache=None):
        self.root = root
        self.today = today
        self.problems: list[Problem] = []
        self.markdown = markdown_renderer()
        self.cache = cache  # Pelican's FileStampDataCacher, or None
        self.default_lang, self.languages = "nl", ("nl",)  # set by load_register

    # -- reading -------------------------------------------------------------------------
    def read(self, path: Path, kind: str) -> tuple[Document, str] | None:
        """Parse, validate and render one file: its document and safe body HTML.

        Files that were valid are taken from the content cache while unchanged; checks that
        span several files run every time.
        """
        key = str(path)
        if self.cache is not None:
            cached = self.cache.get_cached_data(key, None)
            if cached is not None and cached[0].path == display_path(key):
                return cached
        try:
            doc = parse_file(path, display_path(key))
        except ContentError as error:
            self.problems.extend(error.problems)
            return None
        found = schema_problems(doc, validator(kind), self.today) + invisible_problems(doc)
        if found:  # every other problem of this file in the same run (no second round)
            self.problems.extend(found)
            self.problems.extend(render_checked(doc, self.markdown)[1])
            if kind == "stance":
                self.basis_despite(doc, {p.field for p in found})
            return None
        html, found = render_checked(doc, self.markdown)
        self.problems.extend(found)
        if self.cache is not None and not found:
            self.cache.cache_data(key, (doc, html))
        return doc, html

    # -- files ---------------------------------------------------------------------------
    def municipalities(self) -> list[Municipality]:
        path = self.root / MUNICIPALITIES_FILE
        if not path.exists():
            self.problems.append(
                Problem.of(display_path(str(path)), 1, "", "municipalities-missing")
            )
            return []
        read = self.read(path, "municipalities")
        if read is None:
            return []
        doc = read[0]
        result, seen = [], set()
        for i, item in enumerate(doc.data["municipalities"]):
            if item["slug"] in seen:
                self.problems.append(
                    doc.problem(("municipalities", i, "slug"), "listed-twice", slug=item["slug"])
                )
            seen.add(item["slug"])
            result.append(Municipality(item["slug"], item["name"], item["province"]))
        return sorted(result, key=lambda m: m.name)

    def record(self, path: Path, owner: str) -> StanceRecord | None:
        """One stance record, checked: its dates, what a published record needs, its basis."""
        read = self.read(path, "stance")
        if read is None:
            return None
        doc, summary_html = read
        period = self.period(doc)
        if period is None:
            return None
        start, end = period
        data = doc.data
        dates = {
            name: date.fromisoformat(data[name]) if data.get(name) else None
            for name in ("verified_on", "received_on", "approved_on")
        }
        self.check_dates(doc, start, end, dates)
        self.problems.extend(source_date_problems(doc, self.today))
        self.check_record(doc)
        values = {v.field: _fact_value(data, v.field, v.kind) for v in STANCE_FACTS}
        basis = dict(data.get("basis") or {})
        if data["status"] == PUBLISHED:
            self.check_basis(doc, values, end, basis)
        return StanceRecord(
            id=f"{owner}/{path.stem}",
            owner=owner,
            path=doc.path,
            values=values,
            basis=basis,
            effective_from=start,
            end=end,
            verified_on=dates["verified_on"],
            verified_how=data.get("verified_how"),
            approved_on=dates["approved_on"],
            approved_by=data.get("approved_by"),
            provenance=data["provenance"],
            status=data["status"],
            sources=tuple(Source(**{"date": "", **s}) for s in data.get("sources") or ()),
            summary_html=summary_html,
            summary_text=" ".join(clean_text(summary_html).split()),
            statement=data.get("statement"),  # plain text: escaped wherever it is shown
            received_on=dates["received_on"],
            received_at=data.get("received_at"),
            contact=dict(data["contact"]) if data.get("contact") else None,
            submission=data.get("submission"),
            from_line=doc.line_of(("effective_from",)),
        )

    def period(self, doc: Document) -> tuple[PartialDate, EndDate] | None:
        """A record's start and end; None when a day the pattern allows is not in the
        calendar (2021-02-30), with a problem for each such date."""
        data = doc.data
        try:
            start = PartialDate.parse(data["effective_from"])
            return start, EndDate.parse(data.get("effective_until"), data.get("at_least_until"))
        except ValueError:
            for name in ("effective_from", "effective_until", "at_least_until"):
                value = data.get(name)
                if value and len(value) == 10:
                    try:
                        date.fromisoformat(value)
                    except ValueError:
                        self.problems.append(date_problem(doc, (name,), value, self.today))
            return None

    def check_dates(
        self, doc: Document, start: PartialDate, end: EndDate, dates: dict[str, date | None]
    ) -> None:
        """The end after the start, 'at least until' within the end, no date after today."""
        for name, end_date in (("effective_until", end.until), ("at_least_until", end.at_least)):
            if end_date is not None and end_date.last < start.first:
                self.problems.append(
                    doc.problem((name,), "before-start", end=end_date, start=start)
                )
        if end.until is not None and end.at_least is not None and end.at_least > end.until:
            self.problems.append(
                doc.problem(
                    ("at_least_until",), "after-until", at_least=end.at_least, until=end.until
                )
            )
        ahead = self.today + AHEAD
        for name, value in (
            ("effective_from", start),
            ("effective_until", end.until),
            ("at_least_until", end.at_least),
        ):
            if value is not None and value.first > ahead:
                self.problems.append(
                    doc.problem((name,), "too-far-ahead", value=str(value), last=ahead)
                )
        self.check_verified(doc, dates.get("verified_on"))
        for name, value in dates.items():
            if value is not None and value > self.today:
                self.problems.append(
                    doc.problem((name,), "after-build-date", value=value, today=self.today)
                )

    def check_verified(self, doc: Document, verified: date | None) -> None:
        """The editors cannot have checked a record against a source that did not exist yet
        (a stance announced ahead may well be checked before it starts)."""
        sources = doc.data.get("sources") or ()
        days = [d for s in sources if isinstance(s, dict) and (d := first_day(s.get("date")))]
        if verified is not None and days and verified < min(days):
            self.problems.append(
                doc.problem(
                    ("verified_on",), "verified-before-source", value=verified, source=min(days)
                )
            )

    def check_record(self, doc: Document) -> None:
        """Verification with its how; a published record's source and summary; who may be
        quoted."""
        data = doc.data
        if bool(data.get("verified_on")) != bool(data.get("verified_how")):
            self.problems.append(
                doc.problem(
                    ("verified_on",) if data.get("verified_on") else ("verified_how",),
                    "verified-pair",
                )
            )
        published = data["status"] == PUBLISHED
        if published and not data.get("sources"):
            self.problems.append(doc.problem(("status",), "published-needs-source"))
        if data.get("statement") and data["provenance"] != CORPORATION:
            self.problems.append(
                doc.problem(("statement",), "statement-needs-corporation", provenance=CORPORATION)
            )
        if published and not doc.body.strip():
            self.problems.append(doc.problem((), "published-needs-summary"))

    def check_basis(self, doc: Document, values: dict, end: EndDate, basis: dict) -> None:
        """The fact check: every stated value names what in the source it rests on."""
        stated = {name for name, value in values.items() if is_stated(value)}
        if end.stated:
            stated.add("effective_until")
        if end.at_least is not None:
            stated.add("at_least_until")
        for name in sorted(stated - set(basis), key=BASIS_FIELDS.index):
            self.problems.append(doc.problem((name,), "needs-basis", name=name))
        for name in sorted(set(basis) - stated, key=BASIS_FIELDS.index):
            self.problems.append(doc.problem(("basis", name), "basis-without-value"))

    def basis_despite(self, doc: Document, refused: set[str]) -> None:
        """The fact check of a record whose other values were refused: every well-formed
        stated value without its basis, so the editor sees it in the same run."""
        data, basis = doc.data, doc.data.get("basis")
        if data.get("status") != PUBLISHED or not isinstance(basis or {}, dict):
            return
        for fact in STANCE_FACTS:
            name = fact.field
            if name in refused or name in (basis or {}) or f"basis.{name}" in refused:
                continue
            try:
                stated = is_stated(_fact_value(data, name, fact.kind))
            except (TypeError, ValueError):
                continue
            if stated:
                self.problems.append(doc.problem((name,), "needs-basis", name=name))

    def records(self, folder: Path, owner: str) -> list[StanceRecord]:
        originals, translations = split_translations(_markdown_files(folder))
        records = [r for p in originals if (r := self.record(p, owner))]
        self.check_order(records)
        return self.with_translations(records, translations, "stance")

    def with_translations(self, items: Any, paths: list[Path], kind: str) -> Any:
        """Each record, question or help entry with its translations (`<name>.<lang>.md`);
        a corporation (``items`` one Corporation) with its profile's."""
        if isinstance(items, Corporation):
            return self.with_translations([items], paths, kind)[0]
        originals = {Path(i.path).stem: i for i in items}
        found = read_translations(self, paths, kind, self.default_lang, self.languages, originals)
        return [replace(i, translations=found.get(Path(i.path).stem, {})) for i in items]

    def check_order(self, records: list[StanceRecord]) -> None:
        """Two records that cannot be put in time order make 'current' ambiguous."""
        live = sorted((r for r in records if r.status != DRAFT), key=_order_key)
        for earlier, later in zip(live, live[1:], strict=False):
            a, b = earlier.effective_from, later.effective_from
            same_month = (a.year, a.month) == (b.year, b.month)
            vague = same_month and (a.day is None or b.day is None) and a != b
            tie = _order_key(earlier) == _order_key(later)
            if vague or tie:
                self.problems.append(
                    Problem.of(
                        later.path,
                        later.from_line,
                        "effective_from",
                        "cannot-order",
                        other=earlier.path,
                        earlier=a,
                        later=b,
                    )
                )

    def faq(self, folder: Path, owner: str | None) -> list[FaqEntry]:
        entries = []
        originals, translations = split_translations(_markdown_files(folder))
        for path in originals:
            read = self.read(path, "faq")
            if read is None:
                continue
            doc, answer = read
            if not doc.body.strip():
                self.problems.append(doc.problem((), "empty-answer"))
            if doc.data.get("status", PUBLISHED) != PUBLISHED:
                continue
            entries.append(
                FaqEntry(
                    doc.data.get("slug") or path.stem,
                    doc.data["question"],
                    answer,
                    int(doc.data.get("order") or 100),
                    doc.path,
                    owner,
                )
            )
        seen: dict[str, str] = {}
        for entry in entries:
            if entry.slug in seen:
                self.problems.append(
                    Problem.of(
                        entry.path, 1, "slug", "slug-taken", slug=entry.slug, other=seen[entry.slug]
                    )
                )
            seen[entry.slug] = entry.path
        entries = self.with_translations(entries, translations, "faq")
        return sorted(entries, key=lambda e: (e.order, e.question))

    def help(self, folder: Path) -> list[HelpEntry]:
        """The help route: each organisation, with contact details only where sourced."""
        entries = []
        originals, translations = split_translations(_markdown_files(folder))
        for path in originals:
            read = self.read(path, "help")
            if read is None:
                continue
            doc, what_html = read
            data = doc.data
            if not doc.body.strip():
                self.problems.append(doc.problem((), "empty-help-description"))
            known = [name for name in ("phone", "website", "address") if data.get(name)]
            if known and not data.get("sources"):
                self.problems.append(doc.problem((known[0],), "contact-needs-source"))
            checked = date.fromisoformat(data["checked_on"]) if data.get("checked_on") else None
            if checked is not None and checked > self.today:
                self.problems.append(
                    doc.problem(
                        ("checked_on",), "after-build-date", value=checked, today=self.today
                    )
                )
            if data.get("status", PUBLISHED) != PUBLISHED:
                continue
            entries.append(
                HelpEntry(
                    slug=path.stem,
                    name=data["name"],
                    path=doc.path,
                    order=int(data.get("order") or 100),
                    what_html=what_html,
                    how_to_find=data["how_to_find"],
                    phone=data.get("phone"),
                    website=data.get("website"),
                    address=data.get("address"),
                    checked_on=checked,
                    sources=tuple(Source(**{"date": "", **s}) for s in data.get("sources") or ()),
                )
            )
        entries = self.with_translations(entries, translations, "help")
        return sorted(entries, key=lambda e: (e.order, e.name))

    def corporation(self, folder: Path, known: set[str] | None) -> Corporation | None:
        """One corporation's folder; ``known`` is every listed municipality (None: the list
        itself is broken, so names are not checked against it)."""
        profile = folder / "profile.md"
        if not profile.exists():
            for path in _markdown_files(folder, recursive=True):
                self.problems.append(
                    Problem.of(display_path(str(path)), 1, "", "no-profile", slug=folder.name)
                )
            return None
        read = self.read(profile, "profile")
        if read is None:
            return None
        doc, description = read
        data = doc.data
        for i, slug in enumerate(data["municipalities"]):
            if known is not None and slug not in known:
                self.problems.append(
                    doc.problem(
                        ("municipalities", i),
                        "unknown-municipality",
                        slug=slug,
                        file=MUNICIPALITIES_FILE,
                    )
                )
        slug = data.get("slug") or folder.name
        corporation = Corporation(
            slug=slug,
            name=data["name"],
            path=doc.path,
            municipalities=tuple(data["municipalities"]),
            website=data.get("website"),
            area_note=data.get("area_note"),
            contact=dict(data.get("contact") or {}),
            description_html=description,
            email_domains=tuple(d["domain"] for d in data.get("email_domains") or ()),
        )
        corporation = self.with_translations(corporation, _profile_translations(folder), "profile")
        corporation.records = self.records(folder / "stances", slug)
        corporation.faq = self.faq(folder / "faq", slug)
        return corporation

    def published(self, corporation: Corporation) -> list[StanceRecord]:
        """Keep a corporation's published records, newest first; return its pending ones."""
        pending = [r for r in corporation.records if r.status == PENDING]
        corporation.records = _newest_first(r for r in corporation.records if r.published)
        return pending

    def known_municipalities(self) -> tuple[list[Municipality], set[str] | None]:
        """The municipality list, and the slugs a profile may name (None when the list
        could not be read: its own problem says why, without one more "unknown
        municipality" per profile)."""
        before = len(self.problems)
        municipalities = self.municipalities()
        listed = len(self.problems) == before
        return municipalities, {m.slug for m in municipalities} if listed else None

    def load(self, read_before: Mapping[str, Corporation | None] | None = None) -> Register:
        """The register; ``read_before``: corporation folders (by name) read already by
        ``read_corporations`` (their problems are that call's), the rest is read here."""
        municipalities, known = self.known_municipalities()
        read_before = read_before or {}
        corporations: list[Corporation] = []
        slugs: dict[str, str] = {}
        for sub in corporation_folders(self.root):
            if sub.name in read_before:
                corporation = read_before[sub.name]
            else:
                corporation = self.corporation(sub, known)
            if corporation is None:
                continue
            if corporation.slug in slugs:
                self.problems.append(
                    Problem.of(
                        corporation.path,
                        1,
                        "slug",
                        "slug-taken",
                        slug=corporation.slug,
                        other=slugs[corporation.slug],
                    )
                )
                continue
            slugs[corporation.slug] = corporation.path
            corporations.append(corporation)
        national = self.records(self.root / NATIONAL_DIR, NATIONAL)
        pending = [r for c in corporations for r in self.published(c)]
        return Register(
            corporations=sorted(corporations, key=lambda c: c.name.lower()),
            municipalities=municipalities,
            national=_newest_first(r for r in national if r.published),
            faq=self.faq(self.root / FAQ_DIR, None),
            pending=pending,
            today=self.today,
            help=self.help(self.root / HELP_DIR),
        )


def _fact_value(data: dict[str, Any], name: str, kind: str):
    """A fact as the model keeps it: a code (unknown when absent) or a tuple / None for sets."""
    if kind == SET:
        value = data.get(name)
        return tuple(value) if value is not None else None
    return data.get(name) or UNKNOWN


def _order_key(record: StanceRecord) -> tuple:
    """Start date first; records sent on one day are ordered by the moment they arrived."""
    return (record.effective_from.sort_key(), record.received_at or "")


def _newest_first(records: Iterable[StanceRecord]) -> list[StanceRecord]:
    return sorted(records, key=_order_key, reverse=True)


def _profile_translations(folder: Path) -> list[Path]:
    """`profile.<lang>.md` beside a corporation's profile.md."""
    return [p for p in sorted(folder.glob("profile.*.md")) if TRANSLATION_NAME.match(p.name)]


def _markdown_files(folder: Path, recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(folder.rglob("*.md") if recursive else folder.glob("*.md"))


def corporation_folders(root: Path | str) -> list[Path]:
    """Every corporation's folder, in the order the register reads them."""
    folder = Path(root) / CORPORATIONS_DIR
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


def read_corporations(
    root: Path | str, settings: dict[str, Any], names: Iterable[str]
) -> tuple[dict[str, Corporation | None], list[Problem]]:
    """Some corporations' folders (by name), read and checked as ``load_register`` reads
    them, for a ``load_register`` elsewhere (``read_before``): the build's second process
    reads most of them while Pelican reads the news. Their problems are returned here."""
    loader = _Loader(Path(root), clock_of(settings).today())
    loader.default_lang, loader.languages = site_languages(settings)
    _, known = loader.known_municipalities()
    loader.problems = []  # the list's own problems are told by load_register
    folder = Path(root) / CORPORATIONS_DIR
    read = {name: loader.corporation(folder / name, known) for name in names}
    return read, loader.problems


def load_register(
    root: Path | str,
    settings: dict[str, Any],
    today: date | None = None,
    cache=None,
    read_before: tuple[dict[str, Corporation | None], list[Problem]] | None = None,
) -> tuple[Register, list[Problem]]:
    """Read and check every register file; return the model and every problem found.

    ``cache`` is Pelican's content cache (a FileStampDataCacher) when caching is on;
    ``read_before``: what ``read_corporations`` gave for some of the folders.
    """
    loader = _Loader(Path(root), today or clock_of(settings).today(), cache)
    loader.default_lang, loader.languages = site_languages(settings)
    corporations, problems = read_before or ({}, [])
    register = loader.load(corporations)
    return register, sorted(set(loader.problems + problems))


def _loader_beside(register: Register, root: Path, settings: dict[str, Any], cache=None):
    """A loader for one folder of a register loaded before (its day, the site's languages)."""
    loader = _Loader(root, register.today, cache)
    loader.default_lang, loader.languages = site_languages(settings)
    return loader


def reload_corporation(
    register: Register, folder: Path, root: Path, settings: dict[str, Any], cache=None
) -> Register | None:
    """The register with one corporation read again from its folder; the rest is kept as is.

    None when the folder has any problem, or names another corporation than before (a
    changed or duplicated slug): then the whole register must be read (`load_register`),
    which reports the problems.
    """
    loader = _loader_beside(register, root, settings, cache)
    corporation = loader.corporation(folder, {m.slug for m in register.municipalities})
    if corporation is None or loader.problems:
        return None
    before = [c for c in register.corporations if c.path == corporation.path]
    if len(before) != 1 or before[0].slug != corporation.slug:
        return None
    pending = loader.published(corporation)
    corporations = [corporation if c is before[0] else c for c in register.corporations]
    return dataclasses.replace(
        register,
        corporations=sorted(corporations, key=lambda c: c.name.lower()),
        pending=[r for r in register.pending if r.owner != corporation.slug] + pending,
    )


def folder_problems(
    register: Register, folder: Path, root: Path | str, settings: dict[str, Any]
) -> list[Problem]:
    """Every problem of one folder of stance records, read and checked as `load_register`
    reads it: a corporation's ``stances/`` (its whole folder is read: profile, records in
    order, questions) or the national agreement's. ``register`` (loaded before) gives the
    day and the municipalities; the rest of the register is not read again."""
    root = Path(root)
    loader = _loader_beside(register, root, settings)
    folder = folder.resolve()
    if folder == (root / NATIONAL_DIR).resolve():
        loader.records(folder, NATIONAL)
    elif folder.parent.parent == (root / CORPORATIONS_DIR).resolve():
        loader.corporation(folder.parent, {m.slug for m in register.municipalities})
    else:
        raise ValueError(f"{folder} holds no stance records of the register under {root}")
    return sorted(set(loader.problems))


def known_targets(register: Register) -> dict[str, Any]:
    """What content may link to by slug: every corporation and municipality, and the parts
    of each corporation's page (reading.links.CORPORATION_SECTIONS and page_anchors)."""
    return {
        "corporation": {c.slug for c in register.corporations},
        "municipality": {m.slug for m in register.municipalities},
        CORPORATION_ANCHORS: PageAnchors(register),
        MUNICIPALITY_ANCHORS: dict.fromkeys(
            (m.slug for m in register.municipalities), set(MUNICIPALITY_SECTIONS)
        ),
    }


class PageAnchors(Mapping):
    """A corporation's slug -> the ids of its page, each worked out when a link asks (most
    content has no link into a corporation's page; a register has hundreds)."""

    def __init__(self, register: Register):
        self.register = register
        self.by_slug = {c.slug: c for c in register.corporations}
        self.found: dict[str, set[str]] = {}

    def __getitem__(self, slug: str) -> set[str]:
        if slug not in self.found:
            self.found[slug] = page_anchors(self.by_slug[slug], self.register)
        return self.found[slug]

    def __iter__(self):
        return iter(self.by_slug)

    def __len__(self) -> int:
        return len(self.by_slug)


def page_anchors(corporation: Corporation, register: Register) -> set[str]:
    """The ids a corporation's page has (theme/templates/corporation.html writes them)."""
    names = set(CORPORATION_SECTIONS)
    parts = PAGE_PARTS["corporation"]
    names |= {parts["more"]} if corporation.current(register.today) else set()
    names |= {parts["questions"]} if corporation.faq else set()
    names |= {parts["general_questions"]} if register.faq else set()
    names |= {anchor("vraag", entry.slug) for entry in corporation.faq}
    names |= {anchor("vraag-algemeen", entry.slug) for entry in register.faq}
    names |= {anchor("standpunt", record.slug) for record in corporation.records}
    return names | {anchor("hulp", entry.slug) for entry in register.help}
