"""Services with their neighbourhood and site, their continuity, and what covers them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Select,
    select,
)
from sqlmodel import Session

from tracker import models
from tracker.config import Settings
from tracker.domain.continuity import (
    STATUS_ORDER,
    ContinuityStatus,
    ServiceContinuity,
    ServiceInfo,
    SourceKind,
    assess,
)
from tracker.errors import NotFoundError
from tracker.queries.contracts import (
    contract_rows,
)
from tracker.queries.deadlines import (
    DeadlineListRow,
    record_deadlines,
)
from tracker.queries.engine import (
    compute_continuity,
    coverage_rows,
    half_known_rows,
    tender_plans,
)
from tracker.queries.paging import (
    MAX_PAGE,
    BrowseQuery,
    ListShape,
    Page,
    dated,
    held_page,
)
from tracker.queries.records import (
    RecordContext,
    list_history_for,
    list_notes_for,
)
from tracker.queries.rows import (
    ChangeRow,
    ContractRow,
    NoteRow,
    ServiceRow,
    TenderRow,
)
from tracker.queries.tables import (
    refs_of,
    table_of,
)
from tracker.queries.tenders import tender_rows

SERVICES = ListShape(
    "services",
    ("status", "ref", "name", "neighbourhood", "covered_until", "act_by"),
    tuple(s.value for s in ContinuityStatus),
)


def _service_query() -> Select[Any]:
    s, n = table_of(models.Service), table_of(models.Neighbourhood)
    site = table_of(models.Site)
    return (
        select(
            s,
            n.c.ref.label("neighbourhood_ref"),
            n.c.name.label("neighbourhood_name"),
            site.c.ref.label("site_ref"),
            site.c.address,
        )
        .join(n, n.c.id == s.c.neighbourhood_id)
        .outerjoin(site, site.c.id == s.c.site_id)
        .order_by(s.c.ref)
    )


def _service_rows(session: Session, rows: Sequence[Any]) -> list[ServiceRow]:
    programmes = refs_of(
        session, table_of(models.Programme), (r.programme_id for r in rows)
    )
    return [
        ServiceRow(
            ref=row.ref,
            name=row.name,
            neighbourhood=row.neighbourhood_ref,
            neighbourhood_name=row.neighbourhood_name,
            site=row.site_ref,
            address=row.address,
            programme=programmes.get(row.programme_id),
            required_from=row.required_from,
            required_from_precision=row.required_from_precision,
            required_until=row.required_until,
            required_until_precision=row.required_until_precision,
            note=row.note,
        )
        for row in rows
    ]


def service_rows(session: Session, *, refs: Collection[str]) -> list[ServiceRow]:
    """The services named by ``refs``, by ref, with their neighbourhood, site and
    programme."""
    s = table_of(models.Service)
    query = _service_query().where(s.c.ref.in_(refs))
    return _service_rows(session, list(session.execute(query)))


def service_pages(
    session: Session, *, size: int = MAX_PAGE
) -> Iterator[tuple[ServiceRow, ...]]:
    """Every service by ref, a page at a time (what ``list services`` shows)."""
    offset = 0
    while True:
        rows = list(session.execute(_service_query().offset(offset).limit(size)))
        if rows:
            yield tuple(_service_rows(session, rows))
        if len(rows) < size:
            return
        offset += size


@dataclass(frozen=True)
class ServiceListRow:
    ref: str
    name: str
    neighbourhood: str
    status: str
    covered_until: date | None
    act_by: date | None
    """The last day to start the successor procedure (None when none is needed)."""
    gap_since: date | None
    current: str | None
    successor: str | None
    next_tender: str | None
    next_tender_status: str | None


STATUS_URGENCY = STATUS_ORDER


def _service_row(s: ServiceContinuity) -> ServiceListRow:
    gap = s.open_gap
    return ServiceListRow(
        ref=s.service,
        name=s.name,
        neighbourhood=s.neighbourhood,
        status=s.status.value,
        covered_until=s.covered_until,
        act_by=s.act_by,
        gap_since=None if gap is None else gap.start,
        current=None if s.current is None else s.current.ref,
        successor=None if s.successor is None else s.successor.ref,
        next_tender=None if s.next_tender is None else s.next_tender.ref,
        next_tender_status=None if s.next_tender is None else s.next_tender.status,
    )


@dataclass(frozen=True)
class ServiceBrowser:
    """Every service's continuity on one day, to page through."""

    as_of: date
    rows: tuple[ServiceListRow, ...]

    def page(self, query: BrowseQuery) -> Page[ServiceListRow]:
        """A page of services; the search looks at ref, name and neighbourhood and at
        the contracts and tenders named in the row."""
        down = query.descending
        keys: dict[str, Callable[[ServiceListRow], Any]] = {
            "status": lambda r: (
                STATUS_URGENCY[r.status],
                dated(r.covered_until, down),
            ),
            "ref": lambda r: r.ref,
            "name": lambda r: r.name.casefold(),
            "neighbourhood": lambda r: r.neighbourhood.casefold(),
            "covered_until": lambda r: dated(r.covered_until, down),
            "act_by": lambda r: dated(r.act_by, down),
        }
        return held_page(
            self.rows,
            query,
            SERVICES,
            lambda r: (r.ref, r.name, r.neighbourhood, r.current, r.next_tender),
            keys,
        )


def service_browser(
    session: Session, *, as_of: date, settings: Settings
) -> ServiceBrowser:
    """Continuity of every service as of a day, ready to page."""
    rows = [
        _service_row(s)
        for s in compute_continuity(session, as_of=as_of, settings=settings)
    ]
    return ServiceBrowser(as_of, tuple(sorted(rows, key=lambda r: r.ref)))


