"""Contracts known by one end only: the days each may cover, and the required
days only such contracts may cover (uncertain: neither covered nor a gap).

Published contracts often state an end and no start (ANAC), or a start and no end
(L.190). Nothing here invents the missing end: the stretch runs from the
signature day, else the service's required start, to the known end; or from the
known start on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import final

from tracker.domain.periods import LAST_DAY, merge

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class HalfKnown:
    """A contract's base period known by one end only (or by neither), with its
    signature day when known: the days it may cover are uncertain."""

    ref: str
    start: date | None
    end: date | None
    signed_on: date | None = None


# final: reports write it with msgspec, which would add a subclass's fields
@final
@dataclass(frozen=True)
class Uncertain:
    """A run of required days a contract known by one end only may cover; ``end``
    None while it runs on with the required window."""

    start: date
    end: date | None
    refs: tuple[str, ...]


def may_cover(
    half: HalfKnown, own_starts: Sequence[date], required_from: date
) -> tuple[date, date] | None:
    """The days a contract known by one end may cover, ``LAST_DAY`` ending a run
    with no end in sight; None when there are none.

    With no start they run from its signature day, else from the service's required
    start, to its known end. With no end they run from its start (or that day) to
    the day before the contract's own next known coverage (``own_starts``: its
    exercised options), else on."""
    start = half.start or half.signed_on or required_from
    end = half.end
    if end is None:
        later = [day for day in own_starts if day > start]
        end = min(later) - ONE_DAY if later else LAST_DAY
    return (start, end) if start <= end else None


def find_uncertain(
    runs: Sequence[tuple[date, date]],
    spans: Sequence[tuple[str, tuple[date, date]]],
    required_from: date,
    required_until: date | None,
) -> list[Uncertain]:
    """The required days some contract may cover (``spans``, by contract) and no
    known coverage (``runs``, merged) covers."""
    window_end = required_until or LAST_DAY
    stretches: list[Uncertain] = []
    for start, end in merge([span for _, span in spans]):
        start, end = max(start, required_from), min(end, window_end)
        for run_start, run_end in runs:
            if start > end:
                break
            if run_end < start or run_start > end:
                continue
            if run_start > start:
                stretches.append(_uncertain(start, run_start - ONE_DAY, spans))
            start = run_end + ONE_DAY
        if start <= end:
            stretches.append(_uncertain(start, end, spans))
    return stretches


def _uncertain(
    start: date, end: date, spans: Sequence[tuple[str, tuple[date, date]]]
) -> Uncertain:
    names = sorted({ref for ref, (s, e) in spans if s <= end and start <= e})
    return Uncertain(start, None if end >= LAST_DAY else end, tuple(names))
