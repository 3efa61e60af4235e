"""The inbox keeps what it acknowledged and forgets a person when asked (issue 20).

A schema-valid document with a number in it is taken in; erase finds an address however it
is capitalised and wherever it was typed; restore takes only an inbox of this project, reads
its path as a path and keeps the inbox it replaces.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from intake_support import GOOD, SETTINGS, doc, take

from conftest import ROOT, TEST_DAY, copy_content, run_module, settings_file
from huurwijzer.intake.clean import parse_submission
from huurwijzer.intake.inbox import ERASED, Inbox, InboxError, address_key
from huurwijzer.stances.scales import SCHEMA_VERSION

pytestmark = pytest.mark.clock  # stamps submissions


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path)


@pytest.fixture
def inbox(tmp_path):
    return Inbox(tmp_path / "inbox.sqlite3")


def test_a_document_with_the_schema_version_as_a_number_is_taken_in(content, inbox):
    """It crashed with 'Object of type Decimal is not JSON serializable'."""
    raw = doc(schema_version=SCHEMA_VERSION)
    assert parse_submission(raw, "u.json", TEST_DAY)["schema_version"] == SCHEMA_VERSION
    item = take(raw, inbox, content).item
    assert inbox.get(item.receipt).document["corporation"] == "domesta"


def test_make_submit_takes_a_document_with_the_schema_version(content, tmp_path):
    settings = settings_file(tmp_path, PATH=str(content), **SETTINGS)
    env = {"SETTINGS": str(settings), "INBOX": str(tmp_path / "i.sqlite3"), "FILE": "-"}
    document = json.dumps({**GOOD, "schema_version": SCHEMA_VERSION})
    result = run_module("huurwijzer.intake.commands", "submit", stdin=document, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Received as HW-" in result.stdout


def test_addresses_are_compared_in_one_form():
    assert address_key("ÉLISE.Zwijgzaam@Domesta.Example") == "élise.zwijgzaam@domesta.example"
    assert address_key("a@bücher.example") == "a@xn--bcher-kva.example"
    assert address_key(" A@B.NL. ") == "a@b.nl"


def test_erase_finds_an_address_with_accents_and_wherever_it_was_typed(content, inbox):
    address = "élise.zwijgzaam@domesta.example"
    raw = doc(
        sender={**GOOD["sender"], "email": address},
        contact={**GOOD["contact"], "email": address},
        statement=f"Mail mij op {address} als er vragen zijn.",
    )
    other = take(doc(statement="Een ander bericht."), inbox, content).item
    item = take(raw, inbox, content).item
    assert inbox.erase("ÉLISE.zwijgzaam@domesta.example") == 1
    erased = inbox.get(item.receipt)
    assert erased.sender == {"name": None, "role": None, "email": None}
    assert erased.document["contact"]["email"] is None
    assert erased.document["statement"] == f"Mail mij op {ERASED} als er vragen zijn."
    assert inbox.get(other.receipt).sender == GOOD["sender"]  # nobody else's data touched
    stored = b"".join(p.read_bytes() for p in inbox.path.parent.glob("inbox.sqlite3*"))
    assert b"zwijgzaam" not in stored and b"Zwijgzaam" not in stored


def test_erase_refuses_what_is_not_an_address(inbox):
    with pytest.raises(InboxError, match="not an e-mail address"):
        inbox.erase("niemand")


def test_restore_reads_the_path_as_a_path(content, inbox, tmp_path):
    receipt = take(doc(), inbox, content).item.receipt
    backup = inbox.backup(tmp_path / "backups" / "inbox#2?.sqlite3")
    restored = Inbox.restore(backup, tmp_path / "restored.sqlite3")
    assert [i.receipt for i in restored.items()] == [receipt]


@pytest.mark.parametrize("kind", ["empty", "other-sqlite", "junk", "missing"])
def test_restore_refuses_what_is_not_an_inbox_and_changes_nothing(content, inbox, tmp_path, kind):
    receipt = take(doc(), inbox, content).item.receipt
    bad = tmp_path / f"{kind}.sqlite3"
    if kind == "empty":
        bad.write_bytes(b"")
    elif kind == "other-sqlite":
        other = sqlite3.connect(bad)
        other.execute("CREATE TABLE notes (text TEXT)")
        other.commit()
        other.close()
    elif kind == "junk":
        bad.write_bytes(b"dit is geen database " * 100)
    with pytest.raises(InboxError, match="nothing was restored"):
        Inbox.restore(bad, inbox.path)
    assert [i.receipt for i in Inbox(inbox.path).items()] == [receipt]


def test_make_inbox_restore_keeps_the_inbox_it_replaces(content, inbox, tmp_path):
    first = take(doc(), inbox, content).item.receipt
    backup = inbox.backup(tmp_path / "inbox#1.sqlite3")
    second = take(doc(statement="Later binnengekomen."), inbox, content).item.receipt
    backups = tmp_path / "backups"
    settings = settings_file(tmp_path, PATH=str(content), INBOX_BACKUP_DIR=str(backups))
    env = {"SETTINGS": str(settings), "INBOX": str(inbox.path), "BACKUP": str(backup)}
    result = run_module("huurwijzer.intake.commands", "inbox-restore", env=env)
    assert result.returncode == 0, result.stderr
    assert [i.receipt for i in Inbox(inbox.path).items()] == [first]
    (kept,) = backups.glob("inbox-before-restore-*.sqlite3")
    assert [i.receipt for i in Inbox(kept).items()] == [first, second]
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\x00" * 4096)
    refused = run_module(
        "huurwijzer.intake.commands", "inbox-restore", env={**env, "BACKUP": str(junk)}
    )
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "not an inbox backup" in refused.stderr or "not a Huurwijzer inbox" in refused.stderr


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://huurwijzer.example/ontvangst/standpunt/",  # every mailed link answered 404
        "https://huurwijzer.example/ontvangst/standpunt?x=1",
        "https://huurwijzer.example/ontvangst/standpunt#form",
        "https://huurwijzer.example",
        "ftp://huurwijzer.example/ontvangst/standpunt",
    ],
)
def test_an_endpoint_the_receiver_cannot_serve_is_refused_by_make_check(tmp_path, endpoint):
    settings = settings_file(tmp_path, PATH=str(ROOT / "content"), SUBMISSION_ENDPOINT=endpoint)
    result = run_module("huurwijzer.commands.check", str(settings))
    assert result.returncode == 2
    assert result.stdout.startswith(f"setting SUBMISSION_ENDPOINT = {endpoint!r}: expected")
    assert "no '/' at the end" in result.stdout


def test_the_endpoint_shape_the_receiver_serves_is_accepted(tmp_path):
    from huurwijzer.intake.settings import check

    good = "https://huurwijzer.example/ontvangst/standpunt"
    assert check({"SUBMISSION_ENDPOINT": good})["SUBMISSION_ENDPOINT"] == good
    assert check({})["SUBMISSION_ENDPOINT"] == ""  # no receiver: the form offers a download


@pytest.mark.parametrize(
    "how",
    [
        "Gebeld met de klantenservice",
        "Gebeld\nmet de klantenservice",  # a newline used to mangle the next amendment
        "Zei: 'ja' — \"zeker\" # geen commentaar",
        "- geen lijst: en geen {map}",
    ],
)
def test_verify_twice_keeps_every_value_as_written(content, how):
    from huurwijzer.intake.workflow import verify
    from huurwijzer.stances.loading import load_register

    path = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    path.write_text(path.read_text().replace("provenance: press", "provenance: press  # RTV"))
    verify("domesta/2020-03", how, content, SETTINGS)
    verify("domesta/2020-03", how + " (opnieuw)", content, SETTINGS)
    register, problems = load_register(content, SETTINGS)
    assert problems == []
    record = next(r for c in register.corporations for r in c.records if r.id == "domesta/2020-03")
    assert record.verified_how == (how + " (opnieuw)").strip()
    assert record.verified_on == TEST_DAY
    assert "provenance: press  # RTV" in path.read_text()  # the editors' comment stays


ESCAPES = ["\x1b]0;gehackt\x07", "\x1b[2J", "\x1b]52;c;ZWNobw==\x07", "\u202e", "\n"]


def test_make_submit_shows_control_sequences_in_keys_as_text(content, tmp_path):
    settings = settings_file(tmp_path, PATH=str(content), **SETTINGS)
    env = {"SETTINGS": str(settings), "INBOX": str(tmp_path / "i.sqlite3"), "FILE": "-"}
    document = json.dumps({**GOOD, **{f"veld{e}": "x" for e in ESCAPES}})
    result = run_module("huurwijzer.intake.commands", "submit", stdin=document, env=env)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr + result.stdout and "\u202e" not in result.stderr
    assert "veld\\x1b]0;gehackt\\x07: " in result.stderr  # the key, shown as it is


def test_make_check_shows_a_file_name_with_escapes_as_one_line(tmp_path):
    content = copy_content(tmp_path)
    (content / "articles" / "gek\x1b[2Jnaam\n.txt").write_text("x")
    settings = settings_file(tmp_path, PATH=str(content))
    result = run_module("huurwijzer.commands.check", str(settings), str(content))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    (line,) = [x for x in result.stdout.splitlines() if "gek" in x]
    assert "gek\\x1b[2Jnaam\\x0a.txt:1:" in line


def test_make_inbox_erase_says_what_happens_to_backups(content, inbox, tmp_path):
    address = "wis.mij@domesta.example"
    take(doc(sender={**GOOD["sender"], "email": address}), inbox, content)
    backup = inbox.backup(tmp_path / "backups" / "inbox-1.sqlite3")
    settings = settings_file(tmp_path, PATH=str(content))
    env = {"SETTINGS": str(settings), "INBOX": str(inbox.path), "EMAIL": address.upper()}
    result = run_module("huurwijzer.intake.commands", "inbox-erase", env=env)
    assert result.returncode == 0, result.stderr
    assert "Erased the personal data on 1 items." in result.stdout
    assert "Backups keep it until they expire" in result.stdout  # said, and true:
    assert address.encode() in backup.read_bytes()  # the backup still holds it …
    assert address.encode() not in inbox.path.read_bytes()  # … the inbox no longer
