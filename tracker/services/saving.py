"""Saving a record from its draft: added, or changed from the version read.

``SAVERS`` says, for each kind of draft, which service adds the record and which
changes it; ``save`` is the one way in. Every rule of a record lives in its own
service module, shared by adding and changing it; this module adds what only a
change needs: the record claimed at the version the person read, and its ref
passed on when renamed. A renamed record takes its notes, the deadlines about it
and its acknowledgements and snoozes with it.

A lot is saved under its tender and an option under its contract (``PartSaver``):
the owner's version moves with it. A tender's lots and a contract's options are
never saved with their owner's change: each is saved on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pydantic
from sqlmodel import Session, SQLModel, select

from tracker import models
from tracker.drafts import (
    ActDraft,
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    DeadlineDraft,
    Draft,
    FundingSourceDraft,
    LotDraft,
    OptionDraft,
    OrganisationDraft,
    TenderDraft,
)
from tracker.errors import N_, Kind, NotFoundError, ValidationError, pydantic_reason
from tracker.queries.refs import KIND_OF, find_ref
from tracker.services.contracts import add_contract, update_contract
from tracker.services.deadlines import add_deadline, apply_deadline
from tracker.services.funding import (
    add_allocation,
    add_funding_source,
    apply_allocation,
    apply_funding_source,
)
from tracker.services.options import add_saved_option, update_option
from tracker.services.parties import (
    add_consortium,
    add_organisation,
    apply_consortium,
    apply_organisation,
)
from tracker.services.procurement import (
    add_act,
    add_lot,
    add_tender,
    apply_act,
    update_lot,
    update_tender,
)
from tracker.services.refs import ensure_ref_free, record_id
from tracker.services.versions import claim, claim_owner

M = TypeVar("M", bound=SQLModel)
P = TypeVar("P", bound=SQLModel)
D = TypeVar("D", bound=Draft)


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
        raise refusal(error) from None


def refusal(error: pydantic.ValidationError) -> ValidationError:
    """A draft's first broken check as a ValidationError naming its field."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "draft"
    return ValidationError(field, first.get("input"), pydantic_reason(first))


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


@dataclass(frozen=True)
class Target:
    """Which record a save writes: a new one (``original`` None; a lot or an option
    under ``owner``), or ``original`` as read at ``base_version`` (when given)."""

    original: str | None
    owner: str | None
    base_version: int | None


@dataclass(frozen=True)
class RecordSaver(Generic[D, M]):
    """How a record that stands on its own is added and changed."""

    model: type[M]
    add: Callable[[Session, D], M]
    change: Callable[[Session, M, D], object]
    """Check the draft with the rules of adding and set the record from it."""

    def save(self, session: Session, draft: D, target: Target) -> str:
        # ``target.owner`` is not looked at: what the record is about is in its draft
        original = target.original
        if original is None:
            return _ref(self.add(session, draft))
        record = existing(session, self.model, original)
        claim(session, record, target.base_version)
        take_ref(session, original, _ref(draft))
        self.change(session, record, draft)
        session.add(record)
        session.flush()
        return _ref(record)


@dataclass(frozen=True)
class PartSaver(Generic[D, M, P]):
    """How a record that is part of another (its owner) is added and changed: the
    owner is claimed first, so its version moves and two saves lock in one order."""

    model: type[M]
    owner_model: type[P]
    owner_id: Callable[[M], int | None]
    add: Callable[[Session, P, D], M]
    change: Callable[[Session, M, D], object]
    elsewhere: str
    """The refusal when the record changed is part of another owner."""

    def save(self, session: Session, draft: D, target: Target) -> str:
        field = KIND_OF[self.owner_model]
        original = target.original
        if original is None:
            if target.owner is None:
                raise ValidationError(
                    field, None, N_("give the {kind} it belongs to"), kind=Kind(field)
                )
            parent = claim(session, existing(session, self.owner_model, target.owner))
            return _ref(self.add(session, parent, draft))
        record = existing(session, self.model, original)
        if target.owner is None:
            claim_owner(session, record)
        else:
            parent = claim(session, existing(session, self.owner_model, target.owner))
            if self.owner_id(record) != record_id(parent):
                raise ValidationError(field, target.owner, self.elsewhere, ref=original)
        claim(session, record, target.base_version)
        take_ref(session, original, _ref(draft))
        self.change(session, record, draft)
        return _ref(record)


def _ref(record: object) -> str:
    ref = getattr(record, "ref", None)
    assert isinstance(ref, str), "a saved record has a ref"
    return ref


SAVERS: Mapping[type[Draft], RecordSaver[Any, Any] | PartSaver[Any, Any, Any]] = {
    TenderDraft: RecordSaver[TenderDraft, models.Tender](
        models.Tender, add_tender, update_tender
    ),
    LotDraft: PartSaver[LotDraft, models.Lot, models.Tender](
        models.Lot,
        models.Tender,
        lambda lot: lot.tender_id,
        add_lot,
        update_lot,
        N_("lot {ref} is a lot of another tender"),
    ),
    ContractDraft: RecordSaver[ContractDraft, models.Contract](
        models.Contract, add_contract, update_contract
    ),
    OptionDraft: PartSaver[OptionDraft, models.ContractOption, models.Contract](
        models.ContractOption,
        models.Contract,
        lambda option: option.contract_id,
        add_saved_option,
        update_option,
        N_("option {ref} is an option of another contract"),
    ),
    OrganisationDraft: RecordSaver[OrganisationDraft, models.Organisation](
        models.Organisation, add_organisation, apply_organisation
    ),
    ConsortiumDraft: RecordSaver[ConsortiumDraft, models.Consortium](
        models.Consortium, add_consortium, apply_consortium
    ),
    ActDraft: RecordSaver[ActDraft, models.Act](models.Act, add_act, apply_act),
    FundingSourceDraft: RecordSaver[FundingSourceDraft, models.FundingSource](
        models.FundingSource, add_funding_source, apply_funding_source
    ),
    AllocationDraft: RecordSaver[AllocationDraft, models.FundingAllocation](
        models.FundingAllocation, add_allocation, apply_allocation
    ),
    DeadlineDraft: RecordSaver[DeadlineDraft, models.Deadline](
        models.Deadline, add_deadline, apply_deadline
    ),
}
"""The service that saves each kind of draft the forms and the API write."""


def save(
    session: Session,
    draft: Draft,
    *,
    original: str | None = None,
    owner: str | None = None,
    base_version: int | None = None,
) -> str:
    """Add the record ``draft`` describes (``original`` None), or change the record
    ``original``, claimed at ``base_version`` when given; the saved record's ref.
    ``owner`` names the tender of a new lot and the contract of a new option (of a
    lot or option changed, it is checked; other records ignore it: what they are
    about is in their draft)."""
    saver = SAVERS.get(type(draft))
    if saver is None:
        raise TypeError(f"a {type(draft).__name__} is not saved on its own")
    return saver.save(session, checked(draft), Target(original, owner, base_version))
