"""Site search (the index of site/search_index.py and theme/static/js/search.js), in a real
Chromium."""

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import ENV, ROOT

pytestmark = pytest.mark.slow  # whole builds, Chromium or a running receiver


def results(page):
    expect(page.locator("#search-status")).to_contain_text("gevonden")
    return page.locator("#search-results > li h2 a")


def test_the_header_form_leads_to_search_and_runs_the_query(page, base_url):
    page.goto(base_url + "/huurachterstand/")
    page.fill("#site-q", "betalingsregeling")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/zoeken/?q=betalingsregeling")
    links = results(page)
    assert links.count() >= 2
    assert "/huurachterstand/" in [
        urlsplit(h).path for h in [links.nth(i).get_attribute("href") for i in range(links.count())]
    ]
    assert page.input_value("#s-q") == "betalingsregeling"
    assert page.problems == []  # no CSP violation, nothing from other hosts


def test_dutch_stemming_finds_ontruiming_for_ontruimingen(page, base_url, site):
    page.goto(base_url + "/zoeken/?q=ontruimingen")
    links = results(page)
    hrefs = {urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())}
    singular_only = [
        h
        for h in hrefs
        if "ontruimingen" not in (text := site.page(h).find("main").get_text(" ").lower())
        and "ontruiming" in text
    ]
    assert singular_only, hrefs  # found through the stem, not the exact word


def test_a_filter_narrows_the_results_and_lives_in_the_url(page, base_url):
    page.goto(base_url + "/zoeken/?q=incasso")
    all_links = results(page).count()
    page.focus("#s-type")  # the filter's values load when a tenant reaches it
    page.select_option("#s-type", "corporatie")
    expect(page).to_have_url(re.compile("soort=corporatie"))
    links = page.locator("#search-results > li h2 a")
    expect(page.locator("#search-results a:not([href*='/corporaties/'])")).to_have_count(0)
    expect(links.first).to_have_attribute("href", re.compile("/corporaties/"))
    paths = {urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())}
    assert paths and all(p.startswith("/corporaties/") for p in paths)
    assert len(paths) < all_links
    assert parse_qs(urlsplit(page.url).query) == {"q": ["incasso"], "soort": ["corporatie"]}


def test_filter_by_municipality(page, base_url):
    page.goto(base_url + "/zoeken/?q=standpunt&gemeente=Emmen")
    links = results(page)
    paths = {urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())}
    assert paths == {"/corporaties/domesta/"}


def test_without_javascript_search_explains_and_offers_the_other_ways(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/zoeken/?q=huur")
    assert "werkt alleen als JavaScript aan staat" in page.inner_text("#no-js")
    assert not page.locator("#search").is_visible()
    page.click("#no-js >> text=Kies je gemeente")
    assert page.url.endswith("/gemeenten/")
    context.close()


def test_a_first_search_loads_only_what_it_shows_and_filters_load_when_reached(page, base_url):
    """Issue 23: one file of terms, no filter values and no more than ten results' records
    for a first query; the filter values come when a tenant reaches a filter, and work."""
    fetched = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    page.goto(base_url + "/zoeken/?q=ontruiming")
    links = results(page)
    assert 0 < links.count() <= 10
    page.wait_for_load_state("networkidle")
    index = [p for p in fetched if p.startswith("/search-index/")]
    assert [p for p in index if "/t/" in p] == ["/search-index/nl/t/ont.json"], fetched
    assert not [p for p in index if p.endswith("filters.json")], fetched
    assert len([p for p in index if "/r/" in p]) == links.count()
    assert page.locator("#s-corporatie option").count() == 1  # "Alle corporaties" only
    page.focus("#s-corporatie")
    expect(page.locator("#s-corporatie option")).not_to_have_count(1)
    assert "/search-index/nl/filters.json" in fetched
    page.select_option("#s-corporatie", "Domesta")
    expect(page.locator("#search-results > li h2 a").first).to_have_attribute(
        "href", re.compile("/corporaties/domesta/")
    )
    assert page.problems == []


def test_more_results_come_ten_at_a_time(page, base_url):
    page.goto(base_url + "/zoeken/?q=de")
    expect(page.locator("#search-status")).to_contain_text("resultaten gevonden")
    total = int(page.inner_text("#search-status").split()[0])
    assert total > 10, total  # the real content has more than ten pages with "de"
    expect(page.locator("#search-results > li")).to_have_count(10)
    page.click("#search-more")
    expect(page.locator("#search-results > li")).to_have_count(min(total, 20))
    assert page.locator("#search-more").is_hidden() == (total <= 20)


def hrefs_of(links):
    return [urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())]


def test_a_corporation_s_own_page_comes_first_with_its_name_marked(page, base_url):
    page.goto(base_url + "/zoeken/?q=actium")
    links = results(page)
    assert hrefs_of(links)[0] == "/corporaties/actium/"
    first = page.locator("#search-results > li").first
    marks = first.locator("p mark").all_inner_texts()
    assert marks and all(m.lower() == "actium" for m in marks), marks
    assert page.problems == []


