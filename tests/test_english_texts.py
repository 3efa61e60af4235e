"""The English edition speaks English: every editor's text is translated or marked Dutch.

A tenant who reads English opens a corporation's page and reads its profile, area, the basis
of every value and the sources in English, where an editor translated them
(`profile.en.md`, a record's `<id>.en.md` with `basis:` and `sources:`). Where no one did, the
Dutch text is there, marked `lang="nl"` (screen readers switch voice, browsers offer to
translate). The rule is structural: every sentence of every Dutch text the register holds is,
on every English page, either absent or inside an element marked `lang="nl"`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_refusals import SETTINGS

from conftest import ROOT, build_site, copy_content
from huurwijzer.reading.frontmatter import parse_file
from huurwijzer.reading.markup import clean_text
from huurwijzer.stances.loading import load_register

pytestmark = pytest.mark.slow  # whole builds

SENTENCE_END = re.compile(r"(?<=[.?!:;])\s+")


def squeeze(text: str) -> str:
    """Text without any white space: inline markup and line breaks cannot hide a match."""
    return re.sub(r"\s+", "", text)


def sentences(text: str | None) -> list[str]:
    """The sentences of a text that are long enough to be Dutch prose (three words or more)."""
    if not text:
        return []
    found = [s.strip() for s in SENTENCE_END.split(" ".join(text.split()))]
    return [s for s in found if len(s.split()) >= 3]


def record_texts(record) -> list[tuple[str, str]]:
    """(what, Dutch text) of one record: its summary, basis lines, sources' words, how it was
    checked and the corporation's own words."""
    texts = [("summary", record.summary_text), ("statement", record.statement)]
    texts += [(f"basis {name}", line) for name, line in record.basis.items()]
    texts.append(("verified_how", record.verified_how))
    for i, source in enumerate(record.sources):
        texts += [(f"source {i} {k}", getattr(source, k)) for k in ("title", "publisher", "note")]
    return texts


def english_words(register) -> set[str]:
    """Every text of every translation file: a name that is the same in both languages (Het
    Juridisch Loket) is not Dutch prose on an English page."""
    words: set[str] = set()
    items = [r for c in register.corporations for r in c.records] + register.national
    items += register.corporations + register.faq + register.help
    items += [q for c in register.corporations for q in c.faq]
    for item in items:
        for translation in item.translations.values():
            words.add(translation.body_text)
            for value in translation.fields.values():
                words.update([value] if isinstance(value, str) else [])
    return {squeeze(w) for w in words}


def dutch_texts(content: Path) -> dict[str, str]:
    """Every Dutch sentence the register and the Dutch articles' sources hold: {sentence: where}."""
    register, problems = load_register(content, {**SETTINGS, "PATH": str(content)})
    assert problems == []
    found: list[tuple[str, str]] = []
    for corporation in register.corporations:
        found.append((corporation.path, clean_text(corporation.description_html)))
        found.append((f"{corporation.path} area_note", corporation.area_note))
        for record in corporation.records:
            found += [(f"{record.path} {what}", text) for what, text in record_texts(record)]
        for entry in corporation.faq:
            found += [(entry.path, entry.question), (entry.path, clean_text(entry.answer_html))]
    for record in register.national:
        found += [(f"{record.path} {what}", text) for what, text in record_texts(record)]
    for entry in register.faq:
        found += [(entry.path, entry.question), (entry.path, clean_text(entry.answer_html))]
    for entry in register.help:
        found += [(entry.path, entry.name), (entry.path, entry.how_to_find)]
        found.append((entry.path, clean_text(entry.what_html)))
        found += [(f"{entry.path} source", s.title) for s in entry.sources]
        found += [(f"{entry.path} source", s.publisher) for s in entry.sources]
    for article in sorted((content / "articles").glob("*.md")):  # the Dutch articles
        for source in parse_file(article, str(article)).data.get("sources") or ():
            found += [(f"{article} source", source.get(k)) for k in ("title", "publisher")]
    same = english_words(register)
    return {s: where for where, text in found for s in sentences(text) if squeeze(s) not in same}


