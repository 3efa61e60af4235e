"""Every problem's code, with its three texts: one place, so no audience's text can be missing.

A Problem is made by code (``Problem.of``, ``Document.problem``). Each code has
``Texts(english, dutch_for_senders, dutch_for_editors)``:

- ``english``: the template, filled with the values the maker passes (``{value}``,
  ``{first}`` …); `make check`, the build and the dev server print it to an editor who asked
  for English (core/messages.py);
- ``dutch_for_senders``: what the receiver shows a corporation's sender next to the form's
  field or in its JSON answer: plain Dutch, short sentences, common words, no field names;
- ``dutch_for_editors``: what `make check`, the build and the dev server print by default, and
  the table in docs/redactie.md: the English's facts and values in Dutch (field names, files,
  the allowed values), for the person who edits the file.

tests/test_codes.py fails on a code used without its entry, on an entry with an empty text or
nothing using it, on a Dutch text with a value its English does not have, and on a maker whose
values do not fill its template.

``SCHEMA_RULES`` word the schemas' own rules (their ``x-message``): validation finds the code
whose English, after ``{value}: ``, is the rule (``rule_code``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from babel.numbers import format_decimal


@dataclass(frozen=True)
class Texts:
    """A code's three texts: each audience reads its own, and none can be left out."""

    english: str  # `make check`, the build and the dev server, in English (the template)
    dutch_for_senders: str  # the receiver, to a corporation's sender: plain, no field names
    dutch_for_editors: str  # `make check`, the build and the dev server, in Dutch


@dataclass(frozen=True)
class Words:
    """A phrase of the site's own (PHRASES), said in either language's message."""

    english: str
    dutch: str


_READING = {
    "not-utf8": Texts(
        "not UTF-8 text: {reason}",
        "We kunnen de tekst niet lezen.",
        "geen UTF-8-tekst: {reason}; sla het bestand op als UTF-8",
    ),
    "control-character": Texts(
        "invisible control character U+{codepoint} is not allowed; remove it",
        "Er staat een onzichtbaar teken in. Haal het weg.",
        "onzichtbaar stuurteken U+{codepoint} mag niet; haal het weg",
    ),
    "no-front-matter": Texts(
        "the file must start with a '---' line (YAML front matter)",
        "Het bestand moet beginnen met een regel '---'.",
        "het bestand moet beginnen met een regel '---' (de gegevens bovenaan)",
    ),
    "front-matter-not-closed": Texts(
        "the front matter has no closing '---' line",
        "Na de gegevens bovenaan ontbreekt de regel '---'.",
        "na de gegevens bovenaan ontbreekt de regel '---'",
    ),
    "malformed-yaml": Texts(
        "malformed YAML: {error}",
        "De gegevens zijn niet goed opgemaakt.",
        "de gegevens bovenaan zijn niet goed opgemaakt (YAML): {error}",
    ),
    "nested-too-deeply": Texts(
        "nested too deeply",
        "Het bericht heeft te veel lagen.",
        "te veel lagen in elkaar",
    ),
    "not-a-mapping": Texts(
        "expected a list of 'field: value' lines",
        "Schrijf de gegevens als regels 'veld: waarde'.",
        "schrijf de gegevens bovenaan als regels 'veld: waarde'",
    ),
    "yaml-alias": Texts(
        "YAML aliases are not allowed",
        "Schrijf elke waarde voluit. Verwijzingen mogen niet.",
        "verwijzingen in YAML (& en *) mogen niet; schrijf elke waarde voluit",
    ),
    "field-name-not-text": Texts(
        "a field name must be plain text",
        "Een veldnaam moet gewone tekst zijn.",
        "een veldnaam moet gewone tekst zijn",
    ),
    "given-twice": Texts(
        "this field is given twice",
        "Dit veld staat er twee keer in.",
        "dit veld staat er twee keer in; houd er één",
    ),
}

_SCHEMA = {
    "required": Texts(
        "this field is required but missing",
        "Vul dit veld in.",
        "dit veld is verplicht, maar ontbreekt",
    ),
    "unknown-field": Texts(
        "unknown field; expected one of: {allowed}",
        "Dit veld kennen we niet.",
        "onbekend veld; toegestaan zijn: {allowed}",
    ),
    "not-allowed": Texts(
        "{value} is not allowed; expected one of: {options}",
        "Kies een van de mogelijkheden.",
        "{value} mag niet; kies uit: {options}",
    ),
    # an empty item in a list of choices: the form's "Geen uitzonderingen" box with others
    "none-with-others": Texts(
        "{value} is not allowed; expected one of: {options}",
        "Kies ‘Geen uitzonderingen’ of uitzonderingen, niet allebei.",
        "{value} mag niet samen met andere keuzes; kies uit: {options}",
    ),
    "bad-date": Texts(
        "{value} is not a date in the form YYYY-MM-DD (for example 2020-03-18)",
        "Vul een datum in als JJJJ-MM-DD.",
        "{value} is geen datum als JJJJ-MM-DD (bijvoorbeeld 2020-03-18)",
    ),
    "no-such-date": Texts(
        "{value} is not a real date",
        "Vul een bestaande datum in.",
        "{value} bestaat niet in de kalender",
    ),
    "date-out-of-range": Texts(
        "{value} is outside the dates the site accepts ({first} to {last}); check the year",
        "Kies een datum tussen {first:%Y} en {last:%d-%m-%Y}. Kijk het jaar na.",
        "{value} valt buiten de data die de site aanneemt ({first} tot {last}); kijk het jaar na",
    ),
    "empty-value": Texts(
        "expected {expected}, found an empty value",
        "Vul dit veld in.",
        "hier hoort een waarde, maar het veld is leeg",
    ),
    "expected-text": Texts(
        "expected {expected}, found {found}",
        "Vul hier tekst in.",
        "hier hoort tekst; gevonden: {found}",
    ),
    "expected-list": Texts(
        "expected {expected}, found {found}",
        "Hier hoort een lijst, ook bij één keuze.",
        "hier hoort een lijst (ook bij één keuze); gevonden: {found}",
    ),
    "expected-group": Texts(
        "expected {expected}, found {found}",
        "Vul de onderdelen apart in, niet als één tekst.",
        "hier horen losse onderdelen (veld: waarde); gevonden: {found}",
    ),
    "wrong-type": Texts(
        "expected {expected}, found {found}",
        "Dit soort waarde past hier niet.",
        "dit soort waarde past hier niet; gevonden: {found}",
    ),
    "empty": Texts(
        "must not be empty",
        "Vul dit veld in.",
        "mag niet leeg zijn",
    ),
    "too-long": Texts(
        "is {length:,} characters; at most {limit:,}",
        "Dit is te lang. Gebruik hoogstens {limit} tekens.",
        "is {length} tekens; hoogstens {limit}",
    ),
    "repeated-item": Texts(
        "{value} has non-unique elements",
        "Iets staat er twee keer in. Kies het één keer.",
        "{value}: iets staat er twee keer in",
    ),
    # a schema error no code words: no wrong value reaches it (tests/test_codes.py feeds
    # every field of every checked schema wrong values), only a new keyword or rule could
    "schema-error": Texts(
        "{message}",
        "Dit klopt niet. Kijk dit veld na.",
        "klopt niet: {message}",
    ),
}

