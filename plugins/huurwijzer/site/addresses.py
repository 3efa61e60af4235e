"""Each news article's and page's address worked out once, when reading is over.

Pelican derives ``content.url`` from its settings on every use (``ARTICLE_URL`` formats the
date through its own strftime), and templates ask for it several times per page: ~14,000
times at national scale. Once every generator has read its content the address can no
longer change, so it is kept with Pelican's own mechanism for an address given in the
metadata (``override_url``). ``save_as`` is left as it is: an overridden ``save_as`` would
let one file silently overwrite another.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pelican.contents import Content

# the lists in which Pelican's generators keep what they read (tools/incremental.py too)
ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def contents_of(generator: Any) -> Iterable[Content]:
    """Every article and page a generator holds, translations, drafts and hidden ones too."""
    for name in dict.fromkeys(ARTICLE_LISTS + PAGE_LISTS):
        for content in getattr(generator, name, None) or ():
            if isinstance(content, Content):
                yield content


def keep_urls(generators: Iterable[Any]) -> None:
    """Fix each article's and page's ``url`` to what its settings give now."""
    for generator in generators:
        for content in contents_of(generator):
            if not hasattr(content, "override_url"):
                content.override_url = content.url
