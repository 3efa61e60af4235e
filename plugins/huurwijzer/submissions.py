"""Stance updates sent by corporations: validate, sanitize, write as pending, review, approve.

Usage (through make):
  python -m huurwijzer.submissions submit FILE|-     make submit FILE=…
  python -m huurwijzer.submissions review            make review
  python -m huurwijzer.submissions approve ID        make approve ID=…

Nothing a corporation sends is trusted: every text is reduced to plain text, every address
must be http(s)/mailto/tel, and a new record is written next to the old ones, never over them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .frontmatter import Document, load_mapping, parse_text
from .loading import load_register
from .markup import clean_text
from .model import PartialDate, Register, StanceRecord
from .problems import ContentError, Problem
from .register_schema import SUBMISSION_SCHEMA, validator
from .scales import COLLECTION, EVICTION, EXCEPTIONS, SCOPE
from .validation import schema_problems

MAX_BYTES = 64 * 1024
URL_FIELDS = {"policy_url", "website", "help_page"}
_INVISIBLE = {"Cc", "Cs", "Co", "Cn"}


class SubmissionError(ContentError):
    """A submission that cannot be accepted; nothing was written."""


@dataclass
class Accepted:
    path: Path
    record_id: str
    digest: str
    changes: list[str]


def _plain(text: str) -> str:
    """Plain text without tags or invisible control characters (newlines and tabs stay)."""
    kept = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in _INVISIBLE)
    return clean_text(kept.replace("\r\n", "\n").replace("\r", "\n"))


def _clean(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _clean(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, str) and key not in URL_FIELDS:
        return _plain(value)
    return value


def _emptied(raw: Any, clean: Any, location: tuple = ()) -> list[tuple]:
    """Where a text had content that cleaning removed entirely (it was only markup)."""
    if isinstance(raw, dict) and isinstance(clean, dict):
        return [loc for k in raw for loc in _emptied(raw[k], clean.get(k), (*location, k))]
    if isinstance(raw, list) and isinstance(clean, list):
        return [
            loc
            for i, (a, b) in enumerate(zip(raw, clean, strict=False))
            for loc in _emptied(a, b, (*location, i))
        ]
    if isinstance(raw, str) and raw.strip() and clean == "":
        return [location]
    return []


def parse_submission(raw: bytes, path: str) -> dict[str, Any]:
    """Validate a submission document (YAML or JSON); return it with every text cleaned."""
    if len(raw) > MAX_BYTES:
        raise SubmissionError([Problem(path, 1, "", f"larger than {MAX_BYTES} bytes")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubmissionError([Problem(path, 1, "", f"not UTF-8 text: {error.reason}")]) from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise SubmissionError([Problem(path, 1, "", "expected a JSON object")])
            # re-read through the YAML loader: every value as text, with its line
            text = json.dumps(_as_text(data), ensure_ascii=False, indent=1)
        except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
            line = getattr(error, "lineno", 1)
            reason = "nested too deeply" if isinstance(error, RecursionError) else error
            raise SubmissionError([Problem(path, line, "", f"malformed JSON: {reason}")]) from None
    try:
        data, lines = load_mapping(text, path)
    except ContentError as error:
        raise SubmissionError(error.problems) from None
    # Clean first, then validate what will be stored: text that was only markup is refused
    # where it is required and dropped (null) where it is optional.
    clean = _clean(data)
    emptied = _emptied(data, clean)
    doc = Document(path, clean, lines)
    problems = [
        p
        for p in schema_problems(doc, validator("submission"))
        if not any(p.field == ".".join(map(str, loc)) for loc in emptied)
    ]
    for location in emptied:
        if _required(location):
            problems.append(doc.problem(location, "is empty once HTML is removed"))
        else:
            _set(clean, location, None)
    if not problems:
        problems = schema_problems(doc, validator("submission"))
    if not problems:
        start, until = clean["effective_from"], clean.get("effective_until")
        if until and until < start:
            problems.append(doc.problem(("effective_until",), f"'{until}' is before '{start}'"))
    if problems:
        raise SubmissionError(problems)
    # a field left out and a field sent empty mean the same: same document, same hash
    for key in SUBMISSION_SCHEMA["properties"]:
        clean.setdefault(key, None)
    if clean["contact"] is not None and not any(clean["contact"].values()):
        clean["contact"] = None
    return clean


def _required(location: tuple) -> bool:
    schema = SUBMISSION_SCHEMA
    for part in location[:-1]:
        schema = schema.get("properties", {}).get(part, {})
        schema = next((o for o in schema.get("anyOf", []) if o.get("type") != "null"), schema)
    return location[-1] in schema.get("required", [])


def _set(data: Any, location: tuple, value: Any) -> None:
    for part in location[:-1]:
        data = data[part]
    data[location[-1]] = value


def _as_text(value: Any) -> Any:
    """JSON numbers and booleans as text, as the YAML loader keeps them."""
    if isinstance(value, dict):
        return {str(k): _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def digest(submission: dict[str, Any]) -> str:
    """The content hash that recognises a submission sent twice (the sender aside)."""
    content = {k: v for k, v in submission.items() if k != "sender"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _q(value: Any) -> str:
    """A double-quoted YAML scalar in plain ASCII, whatever the text holds.

    Printable ASCII stays as it is; everything else is escaped: \\uXXXX inside the Basic
    Multilingual Plane, \\UXXXXXXXX beyond it (emoji), which YAML reads back exactly.
    """
    if value is None:
        return "null"
    out = []
    for char in str(value):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def record_text(submission: dict[str, Any], name: str, hash_: str, now: datetime) -> str:
    today = now.date().isoformat()
    exceptions = submission.get("exceptions")
    contact = submission.get("contact")
    sender = submission["sender"]
    source = [
        "sources:",
        f"  - title: {_q('Standpunt ingestuurd door ' + name)}",
        f"    publisher: {_q(name)}",
        f"    date: {today}",
    ]
    if submission.get("policy_url"):
        source.append(f"    url: {_q(submission['policy_url'])}")
    lines = [
        "---",
        f"eviction: {submission['eviction']}",
        f"collection: {submission['collection']}",
        f"scope: {submission['scope']}",
        "exceptions: " + ("null" if exceptions is None else "[" + ", ".join(exceptions) + "]"),
        f"effective_from: {submission['effective_from']}",
        f"effective_until: {submission.get('effective_until') or 'null'}",
        "verified_on: null",
        "provenance: corporation",
        "status: pending",
        f"statement: {_q(submission['statement'])}",
        f"received_on: {today}",
        f"received_at: {now.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"submission: {hash_}",
        "contact: "
        + (
            "null"
            if not contact
            else "{" + ", ".join(f"{k}: {_q(v)}" for k, v in sorted(contact.items())) + "}"
        ),
        "sender: {" + ", ".join(f"{k}: {_q(sender[k])}" for k in ("name", "role", "email")) + "}",
        *source,
        "---",
        f"{name} heeft dit standpunt zelf ingestuurd. "
        f"{EVICTION.title}: {EVICTION.label(submission['eviction'])}. "
        f"{COLLECTION.title}: {COLLECTION.label(submission['collection'])}. "
        f"{SCOPE.title}: {SCOPE.label(submission['scope'])}.",
        "",
    ]
    return "\n".join(lines)


def changes_against(submission: dict[str, Any], current: StanceRecord | None) -> list[str]:
    """How a submission differs from the current published stance, field by field."""

    def show(field: str, value: Any) -> str:
        if field == "exceptions":
            return (
                "onbekend"
                if value is None
                else (", ".join(EXCEPTIONS.label(v) for v in value) or "geen")
            )
        vocabulary = {"eviction": EVICTION, "collection": COLLECTION, "scope": SCOPE}.get(field)
        if vocabulary:
            return vocabulary.label(value)
        return str(value).replace("\n", " / ") if value else "geen"

    fields = [
        "eviction",
        "collection",
        "scope",
        "exceptions",
        "effective_from",
        "effective_until",
        "statement",
    ]
    result = []
    for field in fields:
        new = submission.get(field)
        if current is None:
            old = None
        else:
            old = getattr(current, field)
            old = list(old) if isinstance(old, tuple) else (str(old) if old else None)
        if field in ("effective_from", "effective_until"):
            new = str(new) if new else None
        if old != new:
            result.append(f"  {field}: {show(field, old)} -> {show(field, new)}")
    return result or ["  (no differences)"]


def _write_new(folder: Path, name: str, text: str) -> Path:
    """Write a new file atomically; never replace an existing one."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.link(temporary, target)  # fails if the target exists: nothing is overwritten
    finally:
        os.unlink(temporary)
    return target


