"""Funding sources and allocations; explicit deadlines and notes."""

from __future__ import annotations

from datetime import UTC

from sqlmodel import Session

from tracker import models
from tracker.domain.money import parse_money, to_cents
from tracker.domain.periods import check_period
from tracker.drafts import AllocationDraft, DeadlineDraft, FundingSourceDraft, NoteDraft
from tracker.errors import ValidationError
from tracker.services.refs import ensure_ref_free, find_ref, resolve


def add_funding_source(
    session: Session, draft: FundingSourceDraft
) -> models.FundingSource:
    """Add a funding source with its eligibility window."""
    ensure_ref_free(session, draft.ref)
    check_period(draft.eligible_from, draft.eligible_until, field="eligible")
    record = models.FundingSource(
        ref=draft.ref,
        name=draft.name,
        kind=draft.kind.value,
        funder=draft.funder,
        eligible_from=draft.eligible_from,
        eligible_until=draft.eligible_until,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def add_allocation(
    session: Session, draft: AllocationDraft
) -> models.FundingAllocation:
    """Tie an amount of a funding source to a tender or a contract."""
    ensure_ref_free(session, draft.ref)
    source = resolve(session, models.FundingSource, draft.source, field="source")
    target = find_ref(session, draft.funds)
    if target is None or target[0] not in ("tender", "contract"):
        raise ValidationError(
            "funds", draft.funds, "no tender or contract has this reference"
        )
    kind, target_id = target
    amount = (
        None
        if draft.amount is None
        else to_cents(parse_money(draft.amount, field="amount"))
    )
    record = models.FundingAllocation(
        ref=draft.ref,
        source_id=source.id,  # type: ignore[arg-type]
        tender_id=target_id if kind == "tender" else None,
        contract_id=target_id if kind == "contract" else None,
        amount_cents=amount,
        status=draft.status.value,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def add_deadline(session: Session, draft: DeadlineDraft) -> models.Deadline:
    """Add an explicit deadline, one-off or recurring."""
    ensure_ref_free(session, draft.ref)
    if draft.subject is not None and find_ref(session, draft.subject) is None:
        raise ValidationError("subject", draft.subject, "no record has this reference")
    check_period(draft.due, draft.recurrence_until, field="recurrence")
    record = models.Deadline(
        ref=draft.ref,
        title=draft.title,
        due=draft.due,
        lead_days=draft.lead_days,
        owner=draft.owner,
        subject_ref=draft.subject,
        recurrence=draft.recurrence.value,
        recurrence_until=draft.recurrence_until,
        state=draft.state.value,
        done_through=draft.done_through,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def add_note(session: Session, draft: NoteDraft) -> models.Note:
    """Attach a dated note to any named record."""
    if find_ref(session, draft.subject) is None:
        raise ValidationError("subject", draft.subject, "no record has this reference")
    written_at = draft.written_at
    if written_at.tzinfo is None:
        raise ValidationError(
            "written_at", written_at.isoformat(), "give the time zone, e.g. +01:00 or Z"
        )
    try:
        written_utc = written_at.astimezone(UTC)
    except OverflowError:
        raise ValidationError(
            "written_at", written_at.isoformat(), "out of range"
        ) from None
    record = models.Note(
        subject_ref=draft.subject,
        written_at=written_utc,
        author=draft.author,
        text=draft.text,
    )
    session.add(record)
    session.flush()
    return record
