"""A service's continuity facts: everything its continuity on any day follows from.

``analyse`` works out, once, what the records of a service say whatever the day:
its merged coverage, the holes in its required window, what contracts known by
one end only may cover, double payments, the tenders that may succeed, and the
first day a successor must be in place. ``tracker.domain.continuity.assess_on``
then tells the continuity of one day from them at little cost, with the lead
times of the settings: nothing here depends on the day, the language or the
settings, so the facts can be kept in the database (``tracker.domain.continuity_kept``)
and rebuilt only when the records change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from tracker.domain.alerts import RECENT
from tracker.domain.coverage import (
    Coverage,
    Holes,
    Overlap,
    ServiceInfo,
    SourceSpan,
    TenderPlan,
    find_holes,
    find_overlaps,
    find_sources,
    successors,
)
from tracker.domain.periods import LAST_DAY, merge
from tracker.domain.uncertain import HalfKnown, Uncertain, find_uncertain, may_cover

ONE_DAY = timedelta(days=1)


class ServiceFacts(NamedTuple):
    """What a service's records say, whatever the day: a plain tuple, as a city's
    worth are decoded on every reading."""

    info: ServiceInfo
    runs: tuple[tuple[date, date], ...]
    """The known coverage, merged."""
    sources: tuple[SourceSpan, ...]
    """Each contract or in-house period with its whole span (``find_sources``)."""
    half_starts: tuple[date, ...]
    """The known starts of the contracts known by one end only."""
    successors: tuple[tuple[TenderPlan, date | None], ...]
    """The live tenders, likeliest successor first, each with its latest start."""
    holes: Holes
    """The required days neither covered nor uncertain."""
    needed_from: date | None
    """The first day after all coverage, known or possible, a successor must be in
    place once the window has begun; None when coverage reaches its end."""
    needed_first: date | None
    """Before the window: its first day when nothing covers it or comes later."""
    needed_now: bool
    """Nothing covers the service at all: it needs cover from the day itself."""
    uncertain: tuple[Uncertain, ...]
    overlaps: tuple[Overlap, ...]

    def overtaken_by(self, as_of: date) -> date | None:
        """The latest day on or before ``as_of`` coverage began or may have begun:
        a tender planned to start before it was overtaken by events."""
        latest = None
        for source in self.sources:
            if source.start > as_of:
                break
            latest = source.start
        for start in self.half_starts:
            if start <= as_of and (latest is None or start > latest):
                latest = start
        return latest

    def needed_on(self, as_of: date) -> date | None:
        """The first day a successor must be in place, as seen on ``as_of``."""
        if as_of < self.info.required_from and self.needed_first is not None:
            return self.needed_first
        if self.needed_now:
            return as_of
        return self.needed_from


def analyse(
    service: ServiceInfo,
    coverages: Sequence[Coverage],
    tenders: Sequence[TenderPlan],
    half_known: Sequence[HalfKnown] = (),
) -> ServiceFacts:
    """The facts of one service; ``half_known`` are its contracts known by one end
    only, whose days are uncertain rather than covered."""
    runs = merge([(c.start, c.end) for c in coverages])
    spans = may_cover_spans(service, coverages, half_known)
    # a day some contract may cover is no gap, and needs no successor yet
    possible = merge([*runs, *(span for _, span in spans)])
    sources = find_sources(coverages)
    first, after = _needs(
        service, possible, runs_on=any(span[1] >= LAST_DAY for _, span in spans)
    )
    return ServiceFacts(
        info=service,
        runs=tuple(runs),
        sources=tuple(sources),
        half_starts=tuple(sorted({h.start for h in half_known if h.start})),
        successors=tuple((t, t.latest_start) for t in successors(tenders)),
        holes=find_holes(
            possible,
            required_from=service.required_from,
            required_until=service.required_until,
        ),
        needed_from=after,
        needed_first=first,
        needed_now=not possible,
        uncertain=tuple(
            find_uncertain(runs, spans, service.required_from, service.required_until)
        ),
        overlaps=tuple(find_overlaps(coverages)),
    )


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


def _needs(
    service: ServiceInfo, possible: Sequence[tuple[date, date]], *, runs_on: bool
) -> tuple[date | None, date | None]:
    """The first required day with no coverage planned after it, before the
    window begins and once it has: the day a successor must be in place.

    A service not yet required needs cover from its required start when nothing
    covers that day or comes later; otherwise cover is needed from the day after
    the last coverage, known or possible, ends (None when it reaches the required
    end, or a contract with no known end may run on). Holes between coverage are
    planned gaps, reported on their own."""
    rf, until = service.required_from, service.required_until
    first = None
    if not any(start <= rf <= end or start > rf for start, end in possible):
        first = rf
    if not possible:
        return first, None
    last_end = possible[-1][1]
    if until is not None and last_end >= until:
        return first, None
    if runs_on and last_end >= LAST_DAY:
        return first, None
    return first, max(last_end + ONE_DAY, rf)


Stretch = tuple[date | None, date | None]
"""From its first to its last day, either end open with None: some days on which
a service may raise a continuity finding."""


def finding_stretches(facts: ServiceFacts) -> tuple[Stretch, ...]:
    """The disjoint stretches of days on which the service may raise a continuity
    finding (a gap, a risk, a planned gap, an overlap), earliest first; none for
    a service that never raises one.

    Lead times are the settings', so a risk's first day is the one a successor
    procedure with no lead time would start by: a reader for day D, horizon W
    and longest lead time L wants the services with a stretch that begins by
    D + W + L and ends on D or later (``may_raise``). A service with a gap behind it and an end
    ahead is quiet in between: keeping one stretch from the first to the last
    day would read it on every day.
    """
    info = facts.info
    stretches: list[Stretch] = []
    for overlap in facts.overlaps:
        # reported from any day before it, until a year after it ends
        if overlap.end >= info.required_from:
            stretches.append((None, overlap.end + RECENT))
    for _, end in facts.holes.between:
        # a planned gap before it begins, a gap while it lasts
        stretches.append((None, end))
    if facts.holes.after is not None:
        stretches.append((facts.holes.after, info.required_until))
    # a risk from the day the successor's procedure should start, with no lead
    # time, for as long as the service is required
    if facts.needed_first is not None:
        stretches.append((facts.needed_first - ONE_DAY, info.required_from - ONE_DAY))
    if facts.needed_from is not None:
        stretches.append((facts.needed_from - ONE_DAY, info.required_until))
    return _disjoint(stretches)


def _disjoint(stretches: Sequence[Stretch]) -> tuple[Stretch, ...]:
    """``stretches`` merged where they overlap or touch, earliest first."""
    merged: list[list[date]] = []
    for first, last in sorted(
        (date.min if f is None else f, date.max if u is None else u)
        for f, u in stretches
    ):
        if merged and (merged[-1][1] == date.max or first <= merged[-1][1] + ONE_DAY):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return tuple(
        (
            None if first == date.min else first,
            None if last == date.max else last,
        )
        for first, last in merged
    )


def may_raise(
    day_from: date | None,
    day_until: date | None,
    *,
    as_of: date,
    within: int,
    longest_lead: int,
) -> bool:
    """Whether a service with a stretch from ``day_from`` through ``day_until``
    (``finding_stretches``) may raise a finding in it on ``as_of`` with a horizon
    of ``within`` days and lead times of at most ``longest_lead`` days."""
    reach = as_of + timedelta(days=within + longest_lead)
    return (day_from is None or day_from <= reach) and (
        day_until is None or day_until >= as_of
    )
