"""The kept facts of the funding findings, built from the records and read for a
day.

An allocation keeps its own findings (funds pending, spending past its source's
eligibility, payments past its source's paid-by day); a contract keeps whether
its allocations add up to its value and, when no funded tender pays for it, its
cover; a tender with funding keeps the cover of its contracts. What a fact holds
is in ``tracker.domain.funding``; the lead times and the day are applied when
reading, so that reading for a day gives what the funding rules give for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.domain.alerts import Finding
from tracker.domain.funding import (
    AllocationFact,
    PaymentFact,
    cover_facts,
    cover_groups,
    eligibility_facts,
    funding_of,
    funding_on,
    may_find,
    mismatch_facts,
    paid_by_facts,
    pending_facts,
)
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.money import from_cents
from tracker.queries.facts import contract_facts, id_chunks, shared, tender_facts
from tracker.queries.kept_findings import payloads_on
from tracker.queries.tables import table_of

ALLOCATION: Any = table_of(models.FundingAllocation)
SOURCE: Any = table_of(models.FundingSource)
TENDER: Any = table_of(models.Tender)
CONTRACT: Any = table_of(models.Contract)
LOT: Any = table_of(models.Lot)
PAYMENT: Any = table_of(models.Payment)


@dataclass(frozen=True)
class AllocationRow:
    """An allocation as the funding rules read it, with the rows it ties."""

    id: int
    tender_id: int | None
    contract_id: int | None
    fact: AllocationFact


def read_allocations(
    session: Session, column: str = "id", ids: Collection[int] | None = None
) -> list[AllocationRow]:
    """The allocations whose ``column`` (``id``, ``tender_id``, ``contract_id``)
    is one of ``ids`` (every allocation with None), by reference, with their
    source's days and the reference of what they fund."""
    every = shared(session, "allocations", lambda: _read_allocations(session))
    if every is None:
        return _read_allocations(session, column, ids)
    wanted = None if ids is None else set(ids)
    return [
        row
        for row in every
        if (value := getattr(row, column)) is not None
        and (wanted is None or value in wanted)
    ]


def _read_allocations(
    session: Session, column: str = "id", ids: Collection[int] | None = None
) -> list[AllocationRow]:
    a, s, t, c = ALLOCATION, SOURCE, TENDER, CONTRACT
    query = (
        select(
            a.c.id,
            a.c.ref,
            a.c.amount_cents,
            a.c.status,
            a.c.tender_id,
            a.c.contract_id,
            s.c.ref.label("source"),
            s.c.name.label("source_name"),
            s.c.eligible_until,
            s.c.paid_by,
            t.c.ref.label("tender_ref"),
            c.c.ref.label("contract_ref"),
        )
        .join(s, s.c.id == a.c.source_id)
        .outerjoin(t, t.c.id == a.c.tender_id)
        .outerjoin(c, c.c.id == a.c.contract_id)
    )
    if ids is None:
        # every allocation of a tender, or of a contract
        query = query.where(a.c[column].is_not(None))
    rows = []
    for chunk in id_chunks(ids):
        part = query if chunk is None else query.where(a.c[column].in_(chunk))
        # unpacked as tuples: a whole build reads every allocation
        for (
            allocation_id,
            ref,
            cents,
            status,
            tender_id,
            contract_id,
            source,
            source_name,
            eligible_until,
            paid_by,
            tender_ref,
            contract_ref,
        ) in session.connection().execute(part).all():
            fact = AllocationFact(
                ref,
                source,
                source_name,
                eligible_until,
                tender_ref or contract_ref,
                None if cents is None else from_cents(cents),
                status,
                paid_by,
            )
            rows.append(AllocationRow(allocation_id, tender_id, contract_id, fact))
    rows.sort(key=lambda r: r.fact.ref)
    return rows


def read_payments(
    session: Session, contract_ids: Collection[int]
) -> dict[int, list[PaymentFact]]:
    """The payments of some contracts, by contract id, in their order."""
    p = PAYMENT
    payments: dict[int, list[PaymentFact]] = defaultdict(list)
    for chunk in id_chunks(contract_ids):
        query = (
            select(p.c.contract_id, p.c.paid_on, p.c.amount_cents)
            .where(p.c.contract_id.in_(chunk))
            .order_by(p.c.contract_id, p.c.position)
        )
        for contract_id, paid_on, cents in session.connection().execute(query).all():
            payments[contract_id].append(PaymentFact(paid_on, from_cents(cents)))
    return payments


def build_funding(
    session: Session, scope: ScopeKind, ids: Collection[int] | None
) -> list[Fact]:
    """The funding facts of the records of ``scope`` with ``ids`` (all with None)."""
    match scope:
        case ScopeKind.ALLOCATION:
            return _allocation_facts(session, ids)
        case ScopeKind.CONTRACT:
            return _contract_facts(session, ids)
        case ScopeKind.TENDER:
            return _tender_facts(session, ids)
    return []


