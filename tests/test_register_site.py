"""What a tenant sees in the register, and what the open data and feeds hold."""

import csv
import io
import json
from urllib.parse import urlsplit

import feedparser
import jsonschema

from conftest import build_site, copy_content, settings_file
from huurwijzer import scales
from huurwijzer.exports import safe_cell

CORPORATIONS = ["Actium", "Domesta", "Woonconcept", "Woonservice"]


def facts(card):
    return {div.dt.get_text(strip=True): div.dd for div in card.select("dl.facts > div")}


def test_overview_lists_every_corporation_by_name_with_its_stance(site):
    cards = site.page("/corporaties/").select("#corporaties > li")
    assert [c.find("a").get_text() for c in cards] == CORPORATIONS
    actium = facts(cards[0])
    assert actium["Ontruimen"].get_text(strip=True) == "Niet bij coronaschuld"
    assert actium["Incasso"].get_text(strip=True) == "Soepeler"
    assert actium["Voor wie"].get_text(strip=True) == "Achterstand door corona"
    assert actium["Gecontroleerd"].get_text(strip=True) == "onbekend"
    assert actium["Herkomst"].get_text(strip=True) == "Uit het nieuws"
    # the icon and colour add to the label, never replace it
    badge = actium["Ontruimen"].find(class_="level")
    assert "tone-mid" in badge["class"] and badge.find("svg")["aria-hidden"] == "true"


def test_unknown_is_shown_as_unknown_not_as_normal_policy(site):
    domesta = facts(site.page("/corporaties/").select("#corporaties > li")[1])
    eviction = domesta["Ontruimen"]
    assert eviction.get_text(strip=True) == "Onbekend"
    assert "tone-unknown" in eviction.find(class_="level")["class"]
    assert "Gewoon beleid" not in domesta["Ontruimen"].get_text()


def test_the_overview_works_without_javascript_and_offers_the_municipalities(site):
    page = site.page("/corporaties/")
    assert page.find("form", id="filter").has_attr("hidden")  # shown by the script only
    assert all(not li.has_attr("hidden") for li in page.select("#corporaties > li"))
    places = {a["href"] for a in page.select("nav.by-place a")}
    assert "/gemeenten/emmen/" in places and len(places) == 13
    levels = [o["value"] for o in page.select("#f-ontruimen option") if o["value"]]
    assert levels == scales.EVICTION.values


def test_a_tenant_in_emmen_reaches_domesta_in_two_clicks(site):
    home = site.page("/").find("main")
    emmen = home.find("a", href="/gemeenten/emmen/")
    assert emmen.get_text() == "Emmen"
    municipality = site.page("/gemeenten/emmen/").find("main")
    names = [a.get_text() for a in municipality.select("#corporaties > li .corp-name a")]
    assert names == ["Domesta"]
    assert (
        facts(municipality.select_one("#corporaties > li"))["Incasso"].get_text(strip=True)
        == "Hulp aangeboden"
    )
    assert municipality.find("a", href="/corporaties/domesta/")


def test_municipality_pages(site):
    assen = site.page("/gemeenten/assen/")
    assert [a.get_text() for a in assen.select(".corp-name a")] == ["Actium", "Woonconcept"]
    empty = site.page("/gemeenten/westerveld/").find("main").get_text(" ")
    assert "nog geen corporatie" in empty
    index = site.page("/gemeenten/").find("main")
    assert [h.get_text() for h in index.find_all("h2")] == ["Drenthe", "Overijssel"]
    assert len(index.select("ul.place-list a")) == 13


def test_corporation_page_current_stance_comparison_and_help(site):
    page = site.page("/corporaties/domesta/").find("main")
    current = facts(page.find("section", attrs={"aria-labelledby": "nu"}))
    assert current["Incasso"].find(class_="level").get_text(strip=True) == "Hulp aangeboden"
    assert current["Geldt vanaf"].get_text(strip=True) == "maart 2020"
    assert current["Uitzonderingen"].get_text(strip=True) == "onbekend"
    warning = page.find("p", class_="flag").get_text(" ")
    assert "misschien verouderd" in warning
    comparison = {
        li.strong.get_text(): li.find(class_="verdict").get_text()
        for li in page.select("ul.comparison li")
    }
    assert comparison == {
        "Ontruimen": "Onbekend",
        "Incasso": "Beschermt minder",
        "Voor wie": "Onbekend",
        "Uitzonderingen": "Onbekend",
    }
    contact = facts(page.find("section", attrs={"aria-labelledby": "doen"}))
    assert {k: v.get_text(strip=True) for k, v in contact.items()} == {
        "Telefoon": "onbekend",
        "E-mail": "onbekend",
        "Website": "onbekend",
        "Pagina over betalingsproblemen": "onbekend",
    }
    assert page.find("a", href="/huurachterstand/")


def test_comparison_can_find_more_protection(site):
    page = site.page("/corporaties/woonconcept/").find("main")
    comparison = {
        li.strong.get_text(): li.find(class_="verdict").get_text()
        for li in page.select("ul.comparison li")
    }
    assert comparison["Ontruimen"] == "Beschermt meer"


