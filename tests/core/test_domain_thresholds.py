"""The value thresholds of Italian public procurement, by the day they apply."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tracker.domain.rules import threshold_exceeded
from tracker.domain.thresholds import ThresholdKind, threshold_on

D = date
DIRECT, SOCIAL = ThresholdKind.DIRECT_AWARD_SERVICES, ThresholdKind.SOCIAL_SERVICES_EU


@pytest.mark.parametrize(
    ("kind", "day", "amount"),
    [
        (DIRECT, D(2016, 4, 18), None),  # before the first law in the table
        (DIRECT, D(2016, 4, 19), "40000.00"),
        (DIRECT, D(2020, 7, 16), "40000.00"),
        (DIRECT, D(2020, 7, 17), "75000.00"),  # D.L. 76/2020
        (DIRECT, D(2021, 6, 1), "139000.00"),  # D.L. 77/2021
        (DIRECT, D(2023, 6, 30), "139000.00"),
        (DIRECT, D(2023, 7, 1), "140000.00"),  # D.Lgs. 36/2023
        (SOCIAL, D(2019, 1, 1), "750000.00"),
        (SOCIAL, D(2024, 1, 1), "750000.00"),
    ],
)
def test_the_threshold_in_force_on_a_day_is_the_latest_to_apply_on_or_before_it(
    kind: ThresholdKind, day: date, amount: str | None
) -> None:
    threshold = threshold_on(kind, day)
    assert (None if threshold is None else threshold.amount) == (
        None if amount is None else Decimal(amount)
    )


@pytest.mark.parametrize(
    ("procedure", "value", "exceeded"),
    [
        ("affidamento_diretto", "139999.99", False),
        ("affidamento_diretto", "140000.00", True),  # equal is over
        ("negoziata", "749999.99", False),
        ("negoziata", "750000.00", True),
        ("aperta", "10000000.00", False),  # an open procedure has no cap
        (None, "10000000.00", False),
    ],
)
def test_a_capped_procedure_is_allowed_only_below_its_threshold(
    procedure: str | None, value: str, exceeded: bool
) -> None:
    found = threshold_exceeded(procedure, Decimal(value), D(2023, 7, 1))
    assert (found is not None) is exceeded
