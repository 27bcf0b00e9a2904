"""Contracts with their supplier, members, options and totals: one reader for the
CLI, the app and the documents, a page or a few records at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Date, case, func, or_, select, type_coerce
from sqlmodel import Session

from tracker import models
from tracker.domain.contracts import (
    STATE_ORDER,
    ContractState,
    contract_state,
    covered_until,
)
from tracker.domain.kinds import OptionState
from tracker.domain.money import Totals, share_from_hundredths
from tracker.queries.paging import (
    MAX_PAGE,
    BrowseQuery,
    ListShape,
    Page,
    checked_sort,
    counted,
    gross_hundredths,
    matching,
    page_of,
    search_terms,
    sorted_by,
)
from tracker.queries.rows import (
    AmountRow,
    ContractRow,
    MemberRow,
    OptionRow,
    StaffRow,
    SupplierRow,
    TotalsRow,
    amount_row,
)
from tracker.queries.tables import grouped_refs, refs_of, table_of

CONTRACTS = ListShape(
    "contracts",
    ("ref", "title", "supplier", "cig", "start", "covered_until", "gross", "state"),
    tuple(s.value for s in ContractState),
)

EXERCISED = {OptionState.EXERCISED.value}
EXERCISED_OR_PLANNED = {OptionState.EXERCISED.value, OptionState.PLANNED.value}


def option_row(option: Any) -> OptionRow:
    return OptionRow(
        ref=option.ref,
        kind=option.kind,
        state=option.state,
        start=option.start,
        end=option.end,
        months=option.months,
        amount=amount_row(
            option.amount_cents, option.amount_basis, option.amount_vat_rate
        ),
        decided_on=option.decided_on,
        cig=option.cig,
        note=option.note,
    )


def suppliers_for(
    session: Session, organisation_ids: set[int], consortium_ids: set[int]
) -> tuple[dict[int, SupplierRow], dict[int, SupplierRow]]:
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm = table_of(models.ConsortiumMember)
    members: dict[int, list[MemberRow]] = defaultdict(list)
    for row in session.execute(
        select(cm.c.consortium_id, cm.c.role, cm.c.share_hundredths, org)
        .join(org, org.c.id == cm.c.organisation_id)
        .where(cm.c.consortium_id.in_(consortium_ids))
        .order_by(cm.c.consortium_id, cm.c.position)
    ):
        members[row.consortium_id].append(
            MemberRow(
                ref=row.ref,
                name=row.name,
                role=row.role,
                share=share_from_hundredths(row.share_hundredths),
                partita_iva=row.partita_iva,
            )
        )
    by_organisation = {
        row.id: SupplierRow(
            ref=row.ref,
            name=row.name,
            kind="organisation",
            partita_iva=row.partita_iva,
            members=(),
        )
        for row in session.execute(select(org).where(org.c.id.in_(organisation_ids)))
    }
    by_consortium = {
        row.id: SupplierRow(
            ref=row.ref,
            name=row.name,
            kind=row.kind,
            partita_iva=None,
            members=tuple(members[row.id]),
        )
        for row in session.execute(select(con).where(con.c.id.in_(consortium_ids)))
    }
    return by_organisation, by_consortium


def _totals(
    base: AmountRow | None, options: Sequence[OptionRow], states: set[str]
) -> TotalsRow | None:
    if base is None:
        return None
    counted = [o.amount.amount() for o in options if o.state in states and o.amount]
    missing = tuple(o.ref for o in options if o.state in states and o.amount is None)
    if not counted and not missing:
        return TotalsRow(net=base.net, vat=base.vat, gross=base.gross, parts=1)
    return TotalsRow.of(Totals.of([base.amount(), *counted]), missing)


def _contract_row(
    row: Any,
    supplier: SupplierRow | None,
    lot: Any,
    tender: str | None,
    options: tuple[OptionRow, ...],
    services: tuple[str, ...],
    act: str | None,
) -> ContractRow:
    base = amount_row(row.amount_cents, row.amount_basis, row.amount_vat_rate)
    return ContractRow(
        ref=row.ref,
        title=row.title,
        tender=tender,
        lot=None if lot is None else lot.ref,
        cig=row.cig,
        supplier=supplier,
        services=services,
        signed_on=row.signed_on,
        start=row.start,
        start_precision=row.start_precision,
        end=row.end,
        end_precision=row.end_precision,
        months=row.months,
        covered_until=covered_until(row.end, options),
        amount=base,
        options=options,
        total_base_and_exercised=_totals(base, options, EXERCISED),
        total_with_all_options=_totals(base, options, EXERCISED_OR_PLANNED),
        act=act,
        note=row.note,
    )


def contract_rows(
    session: Session,
    *,
    refs: Collection[str] | None = None,
    ids: Sequence[int] | None = None,
) -> list[ContractRow]:
    """The contracts named by ``refs`` (in ref order) or by ``ids`` (in that order),
    each with what it shows, in a few queries whatever their number."""
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    lot, cs, s = (
        table_of(models.Lot),
        table_of(models.ContractService),
        table_of(models.Service),
    )
    if ids is not None:
        position = {contract_id: i for i, contract_id in enumerate(ids)}
        found = session.execute(select(c).where(c.c.id.in_(ids)))
        contracts = sorted(found, key=lambda r: position[r.id])
    else:
        contracts = list(
            session.execute(select(c).where(c.c.ref.in_(refs or ())).order_by(c.c.ref))
        )
    contract_ids = [row.id for row in contracts]
    by_organisation, by_consortium = suppliers_for(
        session,
        {r.supplier_organisation_id for r in contracts if r.supplier_organisation_id},
        {r.supplier_consortium_id for r in contracts if r.supplier_consortium_id},
    )
    lots = {
        row.id: row
        for row in session.execute(
            select(lot.c.id, lot.c.ref, lot.c.tender_id).where(
                lot.c.id.in_({r.lot_id for r in contracts if r.lot_id})
            )
        )
    }
    tenders = refs_of(
        session, table_of(models.Tender), (r.tender_id for r in lots.values())
    )
    acts = refs_of(session, table_of(models.Act), (r.act_id for r in contracts))
    services = grouped_refs(
        session.execute(
            select(cs.c.contract_id, s.c.ref)
            .join(s, s.c.id == cs.c.service_id)
            .where(cs.c.contract_id.in_(contract_ids))
        )
    )
    options: dict[int, list[OptionRow]] = defaultdict(list)
    for row in session.execute(
        select(o)
        .where(o.c.contract_id.in_(contract_ids))
        .order_by(o.c.contract_id, o.c.id)
    ):
        options[row.contract_id].append(option_row(row))
    rows: list[ContractRow] = []
    for row in contracts:
        contract_lot = lots.get(row.lot_id)
        supplier = (
            by_organisation.get(row.supplier_organisation_id)
            if row.supplier_organisation_id is not None
            else by_consortium.get(row.supplier_consortium_id)
            if row.supplier_consortium_id is not None
            else None
        )
        rows.append(
            _contract_row(
                row,
                supplier,
                contract_lot,
                None if contract_lot is None else tenders[contract_lot.tender_id],
                tuple(options[row.id]),
                services.get(row.id, ()),
                None if row.act_id is None else acts[row.act_id],
            )
        )
    return rows


def list_staffing(session: Session, contract_id: int) -> list[StaffRow]:
    st = table_of(models.Staffing)
    query = (
        select(st.c.role, st.c.count.label("people"), st.c.note)
        .where(st.c.contract_id == contract_id)
        .order_by(st.c.position)
    )
    return [
        StaffRow(role=s.role, count=s.people, note=s.note)
        for s in session.execute(query)
    ]


def _exercised_ends() -> Any:
    """(contract id, last end of its exercised options), as a subquery."""
    o = table_of(models.ContractOption)
    return (
        select(o.c.contract_id, func.max(o.c.end).label("end"))
        .where(o.c.state == OptionState.EXERCISED.value)
        .group_by(o.c.contract_id)
        .subquery()
    )


# Paging by coverage or state must happen in SQL, so the two domain rules of
# tracker.domain.contracts (covered_until, contract_state) have this one SQL copy;
# tests/core/test_domain_contracts.py runs it against the domain's cases.
def covered_until_sql(end: Any, exercised_end: Any) -> ColumnElement[date]:
    """``covered_until`` in SQL: ``exercised_end`` is the last end of the contract's
    exercised options (NULL when none), as ``_exercised_ends`` reads it."""
    return type_coerce(
        case(
            (exercised_end.is_not(None) & (exercised_end > end), exercised_end),
            else_=end,
        ),
        Date,
    )


def contract_state_sql(start: Any, covered: Any, as_of: date) -> ColumnElement[str]:
    """``contract_state`` in SQL, as the state's stored value."""
    return case(
        (start > as_of, ContractState.UPCOMING.value),
        (covered < as_of, ContractState.ENDED.value),
        else_=ContractState.RUNNING.value,
    )


