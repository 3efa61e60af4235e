"""From the form in Chromium to the published site: the whole path of a corporation's update."""

import csv
import io
import json
import os

import feedparser
import pytest
from intake_support import tie_domain
from playwright.sync_api import expect

from conftest import build_site, copy_content, run_module, settings_file

pytestmark = [
    pytest.mark.slow,
    pytest.mark.clock,
]  # stamps and approves: runs again a year ahead and behind


def test_the_form_checks_fields_and_explains_in_dutch(page, base_url):
    page.goto(base_url + "/standpunt-doorgeven/")
    assert not page.locator("#no-js").is_visible()
    page.click("text=Maak het bericht")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert "Corporatie: Vul dit veld in." in summary.inner_text()
    # the start date is required; a stance field left alone is "not stated", never an error
    assert page.locator("#s-effective-from-error").inner_text() == "Vul dit veld in."
    assert page.locator("#s-eviction-error").inner_text() == ""
    page.fill("#s-sender-email", "geen-adres")
    page.fill("#s-policy-url", "javascript:alert(1)")
    page.click("text=Maak het bericht")
    assert page.locator("#s-sender-email-error").inner_text() == "Dit is geen e-mailadres."
    assert page.locator("#s-policy-url-error").inner_text() == "Een webadres begint met https://"
    page.check("#s-exceptions-geen")
    page.check("#s-exceptions-criminal_activity")
    page.click("text=Maak het bericht")
    assert "niet allebei" in page.locator("#s-exceptions-error").inner_text()
    assert page.locator("#result").is_hidden()
    assert page.problems == []


def fill_form(page):
    page.select_option("#s-corporation", "domesta")
    page.check("#s-eviction-none")
    page.check("#s-collection-paused-yes")
    page.check("#s-scope-all_arrears")
    page.check("#s-exceptions-criminal_activity")
    page.fill("#s-effective-from", "2026-11-01")
    page.fill(
        "#s-statement", "Wij zetten tot 1 maart niemand uit huis.\n\nBel ons als het niet lukt."
    )
    page.fill("#s-policy-url", "https://domesta.example/huurachterstand")
    page.fill("#s-contact-phone", "0591 000000")
    page.fill("#s-sender-name", "Test Medewerker")
    page.fill("#s-sender-role", "Klantcontact")
    page.fill("#s-sender-email", "test@domesta.example")


def test_without_javascript_the_form_page_offers_the_template(browser, base_url, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/standpunt-doorgeven/")
    assert page.locator("#no-js").is_visible() and not page.locator("#submission").is_visible()
    assert "e-mailadres van de redactie is nog onbekend" in page.inner_text("#no-js")
    context.close()
    template = site.text("/standpunt-doorgeven/sjabloon.yaml")
    assert "corporation: null" in template and "#   none: Geen ontruimingen." in template


def test_a_submission_from_the_browser_reaches_every_view(page, base_url, tmp_path):
    page.goto(base_url + "/standpunt-doorgeven/")
    fill_form(page)
    page.click("text=Maak het bericht")
    expect(page.locator("#result")).to_be_visible()
    document = page.inner_text("#result-document")
    assert json.loads(document)["exceptions"] == ["criminal_activity"]
    assert page.get_attribute("#result-download", "href").startswith("blob:")
    assert page.problems == []

    content = copy_content(tmp_path)
    tie_domain(content, "domesta", "domesta.example")
    settings = settings_file(tmp_path, PATH=str(content))
    env = {"SETTINGS": str(settings), "INBOX": str(tmp_path / "inbox.sqlite3"), "FILE": "-"}
    sent = run_module("huurwijzer.intake.commands", "submit", stdin=document, env=env)
    assert sent.returncode == 0, sent.stderr
    receipt = sent.stdout.split("Received as ")[1].split(" ")[0]
    confirmed = {"ID": receipt, "CONFIRMED": "Teruggebeld via het nummer op de website"}
    approved = run_module("huurwijzer.intake.commands", "approve", env={**env, **confirmed})
    assert approved.returncode == 0, approved.stderr
    record_id = "domesta/" + approved.stdout.split("stances/")[1].split(".md")[0]
    how = {"ID": record_id, "HOW": "Gebeld met Domesta"}
    verified = run_module("huurwijzer.intake.commands", "verify", env={**env, **how})
    assert verified.returncode == 0, verified.stderr

    site = build_site(content, tmp_path / "output", str(settings))
    domesta = site.page("/corporaties/domesta/").find("main")
    now = " ".join(  # the stance, and below the next step its dates, check and words
        domesta.find("section", attrs={"aria-labelledby": part}).get_text(" ", strip=True)
        for part in ("nu", "meer")
    )
    assert "Geen ontruimingen" in now and "Innen stilgezet: Ja" in now
    assert "Van de corporatie: ontvangen op" in now and "Nagekeken door de redactie op" in now
    assert "Gebeld met Domesta" in now  # how it was checked
    assert "Bel ons als het niet lukt." in now
    assert "Test Medewerker" not in site.text("/corporaties/domesta/")  # the sender stays private
    assert domesta.find("a", href="tel:0591000000")
    overview = " ".join(
        site.page("/corporaties/").select(".corp-list > li")[1].get_text(" ").split()
    )
    assert "Innen stilgezet: Ja" in overview and "Van de corporatie" in overview
    for feed in ("/corporaties/wijzigingen.atom", "/corporaties/domesta/wijzigingen.atom"):
        entries = feedparser.parse(site.text(feed)).entries
        assert entries[0].title == "Domesta: standpunt vanaf 1 november 2026", feed
    data = json.loads(site.text("/corporaties/standpunten.json"))
    current = next(c for c in data["corporations"] if c["slug"] == "domesta")["current"]
    assert current["collection_paused"] == "yes" and current["provenance"] == "corporation"
    assert "sender" not in json.dumps(data)
    rows = list(csv.DictReader(io.StringIO(site.text("/corporaties/standpunten.csv"))))
    assert [
        r["collection_paused"]
        for r in rows
        if r["latest_known"] == "yes" and r["corporation"] == "domesta"
    ] == ["yes"]
    assert os.environ.get("SETTINGS") is None
