"""Deadlines: explicit ones (one-off or recurring) and those derived from the data.

Derived deadlines are contract ends, option decisions (a notice period before the end
an option extends), tender milestones (an offer deadline on a holiday moves to the
next working day, art. 2963 c.c.), funding eligibility ends and programme ends. Some
are actions that go overdue when missed; others are events that simply pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from tracker.domain.calendar import next_working_day
from tracker.domain.kinds import DeadlineState, Recurrence


class DeadlineKind:
    CONTRACT_END = "contract_end"
    OPTION_DECISION = "option_decision"
    TENDER_MILESTONE = "tender_milestone"
    FUNDING_ELIGIBILITY_END = "funding_eligibility_end"
    PROGRAMME_END = "programme_end"
    EXPLICIT = "explicit"


@dataclass(frozen=True)
class Deadline:
    kind: str
    key: str
    due: date
    title: str
    subject: str
    lead_days: int
    owner: str | None
    state: DeadlineState
    actionable: bool
    moved_from: date | None = None

    def overdue_days(self, as_of: date) -> int:
        return (as_of - self.due).days


STEP_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}


def occurrences(
    first: date, recurrence: Recurrence, until: date | None, through: date
) -> Iterator[date]:
    """The dates of a recurring deadline from ``first`` up to ``until`` and ``through``.

    Each is counted from the first, so a deadline on the 31st falls on the last day of
    shorter months and returns to the 31st after them.
    """
    if recurrence is Recurrence.NONE:
        if first <= through:
            yield first
        return
    step = STEP_MONTHS[recurrence]
    last = through if until is None else min(until, through)
    index = 0
    while True:
        day = first + relativedelta(months=step * index)
        if day > last:
            return
        yield day
        index += 1


def offer_deadline(day: date) -> tuple[date, date | None]:
    """An offer deadline as the law reads it, and the written date if it moved."""
    moved = next_working_day(day)
    return moved, (day if moved != day else None)


def end_of_precision(day: date, precision: str) -> date:
    """The last day a date of this precision can mean ("2023" means by 31/12/2023)."""
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        return day + relativedelta(day=31)
    return day