@dataclass(frozen=True)
class PeriodRow:
    """A contract or in-house period that covers a service."""

    kind: str
    ref: str
    title: str
    start: date | None
    """None: not stated."""
    start_precision: str
    end: date | None
    """The end of the base period and exercised options (the covered end); None
    when no end is stated."""
    end_precision: str
    supplier: str | None
    gross: Decimal | None


@dataclass(frozen=True)
class ServiceTenderRow:
    """A tender with a lot for the service."""

    ref: str
    lot: str
    title: str
    status: str
    procedure_type: str | None
    planned_start: date | None
    planned_start_precision: str
    contracts: tuple[str, ...]


@dataclass(frozen=True)
class ServiceView:
    """A service with its continuity as of a day and what covers it."""

    service: ServiceRow
    continuity: ServiceContinuity
    periods: tuple[PeriodRow, ...]
    tenders: tuple[ServiceTenderRow, ...]
    deadlines: tuple[DeadlineListRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def _service_periods(
    session: Session, service_id: int, contracts: Sequence[ContractRow]
) -> tuple[PeriodRow, ...]:
    """The contracts and in-house periods covering a service, oldest first."""
    ih, ihs = table_of(models.InHousePeriod), table_of(models.InHouseService)
    periods = [
        PeriodRow(
            kind=SourceKind.CONTRACT.value,
            ref=x.ref,
            title=x.title,
            start=x.start,
            start_precision=x.start_precision,
            end=x.covered_until,
            end_precision=x.end_precision if x.covered_until == x.end else "day",
            supplier=None if x.supplier is None else x.supplier.name,
            gross=None
            if x.total_base_and_exercised is None
            else x.total_base_and_exercised.gross,
        )
        for x in contracts
    ]
    for period in session.execute(
        select(ih)
        .join(ihs, ihs.c.in_house_id == ih.c.id)
        .where(ihs.c.service_id == service_id)
    ):
        periods.append(
            PeriodRow(
                kind=SourceKind.IN_HOUSE.value,
                ref=period.ref,
                title=period.title,
                start=period.start,
                start_precision=period.start_precision,
                end=period.end,
                end_precision=period.end_precision,
                supplier=None,
                gross=None,
            )
        )
    # a period with an unknown start sorts by its end; an unknown end comes last
    periods.sort(
        key=lambda p: (
            p.start or p.end or date.max,
            p.end or date.max,
            p.ref,
        )
    )
    return tuple(periods)


def _service_tenders(
    session: Session, service_id: int
) -> tuple[list[TenderRow], tuple[ServiceTenderRow, ...]]:
    """The tenders with a lot for a service, and their lines, by planned start."""
    lot, ls, t = (
        table_of(models.Lot),
        table_of(models.LotService),
        table_of(models.Tender),
    )
    lots = list(
        session.execute(
            select(lot.c.ref.label("lot_ref"), t.c.ref.label("tender_ref"))
            .join(ls, ls.c.lot_id == lot.c.id)
            .join(t, t.c.id == lot.c.tender_id)
            .where(ls.c.service_id == service_id)
        )
    )
    tenders = tender_rows(session, refs={x.tender_ref for x in lots})
    lot_of = {x.tender_ref: x.lot_ref for x in lots}
    lines = [
        ServiceTenderRow(
            ref=x.ref,
            lot=lot_of[x.ref],
            title=x.title,
            status=x.status,
            procedure_type=x.procedure_type,
            planned_start=x.planned_start,
            planned_start_precision=x.planned_start_precision,
            contracts=next(
                (
                    lot_row.contracts
                    for lot_row in x.lots
                    if lot_row.ref == lot_of[x.ref]
                ),
                (),
            ),
        )
        for x in tenders
    ]
    lines.sort(
        key=lambda x: (x.planned_start is None, x.planned_start or date.min, x.ref)
    )
    return tenders, tuple(lines)


def service_view(session: Session, ref: str, context: RecordContext) -> ServiceView:
    """The service ``ref`` with its continuity as of the context's day."""
    s, cs, c = (
        table_of(models.Service),
        table_of(models.ContractService),
        table_of(models.Contract),
    )
    row = session.execute(_service_query().where(s.c.ref == ref)).first()
    if row is None:
        raise NotFoundError("service", ref)
    [service] = _service_rows(session, [row])
    continuity = assess(
        ServiceInfo(
            row.ref,
            row.name,
            row.neighbourhood_name,
            row.required_from,
            row.required_until,
        ),
        [coverage for _, coverage in coverage_rows(session, [row.id])],
        tender_plans(session, [row.id]).get(row.id, []),
        as_of=context.as_of,
        lead_days_for=context.settings.lead_days_for,
        half_known=half_known_rows(session, [row.id]).get(row.id, ()),
    )
    contract_refs = list(
        session.execute(
            select(c.c.ref)
            .join(cs, cs.c.contract_id == c.c.id)
            .where(cs.c.service_id == row.id)
        ).scalars()
    )
    contracts = contract_rows(session, refs=contract_refs)
    tenders, tender_lines = _service_tenders(session, row.id)
    return ServiceView(
        service=service,
        continuity=continuity,
        periods=_service_periods(session, row.id, contracts),
        tenders=tender_lines,
        deadlines=record_deadlines(
            session,
            context,
            subjects=[ref, *contract_refs, *(x.ref for x in tenders)],
            contracts=contracts,
            tenders=tenders,
        ),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )
