"""Corporations' updates: the inbox, cleaning, approval into content/, and the editors' commands."""

import hashlib
import json
import os
import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_support import GOOD, SETTINGS, doc, take, tie_domain

from conftest import NOW, ROOT, TEST_DAY, copy_content, settings_file
from huurwijzer.commands.scaffold import scaffold
from huurwijzer.core import atomic
from huurwijzer.intake import clean, records
from huurwijzer.intake.clean import SubmissionError, parse_submission, read_submission
from huurwijzer.intake.inbox import APPROVED, PENDING, REJECTED, Inbox, InboxError
from huurwijzer.intake.workflow import approve, domain_tied, reject, review, verify
from huurwijzer.stances.loading import load_register

pytestmark = pytest.mark.clock  # stamps and approves: runs again a year ahead and behind

ENV_ROOT = {"PYTHONPATH": str(ROOT / "plugins"), "PATH": os.environ["PATH"]}


# How the editors confirmed a file's sender (make approve CONFIRMED="…").
CALLED = "Teruggebeld via het nummer op de website van Domesta"


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path)


@pytest.fixture
def inbox(tmp_path):
    return Inbox(tmp_path / "inbox" / "inbox.sqlite3")


def stances(content, slug="domesta"):
    return sorted((content / "corporations" / slug / "stances").iterdir())


def files_of(folder: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_a_good_submission_waits_in_the_inbox_and_not_in_content(content, inbox):
    before = files_of(content)
    taken = take(doc(), inbox, content)
    assert taken.item.state == PENDING and taken.item.receipt.startswith("HW-")
    assert "  eviction: onbekend -> Niet bij achterstand door corona" in taken.changes
    assert files_of(content) == before  # the public never writes into the content tree
    (item,) = inbox.items(PENDING)
    assert item.sender == GOOD["sender"] and "sender" not in item.document
    assert item.received_at.endswith("Z") and "." in item.received_at  # sub-second precision


def test_yaml_works_as_well_as_json(content, inbox):
    yaml_doc = "\n".join(f"{k}: {json.dumps(v)}" for k, v in GOOD.items()).encode()
    assert take(yaml_doc, inbox, content).item.state == PENDING


def test_every_problem_is_reported_with_its_field_and_nothing_is_stored(content, inbox):
    bad = doc(
        eviction="opgeschort",
        effective_from="01-11-2026",
        policy_url="javascript:x",
        sender={"name": "", "role": "x", "email": "geen-adres"},
    )
    with pytest.raises(SubmissionError) as caught:
        take(bad, inbox, content)
    fields = {p.field for p in caught.value.problems}
    assert fields == {"eviction", "effective_from", "policy_url", "sender.name", "sender.email"}
    assert inbox.count() == 0


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"{not json", "malformed JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b"x" * (70 * 1024), "larger than"),
        (b"corporation: [unclosed", "malformed YAML"),
    ],
)
def test_unreadable_documents_are_refused(raw, words):
    with pytest.raises(SubmissionError) as caught:
        parse_submission(raw, "update", TEST_DAY)
    assert words in str(caught.value)


def test_an_unknown_corporation_is_refused_at_its_own_line(content, inbox):
    raw = json.dumps({**GOOD, "corporation": "spookwonen"}, indent=2).encode()
    with pytest.raises(SubmissionError) as caught:
        take(raw, inbox, content)
    (problem,) = caught.value.problems
    assert problem.line == 2 and problem.field == "corporation"
    assert "unknown corporation 'spookwonen'" in problem.message


def test_text_is_reduced_to_plain_text(content, inbox):
    hostile = doc(
        statement='Hallo <script>alert(1)</script><b onmouseover="x()">vet</b> &amp; klaar',
        contact={**GOOD["contact"], "hours": "<img src=x onerror=alert(1)>9-17"},
    )
    item = take(hostile, inbox, content).item
    assert item.document["statement"] == "Hallo vet & klaar"
    assert item.document["contact"]["hours"] == "9-17"


