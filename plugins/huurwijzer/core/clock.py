"""The one clock: "today" and "now" for every rule, the build, the intake and the commands.

``REGISTER_TODAY`` pins the date; else ``SOURCE_DATE_EPOCH`` (reproducible builds) pins the
day it names (in UTC); else the machine's own date. Nothing else in the plugin reads the wall
clock for a rule: a pinned date is the same date for the build, for the receiver stamping a
submission, and for the editor approving it, so what one accepts the other does too.

A pinned clock keeps its day and takes the time of day from the machine, so receipts stamped
by one process still come in order.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

# A date further ahead than this is a typing error (9999-12-31 would stay the newest entry
# of a feed for ever); dates before EARLIEST are too (0001-01-01 breaks time zone offsets).
EARLIEST = date(1900, 1, 1)
AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class Clock:
    """Today and now, pinned to one date or following the machine."""

    pinned: date | None = None

    def today(self) -> date:
        return self.pinned if self.pinned is not None else datetime.now().date()

    def now(self) -> datetime:
        """An aware moment in UTC; on a pinned clock, the pinned day at the real time of day."""
        real = datetime.now(UTC)
        if self.pinned is None:
            return real
        return datetime.combine(self.pinned, real.timetz())

    def latest(self) -> date:
        """The last date an editor or a corporation may write: a year after today."""
        return self.today() + AHEAD


def clock_of(settings: Mapping[str, Any] | None = None) -> Clock:
    """The clock the settings ask for: REGISTER_TODAY, else SOURCE_DATE_EPOCH, else none."""
    pinned = (settings or {}).get("REGISTER_TODAY")
    if pinned:
        return Clock(date.fromisoformat(str(pinned)))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return Clock(datetime.fromtimestamp(int(epoch), UTC).date())
    return Clock()
