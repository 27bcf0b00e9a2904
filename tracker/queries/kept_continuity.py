"""The kept continuity facts: one per service, built from the rows the engine
reads, and the continuity of a day read back from them.

A service's fact (``tracker.domain.continuity_facts``) holds everything its
continuity on any day follows from; reading a day decodes the facts and
evaluates them with the settings' lead times, without touching the records.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from itertools import groupby
from typing import Any

from sqlmodel import Session

from tracker.config import Settings
from tracker.domain.continuity import ServiceContinuity, assess_on
from tracker.domain.continuity_facts import (
    facts_from,
    may_raise,
    service_fact,
    timeline_from,
)
from tracker.domain.coverage import Coverage
from tracker.domain.kept import Fact, ScopeKind
from tracker.queries.engine import (
    ServiceTimeline,
    _services,
    coverage_rows,
    half_known_rows,
    tender_plans,
)

CHUNK = 1000
"""Services read per query when some are asked for: within every backend's limit
on the values one query may list."""


def build(
    session: Session, scope: ScopeKind, ids: Collection[int] | None
) -> list[Fact]:
    """The continuity fact of each service of ``ids`` (of every one with None);
    nothing for any other scope kind."""
    if scope is not ScopeKind.SERVICE:
        return []
    if ids is None:
        return _build(session, None)
    wanted = sorted(ids)
    return [
        fact
        for at in range(0, len(wanted), CHUNK)
        for fact in _build(session, wanted[at : at + CHUNK])
    ]


def _build(session: Session, ids: list[int] | None) -> list[Fact]:
    services = _services(session, ids)
    plans = tender_plans(session, ids)
    halves = half_known_rows(session, ids)
    coverage: dict[int, list[Coverage]] = {}
    for service_id, rows in groupby(coverage_rows(session, ids), key=lambda r: r[0]):
        coverage[service_id] = [c for _, c in rows]
    return [
        service_fact(
            key.id,
            key.info,
            coverage.get(key.id, []),
            plans.get(key.id, []),
            halves.get(key.id, ()),
        )
        for key in services
    ]


def continuity_of(
    payloads: Iterable[Mapping[str, Any]], *, as_of: date, settings: Settings
) -> list[ServiceContinuity]:
    """The continuity on ``as_of`` of the services whose fact payloads are given,
    ordered by service reference."""
    lead_days_for = settings.lead_days_for
    results = [assess_on(facts_from(p), as_of, lead_days_for) for p in payloads]
    results.sort(key=lambda r: r.service)
    return results


def timeline_of(
    payloads: Iterable[Mapping[str, Any]], *, as_of: date, settings: Settings
) -> list[ServiceTimeline]:
    """Each service's continuity on ``as_of`` with its coverage periods and
    pending tenders, ordered by neighbourhood, then service reference."""
    results: list[ServiceTimeline] = []
    for payload in payloads:
        continuity = assess_on(facts_from(payload), as_of, settings.lead_days_for)
        results.append(ServiceTimeline(continuity, *timeline_from(payload)))
    results.sort(key=lambda r: (r.continuity.neighbourhood, r.continuity.service))
    return results


def longest_lead(settings: Settings) -> int:
    """The longest lead time any procedure type takes with these settings."""
    return max(settings.lead_days_for(None), *settings.lead_days.values())


def raising_on(
    facts: Iterable[Fact], *, as_of: date, within: int, settings: Settings
) -> list[Fact]:
    """The facts of services that may raise a continuity finding on ``as_of``
    with a horizon of ``within`` days (what an indexed query on the bounds
    selects)."""
    lead = longest_lead(settings)
    return [
        f
        for f in facts
        if may_raise(
            f.day_from, f.day_until, as_of=as_of, within=within, longest_lead=lead
        )
    ]
