"""Tender milestones and recurring deadlines, as pure rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Milestone,
    add_months,
    current_occurrence,
    deadline_status,
    derived_state,
    occurrence_on_or_before,
    occurrence_state,
    occurrences,
    option_decision_day,
    procedure_start,
    reopened_through,
    still_matters,
    tender_milestones,
)
from tracker.domain.kinds import DeadlineState, Recurrence

D = date


def milestones(
    status: str, *, signed: bool = False, **dates: date | None
) -> list[Milestone]:
    return tender_milestones(
        status=status,
        signed=signed,
        latest_start=dates.get("latest_start"),
        lead_days=180,
        publication=dates.get("publication"),
        offers=dates.get("offers"),
        award=dates.get("award"),
        standstill=dates.get("standstill"),
        signature=dates.get("signature"),
    )


def test_the_procedure_must_start_a_lead_time_before_the_service() -> None:
    assert procedure_start(D(2023, 12, 31), 180) == D(2023, 7, 4)
    [start] = milestones("planned", latest_start=D(2023, 12, 31))
    assert (start.key, start.due, start.reached, start.actionable) == (
        "start",
        D(2023, 7, 4),
        False,
        True,
    )
    [started] = milestones("published", latest_start=D(2023, 12, 31))
    assert started.reached


@pytest.mark.parametrize(
    ("written", "moved"),
    [
        (D(2023, 12, 7), D(2023, 12, 9)),  # Sant'Ambrogio, then the Immacolata
        (D(2023, 12, 25), D(2023, 12, 27)),  # Christmas, then Santo Stefano
        (D(2023, 12, 24), D(2023, 12, 27)),  # a Sunday before both
        (D(2023, 12, 22), None),  # a Friday: no move
    ],
)
def test_legal_terms_move_off_holidays(written: date, moved: date | None) -> None:
    by_key = {
        m.key: m for m in milestones("published", offers=written, standstill=written)
    }
    for key in ("offers", "standstill"):
        assert by_key[key].due == (moved or written)
        assert by_key[key].moved_from == (written if moved else None)
        assert not by_key[key].actionable


def test_events_stay_open_until_the_procedure_passes_them() -> None:
    published = {
        m.key: m.reached for m in milestones("published", offers=D(2023, 12, 1))
    }
    assert published == {"offers": False}
    awarded = {
        m.key: m.reached
        for m in milestones("awarded", offers=D(2023, 12, 1), standstill=D(2024, 1, 10))
    }
    assert awarded == {"offers": True, "standstill": False}
    signed = milestones("awarded", signed=True, standstill=D(2024, 1, 10))
    assert [m.reached for m in signed] == [True]


@pytest.mark.parametrize("status", ["cancelled", "unsuccessful"])
def test_a_dead_procedure_has_no_milestones(status: str) -> None:
    assert milestones(status, publication=D(2023, 1, 1), award=D(2023, 3, 1)) == []


def test_monthly_occurrences_follow_the_first_day_of_the_series() -> None:
    days = list(occurrences(D(2024, 1, 31), Recurrence.MONTHLY, None, D(2024, 5, 31)))
    assert days == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
        D(2024, 5, 31),
    ]
    yearly = list(
        occurrences(D(2024, 1, 31), Recurrence.YEARLY, D(2026, 1, 1), D(2030, 1, 1))
    )
    assert yearly == [D(2024, 1, 31), D(2025, 1, 31)]


@pytest.mark.parametrize("recurrence", list(Recurrence))
@pytest.mark.parametrize(
    "first", [D(2020, 1, 31), D(2020, 2, 29), D(2020, 3, 15), D(2021, 12, 1)]
)
def test_occurrences_after_a_day_are_those_of_the_series_later_than_it(
    recurrence: Recurrence, first: date
) -> None:
    # every day of four years around the series, as done or acknowledged
    # through; the series ending with its recurrence, or with the days read
    for through, until in [(D(2024, 6, 30), D(2024, 3, 31)), (D(2023, 8, 15), None)]:
        series = list(occurrences(first, recurrence, until, through))
        for offset in range(-40, 1600):
            after = first + timedelta(days=offset)
            later = list(occurrences(first, recurrence, until, through, after=after))
            assert later == [day for day in series if day > after], after


@pytest.mark.parametrize(
    ("option_start", "notice_days", "decide_by"),
    [
        # the base runs to 30/06/2023: ninety days before it is 01/04/2023
        (D(2023, 7, 1), 90, D(2023, 4, 1)),
        (D(2023, 7, 1), 60, D(2023, 5, 1)),
        # no notice: the last day of what it extends
        (D(2023, 7, 1), 0, D(2023, 6, 30)),
        (D(2024, 3, 1), 1, D(2024, 2, 28)),  # a leap year's February
    ],
)
def test_an_option_must_be_decided_a_notice_period_before_what_it_extends_ends(
    option_start: date, notice_days: int, decide_by: date
) -> None:
    assert option_decision_day(option_start, notice_days) == decide_by


def _deadline(state: DeadlineState, due: date, *, actionable: bool) -> Deadline:
    return Deadline(
        DeadlineKind.EXPLICIT, "K", due, "t", "S", 30, None, state, actionable
    )


AS_OF = D(2023, 1, 17)


@pytest.mark.parametrize(
    ("state", "due", "actionable", "status"),
    [
        (DeadlineState.OPEN, D(2023, 1, 16), True, DeadlineStatus.OVERDUE),
        (DeadlineState.OPEN, D(2023, 1, 16), False, DeadlineStatus.PASSED),
        (DeadlineState.OPEN, AS_OF, True, DeadlineStatus.OPEN),
        (DeadlineState.OPEN, D(2023, 2, 1), False, DeadlineStatus.OPEN),
        (DeadlineState.DONE, D(2023, 1, 1), True, DeadlineStatus.DONE),
        (DeadlineState.ACKNOWLEDGED, D(2023, 1, 1), True, DeadlineStatus.ACKNOWLEDGED),
        (DeadlineState.ACKNOWLEDGED, D(2023, 2, 1), False, DeadlineStatus.ACKNOWLEDGED),
    ],
)
def test_an_open_deadline_past_its_day_is_overdue_if_someone_must_act_and_passed_if_it_just_happens(
    state: DeadlineState, due: date, actionable: bool, status: DeadlineStatus
) -> None:
    assert (
        deadline_status(_deadline(state, due, actionable=actionable), AS_OF) is status
    )


@pytest.mark.parametrize(
    ("done", "acknowledged", "state"),
    [
        (False, False, DeadlineState.OPEN),
        (False, True, DeadlineState.ACKNOWLEDGED),
        (True, False, DeadlineState.DONE),
        (True, True, DeadlineState.DONE),
    ],
)
def test_a_derived_deadline_is_done_when_the_data_says_so_and_acknowledged_when_someone_says_so(
    done: bool, acknowledged: bool, state: DeadlineState
) -> None:
    assert derived_state(done=done, acknowledged=acknowledged) is state


OPEN, DONE, ACKED = DeadlineState.OPEN, DeadlineState.DONE, DeadlineState.ACKNOWLEDGED
NONE, MONTHLY = Recurrence.NONE, Recurrence.MONTHLY


@pytest.mark.parametrize(
    ("state", "recurrence", "done_through", "acked_through", "day", "expected"),
    [
        (OPEN, NONE, None, None, D(2023, 1, 31), OPEN),
        (DONE, NONE, None, None, D(2023, 1, 31), DONE),
        # a recurring deadline marked done is done only up to the day it names
        (DONE, MONTHLY, None, None, D(2023, 1, 31), OPEN),
        (OPEN, MONTHLY, D(2023, 1, 31), None, D(2023, 1, 31), DONE),
        (OPEN, MONTHLY, D(2023, 1, 31), None, D(2023, 2, 28), OPEN),
        (ACKED, MONTHLY, None, None, D(2023, 2, 28), ACKED),
        (OPEN, MONTHLY, None, D(2023, 2, 28), D(2023, 2, 28), ACKED),
        (OPEN, MONTHLY, None, D(2023, 2, 28), D(2023, 3, 31), OPEN),
        # done wins over acknowledged
        (OPEN, MONTHLY, D(2023, 3, 31), D(2023, 3, 31), D(2023, 3, 31), DONE),
    ],
)
def test_an_occurrence_is_done_or_acknowledged_up_to_the_day_people_named(
    state: DeadlineState,
    recurrence: Recurrence,
    done_through: date | None,
    acked_through: date | None,
    day: date,
    expected: DeadlineState,
) -> None:
    assert (
        occurrence_state(
            day,
            state=state,
            recurrence=recurrence,
            done_through=done_through,
            acknowledged_through=acked_through,
        )
        is expected
    )


@pytest.mark.parametrize(
    ("due", "state", "actionable", "since", "matters"),
    [
        (D(2023, 1, 1), OPEN, True, None, True),
        (D(2023, 1, 1), OPEN, True, AS_OF, True),  # overdue until done
        (D(2023, 1, 1), OPEN, False, AS_OF, False),  # an event that passed
        (D(2023, 1, 1), DONE, True, AS_OF, False),
        (D(2023, 1, 1), ACKED, True, AS_OF, False),
        (AS_OF, DONE, False, AS_OF, True),
        (D(2023, 2, 1), ACKED, False, AS_OF, True),
    ],
)
def test_a_deadline_still_matters_if_it_is_an_open_action_or_falls_on_or_after_the_day(
    due: date,
    state: DeadlineState,
    actionable: bool,
    since: date | None,
    matters: bool,
) -> None:
    assert still_matters(due, state, actionable=actionable, since=since) is matters


MONTHLY_FROM_JANUARY = (D(2023, 1, 15), Recurrence.MONTHLY, None)


@pytest.mark.parametrize(
    ("done_through", "as_of", "current"),
    [
        # nothing done: the latest occurrence due by the day
        (None, D(2023, 3, 20), D(2023, 3, 15)),
        # on its day
        (None, D(2023, 1, 15), D(2023, 1, 15)),
        # before the first: the next to come
        (None, D(2023, 1, 10), D(2023, 1, 15)),
        # the one due is done: the next to come
        (D(2023, 3, 15), D(2023, 3, 20), D(2023, 4, 15)),
        # done ahead of the day: the one after
        (D(2023, 5, 15), D(2023, 3, 20), D(2023, 6, 15)),
        # missed ones: done through the latest one due, and those before it
        (D(2023, 1, 15), D(2023, 3, 20), D(2023, 3, 15)),
    ],
)
def test_done_closes_the_current_occurrence(
    done_through: date | None, as_of: date, current: date
) -> None:
    assert (
        current_occurrence(
            *MONTHLY_FROM_JANUARY, done_through=done_through, as_of=as_of
        )
        == current
    )


def test_a_recurrence_that_ended_has_no_current_occurrence_once_all_are_done() -> None:
    assert (
        current_occurrence(
            D(2023, 1, 15),
            Recurrence.QUARTERLY,
            D(2023, 7, 15),
            done_through=D(2023, 7, 15),
            as_of=D(2023, 9, 1),
        )
        is None
    )


@pytest.mark.parametrize(
    ("done_through", "reopened", "through"),
    [
        (D(2023, 3, 15), D(2023, 3, 15), D(2023, 2, 15)),
        # done through a day between occurrences: the last one before it
        (D(2023, 3, 20), D(2023, 3, 15), D(2023, 2, 15)),
        (D(2023, 1, 15), D(2023, 1, 15), None),
        (None, None, None),
    ],
)
def test_reopening_opens_the_last_occurrence_done(
    done_through: date | None, reopened: date | None, through: date | None
) -> None:
    last = (
        None
        if done_through is None
        else occurrence_on_or_before(*MONTHLY_FROM_JANUARY, done_through)
    )
    assert last == reopened
    assert reopened_through(*MONTHLY_FROM_JANUARY, done_through) == through


@given(
    day=st.dates(min_value=D(1900, 1, 1), max_value=D(2190, 12, 31)),
    months=st.integers(min_value=0, max_value=120),
)
def test_months_are_added_as_relativedelta_adds_them(day: date, months: int) -> None:
    assert add_months(day, months) == day + relativedelta(months=months)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 2, D(2023, 3, 31)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2022, 12, 15), 0, D(2022, 12, 15)),
    ],
)
def test_a_month_later_falls_on_the_last_day_of_a_shorter_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected
