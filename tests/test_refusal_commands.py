"""Issue 10 through the commands editors type: `make check`, `make html`, `make serve`.

A set of bad content trees: for each, `make check` fails and every message starts with
`path:line:`, the build itself (Pelican with the plugin) fails too, and `make html` leaves
the previous site whole. Arguments to make are data, never shell. The site is switched in
one atomic step, and the server follows the switch.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ENV, ROOT, copy_content, run_pelican

sys.path.insert(0, str(ROOT / "tools"))
import build as output_build  # noqa: E402  (tools/build.py)

ARTICLE = """---
title: "Een bericht"
date: 2021-01-05
summary: "Kort."
---
Tekst.
"""
MESSAGE = re.compile(r"^[^:\n]+:\d+: ")


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=ROOT,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _clash(c: Path) -> Path:
    return put(
        c / "pages/kaper.md",
        '---\ntitle: "K"\nslug: k\nsave_as: corporaties/domesta/index.html\n---\nx\n',
    )


def _nested_record(c: Path) -> Path:
    record = c / "corporations/domesta/stances/2020-03.md"
    return put(c / "corporations/domesta/stances/oud/2019-01.md", record.read_text("utf-8"))


def _markdown_extension(c: Path) -> Path:
    return put(c / "articles/oud.markdown", ARTICLE + "<script>alert(1)</script>\n")


def _control(c: Path) -> Path:
    return put(c / "articles/a.md", ARTICLE.replace("Een bericht", "Een \\e bericht"))


def _empty_tag(c: Path) -> Path:
    return put(c / "articles/a.md", ARTICLE.replace("---\nTekst", 'tags: ["!!!"]\n---\nTekst'))


def _section_slug(c: Path) -> Path:
    return put(c / "pages/nieuws.md", '---\ntitle: "N"\nslug: nieuws\n---\nx\n')


def _slug_clash(c: Path) -> Path:
    put(c / "articles/a.md", ARTICLE)
    return put(c / "articles/b.md", ARTICLE.replace("2021-01-05", "2022-02-02"))


def _symlink_loop(c: Path) -> Path:
    (c / "articles/lus").mkdir()
    os.symlink("..", c / "articles/lus/terug")
    return c / "articles/lus/terug"


def _odd_name(c: Path) -> Path:
    record = c / "corporations/domesta/stances/2020-03.md"
    text = record.read_text("utf-8").replace("2020-03", "2020-04-02", 1)
    return put(c / 'corporations/domesta/stances/2020 04 "x".md', text)


def _far_date(c: Path) -> Path:
    return put(c / "articles/a.md", ARTICLE.replace("2021-01-05", "9999-12-31"))


def _brackets(c: Path) -> Path:
    return put(c / "articles/a.md", ARTICLE.replace("Tekst.", "[" * 16_000))


def _other_host(c: Path) -> Path:
    return put(c / "articles/a.md", ARTICLE.replace("Tekst.", "[x](/\\kwaad.example/)"))


def _outside_link(c: Path) -> Path:
    secret = put(c.parent / "buiten.md", ARTICLE)
    os.symlink(secret, c / "articles/buiten.md")
    return c / "articles/buiten.md"


BAD_TREES: dict[str, Callable[[Path], Path]] = {
    "output-clash": _clash,
    "unread-nested-record": _nested_record,
    "markdown-extension": _markdown_extension,
    "control-character": _control,
    "empty-tag-slug": _empty_tag,
    "page-slug-is-a-section": _section_slug,
    "article-slug-clash": _slug_clash,
    "symlink-loop": _symlink_loop,
    "odd-file-name": _odd_name,
    "feed-date": _far_date,
    "pathological-markdown": _brackets,
    "scheme-relative-link": _other_host,
    "symlink-outside-content": _outside_link,
}


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def fake_site(folder: Path) -> list[str]:
    """A command for tools/build.py that writes a two-file site (no Pelican: fast)."""
    script = (
        "import sys, pathlib; out = pathlib.Path(sys.argv[-1]); "
        f"(out / 'index.html').write_text({folder.name!r}); "
        "(out / 'over').mkdir(); (out / 'over' / 'index.html').write_text('over')"
    )
    return [sys.executable, "-c", script]


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BAD_TREES))
def test_bad_tree_refused_by_check_and_build_and_output_kept(tmp_path, case):
    content = copy_content(tmp_path)
    bad = BAD_TREES[case](content)
    output = tmp_path / "output"
    assert output_build.build(output, fake_site(tmp_path)) == 0
    before = tree_digest(output)

    checked = make("check", f"CONTENT={content}")
    assert checked.returncode != 0, checked.stdout
    messages = checked.stdout.splitlines()[:-1]  # the last line counts them
    assert messages and all(MESSAGE.match(m) for m in messages), checked.stdout
    assert any(m.startswith(f"{bad}:") for m in messages), checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr

    built = make("html", f"CONTENT={content}", f"OUTPUT={output}")
    assert built.returncode != 0
    assert tree_digest(output) == before  # the previous site, whole

    pelican = run_pelican(content, tmp_path / "direct")
    assert pelican.returncode != 0
    assert str(bad) in pelican.stdout + pelican.stderr or case == "article-slug-clash"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("target", "name"), [("submit", "FILE"), ("approve", "ID"), ("check", "CONTENT")]
)
def test_shell_injection_through_make_arguments(tmp_path, target, name):
    marker = tmp_path / "PWNED"
    value = (
        f'x`touch {marker}1`"; touch {marker}2; "$(touch {marker}3)'
        f"$(shell touch {marker}4)'; touch {marker}5; '$${{IFS}}"
    )
    result = make(target, f"{name}={value}")
    assert result.returncode != 0
    assert not list(tmp_path.glob("PWNED*")), result.stdout + result.stderr
    if target == "check":  # the program got the value as it was typed
        assert f"{value}:1: the content folder does not exist" in result.stdout


def test_shell_injection_no_recipe_pastes_an_argument():
    """Every recipe in the Makefile refers to arguments as "$$NAME", never $(NAME)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    arguments = re.search(r"^ARGUMENTS := (.+)$", makefile, re.M).group(1).split()
    assert {"FILE", "ID", "NAME", "REASON", "HOW", "OUTPUT", "CONTENT", "PORT"} <= set(arguments)
    recipes = [line for line in makefile.splitlines() if line.startswith("\t")]
    for name in arguments:
        pasted = [r for r in recipes if f"$({name})" in r or f"${{{name}}}" in r]
        assert not pasted, pasted


