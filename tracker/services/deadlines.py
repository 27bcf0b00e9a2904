"""Closing explicit deadlines: done (up to a day, for recurring ones) or acknowledged."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from tracker import models
from tracker.domain.kinds import DeadlineState, Recurrence
from tracker.services.refs import resolve


def mark_deadline_done(session: Session, ref: str, *, through: date) -> models.Deadline:
    """A one-off deadline becomes done; a recurring one is done up to ``through``."""
    deadline = resolve(session, models.Deadline, ref, field="deadline")
    if deadline.recurrence == Recurrence.NONE.value:
        deadline.state = DeadlineState.DONE.value
        deadline.done_through = through
    elif deadline.done_through is None or through > deadline.done_through:
        deadline.done_through = through
    session.add(deadline)
    session.flush()
    return deadline


def acknowledge_deadline(session: Session, ref: str) -> models.Deadline:
    """Acknowledged deadlines stop nagging; the change stays in the history."""
    deadline = resolve(session, models.Deadline, ref, field="deadline")
    deadline.state = DeadlineState.ACKNOWLEDGED.value
    session.add(deadline)
    session.flush()
    return deadline
