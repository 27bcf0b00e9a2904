"""The rules of the needs: uncovered stretches within the horizon, the linked
tender, the estimate and a scenario's assumptions, each table-driven."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tracker.domain.continuity import (
    Coverage,
    HalfKnown,
    ServiceInfo,
    SourceKind,
    assess,
    procedure_start_by,
)
from tracker.domain.money import Amount, Basis, VatRate
from tracker.domain.needs import (
    ContractCost,
    ServicePlanInput,
    contract_cost,
    estimate,
    last_contract_parts,
    linked_tender,
    scenario_covers,
    service_needs,
    uncovered,
)
from tracker.domain.planning import EstimateSource, PlanHorizon, PlannedTender

D = date
H2023 = PlanHorizon(2023)
SINCE_2019 = D(2019, 1, 1)
JANUARY_2024 = D(2024, 1, 1)


def _service(
    runs: list[tuple[date, date]],
    *,
    required_from: date = SINCE_2019,
    required_until: date | None = None,
    half_known: tuple[HalfKnown, ...] = (),
    tenders: tuple[PlannedTender, ...] = (),
) -> ServicePlanInput:
    coverages = [
        Coverage(SourceKind.CONTRACT, f"C{i}", "base", start, end)
        for i, (start, end) in enumerate(runs)
    ]
    return ServicePlanInput(
        ServiceInfo("S", "Service", "Hood", required_from, required_until),
        "PRG",
        coverages,
        half_known,
        tenders,
    )


def _tender(
    ref: str = "T",
    status: str = "planned",
    start: date | None = JANUARY_2024,
    months: int | None = 24,
    **more: object,
) -> PlannedTender:
    values: dict[str, object] = {
        "ref": ref,
        "title": ref,
        "status": status,
        "procedure_type": None,
        "planned_start": start,
        "planned_start_precision": "day",
        "planned_months": months,
        "programme_end": None,
        "estimate": None,
        "lot_value": None,
        "lot_services": 1,
        "lots": 1,
    }
    values.update(more)
    return PlannedTender(**values)  # type: ignore[arg-type]


def test_horizon_is_three_financial_years() -> None:
    assert H2023.years == (2023, 2024, 2025)
    assert (H2023.start, H2023.end) == (D(2023, 1, 1), D(2025, 12, 31))


@pytest.mark.parametrize(
    ("runs", "required_until", "as_of", "expected"),
    [
        # covered to mid-2023, required with no end: the rest of the horizon, on
        (
            [(D(2020, 1, 1), D(2023, 6, 30))],
            None,
            D(2023, 1, 17),
            [(D(2023, 7, 1), D(2025, 12, 31), True)],
        ),
        # already uncovered: the stretch keeps its start before the horizon
        (
            [(D(2019, 6, 21), D(2022, 12, 20))],
            D(2025, 12, 31),
            D(2023, 1, 17),
            [(D(2022, 12, 21), D(2025, 12, 31), False)],
        ),
        # a hole between two contracts inside the horizon, then covered to the end
        (
            [(D(2020, 1, 1), D(2023, 3, 31)), (D(2023, 5, 1), D(2026, 12, 31))],
            None,
            D(2023, 1, 17),
            [(D(2023, 4, 1), D(2023, 4, 30), False)],
        ),
        # a hole wholly passed by the as-of day is no need: nothing can buy it
        (
            [(D(2020, 1, 1), D(2023, 1, 31)), (D(2023, 3, 1), D(2026, 12, 31))],
            None,
            D(2023, 6, 1),
            [],
        ),
        # a hole wholly before the horizon is no need either
        (
            [(D(2019, 1, 1), D(2020, 1, 31)), (D(2020, 3, 1), D(2026, 12, 31))],
            None,
            D(2019, 6, 1),
            [],
        ),
        # the required window ends inside the horizon: the need ends with it
        (
            [(D(2019, 1, 1), D(2023, 12, 31))],
            D(2024, 6, 30),
            D(2023, 1, 17),
            [(D(2024, 1, 1), D(2024, 6, 30), False)],
        ),
        # covered beyond the horizon: nothing to buy
        ([(D(2019, 1, 1), D(2030, 12, 31))], None, D(2023, 1, 17), []),
    ],
)
def test_uncovered_stretches(
    runs: list[tuple[date, date]],
    required_until: date | None,
    as_of: date,
    expected: list[tuple[date, date, bool]],
) -> None:
    service = _service(runs, required_until=required_until)
    found = uncovered(service, H2023, as_of)
    assert [(s.start, s.end, s.runs_on) for s in found] == expected


def test_days_a_contract_known_by_one_end_may_cover_are_no_need() -> None:
    # known to start in 2023 with no end: it may run on, neither gap nor need
    half = (HalfKnown("H", D(2023, 7, 1), None),)
    service = _service([(D(2020, 1, 1), D(2023, 6, 30))], half_known=half)
    assert uncovered(service, H2023, D(2023, 1, 17)) == []


def test_a_scenario_coverage_closes_the_stretch_it_covers() -> None:
    service = _service([(D(2020, 1, 1), D(2023, 6, 30))])
    found = uncovered(
        service, H2023, D(2023, 1, 17), extra=[(D(2024, 1, 1), D(2025, 12, 31))]
    )
    assert [(s.start, s.end) for s in found] == [(D(2023, 7, 1), D(2023, 12, 31))]


@pytest.mark.parametrize(
    ("tenders", "expected"),
    [
        # further along first
        ((_tender("P", "proposed"), _tender("L", "planned")), "L"),
        # the same progress: the earliest planned start
        (
            (_tender("B", start=D(2024, 3, 1)), _tender("A", start=D(2024, 6, 1))),
            "B",
        ),
        # a tender whose planned period ended before the need covers nothing
        ((_tender("OLD", start=D(2016, 5, 2), months=36),), None),
        # one starting after the need ends neither
        ((_tender("LATE", start=D(2026, 1, 1)),), None),
        # an unknown start does not rule a tender out
        ((_tender("ANY", "proposed", start=None, months=None),), "ANY"),
        # a cancelled tender never covers
        ((_tender("X", "cancelled"),), None),
    ],
)
def test_linked_tender(
    tenders: tuple[PlannedTender, ...], expected: str | None
) -> None:
    found = linked_tender(tenders, D(2023, 7, 1), D(2025, 12, 31))
    assert (found.ref if found else None) == expected


LOR_BASE = Amount(Decimal("828415.20"), Basis.GROSS, VatRate.UNKNOWN)
LOR_RENEWAL = Amount(Decimal("138069.20"), Basis.GROSS, VatRate.UNKNOWN)
LOR = ContractCost(
    "LOR-2019-C1", D(2022, 12, 20), ((1096, LOR_BASE), (183, LOR_RENEWAL))
)


@pytest.mark.parametrize(
    ("tender", "last", "days", "source", "amount", "shared_by"),
    [
        # the daily cost of base and renewal, scaled: 966,484.40 x 1,080 / 1,279
        (None, LOR, 1080, EstimateSource.LAST_CONTRACT, "816108.80", 1),
        # a contract serving two services: an equal share
        (
            None,
            ContractCost("C", D(2022, 12, 31), ((100, LOR_BASE),), services=2),
            50,
            EstimateSource.LAST_CONTRACT,
            "207103.80",
            2,
        ),
        # an option stated the other way (net) is left out with its days
        (
            None,
            ContractCost(
                "C",
                D(2022, 12, 31),
                (
                    (100, Amount(Decimal("1000.00"), Basis.NET, VatRate.STANDARD)),
                    (50, LOR_BASE),
                ),
            ),
            10,
            EstimateSource.LAST_CONTRACT,
            "100.00",
            1,
        ),
        # the last contract states no amount: unknown, never zero
        (
            None,
            ContractCost("PRO", D(2023, 6, 30), ((1277, None),)),
            915,
            EstimateSource.UNKNOWN,
            None,
            1,
        ),
        # the value entered on the linked tender wins over the derived one
        (
            _tender(estimate=Amount(Decimal("900000.00"), Basis.NET, VatRate.STANDARD)),
            LOR,
            1080,
            EstimateSource.TENDER,
            "900000.00",
            1,
        ),
        # a lot serving four services: a quarter of its value
        (
            _tender(
                lot_value=Amount(Decimal("400000.00"), Basis.NET, VatRate.STANDARD),
                lot_services=4,
            ),
            None,
            731,
            EstimateSource.TENDER,
            "100000.00",
            4,
        ),
    ],
)
def test_estimate(
    tender: PlannedTender | None,
    last: ContractCost | None,
    days: int,
    source: EstimateSource,
    amount: str | None,
    shared_by: int,
) -> None:
    found = estimate(tender, last, days)
    assert found.source is source
    assert (str(found.amount.value) if found.amount else None) == amount
    assert found.shared_by == shared_by


def test_the_last_contract_is_the_one_covering_to_the_latest_day() -> None:
    coverages = [
        Coverage(SourceKind.CONTRACT, "K", "K-R1", D(2022, 6, 21), D(2022, 12, 20)),
        Coverage(SourceKind.CONTRACT, "K", "base", D(2019, 6, 21), D(2022, 6, 20)),
        Coverage(SourceKind.CONTRACT, "OLD", "base", D(2016, 1, 1), D(2019, 6, 20)),
        Coverage(SourceKind.IN_HOUSE, "IH", "in_house", D(2023, 1, 1), D(2023, 6, 1)),
    ]
    parts = last_contract_parts(coverages)
    assert [(c.ref, c.part) for c in parts] == [("K", "base"), ("K", "K-R1")]
    cost = contract_cost(parts, {"base": LOR_BASE, "K-R1": LOR_RENEWAL})
    assert cost == ContractCost(
        "K", D(2022, 12, 20), ((1096, LOR_BASE), (183, LOR_RENEWAL))
    )


def test_a_contract_known_only_by_its_options_is_no_last_contract() -> None:
    option = Coverage(SourceKind.CONTRACT, "K", "K-R1", D(2022, 6, 21), D(2022, 12, 20))
    assert last_contract_parts([option]) == ()


def test_the_latest_start_is_the_continuity_engines_act_by() -> None:
    info = ServiceInfo("S", "Service", "Hood", D(2019, 1, 1), None)
    runs = [Coverage(SourceKind.CONTRACT, "C", "base", D(2020, 1, 1), D(2023, 6, 30))]
    service = ServicePlanInput(info, None, runs)
    (need,) = service_needs(
        service, horizon=H2023, as_of=D(2023, 1, 17), lead_days_for=lambda _: 180
    )
    engine = assess(info, runs, [], as_of=D(2023, 1, 17), lead_days_for=lambda _: 180)
    assert need.procedure_start_by == engine.act_by == D(2023, 1, 1)
    assert procedure_start_by(D(2023, 7, 1), 180) == D(2023, 1, 1)


def test_the_lead_time_is_the_linked_tenders_procedure_types() -> None:
    service = _service(
        [(D(2020, 1, 1), D(2023, 12, 31))],
        tenders=(_tender("A", procedure_type="aperta"),),
    )
    leads = {"aperta": 240}
    (need,) = service_needs(
        service,
        horizon=H2023,
        as_of=D(2023, 1, 17),
        lead_days_for=lambda kind: leads.get(kind or "", 180),
    )
    assert (need.procedure_type, need.lead_days) == ("aperta", 240)
    assert need.procedure_start_by == D(2023, 5, 5)


@pytest.mark.parametrize(
    ("tender", "expected"),
    [
        # planned start and months: as planned, no assumption
        (
            _tender("S", "proposed", start=D(2024, 1, 1), months=24),
            (D(2024, 1, 1), D(2025, 12, 31), False, False, False),
        ),
        # no start: from the first day needed; no months: to its programme's end
        (
            _tender(
                "S", "proposed", start=None, months=None, programme_end=D(2026, 12, 31)
            ),
            (D(2023, 7, 1), D(2026, 12, 31), True, True, True),
        ),
        # no start and months: the months from the first day needed
        (
            _tender("S", "proposed", start=None, months=6),
            (D(2023, 7, 1), D(2023, 12, 31), True, False, False),
        ),
        # nothing known but the service: to the horizon's end
        (
            _tender("S", "proposed", start=None, months=None),
            (D(2023, 7, 1), D(2025, 12, 31), True, True, False),
        ),
    ],
)
def test_scenario_covers(
    tender: PlannedTender, expected: tuple[date, date, bool, bool, bool]
) -> None:
    (cover,) = scenario_covers(
        tender, ["S"], {"S": D(2023, 7, 1)}, horizon=H2023, as_of=D(2023, 1, 17)
    )
    assert (
        cover.start,
        cover.end,
        cover.start_assumed,
        cover.end_assumed,
        cover.to_programme_end,
    ) == expected


def test_a_scenario_never_covers_days_already_passed() -> None:
    tender = _tender("S", "proposed", start=None, months=None)
    (cover,) = scenario_covers(
        tender, ["S"], {"S": D(2022, 12, 21)}, horizon=H2023, as_of=D(2023, 1, 17)
    )
    assert cover.start == D(2023, 1, 17)


def test_a_tender_planned_for_days_gone_is_not_linked() -> None:
    service = _service(
        [(D(2020, 1, 1), D(2023, 6, 30))],
        tenders=(_tender("PAST", "proposed", start=D(2024, 1, 1), months=24),),
    )
    (need,) = service_needs(
        service,
        horizon=PlanHorizon(2026),
        as_of=D(2026, 12, 1),
        lead_days_for=lambda _: 180,
    )
    assert (need.start, need.cost_from) == (D(2023, 7, 1), D(2026, 12, 1))
    assert need.tender is None


def test_a_need_follows_the_contract_ended_before_it_not_a_later_one() -> None:
    """As of 2016 the Laboratori's need follows the 2006-2016 contracts, not the
    2020 professionals' ones (which state no amount either way)."""
    coverages = [
        Coverage(SourceKind.CONTRACT, "CDQ", "base", D(2006, 1, 1), D(2016, 4, 30)),
        Coverage(
            SourceKind.IN_HOUSE, "INT", "in_house", D(2018, 1, 1), D(2019, 12, 31)
        ),
        Coverage(SourceKind.CONTRACT, "PRO", "base", D(2020, 1, 1), D(2023, 6, 30)),
    ]
    amounts = {"CDQ": LOR_BASE, "PRO": None}
    service = ServicePlanInput(
        ServiceInfo("S", "Service", "Hood", D(2006, 1, 1), None),
        None,
        coverages,
        cost_of=lambda parts: contract_cost(parts, {"base": amounts[parts[0].ref]}),
    )
    (early,) = service_needs(
        service,
        horizon=PlanHorizon(2016),
        as_of=D(2016, 3, 1),
        lead_days_for=lambda _: 180,
    )
    assert (early.start, early.end, early.last_contract) == (
        D(2016, 5, 1),
        D(2017, 12, 31),
        "CDQ",
    )
    assert early.estimate.source is EstimateSource.LAST_CONTRACT
    (later,) = service_needs(
        service, horizon=H2023, as_of=D(2023, 1, 17), lead_days_for=lambda _: 180
    )
    assert (later.start, later.last_contract) == (D(2023, 7, 1), "PRO")
    assert later.estimate.source is EstimateSource.UNKNOWN
