"""A corpus of hostile inputs, sent as submissions in every text field, runs no script.

The corpus (tests/data/xss-vectors.txt) follows the classes of the OWASP XSS filter-evasion
cheat sheet. Every vector goes into the inbox (`make submit`'s own code; a sample through the
command itself; tests/test_receiver.py sends the corpus through HTTP), is approved, built,
and then opened in Chromium.
"""

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from intake_support import take, tie_domain

from conftest import ROOT, build_site, copy_content, run_module, serve, settings_file
from huurwijzer.intake.clean import plain
from huurwijzer.intake.inbox import Inbox
from huurwijzer.intake.workflow import approve
from huurwijzer.reading.markup import ALLOWED_TAGS

# the whole corpus through submit, approve, build and Chromium; it stamps and approves, so it
# runs again a year ahead and behind
pytestmark = [pytest.mark.slow, pytest.mark.clock]

VECTORS = [
    line
    for line in (Path(__file__).parent / "data" / "xss-vectors.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
CORPORATIONS = ["actium", "domesta", "woonconcept", "woonservice"]
START = date(2021, 1, 1)
# Elements our own templates write around the corporation's words.
TEMPLATE_TAGS = {
    "html",
    "head",
    "body",
    "meta",
    "title",
    "link",
    "script",
    "header",
    "nav",
    "main",
    "footer",
    "section",
    "article",
    "form",
    "label",
    "input",
    "button",
    "select",
    "option",
    "span",
    "svg",
    "symbol",
    "use",
    "path",
    "circle",
    "time",
    "figure",
    "figcaption",
    "h1",
    "a",
}


def submission(i: int, vector: str) -> dict:
    statement = vector if plain(vector) else f"Standpunt {i}: {vector}"
    url = f"https://x.example/{vector}" if not any(c.isspace() for c in vector) else None
    return {
        "corporation": CORPORATIONS[i % 4],
        "eviction": "restrained",
        "lenient_collection": "yes",
        "scope": "unknown",
        "exceptions": None,
        "effective_from": (START + timedelta(days=i)).isoformat(),
        "statement": statement,
        "policy_url": url,
        "contact": {
            "phone": None,
            "email": None,
            "website": url,
            "help_page": url,
            "hours": vector,
        },
        "sender": {
            "name": f"Naam {vector}"[:200],
            "role": f"Rol {vector}"[:200],
            "email": "a@b.example",
        },
    }


def test_the_corpus_is_large_and_covers_every_class():
    assert len(VECTORS) >= 100
    text = "\n".join(VECTORS).lower()
    for marker in (
        "<script",
        "onerror",
        "javascript:",
        "vbscript:",
        "data:text/html",
        "<svg",
        "<math",
        '" onmouseover',
        "style=",
        "<base",
        'http-equiv="refresh"',
        "srcdoc",
        "formaction",
        'id="filter"',
    ):
        assert marker in text, marker


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    content = copy_content(tmp)
    for slug in CORPORATIONS:
        tie_domain(content, slug, "b.example")
    settings = settings_file(tmp, PATH=str(content), REGISTER_TODAY="2026-11-28")
    inbox = Inbox(tmp / "inbox.sqlite3")
    env = {"SETTINGS": str(settings), "INBOX": str(inbox.path), "FILE": "-"}
    ids, refused = [], []
    for i, vector in enumerate(VECTORS):
        raw = json.dumps(submission(i, vector))
        if i < 5:  # a sample through the command itself
            result = run_module("huurwijzer.intake.commands", "submit", stdin=raw, env=env)
            if result.returncode:
                refused.append((vector, result.stderr))
                continue
            ids.append(result.stdout.split("Received as ")[1].split(" ")[0])
            continue
        now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC) + timedelta(seconds=i)
        ids.append(take(raw.encode(), inbox, content, now=now, path=f"vector {i}").item.receipt)
    assert refused == []
    approve_settings = {"REGISTER_TODAY": "2026-11-28"}
    for receipt in ids:  # the editors confirmed each sender, so the statements are quoted
        approve(receipt, inbox, content, approve_settings, "redactie", confirmed_how="Gebeld")
    return build_site(content, tmp / "output", str(settings)), len(ids)


def test_every_vector_was_accepted_and_published(hostile_site):
    site, count = hostile_site
    assert count == len(VECTORS)
    records = sum(
        len(site.page(f"/corporaties/{slug}/").select("section.record")) for slug in CORPORATIONS
    )
    assert records == len(VECTORS) + 4  # plus the four records from the seed


CHECK_DOM = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (name.startsWith('on')) bad.push(el.tagName + ' ' + name);
      const urlish = ['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'];
      if (urlish.includes(name) && /^(javascript|vbscript|data):/.test(value))
        bad.push(el.tagName + ' ' + name + '=' + value);
    }
  }
  /* one <style> is ours: the theme's stylesheet, first in <head>, allowed by its hash */
  const foreign = 'script:not([src^="/theme/js/"]), iframe, object, embed, base, ' +
    'body style, head > style ~ style, ' +
    'meta[http-equiv="refresh"], ' +
    'link:not([href^="/"]):not([rel=canonical]):not([rel=alternate][hreflang])';
  for (const el of document.querySelectorAll(foreign))
    bad.push('element ' + el.tagName);
  const tags = new Set();
  for (const el of document.querySelectorAll('main *')) tags.add(el.tagName.toLowerCase());
  return {bad, tags: [...tags]};
}"""


def test_no_script_runs_in_a_real_browser(hostile_site, browser):
    site, _ = hostile_site
    server = serve(site.output)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    allowed = (
        set(ALLOWED_TAGS)
        | TEMPLATE_TAGS
        | {"dl", "dt", "dd", "ol", "ul", "li", "p", "h2", "h3", "strong", "br", "blockquote"}
    )
    dialogs, failures = [], {}
    try:
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        addresses = [
            "/corporaties/",
            "/gemeenten/emmen/",
            "/gemeenten/assen/",
            *[f"/corporaties/{slug}/" for slug in CORPORATIONS],
        ]
        for address in addresses:
            page.goto(base + address)
            page.wait_for_load_state("networkidle")
            for link in page.locator("main a[href^='/']").all()[:3]:
                link.hover()  # give mouse-over handlers a chance
            report = page.evaluate(CHECK_DOM)
            outside = set(report["tags"]) - allowed
            if report["bad"] or outside:
                failures[address] = (report["bad"], sorted(outside))
        context.close()
    finally:
        server.shutdown()
    assert dialogs == []
    assert failures == {}


def test_feeds_json_and_csv_stay_data(hostile_site):
    site, _ = hostile_site
    for feed in ["/corporaties/wijzigingen.atom", "/corporaties/domesta/wijzigingen.atom"]:
        xml = site.text(feed)
        parsed = feedparser.parse(xml)
        assert not parsed.bozo, parsed.bozo_exception
        assert "<script" not in xml and "<img" not in xml
    data = json.loads(site.text("/corporaties/standpunten.json"))
    sent = {
        r["effective_from"]: r["statement"]
        for c in data["corporations"]
        for r in c["history"]
        if r["statement"]
    }
    assert len(sent) == len(VECTORS)
    for i, vector in enumerate(VECTORS):
        statement = sent[(START + timedelta(days=i)).isoformat()]
        # no markup survives, not even markup written as entities (&lt;script&gt;)
        assert not re.search(r"<[a-zA-Z/!?]", statement), (vector, statement)

    rows = list(csv.reader(io.StringIO(site.text("/corporaties/standpunten.csv"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_the_sender_is_never_published(hostile_site):
    """Senders live only in the inbox: not in content/, not on the site."""
    site, _ = hostile_site
    for path in (site.output.parent / "content").rglob("*.md"):
        assert "a@b.example" not in path.read_text(encoding="utf-8"), path
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".atom"}:
            assert "a@b.example" not in path.read_text(encoding="utf-8"), path


def test_the_real_content_is_untouched():
    assert not list((ROOT / "content").rglob("2026-11-28-*.md"))
