"""The receiver under abuse and faults (issue 20): the honeypot on any value, correction
reports checked like submissions, a rate limit per IPv6 /64 in bounded memory, and a full
disk answered with 503 in Dutch, nothing half stored."""

from __future__ import annotations

import json
import os
import subprocess
import time
from urllib.parse import urlencode

import pytest
from intake_support import GOOD, tie_domain
from receiver_support import Receiver, form_pairs

from conftest import copy_content
from huurwijzer.intake.inbox import Inbox
from huurwijzer.intake.receiver import RateLimit, Refusal

SITE = "http://127.0.0.1:1"


@pytest.fixture(scope="module")
def receiver(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hardening")
    content = copy_content(tmp)
    tie_domain(content, "domesta", "domesta.example")
    running = Receiver(tmp / "r", content, SITE).start()
    yield running
    running.stop()


def post_form(receiver, pairs, path="/standpunt"):
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": SITE}
    return receiver.request("POST", path, urlencode(pairs).encode(), headers)


def post_json(receiver, body: bytes, path: str):
    headers = {"Content-Type": "application/json", "Origin": SITE}
    return receiver.request("POST", path, body, headers)


@pytest.mark.slow
def test_the_honeypot_catches_any_value_of_a_repeated_field(receiver):
    pairs = [*form_pairs(GOOD), ("hw_extra", ""), ("hw_extra", "bot")]
    status, _, body = post_form(receiver, pairs)
    assert status == 400 and "nemen we niet aan" in body.decode()
    assert Inbox(receiver.inbox).count() == 0


CORRECTIONS = {
    "an object as text": ({"what": {"a": 1}}, "alleen tekst"),
    "a text too long, not cut": ({"what": "x" * 2001}, "te lang"),
    "an address that is none": ({"what": "Fout nummer", "email": "geen-adres"}, "e-mailadres"),
    "an unknown corporation": ({"what": "Fout", "corporation": "spookwonen"}, "overzicht"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", CORRECTIONS, ids=list(CORRECTIONS))
def test_a_correction_report_is_checked_not_cut(receiver, case):
    document, words = CORRECTIONS[case]
    before = Inbox(receiver.inbox).count()
    status, _, body = post_json(receiver, json.dumps(document).encode(), "/correctie")
    assert status == 400, body
    assert words in json.loads(body)["bericht"]
    assert Inbox(receiver.inbox).count() == before


@pytest.mark.slow
def test_a_malformed_correction_is_a_400_and_a_good_one_is_stored(receiver):
    status, _, body = post_json(receiver, b'{"what": "kapot', "/correctie")
    assert status == 400 and json.loads(body)["error"] == "malformed"
    good = {"what": "Het telefoonnummer klopt niet.", "corporation": "domesta"}
    status, _, body = post_json(receiver, json.dumps(good).encode(), "/correctie")
    assert status == 201, body
    item = Inbox(receiver.inbox).get(json.loads(body)["receipt"])
    assert item.document["what"] == good["what"] and item.document["corporation"] == "domesta"


def test_one_ipv6_64_is_one_client_and_memory_stays_bounded():
    limit = RateLimit(limit=2, window=3600, clients=100)
    limit.check("2001:db8:1:2::1", now=0)
    limit.check("2001:db8:1:2:ffff::9", now=1)
    with pytest.raises(Refusal) as refused:
        limit.check("2001:db8:1:2:abcd::5", now=2)  # the same /64: the third post
    assert refused.value.status == 429
    limit.check("2001:db8:1:3::1", now=3)  # another /64
    limit.check("::ffff:192.0.2.7", now=4)  # an IPv4 address written as IPv6 …
    limit.check("192.0.2.7", now=5)  # … is that IPv4 client
    with pytest.raises(Refusal):
        limit.check("192.0.2.7", now=6)
    for n in range(5000):
        limit.check(f"10.0.{n // 250}.{n % 250}", now=10 + n)
    assert len(limit.hits) == 100  # the clients seen longest ago are forgotten


@pytest.mark.slow
def test_a_full_disk_is_a_503_in_dutch_and_nothing_half_stored(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"a small disk needs mount (root): {mounted.stderr.decode().strip()}")
    try:
        content = copy_content(tmp_path)
        running = Receiver(tmp_path / "r", content, SITE)
        running.inbox = disk / "inbox.sqlite3"
        running.start()  # the receiver runs; then the disk fills up
        with open(disk / "filler", "wb", buffering=0) as filler:  # fill every last byte
            for size in (65536, 4096, 512, 1):
                try:
                    while True:
                        filler.write(b"\0" * size)
                except OSError:
                    pass
        try:
            document = {**GOOD, "statement": "Een lang verhaal. " * 100}
            status, headers, body = running.post_json(document)
            assert status == 503, body
            assert "niets bewaard" in json.loads(body)["bericht"]
            assert headers.get("retry-after")
            os.remove(disk / "filler")  # room again: the next post is stored
            status, _, body = running.post_json(document)
            assert status == 201, body
        finally:
            running.stop()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


class SilentMailServer:
    """Accepts connections on 127.0.0.1 and never answers, until released."""

    def __init__(self):
        import socket
        import threading

        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.held = []
        self.released = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        self.socket.settimeout(0.2)
        while not self.released.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.held.append(connection)

    def release(self):
        self.released.set()
        for connection in self.held:
            connection.close()
        self.socket.close()


@pytest.mark.slow
def test_a_mail_server_that_never_answers_delays_mail_not_the_receiver(tmp_path):
    silent = SilentMailServer()
    content = copy_content(tmp_path)
    mail = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": silent.port, "SMTP_TLS": "none"}
    mail |= {"MAIL_FROM": "r@huurwijzer.example", "SMTP_TIMEOUT": 120}
    running = Receiver(tmp_path / "r", content, SITE, **mail).start()
    try:
        receipts = []
        for i in range(3):  # each answered while the mail server still holds the first mail
            status, _, body = running.post_json({**GOOD, "statement": f"Bericht {i}"})
            assert status == 201, body
            receipts.append(json.loads(body)["receipt"])
        for _ in range(300):  # a readiness poll: the mail thread reaches the server
            if silent.held:
                break
            time.sleep(0.05)
        assert silent.held and not silent.released.is_set()  # the first mail is stuck there
        health = json.loads(running.get("/health")[2])
        assert health["status"] == "ok" and health["mail_queue"] >= 1
        assert health["unsent_confirmations"] == 3
        silent.release()  # the server goes away: those mails fail and wait for inbox-notify
        for _ in range(300):
            if json.loads(running.get("/health")[2])["mail_queue"] == 0:
                break
            time.sleep(0.1)
        status, _, body = running.post_json({**GOOD, "statement": "Nog een bericht"})
        assert status == 201 and "vertraging" in json.loads(body)["next"]  # honest receipt
        assert len(Inbox(running.inbox).unsent_confirmations()) == 4
    finally:
        running.stop()
