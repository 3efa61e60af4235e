"""What `make check`, the build and the dev server tell an editor, in the editors' language.

Dutch by default (the editors' guide, docs/redactie.md, is Dutch); English when the setting
``HUURWIJZER_LANG`` says ``en``, or else when ``LANG`` starts with ``en``. The Dutch for each
code is below: the same values as the English (core/codes.py), in plain words. The receiver
shows a sender the shorter ``Texts.dutch``. tests/test_codes.py fails on a code without its
Dutch here, or with a value the English does not have.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from huurwijzer.core.codes import english, fill

LANGUAGES = ("nl", "en")
SETTING = "HUURWIJZER_LANG"

_NL = {
    "not-utf8": "geen UTF-8-tekst: {reason}; sla het bestand op als UTF-8",
    "control-character": "onzichtbaar stuurteken U+{codepoint} mag niet; haal het weg",
    "no-front-matter": "het bestand moet beginnen met een regel '---' (de gegevens bovenaan)",
    "front-matter-not-closed": "na de gegevens bovenaan ontbreekt de regel '---'",
    "malformed-yaml": "de gegevens bovenaan zijn niet goed opgemaakt (YAML): {error}",
    "nested-too-deeply": "te veel lagen in elkaar",
    "not-a-mapping": "schrijf de gegevens bovenaan als regels 'veld: waarde'",
    "yaml-alias": "verwijzingen in YAML (& en *) mogen niet; schrijf elke waarde voluit",
    "field-name-not-text": "een veldnaam moet gewone tekst zijn",
    "given-twice": "dit veld staat er twee keer in; houd er één",
    "required": "dit veld is verplicht, maar ontbreekt",
    "unknown-field": "onbekend veld; toegestaan zijn: {allowed}",
    "not-allowed": "{value} mag niet; kies uit: {options}",
    "none-with-others": "{value} mag niet samen met andere keuzes; kies uit: {options}",
    "bad-date": "{value} is geen datum als JJJJ-MM-DD (bijvoorbeeld 2020-03-18)",
    "no-such-date": "{value} bestaat niet in de kalender",
    "date-out-of-range": (
        "{value} valt buiten de data die de site aanneemt ({first} tot {last}); kijk het jaar na"
    ),
    "empty-value": "hier hoort een waarde, maar het veld is leeg",
    "expected-text": "hier hoort tekst; gevonden: {found}",
    "expected-list": "hier hoort een lijst (ook bij één keuze); gevonden: {found}",
    "expected-group": "hier horen losse onderdelen (veld: waarde); gevonden: {found}",
    "wrong-type": "dit soort waarde past hier niet; gevonden: {found}",
    "empty": "mag niet leeg zijn",
    "too-long": "is {length} tekens; hoogstens {limit}",
    "repeated-item": "{value}: iets staat er twee keer in",
    "schema-error": "klopt niet: {message}",
    "bad-slug": "{value}: een slug heeft alleen kleine letters, cijfers en losse streepjes",
    "title-too-long": "{value}: een titel heeft hoogstens 70 tekens (zoekmachines en tabbladen "
    "knippen de rest af)",
    "bad-url": "{value}: een webadres begint met http:// of https://",
    "bad-source-date": "{value}: de datum van een bron is JJJJ-MM of JJJJ-MM-DD, vanaf 1900",
    "bad-lang": "{value}: lang is een taalcode zoals 'en' (een van de talen van de site)",
    "bad-save-as": "{value}: save_as is een pad op de site zoals 'over/index.html' (kleine "
    "letters, cijfers, '-', '_', '.'; geen '..' en geen '/' vooraan)",
    "bad-partial-date": "{value}: schrijf een datum als JJJJ-MM-DD, of JJJJ-MM als alleen de "
    "maand bekend is",
    "bad-end-date": "{value}: schrijf een datum (JJJJ-MM-DD of JJJJ-MM), '{no_end}' als de bron "
    "zegt dat er geen einde is, of '{unknown}' als de bron het niet zegt",
    "bad-phone": "{value}: een telefoonnummer heeft alleen cijfers, spaties, '+', '-' en haakjes",
    "bad-email": "{value}: dit is geen e-mailadres",
    "not-a-basis-field": "{value}: dit veld heeft geen onderbouwing nodig; wel: {fields}",
    "collection-split": "{value}: het veld 'collection' is in versie 2 gesplitst in losse "
    "maatregelen ('yes', 'no' of 'unknown'): {measures}",
    "bad-submission-hash": "{value}: het kenmerk van een inzending is 64 hexadecimale tekens",
    "bad-moment": "{value}: een tijdstip als JJJJ-MM-DDTUU:MM:SSZ (UTC)",
    "bad-domain": "{value}: een domein zoals voorbeeld.nl (kleine letters, geen @)",
    "bad-order": "{value}: order is een heel getal (1, 2, 3 …)",
    "bad-translation-lang": "{value}: een taalcode zoals 'en' (LANGUAGES in pelicanconf.py)",
    "stays-in-original": "{value}: {what} hoort in het oorspronkelijke bestand (dezelfde naam "
    "zonder taal); een vertaling heeft alleen de vertaalde tekst",
    "html-element": "HTML-element <{element}> mag niet; schrijf Markdown",
    "html-attribute": "HTML-attribuut '{name}' mag niet",
    "link-without-scheme": "link '{href}' gaat naar een andere site zonder http(s); schrijf "
    "https://… voor een andere site, of /… voor een pagina op deze site",
    "link-scheme": "links met '{scheme}:' mogen niet; gebruik http, https, mailto of tel",
    "text-too-long": "de tekst is {length} tekens; hoogstens {limit} (verdeel hem over meer "
    "pagina's)",
    "marker-run": "{count} keer '{marker}' achter elkaar; hoogstens {limit}",
    "too-many-tags": "meer dan {limit} keer '<' in één tekst; schrijf &lt; voor een '<' in de "
    "tekst",
    "too-many-open": "meer dan {limit} keer '{char}' tegelijk open; sluit ze, of schrijf {escape}",
    "text-nested-too-deeply": "de tekst heeft te veel lagen in elkaar",
    "footnote-in-record": "een standpunt kan geen voetnoten hebben (de samenvatting staat twee "
    "keer op de pagina van de corporatie); zet de opmerking in de tekst of in 'note' van een bron",
    "no-such-target": "{{{what}}}{target}: bestaat niet; kies uit: {choices}",
    "link-takes-nothing": "na {{{what}}} hoort niets, gevonden: '{target}'",
    "no-such-file": "{{filename}}{target}: dit bestand staat niet in de map content (schrijf "
    "het pad vanaf content, bijvoorbeeld {{filename}}/pages/huurachterstand.md)",
    "unknown-link-kind": "'{{{what}}}' is geen bekende soort link; gebruik {kinds}",
    "municipalities-missing": "de lijst met gemeenten ontbreekt",
    "listed-twice": "'{slug}' staat er twee keer in",
    "before-start": "'{end}' ligt voor effective_from '{start}'",
    "after-until": "'{at_least}' ligt na effective_until '{until}'",
    "verified-pair": "verified_on en verified_how horen bij elkaar: wanneer de redactie "
    "controleerde, en hoe (zet ze allebei met make verify)",
    "after-build-date": "'{value}' ligt na de bouwdatum {today}",
    "published-needs-source": "een gepubliceerd standpunt heeft minstens één bron onder 'sources'",
    "statement-needs-corporation": "alleen een standpunt met provenance '{provenance}' mag de "
    "eigen woorden van de corporatie aanhalen",
    "published-needs-summary": "een gepubliceerd standpunt heeft een samenvatting (de tekst "
    "onder de gegevens)",
    "needs-basis": "een genoemde waarde heeft een onderbouwing nodig: zet onder 'basis' een "
    "korte regel '{name}: …' met wat er in de bron staat",
    "basis-without-value": "een onderbouwing voor een waarde die het standpunt niet noemt; haal "
    "haar weg, of noem de waarde",
    "cannot-order": "kan niet op volgorde gezet worden naast {other} (effective_from "
    "'{earlier}' en '{later}'); geef allebei een volledige datum, of verschillende data",
    "empty-answer": "het antwoord (de tekst onder de gegevens) is leeg",
    "slug-taken": "'{slug}' is ook de slug van {other}",
    "empty-help-description": "wat de organisatie doet (de tekst onder de gegevens) is leeg",
    "contact-needs-source": "een telefoonnummer, website of adres heeft een bron nodig: zet "
    "onder 'sources' (title, publisher, date) waar de redactie het vond",
    "nothing-to-translate": "het origineel {original} heeft geen {what}; een vertaling geeft "
    "alleen de woorden van wat in het origineel staat",
    "translated-sources-count": "{count} bron(nen) vertaald, maar het origineel heeft er "
    "{expected}; geef voor elke bron één vertaling, in de volgorde van het origineel",
    "no-profile": "corporatie '{slug}' bestaat niet: {slug}/profile.md ontbreekt",
    "unknown-municipality": "onbekende gemeente '{slug}'; zet haar in {file} of verbeter de "
    "spelling",
    "lang-not-file-name": "'{lang}' past niet bij de bestandsnaam, die '{name_lang}' zegt "
    "({file}); maak ze gelijk",
    "unknown-language": "'{lang}' is geen taal van de site ({known}; LANGUAGES in pelicanconf.py)",
    "translation-in-site-language": "'{lang}' is de taal van het origineel {original} zelf; een "
    "vertaling is in een andere taal ({others})",
    "no-original": "een vertaling van {original}, dat niet in {folder}/ staat; noem een "
    "vertaling naar het origineel: <naam>.<taal>.md naast <naam>.md",
    "empty-translation": "de vertaalde tekst (onder de gegevens) is leeg",
    "no-address": "'{name}' heeft geen letters of cijfers, en dus geen adres",
    "empty-address": "geeft een leeg adres (geen letters of cijfers); vul 'slug:' in",
    "duplicate-slug": "de slug '{slug}' is ook de slug van {other}; geef een van beide een "
    "andere 'slug:'",
    "translation-needs-lang": "een vertaling heeft 'lang:' nodig (een van {others})",
    "no-original-slug": "{named} is geen slug van een Nederlandse pagina of bericht; zet "
    "translation_of op de slug van wat dit vertaalt",
    "path-outside-site": "'{path}' is geen pad op de site; schrijf het als over/index.html",
    "path-written-twice": "schrijft {path}, dat ook geschreven wordt door {others}",
    "path-in-generated-folder": "'{path}' ligt in /{top}/, waar de site zelf pagina's maakt; "
    "kies een ander adres",
    "no-content-folder": "de map met inhoud bestaat niet",
    "not-read": "wordt niet gelezen; in content/ staan alleen {expected}",
    "corporation-not-folder": "wordt niet gelezen: elke corporatie is een map {folder}/<slug>/ "
    "met profile.md, stances/ en faq/",
    "folder-not-slug": "wordt niet gelezen: de mapnaam '{name}' is geen slug (kleine letters, "
    "cijfers en losse streepjes)",
    "not-in-corporation": "wordt niet gelezen: in {where} staan alleen profile.md, stances/ en "
    "faq/, niet {what}",
    "files-only": "wordt niet gelezen: in {folder}/ staan alleen bestanden, niet de map {name}/",
    "translation-not-here": "wordt niet gelezen: alleen bestanden in {folders} hebben "
    "vertalingen (<naam>.<taal>.md)",
    "bad-file-name": "wordt niet gelezen: de naam van een registerbestand heeft kleine letters, "
    "cijfers en losse streepjes, en eindigt op .md (de naam wordt het kenmerk)",
    "hidden-file": "is een verborgen bestand en wordt niet gelezen; haal het weg",
    "wrong-extension": "wordt niet gelezen: de naam van een bestand eindigt op '.md', niet op "
    "'{suffix}'",
    "not-markdown": "wordt niet gelezen: alleen Markdown-bestanden die eindigen op '.md' zijn "
    "inhoud",
    "file-too-large": "is {size} bytes; een bestand is hoogstens {limit} bytes (verdeel het, "
    "of verwijs naar het lange stuk)",
    "symbolic-link": "is een snelkoppeling (symbolic link); in content/ staan alleen echte "
    "bestanden",
    "too-large": "groter dan {limit} bytes",
    "malformed-json": "geen geldige JSON: {detail}",
    "not-json-object": "hier hoort een JSON-object",
    "emptied": "is leeg zonder HTML en onzichtbare tekens",
    "proposed-name-missing": "geef de naam van de andere corporatie",
    "unknown-corporation": "onbekende corporatie '{slug}'; bekend zijn: {known}",
    "month-of-vague-record": "{start} valt in {earlier}, de maand van een eerder standpunt "
    "zonder dag; die twee kunnen niet op volgorde. Kies een datum in een andere maand, of vraag "
    "de redactie de eerdere datum aan te vullen.",
    "already-received": "al ontvangen (ontvangstbewijs {receipt})",
    "not-a-regular-file": "is geen gewoon bestand (een map met '.md' in de naam, een pipe of "
    "een apparaat); in content/ staan alleen gewone tekstbestanden",
    "control-character-in-name": "in de naam staat een onzichtbaar stuurteken (zoals een "
    "regeleinde); geef het bestand een andere naam",
    "source-after-today": "{value} ligt na vandaag ({today}); een bron kan niet uit de "
    "toekomst komen",
    "modified-before-date": "{value} ligt voor de datum van publicatie ({published}); een "
    "wijziging komt daarna",
    "too-far-ahead": "{value} ligt meer dan een jaar vooruit (de laatste datum die de site "
    "aanneemt is {last}); kijk het jaar na",
    "verified-before-source": "{value} ligt voor de datum van de eerste bron ({source}); toen "
    "kon de redactie het standpunt er nog niet mee controleren",
    "relative-link": "link '{href}' hangt af van de pagina waar hij staat; schrijf /… voor een "
    "pagina op deze site, {{filename}}… voor een bestand in content, of https://… voor een "
    "andere site",
    "link-to-draft": "'{target}' is een concept: een link erheen maakt zijn adres openbaar; "
    "link er pas naar als het gepubliceerd is",
    "link-to-save-as": "'{target}' heeft save_as maar geen url, en dus geen adres om naar te "
    "linken; geef het ook een url, of link naar zijn adres",
    "translated-twice": "'{target}' heeft al een vertaling in '{lang}': {other}; een origineel "
    "heeft één vertaling per taal",
    "unknown-field-near": "onbekend veld; bedoelde je '{near}'? Toegestaan zijn: {allowed}",
    "no-such-page": "link '{href}' gaat naar een pagina die de site niet heeft (de bouw maakt "
    "hem niet); kijk het adres na, of link met {{filename}}… naar een bestand in content",
    "no-such-anchor": "{{filename}}{target}#{anchor}: de pagina heeft geen kop met het anker "
    "'{anchor}'; link naar een van de koppen (een kop '## Wat is X?' heeft het anker 'wat-is-x')",
    "invisible-only": "bevat alleen onzichtbare tekens (zoals een onzichtbare spatie, "
    "U+200B); schrijf de tekst, of haal het veld weg",
    "no-such-section": "{{{what}}}{target}#{anchor}: de pagina van {target} heeft geen deel "
    "met het anker '{anchor}'; kies uit: {choices}",
}

DUTCH: Mapping[str, str] = MappingProxyType(_NL)


class _Shown(string.Formatter):
    def get_value(self, key: Any, args: Any, kwargs: Any) -> str:
        return "{" + str(key) + "}"

    def format_field(self, value: Any, format_spec: str) -> str:
        return str(value)


def shown(code: str) -> str:
    """The Dutch of ``code`` as the editors' guide shows it: ``{value}`` where the message
    fills in from the file, literal braces single (``{filename}``)."""
    return _Shown().format(DUTCH[code])


def editor_language(environ: Mapping[str, str] | None = None) -> str:
    """'nl' unless the setting (``HUURWIJZER_LANG=en``) or else ``LANG`` (``en_GB.UTF-8``)
    asks for English."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(SETTING, "").strip().lower()
    if chosen:
        return "en" if chosen.startswith("en") else "nl"
    return "en" if environ.get("LANG", "").lower().startswith("en") else "nl"


