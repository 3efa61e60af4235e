"""Publishing: host headers from the settings, and a publish that never leaves half a site."""

import hashlib
import shutil
import subprocess

import pytest
from gates import html_pages, soup

from conftest import ENV, ROOT, copy_content, run_module


def directives(policy: str) -> dict[str, set[str]]:
    return {d.split()[0]: set(d.split()[1:]) for d in policy.split(";") if d.strip()}


def test_the_nginx_snippet_in_the_repository_is_up_to_date():
    generated = run_module("huurwijzer.site.headers", "nginx", "publishconf.py")
    assert generated.returncode == 0, generated.stderr
    # the policy names the theme's stylesheet by hash: a changed stylesheet needs `make headers`
    assert (ROOT / "deploy" / "nginx-headers.conf").read_text() == generated.stdout, (
        "deploy/nginx-headers.conf is out of date: run `make headers`"
    )


@pytest.mark.slow
def test_headers_file_has_the_full_set_and_allows_what_every_page_needs(site):
    rules = (site.output / "_headers").read_text()
    assert rules.startswith("/*\n")
    headers = dict(line.strip().split(": ", 1) for line in rules.splitlines()[1:])
    assert set(headers) == {
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Cross-Origin-Resource-Policy",
        "Permissions-Policy",
    }
    header = directives(headers["Content-Security-Policy"])
    assert header["frame-ancestors"] == {"'none'"}
    assert headers["X-Content-Type-Options"] == "nosniff"
    # each page's own policy must fit inside the header's, or the page would break
    for page in html_pages(site.output):
        meta = soup(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        for name, sources in directives(meta["content"]).items():
            assert sources <= header[name], (page, name)


def make(*args, cwd=ROOT):
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_a_failed_publish_leaves_the_previous_site_whole(tmp_path):
    content = copy_content(tmp_path)
    output = tmp_path / "site"
    good = make("publish", f"CONTENT={content}", f"OUTPUT={output}")
    assert good.returncode == 0, good.stdout + good.stderr
    assert (output / "corporaties" / "index.html").exists()
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in output.rglob("*.html")}
    article = content / "articles" / "2020-03-19-drentse-corporaties.md"
    text = article.read_text()
    assert "\ndate: 2020-03-18\n" in text  # the day of the debate the article is about
    article.write_text(text.replace("\ndate: 2020-03-18\n", "\ndate: 18-03-2020\n"))
    bad = make("publish", f"CONTENT={content}", f"OUTPUT={output}")
    assert bad.returncode != 0
    assert f"{article}:3: date:" in bad.stdout + bad.stderr
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in output.rglob("*.html")} == before
    # `output` is a link to the one complete build in site.builds/ (tools/build.py)
    assert output.is_symlink() and len(list((tmp_path / "site.builds").iterdir())) == 1
    output.unlink()
    shutil.rmtree(tmp_path / "site.builds")
