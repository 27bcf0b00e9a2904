"""Funding cover: contracts whose value is above the funds confirmed for them, or
cannot be weighed against them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.funding_details import (
    AllocationFact,
    FundingCover,
    OverFunding,
    funding_fact,
    funding_on,
)
from tracker.domain.kept import Fact, ScopeKind
from tracker.domain.kinds import FundingStatus, OptionState
from tracker.domain.money import Amount
from tracker.domain.records import ContractTerms
from tracker.domain.rules import reported_until


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
    facts = [
        fact
        for funds, (group, counted) in cover_groups(allocations, contracts).items()
        for fact in cover_facts(funds, ScopeKind.CONTRACT, 0, group, counted)
    ]
    return funding_on(facts, as_of=as_of, lead_days_for=lambda _: 0)


def cover_groups(
    allocations: Sequence[AllocationFact], contracts: Sequence[FundedContract]
) -> dict[str, tuple[list[FundedContract], list[AllocationFact]]]:
    """The contracts weighed together against funds, by whose funds (a tender's,
    or a contract's own), with the allocations counted for them."""
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
    counted: dict[str, tuple[list[FundedContract], list[AllocationFact]]] = {}
    for funds, group in groups.items():
        weighed = [*by_funds[funds]]
        if funds not in {c.ref for c in group}:
            weighed += [a for c in group for a in by_funds.get(c.ref, [])]
        counted[funds] = (group, weighed)
    return counted


def cover_facts(
    funds: str,
    scope: ScopeKind,
    scope_id: int,
    group: Sequence[FundedContract],
    allocations: Sequence[AllocationFact],
) -> list[Fact]:
    """The cover finding of the contracts weighed against ``funds`` (a tender's
    or a contract's own: ``scope``), reported until a year after the last of
    them ends."""
    finding = _cover(funds, group, allocations)
    if finding is None:
        return []
    ends = [c.covered_until for c in group]
    last = None if None in ends else max(e for e in ends if e is not None)
    return [
        funding_fact(
            finding,
            scope,
            scope_id,
            "cover",
            [2, funds],
            day_until=reported_until(last),
        )
    ]


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
