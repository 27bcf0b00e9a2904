"""Funding findings: funds awaiting confirmation, spending past a source's
eligibility, and allocations that do not add up to what a contract costs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from tracker.domain.alerts import RECENT, AlertKind, Finding, Severity
from tracker.domain.deadlines import procedure_start
from tracker.domain.kinds import FundingStatus
from tracker.domain.periods import Period
from tracker.domain.records import ContractTerms, TenderTerms
from tracker.domain.rules import amount_at_risk, share_after


@dataclass(frozen=True)
class AllocationFact:
    """An allocation of a source's funds to the tender or contract ``funds``."""

    ref: str
    source: str
    source_name: str
    eligible_until: date | None
    funds: str
    amount: Decimal | None
    status: str


@dataclass(frozen=True)
class PastEligibility:
    """A contract that runs past the eligibility of a source paying for it."""

    contract: str
    ends: date
    allocation: AllocationFact
    eligible_until: date
    fraction: Fraction
    """The share of the contract's days after the eligibility ends."""
    at_risk: Decimal | None


@dataclass(frozen=True)
class AllocationMismatch:
    contract: str
    allocated: Decimal
    total: Decimal


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
    findings = [
        _pending(a, tender_by_ref.get(a.funds), contract_by_ref, lead_days_for)
        for a in allocations
        if a.status == FundingStatus.PENDING_CONFIRMATION
    ]
    by_contract: dict[str, list[AllocationFact]] = defaultdict(list)
    for a in allocations:
        if a.funds in contract_by_ref:
            by_contract[a.funds].append(a)
    for ref, funded in sorted(by_contract.items()):
        contract = contract_by_ref[ref]
        # a contract with no known end may still run
        if contract.covered_until is None or contract.covered_until >= as_of - RECENT:
            findings += _contract_funding(contract, funded)
    return findings


def _pending(
    allocation: AllocationFact,
    tender: TenderTerms | None,
    contracts: dict[str, ContractTerms],
    lead_days_for: Callable[[str | None], int],
) -> Finding:
    # funds for a tender are needed by the day its procedure must start; a
    # contract's are needed already
    due = (
        None
        if tender is None
        else procedure_start(tender.latest_start, lead_days_for(tender.procedure_type))
    )
    subject = tender.title if tender else contracts[allocation.funds].title
    return Finding(
        Severity.WARNING,
        AlertKind.FUNDING_PENDING,
        due,
        subject,
        allocation.funds,
        allocation,
    )


def _contract_funding(
    contract: ContractTerms, allocations: Sequence[AllocationFact]
) -> Iterator[Finding]:
    total = contract.total_gross
    # the share past eligibility needs both ends; with one unknown it is not guessed
    period = (
        None
        if contract.start is None or contract.covered_until is None
        else Period(contract.start, contract.covered_until)
    )
    for a in allocations:
        until = a.eligible_until
        if period is None or until is None or period.end <= until:
            continue
        fraction = share_after(period, until)
        # an allocation without an amount puts the whole contract at stake
        base = a.amount if a.amount is not None else total
        yield Finding(
            Severity.WARNING,
            AlertKind.FUNDING_ELIGIBILITY,
            until,
            contract.title,
            contract.ref,
            PastEligibility(
                contract.ref,
                period.end,
                a,
                until,
                fraction,
                None if base is None else amount_at_risk(base, fraction),
            ),
        )
    # the sum is comparable only when every part of it is stated
    if total is None or any(a.amount is None for a in allocations):
        return
    allocated = sum(
        (a.amount for a in allocations if a.amount is not None), Decimal("0.00")
    )
    if allocated != total:
        yield Finding(
            Severity.WARNING,
            AlertKind.FUNDING_MISMATCH,
            None,
            contract.title,
            contract.ref,
            AllocationMismatch(contract.ref, allocated, total),
        )