SCHEMA_RULES: Mapping[str, Texts] = MappingProxyType(
    {
        "bad-slug": Texts(
            "{value}: a slug may hold only lowercase letters, digits and single hyphens",
            "Gebruik alleen kleine letters, cijfers en streepjes.",
            "{value}: een slug heeft alleen kleine letters, cijfers en losse streepjes",
        ),
        "title-too-long": Texts(
            "{value}: a title is at most 70 characters (search engines and tabs cut it off)",
            "Een titel heeft hoogstens 70 tekens.",
            "{value}: een titel heeft hoogstens 70 tekens (zoekmachines en tabbladen knippen de "
            "rest af)",
        ),
        "bad-url": Texts(
            "{value}: an address must start with http:// or https://",
            "Een webadres begint met https://",
            "{value}: een webadres begint met http:// of https://",
        ),
        "bad-source-date": Texts(
            "{value}: a source date is YYYY-MM or YYYY-MM-DD, from 1900 on",
            "Vul een datum in als JJJJ-MM of JJJJ-MM-DD.",
            "{value}: de datum van een bron is JJJJ-MM of JJJJ-MM-DD, vanaf 1900",
        ),
        "bad-lang": Texts(
            "{value}: lang is a language code such as 'en' (one of the site's LANGUAGES)",
            "Vul een taalcode in, zoals en.",
            "{value}: lang is een taalcode zoals 'en' (een van de talen van de site)",
        ),
        "bad-save-as": Texts(
            "{value}: save_as is a path inside the site such as 'over/index.html' (lowercase "
            "letters, digits, '-', '_', '.'; no '..' and no leading '/')",
            "Vul een pad op de site in, zoals over/index.html.",
            "{value}: save_as is een pad op de site zoals 'over/index.html' (kleine letters, "
            "cijfers, '-', '_', '.'; geen '..' en geen '/' vooraan)",
        ),
        "bad-partial-date": Texts(
            "{value}: expected a date as YYYY-MM-DD, or YYYY-MM when only the month is known",
            "Vul een datum in als JJJJ-MM-DD. Weet u alleen de maand? Vul dan JJJJ-MM in.",
            "{value}: schrijf een datum als JJJJ-MM-DD, of JJJJ-MM als alleen de maand bekend is",
        ),
        "bad-end-date": Texts(
            "{value}: expected a date (YYYY-MM-DD or YYYY-MM), '{no_end}' when the source says "
            "there is no end, or '{unknown}' when it does not say",
            "Vul een datum in als JJJJ-MM-DD of JJJJ-MM. Of zeg dat er geen einde is.",
            "{value}: schrijf een datum (JJJJ-MM-DD of JJJJ-MM), '{no_end}' als de bron zegt dat"
            " er geen einde is, of '{unknown}' als de bron het niet zegt",
        ),
        "bad-phone": Texts(
            "{value}: a phone number holds digits, spaces, '+', '-' and brackets only",
            "Gebruik alleen cijfers, spaties, + en -.",
            "{value}: een telefoonnummer heeft alleen cijfers, spaties, '+', '-' en haakjes",
        ),
        "bad-email": Texts(
            "{value}: not an e-mail address",
            "Dit is geen e-mailadres.",
            "{value}: dit is geen e-mailadres",
        ),
        "not-a-basis-field": Texts(
            "{value}: is not a field that needs a basis; expected one of: {fields}",
            "Dit veld heeft geen onderbouwing nodig.",
            "{value}: dit veld heeft geen onderbouwing nodig; wel: {fields}",
        ),
        "collection-split": Texts(
            "{value}: the single 'collection' level was split in schema version 2 into "
            "independent measures (yes / no / unknown): {measures}",
            "Dit veld bestaat niet meer. Vul de losse maatregelen in.",
            "{value}: het veld 'collection' is in versie 2 gesplitst in losse maatregelen "
            "('yes', 'no' of 'unknown'): {measures}",
        ),
        "bad-submission-hash": Texts(
            "{value}: the submission hash is 64 hexadecimal characters",
            "Dit kenmerk klopt niet.",
            "{value}: het kenmerk van een inzending is 64 hexadecimale tekens",
        ),
        "bad-moment": Texts(
            "{value}: a moment as YYYY-MM-DDTHH:MM:SS[.ffffff]Z (UTC)",
            "Vul een tijdstip in als JJJJ-MM-DDTUU:MM:SSZ.",
            "{value}: een tijdstip als JJJJ-MM-DDTUU:MM:SSZ (UTC)",
        ),
        "bad-domain": Texts(
            "{value}: a domain such as voorbeeld.nl (lower case, no @)",
            "Vul een domein in, zoals voorbeeld.nl.",
            "{value}: een domein zoals voorbeeld.nl (kleine letters, geen @)",
        ),
        "bad-order": Texts(
            "{value}: order is a whole number (1, 2, 3 …)",
            "Vul een heel getal in.",
            "{value}: order is een heel getal (1, 2, 3 …)",
        ),
        "bad-translation-lang": Texts(
            "{value}: a language code such as 'en' (LANGUAGES in pelicanconf.py)",
            "Vul een taalcode in, zoals en.",
            "{value}: een taalcode zoals 'en' (LANGUAGES in pelicanconf.py)",
        ),
        "stays-in-original": Texts(
            "{value}: {what} stays in the original file (the same name without the language); "
            "a translation holds only the translated text",
            "Dit veld hoort in het oorspronkelijke bestand, niet in de vertaling.",
            "{value}: {what} hoort in het oorspronkelijke bestand (dezelfde naam zonder taal); "
            "een vertaling heeft alleen de vertaalde tekst",
        ),
    }
)

