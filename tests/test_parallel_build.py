"""Two cores, the same site: the register read and written in a second process (parallel.py)
gives the same pages and the same errors as one process, and no build leaves a process behind:
the second process is ended (killed if it still runs, reaped) whatever happens, and when it
fails the build says so and does the work itself."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from conftest import ENV, ROOT, copy_content, run_pelican, settings_file
from huurwijzer.site.parallel import Claims, SecondProcess, run_shared


def files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "search-index"
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


def refused_both_ways(tmp_path, content):
    """The site built in one process and in two; both builds must refuse it."""
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    one = build(tmp_path, content, "one", False)
    two = build(tmp_path, content, "two", True)
    assert one.returncode != 0 and two.returncode != 0
    return one, two


def told(result, *files: str) -> list[str]:
    """The lines of a build's output that name one of the files, in the order told."""
    output = (result.stdout + result.stderr).splitlines()
    return [line.strip() for line in output if any(f in line for f in files)]


@pytest.mark.slow
def test_a_bad_record_is_refused_with_the_same_message_either_way(tmp_path):
    content = copy_content(tmp_path)
    record = content / "corporations" / "actium" / "stances" / "2020-03.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("provenance: press", "provenance: gerucht"),
        encoding="utf-8",
    )
    one, two = refused_both_ways(tmp_path, content)
    problems = [sorted(told(result, "2020-03.md:")) for result in (one, two)]
    assert problems[0], one.stdout + one.stderr
    assert "provenance" in "".join(problems[0])
    assert problems[0] == problems[1]


@pytest.mark.slow
def test_problems_in_folders_read_by_either_process_are_told_once_and_the_same(tmp_path):
    """The second process reads the first corporations' folders, this one the last: an
    editor sees every problem once, with the same words, wherever it was read."""
    content = copy_content(tmp_path)
    folders = sorted((content / "corporations").iterdir())
    for folder in (folders[0], folders[-1]):
        record = folder / "stances" / "2020-03.md"
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("provenance: press", "provenance: gerucht"), "utf-8")
        profile = folder / "profile.md"
        text = profile.read_text(encoding="utf-8")
        profile.write_text(text.replace("municipalities: [", "municipalities: [nergensdorp, "))
    one, two = refused_both_ways(tmp_path, content)
    lines = told(one, "2020-03.md:", "profile.md:")
    for folder in (folders[0], folders[-1]):
        assert sum(folder.name in line and "provenance" in line for line in lines) == 1, lines
        assert sum(folder.name in line and "nergensdorp" in line for line in lines) == 1, lines
    assert lines == told(two, "2020-03.md:", "profile.md:")


def test_two_processes_share_the_pieces_each_taken_once():
    """A forked child takes pieces from the front while this process takes them from the
    back: together they take every piece, none twice, and each side's first pieces are its
    own end's."""
    claims = Claims(2_000)

    def job():
        return list(claims.front())

    with SecondProcess(job, "a test job") as process:
        mine = list(claims.back())
        theirs = process.result(here=lambda: pytest.fail("the child failed"))
    assert sorted(mine + theirs) == list(range(2_000))
    assert not set(mine) & set(theirs)
    assert theirs == list(range(len(theirs)))  # from the front, in order
    assert mine == list(range(1_999, 1_999 - len(mine), -1))  # from the back, in order
    assert claims.mine == mine


def test_the_pieces_a_failed_child_took_are_done_here(tmp_path, caplog):
    """The child writes three pieces, then dies: this process writes the rest from the back
    and, told the child failed, every piece it did not take itself: no piece is missing."""
    claims = Claims(50)

    def write(take):
        for number in take():
            (tmp_path / f"{number}.txt").write_text(str(number))

    def job():
        front = claims.front()
        for _ in range(3):
            number = next(front)
            (tmp_path / f"{number}.txt").write_text(str(number))
        os.kill(os.getpid(), signal.SIGKILL)

    # (a name of its own: Pelican's log filter drops a warning told before, word for word)
    with caplog.at_level(logging.WARNING), SecondProcess(job, "three pieces") as process:
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)  # it took its three, died
        write(claims.back)
        process.result(here=lambda: write(claims.rest))
    assert claims.rest() == [0, 1, 2]
    assert sorted(int(p.stem) for p in tmp_path.iterdir()) == list(range(50))
    assert "three pieces in a second process failed (killed by SIGKILL)" in caplog.text


