"""Unit tests for tracker.domain.periods: inclusive periods and month-based terms."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from tracker.domain.periods import (
    DatePrecision,
    Period,
    check_period,
    end_of_term,
    resolve_half_known,
    resolve_period,
)
from tracker.errors import ValidationError

# --- end_of_term ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        pytest.param(date(2019, 6, 21), 36, date(2022, 6, 20), id="lorenteggio-base"),
        pytest.param(
            date(2022, 6, 21), 6, date(2022, 12, 20), id="lorenteggio-renewal"
        ),
        pytest.param(date(2019, 1, 1), 12, date(2019, 12, 31), id="calendar-year"),
        pytest.param(date(2021, 12, 1), 1, date(2021, 12, 31), id="december"),
        pytest.param(date(2021, 12, 15), 1, date(2022, 1, 14), id="across-new-year"),
        pytest.param(date(2021, 3, 1), 1, date(2021, 3, 31), id="1-mar-plus-1"),
        pytest.param(date(2021, 2, 1), 1, date(2021, 2, 28), id="1-feb-common-year"),
        pytest.param(date(2020, 2, 1), 1, date(2020, 2, 29), id="1-feb-leap-year"),
        pytest.param(
            date(2019, 3, 1), 12, date(2020, 2, 29), id="year-ending-leap-day"
        ),
        pytest.param(
            date(2020, 2, 29), 48, date(2024, 2, 28), id="29-feb-plus-4-years"
        ),
        pytest.param(date(2020, 2, 29), 1, date(2020, 3, 28), id="29-feb-plus-1"),
        # Where the day before the start does not exist in the final month, the term
        # ends on that month's last day (art. 2963 c.c.), never a day short of it.
        pytest.param(date(2021, 1, 31), 1, date(2021, 2, 28), id="31-jan-common-year"),
        pytest.param(date(2021, 1, 30), 1, date(2021, 2, 28), id="30-jan-common-year"),
        pytest.param(date(2021, 1, 29), 1, date(2021, 2, 28), id="29-jan-common-year"),
        pytest.param(date(2021, 1, 28), 1, date(2021, 2, 27), id="28-jan-common-year"),
        pytest.param(date(2020, 1, 31), 1, date(2020, 2, 29), id="31-jan-leap-year"),
        pytest.param(date(2020, 2, 29), 12, date(2021, 2, 28), id="29-feb-plus-1-year"),
        pytest.param(date(2021, 8, 31), 1, date(2021, 9, 30), id="31-aug-plus-1"),
        pytest.param(date(2021, 3, 31), 1, date(2021, 4, 30), id="31-mar-plus-1"),
    ],
)
def test_end_of_term_is_the_day_before_the_start_months_later(
    start: date, months: int, end: date
) -> None:
    assert end_of_term(start, months) == end


def test_renewal_starts_the_day_after_the_base_term_ends() -> None:
    base_end = end_of_term(date(2019, 6, 21), 36)
    renewal_end = end_of_term(date(2022, 6, 21), 6)

    assert base_end == date(2022, 6, 20)
    assert renewal_end == date(2022, 12, 20)
    assert Period(date(2019, 6, 21), renewal_end).days == (
        Period(date(2019, 6, 21), base_end).days
        + Period(date(2022, 6, 21), renewal_end).days
    )


# --- Period ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        pytest.param(date(2022, 6, 21), date(2022, 6, 21), 1, id="single-day"),
        pytest.param(date(2022, 6, 21), date(2022, 6, 22), 2, id="two-days"),
        pytest.param(date(2021, 1, 1), date(2021, 12, 31), 365, id="common-year"),
        pytest.param(date(2020, 1, 1), date(2020, 12, 31), 366, id="leap-year"),
        pytest.param(date(2020, 2, 28), date(2020, 3, 1), 3, id="over-leap-day"),
        pytest.param(date(2019, 6, 21), date(2022, 6, 20), 1096, id="lorenteggio-base"),
        pytest.param(
            date(2022, 6, 21), date(2022, 12, 20), 183, id="lorenteggio-renewal"
        ),
    ],
)
def test_period_days_counts_both_ends(start: date, end: date, days: int) -> None:
    assert Period(start, end).days == days


LOT = Period(date(2019, 6, 21), date(2022, 6, 20))


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        pytest.param(date(2019, 6, 21), True, id="first-day"),
        pytest.param(date(2022, 6, 20), True, id="last-day"),
        pytest.param(date(2020, 2, 29), True, id="middle"),
        pytest.param(date(2019, 6, 20), False, id="day-before"),
        pytest.param(date(2022, 6, 21), False, id="day-after"),
        pytest.param(date(2030, 1, 1), False, id="far-after"),
    ],
)
def test_period_contains_is_inclusive(day: date, inside: bool) -> None:
    assert LOT.contains(day) is inside


def test_single_day_period_contains_only_that_day() -> None:
    day = Period(date(2023, 1, 17), date(2023, 1, 17))

    assert day.contains(date(2023, 1, 17))
    assert not day.contains(date(2023, 1, 16))
    assert not day.contains(date(2023, 1, 18))


@pytest.mark.parametrize(
    ("other", "overlapping"),
    [
        pytest.param(LOT, True, id="identical"),
        pytest.param(
            Period(date(2022, 6, 20), date(2022, 12, 20)), True, id="shares-last-day"
        ),
        pytest.param(
            Period(date(2019, 1, 1), date(2019, 6, 21)), True, id="shares-first-day"
        ),
        pytest.param(
            Period(date(2022, 6, 21), date(2022, 12, 20)), False, id="renewal-adjacent"
        ),
        pytest.param(
            Period(date(2019, 1, 1), date(2019, 6, 20)), False, id="ends-day-before"
        ),
        pytest.param(
            Period(date(2020, 1, 1), date(2020, 1, 1)), True, id="single-day-inside"
        ),
        pytest.param(
            Period(date(2018, 1, 1), date(2023, 1, 1)), True, id="contains-whole"
        ),
        pytest.param(
            Period(date(2010, 1, 1), date(2011, 1, 1)), False, id="long-before"
        ),
        pytest.param(
            Period(date(2024, 1, 1), date(2025, 1, 1)), False, id="long-after"
        ),
    ],
)
def test_period_overlaps_is_inclusive_and_symmetric(
    other: Period, overlapping: bool
) -> None:
    assert LOT.overlaps(other) is overlapping
    assert other.overlaps(LOT) is overlapping


def test_period_refuses_end_before_start() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Period(date(2022, 6, 21), date(2022, 6, 20))

    error = excinfo.value
    assert error.field == "end"
    assert error.value == date(2022, 6, 20)
    assert error.reason == "the end comes before the start (21/06/2022)"


def test_periods_sort_by_start_then_end() -> None:
    late = Period(date(2022, 6, 21), date(2022, 12, 20))
    short = Period(date(2019, 6, 21), date(2019, 6, 21))
    long = Period(date(2019, 6, 21), date(2022, 6, 20))

    assert sorted([late, long, short]) == [short, long, late]


def test_period_is_immutable() -> None:
    with pytest.raises(FrozenInstanceError):
        LOT.end = date(2030, 1, 1)  # type: ignore[misc]


# --- resolve_period -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months", "expected"),
    [
        pytest.param(
            date(2019, 6, 21),
            None,
            36,
            Period(date(2019, 6, 21), date(2022, 6, 20)),
            id="months-only-computes-end",
        ),
        pytest.param(
            date(2019, 6, 21),
            date(2022, 6, 20),
            None,
            Period(date(2019, 6, 21), date(2022, 6, 20)),
            id="end-only",
        ),
        pytest.param(
            date(2019, 6, 21),
            date(2022, 12, 20),
            36,
            Period(date(2019, 6, 21), date(2022, 12, 20)),
            id="written-end-wins-over-months",
        ),
        pytest.param(
            date(2019, 6, 21),
            date(2019, 6, 30),
            36,
            Period(date(2019, 6, 21), date(2019, 6, 30)),
            id="written-end-wins-even-when-shorter",
        ),
        pytest.param(
            date(2022, 6, 21),
            date(2022, 6, 21),
            None,
            Period(date(2022, 6, 21), date(2022, 6, 21)),
            id="single-day",
        ),
        pytest.param(
            date(2022, 6, 21),
            None,
            1,
            Period(date(2022, 6, 21), date(2022, 7, 20)),
            id="one-month",
        ),
    ],
)
def test_resolve_period_builds_the_period(
    start: date, end: date | None, months: int | None, expected: Period
) -> None:
    assert resolve_period(start, end, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "months", "field", "value", "reason"),
    [
        pytest.param(
            date(2019, 6, 21),
            None,
            None,
            "period.end",
            None,
            "give an end date or a duration in months",
            id="neither-end-nor-months",
        ),
        pytest.param(
            None,
            date(2022, 6, 20),
            None,
            "period.start",
            None,
            "a start date is required",
            id="no-start",
        ),
        pytest.param(
            date(2022, 6, 21),
            date(2022, 6, 20),
            None,
            "period.end",
            date(2022, 6, 20),
            "the end comes before the start (21/06/2022)",
            id="end-before-start",
        ),
        pytest.param(
            date(2022, 6, 21),
            date(2021, 1, 1),
            6,
            "period.end",
            date(2021, 1, 1),
            "the end comes before the start (21/06/2022)",
            id="end-before-start-with-months",
        ),
        pytest.param(
            date(2019, 6, 21),
            None,
            0,
            "period.months",
            0,
            "a duration must be positive",
            id="zero-months",
        ),
        pytest.param(
            date(2019, 6, 21),
            None,
            -6,
            "period.months",
            -6,
            "a duration must be positive",
            id="negative-months",
        ),
        pytest.param(
            date(2019, 6, 21),
            date(2022, 6, 20),
            0,
            "period.months",
            0,
            "a duration must be positive",
            id="zero-months-even-with-end",
        ),
    ],
)
def test_resolve_period_refuses_naming_field_and_value(
    start: date | None,
    end: date | None,
    months: int | None,
    field: str,
    value: object,
    reason: str,
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        resolve_period(start, end, months)

    error = excinfo.value
    assert error.field == field
    assert error.value == value
    assert error.reason == reason


def test_resolve_period_places_errors_under_the_given_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        resolve_period(
            date(2022, 6, 21), date(2022, 6, 20), None, field="contracts[0].period"
        )

    error = excinfo.value
    assert error.field == "contracts[0].period.end"
    assert str(error) == (
        "contracts[0].period.end: the end comes before the start (21/06/2022) "
        "(value: 20/06/2022)"
    )


# --- check_period ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(None, None, id="both-unknown"),
        pytest.param(date(2022, 6, 21), None, id="end-unknown"),
        pytest.param(None, date(2022, 6, 20), id="start-unknown"),
        pytest.param(date(2022, 6, 21), date(2022, 6, 21), id="same-day"),
        pytest.param(date(2019, 6, 21), date(2022, 6, 20), id="ordered"),
    ],
)
def test_check_period_accepts_ordered_or_partial_dates(
    start: date | None, end: date | None
) -> None:
    check_period(start, end, field="notice")


@pytest.mark.parametrize(
    ("start", "end", "value", "reason"),
    [
        pytest.param(
            date(2022, 6, 21),
            date(2022, 6, 20),
            date(2022, 6, 20),
            "the end comes before the start (21/06/2022)",
            id="one-day-early",
        ),
        pytest.param(
            date(2023, 1, 1),
            date(2019, 12, 31),
            date(2019, 12, 31),
            "the end comes before the start (01/01/2023)",
            id="years-early",
        ),
    ],
)
def test_check_period_refuses_end_before_start(
    start: date, end: date, value: date, reason: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_period(start, end, field="notice")

    error = excinfo.value
    assert error.field == "notice.end"
    assert error.value == value
    assert error.reason == reason


# --- DatePrecision --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        pytest.param("day", DatePrecision.DAY, id="day"),
        pytest.param("month", DatePrecision.MONTH, id="month"),
        pytest.param("year", DatePrecision.YEAR, id="year"),
    ],
)
def test_date_precision_reads_from_its_stored_text(
    text: str, precision: DatePrecision
) -> None:
    assert DatePrecision(text) is precision


HALF_KNOWN = [
    # start, end, months, expected (start, end)
    (date(2019, 6, 21), None, 36, (date(2019, 6, 21), date(2022, 6, 20))),
    (date(2019, 6, 21), date(2022, 1, 31), 36, (date(2019, 6, 21), date(2022, 1, 31))),
    (date(2019, 6, 21), None, None, (date(2019, 6, 21), None)),
    (None, date(2022, 6, 20), None, (None, date(2022, 6, 20))),
    (None, date(2022, 6, 20), 36, (None, date(2022, 6, 20))),
    (None, None, 36, (None, None)),
    (None, None, None, (None, None)),
]


@pytest.mark.parametrize(("start", "end", "months", "expected"), HALF_KNOWN)
def test_a_contract_period_keeps_the_known_end_and_invents_no_other(
    start: date | None,
    end: date | None,
    months: int | None,
    expected: tuple[date | None, date | None],
) -> None:
    assert resolve_half_known(start, end, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "months", "field", "reason"),
    [
        (date(2022, 6, 21), date(2022, 6, 20), None, "period.end", "before the start"),
        (None, date(2022, 6, 20), 0, "period.months", "must be positive"),
        (date(2022, 6, 21), None, -1, "period.months", "must be positive"),
    ],
)
def test_a_half_known_period_still_refuses_what_is_wrong(
    start: date | None, end: date | None, months: int, field: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        resolve_half_known(start, end, months)
    assert caught.value.field == field
    assert reason in str(caught.value)
