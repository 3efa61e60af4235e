"""Mail around the inbox, caught by a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from intake_support import GOOD, NOW, tie_domain
from receiver_support import Receiver, free_port

from conftest import copy_content, run_module
from huurwijzer.intake.inbox import PENDING, UNCONFIRMED, Inbox, InboxError
from huurwijzer.intake.workflow import approve, token_hash
from huurwijzer.stances.loading import load_register

pytestmark = pytest.mark.clock  # stamps and approves: runs again a year ahead and behind

SITE = "http://127.0.0.1:1"
EDITORS = "redactie@huurwijzer.example"


class Catch:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


def smtp(port: int | None = None) -> tuple[Controller, Catch]:
    catch = Catch()
    controller = Controller(catch, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller, catch


def mail_settings(port: int) -> dict:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": port,
        "SMTP_TLS": "none",
        "MAIL_FROM": EDITORS,
        "EDITORS_EMAIL": EDITORS,
    }


def wait_for(condition, what: str):
    for _ in range(300):  # a readiness poll: mail is sent after the answer
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


def to(catch: Catch, address: str) -> list:
    return [m for m in catch.messages if m["To"] == address]


@pytest.fixture
def mailed(tmp_path):
    content = copy_content(tmp_path)
    tie_domain(content, "domesta", "domesta.example")
    controller, catch = smtp()
    receiver = Receiver(tmp_path / "r", content, SITE, **mail_settings(controller.port)).start()
    yield receiver, catch, content
    receiver.stop()
    controller.stop()


@pytest.mark.slow
def test_a_sender_confirms_by_link_once_then_the_editors_can_publish_its_words(mailed):
    receiver, catch, content = mailed
    status, _, body = receiver.post_json(GOOD)
    assert status == 201
    receipt = json.loads(body)["receipt"]
    inbox = Inbox(receiver.inbox)
    assert inbox.get(receipt).state == UNCONFIRMED
    wait_for(lambda: to(catch, GOOD["sender"]["email"]) and to(catch, EDITORS), "two mails")
    notice = to(catch, EDITORS)[0].get_content()
    assert receipt in notice and "eviction: onbekend -> Niet bij achterstand door corona" in notice
    assert GOOD["sender"]["email"] not in notice
    letter = to(catch, GOOD["sender"]["email"])[0].get_content()
    link = re.search(r"http://\S+/bevestig\?t=\S+", letter).group(0)
    # opening the link (as a mail scanner would) confirms nothing
    parts = urlsplit(link)
    status, _, page = receiver.get(f"{parts.path}?{parts.query}")
    assert status == 200 and b"Bevestig uw bericht" in page
    assert inbox.get(receipt).state == UNCONFIRMED
    token = parts.query.removeprefix("t=")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": receiver.url}
    status, _, page = receiver.request("POST", parts.path, f"t={token}".encode(), headers)
    assert status == 200 and receipt.encode() in page
    assert inbox.get(receipt).state == PENDING and inbox.get(receipt).confirmed_at
    again = receiver.request("POST", parts.path, f"t={token}".encode(), headers)
    assert again[0] == 404  # single use
    settings = {"REGISTER_TODAY": "2026-11-28", "PATH": str(content)}
    path = approve(receipt, inbox, content, settings, "redacteur")
    register, problems = load_register(content, settings)
    assert problems == []
    record = next(r for c in register.corporations for r in c.records if r.path.endswith(path.name))
    assert record.provenance == "corporation" and record.statement == GOOD["statement"]


def test_a_confirmation_link_expires_and_unconfirmed_items_are_purged(tmp_path):
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    item = inbox.add(
        "stance",
        {"corporation": "domesta"},
        "d" * 64,
        GOOD["sender"],
        "web",
        state=UNCONFIRMED,
        confirm_hash=token_hash("geheim"),
        confirm_expires=NOW + timedelta(hours=48),
        now=NOW,
    )
    with pytest.raises(InboxError, match="expired"):
        inbox.confirm(token_hash("geheim"), now=NOW + timedelta(hours=49))
    with pytest.raises(InboxError, match="unknown"):
        inbox.confirm(token_hash("fout"), now=NOW)
    assert inbox.purge(365, 7, now=NOW + timedelta(days=8)) == 0  # the link was never mailed
    inbox.confirmation_sent(item.receipt, NOW)
    assert inbox.purge(365, 7, now=NOW + timedelta(days=6)) == 0
    assert inbox.purge(365, 7, now=NOW + timedelta(days=8)) == 1
    with pytest.raises(InboxError):
        inbox.get(item.receipt)


@pytest.mark.slow
@pytest.mark.slow  # load, fault or corpus test: make test leaves it in, test-fast out
def test_a_failed_mail_loses_nothing_and_is_sent_later(tmp_path):
    content = copy_content(tmp_path)
    port = free_port()  # nothing listens here yet
    receiver = Receiver(tmp_path / "r", content, SITE, **mail_settings(port)).start()
    try:
        status, _, body = receiver.post_json(GOOD)
        assert status == 201  # stored first; the mail failing does not matter to the sender
        receipt = json.loads(body)["receipt"]
        inbox = Inbox(receiver.inbox)
        wait_for(lambda: inbox.get(receipt).notify_attempts > 0, "a mail attempt")
        assert inbox.get(receipt).notify_error and inbox.unsent()
        env = {"SETTINGS": str(receiver.settings), "INBOX": str(receiver.inbox)}
        listed = run_module("huurwijzer.intake.commands", "review", env=env)
        assert f"Notices to the editors not sent yet: {receipt}" in listed.stdout
        assert "confirmation mail NOT sent yet" in listed.stdout
        status, health, _ = receiver.get("/health")
        assert json.loads(_)["unsent_confirmations"] == 1
        # the link was never mailed: purge keeps the item, however long it waits
        assert inbox.purge(365, 7, now=NOW + timedelta(days=30)) == 0
        controller, catch = smtp(port)
        try:
            sent = run_module("huurwijzer.intake.commands", "inbox-notify", env=env)
            assert sent.returncode == 0, sent.stderr
            assert "Mails sent: 2 (confirmation links and notices); still unsent: 0." in sent.stdout
            assert receipt in to(catch, EDITORS)[0]["Subject"]
            (mail,) = to(catch, GOOD["sender"]["email"])  # a new link, sent later
        finally:
            controller.stop()
        assert inbox.unsent() == [] and inbox.unsent_confirmations() == []
        link = urlsplit(re.search(r"https?://\S+", mail.get_content()).group(0))
        token = dict(x.split("=", 1) for x in link.query.split("&"))["t"]
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": receiver.url}
        confirmed = receiver.request("POST", link.path, f"t={token}".encode(), headers)
        assert confirmed[0] == 200 and inbox.get(receipt).state == PENDING
    finally:
        receiver.stop()


@pytest.mark.slow
def test_a_correction_report_from_anyone_lands_in_the_inbox(mailed):
    receiver, catch, _ = mailed
    pairs = [
        ("corporation", "domesta"),
        ("what", "Het telefoonnummer klopt niet <b>meer</b>."),
        ("source", "https://domesta.example/contact"),
        ("email", ""),
    ]
    status, _, page = receiver.post_form(pairs, path="/correctie")
    assert status == 201 and b"Bedankt voor uw melding" in page
    (item,) = Inbox(receiver.inbox).items(kind="correction")
    assert item.document["what"] == "Het telefoonnummer klopt niet meer."
    assert item.sender["email"] is None
    env = {"SETTINGS": str(receiver.settings), "INBOX": str(receiver.inbox)}
    listed = run_module("huurwijzer.intake.commands", "review", env=env)
    assert "correction report" in listed.stdout and "klopt niet meer" in listed.stdout
    wait_for(lambda: to(catch, EDITORS), "a notice")
