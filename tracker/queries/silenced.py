"""What people silenced: alerts snoozed up to a day, deadlines and questions
acknowledged, with who did it and when, so that any of it can be undone."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.domain.kinds import DeadlineState
from tracker.queries.tables import table_of


@dataclass(frozen=True)
class SilencedRow:
    key: str
    """The alert's or deadline's key (``LOR-2023/funding_pending``, ``ANAC-2023``)."""
    ref: str
    """The record it is about."""
    title: str | None
    """An explicit deadline's title."""
    snoozed: bool
    """Snoozed (hidden up to ``until``), else acknowledged."""
    until: date | None
    """The last day a snooze hides it, or the last occurrence acknowledged; None:
    for good."""
    at: datetime | None
    """When, in UTC; None for a one-off deadline acknowledged (its history says)."""
    actor: str | None


def _utc(moment: datetime) -> datetime:
    # SQLite gives the stored moment back without its zone: it was stored in UTC
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def silenced_rows(session: Session, as_of: date) -> list[SilencedRow]:
    """Snoozes still hiding an alert on ``as_of`` and every acknowledgement, the
    latest first."""
    d = table_of(models.Deadline)
    titles = {row.ref: row.title for row in session.execute(select(d.c.ref, d.c.title))}
    s = table_of(models.Snooze)
    a = table_of(models.Acknowledgement)
    rows = [
        SilencedRow(
            r.key,
            _about(r.key, titles),
            titles.get(r.key),
            True,
            r.until,
            _utc(r.at),
            r.actor,
        )
        for r in session.execute(select(s).where(s.c.until >= as_of))
    ]
    rows += [
        SilencedRow(
            r.key,
            _about(r.key, titles),
            titles.get(r.key),
            False,
            r.through,
            _utc(r.at),
            r.actor,
        )
        for r in session.execute(select(a))
    ]
    acknowledged = select(d.c.ref, d.c.title).where(
        d.c.state == DeadlineState.ACKNOWLEDGED.value
    )
    rows += [
        SilencedRow(r.ref, r.ref, r.title, False, None, None, None)
        for r in session.execute(acknowledged)
    ]
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(rows, key=lambda r: (r.at or oldest, r.key), reverse=True)


def _about(key: str, deadlines: Collection[str]) -> str:
    """The record a key names: an explicit deadline's ref as it is (a ref may hold
    a slash), ``LOR-2019-C1`` for ``LOR-2019-C1/end``."""
    if key in deadlines:
        return key
    ref, slash, _part = key.rpartition("/")
    return ref if slash and ref else key
