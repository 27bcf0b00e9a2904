"""Deleting: a record goes with what it owns (a tender's lots, a contract's options,
a consortium's members) and the notes on them, never while another record refers to
it; the refusal names the record in the way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, col, select

from tracker import models
from tracker.errors import N_, Kind, NotFoundError, TrackerError
from tracker.queries.refs import find_ref
from tracker.services.procurement import contract_on_a_lot
from tracker.services.refs import record_id
from tracker.services.saving import about
from tracker.services.versions import claim, claim_owner

M = TypeVar("M", bound=SQLModel)


def _refuse(ref: str, message: str, **values: str) -> TrackerError:
    return TrackerError(message, ref=ref, **values)


def _check_no_deadlines(session: Session, ref: str, refs: Collection[str]) -> None:
    deadline = session.exec(
        select(models.Deadline)
        .where(col(models.Deadline.subject_ref).in_(list(refs)))
        .order_by(col(models.Deadline.ref))
    ).first()
    if deadline is not None:
        raise _refuse(
            ref,
            N_(
                "{ref}: deadline {deadline} is about {subject}; delete the deadline first"
            ),
            deadline=deadline.ref,
            subject=deadline.subject_ref or ref,
        )


def _check_no_allocations(
    session: Session,
    ref: str,
    *,
    tender_id: int | None = None,
    contract_id: int | None = None,
) -> None:
    query = select(models.FundingAllocation.ref).order_by(
        col(models.FundingAllocation.ref)
    )
    if tender_id is not None:
        query = query.where(models.FundingAllocation.tender_id == tender_id)
    else:
        query = query.where(models.FundingAllocation.contract_id == contract_id)
    allocation = session.exec(query).first()
    if allocation is not None:
        raise _refuse(
            ref,
            N_("{ref}: allocation {allocation} funds it; delete the allocation first"),
            allocation=allocation,
        )


def _check_not_supplier(session: Session, ref: str, condition: Any) -> None:
    contract = session.exec(
        select(models.Contract.ref).where(condition).order_by(col(models.Contract.ref))
    ).first()
    if contract is not None:
        raise _refuse(
            ref,
            N_(
                "{ref}: it is the supplier of contract {contract}; change the contract's "
                "supplier or delete the contract first"
            ),
            contract=contract,
        )


def _forget(session: Session, refs: Sequence[str]) -> None:
    """Delete the notes on the records ``refs`` and their acknowledgements and
    snoozes: they go with the records."""
    for note in session.exec(
        select(models.Note).where(col(models.Note.subject_ref).in_(list(refs)))
    ):
        session.delete(note)
    silenced: list[models.Acknowledgement | models.Snooze] = [
        *session.exec(select(models.Acknowledgement)),
        *session.exec(select(models.Snooze)),
    ]
    for row in silenced:
        if any(about(session, row.key, ref) for ref in refs):
            session.delete(row)
    session.flush()


def _delete_all(session: Session, *groups: Sequence[SQLModel]) -> None:
    """Delete the records group by group, flushing after each (children first)."""
    for group in groups:
        for record in group:
            session.delete(record)
        session.flush()


def _delete_tender(session: Session, tender: models.Tender) -> list[str]:
    lots = list(
        session.exec(
            select(models.Lot)
            .where(models.Lot.tender_id == record_id(tender))
            .order_by(col(models.Lot.id))
        )
    )
    on_lot = contract_on_a_lot(session, tender)
    if on_lot is not None:
        raise _refuse(
            tender.ref,
            N_(
                "{ref}: contract {contract} is on its lot {lot}; delete the contract first"
            ),
            contract=on_lot[0],
            lot=on_lot[1],
        )
    _check_no_allocations(session, tender.ref, tender_id=record_id(tender))
    refs = [tender.ref, *(lot.ref for lot in lots)]
    _check_no_deadlines(session, tender.ref, refs)
    links = session.exec(
        select(models.LotService).where(
            col(models.LotService.lot_id).in_([record_id(lot) for lot in lots])
        )
    ).all()
    _delete_all(session, links, lots, [tender])
    return refs


def _delete_lot(session: Session, lot: models.Lot) -> list[str]:
    contract = session.exec(
        select(models.Contract.ref)
        .where(models.Contract.lot_id == record_id(lot))
        .order_by(col(models.Contract.ref))
    ).first()
    if contract is not None:
        raise _refuse(
            lot.ref,
            N_("{ref}: contract {contract} is on this lot; delete the contract first"),
            contract=contract,
        )
    _check_no_deadlines(session, lot.ref, [lot.ref])
    links = session.exec(
        select(models.LotService).where(models.LotService.lot_id == record_id(lot))
    ).all()
    _delete_all(session, links, [lot])
    return [lot.ref]


def _delete_contract(session: Session, contract: models.Contract) -> list[str]:
    contract_id = record_id(contract)
    _check_no_allocations(session, contract.ref, contract_id=contract_id)
    options = session.exec(
        select(models.ContractOption).where(
            models.ContractOption.contract_id == contract_id
        )
    ).all()
    refs = [contract.ref, *(o.ref for o in options)]
    _check_no_deadlines(session, contract.ref, refs)
    links = session.exec(
        select(models.ContractService).where(
            models.ContractService.contract_id == contract_id
        )
    ).all()
    staffing = session.exec(
        select(models.Staffing).where(models.Staffing.contract_id == contract_id)
    ).all()
    payments = session.exec(
        select(models.Payment).where(models.Payment.contract_id == contract_id)
    ).all()
    _delete_all(session, [*links, *staffing, *payments, *options], [contract])
    return refs


def _delete_option(session: Session, option: models.ContractOption) -> list[str]:
    _check_no_deadlines(session, option.ref, [option.ref])
    _delete_all(session, [option])
    return [option.ref]


def _delete_organisation(
    session: Session, organisation: models.Organisation
) -> list[str]:
    _check_not_supplier(
        session,
        organisation.ref,
        models.Contract.supplier_organisation_id == record_id(organisation),
    )
    consortium = session.exec(
        select(models.Consortium.ref)
        .join(
            models.ConsortiumMember,
            col(models.ConsortiumMember.consortium_id) == col(models.Consortium.id),
        )
        .where(models.ConsortiumMember.organisation_id == record_id(organisation))
        .order_by(col(models.Consortium.ref))
    ).first()
    if consortium is not None:
        raise _refuse(
            organisation.ref,
            N_(
                "{ref}: it is a member of consortium {consortium}; change the "
                "consortium's members or delete the consortium first"
            ),
            consortium=consortium,
        )
    tender = session.exec(
        select(models.Tender.ref)
        .where(models.Tender.buyer_organisation_id == record_id(organisation))
        .order_by(col(models.Tender.ref))
    ).first()
    if tender is not None:
        raise _refuse(
            organisation.ref,
            N_("{ref}: it is the buyer of tender {tender}; change the tender first"),
            tender=tender,
        )
    _check_no_deadlines(session, organisation.ref, [organisation.ref])
    _delete_all(session, [organisation])
    return [organisation.ref]


def _delete_consortium(session: Session, consortium: models.Consortium) -> list[str]:
    _check_not_supplier(
        session,
        consortium.ref,
        models.Contract.supplier_consortium_id == record_id(consortium),
    )
    _check_no_deadlines(session, consortium.ref, [consortium.ref])
    members = session.exec(
        select(models.ConsortiumMember).where(
            models.ConsortiumMember.consortium_id == record_id(consortium)
        )
    ).all()
    _delete_all(session, members, [consortium])
    return [consortium.ref]


def _delete_act(session: Session, act: models.Act) -> list[str]:
    """An act goes only when nothing cites it: what it authorised would lose its
    legal basis without a word."""
    act_id = record_id(act)
    citing: tuple[tuple[type[SQLModel], Any], ...] = (
        (models.Tender, models.Tender.authorising_act_id),
        (models.Contract, models.Contract.act_id),
        (models.ContractOption, models.ContractOption.act_id),
        (models.InHousePeriod, models.InHousePeriod.act_id),
    )
    for model, column in citing:
        ref = session.exec(
            select(model.ref)  # type: ignore[attr-defined]
            .where(column == act_id)
            .order_by(model.ref)  # type: ignore[attr-defined]
        ).first()
        if ref is not None:
            raise _refuse(
                act.ref,
                N_("{ref}: {record} cites it; change {record} first"),
                record=ref,
            )
    _check_no_deadlines(session, act.ref, [act.ref])
    _delete_all(session, [act])
    return [act.ref]


def _delete_funding_source(session: Session, source: models.FundingSource) -> list[str]:
    allocation = session.exec(
        select(models.FundingAllocation.ref)
        .where(models.FundingAllocation.source_id == record_id(source))
        .order_by(col(models.FundingAllocation.ref))
    ).first()
    if allocation is not None:
        raise _refuse(
            source.ref,
            N_(
                "{ref}: allocation {allocation} draws on it; delete the allocation "
                "first"
            ),
            allocation=allocation,
        )
    _check_no_deadlines(session, source.ref, [source.ref])
    _delete_all(session, [source])
    return [source.ref]


def _delete_allocation(
    session: Session, allocation: models.FundingAllocation
) -> list[str]:
    _check_no_deadlines(session, allocation.ref, [allocation.ref])
    _delete_all(session, [allocation])
    return [allocation.ref]


def _delete_deadline(session: Session, deadline: models.Deadline) -> list[str]:
    _check_no_deadlines(session, deadline.ref, [deadline.ref])
    _delete_all(session, [deadline])
    return [deadline.ref]


def _deleter(
    model: type[M], delete: Callable[[Session, M], list[str]]
) -> tuple[type[SQLModel], Callable[[Session, Any], list[str]]]:
    return model, delete


DELETERS: dict[str, tuple[type[SQLModel], Callable[[Session, Any], list[str]]]] = {
    "tender": _deleter(models.Tender, _delete_tender),
    "lot": _deleter(models.Lot, _delete_lot),
    "contract": _deleter(models.Contract, _delete_contract),
    "contract option": _deleter(models.ContractOption, _delete_option),
    "organisation": _deleter(models.Organisation, _delete_organisation),
    "consortium": _deleter(models.Consortium, _delete_consortium),
    "act": _deleter(models.Act, _delete_act),
    "funding source": _deleter(models.FundingSource, _delete_funding_source),
    "funding allocation": _deleter(models.FundingAllocation, _delete_allocation),
    "deadline": _deleter(models.Deadline, _delete_deadline),
}


def delete_record(
    session: Session, ref: str, *, base_version: int | None = None
) -> str:
    """Delete the record ``ref`` with what it owns and the notes on them; its kind.

    Refused, naming the record in the way, while another record refers to it, and
    with a ConflictError when it changed since ``base_version``.
    """
    found = find_ref(session, ref)
    if found is None:
        raise NotFoundError("record", ref)
    kind, found_id = found
    if kind not in DELETERS:
        raise TrackerError(
            N_("{ref} is a {kind}: it cannot be deleted here"), ref=ref, kind=Kind(kind)
        )
    model, delete = DELETERS[kind]
    record = session.get(model, found_id)
    assert record is not None
    claim_owner(session, record)
    claim(session, record, base_version)
    # What goes with it is in its own history, not noted again as its change
    going = session.info.setdefault("deleting", set())
    going.add((str(record.__tablename__), found_id))
    refs = delete(session, record)
    _forget(session, refs)
    return kind