_MARKUP = {
    "html-element": Texts(
        "HTML element <{element}> is not allowed; write Markdown",
        "Gebruik geen HTML. Schrijf gewone tekst.",
        "HTML-element <{element}> mag niet; schrijf Markdown",
    ),
    "html-attribute": Texts(
        "HTML attribute '{name}' is not allowed",
        "Gebruik geen HTML. Schrijf gewone tekst.",
        "HTML-attribuut '{name}' mag niet",
    ),
    "link-without-scheme": Texts(
        "link '{href}' leads to another site without http(s); write https://… for another "
        "site, or /… for a page on this site",
        "Een link naar een andere site begint met https://",
        "link '{href}' gaat naar een andere site zonder http(s); schrijf https://… voor een "
        "andere site, of /… voor een pagina op deze site",
    ),
    "link-scheme": Texts(
        "link scheme '{scheme}:' is not allowed; use http, https, mailto or tel",
        "Dit soort link mag niet. Een link begint met https://, mailto: of tel:.",
        "links met '{scheme}:' mogen niet; gebruik http, https, mailto of tel",
    ),
    "text-too-long": Texts(
        "the text is {length:,} characters; at most {limit:,} (split it over several pages)",
        "De tekst is te lang. Verdeel hem over meer pagina's.",
        "de tekst is {length} tekens; hoogstens {limit} (verdeel hem over meer pagina's)",
    ),
    "marker-run": Texts(
        "{count} '{marker}' in a row; at most {limit}",
        "Er staan te veel dezelfde tekens achter elkaar.",
        "{count} keer '{marker}' achter elkaar; hoogstens {limit}",
    ),
    "too-many-tags": Texts(
        "more than {limit} '<' in one text; write &lt; for a '<' that is text",
        "Er staan te veel tekens < in de tekst.",
        "meer dan {limit} keer '<' in één tekst; schrijf &lt; voor een '<' in de tekst",
    ),
    "too-many-open": Texts(
        "more than {limit} '{char}' open at once; close them, or write {escape}",
        "Er staan te veel haakjes open. Sluit ze.",
        "meer dan {limit} keer '{char}' tegelijk open; sluit ze, of schrijf {escape}",
    ),
    "text-nested-too-deeply": Texts(
        "the text is nested too deeply",
        "De tekst heeft te veel lagen in elkaar.",
        "de tekst heeft te veel lagen in elkaar",
    ),
    "footnote-in-record": Texts(
        "a stance record cannot have footnotes (its summary is shown twice on the "
        "corporation's page); put the note in the text or in a source's 'note'",
        "Een standpunt kan geen voetnoten hebben. Zet de noot in de tekst.",
        "een standpunt kan geen voetnoten hebben (de samenvatting staat twee keer op de pagina "
        "van de corporatie); zet de opmerking in de tekst of in 'note' van een bron",
    ),
    "no-such-target": Texts(
        "{{{what}}}{target}: no such {what}; expected one of: {choices}",
        "Deze link gaat naar iets dat niet bestaat.",
        "{{{what}}}{target}: bestaat niet; kies uit: {choices}",
    ),
    "link-takes-nothing": Texts(
        "{{{what}}} takes nothing after it, found '{target}'",
        "Na dit soort link mag niets meer staan.",
        "na {{{what}}} hoort niets, gevonden: '{target}'",
    ),
    "no-such-file": Texts(
        "{{filename}}{target}: no such file in the content folder (write the path from the "
        "content folder, e.g. {{filename}}/pages/huurachterstand.md)",
        "Deze link gaat naar een bestand dat niet bestaat.",
        "{{filename}}{target}: dit bestand staat niet in de map content (schrijf het pad vanaf "
        "content, bijvoorbeeld {{filename}}/pages/huurachterstand.md)",
    ),
    "unknown-link-kind": Texts(
        "'{{{what}}}' is not a known link kind; use {kinds}",
        "Dit soort link kennen we niet.",
        "'{{{what}}}' is geen bekende soort link; gebruik {kinds}",
    ),
}

