"""Issue 21: a link to a part of a corporation's page (`{corporation}actium#vraag-…`) names a
part the page has; `make check` and the build refuse one it does not have, with path:line.

The parts come from one declared list (reading.links.CORPORATION_SECTIONS) and the register
(its questions, records and help entries: stances.loading.page_anchors); a build shows that
the template writes every one of them, in every language, so list and template cannot drift.
"""

from __future__ import annotations

import re

import pytest
from pelican.settings import read_settings
from test_refusals import check, expect
from test_refusals_round_two import edit

from conftest import ROOT, build_site, run_pelican
from huurwijzer.reading.links import CORPORATION_SECTIONS, MUNICIPALITY_SECTIONS
from huurwijzer.stances.loading import load_register, page_anchors

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


@pytest.mark.parametrize("anchor", ["nope", "vraag-minder-inkomen", "Doen"])
def test_broken_link_to_a_part_a_corporation_page_does_not_have(content, anchor):
    """Before: `{corporation}actium#nope` passed check and build, and led to the top of the
    page (domesta's question is not on actium's page; ids are case-sensitive)."""
    page = edit(
        content, "pages/over.md", "## Wat is", f"[x]({{corporation}}actium#{anchor})\n\n## Wat is"
    )
    expect(check(content), page, 6, "link", "the page of actium has no part with the anchor")


def test_the_refusal_names_the_parts_the_page_has(content):
    page = edit(content, "pages/over.md", "## Wat is", "[x]({corporation}actium#nope)\n\n## Wat")
    (line,) = [line for line in check(content) if line.startswith(f"{page}:")]
    assert "expected one of: " in line
    for part in ("doen", "geschiedenis", "vraag-corona-en-ontruimen", "standpunt-2020-03"):
        assert part in line.split("expected one of: ")[1], line


def test_links_to_parts_a_corporation_page_has_pass(content):
    links = " ".join(
        f"[{i}]({{corporation}}actium#{anchor})"
        for i, anchor in enumerate(
            [
                *CORPORATION_SECTIONS,
                "meer",
                "vragen",
                "algemene-vragen",
                "vraag-corona-en-ontruimen",
                "vraag-algemeen-betalingsregeling",
                "standpunt-2020-03",
                "hulp-geldfit",
            ]
        )
    )
    edit(content, "pages/over.md", "## Wat is", f"{links}\n\n## Wat is")
    assert check(content) == []


@pytest.mark.slow
def test_the_build_refuses_a_link_to_a_missing_part(content, tmp_path):
    edit(
        content,
        "faq/betalingsregeling.md",
        "Een betalingsregeling",
        "Zie [x]({corporation}domesta#nope). Een betalingsregeling",
    )
    result = run_pelican(content, tmp_path / "output")
    assert result.returncode != 0
    assert "faq/betalingsregeling.md:5: link: {corporation}domesta#nope: the page of domesta" in (
        result.stdout + result.stderr
    )


def ids(path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_every_declared_part_is_on_every_corporation_page_in_every_language(tmp_path):
    """The declared list and the template cannot drift: each part a link may name is on the
    built page, for every corporation, in Dutch and in English."""
    site = build_site(ROOT / "content", tmp_path / "output")
    register, _ = load_register(ROOT / "content", SETTINGS)
    addresses = [SETTINGS["CORPORATION_URL"]] + [
        spec["CORPORATION_URL"]
        for spec in SETTINGS["LANGUAGES"].values()
        if "CORPORATION_URL" in spec
    ]
    assert len(addresses) >= 2 and len(register.corporations) >= 4
    for corporation in register.corporations:
        wanted = page_anchors(corporation, register)
        assert set(CORPORATION_SECTIONS) <= wanted
        for address in addresses:
            page = site.path("/" + address.format(slug=corporation.slug))
            missing = wanted - ids(page)
            assert not missing, f"{page}: no id {sorted(missing)}"
    for municipality in register.municipalities:  # and every part {municipality}x#… may name
        page = site.path("/" + SETTINGS["MUNICIPALITY_URL"].format(slug=municipality.slug))
        missing = set(MUNICIPALITY_SECTIONS) - ids(page)
        assert not missing, f"{page}: no id {sorted(missing)}"


def test_a_link_to_a_part_a_municipality_page_does_not_have_is_refused(content):
    """Before: `{municipality}assen#nope` passed check and build, and led to the top of the
    page."""
    page = edit(content, "pages/over.md", "## Wat is", "[x]({municipality}assen#nope)\n\n## Wat is")
    expect(check(content), page, 6, "link", "{municipality}assen#nope: the page of assen has no")


def test_a_link_to_a_part_a_municipality_page_has_passes(content):
    links = " ".join(
        f"[{i}]({{municipality}}assen#{anchor})" for i, anchor in enumerate(MUNICIPALITY_SECTIONS)
    )
    edit(content, "pages/over.md", "## Wat is", f"{links}\n\n## Wat is")
    assert check(content) == []
