"""The one definition of the stance register's vocabulary.

Validation, labels and icons on the site, the /methode/ page, the published JSON Schema, the
submission form and the exports are all derived from the options below. Add a level here and
every one of those places follows.
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Option:
    """One allowed value: its code, Dutch label and one-sentence explanation.

    ``rank`` orders the levels of a scale from least to most protective for the tenant;
    ``None`` means the value is not on the scale at all (``unknown``).
    """

    value: str
    label: str
    explanation: str
    rank: int | None = None


@dataclass(frozen=True)
class Vocabulary:
    """A named list of options (a scale when its options are ranked)."""

    field: str
    title: str
    question: str
    options: tuple[Option, ...]

    @property
    def values(self) -> list[str]:
        return [option.value for option in self.options]

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
        """'unknown', 'low', 'mid' or 'high' protection: drives icon and colour (never alone)."""
        option = self.get(value)
        if option.rank is None:
            return "unknown"
        top = max(o.rank for o in self.ranked)
        if option.rank == 0:
            return "low"
        return "high" if option.rank == top else "mid"


_UNKNOWN_LEVEL = Option(
    UNKNOWN,
    "Onbekend",
    "We weten niet wat de corporatie hierover zegt; dat is iets anders dan gewoon beleid.",
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
            "Niet bij coronaschuld",
            "De corporatie ontruimt niet als de huurachterstand door de coronacrisis komt.",
            2,
        ),
        Option(
            "none",
            "Geen ontruimingen",
            "De corporatie zegt voorlopig helemaal geen huurders uit huis te zetten.",
            3,
        ),
        _UNKNOWN_LEVEL,
    ),
)

COLLECTION = Vocabulary(
    "collection",
    "Incasso",
    "Hoe streng is de corporatie als de huur niet op tijd betaald wordt?",
    (
        Option(
            "normal",
            "Gewoon beleid",
            "Aanmaningen, incassokosten en de deurwaarder volgen zoals altijd.",
            0,
        ),
        Option(
            "help_offered",
            "Hulp aangeboden",
            "De gewone stappen blijven, maar de corporatie wijst actief op hulp en zoekt "
            "samen met de huurder naar een oplossing.",
            1,
        ),
        Option(
            "lenient",
            "Soepeler",
            "De corporatie is milder: meer tijd, een betalingsregeling, minder snel een "
            "volgende stap.",
            2,
        ),
        Option(
            "no_costs",
            "Geen incassokosten",
            "De corporatie rekent geen incassokosten voor de achterstand.",
            3,
        ),
        Option(
            "paused",
            "Incasso gestopt",
            "De corporatie zet voorlopig geen stappen om achterstallige huur te innen.",
            4,
        ),
        _UNKNOWN_LEVEL,
    ),
)

SCOPE = Vocabulary(
    "scope",
    "Voor wie",
    "Voor welke huurachterstanden geldt het standpunt?",
    (
        Option(
            "corona_arrears",
            "Achterstand door corona",
            "Het standpunt geldt alleen als de achterstand komt door minder inkomen door "
            "de coronacrisis.",
            0,
        ),
        Option(
            "all_arrears",
            "Alle achterstanden",
            "Het standpunt geldt voor elke huurachterstand, wat de oorzaak ook is.",
            1,
        ),
        Option(UNKNOWN, "Onbekend", "We weten niet voor welke achterstanden het standpunt geldt."),
    ),
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
            "De huurder heeft schulden die zich al lang opstapelen.",
        ),
        Option(
            "ignores_help",
            "Negeert hulp",
            "De huurder heeft een grote achterstand en reageert niet op hulp.",
        ),
    ),
)

PROVENANCE = Vocabulary(
    "provenance",
    "Herkomst",
    "Waar komt de informatie vandaan?",
    (
        Option(
            "corporation",
            "Van de corporatie",
            "De corporatie heeft het standpunt zelf gestuurd of bevestigd.",
        ),
        Option(
            "press",
            "Uit het nieuws",
            "Het standpunt komt uit een nieuwsbericht; de corporatie heeft het niet zelf "
            "bevestigd.",
        ),
        Option(
            "editorial",
            "Redactie",
            "De redactie heeft het standpunt gelezen in een openbare bron, zoals de website "
            "van de corporatie.",
        ),
    ),
)

STATUS = Vocabulary(
    "status",
    "Status",
    "Staat het standpunt op de site?",
    (
        Option("draft", "Concept", "De redactie werkt er nog aan; het staat niet op de site."),
        Option(
            "pending",
            "Wacht op controle",
            "Ingestuurd door de corporatie; de redactie moet het nog controleren.",
        ),
        Option("published", "Gepubliceerd", "Gecontroleerd en zichtbaar op de site."),
    ),
)

SCALES = (EVICTION, COLLECTION)
VOCABULARIES = (EVICTION, COLLECTION, SCOPE, EXCEPTIONS, PROVENANCE, STATUS)
COMPARISON = {
    "more": "Beschermt meer",
    "same": "Hetzelfde",
    "less": "Beschermt minder",
    UNKNOWN: "Onbekend",
}