_REGISTER = {
    "municipalities-missing": Texts(
        "the list of municipalities is missing",
        "De lijst met gemeenten ontbreekt.",
        "de lijst met gemeenten ontbreekt",
    ),
    "listed-twice": Texts(
        "'{slug}' is listed twice",
        "Deze gemeente staat er twee keer in.",
        "'{slug}' staat er twee keer in",
    ),
    "before-start": Texts(
        "'{end}' is before effective_from '{start}'",
        "Deze datum ligt vóór de begindatum.",
        "'{end}' ligt voor effective_from '{start}'",
    ),
    "after-until": Texts(
        "'{at_least}' is after effective_until '{until}'",
        "Deze datum ligt na de einddatum.",
        "'{at_least}' ligt na effective_until '{until}'",
    ),
    "verified-pair": Texts(
        "verified_on and verified_how go together: when the editors checked, and how (set "
        "both with make verify)",
        "Vul allebei in: wanneer en hoe de redactie het heeft nagekeken.",
        "verified_on en verified_how horen bij elkaar: wanneer de redactie controleerde, en hoe "
        "(zet ze allebei met make verify)",
    ),
    "after-build-date": Texts(
        "'{value}' is after the build date {today}",
        "Deze datum ligt in de toekomst.",
        "'{value}' ligt na de bouwdatum {today}",
    ),
    "published-needs-source": Texts(
        "a published record needs at least one source under 'sources'",
        "Een gepubliceerd standpunt heeft minstens één bron nodig.",
        "een gepubliceerd standpunt heeft minstens één bron onder 'sources'",
    ),
    "statement-needs-corporation": Texts(
        "only a record with provenance '{provenance}' can quote the corporation's own words",
        "Alleen een standpunt van de corporatie zelf mag haar eigen woorden citeren.",
        "alleen een standpunt met provenance '{provenance}' mag de eigen woorden van de "
        "corporatie aanhalen",
    ),
    "published-needs-summary": Texts(
        "a published record needs a summary (the text below the front matter)",
        "Een gepubliceerd standpunt heeft een samenvatting nodig.",
        "een gepubliceerd standpunt heeft een samenvatting (de tekst onder de gegevens)",
    ),
    "needs-basis": Texts(
        "a stated value needs its basis: add a short note under 'basis', '{name}: …', saying "
        "what in the source says this",
        "Schrijf onder 'basis' waar dit in de bron staat.",
        "een genoemde waarde heeft een onderbouwing nodig: zet onder 'basis' een korte regel "
        "'{name}: …' met wat er in de bron staat",
    ),
    "basis-without-value": Texts(
        "a basis for a value the record does not state; remove it, or state the value",
        "Hier staat een onderbouwing zonder waarde. Haal hem weg of vul de waarde in.",
        "een onderbouwing voor een waarde die het standpunt niet noemt; haal haar weg, of noem "
        "de waarde",
    ),
    "cannot-order": Texts(
        "cannot be ordered against {other} (effective_from '{earlier}' and '{later}'); give "
        "both a full date, or different dates",
        "Twee standpunten hebben dezelfde of een onvolledige begindatum. Geef ze allebei een "
        "volledige datum.",
        "kan niet op volgorde gezet worden naast {other} (effective_from '{earlier}' en "
        "'{later}'); geef allebei een volledige datum, of verschillende data",
    ),
    "empty-answer": Texts(
        "the answer (text below the front matter) is empty",
        "Het antwoord is leeg.",
        "het antwoord (de tekst onder de gegevens) is leeg",
    ),
    "slug-taken": Texts(
        "'{slug}' is also the slug of {other}",
        "Deze naam is al in gebruik. Kies een andere.",
        "'{slug}' is ook de slug van {other}",
    ),
    "empty-help-description": Texts(
        "what the organisation does (text below the front matter) is empty",
        "Schrijf wat de organisatie doet.",
        "wat de organisatie doet (de tekst onder de gegevens) is leeg",
    ),
    "contact-needs-source": Texts(
        "a phone number, website or address needs its source: add 'sources' (title, "
        "publisher, date) saying where the editors found it",
        "Geef een bron voor dit contactgegeven.",
        "een telefoonnummer, website of adres heeft een bron nodig: zet onder 'sources' (title, "
        "publisher, date) waar de redactie het vond",
    ),
    "no-profile": Texts(
        "corporation '{slug}' does not exist: {slug}/profile.md is missing",
        "Deze corporatie bestaat niet: het profiel ontbreekt.",
        "corporatie '{slug}' bestaat niet: {slug}/profile.md ontbreekt",
    ),
    "unknown-municipality": Texts(
        "unknown municipality '{slug}'; add it to {file} or fix the spelling",
        "Deze gemeente kennen we niet. Kijk de spelling na.",
        "onbekende gemeente '{slug}'; zet haar in {file} of verbeter de spelling",
    ),
    "lang-not-file-name": Texts(
        "'{lang}' does not match the file name, which says '{name_lang}' ({file}); make them "
        "the same",
        "De taal past niet bij de naam van het bestand.",
        "'{lang}' past niet bij de bestandsnaam, die '{name_lang}' zegt ({file}); maak ze gelijk",
    ),
    "unknown-language": Texts(
        "'{lang}' is not one of the site's languages ({known}; LANGUAGES in pelicanconf.py)",
        "Deze taal staat niet op de site.",
        "'{lang}' is geen taal van de site ({known}; LANGUAGES in pelicanconf.py)",
    ),
    "translation-in-site-language": Texts(
        "'{lang}' is the language of the original {original} itself; a translation is in "
        "another language ({others})",
        "Een vertaling is in een andere taal dan het origineel.",
        "'{lang}' is de taal van het origineel {original} zelf; een vertaling is in een andere "
        "taal ({others})",
    ),
    "no-original": Texts(
        "a translation of {original}, which is not in {folder}/; name a translation after "
        "its original: <name>.<lang>.md beside <name>.md",
        "Bij deze vertaling hoort geen origineel.",
        "een vertaling van {original}, dat niet in {folder}/ staat; noem een vertaling naar het "
        "origineel: <naam>.<taal>.md naast <naam>.md",
    ),
    "empty-translation": Texts(
        "the translated text (below the front matter) is empty",
        "De vertaalde tekst is leeg.",
        "de vertaalde tekst (onder de gegevens) is leeg",
    ),
}

