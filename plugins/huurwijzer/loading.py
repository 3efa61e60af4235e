"""Read the register's files once, validate them together, and build the model.

Layout under the content folder:
  municipalities.md                       the municipalities corporations may name
  national-agreement/<date>.md            the national agreement's stance records
  faq/<slug>.md                           general questions
  corporations/<slug>/profile.md          one corporation
  corporations/<slug>/stances/<id>.md     its stance records (append-only)
  corporations/<slug>/faq/<slug>.md       its questions
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from .frontmatter import Document, parse_file
from .markup import clean_text, markdown_renderer, render_checked
from .model import Corporation, FaqEntry, Municipality, PartialDate, Register, Source, StanceRecord
from .problems import ContentError, Problem
from .reader import display_path
from .register_schema import validator
from .validation import describe_bad_date, schema_problems

NATIONAL = "landelijke-afspraak"
CORPORATIONS_DIR = "corporations"
NATIONAL_DIR = "national-agreement"
FAQ_DIR = "faq"
MUNICIPALITIES_FILE = "municipalities.md"
REGISTER_DIRS = (CORPORATIONS_DIR, NATIONAL_DIR, FAQ_DIR)


def build_date(settings: dict[str, Any]) -> date:
    """The date the site is built for: REGISTER_TODAY, else SOURCE_DATE_EPOCH, else today."""
    if settings.get("REGISTER_TODAY"):
        return date.fromisoformat(str(settings["REGISTER_TODAY"]))
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return date.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]))
    return date.fromtimestamp(time.time())


class _Loader:
    def __init__(self, root: Path, settings: dict[str, Any], today: date, cache=None):
        self.root = root
        self.settings = settings
        self.today = today
        self.problems: list[Problem] = []
        self.markdown = markdown_renderer()
        self.cache = cache  # Pelican's FileStampDataCacher, or None

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
        found = schema_problems(doc, validator(kind))
        if found:
            self.problems.extend(found)
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
                Problem(display_path(str(path)), 1, "", "the list of municipalities is missing")
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
                    doc.problem(("municipalities", i, "slug"), f"'{item['slug']}' is listed twice")
                )
            seen.add(item["slug"])
            result.append(Municipality(item["slug"], item["name"], item["province"]))
        return sorted(result, key=lambda m: m.name)

    def record(self, path: Path, owner: str) -> StanceRecord | None:
        read = self.read(path, "stance")
        if read is None:
            return None
        doc, summary_html = read
        data = doc.data
        try:
            start = PartialDate.parse(data["effective_from"])
            until = (
                PartialDate.parse(data["effective_until"]) if data.get("effective_until") else None
            )
        except ValueError:  # the pattern allows 2021-02-30; the calendar does not
            for name in ("effective_from", "effective_until"):
                value = data.get(name)
                if value and len(value) == 10:
                    try:
                        date.fromisoformat(value)
                    except ValueError:
                        self.problems.append(doc.problem((name,), describe_bad_date(value)))
            return None
        verified = date.fromisoformat(data["verified_on"]) if data.get("verified_on") else None
        received = date.fromisoformat(data["received_on"]) if data.get("received_on") else None
        if until is not None and until.last < start.first:
            self.problems.append(
                doc.problem(("effective_until",), f"'{until}' is before effective_from '{start}'")
            )
        if bool(data.get("verified_on")) != bool(data.get("verified_how")):
            self.problems.append(
                doc.problem(
                    ("verified_on",) if data.get("verified_on") else ("verified_how",),
                    "verified_on and verified_how go together: when the editors checked, and how"
                    " (set both with make verify)",
                )
            )
        for name, value in (("verified_on", verified), ("received_on", received)):
            if value is not None and value > self.today:
                self.problems.append(
                    doc.problem((name,), f"'{value}' is after the build date {self.today}")
                )
        if data["status"] == "published" and not data.get("sources"):
            self.problems.append(
                doc.problem(
                    ("status",), "a published record needs at least one source under 'sources'"
                )
            )
        if data.get("statement") and data["provenance"] != "corporation":
            self.problems.append(
                doc.problem(
                    ("statement",),
                    "only a record with provenance 'corporation' can quote the "
                    "corporation's own words",
                )
            )
        if data["status"] == "published" and not doc.body.strip():
            self.problems.append(
                doc.problem(
                    (), "a published record needs a summary (the text below the front matter)"
                )
            )
        exceptions = data.get("exceptions")
        return StanceRecord(
            id=f"{owner}/{path.stem}",
            owner=owner,
            path=doc.path,
            eviction=data["eviction"],
            collection=data["collection"],
            scope=data["scope"],
            exceptions=tuple(exceptions) if exceptions is not None else None,
            effective_from=start,
            effective_until=until,
            verified_on=verified,
            provenance=data["provenance"],
            status=data["status"],
            sources=tuple(Source(**s) for s in data.get("sources") or ()),
            summary_html=summary_html,
            summary_text=" ".join(clean_text(summary_html).split()),
            statement=data.get("statement"),  # plain text: escaped wherever it is shown
            received_on=received,
            received_at=data.get("received_at"),
            contact=dict(data["contact"]) if data.get("contact") else None,
            submission=data.get("submission"),
            verified_how=data.get("verified_how"),
            approved_on=date.fromisoformat(data["approved_on"]) if data.get("approved_on") else None,
            approved_by=data.get("approved_by"),
            from_line=doc.line_of(("effective_from",)),
        )

    def records(self, folder: Path, owner: str) -> list[StanceRecord]:
        records = [r for p in _markdown_files(folder) if (r := self.record(p, owner))]
        self.check_order(records)
        return records

    def check_order(self, records: list[StanceRecord]) -> None:
        """Two records that cannot be put in time order make 'current' ambiguous."""
        live = sorted((r for r in records if r.status != "draft"), key=_order_key)
        for earlier, later in zip(live, live[1:], strict=False):
            a, b = earlier.effective_from, later.effective_from
            same_month = (a.year, a.month) == (b.year, b.month)
            vague = same_month and (a.day is None or b.day is None) and a != b
            tie = _order_key(earlier) == _order_key(later)
            if vague or tie:
                self.problems.append(
                    Problem(
                        later.path,
                        later.from_line,
                        "effective_from",
                        f"cannot be ordered against {earlier.path} (effective_from '{a}' and "
                        f"'{b}'); give both a full date, or different dates",
                    )
                )

    def faq(self, folder: Path, owner: str | None) -> list[FaqEntry]:
        entries = []
        for path in _markdown_files(folder):
            read = self.read(path, "faq")
            if read is None:
                continue
            doc, answer = read
            if not doc.body.strip():
                self.problems.append(
                    doc.problem((), "the answer (text below the front matter) is empty")
                )
            if doc.data.get("status", "published") != "published":
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
                    Problem(
                        entry.path, 1, "slug", f"'{entry.slug}' is also used by {seen[entry.slug]}"
                    )
                )
            seen[entry.slug] = entry.path
        return sorted(entries, key=lambda e: (e.order, e.question))

    def corporation(self, folder: Path, known: set[str]) -> Corporation | None:
        profile = folder / "profile.md"
        if not profile.exists():
            for path in _markdown_files(folder, recursive=True):
                self.problems.append(
                    Problem(
                        display_path(str(path)),
                        1,
                        "",
                        f"corporation '{folder.name}' does not exist: {folder.name}/profile.md "
                        "is missing",
                    )
                )
            return None
        read = self.read(profile, "profile")
        if read is None:
            return None
        doc, description = read
        data = doc.data
        for i, slug in enumerate(data["municipalities"]):
            if slug not in known:
                self.problems.append(
                    doc.problem(
                        ("municipalities", i),
                        f"unknown municipality '{slug}'; add it to {MUNICIPALITIES_FILE} or fix "
                        "the spelling",
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
        corporation.records = self.records(folder / "stances", slug)
        corporation.faq = self.faq(folder / "faq", slug)
        return corporation

    def load(self) -> Register:
        municipalities = self.municipalities()
        known = {m.slug for m in municipalities}
        corporations: list[Corporation] = []
        slugs: dict[str, str] = {}
        folder = self.root / CORPORATIONS_DIR
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.exists() else []:
            corporation = self.corporation(sub, known)
            if corporation is None:
                continue
            if corporation.slug in slugs:
                self.problems.append(
                    Problem(
                        corporation.path,
                        1,
                        "slug",
                        f"'{corporation.slug}' is also the slug of {slugs[corporation.slug]}",
                    )
                )
                continue
            slugs[corporation.slug] = corporation.path
            corporations.append(corporation)
        national = self.records(self.root / NATIONAL_DIR, NATIONAL)
        pending = [r for c in corporations for r in c.records if r.status == "pending"]
        for corporation in corporations:
            corporation.records = _newest_first(r for r in corporation.records if r.published)
        return Register(
            corporations=sorted(corporations, key=lambda c: c.name.lower()),
            municipalities=municipalities,
            national=_newest_first(r for r in national if r.published),
            faq=self.faq(self.root / FAQ_DIR, None),
            pending=pending,
            today=self.today,
        )


def _order_key(record: StanceRecord) -> tuple:
    """Start date first; records sent on one day are ordered by the moment they arrived."""
    return (record.effective_from.sort_key(), record.received_at or "")


def _newest_first(records: Iterable[StanceRecord]) -> list[StanceRecord]:
    return sorted(records, key=_order_key, reverse=True)


def _markdown_files(folder: Path, recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(folder.rglob("*.md") if recursive else folder.glob("*.md"))


def load_register(
    root: Path | str, settings: dict[str, Any], today: date | None = None, cache=None
) -> tuple[Register, list[Problem]]:
    """Read and check every register file; return the model and every problem found.

    ``cache`` is Pelican's content cache (a FileStampDataCacher) when caching is on.
    """
    loader = _Loader(Path(root), settings, today or build_date(settings), cache)
    register = loader.load()
    return register, sorted(set(loader.problems))
