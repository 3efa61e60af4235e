"""Compare a stance with the national agreement, like with like, never a verdict from silence.

A verdict (more / same / less protection) is given only when both sides state a value of the
same measure. Eviction levels are compared only when both sides also state their exceptions:
"no evictions" with unknown exceptions may still allow the same evictions as the agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

from huurwijzer.stances.model import StanceRecord, Value, is_stated
from huurwijzer.stances.scales import EVICTION, EXCEPTIONS, MEASURES, SCOPE, UNKNOWN, Vocabulary

MORE, SAME, LESS, NOT_COMPARABLE = "more", "same", "less", "not_comparable"


@dataclass(frozen=True)
class Row:
    """One compared field: its vocabulary, both values, the verdict and why."""

    vocabulary: Vocabulary
    ours: Value
    theirs: Value
    verdict: str  # more / same / less / unknown / not_comparable


def by_rank(vocabulary: Vocabulary, ours: str, theirs: str) -> str:
    """Two values of one scale or measure: higher rank protects more."""
    a, b = vocabulary.get(ours).rank, vocabulary.get(theirs).rank
    if a is None or b is None:
        return UNKNOWN
    return SAME if a == b else (MORE if a > b else LESS)


def by_exceptions(ours: tuple[str, ...] | None, theirs: tuple[str, ...] | None) -> str:
    """Fewer grounds to evict protect more; sets that differ both ways cannot be ranked."""
    if ours is None or theirs is None:
        return UNKNOWN
    a, b = set(ours), set(theirs)
    if a == b:
        return SAME
    if a < b:
        return MORE
    if a > b:
        return LESS
    return NOT_COMPARABLE


def eviction_verdict(record: StanceRecord, reference: StanceRecord) -> str:
    """The eviction level together with its exceptions: both must point the same way."""
    level = by_rank(EVICTION, record.value("eviction"), reference.value("eviction"))
    grounds = by_exceptions(record.value("exceptions"), reference.value("exceptions"))
    if UNKNOWN in (level, grounds):
        return UNKNOWN
    if level == grounds or grounds == SAME:
        return level
    if level == SAME:
        return grounds
    return NOT_COMPARABLE


def compare(record: StanceRecord, reference: StanceRecord) -> list[Row]:
    """Every field either side states, compared; fields neither side states are left out."""
    rows = [
        Row(
            EVICTION,
            record.value("eviction"),
            reference.value("eviction"),
            eviction_verdict(record, reference),
        ),
        Row(
            EXCEPTIONS,
            record.value("exceptions"),
            reference.value("exceptions"),
            by_exceptions(record.value("exceptions"), reference.value("exceptions")),
        ),
        Row(
            SCOPE,
            record.value("scope"),
            reference.value("scope"),
            by_rank(SCOPE, record.value("scope"), reference.value("scope")),
        ),
    ]
    rows += [
        Row(
            m,
            record.value(m.field),
            reference.value(m.field),
            by_rank(m, record.value(m.field), reference.value(m.field)),
        )
        for m in MEASURES
    ]
    return [row for row in rows if is_stated(row.ours) or is_stated(row.theirs)]
