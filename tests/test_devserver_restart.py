"""The dev server started again: when nothing changed since it stopped, it serves the last
site at once (tools/warm.py); when anything the site is built from changed while it was
stopped (a content file, a setting, the plugin's code, the output itself), it builds as on a
first start. Either way the site it serves equals a clean build, and edits apply as before.

Everything runs on a copy of the project (settings, theme, plugin, tools, content), so the
test may change any of them.
"""

from __future__ import annotations

import shutil

import pytest
from test_devserver import DevServer, assert_same_site, free_port, project_copy, rewrite

pytestmark = pytest.mark.slow  # real dev servers and whole builds

WARM = "Nothing changed since the last run"


def served_text(output, needle: str) -> bool:
    return any(needle in p.read_text(encoding="utf-8") for p in output.resolve().rglob("*.html"))


def test_a_restart_serves_the_last_site_only_when_nothing_it_was_built_from_changed(tmp_path):
    root = project_copy(tmp_path)
    content, output = root / "content", tmp_path / "out"
    port = free_port()  # the same each time: the site's addresses name it

    def start(expect_warm: bool, step: str) -> DevServer:
        server = DevServer(content, output, root, port)
        warm = any(WARM in line for line in server.lines)
        assert warm == expect_warm, f"{step}: warm start {warm}\n" + "".join(server.lines)
        assert server.current["problems"] == "", server.current
        assert_same_site(content, output, tmp_path / "clean", server.port, step, root)
        return server

    server = start(False, "the first start")
    server.stop()

    # nothing changed: the last site at once, then an edit applies as usual
    server = start(True, "a start with nothing changed")
    record = content / "corporations" / "actium" / "stances" / "2020-03.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nVoorbeeldzin.\n", encoding="utf-8")
    state = server.settle()
    assert state["problems"] == "", state
    assert_same_site(content, output, tmp_path / "clean", server.port, "an edit after it", root)
    server.stop()

    # a content file changed while the server was stopped
    question = content / "faq" / "betalingsregeling.md"
    question.write_text(question.read_text(encoding="utf-8") + "\nVoorbeeld.\n", encoding="utf-8")
    start(False, "a question changed while stopped").stop()

    # a setting changed
    rewrite(root / "pelicanconf.py", 'SITE_TAGLINE = "', 'SITE_TAGLINE = "Voorbeeld: ')
    start(False, "a setting changed while stopped").stop()
    assert served_text(output, "Voorbeeld: "), "the changed setting shows nowhere"

    # the plugin's code changed (how dates are written in the page's metadata)
    filters = root / "plugins" / "huurwijzer" / "core" / "filters.py"
    rewrite(
        filters, 'date.strftime(value, "%Y-%m-%d")', 'date.strftime(value, "%Y-%m-%dT00:00:00")'
    )
    start(False, "the plugin's code changed while stopped").stop()
    assert served_text(output, "T00:00:00"), "the changed code shows nowhere"

    # nothing changed again: warm; then a file of the output removed while stopped
    start(True, "a start with nothing changed, again").stop()
    (output.resolve() / "index.html").unlink()
    start(False, "a file of the output removed while stopped").stop()

    # a template changed while stopped
    base = root / "theme" / "templates" / "base.html"
    rewrite(base, "</footer>", "<p>Voorbeeldvoet</p></footer>")
    start(False, "a template changed while stopped").stop()
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
