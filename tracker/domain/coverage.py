"""What covers a service, facts of the data whatever the day.

The periods covering a service (a contract's base or exercised option, an
in-house period), the runs they make, the holes between the runs, the days two
contracts pay for twice, and the tenders that may succeed. Which of them matter
on a day is ``tracker.domain.continuity``'s question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple, final

from tracker.domain.days import days_from_to, days_open
from tracker.domain.frozen import maker
from tracker.domain.kinds import TENDER_PROGRESS
from tracker.domain.periods import end_of_precision, merge

ONE_DAY = timedelta(days=1)


class GapState(StrEnum):
    PAST = "past"
    CURRENT = "current"
    FUTURE = "future"


class SourceKind(StrEnum):
    CONTRACT = "contract"
    IN_HOUSE = "in_house"


@dataclass(frozen=True)
class Coverage:
    """One covered period of a service: a contract's base or exercised option, or an
    in-house period."""

    kind: SourceKind
    ref: str
    part: str
    start: date
    end: date


# final: reports write it with msgspec, which would add a subclass's fields
@final
@dataclass(frozen=True)
class CoverageRef:
    """The contract or in-house period behind a stretch of coverage."""

    kind: SourceKind
    ref: str
    start: date
    end: date


# final: reports write it with msgspec, which would add a subclass's fields
@final
@dataclass(frozen=True)
class TenderPlan:
    """A tender for the service that does not cover it (yet)."""

    ref: str
    status: str
    procedure_type: str | None
    planned_start: date | None
    funding_pending: bool
    planned_start_precision: str = "day"

    @property
    def latest_start(self) -> date | None:
        """The last day the planned start can mean ("2023" means by 31/12/2023)."""
        if self.planned_start is None:
            return None
        return end_of_precision(self.planned_start, self.planned_start_precision)


# final: reports write it with msgspec, which would add a subclass's fields
@final
@dataclass(frozen=True)
class Gap:
    start: date
    end: date | None
    days: int
    state: GapState


# final: reports write it with msgspec, which would add a subclass's fields
@final
@dataclass(frozen=True)
class Overlap:
    """Two contracts paying for the same service on the same days."""

    first: str
    second: str
    start: date
    end: date
    days: int


@dataclass(frozen=True)
class ServiceInfo:
    ref: str
    name: str
    neighbourhood: str
    required_from: date
    required_until: date | None


@dataclass(frozen=True)
class Holes:
    """The required days no run covers: ``between`` runs (each closed), and every
    day from ``after`` on (None when the runs reach the end of the window)."""

    between: tuple[tuple[date, date], ...]
    after: date | None


_make_gap = maker(Gap)
_make_ref = maker(CoverageRef)
"""Gaps and contracts made without a call per field: a city's continuity has tens
of thousands (``tracker.domain.frozen``)."""


def _ref(source: SourceSpan) -> CoverageRef:
    kind, ref, start, end = source
    return _make_ref(kind=kind, ref=ref, start=start, end=end)


def find_holes(
    runs: Sequence[tuple[date, date]],
    *,
    required_from: date,
    required_until: date | None,
) -> Holes:
    """The uncovered days of the required window around merged ``runs``."""
    between: list[tuple[date, date]] = []
    cursor = required_from
    for start, end in runs:
        if required_until is not None and start > required_until:
            break
        if end < cursor:
            continue
        if start > cursor:
            between.append((cursor, start - ONE_DAY))
        cursor = end + ONE_DAY
    within = required_until is None or cursor <= required_until
    return Holes(tuple(between), cursor if within else None)


def gaps_on(holes: Holes, required_until: date | None, as_of: date) -> list[Gap]:
    """The gaps of ``holes`` as seen on ``as_of``.

    A hole between known coverage is a gap wherever it falls (past, current or
    future). The hole after the last coverage is a gap only once it has begun; it
    stays open (no end) until the required window closes.
    """
    gaps = [_gap(start, end, as_of) for start, end in holes.between]
    if holes.after is not None and holes.after <= as_of:
        if required_until is not None and required_until < as_of:
            gaps.append(_gap(holes.after, required_until, as_of))
        else:
            gaps.append(_gap(holes.after, None, as_of))
    return gaps


def _gap(start: date, end: date | None, as_of: date) -> Gap:
    if end is None:
        return _make_gap(
            start=start, end=None, days=days_open(start, as_of), state=GapState.CURRENT
        )
    if end < as_of:
        state = GapState.PAST
    elif start > as_of:
        state = GapState.FUTURE
    else:
        state = GapState.CURRENT
    return _make_gap(start=start, end=end, days=days_from_to(start, end), state=state)


def find_gaps(
    runs: Sequence[tuple[date, date]],
    *,
    required_from: date,
    required_until: date | None,
    as_of: date,
) -> list[Gap]:
    """Uncovered runs inside the required window, as seen on ``as_of`` (see
    ``gaps_on``)."""
    holes = find_holes(runs, required_from=required_from, required_until=required_until)
    return gaps_on(holes, required_until, as_of)


def find_overlaps(coverages: Sequence[Coverage]) -> list[Overlap]:
    """Days on which two different contracts cover the same service."""
    spans: dict[str, list[tuple[date, date]]] = {}
    for c in coverages:
        if c.kind is SourceKind.CONTRACT:
            spans.setdefault(c.ref, []).append((c.start, c.end))
    if len(spans) < 2:
        return []
    contracts = sorted(
        ((ref, run) for ref, periods in spans.items() for run in merge(periods)),
        key=lambda item: (item[1][0], item[0]),
    )
    overlaps: list[Overlap] = []
    for i, (first, (first_start, first_end)) in enumerate(contracts):
        for second, (second_start, second_end) in contracts[i + 1 :]:
            if second_start > first_end:
                break
            if second == first:
                continue
            start, end = max(first_start, second_start), min(first_end, second_end)
            overlaps.append(Overlap(first, second, start, end, (end - start).days + 1))
    return overlaps


class SourceSpan(NamedTuple):
    """A contract or in-house period with its whole covered span: a plain tuple,
    as a city's worth are read back on every reading."""

    kind: SourceKind
    ref: str
    start: date
    end: date


