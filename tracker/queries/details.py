"""One tender or contract with everything attached to it."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker import models
from tracker.queries.listing import (
    get_act,
    list_allocations,
    list_contracts,
    list_deadlines_for,
    list_history_for,
    list_notes_for,
    list_staffing,
    list_tenders,
)
from tracker.queries.rows import ContractDetail, TenderDetail


def get_tender_detail(session: Session, ref: str) -> TenderDetail:
    [tender] = list_tenders(session, refs=[ref])
    record = session.exec(select(models.Tender).where(models.Tender.ref == ref)).one()
    contract_refs = [c for lot in tender.lots for c in lot.contracts]
    contracts = list_contracts(session, refs=contract_refs)
    contract_ids = list(
        session.exec(
            select(models.Contract.id).where(models.Contract.ref.in_(contract_refs))  # type: ignore[attr-defined]
        )
    )
    own_refs = [ref, *(lot.ref for lot in tender.lots)]
    return TenderDetail(
        tender=tender,
        contracts=tuple(contracts),
        act=get_act(session, tender.authorising_act),
        allocations=tuple(
            list_allocations(
                session,
                tender_ids=[record.id] if record.id is not None else [],
                contract_ids=[i for i in contract_ids if i is not None],
            )
        ),
        deadlines=tuple(list_deadlines_for(session, own_refs + contract_refs)),
        notes=tuple(list_notes_for(session, own_refs)),
        history=tuple(list_history_for(session, own_refs)),
    )


def get_contract_detail(session: Session, ref: str) -> ContractDetail:
    [contract] = list_contracts(session, refs=[ref])
    record = session.exec(
        select(models.Contract).where(models.Contract.ref == ref)
    ).one()
    assert record.id is not None
    tender = None
    if contract.tender is not None:
        [tender] = list_tenders(session, refs=[contract.tender])
    own_refs = [ref, *(o.ref for o in contract.options)]
    return ContractDetail(
        contract=contract,
        tender=tender,
        act=get_act(session, contract.act),
        staffing=tuple(list_staffing(session, record.id)),
        allocations=tuple(list_allocations(session, contract_ids=[record.id])),
        deadlines=tuple(list_deadlines_for(session, own_refs)),
        notes=tuple(list_notes_for(session, own_refs)),
        history=tuple(list_history_for(session, own_refs)),
    )