def unmarked_text(soup) -> str:
    """A page's visible text outside every passage marked as Dutch (lang="nl")."""
    body = soup.body
    for passage in body.select('[lang="nl"]'):
        passage.decompose()
    for hidden in body.select("script, template"):
        hidden.decompose()
    return squeeze(body.get_text())


def english_addresses(site) -> list[str]:
    return [
        site.address_of(f)
        for f in site.html_files()
        if site.address_of(f).startswith("/en/") and "/search-index/" not in str(f)
    ]


def dutch_outside_lang_nl(site, content: Path) -> list[str]:
    """Each (page, Dutch sentence, its file) where a Dutch sentence is not marked Dutch."""
    dutch = dutch_texts(content)
    assert len(dutch) > 40  # the register's Dutch is really there to look for
    found = []
    for address in english_addresses(site):
        text = unmarked_text(site.page(address))
        found += [f"{address}: {s!r} ({where})" for s, where in dutch.items() if squeeze(s) in text]
    return found


def test_no_english_page_shows_dutch_text_without_lang_nl(site):
    assert not dutch_outside_lang_nl(site, ROOT / "content"), "\n".join(
        dutch_outside_lang_nl(site, ROOT / "content")
    )


def translated_pieces(corporation) -> list[tuple[str, str]]:
    """(Dutch, English) of each piece of a corporation's page an editor translated: area
    note, basis lines and sources' words (the description is checked on its own)."""
    pieces = []
    profile = corporation.translations.get("en")
    if profile is not None and "area_note" in profile.fields:
        pieces.append((corporation.area_note, profile.fields["area_note"]))
    for record in corporation.records:
        translation = record.translations.get("en")
        if translation is None:
            continue
        pieces += [(record.basis[name], line) for name, line in translation.basis.items()]
        for i, source in enumerate(record.sources):
            words = translation.source(i)
            pieces += [(getattr(source, k), words[k]) for k in words]
    return pieces


def test_english_corporation_pages_show_the_translated_profile_basis_and_sources(site):
    register, _ = load_register(ROOT / "content", SETTINGS)
    translated = 0
    for corporation in register.corporations:
        page = site.page(f"/en/corporations/{corporation.slug}/")
        everything = squeeze(page.get_text())
        english = unmarked_text(site.page(f"/en/corporations/{corporation.slug}/"))
        description = page.select_one("h1 + .prose")
        profile = corporation.translations.get("en")
        if profile is not None:
            assert description.get("lang") is None
            assert description.get_text(" ", strip=True) == profile.body_text
        for dutch, english_words in translated_pieces(corporation):
            assert squeeze(english_words) in english, (corporation.slug, english_words)
            assert squeeze(dutch) not in everything, (corporation.slug, dutch)
            translated += 1
    # the content has them: every corporation's profile, area note, basis line and source
    assert sum("en" in c.translations for c in register.corporations) >= 4
    assert translated >= 20


def test_a_missing_translation_shows_the_dutch_text_marked_dutch(tmp_path):
    content = copy_content(tmp_path)
    (content / "corporations/domesta/profile.en.md").unlink()
    record = content / "corporations/woonconcept/stances/2020-03.en.md"
    body = record.read_text(encoding="utf-8").split("---\n", 2)[2]
    record.write_text("---\nlang: en\n---\n" + body, encoding="utf-8")  # no basis, no sources
    site = build_site(content, tmp_path / "output")
    # a help entry's source cannot be translated: its Dutch title and publisher are marked
    route = site.page("/en/rent-arrears/").select_one(".help-route .record-sources li")
    assert [s["lang"] for s in route.select("a, span")] == ["nl", "nl"], route
    domesta = site.page("/en/corporations/domesta/")
    description = domesta.select_one("h1 + .prose")
    assert description["lang"] == "nl"
    assert "Woningcorporatie" in description.get_text()
    area = domesta.select_one("h1 + .prose + p span")
    assert area["lang"] == "nl" and "Vooral actief in Emmen" in area.get_text()
    woonconcept = site.page("/en/corporations/woonconcept/")
    basis = woonconcept.select_one("section[aria-labelledby=nu] .basis span:not(.basis-title)")
    assert basis["lang"] == "nl" and basis.get_text().startswith("Volgens het bericht")
    source = woonconcept.select_one("section[aria-labelledby=meer] .record-sources li")
    marked = [s for s in source.select("span") if s.get("lang") == "nl"]
    assert [s.get_text()[:12] for s in marked] == ["Nieuwsberich", "RTV Drenthe ", "Het bericht "]
    # the page's own words and the other records stay English; the body is translated still
    assert woonconcept.select_one(".summary").get("lang") is None
    assert not dutch_outside_lang_nl(site, content)


