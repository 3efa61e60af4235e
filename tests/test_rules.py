"""The register's rules as plain functions, in milliseconds: what a tenant is told depends on them.

Which record is current, whether it ended, whether the national agreement was in force on a
day, and every comparison verdict for every pair of values.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from huurwijzer.stances import comparison, scales
from huurwijzer.stances.model import (
    ENDED,
    IN_FORCE,
    NOT_STARTED,
    STATUS_UNKNOWN,
    Corporation,
    EndDate,
    PartialDate,
    Register,
    Source,
    StanceRecord,
)
from huurwijzer.stances.views import age_text, anchor


def record(
    name: str = "r",
    start: str = "2020-03",
    until: str | None = None,
    at_least: str | None = None,
    verified: date | None = None,
    **values,
) -> StanceRecord:
    return StanceRecord(
        id=f"x/{name}",
        owner="x",
        path=f"{name}.md",
        values={
            **{
                v.field: (None if v.kind == scales.SET else scales.UNKNOWN)
                for v in scales.STANCE_FACTS
            },
            **values,
        },
        effective_from=PartialDate.parse(start),
        end=EndDate.parse(until, at_least),
        provenance=scales.PRESS,
        status=scales.PUBLISHED,
        sources=(Source("t", "p", start),),
        summary_html="<p>s</p>",
        summary_text="s",
        verified_on=verified,
    )


# -- comparison: every pair of every field ------------------------------------------------------
@pytest.mark.parametrize(
    "vocabulary", [v for v in scales.STANCE_FACTS if v.kind != scales.SET], ids=lambda v: v.field
)
def test_every_pair_of_values_gets_a_verdict_only_when_both_are_known(vocabulary):
    for ours, theirs in itertools.product(vocabulary.values, repeat=2):
        verdict = comparison.by_rank(vocabulary, ours, theirs)
        if scales.UNKNOWN in (ours, theirs):
            assert verdict == scales.UNKNOWN, (ours, theirs)
        else:
            a, b = vocabulary.get(ours).rank, vocabulary.get(theirs).rank
            expected = "same" if a == b else ("more" if a > b else "less")
            assert verdict == expected, (ours, theirs)
        # the verdict reads the same from the other side
        mirror = comparison.by_rank(vocabulary, theirs, ours)
        assert {verdict, mirror} in ({"more", "less"}, {"same"}, {scales.UNKNOWN})


def test_measures_are_not_steps_of_one_ladder():
    """'Milder than usual' compared with 'no collection costs' gives no verdict at all."""
    ours = record(lenient_collection=scales.YES)
    national = record(no_collection_costs=scales.YES)
    rows = {row.vocabulary.field: row.verdict for row in comparison.compare(ours, national)}
    assert rows == {
        "lenient_collection": scales.UNKNOWN,
        "no_collection_costs": scales.UNKNOWN,
    }


def test_exception_sets_every_pair():
    codes = scales.EXCEPTIONS.values
    subsets = [()] + [(c,) for c in codes] + [tuple(codes[:2]), tuple(codes[1:3])]
    for ours, theirs in itertools.product([None, *subsets], repeat=2):
        verdict = comparison.by_exceptions(ours, theirs)
        if ours is None or theirs is None:
            assert verdict == scales.UNKNOWN
        elif set(ours) == set(theirs):
            assert verdict == "same"
        elif set(ours) < set(theirs):
            assert verdict == "more"
        elif set(ours) > set(theirs):
            assert verdict == "less"
        else:
            assert verdict == "not_comparable"


NATIONAL_EXCEPTIONS = ("criminal_activity", "serious_nuisance")


@pytest.mark.parametrize(
    "eviction, exceptions, expected",
    [
        ("none", None, scales.UNKNOWN),  # "no evictions", exceptions unknown: no verdict
        ("none", NATIONAL_EXCEPTIONS, "more"),
        ("none", (), "more"),
        ("no_corona_arrears", NATIONAL_EXCEPTIONS, "same"),
        ("no_corona_arrears", ("criminal_activity",), "more"),
        ("no_corona_arrears", (*NATIONAL_EXCEPTIONS, "unreachable"), "less"),
        ("none", (*NATIONAL_EXCEPTIONS, "unreachable"), "not_comparable"),
        ("restrained", NATIONAL_EXCEPTIONS, "less"),
        (scales.UNKNOWN, NATIONAL_EXCEPTIONS, scales.UNKNOWN),
    ],
)
def test_eviction_is_compared_together_with_its_exceptions(eviction, exceptions, expected):
    national = record(eviction="no_corona_arrears", exceptions=NATIONAL_EXCEPTIONS)
    ours = record(eviction=eviction, exceptions=exceptions)
    assert comparison.eviction_verdict(ours, national) == expected


def test_fields_neither_side_states_are_left_out_of_the_comparison():
    rows = comparison.compare(record(), record(no_bailiff=scales.NO))
    assert [row.vocabulary.field for row in rows] == ["no_bailiff"]
    assert rows[0].verdict == scales.UNKNOWN


# -- dates: what is known about the end ------------------------------------------------------
def test_at_least_until_is_in_force_up_to_that_day_and_unknown_after():
    agreement = record(start="2020-03-26", at_least="2020-06-01")
    assert agreement.status_on(date(2020, 3, 25)) == NOT_STARTED
    assert agreement.status_on(date(2020, 3, 26)) == IN_FORCE
    assert agreement.status_on(date(2020, 6, 1)) == IN_FORCE
    assert agreement.status_on(date(2020, 6, 2)) == STATUS_UNKNOWN  # never "still in force"


def test_known_end_and_explicitly_no_end():
    ended = record(start="2021-01-01", until="2021-02")
    assert ended.status_on(date(2021, 2, 28)) == IN_FORCE
    assert ended.status_on(date(2021, 3, 1)) == ENDED
    assert record(until="none").status_on(date(2030, 1, 1)) == IN_FORCE
    assert record(until="unknown").status_on(date(2020, 3, 2)) == STATUS_UNKNOWN
    assert record(until=None).end.export() is None
    assert record(until="none").end.export() == "none"


def test_national_agreement_on_a_day_never_fills_the_gap_between_periods():
    march = record("m", start="2020-03-26", at_least="2020-06-01")
    october = record("o", start="2020-10", at_least="2021-01-01")
    register = Register([], [], [october, march], [], [], date(2026, 11, 28))
    assert register.national_on(date(2020, 3, 1)) == (None, NOT_STARTED)
    assert register.national_on(date(2020, 5, 1)) == (march, IN_FORCE)
    assert register.national_on(date(2020, 8, 1)) == (march, STATUS_UNKNOWN)  # the gap
    assert register.national_on(date(2020, 10, 1)) == (october, IN_FORCE)
    assert register.national_on(date(2021, 1, 1)) == (october, IN_FORCE)
    assert register.national_on(date(2026, 11, 28)) == (october, STATUS_UNKNOWN)
    # a stance known only to the month is compared with an agreement made in that month
    assert register.national_for(record(start="2020-03"))[0] is march


# -- current, stale ---------------------------------------------------------------------------
def test_current_is_the_newest_record_that_has_started():
    older, newer, future = (
        record("a", "2020-03"),
        record("b", "2021-05-10"),
        record("c", "2030-01-01"),
    )
    corporation = Corporation("x", "X", "p", (), None, None, {}, "", records=[future, newer, older])
    assert corporation.current(date(2021, 5, 9)) is older
    assert corporation.current(date(2021, 5, 10)) is newer
    assert corporation.current(date(2020, 2, 29)) is None


def test_stale_at_the_boundary_and_never_checked_is_stale():
    today = date(2026, 11, 28)
    assert record().unverified_or_stale(today, 365)
    assert not record(verified=date(2025, 11, 28)).unverified_or_stale(today, 365)
    assert record(verified=date(2025, 11, 27)).unverified_or_stale(today, 365)


def test_a_record_that_states_nothing_is_no_stance():
    assert record().states_nothing
    assert not record(exceptions=()).states_nothing  # "no exceptions" is a statement
    assert not record(help_offered=scales.NO).states_nothing


@pytest.mark.parametrize(
    "said, today, text",
    [
        ("2020-03", date(2026, 11, 28), "bijna 7 jaar"),
        ("2020-03", date(2026, 3, 1), "6 jaar"),
        ("2020-03", date(2026, 5, 1), "ruim 6 jaar"),
        ("2026-09-01", date(2026, 11, 28), "2 maanden"),
        ("2026-10", date(2026, 11, 28), "1 maand"),
        ("2026-11-02", date(2026, 11, 28), "minder dan een maand"),
    ],
)
def test_age_in_words(said, today, text):
    assert age_text(PartialDate.parse(said), today) == text


def test_anchors_are_valid_ids_whatever_the_file_name():
    assert anchor("standpunt", '2022 05 "quoted" & <b>') == "standpunt-2022-05-quoted-b"
    assert anchor("standpunt", "!!!") == "standpunt-x"


def test_records_due_for_a_check_never_checked_first_then_the_oldest_check():
    today = date(2026, 11, 28)

    def corporation(slug, **kwargs):
        return Corporation(slug, slug, "p", (), None, None, {}, "", records=[record(**kwargs)])

    corporations = [
        corporation("fresh", verified=date(2026, 10, 1)),
        corporation("old", verified=date(2024, 1, 1)),
        corporation("never-late", start="2021-05"),
        corporation("never-early", start="2020-03"),
    ]
    register = Register(corporations, [], [], [], [], today)
    due = [c.slug for c, _ in register.due_for_check(365)]
    assert due == ["never-early", "never-late", "old"]
