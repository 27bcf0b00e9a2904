"""Remembering a digest the mail server accepted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import Session

from tracker import models
from tracker.history import ensure_writable
from tracker.queries.tables import table_of


def record_sent_digest(
    session: Session,
    *,
    at: datetime,
    as_of: date,
    actor: str,
    recipients: str,
    subject: str,
    marks: Iterable[str],
) -> None:
    """One row for one message sent. Written with a plain insert, so that it is
    not a change in the records' history: it changes no record."""
    ensure_writable(session)
    session.execute(
        table_of(models.SentDigest)
        .insert()
        .values(
            at=at,
            as_of=as_of,
            actor=actor[:200],
            recipients=recipients,
            subject=subject,
            alerts="\n".join(marks),
        )
    )
