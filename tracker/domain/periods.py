"""Inclusive date periods and month-based durations.

A contract "dal 21/06/2019 al 20/06/2022" covers both days. A term of N months from D
ends on D + N months - 1 day; the end written in a contract wins when it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from tracker.errors import ValidationError


class DatePrecision(StrEnum):
    """How much of a date the source states: the day, only the month, only the year."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class Period:
    """An inclusive run of days."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                "end",
                self.end.isoformat(),
                f"the end comes before the start ({self.start.isoformat()})",
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def end_of_term(start: date, months: int) -> date:
    """Last day of a term of ``months`` months starting on ``start`` (inclusive).

    The day before the start, moved ``months`` months on: 21/06/2019 + 36 months ends
    20/06/2022. Where that day does not exist in the final month, or the day before the
    start was a month's last day, the term ends on the final month's last day (as art.
    2963 c.c. does): 31/01 + 1 month ends 28/02, 01/03 + 1 month ends 31/03.
    """
    before = start - timedelta(days=1)
    end = before + relativedelta(months=months)
    if (before + timedelta(days=1)).month != before.month:
        end = end + relativedelta(day=31)
    return end


def resolve_period(
    start: date | None,
    end: date | None,
    months: int | None,
    *,
    field: str = "period",
) -> Period:
    """Build a period from a start and either a written end or a duration in months."""
    if start is None:
        raise ValidationError(f"{field}.start", None, "a start date is required")
    if months is not None and months <= 0:
        raise ValidationError(f"{field}.months", months, "a duration must be positive")
    if end is None:
        if months is None:
            raise ValidationError(
                f"{field}.end", None, "give an end date or a duration in months"
            )
        try:
            end = end_of_term(start, months)
        except (OverflowError, ValueError):
            raise ValidationError(
                f"{field}.months", months, "the term ends beyond the calendar"
            ) from None
    try:
        return Period(start, end)
    except ValidationError as error:
        raise error.located(field) from None


def check_period(start: date | None, end: date | None, *, field: str) -> None:
    """Raise when both dates are known and the end precedes the start."""
    if start is not None and end is not None and end < start:
        raise ValidationError(
            f"{field}.end",
            end.isoformat(),
            f"the end comes before the start ({start.isoformat()})",
        )


def end_of_precision(day: date, precision: str) -> date:
    """The last day a date of this precision can mean ("2023" means by 31/12/2023)."""
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        return day + relativedelta(day=31)
    return day
