"""A service's continuity facts: everything its continuity on any day follows from.

``analyse`` works out, once, what the records of a service say whatever the day:
its merged coverage, the holes in its required window, what contracts known by
one end only may cover, double payments, the tenders that may succeed, and the
first day a successor must be in place. ``tracker.domain.continuity.assess_on``
then tells the continuity of one day from them at little cost, with the lead
times of the settings: nothing here depends on the day, the language or the
settings, so the facts can be kept in the database (``tracker.domain.kept``) and
rebuilt only when the records change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any, NamedTuple, TypeVar

from tracker.domain.alerts import RECENT
from tracker.domain.coverage import (
    Coverage,
    Holes,
    Overlap,
    ServiceInfo,
    SourceKind,
    SourceSpan,
    TenderPlan,
    find_holes,
    find_overlaps,
    find_sources,
    successors,
)
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.periods import LAST_DAY, merge
from tracker.domain.uncertain import HalfKnown, Uncertain, find_uncertain, may_cover

ONE_DAY = timedelta(days=1)
T = TypeVar("T")


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


NEVER = date.min
"""Both bounds of the kept fact of a service that never raises a finding: no day
selects it."""


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


def service_facts(
    service_id: int,
    service: ServiceInfo,
    coverages: Sequence[Coverage],
    tenders: Sequence[TenderPlan],
    half_known: Sequence[HalfKnown] = (),
) -> list[Fact]:
    """The kept continuity facts of one service: its facts, with the periods and
    tenders the timeline draws, bounded by its first stretch of days that may
    raise a finding; then one fact with no payload for each further stretch
    (``is_stretch``), so that a reader selects the service on exactly those days
    through the indexes."""
    facts = analyse(service, coverages, tenders, half_known)
    first, *further = finding_stretches(facts) or ((NEVER, NEVER),)
    return [
        Fact(
            FamilyName.CONTINUITY,
            ScopeKind.SERVICE,
            service_id,
            service.ref,
            payload_of(facts, coverages, tenders),
            *first,
        ),
        *(
            Fact(
                FamilyName.CONTINUITY,
                ScopeKind.SERVICE,
                service_id,
                f"{service.ref}/stretch {number}",
                {},
                day_from,
                day_until,
            )
            for number, (day_from, day_until) in enumerate(further, start=2)
        ),
    ]


def is_stretch(payload: Mapping[str, Any]) -> bool:
    """Whether a continuity fact only bounds a further stretch of its service's
    days, with no payload: the service's facts are in its first fact."""
    return not payload


# The payload holds flat lists of plain values (days as ISO strings) in a fixed
# order rather than objects: a whole city's services are decoded on every reading.
# The timeline's periods are the sources themselves, but for the contracts with
# exercised options (or a base shorter than their span), whose parts are listed.

DEFAULT_PART = {SourceKind.CONTRACT: "base", SourceKind.IN_HOUSE: "in_house"}
"""The part of a source covering it in one piece: a contract's base, an in-house
period."""


def payload_of(
    facts: ServiceFacts,
    coverages: Sequence[Coverage],
    tenders: Sequence[TenderPlan],
) -> dict[str, Any]:
    """``facts`` as JSON-able data, with the service's ``coverages`` and
    ``tenders`` for the timeline (``timeline_from``)."""
    info = facts.info
    return {
        "service": [
            info.ref,
            info.name,
            info.neighbourhood,
            info.required_from.isoformat(),
            _iso(info.required_until),
        ],
        "runs": _flat(facts.runs),
        "sources": [
            value
            for s in facts.sources
            for value in (s.kind.value, s.ref, s.start.isoformat(), s.end.isoformat())
        ],
        "half_starts": [d.isoformat() for d in facts.half_starts],
        "successors": [[*_tender(t), _iso(latest)] for t, latest in facts.successors],
        "holes": _flat(facts.holes.between),
        "after": _iso(facts.holes.after),
        "needed": [
            _iso(facts.needed_from),
            _iso(facts.needed_first),
            facts.needed_now,
        ],
        "uncertain": [
            [u.start.isoformat(), _iso(u.end), list(u.refs)] for u in facts.uncertain
        ],
        "overlaps": [
            [o.first, o.second, o.start.isoformat(), o.end.isoformat(), o.days]
            for o in facts.overlaps
        ],
        "parts": _parts(facts.sources, coverages),
        "tenders": [_tender(t) for t in tenders],
    }


