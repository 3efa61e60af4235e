"""What a reader sees in the real site, built from the real content."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow  # whole builds, Chromium or a running receiver

ARTICLES = [
    "/nieuws/2020/drentse-corporaties-en-ontruimingen/",
    "/nieuws/2020/landelijke-afspraak-geen-ontruimingen/",
]
PAGES = ["/huurachterstand/", "/over/", "/toegankelijkheid/", "/privacy/"]


def test_home_leads_to_the_guidance_first(site):
    main = site.page("/").find("main")
    assert main.find("h1").get_text(strip=True).startswith("Huurachterstand of minder inkomen")
    first_link = main.find("a", href=True)
    assert first_link["href"] == "/huurachterstand/"
    assert "Zo pak je het aan" in first_link.get_text()


def test_home_shows_the_latest_news(site):
    links = {a["href"] for a in site.page("/").select("main .article-list a")}
    assert set(ARTICLES) <= links


def test_dates_are_written_in_dutch(site):
    article = site.page(ARTICLES[0])
    times = article.find("main").select("header time")
    # when the page was written, and apart from it the period it is about (a month: no day)
    assert [(t["datetime"], t.get_text()) for t in times] == [
        ("2026-11-28", "28 november 2026"),
        ("2020-03", "maart 2020"),
    ]
    assert "Geschreven op 28 november 2026" in " ".join(article.find("main").get_text(" ").split())
    assert "Gepubliceerd op 19 maart 2020" not in article.get_text(" ")
    index = site.page("/nieuws/").find("main").get_text(" ")
    assert "26 maart 2020" in index and "March" not in index


def test_the_guidance_page_has_numbered_steps_and_no_legal_advice_claim(site):
    page = site.page("/huurachterstand/")
    assert page.find("h1").get_text() == "Huurachterstand? Zo pak je het aan"
    steps = page.find("main").find("ol").find_all("li", recursive=False)
    assert len(steps) >= 6
    text = page.find("main").get_text(" ").lower()
    assert "geen juridisch advies" in text
    assert "betalingsregeling" in text and "schuldhulpverlening" in text


def test_articles_cite_their_sources(site):
    sources = site.page(ARTICLES[0]).find("section", class_="sources").get_text(" ")
    assert "RTV Drenthe" in sources and "te bevestigen" in sources
    assert "maart 2020" in sources


def test_every_article_is_in_the_feed(site):
    feed = feedparser.parse(site.text("/nieuws/feed.atom"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    links = {urlsplit(entry.link).path for entry in feed.entries}
    assert links == set(ARTICLES)
    assert all(entry.title and entry.updated for entry in feed.entries)


def test_the_sitemap_lists_every_page_but_the_404(site):
    sitemap = ET.fromstring(site.text("/sitemap.xml").encode())
    locs = sitemap.findall(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}url/"
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
    )
    listed = {urlsplit(loc.text).path for loc in locs}
    built = {site.address_of(f) for f in site.html_files() if b"noindex" not in f.read_bytes()}
    assert listed == built
    assert set(ARTICLES + PAGES + ["/"]) <= listed
    robots = site.text("/robots.txt")
    assert re.search(r"^Sitemap: \S+/sitemap\.xml$", robots, re.M)


def test_every_page_is_in_its_language_with_canonical_open_graph_and_csp(site):
    for file in site.html_files():
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        where = site.address_of(file)
        assert page.html["lang"] == ("en" if where.startswith("/en/") else "nl"), where
        canonical = page.find("link", rel="canonical")["href"]
        assert urlsplit(canonical).path == where or where == "/404.html", where
        for prop in ("og:title", "og:url", "og:type", "og:description", "og:locale"):
            assert page.find("meta", property=prop)["content"].strip(), (where, prop)
        csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp, where
        assert page.find("a", class_="skip-link")["href"] == "#inhoud", where
        assert page.find(id="inhoud").name == "main", where
        assert len(page.find_all("h1")) == 1, where


def test_the_required_pages_exist(site):
    for address in PAGES:
        assert site.page(address).find("h1"), address
    assert "geen cookies" in site.page("/privacy/").find("main").get_text(" ").lower()
    not_found = site.page("/404.html")
    assert not_found.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not_found.find("a", href="/")


def test_news_archive_category_and_tag_pages(site):
    archive = site.page("/nieuws/archief/").find("main")
    assert {a["href"] for a in archive.find_all("a")} >= set(ARTICLES)
    assert archive.find("h2").get_text() == "2020"
    category = site.page("/nieuws/categorie/corona/")
    assert {a["href"] for a in category.select("main .article-list a")} == set(ARTICLES)
    tag_links = [a["href"] for a in site.page(ARTICLES[0]).select(".tags a")]
    assert tag_links and all(site.path(href).exists() for href in tag_links)
