"""What a tenant sees in the register, and what the open data and feeds hold."""

import csv
import io
import json
import re
import subprocess
import sys
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import build_site, copy_content, settings_file
from huurwijzer.site.exports import safe_cell
from huurwijzer.stances import scales

CORPORATIONS = ["Actium", "Domesta", "Woonconcept", "Woonservice"]


def facts(card):
    return {div.dt.get_text(strip=True): div.dd for div in card.select("dl.facts > div")}


def words(element) -> str:
    """The text a reader sees, with the spaces a browser would show."""
    return " ".join(element.get_text(" ").split())


def cards(page):
    return page.select(".corp-list > li")


@pytest.mark.slow
def test_overview_lists_every_corporation_with_its_stance_and_when_it_was_said(site):
    page = site.page("/corporaties/")
    assert [c.find("a").get_text() for c in cards(page)] == CORPORATIONS
    actium = cards(page)[0]
    assert "Gezegd in maart 2020" in words(actium)
    assert "bijna 7 jaar geleden" in words(actium)
    levels = facts(actium)
    # the year beside every badge: a 2020 stance never reads as today's
    assert levels["Ontruimen"].get_text(strip=True) == "Niet bij achterstand door corona(2020)"
    # "milder than usual" is shown as what it is, not as a level of a collection ladder
    assert levels["Incasso"].get_text(" ", strip=True) == "Soepeler met innen van huur: Ja (2020)"
    assert "Uit het nieuws" in actium.get_text() and "Nog niet nagekeken" in actium.get_text()
    badge = levels["Ontruimen"].find(class_="level")
    assert "tone-mid" in badge["class"] and badge.find("svg")["aria-hidden"] == "true"


@pytest.mark.slow
def test_no_card_shows_a_level_without_the_month_it_was_said(site):
    for address in ["/corporaties/", "/gemeenten/coevorden/", "/gemeenten/assen/"]:
        for card in cards(site.page(address)):
            said = card.find(class_="said")
            assert said and said.find("time")["datetime"] == "2020-03", (address, card)


@pytest.mark.slow
def test_unknown_is_shown_as_unknown_not_as_normal_policy(site):
    domesta = facts(cards(site.page("/corporaties/"))[1])
    eviction = domesta["Ontruimen"]
    assert eviction.get_text(strip=True) == "Onbekend"
    assert "tone-unknown" in eviction.find(class_="level")["class"]
    assert "Gewoon beleid" not in eviction.get_text()
    woonconcept = facts(cards(site.page("/corporaties/"))[2])
    assert woonconcept["Incasso"].get_text(strip=True) == "Niets bekend over incasso"


@pytest.mark.slow
def test_a_record_that_states_nothing_is_no_stance_and_is_listed_apart(site):
    page = site.page("/corporaties/")
    known = [a.get_text() for a in page.select("#corporaties > li .corp-name a")]
    none = [a.get_text() for a in page.select("#zonder-standpunt > li .corp-name a")]
    assert known == ["Actium", "Domesta", "Woonconcept"] and none == ["Woonservice"]
    card = page.select_one("#zonder-standpunt > li")
    assert "Geen standpunt bekend" in card.get_text() and not card.find("dl")
    woonservice = site.page("/corporaties/woonservice/").find("main")
    now = woonservice.find("section", attrs={"aria-labelledby": "nu"})
    assert "Geen standpunt bekend" in now.get_text()
    assert not now.find("dl", class_="facts")  # no "stance" with every field unknown
    assert "minder vaak" in now.get_text()  # what the source did say
    assert not woonservice.find("section", attrs={"aria-labelledby": "vergelijking"})


