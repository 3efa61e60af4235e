"""JSON Schemas of the register's files, derived from ``scales``: one definition, many uses."""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from .content_schema import HTTP_URL, SLUG, SOURCE, SOURCES, TEXT
from .scales import COLLECTION, EVICTION, EXCEPTIONS, PROVENANCE, SCOPE, STATUS, Vocabulary
from .validation import date_field, validator_for

PARTIAL_DATE = {
    "type": "string",
    "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
    "x-message": "expected a date as YYYY-MM-DD, or YYYY-MM when only the month is known",
}
NULLABLE_DATE = {"anyOf": [{"type": "null"}, date_field("")]}
PHONE = {
    "type": "string",
    "pattern": r"^\+?[0-9 ()-]{6,20}$",
    "x-message": "a phone number holds digits, spaces, '+', '-' and brackets only",
}
EMAIL = {
    "type": "string",
    "pattern": r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$",
    "x-message": "not an e-mail address",
}


def choice(vocabulary: Vocabulary) -> dict[str, Any]:
    """One value of a vocabulary, each option documented with its label and explanation."""
    return {
        "title": vocabulary.title,
        "description": vocabulary.question,
        "enum": vocabulary.values,
        "x-options": [
            {"value": o.value, "label": o.label, "explanation": o.explanation, "rank": o.rank}
            for o in vocabulary.options
        ],
    }


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [{"type": "null"}, schema]}


STANCE_FIELDS: dict[str, Any] = {
    "eviction": choice(EVICTION),
    "collection": choice(COLLECTION),
    "scope": choice(SCOPE),
    "exceptions": {
        **nullable({"type": "array", "items": choice(EXCEPTIONS), "uniqueItems": True}),
        "title": EXCEPTIONS.title,
        "description": "A list of exceptions; an empty list means none; empty means unknown.",
    },
    "effective_from": {**PARTIAL_DATE, "title": "Geldt vanaf"},
    "effective_until": {**nullable(PARTIAL_DATE), "title": "Geldt tot"},
    "statement": {**nullable(TEXT), "title": "Woorden van de corporatie"},
}

CONTACT = {
    "type": "object",
    "title": "Contact voor huurders met betalingsproblemen",
    "additionalProperties": False,
    "properties": {
        "phone": {**nullable(PHONE), "title": "Telefoon"},
        "email": {**nullable(EMAIL), "title": "E-mail"},
        "website": {**nullable(HTTP_URL), "title": "Website"},
        "help_page": {**nullable(HTTP_URL), "title": "Pagina over betalingsproblemen"},
        "hours": {**nullable({**TEXT, "maxLength": 200}), "title": "Bereikbaar (dagen en tijden)"},
    },
}

SENDER = {
    "type": "object",
    "title": "Afzender (wordt niet gepubliceerd)",
    "required": ["name", "role", "email"],
    "additionalProperties": False,
    "properties": {
        "name": {**TEXT, "maxLength": 200, "title": "Naam"},
        "role": {**TEXT, "maxLength": 200, "title": "Functie"},
        "email": {**EMAIL, "maxLength": 200, "title": "E-mailadres"},
    },
}

STANCE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Standpunt van een woningcorporatie over ontruimen en incasso",
    "type": "object",
    "required": ["eviction", "collection", "scope", "effective_from", "provenance", "status"],
    "additionalProperties": False,
    "properties": {
        **STANCE_FIELDS,
        "verified_on": {**NULLABLE_DATE, "title": "Nagekeken door de redactie op"},
        "verified_how": {**nullable({**TEXT, "maxLength": 300}), "title": "Hoe nagekeken"},
        "approved_on": {**NULLABLE_DATE, "title": "Goedgekeurd op"},
        "approved_by": {**nullable({**TEXT, "maxLength": 100}), "title": "Goedgekeurd door"},
        "provenance": choice(PROVENANCE),
        "status": choice(STATUS),
        "sources": SOURCES,
        "received_on": {**NULLABLE_DATE, "title": "Ontvangen van de corporatie op"},
        "submission": {
            "type": "string",
            "pattern": r"^[0-9a-f]{64}$",
            "x-message": "the submission hash is 64 hexadecimal characters",
        },
        "received_at": {
            "type": "string",
            # receiver branch: fractional seconds (the inbox's unique, ordered receipt time)
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$",
            "x-message": "a moment as YYYY-MM-DDTHH:MM:SS[.ffffff]Z (UTC)",
        },
        "contact": nullable(CONTACT),
        "sender": SENDER,
    },
}

PROFILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "municipalities"],
    "additionalProperties": False,
    "properties": {
        "name": TEXT,
        "slug": SLUG,
        "website": nullable(HTTP_URL),
        "municipalities": {"type": "array", "items": SLUG, "uniqueItems": True},
        "area_note": nullable(TEXT),
        "contact": nullable(CONTACT),
        "email_domains": {
            "type": "array",
            "title": "E-maildomeinen van de corporatie",
            "description": "Domains whose confirmed senders may speak for the corporation; each "
            "tied to the corporation through a source (e.g. its website).",
            "items": {
                "type": "object",
                "required": ["domain", "source"],
                "additionalProperties": False,
                "properties": {
                    "domain": {
                        "type": "string",
                        "pattern": r"^[a-z0-9-]+(\.[a-z0-9-]+)+$",
                        "x-message": "a domain such as voorbeeld.nl (lower case, no @)",
                    },
                    "source": SOURCE,
                },
            },
        },
    },
}

