"""The next gap of a service, as the sheets of services tell it: the one running
on the day, the first ahead, or the day the known cover runs out."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.continuity import (
    ContinuityStatus,
    Gap,
    GapState,
    ServiceContinuity,
    Uncertain,
)
from tracker.domain.next_gap import NextGap, next_gap

D = date
AS_OF = D(2023, 1, 17)


def continuity(
    *,
    gaps: tuple[Gap, ...] = (),
    coverage_ends: date | None = None,
    required_until: date | None = None,
    uncertain: tuple[Uncertain, ...] = (),
) -> ServiceContinuity:
    return ServiceContinuity(
        service="SRV",
        name="Laboratorio",
        neighbourhood="Quartiere",
        status=ContinuityStatus.OK,
        as_of=AS_OF,
        covered_until=coverage_ends,
        coverage_ends=coverage_ends,
        required_from=D(2019, 1, 1),
        required_until=required_until,
        lead_days=180,
        act_by=None,
        current=None,
        successor=None,
        next_tender=None,
        gaps=gaps,
        overlaps=(),
        uncertain=uncertain,
    )


PAST = Gap(D(2016, 5, 1), D(2017, 12, 31), 610, GapState.PAST)
OPEN = Gap(D(2022, 12, 21), None, 28, GapState.CURRENT)
RUNNING = Gap(D(2023, 1, 1), D(2023, 1, 31), 31, GapState.CURRENT)
AHEAD = Gap(D(2023, 7, 1), D(2023, 8, 31), 62, GapState.FUTURE)

CASES = {
    "open since 21/12/2022, 28 days so far": (
        continuity(gaps=(PAST, OPEN), coverage_ends=D(2022, 12, 20)),
        NextGap(D(2022, 12, 21), None, 28),
    ),
    "running today between two contracts": (
        continuity(gaps=(RUNNING,), coverage_ends=D(2023, 12, 31)),
        NextGap(D(2023, 1, 1), D(2023, 1, 31), 31),
    ),
    "planned between two contracts": (
        continuity(gaps=(PAST, AHEAD), coverage_ends=D(2023, 12, 31)),
        NextGap(D(2023, 7, 1), D(2023, 8, 31), 62),
    ),
    "cover runs out, nothing after, no required end": (
        continuity(gaps=(PAST,), coverage_ends=D(2023, 6, 30)),
        NextGap(D(2023, 7, 1), None, None),
    ),
    "cover runs out before the required end": (
        continuity(coverage_ends=D(2023, 6, 30), required_until=D(2025, 12, 31)),
        NextGap(D(2023, 7, 1), None, None),
    ),
    "cover reaches the required end": (
        continuity(coverage_ends=D(2025, 12, 31), required_until=D(2025, 12, 31)),
        None,
    ),
    "a contract known by one end may cover what follows": (
        continuity(
            coverage_ends=D(2023, 6, 30),
            uncertain=(Uncertain(D(2023, 7, 1), None, ("ANAC-END",)),),
        ),
        None,
    ),
    "never covered, not required yet": (continuity(), None),
}


@pytest.mark.parametrize(("case", "expected"), CASES.values(), ids=list(CASES))
def test_the_next_gap(case: ServiceContinuity, expected: NextGap | None) -> None:
    assert next_gap(case) == expected
