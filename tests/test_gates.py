"""The quality gates over every built page, and proof that each one can fail."""

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from gates import (
    PAGE_BUDGET,
    address_of,
    broken_links,
    external_references,
    heading_jumps,
    html_pages,
    inline_code,
    page_weight,
    weight_violations,
)

from conftest import serve

pytestmark = pytest.mark.slow  # whole builds, Chromium or a running receiver

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def broken(site, tmp_path):
    """A private copy of the built site, to break one rule in."""
    copy = tmp_path / "site"
    shutil.copytree(site.output, copy)
    return copy


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_no_broken_internal_links_or_anchors(site):
    assert broken_links(site.output) == []


def test_the_link_gate_fails_on_a_broken_link_and_a_broken_anchor(broken):
    edit(broken / "index.html", 'href="/huurachterstand/"', 'href="/huurachterstnd/"')
    edit(broken / "over" / "index.html", "</main>", '<a href="/corporaties/#nergens">x</a></main>')
    problems = broken_links(broken)
    assert any("/huurachterstnd/" in p and "no such page" in p for p in problems)
    assert any("'nergens'" in p for p in problems)


def test_no_page_loads_from_another_host(site):
    assert external_references(site.output) == []


def test_the_host_gate_fails_on_a_foreign_resource(broken):
    edit(
        broken / "privacy" / "index.html",
        "</main>",
        '<img src="https://tracker.example/p.gif" alt=""></main>',
    )
    (broken / "theme" / "css" / "site.css").write_text(
        "body{background:url(https://cdn.example/bg.png)}", encoding="utf-8"
    )
    problems = external_references(broken)
    assert any("tracker.example" in p for p in problems)
    assert any("cdn.example" in p for p in problems)


def test_no_inline_script_style_or_handlers(site):
    assert inline_code(site.output) == []


def test_the_inline_gate_fails_on_inline_code(broken):
    edit(
        broken / "over" / "index.html",
        "</main>",
        '<p style="color:red" onclick="x()">x</p><script>alert(1)</script></main>',
    )
    problems = inline_code(broken)
    assert {p.split(": ", 1)[1] for p in problems} >= {
        "style= attribute",
        "inline <script>",
        "<p> has onclick",
    }


def test_the_inline_gate_fails_on_a_style_its_policy_does_not_allow(broken):
    edit(broken / "over" / "index.html", "<style>", "<style>body{color:red}")
    edit(broken / "privacy" / "index.html", "</main>", "<style>p{color:red}</style></main>")
    assert inline_code(broken) == [
        "/over/: <style> element its policy does not allow by hash",
        "/privacy/: <style> element its policy does not allow by hash",
    ]


def test_every_page_within_its_weight_budget(site):
    assert weight_violations(site.output) == []


def test_the_weight_gate_fails_on_a_heavy_page(broken):
    page = broken / "over" / "index.html"
    noise = "".join(f"<p>{i * 7919 % 104729:x}{i * 104723 % 7919:x}</p>" for i in range(6000))
    edit(page, "</main>", noise + "</main>")
    assert page_weight(broken, page)[0] > PAGE_BUDGET
    assert any(p.startswith("/over/") for p in weight_violations(broken))


@pytest.fixture(scope="module")
def every_page(site, browser, base_url):
    """Visit every built page once in Chromium: axe, CSP violations, requests elsewhere."""
    report = {}
    context = browser.new_context()
    for file in html_pages(site.output):
        address = address_of(site.output, file)
        page = context.new_page()
        seen = []
        page.on("console", lambda m, seen=seen: seen.append(m.text) if m.type == "error" else None)
        page.on(
            "request",
            lambda r, seen=seen: (
                seen.append(f"request to {r.url}")
                if not r.url.startswith((base_url, "data:"))
                else None
            ),
        )
        page.goto(base_url + address)
        page.wait_for_load_state("networkidle")
        axe = Axe().run(page, options=AXE_OPTIONS)
        report[address] = (axe, seen)
        page.close()
    context.close()
    return report


def test_axe_finds_no_violation_on_any_page(every_page):
    assert len(every_page) > 30
    failures = {a: r.generate_report() for a, (r, _) in every_page.items() if r.violations_count}
    assert failures == {}


def test_no_csp_violation_console_error_or_foreign_request_on_any_page(every_page):
    assert {a: seen for a, (_, seen) in every_page.items() if seen} == {}


def test_the_browser_gates_fail_on_a_csp_violation_and_a_foreign_request(broken, browser):
    edit(broken / "over" / "index.html", "</main>", "<script>document.title='x'</script></main>")
    privacy = broken / "privacy" / "index.html"
    text = privacy.read_text()
    start = text.index('<meta http-equiv="Content-Security-Policy"')
    text = text[:start] + text[text.index(">", start) + 1 :]
    privacy.write_text(
        text.replace("</main>", '<img src="http://127.0.0.2:9/p.gif" alt=""></main>')
    )
    server = serve(broken)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = browser.new_page()
        seen = []
        page.on("console", lambda m: seen.append(m.text) if m.type == "error" else None)
        page.on(
            "request",
            lambda r: seen.append(f"request to {r.url}") if not r.url.startswith(base) else None,
        )
        page.goto(base + "/over/")
        page.goto(base + "/privacy/")
        page.wait_for_load_state("networkidle")
        page.close()
    finally:
        server.shutdown()
    assert any("Content Security Policy" in s for s in seen), seen
    assert "request to http://127.0.0.2:9/p.gif" in seen


def test_headings_are_in_order_on_every_page(site):
    assert heading_jumps(site.output) == []


def test_the_heading_gate_fails_on_a_skipped_level(broken):
    edit(broken / "over" / "index.html", "</main>", "<h4>Te diep</h4></main>")
    assert heading_jumps(broken) == ["/over/: h2 followed by h4"]
