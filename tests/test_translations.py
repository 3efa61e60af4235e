"""The theme's words in every language: catalogs complete, current, and no word outside them.

Dutch is the source language (the templates' msgids); every other language has a Babel
catalog in theme/translations/<lang>/LC_MESSAGES/messages.po that the build compiles.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from jinja2 import Environment

from conftest import ROOT
from huurwijzer.core import languages as catalogs
from huurwijzer.site import i18n
from huurwijzer.stances import scales

TEMPLATES = ROOT / "theme" / "templates"
CATALOGS = sorted((ROOT / "theme" / "translations").glob("*/LC_MESSAGES/messages.po"))
# Templates whose words stay Dutch on every page: the letter goes to a Dutch landlord and
# the submission form is for corporations' staff (their English pages link to them, marked
# hreflang="nl"). Each one leaving this list is checked like the rest.
DUTCH_ONLY = {
    "_letter.html",
    "_submission_fields.html",
    "submit_form.html",
}
# Blocks that hold addresses and codes for machines (canonical path, Open Graph type, CSP).
MACHINE_BLOCKS = {"path", "og_type", "csp", "robots"}
TEXT_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "label"}
LETTER = re.compile(r"[^\W\d_]")


def catalog_problems(path: Path) -> list[str]:
    """Every message of a catalog that a reader would see in Dutch: empty or fuzzy."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        name = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"{path.relative_to(ROOT)}: fuzzy: {name!r}")
        elif not all(strings):
            problems.append(f"{path.relative_to(ROOT)}: untranslated: {name!r}")
    return problems


def extracted_ids() -> set[str]:
    """What `make translations` extracts from the templates and scales.py, through babel.cfg."""
    method_map, options_map = parse_mapping_cfg((ROOT / "babel.cfg").open())
    return {
        (message if isinstance(message, str) else message[0])
        for folder in (TEMPLATES, ROOT / "plugins" / "huurwijzer")
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(folder), method_map, options_map
        )
    }


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_vocabulary_entry_has_its_text_in_every_language(path):
    """Each label, explanation, question, field title and word of scales.py, by identifier."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    lang = path.parts[-3]
    missing = []
    for identifier, dutch in scales.messages():
        message = catalog.get(dutch)
        if message is None or not message.string or message.fuzzy:
            missing.append(f"{identifier}: {dutch!r}")
        elif identifier not in message.auto_comments:
            missing.append(f"{identifier}: not named in the catalog's note for {dutch!r}")
    assert not missing, f"{lang}: translate (`make translations`):\n" + "\n".join(missing)
    english = {
        v.field: scales.translated(v, i18n.translations(lang).gettext) for v in scales.VOCABULARIES
    }
    assert english["eviction"].values == scales.EVICTION.values  # codes never change
    if lang == "en":
        assert english["eviction"].label("normal") == "Normal policy"


def test_there_is_an_english_catalog():
    assert any(p.parts[-3] == "en" for p in CATALOGS)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_message_is_translated_and_none_is_fuzzy(path):
    problems = catalog_problems(path)
    assert not problems, "translate these (then `make translations`):\n" + "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_catalog_holds_exactly_what_the_templates_ask_for(path):
    with path.open("rb") as handle:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    wanted = extracted_ids()
    assert not wanted - ids, f"run `make translations`; missing: {sorted(wanted - ids)}"
    assert not ids - wanted, f"run `make translations`; no longer used: {sorted(ids - wanted)}"


def test_the_check_fails_on_a_fuzzy_and_on_an_empty_message(tmp_path):
    catalog = Catalog(locale="en")
    catalog.add("Zoek", "Search")
    catalog.add("Nieuws", "News", flags=["fuzzy"])
    catalog.add("Archief", "")
    path = ROOT / "theme" / "translations" / "xx-test.po"
    buffer = BytesIO()
    write_po(buffer, catalog)
    try:
        path.write_bytes(buffer.getvalue())
        problems = catalog_problems(path)
    finally:
        path.unlink()
    assert [p.split(": ", 1)[1] for p in problems] == ["fuzzy: 'Nieuws'", "untranslated: 'Archief'"]


def test_a_fuzzy_message_is_not_shown_a_translated_one_is(tmp_path, monkeypatch):
    catalog = Catalog(locale="en")
    catalog.add("Zoek", "Search")
    catalog.add("Nieuws", "News", flags=["fuzzy"])
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(catalogs, "TRANSLATIONS", tmp_path)
    i18n.translations.cache_clear()
    try:
        english = i18n.translations("en")
        assert english.gettext("Zoek") == "Search"
        assert english.gettext("Nieuws") == "Nieuws"
        assert i18n.translations("nl").gettext("Zoek") == "Zoek"
    finally:
        i18n.translations.cache_clear()


class _Words(HTMLParser):
    """Text and text attributes of a template's literal HTML (placeholders for Jinja)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value and LETTER.search(value):
                self.found.append(f"{name}={value!r}")

    def handle_data(self, data):
        text = data.strip()
        if LETTER.search(text):
            self.found.append(repr(" ".join(text.split())))