def ingest(
    raw: bytes, path: str, content: Path, settings: dict[str, Any], now: datetime
) -> Accepted:
    """Accept one submission as a new pending record, or raise SubmissionError."""
    submission = parse_submission(raw, path)
    register, _ = load_register(content, settings, now.date())
    slug = submission["corporation"]
    corporation = next((c for c in register.corporations if c.slug == slug), None)
    if corporation is None:
        known = ", ".join(c.slug for c in register.corporations)
        raise SubmissionError(
            [Problem(path, 1, "corporation", f"unknown corporation '{slug}'; known: {known}")]
        )
    hash_ = digest(submission)
    folder = Path(corporation.path).resolve().parent / "stances"
    seen = re.compile(rf"^submission: {hash_}$", re.M)
    for existing in sorted(folder.glob("*.md")):
        if seen.search(existing.read_text(encoding="utf-8")):
            raise SubmissionError([Problem(path, 1, "", f"already received: {existing}")])
    start = PartialDate.parse(submission["effective_from"])
    others = [r for r in (*corporation.records, *register.pending) if r.owner == slug]
    for other in others:
        if other.effective_from.day is None and (
            other.effective_from.year,
            other.effective_from.month,
        ) == (start.year, start.month):
            raise SubmissionError(
                [
                    Problem(
                        path,
                        1,
                        "effective_from",
                        f"{start} falls in {other.effective_from}, the month of an earlier record "
                        "whose day is unknown; the two cannot be put in order. Choose a date in "
                        "another month, or ask the editors to complete the earlier date.",
                    )
                ]
            )
    name = f"{now.date().isoformat()}-{hash_[:12]}.md"
    text = record_text(submission, corporation.name, hash_, now)
    written = parse_text(text, name)  # the record must read back; a bug here writes nothing
    if problems := schema_problems(written, validator("stance")):
        raise SubmissionError(problems)
    target = _write_new(folder, name, text)
    return Accepted(
        target,
        f"{slug}/{target.stem}",
        hash_,
        changes_against(submission, corporation.current(now.date())),
    )