FAQ_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["question"],
    "additionalProperties": False,
    "properties": {
        "question": TEXT,
        "slug": SLUG,
        "order": {
            "type": "string",
            "pattern": r"^\d{1,4}$",
            "x-message": "order is a whole number (1, 2, 3 …)",
        },
        "status": {"enum": ["published", "draft"]},
    },
}

MUNICIPALITIES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["municipalities"],
    "additionalProperties": False,
    "properties": {
        "municipalities": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["slug", "name", "province"],
                "additionalProperties": False,
                "properties": {"slug": SLUG, "name": TEXT, "province": TEXT},
            },
        },
    },
}

SUBMISSION_SCHEMA: dict[str, Any] = {
    "title": "Een nieuw standpunt, ingestuurd door een woningcorporatie",
    "type": "object",
    "required": [
        "corporation",
        "eviction",
        "collection",
        "scope",
        "effective_from",
        "statement",
        "sender",
    ],
    "additionalProperties": False,
    "properties": {
        "corporation": {**SLUG, "title": "Corporatie"},
        **STANCE_FIELDS,
        "effective_from": {**date_field("Geldt vanaf"), "title": "Geldt vanaf"},
        "effective_until": {**nullable(date_field("Geldt tot")), "title": "Geldt tot"},
        "statement": {**TEXT, "maxLength": 2000, "title": "Het standpunt in uw eigen woorden"},
        "policy_url": {**nullable(HTTP_URL), "title": "Openbare pagina met het beleid"},
        "contact": {**nullable(CONTACT), "title": CONTACT["title"]},
        "sender": SENDER,
    },
}

SCHEMAS = {
    "stance": STANCE_SCHEMA,
    "profile": PROFILE_SCHEMA,
    "faq": FAQ_SCHEMA,
    "municipalities": MUNICIPALITIES_SCHEMA,
    "submission": SUBMISSION_SCHEMA,
}


@cache
def validator(kind: str) -> Draft202012Validator:
    return validator_for(SCHEMAS[kind])


def _export_choice(vocabulary: Vocabulary) -> dict[str, Any]:
    """In exports 'unknown' is null, never a level."""
    return {
        "title": vocabulary.title,
        "enum": [v for v in vocabulary.values if v != "unknown"] + [None],
    }


def export_schema() -> dict[str, Any]:
    """The JSON Schema published at /corporaties/schema.json.

    The document root describes /corporaties/standpunten.json; ``$defs/stance`` is the format
    of one stance record as editors and corporations write it.
    """
    date_or_null = {"anyOf": [{"type": "null"}, {"type": "string", "format": "date"}]}
    record = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string"},
            "eviction": _export_choice(EVICTION),
            "collection": _export_choice(COLLECTION),
            "scope": _export_choice(SCOPE),
            "exceptions": {
                "anyOf": [{"type": "null"}, {"type": "array", "items": {"enum": EXCEPTIONS.values}}]
            },
            "effective_from": PARTIAL_DATE,
            "effective_until": nullable(PARTIAL_DATE),
            "verified_on": date_or_null,
            "received_on": date_or_null,
            "provenance": {"enum": PROVENANCE.values},
            "summary": {"type": "string"},
            "statement": {"type": ["string", "null"]},
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["title", "publisher", "date", "url", "note"],
                    "additionalProperties": False,
                    "properties": {
                        "title": {"type": "string"},
                        "publisher": {"type": "string"},
                        "date": {"type": "string"},
                        "url": {"type": ["string", "null"]},
                        "note": {"type": ["string", "null"]},
                    },
                },
            },
        },
    }
    record["required"] = list(record["properties"])  # every field, null when unknown
    corporation = {
        "type": "object",
        "additionalProperties": False,
        "required": ["slug", "name", "url", "municipalities", "current", "history"],
        "properties": {
            "slug": SLUG,
            "name": {"type": "string"},
            "url": {"type": "string"},
            "municipalities": {"type": "array", "items": SLUG},
            "current": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/record"}]},
            "history": {"type": "array", "items": {"$ref": "#/$defs/record"}},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Huurwijzer: standpunten van woningcorporaties over ontruimen en incasso",
        "type": "object",
        "required": ["build_date", "corporations", "national_agreement", "vocabularies"],
        "properties": {
            "schema": {"type": "string"},
            "build_date": {"type": "string", "format": "date"},
            "vocabularies": {"type": "object"},
            "national_agreement": {"type": "array", "items": {"$ref": "#/$defs/record"}},
            "corporations": {"type": "array", "items": {"$ref": "#/$defs/corporation"}},
        },
        "$defs": {
            "record": record,
            "corporation": corporation,
            "stance": {k: v for k, v in STANCE_SCHEMA.items() if k != "$schema"},
            "submission": SUBMISSION_SCHEMA,
        },
    }
