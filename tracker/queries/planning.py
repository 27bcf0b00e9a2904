"""The procurement plan: the one read path for the CLI, the app and the documents.

A handful of queries, whatever the size of the database: the engine's coverage
rows, the contracts' and options' amounts, and the tenders with no contract yet
with their lots and funding. The needs and scenarios are computed in
``tracker.domain.needs``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sqlalchemy import func, select
from sqlmodel import Session

from tracker import models
from tracker.config import Settings
from tracker.domain.continuity import Coverage, ServiceInfo
from tracker.domain.kinds import OptionState, TenderStatus
from tracker.domain.money import Amount
from tracker.domain.needs import (
    ContractCost,
    ServicePlanInput,
    contract_cost,
    scenario_covers,
    service_needs,
)
from tracker.domain.planning import (
    Need,
    PlanFunding,
    PlanHorizon,
    PlannedTender,
    Scenario,
    ScenarioCover,
)
from tracker.domain.programme_purchases import (
    PlanMoney,
    met_by_scenario,
    need_purchase,
)
from tracker.errors import N_, Term, ValidationError
from tracker.queries.engine import NOT_COVERING, coverage_rows, half_known_rows
from tracker.queries.plan_money import read_plan_money


@dataclass(frozen=True)
class PlanSide:
    """The plan as the data stand (baseline) or with a scenario's tenders counted."""

    needs: tuple[Need, ...]
    money: PlanMoney | None = None
    """The programme's schede H and G from these needs, and the yearly
    commitments (``tracker.queries.plan_money``)."""


@dataclass(frozen=True)
class PlanData:
    """The plan of a horizon as of a day: the baseline and, when scenario tenders
    were chosen, the same plan with them counted as awarded, side by side."""

    horizon: PlanHorizon
    as_of: date
    baseline: PlanSide
    scenario: Scenario | None = None
    with_scenario: PlanSide | None = None


FIRST_PLAN_YEAR = 1900
LAST_PLAN_YEAR = 2197
"""A horizon's three years stay within the days a record may name."""


def check_year(year: int) -> int:
    """The first year of a plan, or a ValidationError naming ``--from``."""
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise ValidationError(
            "--from",
            year,
            N_("the first year of the plan must be from {first} to {last}"),
            first=str(FIRST_PLAN_YEAR),
            last=str(LAST_PLAN_YEAR),
        )
    return year


def read_plan(
    session: Session,
    *,
    from_year: int,
    as_of: date,
    settings: Settings,
    scenarios: Sequence[str] = (),
    money: bool = True,
) -> PlanData:
    """The needs of every service over three financial years from ``from_year``
    as of a day, and with ``scenarios`` (proposed tenders' references) counted as
    awarded on their planned dates; nothing is written. Without ``money`` the
    sides carry no figures (the timeline draws the needs alone, and the figures
    cost the most to add up)."""
    horizon = PlanHorizon(check_year(from_year))
    services = _inputs(session)
    chosen = _scenario_tenders(session, scenarios)

    def needs_of(
        covers: Sequence[ScenarioCover] = (), awarded: frozenset[str] = frozenset()
    ) -> tuple[Need, ...]:
        by_service: dict[str, list[tuple[date, date]]] = defaultdict(list)
        for cover in covers:
            by_service[cover.service].append((cover.start, cover.end))
        found: list[Need] = []
        for service in services:
            extra = by_service.get(service.info.ref, ())
            found += service_needs(
                service,
                horizon=horizon,
                as_of=as_of,
                lead_days_for=settings.lead_days_for,
                extra=extra,
                awarded=awarded,
            )
        return tuple(sorted(found, key=lambda n: (n.start, n.service, n.end)))

    baseline = needs_of()
    figures = (
        read_plan_money(
            session, from_year=from_year, needs=[need_purchase(n) for n in baseline]
        )
        if money
        else None
    )
    if not chosen:
        return PlanData(horizon, as_of, PlanSide(baseline, figures))
    first_needs: dict[str, date] = {}
    for need in baseline:
        first_needs.setdefault(need.service, need.start)
    covers = [
        cover
        for tender, served in chosen
        for cover in scenario_covers(
            tender, served, first_needs, horizon=horizon, as_of=as_of
        )
    ]
    refs = tuple(tender.ref for tender, _ in chosen)
    scenario_needs = needs_of(covers, frozenset(refs))
    scenario_money = (
        read_plan_money(
            session,
            from_year=from_year,
            needs=[
                *(need_purchase(n) for n in scenario_needs),
                *met_by_scenario(baseline, covers),
            ],
            counted=refs,
            commitments=figures.commitments,
        )
        if figures is not None
        else None
    )
    return PlanData(
        horizon,
        as_of,
        PlanSide(baseline, figures),
        Scenario(refs, tuple(covers)),
        PlanSide(scenario_needs, scenario_money),
    )


