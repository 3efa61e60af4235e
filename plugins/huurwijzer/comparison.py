"""Compare a corporation's stance with the national agreement, field by field."""

from __future__ import annotations

from dataclasses import dataclass

from .model import StanceRecord
from .scales import COLLECTION, COMPARISON, EVICTION, EXCEPTIONS, SCOPE, UNKNOWN, Vocabulary


@dataclass(frozen=True)
class FieldComparison:
    field: str
    title: str
    ours: str
    theirs: str
    verdict: str  # more / same / less / unknown

    @property
    def verdict_label(self) -> str:
        return COMPARISON[self.verdict]


def _by_rank(vocabulary: Vocabulary, ours: str, theirs: str) -> str:
    a, b = vocabulary.get(ours).rank, vocabulary.get(theirs).rank
    if a is None or b is None:
        return UNKNOWN
    return "same" if a == b else ("more" if a > b else "less")


def _exceptions(ours: tuple[str, ...] | None, theirs: tuple[str, ...] | None) -> str:
    """Fewer grounds to evict protect more; sets that differ both ways cannot be ranked."""
    if ours is None or theirs is None:
        return UNKNOWN
    a, b = set(ours), set(theirs)
    if a == b:
        return "same"
    if a < b:
        return "more"
    if a > b:
        return "less"
    return UNKNOWN


def _exception_text(values: tuple[str, ...] | None) -> str:
    if values is None:
        return "Onbekend"
    return ", ".join(EXCEPTIONS.label(v) for v in values) or "Geen"


def compare(record: StanceRecord, reference: StanceRecord) -> list[FieldComparison]:
    rows = [
        FieldComparison(
            v.field,
            v.title,
            v.label(getattr(record, v.field)),
            v.label(getattr(reference, v.field)),
            _by_rank(v, getattr(record, v.field), getattr(reference, v.field)),
        )
        for v in (EVICTION, COLLECTION, SCOPE)
    ]
    rows.append(
        FieldComparison(
            "exceptions",
            EXCEPTIONS.title,
            _exception_text(record.exceptions),
            _exception_text(reference.exceptions),
            _exceptions(record.exceptions, reference.exceptions),
        )
    )
    return rows
