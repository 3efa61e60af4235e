"""Validate parsed front matter against a JSON Schema and word each error for an editor."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker

from huurwijzer.core.clock import AHEAD, EARLIEST
from huurwijzer.core.codes import Phrase, rule_code
from huurwijzer.core.problems import Problem
from huurwijzer.reading.frontmatter import Document

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


def _is_sane_date(value: Any, today: date) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(ISO_DATE, value):
        return False
    try:
        return EARLIEST <= date.fromisoformat(value) <= today + AHEAD
    except ValueError:
        return False


def _formats(today: date) -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("date")(partial(_is_sane_date, today=today))
    return checker


def date_field(description: str) -> dict[str, Any]:
    """A schema for an ISO calendar date (YYYY-MM-DD) that must also exist."""
    return {"type": "string", "format": "date", "description": description}


class Validator:
    """A JSON Schema validator: jsonschema-rs (compiled, Rust) says whether a document is
    valid; Python's jsonschema words every error of one that is not (and has the last word).

    Nearly every document a build reads is valid, and the compiled check is about forty
    times faster (0.01 against 0.4 ms for a stance record). A date is sane from 1900 up to a
    year after ``today`` (the clock's), so both validators are made per day.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        Draft202012Validator.check_schema(schema)
        self.schema = schema
        self._by_day: dict[date, tuple[Any, Any]] = {}

    def pair(self, today: date) -> tuple[Any, Any]:
        """(Python's validator, the compiled one or None) for dates up to a year after today."""
        found = self._by_day.get(today)
        if found is None:
            python = Draft202012Validator(self.schema, format_checker=_formats(today))
            try:
                compiled = jsonschema_rs.validator_for(
                    self.schema,
                    validate_formats=True,
                    formats={"date": partial(_is_sane_date, today=today)},
                )
            except Exception:  # noqa: BLE001  (a schema it cannot compile: Python alone)
                compiled = None
            found = self._by_day[today] = (python, compiled)
        return found

    def valid_at_once(self, data: Any, today: date) -> bool:
        """True only when the compiled validator passes ``data``; False means: ask Python."""
        compiled = self.pair(today)[1]
        if compiled is None:
            return False
        try:
            return compiled.is_valid(data)
        except Exception:  # noqa: BLE001  (a value it cannot take, such as a date object)
            return False

    def iter_errors(self, data: Any, today: date) -> Iterator[Any]:
        if self.valid_at_once(data, today):
            return iter(())
        return self.pair(today)[0].iter_errors(data)

    def is_valid(self, data: Any, today: date) -> bool:
        return self.valid_at_once(data, today) or self.pair(today)[0].is_valid(data)


def validator_for(schema: dict[str, Any]) -> Validator:
    """The validator of one schema, made once (the build asks for it per file)."""
    found = _made.get(id(schema))
    if found is None or found.schema is not schema:
        found = _made[id(schema)] = Validator(schema)
    return found


_made: dict[int, Validator] = {}


def schema_problems(
    doc: Document, validator: Validator, today: date, data: Any = None, base: tuple = ()
) -> list[Problem]:
    """Every schema error in ``data`` (default: the whole front matter), each with its line.

    ``today`` is the clock's: a date more than a year after it is refused.
    """
    data = doc.data if data is None else data
    problems = []
    for error in validator.iter_errors(data, today):
        problems += _explain(doc, base, error, today)
    return problems


def _explain(doc: Document, base: tuple, error: Any, today: date) -> list[Problem]:
    """One schema error as problems with codes; ``base`` is where ``data`` lies in ``doc``."""
    location = (*base, *error.absolute_path)
    instance = error.instance
    kind = error.validator
    schema = error.schema
    if kind in ("anyOf", "oneOf") and "x-message" in schema:  # the choices explained at once
        return [_rule_problem(doc, location, instance, schema["x-message"])]
    if kind in ("anyOf", "oneOf") and error.context:
        # "text or empty": explain why the value is not the non-empty alternative
        real = [
            e for e in error.context if not (e.validator == "type" and e.validator_value == "null")
        ]
        if real:
            return _explain(doc, base, min(real, key=lambda e: len(e.relative_schema_path)), today)
    if kind == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return [doc.problem((*location, name), "required") for name in missing]
    if kind == "additionalProperties":
        return _unknown_fields(doc, location, instance, schema)
    if kind == "enum" and "propertyNames" in error.relative_schema_path and "x-message" in schema:
        # a name not allowed in this group (a basis for a field that needs none): its own rule
        return [_rule_problem(doc, (*location, instance), instance, schema["x-message"])]
    if kind == "enum":
        return [_choice_problem(doc, location, instance, error.validator_value)]
    if kind == "format" and error.validator_value == "date":
        return [date_problem(doc, location, instance, today)]
    if kind == "type":
        return [_type_problem(doc, location, instance, error.validator_value)]
    if kind == "minLength" or (kind in ("minItems", "minProperties") and not instance):
        return [doc.problem(location, "empty")]  # '', [] or {} (a translation's basis: {})
    if "x-message" in schema:
        return [_rule_problem(doc, location, instance, schema["x-message"])]
    if kind == "maxLength":
        limit = error.validator_value
        return [doc.problem(location, "too-long", length=len(instance), limit=limit)]
    if kind == "uniqueItems":
        return [doc.problem(location, "repeated-item", value=_show(instance))]
    detail = Phrase.named("schema-other", detail=error.message)
    return [doc.problem(location, "schema-error", message=detail)]


# Fields the commands write (make submit / approve / verify), not the editors: an unknown
# field's list of choices leaves them out. The old single 'collection' has its own message.
WRITTEN_BY_COMMANDS = frozenset(
    {"sender", "submission", "received_at", "received_on", "approved_on", "approved_by"}
    | {"collection"}
)


def _unknown_fields(doc: Document, location: tuple, instance: Any, schema: Any) -> list:
    """Each unknown field, with the fields an editor may write and the nearest of them."""
    known = schema.get("properties", {})
    choices = sorted(name for name in known if name not in WRITTEN_BY_COMMANDS)
    allowed = ", ".join(choices)
    problems = []
    for name in (n for n in instance if n not in known):
        near = difflib.get_close_matches(str(name), choices, n=1, cutoff=0.6)
        if near:
            problems.append(
                doc.problem((*location, name), "unknown-field-near", near=near[0], allowed=allowed)
            )
        else:
            problems.append(doc.problem((*location, name), "unknown-field", allowed=allowed))
    return problems


def _rule_problem(doc: Document, location: tuple, instance: Any, rule: str) -> Problem:
    """A schema's own rule (its ``x-message``), by the code core/codes.py words it with."""
    found = rule_code(rule)
    if found is None:  # a rule without a code (tests/test_codes.py fails on one)
        detail = Phrase.named("schema-other", detail=f"{_show(instance)}: {rule}")
        return doc.problem(location, "schema-error", message=detail)
    code, values = found
    said = {name: Phrase.from_english(text) for name, text in values.items()}
    return doc.problem(location, code, value=_show(instance), **said)


def _choice_problem(doc: Document, location: tuple, instance: Any, options: list) -> Problem:
    listed = ", ".join(str(v) for v in options)
    if instance == "" and location and isinstance(location[-1], int):
        # an empty item among chosen ones: the form's "none" box ticked with others
        return doc.problem(location, "none-with-others", value=_show(instance), options=listed)
    return doc.problem(location, "not-allowed", value=_show(instance), options=listed)


_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a group of fields",
    "null": "nothing",
}


