"""One day count for every screen, report and document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tracker.domain.days import days_from_to, days_late, days_open, days_to

D = date
AS_OF = D(2023, 1, 17)


@pytest.mark.parametrize(
    ("rule", "day", "expected"),
    [
        # Lorenteggio, uncovered from 21/12/2022: both ends count
        (days_open, D(2022, 12, 21), 28),
        (days_open, D(2023, 1, 17), 1),
        (days_open, D(2023, 1, 16), 2),
        # its last covered day was as long ago as the gap has lasted
        (days_late, D(2022, 12, 20), 28),
        # a day to act by is missed from the day after
        (days_late, D(2023, 1, 1), 16),
        (days_late, D(2023, 1, 17), 0),
        (days_late, D(2023, 1, 18), -1),
        (days_to, D(2023, 1, 29), 12),
        (days_to, D(2023, 1, 17), 0),
        (days_to, D(2023, 1, 16), -1),
    ],
)
def test_days_are_counted_from_the_as_of_day(
    rule: Callable[[date, date], int], day: date, expected: int
) -> None:
    assert rule(day, AS_OF) == expected


@pytest.mark.parametrize(
    ("first", "last", "days"),
    [
        (D(2016, 5, 1), D(2017, 12, 31), 610),
        (D(2023, 2, 1), D(2023, 2, 28), 28),
        (D(2023, 1, 17), D(2023, 1, 17), 1),
    ],
)
def test_a_run_of_days_counts_both_ends(first: date, last: date, days: int) -> None:
    assert days_from_to(first, last) == days