def test_the_same_submission_twice_is_refused_kindly_and_two_different_ones_both_land(
    content, inbox
):
    first = take(doc(), inbox, content).item
    with pytest.raises(SubmissionError, match=f"already received \\(receipt {first.receipt}\\)"):
        take(doc(sender={**GOOD["sender"], "name": "Iemand anders"}), inbox, content)
    take(doc(statement="Een tweede bericht op dezelfde dag."), inbox, content)
    assert inbox.count() == 2


def test_approving_writes_one_record_and_alters_no_other_file(content, inbox, tmp_path):
    tie_domain(content, "domesta", "domesta.example")
    receipt = take(doc(), inbox, content).item.receipt
    before = files_of(content)
    how = CALLED
    path = approve(receipt, inbox, content, SETTINGS, "redacteur", now=NOW, confirmed_how=how)
    after = files_of(content)
    assert {p: h for p, h in after.items() if p != path} == before
    assert not atomic.leftovers(content)
    register, problems = load_register(content, SETTINGS)
    assert problems == []
    domesta = next(c for c in register.corporations if c.slug == "domesta")
    current = domesta.current(date(2026, 11, 28))
    assert current.path.endswith(path.name) and current.provenance == "corporation"
    assert current.statement == GOOD["statement"]
    assert current.verified_on is None  # approving is not checking
    assert current.approved_on == date(2026, 11, 28) and current.approved_by == "redacteur"
    assert len(domesta.records) == 2  # the old record stays in the history
    text = path.read_text(encoding="utf-8")
    assert "a@domesta.example" not in text and "Medewerker" not in text
    item = inbox.get(receipt)
    assert item.state == APPROVED and item.decided_by == "redacteur"
    assert item.record == f"domesta/{path.stem}"
    assert item.reason == f"sender confirmed by the editors: {how}"  # the decision, recorded
    with pytest.raises(InboxError, match="not pending"):
        approve(receipt, inbox, content, SETTINGS, "redacteur")


def test_a_file_speaks_for_a_corporation_only_when_the_editors_confirmed_its_sender(content, inbox):
    """A file claiming `…@domesta.example` is not the corporation speaking (issue 20)."""
    tie_domain(content, "domesta", "domesta.example")
    receipt = take(doc(), inbox, content).item.receipt
    register, _ = load_register(content, SETTINGS)
    assert any("sender NOT confirmed" in line for line in review(inbox, register))
    path = approve(receipt, inbox, content, SETTINGS, "redacteur", now=NOW)
    register, problems = load_register(content, SETTINGS)
    assert problems == []
    record = next(r for c in register.corporations for r in c.records if r.path.endswith(path.name))
    assert record.provenance == "editorial" and record.statement is None
    assert inbox.get(receipt).reason is None


def test_domains_are_tied_in_one_form(content, inbox):
    tie_domain(content, "domesta", "domesta.example")
    item = take(doc(sender={**GOOD["sender"], "email": "a@DOMESTA.example"}), inbox, content).item
    other = take(
        doc(sender={**GOOD["sender"], "email": "a@domesta.example.nl"}, statement="Twee."),
        inbox,
        content,
    )
    register, _ = load_register(content, SETTINGS)
    domesta = next(c for c in register.corporations if c.slug == "domesta")
    assert domain_tied(item, domesta) and not domain_tied(other.item, domesta)


def test_without_a_tied_domain_a_submission_is_published_as_editorial(content, inbox):
    receipt = take(doc(), inbox, content).item.receipt
    path = approve(receipt, inbox, content, SETTINGS, "redacteur", now=NOW)
    register, problems = load_register(content, SETTINGS)
    assert problems == []
    record = next(r for c in register.corporations for r in c.records if r.path.endswith(path.name))
    assert record.provenance == "editorial" and record.statement is None


