"""What the funding rules find, as data, and how their findings are kept as
facts of the allocations, contracts and tenders they concern and read back for
a day (``funding_on``): the rules are in ``funding`` and ``funding_cover``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from tracker.domain.alerts import AlertKind, Finding
from tracker.domain.deadlines import procedure_start
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.kept_findings import (
    DAY,
    DECIMAL,
    FRACTION,
    PLAIN,
    enum_of,
    finding_fact,
    findings_of,
    held_on,
    nested,
    register,
)


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


class FundingCover(StrEnum):
    """How a contract's value weighs against the funds confirmed for it."""

    EXCEEDS = "exceeds"
    """Above the confirmed funds: certain even where only a floor of it is known."""
    UNCHECKABLE = "uncheckable"
    """Not above what is known of it, but a half or an option's amount is missing."""


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


def funding_on(
    facts: Iterable[Fact], *, as_of: date, lead_days_for: Callable[[str | None], int]
) -> list[Finding]:
    """The funding findings of ``as_of`` from the family's kept facts: pending
    funds, then per contract its eligibility and mismatch findings, then the
    cover findings, then the paid-by ones (the order the rules give them)."""
    return funding_of(held_on(facts, as_of), as_of=as_of, lead_days_for=lead_days_for)


def funding_of(
    payloads: Iterable[Mapping[str, Any]],
    *,
    as_of: date,
    lead_days_for: Callable[[str | None], int],
) -> list[Finding]:
    """``funding_on`` from the payloads of the facts reported on ``as_of``."""

    def adjust(
        finding: Finding, payload: Mapping[str, Any], day: date
    ) -> Finding | None:
        if finding.kind is AlertKind.FUNDING_PENDING and payload["tender"]:
            # funds for a tender are needed by the day its procedure must start
            latest, procedure_type = payload["tender"]
            latest_start = None if latest is None else date.fromisoformat(latest)
            due = procedure_start(latest_start, lead_days_for(procedure_type))
            # made anew rather than replaced: a thousand tenders a day read it
            return Finding(
                finding.severity,
                finding.kind,
                due,
                finding.subject,
                finding.ref,
                finding.detail,
                finding.key,
            )
        if isinstance(finding.detail, UnpaidAtPaidBy):
            passed = day > finding.detail.paid_by
            return replace(finding, detail=replace(finding.detail, passed=passed))
        return finding

    return findings_of(payloads, as_of, adjust)


def funding_fact(
    finding: Finding,
    scope: ScopeKind,
    scope_id: int,
    key: str,
    order: Sequence[str | int],
    *,
    day_from: date | None = None,
    day_until: date | None = None,
    **extra: Any,
) -> Fact:
    return finding_fact(
        finding,
        family=FamilyName.FUNDING,
        scope=scope,
        scope_id=scope_id,
        key=key,
        order=order,
        day_from=day_from,
        day_until=day_until,
        **extra,
    )


register(
    AllocationFact,
    PLAIN,
    PLAIN,
    PLAIN,
    DAY.optional,
    PLAIN,
    DECIMAL.optional,
    PLAIN,
    DAY.optional,
)
register(
    PastEligibility, PLAIN, DAY, nested(AllocationFact), DAY, FRACTION, DECIMAL.optional
)
register(AllocationMismatch, PLAIN, DECIMAL, DECIMAL)
register(PaidAfter, PLAIN, nested(AllocationFact), DAY, PLAIN, DECIMAL)
register(UnpaidAtPaidBy, PLAIN, nested(AllocationFact), DAY, DECIMAL, DECIMAL, PLAIN)
register(
    OverFunding,
    PLAIN.many,
    PLAIN,
    DECIMAL,
    DECIMAL.optional,
    DECIMAL,
    enum_of(FundingCover),
    PLAIN,
)
