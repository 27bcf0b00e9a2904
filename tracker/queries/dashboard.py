"""The state of the department at a glance, as of a day.

Services by continuity status, contracts whose coverage ends soon, the value under
contract, and the funds still awaiting confirmation. Built from the engine's lean
facts, so it costs the same handful of queries on 50,000 contracts as on ten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from tracker import models
from tracker.config import Settings
from tracker.domain.continuity import STATUS_ORDER as CONTINUITY_ORDER
from tracker.domain.continuity import ContinuityStatus
from tracker.domain.contracts import ContractState, contract_state
from tracker.domain.kinds import FundingStatus, OptionState
from tracker.domain.money import Amount
from tracker.queries.engine import compute_continuity
from tracker.queries.facts import ContractFacts, contract_facts
from tracker.queries.funding import allocation_rows
from tracker.queries.rows import AllocationRow
from tracker.queries.tables import table_of

STATUS_ORDER = tuple(sorted(ContinuityStatus, key=lambda s: CONTINUITY_ORDER[s.value]))
ENDING_SOON_MONTHS = (6, 12)


@dataclass(frozen=True)
class EndingContract:
    ref: str
    title: str
    covered_until: date
    days: int


@dataclass(frozen=True)
class ValueUnderContract:
    """Base periods and exercised options of the contracts in force on the day.

    The net and the VAT are summed over the amounts stated net; amounts stated only
    gross count in the gross total and are reported apart, never split by a guessed
    rate. Contracts with no amount at all are counted, not valued.
    """

    contracts: int
    gross: Decimal
    net: Decimal
    vat: Decimal
    gross_only: int
    """Amounts (base or option) stated gross with the VAT rate unknown."""
    gross_only_total: Decimal
    unvalued: int
    """Contracts in force whose amount is not stated."""


@dataclass(frozen=True)
class Dashboard:
    as_of: date
    services: tuple[tuple[ContinuityStatus, int], ...]
    ending: tuple[tuple[int, tuple[EndingContract, ...]], ...]
    """For 6 and 12 months: the contracts whose coverage ends within them."""
    value: ValueUnderContract
    pending: tuple[AllocationRow, ...]

    @property
    def pending_total(self) -> Decimal:
        return sum((p.amount for p in self.pending if p.amount), Decimal("0.00"))

    @property
    def pending_unstated(self) -> int:
        return sum(1 for p in self.pending if p.amount is None)


def in_force(contract: ContractFacts, as_of: date) -> bool:
    """Whether the contract covers the day (its base or an exercised option)."""
    state = contract_state(contract.start, contract.covered_until, as_of)
    return state is ContractState.RUNNING


def value_under_contract(
    contracts: list[ContractFacts], as_of: date
) -> ValueUnderContract:
    gross = net = vat = gross_only_total = Decimal("0.00")
    gross_only = unvalued = count = 0
    for contract in contracts:
        if not in_force(contract, as_of):
            continue
        count += 1
        if contract.amount is None:
            unvalued += 1
            continue
        amounts: list[Amount] = [contract.amount]
        amounts += [
            o.amount
            for o in contract.options
            if o.state == OptionState.EXERCISED and o.amount
        ]
        for amount in amounts:
            gross += amount.gross
            if amount.net is None or amount.vat is None:
                gross_only += 1
                gross_only_total += amount.gross
            else:
                net += amount.net
                vat += amount.vat
    return ValueUnderContract(
        count, gross, net, vat, gross_only, gross_only_total, unvalued
    )


def ending_within(
    contracts: list[ContractFacts], as_of: date, months: int
) -> tuple[EndingContract, ...]:
    """Contracts in force whose coverage ends after the day and within ``months``."""
    limit = as_of + relativedelta(months=months)
    ending = [
        EndingContract(c.ref, c.title, end, (end - as_of).days)
        for c in contracts
        if in_force(c, as_of) and (end := c.covered_until) is not None and end <= limit
    ]
    return tuple(sorted(ending, key=lambda e: (e.covered_until, e.ref)))


def get_dashboard(session: Session, *, as_of: date, settings: Settings) -> Dashboard:
    counts = Counter(
        s.status for s in compute_continuity(session, as_of=as_of, settings=settings)
    )
    contracts = contract_facts(session)
    allocations = table_of(models.FundingAllocation)
    pending = tuple(
        allocation_rows(session, allocations.c.status != FundingStatus.CONFIRMED.value)
    )
    return Dashboard(
        as_of=as_of,
        # uncertain services are counted only when there are some: most offices
        # record every contract with both ends
        services=tuple(
            (status, counts.get(status, 0))
            for status in STATUS_ORDER
            if status is not ContinuityStatus.UNCERTAIN or counts.get(status)
        ),
        ending=tuple(
            (months, ending_within(contracts, as_of, months))
            for months in ENDING_SOON_MONTHS
        ),
        value=value_under_contract(contracts, as_of),
        pending=pending,
    )