def test_a_failed_write_leaves_no_file_and_the_item_pending(content, inbox, monkeypatch):
    receipt = take(doc(), inbox, content).item.receipt
    before = stances(content)

    def power_cut(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(OSError):
        approve(receipt, inbox, content, SETTINGS, "redacteur")
    monkeypatch.undo()
    assert stances(content) == before  # no record, no temporary file
    assert inbox.get(receipt).state == PENDING


def test_a_killed_writers_leftovers_are_cleared_by_the_next_approval(content, inbox):
    folder = content / "corporations" / "domesta" / "stances"
    stale = folder / ".huurwijzer-killed.tmp"
    stale.write_text("half a record")
    os.utime(stale, (0, 0))
    fresh = folder / ".huurwijzer-busy.tmp"  # another writer may still be at work on it
    fresh.write_text("")
    receipt = take(doc(), inbox, content).item.receipt
    approve(receipt, inbox, content, SETTINGS, "redacteur", now=NOW)
    assert not stale.exists() and fresh.exists()
    assert load_register(content, SETTINGS)[1] == []


def test_old_backups_are_deleted_with_the_retention(tmp_path):
    from huurwijzer.intake.settings import purge_backups

    folder = tmp_path / "backups"
    folder.mkdir()
    old, new = folder / "inbox-1.sqlite3", folder / "inbox-2.sqlite3"
    old.write_bytes(b"")
    new.write_bytes(b"")
    os.utime(old, (1, 1))
    settings = {"INBOX_BACKUP_DIR": str(folder), "INBOX_RETENTION_DAYS": 365}
    assert purge_backups(settings, NOW.timestamp()) == [old] and new.exists()


def test_rejecting_needs_a_reason_and_records_who(content, inbox):
    receipt = take(doc(), inbox, content).item.receipt
    with pytest.raises(InboxError, match="give a reason"):
        reject(receipt, inbox, "  ", "redacteur", NOW)
    item = reject(receipt, inbox, "Geen bron", "redacteur", NOW)
    assert (item.state, item.reason, item.decided_by) == (REJECTED, "Geen bron", "redacteur")
    assert inbox.items(PENDING) == []


def test_review_lists_what_waits_with_its_differences(content, inbox):
    receipt = take(doc(), inbox, content).item.receipt
    register, _ = load_register(content, SETTINGS)
    text = "\n".join(review(inbox, register))
    assert receipt in text and "lenient_collection: onbekend -> Ja" in text
    assert "domain NOT tied" in text and "Notices to the editors not sent yet" in text
    # published stances never checked are listed too, oldest first
    due = text.split("due for a check", 1)[1].splitlines()[1:]
    assert [line.split()[0] for line in due] == [
        "actium/2020-03",
        "domesta/2020-03",
        "woonconcept/2020-03",
        "woonservice/2020-03",
    ]
    assert all("never checked" in line for line in due)


def test_submissions_in_one_second_never_make_the_build_fail(content, inbox):
    """Issue 10 class 1: twenty at once, one corporation, one start date: all publishable."""
    tie_domain(content, "domesta", "domesta.example")
    errors = []

    def send(i):
        try:
            take(doc(statement=f"Bericht {i}"), inbox, content, now=NOW)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    items = inbox.items(PENDING)
    assert len({i.received_at for i in items}) == 20  # unique and ordered by the sequence
    assert [i.received_at for i in items] == sorted(i.received_at for i in items)
    for item in items:
        approve(item.receipt, inbox, content, SETTINGS, "redacteur", now=NOW, confirmed_how=CALLED)
    register, problems = load_register(content, SETTINGS)
    assert problems == []
    domesta = next(c for c in register.corporations if c.slug == "domesta")
    assert domesta.current(date(2026, 11, 28)).statement == items[-1].document["statement"]


def test_verify_sets_when_and_how_and_keeps_the_editors_comments(content, tmp_path):
    path = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    path.write_text(path.read_text().replace("provenance: press", "provenance: press  # RTV"))
    verify("domesta/2020-03", "Website van Domesta bekeken", content, SETTINGS)
    text = path.read_text(encoding="utf-8")
    assert "provenance: press  # RTV" in text
    register, problems = load_register(content, SETTINGS)
    assert problems == []
    record = next(r for c in register.corporations for r in c.records if r.id == "domesta/2020-03")
    assert record.verified_on == date(2026, 11, 28)
    assert record.verified_how == "Website van Domesta bekeken"
    with pytest.raises(InboxError, match="no published record"):
        verify("domesta/bestaat-niet", "x", content, SETTINGS)
    with pytest.raises(InboxError, match="say what was checked"):
        verify("domesta/2020-03", " ", content, SETTINGS)


# -- the command line: arguments through the environment ------------------------------------


def make(target: str, env: dict, stdin: bytes | None = None, cwd: Path = ROOT, **arguments):
    """Run a make target as a person would: VARIABLE=value on the command line."""
    import subprocess

    return subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(cwd), target]
        + [f"{name}={value}" for name, value in arguments.items()],
        env={**os.environ, **ENV_ROOT, **env},
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_make_submit_review_approve_reject_and_verify(content, tmp_path):
    settings = settings_file(tmp_path, PATH=str(content), REGISTER_TODAY="2026-11-28")
    inbox_path = tmp_path / "inbox.sqlite3"
    env = {"SETTINGS": str(settings), "INBOX": str(inbox_path), "BY": "redacteur"}
    odd = tmp_path / "standpunt `touch PWNED` \"'; touch PWNED2; ' \\N.json"
    odd.write_bytes(doc())
    sent = make("submit", env, FILE=str(odd))
    assert sent.returncode == 0, sent.stderr
    assert not list(ROOT.glob("PWNED*")) and not list(tmp_path.glob("PWNED*"))
    receipt = sent.stdout.decode().split("Received as ")[1].split(" ")[0]
    again = make("submit", env, stdin=doc(), FILE="-")
    assert again.returncode != 0 and b"already received" in again.stderr
    listed = make("review", env)
    assert receipt in listed.stdout.decode()
    assert make("reject", env, ID=receipt).returncode != 0  # no reason given
    approved = make("approve", env, ID=receipt)
    assert approved.returncode == 0, approved.stderr
    assert b"The inbox is empty" in make("review", env).stdout
    verified = make("verify", env, ID="domesta/2020-03", HOW='Website "bekeken" `touch PWNED`')
    assert verified.returncode == 0, verified.stderr
    assert not list(ROOT.glob("PWNED*"))
    # backup and restore, as the README describes them
    backups = tmp_path / "backups"
    saved = make(
        "inbox-backup",
        {
            **env,
            "SETTINGS": str(
                settings_file(tmp_path, PATH=str(content), INBOX_BACKUP_DIR=str(backups))
            ),
        },
    )
    assert saved.returncode == 0, saved.stderr
    (backup,) = backups.glob("inbox-*.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{inbox_path}{suffix}").unlink(missing_ok=True)
    restored = make("inbox-restore", env, BACKUP=str(backup))
    assert restored.returncode == 0 and b"(1 items)" in restored.stdout, restored.stderr
    assert Inbox(inbox_path).get(receipt).state == APPROVED