@pytest.mark.slow
def test_the_overview_works_without_javascript_and_offers_the_municipalities(site):
    page = site.page("/corporaties/")
    assert page.find("form", id="filter").has_attr("hidden")  # shown by the script only
    assert all(not li.has_attr("hidden") for li in cards(page))
    places = {a["href"] for a in page.select("nav.by-place a")}
    assert "/gemeenten/emmen/" in places and len(places) == 13
    levels = [o["value"] for o in page.select("#f-ontruimen option") if o["value"]]
    assert levels == scales.EVICTION.values
    measures = [o["value"] for o in page.select("#f-incasso option") if o["value"]]
    assert measures == [m.field for m in scales.MEASURES]


@pytest.mark.slow
def test_a_tenant_in_emmen_reaches_domesta_in_two_clicks(site):
    home = site.page("/").find("main")
    emmen = home.find("a", href="/gemeenten/emmen/")
    assert emmen.get_text() == "Emmen"
    municipality = site.page("/gemeenten/emmen/").find("main")
    names = [a.get_text() for a in municipality.select(".corp-list > li .corp-name a")]
    assert names == ["Domesta"]
    assert facts(cards(municipality)[0])["Incasso"].get_text(" ", strip=True) == (
        "Samen een oplossing zoeken: Ja (2020)"
    )
    assert municipality.find("a", href="/corporaties/domesta/")


@pytest.mark.slow
def test_every_municipality_page_offers_a_next_step(site):
    assen = site.page("/gemeenten/assen/")
    assert [a.get_text() for a in assen.select(".corp-name a")] == ["Actium", "Woonconcept"]
    for slug in ["westerveld", "assen", "emmen"]:
        main = site.page(f"/gemeenten/{slug}/").find("main")
        steps = main.find("section", attrs={"aria-labelledby": "wat-nu"})
        assert steps and len(steps.select("ol li")) == 3, slug
        assert steps.find("a", href="/huurachterstand/"), slug
    empty = site.page("/gemeenten/westerveld/").find("main")
    assert "weten nog niet welke corporaties" in empty.get_text(" ")
    index = site.page("/gemeenten/").find("main")
    assert [h.get_text() for h in index.find_all("h2")] == ["Drenthe", "Overijssel"]
    assert len(index.select("ul.place-list a")) == 13


def comparison_rows(page):
    return {
        li.strong.get_text(): li.find(class_="verdict").get_text()
        for li in page.select("ul.comparison li")
    }


@pytest.mark.slow
def test_no_verdict_from_silence(site):
    """Milder than usual is not 'no collection costs'; 'no evictions' with unknown exceptions
    is not more protection; and a side that says nothing gets no verdict."""
    actium = site.page("/corporaties/actium/").find("main")
    assert comparison_rows(actium) == {
        # the same words on both sides, but Actium's exceptions are unknown: no verdict
        "Ontruimen": "Zegt hetzelfde, maar uitzonderingen onbekend",
        "Uitzonderingen": "Weten we niet",
        "Voor wie": "Hetzelfde",
        "Soepeler met innen van huur": "Weten we niet",
        "Geen incassokosten": "Weten we niet",
    }
    for slug in ("actium", "domesta", "woonconcept"):
        text = site.page(f"/corporaties/{slug}/").find("main").get_text()
        assert "Minder goed voor jou" not in text and "Beter voor jou" not in text, slug


