"""The calendar feed's rules: what it holds, how recurrences repeat, alarms, revisions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.domain.continuity import ContinuityStatus, ServiceContinuity
from tracker.domain.deadlines import Deadline, DeadlineKind
from tracker.domain.feed import (
    FeedEvent,
    Published,
    Revision,
    Series,
    alarm_offset,
    feed_events,
    recurrence_rule,
    revision,
    successor_events,
    withdrawn,
    within_days,
)
from tracker.domain.kinds import DeadlineState, Recurrence
from tracker.domain.records import ExplicitDeadline

AS_OF = date(2023, 1, 17)
EARLIER = datetime(2023, 1, 10, 7, 0, tzinfo=UTC)
NOW = datetime(2023, 1, 17, 8, 30, tzinfo=UTC)


def deadline(
    key: str,
    due: date,
    *,
    kind: DeadlineKind = DeadlineKind.CONTRACT_END,
    state: DeadlineState = DeadlineState.OPEN,
    actionable: bool = False,
) -> Deadline:
    return Deadline(kind, key, due, key, key, 30, None, state, actionable)


def explicit(ref: str, due: date, recurrence: Recurrence) -> ExplicitDeadline:
    return ExplicitDeadline(
        ref, ref, due, recurrence, None, DeadlineState.OPEN, None, None, 30, None
    )


@pytest.mark.parametrize(
    ("made", "kept"),
    [
        # an event to come, and an open action overdue
        (deadline("C1/end", date(2023, 6, 30)), True),
        (deadline("T/start", date(2023, 1, 2), actionable=True), True),
        # an event that passed, done and acknowledged items
        (deadline("C2/end", date(2023, 1, 2)), False),
        (deadline("O/decision", date(2023, 3, 1), state=DeadlineState.DONE), False),
        (deadline("C3/end", date(2023, 3, 1), state=DeadlineState.ACKNOWLEDGED), False),
    ],
)
def test_the_feed_holds_open_and_overdue_deadlines(made: Deadline, kept: bool) -> None:
    events = feed_events([made], {}, as_of=AS_OF)
    assert [e.key for e in events] == ([made.key] if kept else [])


def test_a_recurring_deadline_is_one_series_from_its_first_open_occurrence() -> None:
    record = explicit("D-MON", date(2022, 11, 30), Recurrence.MONTHLY)
    occurrences = [
        deadline(
            f"D-MON@{day.isoformat()}",
            day,
            kind=DeadlineKind.EXPLICIT,
            actionable=True,
            state=DeadlineState.DONE if day < date(2023, 1, 1) else DeadlineState.OPEN,
        )
        for day in (date(2022, 11, 30), date(2022, 12, 30), date(2023, 1, 30))
    ]
    [event] = feed_events(occurrences, {"D-MON": record}, as_of=AS_OF)
    assert (event.key, event.deadline.due) == ("D-MON", date(2023, 1, 30))
    assert event.series == Series(Recurrence.MONTHLY, date(2022, 11, 30), None)


@pytest.mark.parametrize(
    ("recurrence", "anchor", "rule"),
    [
        (Recurrence.MONTHLY, date(2023, 1, 15), {"FREQ": "MONTHLY", "BYMONTHDAY": 15}),
        (
            Recurrence.MONTHLY,
            date(2023, 1, 31),
            {"FREQ": "MONTHLY", "BYMONTHDAY": [28, 29, 30, 31], "BYSETPOS": -1},
        ),
        (
            Recurrence.QUARTERLY,
            date(2023, 3, 30),
            {
                "FREQ": "MONTHLY",
                "INTERVAL": 3,
                "BYMONTHDAY": [28, 29, 30],
                "BYSETPOS": -1,
            },
        ),
        (
            Recurrence.YEARLY,
            date(2024, 2, 29),
            {"FREQ": "YEARLY", "BYMONTH": 2, "BYMONTHDAY": [28, 29], "BYSETPOS": -1},
        ),
        (
            Recurrence.YEARLY,
            date(2023, 6, 1),
            {"FREQ": "YEARLY", "BYMONTH": 6, "BYMONTHDAY": 1},
        ),
    ],
)
def test_recurrence_rules(
    recurrence: Recurrence, anchor: date, rule: dict[str, object]
) -> None:
    assert recurrence_rule(Series(recurrence, anchor, None)) == rule
    until = date(2025, 12, 31)
    assert recurrence_rule(Series(recurrence, anchor, until)) == {
        **rule,
        "UNTIL": until,
    }
    # --within cuts the rule at its last day, or at the deadline's own end
    cut = date(2024, 12, 31)
    assert recurrence_rule(Series(recurrence, anchor, until, cut=cut)) == {
        **rule,
        "UNTIL": cut,
    }
    assert recurrence_rule(Series(recurrence, anchor, cut, cut=until)) == {
        **rule,
        "UNTIL": cut,
    }


@pytest.mark.parametrize(
    ("lead_days", "offset"),
    [
        (0, timedelta(hours=9)),
        (1, timedelta(hours=-15)),
        (30, -timedelta(days=29, hours=15)),
        (180, -timedelta(days=179, hours=15)),
    ],
)
def test_the_alarm_rings_at_nine_lead_days_before(
    lead_days: int, offset: timedelta
) -> None:
    assert alarm_offset(lead_days) == offset


@pytest.mark.parametrize(
    ("previous", "digest", "made"),
    [
        (None, "a", Revision(0, NOW)),
        (Published(2, "a", EARLIER), "a", Revision(2, EARLIER)),
        (Published(2, "a", EARLIER), "b", Revision(3, NOW)),
        # reopened after it was cancelled
        (Published(4, "a", EARLIER, cancelled=True), "a", Revision(5, NOW)),
    ],
)
def test_revisions(previous: Published | None, digest: str, made: Revision) -> None:
    assert revision(previous, digest, NOW) == made


def test_withdrawn_events_are_cancelled_once() -> None:
    previous = {
        "A@appalti": Published(0, "a", EARLIER),
        "B@appalti": Published(1, "b", EARLIER),
        "C@appalti": Published(2, "c", EARLIER, cancelled=True),
    }
    assert list(withdrawn(previous, {"A@appalti"})) == ["B@appalti"]


def test_within_keeps_overdue_ones_and_cuts_a_series() -> None:
    overdue = FeedEvent("T/start", deadline("T/start", date(2023, 1, 2)))
    soon = FeedEvent("C/end", deadline("C/end", date(2023, 2, 16)))
    late = FeedEvent("C/end2", deadline("C/end2", date(2023, 2, 17)))
    series = FeedEvent(
        "D-MON",
        deadline("D-MON@2023-01-31", date(2023, 1, 31)),
        Series(Recurrence.MONTHLY, date(2023, 1, 31), None),
    )
    kept = within_days([overdue, soon, late, series], AS_OF, 30)
    assert [e.key for e in kept] == ["T/start", "C/end", "D-MON"]
    assert kept[2].series == Series(
        Recurrence.MONTHLY, date(2023, 1, 31), None, cut=date(2023, 2, 16)
    )
    assert within_days([overdue, late], AS_OF, None) == [overdue, late]


def service(status: ContinuityStatus, act_by: date | None) -> ServiceContinuity:
    return ServiceContinuity(
        service="LDQ-X",
        name="Laboratorio X",
        neighbourhood="X",
        status=status,
        as_of=AS_OF,
        covered_until=None,
        coverage_ends=None,
        required_from=date(2020, 1, 1),
        required_until=None,
        lead_days=180,
        act_by=act_by,
        current=None,
        successor=None,
        next_tender=None,
        gaps=(),
        overlaps=(),
    )


@pytest.mark.parametrize(
    ("status", "act_by", "in_feed"),
    [
        # the day has passed and the service runs out: overdue, in the feed
        (ContinuityStatus.AT_RISK, date(2023, 1, 1), True),
        # covered now, the day is ahead
        (ContinuityStatus.OK, date(2023, 7, 4), True),
        # perhaps covered by a contract known by one end: a successor is still due
        (ContinuityStatus.UNCERTAIN, date(2023, 7, 4), True),
        # already uncovered: the gap is the alert, not a day to start by
        (ContinuityStatus.GAP, date(2022, 6, 1), False),
        # not required on the day
        (ContinuityStatus.NOT_REQUIRED, date(2023, 7, 4), False),
        # covered to the end of its window: no successor to start
        (ContinuityStatus.OK, None, False),
    ],
)
def test_successor_procedures_in_the_feed(
    status: ContinuityStatus, act_by: date | None, in_feed: bool
) -> None:
    made = successor_events(
        [service(status, act_by)], {"LDQ-X": "start X"}, lead_days=60
    )
    assert [(e.key, e.deadline.due, e.deadline.title) for e in made] == (
        [("LDQ-X/successor", act_by, "start X")] if in_feed else []
    )
    for event in made:
        assert event.deadline.kind == DeadlineKind.SUCCESSOR_START
        assert (event.deadline.lead_days, event.deadline.actionable) == (60, True)
