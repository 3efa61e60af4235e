"""The payment-plan letter and phone script: their words with blanks, decided once.

The letter is written here once, as paragraphs of text and blanks. The page template renders
it as HTML (each blank a marked span the script fills in), and ``plain_text`` renders it for
the e-mail link of a page without JavaScript. The national agreement is cited only in a
paragraph per period in which the register's agreement records say it was in force; the
script shows the one whose period holds the letter's date. No date is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huurwijzer.core.filters import nl_date
from huurwijzer.stances.model import AgreementPeriod, Corporation, PartialDate, StanceRecord
from huurwijzer.stances.scales import YES

SUBJECT = "Verzoek om een betalingsregeling"
# The codes (never the labels) of the agreement's values the letter may repeat in its words.
NO_EVICTION_FOR_CORONA_ARREARS = "no_corona_arrears"
CORONA_ARREARS = "corona_arrears"


@dataclass(frozen=True)
class Blank:
    """A place the tenant fills in; shown as ``[placeholder]`` until then."""

    field: str
    placeholder: str

    @property
    def text(self) -> str:
        return f"[{self.placeholder}]"


Part = str | Blank
Paragraph = tuple[Part, ...]  # "\n" inside a text part is a line break


@dataclass(frozen=True)
class Field:
    """One input of the fill-in form: the blank it fills, its label and input type."""

    name: str
    label: str
    kind: str = "text"  # text, date or decimal (an amount in euro)
    autocomplete: str = "off"
    hint: str = ""


NAME = Blank("name", "je naam")
ADDRESS = Blank("address", "je adres")
TENANT_NUMBER = Blank("tenant_number", "huurdersnummer")
REASON = Blank("reason", "waarom je niet kon betalen")
AMOUNT = Blank("amount", "bedrag achterstand")
MONTHLY = Blank("monthly", "bedrag per maand")
DATE = Blank("date", "datum")
LANDLORD = Blank("landlord", "naam verhuurder")
LANDLORD_ADDRESS = Blank("landlord_address", "adres verhuurder")

FIELDS = (
    Field("name", "Je naam", autocomplete="off"),
    Field("address", "Je adres (straat, huisnummer, postcode en plaats)"),
    Field(
        "tenant_number", "Je huurdersnummer", hint="Dit staat op je huurcontract of op een brief."
    ),
    Field(
        "reason",
        "Waarom kon je de huur niet helemaal betalen?",
        hint=(
            "Schrijf het kort en in je eigen woorden. Bijvoorbeeld: mijn inkomen is lager geworden."
        ),
    ),
    Field("amount", "Hoeveel huur moet je nog betalen? (in euro)", kind="decimal"),
    Field(
        "monthly",
        "Hoeveel kun je per maand extra betalen? (in euro)",
        kind="decimal",
        hint="Kies een bedrag dat je echt elke maand kunt missen.",
    ),
    Field("date", "Datum van de brief", kind="date"),
)
LANDLORD_FIELDS = (
    Field("landlord", "Naam van je verhuurder"),
    Field("landlord_address", "Adres van je verhuurder"),
)


@dataclass(frozen=True)
class Citation:
    """The paragraph that cites the agreement, for letters dated first..last (ISO dates)."""

    first: date
    last: date | None
    text: str
    stated_from: str = ""  # the start as the sources give it ('2020-10': no day is known)

    @property
    def from_is_partial(self) -> bool:
        """The sources name no day for the start: show the month, never an invented day."""
        return len(self.stated_from) < 10

    @property
    def first_iso(self) -> str:
        return self.first.isoformat()

    @property
    def last_iso(self) -> str:
        return self.last.isoformat() if self.last else ""


@dataclass(frozen=True)
class ScriptStep:
    title: str
    parts: Paragraph


@dataclass(frozen=True)
class LetterView:
    """One letter page: to one corporation, or (corporation None) to any landlord."""

    url: str
    save_as: str
    corporation_name: str | None
    corporation_url: str | None
    recipient_lines: tuple[str, ...]  # the postal address for letters; empty when unknown
    email: str | None
    sender: tuple[Paragraph, ...]
    recipient: tuple[Paragraph, ...]
    opening: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]
    closing: tuple[Paragraph, ...]
    citations: tuple[Citation, ...]
    script: tuple[ScriptStep, ...]
    fields: tuple[Field, ...]
    subject: str = SUBJECT

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The letter without the agreement paragraph (its date is not known yet)."""
        return self.sender + self.recipient + self.opening + self.body + self.closing

    def plain_text(self) -> str:
        """The letter with its blanks, as plain text (the e-mail link without JavaScript)."""
        return "\n\n".join(
            "".join(p.text if isinstance(p, Blank) else p for p in paragraph)
            for paragraph in self.paragraphs
        )


