"""Issue 21: the last classes of bad input, each refused by `make check` with `path:line:`.

Each test is named after its class; it changes a private copy of the real content and runs
`check_content` (what `make check` runs). Trees that `make check` passes are built too
(``test_check_passes_so_the_build_passes``): never "check passes, build fails".
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_refusals import ARTICLE, PAGE, check, expect, write

from conftest import run_pelican

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
    result = run_pelican(content, tmp_path / "out", timeout=120)
    assert result.returncode != 0
    assert "pages/pijp.md:1: is not a plain file" in result.stdout + result.stderr


# -- wrong facts: dates in the future or in the wrong order -----------------------------------


@pytest.mark.parametrize(
    ("relative", "old", "new", "line", "field", "words"),
    [
        (DRENTHE, "date: 2020-03\n", "date: 2099-12\n", 13, "sources.0.date", "after today"),
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
            "date: 2020-03-18\n",
            "date: 2020-03-18\nmodified: 2020-01-01\n",
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
    edit(content, DRENTHE, "date: 2020-03-18", "date: 2020-13-18")
    lines = check(content)
    expect(lines, path, 3, "date", "not a real date")
    expect(lines, path, 7, "category", "no letters or digits")


# -- check passes, build fails: now refused by check -----------------------------------------


def test_check_passes_build_fails_a_hidden_or_draft_item_with_a_published_slug(content):
    hidden = write(content, "pages/x.md", PAGE.replace("een-pagina", "over") + "")
    edit(content, "pages/x.md", "slug: over", "slug: over\nstatus: hidden")
    draft = write(
        content,
        "articles/x.md",
        ARTICLE.replace('summary: "Kort."', 'summary: "Kort."\nstatus: draft').replace(
            "---\nTekst", "slug: drentse-corporaties-en-ontruimingen\n---\nTekst"
        ),
    )
    lines = check(content)
    expect(lines, hidden, 3, "slug", "is also the slug of")
    expect(lines, draft, 6, "slug", "is also the slug of")


def test_check_passes_build_fails_two_english_pages_translate_one_original(content):
    second = write(
        content,
        "pages/en/about-2.md",
        '---\ntitle: "About 2"\nslug: about-2\ntranslation_of: over\nlang: en\n---\nText.\n',
    )
    expect(check(content), second, 4, "translation_of", "already has a 'en' translation")


@pytest.mark.parametrize("kind", ["static", "attach", "author", "tag", "category"])
def test_check_passes_build_fails_a_link_pelican_cannot_resolve(content, kind):
    page = edit(content, "pages/over.md", "## Wat is", f"[x]({{{kind}}}iets)\n\n## Wat is")
    expect(check(content), page, 6, "link", f"'{{{kind}}}' is not a known link kind")


# -- broken links ----------------------------------------------------------------------------


@pytest.mark.parametrize("href", ["../x", "x.html", "over/"])
def test_broken_link_relative_to_the_page_is_refused(content, href):
    page = edit(content, "pages/over.md", "## Wat is", f"[x]({href})\n\n## Wat is")
    expect(check(content), page, 6, "body", f"link '{href}' depends on the page")


@pytest.mark.parametrize(
    ("front", "words"),
    [("status: draft", "is a draft"), ("save_as: dd/index.html", "has no url")],
)
def test_broken_link_to_a_page_without_a_public_address(content, front, words):
    write(content, "pages/d.md", PAGE.replace("slug: een-pagina", f"slug: d\n{front}"))
    page = edit(content, "pages/over.md", "## Wat is", "[x]({filename}/pages/d.md)\n\n## Wat is")
    expect(check(content), page, 6, "link", words)


# -- content accepted silently ---------------------------------------------------------------


def test_silently_accepted_a_topic_without_letters(content):
    path = edit(content, DRENTHE, "category: Corona", 'category: "—"')
    expect(check(content), path, 7, "category", "no letters or digits")


def test_silently_accepted_a_translation_of_only_zero_width_characters(content):
    path = content / "pages/en/about.md"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("---", 4) + 4]
    path.write_text(head + "\u200b\u200c\u200d\n\u2060\n", encoding="utf-8")
    expect(check(content), path, 8, "body", "only invisible characters")


def test_silently_accepted_a_summary_of_only_zero_width_characters(content):
    path = edit(content, "pages/over.md", 'summary: "Wat', 'summary: "\u200b"\nx: "Wat')
    expect(check(content), path, 4, "summary", "only invisible characters")


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u202b"])
def test_silently_accepted_bidi_override_in_a_body(content, char):
    path = edit(content, "pages/over.md", "## Wat is", f"Bel {char}0612345678.\n\n## Wat is")
    expect(check(content), path, 6, "", f"U+{ord(char):04X}")


def test_silently_accepted_a_huge_summary(content):
    path = edit(content, DRENTHE, 'summary: "Woning', 'summary: "' + "a" * 150_000 + "Woning")
    expect(check(content), path, 9, "summary", "at most 400")


def test_silently_accepted_two_english_translations_of_one_article(content):
    english = content / "articles/en/2020-03-19-drenthe-corporations.md"
    copy = content / "articles/en/2020-03-19-drenthe-b.md"
    copy.write_text(
        english.read_text(encoding="utf-8").replace(
            "slug: drenthe-corporations-and-evictions", "slug: drenthe-b"
        ),
        encoding="utf-8",
    )
    expect(check(content), copy, 7, "translation_of", "already has a 'en' translation")


# -- never "check passes, build fails" -------------------------------------------------------


def near_misses(content: Path) -> None:
    """One tree with the accepted neighbour of each refused class above."""
    edit(content, STANCE, "effective_until: unknown", "effective_until: 2027-06")
    edit(content, STANCE, "basis:\n", 'basis:\n  effective_until: "Tot juni 2027."\n')
    write(content, "pages/verborgen.md", PAGE.replace("een-pagina", "verborgen-x"))
    edit(content, "pages/verborgen.md", "slug: verborgen-x", "slug: verborgen-x\nstatus: hidden")
    edit(content, DRENTHE, "category: Corona", 'category: "Corona 2"')
    edit(content, DRENTHE, "date: 2020-03\n", "date: 2026-11\n")
    edit(content, DRENTHE, 'summary: "Woning', 'summary: "' + "a" * 219 + " Woning")  # 400
    edit(
        content,
        "pages/over.md",
        "## Wat is",
        "[x](/corporaties/) [y]({filename}/pages/privacy.md) [z](#wat-is-huurwijzer) "
        "[w]({filename}/pages/over.md#wat-is-huurwijzer) [v](/en/about/)\n\n## Wat is",
    )


def test_near_misses_pass_check(content):
    near_misses(content)
    assert check(content) == []


@pytest.mark.slow
def test_check_passes_so_the_build_passes(content, tmp_path):
    """Every tree of this suite that `make check` passes, built by Pelican with the plugin."""
    near_misses(content)
    assert check(content) == []
    result = run_pelican(content, tmp_path / "output")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("href", ["/en/bestaat-niet/", "/nieuws/2099/x/", "/oevr/index.html"])
def test_broken_link_an_address_the_build_does_not_write(content, href):
    page = edit(content, "pages/over.md", "## Wat is", f"[x]({href})\n\n## Wat is")
    expect(check(content), page, 6, "link", f"link '{href}' leads to no page of this site")


def test_broken_link_addresses_that_exist_pass(content):
    edit(content, "pages/over.md", "## Wat is", "[a](/over/) [b](/en/about/) [c](/)\n\n## Wat is")
    assert check(content) == []


def test_broken_link_to_an_anchor_the_page_does_not_have(content):
    page = edit(
        content, "pages/over.md", "## Wat is", "[x]({filename}/pages/over.md#nope)\n\n## Wat is"
    )
    expect(check(content), page, 6, "link", "has no heading with the anchor 'nope'")


def test_broken_link_an_anchor_that_exists_passes(content):
    edit(
        content,
        "pages/over.md",
        "## Wat is",
        "[x]({filename}/pages/over.md#wat-is-huurwijzer)\n\n## Wat is",
    )
    assert check(content) == []


def test_silently_accepted_an_article_without_category_gets_the_default_not_its_folder(
    content, tmp_path
):
    """Issue 21: without `category` Pelican took the folder's name ("articles", "en") as a
    public category; now it is the site's DEFAULT_CATEGORY, in both languages."""
    for relative in (DRENTHE, "articles/en/2020-03-19-drenthe-corporations.md"):
        edit(content, relative, "category: Corona\n", "")
    assert check(content) == []
    output = tmp_path / "output"
    result = run_pelican(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    categories = {p.name for p in (output / "nieuws" / "categorie").iterdir()}
    assert "algemeen" in categories and not categories & {"articles", "en", "misc"}
    page = output / "nieuws" / "2020" / "drentse-corporaties-en-ontruimingen" / "index.html"
    assert "/nieuws/categorie/algemeen/" in page.read_text(encoding="utf-8")
