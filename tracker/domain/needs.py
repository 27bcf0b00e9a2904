"""Needs from continuity: what the office must procure so no service stops.

A need is a stretch of a service's required window, within the plan's horizon,
that no contract, exercised option or in-house period covers, and that has not
wholly passed. Days a contract known by one end only may cover are no need (the
continuity engine calls them uncertain, not a gap). The latest day to start the
procedure is the engine's own rule (``procedure_start_by``) with the lead time of
the linked tender's procedure type.

The estimated value is the linked tender's entered value when there is one, else
the daily cost of the contract the need follows (the last to end before it)
scaled to the days still to buy, else unknown: an earlier tender's value may then
be offered as a reference, never as the estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.domain.continuity import (
    Coverage,
    HalfKnown,
    ServiceInfo,
    SourceKind,
    may_cover_spans,
    procedure_start_by,
)
from tracker.domain.kinds import TENDER_PROGRESS
from tracker.domain.money import Amount
from tracker.domain.periods import LAST_DAY, end_of_term, merge
from tracker.domain.planning import (
    Estimate,
    EstimateSource,
    Need,
    PlanHorizon,
    PlannedTender,
    Reference,
    ScenarioCover,
)

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ContractCost:
    """A contract's parts (base, exercised options) as (days, amount or None), and
    how many services it serves."""

    ref: str
    end: date
    parts: tuple[tuple[int, Amount | None], ...]
    services: int = 1


@dataclass(frozen=True)
class ServicePlanInput:
    """What the plan reads of one service."""

    info: ServiceInfo
    programme: str | None
    coverages: Sequence[Coverage]
    half_known: Sequence[HalfKnown] = ()
    tenders: Sequence[PlannedTender] = ()
    cost_of: Callable[[Sequence[Coverage]], ContractCost] | None = None
    """A contract's cost from its parts (``last_contract_parts``), read only for
    the contract a need follows."""


@dataclass(frozen=True)
class Stretch:
    start: date
    end: date
    runs_on: bool


def uncovered(
    service: ServicePlanInput,
    horizon: PlanHorizon,
    as_of: date,
    extra: Iterable[tuple[date, date]] = (),
) -> list[Stretch]:
    """The stretches of the required window up to the horizon's end that nothing
    covers (``extra``: a scenario's coverage), and that reach into the horizon and
    past the as-of day."""
    info = service.info
    runs = [(c.start, c.end) for c in service.coverages] + list(extra)
    spans = may_cover_spans(info, service.coverages, service.half_known)
    possible = merge([*runs, *(span for _, span in spans)])
    required_until = info.required_until or LAST_DAY
    window_end = min(required_until, horizon.end)
    if info.required_from > window_end:
        return []
    found: list[tuple[date, date]] = []
    cursor = info.required_from
    for start, end in possible:
        if start > window_end:
            break
        if end < cursor:
            continue
        if start > cursor:
            found.append((cursor, start - ONE_DAY))
        cursor = end + ONE_DAY
    if cursor <= window_end:
        found.append((cursor, window_end))
    first_day = max(as_of, horizon.start)
    return [
        Stretch(start, end, end == horizon.end and required_until > horizon.end)
        for start, end in found
        if end >= first_day
    ]


def would_cover(tender: PlannedTender, start: date, end: date) -> bool:
    """Whether a tender's planned period meets the stretch; an unknown start or
    duration does not rule it out."""
    if tender.status not in TENDER_PROGRESS:
        return False
    if tender.planned_start is not None and tender.planned_start > end:
        return False
    planned_end = tender.planned_end
    return planned_end is None or planned_end >= start


def linked_tender(
    tenders: Sequence[PlannedTender], start: date, end: date
) -> PlannedTender | None:
    """The tender that would cover the stretch: further along first, then the
    earliest planned start (the order the continuity engine picks a successor)."""
    return min(
        (t for t in tenders if would_cover(t, start, end)),
        key=lambda t: (-TENDER_PROGRESS[t.status], t.planned_start or date.max, t.ref),
        default=None,
    )


def _entered(tender: PlannedTender) -> tuple[Amount, int] | None:
    """The value entered for the service's lot (or for a single-lot tender) and
    how many services share it."""
    value = tender.lot_value
    if value is None and tender.lots == 1:
        value = tender.estimate
    if value is None:
        return None
    return value, max(tender.lot_services, 1)


def _contract_basis(contract: ContractCost) -> tuple[Amount, int] | None:
    """The contract's value and days: the base's amount with each exercised
    option stated the same way (net or gross, same VAT rate)."""
    base_days, base = contract.parts[0]
    if base is None:
        return None
    total, days = base.value, base_days
    for part_days, amount in contract.parts[1:]:
        if (
            amount is not None
            and amount.basis is base.basis
            and amount.vat_rate is base.vat_rate
        ):
            total += amount.value
            days += part_days
    return Amount(total, base.basis, base.vat_rate), days


def estimate(
    tender: PlannedTender | None, last: ContractCost | None, days: int
) -> Estimate:
    """A need's estimated value for ``days`` days still to buy."""
    entered = _entered(tender) if tender is not None else None
    if tender is not None and entered is not None:
        value, shared_by = entered
        return Estimate(
            EstimateSource.TENDER,
            value.scaled(1, shared_by),
            tender.ref,
            basis_amount=value,
            days=days,
            shared_by=shared_by,
        )
    basis = _contract_basis(last) if last is not None else None
    if last is not None and basis is not None and basis[1] > 0:
        value, basis_days = basis
        shared_by = max(last.services, 1)
        return Estimate(
            EstimateSource.LAST_CONTRACT,
            value.scaled(days, basis_days * shared_by),
            last.ref,
            basis_amount=value,
            basis_days=basis_days,
            days=days,
            shared_by=shared_by,
        )
    return Estimate(EstimateSource.UNKNOWN, days=days)


def reference(
    tenders: Sequence[PlannedTender], linked: PlannedTender | None, days: int
) -> Reference | None:
    """The latest other tender of the service with a value, offered for
    comparison: its value shared among its lots and scaled to ``days``."""
    offered = [
        t
        for t in tenders
        if t is not linked and (t.lot_value is not None or t.estimate is not None)
    ]
    if not offered:
        return None
    tender = max(offered, key=lambda t: (t.planned_start or date.min, t.ref))
    amount = tender.lot_value or tender.estimate
    assert amount is not None
    lots = 1 if tender.lot_value is not None else max(tender.lots, 1)
    share = lots * max(tender.lot_services, 1)
    scaled = None
    if tender.planned_start is not None and tender.planned_months:
        term = end_of_term(tender.planned_start, tender.planned_months)
        term_days = (term - tender.planned_start).days + 1
        scaled = amount.scaled(days, term_days * share)
    return Reference(tender.ref, amount, lots, tender.planned_months, scaled)


def service_needs(
    service: ServicePlanInput,
    *,
    horizon: PlanHorizon,
    as_of: date,
    lead_days_for: Callable[[str | None], int],
    extra: Iterable[tuple[date, date]] = (),
    awarded: frozenset[str] = frozenset(),
) -> list[Need]:
    """The needs of one service; ``extra`` and ``awarded`` are a scenario's
    coverage and the tenders it counts as awarded (no longer to be linked)."""
    info = service.info
    tenders = [t for t in service.tenders if t.ref not in awarded]
    needs = []
    for stretch in uncovered(service, horizon, as_of, extra):
        parts = last_contract_parts(service.coverages, before=stretch.start)
        cost_of = service.cost_of
        last = cost_of(parts) if parts and cost_of is not None else None
        cost_from = max(stretch.start, as_of, horizon.start)
        # a tender planned only for days already gone no longer covers anything
        tender = linked_tender(tenders, cost_from, stretch.end)
        days = (stretch.end - cost_from).days + 1
        procedure = tender.procedure_type if tender is not None else None
        lead_days = lead_days_for(procedure)
        value = estimate(tender, last, days)
        needs.append(
            Need(
                service=info.ref,
                service_name=info.name,
                neighbourhood=info.neighbourhood,
                programme=service.programme,
                start=stretch.start,
                end=stretch.end,
                runs_on=stretch.runs_on,
                cost_from=cost_from,
                procedure_type=procedure,
                lead_days=lead_days,
                procedure_start_by=procedure_start_by(stretch.start, lead_days),
                estimate=value,
                tender=tender,
                last_contract=last.ref if last is not None else None,
                reference=None if value.known else reference(tenders, tender, days),
            )
        )
    return needs


def scenario_covers(
    tender: PlannedTender,
    services: Sequence[str],
    first_needs: Mapping[str, date],
    *,
    horizon: PlanHorizon,
    as_of: date,
) -> list[ScenarioCover]:
    """The days a proposed tender counted as awarded covers each of its services.

    It starts on its planned start; with none, on the first day the service
    needs cover (``first_needs``, from the baseline), not before the as-of day. It
    runs for its planned months; with none, until its programme ends, else until
    the horizon ends. Each assumption is marked on the cover.
    """
    covers = []
    for service in services:
        start = tender.planned_start
        start_assumed = start is None
        if start is None:
            start = max(first_needs.get(service, as_of), as_of)
        end = tender.planned_end if tender.planned_start is not None else None
        end_assumed = end is None
        if end is None and tender.planned_months:
            end = end_of_term(start, tender.planned_months)
            end_assumed = False
        to_programme_end = end is None and tender.programme_end is not None
        if end is None:
            end = tender.programme_end or horizon.end
        if end >= start:
            covers.append(
                ScenarioCover(
                    tender.ref,
                    service,
                    start,
                    end,
                    start_assumed,
                    end_assumed,
                    to_programme_end,
                    "day" if start_assumed else tender.planned_start_precision,
                )
            )
    return covers


def last_contract_parts(
    coverages: Sequence[Coverage], *, before: date = LAST_DAY
) -> tuple[Coverage, ...]:
    """The parts of the contract that covers the service to the latest day
    before ``before`` (the contract a need starting then follows), its base
    first, then its exercised options by start; none when no contract with a
    known base ended before then."""
    parts: dict[str, list[Coverage]] = {}
    for c in coverages:
        if c.kind is SourceKind.CONTRACT:
            parts.setdefault(c.ref, []).append(c)
    ended = [
        (end, ref)
        for ref, periods in parts.items()
        if any(c.part == "base" for c in periods)
        and (end := max(c.end for c in periods)) < before
    ]
    if not ended:
        return ()
    _end, ref = max(ended)
    return tuple(sorted(parts[ref], key=lambda c: (c.part != "base", c.start)))


def contract_cost(
    parts: Sequence[Coverage],
    amounts: Mapping[str, Amount | None],
    services: int = 1,
) -> ContractCost:
    """A contract's cost from its parts (``last_contract_parts``) and their
    amounts by part (``base`` or the option's reference)."""
    return ContractCost(
        parts[0].ref,
        max(c.end for c in parts),
        tuple(((c.end - c.start).days + 1, amounts.get(c.part)) for c in parts),
        services,
    )