def test_ontruiming_finds_its_pages_and_marks_every_form(page, base_url, site):
    page.goto(base_url + "/zoeken/?q=ontruiming")
    links = results(page)
    paths = hrefs_of(links)
    assert paths and not [p for p in paths if p.startswith("/en/")], paths
    for path in paths:  # every page found holds the word in one of its forms
        assert "ontruim" in site.page(path).find("main").get_text(" ").lower(), path
    marks = {m.lower() for m in page.locator("#search-results mark").all_inner_texts()}
    assert marks and all(m.startswith("ontruim") for m in marks), marks
    assert "ontruimingen" in marks or "ontruimen" in marks, marks  # other forms, marked too


def test_typing_the_start_of_a_word_finds_it_and_accents_need_not_be_typed(page, base_url):
    page.goto(base_url + "/zoeken/")
    expect(page.locator("#search-status")).to_contain_text("Typ een woord")
    page.fill("#s-q", "ontru")
    assert results(page).count() > 0
    expect(page).to_have_url(re.compile(r"\?q=ontru$"))
    page.fill("#s-q", "een ontruiming")  # every word must be on the page
    both = results(page).count()
    page.fill("#s-q", "EEN ONTRUIMING")
    expect(page.locator("#search-status")).to_contain_text(f"{both} resultat")
    page.fill("#s-q", "officiele")  # "officiële" in the text is found without its accents
    expect(page.locator("#search-results mark", has_text="officiële").first).to_be_visible()


def test_the_english_search_finds_english_pages_only(page, base_url, site):
    page.goto(base_url + "/en/search/?q=eviction")
    expect(page.locator("#search-status")).to_contain_text("found")
    links = page.locator("#search-results > li h2 a")
    paths = hrefs_of(links)
    assert paths and all(p.startswith("/en/") for p in paths), paths
    assert all(site.page(p).html["lang"] == "en" for p in paths)
    marks = {m.lower() for m in page.locator("#search-results mark").all_inner_texts()}
    assert marks and all(m.startswith("evict") for m in marks), marks
    page.goto(base_url + "/en/search/?q=ontruiming")  # a Dutch word: no Dutch page comes up
    expect(page.locator("#search-status")).to_contain_text("found")
    assert all(p.startswith("/en/") for p in hrefs_of(page.locator("#search-results a")))
    assert page.problems == []


def index_files(output: Path) -> dict[str, bytes]:
    """The index's files; a language folder being written or put in place (the dev server
    indexes in the background: `.nl.new`, `.nl.old`) is not read, and a folder replaced
    while it is read gives {} (read again later)."""
    folder = output.resolve() / "search-index"
    found = {}
    for path in folder.rglob("*.json"):
        name = path.relative_to(folder).as_posix()
        if name.startswith("."):
            continue
        try:
            found[name] = path.read_bytes()
        except FileNotFoundError:
            return {}
    return found


def test_the_build_s_index_is_the_one_its_written_pages_give(site, tmp_path):
    """The build indexes each page as its writers write it (in both processes), without
    reading the site back; indexing the written site afterwards gives the same files."""
    again = tmp_path / "output"
    shutil.copytree(site.output, again)
    shutil.rmtree(again / "search-index")
    command = [sys.executable, "-m", "huurwijzer.site.search_index", str(again)]
    subprocess.run(command, cwd=ROOT, env=ENV, check=True)
    expected, built = index_files(again), index_files(site.output)
    assert len(expected) > 100
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if built[name] != expected[name]] == []


def test_the_dev_server_indexes_an_edit_as_a_clean_build_does(browser, tmp_path):
    """After an article is added, the dev server's search finds it (by the start of a word),
    and its index becomes the index a clean build of the same content writes, file for file."""
    from test_devserver import WAIT, DevServer

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    server = DevServer(content, tmp_path / "output")
    try:
        (content / "articles" / "2021-02-03-voorbeeld-zoeken.md").write_text(
            '---\ntitle: "Voorbeeldbericht over zoeken"\ndate: 2021-02-03\n'
            'category: Voorbeeld\ntags: [voorbeeld]\nsummary: "Een voorbeeld voor de test."\n'
            "---\nVoorbeeldtekst met het woord voorbeeldzoekwoorden.\n",
            encoding="utf-8",
        )
        clean = tmp_path / "clean"
        build = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
        build += ["-o", str(clean), "--fatal", "warnings"]
        env = {**ENV, "PORT": str(server.port), "PYTHONPATH": str(ROOT / "plugins")}
        subprocess.run(build, cwd=ROOT, env=env, check=True, capture_output=True)
        expected = index_files(clean)
        assert any(b"voorbeeldzoekwoorden" in v for k, v in expected.items() if "/t/" in k)
        for _ in range(WAIT * 2):  # the dev server indexes in the background
            if index_files(tmp_path / "output") == expected:
                break
            time.sleep(0.5)
        assert index_files(tmp_path / "output") == expected
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.port}/zoeken/?q=voorbeeldzoekwoord")
        link = page.locator("#search-results > li h2 a")
        expect(link).to_have_text(["Voorbeeldbericht over zoeken"])
        expect(page.locator("#search-results mark")).to_have_text(["voorbeeldzoekwoorden"])
        page.close()
    finally:
        server.stop()
