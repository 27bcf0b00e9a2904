"""Funding findings: funds awaiting confirmation, spending past a source's
eligibility, allocations that do not add up to what a contract costs, and payments
that miss a source's must-be-paid-by day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from tracker.domain.alerts import RECENT, AlertKind, Finding, Severity
from tracker.domain.funding_cover import (
    FundedContract,
    cover_facts,
    cover_findings,
    cover_groups,
    known_value,
    weigh_cover,
)
from tracker.domain.funding_details import (
    AllocationFact,
    AllocationMismatch,
    FundingCover,
    OverFunding,
    PaidAfter,
    PastEligibility,
    PaymentFact,
    UnpaidAtPaidBy,
    funding_fact,
    funding_of,
    funding_on,
)
from tracker.domain.kept import Fact, ScopeKind
from tracker.domain.kinds import FundingStatus
from tracker.domain.periods import Period
from tracker.domain.records import ContractTerms, TenderTerms
from tracker.domain.rules import amount_at_risk, reported_until, share_after

__all__ = [
    "AllocationFact",
    "AllocationMismatch",
    "FundedContract",
    "FundingCover",
    "OverFunding",
    "PaidAfter",
    "PastEligibility",
    "PaymentFact",
    "UnpaidAtPaidBy",
    "cover_facts",
    "cover_findings",
    "cover_groups",
    "eligibility_facts",
    "funding_findings",
    "funding_of",
    "funding_on",
    "known_value",
    "may_find",
    "mismatch_facts",
    "paid_by_facts",
    "paid_by_findings",
    "pending_facts",
    "weigh_cover",
]


def funding_findings(
    allocations: Sequence[AllocationFact],
    contracts: Sequence[ContractTerms],
    tenders: Sequence[TenderTerms],
    *,
    as_of: date,
    lead_days_for: Callable[[str | None], int],
) -> list[Finding]:
    """Pending funds; for contracts running or ended within a year, spending past a
    source's eligibility and allocations that do not match the amount."""
    contract_by_ref = {c.ref: c for c in contracts}
    tender_by_ref = {t.ref: t for t in tenders}
    # the facts the database keeps, here kept nowhere: no record id is needed
    facts: list[Fact] = []
    by_contract: dict[str, list[AllocationFact]] = defaultdict(list)
    for a in allocations:
        contract = contract_by_ref.get(a.funds)
        facts += pending_facts(a, 0, tender_by_ref.get(a.funds), contract)
        if contract is not None:
            facts += eligibility_facts(a, 0, contract)
            by_contract[a.funds].append(a)
    for ref, funded in by_contract.items():
        facts += mismatch_facts(contract_by_ref[ref], 0, funded)
    return funding_on(facts, as_of=as_of, lead_days_for=lead_days_for)


def may_find(allocation: AllocationFact) -> bool:
    """Whether an allocation can raise a finding of its own: funds pending, or a
    source with an eligibility end or a paid-by day (the others need not be read
    with what they fund)."""
    return (
        allocation.status == FundingStatus.PENDING_CONFIRMATION
        or allocation.eligible_until is not None
        or allocation.paid_by is not None
    )


def pending_facts(
    allocation: AllocationFact,
    scope_id: int,
    tender: TenderTerms | None,
    contract: ContractTerms | None,
) -> list[Fact]:
    """An allocation awaiting confirmation, of the tender or contract it funds;
    the day its funds are needed (a tender's procedure start, less the lead time
    of its procedure type) is worked out when read: a contract's are needed
    already."""
    if allocation.status != FundingStatus.PENDING_CONFIRMATION:
        return []
    subject = tender.title if tender else contract.title if contract else None
    if subject is None:
        return []
    finding = Finding(
        Severity.WARNING,
        AlertKind.FUNDING_PENDING,
        None,
        subject,
        allocation.funds,
        allocation,
    )
    needed = None
    if tender is not None:
        latest = tender.latest_start
        needed = [None if latest is None else latest.isoformat(), tender.procedure_type]
    return [
        funding_fact(
            finding,
            ScopeKind.ALLOCATION,
            scope_id,
            f"pending/{allocation.ref}",
            [0, allocation.ref],
            tender=needed,
        )
    ]


