"""Tenders with their lots and the contracts awarded on them: one reader for the
CLI, the app and the dossier, a page or a few records at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlmodel import Session

from tracker import models
from tracker.domain.contracts import contract_state
from tracker.domain.kinds import TenderStatus
from tracker.queries.contracts import contract_rows
from tracker.queries.deadlines import (
    DeadlineListRow,
    list_deadlines_for,
    record_deadlines,
)
from tracker.queries.funding import allocation_rows
from tracker.queries.paging import (
    BrowseQuery,
    ListShape,
    Page,
    checked_sort,
    gross_hundredths,
    matching,
    search_terms,
    sorted_page,
)
from tracker.queries.records import (
    RecordContext,
    found_kind,
    get_act,
    list_history_for,
    list_notes_for,
)
from tracker.queries.rows import (
    AmountRow,
    BuyerRow,
    LotRow,
    TenderDetail,
    TenderRow,
    amount_row,
)
from tracker.queries.tables import grouped_refs, in_order, lot_order, refs_of, table_of

TENDERS = ListShape(
    "tenders",
    (
        "ref",
        "title",
        "procedure",
        "status",
        "lots",
        "estimate",
        "planned_start",
        "award",
    ),
    tuple(s.value for s in TenderStatus),
)


def _lots_by_tender(
    session: Session, tender_ids: Collection[int]
) -> dict[int, list[LotRow]]:
    """The lots of some tenders, by number, with their services and contracts."""
    lot, c = table_of(models.Lot), table_of(models.Contract)
    ls, s = table_of(models.LotService), table_of(models.Service)
    lots = list(
        session.execute(
            select(lot)
            .where(lot.c.tender_id.in_(tender_ids))
            .order_by(lot.c.tender_id, *lot_order(lot))
        )
    )
    lot_ids = [row.id for row in lots]
    lot_services = grouped_refs(
        session.execute(
            select(ls.c.lot_id, s.c.ref)
            .join(s, s.c.id == ls.c.service_id)
            .where(ls.c.lot_id.in_(lot_ids))
        )
    )
    lot_contracts = grouped_refs(
        session.execute(select(c.c.lot_id, c.c.ref).where(c.c.lot_id.in_(lot_ids)))
    )
    by_tender: dict[int, list[LotRow]] = defaultdict(list)
    for row in lots:
        by_tender[row.tender_id].append(
            LotRow(
                ref=row.ref,
                number=row.number,
                title=row.title,
                cig=row.cig,
                value=amount_row(row.value_cents, row.value_basis, row.value_vat_rate),
                services=lot_services.get(row.id, ()),
                contracts=lot_contracts.get(row.id, ()),
                note=row.note,
                cups=tuple((row.cups or "").split()),
            )
        )
    return by_tender


def _buyers(session: Session, ids: Collection[int | None]) -> dict[int, BuyerRow]:
    o = table_of(models.Organisation)
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        row.id: BuyerRow(
            row.ref, row.name, row.codice_fiscale, row.partita_iva, row.ausa
        )
        for row in session.execute(select(o).where(o.c.id.in_(wanted)))
    }


def tender_rows(
    session: Session,
    *,
    refs: Collection[str] | None = None,
    ids: Sequence[int] | None = None,
) -> list[TenderRow]:
    """The tenders named by ``refs`` (in ref order) or by ``ids`` (in that order),
    each with its lots, in a few queries whatever their number."""
    t = table_of(models.Tender)
    if ids is not None:
        found = session.execute(select(t).where(t.c.id.in_(ids)))
        tenders = in_order(found, ids)
    else:
        tenders = list(
            session.execute(select(t).where(t.c.ref.in_(refs or ())).order_by(t.c.ref))
        )
    programmes = refs_of(
        session, table_of(models.Programme), (r.programme_id for r in tenders)
    )
    acts = refs_of(
        session, table_of(models.Act), (r.authorising_act_id for r in tenders)
    )
    lots = _lots_by_tender(session, [r.id for r in tenders])
    buyers = _buyers(session, [r.buyer_organisation_id for r in tenders])
    return [
        TenderRow(
            ref=row.ref,
            title=row.title,
            procedure_type=row.procedure_type,
            status=row.status,
            programme=None
            if row.programme_id is None
            else programmes[row.programme_id],
            cup=row.cup,
            rup=row.rup,
            planned_start=row.planned_start,
            planned_start_precision=row.planned_start_precision,
            planned_months=row.planned_months,
            publication_date=row.publication_date,
            offer_deadline=row.offer_deadline,
            award_date=row.award_date,
            standstill_end=row.standstill_end,
            signature_date=row.signature_date,
            estimated_value=amount_row(
                row.estimate_cents, row.estimate_basis, row.estimate_vat_rate
            ),
            authorising_act=None
            if row.authorising_act_id is None
            else acts[row.authorising_act_id],
            plan_entry=row.plan_entry,
            lots=tuple(lots[row.id]),
            note=row.note,
            ocid=row.ocid,
            buyer=None
            if row.buyer_organisation_id is None
            else buyers[row.buyer_organisation_id],
            main_category=row.main_category,
            cpv=tuple((row.cpv_codes or "").split()),
            procedure_code=row.procedure_code,
            procedure_title=row.procedure_title,
        )
        for row in tenders
    ]


TENDER_STATUS_ORDER = {status.value: i for i, status in enumerate(TenderStatus)}


def _page_ids(session: Session, query: BrowseQuery) -> tuple[list[int], int, str]:
    """The ids of a page of tenders in the list's order, how many the whole list
    holds, and the sort. The search looks at ref, title, CUP, RUP and the lots' refs
    and CIGs; the filter is the tender's status."""
    sort = checked_sort(TENDERS, query)
    t, lot = table_of(models.Tender), table_of(models.Lot)
    conditions: list[ColumnElement[bool]] = [
        or_(
            matching([t.c.ref, t.c.title, t.c.cup, t.c.rup], [word]),
            # Uncorrelated IN (subquery): read once, not once per tender.
            t.c.id.in_(
                select(lot.c.tender_id).where(matching([lot.c.cig, lot.c.ref], [word]))
            ),
        )
        for word in search_terms(query.search)
    ]
    if query.status is not None:
        conditions.append(t.c.status == query.status)
    page = select(t.c.id).where(*conditions)
    keys: dict[str, Any] = {
        "ref": t.c.ref,
        "title": t.c.title,
        "procedure": t.c.procedure_type,
        "status": case(TENDER_STATUS_ORDER, value=t.c.status, else_=99),
        "estimate": gross_hundredths(
            t.c.estimate_cents, t.c.estimate_basis, t.c.estimate_vat_rate
        ),
        "planned_start": t.c.planned_start,
        "award": t.c.award_date,
    }
    if sort == "lots":
        lots = (
            select(lot.c.tender_id, func.count().label("n"))
            .group_by(lot.c.tender_id)
            .subquery()
        )
        page = page.outerjoin(lots, lots.c.tender_id == t.c.id)
        keys["lots"] = func.coalesce(lots.c.n, 0)
    rows, total = sorted_page(
        session,
        page,
        key=keys[sort],
        ref=t.c.ref,
        whole=(t, conditions),
        browse=query,
    )
    return [row.id for row in rows], total, sort


