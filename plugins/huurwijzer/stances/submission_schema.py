"""What a sender may send: the register's submission schema, plus "another corporation".

The register's ``SUBMISSION_SCHEMA`` names the fields of a stance update. A sender whose
corporation is not in the register yet chooses ``andere`` and gives its name; the item then
arrives as a proposed new corporation, which the editors create before approving.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from huurwijzer.reading.content_schema import TEXT
from huurwijzer.reading.validation import Validator, validator_for
from huurwijzer.stances.register_schema import SUBMISSION_SCHEMA, nullable

OTHER = "andere"  # the corporation value for "not in the register yet"
PROPOSED = "proposed_corporation"


def _with_proposal(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key, value in schema["properties"].items():
        properties[key] = value
        if key == "corporation":
            properties[PROPOSED] = {
                **nullable({**TEXT, "maxLength": 200}),
                "title": "Staat uw corporatie er niet bij? Haar naam",
            }
    return {**schema, "properties": properties}


INTAKE_SCHEMA: dict[str, Any] = _with_proposal(SUBMISSION_SCHEMA)


@cache
def intake_validator() -> Validator:
    return validator_for(INTAKE_SCHEMA)