@pytest.mark.slow
def test_make_submit_without_file_says_so_instead_of_waiting(tmp_path):
    env = {"INBOX": str(tmp_path / "inbox.sqlite3")}
    result = make("submit", env, stdin=None)
    assert result.returncode != 0 and b"give FILE" in result.stderr


@pytest.mark.slow
def test_an_endless_input_is_refused_after_the_limit_not_read_whole(tmp_path):
    env = {"INBOX": str(tmp_path / "inbox.sqlite3")}
    result = make("submit", env, FILE="/dev/zero")
    assert result.returncode != 0 and b"larger than 65536 bytes" in result.stderr


# -- issue 10 classes 8 to 12 --------------------------------------------------------------


def test_json_problems_are_reported_at_their_own_line():
    one_line = json.dumps({**GOOD, "eviction": "opgeschort"}).encode()
    (problem,) = pytest.raises(
        SubmissionError, parse_submission, one_line, "a.json", TEST_DAY
    ).value.problems
    assert (problem.line, problem.field) == (1, "eviction")
    spread = json.dumps({**GOOD, "scope": "iedereen"}, indent=2).encode()
    (problem,) = pytest.raises(
        SubmissionError, parse_submission, spread, "b.json", TEST_DAY
    ).value.problems
    assert (problem.line, problem.field) == (5, "scope")  # line 1 is "{"


