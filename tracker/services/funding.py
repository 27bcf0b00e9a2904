"""Funding sources and the allocations that tie their money to tenders and contracts."""

from __future__ import annotations

from sqlmodel import Session

from tracker import models
from tracker.domain.money import parse_money, to_cents
from tracker.domain.periods import check_day, check_period
from tracker.drafts import AllocationDraft, FundingSourceDraft
from tracker.errors import N_, ValidationError
from tracker.queries.refs import find_ref
from tracker.services.refs import add_new, new_record, record_id, resolve


def apply_funding_source(
    _session: Session, record: models.FundingSource, draft: FundingSourceDraft
) -> None:
    """Check a funding source draft and set the record's columns from it."""
    check_period(draft.eligible_from, draft.eligible_until, field="eligible")
    if draft.paid_by is not None:
        check_day(draft.paid_by, field="paid_by")
    record.ref = draft.ref
    record.name = draft.name
    record.kind = draft.kind.value
    record.funder = draft.funder
    record.eligible_from = draft.eligible_from
    record.eligible_until = draft.eligible_until
    record.paid_by = draft.paid_by
    record.note = draft.note


def add_funding_source(
    session: Session, draft: FundingSourceDraft
) -> models.FundingSource:
    """Add a funding source with its eligibility window."""
    record = models.FundingSource(ref=draft.ref, name=draft.name, kind=draft.kind.value)
    return add_new(session, record, draft, apply_funding_source)


def apply_allocation(
    session: Session, record: models.FundingAllocation, draft: AllocationDraft
) -> None:
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


def add_allocation(
    session: Session, draft: AllocationDraft
) -> models.FundingAllocation:
    """Tie an amount of a funding source to a tender or a contract."""
    record = new_record(
        session, models.FundingAllocation, ref=draft.ref, source_id=0, status=""
    )
    return add_new(session, record, draft, apply_allocation)
