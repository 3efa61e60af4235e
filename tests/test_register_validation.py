"""The register's checks as pure functions: every bad input names its file, line and field."""

from datetime import date
from pathlib import Path

import pytest

from huurwijzer.stances.loading import load_register

TODAY = date(2026, 11, 28)
SETTINGS = {"MARKDOWN": None}
MUNICIPALITIES = """---
municipalities:
  - {slug: emmen, name: Emmen, province: Drenthe}
  - {slug: assen, name: Assen, province: Drenthe}
---
"""
PROFILE = """---
name: Voorbeeld Wonen
website: https://voorbeeld.example/
municipalities: [emmen]
contact: {phone: null}
---
Een corporatie voor de test.
"""
RECORD = """---
eviction: no_corona_arrears
lenient_collection: "yes"
scope: corona_arrears
exceptions: [criminal_activity]
effective_from: 2020-03-20
effective_until: 2020-06-01
verified_on: 2020-04-01
provenance: press
status: published
sources:
  - title: "Bericht"
    publisher: "Krant"
    date: 2020-03
    url: https://krant.example/bericht
verified_how: "Gebeld met de corporatie"
basis:
  eviction: "De krant: geen ontruiming bij achterstand door corona."
  lenient_collection: "De krant: soepeler bij het innen."
  scope: "De krant: alleen bij corona."
  exceptions: "De krant: behalve bij criminele activiteiten."
  effective_until: "De krant: tot 1 juni."
---
Samenvatting met een [link](https://krant.example/).
"""
FAQ = """---
question: "Wat nu?"
order: 1
---
Bel de corporatie.
"""


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    base = {
        "municipalities.md": MUNICIPALITIES,
        "corporations/voorbeeld/profile.md": PROFILE,
        "corporations/voorbeeld/stances/2020-03-20.md": RECORD,
        "corporations/voorbeeld/faq/wat-nu.md": FAQ,
    }
    for name, text in {**base, **files}.items():
        if text is None:
            continue
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def load(tmp_path, files=None):
    return load_register(tree(tmp_path, files or {}), SETTINGS, TODAY)


def test_a_good_register_loads(tmp_path):
    register, problems = load(tmp_path)
    assert problems == []
    (corporation,) = register.corporations
    assert corporation.name == "Voorbeeld Wonen"
    assert corporation.current(TODAY).value("lenient_collection") == "yes"
    assert corporation.faq[0].slug == "wat-nu"


STANCE = "corporations/voorbeeld/stances/2020-03-20.md"
PROFILE_FILE = "corporations/voorbeeld/profile.md"
FAQ_FILE = "corporations/voorbeeld/faq/wat-nu.md"


def edit(text, old, new):
    assert old in text, old
    return text.replace(old, new)