_SITE = {
    "no-address": Texts(
        "'{name}' has no letters or digits, so {what} has no address",
        "Deze naam heeft geen letters of cijfers. Zo krijgt de pagina geen adres.",
        "'{name}' heeft geen letters of cijfers, en dus geen adres",
    ),
    "empty-address": Texts(
        "gives an empty address (no letters or digits); set 'slug:'",
        "Dit geeft een leeg adres. Vul 'slug:' in.",
        "geeft een leeg adres (geen letters of cijfers); vul 'slug:' in",
    ),
    "duplicate-slug": Texts(
        "the {kind} slug '{slug}' is also the slug of {other}; give one a different 'slug:'",
        "Deze naam is al in gebruik. Kies een andere.",
        "de slug '{slug}' is ook de slug van {other}; geef een van beide een andere 'slug:'",
    ),
    "translation-needs-lang": Texts(
        "a translation needs 'lang:' (one of {others})",
        "Een vertaling heeft een taal nodig.",
        "een vertaling heeft 'lang:' nodig (een van {others})",
    ),
    "no-original-slug": Texts(
        "{named} is not the slug of a Dutch {kind}; set translation_of to the slug of the "
        "{kind} this translates",
        "Er is geen Nederlandse pagina met deze naam.",
        "{named} is geen slug van een Nederlandse pagina of bericht; zet translation_of op de "
        "slug van wat dit vertaalt",
    ),
    "path-outside-site": Texts(
        "'{path}' is not a path inside the site; write it like over/index.html",
        "Dit pad ligt niet op de site.",
        "'{path}' is geen pad op de site; schrijf het als over/index.html",
    ),
    "path-written-twice": Texts(
        "writes {path}, which is also written by {others}",
        "Op dit adres staat al een andere pagina.",
        "schrijft {path}, dat ook geschreven wordt door {others}",
    ),
    "path-in-generated-folder": Texts(
        "'{path}' lies in /{top}/, where the site generates its own pages ({source}); choose "
        "another address",
        "Dit adres is voor pagina's die de site zelf maakt. Kies een ander adres.",
        "'{path}' ligt in /{top}/, waar de site zelf pagina's maakt; kies een ander adres",
    ),
    "no-content-folder": Texts(
        "the content folder does not exist",
        "De map met teksten bestaat niet.",
        "de map met inhoud bestaat niet",
    ),
    "not-read": Texts(
        "is not read by the build; content/ holds only {expected}",
        "Dit bestand hoort hier niet. De site leest het niet.",
        "wordt niet gelezen; in content/ staan alleen {expected}",
    ),
    "corporation-not-folder": Texts(
        "is not read: each corporation is a folder {folder}/<slug>/ with profile.md, stances/ "
        "and faq/",
        "Elke corporatie heeft een eigen map. De site leest dit bestand niet.",
        "wordt niet gelezen: elke corporatie is een map {folder}/<slug>/ met profile.md, "
        "stances/ en faq/",
    ),
    "folder-not-slug": Texts(
        "is not read: the folder name '{name}' is not a slug (lowercase letters, digits and "
        "single hyphens)",
        "Gebruik in de naam van de map alleen kleine letters, cijfers en streepjes.",
        "wordt niet gelezen: de mapnaam '{name}' is geen slug (kleine letters, cijfers en losse "
        "streepjes)",
    ),
    "not-in-corporation": Texts(
        "is not read: {where} holds only profile.md, stances/ and faq/, not {what}",
        "Dit hoort niet in de map van een corporatie. De site leest het niet.",
        "wordt niet gelezen: in {where} staan alleen profile.md, stances/ en faq/, niet {what}",
    ),
    "files-only": Texts(
        "is not read: {folder}/ holds files only, not the folder {name}/",
        "Hier horen alleen bestanden, geen mappen.",
        "wordt niet gelezen: in {folder}/ staan alleen bestanden, niet de map {name}/",
    ),
    "translation-not-here": Texts(
        "is not read: only files in {folders} have translations (<name>.<lang>.md)",
        "Hier horen geen vertalingen.",
        "wordt niet gelezen: alleen bestanden in {folders} hebben vertalingen (<naam>.<taal>.md)",
    ),
    "bad-file-name": Texts(
        "is not read: a register file is named with lowercase letters, digits and single "
        "hyphens, ending in .md (the name becomes its id)",
        "Gebruik in de naam alleen kleine letters, cijfers en streepjes, met .md aan het eind.",
        "wordt niet gelezen: de naam van een registerbestand heeft kleine letters, cijfers en "
        "losse streepjes, en eindigt op .md (de naam wordt het kenmerk)",
    ),
    "hidden-file": Texts(
        "is a hidden file and is not read; remove it",
        "Dit is een verborgen bestand. Haal het weg.",
        "is een verborgen bestand en wordt niet gelezen; haal het weg",
    ),
    "wrong-extension": Texts(
        "is not read: a content file's name ends in '.md', not '{suffix}'",
        "De naam van het bestand moet eindigen op .md.",
        "wordt niet gelezen: de naam van een bestand eindigt op '.md', niet op '{suffix}'",
    ),
    "not-markdown": Texts(
        "is not read: only Markdown files ending in '.md' are content",
        "De site leest alleen bestanden die eindigen op .md.",
        "wordt niet gelezen: alleen Markdown-bestanden die eindigen op '.md' zijn inhoud",
    ),
    "file-too-large": Texts(
        "is {size:,} bytes; a content file may be at most {limit:,} bytes (split it, or link to "
        "the long document)",
        "Dit bestand is te groot. Verdeel het, of verwijs naar het lange stuk.",
        "is {size} bytes; een bestand is hoogstens {limit} bytes (verdeel het, of verwijs naar "
        "het lange stuk)",
    ),
    "symbolic-link": Texts(
        "is a symbolic link; content/ holds real files only (a link can point outside it, or "
        "in a loop)",
        "Dit is een snelkoppeling. Zet hier het echte bestand.",
        "is een snelkoppeling (symbolic link); in content/ staan alleen echte bestanden",
    ),
}

