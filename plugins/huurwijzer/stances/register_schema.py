"""JSON Schemas of the register's files, derived from ``scales``: one definition, many uses."""

from __future__ import annotations

from functools import cache
from typing import Any

from huurwijzer.reading.content_schema import HTTP_URL, SLUG, SOURCE, SOURCES, TEXT
from huurwijzer.reading.validation import Validator, date_field, validator_for
from huurwijzer.stances.scales import (
    DRAFT,
    FIELD_TITLES,
    NO_END,
    PROVENANCE,
    PROVINCES,
    PUBLISHED,
    SCHEMA_VERSION,
    SET,
    STANCE_FACTS,
    STATUS,
    UNKNOWN,
    Vocabulary,
)

PARTIAL_DATE = {
    "type": "string",
    "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
    "x-message": "expected a date as YYYY-MM-DD, or YYYY-MM when only the month is known",
}
NULLABLE_DATE = {"anyOf": [{"type": "null"}, date_field("")]}
END_DATE = {
    "anyOf": [
        {"type": "null"},
        {"enum": [UNKNOWN, NO_END]},
        PARTIAL_DATE,
    ],
    "x-message": f"expected a date (YYYY-MM-DD or YYYY-MM), '{NO_END}' when the source says "
    f"there is no end, or '{UNKNOWN}' when it does not say",
}
PHONE = {
    "type": "string",
    # no space first or last: the intake trims text, and the schema describes what it keeps
    "pattern": r"^\+?[0-9()-][0-9 ()-]{4,18}[0-9()-]$",
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


def fact_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """A stance fact: one value of a scale or measure, or a set (exceptions; null = unknown)."""
    if vocabulary.kind == SET:
        return {
            **nullable({"type": "array", "items": choice(vocabulary), "uniqueItems": True}),
            "title": vocabulary.title,
            "description": "A list of codes; an empty list means none; null means not stated.",
        }
    return choice(vocabulary)


# Fields whose stated value needs a basis: the facts, and an end date the source gives.
BASIS_FIELDS = [v.field for v in STANCE_FACTS] + ["effective_until", "at_least_until"]

STANCE_FIELDS: dict[str, Any] = {
    **{v.field: fact_schema(v) for v in STANCE_FACTS},
    "effective_from": {**PARTIAL_DATE, "title": FIELD_TITLES["effective_from"]},
    "effective_until": {**END_DATE, "title": FIELD_TITLES["effective_until"]},
    "at_least_until": {**nullable(PARTIAL_DATE), "title": FIELD_TITLES["at_least_until"]},
    "statement": {**nullable(TEXT), "title": FIELD_TITLES["statement"]},
}

BASIS = {
    "type": "object",
    "title": FIELD_TITLES["basis"],
    "description": "For each stated value: a short note or quote from the source it rests on.",
    "propertyNames": {
        "enum": BASIS_FIELDS,
        "x-message": "is not a field that needs a basis; expected one of: "
        + ", ".join(BASIS_FIELDS),
    },
    "additionalProperties": {**TEXT, "maxLength": 500},
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
    "required": ["effective_from", "provenance", "status"],
    "additionalProperties": False,
    "properties": {
        **STANCE_FIELDS,
        "basis": nullable(BASIS),
        "collection": {
            "not": {},
            "x-message": "the single 'collection' level was split in schema version 2 into "
            "independent measures (yes / no / unknown): "
            + ", ".join(v.field for v in STANCE_FACTS if v.kind == "measure"),
        },
        "verified_on": {**NULLABLE_DATE, "title": FIELD_TITLES["verified_on"]},
        "verified_how": {
            **nullable({**TEXT, "maxLength": 300}),
            "title": FIELD_TITLES["verified_how"],
        },
        "approved_on": {**NULLABLE_DATE, "title": FIELD_TITLES["approved_on"]},
        "approved_by": {
            **nullable({**TEXT, "maxLength": 100}),
            "title": FIELD_TITLES["approved_by"],
        },
        "provenance": choice(PROVENANCE),
        "status": choice(STATUS),
        "sources": SOURCES,
        "received_on": {**NULLABLE_DATE, "title": FIELD_TITLES["received_on"]},
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

# A profile's contact may also hold the postal address for letters (editors only).
PROFILE_CONTACT = {
    **CONTACT,
    "properties": {
        **CONTACT["properties"],
        "letter_address": {
            **nullable({**TEXT, "maxLength": 300}),
            "title": "Postadres voor brieven",
            "description": "The postal address for tenants' letters, one line per line of the "
            "envelope; null when not known.",
        },
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
        "contact": nullable(PROFILE_CONTACT),
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
        "status": {"enum": [PUBLISHED, DRAFT]},
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
                "properties": {
                    "slug": SLUG,
                    "name": TEXT,
                    # one of the twelve, as spelled in scales (the English pages translate it)
                    "province": {"enum": list(PROVINCES)},
                },
            },
        },
    },
}

SUBMISSION_SCHEMA: dict[str, Any] = {
    "title": "Een nieuw standpunt, ingestuurd door een woningcorporatie",
    "type": "object",
    "required": ["corporation", "effective_from", "statement", "sender"],
    "additionalProperties": False,
    "properties": {
        "corporation": {**SLUG, "title": "Corporatie"},
        **STANCE_FIELDS,
        "schema_version": {"enum": [SCHEMA_VERSION], "title": "Versie van het formaat"},
        "effective_from": {
            **date_field(FIELD_TITLES["effective_from"]),
            "title": FIELD_TITLES["effective_from"],
        },
        # a corporation gives a day, or leaves it empty (not stated)
        "effective_until": {
            **nullable(date_field(FIELD_TITLES["effective_until"])),
            "title": FIELD_TITLES["effective_until"],
        },
        "at_least_until": {
            **nullable(date_field(FIELD_TITLES["at_least_until"])),
            "title": FIELD_TITLES["at_least_until"],
        },
        "statement": {**TEXT, "maxLength": 2000, "title": "Het standpunt in uw eigen woorden"},
        "policy_url": {**nullable(HTTP_URL), "title": "Openbare pagina met het beleid"},
        "contact": {**nullable(CONTACT), "title": CONTACT["title"]},
        "sender": SENDER,
    },
}

HELP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "how_to_find", "phone", "website", "address"],
    "additionalProperties": False,
    "properties": {
        "name": {**TEXT, "maxLength": 100},
        "order": FAQ_SCHEMA["properties"]["order"],
        "status": {"enum": [PUBLISHED, DRAFT]},
        "how_to_find": {
            **TEXT,
            "maxLength": 300,
            "description": "How a tenant finds the contact details this entry does not give.",
        },
        "phone": nullable(PHONE),
        "website": nullable(HTTP_URL),
        "address": nullable({**TEXT, "maxLength": 300}),
        "checked_on": NULLABLE_DATE,
        # a help page is cited as it was found: its date where the page gives one
        "sources": nullable({**SOURCES, "items": {**SOURCE, "required": ["title", "publisher"]}}),
    },
}