def test_history_sources_and_linkable_faq(site):
    page = site.page("/corporaties/actium/").find("main")
    records = page.select("section.record")
    assert [r["id"] for r in records] == ["standpunt-2020-03"]
    assert "RTV Drenthe (nog te bevestigen)" in records[0].get_text()
    question = page.find(id="vraag-corona-en-ontruimen")
    assert question.name == "h3" and question.a["href"] == "#vraag-corona-en-ontruimen"
    assert question.get_text().startswith("Zet Actium mij uit huis")


def test_expired_and_fresh_stances(tmp_path):
    content = copy_content(tmp_path)
    stance = content / "corporations" / "actium" / "stances" / "2020-03.md"
    stance.write_text(
        stance.read_text().replace("effective_until: null", "effective_until: 2020-06-01")
    )
    fresh = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    checked = 'verified_on: 2020-12-01\nverified_how: "Website nagekeken"'
    fresh.write_text(fresh.read_text().replace("verified_on: null", checked))
    settings = settings_file(tmp_path, REGISTER_TODAY="2021-01-15", REGISTER_STALE_AFTER_DAYS=90)
    site = build_site(content, tmp_path / "output", str(settings))
    actium = site.page("/corporaties/actium/").find("main")
    assert "Verlopen." in actium.find("p", class_="flag-expired").get_text()
    assert "Verlopen" in site.page("/corporaties/").select("#corporaties > li")[0].get_text()
    domesta = site.page("/corporaties/domesta/").find("main")
    assert not domesta.find("p", class_="flag")  # checked 45 days before the build
    assert facts(domesta)["Gecontroleerd op"].get_text(strip=True) == "1 december 2020"


def test_json_export_follows_the_published_schema_and_keeps_unknown_null(site):
    schema = json.loads(site.text("/corporaties/schema.json"))
    data = json.loads(site.text("/corporaties/standpunten.json"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        data
    )
    by_slug = {c["slug"]: c for c in data["corporations"]}
    assert list(by_slug) == ["actium", "domesta", "woonconcept", "woonservice"]
    assert by_slug["domesta"]["current"]["eviction"] is None
    assert by_slug["domesta"]["current"]["collection"] == "help_offered"
    assert by_slug["woonservice"]["current"]["exceptions"] is None
    assert [r["effective_from"] for r in data["national_agreement"]] == ["2020-10", "2020-03-26"]
    assert "unknown" not in json.dumps(data["corporations"])


def test_a_record_that_breaks_the_schema_fails_validation(site):
    schema = json.loads(site.text("/corporaties/schema.json"))
    data = json.loads(site.text("/corporaties/standpunten.json"))
    data["corporations"][0]["current"]["eviction"] = "unknown"
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid(data)


def test_csv_export(site):
    rows = list(csv.DictReader(io.StringIO(site.text("/corporaties/standpunten.csv"))))
    assert [r["corporation"] for r in rows] == ["actium", "domesta", "woonconcept", "woonservice"]
    domesta = rows[1]
    assert domesta["eviction"] == "" and domesta["collection"] == "help_offered"
    assert domesta["current"] == "yes" and domesta["effective_from"] == "2020-03"


def test_csv_cells_cannot_become_formulas():
    for text in ("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert safe_cell(text).startswith("'")
    assert safe_cell("Actium") == "Actium" and safe_cell(None) == ""


def test_feeds_of_stance_changes(site):
    everything = feedparser.parse(site.text("/corporaties/wijzigingen.atom"))
    assert not everything.bozo and everything.version == "atom10"
    assert len(everything.entries) == 4
    for entry in everything.entries:
        path, anchor = urlsplit(entry.link).path, urlsplit(entry.link).fragment
        assert site.page(path).find(id=anchor), entry.link
    one = feedparser.parse(site.text("/corporaties/domesta/wijzigingen.atom"))
    assert [e.title for e in one.entries] == ["Domesta: standpunt vanaf 2020-03"]
    assert "Incasso: Hulp aangeboden" in one.entries[0].summary


def test_every_level_has_a_label_an_explanation_and_a_place_on_the_method_page(site):
    method = site.page("/methode/").find("main")
    for vocabulary in scales.VOCABULARIES:
        section = method.find("section", id=vocabulary.field)
        assert section, vocabulary.field
        assert len({o.value for o in vocabulary.options}) == len(vocabulary.options)
        for option in vocabulary.options:
            assert option.label.strip() and option.explanation.strip().endswith("."), option
            entry = section.find(id=f"{vocabulary.field}-{option.value}")
            assert entry.dt.get_text() == option.label
            assert entry.dd.get_text() == option.explanation
    for scale in scales.SCALES:
        ranks = [o.rank for o in scale.ranked]
        assert ranks == list(range(len(ranks)))  # ordered, no gaps
        assert scale.get("unknown").rank is None  # unknown is not a level


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
        "Vanaf 1 juni 2026 (huidig)",
        "Vanaf maart 2020",
    ]
    comparison = page.find("section", attrs={"aria-labelledby": "vergelijking"}).p.get_text(" ")
    assert "liep tot 1 januari 2021" in " ".join(comparison.split())