def tender_page(session: Session, query: BrowseQuery) -> Page[TenderRow]:
    """A page of tenders with their lots (see ``_page_ids``)."""
    ids, total, sort = _page_ids(session, query)
    return Page(tuple(tender_rows(session, ids=ids)), total, query.offset, sort)


@dataclass(frozen=True)
class TenderListRow:
    ref: str
    title: str
    procedure_type: str | None
    status: str
    lots: int
    cigs: tuple[str, ...]
    estimate: AmountRow | None
    planned_start: date | None
    planned_start_precision: str
    publication_date: date | None
    award_date: date | None


def tender_list_rows(session: Session, ids: Sequence[int]) -> list[TenderListRow]:
    """The tenders ``ids``, in that order, as the list of tenders shows them: the
    tender and its lots' CIGs only."""
    t, lot = table_of(models.Tender), table_of(models.Lot)
    rows = in_order(session.execute(select(t).where(t.c.id.in_(ids))).all(), ids)
    cigs: dict[int, list[str | None]] = defaultdict(list)
    for tender_id, cig in session.execute(
        select(lot.c.tender_id, lot.c.cig)
        .where(lot.c.tender_id.in_(ids))
        .order_by(lot.c.tender_id, *lot_order(lot))
    ).all():
        cigs[tender_id].append(cig)
    return [
        TenderListRow(
            ref=row.ref,
            title=row.title,
            procedure_type=row.procedure_type,
            status=row.status,
            lots=len(cigs[row.id]),
            cigs=tuple(cig for cig in cigs[row.id] if cig),
            estimate=amount_row(
                row.estimate_cents, row.estimate_basis, row.estimate_vat_rate
            ),
            planned_start=row.planned_start,
            planned_start_precision=row.planned_start_precision,
            publication_date=row.publication_date,
            award_date=row.award_date,
        )
        for row in rows
    ]


