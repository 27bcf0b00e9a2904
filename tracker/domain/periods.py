"""Inclusive date periods and month-based durations.

A contract "dal 21/06/2019 al 20/06/2022" covers both days. A term of N months from D
ends on D + N months - 1 day; the end written in a contract wins when it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from tracker.errors import N_, Message, ValidationError

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
"""The span of days a record may name. Public contracts, funding and services run
within it; keeping every date this far from the calendar's own ends (years 1 and
9999) lets terms, notices, lead times and recurring deadlines be computed from any
of them without leaving the calendar."""


MAX_DAYS = (LAST_DAY - FIRST_DAY).days
"""The most days a setting counts (a lead time, a notice, a horizon): the whole
span, so that a day moved by it stays far inside the calendar."""


def days_problem(days: int) -> Message | None:
    """Why ``days`` cannot be a number of days to count, or None when it can."""
    if 0 <= days <= MAX_DAYS:
        return None
    return Message(N_("a number of days from 0 to {most}"), {"most": MAX_DAYS})


def day_problem(day: date) -> Message | None:
    """Why ``day`` (or a moment's day) cannot be recorded, or None when it can.

    A moment is stored in UTC: its day there counts too (2199-12-31 at 23:00 in
    New York is already 2200 in UTC)."""
    days = [day.date()] if isinstance(day, datetime) else [day]
    # only a moment within the span is moved to UTC: there it cannot overflow
    if (
        isinstance(day, datetime)
        and day.tzinfo is not None
        and FIRST_DAY <= days[0] <= LAST_DAY
    ):
        days.append(day.astimezone(UTC).date())
    if all(FIRST_DAY <= d <= LAST_DAY for d in days):
        return None
    return Message(
        N_("must be a day from {first} to {last}"),
        {"first": FIRST_DAY, "last": LAST_DAY},
    )


def check_day(day: date, *, field: str) -> date:
    """``day`` itself, or a ValidationError naming ``field`` and the day."""
    problem = day_problem(day)
    if problem is not None:
        raise ValidationError(field, day, problem)
    return day


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
                self.end,
                N_("the end comes before the start ({start})"),
                start=self.start,
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
        raise ValidationError(f"{field}.start", None, N_("a start date is required"))
    if months is not None and months <= 0:
        raise ValidationError(
            f"{field}.months", months, N_("a duration must be positive")
        )
    if end is None:
        if months is None:
            raise ValidationError(
                f"{field}.end", None, N_("give an end date or a duration in months")
            )
        try:
            end = end_of_term(start, months)
        except (OverflowError, ValueError):
            end = date.max
        if end > LAST_DAY:
            raise ValidationError(
                f"{field}.months",
                months,
                N_("the term ends beyond the calendar (after {last})"),
                last=LAST_DAY,
            )
    try:
        return Period(start, end)
    except ValidationError as error:
        raise error.located(field) from None


def resolve_half_known(
    start: date | None,
    end: date | None,
    months: int | None,
    *,
    field: str = "period",
) -> tuple[date | None, date | None]:
    """A contract's period as published: either end, or both, may be unknown.

    A duration in months with a start gives the end (a written end wins); a
    duration with no start stays a duration and the end stays unknown, never
    guessed. Both ends unknown is allowed: published contracts are often known by
    their signature day alone. Two known ends must be in order."""
    if start is not None and (end is not None or months is not None):
        period = resolve_period(start, end, months, field=field)
        return period.start, period.end
    if months is not None and months <= 0:
        raise ValidationError(
            f"{field}.months", months, N_("a duration must be positive")
        )
    return start, end


def check_period(start: date | None, end: date | None, *, field: str) -> None:
    """Raise when both dates are known and the end precedes the start."""
    if start is not None and end is not None and end < start:
        raise ValidationError(
            f"{field}.end",
            end,
            N_("the end comes before the start ({start})"),
            start=start,
        )


def merge(periods: Sequence[tuple[date, date]]) -> list[tuple[date, date]]:
    """Union of inclusive periods; touching periods (end + 1 day = start) join."""
    runs: list[tuple[date, date]] = []
    for start, end in sorted(periods):
        if runs and start <= runs[-1][1] + timedelta(days=1):
            if end > runs[-1][1]:
                runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def end_of_precision(day: date, precision: str) -> date:
    """The last day a date of this precision can mean ("2023" means by 31/12/2023)."""
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        return day + relativedelta(day=31)
    return day