def find_sources(coverages: Sequence[Coverage]) -> list[SourceSpan]:
    """Each contract or in-house period with its whole covered span, by start,
    end and reference."""
    spans: dict[tuple[SourceKind, str], tuple[date, date]] = {}
    for c in coverages:
        key = (c.kind, c.ref)
        if key in spans:
            start, end = spans[key]
            spans[key] = (min(start, c.start), max(end, c.end))
        else:
            spans[key] = (c.start, c.end)
    return sorted(
        (
            SourceSpan(kind, ref, start, end)
            for (kind, ref), (start, end) in spans.items()
        ),
        key=lambda s: (s.start, s.end, s.ref),
    )


def current_and_next(
    sources: Sequence[SourceSpan], as_of: date
) -> tuple[CoverageRef | None, CoverageRef | None]:
    """What covers the service on the day (a contract before an in-house period,
    then the one running longest, then the first) and the first other source
    starting after it; ``sources`` in the order of ``find_sources``."""
    current: SourceSpan | None = None
    later = len(sources)
    for at, s in enumerate(sources):
        if s.start > as_of:
            later = at
            break
        if as_of <= s.end and (
            current is None
            or (s.kind is SourceKind.CONTRACT, s.end)
            > (current.kind is SourceKind.CONTRACT, current.end)
        ):
            current = s
    successor = next(
        (s for s in sources[later:] if current is None or s.ref != current.ref),
        None,
    )
    return (
        None if current is None else _ref(current),
        None if successor is None else _ref(successor),
    )


def successors(tenders: Sequence[TenderPlan]) -> list[TenderPlan]:
    """The live tenders, the likeliest successor first: further along first, then
    the earliest start."""
    return sorted(
        (t for t in tenders if t.status in TENDER_PROGRESS),
        key=lambda t: (-TENDER_PROGRESS[t.status], t.planned_start or date.max, t.ref),
    )


def first_successor(
    ranked: Sequence[TenderPlan], overtaken_by: date | None
) -> TenderPlan | None:
    """The first of the ``ranked`` tenders not overtaken by events: one planned to
    start before ``overtaken_by`` (the start of the latest coverage) is no
    successor."""
    for t in ranked:
        latest = t.latest_start
        if overtaken_by is None or latest is None or latest >= overtaken_by:
            return t
    return None


def next_tender(
    tenders: Sequence[TenderPlan], *, overtaken_by: date | None = None
) -> TenderPlan | None:
    """The tender most likely to succeed: further along first, then earliest start,
    unless overtaken by events (see ``first_successor``)."""
    return first_successor(successors(tenders), overtaken_by)