def message(code: str, values: Mapping[str, Any], language: str | None = None) -> str:
    """The problem ``code`` filled with ``values``, in ``language`` (default: the editor's)."""
    if (language or editor_language()) == "en":
        return english(code, values)
    template = DUTCH.get(code)
    if template is None:  # a code added without its Dutch (tests/test_codes.py fails on it)
        return english(code, values)
    return fill(template, values, "nl")


# The line above a list of problems in the build's log, in the editor's language.
_HEADINGS = {
    "unread": ("Files the build cannot read", "Bestanden die de build niet kan lezen"),
    "outputs": ("Output paths", "Adressen die de build schrijft"),
    "register": ("The stance register", "Het register van standpunten"),
}


def heading(kind: str, count: int, language: str | None = None) -> str:
    """'Het register van standpunten: 2 problemen:' (``kind``: a key of _HEADINGS, or 'links'
    for links to pages that do not exist)."""
    dutch = (language or editor_language()) != "en"
    if kind == "links":
        if dutch:
            return f"{count} link(s) naar pagina's die niet bestaan:"
        return f"{count} link(s) to pages that do not exist:"
    english_words, dutch_words = _HEADINGS[kind]
    if dutch:
        return f"{dutch_words}: {count} {'probleem' if count == 1 else 'problemen'}:"
    return f"{english_words}: {count} problem(s):"
