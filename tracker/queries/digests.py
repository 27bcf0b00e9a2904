"""The digests sent by e-mail: the last one sent to a set of recipients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.queries.tables import table_of


@dataclass(frozen=True)
class SentDigestRow:
    at: datetime
    """When the mail server accepted it, in UTC."""
    as_of: date
    actor: str
    recipients: str
    subject: str
    marks: frozenset[str]
    """The ``alert_mark`` of each alert it carried."""


def last_sent_digest(session: Session, recipients: str) -> SentDigestRow | None:
    """The digest most recently sent to exactly these recipients (the spelling of
    ``tracker.domain.digest.recipients_key``), or None."""
    t = table_of(models.SentDigest)
    row = session.execute(
        select(t)
        .where(t.c.recipients == recipients)
        .order_by(t.c.at.desc(), t.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    at = row.at if row.at.tzinfo is not None else row.at.replace(tzinfo=UTC)
    return SentDigestRow(
        at=at,
        as_of=row.as_of,
        actor=row.actor,
        recipients=row.recipients,
        subject=row.subject,
        marks=frozenset(line for line in row.alerts.splitlines() if line),
    )
