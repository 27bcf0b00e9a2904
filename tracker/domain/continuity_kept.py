"""A service's kept continuity facts: the rows that keep its ``ServiceFacts``
(``tracker.domain.continuity_facts``) and the JSON payload they are kept in.

A whole city's services are decoded on every reading of a day, so the payload is
made of arrays shaped like the domain's tuples, and is decoded by a typed decoder
(msgspec) straight into them: days, kinds and rows come out built, with no pass
of Python over each value. The timeline's periods and tenders are decoded only
for the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

import msgspec

from tracker.domain.continuity_facts import (
    ServiceFacts,
    analyse,
    finding_stretches,
)
from tracker.domain.coverage import (
    Coverage,
    Holes,
    Overlap,
    ServiceInfo,
    SourceKind,
    SourceSpan,
    TenderPlan,
)
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.uncertain import HalfKnown, Uncertain
from tracker.errors import KeptFactsError

NEVER = date.min
"""Both bounds of the kept fact of a service that never raises a finding: no day
selects it."""


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
    ``tenders`` for the timeline (``timeline_from``): each row an array in the
    order of the fields of ``_Facts`` and ``_Timeline``."""
    info = facts.info
    return {
        "service": [
            info.ref,
            info.name,
            info.neighbourhood,
            info.required_from.isoformat(),
            _iso(info.required_until),
        ],
        "runs": _spans(facts.runs),
        "sources": [
            [s.kind.value, s.ref, s.start.isoformat(), s.end.isoformat()]
            for s in facts.sources
        ],
        "half_starts": [d.isoformat() for d in facts.half_starts],
        "successors": [[*_tender(t), _iso(latest)] for t, latest in facts.successors],
        "holes": _spans(facts.holes.between),
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


def _tender(t: TenderPlan) -> list[Any]:
    return [
        t.ref,
        t.status,
        t.procedure_type,
        _iso(t.planned_start),
        t.funding_pending,
        t.planned_start_precision,
    ]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _spans(pairs: Sequence[tuple[date, date]]) -> list[list[str]]:
    return [[start.isoformat(), end.isoformat()] for start, end in pairs]


Span = tuple[date, date]
Plan = tuple[str, str, str | None, date | None, bool, str]
"""A ``TenderPlan``'s fields, in order."""


class _Facts(msgspec.Struct, gc=False):
    """A payload as the typed decoder reads it for a day: its timeline's fields
    (``parts``, ``tenders``) are skipped unread."""

    service: tuple[str, str, str, date, date | None]
    runs: tuple[Span, ...]
    sources: tuple[SourceSpan, ...]
    half_starts: tuple[date, ...]
    successors: tuple[
        tuple[str, str, str | None, date | None, bool, str, date | None], ...
    ]
    holes: tuple[Span, ...]
    after: date | None
    needed: tuple[date | None, date | None, bool]
    uncertain: tuple[tuple[date, date | None, tuple[str, ...]], ...]
    overlaps: tuple[tuple[str, str, date, date, int], ...]


class _Timeline(_Facts, gc=False):
    """A payload with its timeline's fields."""

    parts: tuple[tuple[int, str, date, date], ...]
    tenders: tuple[Plan, ...]


K = TypeVar("K", bound=_Facts)
_FACTS = msgspec.json.Decoder(list[_Facts])
_TIMELINES = msgspec.json.Decoder(list[_Timeline])


def facts_decoded(texts: Iterable[str]) -> list[ServiceFacts]:
    """The facts of each of the payloads ``texts`` (JSON, as kept), decoded in
    one call."""
    return [_facts(kept) for kept in _decoded(_FACTS, texts)]


def timelines_decoded(
    texts: Iterable[str],
) -> list[tuple[ServiceFacts, tuple[Coverage, ...], tuple[TenderPlan, ...]]]:
    """``facts_decoded`` with each service's timeline (``timeline_from``)."""
    return [(_facts(kept), *_timeline(kept)) for kept in _decoded(_TIMELINES, texts)]


def facts_from(payload: Mapping[str, Any]) -> ServiceFacts:
    """The facts ``payload_of`` wrote, from the payload as JSON-able data."""
    return _facts(msgspec.convert(payload, _Facts))


def timeline_from(
    payload: Mapping[str, Any],
) -> tuple[tuple[Coverage, ...], tuple[TenderPlan, ...]]:
    """The periods covering the service, by start, end and reference, and its
    tenders that do not cover it, as ``payload_of`` wrote them."""
    return _timeline(msgspec.convert(payload, _Timeline))


def _decoded(decoder: msgspec.json.Decoder[list[K]], texts: Iterable[str]) -> list[K]:
    try:
        return decoder.decode(f"[{','.join(texts)}]")
    except msgspec.DecodeError as error:
        # text that is no JSON, or JSON of another shape: what the typed decoder
        # checks, as it decodes
        raise KeptFactsError from error


def _facts(kept: _Facts) -> ServiceFacts:
    needed_from, needed_first, needed_now = kept.needed
    return ServiceFacts(
        ServiceInfo(*kept.service),
        kept.runs,
        kept.sources,
        kept.half_starts,
        tuple([(TenderPlan(*row[:6]), row[6]) for row in kept.successors])
        if kept.successors
        else (),
        Holes(kept.holes, kept.after),
        needed_from,
        needed_first,
        needed_now,
        tuple([Uncertain(*row) for row in kept.uncertain]) if kept.uncertain else (),
        tuple([Overlap(*row) for row in kept.overlaps]) if kept.overlaps else (),
    )


def _timeline(
    kept: _Timeline,
) -> tuple[tuple[Coverage, ...], tuple[TenderPlan, ...]]:
    sources = kept.sources
    listed = {at for at, *_ in kept.parts}
    coverage = [
        Coverage(s.kind, s.ref, DEFAULT_PART[s.kind], s.start, s.end)
        for at, s in enumerate(sources)
        if at not in listed
    ]
    coverage += [
        Coverage(sources[at].kind, sources[at].ref, part, start, end)
        for at, part, start, end in kept.parts
    ]
    coverage.sort(key=lambda c: (c.start, c.end, c.ref))
    return tuple(coverage), tuple([TenderPlan(*row) for row in kept.tenders])
