"""Every document the published schema accepts is taken in, by a file and over HTTP (issue 20).

Documents are generated from `$defs/submission` of the schema the site publishes
(`/corporaties/schema.json`) by `from_schema` below: a small walk over the keywords that
schema uses (hypothesis-jsonschema 0.23 does not run on this Hypothesis). What the schema
cannot say is set
to what the register needs: a corporation it knows, and dates in the window the clock
allows and in order. Anything else must be taken in, or refused with a problem, never a crash.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_support import GOOD, SETTINGS
from jsonschema import Draft202012Validator, FormatChecker
from receiver_support import Receiver

from conftest import TEST_DAY, copy_content
from huurwijzer.intake.clean import SubmissionError, read_submission
from huurwijzer.intake.inbox import VIA_FILE, Inbox
from huurwijzer.intake.workflow import DuplicateSubmission, take_submission
from huurwijzer.stances.loading import load_register
from huurwijzer.stances.register_schema import export_schema

pytestmark = pytest.mark.clock

SCHEMA = export_schema()
WORDS = st.text(  # visible text: markup and invisible characters are cleaning's (tested apart)
    st.characters(categories=("L", "N", "Zs"), include_characters=".,:;!?'()-/€"),
    min_size=1,
    max_size=40,
)
EMAILS = st.from_regex(r"[a-z][a-z0-9.]{0,12}@[a-z]{2,10}\.(nl|example|org)", fullmatch=True)
URLS = st.from_regex(r"https://[a-z]{2,10}\.(nl|example)/[a-z0-9/-]{0,20}", fullmatch=True)


def from_schema(schema: dict) -> st.SearchStrategy:
    """Values valid against ``schema``, for the keywords the submission schema uses."""
    if "$ref" in schema:
        return from_schema(SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([from_schema(s) for s in schema["anyOf"]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {k: from_schema(v) for k, v in properties.items() if k in required},
            optional={k: from_schema(v) for k, v in properties.items() if k not in required},
        )
    if kind == "array":
        items = from_schema(schema["items"])
        unique = schema.get("uniqueItems", False)
        return st.lists(items, max_size=4, unique=unique)
    if kind == "string":
        if schema.get("format") == "date":
            return DAYS.map(lambda d: d.isoformat())
        if schema.get("format") == "email" or "@" in schema.get("pattern", ""):
            # the published pattern also admits unassigned code points, which cleaning
            # removes ("0@\U0002fa1e.AA" becomes "0@.AA" and is refused): ordinary addresses
            return EMAILS
        if schema.get("format") in ("uri", "iri") or "http" in schema.get("pattern", ""):
            return URLS
        if "pattern" in schema:
            text = st.from_regex(schema["pattern"], fullmatch=True)
        else:
            text = WORDS.filter(lambda t: t.strip())
        low, high = schema.get("minLength", 0), schema.get("maxLength", 10_000)
        return text.filter(lambda t: low <= len(t) <= high)
    raise NotImplementedError(f"a schema keyword this walk does not know: {schema}")


SUBMISSION = {**SCHEMA["$defs"]["submission"], "$defs": SCHEMA["$defs"]}
KNOWN = ["actium", "domesta", "woonconcept", "woonservice"]
DAYS = st.integers(min_value=0, max_value=300).map(lambda n: TEST_DAY - timedelta(days=n))


@st.composite
def documents(draw):
    document = draw(from_schema(SUBMISSION))
    document["corporation"] = draw(st.sampled_from(KNOWN))
    start = draw(DAYS)
    document["effective_from"] = start.isoformat()
    for name in ("effective_until", "at_least_until"):
        if document.get(name) is not None:
            document[name] = (start + timedelta(days=draw(st.integers(0, 60)))).isoformat()
    return document


@pytest.fixture(scope="module")
def register_and_content(tmp_path_factory):
    content = copy_content(tmp_path_factory.mktemp("schema-documents"))
    return load_register(content, SETTINGS)[0], content


def test_the_published_schema_has_the_submission():
    assert SUBMISSION["type"] == "object" and "corporation" in SUBMISSION["properties"]
    assert "schema_version" in SUBMISSION["properties"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=documents())
def test_a_schema_valid_document_is_taken_in_from_a_file(document, register_and_content):
    register, content = register_and_content
    inbox = Inbox(content.parent / "inbox.sqlite3")  # one inbox: a repeat is a duplicate
    raw = json.dumps(document).encode()
    try:
        doc = read_submission(raw, "u.json", TEST_DAY)
    except SubmissionError as error:  # only rules beyond the schema may refuse it
        pytest.fail(f"refused a schema-valid document: {error}\n{document}")
    try:
        taken = take_submission(doc, inbox, register, VIA_FILE, now=SETTINGS_NOW)
    except DuplicateSubmission:
        return
    assert inbox.get(taken.item.receipt).corporation == document["corporation"]


SETTINGS_NOW = __import__("conftest").NOW


@pytest.mark.slow
def test_schema_valid_documents_are_taken_in_over_http(tmp_path):
    content = copy_content(tmp_path)
    running = Receiver(tmp_path / "r", content, "http://127.0.0.1:1").start()
    try:
        examples = []

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        @given(document=documents())
        def collect(document):
            examples.append(document)

        collect()
        answers = [running.post_json(d) for d in examples]
    finally:
        running.stop()
    assert len(examples) >= 20
    bad = [
        (a[0], a[2][:300], d)
        for a, d in zip(answers, examples, strict=True)
        if a[0] not in (200, 201, 202, 409)
    ]
    assert bad == []
    assert "Traceback" not in running.log.read_text()


@pytest.mark.parametrize("phone", [" 00000", "00000 ", " 0591 123456", "0591 123456\t"])
def test_a_phone_number_with_a_space_at_an_end_is_one_rule_for_schema_and_intake(phone):
    """The intake trims text, so the published schema refuses a phone number with a space at
    either end, and what the intake keeps is valid against the schema (Hypothesis once found
    " 00000": the schema took it, the intake refused the trimmed, five-digit number)."""
    document = {**GOOD, "contact": {**GOOD["contact"], "phone": phone}}
    validator = Draft202012Validator(SUBMISSION, format_checker=FormatChecker())
    assert not validator.is_valid(document)
    try:
        kept = read_submission(json.dumps(document).encode(), "u.json", TEST_DAY).data
    except SubmissionError as error:
        assert [p.field for p in error.problems] == ["contact.phone"]
        assert len(phone.strip()) < 6
    else:
        assert kept["contact"]["phone"] == phone.strip()
        assert validator.is_valid({**GOOD, "contact": kept["contact"]})
