"""The calendar feed: which deadlines it holds, how a recurring one repeats, when
its alarm rings, and how an event changes from one export to the next.

A feed holds the deadlines still to act on or still to come, as the deadlines list
shows them on the as-of day: open and overdue ones. Done and acknowledged ones are
left out (someone has dealt with them), and so are events that have passed. A
recurring explicit deadline is one event with a recurrence rule, from its first
occurrence still open: the occurrences done or acknowledged before it are left
out with it.

Each event is known by a key that does not change when the deadline moves (the
key the alerts use to acknowledge it): a calendar importing the feed again then
updates its events instead of adding new ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker.domain.continuity import ServiceContinuity, act_by_matters
from tracker.domain.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    deadline_status,
)
from tracker.domain.kinds import DeadlineState, Recurrence
from tracker.domain.records import ExplicitDeadline

ALARM_HOUR = 9
"""An alarm rings at 9:00 on its day, when the office is open, not at midnight."""

IN_FEED = frozenset({DeadlineStatus.OPEN, DeadlineStatus.OVERDUE})


@dataclass(frozen=True)
class Series:
    """How a recurring explicit deadline repeats from its first open occurrence."""

    recurrence: Recurrence
    anchor: date
    """The deadline's first due day: its day of the month (and month, yearly)."""
    until: date | None
    """The deadline's last day to recur, if it has one."""
    cut: date | None = None
    """The last day the feed shows (``--within``): the rule stops there too."""


@dataclass(frozen=True)
class FeedEvent:
    key: str
    """Stable: a derived deadline's key, or an explicit deadline's reference."""
    deadline: Deadline
    """The deadline, or the first open occurrence of a recurring one."""
    series: Series | None = None


@dataclass(frozen=True)
class CalendarData:
    """Every open deadline as of a day, a recurring one once."""

    as_of: date
    events: tuple[FeedEvent, ...]
    option_notice_days: int


def feed_events(
    deadlines: Sequence[Deadline],
    explicit: Mapping[str, ExplicitDeadline],
    *,
    as_of: date,
) -> list[FeedEvent]:
    """Every deadline of the feed, by due day: the open and overdue ones of
    ``deadlines`` (the engine's, recurrences expanded), a recurring explicit one
    once, from its first open occurrence."""
    events: list[FeedEvent] = []
    seen: set[str] = set()
    for d in sorted(deadlines, key=lambda d: (d.due, d.key)):
        if deadline_status(d, as_of) not in IN_FEED:
            continue
        if d.kind != DeadlineKind.EXPLICIT:
            events.append(FeedEvent(d.key, d))
            continue
        ref = d.key.partition("@")[0]
        if ref in seen:
            # occurrences are closed in order (done or acknowledged through a
            # day), so the first open one starts the series
            continue
        seen.add(ref)
        record = explicit[ref]
        series = (
            None
            if record.recurrence is Recurrence.NONE
            else Series(record.recurrence, record.due, record.recurrence_until)
        )
        events.append(FeedEvent(ref, d, series))
    return events


def successor_events(
    services: Sequence[ServiceContinuity],
    titles: Mapping[str, str],
    *,
    lead_days: int,
) -> list[FeedEvent]:
    """The day each service's successor procedure must start, where the continuity
    engine tells people (``act_by_matters``): the deadline that decides whether a
    neighbourhood keeps its service, as the alerts count it, overdue included.
    ``titles`` words each service's event; ``lead_days`` rings its alarm."""
    events = []
    for s in services:
        if s.act_by is None or not act_by_matters(s.status):
            continue
        key = f"{s.service}/successor"
        deadline = Deadline(
            kind=DeadlineKind.SUCCESSOR_START,
            key=key,
            due=s.act_by,
            title=titles[s.service],
            subject=s.service,
            lead_days=lead_days,
            owner=None,
            state=DeadlineState.OPEN,
            actionable=True,
        )
        events.append(FeedEvent(key, deadline))
    return events


def within_days(
    events: Sequence[FeedEvent], as_of: date, within: int | None
) -> list[FeedEvent]:
    """The events due up to ``within`` days after ``as_of`` (overdue ones too, as in
    the alerts); a series is cut at that day."""
    if within is None:
        return list(events)
    last = as_of + timedelta(days=within)
    kept = []
    for event in events:
        if event.deadline.due > last:
            continue
        series = event.series
        if series is not None:
            event = FeedEvent(
                event.key,
                event.deadline,
                Series(series.recurrence, series.anchor, series.until, cut=last),
            )
        kept.append(event)
    return kept


def recurrence_rule(series: Series) -> dict[str, object]:
    """The RFC 5545 rule that gives the days ``tracker.domain.deadlines.occurrences``
    gives: counted from the first due day, so that a deadline on the 31st falls on
    the last day of shorter months (the latest of days 28 to 31 that the month has:
    BYSETPOS=-1), where a plain BYMONTHDAY=31 would skip them."""
    day = series.anchor.day
    rule: dict[str, object] = {
        "FREQ": "YEARLY" if series.recurrence is Recurrence.YEARLY else "MONTHLY"
    }
    if series.recurrence is Recurrence.QUARTERLY:
        rule["INTERVAL"] = 3
    if series.recurrence is Recurrence.YEARLY:
        rule["BYMONTH"] = series.anchor.month
    if day <= 28:
        rule["BYMONTHDAY"] = day
    else:
        rule["BYMONTHDAY"] = list(range(28, day + 1))
        rule["BYSETPOS"] = -1
    ends = [day for day in (series.until, series.cut) if day is not None]
    if ends:
        rule["UNTIL"] = min(ends)
    return rule


def alarm_offset(lead_days: int) -> timedelta:
    """From the start of the event's day to its alarm: 9:00, ``lead_days`` before."""
    return timedelta(days=-max(lead_days, 0), hours=ALARM_HOUR)


@dataclass(frozen=True)
class Published:
    """An event as the previous export of the feed wrote it."""

    sequence: int
    digest: str
    last_modified: datetime
    cancelled: bool = False


@dataclass(frozen=True)
class Revision:
    sequence: int
    last_modified: datetime


def revision(previous: Published | None, digest: str, now: datetime) -> Revision:
    """An event's revision: a new one starts at 0; one whose content changed since
    the previous export takes the next sequence (calendars apply an update only
    with a higher one); an unchanged one keeps its sequence and its day."""
    if previous is None:
        return Revision(0, now)
    if previous.digest == digest and not previous.cancelled:
        return Revision(previous.sequence, previous.last_modified)
    return Revision(previous.sequence + 1, now)


def withdrawn(
    previous: Mapping[str, Published], current: set[str]
) -> dict[str, Published]:
    """The events of the previous export that are no longer open deadlines (done,
    acknowledged, deleted): written once more as cancelled, so that a calendar
    that imported them removes them; those already cancelled are dropped."""
    return {
        key: published
        for key, published in previous.items()
        if key not in current and not published.cancelled
    }
