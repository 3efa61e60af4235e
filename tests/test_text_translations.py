"""Translations of editors' text (`<name>.<lang>.md`): read, refused, shown, exported.

An English reader sees a record's body and each question in English where an editor wrote
one, and the Dutch text marked lang="nl" where not; an editor who puts a stance field, an
unknown language or no original in a translation file gets `path:line: field: problem`.
"""

from __future__ import annotations

import json

import pytest
from test_refusals import SETTINGS, check, expect, write

from conftest import ROOT, build_site, copy_content
from huurwijzer.stances.loading import load_register

STANCE_EN = "---\nlang: en\n---\nIn English: the corporation said something.\n"
FAQ_EN = '---\nlang: en\nquestion: "Where is the question?"\n---\nHere is the answer.\n'


def test_the_real_translations_are_read_and_attached_to_their_originals():
    register, problems = load_register(ROOT / "content", SETTINGS)
    assert problems == []
    records = [r for c in register.corporations for r in c.records] + register.national
    assert records and all("en" in r.translations for r in records)
    questions = register.faq + [q for c in register.corporations for q in c.faq]
    assert len(questions) == 5 and all(q.translations["en"].question for q in questions)
    actium = next(c for c in register.corporations if c.slug == "actium")
    assert actium.records[0].translations["en"].body_text.startswith("In March 2020 Actium said")
    # the stance data is the one Dutch record's: the translation holds none of it
    assert actium.records[0].path.endswith("stances/2020-03.md")


def test_a_translation_without_its_original_is_refused(content):
    path = write(content, "corporations/domesta/stances/2019-01.en.md", STANCE_EN)
    expect(check(content), path, 2, "lang", "2019-01.md, which is not in")
    path = write(content, "faq/bestaat-niet.en.md", FAQ_EN)
    expect(check(content), path, 2, "lang", "bestaat-niet.md, which is not in")


def test_a_language_that_is_not_the_sites_is_refused(content):
    path = write(content, "faq/betalingsregeling.fr.md", FAQ_EN.replace("lang: en", "lang: fr"))
    expect(check(content), path, 2, "lang", "'fr' is not one of the site's languages (en, nl;")


def test_a_translation_into_dutch_itself_is_refused(content):
    text = STANCE_EN.replace("lang: en", "lang: nl")
    path = write(content, "corporations/actium/stances/2020-03.nl.md", text)
    expect(check(content), path, 2, "lang", "is the language of the original 2020-03.md")


def test_a_lang_that_differs_from_the_file_name_is_refused(content):
    path = write(content, "faq/betalingsregeling.en.md", FAQ_EN.replace("lang: en", "lang: de"))
    expect(check(content), path, 2, "lang", "does not match the file name, which says 'en'")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("eviction", "none"),
        ("effective_from", "2020-03"),
        ("provenance", "press"),
        ("verified_on", "2020-04-01"),
    ],
)
def test_a_stance_field_in_a_translation_is_refused(content, field, value):
    text = STANCE_EN.replace("lang: en\n", f"lang: en\n{field}: {value}\n")
    path = write(content, "corporations/actium/stances/2020-03.en.md", text)
    expect(check(content), path, 3, field, "stays in the original file")


def test_a_questions_order_or_slug_stays_in_the_original(content):
    text = FAQ_EN.replace("lang: en\n", "lang: en\norder: 4\n")
    path = write(content, "faq/betalingsregeling.en.md", text)
    expect(check(content), path, 3, "order", "stays in the original file")


def test_a_translated_question_needs_its_question_and_its_answer(content):
    path = write(content, "faq/betalingsregeling.en.md", "---\nlang: en\n---\nAnswer.\n")
    expect(check(content), path, 1, "question", "required but missing")
    path = write(content, "corporations/actium/stances/2020-03.en.md", "---\nlang: en\n---\n")
    expect(check(content), path, 1, "", "the translated text (below the front matter) is empty")


def test_translations_only_where_there_is_text_to_translate(content):
    path = write(content, "corporations/actium/about.en.md", STANCE_EN)
    expect(check(content), path, 1, "", "holds only profile.md, stances/ and faq/")
    path = write(content, "municipalities.en.md", STANCE_EN)
    expect(check(content), path, 1, "", "is not read by the build")


def test_a_profile_translation_gives_the_description_and_area_note_only(content):
    text = '---\nlang: en\narea_note: "West."\nwebsite: "https://x.example"\n---\nA corporation.\n'
    path = write(content, "corporations/actium/profile.en.md", text)
    expect(check(content), path, 4, "website", "stays in the original file")
    path = write(content, "corporations/actium/profile.en.md", "---\nlang: en\n---\n")
    expect(check(content), path, 1, "", "the translated text (below the front matter) is empty")
    profile = content / "corporations/actium/profile.md"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("area_note:", "# area_note:"), "utf-8"
    )
    path = write(
        content,
        "corporations/actium/profile.en.md",
        '---\nlang: en\narea_note: "West."\n---\nA corporation.\n',
    )
    expect(check(content), path, 3, "area_note", "the original profile.md has no area_note")


