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
    + ["## ", "# ", "###### ", "####### ", "## Kop", "## Kop", "### Huur 2020"]
)
LINES = st.lists(PIECES, max_size=8).map("".join)
TEXTS = st.lists(st.one_of(LINES, st.just(""), st.just("   ")), max_size=8).map("\n".join)
# articles' shape: headings and paragraphs of plain words between blank lines, now and then
# a line of anything
WORDS = st.sampled_from(["huur", "Woning", "Één", "ĳs", "2020", "(gratis)", "nu?", "a-b", "'t"])
PLAIN = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
HEADING = st.tuples(st.sampled_from(["#", "##", "###", "######"]), PLAIN).map(" ".join)
BLOCK = st.one_of(PLAIN, HEADING, st.lists(PLAIN, min_size=2, max_size=3).map("\n".join), LINES)
DOCUMENTS = st.lists(
    st.tuples(BLOCK, st.sampled_from(["\n\n", "\n\n\n", "\n", "\n \n"])), max_size=7
).map(lambda pairs: "".join(block + gap for block, gap in pairs))


def markdown(text: str) -> str:
    return RENDERER.reset().convert(text)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(TEXTS, DOCUMENTS))
def test_plain_paragraphs_are_what_markdown_writes(text):
    plain = plain_paragraphs(text)
    if plain is not None:
        assert plain == markdown(text)
        assert sanitize(plain) == plain  # nothing in it for sanitizing to remove


def test_plain_texts_take_the_short_way_and_markup_does_not():
    assert plain_paragraphs("Huur is te laat.\nBel ons (gratis).\n\n\nNog een alinea!") == (
        "<p>Huur is te laat.\nBel ons (gratis).</p>\n<p>Nog een alinea!</p>"
    )
    assert plain_paragraphs("## Wat nu?\n\nBel.\n\n## Wat nu?\n\n### Één") == (
        '<h2 id="wat-nu">Wat nu?</h2>\n<p>Bel.</p>\n<h2 id="wat-nu_1">Wat nu?</h2>\n'
        '<h3 id="een">Één</h3>'
    )
    refused = ("**vet**", "1. een", "Kop\n===", "- punt", "a  \nb", "<b>", "A\n## B", " in", "# B")
    for text in refused:
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
