"""What a tenant reads is true to the day and current in tense, and the next step comes first
(issue 22): partial dates stay partial, the source's hedge stays, one staleness rule, no
words run together, and "Wat kun je nu doen?" within two phone screens."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import feedparser
import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup

from conftest import ROOT, TEST_DAY, build_site, copy_content, settings_file
from huurwijzer.stances.loading import load_register

BLOCKS = (
    "p li h1 h2 h3 h4 h5 h6 div dt dd section article header footer nav main ul ol dl "
    "figure figcaption blockquote form label td th tr table summary details option title"
).split()
MONTH = re.compile(r"(?<![\d-])((?:19|20)\d{2})-(0[1-9]|1[0-2])(?![\d-])")
DAY = re.compile(r"((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def visible_text(html: str) -> str:
    """The text a browser shows: block elements on lines of their own, inline ones run on."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("script, style, template, [hidden], svg"):
        hidden.decompose()
    for tag in soup.find_all(BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return soup.get_text("")


def content_dates() -> tuple[set[tuple[int, int]], set[tuple[int, int, int]]]:
    """Months the content states without a day, and the days it does state (ISO or written)."""
    months, days = set(), set()
    names = {
        lang: [format_date(date(2000, m, 1), "MMMM", locale=lang) for m in range(1, 13)]
        for lang in ("nl", "en")
    }
    for path in (ROOT / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for y, m, d in DAY.findall(text):
            days.add((int(y), int(m), int(d)))
        for y, m in MONTH.findall(text):
            months.add((int(y), int(m)))
        for month_names in names.values():
            for number, name in enumerate(month_names, 1):
                for d, y in re.findall(rf"\b(\d{{1,2}}) {name} ((?:19|20)\d{{2}})", text, re.I):
                    days.add((int(y), number, int(d)))
    return months, days


@pytest.mark.slow
def test_no_page_shows_a_day_for_a_date_stored_as_a_month(site):
    """October 2020 is 'oktober 2020' everywhere, never '31 oktober 2020' (an invented day)."""
    months, days = content_dates()
    assert (2020, 10) in months and (2020, 3) in months
    patterns = []
    for year, month in months:
        for lang in ("nl", "en"):
            name = format_date(date(year, month, 1), "MMMM", locale=lang)
            patterns.append((year, month, re.compile(rf"\b(\d{{1,2}}) {name} {year}\b", re.I)))
    checked = 0
    for file in site.html_files():
        text = " ".join(visible_text(file.read_text(encoding="utf-8")).split())
        for year, month, pattern in patterns:
            for found in pattern.findall(text):
                assert (year, month, int(found)) in days, (site.address_of(file), found, month)
        checked += 1
    assert checked > 40
    letter = " ".join(visible_text(site.text("/brief/")).split())
    assert "van oktober 2020 tot en met 1 januari 2021" in letter


@pytest.mark.slow
def test_feeds_never_date_a_stance_before_its_source(site):
    """A stance said 'in March 2020' is not dated 1 March (before the debate of the 18th)."""
    for address in ["/corporaties/wijzigingen.atom", "/corporaties/actium/wijzigingen.atom"]:
        feed = feedparser.parse(site.text(address))
        assert feed.entries, address
        for entry in feed.entries:
            published = date(*entry.published_parsed[:3])
            assert published >= date(2020, 3, 18), (address, entry.title, published)


@pytest.mark.slow
def test_news_feeds_date_an_article_when_it_was_written_not_by_its_news(site):
    """An article written on 28 November 2026 about March 2020 is not a feed entry published in
    March 2020 (a feed reader would show a six-year-old publication); its address and order
    still come from the day of the news."""
    articles = {}
    for path in sorted((ROOT / "content" / "articles").rglob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        articles[front["title"]] = front
    assert len([a for a in articles.values() if a.get("written")]) >= 4
    for address in ["/nieuws/feed.atom", "/en/news/feed.atom"]:
        feed = feedparser.parse(site.text(address))
        assert len(feed.entries) == 2, address
        for entry in feed.entries:
            front = articles[entry.title]
            written = date.fromisoformat(str(front["written"]))
            # the day in the site's own zone, as written in the feed (the parsed form is UTC)
            assert date.fromisoformat(entry.published[:10]) == written, (address, entry.title)
            assert date.fromisoformat(entry.updated[:10]) >= written, (address, entry.title)
            assert f"/{front['date'].year}/" in entry.link


@pytest.mark.slow
def test_the_sources_hedge_stays(site):
    """'Almost certainly nobody' is not 'almost no evictions' or 'hardly anybody'."""
    overstated = re.compile(
        r"bijna geen ontruiming|vrijwel niemand|almost no evictions|almost nobody", re.I
    )
    for file in site.html_files():
        text = " ".join(visible_text(file.read_text(encoding="utf-8")).split())
        assert not overstated.search(text), site.address_of(file)
    article = site.page("/nieuws/2020/drentse-corporaties-en-ontruimingen/")
    assert "heel waarschijnlijk niemand" in article.find("h1").get_text()


@pytest.mark.slow
def test_no_words_run_together_after_a_full_stop(site):
    """'nagekeken.Vraag' or '(maart 2020).We': a sentence glued to the next by the template."""
    glued = re.compile(r"[a-zà-ÿ)][.!?:;][A-Z]")
    checked = 0
    for file in site.html_files():
        text = visible_text(file.read_text(encoding="utf-8"))
        for line in text.splitlines():
            for found in glued.finditer(line):
                around = line[max(0, found.start() - 30) : found.end() + 30]
                assert "://" in around or "www." in around, (site.address_of(file), around)
        checked += 1
    assert checked > 40


# -- one staleness rule, on any day -----------------------------------------------------------
def test_one_staleness_rule_from_one_setting_on_any_day():
    """Stale when said (or last checked) longer ago than the limit: a month-old unchecked
    record is not stale; a year and a day is; the same rule a year ahead and behind."""
    register, problems = load_register(ROOT / "content", {}, today=TEST_DAY)
    assert not problems
    actium = next(c for c in register.corporations if c.slug == "actium").records[0]
    assert actium.verified_on is None and str(actium.said_on) == "2020-03"
    said = actium.said_on.last  # a month without a day counts from its last day
    assert not actium.stale(said + timedelta(days=30), 365)  # one month old, never checked
    assert not actium.stale(said + timedelta(days=365), 365)
    assert actium.stale(said + timedelta(days=366), 365)
    for today in (TEST_DAY, TEST_DAY + timedelta(days=365), TEST_DAY - timedelta(days=365)):
        assert actium.stale(today, 365), today
        assert not actium.stale(today, (today - said).days), today
    checked = replace(actium, verified_on=TEST_DAY - timedelta(days=30))
    assert not checked.stale(TEST_DAY, 365)  # checked a month ago: fresh again


def without_later_sources(text: str, today: str) -> str | None:
    """A content file as it was on ``today``: its sources dated after that day not yet there
    (None: all of them are later, so the file was not written yet)."""
    if not text.startswith("---\n") or "\nsources:" not in text:
        return text
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    if not isinstance(data.get("sources"), list):
        return text
    known = [s for s in data["sources"] if str(s.get("date", ""))[:7] <= today[:7]]
    if data["sources"] and not known:
        return None
    data["sources"] = known
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return "---\n" + front + "---\n" + body


@pytest.mark.slow
@pytest.mark.parametrize(
    ("today", "stale"),
    [("2020-04-30", False), (str(TEST_DAY + timedelta(days=365)), True)],
)
def test_the_page_tells_a_stance_in_the_tense_of_its_date(tmp_path, today, stale):
    content = copy_content(tmp_path)
    for article in sorted(content.rglob("*.md")):  # the site as it was on that day
        if not article.exists():
            continue  # a translation of a file not yet written (below)
        text = article.read_text(encoding="utf-8")
        kept = (x for x in text.split("\n") if not x.startswith(("modified:", "written:")))
        then = without_later_sources("\n".join(kept), today)
        if then is None:  # every source later: the file was not there yet, nor its translations
            for other in article.parent.glob(article.stem.split(".")[0] + ".*md"):
                other.unlink()
        else:
            article.write_text(then, encoding="utf-8")
    for help_file in (content / "help").glob("geldfit*.md"):
        if today < "2022":
            help_file.unlink()  # its sources are from 2022
    settings = settings_file(tmp_path, REGISTER_TODAY=today)
    site = build_site(content, tmp_path / "output", str(settings))
    page = site.page("/corporaties/actium/").find("main")
    now = page.find("section", attrs={"aria-labelledby": "nu"})
    heading = now.h2.get_text()
    flag = now.find("p", class_="flag")
    method = " ".join(site.page("/methode/").find("main").get_text(" ").split())
    assert "meer dan 365 dagen geleden gezegd" in method  # from REGISTER_STALE_AFTER_DAYS
    if stale:
        assert heading == "Wat Actium zei in maart 2020"
        assert re.search(r"Let op: dit is (bijna|ruim)? ?\d+ jaar oud\.", flag.get_text())
        assert not now.select(".explain")  # no present-tense explanation under the badge
    else:
        assert heading == "Laatst bekende standpunt van Actium"
        assert flag is None  # one month old and not checked: no warning
        assert "minder dan een maand geleden" in now.get_text() or "1 maand" in now.get_text()
        assert "De corporatie zet niemand uit huis" in now.get_text()
    assert "(2020)" in now.find(class_="level").get_text()


# -- the next step on a phone -----------------------------------------------------------------
@pytest.mark.slow
def test_the_next_step_is_within_two_phone_screens_on_every_register_page(browser, site, base_url):
    """On a 375 x 800 phone, 'Wat kun je nu doen?' with the letter, the phone script and help
    starts within the first 1600 px of every corporation and municipality page."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = context.new_page()
    addresses = [
        site.address_of(p)
        for folder in ("corporaties", "gemeenten", "en/corporations", "en/municipalities")
        for p in sorted((site.output / folder).glob("*/index.html"))
    ]
    assert len(addresses) > 20
    positions = {}
    for address in addresses:
        tab.goto(base_url + address)
        step = tab.locator("section.next-step")
        assert step.count() == 1, address
        top = step.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
        positions[address] = round(top)
        links = step.evaluate("e => [...e.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        assert any("#bellen" in h for h in links), address  # the phone script
        assert any(h.endswith("#gratis-hulp") for h in links), address  # help
        assert any(h.rstrip("/").endswith(("brief", "letter")) for h in links), address
    header = tab.evaluate("document.querySelector('header.site-header').offsetHeight")
    context.close()
    late = {a: top for a, top in positions.items() if top > 1600}
    assert late == {}, late
    assert header <= 160, header  # the header leaves the phone's screen to the content


@pytest.mark.slow
def test_no_claim_about_a_stance_a_corporation_does_not_have_and_answers_keep_their_date(site):
    """Woonservice has no stance: no 'not yet checked' for it. A question answered from a
    2020 stance says so, never a bare 'Ja.' that reads as today's answer."""
    cards = {
        c.select_one(".corp-name").get_text(strip=True): " ".join(c.get_text(" ").split())
        for c in site.page("/corporaties/").select(".corp-list > li")
    }
    assert "nagekeken" not in cards["Woonservice"] and "nagekeken" in cards["Actium"]
    for slug in ("actium", "domesta"):
        page = site.page(f"/corporaties/{slug}/")
        for answer in page.select("#vragen ~ section.faq .prose, section.faq .prose"):
            text = answer.get_text(" ").strip()
            if slug in text.lower() or "2020" in text:
                assert not re.match(r"(Ja|Nee)\b", text), (slug, text)
    domesta = site.page("/corporaties/domesta/").select_one("#vraag-minder-inkomen")
    answer = domesta.find_parent("section").select_one(".prose").get_text(" ")
    assert answer.strip().startswith("In maart 2020 zei Domesta")
