"""Issue 21: the dev server refuses a link written as an address (/…) to a page the site does
not write, as `make html` and `make check` do, also when only one article changed (a file
that links by address is updated whole, so the build's own check runs).

The real `tools/devserver.py` on a copy of content/ (tests/test_devserver.py's helpers).
"""

from __future__ import annotations

import shutil

import pytest
from test_devserver import DevServer

from conftest import ROOT

pytestmark = pytest.mark.slow  # a real dev server


def test_an_edited_article_with_a_link_to_a_page_that_does_not_exist_is_refused(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    server = DevServer(content, tmp_path / "output")
    article = sorted((content / "articles").glob("*.md"))[0]
    try:
        assert server.current["problems"] == ""
        article.write_text(
            article.read_text(encoding="utf-8") + "\nZie [deze pagina](/bestaat-niet/).\n",
            encoding="utf-8",
        )
        state = server.settle()
        assert "/bestaat-niet/" in state["problems"], "".join(server.lines[-5:])
    finally:
        server.stop()


def test_the_whole_update_refuses_it(tmp_path):
    """A new article is read in a whole update, which runs the build's own check."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    server = DevServer(content, tmp_path / "output")
    try:
        (content / "articles" / "2021-02-01-voorbeeld-link.md").write_text(
            '---\ntitle: "Voorbeeldbericht link"\ndate: 2021-02-01\ncategory: Voorbeeld\n'
            'summary: "Een voorbeeld."\n---\nZie [deze pagina](/bestaat-niet/).\n',
            encoding="utf-8",
        )
        state = server.settle()
        assert "/bestaat-niet/" in state["problems"], "".join(server.lines[-5:])
    finally:
        server.stop()
