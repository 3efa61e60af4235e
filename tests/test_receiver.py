"""The receiver as corporations and attackers meet it: a real server on 127.0.0.1, real HTTP."""

from __future__ import annotations

import http.client
import json
import re
import sqlite3
import subprocess
import threading
import time
from datetime import timedelta

import pytest
from intake_support import GOOD, tie_domain
from receiver_support import Receiver, form_pairs
from test_hostile_input import START, VECTORS, submission

from conftest import ROOT, TEST_DAY, copy_content, run_module
from huurwijzer.intake.clean import parse_submission, public_part
from huurwijzer.intake.inbox import PENDING, VIA_WEB, Inbox

pytestmark = pytest.mark.clock  # stamps and approves: runs again a year ahead and behind

SITE = "http://127.0.0.1:1"  # the site's origin as the receiver's settings name it


def html_validate(paths):
    """html-validate with the project's rules (files in /tmp do not find .htmlvalidate.json)."""
    binary = ROOT / "node_modules" / ".bin" / "html-validate"
    assert binary.exists(), "html-validate missing: `make test` runs npm ci"
    config = ROOT / ".htmlvalidate.json"
    return subprocess.run(
        [str(binary), "--config", str(config), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def receiver(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("receiver")
    content = copy_content(tmp)
    tie_domain(content, "domesta", "domesta.example")
    running = Receiver(tmp / "r", content, SITE, RECEIVER_BODY_TIMEOUT=1).start()
    yield running
    running.stop()


def unique(**changes) -> dict:
    """A good document with a statement no other test sends (the inbox refuses repeats)."""
    unique.counter = getattr(unique, "counter", 0) + 1
    return {**GOOD, "statement": f"Bericht nummer {unique.counter}.", **changes}


@pytest.mark.slow
def test_json_gets_a_receipt_and_the_item_waits_in_the_inbox(receiver):
    status, headers, body = receiver.post_json(unique())
    assert status == 201, body
    answer = json.loads(body)
    assert re.fullmatch(r"HW-[0-9A-Z]{10}", answer["receipt"]) and answer["state"] == PENDING
    item = Inbox(receiver.inbox).get(answer["receipt"])
    assert item.via == VIA_WEB and item.sender == GOOD["sender"]
    assert headers["access-control-allow-origin"] == SITE
    assert "set-cookie" not in headers


@pytest.mark.slow
def test_a_form_post_gets_a_dutch_receipt_page_that_validates(receiver, tmp_path):
    status, headers, body = receiver.post_form(form_pairs(unique()))
    assert status == 201
    html = body.decode()
    receipt = re.search(r'<strong id="receipt">(HW-[0-9A-Z]{10})</strong>', html).group(1)
    assert Inbox(receiver.inbox).get(receipt).state == PENDING
    assert '<html lang="nl">' in html and "Wat gebeurt er nu?" in html
    assert "<script" not in html and "style=" not in html
    assert "default-src 'none'" in headers["content-security-policy"]
    page = tmp_path / "receipt.html"
    page.write_text(html)
    result = html_validate([page])
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_form_problems_are_shown_next_to_their_fields_with_the_values_kept(receiver, tmp_path):
    pairs = [p for p in form_pairs(unique()) if not p[0].startswith("sender.")]
    pairs = [(k, "opgeschort" if k == "eviction" else v) for k, v in pairs]
    status, _, body = receiver.post_form(pairs + [("sender.email", "geen-adres")])
    assert status == 400
    html = body.decode()
    assert 'id="s-sender-email-error">Dit is geen e-mailadres.</p>' in html
    assert 'id="s-sender-name-error">Vul dit veld in.</p>' in html
    assert 'id="s-eviction-error">Kies een van de mogelijkheden.</p>' in html
    assert 'value="geen-adres"' in html and 'value="domesta" selected' in html
    assert "Bericht nummer" in html  # the statement as entered
    assert "/standpunt-doorgeven/" in html  # a way back
    page = tmp_path / "problems.html"
    page.write_text(html)
    result = html_validate([page])
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_json_problems_name_field_line_and_dutch_words(receiver):
    status, _, body = receiver.post_json(unique(scope="iedereen"))
    assert status == 400
    (problem,) = json.loads(body)["problems"]
    assert problem["field"] == "scope" and problem["bericht"] == "Kies een van de mogelijkheden."


@pytest.mark.slow
def test_the_same_document_twice_gets_a_friendly_409(receiver):
    document = unique()
    assert receiver.post_json(document)[0] == 201
    status, _, body = receiver.post_json(document)
    assert status == 409 and "al ontvangen" in json.loads(body)["bericht"]


@pytest.mark.slow
def test_an_oversized_body_is_refused_with_413(receiver):
    big = {**unique(), "statement": "x" * (70 * 1024)}
    assert receiver.post_json(big)[0] == 413
    # without a Content-Length: refused while streaming, before it is all read
    connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=30)
    connection.putrequest("POST", "/standpunt")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    status = None
    try:
        for _ in range(200):
            chunk = b"x" * 8192
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        status = connection.getresponse().status
    finally:
        connection.close()
    assert status == 413


@pytest.mark.slow
def test_wrong_content_types_get_415(receiver):
    for kind in ("text/plain", "multipart/form-data; boundary=x", "application/xml", ""):
        headers = {"Content-Type": kind, "Origin": SITE} if kind else {"Origin": SITE}
        assert receiver.request("POST", "/standpunt", b"{}", headers)[0] == 415, kind


@pytest.mark.slow
def test_another_sites_origin_gets_403(receiver):
    status, headers, _ = receiver.post_json(unique(), origin="https://evil.example")
    assert status == 403 and "access-control-allow-origin" not in headers
    preflight = receiver.request(
        "OPTIONS", "/standpunt", headers={"Origin": "https://evil.example"}
    )
    assert preflight[0] == 403
    good = receiver.request("OPTIONS", "/standpunt", headers={"Origin": SITE})
    assert good[0] == 204 and good[1]["access-control-allow-origin"] == SITE


@pytest.mark.slow
def test_a_filled_honeypot_is_refused(receiver):
    pairs = form_pairs(unique()) + [("hw_extra", "http://spam.example")]
    assert receiver.post_form(pairs)[0] == 400
    assert receiver.post_json({**unique(), "hw_extra": "spam"})[0] == 400


@pytest.mark.slow
def test_a_slow_client_is_cut_off_with_408(receiver):
    connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=30)
    connection.putrequest("POST", "/standpunt")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Origin", SITE)
    connection.putheader("Content-Length", "1000")
    connection.endheaders()
    connection.send(b'{"corporation": "domesta",')  # and then nothing more
    try:
        assert connection.getresponse().status == 408
    finally:
        connection.close()


@pytest.mark.slow
def test_health_reports_the_guarantees_in_force(receiver):
    status, _, body = receiver.get("/health")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok"
    assert health["journal_mode"] == "wal" and health["synchronous"] == 2  # 2 is FULL
    raw = sqlite3.connect(receiver.inbox)
    try:  # WAL is a property of the file itself, whoever opens it
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


@pytest.mark.slow
def test_logs_are_one_line_per_request_without_submitted_text(receiver):
    marker = "Geheim-woord-7731"
    document = unique(statement=f"Tekst {marker}")
    document["sender"] = {**GOOD["sender"], "email": "log.test@domesta.example"}
    receiver.post_json(document)
    receiver.post_json({**document, "eviction": "fout"})
    log = receiver.log.read_text()
    assert marker not in log and "log.test" not in log and "127.0.0.1 " not in log
    assert re.search(r"POST /standpunt 201 stored HW-[0-9A-Z]{10} \d+ms", log)
    assert re.search(r"POST /standpunt 400 invalid:1 \d+ms", log)


def test_the_rate_limit_answers_429_per_client(tmp_path):
    content = copy_content(tmp_path)
    limited = Receiver(tmp_path / "r", content, SITE, RECEIVER_RATE_LIMIT=3).start()
    try:
        statuses = [limited.post_json(unique())[0] for _ in range(5)]
        assert statuses[:3] == [201, 201, 201] and statuses[3:] == [429, 429]
        status, headers, _ = limited.post_json(unique())
        assert status == 429 and int(headers["retry-after"]) > 0
        # a forwarded address counts only from a trusted proxy (none is configured here)
        headers = {
            "Content-Type": "application/json",
            "Origin": SITE,
            "X-Forwarded-For": "10.9.9.9",
        }
        spoofed = limited.request("POST", "/standpunt", json.dumps(unique()).encode(), headers)
        assert spoofed[0] == 429
    finally:
        limited.stop()
    assert Inbox(limited.inbox).count() == 3


def test_a_trusted_proxy_forwards_the_client_address(tmp_path):
    content = copy_content(tmp_path)
    proxied = Receiver(
        tmp_path / "r", content, SITE, RECEIVER_RATE_LIMIT=1, RECEIVER_TRUSTED_PROXIES=["127.0.0.1"]
    ).start()
    try:

        def post(client):
            headers = {
                "Content-Type": "application/json",
                "Origin": SITE,
                "X-Forwarded-For": client,
            }
            return proxied.request("POST", "/standpunt", json.dumps(unique()).encode(), headers)[0]

        assert [post("10.0.0.1"), post("10.0.0.2"), post("10.0.0.1")] == [201, 201, 429]
    finally:
        proxied.stop()


@pytest.mark.slow
def test_make_review_lists_what_came_in_through_http(receiver):
    status, _, body = receiver.post_json(unique())
    receipt = json.loads(body)["receipt"]
    env = {"SETTINGS": str(receiver.settings), "INBOX": str(receiver.inbox)}
    listed = run_module("huurwijzer.intake.commands", "review", env=env)
    line = next(line for line in listed.stdout.splitlines() if line.startswith(receipt))
    assert "via web; sender NOT confirmed (no mail configured), domain tied" in line


# -- faults and load -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.slow  # load, fault or corpus test: make test leaves it in, test-fast out
def test_every_acknowledged_submission_survives_kill_9(tmp_path):
    content = copy_content(tmp_path)
    running = Receiver(tmp_path / "r", content, SITE).start()
    acknowledged: list[str] = []
    stop = threading.Event()

    def stream(offset: int):
        i = 0
        while not stop.is_set():
            i += 1
            try:
                status, _, body = running.post_json(unique(statement=f"Stroom {offset}-{i}"))
            except OSError:
                return  # the server is gone
            if status == 201:
                acknowledged.append(json.loads(body)["receipt"])

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for _ in range(6000):  # kill in the middle of the stream (a readiness poll, bounded)
        if len(acknowledged) >= 40 or running.process.poll() is not None:
            break
        time.sleep(0.01)
    assert len(acknowledged) >= 40, running.log.read_text()[-2000:]
    running.kill9()
    stop.set()
    for thread in threads:
        thread.join()
    inbox = Inbox(running.inbox)
    assert inbox.pragmas()["integrity"] == "ok"
    stored = {item.receipt for item in inbox.items()}
    assert set(acknowledged) <= stored
    running.start()  # and it starts again on the same inbox
    try:
        assert running.post_json(unique())[0] == 201
    finally:
        running.stop()


@pytest.mark.slow
@pytest.mark.slow  # load, fault or corpus test: make test leaves it in, test-fast out
def test_a_thousand_submissions_from_fifty_clients_each_stored_once(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from receiver_load import document, load

    content = copy_content(tmp_path)
    running = Receiver(tmp_path / "r", content, SITE).start()
    try:
        result = load(running.port, SITE, total=1000, clients=50)
    finally:
        running.stop()
    assert sorted(set(result["statuses"])) == [201]
    items = Inbox(running.inbox).items()
    assert len(items) == 1000 and len({i.receipt for i in items}) == 1000
    by_receipt = {i.receipt: i for i in items}
    for index, receipt in result["receipts"].items():
        expected = public_part(
            parse_submission(json.dumps(document(index)).encode(), "x", TEST_DAY)
        )
        assert by_receipt[receipt].document == expected  # none lost, none corrupted
    received = [i.received_at for i in items]
    assert received == sorted(received) and len(set(received)) == 1000
    print(
        f"\nreceiver load: {result['throughput']:.0f}/s, p50 {result['p50_ms']:.0f} ms, "
        f"p99 {result['p99_ms']:.0f} ms"
    )


# -- the hostile corpus through HTTP -----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.slow  # load, fault or corpus test: make test leaves it in, test-fast out
def test_the_hostile_corpus_through_http_in_both_encodings(receiver):
    inbox = Inbox(receiver.inbox)
    refused = []
    for i, vector in enumerate(VECTORS):
        document = submission(i, vector)
        as_form = {**document, "effective_from": (START + timedelta(days=1000 + i)).isoformat()}
        for encoding, post, sent in (
            ("json", receiver.post_json, document),
            ("form", lambda d: receiver.post_form(form_pairs(d)), as_form),
        ):
            status, headers, body = post(sent)
            assert status in (201, 400), (encoding, vector, status)
            if status == 400:
                refused.append((encoding, vector))
                continue
            assert "<script" not in body.decode() or encoding == "json"
            receipt = (
                json.loads(body)["receipt"]
                if encoding == "json"
                else re.search(r'id="receipt">(HW-[0-9A-Z]{10})<', body.decode()).group(1)
            )
            expected = public_part(parse_submission(json.dumps(sent).encode(), "x", TEST_DAY))
            assert inbox.get(receipt).document == expected, (encoding, vector)
    assert refused == []  # every vector is cleaned and stored, as `make submit` does


# -- the real form in Chromium -----------------------------------------------------------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A built site that posts to a running receiver, both on 127.0.0.1."""
    import functools
    import http.server

    from receiver_support import free_port

    from conftest import build_site, settings_file

    tmp = tmp_path_factory.mktemp("stack")
    content = copy_content(tmp)
    tie_domain(content, "domesta", "domesta.example")
    site_port = free_port()
    site_url = f"http://127.0.0.1:{site_port}"
    running = Receiver(tmp / "r", content, site_url).start()
    settings = settings_file(
        tmp,
        PATH=str(content),
        SITEURL=site_url,
        SUBMISSION_ENDPOINT=f"{running.url}/standpunt",
        REGISTER_TODAY="2026-11-28",
        SEARCH_INDEX=False,
    )
    site = build_site(content, tmp / "output", str(settings))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {
        "site": site_url,
        "receiver": running,
        "content": content,
        "settings": settings,
        "tmp": tmp,
    }
    server.shutdown()
    running.stop()


def watch(page):
    page.problems = []
    page.on(
        "console",
        lambda m: (
            page.problems.append(m.text)
            if "Content Security Policy" in m.text or m.type == "error"
            else None
        ),
    )


@pytest.mark.slow
def test_the_form_page_allows_exactly_its_receiver(stack):
    from bs4 import BeautifulSoup

    html = (stack["tmp"] / "output" / "standpunt-doorgeven" / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    origin = stack["receiver"].url
    assert f"form-action 'self' mailto: {origin}" in policy
    assert f"connect-src 'self' {origin}" in policy
    form = soup.find("form", id="submission")
    assert form["action"] == f"{origin}/standpunt" and form["method"] == "post"
    assert not form.has_attr("hidden") and soup.find(id="no-js") is None
    result = html_validate([stack["tmp"] / "output" / "standpunt-doorgeven" / "index.html"])
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_with_javascript_the_form_posts_to_the_receiver_and_shows_the_receipt(browser, stack):
    from playwright.sync_api import expect
    from test_submission_flow import fill_form

    context = browser.new_context()
    page = context.new_page()
    watch(page)
    page.goto(stack["site"] + "/standpunt-doorgeven/")
    fill_form(page)
    page.fill("#s-statement", "Met JavaScript verstuurd.")
    page.click("text=Verstuur naar de redactie")
    expect(page.locator("#result-status")).to_contain_text("Uw ontvangstnummer is HW-")
    receipt = re.search(r"HW-[0-9A-Z]{10}", page.inner_text("#result-status")).group(0)
    assert page.problems == []
    context.close()
    item = Inbox(stack["receiver"].inbox).get(receipt)
    assert item.via == VIA_WEB and item.document["statement"] == "Met JavaScript verstuurd."


@pytest.mark.slow
def test_the_honeypot_is_invisible_to_people(browser, stack):
    context = browser.new_context()
    page = context.new_page()
    page.goto(stack["site"] + "/standpunt-doorgeven/")
    trap = page.locator("#s-hw-extra")
    assert trap.get_attribute("tabindex") == "-1" and trap.get_attribute("autocomplete") == "off"
    assert page.evaluate(
        "document.getElementById('s-hw-extra').closest('[aria-hidden=true]') !== null"
    )
    box = trap.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # off screen
    page.focus("#s-corporation")
    focused = set()
    for _ in range(80):  # walk the whole form by keyboard
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.id"))
    assert "s-hw-extra" not in focused and "s-sender-email" in focused
    context.close()


@pytest.mark.slow
def test_without_javascript_the_form_is_a_real_post_with_problems_and_receipt(browser, stack):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(stack["site"] + "/standpunt-doorgeven/")
    assert page.locator("#submission").is_visible()
    page.select_option("#s-corporation", "domesta")
    page.fill("#s-statement", "Zonder JavaScript verstuurd.")
    page.click("text=Verstuur naar de redactie")
    assert page.locator("h1").inner_text() == "Controleer uw bericht"
    assert page.locator("#s-effective-from-error").inner_text() == "Vul dit veld in."
    assert page.input_value("#s-statement") == "Zonder JavaScript verstuurd."  # kept
    page.check("#s-eviction-none")
    page.check("#s-collection-paused-yes")
    page.check("#s-scope-all_arrears")
    page.fill("#s-effective-from", "2026-11-02")
    page.fill("#s-sender-name", "Test Medewerker")
    page.fill("#s-sender-role", "Klantcontact")
    page.fill("#s-sender-email", "test@domesta.example")
    page.click("text=Verstuur naar de redactie")
    assert page.locator("h1").inner_text() == "Uw bericht is ontvangen"
    receipt = page.inner_text("#receipt")
    context.close()

    env = {"SETTINGS": str(stack["settings"]), "INBOX": str(stack["receiver"].inbox)}
    listed = run_module("huurwijzer.intake.commands", "review", env=env)
    assert receipt in listed.stdout
    approved = run_module("huurwijzer.intake.commands", "approve", env={**env, "ID": receipt})
    assert approved.returncode == 0, approved.stderr
    from conftest import build_site

    site = build_site(stack["content"], stack["tmp"] / "after", str(stack["settings"]))
    domesta = site.text("/corporaties/domesta/")
    assert "Geen ontruimingen" in domesta and "Innen stilgezet" in domesta
    # no mail is configured here, so the sender was never confirmed: the record is published
    # as the editors' (provenance editorial) and the sender's words are not quoted
    assert "Zonder JavaScript verstuurd." not in domesta
    assert "test@domesta.example" not in domesta and "Test Medewerker" not in domesta


@pytest.mark.slow
def test_the_receivers_pages_pass_axe(browser, stack):
    from axe_playwright_python.sync_playwright import Axe
    from test_quality import AXE_TAGS

    receiver = stack["receiver"]
    pages = {
        "problems": receiver.post_form([("corporation", "domesta")])[2],
        "receipt": receiver.post_form(form_pairs(unique(statement="Voor axe.")))[2],
    }
    context = browser.new_context()
    page = context.new_page()
    for name, html in pages.items():
        page.set_content(html.decode())
        results = Axe().run(
            page,
            options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
        )
        assert results.violations_count == 0, (name, results.generate_report())
    page.goto(receiver.url + "/bevestig?t=x")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    context.close()


def test_the_make_receiver_target_starts_on_127_0_0_1(tmp_path):
    """RECEIVER_PORT moves the receiver; PORT (the preview's, here one that cannot be used)
    does not, so the site's own address in the settings stays the preview's."""
    content = copy_content(tmp_path)
    target = Receiver(tmp_path / "r", content, SITE)
    process = subprocess.Popen(
        [
            "make",
            "-s",
            "-C",
            str(ROOT),
            "receiver",
            f"RECEIVER_PORT={target.port}",
            "PORT=1",
            f"INBOX={target.inbox}",
            f"SETTINGS={target.settings}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                if target.get("/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        assert target.get("/health")[0] == 200
    finally:
        import os
        import signal

        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


@pytest.mark.slow
def test_every_corporation_page_leads_to_a_correction_report(browser, stack):
    from axe_playwright_python.sync_playwright import Axe
    from test_quality import AXE_TAGS

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(stack["site"] + "/corporaties/woonconcept/")
    page.click("text=Klopt dit niet? Meld het ons.")
    assert page.locator("h1").inner_text() == "Klopt dit niet?"
    assert page.input_value("#c-corporation") == "woonconcept"
    page.fill("#c-what", "De openingstijden op deze pagina zijn oud.")
    page.click("text=Verstuur de melding")
    assert page.locator("h1").inner_text() == "Bedankt voor uw melding"
    context.close()
    (item,) = Inbox(stack["receiver"].inbox).items(kind="correction")
    assert item.document == {
        "corporation": "woonconcept",
        "what": "De openingstijden op deze pagina zijn oud.",
        "source": None,
    }
    context = browser.new_context()
    page = context.new_page()
    page.goto(stack["receiver"].url + "/correctie?corporatie=domesta")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    context.close()


@pytest.mark.slow
def test_the_privacy_page_says_what_is_kept_and_for_how_long(site):
    from huurwijzer.intake.settings import load

    settings = load(str(ROOT / "pelicanconf.py"))
    text = site.page("/privacy/").find("main").get_text(" ", strip=True)
    assert f"{settings['INBOX_RETENTION_DAYS']} dagen na die beslissing" in text
    assert f"niet binnen {settings['INBOX_UNCONFIRMED_DAYS']} dagen" in text
    assert "naam, de functie en het e-mailadres van de afzender" in text
    expected = settings["PRIVACY_CONTACT"] or "onbekend"
    assert f"Vragen over uw gegevens: {expected}." in text


def test_the_deploy_files_follow_the_settings(tmp_path):
    result = run_module("huurwijzer.intake.deploy", "publishconf.py", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("huurwijzer-receiver.service", "nginx-receiver.conf"):
        assert (tmp_path / name).read_text() == (ROOT / "deploy" / name).read_text(), (
            f"deploy/{name} is out of date: run make deploy-files"
        )
    unit = (tmp_path / "huurwijzer-receiver.service").read_text()
    assert "ExecStart=/srv/huurwijzer/.venv/bin/python -m huurwijzer.intake.receiver" in unit
    assert "PORT=8010" in unit and "ReadWritePaths=/srv/huurwijzer/inbox" in unit
    nginx = (tmp_path / "nginx-receiver.conf").read_text()
    assert "client_max_body_size 64k;" in nginx and "proxy_pass http://127.0.0.1:8010;" in nginx


@pytest.mark.slow
def test_hostile_values_echoed_on_the_problems_page_run_nothing(receiver, browser):
    """The answer page shows what was entered; every vector must stay text, even without CSP."""
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for vector in VECTORS:
        pairs = [
            ("corporation", vector),
            ("statement", vector),
            ("contact.hours", vector),
            ("sender.name", vector),
            ("sender.email", vector),
            ("exceptions", vector),
        ]
        status, _, body = receiver.post_form(pairs)
        assert status == 400, vector
        page.set_content(body.decode())  # no CSP header here: escaping alone must hold
        injected = page.evaluate(
            """() => [...document.querySelectorAll('*')].filter(el =>
                 [...el.attributes].some(a => a.name.startsWith('on')) ||
                 ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(el.tagName)).length"""
        )
        assert injected == 0, vector
        assert page.input_value("#s-statement") == vector.strip() or vector.strip() == ""
    context.close()
    assert dialogs == []


@pytest.mark.slow
def test_no_exceptions_and_both_kinds_of_exception_box_in_a_form_post(receiver):
    none = [(k, v) for k, v in form_pairs(unique()) if k != "exceptions"] + [("exceptions", "")]
    status, _, body = receiver.post_form(none)
    assert status == 201
    receipt = re.search(r'id="receipt">(HW-[0-9A-Z]{10})<', body.decode()).group(1)
    assert Inbox(receiver.inbox).get(receipt).document["exceptions"] == []
    both = none + [("exceptions", "criminal_activity")]
    status, _, body = receiver.post_form(both)
    assert status == 400
    assert "niet allebei" in body.decode()


@pytest.mark.slow
def test_with_javascript_the_receivers_problems_appear_next_to_their_fields(browser, stack):
    from playwright.sync_api import expect
    from test_submission_flow import fill_form

    context = browser.new_context()
    page = context.new_page()
    watch(page)
    page.goto(stack["site"] + "/standpunt-doorgeven/")
    fill_form(page)
    page.fill("#s-effective-from", "2020-03-15")  # the month of Domesta's month-only record
    page.click("text=Verstuur naar de redactie")
    error = page.locator("#s-effective-from-error")
    expect(error).to_contain_text("In deze maand staat al een standpunt zonder dag")
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.locator("#result").is_hidden()
    # Chromium reports the 400 answer itself on the console; nothing else may appear
    assert [p for p in page.problems if "status of 400" not in p] == []
    context.close()


@pytest.mark.slow
def test_a_client_that_never_finishes_its_headers_is_disconnected(receiver):
    import socket

    with socket.create_connection(("127.0.0.1", receiver.port), timeout=30) as raw:
        raw.sendall(b"POST /standpunt HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        assert raw.recv(1024) == b""  # closed by the receiver, not answered, not kept open
    assert "too-slow-headers" in receiver.log.read_text()


@pytest.mark.slow
def test_no_answer_sets_a_cookie(receiver):
    answers = [
        receiver.post_json(unique()),
        receiver.post_json({"corporation": "x"}),
        receiver.post_form(form_pairs(unique())),
        receiver.post_form([("corporation", "domesta")]),
        receiver.request("POST", "/standpunt", b"x", {"Content-Type": "text/plain"}),
        receiver.request("OPTIONS", "/standpunt", headers={"Origin": SITE}),
        receiver.get("/correctie"),
        receiver.get("/bevestig?t=x"),
        receiver.get("/health"),
        receiver.get("/bestaat-niet"),
    ]
    assert [headers.get("set-cookie") for _, headers, _ in answers] == [None] * len(answers)


def test_another_corporation_arrives_as_a_proposal_and_is_approved_once_created(tmp_path):
    from datetime import date

    from huurwijzer.commands.scaffold import scaffold
    from huurwijzer.intake.inbox import InboxError
    from huurwijzer.intake.workflow import approve
    from huurwijzer.stances.loading import load_register

    content = copy_content(tmp_path)
    running = Receiver(tmp_path / "r", content, SITE).start()
    try:
        missing = [(k, v) for k, v in form_pairs(unique()) if k != "corporation"]
        status, _, body = running.post_form([("corporation", "andere"), *missing])
        assert status == 400
        assert 'id="s-proposed-corporation-error">' in body.decode()
        assert '<option value="andere" selected>' in body.decode()
        status, _, body = running.post_form(
            [("corporation", "andere"), ("proposed_corporation", "Wonen Noord"), *missing]
        )
        assert status == 201
        receipt = re.search(r'id="receipt">(HW-[0-9A-Z]{10})<', body.decode()).group(1)
    finally:
        running.stop()
    inbox = Inbox(running.inbox)
    assert inbox.get(receipt).document["proposed_corporation"] == "Wonen Noord"
    env = {"SETTINGS": str(running.settings), "INBOX": str(running.inbox)}
    listed = run_module("huurwijzer.intake.commands", "review", env=env)
    assert "PROPOSED NEW corporation 'Wonen Noord'" in listed.stdout
    settings = {"REGISTER_TODAY": "2026-11-28"}
    with pytest.raises(InboxError, match="create it first"):
        approve(receipt, inbox, content, settings, "redacteur")
    folder = scaffold("Wonen Noord", content, date(2026, 11, 28))
    path = approve(receipt, inbox, content, settings, "redacteur", as_slug=folder.name)
    assert path.parent == folder / "stances"
    register, problems = load_register(content, settings)
    assert problems == []
    noord = next(c for c in register.corporations if c.slug == "wonen-noord")
    assert noord.current(date(2026, 11, 28)).path.endswith(path.name)