def test_json_is_as_strict_as_yaml():
    duplicate = b'{"statement": "a",\n "statement": "b"}'
    problems = pytest.raises(
        SubmissionError, parse_submission, duplicate, "d.json", TEST_DAY
    ).value.problems
    assert any(p.line == 2 and "given twice" in p.message for p in problems)
    for value in (b"12345", b"true", b"NaN", b"1e400"):
        raw = doc(statement="x").replace(b'"statement": "x"', b'"statement": ' + value)
        with pytest.raises(SubmissionError) as caught:
            parse_submission(raw, "n.json", TEST_DAY)
        assert "statement" in {p.field for p in caught.value.problems} or "malformed" in str(
            caught.value
        )


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("Wij \u202ezetten\u202c niemand uit", "Wij zetten niemand uit"),
        ("nie\u200bmand\u2060 uit\u2067 huis\u2069", "niemand uit huis"),
        ("Team \U0001f469\u200d\U0001f4bb helpt", "Team \U0001f469\u200d\U0001f4bb helpt"),
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),
        ("\u200fمرحبا\u200f 2020", "\u200fمرحبا\u200f 2020"),
        ("I\u0307stanbul ve ığdır", "I\u0307stanbul ve ığdır"),
        ("zacht\u00adafbreken", "zachtafbreken"),
    ],
)
def test_invisible_and_direction_characters_are_neutralised_real_scripts_kept(sent, kept):
    assert clean.plain(sent) == kept


def test_a_text_of_only_invisible_characters_is_empty():
    with pytest.raises(SubmissionError) as caught:
        parse_submission(doc(statement="\u200b\u200d\u2060\u202e"), "z.json", TEST_DAY)
    assert [p.field for p in caught.value.problems] == ["statement"]
    assert "empty once" in str(caught.value)


def test_files_get_the_mode_the_umask_allows_and_no_leftovers(tmp_path, monkeypatch):
    old = os.umask(0o027)
    try:
        path = atomic.write_new(tmp_path / "a.md", "x")
        assert path.stat().st_mode & 0o777 == 0o640
        with pytest.raises(FileExistsError):
            atomic.write_new(path, "y")
        assert path.read_text() == "x"
        atomic.replace(path, "z")
        assert path.read_text() == "z" and path.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        atomic.write_new(tmp_path / "b.md", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_a_new_corporation_keeps_its_name_exactly(tmp_path):
    content = copy_content(tmp_path)
    folder = scaffold("Wonen\\Noord \u00e9n \"Zuid\": 'samen'", content, date(2026, 11, 28))
    register, problems = load_register(content, SETTINGS)
    assert problems == []
    assert folder.name == "wonennoord-en-zuid-samen"
    names = [c.name for c in register.corporations]
    assert "Wonen\\Noord \u00e9n \"Zuid\": 'samen'" in names
    with pytest.raises(ValueError, match="control character|invisible"):
        scaffold("Wonen\x1bNoord", content, date(2026, 11, 28))


def test_make_corporation_takes_any_name(tmp_path):
    content = copy_content(tmp_path)
    import subprocess

    result = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "corporation", "NAME=Wonen\\Noord", f"CONTENT={content}"],
        env={**os.environ, **ENV_ROOT},
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    profile = (content / "corporations" / "wonennoord" / "profile.md").read_text()
    assert "name: Wonen\\Noord" in profile
    register, problems = load_register(content, SETTINGS)
    assert problems == [] and "Wonen\\Noord" in [c.name for c in register.corporations]