def test_shared_jobs_all_run_when_the_second_process_dies_midway(tmp_path, caplog):
    """The build's last jobs (search records, terms, sitemap) are shared by two processes;
    when the second one is killed after its first job, every job still ran."""
    parent = os.getpid()

    def job(number):
        if os.getpid() == parent and number == 29:  # this process's first: let the child die
            deadline = time.monotonic() + 30
            while not (tmp_path / "1.txt").exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        (tmp_path / f"{number}.txt").write_text(str(number))
        if number == 1 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)

    with caplog.at_level(logging.WARNING):
        run_shared([partial(job, number) for number in range(30)], "thirty jobs")
    assert sorted(int(p.stem) for p in tmp_path.iterdir()) == list(range(30))
    assert "thirty jobs in a second process failed (killed by SIGKILL)" in caplog.text


@pytest.mark.slow
def test_the_search_index_is_the_same_written_by_one_process_or_two(site, tmp_path):
    """Both processes write the search records, each from its end of the list: the files
    are the same as one process writes them."""
    from huurwijzer.site.search_index import write_index

    outputs = {}
    for name, processes in (("one", False), ("two", True)):
        output = tmp_path / name
        shutil.copytree(site.output, output, ignore=shutil.ignore_patterns("search-index"))
        write_index(output, processes=processes)
        outputs[name] = {
            p.relative_to(output).as_posix(): p.read_bytes()
            for p in (output / "search-index").rglob("*")
            if p.is_file()
        }
    assert len([name for name in outputs["one"] if "/r/" in name]) > 30  # every page read
    assert outputs["one"] == outputs["two"]


def children() -> set[int]:
    """This process's child processes, running or not yet reaped (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


def assert_ended(pid: int) -> None:
    """The child is gone and reaped: not running, no zombie, nothing left to wait for."""
    assert pid not in children()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def blocked_forever() -> None:
    """A job that never ends on its own (it waits for a byte nobody sends)."""
    read, _write = os.pipe()  # the write end stays open in this very process
    os.read(read, 1)


def test_a_child_that_fails_is_reported_and_its_work_done_here(caplog):
    parent = os.getpid()

    def job():
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return "done here"

    with caplog.at_level(logging.WARNING), SecondProcess(job, "a test job") as process:
        pid = process.pid
        assert pid in children()
        assert process.result(here=job) == "done here"
    assert_ended(pid)
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.getMessage() == (
        "a test job in a second process failed (RuntimeError: only in the child); "
        "doing it here instead"
    )


def test_a_child_killed_midway_is_reported_as_such(caplog):
    def job():
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would

    with caplog.at_level(logging.WARNING), SecondProcess(job, "a test job") as process:
        pid = process.pid
        assert process.result(here=lambda: "done here") == "done here"
    assert_ended(pid)
    assert caplog.messages == [
        "a test job in a second process failed (killed by SIGKILL); doing it here instead"
    ]


def test_the_childs_result_and_messages_come_back(caplog):
    def job():
        logging.getLogger("huurwijzer.test").info("counted in the child")
        return {"pid": os.getpid()}

    with caplog.at_level(logging.INFO), SecondProcess(job, "a test job") as process:
        pid = process.pid
        result = process.result(here=lambda: {"pid": "here"})
    assert result == {"pid": pid}
    assert "counted in the child" in caplog.messages
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert_ended(pid)


def test_a_warning_in_the_child_stops_a_fatal_build_here_as_in_one_process(monkeypatch, caplog):
    from pelican.log import FatalLogger  # the class of every logger made after this import

    monkeypatch.setattr(FatalLogger, "fatal_lvl", logging.WARNING)  # --fatal warnings

    def job():
        logging.getLogger("huurwijzer.test.fatal").warning("a link to nowhere")
        return "pages"

    with pytest.raises(RuntimeError), SecondProcess(job, "a test job") as process:
        pid = process.pid
        process.result(here=job)
    assert_ended(pid)
    # the child finished its work; its warning, told here, stopped the build
    assert "a link to nowhere" in caplog.messages
    assert not [m for m in caplog.messages if "second process failed" in m]


@pytest.mark.parametrize("error", [ValueError, KeyboardInterrupt])
def test_the_child_is_killed_and_reaped_when_the_parent_raises(error):
    with pytest.raises(error), SecondProcess(blocked_forever, "a test job") as process:
        pid = process.pid
        assert pid in children()
        raise error("a content error found meanwhile")
    assert_ended(pid)


def test_an_interrupt_while_waiting_for_the_child_ends_it():
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt), SecondProcess(blocked_forever, "a job") as process:
            pid = process.pid
            signal.setitimer(signal.ITIMER_REAL, 0.2)  # Ctrl-C, while result() waits
            process.result(here=lambda: None)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert_ended(pid)


# A whole build in one process (as `pelican` runs it, `main` included), that then says which
# second processes it started and ended and whether any child of it is left.
BUILD_AND_COUNT_CHILDREN = """
import json, logging, os, sys
import pelican

