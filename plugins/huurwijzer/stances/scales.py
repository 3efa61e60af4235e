"""The register's vocabulary: every code, label, explanation and field title a reader sees.

Validation, the labels and icons on the site, /methode/, the published JSON Schema, the
submission form, the exports and the comparison all derive from the definitions below. Add a
level or a measure here and every one of those places follows; no other module or template
spells a label, a field title or a status itself (a meta-test checks).

Two kinds of facts, because sources speak in two ways:
- a *scale* (eviction, scope) whose levels really are steps of one measure, ranked from least
  to most protective for the tenant;
- a *measure* (more time, no collection costs, …): one independent fact, yes / no / not
  stated. Measures are never ranked against each other: "milder than usual" is not "no
  collection costs".
``unknown`` (not stated) is outside every ranking, shown as such, and exported as null.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

SCHEMA_VERSION = 2

UNKNOWN = "unknown"
YES = "yes"
NO = "no"
NO_END = "none"  # effective_until: the source says explicitly that there is no end

PUBLISHED, PENDING, DRAFT = "published", "pending", "draft"
CORPORATION, PRESS, EDITORIAL = "corporation", "press", "editorial"

SCALE, MEASURE, SET, LABEL = "scale", "measure", "set", "label"


@dataclass(frozen=True)
class Option:
    """One allowed value: its code, Dutch label and one-sentence explanation.

    ``rank`` orders a scale's levels from least to most protective for the tenant; ``None``
    means the value is not on the scale at all (``unknown``).
    """

    value: str
    label: str
    explanation: str
    rank: int | None = None


@dataclass(frozen=True)
class Vocabulary:
    """A named list of options; ``kind`` says how its values may be compared."""

    field: str
    title: str
    question: str
    options: tuple[Option, ...]
    kind: str = LABEL

    @property
    def values(self) -> list[str]:
        return [option.value for option in self.options]

    @property
    def known_values(self) -> list[str]:
        return [v for v in self.values if v != UNKNOWN]

    def get(self, value: str | None) -> Option:
        for option in self.options:
            if option.value == (value or UNKNOWN):
                return option
        raise KeyError(value)

    def label(self, value: str | None) -> str:
        return self.get(value).label

    @property
    def ranked(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.rank is not None)

    def tone(self, value: str | None) -> str:
        """'unknown', 'low', 'mid' or 'high' protection: icon and colour (never alone)."""
        option = self.get(value)
        if option.rank is None:
            return "unknown"
        top = max(o.rank for o in self.ranked)
        if option.rank == 0:
            return "low"
        return "high" if option.rank == top else "mid"


def _measure(field: str, title: str, question: str, explanation: str) -> Vocabulary:
    """An independent yes / no / not-stated fact about debt collection."""
    return Vocabulary(
        field,
        title,
        question,
        (
            Option(YES, "Ja", explanation, 1),
            Option(NO, "Nee", "De bron zegt dat dit niet zo is.", 0),
            Option(UNKNOWN, "Niet genoemd", "De bron zegt hier niets over."),
        ),
        MEASURE,
    )


EVICTION = Vocabulary(
    "eviction",
    "Ontruimen",
    "Zet de corporatie huurders met een huurachterstand uit huis?",
    (
        Option(
            "normal",
            "Gewoon beleid",
            "Bij een grote huurachterstand kan de corporatie, zoals altijd, naar de rechter "
            "gaan om de woning te laten ontruimen.",
            0,
        ),
        Option(
            "restrained",
            "Terughoudend",
            "De corporatie stelt ontruimingen zo veel mogelijk uit en kijkt per huurder "
            "naar een oplossing.",
            1,
        ),
        Option(
            "no_corona_arrears",
            "Niet bij achterstand door corona",
            "De corporatie zet niemand uit huis van wie de huurachterstand door de "
            "coronacrisis komt.",
            2,
        ),
        Option(
            "none",
            "Geen ontruimingen",
            "De corporatie zegt voorlopig niemand uit huis te zetten.",
            3,
        ),
        Option(
            UNKNOWN,
            "Onbekend",
            "De bron zegt hier niets over. Dat is iets anders dan gewoon beleid.",
        ),
    ),
    SCALE,
)

SCOPE = Vocabulary(
    "scope",
    "Voor wie",
    "Voor welke huurachterstanden geldt het standpunt?",
    (
        Option(
            "corona_arrears",
            "Achterstand door corona",
            "Het standpunt gaat over huurachterstand die te maken heeft met de gevolgen van "
            "de coronacrisis.",
            0,
        ),
        Option(
            "all_arrears",
            "Elke achterstand",
            "Het standpunt geldt voor elke huurachterstand, wat de oorzaak ook is.",
            1,
        ),
        Option(UNKNOWN, "Onbekend", "De bron zegt niet voor welke achterstanden het geldt."),
    ),
    SCALE,
)

LENIENT_COLLECTION = _measure(
    "lenient_collection",
    "Soepeler met innen van huur",
    "Zegt de corporatie dat zij soepeler is dan normaal als je huur te laat betaalt?",
    "De corporatie zegt soepeler te zijn dan normaal. Hoe precies, zegt zij niet.",
)
HELP_OFFERED = _measure(
    "help_offered",
    "Samen een oplossing zoeken",
    "Vraagt de corporatie huurders met minder inkomen om contact, om samen iets te regelen?",
    "Huurders met minder inkomen kunnen contact opnemen met de corporatie. Samen zoeken zij "
    "een oplossing.",
)
PAYMENT_PLAN = _measure(
    "payment_plan",
    "Meer tijd of betalingsregeling",
    "Geeft de corporatie meer tijd, of een betalingsregeling?",
    "De corporatie geeft meer tijd om te betalen, of spreekt een betalingsregeling af.",
)
NO_COLLECTION_COSTS = _measure(
    "no_collection_costs",
    "Geen incassokosten",
    "Rekent de corporatie geen incassokosten voor de achterstand?",
    "De corporatie rekent geen incassokosten voor de achterstand.",
)
NO_BAILIFF = _measure(
    "no_bailiff",
    "Geen deurwaarder",
    "Laat de corporatie de deurwaarder weg?",
    "De corporatie schakelt geen deurwaarder in.",
)
COLLECTION_PAUSED = _measure(
    "collection_paused",
    "Innen stilgezet",
    "Zet de corporatie het innen van achterstallige huur stil?",
    "De corporatie zet voorlopig geen stappen om achterstallige huur te innen.",
)

EXCEPTIONS = Vocabulary(
    "exceptions",
    "Uitzonderingen",
    "Wanneer kan de corporatie toch ontruimen?",
    (
        Option(
            "criminal_activity",
            "Criminele activiteiten",
            "Bijvoorbeeld een hennepkwekerij in de woning.",
        ),
        Option(
            "serious_nuisance",
            "Ernstige overlast",
            "De huurder veroorzaakt ernstige overlast voor de buren.",
        ),
        Option(
            "unreachable",
            "Huurder niet bereikbaar",
            "De corporatie krijgt geen contact met de huurder.",
        ),
        Option(
            "refuses_payment_plan",
            "Weigert betalingsregeling",
            "De huurder wil geen betalingsregeling afspreken.",
        ),
        Option(
            "piled_up_debts",
            "Opgestapelde schulden",
            "De huurder heeft veel schulden, die zich opstapelen.",
        ),
        Option(
            "ignores_help",
            "Negeert hulp",
            "De huurder heeft een grote achterstand en reageert niet op hulp.",
        ),
    ),
    SET,
)

PROVENANCE = Vocabulary(
    "provenance",
    "Waar het vandaan komt",
    "Waar komt de informatie vandaan?",
    (
        Option(
            CORPORATION,
            "Van de corporatie",
            "De corporatie heeft het standpunt zelf gestuurd of bevestigd.",
        ),
        Option(
            PRESS,
            "Uit het nieuws",
            "Het standpunt komt uit een nieuwsbericht. De corporatie heeft het niet aan "
            "Huurwijzer gestuurd, en de redactie heeft het nog niet bij haar nagevraagd.",
        ),
        Option(
            EDITORIAL,
            "Gelezen door de redactie",
            "De redactie las het standpunt in een openbare bron, zoals de website van de "
            "corporatie.",
        ),
    ),
)

STATUS = Vocabulary(
    "status",
    "Status",
    "Staat het standpunt op de site?",
    (
        Option(DRAFT, "Concept", "De redactie werkt er nog aan. Het staat niet op de site."),
        Option(
            PENDING,
            "Wacht op de redactie",
            "Ingestuurd. De redactie heeft het nog niet goedgekeurd.",
        ),
        Option(
            PUBLISHED,
            "Op de site",
            "Staat op de site. Dat zegt niet dat de redactie het heeft nagekeken: dat staat "
            "apart bij elk standpunt.",
        ),
    ),
)

VERDICT = Vocabulary(
    "verdict",
    "Vergeleken met de landelijke afspraak",
    "Beschermt de corporatie meer of minder dan de landelijke afspraak?",
    (
        Option("more", "Beter voor jou", "Op dit punt beschermt de corporatie je beter.", 2),
        Option("same", "Hetzelfde", "Op dit punt zeggen beide hetzelfde.", 1),
        Option("less", "Minder goed voor jou", "Op dit punt beschermt de corporatie je minder.", 0),
        Option(
            UNKNOWN,
            "Weten we niet",
            "Van een van beide kanten weten we het niet. Daarom zeggen we niet of het beter "
            "of minder goed voor je is.",
        ),
        Option(
            "not_comparable",
            "Deels beter, deels minder",
            "Op het ene punt beter, op het andere minder goed. Dat tellen we niet op.",
        ),
    ),
)

MEASURES = (
    LENIENT_COLLECTION,
    HELP_OFFERED,
    PAYMENT_PLAN,
    NO_COLLECTION_COSTS,
    NO_BAILIFF,
    COLLECTION_PAUSED,
)
SCALES = (EVICTION, SCOPE)
# Every fact a stance record can state, in the order a reader sees them.
STANCE_FACTS = (EVICTION, SCOPE, EXCEPTIONS, *MEASURES)
VOCABULARIES = (*STANCE_FACTS, PROVENANCE, STATUS)
FACT_BY_FIELD = {v.field: v for v in STANCE_FACTS}

# Titles of the fields that are not vocabularies.
FIELD_TITLES = {
    "collection": "Incasso",
    "effective_from": "Geldt vanaf",
    "effective_until": "Geldt tot",
    "at_least_until": "Geldt in elk geval tot",
    "said": "Gezegd",
    "verified_on": "Nagekeken",
    "verified_how": "Hoe nagekeken",
    "approved_on": "Goedgekeurd op",
    "approved_by": "Goedgekeurd door",
    "received_on": "Ontvangen van de corporatie op",
    "statement": "In eigen woorden",
    "basis": "Wat de bron zegt",
}

# The words for "not known", "none" and their kin: one wording each, everywhere.
WORDS = {
    "unknown": "onbekend",
    "exceptions_none": "Geen uitzonderingen",
    "exceptions_unknown": "Niet genoemd",
    "until_none": "Geen einddatum",
    "until_unknown": "Niet bekend: de bron noemt geen einddatum",
    "at_least_until": "in elk geval tot {date}",
    "verified": "Nagekeken door de redactie op {date}",
    "not_verified": "Nog niet nagekeken door de redactie",
    "no_stance": "Geen standpunt bekend",
    "no_stance_explained": "De bron zegt niets over wat {name} doet bij ontruimen of incasso.",
    "collection_none_stated": "Niets bekend over incasso",
    "said": "Gezegd in {date}",
    "age": "{age} geleden",
    "same_words": "Zegt hetzelfde, maar uitzonderingen onbekend",
    "stale": "Let op: dit is {age} oud.",
}


# The Netherlands' twelve provinces, as municipalities.md names them: vocabulary, so another
# language gives its own name in its catalog (North Holland); most are the same everywhere.
PROVINCES = (
    "Drenthe",
    "Flevoland",
    "Friesland",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
)


def messages() -> list[tuple[str, str]]:
    """Every text above with its one identifier, e.g. ('eviction.normal.label', 'Gewoon beleid').

    The Dutch text is the source; other languages translate it in their message catalog
    (theme/translations/<lang>/LC_MESSAGES/messages.po), where the identifier is the
    translator's note. `make translations` extracts them through this function.
    """
    found = []
    for vocabulary in (*VOCABULARIES, VERDICT):
        found.append((f"{vocabulary.field}.title", vocabulary.title))
        found.append((f"{vocabulary.field}.question", vocabulary.question))
        for option in vocabulary.options:
            found.append((f"{vocabulary.field}.{option.value}.label", option.label))
            found.append((f"{vocabulary.field}.{option.value}.explanation", option.explanation))
    found += [(f"field.{name}", text) for name, text in FIELD_TITLES.items()]
    found += [(f"word.{name}", text) for name, text in WORDS.items()]
    found += [(f"province.{name.lower()}", name) for name in PROVINCES]
    return found


def translated(vocabulary: Vocabulary, gettext: Callable[[str], str]) -> Vocabulary:
    """The same vocabulary (codes, ranks, kind) with its words in another language."""
    return replace(
        vocabulary,
        title=gettext(vocabulary.title),
        question=gettext(vocabulary.question),
        options=tuple(
            replace(o, label=gettext(o.label), explanation=gettext(o.explanation))
            for o in vocabulary.options
        ),
    )
