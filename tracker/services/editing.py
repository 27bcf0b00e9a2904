"""Editing: create or change a record from its draft, delete it, annotate it.

Every rule of a record lives in the ``_apply_*`` function of its own service module,
shared by adding and changing it; this module adds what only editing needs. A record
renamed takes its notes, the deadlines about it and its acknowledgements and snoozes
with it. A record is deleted with what it owns (a tender's lots, a contract's
options, a consortium's members, notes), never while another record refers to it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import pydantic
from sqlmodel import Session, SQLModel, col, select

from tracker import models
from tracker.drafts import (
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    DeadlineDraft,
    Draft,
    FundingSourceDraft,
    LotDraft,
    NoteDraft,
    OptionDraft,
    OrganisationDraft,
    SnoozeDraft,
    TenderDraft,
)
from tracker.errors import NotFoundError, TrackerError, ValidationError
from tracker.i18n import _
from tracker.services.contracts import (
    add_contract,
    add_option,
    option_follows,
    update_contract,
    update_option,
)
from tracker.services.funding import (
    add_allocation,
    add_deadline,
    add_funding_source,
    add_note,
    update_allocation,
    update_deadline,
    update_funding_source,
)
from tracker.services.parties import (
    add_consortium,
    add_organisation,
    update_consortium,
    update_organisation,
)
from tracker.services.procurement import (
    add_lot,
    add_tender,
    update_lot,
    update_tender,
)
from tracker.services.refs import KIND_OF, ensure_ref_free, find_ref, record_id
from tracker.services.versions import claim, claim_owner

M = TypeVar("M", bound=SQLModel)
D = TypeVar("D", bound=Draft)


@dataclass(frozen=True)
class NoteEntry:
    """A note with the id that edits and deletes it."""

    id: int
    subject: str
    written_at: datetime
    author: str
    text: str
    version: int = 1


def existing(session: Session, model: type[M], ref: str) -> M:
    """The record of kind ``model`` named ``ref``, or NotFoundError."""
    record = session.exec(
        select(model).where(model.ref == ref)  # type: ignore[attr-defined]
    ).first()
    if record is None:
        raise NotFoundError(KIND_OF[model], ref)
    return record


def checked(draft: D) -> D:
    """The draft validated again: one built with ``model_copy(update=...)`` or
    ``model_construct`` skipped pydantic's checks and conversions (a status given as
    a string stays a string); a bad value is a ValidationError naming its field."""
    try:
        return type(draft).model_validate(draft.model_dump(warnings=False))
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "draft"
        raise ValidationError(field, first.get("input"), first["msg"]) from None


# -- references that follow a renamed record --


def _about(session: Session, key: str, ref: str) -> bool:
    """Whether an alert's or a deadline's ``key`` is about the record ``ref``: the
    ref itself (an explicit deadline) or ``<ref>/<part>`` (``LOR-2019-C1/end``)."""
    if key == ref:
        return True
    prefix = f"{ref}/"
    if not key.startswith(prefix) or "/" in key[len(prefix) :]:
        return False
    # A ref may hold a slash: ``<ref>/X`` may be another record's own ref.
    return find_ref(session, key) is None


def take_ref(session: Session, old: str, new: str) -> None:
    """Before a record named ``old`` is saved as ``new``: the new ref must be free,
    and its notes, the deadlines about it, its acknowledgements and snoozes follow.
    Its history stays as written: it is found by the record, not by its ref."""
    if new == old:
        return
    ensure_ref_free(session, new)
    for note in session.exec(select(models.Note).where(models.Note.subject_ref == old)):
        note.subject_ref = new
        session.add(note)
    for deadline in session.exec(
        select(models.Deadline).where(models.Deadline.subject_ref == old)
    ):
        deadline.subject_ref = new
        session.add(deadline)
    silenced: list[models.Acknowledgement | models.Snooze] = [
        *session.exec(select(models.Acknowledgement)),
        *session.exec(select(models.Snooze)),
    ]
    for row in silenced:
        if _about(session, row.key, old):
            row.key = new + row.key[len(old) :]
            session.add(row)
    session.flush()


# -- saving --


def save_tender(
    session: Session,
    draft: TenderDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.Tender:
    """Add a tender with its lots, or change the tender ``original`` (not its lots)."""
    draft = checked(draft)
    if original is None:
        return add_tender(session, draft)
    record = claim(session, existing(session, models.Tender, original), base_version)
    take_ref(session, original, draft.ref)
    return update_tender(session, record, draft)


def save_lot(
    session: Session,
    tender: str,
    draft: LotDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.Lot:
    """Add a lot to ``tender``, or change its lot ``original`` (from
    ``base_version`` when given); either moves the tender's version too."""
    draft = checked(draft)
    parent = claim(session, existing(session, models.Tender, tender))
    if original is None:
        return add_lot(session, parent, draft)
    record = existing(session, models.Lot, original)
    if record.tender_id != parent.id:
        raise ValidationError(
            "tender", tender, f"lot {original} is a lot of another tender"
        )
    claim(session, record, base_version)
    take_ref(session, original, draft.ref)
    return update_lot(session, record, draft)


