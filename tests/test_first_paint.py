"""First paint in one round trip (issue 23): every page carries the theme's stylesheet inline,
allowed by its hash in the page's policy and in the host headers, so the browser waits for no
stylesheet before it paints, and applies the style with the real policy (no CSP violation).

Timings are not asserted here: `make bench` measures the paint (bench/browser.py).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest
from gates import style_source

from conftest import ROOT

pytestmark = pytest.mark.slow  # whole builds, Chromium or a running receiver

PAGES = [
    "/",
    "/corporaties/",
    "/corporaties/actium/",
    "/gemeenten/emmen/",
    "/huurachterstand/",
    "/brief/",
    "/zoeken/",
    "/en/",
    "/en/corporations/actium/",
    "/en/search/",
    "/standpunt-doorgeven/",
]
WATCH = """document.addEventListener("securitypolicyviolation",
  (e) => (window.__violations ||= []).push(e.violatedDirective + " " + e.blockedURI));"""


def host_headers(output):
    """The headers a host sends with every file, from the build's own _headers file."""
    lines = (output / "_headers").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "/*"
    return [tuple(line.strip().split(": ", 1)) for line in lines[1:] if line.strip()]


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    extra: list = []

    def log_message(self, *args):
        pass

    def end_headers(self):
        for name, value in self.extra:
            self.send_header(name, value)
        super().end_headers()


@pytest.fixture
def host():
    """Serve a folder as the host would: every header of its _headers file on every file."""
    servers = []

    def start(output):
        handler = type("Handler", (_HostHandler,), {"extra": host_headers(output)})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(output))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


def visit(browser, url):
    """Open a page with an empty cache; what it requested, violated and how it looks."""
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    requests, console = [], []
    page.on("request", lambda r: requests.append((r.resource_type, r.url)))
    page.on("console", lambda m: console.append(m.text))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    seen = page.evaluate(
        """() => ({
      violations: window.__violations || [],
      margin: getComputedStyle(document.body).marginTop,
      blocking: [...document.querySelectorAll('link[rel~="stylesheet"]')]
        .filter((l) => (l.media || "all") !== "print").map((l) => l.href),
      print: [...document.querySelectorAll('link[rel~="stylesheet"][media="print"]')]
        .map((l) => l.href),
    })"""
    )
    context.close()
    seen["stylesheets"] = [url for kind, url in requests if kind == "stylesheet"]
    seen["console"] = [text for text in console if "Content Security Policy" in text]
    return seen


def test_no_page_waits_for_a_stylesheet_and_the_inline_style_applies_under_the_real_policy(
    site, browser, host
):
    base = host(site.output)
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    header = dict(host_headers(site.output))["Content-Security-Policy"]
    assert style_source(css) in header.replace(";", " ").split()
    assert "'unsafe-inline'" not in header
    for address in PAGES:
        page = site.page(address)
        assert page.find("head").find("style").string == css, address
        seen = visit(browser, base + address)
        assert seen["blocking"] == [], address  # nothing to fetch before the first paint
        assert set(seen["stylesheets"]) <= set(seen["print"]), address  # print styles only
        assert seen["violations"] == [] and seen["console"] == [], (address, seen)
        assert seen["margin"] == "0px", address  # the theme's body { margin: 0 } applies


def test_a_style_the_policy_does_not_allow_is_blocked_and_seen(site, browser, host, tmp_path):
    """The check above can fail: a stylesheet changed after the build no longer matches."""
    copy = tmp_path / "site"
    shutil.copytree(site.output, copy, ignore=shutil.ignore_patterns("search-index"))
    page = copy / "over" / "index.html"
    page.write_text(page.read_text().replace("<style>", "<style>p{color:red}", 1))
    seen = visit(browser, host(copy) + "/over/")
    assert any(v.startswith("style-src") for v in seen["violations"]), seen
    assert seen["margin"] == "8px"  # the browser's default: the theme's style did not apply