def test_english_pages_link_to_the_english_page_where_there_is_one(site):
    """An English reader is never sent to a Dutch page that has an English counterpart."""
    counterpart = {}
    for file in site.html_files():
        address = site.address_of(file)
        if address.startswith("/en/") or "/search-index/" in str(file):
            continue
        for link in site.page(address).select("nav.language-switch a[data-exact=yes]"):
            counterpart[address] = link["href"]
    assert counterpart["/corporaties/"] == "/en/corporations/"
    assert counterpart["/methode/"] == "/en/method/"
    wrong = []
    for address in english_addresses(site):
        for link in site.page(address).select("a[href]"):
            if link.find_parent("nav", class_="language-switch"):
                continue  # the switch leads to the other language on purpose
            target = link["href"].split("#")[0]
            if target in counterpart:
                wrong.append(f"{address}: {link.get_text(strip=True)!r} → {target}")
            elif target.startswith("/") and target.endswith("/") and not target.startswith("/en/"):
                if link.get("hreflang") != "nl":  # a Dutch-only page says so
                    wrong.append(
                        f"{address}: {link.get_text(strip=True)!r} → {target} (no hreflang)"
                    )
    assert not wrong, "\n".join(wrong)
    for address in (
        "/en/about/",
        "/en/rent-arrears/",
        "/en/news/2020/national-agreement-no-evictions/",
        "/en/news/2020/drenthe-corporations-and-evictions/",
    ):
        main = site.page(address).select_one("main")
        assert "/en/corporations/" in [a["href"] for a in main.select("a[href]")], address
        for link in main.select('a[href^="/en/"]'):  # an English page is not "in Dutch"
            after = link.next_sibling if isinstance(link.next_sibling, str) else ""
            assert "(in Dutch)" not in after[:20], (address, link.get_text())
    about = [a["href"] for a in site.page("/en/about/").select("main a[href]")]
    assert "/en/method/" in about
    accessibility = site.page("/en/accessibility/").select_one("main").get_text(" ")
    assert "wrote about a stance is shown in Dutch" not in accessibility
    assert "own words stays in Dutch" in accessibility


def test_the_json_export_carries_each_english_text(site):
    data = json.loads(site.text("/corporaties/standpunten.json"))
    register, _ = load_register(ROOT / "content", SETTINGS)
    records = {r.id: r for c in register.corporations for r in c.records}
    records |= {r.id: r for r in register.national}
    exported = data["national_agreement"] + [r for c in data["corporations"] for r in c["history"]]
    assert len(exported) == len(records) >= 6
    for record in exported:
        english = record["translations"]["en"]
        model = records[record["id"]].translations["en"]
        assert english["summary"] == model.body_text != record["summary"]
        assert english["basis"].keys() == record["basis"].keys()
        assert len(english["sources"]) == len(record["sources"])
        assert all(english["basis"][k] != v for k, v in record["basis"].items())
    actium = next(c for c in data["corporations"] if c["slug"] == "actium")
    assert actium["description"].startswith("Woningcorporatie")
    assert actium["translations"]["en"]["description"].startswith("Housing corporation")
    assert actium["translations"]["en"]["area_note"].startswith("Head office in Assen")
    # the CSV stays one language: no column of translations
    assert "translations" not in site.text("/corporaties/standpunten.csv").splitlines()[0]