LANG = {
    "type": "string",
    "pattern": r"^[a-z]{2,3}$",
    "x-message": "a language code such as 'en' (LANGUAGES in pelicanconf.py)",
}


def _stays_in_original(names, what: str) -> dict[str, Any]:
    """Fields a translation may not repeat: they stay in the original file only."""
    message = (
        f"{what} stays in the original file (the same name without the language); a "
        "translation holds only the translated text"
    )
    return {name: {"not": {}, "x-message": message} for name in names}


# One source's words in another language, in the order of the original's sources: its title,
# publisher and note; its date and address stay in the original.
SOURCE_TRANSLATION: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": False,
    "properties": {
        "title": TEXT,
        "publisher": TEXT,
        "note": TEXT,
        **_stays_in_original(("date", "url"), "a source's date or address"),
    },
}
# A translation of a stance record's text (<id>.<lang>.md): the body, and the words of its
# basis and sources; the data stays in the original.
STANCE_TRANSLATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["lang"],
    "additionalProperties": False,
    "properties": {
        "lang": LANG,
        "basis": {**BASIS, "minProperties": 1},
        "sources": {"type": "array", "items": SOURCE_TRANSLATION, "minItems": 1},
        **_stays_in_original(
            (n for n in STANCE_SCHEMA["properties"] if n not in ("basis", "sources")),
            "a stance field",
        ),
    },
}
# A translation of a corporation's profile (profile.<lang>.md): its description (the body) and
# its area note; name, municipalities, website and contact stay in the original.
PROFILE_TRANSLATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["lang"],
    "additionalProperties": False,
    "properties": {
        "lang": LANG,
        "area_note": TEXT,
        **_stays_in_original(
            (n for n in PROFILE_SCHEMA["properties"] if n != "area_note"),
            "this field of a corporation",
        ),
    },
}
# A translation of a question (<slug>.<lang>.md): the question and answer in that language.
FAQ_TRANSLATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["lang", "question"],
    "additionalProperties": False,
    "properties": {
        "lang": LANG,
        "question": TEXT,
        **_stays_in_original(
            (n for n in FAQ_SCHEMA["properties"] if n != "question"), "this field of a question"
        ),
    },
}

