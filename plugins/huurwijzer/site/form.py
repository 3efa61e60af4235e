"""The submission form's fields, derived from the submission schema (one source of rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from huurwijzer.core.codes import for_sender, rule_code
from huurwijzer.stances.scales import EXCEPTIONS, SET, STANCE_FACTS, Option
from huurwijzer.stances.submission_schema import (
    INTAKE_SCHEMA as SUBMISSION_SCHEMA,  # plus "another corporation"
)
from huurwijzer.stances.submission_schema import OTHER

CHOICES = {v.field: v for v in STANCE_FACTS if v.kind != SET}
NOT_IN_FORM = {"schema_version"}  # the form script adds it
INPUT_TYPES = {
    "email": "email",
    "phone": "tel",
    "website": "url",
    "help_page": "url",
    "policy_url": "url",
}
GROUPS = ("radio", "checkboxes")  # a group left alone is not posted at all
BEFORE_START = ("effective_from", "effective_until")  # the receiver's one rule across fields


@dataclass
class FormField:
    name: str  # dotted: contact.phone
    label: str
    kind: str  # select, radio, checkboxes, date, textarea, text, email, tel, url
    required: bool = False
    pattern: str | None = None
    max_length: int | None = None
    help: str | None = None
    options: tuple[Option, ...] = field(default_factory=tuple)
    rule: str | None = None  # the pattern's rule in the schema's words (its x-message)

    @property
    def id(self) -> str:
        return "s-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def browser_texts(self) -> dict[str, str]:
        """What the form's script (theme/static/js/submit.js) says for each rule it checks on
        this field, by the rule's name: the receiver's own words for the same mistake (the
        code's ``dutch_for_senders`` in core/codes.py), so the page and the receiver's answer
        to the same input read the same. The page carries them as ``data-msg-<rule>``."""
        codes: dict[str, tuple[str, dict[str, object]]] = {}
        if self.required:  # a group is not posted at all, a text field is posted empty
            codes["required"] = ("required" if self.kind in GROUPS else "empty-value", {})
        if self.kind == "checkboxes":
            codes["none-with-others"] = ("none-with-others", {})
        if self.kind == "date":
            codes["bad-date"] = ("bad-date", {})
            codes["no-such-date"] = ("no-such-date", {})
        if self.name == BEFORE_START[1]:
            codes["before-start"] = ("before-start", {})
        if self.pattern:
            found = rule_code(self.rule or "")
            if found is None:
                raise ValueError(
                    f"{self.name}: its pattern has no rule with a code in core/codes.py"
                )
            codes["pattern"] = (found[0], found[1])
        if self.max_length:
            codes["too-long"] = ("too-long", {"limit": self.max_length})
        try:
            return {rule: for_sender(code, values) for rule, (code, values) in codes.items()}
        except KeyError as missing:
            raise ValueError(
                f"{self.name}: the sender's text names {missing}, which the page cannot know"
            ) from None


def _unwrap(schema: dict[str, Any]) -> dict[str, Any]:
    """The non-null alternative of a nullable schema."""
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return {**option, **{k: v for k, v in schema.items() if k != "anyOf"}}
    return schema


def _text_field(name: str, schema: dict[str, Any], required: bool, key: str) -> FormField:
    schema = _unwrap(schema)
    if schema.get("format") == "date":
        kind = "date"
    elif key == "statement":
        kind = "textarea"
    else:
        kind = INPUT_TYPES.get(key, "text")
    return FormField(
        name,
        schema["title"],
        kind,
        required,
        schema.get("pattern"),
        schema.get("maxLength"),
        rule=schema.get("x-message"),
    )


def form_fields() -> list[FormField]:
    """Every field of a submission, in the schema's order, with its rules."""
    required = set(SUBMISSION_SCHEMA["required"])
    fields: list[FormField] = []
    for key, schema in SUBMISSION_SCHEMA["properties"].items():
        if key in NOT_IN_FORM:
            continue
        if key == "corporation":
            other = Option(OTHER, "Een andere corporatie (staat er niet bij)", "")
            fields.append(FormField(key, schema["title"], "select", True, options=(other,)))
        elif key in CHOICES:
            vocabulary = CHOICES[key]
            fields.append(
                FormField(
                    key,
                    vocabulary.title,
                    "radio",
                    key in required,
                    help=vocabulary.question,
                    options=vocabulary.options,
                )
            )
        elif key == "exceptions":
            fields.append(
                FormField(
                    key,
                    EXCEPTIONS.title,
                    "checkboxes",
                    help=EXCEPTIONS.question,
                    options=EXCEPTIONS.options,
                )
            )
        elif key in ("contact", "sender"):
            group = _unwrap(schema)
            inner_required = set(group.get("required", []))
            for inner, inner_schema in group["properties"].items():
                fields.append(
                    _text_field(f"{key}.{inner}", inner_schema, inner in inner_required, inner)
                )
        else:
            fields.append(_text_field(key, schema, key in required, key))
    return fields


def template_yaml(corporations: list[str]) -> str:
    """A blank submission document with every field and its allowed values as comments."""
    lines = [
        "# Standpunt doorgeven aan Huurwijzer. Vul in wat bekend is; laat de rest null.",
        "# Stuur het bestand naar de redactie. Datums als JJJJ-MM-DD.",
    ]
    groups: dict[str, list[FormField]] = {}
    for f in form_fields():
        groups.setdefault(f.name.split(".")[0], []).append(f)
    for key, members in groups.items():
        first = members[0]
        if key == "corporation":
            lines += [f"# {first.label}: " + ", ".join(corporations), "corporation: null"]
        elif first.kind in ("radio", "checkboxes"):
            lines.append(f"# {first.label}: {first.help}")
            lines += [f"#   {o.value}: {o.label}. {o.explanation}" for o in first.options]
            lines.append(
                f"{key}: "
                + (
                    "null  # of een lijst, bijv. [criminal_activity]"
                    if first.kind == "checkboxes"
                    else "unknown"
                )
            )
        elif len(members) > 1 or "." in first.name:
            lines.append(f"{key}:")
            lines += [f"  {m.name.split('.')[1]}: null  # {m.label}" for m in members]
        else:
            lines.append(f"{key}: null  # {first.label}")
    return "\n".join(lines) + "\n"


def endpoint_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def receiver_routes(settings: dict[str, Any]) -> dict[str, str]:
    """The receiver's paths, all from SUBMISSION_ENDPOINT (the one source for its routes and
    for every link to it: the form, "Klopt dit niet?", the mailed confirmation link).

    The endpoint names the submit route; the others are its siblings.
    """
    path = urlsplit(settings.get("SUBMISSION_ENDPOINT") or "").path or "/standpunt"
    base = path.rsplit("/", 1)[0]
    return {
        "submit": path,
        "correction": f"{base}/correctie",
        "confirm": f"{base}/bevestig",
        "health": f"{base}/health",
    }


def receiver_url(settings: dict[str, Any], route: str) -> str:
    """The address of one receiver route (empty when there is no receiver)."""
    endpoint = settings.get("SUBMISSION_ENDPOINT") or ""
    if not endpoint:
        return ""
    return endpoint_origin(endpoint) + receiver_routes(settings)[route]


def correction_url(settings: dict[str, Any]) -> str:
    """Where "Klopt dit niet?" leads: the receiver's correction form (empty without one)."""
    return receiver_url(settings, "correction")


def submit_policy(settings: dict[str, Any]) -> str:
    """The form page's CSP: the site's policy, plus the receiver for form-action/connect-src."""
    policy = settings["CONTENT_SECURITY_POLICY"]
    origin = endpoint_origin(settings.get("SUBMISSION_ENDPOINT") or "")
    if not origin:
        return policy
    directives = []
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name = directive.split()[0]
        if name in ("form-action", "connect-src") and origin not in directive.split():
            directive = f"{directive} {origin}"
        directives.append(directive)
    return "; ".join(directives)