def _inputs(session: Session) -> list[ServicePlanInput]:
    """What the plan reads of every service, by service reference."""
    s, n, p = (
        models.Service.__table__,  # type: ignore[attr-defined]
        models.Neighbourhood.__table__,  # type: ignore[attr-defined]
        models.Programme.__table__,  # type: ignore[attr-defined]
    )
    query = (
        select(
            s.c.id,
            s.c.ref,
            s.c.name,
            n.c.name,
            s.c.required_from,
            s.c.required_until,
            p.c.ref,
        )
        .join(n, n.c.id == s.c.neighbourhood_id)
        .outerjoin(p, p.c.id == s.c.programme_id)
        .order_by(s.c.ref)
    )
    coverage: dict[int, list[Coverage]] = {}
    for service_id, rows in groupby(coverage_rows(session), key=lambda row: row[0]):
        coverage[service_id] = [c for _, c in rows]
    halves = half_known_rows(session)
    tenders = _planned_tenders(session)
    amounts, served = _contract_amounts(session)

    def costs(parts: Sequence[Coverage]) -> ContractCost:
        contract = parts[0].ref
        return contract_cost(
            parts,
            {
                c.part: Amount.from_columns(*amounts.get((contract, c.part), NONE))
                for c in parts
            },
            served.get(contract, 1),
        )

    inputs = []
    for (
        sid,
        ref,
        name,
        hood,
        required_from,
        required_until,
        programme,
    ) in session.execute(query):
        covered = coverage.get(sid, [])
        inputs.append(
            ServicePlanInput(
                ServiceInfo(ref, name, hood, required_from, required_until),
                programme,
                covered,
                halves.get(sid, ()),
                tenders.get(sid, ()),
                costs,
            )
        )
    return inputs


Columns = tuple[int | None, str | None, str | None]
NONE: Columns = (None, None, None)


def _contract_amounts(
    session: Session,
) -> tuple[dict[tuple[str, str], Columns], dict[str, int]]:
    """Every contract's base amount and its exercised options' amounts as
    stored, by (contract, part), and how many services each contract serves.
    Only the last contract of each service is read into money."""
    c, o, cs = (
        models.Contract.__table__,  # type: ignore[attr-defined]
        models.ContractOption.__table__,  # type: ignore[attr-defined]
        models.ContractService.__table__,  # type: ignore[attr-defined]
    )
    amounts: dict[tuple[str, str], Columns] = {}
    for ref, cents, basis, rate in session.execute(
        select(c.c.ref, c.c.amount_cents, c.c.amount_basis, c.c.amount_vat_rate)
    ):
        amounts[(ref, "base")] = (cents, basis, rate)
    options = (
        select(o.c.ref, c.c.ref, o.c.amount_cents, o.c.amount_basis)
        .add_columns(o.c.amount_vat_rate)
        .join(c, c.c.id == o.c.contract_id)
        .where(o.c.state == OptionState.EXERCISED.value)
    )
    for option, contract, cents, basis, rate in session.execute(options):
        amounts[(contract, option)] = (cents, basis, rate)
    counts = select(c.c.ref, func.count()).join(cs, cs.c.contract_id == c.c.id)
    served = dict(session.execute(counts.group_by(c.c.ref)).all())
    return amounts, served


def _funding(session: Session) -> dict[int, tuple[PlanFunding, ...]]:
    """The allocations of every tender, by tender id, each by source reference."""
    a, f = (
        models.FundingAllocation.__table__,  # type: ignore[attr-defined]
        models.FundingSource.__table__,  # type: ignore[attr-defined]
    )
    query = (
        select(a.c.tender_id, f.c.ref, f.c.name, a.c.status, a.c.amount_cents)
        .join(f, f.c.id == a.c.source_id)
        .where(a.c.tender_id.is_not(None))
        .order_by(a.c.tender_id, f.c.ref, a.c.ref)
    )
    found: dict[int, list[PlanFunding]] = defaultdict(list)
    for tender_id, ref, name, status, cents in session.execute(query):
        amount = Amount.from_columns(cents, "gross", "unknown") if cents else None
        found[tender_id].append(PlanFunding(ref, name, status, amount))
    return {key: tuple(value) for key, value in found.items()}


