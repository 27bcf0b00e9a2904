"""Deadlines: explicit ones (one-off or recurring) and those derived from the data.

Derived deadlines are contract ends, option decisions (a notice period before the end
an option extends), tender milestones (an offer deadline on a holiday moves to the
next working day, art. 2963 c.c.), funding eligibility ends and programme ends. Some
are actions that go overdue when missed; others are events that simply pass.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import overload

from tracker.domain.calendar import next_working_day
from tracker.domain.kinds import (
    TENDER_PROGRESS,
    DeadlineState,
    Recurrence,
    TenderStatus,
)
from tracker.vocabulary import N_


class DeadlineStatus(StrEnum):
    """A deadline as people read it on the as-of day."""

    OPEN = "open"
    OVERDUE = "overdue"
    PASSED = "passed"
    DONE = "done"
    ACKNOWLEDGED = "acknowledged"


class DeadlineKind(StrEnum):
    CONTRACT_END = "contract_end"
    OPTION_DECISION = "option_decision"
    TENDER_MILESTONE = "tender_milestone"
    FUNDING_ELIGIBILITY_END = "funding_eligibility_end"
    PROGRAMME_END = "programme_end"
    EXPLICIT = "explicit"
    SUCCESSOR_START = "successor_start"
    """The day a service's successor procedure must start (the continuity
    engine's act-by), while no successor covers the service."""


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


def deadline_status(deadline: Deadline, as_of: date) -> DeadlineStatus:
    """Open items past their day are overdue actions or events that have passed."""
    if deadline.state is DeadlineState.OPEN and deadline.due < as_of:
        return DeadlineStatus.OVERDUE if deadline.actionable else DeadlineStatus.PASSED
    return DeadlineStatus(deadline.state.value)


def derived_state(*, done: bool, acknowledged: bool) -> DeadlineState:
    """The state of a deadline derived from the data: done once the data says so
    (an option decided, a milestone reached), else acknowledged if someone said so."""
    if done:
        return DeadlineState.DONE
    return DeadlineState.ACKNOWLEDGED if acknowledged else DeadlineState.OPEN


def occurrence_state(
    day: date,
    *,
    state: DeadlineState,
    recurrence: Recurrence,
    done_through: date | None,
    acknowledged_through: date | None,
) -> DeadlineState:
    """The state of one occurrence of an explicit deadline.

    A recurring deadline marked done is done only up to ``done_through``: its later
    occurrences are still to do. Acknowledging one silences its occurrences up to
    the day it names, so that the next ones still come up.
    """
    if (state is DeadlineState.DONE and recurrence is Recurrence.NONE) or (
        done_through is not None and day <= done_through
    ):
        return DeadlineState.DONE
    if state is DeadlineState.ACKNOWLEDGED or (
        acknowledged_through is not None and day <= acknowledged_through
    ):
        return DeadlineState.ACKNOWLEDGED
    return DeadlineState.OPEN


def still_matters(
    due: date, state: DeadlineState, *, actionable: bool, since: date | None
) -> bool:
    """Whether a deadline can still matter on ``since``: an open action whatever its
    day (it is overdue until done), anything else from that day on."""
    if since is None or due >= since:
        return True
    return actionable and state is DeadlineState.OPEN


def option_decision_day(option_start: date, notice_days: int) -> date:
    """The day by which an option must be decided: a notice period before the last
    day of what it extends (the day before the option starts)."""
    extended_end = option_start - timedelta(days=1)
    return extended_end - timedelta(days=notice_days)


STEP_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}


def occurrences(
    first: date,
    recurrence: Recurrence,
    until: date | None,
    through: date,
    *,
    after: date | None = None,
) -> Iterator[date]:
    """The dates of a recurring deadline from ``first`` up to ``until`` and ``through``
    (with ``after``, only those later than it).

    Each is counted from the first, so a deadline on the 31st falls on the last day of
    shorter months and returns to the 31st after them.
    """
    if recurrence is Recurrence.NONE:
        if first <= through and (after is None or first > after):
            yield first
        return
    step = STEP_MONTHS[recurrence]
    last = through if until is None else min(until, through)
    index = 0
    if after is not None and after >= first:
        # straight to the occurrence in ``after``'s month (or the one before
        # it, in a step of months longer than one), then on to the first one
        # after it: not one by one from the first, as a monthly series done for
        # years is read every morning
        months = (after.year - first.year) * 12 + after.month - first.month
        index = months // step
        while add_months(first, step * index) <= after:
            index += 1
    while True:
        day = add_months(first, step * index)
        if day > last:
            return
        yield day
        index += 1