def _allocation_facts(session: Session, ids: Collection[int] | None) -> list[Fact]:
    """Each allocation's own findings: pending funds, spending past its source's
    eligibility, payments past its source's paid-by day."""
    allocations = [a for a in read_allocations(session, "id", ids) if may_find(a.fact)]
    tender_ids = {a.tender_id for a in allocations if a.tender_id is not None}
    contract_ids = {a.contract_id for a in allocations if a.contract_id is not None}
    tenders = {t.id: t for t in tender_facts(session, tender_ids)}
    contracts = {c.id: c for c in contract_facts(session, contract_ids)}
    paying = {a.contract_id for a in allocations if a.fact.paid_by is not None}
    payments = read_payments(session, {i for i in paying if i is not None})
    facts = []
    for a in allocations:
        tender = None if a.tender_id is None else tenders.get(a.tender_id)
        contract = None if a.contract_id is None else contracts.get(a.contract_id)
        facts += pending_facts(a.fact, a.id, tender, contract)
        if contract is not None and a.contract_id is not None:
            facts += eligibility_facts(a.fact, a.id, contract)
            paid = payments.get(a.contract_id, [])
            facts += paid_by_facts(a.fact, a.id, contract, paid)
    return facts


def _contract_facts(session: Session, ids: Collection[int] | None) -> list[Fact]:
    """Each contract's mismatch, and its cover when no funded tender pays for it
    (the tenders' allocations are read to know which are funded)."""
    own = read_allocations(session, "contract_id", ids)
    by_contract: dict[int, list[AllocationFact]] = defaultdict(list)
    for a in own:
        if a.contract_id is not None:
            by_contract[a.contract_id].append(a.fact)
    # a contract with no allocation of its own has neither finding
    contracts = [c for c in contract_facts(session, ids) if c.id in by_contract]
    if ids is None:
        tenders = read_allocations(session, "tender_id", None)
    else:
        tender_ids = _tenders_of(session, ids)
        tenders = read_allocations(session, "tender_id", tender_ids)
    facts = []
    for c in contracts:
        facts += mismatch_facts(c, _id(c.id), by_contract[_id(c.id)])
    groups = cover_groups([a.fact for a in [*own, *tenders]], contracts)
    for c in contracts:
        if c.ref in groups:
            group, counted = groups[c.ref]
            facts += cover_facts(c.ref, ScopeKind.CONTRACT, _id(c.id), group, counted)
    return facts


def _tender_facts(session: Session, ids: Collection[int] | None) -> list[Fact]:
    """The cover of the contracts of each tender with funding of its own."""
    tenders = read_allocations(session, "tender_id", ids)
    funded = {a.tender_id: a.fact.funds for a in tenders if a.tender_id is not None}
    if not funded:
        return []
    contract_ids = _contracts_of(session, funded)
    contracts = contract_facts(session, contract_ids)
    own = read_allocations(session, "contract_id", contract_ids)
    groups = cover_groups([a.fact for a in [*tenders, *own]], contracts)
    facts = []
    for tender_id, ref in sorted(funded.items()):
        if ref in groups:
            group, counted = groups[ref]
            facts += cover_facts(ref, ScopeKind.TENDER, tender_id, group, counted)
    return facts


def _tenders_of(session: Session, contract_ids: Collection[int]) -> set[int]:
    """The tenders of the lots the contracts were awarded on."""
    found: set[int] = set()
    for chunk in id_chunks(contract_ids):
        query = (
            select(LOT.c.tender_id)
            .join(CONTRACT, CONTRACT.c.lot_id == LOT.c.id)
            .where(CONTRACT.c.id.in_(chunk))
        )
        found.update(session.execute(query).scalars())
    return found


def _contracts_of(session: Session, tender_ids: Collection[int]) -> set[int]:
    """The contracts awarded on the lots of the tenders."""
    found: set[int] = set()
    for chunk in id_chunks(tender_ids):
        query = (
            select(CONTRACT.c.id)
            .join(LOT, CONTRACT.c.lot_id == LOT.c.id)
            .where(LOT.c.tender_id.in_(chunk))
        )
        found.update(session.execute(query).scalars())
    return found


def _id(contract_id: int | None) -> int:
    if contract_id is None:
        raise ValueError("a contract read from the database has an id")
    return contract_id


def kept_funding_findings(
    session: Session,
    *,
    as_of: date,
    lead_days_for: Callable[[str | None], int],
    facts: Iterable[Fact] | None = None,
) -> list[Finding]:
    """What ``funding_findings``, ``cover_findings`` and ``paid_by_findings`` find
    on ``as_of``, in that order, from the kept facts."""
    if facts is None:
        held = payloads_on(session, FamilyName.FUNDING, as_of)
        return funding_of(held, as_of=as_of, lead_days_for=lead_days_for)
    return funding_on(facts, as_of=as_of, lead_days_for=lead_days_for)
