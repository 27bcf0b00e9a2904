"""A service's kept continuity facts: the rows that keep its ``ServiceFacts``
(``tracker.domain.continuity_facts``) and the JSON payload they are kept in.

A whole city's services are decoded on every reading of a day, so the payload is
the facts themselves as msgspec writes them (tuples as arrays, records as
objects), and a typed decoder reads them straight back into the domain's tuples
and records: days, kinds and rows come out built, with no pass of Python over
each value. The timeline's periods and tenders are decoded only for the
timeline.
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
    ServiceInfo,
    SourceKind,
    SourceSpan,
    TenderPlan,
)
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.uncertain import HalfKnown
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
    ``tenders`` for the timeline (``timeline_from``): the facts' tuples as
    arrays, their records (the service, its holes, tenders, uncertain days and
    overlaps) as objects, as the typed decoder reads them back."""
    return {
        "facts": _plain(facts),
        "parts": _parts(facts.sources, coverages),
        "tenders": _plain(tenders),
    }


def _plain(value: Any) -> Any:
    # lists and dicts, as every payload is made of and as JSON reads back (msgspec's
    # to_builtins keeps tuples): written and read by the C encoder and decoder
    return _PLAIN.decode(_WRITER.encode(value))


_WRITER, _PLAIN = msgspec.json.Encoder(), msgspec.json.Decoder()


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


class _Facts(msgspec.Struct, gc=False):
    """A payload as the typed decoder reads it for a day: its timeline's fields
    (``parts``, ``tenders``) are skipped unread."""

    facts: ServiceFacts


class _Timeline(_Facts, gc=False):
    """A payload with its timeline's fields."""

    parts: tuple[tuple[int, str, date, date], ...]
    tenders: tuple[TenderPlan, ...]


K = TypeVar("K", bound=_Facts)
_FACTS = msgspec.json.Decoder(list[_Facts])
_TIMELINES = msgspec.json.Decoder(list[_Timeline])


def facts_decoded(texts: Iterable[str]) -> list[ServiceFacts]:
    """The facts of each of the payloads ``texts`` (JSON, as kept), decoded in
    one call."""
    return [kept.facts for kept in _decoded(_FACTS, texts)]


def timelines_decoded(
    texts: Iterable[str],
) -> list[tuple[ServiceFacts, tuple[Coverage, ...], tuple[TenderPlan, ...]]]:
    """``facts_decoded`` with each service's timeline (``timeline_from``)."""
    return [(kept.facts, *_timeline(kept)) for kept in _decoded(_TIMELINES, texts)]


def facts_from(payload: Mapping[str, Any]) -> ServiceFacts:
    """The facts ``payload_of`` wrote, from the payload as JSON-able data."""
    return msgspec.convert(payload, _Facts).facts


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


def _timeline(
    kept: _Timeline,
) -> tuple[tuple[Coverage, ...], tuple[TenderPlan, ...]]:
    sources = kept.facts.sources
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
    return tuple(coverage), kept.tenders