_INTAKE = {
    "too-large": Texts(
        "larger than {limit} bytes",
        "Het bericht is te groot.",
        "groter dan {limit} bytes",
    ),
    "malformed-json": Texts(
        "malformed JSON: {detail}",
        "Het bericht is geen geldige JSON.",
        "geen geldige JSON: {detail}",
    ),
    "not-json-object": Texts(
        "expected a JSON object",
        "Het bericht is geen geldige JSON.",
        "hier hoort een JSON-object",
    ),
    "emptied": Texts(
        "is empty once HTML and invisible characters are removed",
        "Hier blijft niets over als we code en onzichtbare tekens weghalen.",
        "is leeg zonder HTML en onzichtbare tekens",
    ),
    "proposed-name-missing": Texts(
        "give the name of the other corporation",
        "Vul de naam van uw corporatie in.",
        "geef de naam van de andere corporatie",
    ),
    "unknown-corporation": Texts(
        "unknown corporation '{slug}'; known: {known}",
        "Deze corporatie staat niet in ons overzicht.",
        "onbekende corporatie '{slug}'; bekend zijn: {known}",
    ),
    "month-of-vague-record": Texts(
        "{start} falls in {earlier}, the month of an earlier record whose day is unknown; the "
        "two cannot be put in order. Choose a date in another month, or ask the editors to "
        "complete the earlier date.",
        "In deze maand staat al een standpunt zonder dag. Kies een datum in een andere maand.",
        "{start} valt in {earlier}, de maand van een eerder standpunt zonder dag; die twee "
        "kunnen niet op volgorde. Kies een datum in een andere maand, of vraag de redactie de "
        "eerdere datum aan te vullen.",
    ),
    "already-received": Texts(
        "already received (receipt {receipt})",
        "Dit bericht hebben we al ontvangen.",
        "al ontvangen (ontvangstbewijs {receipt})",
    ),
}

# A translation file (<name>.<lang>.md) against its original.
_TRANSLATION = {
    "nothing-to-translate": Texts(
        "the original {original} has no {what}; a translation gives only the words of what the "
        "original has",
        "Dit staat niet in het oorspronkelijke bestand. Vertaal alleen wat daar staat.",
        "het origineel {original} heeft geen {what}; een vertaling geeft alleen de woorden van "
        "wat in het origineel staat",
    ),
    "translated-sources-count": Texts(
        "{count} source(s) translated, but the original has {expected}; give one entry per "
        "source, in the original's order",
        "Geef voor elke bron één vertaling, in dezelfde volgorde als in het origineel.",
        "{count} bron(nen) vertaald, maar het origineel heeft er {expected}; geef voor elke bron"
        " één vertaling, in de volgorde van het origineel",
    ),
}

