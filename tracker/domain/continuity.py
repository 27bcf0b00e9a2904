"""Service continuity: coverage, gaps, overlaps and the status of each service.

Coverage is the union of contract periods (base plus exercised options) and in-house
periods, all inclusive. A contract known by one end only covers nothing for sure:
the days it may cover are uncertain, neither covered nor a gap. A gap is a run of
days inside the service's required window with neither coverage nor uncertainty. Proposed and planned tenders, and tenders whose funding is only
pending, cover nothing: they appear as the service's ``next_tender``.

The rule is split in two: ``tracker.domain.continuity_facts.analyse`` reads what
the records say whatever the day, and ``assess_on`` tells one day from that;
``assess`` is the two in a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import final

from tracker.domain.continuity_facts import ServiceFacts, analyse
from tracker.domain.continuity_facts import may_cover_spans as may_cover_spans
from tracker.domain.coverage import Coverage as Coverage
from tracker.domain.coverage import CoverageRef as CoverageRef
from tracker.domain.coverage import Gap as Gap
from tracker.domain.coverage import GapState as GapState
from tracker.domain.coverage import Overlap as Overlap
from tracker.domain.coverage import ServiceInfo as ServiceInfo
from tracker.domain.coverage import SourceKind as SourceKind
from tracker.domain.coverage import TenderPlan as TenderPlan
from tracker.domain.coverage import current_and_next, gaps_on
from tracker.domain.coverage import find_gaps as find_gaps
from tracker.domain.coverage import find_overlaps as find_overlaps
from tracker.domain.coverage import next_tender as next_tender
from tracker.domain.frozen import maker
from tracker.domain.periods import merge as merge
from tracker.domain.uncertain import HalfKnown as HalfKnown
from tracker.domain.uncertain import Uncertain as Uncertain


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


# final: reports write it with msgspec, which would add a subclass's fields
@final
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


_make_continuity = maker(ServiceContinuity)
"""A service's continuity made without a call per field (``tracker.domain.frozen``):
a city's continuity makes ten thousand; every field is named below."""


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
    facts = analyse(service, coverages, tenders, half_known)
    return assess_on(facts, as_of, lead_days_for)


def assess_on(
    facts: ServiceFacts, as_of: date, lead_days_for: Callable[[str | None], int]
) -> ServiceContinuity:
    """The continuity of a service on ``as_of`` from its day-independent facts,
    the successor procedure taking ``lead_days_for`` its type."""
    service = facts.info
    plan = _successor_plan(facts, as_of)
    lead_days = lead_days_for(plan.procedure_type if plan else None)
    current_run, covered_until = None, None
    for run in facts.runs:
        if run[0] > as_of:
            break
        covered_until = run[1]
        if as_of <= run[1]:
            current_run = run
    needed_from = facts.needed_on(as_of)
    # the successor must be in place on the first uncovered day: its procedure starts
    # a lead time before the last covered one
    act_by = None if needed_from is None else procedure_start_by(needed_from, lead_days)
    status = continuity_status(
        as_of=as_of,
        required_from=service.required_from,
        required_until=service.required_until,
        covered=current_run is not None,
        act_by=act_by,
        uncertain=bool(facts.uncertain)
        and any(
            u.start <= as_of and (u.end is None or as_of <= u.end)
            for u in facts.uncertain
        ),
    )
    current, successor = current_and_next(facts.sources, as_of)
    return _make_continuity(
        service=service.ref,
        name=service.name,
        neighbourhood=service.neighbourhood,
        status=status,
        as_of=as_of,
        covered_until=covered_until,
        coverage_ends=facts.runs[-1][1] if facts.runs else None,
        required_from=service.required_from,
        required_until=service.required_until,
        lead_days=lead_days,
        act_by=act_by,
        current=current,
        successor=successor,
        next_tender=plan,
        gaps=tuple(gaps_on(facts.holes, service.required_until, as_of)),
        overlaps=facts.overlaps,
        uncertain=facts.uncertain,
    )


def _successor_plan(facts: ServiceFacts, as_of: date) -> TenderPlan | None:
    """The likeliest successor tender not overtaken by events on ``as_of``."""
    if not facts.successors:
        # most services have none: what overtook them does not matter
        return None
    overtaken_by = facts.overtaken_by(as_of)
    return next(
        (
            t
            for t, latest in facts.successors
            if overtaken_by is None or latest is None or latest >= overtaken_by
        ),
        None,
    )
