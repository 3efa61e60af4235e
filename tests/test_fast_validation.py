"""The compiled validator (jsonschema-rs) never passes a document Python's jsonschema refuses.

Every front matter check runs the compiled validator first and asks Python only when it says
"invalid" (validation.Validator). A document it passed wrongly would be published unchecked,
so here each real content file is broken in many ways and both validators are asked.
"""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import pytest

from conftest import TEST_DAY
from huurwijzer.reading.content_schema import validator as content_validator
from huurwijzer.reading.frontmatter import parse_file
from huurwijzer.stances.register_schema import validator as register_validator
from huurwijzer.stances.submission_schema import intake_validator

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"

# Values a field may wrongly get: wrong types, empty, bad dates, odd characters and spaces.
ODD_VALUES = [
    None,
    True,
    0,
    1.5,
    [],
    {},
    "",
    " ",
    "x" * 5000,
    ["a", "a"],
    [None],
    {"a": 1},
    "2020-13-01",
    "2020-02-30",
    "0001-01-01",
    "9999-12-31",
    "2020-01-01\n",
    "2020-1-1",
    "2020-03",
    "2020",
    "unknown",
    "none",
    "yes",
    "no",
    "not_stated",
    "a\u00a0@b.nl",
    "a@b\u2003.nl",
    "a\x85@b.nl",
    "a@b.nl\n",
    "+31 (0)6-1234 5678\n",
    "https://",
    "javascript:alert(1)",
    "ftp://x.nl",
    "//x.nl",
]


def documents():
    for path in sorted((CONTENT / "corporations").glob("*/stances/*.md")):
        if path.name.count(".") == 1:
            yield path, register_validator("stance")
    for path in sorted((CONTENT / "corporations").glob("*/profile.md")):
        yield path, register_validator("profile")
    for path in sorted((CONTENT / "national-agreement").glob("*.md")):
        if path.name.count(".") == 1:
            yield path, register_validator("stance")
    for path in sorted((CONTENT / "articles").glob("*.md")):
        yield path, content_validator("article")
    for path in sorted((CONTENT / "pages").glob("*.md")):
        yield path, content_validator("page")


def broken(data: dict):
    """The document with each field in turn removed, or set to each odd value; nested too."""
    for key in list(data):
        gone = copy.deepcopy(data)
        del gone[key]
        yield gone
        for value in ODD_VALUES:
            yield {**data, key: value}
        if isinstance(data[key], dict):
            for inner in broken(data[key]):
                yield {**data, key: inner}
        if isinstance(data[key], list) and data[key] and isinstance(data[key][0], dict):
            for inner in broken(data[key][0]):
                yield {**data, key: [inner, *data[key][1:]]}
    yield {**data, "not_a_field": "x"}


@pytest.mark.parametrize(("path", "validator"), list(documents()), ids=lambda v: str(v)[-40:])
def test_the_compiled_check_agrees_with_python_on_every_broken_copy(path, validator):
    data = parse_file(path).data
    python, compiled = validator.pair(TEST_DAY)
    assert compiled is not None  # the schema compiles: the fast path is used
    assert validator.valid_at_once(data, TEST_DAY), f"{path} is valid, the compiled check says not"
    copies = list(itertools.islice(broken(data), 4000))
    refused = [d for d in copies if not python.is_valid(d)]
    assert len(refused) > len(copies) / 4  # the copies really are broken, most of them
    wrong = [d for d in refused if validator.valid_at_once(d, TEST_DAY)]
    assert wrong == [], wrong[:3]


def test_a_submission_is_checked_the_same_way():
    check = intake_validator()
    python, compiled = check.pair(TEST_DAY)
    assert compiled is not None  # the intake schema compiles: the fast path is used
    for value in ODD_VALUES:
        document = {"corporation": value, "eviction": value, "email": value}
        assert not (check.valid_at_once(document, TEST_DAY) and not python.is_valid(document))