def _search(word: str) -> ColumnElement[bool]:
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm, member = table_of(models.ConsortiumMember), org.alias("member")
    return or_(
        matching(
            [c.c.ref, c.c.title, c.c.cig, org.c.name, org.c.partita_iva, con.c.name],
            [word],
        ),
        # Uncorrelated IN (subquery): read once, not once per contract.
        c.c.supplier_consortium_id.in_(
            select(cm.c.consortium_id)
            .join(member, member.c.id == cm.c.organisation_id)
            .where(matching([member.c.name, member.c.partita_iva], [word]))
        ),
        c.c.id.in_(
            select(o.c.contract_id).where(o.c.cig.icontains(word, autoescape=True))
        ),
    )


def _gross_key(page: Any) -> tuple[Any, Any]:
    """The page joined to its exercised options' gross, and the gross to sort by."""
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    option_gross = (
        select(
            o.c.contract_id,
            func.sum(
                gross_hundredths(
                    o.c.amount_cents, o.c.amount_basis, o.c.amount_vat_rate
                )
            ).label("gross"),
        )
        .where(o.c.state == OptionState.EXERCISED.value)
        .group_by(o.c.contract_id)
        .subquery()
    )
    key = gross_hundredths(
        c.c.amount_cents, c.c.amount_basis, c.c.amount_vat_rate
    ) + func.coalesce(option_gross.c.gross, 0)
    return page.outerjoin(option_gross, option_gross.c.contract_id == c.c.id), key


