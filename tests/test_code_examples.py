"""Issue 21: every problem code has an example in the editors' guide, and each example is
checked: put into a copy of the real content (or sent to the receiver's check, or run as the
command, or, for a code no file can give, made by the function that makes it), it gives
exactly the Dutch line the data file says.

One source: docs/meldingen.yaml holds the examples; tests/code_examples.py writes the table
at the end of docs/redactie.md from it and from the catalog (core/codes.py, core/messages.py).
"""

from __future__ import annotations

import re

import pytest
from code_examples import (
    EXAMPLES,
    GUIDE,
    MARK,
    copy_real_content,
    outcome,
    path_of,
    run_content,
    shared,
    table,
    write_example,
)

from conftest import make_check
from huurwijzer.core.codes import CODES
from huurwijzer.core.messages import shown

SHARED = {e.code for e in shared(EXAMPLES)}
ON_THEIR_OWN = sorted(set(EXAMPLES) - SHARED)
# A few examples run through the real `make check` as an editor types it.
SAMPLE = ["bad-date", "unknown-field-near", "no-such-anchor", "needs-basis", "hidden-file"]


def expected(code: str) -> list[str]:
    says = EXAMPLES[code].says
    return [says] if isinstance(says, str) else list(says)


def test_every_code_has_a_checked_example_and_nothing_else_has_one():
    assert sorted(set(CODES) - set(EXAMPLES)) == [], "a code without an example in meldingen.yaml"
    assert sorted(set(EXAMPLES) - set(CODES)) == [], "an example of a code that does not exist"
    for code, example in EXAMPLES.items():
        assert example.example.strip(), f"{code}: no words for the guide"
        assert expected(code) and all(expected(code)), f"{code}: no 'says' to check"
        ways = [example.base or example.file, example.receiver is not None, example.unit]
        ways = [bool(way) for way in ways]
        assert sum(ways) == 1 or example.command, f"{code}: give one way to make it"


def test_the_guide_table_is_written_from_the_examples():
    text = GUIDE.read_text(encoding="utf-8")
    assert text.partition(MARK)[2] == table(), (
        "docs/redactie.md's table is not the catalog and docs/meldingen.yaml: run "
        "PYTHONPATH=plugins .venv/bin/python tests/code_examples.py"
    )


@pytest.fixture(scope="module")
def shared_outcome(tmp_path_factory):
    return run_content(shared(EXAMPLES), tmp_path_factory.mktemp("examples"))


@pytest.mark.parametrize("code", sorted(SHARED))
def test_the_example_gives_its_message(code, shared_outcome):
    assert shared_outcome[code] == expected(code)


@pytest.mark.parametrize("code", ON_THEIR_OWN)
def test_the_example_on_its_own_gives_its_message(code, tmp_path):
    assert outcome(EXAMPLES[code], tmp_path) == expected(code)


def test_a_sample_of_examples_through_the_real_make_check(tmp_path):
    content = copy_real_content(tmp_path)
    for code in SAMPLE:
        write_example(content, EXAMPLES[code])
    result = make_check(content)
    assert result.returncode != 0
    printed = result.stdout.splitlines()
    for code in SAMPLE:
        path = f"content/{path_of(EXAMPLES[code])}:"
        said = [line.removeprefix(path) for line in printed if line.startswith(path)]
        assert said == expected(code), code


# English words that give away English in a Dutch message (issue 21): none is a Dutch word
# ("of", "is", "in", "op", "link" are, so they are not here; nor "pages", a folder's name).
# Quoted editor input ('…'), link kinds ({filename}), paths and file names (with '/' or '.')
# and field names (with '_') may be in any language, and are taken out before looking.
ENGLISH_TELLS = frozenset(
    "a an the this that these list lists field fields expected found page text value "
    "values not must should only and with for to or no nothing empty missing allowed file "
    "files invalid unexpected character characters here there has have does end mapping "
    "context byte continuation match register overview spaces width".split()
)
_EDITOR_WORDS = re.compile(r"'[^']*'|\{[a-z]+\}|\S*[/._]\S*")


def english_in(dutch: str) -> set[str]:
    """The tell-tale English words in ``dutch``, outside what an editor wrote."""
    rest = _EDITOR_WORDS.sub(" ", dutch)
    words = {w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() in ENGLISH_TELLS}
    return words | set(re.findall(r"\d{1,3}(?:,\d{3})+", rest))  # Dutch writes 100.002


def test_the_tell_tale_words_are_found_in_english_and_not_in_dutch_or_quotes():
    assert english_in("hier hoort tekst; gevonden: a list") == {"a", "list"}
    assert english_in("de tekst is 100.002 tekens; hoogstens 100.000") == set()
    assert english_in("de tekst is 100,002 tekens") == {"100,002"}
    assert english_in("'the list': een lijst in content/pages/a-list.md of {filename}") == set()


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_every_dutch_example_message_has_no_english_in_it(code):
    """Each example's Dutch line (the other tests check the check prints exactly it), and the
    code's Dutch template, hold no English word outside what the editor wrote."""
    for says in expected(code):
        assert english_in(says) == set(), f"{code}: {says}"
    assert english_in(shown(code)) == set(), code
