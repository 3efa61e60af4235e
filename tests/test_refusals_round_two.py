"""Issue 21: the last classes of bad input, each refused by `make check` with `path:line:`.

Each test is named after its class; it changes a private copy of the real content and runs
`check_content` (what `make check` runs). Trees that `make check` passes are built too
(``test_check_passes_so_the_build_passes``): never "check passes, build fails".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_refusals import ARTICLE, PAGE, check, expect, write

from conftest import ENV, ROOT, run_pelican

STANCE = "corporations/actium/stances/2020-03.md"
DRENTHE = "articles/2020-03-19-drentse-corporaties.md"


def edit(content: Path, relative: str, old: str, new: str) -> Path:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# -- odd files: refused before reading, never waited on ---------------------------------------


@pytest.mark.parametrize(
    "relative", ["pages/pijp.md", "corporations/actium/stances/2021-01.md", "articles/en/p.md"]
)
def test_non_regular_file_a_fifo_is_refused_without_hanging(content, relative):
    os.mkfifo(content / relative)
    expect(check(content), content / relative, 1, "", "is not a plain file")


@pytest.mark.parametrize("relative", ["corporations/actium/stances/2021-01.md", "pages/map.md"])
def test_non_regular_file_a_folder_named_md_is_refused(content, relative):
    (content / relative).mkdir()
    expect(check(content), content / relative, 1, "", "is not a plain file")


@pytest.mark.parametrize("name", ["a\nb.md", "a\x1b[2Jb.md", "a\rb.md"])
def test_odd_name_with_a_control_character_is_refused_and_printed_escaped(content, name):
    write(content, f"pages/{name}", PAGE)
    lines = check(content)
    assert all("\n" not in line and "\x1b" not in line and "\r" not in line for line in lines)
    shown = name.replace("\n", "\\x0a").replace("\x1b", "\\x1b").replace("\r", "\\x0d")
    expect(lines, Path(content, "pages", shown), 1, "", "invisible control character")


@pytest.mark.slow
def test_non_regular_file_the_build_refuses_a_fifo_without_hanging(content, tmp_path):
    os.mkfifo(content / "pages/pijp.md")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(tmp_path / "out"),
            "--fatal",
            "warnings",
        ],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "pages/pijp.md:1: is not a plain file" in result.stdout + result.stderr
