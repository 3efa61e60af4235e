"""The front matter parser keeps every value as text and knows each value's line."""

import pytest

from huurwijzer.core.problems import ContentError
from huurwijzer.reading.frontmatter import parse_text

GOOD = """---
title: "Een titel"
date: 2020-03-18
open: no
empty: null
quoted: "null"
tags: [a, b]
sources:
  - title: Bron
    date: 2020-03
---
Body **text**.
"""


def test_values_stay_text_and_remember_their_lines():
    doc = parse_text(GOOD, "x.md")
    assert doc.data["date"] == "2020-03-18"  # not a datetime.date
    assert doc.data["open"] == "no"  # not False
    assert doc.data["empty"] is None and doc.data["quoted"] == "null"
    assert doc.data["tags"] == ["a", "b"]
    assert doc.line_of(("title",)) == 2
    assert doc.line_of(("sources", 0, "date")) == 10
    assert doc.body.startswith("Body") and doc.body_line == 12


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: x\n", 1, "must start with a '---'"),
        ("---\ntitle: x\n", 1, "no closing '---'"),
        ("---\ntitle: x\n  bad: [\n---\n", 3, "malformed YAML"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "given twice"),
        ("---\na: &x [1]\nb: *x\n---\n", 3, "aliases are not allowed"),
        ("---\n- a\n- b\n---\n", 2, "'field: value'"),
    ],
)
def test_unreadable_front_matter_names_the_line(text, line, words):
    with pytest.raises(ContentError) as caught:
        parse_text(text, "content/bad.md")
    message = str(caught.value)
    assert message.startswith(f"content/bad.md:{line}:"), message
    assert words in message