def test_a_translated_basis_line_or_source_needs_its_counterpart_in_the_original(content):
    """The words of a basis or source in English; what they belong to stays in the Dutch."""
    record = "corporations/woonconcept/stances/2020-03.en.md"  # basis: eviction; one source
    text = '---\nlang: en\nbasis:\n  scope: "The report says."\n---\nText.\n'
    path = write(content, record, text)
    expect(check(content), path, 4, "basis.scope", "the original 2020-03.md has no scope")
    text = '---\nlang: en\nbasis:\n  eviction: "Said."\n  effective_from: "x"\n---\nText.\n'
    path = write(content, record, text)
    expect(check(content), path, 5, "basis.effective_from", "is not a field that needs a basis")
    two = '---\nlang: en\nsources:\n  - title: "A"\n  - title: "B"\n---\nText.\n'
    path = write(content, record, two)
    expect(check(content), path, 3, "sources", "2 source(s) translated, but the original has 1")
    dated = '---\nlang: en\nsources:\n  - title: "A"\n    date: 2020-03\n---\nText.\n'
    path = write(content, record, dated)
    expect(check(content), path, 5, "sources.0.date", "stays in the original file")
    national = "national-agreement/2020-03-26.en.md"
    text = '---\nlang: en\nsources:\n  - note: "A note."\n---\nText.\n'
    write(content, national, text)
    assert not [line for line in check(content) if national in line]  # its source has a note


def test_a_help_organisations_contact_details_stay_in_the_original(content):
    text = '---\nlang: en\nname: "Debt help"\nphone: "0800 123"\n---\nFree help.\n'
    path = write(content, "help/schuldhulpverlening.en.md", text)
    expect(check(content), path, 4, "phone", "stays in the original file")
    path = write(content, "help/het-juridisch-loket.en.md", "---\nlang: en\n---\nFree.\n")
    expect(check(content), path, 1, "name", "required but missing")


def test_a_bad_register_address_in_languages_is_one_check_line_naming_the_setting(tmp_path):
    from huurwijzer.commands import check as check_command

    settings = tmp_path / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(ROOT / 'content')!r}\n"
        'LANGUAGES = {**LANGUAGES, "en": {**LANGUAGES["en"],'
        ' "CORPORATION_URL": "en/corporations/", "CORPORATION_FEED_URL": "en/{slug}/"}}\n',
        encoding="utf-8",
    )
    lines = []
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = check_command.main([str(settings)])
    lines = out.getvalue().splitlines()
    assert status == 2
    assert lines == [
        "setting LANGUAGES['en']['CORPORATION_URL'] = 'en/corporations/': expected an address "
        "with {slug}, ending in '/', e.g. 'corporaties/{slug}/'",
        "setting LANGUAGES['en']['CORPORATION_FEED_URL'] = 'en/{slug}/': expected a file path "
        "with {slug}, e.g. 'corporaties/{slug}/index.html'",
    ]


def test_a_third_language_needs_content_and_a_catalog_entry_not_code(content):
    """A LANGUAGES entry is all the loader needs to accept a Turkish text."""
    write(content, "faq/betalingsregeling.tr.md", FAQ_EN.replace("lang: en", "lang: tr"))
    languages = {**SETTINGS["LANGUAGES"], "tr": {"name": "Türkçe"}}
    register, problems = load_register(content, {**SETTINGS, "LANGUAGES": languages})
    assert problems == []
    question = next(q for q in register.faq if q.slug == "betalingsregeling")
    assert set(question.translations) == {"en", "tr"}


# -- the built site -------------------------------------------------------------------------


@pytest.mark.slow
def test_english_pages_show_english_bodies_and_questions_dutch_pages_stay_dutch(site):
    page = site.page("/en/corporations/actium/")
    summary = page.select_one(".summary")
    assert summary.get_text().strip().startswith("In March 2020 Actium said")
    assert summary.get("lang") is None  # the page's own language
    questions = {h["id"]: h.get_text() for h in page.select("section.faq h3")}
    assert questions["vraag-corona-en-ontruimen"].startswith("Will Actium evict me")
    assert questions["vraag-algemeen-betalingsregeling"] == "What is a payment plan?"
    assert all(s.get("lang") is None for s in page.select("section.faq"))
    dutch = site.page("/corporaties/actium/")
    assert dutch.select_one(".summary").get_text().strip().startswith("Actium zei in maart 2020")
    assert {h["id"] for h in dutch.select("section.faq h3")} == set(questions)  # same anchors


@pytest.mark.slow
def test_an_english_link_in_a_translated_answer_leads_to_the_english_page(site):
    page = site.page("/en/corporations/")
    links = [a["href"] for a in page.select("section.faq a[href]")]
    assert "/en/rent-arrears/" in links
    assert "/en/news/2020/national-agreement-no-evictions/" in links


