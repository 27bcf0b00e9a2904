"""The continuity of a day, read from the kept continuity facts.

Each service's fact holds everything its continuity on any day follows from
(``tracker.domain.continuity_kept``); reading a day decodes the facts and
evaluates them with the settings' lead times, without touching the records. The
findings of a day read only the services with a stretch of days that may raise
one on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import Any

from sqlalchemy import or_, select, true, union
from sqlmodel import Session

from tracker.config import Settings
from tracker.domain.alerts import Finding
from tracker.domain.continuity import ServiceContinuity, assess_on
from tracker.domain.continuity_kept import facts_decoded, is_stretch, timelines_decoded
from tracker.domain.findings import continuity_findings
from tracker.domain.kept import FamilyName, ScopeKind
from tracker.kept.store import FACT, Window, canonical, facts_current, read_facts
from tracker.queries.engine import ServiceTimeline

Payloads = Session | Iterable[Mapping[str, Any]]
"""The kept facts of a database, or the payloads of some services' facts."""

Batches = Iterable[Sequence[str]]
"""Payloads as kept (JSON texts), a batch at a time."""


def continuity_on(
    source: Payloads, *, as_of: date, settings: Settings
) -> list[ServiceContinuity]:
    """The continuity on ``as_of`` of every service (of those whose payloads are
    given), ordered by service reference."""
    return _assessed(_batches(source), as_of, settings)


def _assessed(
    batches: Batches, as_of: date, settings: Settings
) -> list[ServiceContinuity]:
    lead_days_for = settings.lead_days_for
    results = [
        assess_on(facts, as_of, lead_days_for)
        for batch in batches
        for facts in facts_decoded(batch)
    ]
    results.sort(key=attrgetter("service"))
    return results


def timeline_on(
    source: Payloads, *, as_of: date, settings: Settings
) -> list[ServiceTimeline]:
    """Every service's continuity on ``as_of`` with its coverage periods and
    pending tenders, ordered by neighbourhood, then service reference."""
    lead_days_for = settings.lead_days_for
    results = [
        ServiceTimeline(assess_on(facts, as_of, lead_days_for), coverage, tenders)
        for batch in _batches(source)
        for facts, coverage, tenders in timelines_decoded(batch)
    ]
    results.sort(key=lambda r: (r.continuity.neighbourhood, r.continuity.service))
    return results


def raising_on(
    session: Session, *, as_of: date, within: int, settings: Settings
) -> list[ServiceContinuity]:
    """The continuity on ``as_of`` of the services that may raise a continuity
    finding with a horizon of ``within`` days, ordered by service reference:
    the others are not read."""
    return _assessed(
        _batches(session, _raising(as_of, within, settings)), as_of, settings
    )


def continuity_findings_on(
    session: Session, *, as_of: date, within: int, settings: Settings
) -> list[Finding]:
    """The continuity findings of ``as_of`` with a horizon of ``within`` days,
    by service reference."""
    found = [
        finding
        for batch in findings_by_batch(
            session, as_of=as_of, within=within, settings=settings
        )
        for finding in batch
    ]
    # stable: each service's findings stay in the order its rules give them
    found.sort(key=attrgetter("ref"))
    return found


def findings_by_batch(
    session: Session, *, as_of: date, within: int, settings: Settings
) -> Iterator[list[Finding]]:
    """``continuity_findings_on``, a batch of services at a time as they are
    read, in no order of the services: a caller that words each batch at once
    holds a city's findings, their services' continuity and decoded facts a
    batch at a time rather than all at once (at 50,000 contracts, a tenth of
    the time of ``alerts``' continuity goes to memory first touched)."""
    lead_days_for = settings.lead_days_for
    for batch in _batches(session, _raising(as_of, within, settings)):
        assessed = [
            assess_on(facts, as_of, lead_days_for) for facts in facts_decoded(batch)
        ]
        yield continuity_findings(assessed, as_of, within=within)


def _raising(as_of: date, within: int, settings: Settings) -> Window:
    """The days a service's stretch must meet to raise a continuity finding on
    ``as_of`` with a horizon of ``within`` days."""
    return Window(as_of, as_of + timedelta(days=within + longest_lead(settings)))


def longest_lead(settings: Settings) -> int:
    """The longest lead time any procedure type takes with these settings: a
    service's first day to act is kept as if its successor's procedure took none
    (``tracker.domain.continuity_facts.finding_stretches``)."""
    return max(settings.lead_days_for(None), *settings.lead_days.values())


def _batches(source: Payloads, window: Window | None = None) -> Batches:
    """The payload of each service (of those with a stretch of days meeting
    ``window``), once, as kept: a city's services are read and decoded a batch
    at a time as they come, never held all at once."""
    if not isinstance(source, Session):
        return _batched(map(canonical, source))
    if not facts_current(source):
        return _batched(_built_payloads(source, window))
    query = select(FACT.c.payload).where(
        FACT.c.family == str(FamilyName.CONTINUITY), FACT.c.payload != NO_PAYLOAD
    )
    if window is not None:
        query = query.where(
            FACT.c.scope == str(ScopeKind.SERVICE),
            FACT.c.scope_id.in_(_meeting(window)),
        )
    else:
        # every service, in the order a whole build wrote their facts
        # (``tracker.kept.store.fact_order``), which the index by first day
        # follows: a page after the next, rather than back and forth between
        # pages for each, as the index by last day would take them
        query = query.order_by(FACT.c.day_from)
    return source.connection().execute(query).scalars().partitions(BATCH)


def _batched(texts: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


BATCH = 64
"""Payloads decoded by one call of the typed decoder: a call per payload costs a
tenth more, all of a city's at once would hold them all."""


NO_PAYLOAD = canonical({})
"""The payload of a fact that only bounds a further stretch of a service's days
(``tracker.domain.continuity_kept.is_stretch``)."""


def _meeting(window: Window) -> Any:
    """The services with a stretch of days meeting ``window``: a range of the
    index on (family, day_until, day_from) for the stretches that end, another for
    those that do not (an ``OR`` of the two would scan the family)."""
    family = FACT.c.family == str(FamilyName.CONTINUITY)
    begun = (
        true()
        if window.last is None
        else or_(FACT.c.day_from.is_(None), FACT.c.day_from <= window.last)
    )
    if window.first is None:
        return select(FACT.c.scope_id).where(family, begun)
    return union(
        select(FACT.c.scope_id).where(family, FACT.c.day_until >= window.first, begun),
        select(FACT.c.scope_id).where(family, FACT.c.day_until.is_(None), begun),
    )


def _built_payloads(session: Session, window: Window | None) -> Iterator[str]:
    """``_payloads`` of a database whose facts are not built (``read_facts``)."""
    family = FamilyName.CONTINUITY
    facts = read_facts(session, family, window=window)
    if window is not None:
        meeting = {fact.scope_id for fact in facts}
        facts = read_facts(session, family, scope=ScopeKind.SERVICE, ids=meeting)
    return (canonical(f.payload) for f in facts if not is_stretch(f.payload))