# -- the inbox itself ----------------------------------------------------------------------


def test_the_inbox_runs_in_wal_mode_with_full_synchronous(inbox):
    assert inbox.pragmas() == {"journal_mode": "wal", "synchronous": 2, "integrity": "ok"}


def test_backup_and_restore_give_back_every_item(content, inbox, tmp_path):
    receipts = [take(doc(statement=f"Bericht {i}"), inbox, content).item.receipt for i in range(3)]
    backup = inbox.backup(tmp_path / "backups" / "inbox-1.sqlite3")
    inbox.path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(inbox.path) + suffix).unlink(missing_ok=True)
    restored = Inbox.restore(backup, inbox.path)
    assert [i.receipt for i in restored.items()] == receipts
    assert restored.pragmas()["integrity"] == "ok" and restored.pragmas()["journal_mode"] == "wal"
    with pytest.raises(InboxError, match="exists"):
        inbox.backup(backup)


def test_a_damaged_backup_is_not_restored(tmp_path, inbox):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises((InboxError, sqlite3.DatabaseError)):
        Inbox.restore(bad, tmp_path / "new.sqlite3")


def test_erasing_a_person_leaves_nothing_of_them_in_the_files(content, inbox):
    item = take(doc(sender={**GOOD["sender"], "email": "wis.mij@domesta.example"}), inbox, content)
    assert inbox.erase("WIS.MIJ@domesta.example") == 1
    assert inbox.get(item.item.receipt).sender == {"name": None, "role": None, "email": None}
    for path in inbox.path.parent.iterdir():
        assert b"wis.mij" not in path.read_bytes(), path


def test_purge_deletes_decided_items_after_the_retention(content, inbox):
    old = take(doc(), inbox, content, now=NOW - timedelta(days=500)).item
    reject(old.receipt, inbox, "oud", "redacteur", NOW)
    new = take(doc(statement="nieuw"), inbox, content).item
    assert inbox.purge(365, 7, now=NOW + timedelta(days=400)) == 1
    assert [i.receipt for i in inbox.items()] == [new.receipt]


# -- fuzzing the parser ----------------------------------------------------------------------

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
        parse_submission(raw, "fuzz", TEST_DAY)
    except SubmissionError as error:
        assert error.problems and all(p.path == "fuzz" for p in error.problems)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(GOOD)) | texts, values, max_size=12))
def test_any_json_structure_is_accepted_or_refused_never_a_crash(data):
    raw = json.dumps({**GOOD, **data}).encode()
    try:
        result = parse_submission(raw, "fuzz", TEST_DAY)
    except SubmissionError as error:
        assert error.problems
    else:
        assert result["corporation"] and result["sender"]["email"]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_any_yaml_text_is_accepted_or_refused_never_a_crash(text):
    try:
        parse_submission(text.encode(), "fuzz", TEST_DAY)
    except SubmissionError as error:
        assert error.problems


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
        parse_submission(raw, "hostile.json", TEST_DAY)


def test_emoji_and_other_scripts_survive_the_round_trip(content, inbox):
    tie_domain(content, "domesta", "domesta.example")
    words = "Wij helpen u 😀 — ook in het Arabisch: مرحبا, en 𝑥."
    receipt = take(doc(statement=words), inbox, content).item.receipt
    path = approve(receipt, inbox, content, SETTINGS, "redacteur", now=NOW, confirmed_how=CALLED)
    assert path.read_text(encoding="utf-8").isascii()
    register, problems = load_register(content, SETTINGS)
    assert problems == []
    record = next(r for c in register.corporations for r in c.records if r.path.endswith(path.name))
    assert record.statement == words


