"""Issue 10: every class of bad input is refused by `make check` with `path:line: field:`.

Each test is named after its class and feeds a small change to a private copy of the real
content through `check_content` (what `make check` runs), or one file through the reader.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pelican.settings import read_settings
from test_quality import html_validate

from conftest import ROOT, build_site, copy_content
from huurwijzer.commands.check import check_content
from huurwijzer.commands.scaffold import scaffold
from huurwijzer.reading.frontmatter import parse_file, parse_text
from huurwijzer.reading.markup import MAX_BODY_CHARS, render_checked
from huurwijzer.site.tree import MAX_FILE_BYTES, unread_files

ARTICLE = """---
title: "Een bericht"
date: 2021-01-05
summary: "Kort."
---
Tekst.
"""
PAGE = """---
title: "Een pagina"
slug: een-pagina
---
Tekst.
"""
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def check(content: Path) -> list[str]:
    """`make check` over ``content``: every problem as the line it prints."""
    _, problems = check_content({**SETTINGS, "PATH": str(content)})
    return [str(p) for p in problems]


def write(content: Path, relative: str, text: str) -> Path:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def expect(lines: list[str], path: Path, line: int, field: str, words: str) -> None:
    """Exactly this file, line and field, with these words, is among the problems."""
    prefix = f"{path}:{line}: {field}: " if field else f"{path}:{line}: "
    assert any(text.startswith(prefix) and words in text for text in lines), "\n".join(lines)


# -- 2: pages that would replace generated pages --------------------------------------------


@pytest.mark.parametrize(
    ("save_as", "other"),
    [
        ("corporaties/domesta/index.html", "corporations/domesta/profile.md"),
        ("index.html", "'home' page"),
        ("zoeken/index.html", "'search' page"),
        ("methode/index.html", "register page"),
        ("gemeenten/emmen/index.html", "municipality 'emmen'"),
        ("nieuws/2020/landelijke-afspraak-geen-ontruimingen/index.html", "landelijke-afspraak.md"),
        ("404.html", "pages/404.md"),
        ("en/index.html", "'en' edition's HOME_URL"),
        ("en/method/index.html", "'en' edition's METHOD_URL"),
        ("en/about/index.html", "pages/en/about.md"),
        ("en/corporations/actium/letter/index.html", "'en' edition's CORPORATION_LETTER_URL"),
    ],
)
def test_output_path_clash_names_both_sources(content, save_as, other):
    page = write(
        content,
        "pages/kaper.md",
        PAGE.replace("slug: een-pagina", f"save_as: {save_as}\nslug: kaper"),
    )
    lines = check(content)
    expect(lines, page, 3, "save_as", f"writes {save_as}, which is also written by")
    assert any(other in line for line in lines if line.startswith(str(page))), lines


def test_output_path_clash_a_page_inside_a_generated_section(content):
    page = write(
        content,
        "pages/kaper.md",
        PAGE.replace("slug: een-pagina", "save_as: corporaties/nieuw/index.html\nslug: x"),
    )
    expect(check(content), page, 3, "save_as", "lies in /corporaties/, where the site generates")


@pytest.mark.parametrize(
    ("front", "line", "field", "words"),
    [
        ("lang: de\ntranslation_of: over", 4, "lang", "'de' is not one of the site's languages"),
        ("lang: en\ntranslation_of: bestaat-niet", 5, "translation_of", "'bestaat-niet' is not"),
        ("lang: en", 4, "lang", "its slug 'een-pagina' is not the slug of a Dutch page"),
        ("translation_of: over", 4, "translation_of", "a translation needs 'lang:' (one of en)"),
    ],
)
def test_a_translation_with_an_unknown_language_or_no_original(content, front, line, field, words):
    """Pelican would keep such a page as an original: alone, in the Dutch lists and feed."""
    text = PAGE.replace("---\nTekst", front + "\n---\nTekst")
    page = write(content, "pages/en/vertaald.md", text)
    expect(check(content), page, line, field, words)


def test_the_english_pages_as_they_are_pass(content):
    assert not [line for line in check(content) if "/en/" in line]


# -- 3: files the build would not read -----------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    [
        "corporations/domesta/stances/oud/2019-01.md",  # nested folder
        "corporations/domesta/stance/2019-01.md",  # misspelled folder
        "corporations/domesta/stances/2019-01.MD",
        "corporations/domesta/stances/2019-01.markdown",
        "corporations/domesta/stances/2019-01.txt",
        "corporations/domesta/profiel.md",
        "corporations/notes.md",
        "national-agreement/2021/2021-01.md",
        "faq/vraag.markdown",
        "articles/bericht.MD",
        "pages/over.mkd",
        "gemeenten.md",  # next to municipalities.md: never read
        "articles/.verborgen.md",
    ],
)
def test_unread_file_is_refused(content, relative):
    source = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    path = write(content, relative, source.read_text(encoding="utf-8"))
    expect(check(content), path, 1, "", "not read" if not path.name.startswith(".") else "hidden")


def test_unread_file_every_real_file_is_read():
    assert unread_files(ROOT / "content", SETTINGS) == []


# -- 4: one strict reader for every Markdown extension -------------------------------------


def test_markdown_extension_gets_the_strict_reader(content):
    from pelican.readers import Readers

    from huurwijzer.plugin import add_reader
    from huurwijzer.reading.reader import FrontMatterReader

    readers = Readers(SETTINGS)
    add_reader(readers)
    for extension in ("md", "markdown", "mkd", "mdown"):
        assert readers.reader_classes[extension] is FrontMatterReader
    old = write(content, "articles/old.markdown", ARTICLE + "<script>alert(1)</script>\n")
    lines = check(content)
    expect(lines, old, 1, "", "ends in '.md', not '.markdown'")


# -- 6: control characters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "field", "code"),
    [
        (ARTICLE.replace("Een bericht", "Een\x01bericht"), 2, "", "U+0001"),
        (ARTICLE.replace("Tekst.", "Tekst\x0b."), 6, "", "U+000B"),
        (ARTICLE.replace("Kort.", "Kort\x1b[31m."), 4, "", "U+001B"),
        (ARTICLE.replace("Een bericht", "Een \\e bericht"), 2, "title", "U+001B"),
        (ARTICLE.replace("Een bericht", "Een \\x01 bericht"), 2, "title", "U+0001"),
        (ARTICLE.replace('"Kort."', '"Kort\\L."'), 4, "summary", "U+2028"),
    ],
)
def test_control_character_is_refused(content, text, line, field, code):
    article = write(content, "articles/bericht.md", text)
    expect(check(content), article, line, field, f"control character {code}")


def test_control_character_in_a_new_corporations_name(tmp_path):
    with pytest.raises(ValueError, match=r"U\+001B"):
        scaffold("Voorbeeld\x1b Wonen", tmp_path, __import__("datetime").date(2026, 1, 1))
    assert not (tmp_path / "corporations").exists()


# -- 7: errors Pelican finds only while building -------------------------------------------


def test_build_only_error_article_slug_clash(content):
    write(content, "articles/a.md", ARTICLE)
    b = write(content, "articles/b.md", ARTICLE.replace("2021-01-05", "2022-01-05"))
    expect(check(content), b, 2, "title", "the article slug 'een-bericht' is also the slug of")


def test_build_only_error_empty_tag_and_category_slug(content):
    text = ARTICLE.replace("---\nTekst", 'tags: [huur, "!!!"]\ncategory: "???"\n---\nTekst')
    article = write(content, "articles/a.md", text)
    lines = check(content)
    expect(lines, article, 5, "tags.1", "'!!!' has no letters or digits")
    expect(lines, article, 6, "category", "'???' has no letters or digits")


def test_build_only_error_empty_title_slug(content):
    article = write(content, "articles/a.md", ARTICLE.replace('"Een bericht"', '"???"'))
    expect(check(content), article, 2, "title", "gives an empty address")


@pytest.mark.parametrize("slug", ["corporaties", "nieuws", "zoeken", "methode", "gemeenten"])
def test_build_only_error_page_slug_is_a_section(content, slug):
    page = write(content, "pages/sectie.md", PAGE.replace("een-pagina", slug))
    expect(check(content), page, 3, "slug", f"{slug}/index.html")


@pytest.mark.parametrize("save_as", ["../buiten.html", "/etc/x.html", "a/../../x.html", ".x.html"])
def test_build_only_error_save_as_outside_the_output(content, save_as):
    page = write(
        content,
        "pages/uit.md",
        PAGE.replace("slug: een-pagina", f'save_as: "{save_as}"\nslug: uit'),
    )
    expect(check(content), page, 3, "save_as", "a path inside the site")


def test_build_only_error_symlink_loop(content):
    (content / "articles" / "lus").mkdir()
    os.symlink("..", content / "articles" / "lus" / "terug")
    expect(check(content), content / "articles" / "lus" / "terug", 1, "", "symbolic link")


# -- 13: odd file names would make invalid ids ---------------------------------------------


@pytest.mark.parametrize("name", ['2022 05 "quoted".md', "2022_05.md", "Nieuw.md", "2022-05-.md"])
def test_odd_file_name_is_refused(content, name):
    source = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    path = write(content, f"corporations/domesta/stances/{name}", source.read_text("utf-8"))
    expect(check(content), path, 1, "", "the name becomes its id")


def test_odd_file_name_of_a_corporation_folder(content):
    profile = content / "corporations" / "domesta" / "profile.md"
    path = write(content, "corporations/Dom esta/profile.md", profile.read_text("utf-8"))
    expect(check(content), path, 1, "", "is not a slug")


# -- 15: dates outside a sane window -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "field", "line"),
    [("0001-01-01", "date", 3), ("9999-12-31", "date", 3), ("1899-12-31", "date", 3)],
)
def test_feed_date_outside_the_window(content, value, field, line):
    article = write(content, "articles/a.md", ARTICLE.replace("2021-01-05", value))
    expect(check(content), article, line, field, "outside the dates the site accepts")


def test_feed_date_of_a_source(content):
    text = ARTICLE.replace(
        "---\nTekst", "sources:\n  - {title: T, publisher: P, date: 0001-01}\n---\nTekst"
    )
    article = write(content, "articles/a.md", text)
    expect(check(content), article, 6, "sources.0.date", "from 1900 on")


# -- 16: pathological Markdown -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("Eerst.\n\n" + "[" * 16_000, 8, "'[' open at once"),
        ("Eerst.\n" + "[a](" * 200, 7, "'(' open at once"),
        ("*" * 4000 + "a" + "*" * 4000, 6, "'*' in a row"),
        (">" * 40 + " diep", 6, "'>' in a row"),
        ("Eerst.\n\n" + "<a\n\n" * 40, 72, "'<' open at once"),
        ("<b>x</b> " * 201, 6, "more than 200 '<'"),
        ("x" * (MAX_BODY_CHARS + 1), 6, "characters; at most"),
    ],
)
def test_pathological_markdown_is_refused_before_rendering(body, line, words):
    doc = parse_text(ARTICLE.replace("Tekst.\n", body), "a.md")
    html, problems = render_checked(doc)
    assert html == ""
    assert [(p.line, p.field) for p in problems] == [(line, "body")], problems
    assert words in problems[0].message


def test_pathological_markdown_real_brackets_still_pass():
    body = "Zie [de regeling](https://example.org/a_(b)) en [[1]](/over/) (ook (dit)).\n"
    doc = parse_text(ARTICLE.replace("Tekst.\n", body), "a.md")
    html, problems = render_checked(doc)
    assert problems == [] and 'href="https://example.org/a_(b)"' in html


# -- 17: what the site's own Markdown writes is not refused --------------------------------


def test_false_refusal_footnotes_code_and_aligned_tables(content):
    body = (
        "Een bewering[^1] en nog een[^bron].\n\n"
        "```python\nprint('hallo')\n```\n\n"
        "| Wat | Bedrag |\n|:----|-------:|\n| Huur | 700 |\n\n"
        "[^1]: Eerste voetnoot.\n[^bron]: Tweede voetnoot.\n"
    )
    article = write(content, "articles/a.md", ARTICLE.replace("Tekst.\n", body))
    assert not [line for line in check(content) if str(article) in line]
    html, problems = render_checked(parse_text(article.read_text("utf-8"), str(article)))
    assert problems == []
    ids = re.findall(r'id="(fn[^"]+)"', html)
    targets = re.findall(r'href="#(fn[^"]+)"', html)
    assert len(ids) == 4 and sorted(ids) == sorted(targets)  # every note links both ways
    assert 'title="Terug naar voetnoot 1 in de tekst"' in html
    # another file's notes get other ids (two summaries can share one register page)
    other, _ = render_checked(parse_text(article.read_text("utf-8"), "content/x/y.md"))
    assert set(re.findall(r'id="(fn[^"]+)"', other)).isdisjoint(ids)


def test_false_refusal_other_classes_are_still_refused():
    text = ARTICLE.replace("Tekst.", "Tekst.\n{: .waarschuwing onclick=x }")
    _, problems = render_checked(parse_text(text, "a.md"))
    messages = sorted(p.message for p in problems)
    assert messages == [
        "HTML attribute 'class' is not allowed",
        "HTML attribute 'onclick' is not allowed",
    ]
    assert {p.line for p in problems} <= {6, 7}


# -- 18: links to other hosts, links outside content/, huge files --------------------------


@pytest.mark.parametrize("href", ["//kwaad.example/", "/\\kwaad.example/", " // kwaad.example"])
def test_scheme_relative_link_is_refused(content, href):
    article = write(content, "articles/a.md", ARTICLE.replace("Tekst.", f"Zie\n[dit]({href})."))
    expect(check(content), article, 7, "body", "leads to another site without http(s)")


def test_symlink_to_a_file_outside_content_is_refused(content, tmp_path):
    secret = write(tmp_path, "geheim.md", ARTICLE)
    os.symlink(secret, content / "articles" / "geheim.md")
    expect(check(content), content / "articles" / "geheim.md", 1, "", "symbolic link")


def test_huge_file_is_refused(content):
    article = write(content, "articles/a.md", ARTICLE + "Tekst. " * (MAX_FILE_BYTES // 7 + 1))
    lines = check(content)
    expect(lines, article, 1, "", f"at most {MAX_FILE_BYTES:,} bytes")
    assert len([line for line in lines if str(article) in line]) == 1  # not read further


def test_huge_file_in_the_register_is_refused(content):
    record = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    record.write_text(record.read_text("utf-8") + "x" * MAX_FILE_BYTES, encoding="utf-8")
    expect(check(content), record, 1, "", "bytes; a content file may be at most")


def test_output_path_clash_the_writer_never_writes_twice(tmp_path):
    """The build's last line of defence: Pelican's writer would let `save_as` win."""
    from huurwijzer.site.refusals import StrictWriter

    writer = StrictWriter(str(tmp_path), SETTINGS)
    target = str(tmp_path / "index.html")
    writer._open_w(target, "utf-8").close()
    with pytest.raises(RuntimeError, match="written twice"):
        writer._open_w(target, "utf-8", override=True)


@pytest.mark.slow
def test_output_path_clash_list_matches_what_the_build_writes(site):
    """Every path `make check` reserves is really written, and every folder the build
    writes is either reserved or a content page's: the list cannot drift from the site."""
    from huurwijzer.site.outputs import generated_outputs
    from huurwijzer.stances.loading import load_register

    register, _ = load_register(ROOT / "content", SETTINGS)
    generated = generated_outputs(SETTINGS, register)
    for out in generated:
        assert (site.output / out.path).exists(), out
    reserved = {out.path.split("/", 1)[0] for out in generated if "/" in out.path}
    pages = {parse_file(p).data["slug"] for p in (ROOT / "content" / "pages").glob("*.md")}
    for folder in (p for p in site.output.iterdir() if p.is_dir()):
        assert folder.name in reserved | pages, folder


