"""Contracts with their options and staffing, in-house coverage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlmodel import Session, col, select

from tracker import models
from tracker.domain.identifiers import check_cig
from tracker.domain.kinds import OptionState
from tracker.domain.modifications import needs_period
from tracker.domain.money import parse_money, to_cents
from tracker.domain.periods import (
    Period,
    check_day,
    check_period,
    resolve_half_known,
    resolve_period,
)
from tracker.drafts import (
    ContractDraft,
    InHouseDraft,
    OptionDraft,
    PaymentDraft,
    StaffDraft,
)
from tracker.errors import N_, Checks, Term, ValidationError
from tracker.queries.refs import find_ref
from tracker.services.amounts import amount_columns
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
    previous_end = record.end
    for option in draft.options:
        try:
            added = add_option(session, record, option, follows=previous_end)
        except ValidationError as error:
            raise error.located(f"options[{option.ref}]") from None
        previous_end = _later(previous_end, added.end)
    session.flush()
    return record


def _later(one: date | None, other: date | None) -> date | None:
    """The later of two days, either of which may be unknown."""
    if one is None or other is None:
        return other if one is None else one
    return max(one, other)


def update_contract(
    session: Session, record: models.Contract, draft: ContractDraft
) -> models.Contract:
    """Replace a contract's own fields, services and staffing; its options stay (they
    are saved one by one) and must still start after the contract's end."""
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


def option_period(draft: OptionDraft, *, follows: date | None) -> Period | None:
    """The option's period: as given, or starting the day after ``follows``; None
    for a modification or a proroga tecnica that states no period (as ANAC often
    publishes them): it is kept, and extends nothing until its end is known.

    A time option (renewal, extension, proroga) must start after ``follows``, the
    last day covered by the contract and by the options listed before it.
    """
    no_dates = draft.start is None and draft.end is None and draft.months is None
    if no_dates and not needs_period(draft.kind):
        return None
    if no_dates:
        raise ValidationError(
            "end", None, N_("an extension needs an end date or a duration in months")
        )
    if draft.start is None:
        if follows is None or follows == date.max:
            raise ValidationError(
                "start", None, N_("give the start: the contract has no end")
            )
        start = follows + timedelta(days=1)
    else:
        start = draft.start
    period = resolve_period(start, draft.end, draft.months)
    if follows is not None and period.start <= follows:
        raise ValidationError(
            "period.start",
            period.start,
            N_("an option starts after what it extends ends ({end})"),
            end=follows,
        )
    return period


def _options_of(
    session: Session, contract: models.Contract
) -> list[models.ContractOption]:
    """A contract's options in the order they were added (the order they extend it)."""
    return list(
        session.exec(
            select(models.ContractOption)
            .where(models.ContractOption.contract_id == record_id(contract))
            .order_by(col(models.ContractOption.id))
        )
    )


def option_follows(
    session: Session,
    contract: models.Contract,
    *,
    before: models.ContractOption | None = None,
) -> date | None:
    """The last day an option of ``contract`` extends: the contract's end or the end
    of the options listed before ``before`` (all of them when ``before`` is None);
    None while no end is known."""
    follows = contract.end
    for option in _options_of(session, contract):
        if before is not None and option.id == before.id:
            break
        follows = _later(follows, option.end)
    return follows


def check_option_sequence(session: Session, contract: models.Contract) -> None:
    """Every option with a period still starts after the contract and the options
    before it end (after the contract or one of its options changed)."""
    follows = contract.end
    for option in _options_of(session, contract):
        if follows is not None and option.start is not None and option.start <= follows:
            raise ValidationError(
                f"options[{option.ref}].start",
                option.start,
                N_("an option starts after what it extends ends ({end})"),
                end=follows,
            )
        follows = _later(follows, option.end)


def _apply_option(
    session: Session,
    record: models.ContractOption,
    contract: models.Contract,
    draft: OptionDraft,
    *,
    follows: date | None,
) -> None:
    """Check an option draft against what it extends and set the option's columns."""
    period = option_period(draft, follows=follows)
    amount = amount_columns(draft.amount, field="amount")
    act = resolve_optional(session, models.Act, draft.act, field="act")
    cig = None if not draft.cig else check_cig(draft.cig)
    record.ref = draft.ref
    record.contract_id = record_id(contract)
    record.kind = draft.kind.value
    record.state = draft.state.value
    record.start = None if period is None else period.start
    record.end = None if period is None else period.end
    record.months = draft.months
    record.amount_cents = amount.cents
    record.amount_basis = amount.basis
    record.amount_vat_rate = amount.vat_rate
    record.decided_on = draft.decided_on
    record.act_id = None if act is None else act.id
    record.cig = cig
    record.basis = draft.basis
    record.note = draft.note
    session.add(record)
    session.flush()


def add_option(
    session: Session,
    contract: models.Contract,
    draft: OptionDraft,
    *,
    follows: date | None,
) -> models.ContractOption:
    """Add an option (renewal, extension, quinto variation) or a modification
    (proroga tecnica, variante, price revision, CCNL adjustment, other) to a
    contract."""
    ensure_ref_free(session, draft.ref)
    record = new_record(session, models.ContractOption)
    _apply_option(session, record, contract, draft, follows=follows)
    return record


def update_option(
    session: Session, record: models.ContractOption, draft: OptionDraft
) -> models.ContractOption:
    """Replace an option's fields; it still follows the contract and the options
    before it, and the options after it still follow it."""
    contract = session.get(models.Contract, record.contract_id)
    assert contract is not None
    follows = option_follows(session, contract, before=record)
    _apply_option(session, record, contract, draft, follows=follows)
    check_option_sequence(session, contract)
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
