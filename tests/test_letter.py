"""The payment-plan letter and the help route, as a tenant and an editor meet them.

Rules as plain functions (when the agreement may be cited), the built pages without
JavaScript (blanks, links from every place a tenant starts), and the letter in Chromium: filled
in, copied, downloaded, printed on one A4 page, by keyboard only, and without one request.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from conftest import ROOT, build_site, copy_content, serve
from huurwijzer.stances.loading import load_register

CORPORATIONS = sorted(p.name for p in (ROOT / "content" / "corporations").iterdir() if p.is_dir())
AGREEMENT_DAY = "2020-04-15"  # inside 2020-03-26 .. 2020-06-01
NOT_CITED = ["2020-07-15", "2026-11-28"]  # after "at least until"; today: unknown, not in force
TYPICAL = {
    "name": "Fatima de Vries",
    "address": "Kerkstraat 12, 7811 AB Emmen",
    "tenant_number": "HW-4471-09",
    "reason": "mijn uren in de winkel zijn minder geworden",
    "amount": "1.250,00",
    "monthly": "75",
    "date": AGREEMENT_DAY,
}


@pytest.fixture(scope="module")
def register():
    return load_register(ROOT / "content", {}, today=date(2026, 11, 28))[0]


# -- rules ------------------------------------------------------------------------------------
def test_the_agreement_is_in_force_only_on_days_the_sources_vouch_for(register):
    assert register.agreement_in_force(date(2020, 3, 25)) is None
    assert register.agreement_in_force(date(2020, 3, 26)).effective_from.day == 26
    assert register.agreement_in_force(date(2020, 6, 1)) is not None
    assert register.agreement_in_force(date(2020, 6, 2)) is None  # after "at least until"
    assert register.agreement_in_force(date(2020, 7, 15)) is None
    assert register.agreement_in_force(date(2020, 10, 15)) is None  # October: day unknown
    assert register.agreement_in_force(date(2020, 10, 31)).effective_from.month == 10
    assert register.agreement_in_force(date(2021, 1, 1)) is not None
    assert register.agreement_in_force(date(2021, 1, 2)) is None
    assert register.agreement_in_force(date(2026, 11, 28)) is None


def test_the_periods_given_to_the_script_say_the_same_as_the_rule_on_every_day(register):
    periods = register.agreement_periods()
    assert periods, "the sources name periods in force"
    day = date(2020, 1, 1)
    while day < date(2027, 1, 1):
        by_rule = register.agreement_in_force(day)
        covering = [p for p in periods if p.covers(day)]
        assert len(covering) <= 1, day
        assert (covering[0].record if covering else None) is by_rule, day
        day += timedelta(days=1)


def test_the_letter_repeats_only_what_the_agreement_record_states(register):
    from dataclasses import replace

    from huurwijzer.stances.letter import citation_text
    from huurwijzer.stances.model import EndDate

    march = register.agreement_in_force(date(2020, 4, 15))
    text = citation_text(march)
    assert "geen ontruiming" in text and "geen incassokosten" in text
    assert "in elk geval tot 1 juni 2020" in text and "26 maart 2020" in text
    costs_unknown = replace(march, values={**march.values, "no_collection_costs": "unknown"})
    assert "incassokosten" not in citation_text(costs_unknown)
    silent = replace(
        costs_unknown, values={**costs_unknown.values, "eviction": "unknown", "scope": "unknown"}
    )
    assert citation_text(silent) is None  # nothing stated: nothing cited
    no_end_known = replace(march, end=EndDate())
    assert "tot" not in citation_text(no_end_known).split(":")[-1]


def test_an_agreement_without_a_known_end_or_at_least_date_is_cited_on_no_day(register):
    from dataclasses import replace

    from huurwijzer.stances.model import EndDate

    vague = [replace(r, end=EndDate()) for r in register.national]
    changed = replace(register, national=vague)
    assert changed.agreement_periods() == []
    assert changed.agreement_in_force(date(2020, 4, 15)) is None


# -- built pages, no JavaScript ---------------------------------------------------------------
def letter_text(site, address: str) -> str:
    letter = site.page(address).find("article", class_="letter")
    for br in letter.find_all("br"):
        br.replace_with("\n")
    visible = [p for p in letter.find_all("p") if not p.has_attr("hidden")]
    return "\n\n".join(p.get_text() for p in visible)


@pytest.mark.slow
@pytest.mark.parametrize("slug", CORPORATIONS)
def test_each_corporation_has_a_letter_with_its_name_and_marked_blanks(site, slug):
    name = site.page(f"/corporaties/{slug}/").find("h1").get_text()
    text = letter_text(site, f"/corporaties/{slug}/brief/")
    assert name in text
    for blank in (
        "[je naam]",
        "[je adres]",
        "[huurdersnummer]",
        "[bedrag achterstand]",
        "[bedrag per maand]",
        "[datum]",
        f"[postadres van {name}]",
    ):
        assert blank in text, blank
    for asked in (
        "betalingsregeling",
        "geen incassokosten",
        "uit mijn huis te zetten",
        "schriftelijk",
    ):
        assert asked in text, asked
    # Without a date the agreement is not cited: every citation waits, hidden, for one.
    assert "landelijke afspraak" not in text
    page = site.page(f"/corporaties/{slug}/brief/")
    assert not page.find("a", href=lambda h: h and h.startswith("mailto:"))  # e-mail unknown
    assert "blijft op je eigen apparaat" in page.get_text()
    assert len(page.find(id="bellen").find_parent("section").find_all("li")) == 4  # phone script


@pytest.mark.slow
def test_the_general_letter_leaves_the_landlord_blank(site):
    text = letter_text(site, "/brief/")
    assert "[naam verhuurder]" in text and "[adres verhuurder]" in text


@pytest.mark.slow
def test_the_agreement_periods_on_the_page_come_from_the_records(site, register):
    page = site.page("/corporaties/domesta/brief/")
    shown = [(p["data-from"], p["data-to"]) for p in page.select("[data-from]")]
    expected = [(p.first.isoformat(), p.last.isoformat()) for p in register.agreement_periods()]
    assert shown == expected
    template = (ROOT / "theme" / "templates" / "letter.html").read_text(encoding="utf-8")
    script = (ROOT / "theme" / "static" / "js" / "letter.js").read_text(encoding="utf-8")
    for day in ("2020", "2021"):
        assert day not in template and day not in script


@pytest.mark.slow
@pytest.mark.parametrize(
    "address", [f"/corporaties/{s}/" for s in CORPORATIONS] + ["/huurachterstand/", "/404.html"]
)
def test_the_letter_and_the_help_route_are_linked_where_a_tenant_starts(site, address):
    page = site.page(address)
    links = {a["href"] for a in page.find_all("a", href=True)}
    letter = f"{address}brief/" if address.startswith("/corporaties/") else "/brief/"
    if address.startswith("/corporaties/"):
        steps = page.find(id="doen").find_parent("section")
        assert steps.find("a", href=letter), "linked from 'Wat kun je nu doen?'"
    elif address == "/huurachterstand/":
        steps = page.find("ol")
        assert steps.find("a", href=letter), "linked from the guidance page's steps"
    assert letter in links
    assert any(h.endswith("#gratis-hulp") for h in links) or page.find(id="gratis-hulp")


@pytest.mark.slow
def test_every_municipality_corporation_and_the_guidance_page_show_the_help_route(site):
    addresses = ["/huurachterstand/"]
    addresses += [f"/corporaties/{s}/" for s in CORPORATIONS]
    addresses += [
        site.address_of(p) for p in sorted((site.output / "gemeenten").glob("*/index.html"))
    ]
    assert len(addresses) > 10
    for address in addresses:
        route = site.page(address).find(id="gratis-hulp").find_parent("section")
        names = [h.get_text() for h in route.find_all("h3")]
        assert "Het Juridisch Loket" in names, address
        assert "Schuldhulpverlening van je gemeente" in names, address
        assert "Geldfit: gratis hulplijn bij geldzorgen" in names, address
        for entry in route.select("section.help-entry"):
            name = entry.find("h3").get_text()
            # an unknown detail is no row saying "onbekend", but one line on how to find it
            assert "onbekend" not in entry.get_text(), (address, name)
            rows = entry.select("dl.contact dt")
            if len(rows) < 3:
                assert entry.select_one("p.how-to-find").get_text().strip(), (address, name)
            # every detail shown is sourced: the page it comes from is cited
            if rows:
                assert entry.select("ul.record-sources li"), (address, name)
                assert "nog niet zelf nagekeken" in entry.get_text(), (address, name)


# -- editors: the letter address, the e-mail link, help entries --------------------------------
HELP_WITH_PHONE = """---
name: "Voorbeeldhulp"
phone: "0800 0000"
website: null
address: null
how_to_find: "Vraag het aan je gemeente."
checked_on: null
sources: null
---
Wat zij doen.
"""


def test_a_help_entry_with_a_phone_number_needs_its_source_and_date(tmp_path):
    content = copy_content(tmp_path)
    (content / "help" / "voorbeeld.md").write_text(HELP_WITH_PHONE, encoding="utf-8")
    (content / "help" / "kapot.md").write_text(
        HELP_WITH_PHONE.replace('phone: "0800 0000"\n', "").replace("Voorbeeldhulp", "Kapot"),
        encoding="utf-8",
    )
    _, problems = load_register(content, {}, today=date(2026, 11, 28))
    lines = sorted(str(p) for p in problems)
    assert any(
        line.endswith(
            "help/voorbeeld.md:3: phone: a phone number, website or address needs its "
            "source: add 'sources' (title, publisher, date) saying where the editors "
            "found it"
        )
        for line in lines
    ), lines
    assert any(
        "help/kapot.md:1: phone: this field is required but missing" in line for line in lines
    ), lines


@pytest.mark.slow
def test_what_editors_add_with_a_source_shows_letter_address_e_mail_link_and_phone(
    tmp_path, browser
):
    content = copy_content(tmp_path)
    profile = content / "corporations" / "domesta" / "profile.md"
    text = profile.read_text(encoding="utf-8")
    assert "contact: null" in text
    profile.write_text(
        text.replace(
            "contact: null",
            'contact:\n  email: "huur@voorbeeld.nl"\n'
            '  letter_address: "Postbus 1\\n1234 AB Voorbeeld"',
        ),
        encoding="utf-8",
    )
    (content / "help" / "voorbeeld.md").write_text(
        HELP_WITH_PHONE.replace('"0800 0000"', '"000 0000000"')
        .replace("checked_on: null", "checked_on: 2026-11-01")
        .replace(
            "sources: null",
            'sources:\n  - {title: "Testbron", publisher: "Testuitgever", date: 2026-11}',
        ),
        encoding="utf-8",
    )
    site = build_site(content, tmp_path / "output")
    route = site.page("/gemeenten/emmen/").find(id="hulp-voorbeeld")
    assert route.find("a", href="tel:0000000000").get_text() == "000 0000000"
    assert "1 november 2026" in route.get_text() and "Testbron" in route.get_text()
    text = letter_text(site, "/corporaties/domesta/brief/")
    assert "Domesta\nPostbus 1\n1234 AB Voorbeeld" in text.replace("\r", "")
    assert "[postadres van Domesta]" not in text
    page = site.page("/corporaties/domesta/brief/")
    mail = page.find(id="letter-mail")["href"]
    assert mail.startswith(
        "mailto:huur@voorbeeld.nl?subject=Verzoek%20om%20een%20betalingsregeling"
    )
    assert "&body=" in mail and "Postbus%201" in mail
    assert not page.find("input", attrs={"name": "landlord_address"})
    assert not site.page("/corporaties/actium/brief/").find(id="letter-mail")
    # with the script, the e-mail link carries the letter as filled in
    server = serve(site.output)
    try:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/corporaties/domesta/brief/")
        fill(tab, TYPICAL)
        href = unquote(tab.get_attribute("#letter-mail", "href"))
        assert href.startswith("mailto:huur@voorbeeld.nl?subject=Verzoek om een betalingsregeling")
        assert "Fatima de Vries" in href and "HW-4471-09" in href and "[" not in href
        context.close()
    finally:
        server.shutdown()


# -- in Chromium ------------------------------------------------------------------------------
def fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"[data-fill={name}]", value)


def shown_letter(page) -> str:
    return page.inner_text("[data-letter]")


@pytest.mark.slow
@pytest.mark.parametrize("slug", CORPORATIONS)
def test_the_letter_cites_the_agreement_only_for_a_date_in_its_period(page, base_url, slug):
    page.goto(f"{base_url}/corporaties/{slug}/brief/")
    fill(page, TYPICAL)
    text = shown_letter(page)
    name = page.inner_text("h1").removeprefix("Vraag ").removesuffix(" om een betalingsregeling")
    assert name in text and "Fatima de Vries" in text and "€\u00a01.250,00" in text
    assert "15 april 2020" in text and "[datum]" not in text
    assert "landelijke afspraak van 26 maart 2020" in text
    for day in NOT_CITED:
        page.fill("[data-fill=date]", day)
        assert "landelijke afspraak" not in shown_letter(page), day
    page.fill("[data-fill=date]", "2020-12-01")
    october = shown_letter(page)
    assert "landelijke afspraak van 26 maart 2020" in october
    assert "verlengd in oktober 2020, nu ook met de Vereniging van Nederlandse Gemeenten" in october
    # the tenant's own reason, not a reason written for them; no "Volgens de bronnen"
    assert "De reden: mijn uren in de winkel zijn minder geworden." in october
    assert "inkomen lager" not in october and "Volgens de bronnen" not in october
    assert page.problems == []


@pytest.mark.slow
def test_filling_in_copying_and_downloading_sends_no_request_and_stores_nothing(browser, base_url):
    context = browser.new_context(accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}/corporaties/actium/brief/")
    page.wait_for_load_state("networkidle")
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    fields = page.eval_on_selector_all("[data-fill]", "els => els.map(e => e.name)")
    assert set(TYPICAL) <= set(fields)
    for name in fields:  # typed key by key, as a tenant would (the date through its picker)
        value = TYPICAL.get(name, "Postbus 99, 9400 AA Assen")
        if name == "date":
            page.fill("[data-fill=date]", value)
        else:
            page.fill(f"[data-fill={name}]", "")
            page.click(f"[data-fill={name}]")
            page.keyboard.type(value)
    page.click("[data-action=copy]")
    page.wait_for_selector("[data-letter-status]:not(:empty)")
    copied = page.evaluate("navigator.clipboard.readText()")
    with page.expect_download() as download:
        page.click("[data-action=download]")
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert requests == []
    for text in (copied, saved):
        assert "Fatima de Vries" in text and "HW-4471-09" in text and "Actium" in text
        assert "[" not in text  # every blank filled in
    assert download.value.suggested_filename.endswith(".txt")
    stored = page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]")
    assert stored == ["", 0, 0]
    assert context.cookies() == []
    context.close()


@pytest.mark.slow
def test_the_letter_can_be_filled_in_and_copied_by_keyboard_only(browser, base_url):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}/corporaties/woonservice/brief/")
    first = page.locator("[data-fill]").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-fill')"):
            break
    assert page.evaluate("document.activeElement.name") == first.get_attribute("name")
    page.keyboard.type("Jan Jansen")
    while not page.evaluate("document.activeElement.matches('[data-action=copy]')"):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.boxShadow]; }"
        )
        assert style != ["none", "none"], "focus is visible"
        assert page.evaluate("document.activeElement.tagName") != "BODY"
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-letter-status]:not(:empty)")
    assert "Jan Jansen" in page.evaluate("navigator.clipboard.readText()")
    assert "Jan Jansen" in page.inner_text("[data-letter]")
    context.close()


@pytest.mark.slow
def test_the_print_view_is_the_letter_alone_on_one_a4_page(page, base_url):
    page.goto(f"{base_url}/corporaties/domesta/brief/")
    fill(page, {**TYPICAL, "landlord_address": "Postbus 99, 7800 AA Emmen"})
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    printed = " ".join(pdf.pages[0].extract_text().split())
    assert "Fatima de Vries" in printed and "landelijke afspraak" in printed
    for not_printed in ("Hulp en advies", "Liever bellen", "Vul je gegevens in", "Huurwijzer"):
        assert not_printed not in printed


@pytest.mark.slow
def test_without_javascript_the_letter_shows_its_blanks_and_prints(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/corporaties/actium/brief/")
    assert not page.is_visible("[data-letter-form]")  # nothing to type into without a script
    assert page.is_visible("[data-no-script]")
    text = shown_letter(page)
    assert "[je naam]" in text and "Actium" in text and "landelijke afspraak" not in text
    selected = page.evaluate(
        "() => { const r = document.createRange();"
        " r.selectNodeContents(document.querySelector('[data-letter]'));"
        " const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }"
    )
    assert "[bedrag per maand]" in selected  # selectable as text
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(pdf.pages) == 1 and "[je naam]" in pdf.pages[0].extract_text()
    context.close()


def test_every_help_contact_detail_in_content_is_sourced_or_absent():
    """Each phone number, website or address of a help organisation names the page it is from."""
    from huurwijzer.reading.frontmatter import parse_file

    found = 0
    for path in sorted((ROOT / "content" / "help").glob("*.md")):
        if path.name.count(".") > 1:
            continue  # a translation holds no contact detail (the schema refuses one)
        data = parse_file(path).data
        known = [k for k in ("phone", "website", "address") if data.get(k)]
        found += len(known)
        if known:
            assert data.get("sources"), path
            assert all(s.get("title") and s.get("publisher") for s in data["sources"]), path
    assert found >= 4  # Het Juridisch Loket and Geldfit: phone and website each


@pytest.mark.slow
def test_on_a_phone_the_copy_holds_the_whole_letter_while_it_is_off_screen(browser, base_url):
    """On a narrow screen the letter is far below the copy button: the text copied is still
    the whole letter (no part the browser skips drawing until it is scrolled to)."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}/corporaties/actium/brief/")
    page.fill("[data-fill=name]", "Fatima de Vries")
    page.evaluate("window.scrollTo(0, 0)")  # the letter is screens away, below the form
    page.locator("[data-action=copy]").dispatch_event("click")
    page.wait_for_selector("[data-letter-status]:not(:empty)")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.count("Fatima de Vries") >= 2  # at the top and under the greeting
    assert "Geachte heer of mevrouw" in copied and "Actium" in copied
    context.close()