def save_contract(
    session: Session,
    draft: ContractDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.Contract:
    """Add a contract with its options and staffing, or change the contract
    ``original`` (its fields, services and staffing; not its options)."""
    draft = checked(draft)
    if original is None:
        return add_contract(session, draft)
    record = claim(session, existing(session, models.Contract, original), base_version)
    take_ref(session, original, draft.ref)
    return update_contract(session, record, draft)


def save_option(
    session: Session,
    contract: str,
    draft: OptionDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.ContractOption:
    """Add an option to ``contract`` after the ones it has, or change its option
    ``original`` (from ``base_version`` when given); either moves the contract's
    version too."""
    draft = checked(draft)
    parent = claim(session, existing(session, models.Contract, contract))
    if original is None:
        return add_option(
            session, parent, draft, follows=option_follows(session, parent)
        )
    record = existing(session, models.ContractOption, original)
    if record.contract_id != parent.id:
        raise ValidationError(
            "contract", contract, f"option {original} is an option of another contract"
        )
    claim(session, record, base_version)
    take_ref(session, original, draft.ref)
    return update_option(session, record, draft)


def save_organisation(
    session: Session,
    draft: OrganisationDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.Organisation:
    draft = checked(draft)
    if original is None:
        return add_organisation(session, draft)
    record = claim(
        session, existing(session, models.Organisation, original), base_version
    )
    take_ref(session, original, draft.ref)
    return update_organisation(session, record, draft)


def save_consortium(
    session: Session,
    draft: ConsortiumDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.Consortium:
    draft = checked(draft)
    if original is None:
        return add_consortium(session, draft)
    record = claim(
        session, existing(session, models.Consortium, original), base_version
    )
    take_ref(session, original, draft.ref)
    return update_consortium(session, record, draft)


def save_funding_source(
    session: Session,
    draft: FundingSourceDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.FundingSource:
    draft = checked(draft)
    if original is None:
        return add_funding_source(session, draft)
    record = claim(
        session, existing(session, models.FundingSource, original), base_version
    )
    take_ref(session, original, draft.ref)
    return update_funding_source(session, record, draft)


def save_allocation(
    session: Session,
    draft: AllocationDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.FundingAllocation:
    draft = checked(draft)
    if original is None:
        return add_allocation(session, draft)
    record = claim(
        session, existing(session, models.FundingAllocation, original), base_version
    )
    take_ref(session, original, draft.ref)
    return update_allocation(session, record, draft)


def save_deadline(
    session: Session,
    draft: DeadlineDraft,
    *,
    original: str | None,
    base_version: int | None = None,
) -> models.Deadline:
    draft = checked(draft)
    if original is None:
        return add_deadline(session, draft)
    record = claim(session, existing(session, models.Deadline, original), base_version)
    take_ref(session, original, draft.ref)
    return update_deadline(session, record, draft)


# -- notes --


def write_note(
    session: Session, subject: str, text: str, *, at: datetime, author: str
) -> int:
    """Attach a note to the record ``subject``; its id."""
    if not text.strip():
        raise ValidationError("text", text, "a note must not be blank")
    # checked: a bad value is a ValidationError naming its field, not pydantic's
    draft = NoteDraft.model_construct(
        subject=subject, written_at=at, author=author, text=text
    )
    note = add_note(session, checked(draft))
    return record_id(note)


def notes_of(session: Session, subject: str) -> list[NoteEntry]:
    """The notes on a record, oldest first, with their ids."""
    if find_ref(session, subject) is None:
        raise NotFoundError("record", subject)
    query = (
        select(models.Note)
        .where(models.Note.subject_ref == subject)
        .order_by(col(models.Note.written_at), col(models.Note.id))
    )
    return [
        NoteEntry(
            id=record_id(n),
            subject=n.subject_ref,
            written_at=n.written_at.replace(tzinfo=UTC)
            if n.written_at.tzinfo is None
            else n.written_at.astimezone(UTC),
            author=n.author,
            text=n.text,
            version=n.version,
        )
        for n in session.exec(query)
    ]


def list_snoozes(session: Session) -> list[SnoozeDraft]:
    """Every snoozed alert, by key."""
    return [
        SnoozeDraft(
            key=s.key,
            until=s.until,
            at=s.at.replace(tzinfo=UTC)
            if s.at.tzinfo is None
            else s.at.astimezone(UTC),
            actor=s.actor,
        )
        for s in session.exec(select(models.Snooze).order_by(col(models.Snooze.key)))
    ]


# -- deleting --


def _refuse(ref: str, message: str, **values: str) -> TrackerError:
    return TrackerError(message.format(ref=ref, **values))


def _check_no_deadlines(session: Session, ref: str, refs: Collection[str]) -> None:
    deadline = session.exec(
        select(models.Deadline)
        .where(col(models.Deadline.subject_ref).in_(list(refs)))
        .order_by(col(models.Deadline.ref))
    ).first()
    if deadline is not None:
        raise _refuse(
            ref,
            _(
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
            _("{ref}: allocation {allocation} funds it; delete the allocation first"),
            allocation=allocation,
        )


def _check_not_supplier(session: Session, ref: str, condition: Any) -> None:
    contract = session.exec(
        select(models.Contract.ref).where(condition).order_by(col(models.Contract.ref))
    ).first()
    if contract is not None:
        raise _refuse(
            ref,
            _(
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
        if any(_about(session, row.key, ref) for ref in refs):
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
            .order_by(col(models.Lot.number))
        )
    )
    on_lot = session.exec(
        select(models.Contract.ref, models.Lot.ref)
        .join(models.Lot, col(models.Contract.lot_id) == col(models.Lot.id))
        .where(models.Lot.tender_id == record_id(tender))
        .order_by(col(models.Contract.ref))
    ).first()
    if on_lot is not None:
        raise _refuse(
            tender.ref,
            _(
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
            _("{ref}: contract {contract} is on this lot; delete the contract first"),
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
    _delete_all(session, [*links, *staffing, *options], [contract])
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
            _(
                "{ref}: it is a member of consortium {consortium}; change the "
                "consortium's members or delete the consortium first"
            ),
            consortium=consortium,
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


def _delete_funding_source(session: Session, source: models.FundingSource) -> list[str]:
    allocation = session.exec(
        select(models.FundingAllocation.ref)
        .where(models.FundingAllocation.source_id == record_id(source))
        .order_by(col(models.FundingAllocation.ref))
    ).first()
    if allocation is not None:
        raise _refuse(
            source.ref,
            _(
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
            _("{ref} is a {kind}: it cannot be deleted here").format(ref=ref, kind=kind)
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
