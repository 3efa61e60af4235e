"""What happens to an item: taken in, reviewed, approved, rejected; a record verified.

The command line and the receiver both call these functions, so a document is judged the
same way whichever door it came through.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from huurwijzer.core.clock import clock_of
from huurwijzer.core.problems import Problem
from huurwijzer.intake import records
from huurwijzer.intake.clean import SubmissionError, digest, public_part
from huurwijzer.intake.inbox import (
    APPROVED,
    CORRECTION,
    PENDING,
    REJECTED,
    STANCE,
    UNCONFIRMED,
    VIA_FILE,
    Duplicate,
    Inbox,
    InboxError,
    Item,
    address_key,
)
from huurwijzer.reading.frontmatter import Document
from huurwijzer.stances.loading import load_register
from huurwijzer.stances.model import (
    FACTS_BY_FIELD,
    Corporation,
    PartialDate,
    Register,
    StanceRecord,
)
from huurwijzer.stances.register_schema import STANCE_FIELDS
from huurwijzer.stances.scales import CORPORATION, EDITORIAL, UNKNOWN
from huurwijzer.stances.submission_schema import OTHER, PROPOSED


class DuplicateSubmission(SubmissionError):
    """The same document (sender aside) is in the inbox already."""


@dataclass(frozen=True)
class Taken:
    item: Item
    token: str | None  # the confirmation token to mail (only its hash is stored)
    changes: list[str]


def corporation_of(register: Register, slug: str) -> Corporation | None:
    return next((c for c in register.corporations if c.slug == slug), None)


def register_problems(doc: Document, register: Register) -> list[Problem]:
    """What the register says against a submission: unknown corporation, unorderable date."""
    slug = doc.data["corporation"]
    if slug == OTHER:
        return []  # a proposed new corporation: nothing in the register to check against
    corporation = corporation_of(register, slug)
    if corporation is None:
        known = ", ".join(c.slug for c in register.corporations)
        return [doc.problem(("corporation",), "unknown-corporation", slug=slug, known=known)]
    start = PartialDate.parse(doc.data["effective_from"])
    for other in corporation.records:
        earlier = other.effective_from
        if earlier.day is None and (earlier.year, earlier.month) == (start.year, start.month):
            return [
                doc.problem(
                    ("effective_from",), "month-of-vague-record", start=start, earlier=earlier
                )
            ]
    return []


def take_submission(
    doc: Document,
    inbox: Inbox,
    register: Register,
    via: str,
    confirm_hours: int | None = None,
    *,
    now: datetime,
) -> Taken:
    """Store a checked submission in the inbox; raise SubmissionError when it cannot be.

    With ``confirm_hours`` the item waits, unconfirmed, until its sender follows the link.
    """
    if problems := register_problems(doc, register):
        raise SubmissionError(problems)
    submission = doc.data
    token = secrets.token_urlsafe(32) if confirm_hours else None
    try:
        item = inbox.add(
            STANCE,
            public_part(submission),
            digest(submission),
            submission.get("sender"),
            via,
            state=UNCONFIRMED if token else PENDING,
            confirm_hash=token_hash(token) if token else None,
            confirm_expires=now + timedelta(hours=confirm_hours) if token else None,
            now=now,
        )
    except Duplicate as duplicate:
        raise DuplicateSubmission(
            [Problem.of(doc.path, 1, "", "already-received", receipt=duplicate.receipt)]
        ) from None
    corporation = corporation_of(register, submission["corporation"])
    current = corporation.current(register.today) if corporation else None
    return Taken(item, token, changes_against(submission, current))


def take_correction(report: dict[str, Any], inbox: Inbox, now: datetime) -> Item:
    """Store a correction report ("Klopt dit niet?"); its e-mail address is the sender's."""
    email = report.get("email")
    document = {k: v for k, v in report.items() if k not in ("email", "via")}
    canonical = repr(sorted(document.items())).encode()
    return inbox.add(
        CORRECTION,
        document,
        hashlib.sha256(canonical).hexdigest(),
        {"email": email} if email else None,
        report.get("via", "web"),
        now=now,
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def show(field: str, value: Any) -> str:
    """A value as the review shows it, in the register's own words."""
    if value is None:
        return "onbekend"
    if isinstance(value, list | tuple):
        return ", ".join(records.label(field, v) for v in value) or "geen"
    if field in STANCE_FIELDS and "x-options" in STANCE_FIELDS[field]:
        return records.label(field, value)
    return str(value).replace("\n", " / ")


def changes_against(submission: dict[str, Any], current: StanceRecord | None) -> list[str]:
    """How a submission differs from the current published stance, field by field."""
    result = []
    for field in STANCE_FIELDS:
        new = _comparable(submission.get(field))
        old = _comparable(current_value(current, field))
        if old != new:
            result.append(f"  {field}: {show(field, old)} -> {show(field, new)}")
    return result or ["  (no differences)"]


def current_value(current: StanceRecord | None, field: str) -> Any:
    """A field of the current record in a submission's terms (codes, lists, date strings)."""
    if current is None:
        return None
    if field in FACTS_BY_FIELD:
        return current.value(field)
    if field == "effective_from":
        return str(current.effective_from)
    if field == "effective_until":
        return current.end.export()
    if field == "at_least_until":
        return str(current.end.at_least) if current.end.at_least else None
    return getattr(current, field, None)


def _comparable(value: Any) -> Any:
    """Not stated is one thing, however it is written (absent, null or 'unknown')."""
    if isinstance(value, tuple):
        return list(value)
    return None if value == UNKNOWN else value


def domain_tied(item: Item, corporation: Corporation) -> bool:
    """The sender's domain is one the editors tied to the corporation (compared in IDNA
    ASCII, case-folded: a look-alike such as a Kelvin sign does not match)."""
    email = item.sender.get("email") or ""
    if "@" not in email:
        return False
    domain = address_key(email).rpartition("@")[2]
    return domain in {address_key(f"x@{d}").rpartition("@")[2] for d in corporation.email_domains}


def speaks_for_corporation(item: Item, corporation: Corporation, confirmed_how: str = "") -> bool:
    """The sender's address is confirmed and its domain tied to the corporation.

    Confirmed means: the sender followed the mailed link (web), or, for a file, the editors
    say how they confirmed it (``confirmed_how``, recorded with the decision). A file's
    claimed sender alone is never confirmed.
    """
    confirmed = item.confirmed_at is not None or (
        item.via == VIA_FILE and bool(confirmed_how.strip())
    )
    return confirmed and domain_tied(item, corporation)


def review(inbox: Inbox, register: Register, stale_after: int = 365) -> list[str]:
    """The inbox as the editors read it: what waits, how it differs, what was not sent."""
    lines: list[str] = []
    for item in inbox.items(PENDING, UNCONFIRMED):
        if item.kind == CORRECTION:
            doc = item.document
            lines.append(f"{item.receipt}  correction report, received {item.received_at}")
            lines.append(f"  about: {doc.get('corporation') or '?'} — {doc.get('what')}")
            if doc.get("source"):
                lines.append(f"  source: {doc['source']}")
            continue
        corporation = corporation_of(register, item.corporation or "")
        if item.corporation == OTHER:
            name = f"PROPOSED NEW corporation {item.document.get(PROPOSED)!r}"
        else:
            name = corporation.name if corporation else f"unknown corporation {item.corporation}"
        if item.state == UNCONFIRMED:
            confirmed = (
                "WAITING for the sender's confirmation link"
                if item.confirm_sent_at
                else "confirmation mail NOT sent yet (mail was down): make inbox-notify sends a "
                "new link"
            )
        elif item.confirmed_at:
            confirmed = "sender confirmed"
        elif item.via == VIA_FILE:
            confirmed = (
                "sender NOT confirmed (a file: say how you confirmed it with "
                f'make approve ID={item.receipt} CONFIRMED="…")'
            )
        else:
            confirmed = "sender NOT confirmed (no mail configured)"
        tied = (
            "domain tied" if corporation and domain_tied(item, corporation) else "domain NOT tied"
        )
        lines.append(
            f"{item.receipt}  {name}, received {item.received_at} via {item.via}; "
            f"{confirmed}, {tied}"
        )
        current = corporation.current(register.today) if corporation else None
        lines.extend(changes_against(item.document, current))
    unsent = inbox.unsent()
    if unsent:
        lines.append("Notices to the editors not sent yet: " + ", ".join(i.receipt for i in unsent))
    if not lines:
        lines.append("The inbox is empty: nothing waits for review.")
    due = register.due_for_check(stale_after)
    if due:
        lines.append(
            f"Published stances due for a check (never checked, or not in {stale_after} days), "
            "oldest first; check one, then `make verify ID=… HOW=…`:"
        )
        lines += [
            f"  {record.id}  {corporation.name}, said {record.said_on}, "
            + (f"last checked {record.verified_on}" if record.verified_on else "never checked")
            for corporation, record in due
        ]
    return lines


def _approvable(item: Item, as_slug: str | None, register: Register) -> Corporation:
    """The corporation a pending stance update is approved for; InboxError when it cannot be."""
    if item.kind != STANCE:
        raise InboxError(f"{item.receipt} is a correction report; reject it when handled")
    if item.state != PENDING:
        raise InboxError(f"{item.receipt} is {item.state}, not pending")
    slug = as_slug or item.corporation or ""
    if slug == OTHER:
        name = item.document.get(PROPOSED)
        raise InboxError(
            f"{item.receipt} proposes a new corporation ({name!r}): create it first with "
            f'make corporation NAME="…", then make approve ID={item.receipt} AS=<its slug>'
        )
    corporation = corporation_of(register, slug)
    if corporation is None:
        raise InboxError(f"{item.receipt}: corporation '{slug}' is not in the register")
    if as_slug and item.corporation != OTHER and as_slug != item.corporation:
        raise InboxError(f"{item.receipt} was sent for '{item.corporation}', not '{as_slug}'")
    return corporation


def approve(
    receipt: str,
    inbox: Inbox,
    content: Path,
    settings: dict[str, Any],
    by: str,
    now: datetime | None = None,
    as_slug: str | None = None,
    confirmed_how: str = "",
) -> Path:
    """Publish one pending submission as a new record file, and mark it approved.

    ``as_slug`` names the corporation for a proposed new one, once the editors created it.
    ``confirmed_how`` is how the editors confirmed the sender of a file (recorded with the
    decision); without it a file is published as the editors' reading, never as the
    corporation's own words.
    """
    clock = clock_of(settings)
    now = now or clock.now()
    item = inbox.get(receipt)
    register = load_register(content, settings)[0]  # once: write_record reads one folder
    corporation = _approvable(item, as_slug, register)
    speaks = speaks_for_corporation(item, corporation, confirmed_how)
    provenance = CORPORATION if speaks else EDITORIAL
    today = clock.today()
    front = records.record_front(
        item.document,
        corporation.name,
        digest=item.digest,
        received_at=item.received,
        approved_on=min(today, now.date()),
        approved_by=by,
        provenance=provenance,
    )
    text = records.emit(front, records.summary(corporation.name, item.document, provenance))
    folder = Path(corporation.path).resolve().parent / "stances"
    name = f"{item.received.date().isoformat()}-{item.receipt.removeprefix('HW-').lower()}.md"
    path = records.write_record(content, settings, register, folder, name, text)
    record_id = f"{corporation.slug}/{path.stem}"
    try:
        reason = (
            f"sender confirmed by the editors: {confirmed_how.strip()}"
            if speaks and item.via == VIA_FILE
            else None
        )
        inbox.decide(item.receipt, APPROVED, by, reason=reason, record=record_id, now=now)
    except BaseException:
        path.unlink()  # the inbox says pending: the record must not stay
        raise
    return path


def reject(receipt: str, inbox: Inbox, reason: str, by: str, now: datetime) -> Item:
    if not reason.strip():
        raise InboxError('give a reason: make reject ID=… REASON="…"')
    return inbox.decide(receipt, REJECTED, by, reason=reason.strip(), now=now)


def verify(
    record_id: str, how: str, content: Path, settings: dict[str, Any], today: date | None = None
) -> Path:
    """Record that the editors checked a published record: verified_on and verified_how."""
    if not how.strip():
        raise InboxError('say what was checked: make verify ID=… HOW="…"')
    register, _ = load_register(content, settings)
    published = [r for c in register.corporations for r in c.records] + register.national
    record = next((r for r in published if r.id == record_id), None)
    if record is None:
        raise InboxError(f"no published record with id {record_id!r}")
    day = today or clock_of(settings).today()
    return records.rewrite_record(
        content,
        settings,
        register,
        Path(record.path).resolve(),
        {"verified_on": day.isoformat(), "verified_how": how.strip()},
    )
