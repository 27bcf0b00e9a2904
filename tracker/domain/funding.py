"""Funding findings: funds awaiting confirmation, spending past a source's
eligibility, allocations that do not add up to what a contract costs, and payments
that miss a source's must-be-paid-by day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Protocol

from tracker.domain.alerts import RECENT, AlertKind, Finding, Severity
from tracker.domain.deadlines import procedure_start
from tracker.domain.kinds import FundingStatus, OptionState
from tracker.domain.money import Amount
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
    paid_by: date | None = None
    """The day by which spending must be paid to count (POR FSE: 31/12/2023)."""


@dataclass(frozen=True)
class PaymentFact:
    """Cash paid on a contract: VAT included."""

    paid_on: date
    amount: Decimal


@dataclass(frozen=True)
class PaidAfter:
    """Payments of a contract made after the paid-by day of a source funding it:
    that source does not pay for them."""

    contract: str
    allocation: AllocationFact
    paid_by: date
    payments: int
    amount: Decimal


@dataclass(frozen=True)
class UnpaidAtPaidBy:
    """An allocation not fully paid by its source's paid-by day (``passed``: the
    day is over, else it is today)."""

    contract: str
    allocation: AllocationFact
    paid_by: date
    owed: Decimal
    """The allocation's amount, or the contract's value when it states none."""
    paid: Decimal
    """What the contract's payments made up to the day add up to."""
    passed: bool

    @property
    def unpaid(self) -> Decimal:
        return self.owed - self.paid


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
    findings: list[Finding] = []
    for a in allocations:
        contract = by_ref.get(a.funds)
        if a.paid_by is None or contract is None:
            continue
        findings += _paid_by(a, a.paid_by, contract, payments.get(a.funds, ()), as_of)
    return findings