@pytest.mark.slow
def test_corporation_page_dates_sources_basis_and_help(site):
    page = site.page("/corporaties/domesta/").find("main")
    now = page.find("section", attrs={"aria-labelledby": "nu"})
    # older than the staleness limit: told in the past tense
    assert now.h2.get_text() == "Wat Domesta zei in maart 2020"
    assert "Gezegd in maart 2020" in words(now)
    current = facts(page.find("section", attrs={"aria-labelledby": "meer"})) | facts(now)
    measure = current["Incasso"]
    assert "Samen een oplossing zoeken" in measure.get_text()
    assert "Wat de bron zegt" in measure.find(class_="basis").get_text()
    assert current["Geldt vanaf"].get_text(strip=True) == "maart 2020"
    assert current["Geldt tot"].get_text(strip=True).startswith("Niet bekend")
    assert current["Uitzonderingen"].get_text(strip=True) == "Niet genoemd"
    assert current["Nagekeken"].get_text(strip=True) == "Nog niet nagekeken door de redactie"
    assert "Let op: dit is bijna 7 jaar oud." in page.find("p", class_="flag").get_text(" ")
    # eviction unknown: what the national agreement said then, without saying Domesta is bound
    national = words(page.find("section", attrs={"aria-labelledby": "landelijk"}))
    assert "26 maart 2020" in national and "1 juni 2020" in national
    assert "zegt niet of Domesta zich aan deze afspraak hield" in national
    # no contact detail known: no rows of "onbekend", one line on how to find it
    steps = page.find("section", attrs={"aria-labelledby": "doen"})
    assert not facts(steps) and "onbekend" not in steps.get_text()
    assert "Kijk op een brief of rekening van Domesta" in words(steps)
    assert page.find("a", href="/huurachterstand/")
    assert "Domesta nu" not in words(page)  # never "what does Domesta say now?"


@pytest.mark.slow
def test_history_sources_and_linkable_faq(site):
    page = site.page("/corporaties/actium/").find("main")
    records = page.select("section.record")
    assert [r["id"] for r in records] == ["standpunt-2020-03"]
    assert "RTV Drenthe (nog te bevestigen)" in records[0].get_text()
    question = page.find(id="vraag-corona-en-ontruimen")
    assert question.name == "h3" and question.a["href"] == "#vraag-corona-en-ontruimen"
    assert question.get_text().startswith("Zet Actium mij uit huis")


@pytest.mark.slow
def test_checked_means_checked_expired_and_fresh_stances(tmp_path):
    content = copy_content(tmp_path)
    stance = content / "corporations" / "actium" / "stances" / "2020-03.md"
    stance.write_text(
        stance.read_text()
        .replace("effective_until: unknown", "effective_until: 2020-06-01")
        .replace("basis:\n", 'basis:\n  effective_until: "Tot 1 juni, zei Actium."\n')
    )
    fresh = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    fresh.write_text(
        fresh.read_text().replace(
            "verified_on: null",
            'verified_on: 2020-12-01\nverified_how: "Gebeld met de klantenservice"',
        )
    )
    for article in (content / "articles").rglob("*.md"):  # the site as it was in January 2021:
        text = article.read_text()  # no change made after that day (the clock refuses one)
        kept = (x for x in text.split("\n") if not x.startswith(("modified:", "written:")))
        article.write_text("\n".join(kept))
    settings = settings_file(tmp_path, REGISTER_TODAY="2021-01-15", REGISTER_STALE_AFTER_DAYS=90)
    site = build_site(content, tmp_path / "output", str(settings))
    actium = site.page("/corporaties/actium/").find("main")
    assert "Verlopen." in actium.find("p", class_="flag-expired").get_text()
    assert "Verlopen" in cards(site.page("/corporaties/"))[0].get_text()
    domesta = site.page("/corporaties/domesta/").find("main")
    assert not domesta.find("p", class_="flag")  # checked 45 days before the build
    checked = facts(domesta)["Nagekeken"].get_text(" ", strip=True)
    assert checked == "Nagekeken door de redactie op 1 december 2020 : Gebeld met de klantenservice"
    assert "4 van de 4" not in site.page("/methode/").get_text()
    assert "1 van de 4 standpunten nagekeken" in words(site.page("/methode/"))
    footer = words(site.page("/").find("footer")).lower()
    assert "deze versie van de site is gemaakt op 15 januari 2021" in footer


@pytest.mark.slow
def test_the_site_claims_no_check_that_no_record_carries(site):
    """Every record says 'nog niet nagekeken'; no page may say the editors checked it."""
    claims = re.compile(r"nagekeken door de redactie op|controleert alle|gecontroleerd op", re.I)
    for file in site.html_files():
        text = " ".join(BeautifulSoup(file.read_text(), "html.parser").get_text(" ").split())
        assert not claims.search(text), site.address_of(file)
    assert "0 van de 4 standpunten nagekeken" in words(site.page("/methode/"))


