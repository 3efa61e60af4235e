"""Addresses come from settings: moving a section moves every page, link, feed and export."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import feedparser
import pytest
from gates import broken_links

from conftest import ROOT, build_site, settings_file

MOVED = {
    "CORPORATIONS_URL": "huurders/verhuurders/",
    "CORPORATIONS_SAVE_AS": "huurders/verhuurders/index.html",
    "CORPORATION_URL": "huurders/verhuurder/{slug}/",
    "CORPORATION_SAVE_AS": "huurders/verhuurder/{slug}/index.html",
    "CORPORATION_FEED_SAVE_AS": "huurders/verhuurder/{slug}/nieuw.atom",
    "CORPORATION_LETTER_URL": "huurders/verhuurder/{slug}/betalingsregeling/",
    "CORPORATION_LETTER_SAVE_AS": "huurders/verhuurder/{slug}/betalingsregeling/index.html",
    "LETTER_URL": "voorbeeldbrief/",
    "LETTER_SAVE_AS": "voorbeeldbrief/index.html",
    "MUNICIPALITIES_URL": "plaatsen/",
    "MUNICIPALITIES_SAVE_AS": "plaatsen/index.html",
    "MUNICIPALITY_URL": "plaatsen/{slug}/",
    "MUNICIPALITY_SAVE_AS": "plaatsen/{slug}/index.html",
    "METHOD_URL": "zo-werken-we/",
    "METHOD_SAVE_AS": "zo-werken-we/index.html",
    "REGISTER_JSON_SAVE_AS": "data/standpunten.json",
    "REGISTER_FEED_SAVE_AS": "data/wijzigingen.atom",
    "REGISTER_CSV_SAVE_AS": "data/standpunten.csv",
    "REGISTER_SCHEMA_SAVE_AS": "data/schema.json",
    "REGISTER_DATAPACKAGE_SAVE_AS": "data/datapackage.json",
}


@pytest.mark.slow
def test_moving_every_section_by_settings_leaves_no_broken_link(tmp_path):
    settings = settings_file(tmp_path, SEARCH_INDEX=False, **MOVED)
    site = build_site(ROOT / "content", tmp_path / "output", str(settings))
    assert site.page("/huurders/verhuurders/").find("h1").get_text() == (
        "Wat weten we over jouw corporatie?"
    )
    assert site.page("/huurders/verhuurder/actium/").find("h1").get_text() == "Actium"
    assert site.page("/plaatsen/emmen/").find("a", href="/huurders/verhuurder/domesta/")
    assert not (site.output / "corporaties").exists()
    assert not (site.output / "gemeenten").exists()
    assert broken_links(site.output) == []
    # links written in content follow too ({corporations} in an article, {method} on /over/)
    over = site.page("/over/").find("main")
    assert over.find("a", href="/huurders/verhuurders/") and over.find("a", href="/zo-werken-we/")
    guidance = site.page("/huurachterstand/").find("main")
    assert guidance.find("ol").find("a", href="/voorbeeldbrief/")  # {letter} follows
    actium = site.page("/huurders/verhuurder/actium/")
    assert actium.find("a", href="/huurders/verhuurder/actium/betalingsregeling/")
    assert (site.output / "voorbeeldbrief" / "index.html").exists()
    data = json.loads(site.text("/data/standpunten.json"))
    assert data["corporations"][0]["url"] == "/huurders/verhuurder/actium/"
    feed = feedparser.parse(site.text("/huurders/verhuurder/actium/nieuw.atom"))
    assert feed.entries[0].link.startswith("http://localhost:8000/huurders/verhuurder/actium/#")
    sitemap = site.text("/sitemap.xml")
    assert "/huurders/verhuurder/woonservice/" in sitemap and "/corporaties/" not in sitemap
    every_page = " ".join(p.read_text() for p in site.html_files())
    assert not re.search(r'href="/(corporaties|gemeenten|methode|brief)/', every_page)


def test_a_bad_setting_stops_check_and_build_with_one_line_naming_it(tmp_path):
    settings = settings_file(
        tmp_path,
        PATH=str(ROOT / "content"),
        CORPORATION_URL="/corporaties/",
        REGISTER_STALE_AFTER_DAYS=0,
    )
    check = subprocess.run(
        [sys.executable, "-m", "huurwijzer.commands.check", str(settings), str(ROOT / "content")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
    )
    assert check.returncode != 0, check.stderr
    lines = check.stdout.strip().splitlines()
    assert lines == [
        "setting CORPORATION_URL = '/corporaties/': expected an address with {slug}, ending in "
        "'/', e.g. 'corporaties/{slug}/'",
        "setting REGISTER_STALE_AFTER_DAYS = 0: expected a whole number of days above 0",
    ]