def _paid_by(
    allocation: AllocationFact,
    paid_by: date,
    contract: ContractTerms,
    payments: Sequence[PaymentFact],
    as_of: date,
) -> Iterator[Finding]:
    late = [p for p in payments if p.paid_on > paid_by]
    last = max((p.paid_on for p in late), default=paid_by)
    if last < as_of - RECENT:
        return
    key = f"{contract.ref}/{{kind}}/{allocation.ref}"
    if late:
        yield Finding(
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
    owed = allocation.amount if allocation.amount is not None else contract.total_gross
    if as_of < paid_by or owed is None:
        return
    paid = sum((p.amount for p in payments if p.paid_on <= paid_by), Decimal("0.00"))
    if paid < owed:
        yield Finding(
            Severity.WARNING,
            AlertKind.UNPAID_AT_PAID_BY,
            paid_by,
            contract.title,
            contract.ref,
            UnpaidAtPaidBy(
                contract.ref, allocation, paid_by, owed, paid, as_of > paid_by
            ),
            key=key.format(kind=AlertKind.UNPAID_AT_PAID_BY.value),
        )


class FundingCover(StrEnum):
    """How a contract's value weighs against the funds confirmed for it."""

    EXCEEDS = "exceeds"
    """Above the confirmed funds: certain even where only a floor of it is known."""
    UNCHECKABLE = "uncheckable"
    """Not above what is known of it, but a half or an option's amount is missing."""


def known_value(amounts: Sequence[Amount | None]) -> tuple[Decimal, bool]:
    """What is known of a sum of amounts VAT included: the sum of their grosses,
    with the net where only the net is stated (the gross is at least that) and
    nothing for an amount not stated; and whether that is the sum exactly."""
    stated = [a for a in amounts if a is not None]
    floor = sum(
        (a.gross if a.gross is not None else a.value for a in stated), Decimal("0.00")
    )
    exact = len(stated) == len(amounts) and all(a.gross is not None for a in stated)
    return floor, exact


def weigh_cover(
    amounts: Sequence[Amount | None], funded: Decimal
) -> FundingCover | None:
    """Whether the sum of ``amounts`` (a base and its exercised options) exceeds
    ``funded`` (VAT included, as funds pay); None when it is within.

    A sum above the funds is above them for certain even when it is only a floor
    (nets, or amounts not stated, in it); a floor within them cannot be said to
    stay within.
    """
    floor, exact = known_value(amounts)
    if floor > funded:
        return FundingCover.EXCEEDS
    return None if exact else FundingCover.UNCHECKABLE


class FundedContract(ContractTerms, Protocol):
    @property
    def tender(self) -> str | None:
        """The tender the contract was awarded by, if recorded."""
        ...


@dataclass(frozen=True)
class OverFunding:
    """Contracts whose value (base and exercised options) is above, or cannot be
    weighed against, the funds confirmed for them."""

    contracts: tuple[str, ...]
    funds: str
    """Whose confirmed allocations are weighed: the contract itself, or its tender
    (with those of its contracts)."""
    funded: Decimal
    """The confirmed allocations' amounts added up."""
    gross: Decimal | None
    """The contracts' value VAT included, when every part of it states it."""
    floor: Decimal
    """What is known of the value: grosses, and nets where only the net is stated."""
    cover: FundingCover
    own: bool = False
    """Whether confirmed funds of the contracts' own count besides the tender's."""

    @property
    def excess(self) -> Decimal:
        """By how much the known value exceeds the funds (at least)."""
        return self.floor - self.funded


def _value(contract: ContractTerms) -> list[Amount | None]:
    return [
        contract.amount,
        *(o.amount for o in contract.options if o.state == OptionState.EXERCISED),
    ]


def cover_findings(
    allocations: Sequence[AllocationFact],
    contracts: Sequence[FundedContract],
    *,
    as_of: date,
) -> list[Finding]:
    """Contracts running or ended within a year whose value is above the funds
    confirmed for them, or cannot be weighed against them.

    A tender's funds pay for all its lots: the contracts of a tender with funding
    of its own are weighed together against its confirmed funds plus their own
    confirmed ones. A contract with no funded tender is weighed against its own;
    when all of those are confirmed and stated the mismatch finding already
    compares them with its value, and this one says nothing more. Pending or
    planned funds do not count. Funds confirmed with no amount stated cannot be
    weighed, and nothing is said (the funding table says "not stated"); nor for
    a contract with no funding recorded at all.
    """
    by_funds: dict[str, list[AllocationFact]] = defaultdict(list)
    for a in allocations:
        by_funds[a.funds].append(a)
    groups: dict[str, list[FundedContract]] = defaultdict(list)
    for c in contracts:
        if c.amount is None:
            continue
        own = by_funds.get(c.ref, [])
        if c.tender is not None and c.tender in by_funds:
            groups[c.tender].append(c)
        elif own and not all(
            a.status == FundingStatus.CONFIRMED and a.amount is not None for a in own
        ):
            groups[c.ref].append(c)
    findings = []
    for funds, group in sorted(groups.items()):
        if all(
            c.covered_until is not None and c.covered_until < as_of - RECENT
            for c in group
        ):
            continue
        counted = [*by_funds[funds]]
        if funds not in {c.ref for c in group}:
            counted += [a for c in group for a in by_funds.get(c.ref, [])]
        finding = _cover(funds, group, counted)
        if finding is not None:
            findings.append(finding)
    return findings


def _cover(
    funds: str, group: Sequence[FundedContract], allocations: Sequence[AllocationFact]
) -> Finding | None:
    confirmed = [a for a in allocations if a.status == FundingStatus.CONFIRMED]
    if any(a.amount is None for a in confirmed):
        return None
    funded = sum((a.amount for a in confirmed if a.amount is not None), Decimal("0.00"))
    amounts = [a for c in group for a in _value(c)]
    cover = weigh_cover(amounts, funded)
    if cover is None:
        return None
    floor, exact = known_value(amounts)
    # one contract is the subject; several share their tender's funds
    subject = group[0] if len(group) == 1 else None
    return Finding(
        Severity.WARNING if cover is FundingCover.EXCEEDS else Severity.INFO,
        AlertKind.FUNDING_SHORTFALL,
        None,
        subject.title if subject else funds,
        subject.ref if subject else funds,
        OverFunding(
            tuple(c.ref for c in group),
            funds,
            funded,
            floor if exact else None,
            floor,
            cover,
            own=any(a.funds != funds for a in confirmed),
        ),
    )