@pytest.mark.slow
def test_json_export_follows_the_published_schema_and_keeps_unknown_null(site):
    schema = json.loads(site.text("/corporaties/schema.json"))
    data = json.loads(site.text("/corporaties/standpunten.json"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        data
    )
    assert data["schema_version"] == scales.SCHEMA_VERSION
    assert schema["$id"].endswith(f"/corporaties/schema.json?version={scales.SCHEMA_VERSION}")
    assert data["schema"] == schema["$id"]
    by_slug = {c["slug"]: c for c in data["corporations"]}
    assert list(by_slug) == ["actium", "domesta", "woonconcept", "woonservice"]
    domesta = by_slug["domesta"]["current"]
    assert domesta["eviction"] is None and domesta["help_offered"] == "yes"
    assert domesta["no_collection_costs"] is None and domesta["effective_until"] is None
    assert set(domesta["basis"]) == {"help_offered"}
    assert by_slug["woonservice"]["current"] is None  # no stance known
    assert by_slug["woonservice"]["history"][0]["no_stance_known"] is True
    national = data["national_agreement"]
    assert [r["effective_from"] for r in national] == ["2020-10", "2020-03-26"]
    assert [r["at_least_until"] for r in national] == ["2021-01-01", "2020-06-01"]
    assert [r["effective_until"] for r in national] == [None, None]  # no invented end
    assert "unknown" not in json.dumps(data["corporations"])


@pytest.mark.slow
def test_a_record_that_breaks_the_schema_fails_validation(site):
    schema = json.loads(site.text("/corporaties/schema.json"))
    data = json.loads(site.text("/corporaties/standpunten.json"))
    data["corporations"][0]["current"]["eviction"] = "unknown"
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid(data)


@pytest.mark.slow
def test_csv_export_tells_none_from_not_stated(site):
    rows = list(csv.DictReader(io.StringIO(site.text("/corporaties/standpunten.csv"))))
    assert [r["corporation"] for r in rows] == ["actium", "domesta", "woonconcept", "woonservice"]
    domesta = rows[1]
    assert domesta["eviction"] == "" and domesta["help_offered"] == "yes"
    assert domesta["latest_known"] == "yes" and domesta["effective_from"] == "2020-03"
    # the source keeps its caveat, not only its title
    assert "RTV Drenthe (nog te bevestigen)" in domesta["sources"]
    assert domesta["exceptions"] == ""  # not stated


@pytest.mark.slow
def test_csv_writes_an_empty_exception_list_as_none(tmp_path):
    content = copy_content(tmp_path)
    stance = content / "corporations" / "woonconcept" / "stances" / "2020-03.md"
    stance.write_text(
        stance.read_text()
        .replace("exceptions: null", "exceptions: []")
        .replace("basis:\n", 'basis:\n  exceptions: "Geen uitzonderingen, zei Woonconcept."\n')
    )
    site = build_site(content, tmp_path / "output")
    rows = list(csv.DictReader(io.StringIO(site.text("/corporaties/standpunten.csv"))))
    assert rows[2]["corporation"] == "woonconcept" and rows[2]["exceptions"] == "none"
    page = site.page("/corporaties/woonconcept/").find("main")
    assert facts(page)["Uitzonderingen"].get_text(" ", strip=True).startswith("Geen uitzonderingen")
    # with exceptions stated, "no evictions at all" is more protection than the agreement
    assert comparison_rows(page)["Ontruimen"] == "Beter voor jou"


@pytest.mark.slow
def test_the_data_package_describes_the_csv_and_frictionless_accepts_it(site):
    package = json.loads(site.text("/corporaties/datapackage.json"))
    fields = package["resources"][0]["schema"]["fields"]
    header = next(csv.reader(io.StringIO(site.text("/corporaties/standpunten.csv"))))
    assert [f["name"] for f in fields] == header
    eviction = next(f for f in fields if f["name"] == "eviction")
    assert eviction["constraints"]["enum"] == scales.EVICTION.known_values
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "frictionless",
            "validate",
            "--json",
            str(site.path("/corporaties/datapackage.json")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], result.stdout[:2000]


def test_csv_cells_cannot_become_formulas():
    for text in ("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert safe_cell(text).startswith("'")
    assert safe_cell("Actium") == "Actium" and safe_cell(None) == ""


@pytest.mark.slow
def test_feeds_of_stance_changes(site):
    everything = feedparser.parse(site.text("/corporaties/wijzigingen.atom"))
    assert not everything.bozo and everything.version == "atom10"
    assert len(everything.entries) == 4
    for entry in everything.entries:
        path, anchor = urlsplit(entry.link).path, urlsplit(entry.link).fragment
        assert site.page(path).find(id=anchor), entry.link
    one = feedparser.parse(site.text("/corporaties/domesta/wijzigingen.atom"))
    assert [e.title for e in one.entries] == ["Domesta: standpunt vanaf maart 2020"]
    assert "Samen een oplossing zoeken: Ja." in one.entries[0].summary
    assert "Ontruimen" not in one.entries[0].summary  # not stated, not listed


@pytest.mark.slow
def test_every_value_has_a_place_on_the_method_page(site):
    method = site.page("/methode/").find("main")
    for vocabulary in scales.VOCABULARIES:
        section = method.find("section", id=vocabulary.field)
        assert section, vocabulary.field
        for option in vocabulary.options:
            entry = section.find(id=f"{vocabulary.field}-{option.value}")
            assert entry.dt.get_text() == option.label
            assert entry.dd.get_text() == option.explanation
    for option in scales.VERDICT.options:
        assert method.find(id=f"uitkomst-{option.value}").dt.get_text() == option.label


@pytest.mark.slow
def test_general_questions_show_on_the_overview_and_every_corporation(site):
    for address in ["/corporaties/", "/corporaties/woonservice/"]:
        page = site.page(address)
        questions = [h.get_text() for h in page.select("section.faq h3[id^=vraag-algemeen-]")]
        assert questions == [
            "Ik kan de huur niet betalen. Wat nu?",
            "Wat is een betalingsregeling?",
            "Wat belooft de landelijke afspraak van maart 2020?",
        ], address
    ids = [h["id"] for h in site.page("/corporaties/actium/").select("section.faq h3")]
    assert len(ids) == len(set(ids)) == 4


@pytest.mark.slow
def test_a_future_record_is_not_called_current_and_comparison_names_an_ended_agreement(
    tmp_path,
):
    content = copy_content(tmp_path)
    stances = content / "corporations" / "actium" / "stances"
    text = (stances / "2020-03.md").read_text()
    (stances / "2026-06-01.md").write_text(
        text.replace("effective_from: 2020-03", "effective_from: 2026-06-01")
    )
    (stances / "2027-01-01.md").write_text(
        text.replace("effective_from: 2020-03", "effective_from: 2027-01-01")
    )
    settings = settings_file(tmp_path, REGISTER_TODAY="2026-11-28")
    page = build_site(content, tmp_path / "output", str(settings)).page("/corporaties/actium/")
    headings = [h.get_text(" ", strip=True) for h in page.select("section.record h3")]
    assert headings == [
        "Vanaf 1 januari 2027 (nog niet van kracht)",
        "Vanaf 1 juni 2026 (laatst bekende)",
        "Vanaf maart 2020",
    ]
    comparison = page.find("section", attrs={"aria-labelledby": "vergelijking"}).p.get_text(" ")
    # after its last "at least until" date, the agreement is not called in force or ended
    comparison = " ".join(comparison.split())
    assert "weten we niet" in comparison and "1 januari 2021" in comparison
