"""Funding sources and allocations; explicit deadlines and notes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from tracker import models
from tracker.domain.money import parse_money, to_cents
from tracker.domain.periods import check_period
from tracker.domain.text import check_text
from tracker.drafts import AllocationDraft, DeadlineDraft, FundingSourceDraft, NoteDraft
from tracker.errors import N_, NotFoundError, ValidationError
from tracker.services.refs import (
    ensure_ref_free,
    find_ref,
    new_record,
    record_id,
    resolve,
)


def _apply_funding_source(
    record: models.FundingSource, draft: FundingSourceDraft
) -> models.FundingSource:
    """Check a funding source draft and set the record's columns from it."""
    check_period(draft.eligible_from, draft.eligible_until, field="eligible")
    record.ref = draft.ref
    record.name = draft.name
    record.kind = draft.kind.value
    record.funder = draft.funder
    record.eligible_from = draft.eligible_from
    record.eligible_until = draft.eligible_until
    record.note = draft.note
    return record


def add_funding_source(
    session: Session, draft: FundingSourceDraft
) -> models.FundingSource:
    """Add a funding source with its eligibility window."""
    ensure_ref_free(session, draft.ref)
    record = _apply_funding_source(
        models.FundingSource(ref=draft.ref, name=draft.name, kind=draft.kind.value),
        draft,
    )
    session.add(record)
    session.flush()
    return record


def update_funding_source(
    session: Session, record: models.FundingSource, draft: FundingSourceDraft
) -> models.FundingSource:
    """Replace a funding source's fields, with the checks of adding one."""
    _apply_funding_source(record, draft)
    session.add(record)
    session.flush()
    return record


def _apply_allocation(
    session: Session, record: models.FundingAllocation, draft: AllocationDraft
) -> models.FundingAllocation:
    """Check an allocation draft (its source, the tender or contract it funds, the
    amount) and set the record's columns from it."""
    source = resolve(session, models.FundingSource, draft.source, field="source")
    target = find_ref(session, draft.funds)
    if target is None or target[0] not in ("tender", "contract"):
        raise ValidationError(
            "funds", draft.funds, N_("no tender or contract has this reference")
        )
    kind, target_id = target
    amount = (
        None
        if draft.amount is None
        else to_cents(parse_money(draft.amount, field="amount"))
    )
    record.ref = draft.ref
    record.source_id = record_id(source)
    record.tender_id = target_id if kind == "tender" else None
    record.contract_id = target_id if kind == "contract" else None
    record.amount_cents = amount
    record.status = draft.status.value
    record.note = draft.note
    return record


def add_allocation(
    session: Session, draft: AllocationDraft
) -> models.FundingAllocation:
    """Tie an amount of a funding source to a tender or a contract."""
    ensure_ref_free(session, draft.ref)
    record = _apply_allocation(
        session,
        new_record(
            session, models.FundingAllocation, ref=draft.ref, source_id=0, status=""
        ),
        draft,
    )
    session.add(record)
    session.flush()
    return record


def update_allocation(
    session: Session, record: models.FundingAllocation, draft: AllocationDraft
) -> models.FundingAllocation:
    """Replace an allocation's fields, with the checks of adding one."""
    _apply_allocation(session, record, draft)
    session.add(record)
    session.flush()
    return record


def _apply_deadline(
    session: Session, record: models.Deadline, draft: DeadlineDraft
) -> models.Deadline:
    """Check a deadline draft (its subject names a record, recurrence ends after the
    first due day) and set the record's columns from it."""
    if draft.subject is not None and find_ref(session, draft.subject) is None:
        raise ValidationError(
            "subject", draft.subject, N_("no record has this reference")
        )
    check_period(draft.due, draft.recurrence_until, field="recurrence")
    record.ref = draft.ref
    record.title = draft.title
    record.due = draft.due
    record.lead_days = draft.lead_days
    record.owner = draft.owner
    record.subject_ref = draft.subject
    record.recurrence = draft.recurrence.value
    record.recurrence_until = draft.recurrence_until
    record.state = draft.state.value
    record.done_through = draft.done_through
    record.note = draft.note
    return record


def add_deadline(session: Session, draft: DeadlineDraft) -> models.Deadline:
    """Add an explicit deadline, one-off or recurring."""
    ensure_ref_free(session, draft.ref)
    record = _apply_deadline(
        session,
        models.Deadline(ref=draft.ref, title=draft.title, due=draft.due),
        draft,
    )
    session.add(record)
    session.flush()
    return record


def update_deadline(
    session: Session, record: models.Deadline, draft: DeadlineDraft
) -> models.Deadline:
    """Replace an explicit deadline's fields, with the checks of adding one."""
    _apply_deadline(session, record, draft)
    session.add(record)
    session.flush()
    return record


def _note_text(text: str) -> str:
    if not text.strip():
        raise ValidationError("text", text, N_("a note must not be blank"))
    return check_text(text, field="text", block=True)


def _utc(moment: datetime, *, field: str) -> datetime:
    if moment.tzinfo is None:
        raise ValidationError(
            field, moment.isoformat(), N_("give the time zone, e.g. +01:00 or Z")
        )
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValidationError(field, moment.isoformat(), N_("out of range")) from None


def add_note(session: Session, draft: NoteDraft) -> models.Note:
    """Attach a dated note to any named record."""
    if find_ref(session, draft.subject) is None:
        raise ValidationError(
            "subject", draft.subject, N_("no record has this reference")
        )
    record = models.Note(
        subject_ref=draft.subject,
        written_at=_utc(draft.written_at, field="written_at"),
        author=draft.author,
        text=_note_text(draft.text),
    )
    session.add(record)
    session.flush()
    return record


def get_note(session: Session, note_id: int) -> models.Note:
    note = session.get(models.Note, note_id)
    if note is None:
        raise NotFoundError("note", str(note_id))
    return note


def update_note(session: Session, note_id: int, text: str) -> models.Note:
    """Replace a note's text; who wrote it and when stay (the history has the edit)."""
    note = get_note(session, note_id)
    note.text = _note_text(text)
    session.add(note)
    session.flush()
    return note


def delete_note(session: Session, note_id: int) -> None:
    session.delete(get_note(session, note_id))
    session.flush()