def test_a_date_in_the_month_of_a_month_only_record_is_refused(content, inbox):
    # Domesta's seed record starts "2020-03": a submission from 2020-03-15 cannot be ordered
    raw = json.dumps({**GOOD, "effective_from": "2020-03-15"}, indent=1).encode()
    with pytest.raises(SubmissionError, match="cannot be put in order") as caught:
        take(raw, inbox, content)
    assert caught.value.problems[0].line == 9  # where effective_from is


def test_a_corporation_whose_slug_differs_from_its_folder(content, inbox):
    profile = content / "corporations" / "domesta" / "profile.md"
    profile.write_text(profile.read_text().replace("name: Domesta", "name: Domesta\nslug: dmst"))
    receipt = take(doc(corporation="dmst"), inbox, content).item.receipt
    path = approve(receipt, inbox, content, SETTINGS, "redacteur", now=NOW)
    assert path.parent == content / "corporations" / "domesta" / "stances"
    assert load_register(content, SETTINGS)[1] == []


def test_an_e_mail_address_in_capitals_is_accepted():
    sender = {**GOOD["sender"], "email": "A.Medewerker@Domesta.NL"}
    assert parse_submission(doc(sender=sender), "u.json", TEST_DAY)["sender"]["email"].endswith(
        ".NL"
    )


def test_an_empty_contact_block_and_a_missing_one_are_the_same_submission():
    empty = {k: None for k in GOOD["contact"]}
    first = parse_submission(doc(contact=empty), "u.json", TEST_DAY)
    data = {k: v for k, v in GOOD.items() if k not in ("contact", "policy_url")}
    second = parse_submission(json.dumps(data).encode(), "u.json", TEST_DAY)
    assert first["contact"] is None
    assert clean.digest({**first, "policy_url": None}) == clean.digest(second)


def test_a_record_that_would_break_the_build_is_taken_back_out(content, inbox):
    receipt = take(doc(), inbox, content).item.receipt
    item = inbox.get(receipt)
    bad = records.emit({"eviction": "none"}, "")
    folder = content / "corporations" / "domesta" / "stances"
    register = load_register(content, SETTINGS)[0]
    with pytest.raises(SubmissionError):
        records.write_record(content, SETTINGS, register, folder, "x.md", bad)
    assert not (folder / "x.md").exists() and item.state == PENDING
    read_submission(doc(), "again.json", TEST_DAY)  # the parser is unchanged by the failure


def test_a_record_that_would_make_another_one_wrong_is_taken_back_out(content):
    """A record valid on its own that leaves two records of its corporation without an
    order: the problem lands on the record already there, and the new one is refused."""
    folder = content / "corporations" / "domesta" / "stances"
    text = (folder / "2020-03.md").read_text(encoding="utf-8")  # effective_from: 2020-03
    register = load_register(content, SETTINGS)[0]
    with pytest.raises(SubmissionError) as refused:
        records.write_record(content, SETTINGS, register, folder, "2020-02-kopie.md", text)
    (problem,) = refused.value.problems
    assert (Path(problem.path).name, problem.code) == ("2020-03.md", "cannot-order")
    assert not (folder / "2020-02-kopie.md").exists()
    assert load_register(content, SETTINGS)[1] == []


def test_approving_reads_the_whole_register_once(content, inbox, monkeypatch):
    from huurwijzer.stances import loading

    receipt = take(doc(), inbox, content).item.receipt
    loads = []
    real = loading._Loader.load
    monkeypatch.setattr(
        loading._Loader, "load", lambda self, *args: loads.append(1) or real(self, *args)
    )
    path = approve(receipt, inbox, content, SETTINGS, "redacteur", now=NOW, confirmed_how=CALLED)
    assert path.exists() and len(loads) == 1
    assert load_register(content, SETTINGS)[1] == []
