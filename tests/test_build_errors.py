"""A build refuses bad content and names the file; nothing is silently skipped."""

import hashlib

import pytest

from conftest import ROOT, Site, build_site, copy_content, run_module, run_pelican, settings_file

GOOD = """---
title: "Testbericht"
date: 2021-01-05
summary: "Een bericht voor de test."
---
Tekst.
"""

BAD = {
    "non-iso-date": (GOOD.replace("2021-01-05", "05-04-2020"), 3, "date"),
    "impossible-date": (GOOD.replace("2021-01-05", "2021-02-30"), 3, "date"),
    "no-title": (GOOD.replace('title: "Testbericht"\n', ""), 1, "title"),
    "unknown-status": (GOOD.replace("---\nTekst", "status: klaar\n---\nTekst"), 5, "status"),
    "unreadable-metadata": (GOOD.replace('summary: "Een', 'summary: [ "Een'), 5, ""),
    "no-front-matter": ("Title: Oud formaat\nDate: 2021-01-05\n\nTekst.\n", 1, ""),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_article_fails_the_build_and_is_named(tmp_path, case):
    text, line, field = BAD[case]
    content = copy_content(tmp_path)
    bad = content / "articles" / f"{case}.md"
    bad.write_text(text, encoding="utf-8")
    result = run_pelican(content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert f"{bad}:{line}: {field}" in log, log


def test_check_reports_every_bad_file_in_one_run(tmp_path):
    content = copy_content(tmp_path)
    for case in ("non-iso-date", "no-title", "unknown-status"):
        (content / "articles" / f"{case}.md").write_text(BAD[case][0], encoding="utf-8")
    settings = settings_file(tmp_path, PATH=str(content))
    result = run_module("huurwijzer.commands.check", str(settings))
    assert result.returncode == 1
    for case in ("non-iso-date", "no-title", "unknown-status"):
        line, field = BAD[case][1:]
        assert f"{content}/articles/{case}.md:{line}: {field}:" in result.stdout, result.stdout
    assert "3 problem(s) in 3 file(s)" in result.stdout


def test_check_passes_on_the_real_content():
    result = run_module("huurwijzer.commands.check", "pelicanconf.py")
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


@pytest.mark.slow
def test_titles_are_escaped_not_run(tmp_path):
    content = copy_content(tmp_path)
    (content / "articles" / "xss.md").write_text(
        GOOD.replace('"Testbericht"', '"<script>alert(1)</script> & <b>vet</b>"'), encoding="utf-8"
    )
    site = build_site(content, tmp_path / "output")
    page = site.page("/nieuws/2021/alert1-vet/")
    assert page.find("h1").get_text() == "<script>alert(1)</script> & <b>vet</b>"
    assert not page.find("main").find("script") and not page.find("main").find("b")


@pytest.mark.slow
def test_news_is_paginated_newest_first(tmp_path):
    content = copy_content(tmp_path)
    for day in range(1, 24):
        (content / "articles" / f"extra-{day}.md").write_text(
            GOOD.replace("2021-01-05", f"2021-01-{day:02d}").replace(
                '"Testbericht"', f'"Bericht {day}"'
            ),
            encoding="utf-8",
        )
    site = build_site(content, tmp_path / "output")
    first = site.page("/nieuws/")
    titles = [a.get_text() for a in first.select("main .article-list h2 a")]
    assert titles[:2] == ["Bericht 23", "Bericht 22"] and len(titles) == 10
    assert first.find("a", rel="next")["href"] == "/nieuws/pagina/2/"
    third = site.page("/nieuws/pagina/3/")
    assert len(third.select("main .article-list > li")) == 5  # 25 articles in all
    assert third.find("a", rel="prev")["href"] == "/nieuws/pagina/2/"
    assert "Pagina 3 van 3" in third.find("nav", class_="pagination").get_text()
    assert not (site.output / "pagina").exists()  # the home page is one page, not paginated


@pytest.mark.slow
def test_each_build_starts_empty_and_is_byte_identical(tmp_path):
    output = tmp_path / "output"
    (output / "stale").mkdir(parents=True)
    (output / "stale" / "index.html").write_text("old")
    first = build_site(ROOT / "content", output)
    assert not (output / "stale").exists()
    digest = _tree_digest(first)
    assert "search-index/nl/filters.json" in digest  # the search index, byte-identical too
    assert _tree_digest(build_site(ROOT / "content", output)) == digest


def _tree_digest(site: Site) -> dict[str, str]:
    """Hashes of every built file, the search index included."""
    return {
        p.relative_to(site.output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.output.rglob("*"))
        if p.is_file()
    }