# issue 21: the last bad inputs `make check` refuses
_ROUND_TWO = {
    "not-a-regular-file": Texts(
        "is not a plain file (a folder named '.md', a pipe or a device); content/ holds plain "
        "text files only",
        "Dit is geen gewoon bestand. Zet hier een gewoon tekstbestand.",
        "is geen gewoon bestand (een map met '.md' in de naam, een pipe of een apparaat); in "
        "content/ staan alleen gewone tekstbestanden",
    ),
    "control-character-in-name": Texts(
        "the name holds an invisible control character (such as a line break); rename the file",
        "In de naam staat een onzichtbaar teken. Geef het bestand een andere naam.",
        "in de naam staat een onzichtbaar stuurteken (zoals een regeleinde); geef het bestand "
        "een andere naam",
    ),
    "source-after-today": Texts(
        "{value} is after today ({today}); a source cannot be dated in the future",
        "Deze datum ligt na vandaag. Een bron kan niet uit de toekomst komen.",
        "{value} ligt na vandaag ({today}); een bron kan niet uit de toekomst komen",
    ),
    "modified-before-date": Texts(
        "{value} is before the publication date ({published}); a change comes after it",
        "De datum van de wijziging ligt voor de datum van het bericht.",
        "{value} ligt voor de datum van publicatie ({published}); een wijziging komt daarna",
    ),
    "too-far-ahead": Texts(
        "{value} is more than a year ahead (the last date the site accepts is {last}); check "
        "the year",
        "Deze datum ligt meer dan een jaar vooruit. Kijk het jaar na.",
        "{value} ligt meer dan een jaar vooruit (de laatste datum die de site aanneemt is "
        "{last}); kijk het jaar na",
    ),
    "verified-before-source": Texts(
        "{value} is before the date of the first source ({source}); the editors cannot have "
        "checked the record against it then",
        "De controle ligt voor de datum van de bron. Kijk de datum na.",
        "{value} ligt voor de datum van de eerste bron ({source}); toen kon de redactie het "
        "standpunt er nog niet mee controleren",
    ),
    "relative-link": Texts(
        "link '{href}' depends on the page it stands on; write /… for a page on this site, "
        "{{filename}}… for a content file, or https://… for another site",
        "Een link begint met /, met https:// of met {{filename}}.",
        "link '{href}' hangt af van de pagina waar hij staat; schrijf /… voor een pagina op deze"
        " site, {{filename}}… voor een bestand in content, of https://… voor een andere site",
    ),
    "link-to-draft": Texts(
        "'{target}' is a draft: a link to it would publish its address; link to it once it "
        "is published",
        "Deze pagina is nog een concept. Link er pas naar als hij gepubliceerd is.",
        "'{target}' is een concept: een link erheen maakt zijn adres openbaar; link er pas naar "
        "als het gepubliceerd is",
    ),
    "link-to-save-as": Texts(
        "'{target}' is written with save_as but has no url, so it has no address to link to; "
        "give it a url too, or link to its address",
        "Deze pagina heeft geen adres. Geef hem een url.",
        "'{target}' heeft save_as maar geen url, en dus geen adres om naar te linken; geef het "
        "ook een url, of link naar zijn adres",
    ),
    "translated-twice": Texts(
        "'{target}' already has a '{lang}' translation: {other}; one original has one "
        "translation per language",
        "Er is al een vertaling van deze pagina in deze taal.",
        "'{target}' heeft al een vertaling in '{lang}': {other}; een origineel heeft één "
        "vertaling per taal",
    ),
    "invisible-only": Texts(
        "holds only invisible characters (such as zero-width spaces); write the text, or "
        "remove the field",
        "Hier staan alleen onzichtbare tekens. Schrijf de tekst.",
        "bevat alleen onzichtbare tekens (zoals een onzichtbare spatie, U+200B); schrijf de "
        "tekst, of haal het veld weg",
    ),
    "unknown-field-near": Texts(
        "unknown field; did you mean '{near}'? expected one of: {allowed}",
        "Dit veld kennen we niet. Bedoelt u {near}?",
        "onbekend veld; bedoelde je '{near}'? Toegestaan zijn: {allowed}",
    ),
    "no-such-page": Texts(
        "link '{href}' leads to no page of this site (the build does not write it); check the "
        "address, or link with {{filename}}… to a content file",
        "Deze link gaat naar een pagina die niet bestaat.",
        "link '{href}' gaat naar een pagina die de site niet heeft (de bouw maakt hem niet); "
        "kijk het adres na, of link met {{filename}}… naar een bestand in content",
    ),
    "no-such-anchor": Texts(
        "{{filename}}{target}#{anchor}: the page has no heading with the anchor '{anchor}'; "
        "link to one of its headings (a heading '## Wat is X?' has the anchor 'wat-is-x')",
        "Deze link gaat naar een plek op de pagina die niet bestaat.",
        "{{filename}}{target}#{anchor}: de pagina heeft geen kop met het anker '{anchor}'; link "
        "naar een van de koppen (een kop '## Wat is X?' heeft het anker 'wat-is-x')",
    ),
}

# issue 21: links into a corporation's page
_SECTIONS = {
    "no-such-section": Texts(
        "{{{what}}}{target}#{anchor}: the page of {target} has no part with the anchor "
        "'{anchor}'; expected one of: {choices}",
        "Deze link gaat naar een plek op de pagina die niet bestaat.",
        "{{{what}}}{target}#{anchor}: de pagina van {target} heeft geen deel met het anker "
        "'{anchor}'; kies uit: {choices}",
    ),
}

CODES: Mapping[str, Texts] = MappingProxyType(
    {**_READING, **_SCHEMA, **SCHEMA_RULES, **_MARKUP, **_REGISTER, **_SITE, **_INTAKE}
    | _TRANSLATION
    | _ROUND_TWO
    | _SECTIONS
)
RULE_PREFIX = "{value}: "


def texts(code: str) -> Texts:
    try:
        return CODES[code]
    except KeyError:
        raise ValueError(f"unknown problem code {code!r}; add it to core/codes.py") from None


def english(code: str, values: Mapping[str, Any]) -> str:
    """The message `make check` prints: the code's English filled with ``values``."""
    return fill(texts(code).english, values, "en")


def for_sender(code: str, values: Mapping[str, Any]) -> str:
    """The Dutch the receiver shows a corporation's sender for this code."""
    return fill(texts(code).dutch_for_senders, values, "nl")


def for_editor(code: str, values: Mapping[str, Any]) -> str:
    """The Dutch `make check`, the build and the dev server print for this code."""
    return fill(texts(code).dutch_for_editors, values, "nl")


