"""One contract with everything attached: ``show`` prints it, the app opens it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.domain.contracts import contract_state
from tracker.queries.contracts import contract_rows, list_payments, list_staffing
from tracker.queries.deadlines import (
    DeadlineListRow,
    list_deadlines_for,
    record_deadlines,
)
from tracker.queries.funding import allocation_rows
from tracker.queries.records import (
    RecordContext,
    found_kind,
    get_act,
    list_history_for,
    list_notes_for,
)
from tracker.queries.rows import (
    AllocationRow,
    ContractDetail,
    QuintoRow,
    paid_to_date,
    quinto_of,
)
from tracker.queries.tables import table_of
from tracker.queries.tenders import tender_rows


@dataclass(frozen=True)
class ContractView:
    """A contract with everything attached, its quinto and its deadlines."""

    detail: ContractDetail
    focus: str | None
    """The option asked for, when the view was opened from an option's reference."""
    quinto: QuintoRow | None
    deadlines: tuple[DeadlineListRow, ...]
    state: str
    """Where the contract stands on the view's day (upcoming, running, ended)."""


def _detail(session: Session, contract_id: int) -> ContractDetail:
    c, a = table_of(models.Contract), table_of(models.FundingAllocation)
    ref = session.execute(select(c.c.ref).where(c.c.id == contract_id)).scalar_one()
    [contract] = contract_rows(session, refs=[ref])
    tender = None
    tender_allocations: tuple[AllocationRow, ...] = ()
    if contract.tender is not None:
        [tender] = tender_rows(session, refs=[contract.tender])
        t = table_of(models.Tender)
        tender_id = select(t.c.id).where(t.c.ref == contract.tender)
        tender_allocations = tuple(
            allocation_rows(session, a.c.tender_id == tender_id.scalar_subquery())
        )
    own_refs = [contract.ref, *(x.ref for x in contract.options)]
    payments = tuple(list_payments(session, contract_id))
    return ContractDetail(
        contract=contract,
        tender=tender,
        act=get_act(session, contract.act),
        staffing=tuple(list_staffing(session, contract_id)),
        allocations=tuple(allocation_rows(session, a.c.contract_id == contract_id)),
        deadlines=tuple(list_deadlines_for(session, own_refs)),
        notes=tuple(list_notes_for(session, own_refs)),
        history=tuple(list_history_for(session, own_refs)),
        payments=payments,
        paid_to_date=paid_to_date(payments),
        tender_allocations=tender_allocations,
    )


def contract_detail(session: Session, ref: str) -> ContractDetail:
    """The contract ``ref`` with everything attached, as ``show`` prints it."""
    _, contract_id = found_kind(session, ref, ("contract",), "contract")
    return _detail(session, contract_id)


def contract_view(session: Session, ref: str, context: RecordContext) -> ContractView:
    """The contract ``ref`` (or the contract of option ``ref``) with everything
    attached."""
    kind, record = found_kind(session, ref, ("contract", "contract option"), "contract")
    o = table_of(models.ContractOption)
    contract_id = (
        session.execute(select(o.c.contract_id).where(o.c.id == record)).scalar_one()
        if kind == "contract option"
        else record
    )
    detail = _detail(session, contract_id)
    contract = detail.contract
    return ContractView(
        detail=detail,
        focus=ref if kind == "contract option" else None,
        quinto=quinto_of(contract),
        deadlines=record_deadlines(
            session,
            context,
            subjects=[contract.ref, *(x.ref for x in contract.options)],
            contracts=[contract],
            # the eligibility ends of the sources paying for it through its tender
            # are its deadlines too
            allocations=(*detail.allocations, *detail.tender_allocations),
        ),
        state=contract_state(
            contract.start, contract.covered_until, context.as_of
        ).value,
    )