@pytest.mark.slow
def test_output_swap_keeps_the_last_good_site(tmp_path):
    output = tmp_path / "output"
    assert output_build.build(output, fake_site(tmp_path / "eerste")) == 0
    first = os.readlink(output)
    failing = [
        sys.executable,
        "-c",
        "import sys; open(sys.argv[-1] + '/half.html', 'w'); sys.exit(3)",
    ]
    assert output_build.build(output, failing) == 3
    assert os.readlink(output) == first and (output / "index.html").read_text() == "eerste"
    assert len(list(output_build.builds_folder(output).iterdir())) == 1  # the half one is gone

    # a build killed after it started, and a link left by a killed switch
    killed = output_build.new_build_folder(output)
    (killed / "half.html").write_text("half")
    stray = tmp_path / ".output.link-99999"
    stray.symlink_to("output.builds/verdwenen")
    assert (output / "index.html").read_text() == "eerste"

    assert output_build.build(output, fake_site(tmp_path / "tweede")) == 0
    assert output.is_symlink() and (output / "index.html").read_text() == "tweede"
    remaining = list(output_build.builds_folder(output).iterdir())
    assert remaining == [(output.parent / os.readlink(output)).resolve()]  # old builds removed
    assert not stray.is_symlink()


@pytest.mark.slow
def test_output_swap_replaces_a_real_folder_from_before(tmp_path):
    output = tmp_path / "output"
    (output / "oud").mkdir(parents=True)
    assert output_build.build(output, fake_site(tmp_path / "nieuw")) == 0
    assert output.is_symlink() and not (output / "oud").exists()
    assert list(output_build.builds_folder(output).iterdir()) == [output.resolve()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.mark.slow
def test_output_swap_followed_by_make_serve(tmp_path):
    output = tmp_path / "output"
    assert output_build.build(output, fake_site(tmp_path / "eerste")) == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tools" / "serve.py"), str(output)],
        env={**ENV, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):  # wait until it listens (a readiness poll, not a timing assert)
            try:
                status, body = _get(port, "/")
                break
            except OSError:
                time.sleep(0.05)
        assert (status, body) == (200, "eerste")
        assert output_build.build(output, fake_site(tmp_path / "tweede")) == 0
        assert _get(port, "/") == (200, "tweede")
        assert _get(port, "/over/") == (200, "over")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_output_swap_through_make_html_and_make_clean(tmp_path):
    output = tmp_path / "site" / "output"
    output.parent.mkdir()
    broken = make("html", f"OUTPUT={output}", "PELICANOPTS=--no-such-option")
    assert broken.returncode != 0 and not output.exists()
    built = make("html", f"OUTPUT={output}")
    assert built.returncode == 0, built.stdout + built.stderr
    assert output.is_symlink() and (output / "index.html").exists()
    # `make clean` also empties caches in its folder: run it from the temporary one
    cleaned = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "clean", f"OUTPUT={output}"],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cleaned.returncode == 0, cleaned.stderr
    assert not output.exists() and not output_build.builds_folder(output).exists()
