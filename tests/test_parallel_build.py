"""Two cores, the same site: the register read and written in a second process (parallel.py)
gives the same pages and the same errors as one process."""

from __future__ import annotations

import os

import pytest

from conftest import copy_content, run_pelican, settings_file
from huurwijzer.site.parallel import Forked


def files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"
    }


def build(tmp_path, content, name, parallel, extra=()):
    settings = settings_file(tmp_path / name, PARALLEL_BUILD=parallel, SEARCH_INDEX=False)
    return run_pelican(content, tmp_path / name / "output", str(settings), extra)


@pytest.mark.slow
def test_the_parallel_build_writes_the_same_site_as_one_process(tmp_path):
    content = copy_content(tmp_path)
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    one = build(tmp_path, content, "one", False)
    two = build(tmp_path, content, "two", True, ("--debug",))
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    log = two.stdout + two.stderr
    # the second process really did the work (both halves)
    assert "reading the register: done in a second process" in log
    assert "writing the register's pages: done in a second process" in log
    expected, actual = files(tmp_path / "one" / "output"), files(tmp_path / "two" / "output")
    assert len(expected) > 50  # every page, feed and export of the real content
    assert sorted(expected) == sorted(actual)
    assert [k for k in expected if expected[k] != actual[k]] == []


@pytest.mark.slow
def test_a_bad_record_is_refused_with_the_same_message_either_way(tmp_path):
    content = copy_content(tmp_path)
    record = content / "corporations" / "actium" / "stances" / "2020-03.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("provenance: press", "provenance: gerucht"),
        encoding="utf-8",
    )
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    one = build(tmp_path, content, "one", False)
    two = build(tmp_path, content, "two", True)
    assert one.returncode != 0 and two.returncode != 0

    def problems(result):
        return sorted(
            line.strip()
            for line in (result.stdout + result.stderr).splitlines()
            if "2020-03.md:" in line
        )

    assert problems(one), one.stdout + one.stderr
    assert "provenance" in "".join(problems(one))
    assert problems(one) == problems(two)


def test_work_that_fails_in_the_second_process_is_done_again_here():
    parent = os.getpid()

    def job():
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return "done here"

    assert Forked(job, "a test job").result() == "done here"
    assert Forked(lambda: {"pid": os.getpid()}, "a test job").result()["pid"] != parent
