"""Funding sources and their allocations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    select,
)
from sqlmodel import Session

from tracker import models
from tracker.domain.kinds import (
    FundingKind,
    FundingStatus,
)
from tracker.domain.money import (
    from_cents,
)
from tracker.errors import NotFoundError
from tracker.queries.deadlines import (
    DeadlineListRow,
    record_deadlines,
)
from tracker.queries.paging import (
    MAX_PAGE,
    BrowseQuery,
    ListShape,
    Page,
    checked_sort,
    matching,
    search_terms,
    sorted_page,
)
from tracker.queries.records import (
    RecordContext,
    list_history_for,
    list_notes_for,
)
from tracker.queries.rows import (
    AllocationRow,
    ChangeRow,
    NoteRow,
)
from tracker.queries.tables import (
    refs_of,
    row_by_ref,
    table_of,
)

FUNDING = ListShape(
    "funding",
    ("ref", "name", "kind", "funder", "eligible_until", "allocated", "pending"),
    tuple(k.value for k in FundingKind),
)


def allocation_rows(
    session: Session, where: ColumnElement[bool]
) -> list[AllocationRow]:
    """Allocations matching a condition on the allocation table, by ref."""
    a, fs = table_of(models.FundingAllocation), table_of(models.FundingSource)
    rows = list(
        session.execute(
            select(
                a,
                fs.c.ref.label("source_ref"),
                fs.c.name.label("source_name"),
                fs.c.eligible_until,
                fs.c.paid_by,
            )
            .join(fs, fs.c.id == a.c.source_id)
            .where(where)
            .order_by(a.c.ref)
        )
    )
    tenders = refs_of(session, table_of(models.Tender), (r.tender_id for r in rows))
    contracts = refs_of(
        session, table_of(models.Contract), (r.contract_id for r in rows)
    )
    return [
        AllocationRow(
            ref=row.ref,
            source=row.source_ref,
            source_name=row.source_name,
            funds=tenders[row.tender_id]
            if row.tender_id is not None
            else contracts[row.contract_id],
            amount=None if row.amount_cents is None else from_cents(row.amount_cents),
            status=row.status,
            eligible_until=row.eligible_until,
            note=row.note,
            paid_by=row.paid_by,
        )
        for row in rows
    ]


def allocation_pages(
    session: Session, *, size: int = MAX_PAGE
) -> Iterator[tuple[AllocationRow, ...]]:
    """Every allocation by ref, a page at a time (keyset on the ref, so that each
    page is one indexed query however far in it is)."""
    a = table_of(models.FundingAllocation)
    last: str | None = None
    while True:
        query = select(a.c.ref).order_by(a.c.ref).limit(size)
        if last is not None:
            query = query.where(a.c.ref > last)
        refs = list(session.scalars(query))
        if refs:
            yield tuple(allocation_rows(session, a.c.ref.in_(refs)))
        if len(refs) < size:
            return
        last = refs[-1]


@dataclass(frozen=True)
class FundingListRow:
    ref: str
    name: str
    kind: str
    funder: str | None
    eligible_from: date | None
    eligible_until: date | None
    allocations: int
    allocated: Decimal
    """The sum of the allocations whose amount is stated."""
    unstated: int
    """Allocations whose amount is not stated (not in ``allocated``)."""
    pending: Decimal
    """The sum of the allocations pending confirmation whose amount is stated."""
    pending_count: int
    pending_unstated: int
    confirmed: Decimal
    paid_by: date | None = None
    """The day by which the source's money must be paid out (POR FSE: 31/12/2023)."""
    note: str | None = None


def _allocation_sums() -> Any:
    """Each source's allocations summed by status, as a subquery by source id."""
    a = table_of(models.FundingAllocation)
    pending = a.c.status == FundingStatus.PENDING_CONFIRMATION.value
    unstated = a.c.amount_cents.is_(None)
    cents = func.coalesce(a.c.amount_cents, 0)
    return (
        select(
            a.c.source_id,
            func.count().label("n"),
            func.sum(cents).label("allocated"),
            func.sum(case((unstated, 1), else_=0)).label("unstated"),
            func.sum(case((pending, cents), else_=0)).label("pending"),
            func.sum(case((pending, 1), else_=0)).label("pending_count"),
            func.sum(case((and_(pending, unstated), 1), else_=0)).label(
                "pending_unstated"
            ),
            func.sum(
                case((a.c.status == FundingStatus.CONFIRMED.value, cents), else_=0)
            ).label("confirmed"),
        )
        .group_by(a.c.source_id)
        .subquery()
    )


