"""One clock: every rule, the intake and the commands read "today" from the settings.

An editor who pins REGISTER_TODAY (or a reproducible build's SOURCE_DATE_EPOCH) gets that day
everywhere: a submission received on it can be approved on it, a year ahead or behind alike.
"""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from intake_support import doc

from conftest import ROOT, TEST_DAY, copy_content
from huurwijzer.core.clock import Clock, clock_of
from huurwijzer.intake.clean import read_submission
from huurwijzer.intake.inbox import VIA_FILE, Inbox
from huurwijzer.intake.workflow import approve, take_submission
from huurwijzer.reading.content_schema import validator as content_validator
from huurwijzer.reading.frontmatter import parse_text
from huurwijzer.reading.validation import schema_problems
from huurwijzer.stances.loading import load_register

pytestmark = pytest.mark.clock  # stamps and approves: runs again a year ahead and behind

YEAR = timedelta(days=365)
DAYS = [TEST_DAY - YEAR, TEST_DAY, TEST_DAY + YEAR]


def test_register_today_pins_the_day_and_source_date_epoch_comes_next(monkeypatch):
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(datetime(2021, 5, 4, 23, tzinfo=UTC).timestamp()))
    )
    assert clock_of({"REGISTER_TODAY": "2020-03-18"}).today() == date(2020, 3, 18)
    assert clock_of({}).today() == date(2021, 5, 4)  # the epoch's day in UTC
    now = clock_of({"REGISTER_TODAY": "2020-03-18"}).now()
    assert now.date() == date(2020, 3, 18) and now.tzinfo is not None


def test_without_a_pin_the_clock_follows_the_machine(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = date.today()
    today = clock_of({}).today()
    assert today in (before, date.today())  # the same day, unless midnight passed between
    assert abs(clock_of({}).now() - datetime.now(UTC)) < timedelta(minutes=1)


# The only places that may read the machine's clock: the clock itself, and the name of a
# build folder in tools/build.py (it orders the folders; it is no date rule). Leftover files
# are aged on the file system's own clock (core/atomic.py), never the process's.
WALL_CLOCK_ALLOWED = {
    "plugins/huurwijzer/core/clock.py",
    "tools/build.py",
}
WALL_CLOCK_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
}


def wall_clock_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (name, node.func.attr) in WALL_CLOCK_CALLS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}.{node.func.attr}()")
    return found


def test_nothing_but_the_clock_reads_the_date_from_the_machine():
    files = sorted((ROOT / "plugins").rglob("*.py")) + sorted((ROOT / "tools").rglob("*.py"))
    assert len(files) > 30
    found = [
        line
        for path in files
        if str(path.relative_to(ROOT)) not in WALL_CLOCK_ALLOWED
        for line in wall_clock_reads(path)
    ]
    assert found == []


def test_the_scan_finds_a_wall_clock_read(tmp_path):
    sample = ROOT / "plugins" / "huurwijzer" / "core" / "clock.py"  # the one that does, on purpose
    assert any("datetime.now()" in line for line in wall_clock_reads(sample))


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_submission_received_on_a_pinned_day_is_approved_on_it(tmp_path, day):
    """The bug of 2026-11-29: the intake stamped the machine's date, the build a pinned one."""
    content = copy_content(tmp_path)
    settings = {"REGISTER_TODAY": day.isoformat(), "PATH": str(content)}
    clock = clock_of(settings)
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    raw = doc(effective_from=(day - timedelta(days=3)).isoformat())
    register, _ = load_register(content, settings)
    taken = take_submission(
        read_submission(raw, "u.json", clock.today()), inbox, register, VIA_FILE, now=clock.now()
    )
    assert taken.item.received.date() == day
    path = approve(taken.item.receipt, inbox, content, settings, "redacteur")
    assert path.name.startswith(day.isoformat())
    register, problems = load_register(content, settings)
    assert problems == []
    record = next(r for c in register.corporations for r in c.records if r.path.endswith(path.name))
    assert record.received_on == day and record.approved_on == day


ARTICLE = """---
title: "Een bericht"
date: {day}
summary: "Kort."
---
Tekst.
"""


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_a_date_more_than_a_year_after_the_clock_is_refused(today):
    within, beyond = today + timedelta(days=300), today + timedelta(days=400)
    check = content_validator("article")
    ok = parse_text(ARTICLE.format(day=within), "a.md")
    assert schema_problems(ok, check, today) == []
    (problem,) = schema_problems(parse_text(ARTICLE.format(day=beyond), "b.md"), check, today)
    assert problem.field == "date" and f"to {today + timedelta(days=366)}" in problem.message


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_staleness_counts_from_the_clock(today):
    register, problems = load_register(ROOT / "content", {}, today)
    assert problems == []
    records = [r for c in register.corporations for r in c.records]
    assert records
    for record in records:  # checked on the clock's day: fresh; a year and a day later: stale
        checked = record.__class__(**{**record.__dict__, "verified_on": today})
        assert not checked.unverified_or_stale(today, 365)
        assert checked.unverified_or_stale(today + timedelta(days=366), 365)


def test_a_pinned_clock_keeps_its_day_all_day():
    clock = Clock(TEST_DAY)
    assert {clock.now().date() for _ in range(3)} == {TEST_DAY}
    assert clock.latest() == TEST_DAY + timedelta(days=366)
