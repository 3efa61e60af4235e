"""The form's check in the browser and the receiver say the same for the same mistake.

Both take their words from one place: each code's text for senders in core/codes.py. The
form page carries, per field, the text for each rule its script checks (data-msg-<rule>,
FormField.browser_texts); the receiver answers a form posted without JavaScript with the
same code's text. Here a corporation's sender makes one mistake in an otherwise good form, in
Chromium with JavaScript (the script refuses it before anything is sent) and without (the
receiver refuses it and answers with its page), and both must read as the catalog says.
"""

from __future__ import annotations

import re

import pytest
from test_receiver import stack  # noqa: F401 - the module's fixture: a site and its receiver
from test_submission_flow import fill_form

from conftest import ROOT
from huurwijzer.core.codes import CODES, for_sender
from huurwijzer.site.form import form_fields

SUBMIT_JS = ROOT / "theme" / "static" / "js" / "submit.js"


def make(page, field: str, how: str, value: str) -> None:
    """One mistake on the field. ``set`` gives a value the form's own limits (maxlength, the
    date picker) keep a person from typing, as another client or a browser without a date
    picker sends it; ``text`` also makes a date field plain text first."""
    selector = "#" + IDS[field]
    if how == "fill":
        page.fill(selector, value)
    elif how == "select":
        page.select_option(selector, value)
    elif how == "check":
        page.check(f"{selector}-{value}")
    else:
        page.evaluate(
            "([selector, value, asText]) => { const el = document.querySelector(selector);"
            " if (asText) el.type = 'text'; el.value = value; }",
            [selector, value, how == "text"],
        )


# (the mistake, its field, how it is made, with what, the receiver's code and its values)
MISTAKES = [
    ("no corporation", "corporation", "select", "", "empty-value", {}),
    ("no statement", "statement", "fill", "   ", "empty-value", {}),
    ("bad phone", "contact.phone", "fill", "bel 0591-000000", "bad-phone", {}),
    ("bad e-mail", "sender.email", "fill", "test@domesta", "bad-email", {}),
    ("bad address", "policy_url", "fill", "javascript:alert(1)", "bad-url", {}),
    ("bad website", "contact.website", "fill", "www.domesta.nl", "bad-url", {}),
    ("statement too long", "statement", "set", "ab " * 667 + "c", "too-long", {"limit": 2000}),
    ("name too long", "sender.name", "set", "Ä" * 201, "too-long", {"limit": 200}),
    ("no such date", "effective_until", "text", "2027-02-29", "no-such-date", {}),
    ("not a date", "effective_until", "text", "1-3-2027", "bad-date", {}),
    ("end before start", "effective_until", "fill", "2026-10-01", "before-start", {}),
    ("none and an exception", "exceptions", "check", "geen", "none-with-others", {}),
]
IDS = {f.name: f.id for f in form_fields()}


def shown(page, field: str) -> tuple[str, list[str]]:
    """The message next to the field, and the lines of the summary at the top."""
    return (
        page.inner_text(f"#{IDS[field]}-error"),
        [li.strip() for li in page.locator("#error-summary li").all_inner_texts()],
    )


def with_javascript(browser, site: str, field: str, mistake: tuple) -> tuple[str, list[str]]:
    context = browser.new_context()
    page = context.new_page()
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(site + "/standpunt-doorgeven/")
    fill_form(page)
    make(page, field, *mistake)
    page.click("text=Verstuur naar de redactie")
    page.locator("#error-summary").wait_for()
    said = shown(page, field)
    assert posts == []  # refused by the page's own check: the receiver never saw it
    context.close()
    return said


def without_javascript(browser, site: str, field: str, mistake: tuple) -> tuple[str, list[str]]:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/standpunt-doorgeven/")
    fill_form(page)
    make(page, field, *mistake)
    page.click("text=Verstuur naar de redactie")
    assert page.locator("h1").inner_text() == "Controleer uw bericht"  # the receiver's page
    said = shown(page, field)
    context.close()
    return said


@pytest.mark.slow
@pytest.mark.parametrize(
    ("field", "how", "value", "code", "values"),
    [m[1:] for m in MISTAKES],
    ids=[m[0] for m in MISTAKES],
)
def test_the_page_and_the_receiver_say_the_catalogs_words(
    browser,
    stack,  # noqa: F811
    field,
    how,
    value,
    code,
    values,
):
    catalog = for_sender(code, values)
    label = next(f.label for f in form_fields() if f.name == field)
    page_says = with_javascript(browser, stack["site"], field, (how, value))
    receiver_says = without_javascript(browser, stack["site"], field, (how, value))
    assert page_says == receiver_says == (catalog, [f"{label}: {catalog}"])


def type_impossible_date(page, selector: str) -> None:
    """30 February typed into Chromium's date picker, whichever order its parts come in."""
    for parts in (("02", "30", "2027"), ("30", "02", "2027")):
        page.fill(selector, "")
        page.focus(selector)
        for part in parts:
            page.keyboard.type(part)
        if page.evaluate(f"document.querySelector('{selector}').validity.badInput"):
            return
    raise AssertionError("Chromium's date picker took 30 February")


@pytest.mark.slow
def test_a_day_the_date_picker_cannot_hold_is_named_as_the_receiver_names_it(
    browser,
    stack,  # noqa: F811
):
    """Typed into Chromium's own date picker, 30 February is no value at all to the page; the
    script still names the mistake with the receiver's words for a day that does not exist.
    (Without JavaScript the browser posts the field empty: the receiver cannot know.)"""
    context = browser.new_context()
    page = context.new_page()
    page.goto(stack["site"] + "/standpunt-doorgeven/")
    fill_form(page)
    type_impossible_date(page, "#s-effective-until")
    page.click("text=Verstuur naar de redactie")
    page.locator("#error-summary").wait_for()
    assert shown(page, "effective_until")[0] == for_sender("no-such-date", {})
    context.close()


def test_the_script_holds_no_words_of_its_own_for_a_mistake():
    """submit.js says only what the page gives it: no sender's text of the catalog, and no
    fallback ("Dit klopt niet.") that no field can reach."""
    script = SUBMIT_JS.read_text(encoding="utf-8")
    copied = [
        code
        for code, texts in CODES.items()
        if re.sub(r"\{[^}]*\}", "", texts.dutch_for_senders).strip(" .") in script
    ]
    assert copied == []
    assert "klopt niet" not in script.lower()


def test_every_rule_the_page_checks_has_the_receivers_words():
    """Each field's texts are the codes' texts for senders, a pattern's by its schema rule."""
    fields = {f.name: f for f in form_fields()}
    for f in fields.values():
        assert set(f.browser_texts) <= {
            "required",
            "none-with-others",
            "bad-date",
            "no-such-date",
            "before-start",
            "pattern",
            "too-long",
        }
        assert bool(f.pattern) == ("pattern" in f.browser_texts), f.name
        assert bool(f.max_length) == ("too-long" in f.browser_texts), f.name
    assert fields["contact.phone"].browser_texts["pattern"] == for_sender("bad-phone", {})
    assert fields["statement"].browser_texts["too-long"] == for_sender("too-long", {"limit": 2000})
    assert "2.000" in fields["statement"].browser_texts["too-long"]  # as Dutch writes it
