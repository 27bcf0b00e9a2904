"""Which purchases a programme lists: the needs from continuity and the tenders
planned or proposed to meet them, one purchase each.

- A tender linked to needs is one purchase for all of them (the deck's single
  tender for four neighbourhoods is one row, not four). A need linked to several
  tenders is met by the planned one before a proposed one (a proposal is a
  scenario until the office plans it), then by reference.
- A tender that states its estimate is costed with it over its planned period;
  one that does not takes the estimates of its needs, over their periods, when
  every one of them is known (an estimate belongs with the period it was made
  for), and is otherwise not estimated.
- A need met by no tender is a purchase of its own.
- A planned tender meeting no need is listed when its period falls in part
  within the programme's three years (or is not known). A proposed one meeting
  no need is left out: it is an alternative, and listing it would count the
  same service twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Protocol

from tracker.domain.commitments import YearlyCommitments
from tracker.domain.kinds import TenderStatus
from tracker.domain.money import Amount, Basis, VatRate
from tracker.domain.periods import Period
from tracker.domain.planning import PLAN_YEARS, Need, ScenarioCover
from tracker.domain.programme_schede import Programme, Purchase
from tracker.domain.rules import whole_months


class NeedFacts(Protocol):
    """What the programme reads of a need."""

    @property
    def key(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def period(self) -> Period: ...
    @property
    def value(self) -> Amount | None: ...
    @property
    def tenders(self) -> Sequence[str]:
        """The tenders that would meet it."""
        ...

    @property
    def continues(self) -> str | None:
        """The contract whose service it carries on."""
        ...


@dataclass(frozen=True)
class NeedPurchase:
    """A need from continuity as the programme reads it: the days still to buy
    (from the first day that can be bought to the end of the need within the
    plan), with the estimate made for those days."""

    key: str
    service: str
    description: str
    period: Period
    value: Amount | None
    tenders: tuple[str, ...]
    continues: str | None


def need_key(need: Need) -> str:
    """A need's key in the programme: its service and first day."""
    return f"{need.service}/{need.start.isoformat()}"


def need_purchase(need: Need) -> NeedPurchase:
    return NeedPurchase(
        key=need_key(need),
        service=need.service,
        description=need.service_name,
        period=Period(need.cost_from, need.end),
        value=need.estimate.amount,
        tenders=(need.tender.ref,) if need.tender is not None else (),
        continues=need.last_contract,
    )


def met_by_scenario(
    needs: Sequence[Need], covers: Sequence[ScenarioCover]
) -> list[NeedPurchase]:
    """The parts of the baseline's needs a scenario's tenders cover, as needs met
    by those tenders: the scenario still has to buy them. Each keeps the share of
    its need's estimate for its days (pro rata), so that the scenario's programme
    costs what its tenders take on instead of dropping it."""
    met = []
    for need in needs:
        bought = Period(need.cost_from, need.end)
        for cover in covers:
            if cover.service != need.service:
                continue
            start, end = max(bought.start, cover.start), min(bought.end, cover.end)
            if start > end:
                continue
            part = Period(start, end)
            value = need.estimate.amount
            met.append(
                NeedPurchase(
                    key=f"{need.service}/{start.isoformat()}",
                    service=need.service,
                    description=need.service_name,
                    period=part,
                    value=None
                    if value is None
                    else value.scaled(part.days, bought.days),
                    tenders=(cover.tender,),
                    continues=need.last_contract,
                )
            )
    return met


def programme_purchases(
    needs: Sequence[NeedFacts],
    tenders: Mapping[str, Purchase],
    statuses: Mapping[str, str],
    first_year: int,
) -> list[Purchase]:
    """The purchases of the programme from ``first_year``: ``tenders`` are the
    planned and proposed ones as purchases, ``statuses`` their status."""
    met: dict[str, list[NeedFacts]] = {}
    alone: list[Purchase] = []
    for need in needs:
        chosen = _chosen_tender(need, tenders, statuses)
        if chosen is None:
            alone.append(_need_purchase(need))
        else:
            met.setdefault(chosen, []).append(need)
    purchases = [_tender_for(tenders[ref], met[ref]) for ref in sorted(met)]
    for ref, tender in sorted(tenders.items()):
        if ref in met or statuses.get(ref) != TenderStatus.PLANNED:
            continue
        period = tender.period
        last_year = first_year + PLAN_YEARS - 1
        if period is None or (
            period.end.year >= first_year and period.start.year <= last_year
        ):
            purchases.append(tender)
    return [*purchases, *alone]


def _chosen_tender(
    need: NeedFacts, tenders: Mapping[str, Purchase], statuses: Mapping[str, str]
) -> str | None:
    candidates = [ref for ref in need.tenders if ref in tenders]
    return min(
        candidates,
        key=lambda ref: (statuses.get(ref) != TenderStatus.PLANNED, ref),
        default=None,
    )


def _need_purchase(need: NeedFacts) -> Purchase:
    return Purchase(
        key=need.key,
        description=need.description,
        tender=None,
        needs=(need.key,),
        services=(need.service,),
        period=need.period,
        months=whole_months(need.period),
        value=need.value,
        funding=(),
        continues=need.continues,
    )


def _tender_for(tender: Purchase, needs: Sequence[NeedFacts]) -> Purchase:
    services = tuple(sorted({*tender.services, *(n.service for n in needs)}))
    continues = ", ".join(sorted({n.continues for n in needs if n.continues})) or None
    merged = replace(
        tender,
        needs=tuple(n.key for n in needs),
        services=services,
        continues=tender.continues or continues,
    )
    if tender.value is not None:
        return merged
    value = _summed([n.value for n in needs])
    if value is None:
        return merged
    period = Period(
        min(n.period.start for n in needs), max(n.period.end for n in needs)
    )
    return replace(merged, value=value, period=period)


def _summed(values: Sequence[Amount | None]) -> Amount | None:
    """The sum of the needs' estimates when each is known and they state the same
    half at the same rate (a sum of a net and a gross states neither)."""
    known = [v for v in values if v is not None]
    if not known or len(known) != len(values):
        return None
    bases: set[Basis] = {v.basis for v in known}
    rates: set[VatRate] = {v.vat_rate for v in known}
    if len(bases) != 1 or len(rates) != 1:
        return None
    total = sum((v.value for v in known), Decimal("0.00"))
    return Amount(total, bases.pop(), rates.pop())


@dataclass(frozen=True)
class PlanMoney:
    """The money of a plan: the programme's schede and the yearly commitments,
    with the names of the services, programmes and funding sources they cite."""

    programme: Programme
    commitments: YearlyCommitments
    names: Mapping[str, str]