CASES = {
    "malformed YAML": (
        STANCE,
        edit(RECORD, "scope: corona_arrears", "scope: corona: x"),
        4,
        "",
        "malformed YAML",
    ),
    "unknown eviction level": (
        STANCE,
        edit(RECORD, "eviction: no_corona_arrears", "eviction: opgeschorts"),
        2,
        "eviction",
        "'opgeschorts' is not allowed; expected one of: normal",
    ),
    "unknown scope": (
        STANCE,
        edit(RECORD, "scope: corona_arrears", "scope: iedereen"),
        4,
        "scope",
        "expected one of",
    ),
    "unknown exception": (
        STANCE,
        edit(RECORD, "[criminal_activity]", "[hennep]"),
        5,
        "exceptions.0",
        "'hennep' is not allowed",
    ),
    "unknown provenance": (
        STANCE,
        edit(RECORD, "provenance: press", "provenance: krant"),
        9,
        "provenance",
        "expected one of: corporation, press, editorial",
    ),
    "unknown status": (
        STANCE,
        edit(RECORD, "status: published", "status: klaar"),
        10,
        "status",
        "expected one of: draft, pending, published",
    ),
    "non-ISO date": (
        STANCE,
        edit(RECORD, "effective_from: 2020-03-20", "effective_from: 20-03-2020"),
        6,
        "effective_from",
        "expected a date as YYYY-MM-DD",
    ),
    "impossible date": (
        STANCE,
        edit(RECORD, "verified_on: 2020-04-01", "verified_on: 2020-02-30"),
        8,
        "verified_on",
        "'2020-02-30' is not a real date",
    ),
    "impossible start date": (
        STANCE,
        edit(RECORD, "effective_from: 2020-03-20", "effective_from: 2021-02-30"),
        6,
        "effective_from",
        "'2021-02-30' is not a real date",
    ),
    "until before from": (
        STANCE,
        edit(RECORD, "effective_until: 2020-06-01", "effective_until: 2020-01-01"),
        7,
        "effective_until",
        "is before effective_from",
    ),
    "verified after build": (
        STANCE,
        edit(RECORD, "verified_on: 2020-04-01", "verified_on: 2027-01-01"),
        8,
        "verified_on",
        "after the build date 2026-11-28",
    ),
    "published without source": (
        STANCE,
        RECORD.split("sources:")[0] + "---\nTekst.\n",
        10,
        "status",
        "needs at least one source",
    ),
    "source not http": (
        STANCE,
        edit(RECORD, "url: https://krant.example/bericht", "url: ftp://krant.example/bericht"),
        15,
        "sources.0.url",
        "must start with http:// or https://",
    ),
    "stated value without a basis": (
        STANCE,
        edit(RECORD, '  scope: "De krant: alleen bij corona."\n', ""),
        4,
        "scope",
        "a stated value needs its basis",
    ),
    "basis for a value the record does not state": (
        STANCE,
        edit(RECORD, "scope: corona_arrears", "scope: unknown"),
        20,
        "basis.scope",
        "a basis for a value the record does not state",
    ),
    "the old single collection level": (
        STANCE,
        edit(RECORD, 'lenient_collection: "yes"', "collection: lenient"),
        3,
        "collection",
        "was split in schema version 2",
    ),
    "checked without saying how": (
        STANCE,
        edit(RECORD, 'verified_how: "Gebeld met de corporatie"\n', ""),
        8,
        "verified_on",
        "verified_on and verified_how go together",
    ),
    "end date that is neither a date, none nor unknown": (
        STANCE,
        edit(RECORD, "effective_until: 2020-06-01", "effective_until: nooit"),
        7,
        "effective_until",
        "'none' when the source says there is no end",
    ),
    "javascript in a source": (
        STANCE,
        edit(RECORD, "url: https://krant.example/bericht", "url: javascript:alert(1)"),
        15,
        "sources.0.url",
        "must start with http://",
    ),
    "javascript link in summary": (
        STANCE,
        edit(RECORD, "(https://krant.example/)", "(javascript:alert(1))"),
        24,
        "body",
        "link scheme 'javascript:' is not allowed",
    ),
    "data link in a FAQ answer": (
        FAQ_FILE,
        edit(FAQ, "Bel de corporatie.", "[Klik](data:text/html,x)"),
        5,
        "body",
        "link scheme 'data:' is not allowed",
    ),
    "vbscript website": (
        PROFILE_FILE,
        edit(PROFILE, "https://voorbeeld.example/", "vbscript:msgbox(1)"),
        3,
        "website",
        "must start with http://",
    ),
    "unknown municipality": (
        PROFILE_FILE,
        edit(PROFILE, "[emmen]", "[emmen, emen]"),
        4,
        "municipalities.1",
        "unknown municipality 'emen'",
    ),
    "statement without corporation provenance": (
        STANCE,
        edit(RECORD, "status: published", "status: published\nstatement: Wij!"),
        11,
        "statement",
        "only a record with provenance 'corporation'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_input_is_reported_with_file_line_and_field(tmp_path, case):
    name, text, line, field, words = CASES[case]
    _, problems = load(tmp_path, {name: text})
    path = str(tmp_path / name)
    shown = [str(p) for p in problems]
    prefix = f"{path}:{line}: {field + ': ' if field else ''}"
    assert any(s.startswith(prefix) and words in s for s in shown), shown


def test_records_and_faq_of_a_corporation_that_does_not_exist(tmp_path):
    _, problems = load(
        tmp_path,
        {
            "corporations/spookwonen/stances/2020-03-20.md": RECORD,
            "corporations/spookwonen/faq/vraag.md": FAQ,
        },
    )
    shown = [str(p) for p in problems]
    for name in ("stances/2020-03-20.md", "faq/vraag.md"):
        expected = (
            f"{tmp_path}/corporations/spookwonen/{name}:1: corporation 'spookwonen' does not exist"
        )
        assert any(s.startswith(expected) for s in shown), shown


def test_a_misspelt_province_is_refused_alone(tmp_path):
    """The English pages translate the twelve provinces; a misspelt one is refused at its
    line, and the profiles that name its municipalities are not blamed for it."""
    places = edit(MUNICIPALITIES, "Emmen, province: Drenthe}", "Emmen, province: Drente}")
    _, problems = load(tmp_path, {"municipalities.md": places})
    assert [str(p) for p in problems] == [
        f"{tmp_path}/municipalities.md:3: municipalities.0.province: 'Drente' is not allowed; "
        "expected one of: Drenthe, Flevoland, Friesland, Gelderland, Groningen, Limburg, "
        "Noord-Brabant, Noord-Holland, Overijssel, Utrecht, Zeeland, Zuid-Holland"
    ]


def test_two_corporations_with_one_slug(tmp_path):
    _, problems = load(
        tmp_path,
        {
            "corporations/voorbeeld-2/profile.md": edit(
                PROFILE, "name: Voorbeeld Wonen", "name: Ander\nslug: voorbeeld"
            ),
        },
    )
    assert [str(p) for p in problems] == [
        f"{tmp_path}/corporations/voorbeeld-2/profile.md:1: slug: 'voorbeeld' is also the slug "
        f"of {tmp_path}/corporations/voorbeeld/profile.md"
    ]


@pytest.mark.parametrize("other_from", ["2020-03", "2020-03-20"])
def test_two_records_that_cannot_be_ordered(tmp_path, other_from):
    _, problems = load(
        tmp_path,
        {
            "corporations/voorbeeld/stances/tweede.md": edit(
                RECORD, "effective_from: 2020-03-20", f"effective_from: {other_from}"
            ),
        },
    )
    assert len(problems) == 1
    assert problems[0].field == "effective_from" and problems[0].line == 6
    assert "cannot be ordered" in problems[0].message


def test_every_problem_in_every_file_in_one_run(tmp_path):
    _, problems = load(
        tmp_path,
        {
            STANCE: edit(
                edit(RECORD, "eviction: no_corona_arrears", "eviction: x"),
                "status: published",
                "status: y",
            ),
            PROFILE_FILE: edit(PROFILE, "[emmen]", "[nergens]"),
            FAQ_FILE: edit(FAQ, "order: 1", "order: eerste"),
        },
    )
    assert {(Path(p.path).name, p.field) for p in problems} == {
        ("2020-03-20.md", "eviction"),
        ("2020-03-20.md", "status"),
        ("profile.md", "municipalities.0"),
        ("wat-nu.md", "order"),
    }


def test_drafts_stay_off_the_site_and_pending_waits_for_review(tmp_path):
    register, problems = load(
        tmp_path,
        {
            "corporations/voorbeeld/stances/2021-01-01.md": edit(
                edit(
                    RECORD,
                    "effective_from: 2020-03-20\neffective_until: 2020-06-01",
                    "effective_from: 2021-01-01\neffective_until: null",
                ),
                "status: published",
                "status: pending",
            ),
            "corporations/voorbeeld/stances/2022-01-01.md": edit(
                edit(
                    RECORD,
                    "effective_from: 2020-03-20\neffective_until: 2020-06-01",
                    "effective_from: 2022-01-01\neffective_until: null",
                ),
                "status: published",
                "status: draft",
            ),
        },
    )
    assert problems == []
    (corporation,) = register.corporations
    assert [r.id for r in corporation.records] == ["voorbeeld/2020-03-20"]
    assert [r.id for r in register.pending] == ["voorbeeld/2021-01-01"]


@pytest.mark.slow
def test_every_bad_input_in_one_copy_fails_check_and_build_naming_each(tmp_path):
    """Each case above as its own corporation in a copy of the real content: one run of
    `make check`'s command and one build report every file and line."""
    from conftest import copy_content, run_module, run_pelican, settings_file

    content = copy_content(tmp_path)
    expected = []
    for n, case in enumerate(sorted(CASES)):
        name, text, line, field, _ = CASES[case]
        folder = content / "corporations" / f"geval-{n:02d}"
        files = {
            "profile.md": PROFILE,
            "stances/2020-03-20.md": RECORD,
            "faq/wat-nu.md": FAQ,
        }
        files[name.removeprefix("corporations/voorbeeld/")] = text
        for relative, body in files.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(body, encoding="utf-8")
        shown = folder / name.removeprefix("corporations/voorbeeld/")
        expected.append(f"{shown}:{line}: {field + ': ' if field else ''}")
    settings = settings_file(tmp_path, REGISTER_TODAY="2026-11-28")
    checked = run_module("huurwijzer.commands.check", str(settings), str(content))
    built = run_pelican(content, tmp_path / "output", str(settings))
    assert checked.returncode == 1 and built.returncode != 0
    for result in (checked.stdout, built.stdout + built.stderr):
        missing = [e for e in expected if e not in result]
        assert missing == [], result[-3000:]