def browse_tenders(session: Session, query: BrowseQuery) -> Page[TenderListRow]:
    """A page of the list of tenders (see ``_page_ids``)."""
    ids, total, sort = _page_ids(session, query)
    return Page(tuple(tender_list_rows(session, ids)), total, query.offset, sort)


@dataclass(frozen=True)
class TenderView:
    """A tender with everything attached, and its milestones and deadlines."""

    detail: TenderDetail
    focus: str | None
    """The lot asked for, when the view was opened from a lot's reference."""
    deadlines: tuple[DeadlineListRow, ...]
    contract_states: dict[str, str]
    """Where each of its contracts stands on the view's day, by contract ref."""


def _contract_ids(session: Session, refs: Collection[str]) -> list[int]:
    c = table_of(models.Contract)
    return [
        int(i)
        for i in session.execute(select(c.c.id).where(c.c.ref.in_(refs))).scalars()
    ]


def _detail(session: Session, tender_id: int) -> TenderDetail:
    [tender] = tender_rows(session, ids=[tender_id])
    contract_refs = [c for lot_row in tender.lots for c in lot_row.contracts]
    a = table_of(models.FundingAllocation)
    allocations = allocation_rows(
        session,
        or_(
            a.c.tender_id == tender_id,
            a.c.contract_id.in_(_contract_ids(session, contract_refs)),
        ),
    )
    own_refs = [tender.ref, *(lot_row.ref for lot_row in tender.lots)]
    return TenderDetail(
        tender=tender,
        contracts=tuple(contract_rows(session, refs=contract_refs)),
        act=get_act(session, tender.authorising_act),
        allocations=tuple(allocations),
        deadlines=tuple(list_deadlines_for(session, own_refs + contract_refs)),
        notes=tuple(list_notes_for(session, own_refs)),
        history=tuple(list_history_for(session, own_refs)),
    )


def tender_detail(session: Session, ref: str) -> TenderDetail:
    """The tender ``ref`` with everything attached, as ``show`` and the dossier
    show it."""
    _, tender_id = found_kind(session, ref, ("tender",), "tender")
    return _detail(session, tender_id)


def tender_view(session: Session, ref: str, context: RecordContext) -> TenderView:
    """The tender ``ref`` (or the tender of lot ``ref``) with everything attached."""
    kind, record = found_kind(session, ref, ("tender", "lot"), "tender")
    lot = table_of(models.Lot)
    if kind == "lot":
        tender_id = session.execute(
            select(lot.c.tender_id).where(lot.c.id == record)
        ).scalar_one()
    else:
        tender_id = record
    detail = _detail(session, tender_id)
    tender, contracts = detail.tender, detail.contracts
    own_refs = [tender.ref, *(lot_row.ref for lot_row in tender.lots)]
    subjects = own_refs + [c.ref for c in contracts]
    subjects += [o.ref for c in contracts for o in c.options]
    return TenderView(
        detail=detail,
        focus=ref if kind == "lot" else None,
        deadlines=record_deadlines(
            session,
            context,
            subjects=subjects,
            contracts=contracts,
            tenders=[tender],
            allocations=detail.allocations,
        ),
        contract_states={
            c.ref: contract_state(c.start, c.covered_until, context.as_of).value
            for c in contracts
        },
    )
