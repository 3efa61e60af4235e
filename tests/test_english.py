"""The English edition, built with the Dutch one: counterparts, the switch, lang, feeds, search.

Every built Dutch page either has an English counterpart (the switch says so and the two
link to each other) or its address lies in a section with a documented reason below.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from fnmatch import fnmatch
from urllib.parse import urlsplit

import feedparser
import pytest
from babel.dates import format_date
from playwright.sync_api import expect

pytestmark = pytest.mark.slow  # whole builds, Chromium or a running receiver

# Dutch pages with no English counterpart yet, and why. Their switch leads to the English
# home page (the section of the edition), never to a page that does not exist.
NO_COUNTERPART = {
    "/standpunt-doorgeven/": "the form is for corporations' staff, who write in Dutch",
    "/nieuws/categorie/": "topic and category lists are built for Dutch articles only",
    "/nieuws/onderwerp/": "topic and category lists are built for Dutch articles only",
    "/404.html": "one error page for the whole site (the server serves one 404)",
}


def switch(soup) -> list:
    return soup.select("nav.language-switch a")


def dutch_pages(site) -> list[str]:
    return [
        site.address_of(f)
        for f in site.html_files()
        if not site.address_of(f).startswith("/en/") and "/search-index/" not in str(f)
    ]


def test_every_dutch_page_has_an_english_counterpart_or_a_documented_reason(site):
    missing = []
    for address in dutch_pages(site):
        links = switch(site.page(address))
        assert [a["hreflang"] for a in links] == ["en"], address
        link = links[0]
        if link["data-exact"] == "yes":
            assert site.path(link["href"]).exists(), f"{address} → {link['href']}"
            continue
        assert link["href"] == "/en/", address
        if not any(
            address.startswith(prefix) or fnmatch(address, prefix) for prefix in NO_COUNTERPART
        ):
            missing.append(address)
    assert not missing, "no English page and no reason:\n" + "\n".join(missing)


def test_the_fixed_pages_and_news_have_english_counterparts(site):
    for dutch, english in [
        ("/", "/en/"),
        ("/huurachterstand/", "/en/rent-arrears/"),
        ("/over/", "/en/about/"),
        ("/toegankelijkheid/", "/en/accessibility/"),
        ("/privacy/", "/en/privacy/"),
        ("/nieuws/", "/en/news/"),
        ("/nieuws/archief/", "/en/news/archive/"),
        ("/zoeken/", "/en/search/"),
        ("/methode/", "/en/method/"),
        ("/brief/", "/en/letter/"),
        (
            "/nieuws/2020/landelijke-afspraak-geen-ontruimingen/",
            "/en/news/2020/national-agreement-no-evictions/",
        ),
        (
            "/nieuws/2020/drentse-corporaties-en-ontruimingen/",
            "/en/news/2020/drenthe-corporations-and-evictions/",
        ),
    ]:
        assert switch(site.page(dutch))[0]["href"] == english
        assert switch(site.page(english))[0]["href"] == dutch


def test_the_switch_round_trips_on_every_english_page(site):
    for file in site.html_files():
        address = site.address_of(file)
        if not address.startswith("/en/"):
            continue
        soup = site.page(address)
        assert soup.html["lang"] == "en", address
        link = switch(soup)[0]
        assert link["hreflang"] == "nl" and link["lang"] == "nl" and link["data-exact"] == "yes"
        back = switch(site.page(link["href"]))[0]
        assert back["href"] == address, f"{address} → {link['href']} → {back['href']}"


def test_hreflang_alternates_name_both_pages_on_both_sides(site):
    for dutch, english in [
        ("/over/", "/en/about/"),
        ("/", "/en/"),
        ("/corporaties/", "/en/corporations/"),
        ("/gemeenten/", "/en/municipalities/"),
    ]:
        for address in (dutch, english):
            found = {
                link["hreflang"]: urlsplit(link["href"]).path
                for link in site.page(address).select('head link[rel="alternate"][hreflang]')
            }
            assert found == {"nl": dutch, "en": english}, address
    assert not site.page("/standpunt-doorgeven/").select("head link[hreflang]")


def test_english_pages_are_in_english_and_mark_dutch_passages(site):
    about = site.page("/en/about/")
    assert about.h1.get_text(strip=True) == "About Huurwijzer"
    assert about.select_one(".skip-link").get_text() == "Skip to content"
    assert "general information, not legal advice" in about.select_one("footer").get_text()
    guidance = site.page("/en/rent-arrears/")
    help_route = guidance.select_one(".help-route")
    assert help_route.h2.get_text(strip=True) == "Help and advice"
    # the editors' English descriptions of each organisation (help/<slug>.en.md), in the
    # page's language; one without a translation stays Dutch, marked (test_text_translations)
    descriptions = help_route.select(".help-entry .prose")
    assert descriptions and all(p.get("lang") is None for p in descriptions)
    assert "Every municipality must help its residents" in help_route.get_text()
    # links into the Dutch register say so
    menu = {a.get_text(): a for a in site.page("/en/").select('nav[aria-label="Main menu"] a')}
    assert menu["Corporations"]["href"] == "/en/corporations/"
    assert not menu["Corporations"].get("hreflang")
    assert "Nieuws" not in site.page("/en/news/").get_text()


def test_english_dates_are_english(site):
    article = site.page("/en/news/2020/national-agreement-no-evictions/")
    header = article.select_one("article header").get_text(" ", strip=True)
    assert "Written on 28 November 2026" in header and "is about 26 March 2020" in header
    dutch = site.page("/nieuws/2020/landelijke-afspraak-geen-ontruimingen/")
    header = dutch.select_one("article header").get_text(" ", strip=True)
    assert "Geschreven op 28 november 2026" in header and "gaat over 26 maart 2020" in header


def test_one_atom_feed_per_language(site):
    feeds = {}
    for lang, address in [("nl", "/nieuws/feed.atom"), ("en", "/en/news/feed.atom")]:
        feed = feedparser.parse(site.text(address))
        assert not feed.bozo, feed.bozo_exception
        feeds[lang] = {urlsplit(e.link).path for e in feed.entries}
    assert feeds["en"] == {
        "/en/news/2020/national-agreement-no-evictions/",
        "/en/news/2020/drenthe-corporations-and-evictions/",
    }
    assert feeds["nl"] and not any(p.startswith("/en/") for p in feeds["nl"])
    head = site.page("/en/").select_one('head link[type="application/atom+xml"]')
    assert head["href"] == "/en/news/feed.atom"


def test_the_sitemap_names_each_pages_other_language(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(site.text("/sitemap.xml").encode())
    by_loc = {
        urlsplit(url.find("s:loc", ns).text).path: {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    assert by_loc["/en/about/"] == {"en": "/en/about/", "nl": "/over/"}
    assert by_loc["/over/"] == {"nl": "/over/", "en": "/en/about/"}
    assert by_loc["/corporaties/"] == {"nl": "/corporaties/", "en": "/en/corporations/"}
    assert by_loc["/standpunt-doorgeven/"] == {}


def test_the_search_index_holds_each_language_and_each_search_page_is_in_its_own(site):
    def addresses(lang):  # every page in the language's index (part 0 of each page's text)
        records = (site.output / "search-index" / lang / "r").glob("*.json")
        return {json.loads(r.read_text())["u"] for r in records if r.stem.isdigit()}

    indexed = [f for f in site.html_files() if b"data-search-body" in f.read_bytes()]
    english = {site.address_of(f) for f in indexed if site.address_of(f).startswith("/en/")}
    assert len(english) >= 6  # two articles, four pages
    assert addresses("en") == english
    assert addresses("nl") == {site.address_of(f) for f in indexed} - english
    assert site.page("/en/search/").html["lang"] == "en"
    form = site.page("/en/search/").select_one("form#search")
    assert form["action"] == "/en/search/"
    assert site.page("/en/about/").select_one("form.site-search")["action"] == "/en/search/"
    status = site.page("/en/search/").select_one("#search-status")
    assert status["data-many"] == "{n} results found."


def test_no_english_page_has_dutch_interface_words(site):
    """The chrome of every English page comes from the catalog (a missed string shows here)."""
    dutch_words = re.compile(r"\b(Zoek|Naar de inhoud|Hoofdmenu|Nieuws|Bronnen|Gepubliceerd)\b")
    for file in site.html_files():
        address = site.address_of(file)
        if not address.startswith("/en/"):
            continue
        soup = site.page(address)
        for passage in soup.select('[lang="nl"]'):
            passage.decompose()
        for tag in soup.select("script, style"):
            tag.decompose()
        text = soup.get_text(" ") + " ".join(
            str(v)
            for t in soup.find_all(True)
            for k, v in t.attrs.items()
            if k in ("aria-label", "placeholder")
        )
        assert not dutch_words.findall(text), (address, dutch_words.findall(text))


def test_the_method_in_english_names_every_level_by_the_same_codes(site):
    dutch, english = site.page("/methode/"), site.page("/en/method/")
    assert english.h1.get_text() == "How we assess stances"
    ids = [d["id"] for d in dutch.select("dl.levels > div")]
    assert ids and ids == [d["id"] for d in english.select("dl.levels > div")]
    levels = {d["id"]: d.dt.get_text() for d in english.select("dl.levels > div")}
    assert levels["eviction-normal"] == "Normal policy"
    assert levels["eviction-unknown"] == "Unknown"
    assert levels["exceptions-criminal_activity"] == "Criminal activity"
    assert {d.dt.get_text() for d in dutch.select("dl.levels > div")}.isdisjoint(
        {"Normal policy", "Criminal activity"}
    )


def test_the_letter_stays_dutch_with_an_english_explanation_of_each_paragraph(site):
    dutch, english = site.page("/brief/"), site.page("/en/letter/")
    letter_nl = dutch.select_one("#brieftekst")
    letter_en = english.select_one("#brieftekst")
    assert letter_en["lang"] == "nl" and not letter_nl.has_attr("lang")
    assert letter_en.get_text() == letter_nl.get_text()  # the same Dutch letter, word for word
    paragraphs = letter_nl.select("p:not(.letter-agreement)")
    agreement = 1  # the paragraph on the national agreement (one per period, one shown)
    gloss = english.select(".letter-gloss li")
    assert len(gloss) == len(paragraphs) + agreement
    assert "how large your arrears are" in gloss[5].get_text()
    assert "payment plan" in gloss[6].get_text()
    labels = [label.get_text() for label in english.select(".letter-form label")]
    assert "Your name" in labels and "Je naam" in [x.get_text() for x in dutch.select("label")]
    for step in english.select(".phone-script li > span"):
        assert step["lang"] == "nl"
    status = english.select_one("[data-letter-status]")
    assert status["data-copied"].startswith("The letter has been copied")


def test_each_search_page_searches_its_own_language_with_its_own_stemming(page, base_url, site):
    page.goto(base_url + "/en/")
    page.fill("#site-q", "evicted")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/en/search/?q=evicted")
    expect(page.locator("#search-status")).to_contain_text("found")
    links = page.locator("#search-results > li h2 a")
    paths = {urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())}
    assert paths and all(p.startswith("/en/") for p in paths), paths
    # found through the English stem: some result has "eviction(s)" but not "evicted"
    texts = {p: site.page(p).find("main").get_text(" ").lower() for p in paths}
    assert any("evicted" not in t and re.search(r"\bevictions?\b", t) for t in texts.values())
    assert page.problems == []
    page.goto(base_url + "/zoeken/?q=ontruiming")
    expect(page.locator("#search-status")).to_contain_text("gevonden")
    links = page.locator("#search-results > li h2 a")
    dutch = {urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())}
    assert dutch and not any(p.startswith("/en/") for p in dutch), dutch


def test_an_english_article_marks_its_links_to_dutch_topic_lists(site):
    article = site.page("/en/news/2020/national-agreement-no-evictions/")
    tags = article.select("p.tags a")
    assert tags and all(a["hreflang"] == "nl" and a["lang"] == "nl" for a in tags)
    assert all(site.path(a["href"]).exists() for a in tags)
    assert not site.page("/nieuws/2020/landelijke-afspraak-geen-ontruimingen/").select(
        "p.tags a[hreflang]"
    )


def english_corporation_pages(site) -> list[tuple[str, str]]:
    """(Dutch address, English address) of every corporation page, through the switch."""
    pairs = []
    for card in site.page("/corporaties/").select(".corp-name a"):
        dutch = card["href"]
        pairs.append((dutch, switch(site.page(dutch))[0]["href"]))
    return pairs


def test_each_english_corporation_page_shows_the_last_known_stance_its_month_and_sources(site):
    pairs = english_corporation_pages(site)
    assert len(pairs) >= 4
    for dutch_address, address in pairs:
        assert address.startswith("/en/corporations/"), address
        dutch, english = site.page(dutch_address), site.page(address)
        assert english.html["lang"] == "en"
        heading = english.select_one("#nu").get_text(" ", strip=True)
        assert heading.startswith(("Last known stance of", "What we know about", "What ")), heading
        # the month it was said, in English, the same month as on the Dutch page
        said = english.select_one(".said-line time")
        assert said["datetime"] == dutch.select_one(".said-line time")["datetime"]
        month = said["datetime"]
        assert len(month) == 7, month  # the register knows these stances by month
        expected = format_date(date.fromisoformat(month + "-01"), "MMMM y", locale="en")
        assert said.get_text() == expected, address
        assert english.select_one(".said-line").get_text().startswith("Said in ")
        # the same sources, with the editors' English words for them (a record's translation
        # file, `sources:`); without one the Dutch marked as Dutch (test_english_texts.py)
        ours = english.select("section[aria-labelledby=meer] .record-sources li")
        theirs = dutch.select("section[aria-labelledby=meer] .record-sources li")
        assert len(ours) == len(theirs) >= 1, address
        for li in english.select("section[aria-labelledby=meer] .record-sources li"):
            title = li.select_one("a, span")
            assert title.get("lang") is None and title.get_text().startswith("News report")
        # the editors' English body (a translation file for every record in content/), in
        # the page's language; without one, the Dutch text marked lang="nl"
        # (test_text_translations.py)
        summary = english.select_one("main .summary")
        assert summary.get("lang") is None
        assert summary.get_text().split()[:2] in (["In", "March"], ["The", "news"]), address
        # outside the passages marked as Dutch, no Dutch word of the page's own
        section = english.select_one("section[aria-labelledby=nu]")
        for passage in section.select("[lang=nl]"):
            passage.decompose()
        text = section.get_text()
        for dutch_word in ("Gezegd", "maart", "Bron", "Ontruimen", "Incasso", "onbekend"):
            assert dutch_word not in text, (address, dutch_word)


def test_english_register_lists_link_to_english_pages(site):
    overview = site.page("/en/corporations/")
    assert overview.h1.get_text() == "What do we know about your corporation?"
    options = {o["value"]: o.get_text() for o in overview.select("#f-ontruimen option")}
    assert options["normal"] == "Normal policy"  # the filter's words too
    cards = overview.select(".corp-name a")
    assert cards and all(a["href"].startswith("/en/corporations/") for a in cards)
    places = site.page("/en/municipalities/").select(".place-list a")
    assert places and all(a["href"].startswith("/en/municipalities/") for a in places)
    place = site.page(places[0]["href"])
    assert place.html["lang"] == "en"
    assert place.h1.get_text().startswith("Corporations in ")
    assert switch(place)[0]["href"].startswith("/gemeenten/")


def test_each_corporations_letter_has_an_english_page_with_the_dutch_letter_and_a_gloss(site):
    for dutch_address, address in english_corporation_pages(site):
        english_page = site.page(address)
        link = next(
            a
            for a in english_page.select("section[aria-labelledby=doen] a")
            if a.get_text().startswith("Write a letter")
        )
        dutch_link = next(
            a
            for a in site.page(dutch_address).select("section[aria-labelledby=doen] a")
            if "brief" in a.get_text()
        )
        assert link["href"].startswith("/en/corporations/") and link["href"].endswith("/letter/")
        assert not link.has_attr("hreflang")  # an English page now, no longer a Dutch one
        dutch, english = site.page(dutch_link["href"]), site.page(link["href"])
        assert english.html["lang"] == "en"
        name = english_page.h1.get_text()
        assert english.h1.get_text() == f"Ask {name} for a payment plan"
        assert english.select_one("#brieftekst")["lang"] == "nl"
        assert (
            english.select_one("#brieftekst").get_text()
            == dutch.select_one("#brieftekst").get_text()
        )  # the same Dutch letter to the same corporation
        assert english.select(".letter-gloss li")
        assert english.select_one("p.meta a")["href"] == address  # back to the English page
        assert switch(english)[0]["href"] == dutch_link["href"]
        assert switch(dutch)[0]["href"] == link["href"]


def test_each_corporation_has_an_english_stance_feed_linked_from_its_english_page(site):
    for dutch_address, address in english_corporation_pages(site):
        english_page, dutch_page = site.page(address), site.page(dutch_address)
        head = english_page.select('head link[rel=alternate][type="application/atom+xml"]')
        feed_url = next(h["href"] for h in head if h["href"].startswith(address))
        dutch_url = next(
            h["href"]
            for h in dutch_page.select('head link[rel=alternate][type="application/atom+xml"]')
            if h["href"].startswith(dutch_address)
        )
        feed, dutch = feedparser.parse(site.text(feed_url)), feedparser.parse(site.text(dutch_url))
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == "en" and dutch.feed.language == "nl"
        name = english_page.h1.get_text()
        assert feed.feed.title == f"Huurwijzer: stances of {name}"
        assert len(feed.entries) == len(dutch.entries) >= 1
        for entry, dutch_entry in zip(feed.entries, dutch.entries, strict=True):
            assert entry.title == f"{name}: stance from March 2020", entry.title
            assert urlsplit(entry.link).path == address
            assert entry.published == dutch_entry.published
            assert "maart" not in entry.summary and "Bron" not in entry.summary


def test_the_english_search_offers_its_kinds_in_english_and_filters_by_them(page, base_url):
    page.goto(base_url + "/en/search/?q=payment")
    page.focus("#s-type")  # the filter's values load when a reader reaches it
    kinds = page.locator("#s-type option")
    expect(kinds).not_to_have_count(1)  # Pagefind's filters have arrived
    offered = set(kinds.all_inner_texts()) - {"All"}
    assert {"corporation", "question", "help", "news"} <= offered, offered
    assert not offered & {"corporatie", "vraag", "hulp", "nieuws", "info"}, offered
    page.select_option("#s-type", "question")
    expect(page).to_have_url(re.compile("soort=question"))
    expect(page.locator("#search-status")).to_contain_text("found")
    # the filtered results replace the unfiltered ones: wait for them, not for the status
    # line (it says "found" for both), then read them
    filtered = """() => {
      const links = [...document.querySelectorAll('#search-results > li h2 a')];
      const corporation = a => new URL(a.href).pathname.startsWith('/en/corporations/');
      return links.length > 0 && links.every(corporation);
    }"""
    try:
        page.wait_for_function(filtered, timeout=15000)
    except Exception:  # noqa: BLE001  (the assertion below shows what was found instead)
        pass
    links = page.locator("#search-results > li h2 a")
    paths = {urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())}
    assert paths and all(p.startswith("/en/corporations/") for p in paths), paths
    assert page.problems == []


def test_a_records_sentences_are_in_the_pages_language(site):
    """A record's blocks are written in Python (site/marks.py) with the catalog's sentences:
    an English page says them in English and links to the English method, a Dutch page
    says them in Dutch."""
    english = (site.output / "en" / "corporations" / "woonservice" / "index.html").read_text()
    dutch = (site.output / "corporaties" / "woonservice" / "index.html").read_text()
    assert "(web address unknown)" in english and "(webadres onbekend)" not in english
    assert "(webadres onbekend)" in dutch
    explained = (site.output / "en" / "corporations" / "domesta" / "index.html").read_text()
    assert (
        'What these words mean is explained in <a href="/en/method/">how we assess stances</a>.'
        in explained
    )
