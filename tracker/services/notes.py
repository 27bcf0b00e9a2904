"""Notes: dated text any named record carries, written, changed and removed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from tracker import models
from tracker.domain.text import check_text
from tracker.drafts import NoteDraft
from tracker.errors import N_, NotFoundError, ValidationError
from tracker.queries.refs import find_ref
from tracker.services.refs import record_id
from tracker.services.saving import checked
from tracker.services.versions import claim


@dataclass(frozen=True)
class NoteEntry:
    """A note with the id that edits and deletes it."""

    id: int
    subject: str
    written_at: datetime
    author: str
    text: str
    version: int = 1


def _note_text(text: str) -> str:
    if not text.strip():
        raise ValidationError("text", text, N_("a note must not be blank"))
    return check_text(text, field="text", block=True)


def _utc(moment: datetime, *, field: str) -> datetime:
    if moment.tzinfo is None:
        raise ValidationError(field, moment, N_("give the time zone, e.g. +01:00 or Z"))
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValidationError(field, moment, N_("out of range")) from None


def add_note(session: Session, draft: NoteDraft) -> models.Note:
    """Attach a dated note to any named record."""
    if find_ref(session, draft.subject) is None:
        raise ValidationError(
            "subject", draft.subject, N_("no record has this reference")
        )
    record = models.Note(
        subject_ref=draft.subject,
        written_at=_utc(draft.written_at, field="written_at"),
        author=draft.author,
        text=_note_text(draft.text),
    )
    session.add(record)
    session.flush()
    return record


def get_note(session: Session, note_id: int) -> models.Note:
    note = session.get(models.Note, note_id)
    if note is None:
        raise NotFoundError("note", str(note_id))
    return note


def change_note(
    session: Session, note_id: int, text: str, *, base_version: int | None = None
) -> models.Note:
    """Replace a note's text (from ``base_version`` when given); who wrote it and
    when stay (the history has the edit)."""
    note = claim(session, get_note(session, note_id), base_version)
    note.text = _note_text(text)
    session.add(note)
    session.flush()
    return note


def remove_note(
    session: Session, note_id: int, *, base_version: int | None = None
) -> None:
    session.delete(claim(session, get_note(session, note_id), base_version))
    session.flush()


def write_note(
    session: Session, subject: str, text: str, *, at: datetime, author: str
) -> int:
    """Attach a note to the record ``subject``; its id."""
    if not text.strip():
        raise ValidationError("text", text, N_("a note must not be blank"))
    # checked: a bad value is a ValidationError naming its field, not pydantic's
    draft = NoteDraft.model_construct(
        subject=subject, written_at=at, author=author, text=text
    )
    note = add_note(session, checked(draft))
    return record_id(note)


def notes_of(session: Session, subject: str) -> list[NoteEntry]:
    """The notes on a record, oldest first, with their ids."""
    if find_ref(session, subject) is None:
        raise NotFoundError("record", subject)
    query = (
        select(models.Note)
        .where(models.Note.subject_ref == subject)
        .order_by(col(models.Note.written_at), col(models.Note.id))
    )
    return [
        NoteEntry(
            id=record_id(n),
            subject=n.subject_ref,
            written_at=n.written_at.replace(tzinfo=UTC)
            if n.written_at.tzinfo is None
            else n.written_at.astimezone(UTC),
            author=n.author,
            text=n.text,
            version=n.version,
        )
        for n in session.exec(query)
    ]