@pytest.mark.slow
def test_without_a_translation_the_english_page_shows_the_dutch_text_marked_dutch(tmp_path):
    content = copy_content(tmp_path)
    (content / "corporations/domesta/stances/2020-03.en.md").unlink()
    (content / "corporations/domesta/faq/minder-inkomen.en.md").unlink()
    site = build_site(content, tmp_path / "output")
    page = site.page("/en/corporations/domesta/")
    summary = page.select_one(".summary")
    assert summary["lang"] == "nl" and "Domesta wees in maart 2020" in summary.get_text()
    faq = page.select_one("#vraag-minder-inkomen").find_parent("section")
    assert faq["lang"] == "nl" and "Kan ik bij Domesta aankloppen" in faq.get_text()
    general = page.select_one("#vraag-algemeen-betalingsregeling").find_parent("section")
    assert general.get("lang") is None and "payment plan" in general.get_text()


@pytest.mark.slow
def test_the_export_stays_one_language_neutral_record_with_the_original_text(site):
    data = json.loads(site.text("/corporaties/standpunten.json"))
    actium = next(c for c in data["corporations"] if c["slug"] == "actium")
    (record,) = actium["history"]
    assert record["id"] == "actium/2020-03"  # one record, not one per language
    assert record["eviction"] == "no_corona_arrears"  # a code, not a label
    assert record["summary"].startswith("Actium zei in maart 2020")


@pytest.mark.slow
def test_english_pages_show_the_help_route_in_english_with_english_links(site):
    for address, letter in [
        ("/en/rent-arrears/", "/en/letter/"),
        ("/en/corporations/domesta/", "/en/corporations/domesta/letter/"),
        ("/en/municipalities/emmen/", "/en/letter/"),
    ]:
        route = site.page(address).select_one("section.help-route")
        names = [h.get_text() for h in route.select("h3")]
        assert names == [
            "Het Juridisch Loket",
            "Debt help from your municipality (schuldhulpverlening)",
            "Geldfit: free helpline for money worries",
        ]
        assert not route.select("h3[lang], .prose[lang], .how-to-find[lang]"), address
        assert "Every municipality must help its residents" in route.get_text()
        assert letter in [a["href"] for a in route.select("p a")], address
    dutch = site.page("/huurachterstand/").select_one("section.help-route")
    assert "Schuldhulpverlening van je gemeente" in [h.get_text() for h in dutch.select("h3")]


@pytest.mark.slow
def test_provinces_are_vocabulary_and_english_pages_name_them_in_english(tmp_path):
    content = copy_content(tmp_path)
    places = content / "municipalities.md"
    text = places.read_text(encoding="utf-8").replace(
        "  - {slug: steenwijkerland",
        "  - {slug: haarlem, name: Haarlem, province: Noord-Holland}\n  - {slug: steenwijkerland",
    )
    places.write_text(text, encoding="utf-8")
    site = build_site(content, tmp_path / "output")
    headings = [h.get_text() for h in site.page("/en/municipalities/").select("main h2")]
    assert "North Holland" in headings and "Drenthe" in headings
    assert "Noord-Holland" in [h.get_text() for h in site.page("/gemeenten/").select("main h2")]
    assert "Noord-Holland" not in site.text("/en/municipalities/")


@pytest.mark.slow
def test_english_search_filters_name_their_kinds_in_english(site):
    kinds = {"en": set(), "nl": set()}
    for file in site.html_files():
        address = site.address_of(file)
        lang = "en" if address.startswith("/en/") else "nl"
        for tag in site.page(address).select("[data-search-filter^='type:']"):
            kinds[lang].add(tag["data-search-filter"].split(":", 1)[1])
    assert kinds["en"] >= {"corporation", "question", "help", "news"}
    assert kinds["en"] <= {"corporation", "question", "help", "news", "information"}
    assert kinds["nl"] >= {"corporatie", "vraag", "hulp", "nieuws"}
    assert not kinds["en"] & kinds["nl"]


def test_a_comparison_row_translates_each_label_of_a_set_not_pieces_of_a_text():
    """A label may hold ', ' itself: the view carries the list, so each label is one message."""
    from huurwijzer.site.editions import comparison_in
    from huurwijzer.stances.views import ComparisonRow, ComparisonView

    catalog = {
        "Criminele activiteiten": "Criminal activity",
        "Huurder niet bereikbaar, ook niet per brief": "Tenant unreachable, even by letter",
        "Geen uitzonderingen": "No exceptions",
        "Uitzonderingen": "Exceptions",
        "Beschermt meer": "Protects more",
    }
    labels = ("Criminele activiteiten", "Huurder niet bereikbaar, ook niet per brief")
    row = ComparisonRow(
        "Uitzonderingen",
        ", ".join(labels),
        "Geen uitzonderingen",
        "more",
        "Beschermt meer",
        labels,
        ("Geen uitzonderingen",),
    )
    view = ComparisonView(None, "in_force", None, None, [row])
    english = comparison_in(view, lambda text: catalog.get(text, text)).rows[0]
    assert english.ours == "Criminal activity, Tenant unreachable, even by letter"
    assert english.theirs == "No exceptions"
    assert (english.title, english.verdict_label) == ("Exceptions", "Protects more")
