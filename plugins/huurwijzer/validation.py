"""Validate parsed front matter against a JSON Schema and word each error for an editor."""

from __future__ import annotations

import os
import re
import time
from datetime import date, timedelta
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from .frontmatter import Document
from .problems import Problem

_FORMATS = FormatChecker()
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
# Dates outside this window are typing errors (0001-01-01 breaks the feed's time zone
# offset; 9999-12-31 would stay the feed's newest entry for ever).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_AHEAD = timedelta(days=366)


def latest_date() -> date:
    """The last date the site accepts: a year after today (or after SOURCE_DATE_EPOCH)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = date.fromtimestamp(int(epoch) if epoch else time.time())
    return today + LATEST_AHEAD


@_FORMATS.checks("date", raises=ValueError)
def _is_sane_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(ISO_DATE, value):
        return False
    return EARLIEST_DATE <= date.fromisoformat(value) <= latest_date()


def date_field(description: str) -> dict[str, Any]:
    """A schema for an ISO calendar date (YYYY-MM-DD) that must also exist."""
    return {"type": "string", "format": "date", "description": description}


def validator_for(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_FORMATS)


def schema_problems(
    doc: Document, validator: Draft202012Validator, data: Any = None, base: tuple = ()
) -> list[Problem]:
    """Every schema error in ``data`` (default: the whole front matter), each with its line."""
    data = doc.data if data is None else data
    problems = []
    for error in validator.iter_errors(data):
        for location, message in _explain(error):
            problems.append(doc.problem((*base, *location), message))
    return problems


def _explain(error) -> list[tuple[tuple, str]]:
    location = tuple(error.absolute_path)
    instance = error.instance
    kind = error.validator
    schema = error.schema
    if kind in ("anyOf", "oneOf") and "x-message" in schema:  # the choices explained at once
        return [(location, f"{_show(instance)}: {schema['x-message']}")]
    if kind in ("anyOf", "oneOf") and error.context:
        # "text or empty": explain why the value is not the non-empty alternative
        real = [
            e for e in error.context if not (e.validator == "type" and e.validator_value == "null")
        ]
        if real:
            return _explain(min(real, key=lambda e: len(e.relative_schema_path)))
    if kind == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return [((*location, name), "this field is required but missing") for name in missing]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [name for name in instance if name not in schema.get("properties", {})]
        return [
            ((*location, name), f"unknown field; expected one of: {', '.join(allowed)}")
            for name in extra
        ]
    if kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [(location, f"{_show(instance)} is not allowed; expected one of: {options}")]
    if kind == "format" and error.validator_value == "date":
        return [(location, describe_bad_date(instance))]
    if kind == "type":
        wanted = {
            "string": "text",
            "array": "a list",
            "object": "a group of fields",
            "null": "nothing",
        }
        types = (
            error.validator_value
            if isinstance(error.validator_value, list)
            else [error.validator_value]
        )
        names = " or ".join(wanted.get(t, t) for t in types)
        return [(location, f"expected {names}, found {_describe(instance)}")]
    if kind == "minLength" or (kind == "minItems" and not instance):
        return [(location, "must not be empty")]
    if "x-message" in schema:
        return [(location, f"{_show(instance)}: {schema['x-message']}")]
    return [(location, error.message)]


def describe_bad_date(value: Any) -> str:
    text = str(value)
    if re.fullmatch(ISO_DATE, text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return f"{_show(text)} is not a real date"
        if not EARLIEST_DATE <= day <= latest_date():
            return (
                f"{_show(text)} is outside the dates the site accepts "
                f"({EARLIEST_DATE} to {latest_date()}); check the year"
            )
    return f"{_show(text)} is not a date in the form YYYY-MM-DD (for example 2020-03-18)"


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return _show(value)
