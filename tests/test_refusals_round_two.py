"""Issue 21: the last classes of bad input, each refused by `make check` with `path:line:`.

Each test is named after its class; it changes a private copy of the real content and runs
`check_content` (what `make check` runs). Trees that `make check` passes are built too
(``test_check_passes_so_the_build_passes``): never "check passes, build fails".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_refusals import PAGE, check, expect, write

from conftest import ENV, ROOT

STANCE = "corporations/actium/stances/2020-03.md"
DRENTHE = "articles/2020-03-19-drentse-corporaties.md"


def edit(content: Path, relative: str, old: str, new: str) -> Path:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# -- odd files: refused before reading, never waited on ---------------------------------------


@pytest.mark.parametrize(
    "relative", ["pages/pijp.md", "corporations/actium/stances/2021-01.md", "articles/en/p.md"]
)
def test_non_regular_file_a_fifo_is_refused_without_hanging(content, relative):
    os.mkfifo(content / relative)
    expect(check(content), content / relative, 1, "", "is not a plain file")


@pytest.mark.parametrize("relative", ["corporations/actium/stances/2021-01.md", "pages/map.md"])
def test_non_regular_file_a_folder_named_md_is_refused(content, relative):
    (content / relative).mkdir()
    expect(check(content), content / relative, 1, "", "is not a plain file")


@pytest.mark.parametrize("name", ["a\nb.md", "a\x1b[2Jb.md", "a\rb.md"])
def test_odd_name_with_a_control_character_is_refused_and_printed_escaped(content, name):
    write(content, f"pages/{name}", PAGE)
    lines = check(content)
    assert all("\n" not in line and "\x1b" not in line and "\r" not in line for line in lines)
    shown = name.replace("\n", "\\x0a").replace("\x1b", "\\x1b").replace("\r", "\\x0d")
    expect(lines, Path(content, "pages", shown), 1, "", "invisible control character")


@pytest.mark.slow
def test_non_regular_file_the_build_refuses_a_fifo_without_hanging(content, tmp_path):
    os.mkfifo(content / "pages/pijp.md")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(tmp_path / "out"),
            "--fatal",
            "warnings",
        ],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "pages/pijp.md:1: is not a plain file" in result.stdout + result.stderr


# -- wrong facts: dates in the future or in the wrong order -----------------------------------


@pytest.mark.parametrize(
    ("relative", "old", "new", "line", "field", "words"),
    [
        (DRENTHE, "date: 2020-03\n", "date: 2099-12\n", 11, "sources.0.date", "after today"),
        (STANCE, "date: 2020-03\n", "date: 2027-01\n", 21, "sources.0.date", "after today"),
        (
            STANCE,
            "effective_from: 2020-03",
            "effective_from: 2099-01",
            13,
            "effective_from",
            "more than a year ahead",
        ),
        (
            STANCE,
            "effective_until: unknown",
            "effective_until: 2999-12",
            14,
            "effective_until",
            "more than a year ahead",
        ),
        (
            STANCE,
            "verified_on: null",
            "verified_on: 2019-01-01\nverified_how: x",
            15,
            "verified_on",
            "before the date of the first source",
        ),
        (
            DRENTHE,
            "date: 2020-03-19\n",
            "date: 2020-03-19\nmodified: 2020-01-01\n",
            4,
            "modified",
            "before the publication date",
        ),
    ],
)
def test_wrong_facts_dates_in_the_future_or_out_of_order(
    content, relative, old, new, line, field, words
):
    path = edit(content, relative, old, new)
    expect(check(content), path, line, field, words)


def test_wrong_facts_an_end_within_a_year_is_fine(content):
    edit(content, STANCE, "effective_until: unknown", "effective_until: 2027-06")
    lines = check(content)
    assert not [line for line in lines if "more than a year ahead" in line], lines


# -- one run: every problem of a file at once, and no false error in another file ------------


def test_refused_badly_an_error_in_the_original_does_not_cascade_to_its_translation(content):
    edit(content, "pages/over.md", 'title: "Over Huurwijzer"', 'title: "Over"\nonbekend: x')
    lines = check(content)
    assert lines and all(line.startswith(f"{content}/pages/over.md:") for line in lines), lines


def test_one_run_a_missing_basis_comes_with_the_value_errors(content):
    path = edit(content, STANCE, "scope: corona_arrears", "scope: bogus")
    edit(content, STANCE, '  lenient_collection: "Volgens', '  x_lenient: "Volgens')
    lines = check(content)
    expect(lines, path, 3, "scope", "'bogus' is not allowed")
    expect(lines, path, 5, "lenient_collection", "needs its basis")


def test_one_run_a_topic_without_letters_comes_with_the_date_error(content):
    path = edit(content, DRENTHE, "category: Corona", 'category: "—"')
    edit(content, DRENTHE, "date: 2020-03-19", "date: 2020-13-19")
    lines = check(content)
    expect(lines, path, 3, "date", "not a real date")
    expect(lines, path, 5, "category", "no letters or digits")