@pytest.mark.slow
def test_false_refusal_footnotes_build_into_valid_pages(tmp_path):
    """Footnotes in an article, a corporation's question and a general question (shown on
    every corporation page): the build accepts them, and html-validate finds no invalid or
    duplicate id. A stance summary is shown twice on its page: there they are refused."""
    content = copy_content(tmp_path)
    note = "Volgens de krant[^1].\n\n[^1]: Nog te controleren.\n"
    write(content, "articles/voetnoot.md", ARTICLE.replace("Tekst.\n", note))
    for faq in ("corporations/domesta/faq/minder-inkomen.md", "faq/betalingsregeling.md"):
        path = content / faq
        path.write_text(path.read_text("utf-8").rstrip() + "\n\n" + note, encoding="utf-8")
    site = build_site(content, tmp_path / "output")
    pages = [site.path("/nieuws/2021/een-bericht/"), site.path("/corporaties/domesta/")]
    assert pages[1].read_text("utf-8").count('class="footnote"') == 2
    result = html_validate(pages)
    assert result.returncode == 0, result.stdout[:3000] + result.stderr

    record = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    text = record.read_text("utf-8").rstrip() + "\n\n" + note
    record.write_text(text, encoding="utf-8")
    line = text.splitlines().index("Volgens de krant[^1].") + 1
    expect(check(content), record, line, "body", "a stance record cannot have footnotes")