def _when(day: PartialDate) -> str:
    return nl_date(str(day))


def citation_text(record: StanceRecord, extends: StanceRecord | None = None) -> str | None:
    """What the letter may say about an agreement record: only what the record states.

    ``extends`` is the older agreement this record extends; a party that joined is named only
    where the record's own sources name it (the VNG in October 2020).
    """
    promises = []
    if (
        record.value("eviction") == NO_EVICTION_FOR_CORONA_ARREARS
        and record.value("scope") == CORONA_ARREARS
    ):
        promises.append("geen ontruiming bij een huurachterstand die door de coronacrisis komt")
    if record.value("no_collection_costs") == YES:
        promises.append("geen incassokosten voor zo'n achterstand")
    if not promises:
        return None
    end = record.end
    if end.until is not None:
        until = f" Deze afspraak loopt tot {_when(end.until)}."
    elif end.at_least is not None:
        until = f" Deze afspraak loopt in elk geval tot {_when(end.at_least)}."
    else:
        until = ""
    parties = "de organisaties van verhuurders en de minister voor wonen"
    if extends is None:
        which = f"de landelijke afspraak van {_when(record.effective_from)} tussen {parties}"
    else:
        which = (
            f"de landelijke afspraak van {_when(extends.effective_from)} tussen {parties}, "
            f"verlengd in {_when(record.effective_from)}"
        )
        if any("VNG" in source.publisher for source in record.sources):
            which += ", nu ook met de Vereniging van Nederlandse Gemeenten (VNG)"
    return (
        "Komt mijn achterstand door de coronacrisis? Dan vraag ik u ook rekening te houden met "
        f"{which}: {' en '.join(promises)}.{until}"
    )


def citations(periods: list[AgreementPeriod]) -> tuple[Citation, ...]:
    found = []
    for i, period in enumerate(periods):
        text = citation_text(period.record, periods[i - 1].record if i else None)
        if text is not None:
            found.append(
                Citation(period.first, period.last, text, str(period.record.effective_from))
            )
    return tuple(found)


