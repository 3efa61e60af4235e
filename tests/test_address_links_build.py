"""Issue 21 (Deliver 1): a link written as an address (`/…`) to a page the site does not have
is refused by the build too, with the same `path:line: link:` line as `make check`: never
"check fails, build passes" (the build used to write the page with the broken link).
"""

from __future__ import annotations

import pytest
from test_refusals import check
from test_refusals_round_two import edit

from conftest import run_pelican

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("href", ["/en/bestaat-niet/", "/oevr/index.html"])
def test_the_build_refuses_an_address_the_site_does_not_have(content, tmp_path, href):
    page = edit(content, "pages/over.md", "## Wat is", f"[x]({href})\n\n## Wat is")
    result = run_pelican(content, tmp_path / "output")  # the build alone, no `make check`
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    (line,) = [line for line in check(content) if line.startswith(f"{page}:")]
    assert line.removeprefix(str(page)) in said, said  # the very line `make check` prints
    assert f"link '{href}' leads to no page of this site" in line
    assert not (tmp_path / "output" / "over" / "index.html").exists()


def test_the_build_reports_the_link_with_the_other_output_problems(content, tmp_path):
    """One run: an address in a section the site generates and a broken link, both in the
    build's log."""
    edit(content, "pages/over.md", "## Wat is", "[x](/en/bestaat-niet/)\n\n## Wat is")
    edit(content, "pages/privacy.md", "slug: privacy", "slug: privacy\nsave_as: corporaties/x.html")
    result = run_pelican(content, tmp_path / "output")
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "pages/over.md:6: link: link '/en/bestaat-niet/'" in said, said
    assert "pages/privacy.md:4: save_as: 'corporaties/x.html' lies in /corporaties/" in said, said
