"""The rows the lifecycle engine reads, each kind in one query sorted for one pass.

Nothing here issues a query per record: continuity and alerts over 50,000 contracts
cost a handful of queries, the rest is a linear walk in ``tracker.domain``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sqlalchemy import exists, literal, select, union_all
from sqlmodel import Session

from tracker import models
from tracker.config import Settings
from tracker.domain.continuity import (
    Coverage,
    HalfKnown,
    ServiceContinuity,
    ServiceInfo,
    SourceKind,
    TenderPlan,
    assess,
)
from tracker.domain.kinds import FundingStatus, OptionState, TenderStatus

SOURCE_KINDS = {kind.value: kind for kind in SourceKind}
NOT_COVERING = (
    TenderStatus.PROPOSED.value,
    TenderStatus.PLANNED.value,
    TenderStatus.PUBLISHED.value,
    TenderStatus.AWARDED.value,
)


def coverage_rows(
    session: Session, service_ids: Collection[int] | None = None
) -> Iterator[tuple[int, Coverage]]:
    """(service id, period) of every period covering a service (of ``service_ids``
    only, when given), by service, start and reference."""
    c, cs, o, ih, ihs = (
        models.Contract.__table__,  # type: ignore[attr-defined]
        models.ContractService.__table__,  # type: ignore[attr-defined]
        models.ContractOption.__table__,  # type: ignore[attr-defined]
        models.InHousePeriod.__table__,  # type: ignore[attr-defined]
        models.InHouseService.__table__,  # type: ignore[attr-defined]
    )
    base = select(
        cs.c.service_id,
        literal(SourceKind.CONTRACT.value).label("kind"),
        c.c.ref,
        literal("base").label("part"),
        c.c.start,
        c.c.end,
    ).join(c, c.c.id == cs.c.contract_id)
    # a base known by one end covers nothing for sure: see half_known_rows
    base = base.where(c.c.start.is_not(None), c.c.end.is_not(None))
    options = (
        select(
            cs.c.service_id,
            literal(SourceKind.CONTRACT.value),
            c.c.ref,
            o.c.ref,
            o.c.start,
            o.c.end,
        )
        .join(c, c.c.id == o.c.contract_id)
        .join(cs, cs.c.contract_id == c.c.id)
        .where(
            o.c.state == OptionState.EXERCISED.value,
            o.c.start.is_not(None),
            o.c.end.is_not(None),
        )
    )
    in_house = select(
        ihs.c.service_id,
        literal(SourceKind.IN_HOUSE.value),
        ih.c.ref,
        literal("in_house"),
        ih.c.start,
        ih.c.end,
    ).join(ih, ih.c.id == ihs.c.in_house_id)
    if service_ids is not None:
        base = base.where(cs.c.service_id.in_(service_ids))
        options = options.where(cs.c.service_id.in_(service_ids))
        in_house = in_house.where(ihs.c.service_id.in_(service_ids))
    union = union_all(base, options, in_house).subquery()
    query = select(union).order_by(union.c[0], union.c[4], union.c[2])
    for service_id, kind, ref, part, start, end in session.execute(query):
        yield service_id, Coverage(SOURCE_KINDS[kind], ref, part, start, end)


def half_known_rows(
    session: Session, service_ids: Collection[int] | None = None
) -> dict[int, list[HalfKnown]]:
    """The contracts of each service (of ``service_ids`` only, when given) whose
    base period is known by one end only or by neither, by service id, each
    service's by reference."""
    c, cs = (
        models.Contract.__table__,  # type: ignore[attr-defined]
        models.ContractService.__table__,  # type: ignore[attr-defined]
    )
    query = (
        select(cs.c.service_id, c.c.ref, c.c.start, c.c.end, c.c.signed_on)
        .join(c, c.c.id == cs.c.contract_id)
        .where(c.c.start.is_(None) | c.c.end.is_(None))
        .order_by(cs.c.service_id, c.c.ref)
    )
    if service_ids is not None:
        query = query.where(cs.c.service_id.in_(service_ids))
    found: dict[int, list[HalfKnown]] = defaultdict(list)
    for service_id, ref, start, end, signed_on in session.execute(query):
        found[service_id].append(HalfKnown(ref, start, end, signed_on))
    return found


def tender_plans(
    session: Session, service_ids: Collection[int] | None = None
) -> dict[int, list[TenderPlan]]:
    """Tenders that do not cover their services (of ``service_ids`` only, when
    given), by service id, each service's by reference."""
    t, lot, ls, con, alloc = (
        models.Tender.__table__,  # type: ignore[attr-defined]
        models.Lot.__table__,  # type: ignore[attr-defined]
        models.LotService.__table__,  # type: ignore[attr-defined]
        models.Contract.__table__,  # type: ignore[attr-defined]
        models.FundingAllocation.__table__,  # type: ignore[attr-defined]
    )
    pending = (
        exists()
        .where(
            alloc.c.tender_id == t.c.id,
            alloc.c.status == FundingStatus.PENDING_CONFIRMATION.value,
        )
        .correlate(t)
    )
    has_contract = exists().where(con.c.lot_id == lot.c.id).correlate(lot)
    query = (
        select(
            ls.c.service_id,
            t.c.ref,
            t.c.status,
            t.c.procedure_type,
            t.c.planned_start,
            pending.label("pending"),
            t.c.planned_start_precision,
        )
        .join(lot, lot.c.id == ls.c.lot_id)
        .join(t, t.c.id == lot.c.tender_id)
        .where(t.c.status.in_(NOT_COVERING), ~has_contract)
        .order_by(ls.c.service_id, t.c.ref)
    )
    if service_ids is not None:
        query = query.where(ls.c.service_id.in_(service_ids))
    plans: dict[int, list[TenderPlan]] = defaultdict(list)
    for (
        service_id,
        ref,
        status,
        procedure,
        start,
        is_pending,
        precision,
    ) in session.execute(query):
        plans[service_id].append(
            TenderPlan(ref, status, procedure, start, bool(is_pending), precision)
        )
    return plans