SENDER: tuple[Paragraph, ...] = ((NAME, "\n", ADDRESS),)
OPENING: tuple[Paragraph, ...] = (
    ("Datum: ", DATE),
    (f"Onderwerp: {SUBJECT.lower()}", "\n", "Huurdersnummer: ", TENANT_NUMBER),
    ("Geachte heer of mevrouw,",),
)
BODY: tuple[Paragraph, ...] = (
    (
        "Ik heb mijn huur niet helemaal kunnen betalen. De reden: ",
        REASON,
        ". Mijn huurachterstand is nu €\u00a0",
        AMOUNT,
        ".",
    ),
    (
        "Ik wil deze achterstand graag betalen. Daarom vraag ik u om een "
        "betalingsregeling. Ik stel voor dat ik elke maand €\u00a0",
        MONTHLY,
        " extra betaal, naast mijn gewone huur. Dat bedrag kan ik betalen.",
    ),
    (
        "Wilt u geen incassokosten rekenen zolang de betalingsregeling loopt? En wilt u "
        "in die tijd geen stappen zetten om mij uit mijn huis te zetten?",
    ),
)
CLOSING: tuple[Paragraph, ...] = (
    ("Wilt u mij schriftelijk laten weten of u akkoord gaat? Dat mag per brief of per e-mail.",),
    ("Met vriendelijke groet,", "\n\n\n", NAME),
)
SCRIPT: tuple[ScriptStep, ...] = (
    ScriptStep(
        "Wie je bent",
        (
            "Goedendag, u spreekt met ",
            NAME,
            ". Ik woon op ",
            ADDRESS,
            ". Mijn huurdersnummer is ",
            TENANT_NUMBER,
            ".",
        ),
    ),
    ScriptStep(
        "Wat er gebeurde",
        (
            "Ik kon de huur niet helemaal betalen. De reden: ",
            REASON,
            ". Mijn achterstand is €\u00a0",
            AMOUNT,
            ".",
        ),
    ),
    ScriptStep(
        "Wat je voorstelt",
        (
            "Ik wil de achterstand betalen met een betalingsregeling: elke maand €\u00a0",
            MONTHLY,
            " extra, naast mijn huur.",
        ),
    ),
    ScriptStep(
        "Wat je vraagt te bevestigen",
        (
            "Wilt u de afspraak per brief of e-mail bevestigen? En wilt u zolang de "
            "regeling loopt geen incassokosten rekenen en geen stappen zetten om mij "
            "uit huis te zetten?",
        ),
    ),
)


def build_letter(
    url: str,
    save_as: str,
    periods: list[AgreementPeriod],
    corporation: Corporation | None = None,
    corporation_url: str | None = None,
    email: str | None = None,
) -> LetterView:
    """The letter to ``corporation`` (its name and, when known, its address), or to anyone."""
    lines = letter_address(corporation)
    return LetterView(
        url=url,
        save_as=save_as,
        corporation_name=corporation.name if corporation is not None else None,
        corporation_url=corporation_url,
        recipient_lines=lines,
        email=email,
        sender=SENDER,
        recipient=recipient(corporation, lines),
        opening=OPENING,
        body=BODY,
        closing=CLOSING,
        citations=citations(periods),
        script=SCRIPT,
        fields=letter_fields(corporation, lines),
    )


def letter_address(corporation: Corporation | None) -> tuple[str, ...]:
    """The corporation's postal address for letters, line by line; empty when unknown."""
    if corporation is None:
        return ()
    address = (corporation.contact or {}).get("letter_address") or ""
    return tuple(line.strip() for line in address.splitlines() if line.strip())


def recipient(corporation: Corporation | None, lines: tuple[str, ...]) -> tuple[Paragraph, ...]:
    """Whom the letter goes to: the corporation and its address (a blank when unknown), or
    blanks for any landlord."""
    if corporation is None:
        return ((LANDLORD, "\n", LANDLORD_ADDRESS),)
    if lines:
        address: Part = "\n".join(lines)
    else:
        address = Blank(LANDLORD_ADDRESS.field, f"postadres van {corporation.name}")
    return ((corporation.name, "\n", address),)


def letter_fields(corporation: Corporation | None, lines: tuple[str, ...]) -> tuple[Field, ...]:
    """The form's inputs: the landlord's name and address too when writing to anyone, the
    corporation's address when it is not known."""
    if corporation is None:
        return LANDLORD_FIELDS + FIELDS
    if lines:
        return FIELDS
    asked = Field(
        LANDLORD_ADDRESS.field,
        f"Postadres van {corporation.name}",
        hint=f"Wij weten dit adres niet. Kijk op een brief die je van {corporation.name} kreeg.",
    )
    return (*FIELDS, asked)


def messages() -> list[tuple[str, str]]:
    """What a reader of another language needs translated: field labels, hints, step titles."""
    general = build_letter("", "", [])
    found = []
    for field in general.fields:
        found.append((f"letter.field.{field.name}.label", field.label))
        if field.hint:
            found.append((f"letter.field.{field.name}.hint", field.hint))
    found += [(f"letter.step.{n}", step.title) for n, step in enumerate(general.script, 1)]
    return found
