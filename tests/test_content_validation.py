"""Each kind of bad article or page gets a message naming file, line and field."""

from pathlib import Path

import pytest

from huurwijzer.core.problems import ContentError
from huurwijzer.reading.reader import read_checked

SETTINGS = {"PATH": "content", "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": ["pages"]}

ARTICLE = """---
title: "Een bericht"
date: 2020-03-18
summary: "Kort."
status: published
---
Tekst met een [link](/huurachterstand/).
"""


def write(tmp_path: Path, text: str, kind: str = "articles") -> str:
    folder = tmp_path / "content" / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bericht.md"
    path.write_text(text, encoding="utf-8")
    return str(path)


def problems(tmp_path, text, kind="articles"):
    settings = {**SETTINGS, "PATH": str(tmp_path / "content")}
    with pytest.raises(ContentError) as caught:
        read_checked(write(tmp_path, text, kind), settings)
    return caught.value.problems


def test_a_good_article_passes_and_its_links_survive(tmp_path):
    settings = {**SETTINGS, "PATH": str(tmp_path / "content")}
    doc, html = read_checked(write(tmp_path, ARTICLE), settings)
    assert doc.data["title"] == "Een bericht"
    assert '<a href="/huurachterstand/">link</a>' in html


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("date: 2020-03-18", "date: 05-04-2020", 3, "date", "not a date in the form YYYY-MM-DD"),
        ("date: 2020-03-18", "date: 2020-02-30", 3, "date", "not a real date"),
        ('title: "Een bericht"\n', "", 1, "title", "required but missing"),
        ("status: published", "status: gepubliceerd", 5, "status", "expected one of: published"),
        ("status: published", "staus: published", 5, "staus", "unknown field"),
        ("status: published", "tags: ontruiming", 5, "tags", "expected a list"),
        ('title: "Een bericht"', "title: " + "x" * 71, 2, "title", "at most 70 characters"),
        (
            "[link](/huurachterstand/)",
            "[link](javascript:alert(1))",
            7,
            "body",
            "link scheme 'javascript:' is not allowed",
        ),
        (
            "[link](/huurachterstand/)",
            "[link](jav&#x09;ascript:alert(1))",
            7,
            "body",
            "link scheme 'javascript:' is not allowed",
        ),
        ("Tekst met", "<script>alert(1)</script> Tekst met", 7, "body", "<script> is not allowed"),
        (
            "Tekst met",
            '<img src="x" onerror="alert(1)"> Tekst met',
            7,
            "body",
            "<img> is not allowed",
        ),
    ],
)
def test_bad_articles_name_file_line_and_field(tmp_path, old, new, line, field, words):
    text = ARTICLE.replace(old, new)
    assert text != ARTICLE
    found = problems(tmp_path, text)
    expected_path = str(tmp_path / "content" / "articles" / "bericht.md")
    matching = [p for p in found if p.field == field and words in p.message]
    assert matching, [str(p) for p in found]
    assert matching[0].line == line
    assert str(matching[0]).startswith(f"{expected_path}:{line}: {field}: ")


def test_all_problems_of_one_file_are_reported_together(tmp_path):
    text = ARTICLE.replace("2020-03-18", "18-03-2020").replace("published", "klaar")
    fields = {p.field for p in problems(tmp_path, text)}
    assert {"date", "status"} <= fields


def test_a_page_needs_a_slug(tmp_path):
    found = problems(tmp_path, '---\ntitle: "Over"\n---\nTekst.\n', kind="pages")
    assert [(p.field, p.line) for p in found] == [("slug", 1)]
