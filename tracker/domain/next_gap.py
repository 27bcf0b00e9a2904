"""The next gap of a service: the one open on the as-of day, the first one ahead,
or the day its known cover runs out with nothing contracted after it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.domain.continuity import GapState, ServiceContinuity


@dataclass(frozen=True)
class NextGap:
    start: date
    end: date | None
    """None while nothing is contracted after it."""
    days: int | None
    """Its length, both ends included: the days so far for a gap open on the
    as-of day with no end; None for one ahead with no end."""


def next_gap(c: ServiceContinuity) -> NextGap | None:
    """The gap running on ``c.as_of``, else the first gap ahead (between two
    contracts), else the day after the known cover ends when the service is
    still required then and nothing covers it after; None when no gap runs or
    is coming, or when a contract known by one end only may cover what follows
    (those days are neither covered nor a gap)."""
    for gap in c.gaps:
        if gap.state is not GapState.PAST:
            return NextGap(gap.start, gap.end, gap.days)
    ends = c.coverage_ends
    if ends is None or ends < c.as_of or c.uncertain:
        return None
    if c.required_until is not None and ends >= c.required_until:
        return None
    return NextGap(ends + timedelta(days=1), None, None)
