"""Issue 21: `make check` and the build speak the editors' language (Dutch), complete in one run.

English with the setting ``HUURWIJZER_LANG=en`` or else ``LANG=en…``. The suite selects
English for its older tests (conftest.py); these tests take it away again.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from test_refusals import SETTINGS, check

from conftest import DUTCH_ENV, ROOT, run_pelican
from huurwijzer.commands.check import check_content
from huurwijzer.core.codes import CODES, placeholders
from huurwijzer.core.messages import editor_language
from huurwijzer.core.problems import Problem

DRENTHE = "articles/2020-03-19-drentse-corporaties.md"
STANCE = "corporations/actium/stances/2020-03.md"


def make(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`make` as an editor types it, in exactly the environment ``env``."""
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def three_problems(content):
    """One article with three problems: a misspelt field, a date not in the calendar, a
    category without letters."""
    path = content / DRENTHE
    text = path.read_text(encoding="utf-8")
    text = text.replace("date: 2020-03-18", "date: 2020-13-19").replace(
        "category: Corona", 'category: "—"\ntitel: "x"'
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_make_check_speaks_dutch_and_reports_three_problems_of_one_file_at_once(content):
    path = three_problems(content)
    result = make("check", f"CONTENT={content}", env=DUTCH_ENV)
    assert result.returncode != 0
    lines = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert [line.removeprefix(f"{path}:") for line in lines] == [
        "3: date: '2020-13-19' bestaat niet in de kalender",
        "7: category: '—' heeft geen letters of cijfers, en dus geen adres",
        "8: titel: onbekend veld; bedoelde je 'title'? Toegestaan zijn: about, category, date, "
        "lang, modified, slug, sources, status, summary, tags, title, translation_of, written",
    ]
    assert "3 problemen in 1 bestand; " in result.stdout


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "en_GB.UTF-8"},
        {"LANG": "nl_NL.UTF-8", "HUURWIJZER_LANG": "en"},
    ],
)
def test_make_check_speaks_english_when_asked(content, env):
    path = three_problems(content)
    result = make("check", f"CONTENT={content}", env=DUTCH_ENV | env)
    assert f"{path}:3: date: '2020-13-19' is not a real date" in result.stdout
    assert "3 problem(s) in 1 file(s)" in result.stdout


def test_the_language_setting_wins_over_lang():
    assert editor_language({}) == "nl"
    assert editor_language({"LANG": "C.UTF-8"}) == "nl"
    assert editor_language({"LANG": "en_US.UTF-8"}) == "en"
    assert editor_language({"LANG": "en_US.UTF-8", "HUURWIJZER_LANG": "nl"}) == "nl"
    assert editor_language({"LANG": "nl_NL.UTF-8", "HUURWIJZER_LANG": "en"}) == "en"


@pytest.mark.slow
def test_the_build_speaks_dutch(content, tmp_path):
    path = three_problems(content)
    result = make("html", f"CONTENT={content}", f"OUTPUT={tmp_path / 'out'}", env=DUTCH_ENV)
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{path}:3: date: '2020-13-19' bestaat niet in de kalender" in said
    pelican = run_pelican(content, tmp_path / "out2", env=DUTCH_ENV)  # without `make check`
    said = pelican.stdout + pelican.stderr
    assert pelican.returncode != 0
    assert "3: date: '2020-13-19' bestaat niet in de kalender" in said, said


def test_every_code_has_its_dutch_for_editors_with_the_same_values():
    for code, texts in CODES.items():
        template = texts.dutch_for_editors
        assert placeholders(template) <= placeholders(texts.english), code
        assert template != texts.english, code


def test_a_problem_reads_in_both_languages():
    problem = Problem.of("a.md", 3, "date", "no-such-date", value="'2020-13-19'")
    assert problem.line_in("nl") == "a.md:3: date: '2020-13-19' bestaat niet in de kalender"
    assert problem.line_in("en") == "a.md:3: date: '2020-13-19' is not a real date"


def test_allowed_fields_name_only_what_an_editor_writes(content):
    path = content / STANCE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("provenance: press", "provenance: press\nprovenanse: x"))
    (line,) = [line for line in check(content) if "provenanse" in line]
    assert "did you mean 'provenance'?" in line
    for internal in ("sender", "submission", "received_at", "approved_by"):
        assert internal not in line.split("expected one of:")[1], line
    assert "eviction" in line and "verified_on" in line


def test_an_unknown_field_far_from_every_other_gets_no_guess(content):
    path = content / "pages/over.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("slug: over", "slug: over\nqqqqqq: x"), encoding="utf-8")
    (line,) = [line for line in check(content) if "qqqqqq" in line]
    assert "did you mean" not in line and "unknown field; expected one of:" in line


def test_the_suite_selects_english_for_its_older_tests():
    assert os.environ["HUURWIJZER_LANG"] == "en"


@pytest.mark.slow
def test_the_dev_servers_notice_speaks_dutch(content, tmp_path, monkeypatch):
    import test_devserver

    monkeypatch.setattr(test_devserver, "ENV", DUTCH_ENV)
    server = test_devserver.DevServer(content, tmp_path / "output")
    try:
        assert server.current["problems"] == "", server.current
        path = content / DRENTHE
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("date: 2020-03-18", "date: 2020-13-19"), encoding="utf-8")
        state = server.settle()
        assert "3: date: '2020-13-19' bestaat niet in de kalender" in state["problems"], state
    finally:
        server.stop()


def build(content, output, env) -> str:
    """The build itself (no `make check` before it), as `make html` runs it; what it said."""
    result = run_pelican(content, output, env=env)
    assert result.returncode != 0
    return " ".join((result.stdout + result.stderr).split())


@pytest.mark.slow
def test_the_builds_headings_above_the_problems_speak_the_editors_language(content, tmp_path):
    """The line above a list of problems ('The stance register has 1 problem(s)') was English
    while the problems under it were Dutch."""
    path = content / STANCE
    text = path.read_text(encoding="utf-8")
    assert "effective_from: 2020-03\n" in text
    path.write_text(text.replace("effective_from: 2020-03\n", "effective_from: 2099-01\n"))
    dutch = build(content, tmp_path / "nl", DUTCH_ENV)
    assert "Het register van standpunten: 1 probleem:" in dutch, dutch
    assert "problem(s)" not in dutch
    english = build(content, tmp_path / "en", DUTCH_ENV | {"HUURWIJZER_LANG": "en"})
    assert "The stance register: 1 problem(s):" in english, english


@pytest.mark.parametrize(
    ("save_as", "other"),
    [
        ("index.html", "de pagina 'home' die de site maakt"),
        ("methode/index.html", "een bestand van het register (instelling METHOD_SAVE_AS)"),
        ("gemeenten/emmen/index.html", "gemeente 'emmen'"),
        ("en/index.html", "de HOME_URL van de taalversie 'en'"),
    ],
)
def test_a_page_on_an_address_the_site_writes_itself_names_it_in_dutch(content, save_as, other):
    """The other source of a clash is something the site makes: an editor reads what it is in
    Dutch, not "the 'home' page the site generates" or 'a register page (…)'."""
    page = content / "pages" / "kaper.md"
    page.write_text(
        f'---\ntitle: "Kaper"\nslug: kaper\nsave_as: {save_as}\n---\nTekst.\n', encoding="utf-8"
    )
    _, problems = check_content({**SETTINGS, "PATH": str(content)})
    said = [p.line_in("nl") for p in problems if p.path == str(page)]
    assert said == [f"{page}:4: save_as: schrijft {save_as}, dat ook geschreven wordt door {other}"]
