"""Contracts with their options and staffing, in-house coverage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from tracker import models
from tracker.domain.identifiers import check_cig
from tracker.domain.kinds import OptionState
from tracker.domain.money import parse_money, to_cents
from tracker.domain.option_periods import adds_time
from tracker.domain.periods import check_day, check_period, resolve_half_known
from tracker.drafts import (
    ContractDraft,
    InHouseDraft,
    PaymentDraft,
    StaffDraft,
)
from tracker.errors import N_, Checks, Term, ValidationError
from tracker.queries.refs import find_ref
from tracker.services.amounts import amount_columns
from tracker.services.options import (
    add_option,
    check_option_sequence,
    check_options,
    later,
)
from tracker.services.procurement import (
    AWARDING_STATUSES,
    linked_service_ids,
    replace_service_links,
)
from tracker.services.refs import (
    bulk,
    ensure_ref_free,
    is_new,
    known,
    new_record,
    record_id,
    resolve,
    resolve_optional,
)
from tracker.services.versions import claim, claim_owner


def _supplier(session: Session, ref: str | None) -> tuple[int | None, int | None]:
    if ref is None:
        return None, None
    found = find_ref(session, ref)
    if found is not None and found[0] == "organisation":
        return found[1], None
    if found is not None and found[0] == "consortium":
        return None, found[1]
    raise ValidationError(
        "supplier", ref, N_("no organisation or consortium has this reference")
    )


def _contract_lot(session: Session, draft: ContractDraft) -> models.Lot | None:
    """The contract's lot, whose tender must be published or awarded."""
    lot = resolve_optional(session, models.Lot, draft.lot, field="lot")
    if lot is None:
        return None
    tender = (
        known(session, models.Tender, lot.tender_id)
        if bulk(session)
        else session.get(models.Tender, lot.tender_id)
    )
    assert tender is not None
    if tender.status not in AWARDING_STATUSES:
        raise ValidationError(
            "lot",
            draft.lot,
            N_(
                "the lot's tender {tender} is {status}: a contract needs a "
                "published or awarded tender"
            ),
            cause=tender.ref,
            cause_field="status",
            tender=tender.ref,
            status=Term(tender.status),
        )
    return lot


def _apply_contract(
    session: Session, record: models.Contract, draft: ContractDraft
) -> None:
    """Check a contract draft's own fields (not its options), naming every wrong
    one, and set the contract's columns, services and staffing."""
    checks = Checks()
    lot = checks.run(_contract_lot, session, draft)
    cig = None if not draft.cig else checks.run(check_cig, draft.cig)
    if cig is None and lot is not None:
        cig = lot.cig
    supplier = checks.run(_supplier, session, draft.supplier)
    period = checks.run(resolve_half_known, draft.start, draft.end, draft.months)
    amount = checks.run(amount_columns, draft.amount, field="amount")
    act = checks.run(resolve_optional, session, models.Act, draft.act, field="act")
    checks.run(_check_staffing, draft.staffing)
    checks.run(_check_payments, draft.payments)
    checks.done()
    assert supplier is not None
    assert period is not None
    assert amount is not None
    supplier_organisation_id, supplier_consortium_id = supplier
    start, end = period
    if draft.services:
        service_ids = linked_service_ids(session, draft.services)
    elif lot is not None:
        service_ids = list(
            session.exec(
                select(models.LotService.service_id).where(
                    models.LotService.lot_id == lot.id
                )
            )
        )
    else:
        service_ids = []
    record.ref = draft.ref
    record.title = draft.title
    record.lot_id = None if lot is None else lot.id
    record.cig = cig
    record.supplier_organisation_id = supplier_organisation_id
    record.supplier_consortium_id = supplier_consortium_id
    record.signed_on = draft.signed_on
    record.start = start
    record.start_precision = draft.start_precision.value
    record.end = end
    record.end_precision = draft.end_precision.value
    record.months = draft.months
    record.amount_cents = amount.cents
    record.amount_basis = amount.basis
    record.amount_vat_rate = amount.vat_rate
    record.act_id = None if act is None else act.id
    record.note = draft.note
    session.add(record)
    session.flush()
    new = is_new(session, record)
    replace_service_links(
        session, models.ContractService, record_id(record), service_ids, new=new
    )
    _replace_staffing(session, draft.staffing, contract_id=record_id(record), new=new)
    _replace_payments(session, draft.payments, contract_id=record_id(record), new=new)


def add_contract(session: Session, draft: ContractDraft) -> models.Contract:
    """Add a contract with its options and staffing."""
    ensure_ref_free(session, draft.ref)
    record = new_record(session, models.Contract)
    _apply_contract(session, record, draft)
    follows = record.end
    added = []
    for option in draft.options:
        try:
            added.append(add_option(session, record, option, follows=follows))
        except ValidationError as error:
            raise error.located(f"options[{option.ref}]") from None
        if adds_time(option.kind):
            follows = later(follows, added[-1].end)
    check_options(record, added, drafted=True)
    session.flush()
    return record