def _type_problem(doc: Document, location: tuple, instance: Any, wanted: Any) -> Problem:
    types = wanted if isinstance(wanted, list) else [wanted]
    expected = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
    if instance is None:
        return doc.problem(location, "empty-value", expected=expected)
    found = _describe(instance)
    first = next((t for t in types if t != "null"), None)
    if first == "string":
        return doc.problem(location, "expected-text", expected=expected, found=found)
    if first == "array":
        return doc.problem(location, "expected-list", expected=expected, found=found)
    if first == "object":
        return doc.problem(location, "expected-group", expected=expected, found=found)
    return doc.problem(location, "wrong-type", expected=expected, found=found)


def date_problem(doc: Document, location: tuple, value: Any, today: date) -> Problem:
    """Why ``value`` is not a date the site accepts: its form, the calendar, or the window."""
    text = str(value)
    if re.fullmatch(ISO_DATE, text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return doc.problem(location, "no-such-date", value=_show(text))
        if not EARLIEST <= day <= today + AHEAD:
            return doc.problem(
                location, "date-out-of-range", value=_show(text), first=EARLIEST, last=today + AHEAD
            )
    return doc.problem(location, "bad-date", value=_show(text))


PARTIAL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def first_day(value: Any) -> date | None:
    """The first day a date as YYYY-MM or YYYY-MM-DD can mean; None when it is no date."""
    match = PARTIAL_DATE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        return None


def source_date_problems(doc: Document, today: date) -> list[Problem]:
    """A source dated after today cannot have said anything yet (the page would show a stance
    said in December 2099)."""
    sources = doc.data.get("sources")
    problems = []
    for index, source in enumerate(sources if isinstance(sources, list) else ()):
        day = first_day(source.get("date")) if isinstance(source, dict) else None
        if day is not None and day > today:
            location = ("sources", index, "date")
            problems.append(
                doc.problem(
                    location, "source-after-today", value=_show(source["date"]), today=today
                )
            )
    return problems


def invisible_problems(doc: Document) -> list[Problem]:
    """A text of only invisible characters (zero-width spaces, joiners): it passes for
    written but shows nothing (an empty English page, a blank summary)."""
    problems = []

    def visit(value: Any, location: tuple) -> None:
        if isinstance(value, str) and _only_invisible(value):
            problems.append(doc.problem(location, "invisible-only"))
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, (*location, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*location, index))

    visit(doc.data, ())
    if _only_invisible(doc.body):
        problems.append(Problem.of(doc.path, doc.body_line, "body", "invisible-only"))
    return problems


def _only_invisible(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and all(c.isspace() or unicodedata.category(c) == "Cf" for c in stripped)


def modified_problems(doc: Document) -> list[Problem]:
    """An article changed before it was published: the dates are swapped or mistyped."""
    published, modified = first_day(doc.data.get("date")), first_day(doc.data.get("modified"))
    if published is None or modified is None or modified >= published:
        return []
    return [
        doc.problem(
            ("modified",),
            "modified-before-date",
            value=_show(doc.data["modified"]),
            published=published,
        )
    ]


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _describe(value: Any) -> Any:
    if value is None:
        return Phrase.named("an-empty-value")
    if isinstance(value, list):
        return Phrase.named("a-list")
    if isinstance(value, dict):
        return Phrase.named("a-group")
    return _show(value)