def _parts(
    sources: Sequence[SourceSpan], coverages: Sequence[Coverage]
) -> list[list[Any]]:
    """[source index, part, start, end] of every period of the sources not
    covered in one piece by their default part, by start, end, reference and
    part: whatever order the rows came in, two builds keep the same payload."""
    index = {(s.kind, s.ref): at for at, s in enumerate(sources)}
    count = [0] * len(sources)
    for c in coverages:
        count[index[c.kind, c.ref]] += 1
    parts: list[list[Any]] = []
    for c in sorted(coverages, key=lambda c: (c.start, c.end, c.ref, c.part)):
        at = index[c.kind, c.ref]
        whole = sources[at]
        if (
            count[at] > 1
            or c.part != DEFAULT_PART[c.kind]
            or (c.start, c.end) != (whole.start, whole.end)
        ):
            parts.append([at, c.part, c.start.isoformat(), c.end.isoformat()])
    return parts


def facts_from(payload: Mapping[str, Any]) -> ServiceFacts:
    """The facts ``payload_of`` wrote."""
    ref, name, neighbourhood, required_from, required_until = payload["service"]
    needed_from, needed_first, needed_now = payload["needed"]
    return ServiceFacts(
        ServiceInfo(
            ref, name, neighbourhood, _day(required_from), _maybe(required_until)
        ),
        _pairs(payload["runs"]),
        _sources(payload["sources"]),
        tuple(map(_day, payload["half_starts"])),
        _rows(_successor, payload["successors"]),
        Holes(_pairs(payload["holes"]), _maybe(payload["after"])),
        _maybe(needed_from),
        _maybe(needed_first),
        needed_now,
        _rows(_uncertain, payload["uncertain"]),
        _rows(_overlap, payload["overlaps"]),
    )


def _rows(decoded: Callable[[Sequence[Any]], T], rows: Sequence[Any]) -> tuple[T, ...]:
    # most services have no successors, uncertain days or overlaps
    return tuple([decoded(row) for row in rows]) if rows else ()


def _successor(row: Sequence[Any]) -> tuple[TenderPlan, date | None]:
    return _plan(row), _maybe(row[6])


def _uncertain(row: Sequence[Any]) -> Uncertain:
    start, end, refs = row
    return Uncertain(_day(start), _maybe(end), tuple(refs))


def _overlap(row: Sequence[Any]) -> Overlap:
    first, second, start, end, length = row
    return Overlap(first, second, _day(start), _day(end), length)


def timeline_from(
    payload: Mapping[str, Any],
) -> tuple[tuple[Coverage, ...], tuple[TenderPlan, ...]]:
    """The periods covering the service, by start, end and reference, and its
    tenders that do not cover it, as ``payload_of`` wrote them."""
    sources = _sources(payload["sources"])
    listed = {at for at, *_ in payload["parts"]}
    coverage = [
        Coverage(s.kind, s.ref, DEFAULT_PART[s.kind], s.start, s.end)
        for at, s in enumerate(sources)
        if at not in listed
    ]
    coverage += [
        Coverage(sources[at].kind, sources[at].ref, part, _day(start), _day(end))
        for at, part, start, end in payload["parts"]
    ]
    coverage.sort(key=lambda c: (c.start, c.end, c.ref))
    return tuple(coverage), tuple([_plan(row) for row in payload["tenders"]])


SOURCE_KINDS = {kind.value: kind for kind in SourceKind}
_day = date.fromisoformat


def _maybe(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _flat(pairs: Sequence[tuple[date, date]]) -> list[str]:
    return [day.isoformat() for pair in pairs for day in pair]


def _pairs(flat: Sequence[str]) -> tuple[tuple[date, date], ...]:
    if not flat:
        return ()
    days = [*map(_day, flat)]
    return tuple(zip(days[0::2], days[1::2], strict=True))


def _sources(flat: Sequence[str]) -> tuple[SourceSpan, ...]:
    return tuple(
        map(
            _source,
            zip(
                map(SOURCE_KINDS.__getitem__, flat[0::4]),
                flat[1::4],
                map(_day, flat[2::4]),
                map(_day, flat[3::4]),
                strict=True,
            ),
        )
    )


_source: Callable[[tuple[SourceKind, str, date, date]], SourceSpan] = partial(
    tuple.__new__, SourceSpan
)
"""A ``SourceSpan`` of its four values, made without a call in Python: a city
has tens of thousands."""


def _tender(t: TenderPlan) -> list[Any]:
    return [
        t.ref,
        t.status,
        t.procedure_type,
        _iso(t.planned_start),
        t.funding_pending,
        t.planned_start_precision,
    ]


def _plan(row: Sequence[Any]) -> TenderPlan:
    return TenderPlan(row[0], row[1], row[2], _maybe(row[3]), row[4], row[5])
