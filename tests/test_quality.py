"""Quality gates in real tools: html-validate over every page, axe-core and Chromium."""

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # whole builds, Chromium or a running receiver

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TEMPLATES = {
    "home": "/",
    "article": "/nieuws/2020/drentse-corporaties-en-ontruimingen/",
    "page": "/huurachterstand/",
    "news index": "/nieuws/",
    "404": "/404.html",
    "archive": "/nieuws/archief/",
    "category": "/nieuws/categorie/corona/",
    "overview": "/corporaties/",
    "corporation": "/corporaties/domesta/",
    "municipality": "/gemeenten/emmen/",
    "municipalities": "/gemeenten/",
    "method": "/methode/",
}


def html_validate(paths):
    binary = ROOT / "node_modules" / ".bin" / "html-validate"
    assert binary.exists(), "html-validate missing: `make test` runs npm ci"
    return subprocess.run(
        [str(binary), "--formatter", "json", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_page_passes_html_validate(site):
    result = html_validate(site.html_files())
    report = json.loads(result.stdout or "[]")
    errors = [
        f"{r['filePath']}:{m['line']}: {m['ruleId']}: {m['message']}"
        for r in report
        for m in r["messages"]
        if m["severity"] == 2
    ]
    assert result.returncode == 0 and not errors, "\n".join(errors) or result.stderr


def test_html_validate_fails_on_a_broken_page(site, tmp_path):
    broken = tmp_path / "broken.html"
    shutil.copy(site.path("/"), broken)
    broken.write_text(broken.read_text().replace("<main ", "<main><div><main "))
    assert html_validate([broken]).returncode != 0


# axe runs once over every built page in test_gates.py; this proves it can fail.
def test_axe_notices_a_violation(page, base_url):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + "/")
    page.evaluate("document.documentElement.removeAttribute('lang')")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count >= 1


@pytest.mark.parametrize(
    "name", ["home", "article", "page", "news index", "overview", "corporation"]
)
def test_readable_at_320_pixels_without_sideways_scrolling(page, base_url, name):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base_url + TEMPLATES[name])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16


def test_keyboard_reaches_the_skip_link_first_with_visible_focus(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Naar de inhoud"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0  # on screen when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_pages_work_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/")
    page.get_by_role("link", name="Huurachterstand? Zo pak je het aan").first.click()
    assert page.url.endswith("/huurachterstand/")
    assert page.locator("main ol > li").count() >= 6
    context.close()


FOCUSABLE = """() => Array.from(document.querySelectorAll(
  'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'))
  .filter(el => !el.disabled && el.offsetParent !== null && el.type !== 'hidden')
  .map((el, i) => { el.dataset.order = i; return i; }).length"""

FOCUS_STATE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {order: el.dataset.order ?? null, tag: el.tagName, outline: style.outlineStyle,
          shadow: style.boxShadow, name: el.name || el.textContent.trim().slice(0, 30)};
}"""


@pytest.mark.parametrize(
    "address", ["/corporaties/", "/zoeken/?q=huur", "/standpunt-doorgeven/", "/brief/"]
)
def test_keyboard_reaches_every_control_in_order_with_visible_focus(page, base_url, address):
    page.goto(base_url + address)
    page.wait_for_load_state("networkidle")
    count = page.evaluate(FOCUSABLE)
    seen = []
    for _ in range(count):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["tag"] == "BODY":  # past the last control (radio groups are one stop)
            break
        assert state["outline"] != "none" or state["shadow"] != "none", state
        seen.append(int(state["order"]) if state["order"] is not None else None)
    # radio groups take one tab stop, so compare the order of what was reached
    reached = [s for s in seen if s is not None]
    assert reached == sorted(reached) and len(reached) >= count * 0.5, seen
    assert seen[0] == 0  # the skip link comes first
