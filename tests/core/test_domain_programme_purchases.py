"""Which purchases a programme lists, as pure rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tracker.domain.money import Amount, VatRate
from tracker.domain.periods import Period
from tracker.domain.planning import Estimate, EstimateSource, ScenarioCover
from tracker.domain.planning import Need as PlanNeed
from tracker.domain.programme_purchases import met_by_scenario, programme_purchases
from tracker.domain.programme_schede import Purchase

D = date
E = Decimal


@dataclass(frozen=True)
class Need:
    key: str
    service: str
    period: Period
    value: Amount | None = None
    tenders: Sequence[str] = ()
    continues: str | None = None
    description: str = "Servizio"


def tender(
    ref: str,
    period: Period | None = None,
    value: Amount | None = None,
    services: tuple[str, ...] = (),
) -> Purchase:
    return Purchase(ref, f"Gara {ref}", ref, (), services, period, 36, value, ())


LOR_NEED = Need(
    "N-LOR",
    "LSL",
    Period(D(2022, 12, 21), D(2025, 12, 31)),
    Amount.of_gross(E("848000.00")),
    ("SCN-LOR", "LOR-2023"),
    "LOR-2019-C1",
)
CDQ = [
    Need(
        f"N-{s}",
        s,
        Period(D(2024, 1, 1), D(2025, 12, 31)),
        None,
        ("SCN-CDQ",),
        f"PRO-{s}",
    )
    for s in ("GRA", "PLA", "MOL")
]
TENDERS = {
    "LOR-2023": tender(
        "LOR-2023", Period(D(2023, 1, 1), D(2025, 12, 31)), services=("LSL",)
    ),
    "SCN-LOR": tender("SCN-LOR"),
    "SCN-CDQ": tender(
        "SCN-CDQ",
        Period(D(2024, 1, 1), D(2025, 12, 31)),
        services=("GRA", "MAZ", "MOL", "PLA"),
    ),
    "OLD": tender("OLD", Period(D(2016, 5, 2), D(2019, 5, 1))),
    "NEW": tender(
        "NEW",
        Period(D(2025, 1, 1), D(2026, 12, 31)),
        Amount.of_net(E("1.00"), VatRate.STANDARD),
    ),
    "IDEA": tender("IDEA"),
}
STATUSES = {
    "LOR-2023": "planned",
    "SCN-LOR": "proposed",
    "SCN-CDQ": "proposed",
    "OLD": "planned",
    "NEW": "planned",
    "IDEA": "proposed",
}


def test_one_purchase_per_tender_and_per_need_met_by_none() -> None:
    san_siro = Need(
        "N-SS", "SS", Period(D(2023, 7, 1), D(2026, 12, 31)), continues="PRO-SS"
    )
    got = programme_purchases([LOR_NEED, *CDQ, san_siro], TENDERS, STATUSES, 2023)
    assert [(p.key, p.needs) for p in got] == [
        ("LOR-2023", ("N-LOR",)),
        ("SCN-CDQ", ("N-GRA", "N-PLA", "N-MOL")),
        ("NEW", ()),
        ("N-SS", ("N-SS",)),
    ]
    lor, cdq, new, ss = got
    # the planned tender meets the need before the proposed one; with no estimate
    # of its own it takes the need's, over the need's period
    assert lor.value == Amount.of_gross(E("848000.00"))
    assert lor.period == LOR_NEED.period
    assert lor.continues == "LOR-2019-C1"
    # one tender for the neighbourhoods: its services, the needs' contracts
    assert cdq.services == ("GRA", "MAZ", "MOL", "PLA")
    assert cdq.continues == "PRO-GRA, PRO-MOL, PRO-PLA"
    assert cdq.value is None
    assert new.value == Amount.of_net(E("1.00"), VatRate.STANDARD)
    assert (ss.tender, ss.months, ss.continues) == (None, 42, "PRO-SS")


def test_a_tender_with_its_own_estimate_keeps_it() -> None:
    priced = {
        **TENDERS,
        "LOR-2023": tender(
            "LOR-2023",
            Period(D(2023, 1, 1), D(2025, 12, 31)),
            Amount.of_net(E("600000.00"), VatRate.REDUCED_5),
        ),
    }
    (lor, *_) = programme_purchases([LOR_NEED], priced, STATUSES, 2023)
    assert lor.value == Amount.of_net(E("600000.00"), VatRate.REDUCED_5)
    assert lor.period == Period(D(2023, 1, 1), D(2025, 12, 31))


def test_needs_estimates_add_up_only_when_all_are_known_alike() -> None:
    known = [
        Need(
            "A",
            "GRA",
            Period(D(2024, 1, 1), D(2024, 12, 31)),
            Amount.of_gross(E("100.00")),
            ("SCN-CDQ",),
        ),
        Need(
            "B",
            "PLA",
            Period(D(2024, 7, 1), D(2025, 6, 30)),
            Amount.of_gross(E("50.00")),
            ("SCN-CDQ",),
        ),
    ]
    (cdq, *_) = programme_purchases(known, TENDERS, STATUSES, 2023)
    assert cdq.value == Amount.of_gross(E("150.00"))
    assert cdq.period == Period(D(2024, 1, 1), D(2025, 6, 30))
    mixed = [
        known[0],
        Need(
            "B",
            "PLA",
            known[1].period,
            Amount.of_net(E("50.00"), VatRate.UNKNOWN),
            ("SCN-CDQ",),
        ),
    ]
    (cdq, *_) = programme_purchases(mixed, TENDERS, STATUSES, 2023)
    assert cdq.value is None


def planning_need(
    start: date, cost_from: date, end: date, value: str | None
) -> PlanNeed:
    return PlanNeed(
        service="MAZ",
        service_name="Laboratorio di Quartiere Mazzini",
        neighbourhood="Mazzini",
        programme=None,
        start=start,
        end=end,
        runs_on=False,
        cost_from=cost_from,
        procedure_type=None,
        lead_days=180,
        procedure_start_by=D(2023, 1, 1),
        estimate=Estimate(
            EstimateSource.LAST_CONTRACT if value else EstimateSource.UNKNOWN,
            Amount.of_gross(E(value)) if value else None,
        ),
        last_contract="PRO-MAZ",
    )


def test_the_part_of_a_need_a_scenario_covers_keeps_its_share_of_the_estimate() -> None:
    need = planning_need(D(2023, 7, 1), D(2023, 7, 1), D(2025, 12, 31), "915.00")
    covers = [
        ScenarioCover("SCN-CDQ", "MAZ", D(2024, 1, 1), D(2025, 12, 31)),
        ScenarioCover("SCN-OTHER", "GRA", D(2023, 1, 1), D(2025, 12, 31)),
    ]
    (met,) = met_by_scenario([need], covers)
    assert (met.key, met.tenders, met.continues) == (
        "MAZ/2024-01-01",
        ("SCN-CDQ",),
        "PRO-MAZ",
    )
    assert met.period == Period(D(2024, 1, 1), D(2025, 12, 31))
    # 731 of the need's 915 days
    assert met.value == Amount.of_gross(E("731.00"))
    # a cover before the first day that can be bought meets nothing
    late = planning_need(D(2022, 12, 21), D(2023, 1, 17), D(2023, 6, 30), None)
    early = [ScenarioCover("SCN-X", "MAZ", D(2022, 12, 21), D(2023, 1, 16))]
    assert met_by_scenario([late], early) == []
    (unknown,) = met_by_scenario(
        [late],
        [*covers[:1], ScenarioCover("SCN-X", "MAZ", D(2023, 1, 1), D(2023, 2, 28))],
    )
    assert (unknown.period, unknown.value) == (
        Period(D(2023, 1, 17), D(2023, 2, 28)),
        None,
    )


@pytest.mark.parametrize(
    ("start", "end", "listed"),
    [
        (D(2016, 5, 2), D(2019, 5, 1), False),
        (D(2016, 5, 2), D(2023, 1, 1), True),
        (D(2025, 12, 31), D(2027, 1, 1), True),
        (D(2026, 1, 1), D(2028, 12, 31), False),
    ],
)
def test_a_planned_tender_meeting_no_need_is_listed_within_the_three_years(
    start: date, end: date, listed: bool
) -> None:
    tenders = {"T": tender("T", Period(start, end))}
    got = programme_purchases([], tenders, {"T": "planned"}, 2023)
    assert [p.key for p in got] == (["T"] if listed else [])