# A translation of a help organisation (<slug>.<lang>.md): its name, how to find it, and what
# it does; the contact details and their sources stay in the original.
HELP_TRANSLATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["lang", "name"],
    "additionalProperties": False,
    "properties": {
        "lang": LANG,
        "name": HELP_SCHEMA["properties"]["name"],
        "how_to_find": HELP_SCHEMA["properties"]["how_to_find"],
        **_stays_in_original(
            (n for n in HELP_SCHEMA["properties"] if n not in ("name", "how_to_find")),
            "this field of a help organisation",
        ),
    },
}

SCHEMAS = {
    "stance": STANCE_SCHEMA,
    "profile": PROFILE_SCHEMA,
    "faq": FAQ_SCHEMA,
    "help": HELP_SCHEMA,
    "municipalities": MUNICIPALITIES_SCHEMA,
    "submission": SUBMISSION_SCHEMA,
    "stance_translation": STANCE_TRANSLATION_SCHEMA,
    "profile_translation": PROFILE_TRANSLATION_SCHEMA,
    "faq_translation": FAQ_TRANSLATION_SCHEMA,
    "help_translation": HELP_TRANSLATION_SCHEMA,
}


@cache
def validator(kind: str) -> Validator:
    return validator_for(SCHEMAS[kind])


def _export_choice(vocabulary: Vocabulary) -> dict[str, Any]:
    """In exports 'unknown' is null, never a level."""
    if vocabulary.kind == SET:
        return {
            "title": vocabulary.title,
            "anyOf": [
                {"type": "null"},
                {"type": "array", "items": {"enum": vocabulary.values}, "uniqueItems": True},
            ],
        }
    return {"title": vocabulary.title, "enum": [*vocabulary.known_values, None]}


def schema_id(siteurl: str, path: str) -> str:
    """The schema's address, with its version: documents name the version they follow."""
    return f"{siteurl}/{path}?version={SCHEMA_VERSION}"


