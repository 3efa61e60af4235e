"""Corporations' updates: validation, sanitizing, append-only writing, review and approval."""

import hashlib
import json
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_module, settings_file
from huurwijzer import submissions
from huurwijzer.loading import load_register
from huurwijzer.submissions import SubmissionError, approve, ingest, parse_submission

NOW = datetime(2026, 11, 28, 10, 30, 0, tzinfo=UTC)
SETTINGS = {}
GOOD = {
    "corporation": "domesta",
    "eviction": "no_corona_arrears",
    "collection": "lenient",
    "scope": "all_arrears",
    "exceptions": ["criminal_activity"],
    "effective_from": "2026-11-01",
    "effective_until": None,
    "statement": "Wij zetten niemand uit huis om een huurachterstand.",
    "policy_url": "https://domesta.example/beleid",
    "contact": {
        "phone": "0591 123456",
        "email": None,
        "website": None,
        "help_page": None,
        "hours": "ma-vr 9-17",
    },
    "sender": {"name": "A. Medewerker", "role": "Beleid", "email": "a@domesta.example"},
}


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def doc(**changes) -> bytes:
    return json.dumps({**GOOD, **changes}).encode()


def stances(content, slug="domesta"):
    return sorted((content / "corporations" / slug / "stances").iterdir())


def test_a_good_submission_becomes_a_pending_record(content):
    accepted = ingest(doc(), "update.json", content, SETTINGS, NOW)
    assert accepted.path.name.startswith("2026-11-28-") and accepted.path.suffix == ".md"
    register, problems = load_register(content, SETTINGS, NOW.date())
    assert problems == []
    (pending,) = register.pending
    assert pending.id == accepted.record_id and pending.status == "pending"
    assert pending.provenance == "corporation" and pending.received_on == date(2026, 11, 28)
    assert pending.contact["phone"] == "0591 123456"
    assert "  eviction: Onbekend -> Niet bij coronaschuld" in accepted.changes
    # not on the site until approved
    domesta = next(c for c in register.corporations if c.slug == "domesta")
    assert domesta.current(NOW.date()).collection == "help_offered"


def test_yaml_works_as_well_as_json(content):
    yaml_doc = "\n".join(f"{k}: {json.dumps(v)}" for k, v in GOOD.items()).encode()
    assert ingest(yaml_doc, "update.yaml", content, SETTINGS, NOW).path.exists()


def test_every_problem_is_reported_with_its_field_and_nothing_is_written(content):
    before = stances(content)
    bad = doc(
        eviction="opgeschort",
        effective_from="01-11-2026",
        policy_url="javascript:x",
        sender={"name": "", "role": "x", "email": "geen-adres"},
    )
    with pytest.raises(SubmissionError) as caught:
        ingest(bad, "update.json", content, SETTINGS, NOW)
    fields = {p.field for p in caught.value.problems}
    assert fields == {"eviction", "effective_from", "policy_url", "sender.name", "sender.email"}
    assert stances(content) == before


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"{not json", "malformed JSON"),
        (b"[1, 2]", "expected"),
        (b"x" * (70 * 1024), "larger than"),
        (b"corporation: [unclosed", "malformed YAML"),
    ],
)
def test_unreadable_documents_are_refused(content, raw, words):
    with pytest.raises(SubmissionError) as caught:
        ingest(raw, "update", content, SETTINGS, NOW)
    assert words in str(caught.value)


def test_an_unknown_corporation_is_refused(content):
    with pytest.raises(SubmissionError, match="unknown corporation 'spookwonen'"):
        ingest(doc(corporation="spookwonen"), "u.json", content, SETTINGS, NOW)


def test_text_is_reduced_to_plain_text(content):
    hostile = doc(
        statement='Hallo <script>alert(1)</script><b onmouseover="x()">vet</b> &amp; klaar',
        contact={**GOOD["contact"], "hours": "<img src=x onerror=alert(1)>9-17"},
    )
    accepted = ingest(hostile, "u.json", content, SETTINGS, NOW)
    register, _ = load_register(content, SETTINGS, NOW.date())
    (record,) = register.pending
    assert record.statement == "Hallo vet & klaar"
    assert record.contact["hours"] == "9-17"
    assert "<" not in accepted.path.read_text()


def test_the_same_submission_twice_is_refused_and_two_different_ones_both_land(content):
    ingest(doc(), "u.json", content, SETTINGS, NOW)
    with pytest.raises(SubmissionError, match="already received"):
        ingest(doc(), "u.json", content, SETTINGS, NOW)
    later = NOW.replace(minute=45)
    ingest(doc(statement="Een tweede bericht op dezelfde dag."), "u.json", content, SETTINGS, later)
    register, problems = load_register(content, SETTINGS, NOW.date())
    assert problems == [] and len(register.pending) == 2


def test_an_interrupted_write_leaves_no_file(content, monkeypatch):
    before = stances(content)

    def power_cut(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(OSError):
        ingest(doc(), "u.json", content, SETTINGS, NOW)
    assert stances(content) == before  # no record, no temporary file


def test_approving_publishes_one_record_and_alters_no_other(content):
    accepted = ingest(doc(), "u.json", content, SETTINGS, NOW)
    others = {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in content.rglob("*")
        if p.is_file() and p != accepted.path
    }
    approve(accepted.record_id, content, date(2026, 11, 29))
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in others} == others
    register, problems = load_register(content, SETTINGS, date(2026, 11, 29))
    assert problems == [] and register.pending == []
    domesta = next(c for c in register.corporations if c.slug == "domesta")
    current = domesta.current(date(2026, 11, 29))
    assert current.id == accepted.record_id and current.verified_on == date(2026, 11, 29)
    assert len(domesta.records) == 2  # the old record stays in the history
    with pytest.raises(SubmissionError, match="no pending record with this ID"):
        approve(accepted.record_id, content, date(2026, 11, 29))