def add_months(day: date, months: int) -> date:
    """``day`` and some months, on the last day of a shorter month (as
    ``relativedelta`` counts, in a fraction of its time: a recurring deadline is
    expanded on every reading)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    # every month has 28 days: only a later day asks how long the month is
    last = day.day if day.day <= 28 else monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def current_occurrence(
    first: date,
    recurrence: Recurrence,
    until: date | None,
    *,
    done_through: date | None,
    as_of: date,
) -> date | None:
    """The occurrence that marking a recurring deadline done closes on ``as_of``:
    the latest one due by then and not done yet (a missed one first), else the next
    one to come; None when every occurrence is done."""
    limit = as_of if until is None else min(until, as_of)
    open_days = [
        day
        for day in occurrences(first, recurrence, until, limit)
        if done_through is None or day > done_through
    ]
    if open_days:
        return open_days[-1]
    after = done_through if done_through is not None and done_through > as_of else as_of
    return next(
        (
            day
            for day in occurrences(first, recurrence, until, after + _YEAR)
            if day > after
        ),
        None,
    )


def occurrence_on_or_before(
    first: date, recurrence: Recurrence, until: date | None, day: date
) -> date | None:
    """The last occurrence due on or before ``day``, or None."""
    return next(reversed(list(occurrences(first, recurrence, until, day))), None)


def reopened_through(
    first: date, recurrence: Recurrence, until: date | None, done_through: date | None
) -> date | None:
    """What a recurring deadline is done through once its last occurrence done is
    open again: the occurrence before it, or nothing."""
    last = (
        None
        if done_through is None
        else occurrence_on_or_before(first, recurrence, until, done_through)
    )
    if last is None:
        return None
    return occurrence_on_or_before(first, recurrence, until, last - timedelta(days=1))


_YEAR = timedelta(days=366)
"""Far enough ahead to find the next occurrence of any recurrence."""


def offer_deadline(day: date) -> tuple[date, date | None]:
    """An offer deadline as the law reads it, and the written date if it moved."""
    moved = next_working_day(day)
    return moved, (day if moved != day else None)


@dataclass(frozen=True)
class Milestone:
    """A step of a procedure: its date, whether the procedure has passed it, and
    whether missing it is an action overdue (or an event that simply passes)."""

    key: str
    label: str
    due: date
    reached: bool
    actionable: bool
    moved_from: date | None = None


@overload
def procedure_start(latest_start: date, lead_days: int) -> date: ...
@overload
def procedure_start(latest_start: None, lead_days: int) -> None: ...
@overload
def procedure_start(latest_start: date | None, lead_days: int) -> date | None: ...
def procedure_start(latest_start: date | None, lead_days: int) -> date | None:
    """When a procedure must start for its service to begin by ``latest_start``."""
    return None if latest_start is None else latest_start - timedelta(days=lead_days)


_STEPS = (
    ("start", N_("start of the procedure"), True, False),
    ("publication", N_("publication"), True, False),
    ("offers", N_("offer deadline"), False, True),
    ("award", N_("award"), True, False),
    ("standstill", N_("end of standstill"), False, True),
    ("signature", N_("contract signature"), True, False),
)
"""A procedure's steps in order: key, label, whether missing it is an action
overdue, whether it is a legal term (moved off a holiday)."""

_PUBLISHED = TENDER_PROGRESS[TenderStatus.PUBLISHED.value]
_AWARDED = TENDER_PROGRESS[TenderStatus.AWARDED.value]


def tender_milestones(
    *,
    status: str,
    signed: bool,
    latest_start: date | None,
    lead_days: int,
    publication: date | None,
    offers: date | None,
    award: date | None,
    standstill: date | None,
    signature: date | None,
) -> list[Milestone]:
    """The milestones of a live procedure (none for cancelled or unsuccessful ones).

    Labels are English message ids to translate. The offer deadline and the end of
    the standstill are legal terms: on a holiday they move to the next working day.
    """
    progress = TENDER_PROGRESS.get(status)
    if progress is None:
        return []
    published = progress >= _PUBLISHED
    awarded = progress >= _AWARDED
    days = (
        procedure_start(latest_start, lead_days),
        publication,
        offers,
        award,
        standstill,
        signature,
    )
    reached_by = (published, published, awarded, awarded, signed, signed)
    milestones = []
    for (key, label, actionable, legal_term), day, reached in zip(
        _STEPS, days, reached_by, strict=True
    ):
        if day is None:
            continue
        moved_from = None
        if legal_term:
            moved = next_working_day(day)
            moved_from, day = (day if moved != day else None), moved
        milestones.append(Milestone(key, label, day, reached, actionable, moved_from))
    return milestones


DERIVED_PARTS = (
    "end",
    "decision",
    "eligibility",
    "start",
    "publication",
    "offers",
    "award",
    "standstill",
    "signature",
    # not a deadline, but acknowledged like one: a stale tender's question
    "tender_stale",
)
"""The suffixes of derived deadline keys: ``<record ref>/<part>``."""


def split_derived_key(key: str) -> tuple[str, str] | None:
    """(record ref, part) of a derived deadline key, or None if it is not one."""
    ref, _, part = key.rpartition("/")
    if not ref or part not in DERIVED_PARTS:
        return None
    return ref, part
