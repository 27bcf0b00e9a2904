"""The calendar feed as an iCalendar file (RFC 5545): one all-day event a deadline.

Every event has a UID made of its deadline's stable key, so that a calendar that
imports the file again updates its events instead of adding copies. What the
previous export wrote is read back to number revisions: an event whose content
changed takes the next SEQUENCE and a new LAST-MODIFIED (calendars apply an
update only with a higher sequence); DTSTAMP is the moment of each export. An
event of the previous export whose deadline is no longer open is written once
more as cancelled, so that calendars remove it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from icalendar import Alarm, Calendar, Component, Event
from icalendar.error import BrokenCalendarProperty

from tracker import __version__
from tracker.domain.deadlines import DeadlineStatus, deadline_status
from tracker.domain.feed import (
    CalendarData,
    FeedEvent,
    Published,
    alarm_offset,
    recurrence_rule,
    revision,
    withdrawn,
    within_days,
)
from tracker.formatting import Formatter
from tracker.present import calendar as words

PRODID = f"-//appalti//appalti {__version__}//"
PRODID_PREFIX = "-//appalti//"
UID_DOMAIN = "appalti"
DIGEST = "X-APPALTI-DIGEST"
"""A hash of what the event says, to tell a changed event from the same one."""


def uid(key: str) -> str:
    """The event's UID: the deadline's key (kept readable), at appalti."""
    return f"{quote(key, safe='/-_.~')}@{UID_DOMAIN}"


@dataclass(frozen=True)
class Previous:
    """The events of the previous export, by UID."""

    published: dict[str, Published]
    events: dict[str, Component]


NOTHING_BEFORE = Previous({}, {})


class NotOurCalendarError(ValueError):
    """The file is not a calendar this tool wrote."""


def read_previous(content: bytes) -> Previous:
    """The events a previous export wrote; NotOurCalendarError for any other file."""
    try:
        calendar = Calendar.from_ical(content)
    except ValueError as error:
        raise NotOurCalendarError(str(error)) from None
    if not isinstance(calendar, Calendar) or not str(
        calendar.get("PRODID", "")
    ).startswith(PRODID_PREFIX):
        raise NotOurCalendarError("PRODID")
    published: dict[str, Published] = {}
    events: dict[str, Component] = {}
    for event in calendar.walk("VEVENT"):
        found = _published(event)
        if found is not None:
            published[str(event["UID"])] = found
            events[str(event["UID"])] = event
    return Previous(published, events)


def _published(event: Component) -> Published | None:
    """An event as a previous export wrote it; None for one edited out of shape by
    hand (it is then written as new)."""
    try:
        modified = getattr(event.get("LAST-MODIFIED"), "dt", None)
        sequence = int(str(event.get("SEQUENCE", 0)))
    except (BrokenCalendarProperty, ValueError):
        return None
    if not str(event.get("UID", "")) or not isinstance(modified, datetime):
        return None
    return Published(
        sequence,
        str(event.get(DIGEST, "")),
        modified,
        cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
    )


def calendar_bytes(
    data: CalendarData,
    fmt: Formatter,
    *,
    within: int | None,
    now: datetime,
    previous: Previous = NOTHING_BEFORE,
) -> tuple[bytes, int]:
    """The feed of ``data`` (due within ``within`` days of its day, else all) and
    the number of deadlines in it."""
    now = now.astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", words.calendar_name())
    shown = within_days(data.events, data.as_of, within)
    for feed_event in shown:
        event = _event(feed_event, data, fmt)
        digest = hashlib.sha256(event.to_ical()).hexdigest()
        key = str(event["UID"])
        made = revision(previous.published.get(key), digest, now)
        event.add(DIGEST, digest)
        _stamp(event, made.sequence, made.last_modified, now)
        calendar.add_component(event)
    current = {uid(e.key) for e in data.events}
    for key, published in sorted(withdrawn(previous.published, current).items()):
        calendar.add_component(_cancelled(previous.events[key], published, now))
    return calendar.to_ical(), len(shown)


def _event(feed_event: FeedEvent, data: CalendarData, fmt: Formatter) -> Event:
    d = feed_event.deadline
    overdue = deadline_status(d, data.as_of) is DeadlineStatus.OVERDUE
    event = Event()
    event.add("uid", uid(feed_event.key))
    event.add("summary", words.summary(feed_event))
    event.add("dtstart", d.due)
    event.add("dtend", d.due + timedelta(days=1))
    if feed_event.series is not None:
        event.add("rrule", recurrence_rule(feed_event.series))
    event.add(
        "description",
        words.description(feed_event, fmt, notice_days=data.option_notice_days),
    )
    event.add("categories", words.categories(feed_event, overdue=overdue))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", words.alarm_description(feed_event, fmt))
    alarm.add("trigger", alarm_offset(d.lead_days))
    event.add_component(alarm)
    return event


def _stamp(event: Event, sequence: int, modified: datetime, now: datetime) -> None:
    event.add("sequence", sequence)
    event.add("last-modified", modified)
    event.add("dtstamp", now)


def _cancelled(old: Component, published: Published, now: datetime) -> Event:
    """The previous export's event, cancelled, without its alarm."""
    event = Event()
    for name, value in old.property_items(recursive=False):
        if name in {"BEGIN", "END", "SEQUENCE", "LAST-MODIFIED", "DTSTAMP", "STATUS"}:
            continue
        event.add(name, value, encode=False)
    event.add("status", "CANCELLED")
    _stamp(event, published.sequence + 1, now, now)
    return event
