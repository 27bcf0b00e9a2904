"""Reading the change history by subject: a record's own entries and those of
the rows it owns, from the record's own creation on (see tracker.history), and what
changed after a version (for a refused save)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, literal, or_, select
from sqlmodel import Session

from tracker import models
from tracker.history import OWNED, RECORDS, Subject
from tracker.history_columns import draft_field


def _floors(connection: Connection, subjects: Sequence[Subject]) -> dict[Subject, int]:
    """Each subject's own latest ``create`` entry: where its history starts."""
    change = models.Change.__table__  # type: ignore[attr-defined]
    if not subjects:
        return {}
    query = (
        select(change.c.subject_kind, change.c.subject_id, func.max(change.c.id))
        .where(
            change.c.action == "create",
            change.c.entity == change.c.subject_kind,
            or_(
                *(
                    and_(change.c.subject_kind == kind, change.c.subject_id == id_)
                    for kind, id_ in subjects
                )
            ),
        )
        .group_by(change.c.subject_kind, change.c.subject_id)
    )
    return {(str(k), int(i)): int(m) for k, i, m in connection.execute(query)}


def subject_condition(connection: Connection, subjects: Sequence[Subject]) -> Any:
    """A condition on ``change`` selecting the history of ``subjects``, each from its
    own creation on."""
    change = models.Change.__table__  # type: ignore[attr-defined]
    floors = _floors(connection, subjects)
    if not subjects:
        return literal(False)
    return or_(
        *(
            and_(
                change.c.subject_kind == kind,
                change.c.subject_id == id_,
                change.c.id >= floors.get((kind, id_), 0),
            )
            for kind, id_ in subjects
        )
    )


@dataclass(frozen=True)
class ChangesSince:
    """What happened to a record after a version: who wrote last, when, and the
    fields of its draft that changed."""

    actor: str | None
    at: datetime | None
    fields: tuple[str, ...]


def changes_since(session: Session, subject: Subject, version: int) -> ChangesSince:
    """The writes to ``subject`` that made versions after ``version``."""
    change = models.Change.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    condition = subject_condition(connection, [subject])
    if subject[0] == "note":
        condition = and_(change.c.entity == "note", change.c.record_id == subject[1])
    rows = list(
        connection.execute(select(change).where(condition).order_by(change.c.id))
    )
    later = [
        r for r in rows if r.subject_version is not None and r.subject_version > version
    ]
    fields: list[str] = []
    for row in later if subject[0] != "note" else rows[-1:]:
        if row.entity == subject[0] or subject[0] == "note":
            names = json.loads(row.changes) if row.action == "update" else {}
            for column in names:
                name = draft_field(column)
                if name not in fields:
                    fields.append(name)
        else:
            name = OWNED.get(row.entity, row.entity)
            if name not in fields:
                fields.append(name)
    last = (later or rows)[-1] if rows else None
    at = None if last is None else last.at
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)  # SQLite keeps the UTC moment without its zone
    return ChangesSince(
        actor=None if last is None else str(last.actor),
        at=at,
        fields=tuple(fields),
    )


def versions_made(entries: Sequence[Any]) -> list[int | None]:
    """The version of its subject each history entry (in the order written) made
    or followed: its own ``subject_version``, else the last one before it of the
    same subject; a record's own creation is its version 1. None for a subject
    without versions (a service) and before any version is known."""
    current: dict[Subject, int] = {}
    made: list[int | None] = []
    for entry in entries:
        kind, id_ = entry.subject_kind, entry.subject_id
        model = None if kind is None else RECORDS.get(kind)
        if model is None or id_ is None or "version" not in model.model_fields:
            made.append(None)
            continue
        subject = (str(kind), int(id_))
        if entry.subject_version is not None:
            current[subject] = int(entry.subject_version)
        elif entry.action == "create" and entry.entity == kind:
            current[subject] = 1
        made.append(current.get(subject))
    return made