def untranslated_words(source: str) -> list[str]:
    """Words a reader would see that are written in the template outside a translation call."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    literal, inside_trans, expect_name = [], False, False
    machine, previous = False, None
    for _line, kind, value in env.lex(source):
        if kind == "block_begin":
            expect_name = True
            literal.append("0")
            continue
        if kind == "whitespace":
            continue
        if expect_name and kind == "name":
            if value == "trans":
                inside_trans = True
            elif value == "endtrans":
                inside_trans = False
            elif value == "endblock":
                machine = False
        if previous == "block" and kind == "name" and value in MACHINE_BLOCKS:
            machine = True
        previous = value if kind == "name" else None
        expect_name = False
        if kind == "data" and not inside_trans and not machine:
            literal.append(value)
        elif kind in ("variable_begin",):
            literal.append("0")
    parser = _Words()
    parser.feed("".join(literal))
    parser.close()
    return parser.found


def test_the_word_finder_sees_text_and_attributes_and_skips_translation_calls():
    source = (
        '<nav aria-label="Hoofdmenu"><h1>{{ _("Nieuws") }}</h1>'
        "<p>{% trans %}Zoek hier{% endtrans %} · {{ x }}</p><p>Archief</p></nav>"
    )
    assert untranslated_words(source) == ["aria-label='Hoofdmenu'", "'Archief'"]


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(TEMPLATES.glob("*.html")) if p.name not in DUTCH_ONLY],
    ids=lambda p: p.name,
)
def test_no_ui_string_in_a_template_outside_a_translation_call(path):
    found = untranslated_words(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: put these in {{% trans %}} or _():\n" + "\n".join(
        found
    )


def test_every_template_imports_macros_with_context():
    """Macros translate in the page's language only when they see the page's context."""
    found = []
    for path in sorted(TEMPLATES.glob("*.html")):
        if path.name in DUTCH_ONLY:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"{%-?\s*from\s", line) and "with context" not in line:
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_exports_keep_codes_and_give_each_vocabulary_entry_in_both_languages():
    from huurwijzer.site.exports import _vocabularies

    vocabularies = _vocabularies()
    eviction = {entry["value"]: entry for entry in vocabularies["eviction"]}
    assert eviction["normal"]["labels"] == {"nl": "Gewoon beleid", "en": "Normal policy"}
    for field, entries in vocabularies.items():
        for entry in entries:
            for part in ("labels", "explanations"):
                assert set(entry[part]) >= {"nl", "en"}, (field, entry["value"])
                assert entry[part]["en"] != entry[part]["nl"] or entry[part]["nl"] == "Status"


@pytest.mark.parametrize(
    "said, today, text",
    [
        ("2020-03", date(2026, 11, 28), "nearly 7 years"),
        ("2020-03", date(2026, 3, 1), "6 years"),
        ("2025-03", date(2026, 5, 1), "over 1 year"),
        ("2026-09-01", date(2026, 11, 28), "2 months"),
        ("2026-10", date(2026, 11, 28), "1 month"),
        ("2026-11-02", date(2026, 11, 28), "less than a month"),
    ],
)
def test_the_age_of_a_stance_in_english_follows_the_same_rule(said, today, text):
    from huurwijzer.stances.model import PartialDate
    from huurwijzer.stances.views import age_text

    said = PartialDate.parse(said)
    assert age_text(said, today, i18n.translations("en")) == text
    assert age_text(said, today) != text  # the Dutch words stay Dutch


def test_a_language_with_a_bad_register_address_is_refused_naming_the_setting():
    from huurwijzer.core import settings as declared
    from huurwijzer.site.editions import register_settings

    values = declared.with_defaults({})
    good = register_settings(values, {"CORPORATION_URL": "en/corporations/{slug}/"})
    assert good["CORPORATION_SAVE_AS"] == "en/corporations/{slug}/index.html"
    with pytest.raises(declared.SettingsError, match="CORPORATION_URL = 'en/corporations/'"):
        register_settings(values, {"CORPORATION_URL": "en/corporations/"})