# Words a message fills in that are not the editor's own (a description, a library's detail):
# a Phrase names one by key and is said in the message's language. A '{detail}' English is a
# library's own words (PyYAML, codecs, jsonschema), shown as they are in English only.
PHRASES: Mapping[str, Words] = MappingProxyType(
    {
        "a-list": Words("a list", "een lijst"),
        "a-group": Words("a group of fields", "losse onderdelen (veld: waarde)"),
        "an-empty-value": Words("an empty value", "een leeg veld"),
        "field-of-corporation": Words("this field of a corporation", "dit veld van een corporatie"),
        "field-of-question": Words("this field of a question", "dit veld van een vraag"),
        "field-of-help": Words(
            "this field of a help organisation", "dit veld van een hulporganisatie"
        ),
        "escape-lt": Words("&lt; for a '<' that is text", "&lt; voor een '<' die tekst is"),
        "utf8": Words("{detail}", "een teken in een andere codering (zoals é in Latin-1)"),
        "yaml-colon": Words(
            "{detail}",
            "een dubbele punt midden in een waarde; zet de waarde tussen aanhalingstekens",
        ),
        "yaml-no-colon": Words("{detail}", "na een veldnaam ontbreekt de ':'"),
        "yaml-token": Words(
            "{detail}",
            "een teken waarmee een waarde niet kan beginnen (een tab, of @ of ` vooraan); gebruik "
            "spaties, of zet de waarde tussen aanhalingstekens",
        ),
        "yaml-open-quote": Words("{detail}", "een aanhalingsteken wordt niet gesloten"),
        "yaml-other": Words(
            "{detail}", "kijk de dubbele punten, aanhalingstekens en inspringing na"
        ),
        "schema-other": Words("{detail}", "de waarde past niet bij de regel voor dit veld"),
        "json-value": Words(
            "expected a value, found {found}", "hier hoort een waarde; gevonden: {found}"
        ),
        "json-end": Words("the end of the text", "het einde van de tekst"),
        "json-name": Words(
            "expected a field name in double quotes",
            "hier hoort een veldnaam tussen dubbele aanhalingstekens",
        ),
        "json-colon": Words("expected ':' after a field name", "na een veldnaam hoort een ':'"),
        "json-object-next": Words("expected ',' or '}}'", "hier hoort ',' of '}}'"),
        "json-array-next": Words("expected ',' or ']'", "hier hoort ',' of ']'"),
        "json-after": Words("unexpected text after the object", "na het object staat nog tekst"),
        "json-nested": Words("nested too deeply", "te veel lagen in elkaar"),
        # what the site itself writes, named where an editor's page would take its address
        "generated-page": Words(
            "the '{template}' page the site generates", "de pagina '{template}' die de site maakt"
        ),
        "generated-feed": Words("the feed {name}", "de feed {name}"),
        "register-output": Words(
            "a register {kind} ({doc}; setting {setting})",
            "een bestand van het register (instelling {setting})",
        ),
        "edition-output": Words(
            "the '{lang}' edition's {key}", "de {key} van de taalversie '{lang}'"
        ),
        "site-file": Words(
            "a file the site generates after the build", "een bestand dat de site na de bouw maakt"
        ),
        "theme-files": Words("the theme's files", "de bestanden van het thema"),
        "municipality-page": Words("municipality '{slug}'", "gemeente '{slug}'"),
        "json-string": Words(
            "{detail}",
            "een tekst tussen aanhalingstekens klopt niet (niet gesloten, of met een '\\' of "
            "stuurteken dat niet mag)",
        ),
    }
)


@dataclass(frozen=True)
class Phrase:
    """A value that is words of the site's own, said in the message's language (PHRASES)."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def named(cls, key: str, /, **values: Any) -> Phrase:
        if key not in PHRASES:
            raise ValueError(f"unknown phrase {key!r}; add it to PHRASES in core/codes.py")
        return cls(key, tuple(values.items()))

    @classmethod
    def from_english(cls, text: Any) -> Any:
        """The phrase whose English is ``text`` (a schema's rule gives English), else ``text``."""
        for key, texts in PHRASES.items():
            if texts.english == text and not placeholders(texts.english):
                return cls(key)
        return text

    def said(self, language: str) -> str:
        texts = PHRASES[self.key]
        return fill(texts.dutch if language == "nl" else texts.english, dict(self.values), language)

    def __str__(self) -> str:
        return self.said("en")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class Items(tuple):
    """Several values said as one, separated by '; ' (each phrase in the message's language)."""


class _Filler(string.Formatter):
    def __init__(self, language: str):
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> Any:
        if isinstance(value, Items):
            return "; ".join(self.format_field(item, "") for item in value)
        if isinstance(value, Phrase):
            return format(value.said(self.language), format_spec)
        if self.language == "nl" and isinstance(value, int) and not isinstance(value, bool):
            return format_decimal(value, locale="nl_NL")  # 100.002, as Dutch writes it
        return format(value, format_spec)


def fill(template: str, values: Mapping[str, Any], language: str) -> str:
    """``template`` filled with ``values`` in ``language`` ('nl' or 'en'): phrases in that
    language, whole numbers written as it writes them (Dutch 100.002, English as the template)."""
    return _Filler(language).vformat(template, (), values)


def placeholders(template: str) -> set[str]:
    """The names a template fills in: ``'{value} is {length:,}'`` → ``{'value', 'length'}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _pattern(template: str) -> re.Pattern[str]:
    parts, seen = [], set()
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name and name in seen:
            parts.append(f"(?P={name})")
        elif name:
            parts.append(f"(?P<{name}>.+?)")
            seen.add(name)
    return re.compile("".join(parts))


_RULE_PATTERNS = tuple(
    (code, _pattern(t.english.removeprefix(RULE_PREFIX))) for code, t in SCHEMA_RULES.items()
)


def rule_code(rule: str) -> tuple[str, dict[str, str]] | None:
    """The code of a schema's rule (its ``x-message``) and the values in it; None if none."""
    for code, pattern in _RULE_PATTERNS:
        if match := pattern.fullmatch(rule):
            return code, match.groupdict()
    return None