def test_make_submit_review_and_approve_from_the_command_line(content, tmp_path):
    settings = settings_file(tmp_path, PATH=str(content))
    env = {"SETTINGS": str(settings)}
    real_content = {p: p.stat().st_mtime for p in (ROOT / "content").rglob("*")}

    def run(*args, stdin=None):
        return run_module("huurwijzer.submissions", *args, stdin=stdin, env=env)

    sent = run("submit", "-", stdin=doc().decode())
    assert sent.returncode == 0, sent.stderr
    record_id = sent.stdout.split("pending record ")[1].split(":")[0]
    assert (
        (content / "corporations" / record_id.replace("/", "/stances/")).with_suffix(".md").exists()
    )
    again = run("submit", "-", stdin=doc().decode())
    assert again.returncode == 1 and "nothing was written" in again.stderr
    listed = run("review")
    assert record_id in listed.stdout
    assert "collection: Hulp aangeboden -> Soepeler" in listed.stdout
    approved = run("approve", record_id)
    assert approved.returncode == 0, approved.stderr
    assert "No pending records." in run("review").stdout
    assert {p: p.stat().st_mtime for p in (ROOT / "content").rglob("*")} == real_content


texts = st.text(st.characters(codec="utf-8"), max_size=200)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_are_accepted_or_refused_never_a_crash(raw):
    try:
        parse_submission(raw, "fuzz")
    except SubmissionError as error:
        assert error.problems and all(p.path == "fuzz" for p in error.problems)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(GOOD)) | texts, values, max_size=12))
def test_any_json_structure_is_accepted_or_refused_never_a_crash(data):
    raw = json.dumps({**GOOD, **data}).encode()
    try:
        result = parse_submission(raw, "fuzz")
    except SubmissionError as error:
        assert error.problems
    else:
        assert result["corporation"] and result["sender"]["email"]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_any_yaml_text_is_accepted_or_refused_never_a_crash(text):
    try:
        parse_submission(text.encode(), "fuzz")
    except SubmissionError as error:
        assert error.problems


def test_submissions_module_has_no_state():
    assert not [
        n
        for n, v in vars(submissions).items()
        if isinstance(v, list | dict | set) and not n.isupper() and not n.startswith("_")
    ]


def test_record_ids_are_the_file_names(content):
    accepted = ingest(doc(), "u.json", content, SETTINGS, NOW)
    assert Path(accepted.path).stem == accepted.record_id.split("/")[1]


@pytest.mark.parametrize(
    "raw",
    [
        b'{"corporation": ' + b"9" * 5000 + b"}",  # an integer too long for Python
        b'{"a": ' + b"[" * 900 + b"]" * 900 + b"}",  # nesting beyond the recursion limit
        b"[" * 5000,
    ],
)
def test_hostile_json_is_refused_not_a_crash(raw):
    with pytest.raises(SubmissionError):
        parse_submission(raw, "hostile.json")


def test_emoji_and_other_scripts_survive_the_round_trip(content):
    words = "Wij helpen u 😀 — ook in het Arabisch: مرحبا, en 𝑥."
    accepted = ingest(doc(statement=words), "u.json", content, SETTINGS, NOW)
    register, problems = load_register(content, SETTINGS, NOW.date())
    assert problems == []
    assert register.pending[0].statement == words
    assert accepted.path.read_text(encoding="utf-8").isascii()


def test_a_date_in_the_month_of_a_month_only_record_is_refused(content):
    # Domesta's seed record starts "2020-03": a submission from 2020-03-15 cannot be ordered
    with pytest.raises(SubmissionError, match="cannot be put in order"):
        ingest(doc(effective_from="2020-03-15"), "u.json", content, SETTINGS, NOW)
    assert load_register(content, SETTINGS, NOW.date())[1] == []


def test_a_corporation_whose_slug_differs_from_its_folder(content):
    profile = content / "corporations" / "domesta" / "profile.md"
    profile.write_text(profile.read_text().replace("name: Domesta", "name: Domesta\nslug: dmst"))
    accepted = ingest(doc(corporation="dmst"), "u.json", content, SETTINGS, NOW)
    assert accepted.path.parent == content / "corporations" / "domesta" / "stances"
    register, problems = load_register(content, SETTINGS, NOW.date())
    assert problems == [] and [r.id for r in register.pending] == [accepted.record_id]
    approve(accepted.record_id, content, NOW.date())
    assert load_register(content, SETTINGS, NOW.date())[0].pending == []


def test_an_e_mail_address_in_capitals_is_accepted():
    sender = {**GOOD["sender"], "email": "A.Medewerker@Domesta.NL"}
    assert parse_submission(doc(sender=sender), "u.json")["sender"]["email"].endswith(".NL")


def test_an_empty_contact_block_and_a_missing_one_are_the_same_submission(content):
    empty = {k: None for k in GOOD["contact"]}
    first = parse_submission(doc(contact=empty), "u.json")
    data = {k: v for k, v in GOOD.items() if k not in ("contact", "policy_url")}
    second = parse_submission(json.dumps(data).encode(), "u.json")
    assert first["contact"] is None
    assert submissions.digest({**first, "policy_url": None}) == submissions.digest(second)