def update_contract(
    session: Session, record: models.Contract, draft: ContractDraft
) -> models.Contract:
    """Replace a contract's own fields, services and staffing; its options stay (they
    are saved one by one) and must still lie where their kinds may."""
    if draft.options:
        raise ValidationError(
            "options",
            ", ".join(option.ref for option in draft.options),
            N_(
                "options are saved one by one when a contract is changed; leave the list "
                "empty"
            ),
        )
    _apply_contract(session, record, draft)
    check_option_sequence(session, record)
    session.flush()
    return record


def exercise_option(
    session: Session,
    ref: str,
    *,
    decided_on: date,
    act: str | None,
    base_version: int | None = None,
) -> models.ContractOption:
    """A planned option becomes exercised, on the day and by the act given (the
    option claimed from ``base_version`` when given, its contract first)."""
    option = resolve(session, models.ContractOption, ref, field="option")
    claim_owner(session, option)
    claim(session, option, base_version)
    check_day(decided_on, field="decided_on")
    if option.state != OptionState.PLANNED.value:
        raise ValidationError(
            "state",
            Term(option.state),
            N_("only a planned option can be exercised; {ref} is {state}"),
            ref=ref,
            state=Term(option.state),
        )
    if act is not None:
        option.act_id = record_id(resolve(session, models.Act, act, field="act"))
    option.state = OptionState.EXERCISED.value
    option.decided_on = decided_on
    session.add(option)
    session.flush()
    return option


def _check_staffing(staffing: Sequence[StaffDraft]) -> None:
    for position, staff in enumerate(staffing):
        if staff.count is not None and staff.count < 1:
            raise ValidationError(
                f"staffing[{position}].count", staff.count, N_("a count is 1 or more")
            )


def _staffing_of(
    session: Session, contract_id: int | None, in_house_id: int | None
) -> list[models.Staffing]:
    query = select(models.Staffing).order_by(col(models.Staffing.position))
    if contract_id is not None:
        query = query.where(models.Staffing.contract_id == contract_id)
    else:
        query = query.where(models.Staffing.in_house_id == in_house_id)
    return list(session.exec(query))


def _replace_staffing(
    session: Session,
    staffing: Sequence[StaffDraft],
    *,
    contract_id: int | None = None,
    in_house_id: int | None = None,
    new: bool = False,
) -> None:
    """Make the staffing of a contract or an in-house period exactly ``staffing``,
    changing the rows already there in place (a ``new`` owner has none yet)."""
    _check_staffing(staffing)
    current = [] if new else _staffing_of(session, contract_id, in_house_id)
    for position, staff in enumerate(staffing):
        row = (
            current[position]
            if position < len(current)
            else new_record(
                session,
                models.Staffing,
                contract_id=contract_id,
                in_house_id=in_house_id,
                position=position,
                role=staff.role,
            )
        )
        row.position = position
        row.role = staff.role
        row.count = staff.count
        row.note = staff.note
        session.add(row)
    for row in current[len(staffing) :]:
        session.delete(row)
    session.flush()


def _check_payments(payments: Sequence[PaymentDraft]) -> list[int]:
    """Each payment's amount in cents, its day and amount checked."""
    cents = []
    for position, payment in enumerate(payments):
        check_day(payment.paid_on, field=f"payments[{position}].paid_on")
        amount = parse_money(payment.amount, field=f"payments[{position}].amount")
        cents.append(to_cents(amount))
    return cents


def _replace_payments(
    session: Session,
    payments: Sequence[PaymentDraft],
    *,
    contract_id: int,
    new: bool = False,
) -> None:
    """Make the payments of a contract exactly ``payments``, in their order, changing
    the rows already there in place (a ``new`` contract has none yet). A payment is
    cash paid: its amount is VAT included, as it left the office."""
    cents = _check_payments(payments)
    current = (
        []
        if new
        else list(
            session.exec(
                select(models.Payment)
                .where(models.Payment.contract_id == contract_id)
                .order_by(col(models.Payment.position))
            )
        )
    )
    for position, payment in enumerate(payments):
        row = (
            current[position]
            if position < len(current)
            else new_record(
                session,
                models.Payment,
                contract_id=contract_id,
                position=position,
                paid_on=payment.paid_on,
                amount_cents=cents[position],
            )
        )
        row.position = position
        row.paid_on = payment.paid_on
        row.amount_cents = cents[position]
        row.reference = payment.reference
        row.note = payment.note
        session.add(row)
    for row in current[len(payments) :]:
        session.delete(row)
    session.flush()


def add_in_house_period(session: Session, draft: InHouseDraft) -> models.InHousePeriod:
    """Add a period in which the department covered services itself."""
    ensure_ref_free(session, draft.ref)
    check_period(draft.start, draft.end, field="period")
    act = resolve_optional(session, models.Act, draft.act, field="act")
    service_ids = linked_service_ids(session, draft.services)
    record = new_record(
        session,
        models.InHousePeriod,
        ref=draft.ref,
        title=draft.title,
        kind=draft.kind.value,
        start=draft.start,
        start_precision=draft.start_precision.value,
        end=draft.end,
        end_precision=draft.end_precision.value,
        act_id=None if act is None else act.id,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    for service_id in service_ids:
        session.add(
            new_record(
                session,
                models.InHouseService,
                in_house_id=record_id(record),
                service_id=service_id,
            )
        )
    _replace_staffing(
        session,
        draft.staffing,
        in_house_id=record_id(record),
        new=is_new(session, record),
    )
    session.flush()
    return record