def contract_page(session: Session, query: BrowseQuery) -> Page[ContractRow]:
    """A page of contracts; the search looks at ref, title, CIG (options' too) and the
    supplier: its name and partita IVA, a consortium's name and its members'; the
    filter is the state on the as-of day (upcoming, running, ended)."""
    sort = checked_sort(CONTRACTS, query)
    c = table_of(models.Contract)
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    frm = c.outerjoin(org, org.c.id == c.c.supplier_organisation_id).outerjoin(
        con, con.c.id == c.c.supplier_consortium_id
    )
    exercised = _exercised_ends()
    covered = covered_until_sql(c.c.end, exercised.c.end)
    state = contract_state_sql(c.c.start, covered, query.as_of)
    conditions = [_search(word) for word in search_terms(query.search)]
    if query.status is not None:
        conditions.append(state == query.status)
    keys: dict[str, Any] = {
        "ref": c.c.ref,
        "title": c.c.title,
        "supplier": func.coalesce(org.c.name, con.c.name),
        "cig": c.c.cig,
        "start": c.c.start,
        "covered_until": covered,
        "state": case(STATE_ORDER, value=state),
    }
    if query.status is not None or sort in ("covered_until", "state"):
        frm = frm.outerjoin(exercised, exercised.c.contract_id == c.c.id)
    page = select(c.c.id).select_from(frm).where(*conditions)
    if sort == "gross":
        page, keys["gross"] = _gross_key(page)
    rows, total = page_of(
        session,
        sorted_by(page, keys[sort], c.c.ref, query.descending),
        counted(frm, conditions),
        query,
    )
    found = contract_rows(session, ids=[row.id for row in rows])
    return Page(tuple(found), total, query.offset, sort)


def contract_pages(
    session: Session, *, as_of: date, size: int = MAX_PAGE
) -> Iterator[tuple[ContractRow, ...]]:
    """Every contract by ref, a page at a time (what ``list contracts`` shows)."""
    offset = 0
    while True:
        page = contract_page(
            session, BrowseQuery(as_of=as_of, offset=offset, limit=size)
        )
        if page.rows:
            yield page.rows
        offset += size
        if offset >= page.total:
            return


@dataclass(frozen=True)
class ContractListRow:
    ref: str
    title: str
    supplier: str | None
    supplier_ref: str | None
    cig: str | None
    start: date
    start_precision: str
    end: date
    end_precision: str
    covered_until: date
    covered_until_precision: str
    gross: Decimal | None
    """Base plus exercised options, VAT included; None when the base is not stated."""
    gross_is_floor: bool
    """An exercised option's amount is not stated: the gross is at least this."""
    state: str


def contract_list_row(row: ContractRow, as_of: date) -> ContractListRow:
    """A contract as the list of contracts shows it on a day."""
    total = row.total_base_and_exercised
    return ContractListRow(
        ref=row.ref,
        title=row.title,
        supplier=None if row.supplier is None else row.supplier.name,
        supplier_ref=None if row.supplier is None else row.supplier.ref,
        cig=row.cig,
        start=row.start,
        start_precision=row.start_precision,
        end=row.end,
        end_precision=row.end_precision,
        covered_until=row.covered_until,
        covered_until_precision=row.end_precision
        if row.covered_until == row.end
        else "day",
        gross=None if total is None else total.gross,
        gross_is_floor=any(
            o.amount is None for o in row.options if o.state in EXERCISED
        ),
        state=contract_state(row.start, row.covered_until, as_of).value,
    )


def browse_contracts(session: Session, query: BrowseQuery) -> Page[ContractListRow]:
    """A page of the list of contracts (see ``contract_page``)."""
    page = contract_page(session, query)
    rows = tuple(contract_list_row(row, query.as_of) for row in page.rows)
    return Page(rows, page.total, page.offset, page.sort)