@dataclass(frozen=True)
class ServiceKey:
    id: int
    info: ServiceInfo


def _services(
    session: Session, service_ids: Collection[int] | None = None
) -> list[ServiceKey]:
    """Every service (of ``service_ids`` only, when given), by id."""
    n = models.Neighbourhood.__table__  # type: ignore[attr-defined]
    s = models.Service.__table__  # type: ignore[attr-defined]
    query = (
        select(
            s.c.id, s.c.ref, s.c.name, n.c.name, s.c.required_from, s.c.required_until
        )
        .join(n, n.c.id == s.c.neighbourhood_id)
        .order_by(s.c.id)
    )
    if service_ids is not None:
        query = query.where(s.c.id.in_(service_ids))
    return [
        ServiceKey(
            sid, ServiceInfo(ref, name, neighbourhood, required_from, required_until)
        )
        for sid, ref, name, neighbourhood, required_from, required_until in session.execute(
            query
        )
    ]


def compute_continuity(
    session: Session, *, as_of: date, settings: Settings
) -> list[ServiceContinuity]:
    """Continuity of every service, ordered by service reference."""
    services = _services(session)
    plans = tender_plans(session)
    halves = half_known_rows(session)
    coverage_by_service: dict[int, list[Coverage]] = {}
    for service_id, rows in groupby(coverage_rows(session), key=lambda row: row[0]):
        coverage_by_service[service_id] = [coverage for _, coverage in rows]
    results = [
        assess(
            key.info,
            coverage_by_service.get(key.id, []),
            plans.get(key.id, []),
            as_of=as_of,
            lead_days_for=settings.lead_days_for,
            half_known=halves.get(key.id, ()),
        )
        for key in services
    ]
    return sorted(results, key=lambda r: r.service)


@dataclass(frozen=True)
class ServiceTimeline:
    """A service's continuity with every period that covers it, for drawing."""

    continuity: ServiceContinuity
    coverage: tuple[Coverage, ...]
    tenders: tuple[TenderPlan, ...]


def compute_timeline(
    session: Session, *, as_of: date, settings: Settings
) -> list[ServiceTimeline]:
    """Every service's continuity with its coverage periods and pending tenders,
    ordered by neighbourhood, then service reference."""
    services = _services(session)
    plans = tender_plans(session)
    halves = half_known_rows(session)
    coverage_by_service: dict[int, list[Coverage]] = {}
    for service_id, rows in groupby(coverage_rows(session), key=lambda row: row[0]):
        coverage_by_service[service_id] = [coverage for _, coverage in rows]
    results: list[ServiceTimeline] = []
    for key in services:
        coverage = coverage_by_service.get(key.id, [])
        tenders = plans.get(key.id, [])
        continuity = assess(
            key.info,
            coverage,
            tenders,
            as_of=as_of,
            lead_days_for=settings.lead_days_for,
            half_known=halves.get(key.id, ()),
        )
        results.append(
            ServiceTimeline(
                continuity,
                tuple(sorted(coverage, key=lambda c: (c.start, c.end, c.ref))),
                tuple(tenders),
            )
        )
    return sorted(
        results, key=lambda r: (r.continuity.neighbourhood, r.continuity.service)
    )


def coverage_of(
    session: Session, service_refs: Sequence[str] | None
) -> dict[str, list[Coverage]]:
    """The coverage periods of some services (of every one with None), by service
    reference."""
    s = models.Service.__table__  # type: ignore[attr-defined]
    query = select(s.c.id, s.c.ref)
    if service_refs is not None:
        query = query.where(s.c.ref.in_(service_refs))
    ids = dict(session.execute(query).all())
    refs = ids.values() if service_refs is None else service_refs
    result: dict[str, list[Coverage]] = {ref: [] for ref in refs}
    wanted = None if service_refs is None else list(ids)
    for service_id, coverage in coverage_rows(session, wanted):
        result[ids[service_id]].append(coverage)
    return result


def half_known_of(session: Session) -> dict[str, list[HalfKnown]]:
    """The contracts known by one end only of every service that has some, by
    service reference."""
    s = models.Service.__table__  # type: ignore[attr-defined]
    refs = dict(session.execute(select(s.c.id, s.c.ref)).all())
    return {
        refs[service_id]: halves
        for service_id, halves in half_known_rows(session).items()
    }