def export_schema() -> dict[str, Any]:
    """The JSON Schema of the exports (root: the JSON export; ``$defs/stance``: a record file)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Huurwijzer: standpunten van woningcorporaties over ontruimen en incasso",
        "type": "object",
        "required": [
            "schema",
            "schema_version",
            "build_date",
            "corporations",
            "national_agreement",
            "vocabularies",
        ],
        "properties": {
            "schema": {"type": "string"},
            "schema_version": {"const": SCHEMA_VERSION},
            "build_date": {"type": "string", "format": "date"},
            "vocabularies": {"type": "object"},
            "national_agreement": {"type": "array", "items": {"$ref": "#/$defs/record"}},
            "corporations": {"type": "array", "items": {"$ref": "#/$defs/corporation"}},
        },
        "$defs": {
            "record": _exported_record(),
            "corporation": _exported_corporation(),
            "stance": {k: v for k, v in STANCE_SCHEMA.items() if k != "$schema"},
            "submission": SUBMISSION_SCHEMA,
        },
    }


def _exported_record() -> dict[str, Any]:
    """A stance record in the exports: every field, null when unknown."""
    date_or_null = {"anyOf": [{"type": "null"}, {"type": "string", "format": "date"}]}
    text_or_null = {"type": ["string", "null"]}
    properties = {
        "id": {"type": "string"},
        **{v.field: _export_choice(v) for v in STANCE_FACTS},
        "basis": {"type": "object", "additionalProperties": {"type": "string"}},
        "no_stance_known": {
            "type": "boolean",
            "description": "True when the record states nothing: no stance is known.",
        },
        "effective_from": PARTIAL_DATE,
        "effective_until": {
            "anyOf": [{"type": "null"}, {"const": NO_END}, PARTIAL_DATE],
            "description": f"A date; '{NO_END}' when the source says there is no end; null "
            "when it does not say.",
        },
        "at_least_until": nullable(PARTIAL_DATE),
        "said_on": PARTIAL_DATE,
        "verified_on": date_or_null,
        "verified_how": text_or_null,
        "approved_on": date_or_null,
        "received_on": date_or_null,
        "provenance": {"enum": PROVENANCE.values},
        "summary": {"type": "string"},
        "statement": text_or_null,
        "translations": _exported_translations(),
        "sources": {"type": "array", "items": _exported_source()},
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": list(properties),
    }


def _exported_translations() -> dict[str, Any]:
    """A record's words in the other languages, in the exports (the data is the record's)."""
    return {
        "type": "object",
        "description": "The editors' words in each other language, by language code: the "
        "summary, the basis lines they translated and each source's translated title, "
        "publisher and note (in the order of 'sources'); codes and dates are the record's.",
        "propertyNames": {"pattern": r"^[a-z]{2,3}$"},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "required": ["summary", "basis", "sources"],
            "properties": {
                "summary": {"type": "string"},
                "basis": {"type": "object", "additionalProperties": {"type": "string"}},
                "sources": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            k: {"type": "string"} for k in ("title", "publisher", "note")
                        },
                    },
                },
            },
        },
    }


def _exported_source() -> dict[str, Any]:
    """One source of a record in the exports."""
    text_or_null = {"type": ["string", "null"]}
    return {
        "type": "object",
        "required": ["title", "publisher", "date", "url", "note"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string"},
            "publisher": {"type": "string"},
            "date": {"type": "string"},
            "url": text_or_null,
            "note": text_or_null,
        },
    }


def _exported_corporation() -> dict[str, Any]:
    """One corporation in the JSON export: its current record and its history."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "slug",
            "name",
            "url",
            "municipalities",
            "description",
            "area_note",
            "translations",
            "current",
            "history",
        ],
        "properties": {
            "slug": SLUG,
            "name": {"type": "string"},
            "url": {"type": "string"},
            "municipalities": {"type": "array", "items": SLUG},
            "description": {"type": "string"},
            "area_note": {"type": ["string", "null"]},
            "translations": {
                "type": "object",
                "description": "The description and area note in each other language the "
                "editors translated them into, by language code.",
                "propertyNames": {"pattern": r"^[a-z]{2,3}$"},
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["description", "area_note"],
                    "properties": {
                        "description": {"type": "string"},
                        "area_note": {"type": ["string", "null"]},
                    },
                },
            },
            "current": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/record"}]},
            "history": {"type": "array", "items": {"$ref": "#/$defs/record"}},
        },
    }
