"""The deadlines of the calendar feed, read the way the deadlines list reads them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from tracker.config import Settings
from tracker.domain.feed import CalendarData, feed_events, successor_events
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.queries.alerts import derive_all_deadlines, explicit_deadlines
from tracker.queries.engine import compute_continuity
from tracker.queries.paging import DEADLINE_WINDOW_DAYS


def calendar_data(
    session: Session, *, as_of: date, settings: Settings, fmt: Formatter
) -> CalendarData:
    explicit = {x.ref: x for x in explicit_deadlines(session)}
    # Far enough ahead to reach every one-off deadline and the first open
    # occurrence of every recurring one, however far ahead it was done.
    through = max(
        [as_of + timedelta(days=DEADLINE_WINDOW_DAYS)]
        + [x.due for x in explicit.values()]
        + [
            x.done_through + timedelta(days=DEADLINE_WINDOW_DAYS + 1)
            for x in explicit.values()
            if x.done_through is not None
        ]
    )
    deadlines = derive_all_deadlines(
        session, through=through, since=as_of, settings=settings, fmt=fmt
    )
    services = compute_continuity(session, as_of=as_of, settings=settings)
    titles = {
        s.service: _("{service}: start the successor procedure").format(service=s.name)
        for s in services
    }
    successors = successor_events(services, titles, lead_days=settings.horizon_days)
    events = feed_events(deadlines, explicit, as_of=as_of) + successors
    return CalendarData(
        as_of,
        tuple(sorted(events, key=lambda e: (e.deadline.due, e.key))),
        settings.option_notice_days,
    )
