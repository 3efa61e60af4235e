"""The overview filter in a real Chromium: narrows as you type, lives in the URL."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow  # whole builds, Chromium or a running receiver


def visible_names(page):
    return page.locator(".corp-list > li:not([hidden]) .corp-name a").all_inner_texts()


def test_typing_a_municipality_narrows_the_rows_and_the_url_keeps_it(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/corporaties/")
    assert len(visible_names(page)) == 4
    page.fill("#f-q", "Emmen")
    assert visible_names(page) == ["Domesta"]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Emmen"]}
    expect(page.locator("#filter-status")).to_have_text("1 corporatie gevonden")
    page.reload()
    assert page.input_value("#f-q") == "Emmen"
    assert visible_names(page) == ["Domesta"]
    page.click("button[type=reset]")
    expect(page.locator(".corp-list > li[hidden]")).to_have_count(0)
    assert urlsplit(page.url).query == ""
    context.close()


def test_filtering_by_level_and_municipality(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/corporaties/?ontruimen=unknown")
    assert visible_names(page) == ["Domesta", "Woonservice"]
    page.select_option("#f-gemeente", "coevorden")
    assert visible_names(page) == ["Domesta", "Woonservice"]
    page.select_option("#f-incasso", "help_offered")
    assert visible_names(page) == ["Domesta"]
    # the "no stance known" list and its heading disappear when nothing in it matches
    expect(page.locator("#kop-zonder-standpunt")).to_be_hidden()
    assert parse_qs(urlsplit(page.url).query) == {
        "gemeente": ["coevorden"],
        "ontruimen": ["unknown"],
        "incasso": ["help_offered"],
    }
    page.fill("#f-q", "woonconcept")
    assert visible_names(page) == []
    expect(page.locator("#filter-status")).to_have_text("0 corporaties gevonden")
    # zero results: what to try next, and where to read what you can always do
    empty = page.locator("#filter-empty")
    expect(empty).to_be_visible()
    assert empty.locator("a[href='/huurachterstand/']").count() == 1
    empty.locator("a", has_text="wis het filter").click()
    assert len(visible_names(page)) == 4
    context.close()


def test_filtering_by_a_measure_shows_only_who_says_it(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/corporaties/?incasso=no_collection_costs")
    assert visible_names(page) == []  # nobody stated it: silence is not "yes"
    page.select_option("#f-incasso", "lenient_collection")
    assert visible_names(page) == ["Actium"]
    context.close()


def test_without_javascript_every_corporation_shows(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/corporaties/?q=Emmen")
    assert len(visible_names(page)) == 4
    assert not page.locator("#filter").is_visible()
    page.click("nav.by-place >> text=Emmen")
    assert page.url.endswith("/gemeenten/emmen/")
    page.click("text=Domesta")
    assert page.url.endswith("/corporaties/domesta/")
    context.close()


def test_on_a_small_phone_the_first_screen_shows_every_stance_and_its_month(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(base_url + "/corporaties/")
    items = page.locator(".glance li")
    assert items.count() == 4
    for i in range(4):
        item = items.nth(i)
        box = item.bounding_box()
        assert box["y"] + box["height"] <= 667, item.inner_text()  # no scrolling needed
        text = item.inner_text()
        assert "maart 2020" in text and ("Ontruimen" in text or "Geen standpunt" in text), text
    context.close()


def test_the_english_overview_filters_and_announces_in_english(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/en/corporations/")
    assert len(visible_names(page)) == 4
    page.fill("#f-q", "Emmen")
    assert visible_names(page) == ["Domesta"]
    expect(page.locator("#filter-status")).to_have_text("1 corporation found")
    page.fill("#f-q", "no such place")
    expect(page.locator("#filter-status")).to_have_text("0 corporations found")
    context.close()