def browse_funding(session: Session, query: BrowseQuery) -> Page[FundingListRow]:
    """A page of funding sources with their allocations' totals by status; the search
    looks at ref, name and funder; the filter is the kind of source."""
    sort = checked_sort(FUNDING, query)
    fs = table_of(models.FundingSource)
    sums = _allocation_sums()
    conditions: list[ColumnElement[bool]] = [
        matching([fs.c.ref, fs.c.name, fs.c.funder], [word])
        for word in search_terms(query.search)
    ]
    if query.status is not None:
        conditions.append(fs.c.kind == query.status)
    allocated = func.coalesce(sums.c.allocated, 0)
    pending_sum = func.coalesce(sums.c.pending, 0)
    page = (
        select(
            fs,
            func.coalesce(sums.c.n, 0).label("allocations"),
            allocated.label("allocated"),
            func.coalesce(sums.c.unstated, 0).label("unstated"),
            pending_sum.label("pending"),
            func.coalesce(sums.c.pending_count, 0).label("pending_count"),
            func.coalesce(sums.c.pending_unstated, 0).label("pending_unstated"),
            func.coalesce(sums.c.confirmed, 0).label("confirmed"),
        )
        .outerjoin(sums, sums.c.source_id == fs.c.id)
        .where(*conditions)
    )
    keys: dict[str, Any] = {
        "ref": fs.c.ref,
        "name": fs.c.name,
        "kind": fs.c.kind,
        "funder": fs.c.funder,
        "eligible_until": fs.c.eligible_until,
        "allocated": allocated,
        "pending": pending_sum,
    }
    rows, total = sorted_page(
        session,
        page,
        key=keys[sort],
        ref=fs.c.ref,
        whole=(fs, conditions),
        browse=query,
    )
    return Page(
        tuple(
            FundingListRow(
                ref=row.ref,
                name=row.name,
                kind=row.kind,
                funder=row.funder,
                eligible_from=row.eligible_from,
                eligible_until=row.eligible_until,
                allocations=int(row.allocations),
                allocated=from_cents(int(row.allocated)),
                unstated=int(row.unstated),
                pending=from_cents(int(row.pending)),
                pending_count=int(row.pending_count),
                pending_unstated=int(row.pending_unstated),
                confirmed=from_cents(int(row.confirmed)),
                paid_by=row.paid_by,
                note=row.note,
            )
            for row in rows
        ),
        total,
        query.offset,
        sort,
    )


@dataclass(frozen=True)
class StatusTotal:
    """Allocations of one status: how many, the sum of the stated amounts, and how
    many have no amount stated."""

    status: str
    count: int
    amount: Decimal
    unstated: int


@dataclass(frozen=True)
class FundingSourceView:
    ref: str
    name: str
    kind: str
    funder: str | None
    eligible_from: date | None
    eligible_until: date | None
    note: str | None
    allocations: tuple[AllocationRow, ...]
    totals: tuple[StatusTotal, ...]
    deadlines: tuple[DeadlineListRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]
    paid_by: date | None = None
    """Spending must be paid by this day to count (POR FSE: 31/12/2023)."""


def funding_source_view(
    session: Session, ref: str, context: RecordContext
) -> FundingSourceView:
    """The funding source ``ref`` with its allocations and totals by status."""
    fs, a = table_of(models.FundingSource), table_of(models.FundingAllocation)
    row = row_by_ref(session, fs, ref, "funding source")
    allocations = allocation_rows(session, a.c.source_id == row.id)
    totals = [
        StatusTotal(
            status=status.value,
            count=sum(1 for x in allocations if x.status == status),
            amount=sum(
                (x.amount for x in allocations if x.status == status and x.amount),
                Decimal("0.00"),
            ),
            unstated=sum(
                1 for x in allocations if x.status == status and x.amount is None
            ),
        )
        for status in FundingStatus
    ]
    return FundingSourceView(
        ref=row.ref,
        name=row.name,
        kind=row.kind,
        funder=row.funder,
        eligible_from=row.eligible_from,
        eligible_until=row.eligible_until,
        note=row.note,
        allocations=tuple(allocations),
        totals=tuple(t for t in totals if t.count),
        deadlines=record_deadlines(
            session, context, subjects=[ref], allocations=allocations
        ),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
        paid_by=row.paid_by,
    )


@dataclass(frozen=True)
class AllocationView:
    allocation: AllocationRow
    funds_kind: str
    """``tender`` or ``contract``."""
    funds_title: str
    source_kind: str
    funder: str | None
    eligible_from: date | None
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def allocation_view(session: Session, ref: str) -> AllocationView:
    """The allocation ``ref`` with what it funds and from which source."""
    a, fs = table_of(models.FundingAllocation), table_of(models.FundingSource)
    t, c = table_of(models.Tender), table_of(models.Contract)
    rows = allocation_rows(session, a.c.ref == ref)
    if not rows:
        raise NotFoundError("allocation", ref)
    [allocation] = rows
    source = session.execute(select(fs).where(fs.c.ref == allocation.source)).one()
    tender_title = session.execute(
        select(t.c.title).where(t.c.ref == allocation.funds)
    ).scalar()
    if tender_title is not None:
        kind, title = "tender", str(tender_title)
    else:
        kind = "contract"
        title = str(
            session.execute(
                select(c.c.title).where(c.c.ref == allocation.funds)
            ).scalar_one()
        )
    return AllocationView(
        allocation=allocation,
        funds_kind=kind,
        funds_title=title,
        source_kind=source.kind,
        funder=source.funder,
        eligible_from=source.eligible_from,
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )
