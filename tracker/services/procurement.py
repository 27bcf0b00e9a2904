"""Acts, tenders and lots, contracts with their options, in-house coverage."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta

from sqlmodel import Session, select

from tracker import models
from tracker.domain.identifiers import check_cig, check_cup
from tracker.domain.kinds import OptionKind, TenderStatus
from tracker.domain.periods import Period, check_period, resolve_period
from tracker.drafts import (
    ActDraft,
    ContractDraft,
    InHouseDraft,
    LotDraft,
    OptionDraft,
    StaffDraft,
    TenderDraft,
)
from tracker.errors import ValidationError
from tracker.services.amounts import amount_columns
from tracker.services.refs import ensure_ref_free, record_id, resolve, resolve_optional

AWARDING_STATUSES = (TenderStatus.PUBLISHED.value, TenderStatus.AWARDED.value)


def add_act(session: Session, draft: ActDraft) -> models.Act:
    """Add a delibera, determina or other act."""
    ensure_ref_free(session, draft.ref)
    record = models.Act(
        ref=draft.ref,
        kind=draft.kind.value,
        number=draft.number,
        adopted_on=draft.adopted_on,
        body=draft.body,
        subject=draft.subject,
        url=draft.url,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def _check_milestones(draft: TenderDraft) -> None:
    milestones = [
        ("publication_date", draft.publication_date),
        ("offer_deadline", draft.offer_deadline),
        ("award_date", draft.award_date),
        ("standstill_end", draft.standstill_end),
        ("signature_date", draft.signature_date),
    ]
    known = [(name, day) for name, day in milestones if day is not None]
    for (before_name, before), (name, day) in itertools.pairwise(known):
        if day < before:
            raise ValidationError(
                name,
                day.isoformat(),
                f"comes before {before_name} ({before.isoformat()})",
            )


def _service_ids(session: Session, refs: Sequence[str]) -> list[int]:
    ids: list[int] = []
    for i, ref in enumerate(refs):
        service_id = record_id(
            resolve(session, models.Service, ref, field=f"services[{i}]")
        )
        if service_id in ids:
            raise ValidationError(f"services[{i}]", ref, "the service is listed twice")
        ids.append(service_id)
    return ids


def add_tender(session: Session, draft: TenderDraft) -> models.Tender:
    """Add a procedure with its lots."""
    ensure_ref_free(session, draft.ref)
    cup = None if not draft.cup else check_cup(draft.cup)
    if draft.planned_months is not None and draft.planned_months <= 0:
        raise ValidationError(
            "planned_months", draft.planned_months, "a duration must be positive"
        )
    _check_milestones(draft)
    programme = resolve_optional(
        session, models.Programme, draft.programme, field="programme"
    )
    act = resolve_optional(
        session, models.Act, draft.authorising_act, field="authorising_act"
    )
    estimate = amount_columns(draft.estimated_value, field="estimated_value")
    numbers = [lot.number for lot in draft.lots]
    for lot in draft.lots:
        if numbers.count(lot.number) > 1:
            raise ValidationError(
                f"lots[{lot.ref}].number", lot.number, "two lots have this number"
            )
    record = models.Tender(
        ref=draft.ref,
        title=draft.title,
        procedure_type=None
        if draft.procedure_type is None
        else draft.procedure_type.value,
        status=draft.status.value,
        programme_id=None if programme is None else programme.id,
        cup=cup,
        rup=draft.rup,
        planned_start=draft.planned_start,
        planned_start_precision=draft.planned_start_precision.value,
        planned_months=draft.planned_months,
        publication_date=draft.publication_date,
        offer_deadline=draft.offer_deadline,
        award_date=draft.award_date,
        standstill_end=draft.standstill_end,
        signature_date=draft.signature_date,
        estimate_cents=estimate.cents,
        estimate_basis=estimate.basis,
        estimate_vat_rate=estimate.vat_rate,
        authorising_act_id=None if act is None else act.id,
        plan_entry=draft.plan_entry,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    for lot in draft.lots:
        try:
            add_lot(session, record, lot)
        except ValidationError as error:
            raise error.located(f"lots[{lot.ref}]") from None
    return record


def add_lot(session: Session, tender: models.Tender, draft: LotDraft) -> models.Lot:
    """Add a lot to a tender."""
    ensure_ref_free(session, draft.ref)
    cig = None if not draft.cig else check_cig(draft.cig)
    value = amount_columns(draft.value, field="value")
    service_ids = _service_ids(session, draft.services)
    record = models.Lot(
        ref=draft.ref,
        tender_id=record_id(tender),
        number=draft.number,
        title=draft.title,
        cig=cig,
        value_cents=value.cents,
        value_basis=value.basis,
        value_vat_rate=value.vat_rate,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    for service_id in service_ids:
        session.add(models.LotService(lot_id=record_id(record), service_id=service_id))
    session.flush()
    return record


def _supplier(session: Session, ref: str | None) -> tuple[int | None, int | None]:
    if ref is None:
        return None, None
    organisation = session.exec(
        select(models.Organisation).where(models.Organisation.ref == ref)
    ).first()
    if organisation is not None:
        return organisation.id, None
    consortium = session.exec(
        select(models.Consortium).where(models.Consortium.ref == ref)
    ).first()
    if consortium is not None:
        return None, consortium.id
    raise ValidationError(
        "supplier", ref, "no organisation or consortium has this reference"
    )


def add_contract(session: Session, draft: ContractDraft) -> models.Contract:
    """Add a contract with its options and staffing."""
    ensure_ref_free(session, draft.ref)
    lot = resolve_optional(session, models.Lot, draft.lot, field="lot")
    if lot is not None:
        tender = session.get(models.Tender, lot.tender_id)
        assert tender is not None
        if tender.status not in AWARDING_STATUSES:
            raise ValidationError(
                "lot",
                draft.lot,
                f"the lot's tender {tender.ref} is {tender.status}: a contract needs "
                "a published or awarded tender",
            )
    cig = None if not draft.cig else check_cig(draft.cig)
    if cig is None and lot is not None:
        cig = lot.cig
    supplier_organisation_id, supplier_consortium_id = _supplier(
        session, draft.supplier
    )
    period = resolve_period(draft.start, draft.end, draft.months)
    amount = amount_columns(draft.amount, field="amount")
    act = resolve_optional(session, models.Act, draft.act, field="act")
    if draft.services:
        service_ids = _service_ids(session, draft.services)
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
    record = models.Contract(
        ref=draft.ref,
        title=draft.title,
        lot_id=None if lot is None else lot.id,
        cig=cig,
        supplier_organisation_id=supplier_organisation_id,
        supplier_consortium_id=supplier_consortium_id,
        signed_on=draft.signed_on,
        start=period.start,
        start_precision=draft.start_precision.value,
        end=period.end,
        end_precision=draft.end_precision.value,
        months=draft.months,
        amount_cents=amount.cents,
        amount_basis=amount.basis,
        amount_vat_rate=amount.vat_rate,
        act_id=None if act is None else act.id,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    for service_id in service_ids:
        session.add(
            models.ContractService(contract_id=record_id(record), service_id=service_id)
        )
    previous_end = period.end
    for option in draft.options:
        try:
            added = add_option(session, record, option, follows=previous_end)
        except ValidationError as error:
            raise error.located(f"options[{option.ref}]") from None
        if added.end is not None:
            previous_end = max(previous_end, added.end)
    _add_staffing(session, draft.staffing, contract_id=record_id(record))
    session.flush()
    return record


def option_period(draft: OptionDraft, *, follows: date) -> Period | None:
    """The option's period: as given, or starting the day after ``follows``.

    A time option (renewal, extension, proroga) must start after ``follows``, the
    last day covered by the contract and by the options listed before it.
    """
    no_dates = draft.start is None and draft.end is None and draft.months is None
    if draft.kind is OptionKind.QUINTO_VARIATION and no_dates:
        return None
    if no_dates:
        raise ValidationError(
            "end", None, "an extension needs an end date or a duration in months"
        )
    if draft.start is None:
        if follows == date.max:
            raise ValidationError(
                "start", None, "give the start: the contract has no end"
            )
        start = follows + timedelta(days=1)
    else:
        start = draft.start
    period = resolve_period(start, draft.end, draft.months)
    if period.start <= follows:
        raise ValidationError(
            "period.start",
            period.start.isoformat(),
            f"an option starts after what it extends ends ({follows.isoformat()})",
        )
    return period


def add_option(
    session: Session, contract: models.Contract, draft: OptionDraft, *, follows: date
) -> models.ContractOption:
    """Add a renewal, extension, proroga tecnica or quinto variation to a contract."""
    ensure_ref_free(session, draft.ref)
    period = option_period(draft, follows=follows)
    amount = amount_columns(draft.amount, field="amount")
    act = resolve_optional(session, models.Act, draft.act, field="act")
    cig = None if not draft.cig else check_cig(draft.cig)
    record = models.ContractOption(
        ref=draft.ref,
        contract_id=record_id(contract),
        kind=draft.kind.value,
        state=draft.state.value,
        start=None if period is None else period.start,
        end=None if period is None else period.end,
        months=draft.months,
        amount_cents=amount.cents,
        amount_basis=amount.basis,
        amount_vat_rate=amount.vat_rate,
        decided_on=draft.decided_on,
        act_id=None if act is None else act.id,
        cig=cig,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def _add_staffing(
    session: Session,
    staffing: Sequence[StaffDraft],
    *,
    contract_id: int | None = None,
    in_house_id: int | None = None,
) -> None:
    for position, staff in enumerate(staffing):
        if staff.count is not None and staff.count < 1:
            raise ValidationError(
                f"staffing[{position}].count", staff.count, "a count is 1 or more"
            )
        session.add(
            models.Staffing(
                contract_id=contract_id,
                in_house_id=in_house_id,
                position=position,
                role=staff.role,
                count=staff.count,
                note=staff.note,
            )
        )


def add_in_house_period(session: Session, draft: InHouseDraft) -> models.InHousePeriod:
    """Add a period in which the department covered services itself."""
    ensure_ref_free(session, draft.ref)
    check_period(draft.start, draft.end, field="period")
    act = resolve_optional(session, models.Act, draft.act, field="act")
    service_ids = _service_ids(session, draft.services)
    record = models.InHousePeriod(
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
            models.InHouseService(in_house_id=record_id(record), service_id=service_id)
        )
    _add_staffing(session, draft.staffing, in_house_id=record_id(record))
    session.flush()
    return record