def review(register: Register) -> list[str]:
    lines = []
    for record in register.pending:
        corporation = next(c for c in register.corporations if c.slug == record.owner)
        current = corporation.current(register.today)
        data = {
            "eviction": record.eviction,
            "collection": record.collection,
            "scope": record.scope,
            "exceptions": record.exceptions and list(record.exceptions),
            "effective_from": record.effective_from,
            "effective_until": record.effective_until,
            "statement": record.statement,
        }
        lines.append(f"{record.id}  ({corporation.name}, received {record.received_at or '?'})")
        lines.extend(changes_against(data, current))
    return lines or ["No pending records."]


_STATUS = re.compile(r"^status: pending$", re.M)
_VERIFIED = re.compile(r"^verified_on: .*$", re.M)


def approve(
    record_id: str, content: Path, today: date, settings: dict[str, Any] | None = None
) -> Path:
    """Publish one pending record: status published, verified today. Touches no other file."""
    register, _ = load_register(content, settings or {}, today)
    record = next((r for r in register.pending if r.id == record_id), None)
    if record is None:
        waiting = ", ".join(r.id for r in register.pending) or "none"
        raise SubmissionError(
            [Problem(record_id, 1, "ID", f"no pending record with this ID; pending: {waiting}")]
        )
    path = Path(record.path).resolve()
    text = path.read_text(encoding="utf-8")
    front, _, body = text.partition("\n---\n")
    if not _STATUS.search(front):
        raise SubmissionError([Problem(str(path), 1, "status", "this record is not pending")])
    front = _STATUS.sub("status: published", front, count=1)
    front = _VERIFIED.sub(f"verified_on: {today.isoformat()}", front, count=1)
    front = re.sub(r"^provenance: .*$", "provenance: corporation", front, count=1, flags=re.M)
    new_text = f"{front}\n---\n{body}"
    parse_text(new_text, str(path))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".approve-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(new_text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return path


def main(argv: list[str] | None = None) -> int:
    from pelican.settings import read_settings

    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in {"submit", "review", "approve"}:
        print(__doc__, file=sys.stderr)
        return 2
    settings = read_settings(os.environ.get("SETTINGS", "pelicanconf.py"))
    content = Path(settings["PATH"])
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        if argv[0] == "submit":
            source = argv[1] if len(argv) > 1 and argv[1] else "-"
            raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
            accepted = ingest(raw, "stdin" if source == "-" else source, content, settings, now)
            print(f"Accepted as pending record {accepted.record_id}: {accepted.path}")
            print("Differences from the current published stance:")
            print("\n".join(accepted.changes))
            print(
                f"Review with `make review`, publish with `make approve ID={accepted.record_id}`."
            )
        elif argv[0] == "review":
            register, _ = load_register(content, settings, now.date())
            print("\n".join(review(register)))
        else:
            if len(argv) < 2 or not argv[1]:
                print(
                    "error: give the record: make approve ID=<corporation>/<record>",
                    file=sys.stderr,
                )
                return 2
            path = approve(argv[1], content, now.date(), settings)
            print(f"Published {path}. Run `make html` to update the site.")
    except (ContentError, OSError) as error:
        print(f"error: nothing was written.\n{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
