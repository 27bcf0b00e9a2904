"""The shapes of the procurement plan: the horizon, the needs, the scenarios.

A plan looks three financial years ahead (the Italian financial year is the
calendar year). A need is a stretch of a service's required window that nothing
covers; a scenario counts some proposed tenders as if awarded, in memory only.
The rules that fill these shapes live in ``tracker.domain.needs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property

from tracker.domain.kinds import FundingStatus
from tracker.domain.money import Amount
from tracker.domain.periods import end_of_term

PLAN_YEARS = 3
"""A programma triennale covers three financial years (art. 37 D.Lgs. 36/2023)."""


@dataclass(frozen=True)
class PlanHorizon:
    """Three financial years from ``first_year``."""

    first_year: int

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.first_year + PLAN_YEARS))

    @property
    def last_year(self) -> int:
        return self.first_year + PLAN_YEARS - 1

    @cached_property
    def start(self) -> date:
        return date(self.first_year, 1, 1)

    @cached_property
    def end(self) -> date:
        return date(self.last_year, 12, 31)


class EstimateSource(StrEnum):
    """Where a need's estimated value comes from."""

    TENDER = "tender"
    """The estimated value entered on the tender linked to the need."""
    LAST_CONTRACT = "last_contract"
    """The daily cost of the service's last contract, scaled to the need's days."""
    UNKNOWN = "unknown"
    """No amount in the data: unknown until one is entered on a tender."""


@dataclass(frozen=True)
class Estimate:
    """A need's estimated value and how it was reached.

    ``amount`` keeps the half the source states (net or gross) and its VAT rate.
    For ``LAST_CONTRACT`` it is the contract's value (base and exercised options
    whose amounts are known, ``basis_days`` days in all) scaled to ``days`` days,
    divided among the ``shared_by`` services the contract served.
    """

    source: EstimateSource
    amount: Amount | None = None
    ref: str | None = None
    """The tender or contract the figure comes from."""
    basis_amount: Amount | None = None
    basis_days: int = 0
    days: int = 0
    shared_by: int = 1

    @property
    def known(self) -> bool:
        return self.amount is not None


@dataclass(frozen=True)
class Reference:
    """A figure offered for comparison when the estimate is unknown: an earlier
    tender's estimated value for the service's lot, never a fact about the need.

    ``scaled`` is that value divided among ``lots`` lots and scaled from the
    tender's ``months`` to the need's days; None when either is not known."""

    tender: str
    amount: Amount
    lots: int
    months: int | None
    scaled: Amount | None


@dataclass(frozen=True)
class PlanFunding:
    """A funding source allocated to the tender linked to a need."""

    source: str
    name: str
    status: str
    amount: Amount | None = None

    @property
    def pending(self) -> bool:
        return self.status == FundingStatus.PENDING_CONFIRMATION.value


@dataclass(frozen=True)
class PlannedTender:
    """A proposed, planned, published or awarded tender with no contract yet, for
    one of its services, with what the plan needs to know of it."""

    ref: str
    title: str
    status: str
    procedure_type: str | None
    planned_start: date | None
    planned_start_precision: str
    planned_months: int | None
    programme_end: date | None
    estimate: Amount | None
    lot_value: Amount | None
    """The value of the lot serving the service, when entered."""
    lot_services: int
    """How many services the lot serves."""
    lots: int
    funding: tuple[PlanFunding, ...] = ()

    @property
    def planned_end(self) -> date | None:
        """The last planned day, when the start and the duration are known."""
        if self.planned_start is None or self.planned_months is None:
            return None
        return end_of_term(self.planned_start, self.planned_months)


@dataclass(frozen=True)
class Need:
    """A stretch of a service's required window nothing covers, within the plan.

    ``start`` may lie before the horizon (a gap already open); ``end`` is the end
    of the required window or of the horizon, whichever comes first, and
    ``runs_on`` says the service stays required after it. ``cost_from`` is the
    first day that can still be bought: the latest of ``start``, the as-of day and
    the horizon's start. ``procedure_start_by`` is the latest day to start the
    procedure, the lead time of ``procedure_type`` before ``start``.
    """

    service: str
    service_name: str
    neighbourhood: str
    programme: str | None
    start: date
    end: date
    runs_on: bool
    cost_from: date
    procedure_type: str | None
    lead_days: int
    procedure_start_by: date
    estimate: Estimate
    tender: PlannedTender | None = None
    last_contract: str | None = None
    reference: Reference | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def cost_days(self) -> int:
        return (self.end - self.cost_from).days + 1

    @property
    def funding(self) -> tuple[PlanFunding, ...]:
        return self.tender.funding if self.tender is not None else ()

    @property
    def funding_pending(self) -> bool:
        return any(f.pending for f in self.funding)


@dataclass(frozen=True)
class ScenarioCover:
    """The days a scenario tender is counted as covering one of its services.

    A planned start known to its month or year only counts from that month's or
    year's first day (``start_precision`` says so). A tender with no planned
    start is counted from the first day the service needs cover, not before the
    as-of day (``start_assumed``); one with no planned duration until its
    programme ends, else until the horizon ends (``end_assumed``)."""

    tender: str
    service: str
    start: date
    end: date
    start_assumed: bool = False
    end_assumed: bool = False
    to_programme_end: bool = False
    """With ``end_assumed``: the end is its programme's (else the horizon's)."""
    start_precision: str = "day"


@dataclass(frozen=True)
class Scenario:
    """The proposed tenders counted as awarded, and what each covers."""

    tenders: tuple[str, ...]
    covers: tuple[ScenarioCover, ...]