told = []
class Keep(logging.Handler):
    def emit(self, record):
        told.append(record.getMessage())

log = logging.getLogger("huurwijzer.site.parallel")
log.addHandler(Keep())
log.setLevel(logging.DEBUG)
code = 0
try:
    pelican.main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
try:
    left = os.waitpid(-1, os.WNOHANG)  # (0, 0): one still runs; (pid, status): a zombie
except ChildProcessError:
    left = None  # no child at all
print(json.dumps({"code": code, "told": told, "left": left}))
"""


def build_in_one_process(tmp_path, content, *options):
    settings = settings_file(tmp_path, PARALLEL_BUILD=True, SEARCH_INDEX=False)
    result = subprocess.run(
        [sys.executable, "-c", BUILD_AND_COUNT_CHILDREN, str(content), "-s", str(settings)]
        + ["-o", str(tmp_path / "output"), *options],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    *_, last = result.stdout.splitlines() or [""]
    assert last.startswith("{"), result.stdout + result.stderr
    return json.loads(last), result.stdout + result.stderr


@pytest.mark.slow
def test_a_register_that_cannot_be_read_is_reported_and_leaves_no_process(tmp_path):
    """A folder where a stance record should be once crashed the register's reading (in the
    child first, then here); since issue 21 it is refused by name before anything is read,
    so no second process is started and none is left."""
    content = copy_content(tmp_path)
    (content / "corporations" / "actium" / "stances" / "2099-01.md").mkdir()
    outcome, log = build_in_one_process(tmp_path, content)
    assert outcome["code"] != 0
    assert "stances/2099-01.md:1: is not a plain file" in log
    assert "IsADirectoryError" not in log
    assert outcome["told"] == [] and outcome["left"] is None, outcome


@pytest.mark.slow
def test_a_news_error_while_the_register_is_read_leaves_no_process(tmp_path):
    content = copy_content(tmp_path)
    article = sorted((content / "articles").glob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\ndate: 20", "\ndate: 13-45-20", 1), encoding="utf-8")
    outcome, log = build_in_one_process(tmp_path, content, "--fatal", "warnings")
    assert outcome["code"] != 0
    assert article.name in log  # Pelican's reading stopped the build
    [started, ended] = outcome["told"]  # the child was there, and was ended by the build
    assert started.startswith("reading the register: second process ")
    assert ended.startswith(started.replace("started", "ended"))
    assert outcome["left"] is None, outcome
