"""Stance record files: build one from an approved submission, amend one, write both safely.

A new record's front matter is emitted by PyYAML's ``safe_dump`` (never assembled from
strings); an existing one is amended by a round trip through ruamel.yaml (never by scanning
lines). Either is read back
through the same parser and schema as every content file before anything is written, and
written through ``huurwijzer.core.atomic``. After the write the whole register is checked again;
a record that would make the build fail is taken back out, so approving or verifying can
never break ``make check``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from huurwijzer.core import atomic
from huurwijzer.core.clock import clock_of
from huurwijzer.core.problems import Problem
from huurwijzer.intake.clean import SubmissionError
from huurwijzer.reading.frontmatter import FENCE, parse_text
from huurwijzer.reading.validation import schema_problems
from huurwijzer.stances.loading import folder_problems
from huurwijzer.stances.model import Register, is_stated
from huurwijzer.stances.register_schema import (
    BASIS_FIELDS,
    STANCE_FIELDS,
    STANCE_SCHEMA,
    validator,
)
from huurwijzer.stances.scales import CORPORATION, PUBLISHED, SET, STANCE_FACTS, UNKNOWN

FACT_FIELDS = [v.field for v in STANCE_FACTS if v.kind != SET]


def emit(front: dict[str, Any], body: str) -> str:
    """A content file: YAML front matter (plain ASCII, every other character escaped), body."""
    yaml_text = yaml.safe_dump(
        front, sort_keys=False, allow_unicode=False, default_flow_style=False, width=100
    )
    return f"{FENCE}\n{yaml_text}{FENCE}\n{body.rstrip()}\n"


def options(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The documented options of a field's schema (also inside a nullable list)."""
    if "x-options" in schema:
        return schema["x-options"]
    for inner in (*schema.get("anyOf", ()), schema.get("items")):
        if isinstance(inner, dict) and (found := options(inner)):
            return found
    return []


def label(field: str, value: Any) -> str:
    """The Dutch label of a stance value, read from the schema's options."""
    found = options(STANCE_FIELDS.get(field, {}))
    return next((o["label"] for o in found if o["value"] == value), str(value))


def summary(name: str, submission: dict[str, Any], provenance: str) -> str:
    """The editors' summary of a submitted stance: who sent it, and every level in words."""
    if provenance == CORPORATION:
        opening = f"{name} heeft dit standpunt zelf doorgegeven."
    else:
        opening = (
            f"Dit standpunt is via het formulier doorgegeven voor {name}. De redactie kon niet "
            "vaststellen dat de afzender namens de corporatie spreekt."
        )
    levels = [
        f"{schema['title']}: {label(field, submission.get(field))}."
        for field, schema in STANCE_FIELDS.items()
        if "x-options" in schema and is_stated(submission.get(field))
    ]
    return " ".join([opening, *levels])


def record_front(
    submission: dict[str, Any],
    name: str,
    *,
    digest: str,
    received_at: datetime,
    approved_on: date,
    approved_by: str,
    provenance: str,
) -> dict[str, Any]:
    """The front matter of a published record, in the schema's order; never the sender."""
    received_on = received_at.date().isoformat()
    source = {
        "title": "Standpunt doorgegeven via het formulier van Huurwijzer",
        "publisher": name if provenance == CORPORATION else "Afzender via het formulier",
        "date": received_on,
    }
    if submission.get("policy_url"):
        source["url"] = submission["policy_url"]
    if provenance == CORPORATION:
        said = f"{name} gaf dit zelf door via het formulier op {received_on}."
    else:
        said = (
            f"Doorgegeven via het formulier op {received_on}; niet bevestigd als woorden "
            f"van {name}."
        )
    stated = [
        field
        for field in BASIS_FIELDS
        if is_stated(submission.get(field)) and submission.get(field) != ""
    ]
    written = {field: submission.get(field) for field in STANCE_FIELDS}
    for field in (*FACT_FIELDS, "effective_until"):  # not stated is written out as such
        if written.get(field) is None:
            written[field] = UNKNOWN
    values: dict[str, Any] = {
        **written,
        "basis": {field: said for field in stated} or None,
        "verified_on": None,  # approving is not checking: only `make verify` sets these
        "verified_how": None,
        "approved_on": approved_on.isoformat(),
        "approved_by": approved_by,
        "provenance": provenance,
        "status": PUBLISHED,
        "sources": [source],
        "received_on": received_on,
        "received_at": received_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "submission": digest,
        "contact": submission.get("contact"),
    }
    if provenance != CORPORATION:
        values["statement"] = None  # only the corporation's own words may be quoted
    return {key: values[key] for key in STANCE_SCHEMA["properties"] if key in values}


def check_text(text: str, path: str, today: date) -> None:
    """The text must read back as a valid record, through the parser every build uses."""
    doc = parse_text(text, path)
    if problems := schema_problems(doc, validator("stance"), today):
        raise SubmissionError(problems)


def _checked_in_place(
    register: Register, content: Path, settings: dict[str, Any], path: Path, change: Callable
) -> list[Problem]:
    """Make ``change`` (a write of ``path``) and return the problems it brought to the
    register: those of the record's folder afterwards that it did not have before. Only that
    folder is read again (``register`` is the rest, loaded once): every problem a record
    file can bring lies there (its own, and the order of its corporation's records)."""
    folder = path.parent
    before = set(folder_problems(register, folder, content, settings))
    change()
    return [p for p in folder_problems(register, folder, content, settings) if p not in before]


def write_record(
    content: Path, settings: dict[str, Any], register: Register, folder: Path, name: str, text: str
) -> Path:
    """Add a new record file; take it back out when the register would not accept it."""
    target = folder / name
    check_text(text, str(target), clock_of(settings).today())
    atomic.remove_leftovers(folder)  # what a killed earlier write may have left
    problems = _checked_in_place(
        register, content, settings, target, lambda: atomic.write_new(target, text)
    )
    if problems:
        target.unlink()
        raise SubmissionError(problems)
    return target


def amend(path: Path, changes: dict[str, Any]) -> str:
    """The file's text with top-level fields set to new values, through a round-trip YAML
    library (ruamel.yaml): comments, order and every other value stay as they were, and any
    value (a newline, quotes, a colon) is written so that it reads back the same.

    A field that is not there yet is added at the end of the front matter.
    """
    text = path.read_text(encoding="utf-8")
    doc = parse_text(text, str(path))  # refuses what the build would refuse, with its line
    lines = text.splitlines(keepends=True)
    closing = doc.body_line - 2  # index of the closing fence line
    front = "".join(lines[1:closing])
    yaml_rt = YAML(typ="rt")
    yaml_rt.width = 100
    yaml_rt.preserve_quotes = True
    data = yaml_rt.load(front) or CommentedMap()
    for key, value in changes.items():
        data[key] = value
    buffer = io.StringIO()
    yaml_rt.dump(data, buffer)
    return "".join([lines[0], buffer.getvalue(), *lines[closing:]])


def rewrite_record(
    content: Path,
    settings: dict[str, Any],
    register: Register,
    path: Path,
    changes: dict[str, Any],
) -> Path:
    """Change fields of an existing record atomically; put the old text back if refused."""
    old = path.read_text(encoding="utf-8")
    new = amend(path, changes)
    check_text(new, str(path), clock_of(settings).today())
    problems = _checked_in_place(
        register, content, settings, path, lambda: atomic.replace(path, new)
    )
    if problems:
        atomic.replace(path, old)
        raise SubmissionError(problems)
    return path
