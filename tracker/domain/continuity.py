"""Service continuity: coverage, gaps, overlaps and the status of each service.

Coverage is the union of contract periods (base plus exercised options) and in-house
periods, all inclusive. A contract known by one end only covers nothing for sure:
the days it may cover are uncertain, neither covered nor a gap. A gap is a run of
days inside the service's required window with neither coverage nor uncertainty. Proposed and planned tenders, and tenders whose funding is only
pending, cover nothing: they appear as the service's ``next_tender``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tracker.domain.days import days_from_to, days_open
from tracker.domain.kinds import TENDER_PROGRESS
from tracker.domain.periods import LAST_DAY, end_of_precision
from tracker.domain.periods import merge as merge
from tracker.domain.uncertain import HalfKnown as HalfKnown
from tracker.domain.uncertain import Uncertain as Uncertain
from tracker.domain.uncertain import find_uncertain, may_cover

ONE_DAY = timedelta(days=1)


class ContinuityStatus(StrEnum):
    GAP = "gap"
    AT_RISK = "at_risk"
    UNCERTAIN = "uncertain"
    """The day lies in a stretch a contract known by one end only may cover."""
    OK = "ok"
    NOT_REQUIRED = "not_required"


STATUS_PRIORITY = (
    ContinuityStatus.NOT_REQUIRED,
    ContinuityStatus.GAP,
    ContinuityStatus.AT_RISK,
    ContinuityStatus.UNCERTAIN,
    ContinuityStatus.OK,
)
"""Which status a day takes when several apply, the first winning: outside its
window a service asks nothing; a required day with no coverage, known or uncertain,
is a gap; a passed day to act makes a coming gap certain, whatever the day itself
is; a day only uncertainly covered is uncertain; else the service is ok."""

STATUS_ORDER = {
    status.value: position
    for position, status in enumerate(
        (
            ContinuityStatus.GAP,
            ContinuityStatus.AT_RISK,
            ContinuityStatus.UNCERTAIN,
            ContinuityStatus.OK,
            ContinuityStatus.NOT_REQUIRED,
        )
    )
}
"""The order services are listed in, the most urgent first."""


ACT_BY_STATUSES = frozenset(
    {ContinuityStatus.AT_RISK, ContinuityStatus.UNCERTAIN, ContinuityStatus.OK}
)


def act_by_matters(status: str) -> bool:
    """Whether the day to start the successor procedure is worth telling people.

    It is for a service covered now (``ok``: the day is ahead), perhaps covered
    (``uncertain``: a known end still asks for a successor) or running out
    (``at_risk``: the day has passed). In a ``gap`` the service is already
    uncovered, and a service ``not_required`` on the day needs no successor: after
    its window the day lies in a past nobody can act on; before it the day is still
    ahead (the digest announces it once within the horizon, and the status turns
    ``at_risk`` when it passes).
    """
    return status in ACT_BY_STATUSES


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


@dataclass(frozen=True)
class CoverageRef:
    """The contract or in-house period behind a stretch of coverage."""

    kind: SourceKind
    ref: str
    start: date
    end: date


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


@dataclass(frozen=True)
class Gap:
    start: date
    end: date | None
    days: int
    state: GapState


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
class ServiceContinuity:
    service: str
    name: str
    neighbourhood: str
    status: ContinuityStatus
    as_of: date
    covered_until: date | None
    coverage_ends: date | None
    required_from: date
    required_until: date | None
    lead_days: int
    act_by: date | None
    current: CoverageRef | None
    successor: CoverageRef | None
    next_tender: TenderPlan | None
    gaps: tuple[Gap, ...]
    overlaps: tuple[Overlap, ...]
    uncertain: tuple[Uncertain, ...] = ()

    @property
    def open_gap(self) -> Gap | None:
        return next((g for g in self.gaps if g.state is GapState.CURRENT), None)


def _gap(start: date, end: date | None, as_of: date) -> Gap:
    if end is None:
        return Gap(start, None, days_open(start, as_of), GapState.CURRENT)
    if end < as_of:
        state = GapState.PAST
    elif start > as_of:
        state = GapState.FUTURE
    else:
        state = GapState.CURRENT
    return Gap(start, end, days_from_to(start, end), state)


def find_gaps(
    runs: Sequence[tuple[date, date]],
    *,
    required_from: date,
    required_until: date | None,
    as_of: date,
) -> list[Gap]:
    """Uncovered runs inside the required window.

    Runs between known coverage are reported wherever they fall (past, current or
    future). The trailing run after the last coverage is a gap only once it has
    begun; it stays open (no end) until the required window closes.
    """
    gaps: list[Gap] = []
    cursor = required_from
    for start, end in runs:
        if required_until is not None and start > required_until:
            break
        if end < cursor:
            continue
        if start > cursor:
            gaps.append(_gap(cursor, start - ONE_DAY, as_of))
        cursor = end + ONE_DAY
    if cursor <= as_of and (required_until is None or cursor <= required_until):
        if required_until is not None and required_until < as_of:
            gaps.append(_gap(cursor, required_until, as_of))
        else:
            gaps.append(_gap(cursor, None, as_of))
    return gaps


def find_overlaps(coverages: Sequence[Coverage]) -> list[Overlap]:
    """Days on which two different contracts cover the same service."""
    spans: dict[str, list[tuple[date, date]]] = {}
    for c in coverages:
        if c.kind is SourceKind.CONTRACT:
            spans.setdefault(c.ref, []).append((c.start, c.end))
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


def _sources(coverages: Sequence[Coverage]) -> list[CoverageRef]:
    """Each contract or in-house period with its whole covered span."""
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
            CoverageRef(kind, ref, start, end)
            for (kind, ref), (start, end) in spans.items()
        ),
        key=lambda s: (s.start, s.end, s.ref),
    )


def _next_uncovered_need(
    service: ServiceInfo,
    runs: Sequence[tuple[date, date]],
    as_of: date,
    *,
    runs_on: bool = False,
) -> date | None:
    """The first required day ahead with no coverage planned after it: the day a
    successor must be in place. None when coverage runs to the required end.

    A service not yet required needs cover from its required start; otherwise cover
    is needed from the day after the last known coverage ends. Holes between known
    contracts are planned gaps, reported on their own.
    """
    if as_of < service.required_from and not any(
        start <= service.required_from <= end for start, end in runs
    ):
        later = [r for r in runs if r[0] > service.required_from]
        if not later:
            return service.required_from
    if not runs:
        return None if as_of < service.required_from else as_of
    last_end = runs[-1][1]
    if service.required_until is not None and last_end >= service.required_until:
        return None
    if runs_on and last_end >= LAST_DAY:  # a contract with no known end may run on
        return None
    return max(last_end + ONE_DAY, service.required_from)


def next_tender(
    tenders: Sequence[TenderPlan], *, overtaken_by: date | None = None
) -> TenderPlan | None:
    """The tender most likely to succeed: further along first, then earliest start.

    A tender planned to start before ``overtaken_by`` (the start of the latest
    coverage) was overtaken by events and is not a successor.
    """
    candidates = [
        t
        for t in tenders
        if t.status in TENDER_PROGRESS
        and (
            overtaken_by is None
            or t.latest_start is None
            or t.latest_start >= overtaken_by
        )
    ]
    return min(
        candidates,
        key=lambda t: (-TENDER_PROGRESS[t.status], t.planned_start or date.max, t.ref),
        default=None,
    )


def procedure_start_by(needed_from: date, lead_days: int) -> date:
    """The latest day to start the procedure of a successor that must be in place
    on ``needed_from``: a lead time before the last day still covered."""
    return needed_from - timedelta(days=lead_days + 1)


def continuity_status(
    *,
    as_of: date,
    required_from: date,
    required_until: date | None,
    covered: bool,
    act_by: date | None,
    uncertain: bool = False,
) -> ContinuityStatus:
    """Where a service stands on ``as_of``, ``covered`` or not that day (or only
    ``uncertain``ly, by a contract known by one end), with its successor procedure
    to start by ``act_by``; in the order of ``STATUS_PRIORITY``."""
    before_window = as_of < required_from
    after_window = required_until is not None and as_of > required_until
    # before its window a service asks nothing of anyone until the day its first
    # procedure must start; after it, nothing at all
    if after_window or (before_window and (act_by is None or as_of <= act_by)):
        return ContinuityStatus.NOT_REQUIRED
    if not before_window and not covered and not uncertain:
        return ContinuityStatus.GAP
    # covered (or not yet required) but the day to start the successor has passed:
    # a gap will open unless someone acts now
    if act_by is not None and as_of > act_by:
        return ContinuityStatus.AT_RISK
    if uncertain and not covered:
        return ContinuityStatus.UNCERTAIN
    return ContinuityStatus.OK


def may_cover_spans(
    service: ServiceInfo,
    coverages: Sequence[Coverage],
    half_known: Sequence[HalfKnown],
) -> list[tuple[str, tuple[date, date]]]:
    """The days each contract known by one end may cover, by contract."""
    spans = []
    for h in half_known:
        own = [c.start for c in coverages if c.ref == h.ref]
        span = may_cover(h, own, service.required_from)
        if span is not None:
            spans.append((h.ref, span))
    return spans


def _current_and_next(
    sources: Sequence[CoverageRef], as_of: date
) -> tuple[CoverageRef | None, CoverageRef | None]:
    """What covers the service on the day (a contract before an in-house period,
    then the one running longest) and the first other source starting after it."""
    current = max(
        (s for s in sources if s.start <= as_of <= s.end),
        key=lambda s: (s.kind is SourceKind.CONTRACT, s.end),
        default=None,
    )
    successor = next(
        (
            s
            for s in sources
            if s.start > as_of and (current is None or s.ref != current.ref)
        ),
        None,
    )
    return current, successor


def assess(
    service: ServiceInfo,
    coverages: Sequence[Coverage],
    tenders: Sequence[TenderPlan],
    *,
    as_of: date,
    lead_days_for: Callable[[str | None], int],
    half_known: Sequence[HalfKnown] = (),
) -> ServiceContinuity:
    """The continuity of one service as of a day; ``half_known`` are its contracts
    known by one end only, whose days are uncertain rather than covered."""
    runs = merge([(c.start, c.end) for c in coverages])
    spans = may_cover_spans(service, coverages, half_known)
    # a day some contract may cover is no gap, and needs no successor yet
    possible = merge([*runs, *(span for _, span in spans)])
    uncertain = find_uncertain(
        runs, spans, service.required_from, service.required_until
    )
    sources = _sources(coverages)
    started = [s.start for s in sources if s.start <= as_of]
    started += [h.start for h in half_known if h.start and h.start <= as_of]
    plan = next_tender(tenders, overtaken_by=max(started, default=None))
    lead_days = lead_days_for(plan.procedure_type if plan else None)
    gaps = find_gaps(
        possible,
        required_from=service.required_from,
        required_until=service.required_until,
        as_of=as_of,
    )
    current_run = next((r for r in runs if r[0] <= as_of <= r[1]), None)
    earlier = [r for r in runs if r[1] < as_of]
    current, successor = _current_and_next(sources, as_of)
    if current_run is not None:
        covered_until: date | None = current_run[1]
    else:
        covered_until = earlier[-1][1] if earlier else None
    needed_from = _next_uncovered_need(
        service,
        possible,
        as_of,
        runs_on=any(span[1] >= LAST_DAY for _, span in spans),
    )
    # the successor must be in place on the first uncovered day: its procedure starts
    # a lead time before the last covered one
    act_by = None if needed_from is None else procedure_start_by(needed_from, lead_days)
    status = continuity_status(
        as_of=as_of,
        required_from=service.required_from,
        required_until=service.required_until,
        covered=current_run is not None,
        act_by=act_by,
        uncertain=any(
            u.start <= as_of and (u.end is None or as_of <= u.end) for u in uncertain
        ),
    )
    return ServiceContinuity(
        service=service.ref,
        name=service.name,
        neighbourhood=service.neighbourhood,
        status=status,
        as_of=as_of,
        covered_until=covered_until,
        coverage_ends=runs[-1][1] if runs else None,
        required_from=service.required_from,
        required_until=service.required_until,
        lead_days=lead_days,
        act_by=act_by,
        current=current,
        successor=successor,
        next_tender=plan,
        gaps=tuple(gaps),
        overlaps=tuple(find_overlaps(coverages)),
        uncertain=tuple(uncertain),
    )
