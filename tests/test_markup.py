"""A record's or question's text shows exactly as Python-Markdown would write it, also when
the build takes the short way for plain paragraphs (reading/markup.plain_paragraphs)."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from huurwijzer.reading.frontmatter import parse_file
from huurwijzer.reading.markup import markdown_renderer, plain_paragraphs, sanitize

RENDERER = markdown_renderer()
# pieces of lines: plain words and punctuation, and everything that starts Markdown syntax
PIECES = st.sampled_from(
    ["huur", "Woning", "é", "ĳs", "2020", " ", "  ", ".", ",", ";", ":", "?", "!", "'", '"']
    + ["(", ")", "-", "1.", "*", "_", "#", "<b>", "&amp;", "&", "[", "]", "`", "\t", "\r"]
    + ["\u00a0", "|", "=", "---", "> ", "~", "\\", "{", "}", "/", "http://a.example", "[^1]"]
)
LINES = st.lists(PIECES, max_size=8).map("".join)
TEXTS = st.lists(st.one_of(LINES, st.just(""), st.just("   ")), max_size=8).map("\n".join)


def markdown(text: str) -> str:
    return RENDERER.reset().convert(text)


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_plain_paragraphs_are_what_markdown_writes(text):
    plain = plain_paragraphs(text)
    if plain is not None:
        assert plain == markdown(text)
        assert sanitize(plain) == plain  # nothing in it for sanitizing to remove


def test_plain_texts_take_the_short_way_and_markup_does_not():
    assert plain_paragraphs("Huur is te laat.\nBel ons (gratis).\n\n\nNog een alinea!") == (
        "<p>Huur is te laat.\nBel ons (gratis).</p>\n<p>Nog een alinea!</p>"
    )
    for text in ("**vet**", "1. een", "Kop\n===", "- punt", "a  \nb", "Zie <b>", " inspring"):
        assert plain_paragraphs(text) is None


def test_every_real_text_renders_as_markdown_writes_it():
    files = sorted(Path(ROOT, "content").rglob("*.md"))
    plain = 0
    for path in files:
        body = parse_file(path).body
        found = plain_paragraphs(body)
        if found is not None:
            plain += 1
            assert found == markdown(body), path
    assert plain  # the real register has plain texts too
