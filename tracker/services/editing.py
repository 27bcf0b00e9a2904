"""Editing: create or change a record from its draft, annotate it (deleting is in
``deleting``).

Every rule of a record lives in the ``_apply_*`` function of its own service module,
shared by adding and changing it; this module adds what only editing needs. A record
renamed takes its notes, the deadlines about it and its acknowledgements and snoozes
with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

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
from tracker.errors import N_, NotFoundError, ValidationError, pydantic_reason
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
from tracker.services.versions import claim

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
        raise ValidationError(
            field, first.get("input"), pydantic_reason(first)
        ) from None


# -- references that follow a renamed record --


def about(session: Session, key: str, ref: str) -> bool:
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
        if about(session, row.key, old):
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
            "tender", tender, N_("lot {lot} is a lot of another tender"), lot=original
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
            "contract",
            contract,
            N_("option {option} is an option of another contract"),
            option=original,
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
        raise ValidationError("text", text, N_("a note must not be blank"))
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
