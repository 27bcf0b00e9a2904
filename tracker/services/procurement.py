"""Acts, tenders and their lots (contracts and options: ``contracts``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from sqlmodel import Session, col, select

from tracker import models
from tracker.domain.identifiers import check_cig, check_cpv, check_cup
from tracker.domain.kinds import TenderStatus
from tracker.drafts import (
    ActDraft,
    LotDraft,
    TenderDraft,
)
from tracker.errors import N_, Checks, Field, Term, ValidationError
from tracker.services.amounts import amount_columns
from tracker.services.refs import (
    add_new,
    ensure_ref_free,
    is_new,
    new_record,
    record_id,
    resolve,
    resolve_optional,
)

AWARDING_STATUSES = (TenderStatus.PUBLISHED.value, TenderStatus.AWARDED.value)


def apply_act(_session: Session, record: models.Act, draft: ActDraft) -> None:
    """Set an act's columns from its draft (the draft's own checks are all it has)."""
    record.ref = draft.ref
    record.kind = draft.kind.value
    record.number = draft.number
    record.adopted_on = draft.adopted_on
    record.body = draft.body
    record.subject = draft.subject
    record.url = draft.url
    record.note = draft.note


def add_act(session: Session, draft: ActDraft) -> models.Act:
    """Add a delibera, determina or other act."""
    record = new_record(session, models.Act, ref=draft.ref, subject=draft.subject)
    return add_new(session, record, draft, apply_act)


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
                day,
                N_("comes before {field} ({day})"),
                field=Field(before_name),
                day=before,
            )


def linked_service_ids(session: Session, refs: Sequence[str]) -> list[int]:
    ids: list[int] = []
    for i, ref in enumerate(refs):
        service_id = record_id(
            resolve(session, models.Service, ref, field=f"services[{i}]")
        )
        if service_id in ids:
            raise ValidationError(
                f"services[{i}]", ref, N_("the service is listed twice")
            )
        ids.append(service_id)
    return ids


def codes_text(
    values: Sequence[str], check: Callable[..., str], *, field: str
) -> str | None:
    """Codes (CPV, CUP) each checked, stored as one text separated by spaces in the
    order given; None for none."""
    codes: list[str] = []
    for i, value in enumerate(values):
        code = check(value, field=f"{field}[{i}]")
        if code in codes:
            raise ValidationError(
                f"{field}[{i}]", value, N_("the code is listed twice")
            )
        codes.append(code)
    return " ".join(codes) or None


def _check_months(months: int | None) -> None:
    if months is not None and months <= 0:
        raise ValidationError(
            "planned_months", months, N_("a duration must be positive")
        )


def _check_ocid(session: Session, record: models.Tender, ocid: str | None) -> None:
    if not ocid:
        return
    query = select(models.Tender.ref).where(models.Tender.ocid == ocid)
    if record.id is not None:
        query = query.where(models.Tender.id != record.id)
    other = session.exec(query).first()
    if other is not None:
        raise ValidationError(
            "ocid",
            ocid,
            N_("tender {tender} has this ocid"),
            cause=other,
            cause_field="ocid",
            tender=other,
        )


def _check_lot_numbers(lots: Sequence[LotDraft]) -> None:
    numbers = [lot.number for lot in lots]
    for lot in lots:
        # lots published without a number are told apart by their CIG
        if lot.number is not None and numbers.count(lot.number) > 1:
            raise ValidationError(
                f"lots[{lot.ref}].number", lot.number, N_("two lots have this number")
            )


def _apply_tender(session: Session, record: models.Tender, draft: TenderDraft) -> None:
    """Check a tender draft's own fields (not its lots), naming every wrong one, and
    set the record's columns."""
    checks = Checks()
    cup = None if not draft.cup else checks.run(check_cup, draft.cup)
    checks.run(_check_months, draft.planned_months)
    checks.run(_check_milestones, draft)
    programme = checks.run(
        resolve_optional, session, models.Programme, draft.programme, field="programme"
    )
    act = checks.run(
        resolve_optional,
        session,
        models.Act,
        draft.authorising_act,
        field="authorising_act",
    )
    estimate = checks.run(
        amount_columns, draft.estimated_value, field="estimated_value"
    )
    buyer = checks.run(
        resolve_optional, session, models.Organisation, draft.buyer, field="buyer"
    )
    cpv = checks.run(codes_text, draft.cpv, check_cpv, field="cpv")
    checks.run(_check_ocid, session, record, draft.ocid)
    checks.done()
    assert estimate is not None
    record.ref = draft.ref
    record.ocid = draft.ocid or None
    record.title = draft.title
    record.buyer_organisation_id = None if buyer is None else buyer.id
    record.main_category = (
        None if draft.main_category is None else draft.main_category.value
    )
    record.cpv_codes = cpv
    record.procedure_code = draft.procedure_code
    record.procedure_title = draft.procedure_title
    record.procedure_type = (
        None if draft.procedure_type is None else draft.procedure_type.value
    )
    record.status = draft.status.value
    record.programme_id = None if programme is None else programme.id
    record.cup = cup
    record.rup = draft.rup
    record.planned_start = draft.planned_start
    record.planned_start_precision = draft.planned_start_precision.value
    record.planned_months = draft.planned_months
    record.publication_date = draft.publication_date
    record.offer_deadline = draft.offer_deadline
    record.award_date = draft.award_date
    record.standstill_end = draft.standstill_end
    record.signature_date = draft.signature_date
    record.estimate_cents = estimate.cents
    record.estimate_basis = estimate.basis
    record.estimate_vat_rate = estimate.vat_rate
    record.authorising_act_id = None if act is None else act.id
    record.plan_entry = draft.plan_entry
    record.note = draft.note


