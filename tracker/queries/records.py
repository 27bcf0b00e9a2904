"""What every record has: its notes, its history, its act, and its kind."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.config import Settings
from tracker.errors import NotFoundError
from tracker.formatting import Formatter
from tracker.history import subject_of_ref
from tracker.history_reading import subject_condition, versions_made
from tracker.queries.refs import find_ref
from tracker.queries.rows import (
    ActRow,
    ChangeRow,
    NoteRow,
)
from tracker.queries.tables import as_utc, table_of


def get_act(session: Session, act_ref: str | None) -> ActRow | None:
    if act_ref is None:
        return None
    a = table_of(models.Act)
    act = session.execute(select(a).where(a.c.ref == act_ref)).one()
    return ActRow(
        ref=act.ref,
        kind=act.kind,
        number=act.number,
        adopted_on=act.adopted_on,
        body=act.body,
        subject=act.subject,
    )


def list_notes_for(session: Session, subject_refs: Sequence[str]) -> list[NoteRow]:
    n = table_of(models.Note)
    query = (
        select(n.c.written_at, n.c.author, n.c.text)
        .where(n.c.subject_ref.in_(subject_refs))
        .order_by(n.c.written_at, n.c.id)
    )
    return [
        NoteRow(written_at=as_utc(row.written_at), author=row.author, text=row.text)
        for row in session.execute(query)
    ]


def list_history_for(session: Session, refs: Sequence[str]) -> list[ChangeRow]:
    """The history of the records ``refs``: every write recorded against each of
    them (their members, links, staffing, notes, acknowledgements and snoozes too),
    from each record's own creation on, oldest first, as written."""
    connection = session.connection()
    named = {
        found: ref
        for ref, found in (
            (ref, subject_of_ref(connection, ref)) for ref in dict.fromkeys(refs)
        )
        if found is not None
    }
    subjects = list(named)
    if not subjects:
        return []
    ch = table_of(models.Change)
    query = (
        select(ch)
        .where(subject_condition(connection, subjects))
        .order_by(ch.c.at, ch.c.id)
    )
    entries = list(session.execute(query))
    return [
        ChangeRow(
            at=as_utc(c.at),
            actor=c.actor,
            action=c.action,
            entity=c.entity,
            ref=c.ref,
            changes=c.changes,
            role=c.role,
            subject=named.get((c.subject_kind, c.subject_id)),
            version=version,
        )
        for c, version in zip(entries, versions_made(entries), strict=True)
    ]


@dataclass(frozen=True)
class RecordContext:
    """What computing a record's deadlines needs besides the session."""

    as_of: date
    settings: Settings
    fmt: Formatter


def found_kind(
    session: Session, ref: str, kinds: Collection[str], label: str
) -> tuple[str, int]:
    found = find_ref(session, ref)
    if found is None or found[0] not in kinds:
        raise NotFoundError(label, ref)
    return found
