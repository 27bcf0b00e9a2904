"""Unit tests for tracker.domain.continuity: coverage runs, gaps, overlaps, status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from tracker.config import Settings
from tracker.domain.continuity import (
    ContinuityStatus,
    Coverage,
    CoverageRef,
    Gap,
    GapState,
    HalfKnown,
    Overlap,
    ServiceContinuity,
    ServiceInfo,
    SourceKind,
    TenderPlan,
    Uncertain,
    assess,
    find_gaps,
    find_overlaps,
    merge,
    next_tender,
)

D = date
REQUIRED_FROM = D(2023, 1, 1)


def contract(ref: str, start: date, end: date, *, part: str = "base") -> Coverage:
    return Coverage(SourceKind.CONTRACT, ref, part, start, end)


def in_house(ref: str, start: date, end: date) -> Coverage:
    return Coverage(SourceKind.IN_HOUSE, ref, "in_house", start, end)


def tender(
    ref: str,
    status: str = "planned",
    start: date | None = None,
    *,
    procedure: str | None = None,
    precision: str = "day",
    pending: bool = False,
) -> TenderPlan:
    return TenderPlan(ref, status, procedure, start, pending, precision)


def service(
    required_from: date = REQUIRED_FROM, required_until: date | None = None
) -> ServiceInfo:
    return ServiceInfo("SRV", "Laboratorio", "Quartiere", required_from, required_until)


def fixed_lead(days: int) -> Settings:
    return Settings(lead_days={"default": days})


def run(
    coverages: Sequence[Coverage],
    as_of: date,
    *,
    tenders: Sequence[TenderPlan] = (),
    info: ServiceInfo | None = None,
    settings: Settings | None = None,
) -> ServiceContinuity:
    return assess(
        info or service(),
        coverages,
        tenders,
        as_of=as_of,
        lead_days_for=(settings or Settings()).lead_days_for,
    )


# --- merge ----------------------------------------------------------------------


def test_merge_joins_touching_periods() -> None:
    assert merge(
        [(D(2023, 1, 1), D(2023, 1, 10)), (D(2023, 1, 11), D(2023, 1, 20))]
    ) == [(D(2023, 1, 1), D(2023, 1, 20))]


def test_merge_joins_overlapping_and_contained_periods() -> None:
    assert merge(
        [
            (D(2023, 1, 10), D(2023, 1, 20)),
            (D(2023, 1, 1), D(2023, 1, 15)),
            (D(2023, 1, 3), D(2023, 1, 5)),
        ]
    ) == [(D(2023, 1, 1), D(2023, 1, 20))]


def test_merge_keeps_periods_with_a_one_day_hole_apart() -> None:
    periods = [(D(2023, 1, 12), D(2023, 1, 20)), (D(2023, 1, 1), D(2023, 1, 10))]
    assert merge(periods) == [
        (D(2023, 1, 1), D(2023, 1, 10)),
        (D(2023, 1, 12), D(2023, 1, 20)),
    ]


def test_merge_of_nothing_is_nothing() -> None:
    assert merge([]) == []


# --- find_gaps ------------------------------------------------------------------


def test_leading_gap_when_coverage_starts_after_required_from() -> None:
    gaps = find_gaps(
        [(D(2023, 3, 1), D(2023, 12, 31))],
        required_from=D(2023, 1, 1),
        required_until=None,
        as_of=D(2023, 6, 1),
    )
    assert gaps == [Gap(D(2023, 1, 1), D(2023, 2, 28), 59, GapState.PAST)]


def test_internal_past_gap() -> None:
    gaps = find_gaps(
        [(D(2023, 1, 1), D(2023, 1, 31)), (D(2023, 3, 1), D(2023, 12, 31))],
        required_from=D(2023, 1, 1),
        required_until=None,
        as_of=D(2023, 4, 1),
    )
    assert gaps == [Gap(D(2023, 2, 1), D(2023, 2, 28), 28, GapState.PAST)]


def test_internal_future_gap() -> None:
    gaps = find_gaps(
        [(D(2023, 1, 1), D(2023, 6, 30)), (D(2023, 8, 1), D(2023, 12, 31))],
        required_from=D(2023, 1, 1),
        required_until=None,
        as_of=D(2023, 3, 1),
    )
    assert gaps == [Gap(D(2023, 7, 1), D(2023, 7, 31), 31, GapState.FUTURE)]


def test_internal_gap_under_way_is_current() -> None:
    gaps = find_gaps(
        [(D(2023, 1, 1), D(2023, 6, 30)), (D(2023, 8, 1), D(2023, 12, 31))],
        required_from=D(2023, 1, 1),
        required_until=None,
        as_of=D(2023, 7, 15),
    )
    assert gaps == [Gap(D(2023, 7, 1), D(2023, 7, 31), 31, GapState.CURRENT)]


def test_trailing_gap_is_open_and_counted_inclusive_to_as_of() -> None:
    gaps = find_gaps(
        [(D(2023, 1, 1), D(2023, 6, 30))],
        required_from=D(2023, 1, 1),
        required_until=None,
        as_of=D(2023, 7, 10),
    )
    assert gaps == [Gap(D(2023, 7, 1), None, 10, GapState.CURRENT)]


def test_trailing_gap_stays_open_while_the_required_window_is() -> None:
    gaps = find_gaps(
        [(D(2023, 1, 1), D(2023, 6, 30))],
        required_from=D(2023, 1, 1),
        required_until=D(2023, 12, 31),
        as_of=D(2023, 7, 1),
    )
    assert gaps == [Gap(D(2023, 7, 1), None, 1, GapState.CURRENT)]


def test_trailing_gap_is_closed_by_required_until_once_past() -> None:
    gaps = find_gaps(
        [(D(2023, 1, 1), D(2023, 6, 30))],
        required_from=D(2023, 1, 1),
        required_until=D(2023, 9, 30),
        as_of=D(2023, 12, 1),
    )
    assert gaps == [Gap(D(2023, 7, 1), D(2023, 9, 30), 92, GapState.PAST)]


def test_coverage_starting_before_required_from_leaves_no_gap() -> None:
    gaps = find_gaps(
        [(D(2021, 1, 1), D(2021, 12, 31)), (D(2022, 6, 1), D(2023, 12, 31))],
        required_from=D(2023, 1, 1),
        required_until=None,
        as_of=D(2023, 6, 1),
    )
    assert gaps == []


@pytest.mark.parametrize(
    "as_of",
    [D(2023, 6, 15), D(2023, 6, 30)],
    ids=["inside-the-run", "its-last-day"],
)
def test_no_gap_before_the_trailing_run_begins(as_of: date) -> None:
    gaps = find_gaps(
        [(D(2023, 1, 1), D(2023, 6, 30))],
        required_from=D(2023, 1, 1),
        required_until=None,
        as_of=as_of,
    )
    assert gaps == []


def test_nothing_required_yet_is_no_gap() -> None:
    gaps = find_gaps(
        [], required_from=D(2024, 1, 1), required_until=None, as_of=D(2023, 6, 1)
    )
    assert gaps == []


def test_never_covered_is_one_open_gap_from_required_from() -> None:
    gaps = find_gaps(
        [], required_from=D(2023, 1, 1), required_until=None, as_of=D(2023, 1, 31)
    )
    assert gaps == [Gap(D(2023, 1, 1), None, 31, GapState.CURRENT)]


def test_coverage_after_required_until_is_ignored() -> None:
    gaps = find_gaps(
        [(D(2023, 1, 1), D(2023, 3, 31)), (D(2024, 1, 1), D(2024, 12, 31))],
        required_from=D(2023, 1, 1),
        required_until=D(2023, 6, 30),
        as_of=D(2024, 6, 1),
    )
    assert gaps == [Gap(D(2023, 4, 1), D(2023, 6, 30), 91, GapState.PAST)]


# --- find_overlaps --------------------------------------------------------------


def test_two_contracts_on_the_same_days_overlap_counted_inclusive() -> None:
    overlaps = find_overlaps(
        [
            contract("C2", D(2023, 6, 1), D(2023, 12, 31)),
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
        ]
    )
    assert overlaps == [Overlap("C1", "C2", D(2023, 6, 1), D(2023, 6, 30), 30)]


def test_a_single_shared_day_is_an_overlap() -> None:
    overlaps = find_overlaps(
        [
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
            contract("C2", D(2023, 6, 30), D(2023, 12, 31)),
        ]
    )
    assert overlaps == [Overlap("C1", "C2", D(2023, 6, 30), D(2023, 6, 30), 1)]


def test_base_and_option_of_the_same_contract_do_not_overlap() -> None:
    overlaps = find_overlaps(
        [
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
            contract("C1", D(2023, 7, 1), D(2023, 12, 31), part="C1-R1"),
        ]
    )
    assert overlaps == []


def test_an_exercised_option_overlapping_another_contract_counts() -> None:
    overlaps = find_overlaps(
        [
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
            contract("C1", D(2023, 7, 1), D(2023, 12, 31), part="C1-R1"),
            contract("C2", D(2023, 12, 1), D(2024, 12, 31)),
        ]
    )
    assert overlaps == [Overlap("C1", "C2", D(2023, 12, 1), D(2023, 12, 31), 31)]


def test_contracts_that_only_touch_do_not_overlap() -> None:
    overlaps = find_overlaps(
        [
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
            contract("C2", D(2023, 7, 1), D(2023, 12, 31)),
        ]
    )
    assert overlaps == []


def test_in_house_coverage_is_not_a_paid_overlap() -> None:
    overlaps = find_overlaps(
        [
            contract("C1", D(2023, 1, 1), D(2023, 12, 31)),
            in_house("IH", D(2023, 3, 1), D(2023, 4, 30)),
        ]
    )
    assert overlaps == []


# --- assess: status -------------------------------------------------------------


def test_status_gap_after_coverage_ends() -> None:
    result = run([contract("C1", D(2023, 1, 1), D(2023, 6, 30))], D(2023, 7, 10))
    assert result.status is ContinuityStatus.GAP
    assert result.covered_until == D(2023, 6, 30)
    assert result.current is None
    assert result.open_gap == Gap(D(2023, 7, 1), None, 10, GapState.CURRENT)


def test_status_at_risk_inside_the_lead_time() -> None:
    result = run([contract("C1", D(2023, 1, 1), D(2023, 12, 31))], D(2023, 10, 1))
    assert result.status is ContinuityStatus.AT_RISK
    assert result.lead_days == 180
    assert result.covered_until == D(2023, 12, 31)
    assert result.current == CoverageRef(
        SourceKind.CONTRACT, "C1", D(2023, 1, 1), D(2023, 12, 31)
    )


def test_status_ok_far_from_the_end() -> None:
    result = run([contract("C1", D(2023, 1, 1), D(2024, 12, 31))], D(2023, 3, 1))
    assert result.status is ContinuityStatus.OK
    assert result.gaps == ()


@pytest.mark.parametrize(
    "as_of",
    [D(2022, 12, 31), D(2024, 1, 1)],
    ids=["before-required-from", "after-required-until"],
)
def test_status_not_required_outside_the_window(as_of: date) -> None:
    result = run(
        [contract("C1", D(2023, 1, 1), D(2023, 6, 30))],
        as_of,
        info=service(D(2023, 1, 1), D(2023, 12, 31)),
    )
    assert result.status is ContinuityStatus.NOT_REQUIRED


def test_coverage_to_the_required_end_is_not_at_risk() -> None:
    result = run(
        [contract("C1", D(2023, 1, 1), D(2023, 12, 31))],
        D(2023, 12, 1),
        info=service(D(2023, 1, 1), D(2023, 12, 31)),
    )
    assert result.status is ContinuityStatus.OK
    assert result.act_by is None


@pytest.mark.parametrize(
    ("days_left", "status"),
    [
        (30, ContinuityStatus.OK),
        (29, ContinuityStatus.AT_RISK),
        (31, ContinuityStatus.OK),
    ],
    ids=["exactly-the-lead-time", "one-day-less", "one-day-more"],
)
def test_at_risk_boundary_is_the_lead_time(
    days_left: int, status: ContinuityStatus
) -> None:
    end = D(2023, 12, 31)
    result = run(
        [contract("C1", D(2023, 1, 1), end)],
        end - timedelta(days=days_left),
        settings=fixed_lead(30),
    )
    assert result.lead_days == 30
    assert result.status is status


def test_a_successor_starting_the_day_after_removes_the_risk() -> None:
    result = run(
        [
            contract("C1", D(2023, 1, 1), D(2023, 12, 31)),
            contract("C2", D(2024, 1, 1), D(2025, 12, 31)),
        ],
        D(2023, 12, 1),
    )
    assert result.status is ContinuityStatus.OK
    assert result.covered_until == D(2025, 12, 31)
    assert result.current is not None
    assert result.current.ref == "C1"
    assert result.successor == CoverageRef(
        SourceKind.CONTRACT, "C2", D(2024, 1, 1), D(2025, 12, 31)
    )
    assert result.gaps == ()
    assert result.overlaps == ()


def test_act_by_is_covered_until_minus_the_lead_days() -> None:
    result = run(
        [contract("C1", D(2023, 1, 1), D(2023, 12, 31))],
        D(2023, 3, 1),
        settings=fixed_lead(100),
    )
    assert result.status is ContinuityStatus.OK
    assert result.act_by == D(2023, 12, 31) - timedelta(days=100)
    assert result.act_by == D(2023, 9, 22)


def test_default_lead_time_gives_act_by() -> None:
    result = run([contract("C1", D(2023, 1, 1), D(2023, 12, 31))], D(2023, 3, 1))
    assert result.lead_days == 180
    assert result.act_by == D(2023, 7, 4)


def test_lead_days_come_from_the_next_tenders_procedure_type() -> None:
    settings = Settings(lead_days={"default": 180, "negoziata": 90, "aperta": 240})
    coverages = [contract("C1", D(2023, 1, 1), D(2023, 12, 31))]
    plan = tender("T", "planned", D(2024, 1, 1), procedure="negoziata")
    result = run(coverages, D(2023, 9, 1), tenders=[plan], settings=settings)
    assert result.next_tender == plan
    assert result.lead_days == 90
    assert result.act_by == D(2023, 10, 2)
    assert result.status is ContinuityStatus.OK

    open_plan = tender("T", "planned", D(2024, 1, 1), procedure="aperta")
    result = run(coverages, D(2023, 9, 1), tenders=[open_plan], settings=settings)
    assert result.lead_days == 240
    assert result.status is ContinuityStatus.AT_RISK


def test_unlisted_procedure_type_uses_the_default_lead_days() -> None:
    settings = Settings(lead_days={"default": 120, "negoziata": 90})
    plan = tender("T", "planned", D(2024, 1, 1), procedure="co_progettazione")
    result = run(
        [contract("C1", D(2023, 1, 1), D(2023, 12, 31))],
        D(2023, 3, 1),
        tenders=[plan],
        settings=settings,
    )
    assert result.lead_days == 120


# --- next tender ----------------------------------------------------------------


def test_next_tender_prefers_the_procedure_further_along() -> None:
    proposed = tender("A-PROPOSED", "proposed", D(2023, 2, 1))
    planned = tender("B-PLANNED", "planned", D(2023, 6, 1))
    published = tender("C-PUBLISHED", "published", D(2023, 9, 1))
    awarded = tender("D-AWARDED", "awarded", D(2023, 12, 1))
    assert next_tender([proposed, planned, published, awarded]) == awarded
    assert next_tender([proposed, planned, published]) == published
    assert next_tender([proposed, planned]) == planned
    assert next_tender([proposed]) == proposed


def test_next_tender_then_earliest_start_then_ref() -> None:
    late = tender("A", "planned", D(2024, 1, 1))
    early = tender("B", "planned", D(2023, 9, 1))
    undated = tender("0", "planned", None)
    assert next_tender([late, undated, early]) == early
    twin = tender("C", "planned", D(2023, 9, 1))
    assert next_tender([twin, early]) == early


def test_failed_tenders_are_never_next() -> None:
    assert next_tender([tender("X", "cancelled"), tender("Y", "unsuccessful")]) is None


def test_ranking_through_assess() -> None:
    proposed = tender("P", "proposed", D(2023, 7, 1), procedure="aperta")
    planned = tender("Q", "planned", D(2024, 1, 1), procedure="negoziata")
    result = run(
        [contract("C1", D(2023, 1, 1), D(2023, 12, 31))],
        D(2023, 3, 1),
        tenders=[proposed, planned],
        settings=Settings(lead_days={"default": 180, "negoziata": 60, "aperta": 240}),
    )
    assert result.next_tender == planned
    assert result.lead_days == 60


def test_planned_tender_overtaken_by_later_coverage_is_ignored() -> None:
    stale = tender("OLD", "planned", D(2022, 1, 1), procedure="negoziata")
    settings = Settings(lead_days={"default": 180, "negoziata": 60})
    result = run(
        [contract("C1", D(2022, 6, 1), D(2023, 12, 31))],
        D(2023, 3, 1),
        tenders=[stale],
        settings=settings,
    )
    assert result.next_tender is None
    assert result.lead_days == 180


def test_a_tender_starting_with_the_coverage_is_not_overtaken() -> None:
    plan = tender("SAME", "planned", D(2022, 6, 1))
    result = run(
        [contract("C1", D(2022, 6, 1), D(2023, 12, 31))], D(2023, 3, 1), tenders=[plan]
    )
    assert result.next_tender == plan


def test_future_coverage_does_not_overtake_a_tender() -> None:
    plan = tender("NEXT", "planned", D(2023, 6, 1))
    result = run(
        [
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
            contract("C2", D(2023, 9, 1), D(2024, 12, 31)),
        ],
        D(2023, 3, 1),
        tenders=[plan],
    )
    assert result.next_tender == plan


@pytest.mark.parametrize(
    ("precision", "kept"),
    [("year", True), ("month", False), ("day", False)],
)
def test_a_tender_dated_by_year_counts_until_31_december(
    precision: str, kept: bool
) -> None:
    plan = tender("T-2023", "planned", D(2023, 1, 1), precision=precision)
    result = run(
        [contract("C1", D(2023, 6, 1), D(2023, 12, 31))],
        D(2023, 8, 1),
        tenders=[plan],
    )
    assert (result.next_tender == plan) is kept


def test_latest_start_of_each_precision() -> None:
    assert tender("T", start=D(2023, 1, 1), precision="year").latest_start == D(
        2023, 12, 31
    )
    assert tender("T", start=D(2024, 2, 1), precision="month").latest_start == D(
        2024, 2, 29
    )
    assert tender("T", start=D(2023, 5, 17)).latest_start == D(2023, 5, 17)
    assert tender("T").latest_start is None


def test_a_tender_dated_on_31_december_is_kept_on_that_day() -> None:
    plan = tender("T-2023", "planned", D(2023, 1, 1), precision="year")
    result = run(
        [contract("C1", D(2023, 12, 31), D(2024, 12, 31))],
        D(2024, 1, 1),
        tenders=[plan],
    )
    assert result.next_tender == plan
    later = run(
        [contract("C1", D(2024, 1, 1), D(2024, 12, 31))],
        D(2024, 1, 2),
        tenders=[plan],
    )
    assert later.next_tender is None


# --- assess: sources ------------------------------------------------------------


def test_current_prefers_a_contract_over_in_house_cover() -> None:
    result = run(
        [
            in_house("IH", D(2023, 1, 1), D(2023, 12, 31)),
            contract("C1", D(2023, 3, 1), D(2023, 6, 30)),
        ],
        D(2023, 4, 1),
    )
    assert result.current is not None
    assert result.current.ref == "C1"
    assert result.covered_until == D(2023, 12, 31)


def test_in_house_cover_bridges_a_gap() -> None:
    result = run(
        [
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
            in_house("IH", D(2023, 7, 1), D(2023, 7, 31)),
            contract("C2", D(2023, 8, 1), D(2024, 12, 31)),
        ],
        D(2023, 7, 15),
    )
    assert result.status is ContinuityStatus.OK
    assert result.gaps == ()
    assert result.current is not None
    assert result.current.kind is SourceKind.IN_HOUSE
    assert result.successor is not None
    assert result.successor.ref == "C2"


def test_a_gap_with_a_contracted_successor_names_it() -> None:
    result = run(
        [
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
            contract("C2", D(2023, 8, 1), D(2024, 12, 31)),
        ],
        D(2023, 7, 10),
    )
    assert result.status is ContinuityStatus.GAP
    assert result.successor is not None
    assert result.successor.ref == "C2"
    # the successor's end is the next one to plan for: 31/12/2024 - 180 days
    assert result.act_by == D(2024, 7, 4)
    assert result.coverage_ends == D(2024, 12, 31)
    assert result.gaps == (Gap(D(2023, 7, 1), D(2023, 7, 31), 31, GapState.CURRENT),)


def test_a_planned_future_gap_keeps_the_status_ok() -> None:
    result = run(
        [
            contract("C1", D(2023, 1, 1), D(2023, 6, 30)),
            contract("C2", D(2023, 8, 1), D(2024, 12, 31)),
        ],
        D(2023, 6, 1),
    )
    assert result.status is ContinuityStatus.OK
    assert result.act_by == D(2024, 7, 4)
    assert result.gaps == (Gap(D(2023, 7, 1), D(2023, 7, 31), 31, GapState.FUTURE),)


def test_the_final_end_of_coverage_is_at_risk_even_after_a_planned_gap() -> None:
    """Coverage that stops for good inside the lead time is a risk, whatever lies
    between today and that end."""
    result = run(
        [
            contract("C1", D(2023, 1, 1), D(2023, 1, 31)),
            contract("C2", D(2023, 3, 1), D(2023, 4, 30)),
        ],
        D(2023, 1, 17),
    )
    assert result.status is ContinuityStatus.AT_RISK
    assert result.covered_until == D(2023, 1, 31)
    assert result.coverage_ends == D(2023, 4, 30)
    assert result.act_by == D(2022, 11, 1)
    assert [g.state for g in result.gaps] == [GapState.FUTURE]


def test_a_service_not_yet_required_and_not_covered_is_at_risk() -> None:
    info = ServiceInfo("SRV", "Laboratorio", "Quartiere", D(2023, 3, 1), None)
    lead = Settings().lead_days_for
    soon = assess(info, [], [], as_of=D(2023, 1, 17), lead_days_for=lead)
    assert soon.status is ContinuityStatus.AT_RISK
    assert soon.act_by == D(2022, 9, 1)
    early = assess(info, [], [], as_of=D(2022, 8, 1), lead_days_for=lead)
    assert early.status is ContinuityStatus.NOT_REQUIRED
    covered = assess(
        info,
        [Coverage(SourceKind.CONTRACT, "C1", "base", D(2023, 3, 1), D(2026, 2, 28))],
        [],
        as_of=D(2023, 1, 17),
        lead_days_for=lead,
    )
    assert covered.status is ContinuityStatus.NOT_REQUIRED
    assert covered.act_by == D(2025, 9, 1)


# --- contracts known by one end --------------------------------------------------

UNCERTAIN_CASES = [
    pytest.param(
        [HalfKnown("C1", None, D(2023, 12, 31))],
        [],
        D(2023, 6, 1),
        ContinuityStatus.UNCERTAIN,
        (Uncertain(D(2023, 1, 1), D(2023, 12, 31), ("C1",)),),
        (),
        D(2024, 1, 1) - timedelta(days=181),
        id="end-only-from-the-required-start",
    ),
    pytest.param(
        [HalfKnown("C1", None, D(2023, 12, 31), signed_on=D(2023, 3, 1))],
        [],
        D(2023, 6, 1),
        ContinuityStatus.UNCERTAIN,
        (Uncertain(D(2023, 3, 1), D(2023, 12, 31), ("C1",)),),
        (Gap(D(2023, 1, 1), D(2023, 2, 28), 59, GapState.PAST),),
        D(2024, 1, 1) - timedelta(days=181),
        id="end-only-from-the-signature",
    ),
    pytest.param(
        [HalfKnown("C1", None, D(2023, 12, 31))],
        [],
        D(2024, 1, 10),
        ContinuityStatus.GAP,
        (Uncertain(D(2023, 1, 1), D(2023, 12, 31), ("C1",)),),
        (Gap(D(2024, 1, 1), None, 10, GapState.CURRENT),),
        D(2024, 1, 1) - timedelta(days=181),
        id="end-only-passed",
    ),
    pytest.param(
        [HalfKnown("C1", D(2023, 3, 1), None)],
        [],
        D(2023, 6, 1),
        ContinuityStatus.UNCERTAIN,
        (Uncertain(D(2023, 3, 1), None, ("C1",)),),
        (Gap(D(2023, 1, 1), D(2023, 2, 28), 59, GapState.PAST),),
        None,
        id="start-only-runs-on",
    ),
    pytest.param(
        [HalfKnown("C1", D(2023, 3, 1), None)],
        [],
        D(2023, 2, 1),
        ContinuityStatus.GAP,
        (Uncertain(D(2023, 3, 1), None, ("C1",)),),
        (Gap(D(2023, 1, 1), D(2023, 2, 28), 59, GapState.CURRENT),),
        None,
        id="start-only-not-yet-begun",
    ),
    pytest.param(
        [HalfKnown("C1", D(2023, 3, 1), None)],
        [contract("C1", D(2024, 1, 1), D(2024, 12, 31), part="C1-R1")],
        D(2024, 6, 1),
        ContinuityStatus.OK,
        (Uncertain(D(2023, 3, 1), D(2023, 12, 31), ("C1",)),),
        (Gap(D(2023, 1, 1), D(2023, 2, 28), 59, GapState.PAST),),
        D(2025, 1, 1) - timedelta(days=181),
        id="start-only-then-its-exercised-option",
    ),
    pytest.param(
        [HalfKnown("C1", None, D(2023, 12, 31))],
        [contract("C0", D(2022, 1, 1), D(2023, 3, 31))],
        D(2023, 2, 1),
        ContinuityStatus.OK,
        (Uncertain(D(2023, 4, 1), D(2023, 12, 31), ("C1",)),),
        (),
        D(2024, 1, 1) - timedelta(days=181),
        id="known-coverage-wins-over-the-uncertain-days",
    ),
    pytest.param(
        [HalfKnown("C1", None, None)],
        [],
        D(2023, 6, 1),
        ContinuityStatus.UNCERTAIN,
        (Uncertain(D(2023, 1, 1), None, ("C1",)),),
        (),
        None,
        id="neither-end",
    ),
    pytest.param(
        [HalfKnown("C1", None, None, signed_on=D(2023, 2, 1))],
        [],
        D(2023, 6, 1),
        ContinuityStatus.UNCERTAIN,
        (Uncertain(D(2023, 2, 1), None, ("C1",)),),
        (Gap(D(2023, 1, 1), D(2023, 1, 31), 31, GapState.PAST),),
        None,
        id="signature-only",
    ),
    pytest.param(
        [HalfKnown("C1", None, D(2022, 6, 30))],
        [],
        D(2023, 6, 1),
        ContinuityStatus.GAP,
        (),
        (Gap(D(2023, 1, 1), None, 152, GapState.CURRENT),),
        D(2023, 6, 1) - timedelta(days=181),
        id="end-only-before-the-window-is-nothing",
    ),
]


@pytest.mark.parametrize(
    ("halves", "coverages", "as_of", "status", "uncertain", "gaps", "act_by"),
    UNCERTAIN_CASES,
)
def test_a_contract_known_by_one_end_makes_its_days_uncertain_not_covered_nor_a_gap(
    halves: list[HalfKnown],
    coverages: list[Coverage],
    as_of: date,
    status: ContinuityStatus,
    uncertain: tuple[Uncertain, ...],
    gaps: tuple[Gap, ...],
    act_by: date | None,
) -> None:
    result = assess(
        service(),
        coverages,
        [],
        as_of=as_of,
        lead_days_for=Settings().lead_days_for,
        half_known=halves,
    )
    assert result.status is status
    assert result.uncertain == uncertain
    assert result.gaps == gaps
    assert result.act_by == act_by


def test_the_uncertain_days_stop_at_the_end_of_the_required_window() -> None:
    result = assess(
        service(required_until=D(2024, 12, 31)),
        [],
        [],
        as_of=D(2023, 6, 1),
        lead_days_for=Settings().lead_days_for,
        half_known=[HalfKnown("C1", D(2023, 3, 1), None)],
    )
    assert result.uncertain == (Uncertain(D(2023, 3, 1), D(2024, 12, 31), ("C1",)),)
    assert result.covered_until is None
    assert result.act_by is None
