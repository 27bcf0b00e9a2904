"""Contracts with their supplier, members, options and totals: one reader for the
CLI, the app and the documents, a page or a few records at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.domain.contracts import (
    covered_until,
)
from tracker.domain.kinds import OptionState
from tracker.domain.money import Amount, Totals, from_cents, share_from_hundredths
from tracker.queries.rows import (
    AmountRow,
    ContractRow,
    MemberRow,
    OptionRow,
    PaymentRow,
    StaffRow,
    SupplierRow,
    TotalsRow,
    amount_row,
)
from tracker.queries.tables import grouped_refs, in_order, refs_of, table_of

EXERCISED = {OptionState.EXERCISED.value}
EXERCISED_OR_PLANNED = {OptionState.EXERCISED.value, OptionState.PLANNED.value}


def option_row(option: Any, act: str | None = None) -> OptionRow:
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
        basis=option.basis,
        act=act,
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


def base_and_options(
    base: Amount | None, options: Sequence[Amount | None]
) -> Totals | None:
    """The base plus the options' stated amounts (those not stated make the total a
    floor); None when the base is not stated."""
    if base is None:
        return None
    stated = [a for a in options if a is not None]
    return Totals.of([base, *stated]) if stated else Totals.of([base])


def _totals(
    base: AmountRow | None, options: Sequence[OptionRow], states: set[str]
) -> TotalsRow | None:
    if base is None:
        return None
    counted = [o for o in options if o.state in states]
    missing = tuple(o.ref for o in counted if o.amount is None)
    if not missing and all(o.amount is None for o in counted):
        return TotalsRow(net=base.net, vat=base.vat, gross=base.gross, parts=1)
    amounts = [None if o.amount is None else o.amount.amount() for o in counted]
    total = base_and_options(base.amount(), amounts)
    assert total is not None
    return TotalsRow.of(total, missing)


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
        found = session.execute(select(c).where(c.c.id.in_(ids)))
        contracts = in_order(found, ids)
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
    services = grouped_refs(
        session.execute(
            select(cs.c.contract_id, s.c.ref)
            .join(s, s.c.id == cs.c.service_id)
            .where(cs.c.contract_id.in_(contract_ids))
        )
    )
    option_rows = list(
        session.execute(
            select(o)
            .where(o.c.contract_id.in_(contract_ids))
            .order_by(o.c.contract_id, o.c.id)
        )
    )
    acts = refs_of(
        session,
        table_of(models.Act),
        [*(r.act_id for r in contracts), *(r.act_id for r in option_rows)],
    )
    options: dict[int, list[OptionRow]] = defaultdict(list)
    for row in option_rows:
        act_id = row.act_id
        options[row.contract_id].append(
            option_row(row, None if act_id is None else acts[act_id])
        )
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


def list_payments(session: Session, contract_id: int) -> list[PaymentRow]:
    """A contract's payments in their order (the order they were entered)."""
    found = payments_by_ref(session, contract_ids=[contract_id])
    return next(iter(found.values()), [])


def payments_by_ref(
    session: Session,
    *,
    refs: Collection[str] | None = None,
    contract_ids: Collection[int] | None = None,
) -> dict[str, list[PaymentRow]]:
    """The payments of the contracts ``refs`` (or ``contract_ids``), by contract ref,
    each in its order."""
    c, p = table_of(models.Contract), table_of(models.Payment)
    query = (
        select(c.c.ref, p.c.paid_on, p.c.amount_cents, p.c.reference, p.c.note)
        .join(c, c.c.id == p.c.contract_id)
        .order_by(c.c.ref, p.c.position)
    )
    if refs is not None:
        query = query.where(c.c.ref.in_(list(refs)))
    if contract_ids is not None:
        query = query.where(p.c.contract_id.in_(list(contract_ids)))
    payments: dict[str, list[PaymentRow]] = defaultdict(list)
    for row in session.execute(query):
        payments[row.ref].append(
            PaymentRow(
                paid_on=row.paid_on,
                amount=from_cents(row.amount_cents),
                reference=row.reference,
                note=row.note,
            )
        )
    return dict(payments)