def _planned_tenders(
    session: Session, refs: Sequence[str] | None = None
) -> dict[int, list[PlannedTender]]:
    """The tenders with no contract yet, as each of their services sees them, by
    service id (of the tenders ``refs`` only, when given, whatever their
    status)."""
    t, lot, ls, con, p = (
        models.Tender.__table__,  # type: ignore[attr-defined]
        models.Lot.__table__,  # type: ignore[attr-defined]
        models.LotService.__table__,  # type: ignore[attr-defined]
        models.Contract.__table__,  # type: ignore[attr-defined]
        models.Programme.__table__,  # type: ignore[attr-defined]
    )
    lot_services = (
        select(ls.c.lot_id, func.count().label("services"))
        .group_by(ls.c.lot_id)
        .subquery()
    )
    lots = (
        select(lot.c.tender_id, func.count().label("lots"))
        .group_by(lot.c.tender_id)
        .subquery()
    )
    has_contract = select(con.c.id).where(con.c.lot_id == lot.c.id).exists()
    query = (
        select(
            ls.c.service_id,
            t.c.id,
            t.c.ref,
            t.c.title,
            t.c.status,
            t.c.procedure_type,
            t.c.planned_start,
            t.c.planned_start_precision,
            t.c.planned_months,
            p.c.end,
            t.c.estimate_cents,
            t.c.estimate_basis,
            t.c.estimate_vat_rate,
            lot.c.value_cents,
            lot.c.value_basis,
            lot.c.value_vat_rate,
            lot_services.c.services,
            lots.c.lots,
        )
        .join(lot, lot.c.id == ls.c.lot_id)
        .join(t, t.c.id == lot.c.tender_id)
        .join(lot_services, lot_services.c.lot_id == lot.c.id)
        .join(lots, lots.c.tender_id == t.c.id)
        .outerjoin(p, p.c.id == t.c.programme_id)
        .order_by(ls.c.service_id, t.c.ref, lot.c.id)
    )
    if refs is None:
        query = query.where(t.c.status.in_(NOT_COVERING), ~has_contract)
    else:
        query = query.where(t.c.ref.in_(refs))
    funding = _funding(session)
    found: dict[int, list[PlannedTender]] = defaultdict(list)
    for row in session.execute(query):
        service_id, tender_id, ref, *rest = row
        if found[service_id] and found[service_id][-1].ref == ref:
            continue  # two lots of one tender serving one service: the first
        found[service_id].append(_tender(tender_id, ref, rest, funding))
    return found


def _tender(
    tender_id: int,
    ref: str,
    row: Sequence[object],
    funding: dict[int, tuple[PlanFunding, ...]],
) -> PlannedTender:
    (title, status, procedure, start, precision, months, programme_end) = row[:7]
    estimate = Amount.from_columns(*row[7:10])  # type: ignore[arg-type]
    lot_value = Amount.from_columns(*row[10:13])  # type: ignore[arg-type]
    services, lots = row[13:15]
    return PlannedTender(
        ref=ref,
        title=str(title),
        status=str(status),
        procedure_type=procedure,  # type: ignore[arg-type]
        planned_start=start,  # type: ignore[arg-type]
        planned_start_precision=str(precision),
        planned_months=months,  # type: ignore[arg-type]
        programme_end=programme_end,  # type: ignore[arg-type]
        estimate=estimate,
        lot_value=lot_value,
        lot_services=int(services),  # type: ignore[call-overload]
        lots=int(lots),  # type: ignore[call-overload]
        funding=funding.get(tender_id, ()),
    )


def _scenario_tenders(
    session: Session, refs: Sequence[str]
) -> list[tuple[PlannedTender, tuple[str, ...]]]:
    """The chosen proposed tenders with the services they serve (one serving
    none covers nothing), in the order given; a reference that is no tender, or
    no proposed one, is refused naming ``--scenario`` and the reference."""
    if not refs:
        return []
    wanted = list(dict.fromkeys(refs))
    t = models.Tender.__table__  # type: ignore[attr-defined]
    statuses = dict(
        session.execute(select(t.c.ref, t.c.status).where(t.c.ref.in_(wanted))).all()
    )
    for ref in wanted:
        if ref not in statuses:
            raise ValidationError(
                "--scenario", ref, N_("there is no tender with this reference")
            )
        if statuses[ref] != TenderStatus.PROPOSED.value:
            raise ValidationError(
                "--scenario",
                ref,
                N_("a scenario counts proposed tenders only; this one is {status}"),
                status=Term(statuses[ref]),
            )
    s = models.Service.__table__  # type: ignore[attr-defined]
    service_refs = dict(session.execute(select(s.c.id, s.c.ref)).all())
    by_tender: dict[str, tuple[PlannedTender, list[str]]] = {}
    for service_id, tenders in _planned_tenders(session, wanted).items():
        for tender in tenders:
            entry = by_tender.setdefault(tender.ref, (tender, []))
            entry[1].append(service_refs[service_id])
    return [
        (by_tender[ref][0], tuple(sorted(by_tender[ref][1])))
        if ref in by_tender
        else (_serving_none(ref), ())
        for ref in wanted
    ]


def _serving_none(ref: str) -> PlannedTender:
    """A proposed tender with no lot serving a service: it covers nothing."""
    return PlannedTender(
        ref=ref,
        title=ref,
        status=TenderStatus.PROPOSED.value,
        procedure_type=None,
        planned_start=None,
        planned_start_precision="day",
        planned_months=None,
        programme_end=None,
        estimate=None,
        lot_value=None,
        lot_services=0,
        lots=0,
    )