def add_tender(session: Session, draft: TenderDraft) -> models.Tender:
    """Add a procedure with its lots."""
    ensure_ref_free(session, draft.ref)
    record = new_record(session, models.Tender)
    _apply_tender(session, record, draft)
    _check_lot_numbers(draft.lots)
    session.add(record)
    session.flush()
    for lot in draft.lots:
        try:
            add_lot(session, record, lot)
        except ValidationError as error:
            raise error.located(f"lots[{lot.ref}]") from None
    return record


def contract_on_a_lot(
    session: Session, tender: models.Tender
) -> tuple[str, str] | None:
    """The first contract (by ref) signed on a lot of ``tender``, with that lot's
    ref: while there is one, the tender stays awarded and cannot be deleted."""
    row = session.exec(
        select(models.Contract.ref, models.Lot.ref)
        .join(models.Lot, col(models.Contract.lot_id) == col(models.Lot.id))
        .where(models.Lot.tender_id == record_id(tender))
        .order_by(col(models.Contract.ref))
    ).first()
    return None if row is None else (row[0], row[1])


def update_tender(
    session: Session, record: models.Tender, draft: TenderDraft
) -> models.Tender:
    """Replace a tender's own fields; its lots are saved one by one (``update_lot``).

    A tender some contract is signed on (through one of its lots) stays published or
    awarded, as a contract on a lot requires.
    """
    if draft.lots:
        raise ValidationError(
            "lots",
            ", ".join(lot.ref for lot in draft.lots),
            N_(
                "lots are saved one by one when a tender is changed; leave the list empty"
            ),
        )
    if draft.status.value not in AWARDING_STATUSES:
        contract = contract_on_a_lot(session, record)
        if contract is not None:
            raise ValidationError(
                "status",
                Term(draft.status.value),
                N_(
                    "contract {contract} is on lot {lot}: a tender with contracts is "
                    "published or awarded"
                ),
                contract=contract[0],
                lot=contract[1],
            )
    _apply_tender(session, record, draft)
    session.add(record)
    session.flush()
    return record


def _apply_lot(
    session: Session, record: models.Lot, tender: models.Tender, draft: LotDraft
) -> None:
    """Check a lot draft and set the lot's columns and services."""
    cig = None if not draft.cig else check_cig(draft.cig)
    cups = codes_text(draft.cups, check_cup, field="cups")
    value = amount_columns(draft.value, field="value")
    service_ids = linked_service_ids(session, draft.services)
    # A new tender's lots are checked against each other by _check_lot_numbers
    other = (
        None
        if is_new(session, tender) or draft.number is None
        else _lot_numbered(session, record, record_id(tender), draft.number)
    )
    if other is not None:
        raise ValidationError(
            "number",
            draft.number,
            N_("lot {lot} of the tender has this number"),
            lot=other,
        )
    record.ref = draft.ref
    record.tender_id = record_id(tender)
    record.number = draft.number
    record.title = draft.title
    record.cig = cig
    record.cups = cups
    record.value_cents = value.cents
    record.value_basis = value.basis
    record.value_vat_rate = value.vat_rate
    record.note = draft.note
    session.add(record)
    session.flush()
    replace_service_links(
        session,
        models.LotService,
        record_id(record),
        service_ids,
        new=is_new(session, record),
    )


def _lot_numbered(
    session: Session, record: models.Lot, tender_id: int, number: int
) -> str | None:
    """The ref of another lot of the tender with this number, if any."""
    same_number = select(models.Lot.ref).where(
        models.Lot.tender_id == tender_id, models.Lot.number == number
    )
    if record.id is not None:
        same_number = same_number.where(models.Lot.id != record.id)
    return session.exec(same_number).first()


def add_lot(session: Session, tender: models.Tender, draft: LotDraft) -> models.Lot:
    """Add a lot to a tender."""
    ensure_ref_free(session, draft.ref)
    record = new_record(session, models.Lot)
    _apply_lot(session, record, tender, draft)
    session.flush()
    return record


def update_lot(session: Session, record: models.Lot, draft: LotDraft) -> models.Lot:
    """Replace a lot's fields and services (it stays in its tender)."""
    tender = session.get(models.Tender, record.tender_id)
    assert tender is not None
    _apply_lot(session, record, tender, draft)
    session.flush()
    return record


def replace_service_links(
    session: Session,
    model: type[models.LotService] | type[models.ContractService],
    owner_id: int,
    service_ids: Sequence[int],
    *,
    new: bool = False,
) -> None:
    """Make the services linked to a lot or a contract exactly ``service_ids``
    (a ``new`` owner has none yet)."""
    links: list[models.LotService] | list[models.ContractService]
    if new:
        links = []
    elif model is models.LotService:
        links = list(
            session.exec(
                select(models.LotService).where(models.LotService.lot_id == owner_id)
            )
        )
    else:
        links = list(
            session.exec(
                select(models.ContractService).where(
                    models.ContractService.contract_id == owner_id
                )
            )
        )
    current = {link.service_id for link in links}
    for link in links:
        if link.service_id not in service_ids:
            session.delete(link)
    for service_id in service_ids:
        if service_id in current:
            continue
        if model is models.LotService:
            session.add(
                new_record(
                    session, models.LotService, lot_id=owner_id, service_id=service_id
                )
            )
        else:
            session.add(
                new_record(
                    session,
                    models.ContractService,
                    contract_id=owner_id,
                    service_id=service_id,
                )
            )
    session.flush()