def eligibility_facts(
    allocation: AllocationFact, scope_id: int, contract: ContractTerms
) -> list[Fact]:
    """A contract that runs past the eligibility of a source paying for it,
    reported until a year after the contract ends."""
    until = allocation.eligible_until
    # the share past eligibility needs both ends; with one unknown it is not guessed
    if contract.start is None or contract.covered_until is None or until is None:
        return []
    period = Period(contract.start, contract.covered_until)
    if period.end <= until:
        return []
    fraction = share_after(period, until)
    # an allocation without an amount puts the whole contract at stake
    base = allocation.amount if allocation.amount is not None else contract.total_gross
    finding = Finding(
        Severity.WARNING,
        AlertKind.FUNDING_ELIGIBILITY,
        until,
        contract.title,
        contract.ref,
        PastEligibility(
            contract.ref,
            period.end,
            allocation,
            until,
            fraction,
            None if base is None else amount_at_risk(base, fraction),
        ),
    )
    return [
        funding_fact(
            finding,
            ScopeKind.ALLOCATION,
            scope_id,
            f"eligibility/{allocation.ref}",
            [1, contract.ref, 0, allocation.ref],
            day_until=reported_until(period.end),
        )
    ]


def mismatch_facts(
    contract: ContractTerms, scope_id: int, allocations: Sequence[AllocationFact]
) -> list[Fact]:
    """A contract whose allocations do not add up to its value, reported until a
    year after it ends."""
    # the sum is comparable only when every part of it is stated
    if any(a.amount is None for a in allocations):
        return []
    total = contract.total_gross
    if total is None:
        return []
    allocated = sum(
        (a.amount for a in allocations if a.amount is not None), Decimal("0.00")
    )
    if allocated == total:
        return []
    finding = Finding(
        Severity.WARNING,
        AlertKind.FUNDING_MISMATCH,
        None,
        contract.title,
        contract.ref,
        AllocationMismatch(contract.ref, allocated, total),
    )
    return [
        funding_fact(
            finding,
            ScopeKind.CONTRACT,
            scope_id,
            "mismatch",
            [1, contract.ref, 1],
            day_until=reported_until(contract.covered_until),
        )
    ]


def paid_by_findings(
    allocations: Sequence[AllocationFact],
    contracts: Sequence[ContractTerms],
    payments: Mapping[str, Sequence[PaymentFact]],
    *,
    as_of: date,
) -> list[Finding]:
    """For each contract funded by a source with a paid-by day: its payments dated
    after that day (not eligible), and, from that day on, an allocation the
    payments made up to the day do not cover.

    Payments are not attributed to a source: all the contract's payments up to the
    day count towards each allocation. An allocation without an amount is weighed
    against the contract's value; with neither stated it cannot be checked and is
    not reported. Findings stop a year after the paid-by day or the last late
    payment.
    """
    by_ref = {c.ref: c for c in contracts}
    facts: list[Fact] = []
    for a in allocations:
        contract = by_ref.get(a.funds)
        if contract is not None:
            facts += paid_by_facts(a, 0, contract, payments.get(a.funds, ()))
    return funding_on(facts, as_of=as_of, lead_days_for=lambda _: 0)


def paid_by_facts(
    allocation: AllocationFact,
    scope_id: int,
    contract: ContractTerms,
    payments: Sequence[PaymentFact],
) -> list[Fact]:
    """The paid-by findings of an allocation of a contract (``paid_by_findings``)."""
    paid_by = allocation.paid_by
    if paid_by is None:
        return []
    late = [p for p in payments if p.paid_on > paid_by]
    reported = max((p.paid_on for p in late), default=paid_by) + RECENT
    key = f"{contract.ref}/{{kind}}/{allocation.ref}"
    facts = []
    if late:
        finding = Finding(
            Severity.WARNING,
            AlertKind.PAID_AFTER_PAID_BY,
            paid_by,
            contract.title,
            contract.ref,
            PaidAfter(
                contract.ref,
                allocation,
                paid_by,
                len(late),
                sum((p.amount for p in late), Decimal("0.00")),
            ),
            key=key.format(kind=AlertKind.PAID_AFTER_PAID_BY.value),
        )
        facts.append(
            funding_fact(
                finding,
                ScopeKind.ALLOCATION,
                scope_id,
                finding.key,
                (3, allocation.ref, 0),
                day_until=reported,
            )
        )
    owed = allocation.amount if allocation.amount is not None else contract.total_gross
    if owed is None:
        return facts
    paid = sum((p.amount for p in payments if p.paid_on <= paid_by), Decimal("0.00"))
    if paid < owed:
        # whether the day is over is the reading day's
        finding = Finding(
            Severity.WARNING,
            AlertKind.UNPAID_AT_PAID_BY,
            paid_by,
            contract.title,
            contract.ref,
            UnpaidAtPaidBy(contract.ref, allocation, paid_by, owed, paid, False),
            key=key.format(kind=AlertKind.UNPAID_AT_PAID_BY.value),
        )
        facts.append(
            funding_fact(
                finding,
                ScopeKind.ALLOCATION,
                scope_id,
                finding.key,
                (3, allocation.ref, 1),
                day_from=paid_by,
                day_until=reported,
            )
        )
    return facts
